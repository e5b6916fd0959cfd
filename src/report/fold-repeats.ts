/**
 * The transcript compacted as `lancaster simulate` prints it: an offer identical to the same
 * party's previous offer is a repeat, and a run of repeats (from any side, until anything else
 * happens) becomes one item that says how many there were, in which rounds and by whom. A
 * Boulware negotiator holding firm for thirty rounds then takes one line of the report, not
 * thirty. Pure; the report renders the items.
 */
import type { SessionEvent } from '../protocols/types.ts';

/** A run of repeated offers folded into one item. */
export interface FoldedRepeats {
  readonly kind: 'repeats';
  /** How many offers were folded. */
  readonly count: number;
  /** Rounds (from 0) of the first and the last of them. */
  readonly fromRound: number;
  readonly toRound: number;
  /** Steps (from 0) of the first and the last of them. */
  readonly fromStep: number;
  readonly toStep: number;
  /** Turn positions of the parties that repeated themselves, in order of first repeat. */
  readonly parties: readonly number[];
}

/** One item of the compact transcript: an event as it is, or a run of repeats. */
export type TranscriptItem = { readonly kind: 'event'; readonly event: SessionEvent } | FoldedRepeats;

/**
 * The events with every run of repeated offers folded (nothing folded when `full`).
 *
 * @example
 * foldRepeatedOffers(result.events); // [{ kind: 'event', … }, { kind: 'repeats', count: 28, … }, …]
 */
export function foldRepeatedOffers(events: readonly SessionEvent[], full = false): TranscriptItem[] {
  const items: TranscriptItem[] = [];
  const last = new Map<number, string>();
  let run: {
    count: number;
    fromRound: number;
    toRound: number;
    fromStep: number;
    toStep: number;
    parties: number[];
  } | null = null;
  const flush = (): void => {
    if (run) items.push({ kind: 'repeats', ...run });
    run = null;
  };
  for (const event of events) {
    if (event.type === 'offer') {
      const key = event.outcome.join(',');
      if (!full && last.get(event.party) === key) {
        run ??= {
          count: 0,
          fromRound: event.round,
          toRound: event.round,
          fromStep: event.step,
          toStep: event.step,
          parties: [],
        };
        run.count++;
        run.toRound = event.round;
        run.toStep = event.step;
        if (!run.parties.includes(event.party)) run.parties.push(event.party);
        continue;
      }
      last.set(event.party, key);
    }
    flush();
    items.push({ kind: 'event', event });
  }
  flush();
  return items;
}
