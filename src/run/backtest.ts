/**
 * `lancaster backtest`: each scenario with a recorded outcome is forecast by Lancaster's own
 * simulation (the forecast's main sample, src/run/forecast-sample.ts) and by the reference models
 * on the same issues (the scenario's Nash bargaining solution and Kalai–Smorodinsky point, the
 * status quo, a uniform guess, and the compromise model on ordered issues), and every forecast is
 * scored against what happened (src/analysis/backtest.ts). The outcome block is read here and
 * nowhere else: the forecasts are made from the scenario alone. Deterministic for a seed.
 *
 * @example
 * const result = await runBacktest(['scenarios'], { seed: 1 });
 * result.ranking[0].method; // the method with the best mean log score
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDomain } from '../analysis/analyze.ts';
import {
  type ActualOutcome,
  actualOutcome,
  type CalibrationBin,
  calibration,
  calibrationPoints,
  type MethodCaseScore,
  type MethodForecast,
  type MethodSummary,
  scoreMethod,
  summariseMethods,
} from '../analysis/backtest.ts';
import { compromisePositions, spatialProfile } from '../analysis/spatial.ts';
import { LancasterError, type Problem } from '../errors.ts';
import { isDecideFile } from '../formats/detect.ts';
import { readScenarioText } from '../formats/native/load.ts';
import { resolveScenarioPath, SCENARIO_EXTENSIONS } from '../formats/scenario-files.ts';
import { loadScenarioTemplate } from '../formats/scenario-template.ts';
import { readTextFile } from '../formats/text-file.ts';
import { type Issue, statusQuoValue, valueId } from '../model/issues.ts';
import type { RecordedOutcome } from '../model/recorded-outcome.ts';
import type { Scenario } from '../model/scenario.ts';
import { forecastSample } from './forecast-sample.ts';

/** Runs of the simulation per case when neither `--runs` nor the scenario's `forecast.runs` says. */
export const DEFAULT_BACKTEST_RUNS = 2000;

/** The methods every case is scored for, in the order they are listed. */
export const BACKTEST_METHODS = [
  {
    id: 'simulation',
    label: 'Lancaster simulation',
    description:
      "The scenario's Monte Carlo forecast (its uncertain parameters and strategy mix), as `lancaster forecast` runs it.",
  },
  {
    id: 'nash',
    label: 'Nash bargaining solution',
    description:
      'The outcome maximising the product of gains over the reservation values (the status quo when no outcome is acceptable to all).',
  },
  {
    id: 'kalai',
    label: 'Kalai–Smorodinsky point',
    description:
      'The outcome maximising the smallest relative gain (the status quo when none is acceptable to all).',
  },
  {
    id: 'status-quo',
    label: 'Status quo',
    description: "No change on any issue: each issue's status quo value.",
  },
  {
    id: 'uniform',
    label: 'Uniform guess',
    description: 'Every value of every issue equally likely, agreement at 1/2.',
  },
  {
    id: 'compromise',
    label: 'Compromise model',
    description:
      "Ordered issues only: the mean of the parties' ideal positions weighted by salience × power.",
  },
] as const;

export type BacktestMethodId = (typeof BACKTEST_METHODS)[number]['id'];

/** One case's issue: what happened, in words and as the scoring reads it. */
export interface BacktestIssue {
  readonly id: string;
  readonly label: string;
  readonly kind: Issue['kind'];
  /** The value after the talks (agreed, or the status quo without agreement): a value id or a number. */
  readonly actual: string | number;
  /** The category it falls in (a value's label, or a bin such as `20–30`). */
  readonly category: string;
  /** The author's note on how the recorded result maps to this value, when given. */
  readonly note?: string;
}

/** One scored case. */
export interface BacktestCase {
  readonly file: string;
  readonly id: string;
  readonly title: string;
  /** Runs of the simulation. */
  readonly runs: number;
  readonly outcome: {
    readonly date: string;
    readonly agreement: boolean;
    readonly sources: readonly string[];
    readonly note?: string;
  };
  readonly issues: readonly BacktestIssue[];
  /** Each method's scores, in `BACKTEST_METHODS` order. */
  readonly scores: readonly MethodCaseScore[];
}

/** What `lancaster backtest` computes (and prints with `--json`). */
export interface BacktestResult {
  readonly version: 1;
  readonly seed: number;
  readonly methods: readonly { readonly id: string; readonly label: string; readonly description: string }[];
  /** The methods, best first (mean log score over cases, then Brier score). */
  readonly ranking: readonly MethodSummary[];
  /** Per method: forecast probability against observed frequency, over every issue category and agreement. */
  readonly calibration: readonly { readonly method: string; readonly bins: readonly CalibrationBin[] }[];
  readonly cases: readonly BacktestCase[];
  /** Files without an outcome block, left out. */
  readonly skipped: readonly { readonly file: string; readonly reason: string }[];
}

