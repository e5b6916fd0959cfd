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
  addRun,
  type ForecastSummary,
  type ForecastTally,
  mergeTally,
  newTally,
  RUN_STATUSES,
  type RunRecord,
  type RunStatus,
  summariseForecast,
  type TallyShape,
} from '../analysis/forecast.ts';
import {
  agreementShare,
  binsFor,
  type FirstOrderRow,
  firstOrderIndices,
  MAX_DISCRETE,
  type SwingRow,
  tornado,
} from '../analysis/sensitivity.ts';
import { loadScenarioTemplate, type ScenarioTemplate } from '../formats/scenario-template.ts';
import { type Distribution, quantile, swingEnds } from '../model/distribution.ts';
import { impactValue } from '../model/impact.ts';
import { Random } from '../model/random.ts';
import {
  type Parameter,
  type ProtocolChoice,
  type Scenario,
  type StrategyOption,
  strategySpec,
} from '../model/scenario.ts';
import { sharedPool, siblingModule } from './pool.ts';
import { runSession, SimulatedClock } from './session.ts';
import { runWindowed } from './windowed.ts';

/** Runs per task. Fixed, so the tasks (and the order their tallies merge in) never depend on the workers. */
export const CHUNK = 250;

/**
 * Most runs a forecast may ask for: each run's random substream is seeded with 32 bits, so runs
 * beyond 2^32 could only repeat earlier ones.
 */
export const MAX_RUNS = 2 ** 32;

/** Where a worker gets the same template: what the CLI loaded, by name or path, and the overrides. */
export interface TemplateSource {
  readonly pathOrName: string;
  readonly sets?: readonly string[];
  /** Profile files to use as parties (imported domains), as `--parties` gives them. */
  readonly parties?: readonly string[];
  readonly rounds?: number;
  /** The protocol every run plays, when not the scenario's own (`--protocol`, `--mediator`). */
  readonly protocol?: ProtocolChoice;
}

/** One piece of work: a range of main-sample runs, or of swing replicates for one parameter end. */
export type ForecastTask =
  | { readonly kind: 'sample'; readonly from: number; readonly to: number }
  | {
      readonly kind: 'swing';
      /** Index in `template.uncertain`; -1 for the base case (every parameter at its point value). */
      readonly parameter: number;
      readonly end: 'low' | 'high';
      readonly from: number;
      readonly to: number;
    };

/** Everything a worker (thread or machine) needs to run one task: small, and the same anywhere. */
export interface ForecastJob {
  readonly source: TemplateSource;
  readonly seed: number;
  /**
   * Bins of a continuous factor in the first-order tallies of sample tasks (see `binsFor`); 0 for a
   * forecast without sensitivity, whose tallies are not split by factor.
   */
  readonly bins: number;
  readonly task: ForecastTask;
}

/** What is fixed for every run of a template: the uncertain parameters and the strategy mixes. */
export interface RunContext {
  readonly template: ScenarioTemplate;
  readonly uncertain: readonly Parameter[];
  readonly distributions: readonly Distribution[];
  /** Parties in scenario order, with their strategy mix (null: the party's own negotiator). */
  readonly parties: readonly { readonly id: string; readonly mix: readonly StrategyOption[] | null }[];
  /**
   * Per uncertain parameter: the values it can take, ascending, when there are at most
   * MAX_DISCRETE of them (a choice, a short range of whole numbers); null for one that is binned.
   */
  readonly supports: readonly (readonly number[] | null)[];
  /** Parties (scenario index) whose strategy choice is a sensitivity factor: a mix of 2 or more. */
  readonly strategyFactors: readonly number[];
}

/** The value a parameter takes for a drawn or chosen number: rounded for counts of rounds. */
function asValue(param: Parameter, x: number): number {
  return param.integer ? Math.round(x) : x;
}

/** The values a parameter can take when there are few (see `RunContext.supports`). */
function supportOf(param: Parameter, d: Distribution): readonly number[] | null {
  let values: number[];
  if (d.kind === 'choice') values = d.values.map((v) => asValue(param, v));
  else if (param.integer) {
    const lo = Math.round(quantile(d, 0));
    const hi = Math.round(quantile(d, 1));
    if (hi - lo + 1 > MAX_DISCRETE) return null;
    values = Array.from({ length: hi - lo + 1 }, (_, k) => lo + k);
  } else return null;
  const distinct = [...new Set(values)].sort((a, b) => a - b);
  return distinct.length <= MAX_DISCRETE ? distinct : null;
}

