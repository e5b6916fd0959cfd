/**
 * `lancaster forecast` (Monte Carlo over a scenario's uncertain parameters and strategy mix, with
 * sensitivity) and `lancaster compare` (how a what-if changes the forecast). Both take `--set
 * path=value` overrides; the shared `forecastOf` is also what `simulate --forecast` uses.
 */
import { Option } from '@commander-js/extra-typings';
import { CommanderError } from 'commander';
import { formatProblem, LancasterError, type Problem } from '../../errors.ts';
import type { ScenarioTemplate } from '../../formats/scenario-template.ts';
import type { ProtocolChoice } from '../../model/scenario.ts';
import type { ForecastResult } from '../../run/forecast.ts';
import type { CommandContext, Io, RegisterCommand } from '../context.ts';
import { JOB_FAILED } from '../exit.ts';
import { comparisonText, forecastText } from '../forecast-text.ts';
import {
  collect,
  DEFAULT_SCENARIO,
  DEFAULT_SEED,
  PROTOCOL_HELP,
  parsePositiveInt,
  parseProtocolChoice,
  parseSeed,
  usableWorkers,
} from '../options.ts';

/** Runs when neither `--runs` nor the scenario's `forecast.runs` says. */
export const DEFAULT_RUNS = 2000;

/**
 * Below this many runs in all, the forecast runs in this thread. With n threads it runs tasks in
 * this thread and on n − 1 pool threads; each pool thread is a V8 isolate that loads the task's
 * modules (not the scenario readers: it gets the template's validated data) and, above all,
 * compiles and warms up the hot code again (about 2,000 London runs of warm-up; a forecast in one
 * thread gets its compiling done on V8's background threads, on the idle second core, for free).
 * Measured on two idle cores (`npm run bench -- forecast` with a sweep of 2,000, 4,000, 6,000 and
 * 8,000 runs, one pair each, other processes using 0.1 of the 2 cores; 6 December 2026): 2 threads
 * over 1 thread 0.81× at 2,000 runs, 0.84× at 4,000, 0.96× at 6,000, 1.02× at 8,000 by wall clock
 * (projected from CPU time per thread: 0.86×, 0.92×, 1.04×, 1.12×). The pool pays from about
 * 8,000 runs. (Under load the day before, paired runs had projected a break-even near 5,000.)
 */
const IN_THREAD_BELOW = 8_000;

export interface ForecastRequest {
  readonly scenario: string;
  /** The template, when the caller has loaded it already (with `sets` applied). */
  readonly loaded?: { readonly template: ScenarioTemplate; readonly warnings: readonly Problem[] };
  readonly sets: readonly string[];
  readonly runs?: number;
  readonly seed: number;
  readonly workers?: number;
  readonly swingRuns?: number;
  readonly sensitivity: boolean;
  /** Show a progress bar on stderr. */
  readonly progress: boolean;
  /** Redis address: run the tasks as jobs for `lancaster worker`s instead of here. */
  readonly queue?: string;
  /** Every run plays under this protocol, not the scenario's own (`--protocol`, `--mediator`). */
  readonly protocol?: ProtocolChoice;
}

