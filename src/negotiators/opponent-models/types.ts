/**
 * The opponent-model contract, the "O" of the BOA framework, and the machinery every model shares:
 * walking the public transcript. A model learns only from what the table shows (the other parties'
 * offers, with their times), never from their preferences. To keep `act` a pure function of setup
 * and context, a model is a cache of the transcript: `update(history)` folds in the events it has not
 * seen yet, in order, and starts again from scratch when the transcript is not the one it saw (shorter,
 * or a different event where its last one was). Folding events one at a time or all at once runs the
 * same arithmetic in the same order, so a negotiator rebuilt from a saved session estimates exactly
 * what the uninterrupted one did.
 */
import type { Issue } from '../../model/issues.ts';
import type { Outcome, OutcomeSpace } from '../../model/outcome-space.ts';
import type { SessionEvent } from '../../protocols/types.ts';
import type { BidSpace } from '../bid-space.ts';
import { TranscriptFold } from '../transcript-fold.ts';

/** What a tournament asks of a negotiator's opponent model: estimated utility per outcome. */
export interface OpponentEstimate {
  /** Estimated utility to the opponents (the mean over the opponents seen so far), in [0, 1]. */
  utility(o: Outcome): number;
}

/** An opponent model: learns from the transcript, estimates the opponents' utilities. */
export interface OpponentModel extends OpponentEstimate {
  /** The model's registry name, e.g. `frequency`. */
  readonly name: string;
  /** Brings the model up to date with the transcript (idempotent; cheap when only new events were added). */
  update(history: readonly SessionEvent[]): void;
  /** Estimated utility to one opponent (by party index); the neutral 0.5 before it has offered anything. */
  utilityOf(party: number, o: Outcome): number;
  /** Indices of the opponents that have made offers, ascending. */
  opponents(): number[];
  /**
   * Optional fast path: sets `out[k − from]` to exactly `utility(bids.outcome(k))` for every bid
   * position k in [from, to), without building outcomes (bidding strategies score thousands of bids
   * per turn). `scoreBids` uses it when present.
   */
  utilityOfBids?(bids: BidSpace, from: number, to: number, out: Float64Array): void;
}

/**
 * The model's estimates of the bids at positions [from, to) of `bids`, into `out[k − from]`:
 * `model.utilityOfBids` when the model has the fast path, else `model.utility(bids.outcome(k))` (the
 * same numbers either way).
 *
 * @example
 * const scores = new Float64Array(100);
 * scoreBids(turn.model, turn.bids, k, k + 100, scores);
 */
export function scoreBids(
  model: OpponentModel,
  bids: BidSpace,
  from: number,
  to: number,
  out: Float64Array,
): void {
  if (model.utilityOfBids) model.utilityOfBids(bids, from, to, out);
  else for (let k = from; k < to; k++) out[k - from] = model.utility(bids.outcome(k));
}

/** A model of one opponent, fed that opponent's offers in order. */
export interface SingleOpponentModel {
  observe(outcome: Outcome, t: number): void;
  utility(o: Outcome): number;
  /**
   * Optional: adds exactly `utility(bids.outcome(k))` to `out[k − from]` for k in [from, to);
   * `scratch` (length ≥ issues) may be used to decode outcomes.
   */
  addUtilityOfBids?(bids: BidSpace, from: number, to: number, out: Float64Array, scratch: number[]): void;
}

/**
 * An opponent model built from one `SingleOpponentModel` per opponent, which does the transcript
 * bookkeeping (incremental, resettable) so that each model only says how it learns from an offer.
 */
export class PerOpponentModel extends TranscriptFold implements OpponentModel {
  readonly name: string;
  private readonly self: number;
  private readonly make: () => SingleOpponentModel;
  private models = new Map<number, SingleOpponentModel>();
  /** The same models in the Map's (insertion) order, for loops that must not allocate an iterator. */
  private list: SingleOpponentModel[] = [];
  private scratch: number[] = [];

  /**
   * @param self this negotiator's party index (its own offers are not evidence about opponents)
   * @param make a fresh model for one opponent
   */
  constructor(name: string, self: number, make: () => SingleOpponentModel) {
    super();
    this.name = name;
    this.self = self;
    this.make = make;
  }

  protected reset(): void {
    // Not the transcript this cache was built from: start again (same result, only slower).
    this.models = new Map();
    this.list = [];
  }

  protected fold(e: SessionEvent): void {
    if (e.type !== 'offer' || e.party === this.self) return;
    let m = this.models.get(e.party);
    if (!m) {
      m = this.make();
      this.models.set(e.party, m);
      this.list.push(m);
    }
    m.observe(e.outcome, e.t);
  }

  utilityOf(party: number, o: Outcome): number {
    const m = this.models.get(party);
    return m ? m.utility(o) : 0.5;
  }

  opponents(): number[] {
    return [...this.models.keys()].sort((a, b) => a - b);
  }

  utility(o: Outcome): number {
    if (this.models.size === 0) return 0.5;
    let sum = 0;
    for (const m of this.models.values()) sum += m.utility(o);
    return sum / this.models.size;
  }

  /** For each bid, the same sum in the same order as `utility(bids.outcome(k))`. */
  utilityOfBids(bids: BidSpace, from: number, to: number, out: Float64Array): void {
    const list = this.list;
    const count = to - from;
    if (list.length === 0) {
      out.fill(0.5, 0, count);
      return;
    }
    if (this.scratch.length < bids.issues) this.scratch = new Array<number>(bids.issues).fill(0);
    const scratch = this.scratch;
    out.fill(0, 0, count);
    for (const m of list) {
      if (m.addUtilityOfBids) m.addUtilityOfBids(bids, from, to, out, scratch);
      else
        for (let k = from; k < to; k++)
          out[k - from] = (out[k - from] as number) + m.utility(bids.readOutcome(k, scratch));
    }
    // x / 1 is x: one opponent needs no pass.
    if (list.length > 1) for (let j = 0; j < count; j++) out[j] = (out[j] as number) / list.length;
  }
}

/** Bins used for the values of a real issue, or of an integer issue with more values than this. */
export const VALUE_BINS = 20;

/** Number of value slots a model keeps for an issue. */
export function valueSlots(issue: Issue): number {
  if (issue.kind === 'discrete') return issue.values.length;
  if (issue.kind === 'integer' && issue.max - issue.min + 1 <= VALUE_BINS) return issue.max - issue.min + 1;
  return VALUE_BINS;
}

/** The slot of value `v` of an issue (its index, or its bin for large ranges). */
export function valueSlot(issue: Issue, v: number): number {
  if (issue.kind === 'discrete') return v;
  const n = valueSlots(issue);
  if (issue.kind === 'integer' && issue.max - issue.min + 1 <= VALUE_BINS) return v - issue.min;
  const span = issue.max - issue.min;
  if (!(span > 0)) return 0;
  return Math.min(n - 1, Math.max(0, Math.floor(((v - issue.min) / span) * n)));
}

/** Slots of every issue of a space. */
export function slotCounts(space: OutcomeSpace): number[] {
  return space.issues.map(valueSlots);
}
