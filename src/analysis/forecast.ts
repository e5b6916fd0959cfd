/**
 * The forecast of a scenario from many simulated runs: probability of agreement with its
 * confidence interval, the most likely packages, each issue's value probabilities, expected
 * utilities, principals' vetoes, rounds and impact indicators.
 *
 * The runs are never kept: each is added to a `ForecastTally` as it ends, and the tally holds
 * counts, sums, histograms and quantile sketches whose size does not grow with the number of runs
 * (a billion runs take the memory of a thousand). A forecast's runs are cut into fixed tasks; each
 * task's tally is made where the task ran (a thread, another machine) and the tallies are merged in
 * task order, so the same runs give the same numbers bit for bit however many workers made them.
 * Everything here is pure.
 */
import type { Issue } from '../model/issues.ts';
import { isWideInteger } from './issue-grid.ts';
import {
  addToSketch,
  mergeSketch,
  newSketch,
  type QuantileSketch,
  rankError,
  sketchIsExact,
  sketchQuantiles,
  weightedQuantiles,
} from './quantile-sketch.ts';
import { addToFactor, type FactorTally, mergeFactor, newFactorTally } from './sensitivity.ts';

/** How a run ended, as stored in `RunRecord.status`. */
export const RUN_STATUSES = ['agreement', 'deadline', 'vetoed', 'walked-away', 'error'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** What a forecast summary needs to know about the scenario besides the runs. */
export interface ForecastLayout {
  readonly issues: readonly Issue[];
  /** Party ids and labels, in the column order of the runs. */
  readonly parties: readonly { readonly id: string; readonly label: string }[];
  readonly impacts: readonly {
    readonly id: string;
    readonly label: string;
    readonly unit: string;
    readonly noDeal: number;
  }[];
}

export interface Interval {
  readonly low: number;
  readonly high: number;
}

export interface PackageForecast {
  /** Issue id → value id (or number for integer/real issues). */
  readonly outcome: Readonly<Record<string, string | number>>;
  readonly runs: number;
  readonly probability: number;
  readonly ci95: Interval;
}

export interface IssueForecast {
  readonly id: string;
  readonly label: string;
  /** Each value: its probability over all runs and given an agreement. */
  readonly values: readonly {
    readonly id: string;
    readonly label: string;
    readonly probability: number;
    readonly givenAgreement: number;
  }[];
  /** Probability of no agreement (the issue stays unsettled). */
  readonly noDeal: number;
}

export interface Distribution1D {
  readonly mean: number;
  readonly ci95: Interval;
  readonly p5: number;
  readonly p50: number;
  readonly p95: number;
}

export interface ForecastSummary {
  readonly runs: number;
  readonly agreement: { readonly probability: number; readonly runs: number; readonly ci95: Interval };
  /** Runs ending each way. */
  readonly endings: Readonly<Record<RunStatus, number>>;
  /** The most likely packages, most likely first (ties by package, in issue order). */
  readonly packages: readonly PackageForecast[];
  /** Distinct packages agreed in some run (a lower bound when `approximations.packageUndercount` is set). */
  readonly distinctPackages: number;
  readonly issues: readonly IssueForecast[];
  /** Expected utility per party (reservation value when there is no deal), and given agreement. */
  readonly utilities: readonly {
    readonly party: string;
    readonly label: string;
    readonly expected: Distribution1D;
    readonly givenAgreement: number | null;
  }[];
  /** Per principal: share of runs with at least one veto, and vetoes per run. */
  readonly vetoes: readonly {
    readonly party: string;
    readonly label: string;
    readonly runsWithVeto: number;
    readonly probability: number;
    readonly perRun: number;
  }[];
  /** Rounds to the end of the talks, over all runs, and over the runs that agreed. */
  readonly rounds: {
    readonly all: Distribution1D;
    readonly agreement: Distribution1D | null;
    /** Runs ending in each round (index = rounds begun), all endings. */
    readonly histogram: readonly number[];
  };
  readonly impacts: readonly {
    readonly id: string;
    readonly label: string;
    readonly unit: string;
    readonly noDeal: number;
    readonly distribution: Distribution1D;
  }[];
  /**
   * What bounded memory made approximate; null when every number is exact (up to 32,768 runs
   * always, and beyond as long as fewer than 50,000 distinct packages were agreed).
   */
  readonly approximations: Approximations | null;
}

/** See `ForecastSummary.approximations`. */
export interface Approximations {
  /**
   * The 5/50/95% quantiles of utilities and impacts come from a quantile sketch: each is within
   * this share of the runs in rank (0.0005: the reported p5 lies between the true 4.95th and
   * 5.05th percentiles). Null when they are exact.
   */
  readonly quantileRankError: number | null;
  /**
   * More distinct packages (or values of an integer issue too wide to list) were agreed than are
   * tracked: each such count may be low by up to this many runs (Misra–Gries), so one more
   * frequent than that is never missed. Null when every one was counted exactly.
   */
  readonly packageUndercount: number | null;
}

/** Wilson score interval (95%) of a proportion: honest near 0 and 1, unlike the normal one. */
export function wilson(successes: number, n: number, z = 1.959963984540054): Interval {
  if (n === 0) return { low: 0, high: 1 };
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** Distinct packages counted exactly; beyond, the rarest are pruned (Misra–Gries). */
export const MAX_PACKAGES = 50_000;

/** One finished run, as a task adds it to its tally. */
export interface RunRecord {
  /** Index into RUN_STATUSES. */
  readonly status: number;
  /** Engine value of each issue in the agreement; null without one. */
  readonly outcome: readonly number[] | null;
  /** Rounds begun before the end. */
  readonly rounds: number;
  /** Each party's utility (its reservation value without agreement), scenario order. */
  readonly utilities: ArrayLike<number>;
  /** Vetoes by each party's principal. */
  readonly vetoes: ArrayLike<number>;
  /** Each impact indicator's value. */
  readonly impacts: ArrayLike<number>;
  /** The group of each sensitivity factor in this run (see `TallyShape.factorGroups`). */
  readonly groups: ArrayLike<number> | null;
}

/** What a tally has room for: the scenario's issues, parties and impacts, and the sensitivity factors. */
export interface TallyShape {
  readonly issues: readonly Issue[];
  readonly parties: number;
  readonly impacts: number;
  /** Groups of each sensitivity factor; empty when the tally does not split runs by factor. */
  readonly factorGroups: readonly number[];
}

/** Count, mean and sum of squared deviations of a stream (Welford; merged as Chan et al.). */
export interface Moments {
  n: number;
  mean: number;
  m2: number;
}

/**
 * The aggregate of some runs: everything the summary and the first-order indices need, in memory
 * that depends on the scenario and not on the number of runs. Plain data (numbers, typed arrays,
 * a Map), so that it crosses a thread boundary as it is.
 */
export interface ForecastTally {
  count: number;
  /** Runs ending each way, in RUN_STATUSES order. */
  readonly endings: Float64Array;
  /** Agreed package (engine values joined by commas) → runs. */
  readonly packages: Map<string, number>;
  /** Most any package count may be below its true one (0 until packages were pruned). */
  packageUndercount: number;
  /**
   * Per issue: runs per category (each value, then no deal; a real issue, or an integer issue too
   * wide to list (10^12 values, say): agreement, no deal).
   */
  readonly issues: Float64Array[];
  /**
   * Per issue: for an integer issue too wide to list, the values runs agreed on → runs (counted
   * like packages, at most MAX_PACKAGES distinct values exactly); null for every other issue.
   */
  readonly wideValues: (Map<number, number> | null)[];
  readonly utilities: Moments[];
  readonly utilitySketches: QuantileSketch[];
  /** Per party: the sum of its utility over agreements. */
  readonly agreedUtility: Float64Array;
  /** Per party: runs in which its principal vetoed at least once, and vetoes in all. */
  readonly vetoRuns: Float64Array;
  readonly vetoes: Float64Array;
  /** Runs ending after each number of rounds begun: all runs, and agreements. */
  readonly rounds: number[];
  readonly agreedRounds: number[];
  readonly impacts: Moments[];
  readonly impactSketches: QuantileSketch[];
  /** One per factor of the shape (empty without). */
  readonly factors: FactorTally[];
}

/**
 * Number of values of an issue as the runs count them (integers: the range; reals, and integer
 * issues too wide to list: none, their values are not counted one slot each).
 */
function valueCount(issue: Issue): number {
  if (issue.kind === 'discrete') return issue.values.length;
  if (issue.kind === 'integer' && !isWideInteger(issue)) return issue.max - issue.min + 1;
  return 0;
}

/** Whether an issue's outcomes are counted as "some agreement" rather than value by value. */
const uncounted = (issue: Issue) => issue.kind === 'real' || isWideInteger(issue);

/**
 * Categories of an issue's outcome: its values (a real or too-wide integer issue: "some
 * agreement"), then no deal.
 */
export function issueCategoryCount(issue: Issue): number {
  return (uncounted(issue) ? 1 : valueCount(issue)) + 1;
}

/** The category of an issue's outcome in a run (see `issueCategoryCount`). */
function categoryOf(issue: Issue, outcome: readonly number[] | null, i: number): number {
  if (outcome === null) return issueCategoryCount(issue) - 1;
  if (uncounted(issue)) return 0;
  const v = outcome[i] as number;
  return issue.kind === 'integer' ? v - issue.min : v;
}

const newMoments = (): Moments => ({ n: 0, mean: 0, m2: 0 });

function addMoment(m: Moments, x: number): void {
  m.n++;
  const d = x - m.mean;
  m.mean += d / m.n;
  m.m2 += d * (x - m.mean);
}

function mergeMoments(into: Moments, from: Moments): void {
  if (from.n === 0) return;
  if (into.n === 0) {
    into.n = from.n;
    into.mean = from.mean;
    into.m2 = from.m2;
    return;
  }
  const n = into.n + from.n;
  const d = from.mean - into.mean;
  into.mean += (d * from.n) / n;
  into.m2 += from.m2 + (d * d * into.n * from.n) / n;
  into.n = n;
}

/**
 * An empty tally. A task's tally is given its number of `runs`: its quantile sketches then keep
 * every value until they are merged (see quantile-sketch.ts); a forecast's whole tally has none.
 *
 * @example
 * const tally = newTally({ issues, parties: 2, impacts: 0, factorGroups: [] });
 */
export function newTally(shape: TallyShape, runs?: number): ForecastTally {
  const sizes = shape.issues.map(issueCategoryCount);
  const sketch = () => newSketch(runs === undefined ? undefined : 2 * Math.ceil((runs + 1) / 2));
  return {
    count: 0,
    endings: new Float64Array(RUN_STATUSES.length),
    packages: new Map(),
    packageUndercount: 0,
    issues: sizes.map((m) => new Float64Array(m)),
    wideValues: shape.issues.map((issue) => (isWideInteger(issue) ? new Map<number, number>() : null)),
    utilities: Array.from({ length: shape.parties }, newMoments),
    utilitySketches: Array.from({ length: shape.parties }, sketch),
    agreedUtility: new Float64Array(shape.parties),
    vetoRuns: new Float64Array(shape.parties),
    vetoes: new Float64Array(shape.parties),
    rounds: [],
    agreedRounds: [],
    impacts: Array.from({ length: shape.impacts }, newMoments),
    impactSketches: Array.from({ length: shape.impacts }, sketch),
    factors: shape.factorGroups.map((g) => newFactorTally(g, sizes)),
  };
}

function bump(histogram: number[], k: number, by = 1): void {
  while (histogram.length <= k) histogram.push(0);
  histogram[k] = (histogram[k] as number) + by;
}

/**
 * Counts `runs` more of `key` in `counts`, pruning the rarest when too many distinct keys are held;
 * returns by how much any count may have fallen low (0 when nothing was pruned).
 */
function countCapped<K>(counts: Map<K, number>, key: K, runs: number): number {
  counts.set(key, (counts.get(key) ?? 0) + runs);
  if (counts.size <= 2 * MAX_PACKAGES) return 0;
  // Misra–Gries in batches: subtract the (MAX+1)-th largest count from every count and drop
  // those left at 0 or below. Each count is then low by at most the sum of what was subtracted.
  const sorted = Float64Array.from(counts.values()).sort();
  const cut = sorted[sorted.length - 1 - MAX_PACKAGES] as number;
  for (const [k, c] of counts) {
    if (c <= cut) counts.delete(k);
    else counts.set(k, c - cut);
  }
  return cut;
}

/** Counts runs of a package, pruning the rarest when too many distinct ones are held. */
function countPackage(t: ForecastTally, key: string, runs: number): void {
  t.packageUndercount += countCapped(t.packages, key, runs);
}

/** Adds one run. */
export function addRun(t: ForecastTally, issues: readonly Issue[], run: RunRecord): void {
  t.count++;
  t.endings[run.status] = (t.endings[run.status] as number) + 1;
  const agreed = run.status === 0;
  const outcome = agreed ? run.outcome : null;
  if (outcome) countPackage(t, outcome.join(','), 1);
  const cats = issues.map((issue, i) => categoryOf(issue, outcome, i));
  cats.forEach((c, i) => {
    const tally = t.issues[i] as Float64Array;
    if (c >= 0 && c < tally.length) tally[c] = (tally[c] as number) + 1;
    const wide = t.wideValues[i];
    // Too-wide values share the package bound: a count may be low by the same stated amount.
    if (wide && outcome) t.packageUndercount += countCapped(wide, outcome[i] as number, 1);
  });
  for (let j = 0; j < t.utilities.length; j++) {
    const u = run.utilities[j] as number;
    addMoment(t.utilities[j] as Moments, u);
    addToSketch(t.utilitySketches[j] as QuantileSketch, u);
    if (agreed) t.agreedUtility[j] = (t.agreedUtility[j] as number) + u;
    const v = run.vetoes[j] as number;
    t.vetoes[j] = (t.vetoes[j] as number) + v;
    if (v > 0) t.vetoRuns[j] = (t.vetoRuns[j] as number) + 1;
  }
  bump(t.rounds, run.rounds);
  if (agreed) bump(t.agreedRounds, run.rounds);
  for (let j = 0; j < t.impacts.length; j++) {
    const x = run.impacts[j] as number;
    addMoment(t.impacts[j] as Moments, x);
    addToSketch(t.impactSketches[j] as QuantileSketch, x);
  }
  if (run.groups) {
    for (let f = 0; f < t.factors.length; f++)
      addToFactor(t.factors[f] as FactorTally, run.groups[f] as number, agreed, cats);
  }
}

function addInto(into: Float64Array, from: Float64Array): void {
  for (let k = 0; k < into.length; k++) into[k] = (into[k] as number) + (from[k] as number);
}

/**
 * Adds the runs of `from` to `into` (tallies of the same shape). Merging the tallies of a
 * forecast's tasks in task order gives the same tally, bit for bit, wherever the tasks ran.
 */
export function mergeTally(into: ForecastTally, from: ForecastTally): void {
  into.count += from.count;
  addInto(into.endings, from.endings);
  into.packageUndercount += from.packageUndercount;
  // Keys in ascending order, so that pruning never depends on the order a part listed them in.
  for (const key of [...from.packages.keys()].sort())
    countPackage(into, key, from.packages.get(key) as number);
  into.issues.forEach((t, i) => {
    addInto(t, from.issues[i] as Float64Array);
  });
  into.wideValues.forEach((wide, i) => {
    const part = from.wideValues[i];
    if (!wide || !part) return;
    for (const v of [...part.keys()].sort((a, b) => a - b))
      into.packageUndercount += countCapped(wide, v, part.get(v) as number);
  });
  into.utilities.forEach((m, j) => {
    mergeMoments(m, from.utilities[j] as Moments);
  });
  into.utilitySketches.forEach((s, j) => {
    mergeSketch(s, from.utilitySketches[j] as QuantileSketch);
  });
  addInto(into.agreedUtility, from.agreedUtility);
  addInto(into.vetoRuns, from.vetoRuns);
  addInto(into.vetoes, from.vetoes);
  from.rounds.forEach((c, k) => {
    bump(into.rounds, k, c);
  });
  from.agreedRounds.forEach((c, k) => {
    bump(into.agreedRounds, k, c);
  });
  into.impacts.forEach((m, j) => {
    mergeMoments(m, from.impacts[j] as Moments);
  });
  into.impactSketches.forEach((s, j) => {
    mergeSketch(s, from.impactSketches[j] as QuantileSketch);
  });
  into.factors.forEach((f, k) => {
    mergeFactor(f, from.factors[k] as FactorTally);
  });
}

/**
 * The q-quantile of sorted values, interpolating linearly between neighbours (NaN when empty). For
 * methods that hold every value of a small sample (backtests, positions); a forecast's own
 * quantiles come from its sketches.
 */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  const a = sorted[lo] as number;
  return a + ((sorted[hi] as number) - a) * (pos - lo);
}

const QUANTILES = [0.05, 0.5, 0.95];

/** Mean, normal 95% interval of the mean, and 5/50/95% quantiles. */
function describe(m: Moments, quantiles: readonly number[]): Distribution1D {
  const mean = m.n > 0 ? m.mean : Number.NaN;
  const se = m.n > 1 ? Math.sqrt(m.m2 / (m.n - 1) / m.n) : 0;
  return {
    mean,
    ci95: { low: mean - 1.96 * se, high: mean + 1.96 * se },
    p5: quantiles[0] as number,
    p50: quantiles[1] as number,
    p95: quantiles[2] as number,
  };
}

/** The distribution of whole numbers given as a histogram (exact). */
function describeHistogram(histogram: readonly number[]): Distribution1D {
  let n = 0;
  let sum = 0;
  histogram.forEach((c, k) => {
    n += c;
    sum += c * k;
  });
  const mean = sum / n;
  let m2 = 0;
  histogram.forEach((c, k) => {
    m2 += c * (k - mean) ** 2;
  });
  return describe(
    { n, mean, m2 },
    weightedQuantiles(
      histogram.map((_, k) => k),
      histogram,
      QUANTILES,
    ),
  );
}

/** The package of a key as a record, for output. */
function packageOf(issues: readonly Issue[], key: string): Record<string, string | number> {
  const values = key.split(',').map(Number);
  const rec: Record<string, string | number> = {};
  issues.forEach((issue, i) => {
    const v = values[i] as number;
    rec[issue.id] = issue.kind === 'discrete' ? (issue.values[v]?.id ?? String(v)) : v;
  });
  return rec;
}

function compareKeys(a: string, b: string): number {
  const x = a.split(',').map(Number);
  const y = b.split(',').map(Number);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
  return 0;
}

/**
 * The forecast of a tally. `topPackages` bounds the package list (default 10).
 *
 * @example
 * const summary = summariseForecast(tally, { issues: space.issues, parties, impacts: [] });
 * summary.agreement.probability; // share of runs that ended in a ratified agreement
 */
export function summariseForecast(
  t: ForecastTally,
  layout: ForecastLayout,
  opts: { topPackages?: number } = {},
): ForecastSummary {
  const n = t.count;
  const agreed = t.endings[0] as number;
  const endings = Object.fromEntries(RUN_STATUSES.map((s, k) => [s, t.endings[k] as number])) as Record<
    RunStatus,
    number
  >;
  const packages = [...t.packages.entries()]
    .sort((a, b) => b[1] - a[1] || compareKeys(a[0], b[0]))
    .slice(0, opts.topPackages ?? 10)
    .map(([key, runs]) => ({
      outcome: packageOf(layout.issues, key),
      runs,
      probability: runs / n,
      ci95: wilson(runs, n),
    }));

  const issues = layout.issues.map((issue, i): IssueForecast => {
    const wide = t.wideValues[i];
    if (wide) {
      // Only the values some run agreed on, in increasing order.
      const values = [...wide.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([v, c]) => ({
          id: String(v),
          label: String(v),
          probability: n > 0 ? c / n : 0,
          givenAgreement: agreed > 0 ? c / agreed : 0,
        }));
      return { id: issue.id, label: issue.label, values, noDeal: n > 0 ? (n - agreed) / n : 0 };
    }
    const tally = t.issues[i] as Float64Array;
    const offset = issue.kind === 'integer' ? issue.min : 0;
    const values = Array.from({ length: valueCount(issue) }, (_, v) => ({
      id: issue.kind === 'discrete' ? (issue.values[v]?.id ?? String(v)) : String(v + offset),
      label: issue.kind === 'discrete' ? (issue.values[v]?.label ?? String(v)) : String(v + offset),
      probability: n > 0 ? (tally[v] as number) / n : 0,
      givenAgreement: agreed > 0 ? (tally[v] as number) / agreed : 0,
    }));
    return { id: issue.id, label: issue.label, values, noDeal: n > 0 ? (n - agreed) / n : 0 };
  });

  const utilities = layout.parties.map((p, j) => ({
    party: p.id,
    label: p.label,
    expected: describe(
      t.utilities[j] as Moments,
      sketchQuantiles(t.utilitySketches[j] as QuantileSketch, QUANTILES),
    ),
    givenAgreement: agreed > 0 ? (t.agreedUtility[j] as number) / agreed : null,
  }));

  const vetoes = layout.parties.map((p, j) => ({
    party: p.id,
    label: p.label,
    runsWithVeto: t.vetoRuns[j] as number,
    probability: n > 0 ? (t.vetoRuns[j] as number) / n : 0,
    perRun: n > 0 ? (t.vetoes[j] as number) / n : 0,
  }));

  const impacts = layout.impacts.map((m, j) => ({
    id: m.id,
    label: m.label,
    unit: m.unit,
    noDeal: m.noDeal,
    distribution: describe(
      t.impacts[j] as Moments,
      sketchQuantiles(t.impactSketches[j] as QuantileSketch, QUANTILES),
    ),
  }));

  const sketches = [...t.utilitySketches, ...t.impactSketches];
  const exact = sketches.every(sketchIsExact);
  return {
    runs: n,
    agreement: { probability: n > 0 ? agreed / n : 0, runs: agreed, ci95: wilson(agreed, n) },
    endings,
    packages,
    distinctPackages: t.packages.size,
    issues,
    utilities,
    vetoes,
    rounds: {
      all: describeHistogram(t.rounds),
      agreement: agreed > 0 ? describeHistogram(t.agreedRounds) : null,
      histogram: [...t.rounds],
    },
    impacts,
    approximations:
      exact && t.packageUndercount === 0
        ? null
        : {
            quantileRankError: exact ? null : Math.max(...sketches.map(rankError)),
            packageUndercount: t.packageUndercount === 0 ? null : t.packageUndercount,
          },
  };
}
