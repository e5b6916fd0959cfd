/**
 * Backtest scoring: how well each forecasting method did on talks whose outcome is on record. Pure:
 * the runner (src/run/backtest.ts) gathers each method's forecast of each case, and everything
 * here is arithmetic on them, in a fixed order, so the same inputs give the same numbers.
 *
 * Conventions (docs/forecasting.md#backtests says why):
 * - **What happened on an issue** is the agreed value, or, when the talks ended without
 *   agreement, the issue's status quo: no deal leaves every issue where it was.
 * - **Categories.** Probabilities are scored over an issue's categories: a discrete issue's values,
 *   an integer issue's values when it has at most 21, and otherwise (wider integer issues, real
 *   issues) ten bins of equal width over the range.
 * - **Log score** −ln p of the category that happened, with p mixed with 1% of a uniform guess
 *   ((1 − ε)·p + ε/m, ε = 0.01) so that a method certain of a wrong answer gets a large but finite
 *   score; lower is better. **Brier score** Σ_k (p_k − o_k)² over the categories, unsmoothed, in
 *   [0, 2]; lower is better.
 * - **Ordered issues** (integer, real): the absolute error of the forecast's mean, also divided by
 *   the issue's range so issues on different scales can be averaged, and whether the value lies in
 *   the forecast's central 80% interval (10% and 90% quantiles).
 * - **Agreement** is scored (Brier, log) only for methods that forecast it (the simulation, and the
 *   uniform guess at 1/2); the point models say what would be agreed, not whether.
 * - **Package**: the probability the method gave to the whole package of categories that
 *   happened, and its rank among the packages it forecast (1 = its most likely; ties share the
 *   better rank; null when the method gave it no probability, or ranks nothing, as a uniform guess).
 * - **Over cases** every case counts once: a method's case score is its mean over the case's
 *   issues, and the intervals are Student-t 95% intervals of the mean of the case scores.
 */
import { type Issue, isOrdered, statusQuoValue } from '../model/issues.ts';
import type { Outcome } from '../model/outcome-space.ts';
import { quantileOfSorted } from './forecast.ts';

/** Mixing weight of the uniform guess in the log score. */
export const LOG_SMOOTHING = 0.01;
/** Integer issues with at most this many values are scored value by value; wider ones by bins. */
export const MAX_VALUE_CATEGORIES = 21;
/** Bins of a real issue or of a wide integer issue. */
export const BINS = 10;
/** The central interval of an ordered forecast: from this quantile to 1 minus it. */
export const INTERVAL_TAIL = 0.1;

/** The categories an issue is scored over. */
export interface IssueCategories {
  readonly labels: readonly string[];
  /** Whether the categories are bins of a range (rather than single values). */
  readonly binned: boolean;
  /** The category of an engine value. */
  of(v: number): number;
  /** A uniform guess over the issue's values, as probabilities of the categories. */
  readonly uniform: readonly number[];
}

function fmt(x: number): string {
  return String(Number(x.toPrecision(4)));
}

/**
 * The categories of an issue: its values, or `BINS` bins of equal width.
 *
 * @example
 * categoriesOf({ kind: 'real', id: 'x', label: 'x', min: 0, max: 100 }).of(55); // 5
 */
export function categoriesOf(issue: Issue): IssueCategories {
  if (issue.kind === 'discrete') {
    const m = issue.values.length;
    return {
      labels: issue.values.map((v) => v.label),
      binned: false,
      of: (v) => v,
      uniform: issue.values.map(() => 1 / m),
    };
  }
  const span = issue.max - issue.min;
  if (issue.kind === 'integer' && span + 1 <= MAX_VALUE_CATEGORIES) {
    const m = span + 1;
    return {
      labels: Array.from({ length: m }, (_, d) => String(issue.min + d)),
      binned: false,
      of: (v) => Math.round(v) - issue.min,
      uniform: Array.from({ length: m }, () => 1 / m),
    };
  }
  const width = span / BINS;
  const of = (v: number) =>
    span > 0 ? Math.min(BINS - 1, Math.max(0, Math.floor((v - issue.min) / width))) : 0;
  const labels = Array.from({ length: BINS }, (_, b) => {
    const lo = issue.min + b * width;
    return `${fmt(lo)}–${fmt(b === BINS - 1 ? issue.max : lo + width)}`;
  });
  let uniform: number[];
  if (issue.kind === 'integer') {
    // A uniform guess over the integers: a bin's share is its count of integers.
    const counts = new Array<number>(BINS).fill(0);
    for (let v = issue.min; v <= issue.max; v++) counts[of(v)] = (counts[of(v)] as number) + 1;
    uniform = counts.map((c) => c / (span + 1));
  } else uniform = labels.map(() => 1 / BINS);
  return { labels, binned: true, of, uniform };
}