/** Loads the template, runs the forecast (in this thread or on workers) and times it. */
export async function forecastOf(
  req: ForecastRequest,
  io: Io,
): Promise<{
  forecast: ForecastResult;
  elapsedMs: number;
  workers: number;
  scenario: import('../../model/scenario.ts').Scenario;
}> {
  const { loadScenarioTemplate } = await import('../../formats/scenario-template.ts');
  const { runForecast, forecastPlan, forecastPool, MAX_RUNS } = await import('../../run/forecast.ts');
  const { progressReporter } = await import('../../run/tournament/progress.ts');
  const { availableParallelism } = await import('node:os');
  // Sure to need the pool (asked for workers, or more runs than the threshold in the sample alone):
  // start its threads now, so that they load while this thread loads the scenario.
  if (req.queue === undefined) {
    const early = req.workers ?? ((req.runs ?? 0) >= IN_THREAD_BELOW ? availableParallelism() : 1);
    if (early > 1) forecastPool(Math.min(early, availableParallelism()));
  }
  const protocol = req.protocol !== undefined ? { protocol: req.protocol } : {};
  const { template, warnings } =
    req.loaded ?? loadScenarioTemplate(req.scenario, { sets: req.sets, ...protocol });
  for (const w of warnings) io.err(`warning: ${formatProblem(w)}`);
  const { assertRunnable } = await import('../../model/scenario.ts');
  assertRunnable(template.scenario, req.scenario);
  const runs = req.runs ?? template.scenario.forecast?.runs ?? DEFAULT_RUNS;
  if (runs > MAX_RUNS) {
    throw new LancasterError({
      code: 'BAD_OPTION',
      path: req.runs === undefined ? 'forecast.runs' : '--runs',
      message: `${runs} runs is more than a forecast can tell apart`,
      expected: `at most ${MAX_RUNS} (2^32) runs: each run's random stream has a 32-bit seed, so more runs would only repeat earlier ones`,
    });
  }
  const { total } = forecastPlan(runs, template.uncertain.length, req);
  const workers =
    req.workers === undefined
      ? total < IN_THREAD_BELOW
        ? 1
        : availableParallelism()
      : usableWorkers('--workers', req.workers, io.err);
  const progress = req.progress ? progressReporter(process.stderr) : null;
  // On a queue, the workers connected (known once the jobs are queued).
  let shownWorkers = req.queue === undefined ? workers : 0;
  const started = performance.now();
  const snapshot = (done: number, all: number) => ({
    title: `forecast ${template.scenario.id}`,
    done,
    total: all,
    doneThisRun: done,
    errors: 0,
    elapsedMs: performance.now() - started,
    workers: shownWorkers,
    leaders: [],
  });
  let last = snapshot(0, total);
  const queue =
    req.queue === undefined
      ? undefined
      : await queueOptions(req, io, (n) => {
          shownWorkers = n;
        });
  const forecast = await runForecast(template, {
    runs,
    seed: req.seed,
    threads: workers,
    sensitivity: req.sensitivity,
    ...(req.swingRuns !== undefined ? { swingRuns: req.swingRuns } : {}),
    // On a queue, workers on other machines read a file by its absolute path.
    source: { pathOrName: queue ? queue.pathOrName : req.scenario, sets: req.sets, ...protocol },
    ...(queue ? { queue: queue.options } : {}),
    ...(progress
      ? {
          onProgress: (done: number, all: number) => {
            last = snapshot(done, all);
            progress.update(last);
          },
        }
      : {}),
  }).catch(async (e: unknown) => {
    // A job that failed on a worker: the job ran and failed (exit 1), the input was fine.
    if (req.queue !== undefined) {
      const { QueueJobError } = await import('../../run/queue.ts');
      if (e instanceof QueueJobError) throw new CommanderError(1, JOB_FAILED, `error: ${e.message}`);
    }
    throw e;
  });
  progress?.done(last);
  return {
    forecast,
    elapsedMs: performance.now() - started,
    workers: shownWorkers,
    scenario: template.scenario,
  };
}

/** How `forecastOf` runs on a queue: where workers find the scenario, and the hint when none works. */
async function queueOptions(req: ForecastRequest, io: Io, onWorkers: (n: number) => void) {
  const { existsSync } = await import('node:fs');
  const { resolve } = await import('node:path');
  const { redisTarget } = await import('../../run/queue.ts');
  const url = req.queue as string;
  redisTarget(url, '--queue');
  return {
    pathOrName: existsSync(req.scenario) ? resolve(req.scenario) : req.scenario,
    options: {
      url,
      log: (line: string) => io.err(`warning: ${line}`),
      onQueued: onWorkers,
      onIdle: (n: number) =>
        io.err(
          `no worker has taken a job yet (${n} connected): start \`lancaster worker --redis ${url}\` on a machine that can reach this Redis`,
        ),
    },
  };
}

function numbers(opts: { runs?: string; seed: string; workers?: string }) {
  return {
    seed: parseSeed(opts.seed),
    ...(opts.runs !== undefined ? { runs: parsePositiveInt('--runs', opts.runs) } : {}),
    ...(opts.workers !== undefined ? { workers: parsePositiveInt('--workers', opts.workers) } : {}),
  };
}

/** The options `forecast` and `compare` share (fresh objects: commander keeps state in them). */
const options = {
  runs: () =>
    new Option(
      '--runs <n>',
      `Monte Carlo runs (default: the scenario's forecast.runs, else ${DEFAULT_RUNS})`,
    ),
  seed: () =>
    new Option(
      '--seed <n>',
      'random seed: the same seed gives the same forecast on any number of workers',
    ).default(String(DEFAULT_SEED)),
  set: () =>
    new Option(
      '--set <path=value>',
      'override a scenario value, e.g. --set parties.china.reservationValue=0.3 (repeatable)',
    )
      .argParser(collect)
      .default([] as string[]),
  workers: () =>
    new Option(
      '--workers <n>',
      `threads running the runs, this one and n − 1 worker threads (default: 1 below ${IN_THREAD_BELOW} runs in all, else the number of cores)`,
    ),
  queue: () =>
    new Option(
      '--queue <redis-url>',
      'run the forecast as jobs on a BullMQ queue in this Redis, for `lancaster worker`s on any machine (e.g. redis://host:6379)',
    ),
  protocol: () => new Option('--protocol <kind>', PROTOCOL_HELP.protocol),
  mediator: () => new Option('--mediator <kind>', PROTOCOL_HELP.mediator),
};