/** The run context of a template. */
export function runContext(template: ScenarioTemplate): RunContext {
  const scenario = template.scenario;
  const mixes = scenario.forecast?.negotiators ?? {};
  const parties = scenario.parties.map((p) => {
    const mix = mixes[p.id];
    return { id: p.id, mix: mix && mix.length > 0 ? mix : null };
  });
  const distributions = template.uncertain.map((p) => p.distribution as Distribution);
  return {
    template,
    uncertain: template.uncertain,
    distributions,
    parties,
    supports: template.uncertain.map((p, j) => supportOf(p, distributions[j] as Distribution)),
    strategyFactors: parties.flatMap((p, j) => (p.mix && p.mix.length >= 2 ? [j] : [])),
  };
}

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

/** Run contexts a forecast runner keeps (a queue worker may serve several forecasts in turn). */
const CONTEXTS_KEPT = 4;

/**
 * Runs forecast jobs with the run context of each source loaded once (the most recent few kept):
 * what a pool thread and a queue worker do.
 *
 * @example
 * const run = forecastRunner();
 * const tally = run({ source: { pathOrName: 'london-2025' }, seed: 1, bins: 0, task: { kind: 'sample', from: 0, to: 250 } });
 */
export function forecastRunner(): (job: ForecastJob) => ForecastTally {
  const kept = new Map<string, RunContext>();
  return (job) => {
    const key = JSON.stringify(job.source);
    let ctx = kept.get(key);
    if (ctx) kept.delete(key);
    else {
      ctx = contextOf(job.source);
      if (kept.size >= CONTEXTS_KEPT) kept.delete(kept.keys().next().value as string);
    }
    kept.set(key, ctx);
    return executeTask(ctx, job);
  };
}

/** The shape of a tally of this context; split by factor when `bins` > 0. */
export function tallyShape(ctx: RunContext, bins: number): TallyShape {
  const s = ctx.template.scenario;
  return {
    issues: s.space.issues,
    parties: s.parties.length,
    impacts: s.impacts?.length ?? 0,
    factorGroups:
      bins > 0
        ? [
            ...ctx.supports.map((support) => (support ? support.length : bins)),
            ...ctx.strategyFactors.map(
              (j) => (ctx.parties[j] as RunContext['parties'][number]).mix?.length ?? 0,
            ),
          ]
        : [],
  };
}

/** The option index drawn from a mix with one uniform u. */
function pick(mix: readonly StrategyOption[], u: number): number {
  let acc = 0;
  for (let k = 0; k < mix.length; k++) {
    acc += (mix[k] as StrategyOption).probability;
    if (u < acc) return k;
  }
  return mix.length - 1;
}

/** Runs one session of `scenario`, counts it into `tally` and returns its record. */
function runInto(
  ctx: RunContext,
  scenario: Scenario,
  strategies: readonly number[],
  sessionSeed: number,
  groups: Int32Array | null,
  tally: ForecastTally,
): RunRecord {
  const negotiators: Record<string, string> = {};
  const built = scenario.forecast?.negotiators ?? {};
  ctx.parties.forEach((p, j) => {
    const s = strategies[j] as number;
    // The option as built, so that its parameters carry this run's drawn values.
    const option = s >= 0 ? built[p.id]?.[s] : undefined;
    if (option) negotiators[p.id] = strategySpec(option);
  });
  const { result } = runSession(scenario, {
    seed: sessionSeed,
    negotiators,
    // Simulated time: a run never depends on how fast the machine is.
    clock: new SimulatedClock(0),
  });
  if (!result) throw new Error('a forecast run stopped before its end');
  const order = scenario.protocol.order;
  const vetoes = new Array<number>(scenario.parties.length).fill(0);
  for (const e of result.events) {
    if (e.type !== 'ratify' || e.approve) continue;
    const j = scenario.parties.findIndex((p) => p.id === order[e.party]);
    vetoes[j] = (vetoes[j] as number) + 1;
  }
  const agreement = result.status === 'agreement' ? result.agreement : null;
  const run: RunRecord = {
    status: RUN_STATUSES.indexOf(result.status as RunStatus),
    outcome: agreement,
    rounds: result.rounds,
    utilities: scenario.parties.map((p) => result.utilities[p.id] as number),
    vetoes,
    impacts: (scenario.impacts ?? []).map((m) => impactValue(m, scenario.space, agreement)),
    groups,
  };
  addRun(tally, scenario.space.issues, run);
  return run;
}

