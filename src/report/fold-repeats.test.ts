/**
 * Tests of folding repeated offers: which offers are repeats (the same party's previous offer,
 * whatever the others did between), where a run of them ends, and that nothing else is touched.
 */
import { describe, expect, it } from 'vitest';
import type { SessionEvent } from '../protocols/types.ts';
import { foldRepeatedOffers } from './fold-repeats.ts';

/** Alternating offers of two parties, `outcomes[k]` at step k (party k % 2), two steps a round. */
function offers(outcomes: readonly number[][]): SessionEvent[] {
  return outcomes.map((outcome, step) => ({
    type: 'offer',
    step,
    round: Math.floor(step / 2),
    t: step / 20,
    party: step % 2,
    outcome,
  }));
}

describe('foldRepeatedOffers', () => {
  it('folds a run of repeats from both sides into one item, with its rounds, moves and parties', () => {
    const events = offers([
      [0, 0],
      [1, 1],
      [0, 0],
      [1, 1],
      [0, 0],
      [1, 1],
      [0, 1],
      [1, 1],
    ]);
    const items = foldRepeatedOffers(events);
    expect(items.map((i) => (i.kind === 'event' ? i.event.step : `×${i.count}`))).toEqual([
      0,
      1,
      '×4',
      6,
      '×1',
    ]);
    expect(items[2]).toEqual({
      kind: 'repeats',
      count: 4,
      fromRound: 1,
      toRound: 2,
      fromStep: 2,
      toStep: 5,
      parties: [0, 1],
    });
    expect(items[4]).toMatchObject({ kind: 'repeats', count: 1, fromStep: 7, toStep: 7, parties: [1] });
  });

  it('compares an offer with the same party’s previous offer, not with the last offer made', () => {
    // Party 1 offers what party 0 offered: not a repeat. Party 0 returning to an older offer is not one either.
    const events = offers([
      [0, 0],
      [0, 0],
      [1, 0],
      [0, 0],
      [0, 0],
    ]);
    const items = foldRepeatedOffers(events);
    expect(items.map((i) => i.kind)).toEqual(['event', 'event', 'event', 'repeats', 'event']);
  });

  it('keeps every other event, in order, and ends a run at it', () => {
    const events: SessionEvent[] = [
      ...offers([[0], [1], [0]]),
      { type: 'break', step: 3, round: 1, t: 0.15, after: 'Day 1', next: 'Day 2' },
      { type: 'offer', step: 3, round: 1, t: 0.15, party: 1, outcome: [1] },
      { type: 'accept', step: 4, round: 2, t: 0.2, party: 0, outcome: [1] },
    ];
    const items = foldRepeatedOffers(events);
    expect(items.map((i) => (i.kind === 'event' ? i.event.type : 'repeats'))).toEqual([
      'offer',
      'offer',
      'repeats',
      'break',
      'repeats',
      'accept',
    ]);
  });

  it('folds nothing when asked for the full transcript', () => {
    const events = offers([[0], [1], [0], [1]]);
    expect(foldRepeatedOffers(events, true).map((i) => i.kind)).toEqual(['event', 'event', 'event', 'event']);
  });
});
