/**
 * Which assumptions a forecast hangs on. Two views, both on the probability of agreement and on
 * each issue's outcome (its value, with "no deal" as one more value):
 *
 * - **First-order (variance-based) index** of each factor, from the forecast's own Monte Carlo
 *   runs: S = Var(E[Y | X]) / Var(Y), the share of the output's variance that the factor explains
 *   alone. E[Y | X] is estimated by grouping the runs by the factor's value (equal-count bins of a
 *   continuous parameter, one group per value of a discrete one or of a strategy choice). The
 *   between-group variance of pure noise is about (groups − 1)/N of the total, so that much is
 *   subtracted before dividing (then clipped at 0): an irrelevant factor reads ≈ 0, not 0.02. For
 *   an issue, whose outcome is a category, the index is the aggregated one of Gamboa, Janon, Klein
 *   & Lagnoux (2014): the variances of the value indicators summed before dividing.
 * - **One-at-a-time swings** (a tornado chart): the forecast with one parameter at its low end and
 *   at its high end, every other parameter at its point value; the strategy draws and session
 *   seeds are the same in both (common random numbers), so the difference is the parameter's.
 *   Issue swings are total-variation distances between the two outcome distributions.
 *
 * Pure; works on the columns of `ForecastRuns`.
 */
import type { Issue } from '../model/issues.ts';
import { type ForecastRuns, issueCategories } from './forecast.ts';

/** Groups of a factor's values: group index per run and the number of groups. */
export interface Grouping {
  readonly groups: Int32Array;
  readonly size: number;
}

/** At most this many distinct values make a factor discrete (one group per value). */
const MAX_DISCRETE = 20;

/**
 * Groups runs by `x`: one group per distinct value when there are at most 20 of them, else
 * `bins` equal-count bins of the sorted values (ties broken by run order, so the grouping is
 * deterministic). Default bins: ⌊√N / 2⌋ between 2 and 50, i.e. about 2√N runs per bin.
 */
export function groupBy(x: ArrayLike<number>, bins?: number): Grouping {
  const n = x.length;
  const distinct = new Map<number, number>();
  for (let r = 0; r < n && distinct.size <= MAX_DISCRETE; r++) {
    const v = x[r] as number;
    if (!distinct.has(v)) distinct.set(v, distinct.size);
  }
  const groups = new Int32Array(n);
  if (distinct.size <= MAX_DISCRETE) {
    // Groups numbered by ascending value, so the output does not depend on which value came first.
    const order = [...distinct.keys()].sort((a, b) => a - b);
    const slot = new Map(order.map((v, i) => [v, i]));
    for (let r = 0; r < n; r++) groups[r] = slot.get(x[r] as number) as number;
    return { groups, size: order.length };
  }
  const b = bins ?? Math.min(50, Math.max(2, Math.floor(Math.sqrt(n) / 2)));
  const idx = Array.from({ length: n }, (_, r) => r).sort(
    (p, q) => (x[p] as number) - (x[q] as number) || p - q,
  );
  for (let rank = 0; rank < n; rank++) groups[idx[rank] as number] = Math.floor((rank * b) / n);
  return { groups, size: b };
}

/**
 * Between-group and total variance of each output column. `ys` holds `width` indicator or value
 * columns per run (row-major). Returns sums over the columns, which is what the aggregated index
 * needs (for one column it is the plain index).
 */
function varianceSplit(g: Grouping, ys: Float64Array, width: number): { between: number; total: number } {
  const n = g.groups.length;
  const counts = new Float64Array(g.size);
  for (let r = 0; r < n; r++) counts[g.groups[r] as number] = (counts[g.groups[r] as number] as number) + 1;
  let between = 0;
  let total = 0;
  for (let c = 0; c < width; c++) {
    let sum = 0;
    const sums = new Float64Array(g.size);
    for (let r = 0; r < n; r++) {
      const y = ys[r * width + c] as number;
      sum += y;
      const gi = g.groups[r] as number;
      sums[gi] = (sums[gi] as number) + y;
    }
    const mean = sum / n;
    for (let r = 0; r < n; r++) total += ((ys[r * width + c] as number) - mean) ** 2 / n;
    for (let gi = 0; gi < g.size; gi++) {
      const m = counts[gi] as number;
      if (m > 0) between += (m / n) * ((sums[gi] as number) / m - mean) ** 2;
    }
  }
  return { between, total };
}

