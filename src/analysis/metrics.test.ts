import { describe, expect, it } from 'vitest';
import type { SessionEvent, SessionResult } from '../protocols/types.ts';
import { analyzeDomain } from './analyze.ts';
import { negotiationMetrics } from './metrics.ts';
import { londonToy, testScenario } from './test-helpers.ts';

function result(over: Partial<SessionResult>): SessionResult {
  return {
    scenarioId: 'test',
    seed: 1,
    negotiators: {},
    status: 'agreement',
    agreement: null,
    utilities: {},
    discountedUtilities: {},
    rounds: 3,
    steps: 6,
    t: 0.3,
    vetoes: 0,
    events: [],
    error: null,
    ...over,
  };
}

const offer = (step: number, party: number, outcome: number[]): SessionEvent => ({
  type: 'offer',
  step,
  round: Math.floor(step / 2),
  t: step / 20,
  party,
  outcome,
});

// Toy utilities by index (us, cn): 0 (0.6, 0.5), 1 (0.8, 0.375), 2 (1, 0), 3 (0, 1), 4 infeasible, 5 (0.4, 0.5).
describe('negotiationMetrics', () => {
  const s = londonToy();
  const a = analyzeDomain(s);

  it('a Pareto-optimal agreement: distance 0 to the frontier, exact distance to Nash', () => {
    const m = negotiationMetrics(s, a, result({ agreement: [0, 1] }));
    expect(m.agreement).toBe(true);
    expect(m.utilities).toEqual([0.8, 0.375]);
    expect(m.paretoOptimal).toBe(true);
    expect(m.distanceToFrontier).toBe(0);
    expect(m.distanceToNash).toBeCloseTo(Math.hypot(0.2, 0.125), 12);
    expect(m.rounds).toBe(3);
    expect(m.approximate).toBeUndefined();
  });

  it('a dominated agreement: not Pareto-optimal, distance to the nearest frontier point', () => {
    // (0.4, 0.5) is dominated by outcome 0 (0.6, 0.5), which is the nearest frontier point.
    const m = negotiationMetrics(s, a, result({ agreement: [1, 2] }));
    expect(m.paretoOptimal).toBe(false);
    expect(m.distanceToFrontier).toBeCloseTo(0.2, 12);
    expect(m.distanceToNash).toBeCloseTo(0.2, 12);
  });

  it('no agreement: the reservation values, judged like any other point', () => {
    const m = negotiationMetrics(s, a, result({ status: 'deadline', agreement: null }));
    expect(m.agreement).toBe(false);
    expect(m.utilities).toEqual([0.25, 0.25]);
    expect(m.paretoOptimal).toBe(false);
    expect(m.distanceToFrontier).toBeCloseTo(Math.hypot(0.35, 0.25), 12);
    // A vetoed deal is no agreement either, even when the result still carries the outcome.
    const vetoed = negotiationMetrics(s, a, result({ status: 'vetoed', agreement: [0, 0] }));
    expect(vetoed.agreement).toBe(false);
    expect(vetoed.utilities).toEqual([0.25, 0.25]);
  });

  it('an agreement crossing a red line gives that party 0', () => {
    const m = negotiationMetrics(s, a, result({ agreement: [1, 1] }));
    expect(m.utilities).toEqual([0, 0.875]);
    expect(m.paretoOptimal).toBe(false);
  });

  it('concession maps event parties through the turn order', () => {
    // China opens: turn order [cn, us], so event party 0 is cn.
    const events = [
      offer(0, 0, [1, 0]), // cn: 1
      offer(1, 1, [0, 2]), // us: 1
      offer(2, 0, [1, 2]), // cn: 0.5
      offer(3, 1, [0, 1]), // us: 0.8
      offer(4, 0, [0, 0]), // cn: 0.5 (agreed)
    ];
    const m = negotiationMetrics(s, a, result({ agreement: [0, 0], events }), ['cn', 'us']);
    expect(m.concession).toEqual([
      { first: 1, last: 0.8, drop: 1 - 0.8 },
      { first: 1, last: 0.5, drop: 0.5 },
    ]);
    // Read with the scenario's order instead, the same trace tells another story.
    const wrong = negotiationMetrics(s, a, result({ agreement: [0, 0], events }), ['us', 'cn']);
    expect(wrong.concession[0]?.first).toBe(0);
  });

  it('defaults the turn order to the scenario protocol order, and reports parties that never offered', () => {
    const base = londonToy();
    const swapped = testScenario(base.space.issues, [], ['cn', 'us']);
    const s2 = { ...base, protocol: { ...swapped.protocol } };
    const m = negotiationMetrics(s2, a, result({ events: [offer(0, 0, [1, 0])] }));
    expect(m.concession).toEqual([
      { first: null, last: null, drop: 0 },
      { first: 1, last: 1, drop: 0 },
    ]);
  });

  it('rejects an analysis of other parties, a bad order and an unknown event party', () => {
    const other = { ...a, partyIds: ['cn', 'us'] };
    expect(() => negotiationMetrics(s, other, result({}))).toThrow(RangeError);
    expect(() => negotiationMetrics(s, a, result({}), ['us', 'us'])).toThrow(RangeError);
    expect(() => negotiationMetrics(s, a, result({ events: [offer(0, 2, [0, 0])] }))).toThrow(RangeError);
  });

  it('flags metrics computed against a sampled analysis', () => {
    const sampled = analyzeDomain(s, { method: 'sample', maxOutcomes: 1, sampleSize: 3, seed: 1 });
    const m = negotiationMetrics(s, sampled, result({ agreement: [0, 1] }));
    expect(m.approximate).toBe(true);
  });
});