/** What one method forecast for one case. */
export type MethodForecast =
  /** Outcomes as they would stand after the talks (agreements, or the status quo without one), equally weighted. */
  | {
      readonly kind: 'sample';
      /** Realised engine values, row by row (issues wide). */
      readonly outcomes: Float64Array;
      readonly count: number;
      /** Share of the rows that are agreements. */
      readonly agreement: number;
    }
  /** One outcome, certain; null on an issue the method does not predict (the compromise model on a discrete issue). */
  | { readonly kind: 'point'; readonly outcome: readonly (number | null)[] }
  /** Every value of every issue equally likely, agreement at 1/2. */
  | { readonly kind: 'uniform' };

/** A method's forecast of one case, named. */
export interface NamedForecast {
  readonly method: string;
  readonly forecast: MethodForecast;
}

/** One issue's score for one method. */
export interface IssueScore {
  readonly issue: string;
  /** Probability given to the category that happened. */
  readonly probability: number;
  /** The method's most likely category (label), and whether it is what happened. */
  readonly modal: string;
  readonly modalHit: boolean;
  readonly log: number;
  readonly brier: number;
  /** Ordered issues only (null otherwise). */
  readonly ordered: {
    readonly mean: number;
    readonly low: number;
    readonly high: number;
    readonly absError: number;
    /** absError divided by the issue's range (0 for a one-point range). */
    readonly relError: number;
    readonly inInterval: boolean;
  } | null;
}

/** A method's scores on one case. */
export interface MethodCaseScore {
  readonly method: string;
  readonly agreement: {
    readonly probability: number;
    readonly brier: number;
    readonly log: number;
  } | null;
  /** Issue by issue, in scenario order; the issues the method does not predict are left out. */
  readonly issues: readonly IssueScore[];
  readonly package: { readonly probability: number; readonly rank: number | null } | null;
  /** Means over the issues scored (null when none). */
  readonly meanLog: number | null;
  readonly meanBrier: number | null;
  readonly meanProbability: number | null;
  readonly modalHitRate: number | null;
  /** Ordered issues: mean relative absolute error and the share inside the 80% interval. */
  readonly meanRelError: number | null;
  readonly coverage: number | null;
}

/** What happened, issue by issue, as the scoring reads it. */
export interface ActualOutcome {
  readonly agreement: boolean;
  /** The engine value of each issue after the talks: agreed, or the status quo without agreement. */
  readonly values: Outcome;
  /** The category of each value, and the labels, for output. */
  readonly categories: readonly number[];
  readonly labels: readonly string[];
}

/**
 * What happened on each issue: the agreed value, or the status quo when there was no agreement.
 *
 * @example
 * actualOutcome(scenario.space.issues, null).agreement; // false: every issue at its status quo
 */
export function actualOutcome(issues: readonly Issue[], agreement: Outcome | null): ActualOutcome {
  const values = issues.map((issue, i) => (agreement ? (agreement[i] as number) : statusQuoValue(issue)));
  const cats = issues.map(categoriesOf);
  const categories = values.map((v, i) => (cats[i] as IssueCategories).of(v));
  return {
    agreement: agreement !== null,
    values,
    categories,
    labels: categories.map((c, i) => (cats[i] as IssueCategories).labels[c] ?? String(c)),
  };
}

const smooth = (p: number, m: number) => (1 - LOG_SMOOTHING) * p + LOG_SMOOTHING / m;

/** Brier score of probabilities `p` when category `hit` happened. */
function brier(p: readonly number[], hit: number): number {
  let s = 0;
  for (let k = 0; k < p.length; k++) s += ((p[k] as number) - (k === hit ? 1 : 0)) ** 2;
  return s;
}

/** Index of the largest probability (the first on a tie). */
function argmax(p: readonly number[]): number {
  let best = 0;
  for (let k = 1; k < p.length; k++) if ((p[k] as number) > (p[best] as number)) best = k;
  return best;
}

