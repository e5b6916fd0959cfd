/**
 * The forecast of a scenario from many simulated runs: probability of agreement with its
 * confidence interval, the most likely packages, each issue's value probabilities, expected
 * utilities, principals' vetoes, rounds and impact indicators. The runs arrive as columns
 * (`ForecastRuns`, one row per run in run order); everything here is a pure function of them and
 * is computed in run order, so the same runs give the same numbers bit for bit, however many
 * workers produced them.
 */
import type { Issue } from '../model/issues.ts';
import { isWideInteger } from './issue-grid.ts';

/** How a run ended, as stored in `ForecastRuns.status`. */
export const RUN_STATUSES = ['agreement', 'deadline', 'vetoed', 'walked-away', 'error'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** The runs of a forecast, column by column; row r of a k-wide column is [r·k, (r+1)·k). */
export interface ForecastRuns {
  readonly count: number;
  /** Index into RUN_STATUSES. */
  readonly status: Uint8Array;
  /** Engine value of each issue in the agreement (issues wide); -1 everywhere without one. */
  readonly outcome: Float64Array;
  /** Rounds begun before the end. */
  readonly rounds: Int32Array;
  /** Each party's utility (its reservation value without agreement), parties wide. */
  readonly utilities: Float64Array;
  /** Vetoes by each party's principal, parties wide. */
  readonly vetoes: Int32Array;
  /** Strategy option drawn for each party (-1: the party's own negotiator), parties wide. */
  readonly strategies: Int16Array;
  /** The value drawn for each uncertain parameter, parameters wide. */
  readonly draws: Float64Array;
  /** Each impact indicator's value, impacts wide. */
  readonly impacts: Float64Array;
}

/** Empty columns for `count` runs. */
export function emptyRuns(
  count: number,
  dims: { issues: number; parties: number; parameters: number; impacts: number },
): ForecastRuns {
  return {
    count,
    status: new Uint8Array(count),
    outcome: new Float64Array(count * dims.issues),
    rounds: new Int32Array(count),
    utilities: new Float64Array(count * dims.parties),
    vetoes: new Int32Array(count * dims.parties),
    strategies: new Int16Array(count * dims.parties),
    draws: new Float64Array(count * dims.parameters),
    impacts: new Float64Array(count * dims.impacts),
  };
}

/** Copies `part` (runs [0, part.count)) into `into` from run `at` on. */
export function copyRuns(into: ForecastRuns, part: ForecastRuns, at: number): void {
  const n = into.count;
  const put = <T extends { length: number; set(a: ArrayLike<number>, o: number): void }>(a: T, b: T) => {
    const width = a.length / n;
    a.set(b as unknown as ArrayLike<number>, at * width);
  };
  put(into.status, part.status);
  put(into.outcome, part.outcome);
  put(into.rounds, part.rounds);
  put(into.utilities, part.utilities);
  put(into.vetoes, part.vetoes);
  put(into.strategies, part.strategies);
  put(into.draws, part.draws);
  put(into.impacts, part.impacts);
}

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
  /** Distinct packages agreed in some run. */
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

/** The q-quantile of sorted values (linear interpolation between order statistics). */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  const a = sorted[lo] as number;
  return a + ((sorted[hi] as number) - a) * (pos - lo);
}

/** Mean, normal 95% interval of the mean, and 5/50/95% quantiles of `xs`. */
function describeValues(xs: Float64Array): Distribution1D {
  const n = xs.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += xs[i] as number;
  const mean = n > 0 ? sum / n : Number.NaN;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += ((xs[i] as number) - mean) ** 2;
  const se = n > 1 ? Math.sqrt(ss / (n - 1) / n) : 0;
  const sorted = Float64Array.from(xs).sort();
  return {
    mean,
    ci95: { low: mean - 1.96 * se, high: mean + 1.96 * se },
    p5: quantileOfSorted(sorted, 0.05),
    p50: quantileOfSorted(sorted, 0.5),
    p95: quantileOfSorted(sorted, 0.95),
  };
}