/**
 * The bias-corrected first-order index of a grouping on output columns `ys` (`width` per run).
 * 0 when the output does not vary.
 */
export function firstOrderIndex(g: Grouping, ys: Float64Array, width = 1): number {
  const n = g.groups.length;
  const { between, total } = varianceSplit(g, ys, width);
  if (!(total > 1e-15) || n < 2) return 0;
  const raw = between / total;
  const noise = Math.min(0.999, (g.size - 1) / n);
  return Math.max(0, Math.min(1, (raw - noise) / (1 - noise)));
}

/** Agreement indicator per run. */
function agreementColumn(runs: ForecastRuns): Float64Array {
  const y = new Float64Array(runs.count);
  for (let r = 0; r < runs.count; r++) y[r] = runs.status[r] === 0 ? 1 : 0;
  return y;
}

/** One-hot columns of an issue's outcome (values, then "no deal"). */
function issueColumns(
  runs: ForecastRuns,
  issues: readonly Issue[],
  i: number,
): { ys: Float64Array; width: number } {
  const { cats, size } = issueCategories(runs, issues, i);
  const ys = new Float64Array(runs.count * size);
  for (let r = 0; r < runs.count; r++) ys[r * size + (cats[r] as number)] = 1;
  return { ys, width: size };
}

/** A factor of the forecast: an uncertain parameter or a party's strategy choice. */
export interface Factor {
  /** Parameter path, or `strategy:<party>`. */
  readonly id: string;
  readonly label: string;
  /** The factor's value in each run. */
  readonly values: ArrayLike<number>;
}

export interface FirstOrderRow {
  readonly factor: string;
  readonly label: string;
  /** Index on the probability of agreement. */
  readonly agreement: number;
  /** Aggregated index on each issue's outcome (issue id → index). */
  readonly issues: Readonly<Record<string, number>>;
  /** Groups used (distinct values or bins). */
  readonly groups: number;
}

/**
 * First-order indices of every factor, sorted by the index on agreement (largest first; ties by
 * the largest issue index, then by factor id, so the order is deterministic).
 */
export function firstOrderIndices(
  runs: ForecastRuns,
  issues: readonly Issue[],
  factors: readonly Factor[],
): FirstOrderRow[] {
  const agreement = agreementColumn(runs);
  const issueCols = issues.map((_, i) => issueColumns(runs, issues, i));
  const rows = factors.map((f) => {
    const g = groupBy(f.values);
    const perIssue: Record<string, number> = {};
    issues.forEach((issue, i) => {
      const c = issueCols[i] as { ys: Float64Array; width: number };
      perIssue[issue.id] = firstOrderIndex(g, c.ys, c.width);
    });
    return {
      factor: f.id,
      label: f.label,
      agreement: firstOrderIndex(g, agreement),
      issues: perIssue,
      groups: g.size,
    };
  });
  const maxIssue = (r: FirstOrderRow) => Math.max(0, ...Object.values(r.issues));
  return rows.sort(
    (a, b) => b.agreement - a.agreement || maxIssue(b) - maxIssue(a) || (a.factor < b.factor ? -1 : 1),
  );
}

/** Share of runs in each category of an issue (values, then no deal). */
function issueShares(runs: ForecastRuns, issues: readonly Issue[], i: number): Float64Array {
  const { cats, size } = issueCategories(runs, issues, i);
  const shares = new Float64Array(size);
  for (let r = 0; r < runs.count; r++)
    shares[cats[r] as number] = (shares[cats[r] as number] as number) + 1 / runs.count;
  return shares;
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

/** Probability of agreement of a set of runs. */
export function agreementShare(runs: ForecastRuns): number {
  let a = 0;
  for (let r = 0; r < runs.count; r++) if (runs.status[r] === 0) a++;
  return runs.count > 0 ? a / runs.count : 0;
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
    readonly atLow: ForecastRuns;
    readonly atHigh: ForecastRuns;
  }[],
): SwingRow[] {
  const rows = swings.map((s): SwingRow => {
    const lo = agreementShare(s.atLow);
    const hi = agreementShare(s.atHigh);
    const perIssue: Record<string, number> = {};
    issues.forEach((issue, i) => {
      perIssue[issue.id] = totalVariation(issueShares(s.atLow, issues, i), issueShares(s.atHigh, issues, i));
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