function mean(xs: readonly number[]): number | null {
  return xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** One issue's forecast in the form every score reads: category probabilities and, when ordered, mean and interval. */
interface IssueView {
  readonly p: readonly number[];
  readonly ordered: { readonly mean: number; readonly low: number; readonly high: number } | null;
}

function sampleView(
  f: Extract<MethodForecast, { kind: 'sample' }>,
  issues: readonly Issue[],
  i: number,
): IssueView {
  const issue = issues[i] as Issue;
  const cats = categoriesOf(issue);
  const k = issues.length;
  const counts = new Array<number>(cats.labels.length).fill(0);
  const xs = new Float64Array(f.count);
  for (let r = 0; r < f.count; r++) {
    const v = f.outcomes[r * k + i] as number;
    xs[r] = v;
    const c = cats.of(v);
    counts[c] = (counts[c] as number) + 1;
  }
  const p = counts.map((c) => (f.count > 0 ? c / f.count : 0));
  if (!isOrdered(issue) || f.count === 0) return { p, ordered: null };
  const sorted = xs.sort();
  // Summed from the smallest value, so that a sample of one value has exactly that mean.
  const first = sorted[0] as number;
  let sum = 0;
  for (let r = 0; r < f.count; r++) sum += (sorted[r] as number) - first;
  return {
    p,
    ordered: {
      mean: first + sum / f.count,
      low: quantileOfSorted(sorted, INTERVAL_TAIL),
      high: quantileOfSorted(sorted, 1 - INTERVAL_TAIL),
    },
  };
}

function pointView(v: number, issue: Issue): IssueView {
  const cats = categoriesOf(issue);
  const p = cats.labels.map((_, c) => (c === cats.of(v) ? 1 : 0));
  return { p, ordered: isOrdered(issue) ? { mean: v, low: v, high: v } : null };
}

function uniformView(issue: Issue): IssueView {
  const cats = categoriesOf(issue);
  if (!isOrdered(issue)) return { p: cats.uniform, ordered: null };
  const span = issue.max - issue.min;
  return {
    p: cats.uniform,
    ordered: {
      mean: issue.min + span / 2,
      low: issue.min + INTERVAL_TAIL * span,
      high: issue.min + (1 - INTERVAL_TAIL) * span,
    },
  };
}

function issueViews(f: MethodForecast, issues: readonly Issue[]): (IssueView | null)[] {
  return issues.map((issue, i) => {
    if (f.kind === 'sample') return sampleView(f, issues, i);
    if (f.kind === 'uniform') return uniformView(issue);
    const v = f.outcome[i];
    return v === null || v === undefined ? null : pointView(v, issue);
  });
}

function scoreIssue(view: IssueView, issue: Issue, actual: ActualOutcome, i: number): IssueScore {
  const cats = categoriesOf(issue);
  const hit = actual.categories[i] as number;
  const p = view.p[hit] ?? 0;
  const modal = argmax(view.p);
  let ordered: IssueScore['ordered'] = null;
  if (view.ordered && isOrdered(issue)) {
    const v = actual.values[i] as number;
    const absError = Math.abs(view.ordered.mean - v);
    const span = issue.max - issue.min;
    ordered = {
      ...view.ordered,
      absError,
      relError: span > 0 ? absError / span : 0,
      inInterval: view.ordered.low <= v && v <= view.ordered.high,
    };
  }
  return {
    issue: issue.id,
    probability: p,
    modal: cats.labels[modal] ?? String(modal),
    modalHit: modal === hit,
    log: -Math.log(smooth(p, cats.labels.length)),
    brier: brier(view.p, hit),
    ordered,
  };
}

/** The package score of a sample: the share of rows whose categories are those that happened, and its rank. */
function samplePackage(
  f: Extract<MethodForecast, { kind: 'sample' }>,
  issues: readonly Issue[],
  actual: ActualOutcome,
): { probability: number; rank: number | null } {
  const k = issues.length;
  const cats = issues.map(categoriesOf);
  const counts = new Map<string, number>();
  for (let r = 0; r < f.count; r++) {
    let key = '';
    for (let i = 0; i < k; i++) key += `${(cats[i] as IssueCategories).of(f.outcomes[r * k + i] as number)},`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const mine = counts.get(actual.categories.map((c) => `${c},`).join('')) ?? 0;
  if (mine === 0) return { probability: 0, rank: null };
  let better = 0;
  for (const c of counts.values()) if (c > mine) better++;
  return { probability: mine / f.count, rank: better + 1 };
}

function packageScore(
  f: MethodForecast,
  issues: readonly Issue[],
  actual: ActualOutcome,
): MethodCaseScore['package'] {
  if (f.kind === 'sample') return f.count > 0 ? samplePackage(f, issues, actual) : null;
  if (f.kind === 'uniform') {
    const p = issues.reduce(
      (prod, issue, i) => prod * (categoriesOf(issue).uniform[actual.categories[i] as number] ?? 0),
      1,
    );
    return { probability: p, rank: null };
  }
  if (f.outcome.some((v) => v === null)) return null;
  const same = issues.every(
    (issue, i) => categoriesOf(issue).of(f.outcome[i] as number) === actual.categories[i],
  );
  return { probability: same ? 1 : 0, rank: same ? 1 : null };
}

function agreementScore(f: MethodForecast, actual: ActualOutcome): MethodCaseScore['agreement'] {
  const probability = f.kind === 'sample' ? f.agreement : f.kind === 'uniform' ? 0.5 : null;
  if (probability === null) return null;
  const o = actual.agreement ? 1 : 0;
  const p = actual.agreement ? probability : 1 - probability;
  return { probability, brier: (probability - o) ** 2, log: -Math.log(smooth(p, 2)) };
}

/**
 * Scores one method's forecast of one case.
 *
 * @example
 * const actual = actualOutcome(scenario.space.issues, recorded.agreement);
 * scoreMethod('status quo', { kind: 'point', outcome: scenario.space.issues.map(statusQuoValue) }, scenario.space.issues, actual);
 */
export function scoreMethod(
  method: string,
  f: MethodForecast,
  issues: readonly Issue[],
  actual: ActualOutcome,
): MethodCaseScore {
  const views = issueViews(f, issues);
  const scores: IssueScore[] = [];
  views.forEach((view, i) => {
    if (view) scores.push(scoreIssue(view, issues[i] as Issue, actual, i));
  });
  const ordered = scores.flatMap((s) => (s.ordered ? [s.ordered] : []));
  return {
    method,
    agreement: agreementScore(f, actual),
    issues: scores,
    package: packageScore(f, issues, actual),
    meanLog: mean(scores.map((s) => s.log)),
    meanBrier: mean(scores.map((s) => s.brier)),
    meanProbability: mean(scores.map((s) => s.probability)),
    modalHitRate: mean(scores.map((s) => (s.modalHit ? 1 : 0))),
    meanRelError: mean(ordered.map((o) => o.relError)),
    coverage: mean(ordered.map((o) => (o.inInterval ? 1 : 0))),
  };
}

/** A mean over cases with its Student-t 95% interval (null with fewer than two cases). */
export interface MeanWithInterval {
  readonly mean: number;
  readonly ci95: { readonly low: number; readonly high: number } | null;
  /** Cases the mean is over. */
  readonly n: number;
}

/** Two-sided 97.5% quantiles of Student's t for 1…30 degrees of freedom. */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131,
  2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/**
 * The mean of `xs` with its Student-t 95% interval, cut to the range the score can take
 * (`bounds`); null for no values.
 *
 * @example
 * meanWithInterval([1, 2, 3]); // { mean: 2, ci95: { low: -0.484…, high: 4.484… }, n: 3 }
 * meanWithInterval([0.2, 0.4], [0, 1]).ci95?.low; // 0, not −0.97
 */
export function meanWithInterval(
  xs: readonly number[],
  bounds: readonly [number, number] = [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY],
): MeanWithInterval | null {
  const n = xs.length;
  if (n === 0) return null;
  const m = xs.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean: m, ci95: null, n };
  const sd = Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (n - 1));
  const t = T975[n - 2] ?? 1.96;
  const half = (t * sd) / Math.sqrt(n);
  return { mean: m, ci95: { low: Math.max(bounds[0], m - half), high: Math.min(bounds[1], m + half) }, n };
}