/** The package of run `r` as a record, for output. */
function packageOf(
  issues: readonly Issue[],
  outcome: Float64Array,
  r: number,
): Record<string, string | number> {
  const k = issues.length;
  const rec: Record<string, string | number> = {};
  for (let i = 0; i < k; i++) {
    const issue = issues[i] as Issue;
    const v = outcome[r * k + i] as number;
    rec[issue.id] = issue.kind === 'discrete' ? (issue.values[v]?.id ?? String(v)) : v;
  }
  return rec;
}

/** A stable key of run r's package (value indices joined). */
function packageKey(outcome: Float64Array, r: number, k: number): string {
  let key = '';
  for (let i = 0; i < k; i++) key += (i ? ',' : '') + String(outcome[r * k + i]);
  return key;
}

function compareKeys(a: string, b: string): number {
  const x = a.split(',').map(Number);
  const y = b.split(',').map(Number);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
  return 0;
}

/**
 * The forecast of an integer issue too wide to list every value (10^12 values, say): only the
 * values some run agreed on, in increasing order, counted in a map.
 */
function wideIssueForecast(
  issue: Issue,
  i: number,
  runs: { readonly status: ArrayLike<number>; readonly outcome: Float64Array },
  n: number,
  k: number,
  agreed: number,
): IssueForecast {
  const tally = new Map<number, number>();
  for (let r = 0; r < n; r++) {
    if (runs.status[r] !== 0) continue;
    const v = runs.outcome[r * k + i] as number;
    tally.set(v, (tally.get(v) ?? 0) + 1);
  }
  const values = [...tally.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([v, c]) => ({
      id: String(v),
      label: String(v),
      probability: n > 0 ? c / n : 0,
      givenAgreement: agreed > 0 ? c / agreed : 0,
    }));
  return { id: issue.id, label: issue.label, values, noDeal: n > 0 ? (n - agreed) / n : 0 };
}

/** Number of values of an issue as the runs count them (integers: the range; reals: unsupported → 0). */
function valueCount(issue: Issue): number {
  if (issue.kind === 'discrete') return issue.values.length;
  if (issue.kind === 'integer') return issue.max - issue.min + 1;
  return 0;
}

/**
 * The forecast of the runs. `topPackages` bounds the package list (default 10).
 *
 * @example
 * const summary = summariseForecast(runs, { issues: space.issues, parties, impacts: [] });
 * summary.agreement.probability; // share of runs that ended in a ratified agreement
 */
