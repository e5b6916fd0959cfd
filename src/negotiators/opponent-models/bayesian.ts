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
import type { Outcome, OutcomeSpace } from '../../model/outcome-space.ts';
import type { BidSpace } from '../bid-space.ts';
import { AdditiveTable } from './additive-table.ts';
import { PerOpponentModel, type SingleOpponentModel, slotCounts, valueSlot } from './types.ts';

/** Options of the Bayesian model. */
export interface BayesianOptions {
  /** Share of its utility the opponent is assumed to concede by the deadline (0.2). */
  readonly concession?: number;
  /** Standard deviation of the offer likelihood (0.3). */
  readonly sigma?: number;
}

const FLOOR = 1e-9;

/** Floors every probability of `p[from, to)` at FLOOR and rescales them to sum to 1. */
function normalise(p: Float64Array, from: number, to: number): void {
  let s = 0;
  for (let k = from; k < to; k++) {
    p[k] = Math.max(FLOOR, p[k] as number);
    s += p[k] as number;
  }
  for (let k = from; k < to; k++) p[k] = (p[k] as number) / s;
}

/**
 * The triangular evaluation shapes of an issue with m slots: `table[k·m + v]` is the evaluation of
 * slot v under the hypothesis "peak at k". Depends only on m, so shared by every model.
 */
const shapeTables = new Map<number, Float64Array>();
function shapeTable(m: number): Float64Array {
  let table = shapeTables.get(m);
  if (!table) {
    table = new Float64Array(m * m);
    for (let k = 0; k < m; k++)
      for (let v = 0; v < m; v++)
        table[k * m + v] = m <= 1 ? 1 : 1 - Math.abs(v - k) / Math.max(k, m - 1 - k);
    shapeTables.set(m, table);
  }
  return table;
}

/**
 * One opponent's posterior, in flat typed arrays: issue i's rank beliefs are `ranks[i·n, (i+1)·n)`,
 * its shape beliefs and expected evaluations `shapes` / `evals` from `table.start[i]` (one entry per
 * slot, the table's layout). The expected estimate itself, `w_i · e_i(v)`, lives in the table.
 */
class BayesianOne implements SingleOpponentModel {
  private readonly n: number;
  private readonly slots: Int32Array;
  private readonly shapesOf: Float64Array[];
  private readonly rankWeight: Float64Array;
  private readonly concession: number;
  private readonly twoSigma2: number;
  private readonly space: OutcomeSpace;
  /** P(rank r) of issue i at `i·n + r`. */
  private readonly ranks: Float64Array;
  /** P(peak at k) of issue i at `start[i] + k`. */
  private readonly shapes: Float64Array;
  /** Expected evaluation of slot v of issue i at `start[i] + v`. */
  private readonly evals: Float64Array;
  /** Expected weight of each issue. */
  private readonly weights: Float64Array;
  /** Slots of the offer being observed (reused). */
  private readonly offered: Int32Array;
  private readonly table: AdditiveTable;

  constructor(space: OutcomeSpace, concession: number, sigma: number) {
    this.space = space;
    this.concession = concession;
    this.twoSigma2 = 2 * sigma * sigma;
    const n = space.issues.length;
    this.n = n;
    this.slots = Int32Array.from(slotCounts(space));
    this.shapesOf = Array.from(this.slots, (m) => shapeTable(m));
    this.rankWeight = Float64Array.from({ length: n }, (_, r) => (2 * (r + 1)) / (n * (n + 1)));
    this.table = new AdditiveTable(space);
    const cells = this.table.cells.length;
    this.ranks = new Float64Array(n * n).fill(1 / n);
    this.shapes = new Float64Array(cells);
    for (let i = 0; i < n; i++) {
      const m = this.slots[i] as number;
      this.shapes.fill(1 / m, this.table.start[i], (this.table.start[i] as number) + m);
    }
    this.evals = new Float64Array(cells);
    this.weights = new Float64Array(n);
    this.offered = new Int32Array(n);
    this.refresh();
  }

  /** Expected weights and evaluations from the beliefs, and the estimate table from those. */
  private refresh(): void {
    const { n, ranks, rankWeight, weights, shapes, evals, slots, table } = this;
    const start = table.start;
    let total = 0;
    for (let i = 0; i < n; i++) {
      let w = 0;
      for (let r = 0; r < n; r++) w += (ranks[i * n + r] as number) * (rankWeight[r] as number);
      weights[i] = w;
      total += w;
    }
    for (let i = 0; i < n; i++) weights[i] = (weights[i] as number) / total;
    for (let i = 0; i < n; i++) {
      const m = slots[i] as number;
      const at = start[i] as number;
      const shape = this.shapesOf[i] as Float64Array;
      const wi = weights[i] as number;
      for (let v = 0; v < m; v++) {
        let e = 0;
        for (let k = 0; k < m; k++) e += (shapes[at + k] as number) * (shape[k * m + v] as number);
        evals[at + v] = e;
        table.set(i, v, wi * e);
      }
    }
  }

  observe(outcome: Outcome, t: number): void {
    const { n, slots, ranks, shapes, evals, weights, rankWeight, offered, table } = this;
    const start = table.start;
    const issues = this.space.issues;
    for (let i = 0; i < n; i++)
      offered[i] = valueSlot(issues[i] as (typeof issues)[number], outcome[i] as number);
    const expected = 1 - this.concession * t;
    const twoSigma2 = this.twoSigma2;
    let base = 0;
    for (let i = 0; i < n; i++) base += table.get(i, offered[i] as number);
    for (let i = 0; i < n; i++) {
      const m = slots[i] as number;
      const at = start[i] as number;
      const s = offered[i] as number;
      const wi = weights[i] as number;
      const ei = evals[at + s] as number;
      const rest = base - wi * ei;
      const shape = this.shapesOf[i] as Float64Array;
      for (let k = 0; k < m; k++) {
        const u = rest + wi * (shape[k * m + s] as number);
        shapes[at + k] = (shapes[at + k] as number) * Math.exp(-((u - expected) ** 2) / twoSigma2);
      }
      normalise(shapes, at, at + m);
      for (let r = 0; r < n; r++) {
        const u = rest + (rankWeight[r] as number) * ei;
        ranks[i * n + r] = (ranks[i * n + r] as number) * Math.exp(-((u - expected) ** 2) / twoSigma2);
      }
      normalise(ranks, i * n, (i + 1) * n);
    }
    this.refresh();
  }

  utility(o: Outcome): number {
    return this.table.utility(o);
  }

  addUtilityOfBids(bids: BidSpace, from: number, to: number, out: Float64Array, scratch: number[]): void {
    this.table.addUtilityOfBids(bids, from, to, out, scratch);
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