/** A method's scores over every case. */
export interface MethodSummary {
  readonly method: string;
  /** 1 = best mean log score (ties by Brier score). */
  readonly rank: number;
  readonly log: MeanWithInterval | null;
  readonly brier: MeanWithInterval | null;
  readonly probability: MeanWithInterval | null;
  readonly modalHitRate: MeanWithInterval | null;
  readonly relError: MeanWithInterval | null;
  readonly coverage: MeanWithInterval | null;
  readonly agreementBrier: MeanWithInterval | null;
  readonly agreementLog: MeanWithInterval | null;
  readonly packageProbability: MeanWithInterval | null;
  /** Issues scored, over all cases. */
  readonly issuesScored: number;
}

/** One bin of a calibration curve: forecasts in [low, high), their mean and how often the event happened. */
export interface CalibrationBin {
  readonly low: number;
  readonly high: number;
  readonly count: number;
  readonly meanForecast: number;
  readonly observed: number;
}

/**
 * Every method's scores over the cases, ranked by mean log score (then Brier score). `cases[c]`
 * holds the case's score for every method, in the same method order.
 *
 * @example
 * summariseMethods(['simulation', 'uniform'], cases.map((c) => c.scores));
 */
export function summariseMethods(
  methods: readonly string[],
  cases: readonly (readonly MethodCaseScore[])[],
): MethodSummary[] {
  const over = (
    m: number,
    pick: (s: MethodCaseScore) => number | null | undefined,
    bounds: readonly [number, number],
  ) =>
    meanWithInterval(
      cases.flatMap((c) => {
        const s = c[m];
        const x = s ? pick(s) : null;
        return x === null || x === undefined ? [] : [x];
      }),
      bounds,
    );
  const unit = [0, 1] as const;
  const positive = [0, Number.POSITIVE_INFINITY] as const;
  const rows = methods.map((method, m) => ({
    method,
    log: over(m, (s) => s.meanLog, positive),
    brier: over(m, (s) => s.meanBrier, [0, 2]),
    probability: over(m, (s) => s.meanProbability, unit),
    modalHitRate: over(m, (s) => s.modalHitRate, unit),
    relError: over(m, (s) => s.meanRelError, unit),
    coverage: over(m, (s) => s.coverage, unit),
    agreementBrier: over(m, (s) => s.agreement?.brier, unit),
    agreementLog: over(m, (s) => s.agreement?.log, positive),
    packageProbability: over(m, (s) => s.package?.probability, unit),
    issuesScored: cases.reduce((n, c) => n + (c[m]?.issues.length ?? 0), 0),
  }));
  const key = (r: (typeof rows)[number]) => [r.log?.mean ?? Infinity, r.brier?.mean ?? Infinity];
  const order = rows
    .map((r, m) => ({ r, m }))
    .sort((a, b) => {
      const [la, ba] = key(a.r);
      const [lb, bb] = key(b.r);
      return (la as number) - (lb as number) || (ba as number) - (bb as number) || a.m - b.m;
    });
  return order.map(({ r }, k) => ({ ...r, rank: k + 1 }));
}