export interface BacktestOptions {
  readonly seed: number;
  /** Runs of the simulation per case (default: the scenario's forecast.runs, else 2000). */
  readonly runs?: number;
  /** Told before each case is run. */
  readonly onCase?: (k: number, total: number, file: string) => void;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The scenario files the arguments name: a folder gives its scenario files (sorted, not its
 * sub-folders), anything else is a file or a shipped scenario name. Each file once, in order.
 *
 * @example
 * backtestFiles(['scenarios']); // ['scenarios/eu-us-2025.yaml', …]
 */
export function backtestFiles(args: readonly string[]): string[] {
  const out: string[] = [];
  for (const arg of args) {
    if (isDirectory(arg)) {
      const names = readdirSync(arg)
        .filter((n) => SCENARIO_EXTENSIONS.some((e) => n.toLowerCase().endsWith(e)))
        .sort();
      for (const n of names) if (!isDirectory(join(arg, n))) out.push(join(arg, n));
    } else out.push(resolveScenarioPath(arg));
  }
  return [...new Set(out)];
}

/** The outcome's values as the file writes them (value ids, numbers). */
function writtenValue(issue: Issue, v: number): string | number {
  return issue.kind === 'discrete' ? valueId(issue, v) : v;
}

/** The simulation's forecast: every run's outcome after the talks (agreement, else the status quo). */
function simulationForecast(scenario: Scenario, runs: ReturnType<typeof forecastSample>): MethodForecast {
  const issues = scenario.space.issues;
  const k = issues.length;
  const sq = issues.map(statusQuoValue);
  const outcomes = new Float64Array(runs.count * k);
  let agreed = 0;
  for (let r = 0; r < runs.count; r++) {
    const ok = runs.status[r] === 0;
    if (ok) agreed++;
    for (let i = 0; i < k; i++)
      outcomes[r * k + i] = ok ? (runs.outcome[r * k + i] as number) : (sq[i] as number);
  }
  return { kind: 'sample', outcomes, count: runs.count, agreement: runs.count > 0 ? agreed / runs.count : 0 };
}

/** Every method's forecast of a scenario, in `BACKTEST_METHODS` order. */
function forecastsOf(
  scenario: Scenario,
  runs: ReturnType<typeof forecastSample>,
): Record<BacktestMethodId, MethodForecast> {
  const issues = scenario.space.issues;
  const sq = issues.map(statusQuoValue);
  const analysis = analyzeDomain(scenario);
  return {
    simulation: simulationForecast(scenario, runs),
    nash: { kind: 'point', outcome: analysis.nash ? [...analysis.nash.outcome] : sq },
    kalai: { kind: 'point', outcome: analysis.kalai ? [...analysis.kalai.outcome] : sq },
    'status-quo': { kind: 'point', outcome: sq },
    uniform: { kind: 'uniform' },
    compromise: { kind: 'point', outcome: compromisePositions(spatialProfile(scenario)) },
  };
}

/**
 * Backtests the scenarios the arguments name (files, folders, shipped names). Files without an
 * outcome block are skipped; none at all is `BAD_OPTION` (exit 2). A file that does not load is
 * its own problems.
 *
 * @example
 * const result = await runBacktest(['test/fixtures/backtest'], { seed: 1, runs: 200 });
 */
export async function runBacktest(args: readonly string[], opts: BacktestOptions): Promise<BacktestResult> {
  const files = backtestFiles(args);
  const withOutcome: { file: string; outcome: RecordedOutcome }[] = [];
  const skipped: { file: string; reason: string }[] = [];
  const problems: Problem[] = [];
  for (const file of files) {
    const text = readTextFile(file);
    if (isDecideFile(file, text)) {
      skipped.push({ file, reason: 'Decide data carry no outcome block (import it and add one)' });
      continue;
    }
    // Read once to find the outcome; a broken file is reported with every other broken one.
    const r = readScenarioText(text, file);
    if (!r.ok) problems.push(...r.problems);
    else if (r.outcome) withOutcome.push({ file, outcome: r.outcome });
    else skipped.push({ file, reason: 'no outcome block' });
  }
  if (problems.length > 0) throw new LancasterError(problems);
  if (withOutcome.length === 0) {
    throw new LancasterError({
      code: 'BAD_OPTION',
      file: args.join(' '),
      message: `none of the ${files.length} scenario file${files.length === 1 ? '' : 's'} has an outcome block to score against`,
      expected:
        'scenario files with a recorded `outcome` (see docs/scenario-format.md#recorded-outcome-outcome)',
    });
  }
  const methods = BACKTEST_METHODS.map((m) => m.id);
  const cases: BacktestCase[] = [];
  const points = new Map<string, { p: number; o: number }[]>(methods.map((m) => [m, []]));
  for (const [k, { file, outcome }] of withOutcome.entries()) {
    opts.onCase?.(k, withOutcome.length, file);
    // Let a progress display paint between cases.
    if (opts.onCase) await new Promise((resolve) => setImmediate(resolve));
    const { template } = loadScenarioTemplate(file);
    const scenario = template.scenario;
    const issues = scenario.space.issues;
    const runs = opts.runs ?? scenario.forecast?.runs ?? DEFAULT_BACKTEST_RUNS;
    const sample = forecastSample(template, { runs, seed: opts.seed });
    const forecasts = forecastsOf(scenario, sample);
    const actual: ActualOutcome = actualOutcome(issues, outcome.agreement);
    const scores = methods.map((m) => scoreMethod(m, forecasts[m], issues, actual));
    for (const m of methods) points.get(m)?.push(...calibrationPoints(forecasts[m], issues, actual));
    cases.push({
      file,
      id: scenario.id,
      title: scenario.title,
      runs,
      outcome: {
        date: outcome.date,
        agreement: outcome.agreement !== null,
        sources: outcome.sources,
        ...(outcome.note !== undefined ? { note: outcome.note } : {}),
      },
      issues: issues.map((issue, i) => {
        const note = outcome.notes[issue.id];
        return {
          id: issue.id,
          label: issue.label,
          kind: issue.kind,
          actual: writtenValue(issue, actual.values[i] as number),
          category: actual.labels[i] as string,
          ...(note !== undefined ? { note } : {}),
        };
      }),
      scores,
    });
  }
  return {
    version: 1,
    seed: opts.seed,
    methods: BACKTEST_METHODS.map((m) => ({ id: m.id, label: m.label, description: m.description })),
    ranking: summariseMethods(
      methods,
      cases.map((c) => c.scores),
    ),
    calibration: methods.map((m) => ({ method: m, bins: calibration(points.get(m) ?? []) })),
    cases,
    skipped,
  };
}
