/**
 * A negotiator's cached view of the transcript: its own offers and the other parties' offers, each
 * rated with its own utility. Like the opponent models it is a cache keyed by the transcript: it
 * folds in new events and starts again when the transcript is not the one it saw, so it never holds
 * state that the transcript does not determine.
 */
import type { UtilityFunction } from '../../model/utility.ts';
import type { SessionEvent } from '../../protocols/types.ts';
import type { RatedOffer } from './types.ts';

/**
 * Own and opponent offers of the transcript, rated with this party's utility.
 *
 * @example
 * const view = new TranscriptView(setup.index, setup.party.utility);
 * view.update(ctx.history);
 * view.others.at(-1)?.utility; // my utility of the last opponent offer
 */
export class TranscriptView {
  readonly own: RatedOffer[] = [];
  readonly others: RatedOffer[] = [];
  private seen = 0;
  private last: SessionEvent | undefined;
  private readonly self: number;
  private readonly utility: UtilityFunction;

  constructor(self: number, utility: UtilityFunction) {
    this.self = self;
    this.utility = utility;
  }

  update(history: readonly SessionEvent[]): void {
    const prev = this.seen > 0 ? history[this.seen - 1] : undefined;
    const stale =
      history.length < this.seen ||
      (this.seen > 0 && prev !== this.last && JSON.stringify(prev) !== JSON.stringify(this.last));
    if (stale) {
      this.own.length = 0;
      this.others.length = 0;
      this.seen = 0;
    }
    for (; this.seen < history.length; this.seen++) {
      const e = history[this.seen] as SessionEvent;
      this.last = e;
      if (e.type !== 'offer') continue;
      const rated = { t: e.t, party: e.party, outcome: e.outcome, utility: this.utility.evaluate(e.outcome) };
      (e.party === this.self ? this.own : this.others).push(rated);
    }
  }
}
