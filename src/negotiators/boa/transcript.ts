/**
 * A negotiator's cached view of the transcript: its own offers and the other parties' offers, each
 * rated with its own utility. A `TranscriptFold` (../transcript-fold.ts), like the opponent models.
 */
import type { UtilityFunction } from '../../model/utility.ts';
import type { SessionEvent } from '../../protocols/types.ts';
import { TranscriptFold } from '../transcript-fold.ts';
import type { RatedOffer } from './types.ts';

/**
 * Own and opponent offers of the transcript, rated with this party's utility.
 *
 * @example
 * const view = new TranscriptView(setup.index, setup.party.utility);
 * view.update(ctx.history);
 * view.others.at(-1)?.utility; // my utility of the last opponent offer
 */
export class TranscriptView extends TranscriptFold {
  readonly own: RatedOffer[] = [];
  readonly others: RatedOffer[] = [];
  private readonly self: number;
  private readonly utility: UtilityFunction;

  constructor(self: number, utility: UtilityFunction) {
    super();
    this.self = self;
    this.utility = utility;
  }

  protected reset(): void {
    this.own.length = 0;
    this.others.length = 0;
  }

  protected fold(e: SessionEvent): void {
    if (e.type !== 'offer') return;
    const rated = { t: e.t, party: e.party, outcome: e.outcome, utility: this.utility.evaluate(e.outcome) };
    (e.party === this.self ? this.own : this.others).push(rated);
  }
}