/** The protocol chosen with `--protocol` / `--mediator`, as a request field (none: the scenario's own). */
function protocolOf(opts: { protocol?: string; mediator?: string }): { protocol?: ProtocolChoice } {
  const choice = parseProtocolChoice(opts.protocol, opts.mediator);
  return choice ? { protocol: choice } : {};
}

/**
 * A spatial scenario (ordered issues, parties with power or saliences, as Decide data give):
 * positions by the compromise, Nash, exchange and simulation methods (src/run/spatial-forecast.ts).
 */
async function spatialForecast(
  loaded: { readonly template: ScenarioTemplate; readonly warnings: readonly Problem[] },
  opts: {
    readonly runs?: number;
    readonly seed: number;
    readonly json: boolean;
    readonly report: string | boolean | undefined;
    readonly queue: string | undefined;
  },
  { io, c }: CommandContext,
): Promise<void> {
  if (opts.queue !== undefined) {
    throw new LancasterError({
      code: 'BAD_OPTION',
      path: '--queue',
      message: 'a forecast of positions (a spatial scenario such as Decide data) runs on this machine only',
      expected: 'no --queue for this scenario',
    });
  }
  for (const w of loaded.warnings) io.err(`warning: ${formatProblem(w)}`);
  const { runSpatialForecast } = await import('../../run/spatial-forecast.ts');
  const { progressReporter } = await import('../../run/tournament/progress.ts');
  const scenario = loaded.template.scenario;
  const runs = opts.runs ?? scenario.forecast?.runs ?? DEFAULT_RUNS;
  const progress = opts.json ? null : progressReporter(process.stderr);
  const started = performance.now();
  const snapshot = (done: number, total: number) => ({
    title: `forecast ${scenario.id}`,
    done,
    total,
    doneThisRun: done,
    errors: 0,
    elapsedMs: performance.now() - started,
    workers: 1,
    leaders: [],
  });
  let last = snapshot(0, runs);
  const forecast = runSpatialForecast(loaded.template, {
    runs,
    seed: opts.seed,
    ...(progress
      ? {
          onProgress: (done: number, total: number) => {
            last = snapshot(done, total);
            progress.update(last);
          },
        }
      : {}),
  });
  progress?.done(last);
  let reportPath: string | null = null;
  if (opts.report !== false) {
    reportPath =
      typeof opts.report === 'string' ? opts.report : `reports/${scenario.id}-forecast-seed${opts.seed}.html`;
    const { renderSpatialForecastReport } = await import('../../report/spatial.ts');
    const { writeReportAtomically } = await import('../../report/write.ts');
    await writeReportAtomically(reportPath, renderSpatialForecastReport(forecast, scenario));
  }
  if (opts.json) {
    io.out(JSON.stringify(forecast, null, 2));
    return;
  }
  const { spatialForecastText } = await import('../spatial-text.ts');
  io.out(spatialForecastText(forecast, c, performance.now() - started));
  if (reportPath) io.out(`\nReport: ${reportPath}`);
}

