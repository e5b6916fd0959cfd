/**
 * A Bayesian opponent model after Hindriks & Tykhonov (2008), "Opponent modelling in automated
 * multi-issue negotiation using Bayesian learning". The opponent's utility is assumed linear
 * additive. Hypotheses: for each issue, the rank of its weight (rank r of n gets weight
 * 2r / (n(n+1)), as in the paper) and the shape of its evaluation function over the issue's values in
 * their index order: triangular with its peak at value k (k = 0 is "downhill", k = m−1 "uphill"),
 * `e_k(v) = 1 − |v − k| / max(k, m−1−k)`. The likelihood of an offer assumes the opponent concedes:
 * at time t its offer should be worth about `1 − concession · t` to it, with Gaussian noise σ.
 *
 * Tractable approximation (the paper's own "scalable" variant makes the same move): hypotheses are
 * kept per issue and independent, instead of over whole weight rankings × shape combinations (n! ·
 * Π m_i of them). The utility a hypothesis of issue i predicts for an offer is computed mean-field:
 * issue i takes the hypothesis, every other issue its current expected weight and evaluation. All
 * issues are updated from the same (pre-update) expectations, then expected weights are
 * renormalised to sum to 1. Posteriors are floored at 1e-9 so that no hypothesis dies for good on
 * one surprising offer. Real issues and wide integer ranges use 20 bins.
 */
import type { Issue } from '../../model/issues.ts';
import type { Outcome, OutcomeSpace } from '../../model/outcome-space.ts';
import { PerOpponentModel, type SingleOpponentModel, slotCounts, valueSlot } from './types.ts';

/** Options of the Bayesian model. */
export interface BayesianOptions {
  /** Share of its utility the opponent is assumed to concede by the deadline (0.2). */
  readonly concession?: number;
  /** Standard deviation of the offer likelihood (0.3). */
  readonly sigma?: number;
}

const FLOOR = 1e-9;

function normalise(p: number[]): void {
  let s = 0;
  for (let k = 0; k < p.length; k++) {
    p[k] = Math.max(FLOOR, p[k] as number);
    s += p[k] as number;
  }
  for (let k = 0; k < p.length; k++) p[k] = (p[k] as number) / s;
}

class BayesianOne implements SingleOpponentModel {
  /** P(rank r) per issue. */
  readonly rankBelief: number[][];
  /** P(peak at k) per issue. */
  readonly shapeBelief: number[][];
  private readonly space: OutcomeSpace;
  private readonly slots: number[];
  private readonly rankWeight: number[];
  private readonly concession: number;
  private readonly twoSigma2: number;
  /** Cached expectations (recomputed after each update). */
  private weights: number[] = [];
  private evals: number[][] = [];

  constructor(space: OutcomeSpace, concession: number, sigma: number) {
    this.space = space;
    this.concession = concession;
    this.twoSigma2 = 2 * sigma * sigma;
    const n = space.issues.length;
    this.slots = slotCounts(space);
    this.rankWeight = Array.from({ length: n }, (_, r) => (2 * (r + 1)) / (n * (n + 1)));
    this.rankBelief = Array.from({ length: n }, () => new Array<number>(n).fill(1 / n));
    this.shapeBelief = this.slots.map((m) => new Array<number>(m).fill(1 / m));
    this.refresh();
  }

  private shape(m: number, k: number, v: number): number {
    if (m <= 1) return 1;
    return 1 - Math.abs(v - k) / Math.max(k, m - 1 - k);
  }

  private refresh(): void {
    const n = this.slots.length;
    const w = this.rankBelief.map((p) => p.reduce((s, pr, r) => s + pr * (this.rankWeight[r] as number), 0));
    const total = w.reduce((a, b) => a + b, 0);
    this.weights = w.map((x) => x / total);
    this.evals = [];
    for (let i = 0; i < n; i++) {
      const m = this.slots[i] as number;
      const p = this.shapeBelief[i] as number[];
      const e = new Array<number>(m).fill(0);
      for (let v = 0; v < m; v++) {
        let s = 0;
        for (let k = 0; k < m; k++) s += (p[k] as number) * this.shape(m, k, v);
        e[v] = s;
      }
      this.evals.push(e);
    }
  }

  private slotsOf(o: Outcome): number[] {
    return this.space.issues.map((issue, i) => valueSlot(issue, o[i] as number));
  }

  observe(outcome: Outcome, t: number): void {
    const n = this.slots.length;
    const s = this.slotsOf(outcome);
    const expected = 1 - this.concession * t;
    const like = (u: number) => Math.exp(-((u - expected) ** 2) / this.twoSigma2);
    let base = 0;
    for (let i = 0; i < n; i++)
      base += (this.weights[i] as number) * ((this.evals[i] as number[])[s[i] as number] as number);
    for (let i = 0; i < n; i++) {
      const m = this.slots[i] as number;
      const wi = this.weights[i] as number;
      const ei = (this.evals[i] as number[])[s[i] as number] as number;
      const rest = base - wi * ei;
      const shapes = this.shapeBelief[i] as number[];
      for (let k = 0; k < m; k++)
        shapes[k] = (shapes[k] as number) * like(rest + wi * this.shape(m, k, s[i] as number));
      normalise(shapes);
      const ranks = this.rankBelief[i] as number[];
      for (let r = 0; r < n; r++)
        ranks[r] = (ranks[r] as number) * like(rest + (this.rankWeight[r] as number) * ei);
      normalise(ranks);
    }
    this.refresh();
  }

  utility(o: Outcome): number {
    let u = 0;
    for (let i = 0; i < this.slots.length; i++) {
      u +=
        (this.weights[i] as number) *
        ((this.evals[i] as number[])[valueSlot(this.space.issues[i] as Issue, o[i] as number)] as number);
    }
    return u;
  }
}

/**
 * A Bayesian (Hindriks & Tykhonov) model of every opponent of party `self`.
 *
 * @example
 * const model = bayesianModel(space, 1, { concession: 0.2, sigma: 0.3 });
 * model.update(ctx.history);
 */
export function bayesianModel(
  space: OutcomeSpace,
  self: number,
  options: BayesianOptions = {},
): PerOpponentModel {
  const concession = options.concession ?? 0.2;
  const sigma = options.sigma ?? 0.3;
  return new PerOpponentModel('bayesian', self, () => new BayesianOne(space, concession, sigma));
}
