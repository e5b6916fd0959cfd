/**
 * Which assumptions a forecast hangs on. Two views, both on the probability of agreement and on
 * each issue's outcome (its value, with "no deal" as one more value):
 *
 * - **First-order (variance-based) index** of each factor, from the forecast's own Monte Carlo
 *   runs: S = Var(E[Y | X]) / Var(Y), the share of the output's variance that the factor explains
 *   alone. E[Y | X] is estimated by grouping the runs by the factor's value: one group per value of
 *   a factor with at most 20 (a `choice`, a short integer range, a strategy), else equal-probability
 *   bins of the factor's own distribution (bin b of B holds the runs whose parameter was drawn from
 *   the uniform u with ⌊u·B⌋ = b: the parameters are drawn by inverse CDF, so these are the bins
 *   between its quantiles). The runs are counted into the groups as they end (`FactorTally`), so
 *   the index needs no per-run columns and its memory does not grow with the runs. The between-group
 *   variance of pure noise is about (groups − 1)/N of the total, so that much is subtracted before
 *   dividing (then clipped at 0): an irrelevant factor reads ≈ 0, not 0.02. For an issue, whose
 *   outcome is a category, the index is the aggregated one of Gamboa, Janon, Klein & Lagnoux
 *   (2014): the variances of the value indicators summed before dividing.
 * - **One-at-a-time swings** (a tornado chart): the forecast with one parameter at its low end and
 *   at its high end, every other parameter at its point value; the strategy draws and session
 *   seeds are the same in both (common random numbers), so the difference is the parameter's.
 *   Issue swings are total-variation distances between the two outcome distributions.
 *
 * Pure; works on tallies (src/analysis/forecast.ts).
 */
import type { Issue } from '../model/issues.ts';
import type { ForecastTally } from './forecast.ts';

/** At most this many values make a factor discrete (one group per value). */
export const MAX_DISCRETE = 20;

/**
 * Bins of a continuous factor for a forecast of `runs` runs: ⌊√N / 2⌋ between 2 and 50, i.e.
 * about 2√N runs per bin.
 */
export function binsFor(runs: number): number {
  return Math.min(50, Math.max(2, Math.floor(Math.sqrt(runs) / 2)));
}

/**
 * The runs of a forecast split by one factor's group: runs, agreements and each issue's
 * categories per group. Plain data (typed arrays).
 */
export interface FactorTally {
  /** Runs per group. */
  readonly count: Float64Array;
  /** Agreements per group. */
  readonly agreed: Float64Array;
  /** Per issue: runs per (group, category), row-major by group. */
  readonly issues: Float64Array[];
}

/** An empty factor tally of `groups` groups over issues of `categories` categories each. */
export function newFactorTally(groups: number, categories: readonly number[]): FactorTally {
  return {
    count: new Float64Array(groups),
    agreed: new Float64Array(groups),
    issues: categories.map((m) => new Float64Array(groups * m)),
  };
}

/** Counts one run in group `g`, with its agreement and each issue's category. */
export function addToFactor(f: FactorTally, g: number, agreed: boolean, categories: readonly number[]): void {
  f.count[g] = (f.count[g] as number) + 1;
  if (agreed) f.agreed[g] = (f.agreed[g] as number) + 1;
  f.issues.forEach((t, i) => {
    const m = t.length / f.count.length;
    const c = categories[i] as number;
    if (c >= 0 && c < m) t[g * m + c] = (t[g * m + c] as number) + 1;
  });
}

function addInto(into: Float64Array, from: Float64Array): void {
  for (let k = 0; k < into.length; k++) into[k] = (into[k] as number) + (from[k] as number);
}

/** Adds `from`'s runs to `into` (same groups and issues). */
export function mergeFactor(into: FactorTally, from: FactorTally): void {
  addInto(into.count, from.count);
  addInto(into.agreed, from.agreed);
  into.issues.forEach((t, i) => {
    addInto(t, from.issues[i] as Float64Array);
  });
}

/**
 * The bias-corrected first-order index from grouped counts of `width` indicator outputs:
 * `cells[g·width + c]` runs of group g with output c set, `count[g]` runs in group g. Summing the
 * between-group and total variances over the columns gives the aggregated index (for one column
 * it is the plain one). 0 when the output does not vary.
 *
 * @example
 * // Agreement decided by the factor alone: group 0 always agrees, group 1 never.
 * firstOrderIndex(Float64Array.of(500, 500), Float64Array.of(500, 0), 1); // 1
 */