export function summariseForecast(
  runs: ForecastRuns,
  layout: ForecastLayout,
  opts: { topPackages?: number } = {},
): ForecastSummary {
  const n = runs.count;
  const k = layout.issues.length;
  const np = layout.parties.length;
  const endings = Object.fromEntries(RUN_STATUSES.map((s) => [s, 0])) as Record<RunStatus, number>;
  let agreed = 0;
  const counts = new Map<string, { runs: number; first: number }>();
  for (let r = 0; r < n; r++) {
    const status = RUN_STATUSES[runs.status[r] as number] as RunStatus;
    endings[status]++;
    if (status !== 'agreement') continue;
    agreed++;
    const key = packageKey(runs.outcome, r, k);
    const c = counts.get(key);
    if (c) c.runs++;
    else counts.set(key, { runs: 1, first: r });
  }
  const packages = [...counts.entries()]
    .sort((a, b) => b[1].runs - a[1].runs || compareKeys(a[0], b[0]))
    .slice(0, opts.topPackages ?? 10)
    .map(([, c]) => ({
      outcome: packageOf(layout.issues, runs.outcome, c.first),
      runs: c.runs,
      probability: c.runs / n,
      ci95: wilson(c.runs, n),
    }));

  const issues = layout.issues.map((issue, i): IssueForecast => {
    if (isWideInteger(issue)) return wideIssueForecast(issue, i, runs, n, k, agreed);
    const m = valueCount(issue);
    const tally = new Float64Array(m);
    for (let r = 0; r < n; r++) {
      if (runs.status[r] !== 0) continue;
      const v = runs.outcome[r * k + i] as number;
      const slot = issue.kind === 'integer' ? v - issue.min : v;
      if (slot >= 0 && slot < m) tally[slot] = (tally[slot] as number) + 1;
    }
    const values = Array.from({ length: m }, (_, v) => ({
      id:
        issue.kind === 'discrete'
          ? (issue.values[v]?.id ?? String(v))
          : String(v + (issue.kind === 'integer' ? issue.min : 0)),
      label:
        issue.kind === 'discrete'
          ? (issue.values[v]?.label ?? String(v))
          : String(v + (issue.kind === 'integer' ? issue.min : 0)),
      probability: n > 0 ? (tally[v] as number) / n : 0,
      givenAgreement: agreed > 0 ? (tally[v] as number) / agreed : 0,
    }));
    return { id: issue.id, label: issue.label, values, noDeal: n > 0 ? (n - agreed) / n : 0 };
  });

  const utilities = layout.parties.map((p, j) => {
    const xs = new Float64Array(n);
    let agreedSum = 0;
    for (let r = 0; r < n; r++) {
      const u = runs.utilities[r * np + j] as number;
      xs[r] = u;
      if (runs.status[r] === 0) agreedSum += u;
    }
    return {
      party: p.id,
      label: p.label,
      expected: describeValues(xs),
      givenAgreement: agreed > 0 ? agreedSum / agreed : null,
    };
  });

  const vetoes = layout.parties.map((p, j) => {
    let withVeto = 0;
    let total = 0;
    for (let r = 0; r < n; r++) {
      const v = runs.vetoes[r * np + j] as number;
      total += v;
      if (v > 0) withVeto++;
    }
    return {
      party: p.id,
      label: p.label,
      runsWithVeto: withVeto,
      probability: n > 0 ? withVeto / n : 0,
      perRun: n > 0 ? total / n : 0,
    };
  });

  const allRounds = new Float64Array(n);
  const agreedRounds = new Float64Array(agreed);
  let maxRound = 0;
  for (let r = 0, a = 0; r < n; r++) {
    const x = runs.rounds[r] as number;
    allRounds[r] = x;
    if (runs.status[r] === 0) agreedRounds[a++] = x;
    if (x > maxRound) maxRound = x;
  }
  const histogram = new Array<number>(maxRound + 1).fill(0);
  for (let r = 0; r < n; r++) {
    const x = runs.rounds[r] as number;
    histogram[x] = (histogram[x] as number) + 1;
  }

  const ni = layout.impacts.length;
  const impacts = layout.impacts.map((m, j) => {
    const xs = new Float64Array(n);
    for (let r = 0; r < n; r++) xs[r] = runs.impacts[r * ni + j] as number;
    return { id: m.id, label: m.label, unit: m.unit, noDeal: m.noDeal, distribution: describeValues(xs) };
  });

  return {
    runs: n,
    agreement: { probability: n > 0 ? agreed / n : 0, runs: agreed, ci95: wilson(agreed, n) },
    endings,
    packages,
    distinctPackages: counts.size,
    issues,
    utilities,
    vetoes,
    rounds: {
      all: describeValues(allRounds),
      agreement: agreed > 0 ? describeValues(agreedRounds) : null,
      histogram,
    },
    impacts,
  };
}

/**
 * The category of each run for an issue: its value's slot, or the last slot (`values`) for runs
 * with no agreement. Used by sensitivity to treat "no deal" as one more outcome of every issue.
 */
export function issueCategories(
  runs: ForecastRuns,
  issues: readonly Issue[],
  i: number,
): { cats: Int32Array; size: number } {
  const issue = issues[i] as Issue;
  // A real issue has no values to count, nor has an integer issue too wide to list (10^12 values):
  // their categories are "some agreement" and "no deal".
  const uncounted = issue.kind === 'real' || isWideInteger(issue);
  const m = uncounted ? 1 : valueCount(issue);
  const k = issues.length;
  const cats = new Int32Array(runs.count);
  for (let r = 0; r < runs.count; r++) {
    if (runs.status[r] !== 0) {
      cats[r] = m;
      continue;
    }
    const v = runs.outcome[r * k + i] as number;
    cats[r] = uncounted ? 0 : issue.kind === 'integer' ? v - issue.min : v;
  }
  return { cats, size: m + 1 };
}