/**
 * What `executeTask` tells a caller about each run besides counting it: its index, its record and
 * the value drawn for each uncertain parameter (the template's order; empty in swing runs). For
 * the few methods that need runs one by one (a backtest scores each run's package); a forecast
 * itself never keeps them.
 */
export type RunVisitor = (index: number, run: RunRecord, draws: readonly number[]) => void;

/** The low and high ends of parameter j's swing, as values it can take. */
function swingValues(ctx: RunContext, j: number): readonly [number, number] {
  const param = ctx.uncertain[j] as Parameter;
  const [lo, hi] = swingEnds(ctx.distributions[j] as Distribution);
  return [asValue(param, lo), asValue(param, hi)];
}

/** Each party's strategy for one run, drawn from `rng` (-1 for parties without a mix). */
function drawStrategies(ctx: RunContext, rng: Random): number[] {
  return ctx.parties.map((p) => (p.mix ? pick(p.mix, rng.float()) : -1));
}

/**
 * Runs one task and returns the tally of its runs. Pure: the same context and job give the same
 * tally anywhere.
 */
export function executeTask(
  ctx: RunContext,
  job: Omit<ForecastJob, 'source'>,
  visit?: RunVisitor,
): ForecastTally {
  const { task, seed } = job;
  const bins = task.kind === 'sample' ? job.bins : 0;
  const tally = newTally(tallyShape(ctx, bins), task.to - task.from);
  const P = ctx.uncertain.length;
  for (let i = task.from; i < task.to; i++) {
    const values = new Map<string, number>();
    const draws: number[] = [];
    const groups = bins > 0 ? new Int32Array(P + ctx.strategyFactors.length) : null;
    let rng: Random;
    if (task.kind === 'sample') {
      rng = Random.from(seed, 'forecast', i);
      for (let j = 0; j < P; j++) {
        const param = ctx.uncertain[j] as Parameter;
        const u = rng.float();
        const x = asValue(param, quantile(ctx.distributions[j] as Distribution, u));
        values.set(param.path, x);
        draws.push(x);
        if (groups) {
          const support = ctx.supports[j];
          groups[j] = support ? support.indexOf(x) : Math.min(bins - 1, Math.floor(u * bins));
        }
      }
    } else {
      // Common random numbers: replicate i draws the same strategies and session seed for the
      // base case and for both ends of every parameter.
      rng = Random.from(seed, 'swing', i);
      if (task.parameter >= 0) {
        const param = ctx.uncertain[task.parameter] as Parameter;
        const [lo, hi] = swingValues(ctx, task.parameter);
        values.set(param.path, task.end === 'low' ? lo : hi);
      }
    }
    const strategies = drawStrategies(ctx, rng);
    if (groups)
      ctx.strategyFactors.forEach((j, k) => {
        groups[P + k] = strategies[j] as number;
      });
    const sessionSeed = rng.nextUint32();
    const scenario = values.size > 0 ? ctx.template.build(values) : ctx.template.scenario;
    const run = runInto(ctx, scenario, strategies, sessionSeed, groups, tally);
    visit?.(i, run, draws);
  }
  return tally;
}

export interface ForecastOptions {
  readonly runs: number;
  readonly seed: number;
  /** Worker threads; 1 runs everything in this thread. Default: all cores. */
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
 * The process's forecast pool of `threads` threads: started on the first call, reused by every
 * forecast of the process. A caller that knows a forecast will need it may call this early, so the
 * threads load their modules while it loads the scenario.
 */
export function forecastPool(threads: number) {
  return sharedPool({ filename: siblingModule(import.meta.url, './worker-thread'), threads });
}

/** Tasks in flight per pool thread beyond the first unmerged one: enough to keep every thread busy. */
const WINDOW_PER_THREAD = 4;

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
    await runWindowed({
      count: plan.tasks,
      window: threads * WINDOW_PER_THREAD,
      ordered: true,
      start: async (t) =>
        (await pool.run({ kind: 'forecast', job: { source, ...jobAt(t) } })) as ForecastTally,
      accept: merge,
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
