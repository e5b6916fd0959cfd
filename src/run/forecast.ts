/**
 * Monte Carlo forecasts: many runs of a scenario, each with its uncertain parameters drawn from
 * their distributions and each party's strategy drawn from the scenario's mix, then the summary
 * (src/analysis/forecast.ts) and the sensitivity of the answer to each assumption
 * (src/analysis/sensitivity.ts).
 *
 * Determinism: run i draws everything from its own substream `Random.from(seed, 'forecast', i)`
 * (each parameter by inverse CDF from one uniform, in the template's parameter order, then each
 * party's strategy, then the session seed), and runs on simulated time, so a run is a pure
 * function of (scenario, seed, i). Runs are cut into fixed tasks of `CHUNK`; a task's runs are
 * counted into a tally where the task runs (this thread, a pool thread, a queue worker on another
 * machine) and the tallies are merged in task order. The same seed therefore gives byte-identical
 * output in this thread and on any number of workers.
 *
 * Memory: no run is kept. The plan is a function of the task index (a billion runs are four million
 * tasks, never listed), at most a window of tasks is in flight, and a tally does not grow with the
 * runs; see src/analysis/forecast.ts for what stays exact.
 */
import { availableParallelism } from 'node:os';
import {
  type ForecastSummary,
  type ForecastTally,
  mergeTally,
  newTally,
  summariseForecast,
} from '../analysis/forecast.ts';
import {
  agreementShare,
  binsFor,
  type FirstOrderRow,
  firstOrderIndices,
  type SwingRow,
  tornado,
} from '../analysis/sensitivity.ts';
import { loadScenarioTemplate, type ScenarioTemplate } from '../formats/scenario-template.ts';
import type { Distribution } from '../model/distribution.ts';
import { impactValue } from '../model/impact.ts';
import { strategySpec } from '../model/scenario.ts';
import {
  executeTask,
  type ForecastJob,
  type ForecastTask,
  type RunContext,
  runContext,
  swingValues,
  type TemplateSource,
  tallyShape,
  taskRunner,
  templateBytes,
} from './forecast-task.ts';
import { sharedPool, siblingModule } from './pool.ts';

export {
  executeTask,
  type ForecastJob,
  type ForecastTask,
  type RunContext,
  type RunVisitor,
  runContext,
  type TemplateSource,
  tallyShape,
} from './forecast-task.ts';

/** Runs per task. Fixed, so the tasks (and the order their tallies merge in) never depend on the workers. */
export const CHUNK = 250;

/**
 * Most runs a forecast may ask for: each run's random substream is seeded with 32 bits, so runs
 * beyond 2^32 could only repeat earlier ones.
 */
export const MAX_RUNS = 2 ** 32;

/** The run context of the template a source names: what every worker (thread or machine) builds once. */
export function contextOf(source: TemplateSource): RunContext {
  const { template } = loadScenarioTemplate(source.pathOrName, {
    ...(source.sets ? { sets: source.sets } : {}),
    ...(source.parties !== undefined ? { parties: source.parties } : {}),
    ...(source.rounds !== undefined ? { rounds: source.rounds } : {}),
    ...(source.protocol !== undefined ? { protocol: source.protocol } : {}),
  });
  return runContext(template);
}

/**
 * Runs forecast jobs with the run context of each source loaded once (the most recent few kept).
 *
 * @example
 * const run = forecastRunner();
 * const tally = run({ source: { pathOrName: 'london-2025' }, seed: 1, bins: 0, task: { kind: 'sample', from: 0, to: 250 } });
 */
export function forecastRunner(): (job: ForecastJob) => ForecastTally {
  const run = taskRunner();
  return (job) => run(job, undefined, contextOf);
}

export interface ForecastOptions {
  readonly runs: number;
  readonly seed: number;
  /**
   * Threads that run tasks, this one included (the others are pool threads); 1 runs everything in
   * this thread. Default: all cores.
   */
  readonly threads?: number;
  /** Replicates per parameter end for the tornado; 0 skips the swings. Default: see `defaultSwingRuns`. */
  readonly swingRuns?: number;
  /** Skip both sensitivity views. */
  readonly sensitivity?: boolean;
  /** Called as runs complete (done and total include swing runs). */
  readonly onProgress?: (done: number, total: number) => void;
  /** Where workers load the template from (required for threads > 1 and for `queue`). */
  readonly source?: TemplateSource;
  /** Run the tasks as jobs on a BullMQ queue (src/run/queue.ts) instead of here; `threads` is then unused. */
  readonly queue?: import('./queue.ts').QueueRunOptions;
}