/** Points (forecast probability, what happened) a calibration curve is made of. */
export function calibrationPoints(
  f: MethodForecast,
  issues: readonly Issue[],
  actual: ActualOutcome,
): { p: number; o: number }[] {
  const out: { p: number; o: number }[] = [];
  issueViews(f, issues).forEach((view, i) => {
    if (!view) return;
    view.p.forEach((p, c) => {
      out.push({ p, o: c === actual.categories[i] ? 1 : 0 });
    });
  });
  const a = agreementScore(f, actual);
  if (a) out.push({ p: a.probability, o: actual.agreement ? 1 : 0 });
  return out;
}

/**
 * A calibration curve: forecasts binned by probability (`bins` equal bins of [0, 1], 1 in the last),
 * each bin's mean forecast against the share of events that happened. Empty bins are left out.
 *
 * @example
 * calibration([{ p: 0.8, o: 1 }, { p: 0.85, o: 0 }]); // [{ low: 0.8, high: 0.9, count: 2, meanForecast: 0.825, observed: 0.5 }]
 */
export function calibration(points: readonly { p: number; o: number }[], bins = 10): CalibrationBin[] {
  const sums = Array.from({ length: bins }, () => ({ n: 0, p: 0, o: 0 }));
  for (const { p, o } of points) {
    const b = sums[Math.min(bins - 1, Math.max(0, Math.floor(p * bins)))] as {
      n: number;
      p: number;
      o: number;
    };
    b.n++;
    b.p += p;
    b.o += o;
  }
  return sums.flatMap((b, k) =>
    b.n === 0
      ? []
      : [{ low: k / bins, high: (k + 1) / bins, count: b.n, meanForecast: b.p / b.n, observed: b.o / b.n }],
  );
}