export function firstOrderIndex(count: Float64Array, cells: Float64Array, width: number): number {
  let n = 0;
  let groups = 0;
  for (const m of count) {
    n += m;
    if (m > 0) groups++;
  }
  if (n < 2) return 0;
  let between = 0;
  let total = 0;
  for (let c = 0; c < width; c++) {
    let ones = 0;
    for (let g = 0; g < count.length; g++) ones += cells[g * width + c] as number;
    const mean = ones / n;
    // An indicator's variance: the mean of (y − mean)² over the runs.
    total += mean * (1 - mean);
    for (let g = 0; g < count.length; g++) {
      const m = count[g] as number;
      if (m > 0) between += (m / n) * ((cells[g * width + c] as number) / m - mean) ** 2;
    }
  }
  if (!(total > 1e-15)) return 0;
  const raw = between / total;
  const noise = Math.min(0.999, (groups - 1) / n);
  return Math.max(0, Math.min(1, (raw - noise) / (1 - noise)));
}

/** A factor of the forecast: an uncertain parameter or a party's strategy choice. */
export interface Factor {
  /** Parameter path, or `strategy:<party>`. */
  readonly id: string;
  readonly label: string;
}

export interface FirstOrderRow {
  readonly factor: string;
  readonly label: string;
  /** Index on the probability of agreement. */
  readonly agreement: number;
  /** Aggregated index on each issue's outcome (issue id → index). */
  readonly issues: Readonly<Record<string, number>>;
  /** Groups used (distinct values or bins that held runs). */
  readonly groups: number;
}

/**
 * First-order indices of every factor of a tally (`factors[k]` names `tally.factors[k]`), sorted by
 * the index on agreement (largest first; ties by the largest issue index, then by factor id, so
 * the order is deterministic).
 */
export function firstOrderIndices(
  tally: ForecastTally,
  issues: readonly Issue[],
  factors: readonly Factor[],
): FirstOrderRow[] {
  const rows = factors.map((f, k) => {
    const t = tally.factors[k] as FactorTally;
    const perIssue: Record<string, number> = {};
    issues.forEach((issue, i) => {
      const cells = t.issues[i] as Float64Array;
      perIssue[issue.id] = firstOrderIndex(t.count, cells, cells.length / t.count.length);
    });
    return {
      factor: f.id,
      label: f.label,
      agreement: firstOrderIndex(t.count, t.agreed, 1),
      issues: perIssue,
      groups: t.count.filter((m) => m > 0).length,
    };
  });
  const maxIssue = (r: FirstOrderRow) => Math.max(0, ...Object.values(r.issues));
  return rows.sort(
    (a, b) => b.agreement - a.agreement || maxIssue(b) - maxIssue(a) || (a.factor < b.factor ? -1 : 1),
  );
}

/** Share of runs in each category of an issue (values, then no deal). */
function issueShares(t: ForecastTally, i: number): Float64Array {
  return (t.issues[i] as Float64Array).map((c) => (t.count > 0 ? c / t.count : 0));
}

/** Probability of agreement of a tally's runs. */
export function agreementShare(t: ForecastTally): number {
  return t.count > 0 ? (t.endings[0] as number) / t.count : 0;
}

/** Total-variation distance between two issue outcome distributions. */
function totalVariation(a: Float64Array, b: Float64Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d += Math.abs((a[i] as number) - (b[i] as number));
  return d / 2;
}

export interface SwingRow {
  readonly parameter: string;
  readonly label: string;
  readonly low: number;
  readonly high: number;
  /** Probability of agreement with the parameter at its low and at its high end. */
  readonly agreementAtLow: number;
  readonly agreementAtHigh: number;
  /** |high − low| of the probability of agreement. */
  readonly swing: number;
  /** Issue id → total-variation distance between its outcome at the low and the high end. */
  readonly issues: Readonly<Record<string, number>>;
}

/**
 * The tornado: one row per swung parameter, sorted by swing on agreement (then by the largest
 * issue swing, then by path).
 */
export function tornado(
  issues: readonly Issue[],
  swings: readonly {
    readonly parameter: string;
    readonly label: string;
    readonly low: number;
    readonly high: number;
    readonly atLow: ForecastTally;
    readonly atHigh: ForecastTally;
  }[],
): SwingRow[] {
  const rows = swings.map((s): SwingRow => {
    const lo = agreementShare(s.atLow);
    const hi = agreementShare(s.atHigh);
    const perIssue: Record<string, number> = {};
    issues.forEach((issue, i) => {
      perIssue[issue.id] = totalVariation(issueShares(s.atLow, i), issueShares(s.atHigh, i));
    });
    return {
      parameter: s.parameter,
      label: s.label,
      low: s.low,
      high: s.high,
      agreementAtLow: lo,
      agreementAtHigh: hi,
      swing: Math.abs(hi - lo),
      issues: perIssue,
    };
  });
  const maxIssue = (r: SwingRow) => Math.max(0, ...Object.values(r.issues));
  return rows.sort(
    (a, b) => b.swing - a.swing || maxIssue(b) - maxIssue(a) || (a.parameter < b.parameter ? -1 : 1),
  );
}