/**
 * Replicates per swing end: about as many runs for the tornado as for the main sample
 * (runs / (2 × parameters)), at least 50 (below that a swing is mostly noise) and at most 200.
 */
export function defaultSwingRuns(runs: number, parameters: number): number {
  if (parameters === 0) return 0;
  return Math.max(50, Math.min(200, Math.floor(runs / (2 * parameters))));
}

export interface ParameterInfo {
  readonly path: string;
  readonly distribution: Distribution;
  /** The value a single run uses. */
  readonly point: number;
  readonly low: number;
  readonly high: number;
  readonly judgement?: string;
  readonly sources: readonly string[];
}

export interface ForecastResult extends ForecastSummary {
  readonly scenario: { readonly id: string; readonly title: string };
  readonly seed: number;
  readonly parameters: readonly ParameterInfo[];
  readonly strategies: Readonly<
    Record<
      string,
      readonly { readonly spec: string; readonly probability: number; readonly judgement?: string }[]
    >
  >;
  readonly sensitivity: {
    readonly firstOrder: readonly FirstOrderRow[];
    readonly tornado: {
      readonly runsPerEnd: number;
      /** Probability of agreement with every parameter at its point value (same replicates). */
      readonly base: number;
      readonly rows: readonly SwingRow[];
    } | null;
  } | null;
}

/**
 * What a forecast runs: the main sample, then (with swings) the base case and both ends of each
 * parameter, each cut into tasks of CHUNK runs. A plan is a few numbers: `taskAt` computes a task
 * from its index, so a plan of a billion runs costs nothing before the first run.
 */
export interface ForecastPlan {
  readonly runs: number;
  /** Replicates per swing end (0: no swings). */
  readonly swingRuns: number;
  readonly parameters: number;
  /** Bins of a continuous factor (0: no first-order indices). */
  readonly bins: number;
  /** Tasks in all. */
  readonly tasks: number;
  /** Runs in all, swing runs included. */
  readonly total: number;
}

/**
 * The plan of a forecast of `runs` runs over `parameters` uncertain parameters.
 *
 * @example
 * const plan = forecastPlan(10_000, 14);
 * taskAt(plan, 0); // { kind: 'sample', from: 0, to: 250 }
 */
export function forecastPlan(
  runs: number,
  parameters: number,
  opts: { readonly sensitivity?: boolean; readonly swingRuns?: number } = {},
): ForecastPlan {
  const sensitivity = opts.sensitivity !== false;
  const swingRuns =
    !sensitivity || parameters === 0 ? 0 : (opts.swingRuns ?? defaultSwingRuns(runs, parameters));
  const swingTasks = swingRuns > 0 ? (1 + 2 * parameters) * Math.ceil(swingRuns / CHUNK) : 0;
  return {
    runs,
    swingRuns,
    parameters,
    bins: sensitivity ? binsFor(runs) : 0,
    tasks: Math.ceil(runs / CHUNK) + swingTasks,
    total: runs + (swingRuns > 0 ? (1 + 2 * parameters) * swingRuns : 0),
  };
}

/** Task `t` of a plan (0 ≤ t < plan.tasks). */
export function taskAt(plan: ForecastPlan, t: number): ForecastTask {
  const sample = Math.ceil(plan.runs / CHUNK);
  if (t < sample) return { kind: 'sample', from: t * CHUNK, to: Math.min(plan.runs, (t + 1) * CHUNK) };
  const perEnd = Math.ceil(plan.swingRuns / CHUNK);
  const k = t - sample;
  const block = Math.floor(k / perEnd);
  const from = (k % perEnd) * CHUNK;
  const to = Math.min(plan.swingRuns, from + CHUNK);
  if (block === 0) return { kind: 'swing', parameter: -1, end: 'low', from, to };
  return {
    kind: 'swing',
    parameter: Math.floor((block - 1) / 2),
    end: (block - 1) % 2 === 0 ? 'low' : 'high',
    from,
    to,
  };
}

/** The key of a swing task's tally: `parameter:end`. */
const swingKey = (task: Extract<ForecastTask, { kind: 'swing' }>) => `${task.parameter}:${task.end}`;

function checkRuns(runs: number): void {
  if (!Number.isInteger(runs) || runs < 1 || runs > MAX_RUNS)
    throw new RangeError(`runs must be a whole number from 1 to ${MAX_RUNS}, not ${runs}`);
}

