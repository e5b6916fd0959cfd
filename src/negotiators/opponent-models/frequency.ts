/**
 * The frequency opponent model, as HardHeaded (van Krimpen, Looije & Hajizadeh, ANAC 2011) learns
 * its opponent: issue weights start equal and an issue's weight is raised by `learn / n` each time
 * the opponent keeps its value unchanged between two consecutive offers (an opponent holds on to
 * what matters to it), after which the weights are normalised; a value's score is its count among
 * the opponent's offers (plus one, so unseen values are not zero) divided by the issue's highest
 * count. Estimated utility = Σ w_i · score_i(value). Real issues and wide integer ranges are counted
 * in 20 bins. Departure from HardHeaded: it adds a fixed `learnValueAddition` per value and only
 * learns weights early in the session; here the counts are plain frequencies and weights learn
 * throughout (both documented choices of this library, not of the paper).
 */
import type { Issue } from '../../model/issues.ts';
import type { Outcome, OutcomeSpace } from '../../model/outcome-space.ts';
import type { BidSpace } from '../bid-space.ts';
import { AdditiveTable } from './additive-table.ts';
import { PerOpponentModel, type SingleOpponentModel, valueSlot } from './types.ts';

/** Options of the frequency model. */
export interface FrequencyOptions {
  /** Total weight added per unchanged issue, divided by the number of issues (HardHeaded: 0.2). */
  readonly learn?: number;
}

/**
 * One opponent's counts in flat typed arrays (value counts laid out as the table's cells); the
 * estimate `w_i · count / top_i` of every slot is written to the table after each offer, since
 * estimates are read far more often than offers arrive.
 */
export class FrequencyOne implements SingleOpponentModel {
  private readonly weights: Float64Array;
  private readonly counts: Float64Array;
  /** Highest count per issue. */
  private readonly top: Float64Array;
  /** Slots of the previous offer (when `hasPrevious`) and of the current one. */
  private previous: Int32Array;
  private current: Int32Array;
  private hasPrevious = false;
  private readonly issues: readonly Issue[];
  private readonly step: number;
  private readonly table: AdditiveTable;

  constructor(space: OutcomeSpace, learn: number) {
    this.issues = space.issues;
    const n = space.issues.length;
    this.step = learn / n;
    this.table = new AdditiveTable(space);
    this.weights = new Float64Array(n).fill(1 / n);
    this.counts = new Float64Array(this.table.cells.length).fill(1);
    this.top = new Float64Array(n).fill(1);
    this.previous = new Int32Array(n);
    this.current = new Int32Array(n);
    this.refresh();
  }

  private refresh(): void {
    const { weights, counts, top, table } = this;
    const start = table.start;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i] as number;
      const t = top[i] as number;
      for (let c = start[i] as number; c < (start[i + 1] as number); c++)
        table.set(i, c - (start[i] as number), (w * (counts[c] as number)) / t);
    }
  }

  observe(outcome: Outcome, _t: number): void {
    const { issues, weights, counts, top, current } = this;
    const n = issues.length;
    for (let i = 0; i < n; i++) current[i] = valueSlot(issues[i] as Issue, outcome[i] as number);
    if (this.hasPrevious) {
      let total = 0;
      for (let i = 0; i < n; i++) {
        if (this.previous[i] === current[i]) weights[i] = (weights[i] as number) + this.step;
        total += weights[i] as number;
      }
      for (let i = 0; i < n; i++) weights[i] = (weights[i] as number) / total;
    }
    const start = this.table.start;
    for (let i = 0; i < n; i++) {
      const c = (start[i] as number) + (current[i] as number);
      counts[c] = (counts[c] as number) + 1;
      if ((counts[c] as number) > (top[i] as number)) top[i] = counts[c] as number;
    }
    // The current offer becomes the previous one.
    this.current = this.previous;
    this.previous = current;
    this.hasPrevious = true;
    this.refresh();
  }

  utility(o: Outcome): number {
    return this.table.utility(o);
  }

  /** The estimated issue weights (summing to 1), in issue order. */
  estimatedWeights(): number[] {
    return Array.from(this.weights);
  }

  addUtilityOfBids(bids: BidSpace, from: number, to: number, out: Float64Array, scratch: number[]): void {
    this.table.addUtilityOfBids(bids, from, to, out, scratch);
  }
}

/**
 * A frequency (HardHeaded-style) model of every opponent of party `self`.
 *
 * @example
 * const model = frequencyModel(space, 0);
 * model.update(ctx.history);
 * model.utility([1, 2]); // estimated utility of [1, 2] to the opponent
 */
export function frequencyModel(
  space: OutcomeSpace,
  self: number,
  options: FrequencyOptions = {},
): PerOpponentModel {
  const learn = options.learn ?? 0.2;
  return new PerOpponentModel('frequency', self, () => new FrequencyOne(space, learn));
}
