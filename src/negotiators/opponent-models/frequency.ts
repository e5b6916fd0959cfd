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
import { PerOpponentModel, type SingleOpponentModel, slotCounts, valueSlot } from './types.ts';

/** Options of the frequency model. */
export interface FrequencyOptions {
  /** Total weight added per unchanged issue, divided by the number of issues (HardHeaded: 0.2). */
  readonly learn?: number;
}

class FrequencyOne implements SingleOpponentModel {
  readonly weights: number[];
  readonly counts: number[][];
  /** Highest count per issue, kept with the counts (utility() is called far more than observe()). */
  private readonly top: number[];
  private previous: Outcome | null = null;
  private readonly space: OutcomeSpace;
  private readonly step: number;

  constructor(space: OutcomeSpace, learn: number) {
    this.space = space;
    const n = space.issues.length;
    this.step = learn / n;
    this.weights = new Array<number>(n).fill(1 / n);
    this.counts = slotCounts(space).map((m) => new Array<number>(m).fill(1));
    this.top = new Array<number>(n).fill(1);
  }

  observe(outcome: Outcome, _t: number): void {
    const issues = this.space.issues;
    if (this.previous) {
      let total = 0;
      for (let i = 0; i < issues.length; i++) {
        const issue = issues[i] as Issue;
        if (valueSlot(issue, this.previous[i] as number) === valueSlot(issue, outcome[i] as number)) {
          this.weights[i] = (this.weights[i] as number) + this.step;
        }
        total += this.weights[i] as number;
      }
      for (let i = 0; i < issues.length; i++) this.weights[i] = (this.weights[i] as number) / total;
    }
    for (let i = 0; i < issues.length; i++) {
      const c = this.counts[i] as number[];
      const s = valueSlot(issues[i] as Issue, outcome[i] as number);
      c[s] = (c[s] as number) + 1;
      if ((c[s] as number) > (this.top[i] as number)) this.top[i] = c[s] as number;
    }
    this.previous = [...outcome];
  }

  utility(o: Outcome): number {
    const issues = this.space.issues;
    let u = 0;
    for (let i = 0; i < issues.length; i++) {
      const c = this.counts[i] as number[];
      const s = valueSlot(issues[i] as Issue, o[i] as number);
      u += ((this.weights[i] as number) * (c[s] as number)) / (this.top[i] as number);
    }
    return u;
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