/**
 * Tasks handed to each pool thread at once, and most tasks the pool holds per thread: enough that
 * a pool thread always has its next task while this thread, busy with a task of its own, cannot
 * hand it one; few, so that the pool's threads and this one finish at about the same time.
 */
const POOL_TASKS_PER_THREAD = 2;

/**
 * The process's pool for forecasts on `threads` threads: `threads` − 1 pool threads, since the
 * forecasting thread runs tasks too (a thread fewer to load the modules and to compile and warm up
 * the hot code in). Started on the first call, reused by every forecast of the process. A caller
 * that knows a forecast will need it may call this early, so the threads load their modules while
 * it loads the scenario.
 */
export function forecastPool(threads: number) {
  return sharedPool({
    filename: siblingModule(import.meta.url, './worker-thread'),
    threads: Math.max(1, threads - 1),
    tasksPerThread: POOL_TASKS_PER_THREAD,
  });
}

/** Tasks taken beyond the first unmerged one, per thread: bounds the tallies waiting to merge. */
const WINDOW_PER_THREAD = 8;

/**
 * Runs tasks 0 … count − 1 in this thread and on pool threads together, each taking the next task
 * when it is free, and hands every result to `merge` in task order. This thread runs one task at a
 * time and lets the pool's replies in between (a `setImmediate` apart); the pool holds at most
 * `poolTasks` tasks. At most `window` tasks are taken beyond the first one not merged. Rejects with
 * the first failure, after which no task is taken.
 */
function runAlongsidePool<R>(o: {
  readonly count: number;
  readonly window: number;
  readonly poolTasks: number;
  readonly inPool: (t: number) => Promise<R>;
  readonly here: (t: number) => R;
  readonly merge: (t: number, result: R) => void;
}): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let next = 0;
    let merged = 0;
    let pooled = 0;
    let failed = false;
    let scheduled = false;
    const ready = new Map<number, R>();
    const fail = (e: unknown) => {
      if (failed) return;
      failed = true;
      reject(e);
    };
    const room = () => !failed && next < o.count && next - merged < o.window;
    const accept = (t: number, r: R) => {
      ready.set(t, r);
      while (ready.has(merged)) {
        const x = ready.get(merged) as R;
        ready.delete(merged);
        o.merge(merged, x);
        merged++;
      }
      if (merged === o.count) resolve();
    };
    const feedPool = () => {
      while (pooled < o.poolTasks && room()) {
        const t = next++;
        pooled++;
        o.inPool(t).then((r) => {
          pooled--;
          if (failed) return;
          try {
            accept(t, r);
          } catch (e) {
            fail(e);
            return;
          }
          feedPool();
          scheduleHere();
        }, fail);
      }
    };
    const runHere = () => {
      scheduled = false;
      if (!room()) return;
      const t = next++;
      try {
        accept(t, o.here(t));
      } catch (e) {
        fail(e);
        return;
      }
      feedPool();
      scheduleHere();
    };
    const scheduleHere = () => {
      if (scheduled || !room()) return;
      scheduled = true;
      setImmediate(runHere);
    };
    feedPool();
    scheduleHere();
  });
}

/**
 * The forecast of a template: `opts.runs` Monte Carlo runs, their summary and (unless
 * `sensitivity: false`) first-order indices and one-at-a-time swings.
 *
 * @example
 * const forecast = await runForecast(template, { runs: 2000, seed: 1, threads: 1 });
 * forecast.agreement.probability;
 */