export const registerForecast: RegisterCommand = (program, ctx: CommandContext) => {
  const { io, c } = ctx;
  program
    .command('forecast')
    .description(
      'Monte Carlo forecast over the uncertain parameters and strategy mix: probability of agreement, likely packages, issue values, utilities, vetoes, impacts, and which assumptions matter',
    )
    .argument(
      '[scenario]',
      'a shipped scenario name, a scenario file, a GENIUS folder, a GeniusWeb file or Decide data (.csv)',
      DEFAULT_SCENARIO,
    )
    .addOption(options.runs())
    .addOption(options.seed())
    .addOption(options.set())
    .addOption(options.workers())
    .addOption(options.queue())
    .addOption(options.protocol())
    .addOption(options.mediator())
    .option('--json', 'print the result as JSON')
    .option(
      '--swing-runs <n>',
      'runs per parameter end for the one-at-a-time swings (default: about runs / (2 × parameters), 50 to 200)',
    )
    .option('--no-sensitivity', 'skip the sensitivity analysis (first-order indices and swings)')
    .option(
      '--report <file>',
      'where to write the HTML report (default reports/<scenario>-forecast-seed<seed>.html)',
    )
    .option('--no-report', 'do not write the HTML report')
    .action(async (scenarioArg, opts) => {
      const n = numbers(opts);
      const swing = opts.swingRuns === undefined ? undefined : Number(opts.swingRuns);
      if (swing !== undefined && !(Number.isSafeInteger(swing) && swing >= 0)) {
        throw new LancasterError({
          code: 'BAD_OPTION',
          path: '--swing-runs',
          message: `'${opts.swingRuns}' is not a number of runs`,
          expected: 'a whole number >= 0 (0 skips the swings), e.g. --swing-runs 100',
        });
      }
      // Where the report goes is checked before the runs (the default's file name needs the scenario).
      const { checkOutputPath } = await import('../../formats/output-path.ts');
      if (typeof opts.report === 'string') checkOutputPath(opts.report, '--report');
      else if (opts.report !== false) checkOutputPath('reports', '--report', 'folder');
      const { loadScenarioTemplate } = await import('../../formats/scenario-template.ts');
      // Loaded once, under the chosen protocol, for both kinds of forecast.
      const loaded = loadScenarioTemplate(scenarioArg, { sets: opts.set, ...protocolOf(opts) });
      const { isSpatialScenario } = await import('../../run/spatial-forecast.ts');
      if (isSpatialScenario(loaded.template.scenario)) {
        await spatialForecast(
          loaded,
          { ...n, json: Boolean(opts.json), report: opts.report, queue: opts.queue },
          ctx,
        );
        return;
      }
      const { forecast, elapsedMs, workers, scenario } = await forecastOf(
        {
          scenario: scenarioArg,
          loaded,
          sets: opts.set,
          ...n,
          ...(swing !== undefined ? { swingRuns: swing } : {}),
          sensitivity: opts.sensitivity !== false,
          progress: !opts.json,
          ...(opts.queue !== undefined ? { queue: opts.queue } : {}),
          ...protocolOf(opts),
        },
        io,
      );
      let reportPath: string | null = null;
      if (opts.report !== false) {
        reportPath =
          typeof opts.report === 'string'
            ? opts.report
            : `reports/${scenario.id}-forecast-seed${n.seed}.html`;
        const { renderForecastReport, writeReportAtomically } = await import('../../report/index.ts');
        await writeReportAtomically(reportPath, renderForecastReport(forecast, scenario));
      }
      if (opts.json) {
        io.out(JSON.stringify(forecast, null, 2));
        return;
      }
      io.out(forecastText(forecast, c, { elapsedMs, workers }));
      if (reportPath) io.out(`\nReport: ${reportPath}`);
    });

  program
    .command('compare')
    .description(
      'how a what-if changes the forecast: compare <base> <variant>, or <base> with --set overrides as the variant',
    )
    .argument('<base>', 'the base scenario (name or file)')
    .argument(
      '[variant]',
      'the variant scenario (name or file); default: the base with the --set overrides (applied to the variant)',
    )
    .addOption(options.runs())
    .addOption(options.seed())
    .addOption(options.set())
    .addOption(options.workers())
    .addOption(options.queue())
    .addOption(options.protocol())
    .addOption(options.mediator())
    .option('--json', 'print the result as JSON')
    .action(async (baseArg, variantArg, opts) => {
      const chosen = protocolOf(opts);
      if (variantArg === undefined && opts.set.length === 0 && chosen.protocol === undefined) {
        throw new LancasterError({
          code: 'BAD_OPTION',
          path: 'variant',
          message: 'there is nothing to compare the base with',
          expected: `a variant scenario, --set overrides or another --protocol, e.g. lancaster compare ${baseArg} --set parties.us.reservationValue=0.45`,
        });
      }
      const n = numbers(opts);
      const common = {
        ...n,
        sensitivity: false,
        progress: !opts.json,
        ...(opts.queue !== undefined ? { queue: opts.queue } : {}),
      };
      const base = await forecastOf({ scenario: baseArg, sets: [], ...common }, io);
      const variant = await forecastOf(
        { scenario: variantArg ?? baseArg, sets: opts.set, ...common, ...chosen },
        io,
      );
      const issuesOf = (f: ForecastResult) => f.issues.map((i) => i.id).join(',');
      if (issuesOf(base.forecast) !== issuesOf(variant.forecast)) {
        throw new LancasterError({
          code: 'BAD_OPTION',
          path: 'variant',
          message: `the variant's issues (${issuesOf(variant.forecast)}) are not the base's (${issuesOf(base.forecast)})`,
          expected:
            'two versions of the same negotiation: a what-if may change numbers, red lines and strategies, not the issues',
        });
      }
      const { compareForecasts } = await import('../../analysis/forecast-compare.ts');
      const cmp = compareForecasts(base.forecast, variant.forecast);
      const names = {
        base: baseArg,
        variant:
          variantArg ??
          [
            baseArg,
            ...opts.set.map((s) => `--set ${s}`),
            ...(opts.protocol !== undefined ? [`--protocol ${opts.protocol}`] : []),
            ...(opts.mediator !== undefined ? [`--mediator ${opts.mediator}`] : []),
          ].join(' '),
      };
      if (opts.json) {
        io.out(
          JSON.stringify(
            { base: names.base, variant: names.variant, seed: n.seed, comparison: cmp },
            null,
            2,
          ),
        );
        return;
      }
      io.out(comparisonText(cmp, names, c));
    });
};
