/**
 * The statistics of a tournament, pure: means with 95% confidence intervals from Student's t
 * distribution (the quantile computed from the regularized incomplete beta function, not looked
 * up in a table, so any number of sessions gets its exact interval), the ranking of negotiators
 * and the pairwise table (row negotiator against column negotiator: the row's mean utility).
 */
import type { MatchResult } from './match.ts';

/** Natural log of the gamma function (Lanczos, g = 7, 9 terms; ~15 digits for x > 0). */
function lnGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
  const z = x - 1;
  let a = c[0] as number;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += (c[i] as number) / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}

/** The regularized incomplete beta function I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  // The fraction converges fast on one side of the mean; use the symmetry on the other.
  return x < (a + 1) / (a + b + 2)
    ? (front * betaFraction(x, a, b)) / a
    : 1 - (front * betaFraction(1 - x, b, a)) / b;
}

/** Student's t cumulative distribution function with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/**
 * The `p` quantile of Student's t with `df` degrees of freedom (p in (0.5, 1)), by bisection.
 *
 * @example
 * studentTQuantile(0.975, 10); // 2.2281...
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) throw new RangeError(`no t quantile for p=${p}, df=${df}`);
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  let lo = 0;
  let hi = 1;
  while (studentTCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12; i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** A sample's size, mean and the half-width of its 95% confidence interval (null below 2 values). */
export interface Summary {
  readonly n: number;
  readonly mean: number | null;
  readonly ci95: number | null;
}

/**
 * Mean and 95% t-interval half-width: `t(0.975, n−1) · s / √n` with the sample standard deviation.
 *
 * @example
 * summarize([1, 2, 3]); // { n: 3, mean: 2, ci95: 2.484... }
 */
export function summarize(values: readonly number[]): Summary {
  const n = values.length;
  if (n === 0) return { n, mean: null, ci95: null };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { n, mean, ci95: null };
  const variance = values.reduce((a, v) => a + (v - mean) * (v - mean), 0) / (n - 1);
  return { n, mean, ci95: studentTQuantile(0.975, n - 1) * Math.sqrt(variance / n) };
}

/** One negotiator's line in the ranking. */
export interface RankingRow {
  readonly rank: number;
  readonly negotiator: string;
  /** Sessions it played to an end (a match timeout has no utilities and is not one). */
  readonly sessions: number;
  readonly utility: Summary;
  readonly discountedUtility: Summary;
  readonly advantage: Summary;
  readonly agreementRate: number | null;
  readonly socialWelfare: number | null;
  readonly distanceToFrontier: number | null;
  readonly distanceToNash: number | null;
  readonly rounds: number | null;
  /** Mean opponent-model accuracy, null when none of its sessions reported one. */
  readonly modelAccuracy: number | null;
  /** Sessions that ended in an error this negotiator caused (threw, invalid action, too slow). */
  readonly faults: number;
  /** Matches it took part in that were stopped by the wall-clock limit or failed outside a session. */
  readonly matchFailures: number;
}

/** A match as the statistics need it: the negotiator names per role, and the result. */
export interface RankedMatch {
  readonly assignment: readonly string[];
  readonly result: MatchResult;
}

function mean(xs: readonly number[]): number | null {
  return xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;
}

/**
 * Ranks negotiators by mean (undiscounted) utility over their sessions, best first; ties keep
 * the spec's order (`names`).
 */
export function rankNegotiators(names: readonly string[], matches: readonly RankedMatch[]): RankingRow[] {
  const acc = new Map(
    names.map((n) => [
      n,
      {
        u: [] as number[],
        du: [] as number[],
        adv: [] as number[],
        agree: [] as number[],
        welfare: [] as number[],
        frontier: [] as number[],
        nash: [] as number[],
        rounds: [] as number[],
        model: [] as number[],
        faults: 0,
        failures: 0,
      },
    ]),
  );
  for (const m of matches) {
    const r = m.result;
    if (r.parties.length === 0) {
      for (const name of new Set(m.assignment)) {
        const a = acc.get(name);
        if (a) a.failures++;
      }
      continue;
    }
    for (const p of r.parties) {
      const a = acc.get(p.negotiator);
      if (!a) continue;
      a.u.push(p.utility);
      a.du.push(p.discountedUtility);
      a.adv.push(p.advantage);
      a.agree.push(r.outcome === 'agreement' ? 1 : 0);
      if (r.socialWelfare !== null) a.welfare.push(r.socialWelfare);
      if (r.distanceToFrontier !== null) a.frontier.push(r.distanceToFrontier);
      if (r.distanceToNash !== null) a.nash.push(r.distanceToNash);
      if (r.rounds !== null) a.rounds.push(r.rounds);
      if (p.modelAccuracy !== null) a.model.push(p.modelAccuracy);
      if (r.error && r.error.party === p.party) a.faults++;
    }
  }
  const rows = names.map((negotiator, order) => {
    const a = acc.get(negotiator) as NonNullable<ReturnType<typeof acc.get>>;
    return {
      order,
      row: {
        negotiator,
        sessions: a.u.length,
        utility: summarize(a.u),
        discountedUtility: summarize(a.du),
        advantage: summarize(a.adv),
        agreementRate: mean(a.agree),
        socialWelfare: mean(a.welfare),
        distanceToFrontier: mean(a.frontier),
        distanceToNash: mean(a.nash),
        rounds: mean(a.rounds),
        modelAccuracy: mean(a.model),
        faults: a.faults,
        matchFailures: a.failures,
      },
    };
  });
  rows.sort(
    (x, y) =>
      (y.row.utility.mean ?? Number.NEGATIVE_INFINITY) - (x.row.utility.mean ?? Number.NEGATIVE_INFINITY) ||
      x.order - y.order,
  );
  return rows.map((r, i) => ({ rank: i + 1, ...r.row }));
}

/** Row negotiator against column negotiator: the row's mean utility and the number of sessions. */
export interface PairwiseTable {
  readonly names: readonly string[];
  /** `[row][column]`, null where the two never met. */
  readonly meanUtility: readonly (readonly (number | null)[])[];
  readonly sessions: readonly (readonly number[])[];
}

/**
 * The pairwise table: for every session and every two roles i ≠ j in it, role i's utility counts
 * for (negotiator of i) against (negotiator of j). With more than two parties a session counts
 * once for each opponent.
 */
export function pairwiseTable(names: readonly string[], matches: readonly RankedMatch[]): PairwiseTable {
  const index = new Map(names.map((n, i) => [n, i]));
  const sum = names.map(() => names.map(() => 0));
  const count = names.map(() => names.map(() => 0));
  for (const m of matches) {
    const ps = m.result.parties;
    for (let i = 0; i < ps.length; i++) {
      for (let j = 0; j < ps.length; j++) {
        if (i === j) continue;
        const r = index.get((ps[i] as MatchResult['parties'][number]).negotiator);
        const c = index.get((ps[j] as MatchResult['parties'][number]).negotiator);
        if (r === undefined || c === undefined) continue;
        (sum[r] as number[])[c] =
          ((sum[r] as number[])[c] as number) + (ps[i] as MatchResult['parties'][number]).utility;
        (count[r] as number[])[c] = ((count[r] as number[])[c] as number) + 1;
      }
    }
  }
  return {
    names,
    meanUtility: sum.map((row, r) =>
      row.map((s, c) => ((count[r] as number[])[c] ? s / ((count[r] as number[])[c] as number) : null)),
    ),
    sessions: count,
  };
}