export async function runForecast(
  template: ScenarioTemplate,
  opts: ForecastOptions,
): Promise<ForecastResult> {
  checkRuns(opts.runs);
  const ctx = runContext(template);
  const plan = forecastPlan(opts.runs, ctx.uncertain.length, opts);
  const threads = Math.max(1, Math.min(opts.threads ?? availableParallelism(), plan.tasks));
  const sample = newTally(tallyShape(ctx, plan.bins));
  const swings = new Map<string, ForecastTally>();
  let done = 0;
  /** Takes task t's tally: called in task order, whatever ran the task. */
  const merge = (t: number, part: ForecastTally) => {
    const task = taskAt(plan, t);
    if (task.kind === 'sample') mergeTally(sample, part);
    else {
      const key = swingKey(task);
      let into = swings.get(key);
      if (!into) {
        into = newTally(tallyShape(ctx, 0));
        swings.set(key, into);
      }
      mergeTally(into, part);
    }
    done += part.count;
    opts.onProgress?.(done, plan.total);
  };
  const jobAt = (t: number) => ({ seed: opts.seed, bins: plan.bins, task: taskAt(plan, t) });
  opts.onProgress?.(0, plan.total);
  if (opts.queue) {
    if (!opts.source) throw new Error('a forecast on a queue needs the source of its template');
    // Loaded on demand: only queued forecasts need BullMQ.
    const { runForecastOnQueue } = await import('./queue.ts');
    await runForecastOnQueue({ source: opts.source, seed: opts.seed, plan }, opts.queue, merge);
  } else if (threads <= 1 || !opts.source) {
    for (let t = 0; t < plan.tasks; t++) {
      merge(t, executeTask(ctx, jobAt(t)));
      // Let a progress display paint between tasks.
      if (opts.onProgress) await new Promise((resolve) => setImmediate(resolve));
    }
  } else {
    const source = opts.source;
    const pool = forecastPool(threads);
    const bytes = template.data ? { template: templateBytes(template.data) } : {};
    await runAlongsidePool({
      count: plan.tasks,
      window: threads * WINDOW_PER_THREAD,
      poolTasks: (threads - 1) * POOL_TASKS_PER_THREAD,
      inPool: async (t) =>
        (await pool.run({
          kind: 'forecast',
          job: { source, ...jobAt(t) },
          ...bytes,
        })) as ForecastTally,
      here: (t) => executeTask(ctx, jobAt(t)),
      merge,
    });
  }
  return assemble(ctx, opts, plan, sample, swings);
}

function assemble(
  ctx: RunContext,
  opts: ForecastOptions,
  plan: ForecastPlan,
  sample: ForecastTally,
  swings: ReadonlyMap<string, ForecastTally>,
): ForecastResult {
  const scenario = ctx.template.scenario;
  const issues = scenario.space.issues;
  const summary = summariseForecast(sample, {
    issues,
    parties: scenario.parties.map((p) => ({ id: p.id, label: p.label })),
    impacts: (scenario.impacts ?? []).map((m) => ({
      id: m.id,
      label: m.label,
      unit: m.unit,
      noDeal: impactValue(m, scenario.space, null),
    })),
  });
  const parameters = ctx.uncertain.map((p, j): ParameterInfo => {
    const [low, high] = swingValues(ctx, j);
    return {
      path: p.path,
      distribution: ctx.distributions[j] as Distribution,
      point: p.value,
      low,
      high,
      ...(p.judgement !== undefined ? { judgement: p.judgement } : {}),
      sources: p.sources,
    };
  });
  const strategies: Record<string, { spec: string; probability: number; judgement?: string }[]> = {};
  for (const p of ctx.parties) {
    if (!p.mix) continue;
    strategies[p.id] = p.mix.map((o) => ({
      spec: strategySpec(o),
      probability: o.probability,
      ...(o.judgement !== undefined ? { judgement: o.judgement } : {}),
    }));
  }

  let sensitivity: ForecastResult['sensitivity'] = null;
  if (opts.sensitivity !== false) {
    const factors = [
      ...ctx.uncertain.map((p) => ({ id: p.path, label: p.path })),
      ...ctx.strategyFactors.map((j) => {
        const p = ctx.parties[j] as RunContext['parties'][number];
        return { id: `strategy:${p.id}`, label: `strategy of ${scenario.parties[j]?.label ?? p.id}` };
      }),
    ];
    const firstOrder = firstOrderIndices(sample, issues, factors);
    const base = swings.get('-1:low');
    const tornadoPart =
      base && plan.swingRuns > 0
        ? {
            runsPerEnd: plan.swingRuns,
            base: agreementShare(base),
            rows: tornado(
              issues,
              ctx.uncertain.map((p, j) => {
                const [low, high] = swingValues(ctx, j);
                return {
                  parameter: p.path,
                  label: p.path,
                  low,
                  high,
                  atLow: swings.get(`${j}:low`) as ForecastTally,
                  atHigh: swings.get(`${j}:high`) as ForecastTally,
                };
              }),
            ),
          }
        : null;
    sensitivity = { firstOrder, tornado: tornadoPart };
  }

  return {
    scenario: { id: scenario.id, title: scenario.title },
    seed: opts.seed,
    ...summary,
    parameters,
    strategies,
    sensitivity,
  };
}
