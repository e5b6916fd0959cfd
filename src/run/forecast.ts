/**
 * Monte Carlo forecasts: many runs of a scenario, each with its uncertain parameters drawn from
 * their distributions and each party's strategy drawn from the scenario's mix, then the summary
 * (src/analysis/forecast.ts) and the sensitivity of the answer to each assumption
 * (src/analysis/sensitivity.ts).
 *
 * Determinism: run i draws everything from its own substream `Random.from(seed, 'forecast', i)`
 * (each parameter by inverse CDF from one uniform, in the template's parameter order, then each
 * party's strategy, then the session seed), and runs on simulated time, so a run is a pure
 * function of (scenario, seed, i). Runs are cut into fixed chunks; a chunk's columns go to their
 * place by run index and the summary reads them in run order. The same seed therefore gives
 * byte-identical output in this thread and on any number of workers.
 */
import { availableParallelism } from 'node:os';
import {
  copyRuns,
  emptyRuns,
  type ForecastRuns,
  type ForecastSummary,
  RUN_STATUSES,
  type RunStatus,
  summariseForecast,
} from '../analysis/forecast.ts';
import {
  agreementShare,
  type FirstOrderRow,
  firstOrderIndices,
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
import { siblingModule, workerPool } from './pool.ts';
import { runSession, SimulatedClock } from './session.ts';

/** Runs per task sent to a worker. Fixed, so chunking never depends on the number of workers. */
export const CHUNK = 250;

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

/** What is fixed for every run of a template: the uncertain parameters and the strategy mixes. */
export interface RunContext {
  readonly template: ScenarioTemplate;
  readonly uncertain: readonly Parameter[];
  readonly distributions: readonly Distribution[];
  /** Parties in scenario order, with their strategy mix (null: the party's own negotiator). */
  readonly parties: readonly { readonly id: string; readonly mix: readonly StrategyOption[] | null }[];
}

/** The run context of a template. */
export function runContext(template: ScenarioTemplate): RunContext {
  const scenario = template.scenario;
  const mixes = scenario.forecast?.negotiators ?? {};
  return {
    template,
    uncertain: template.uncertain,
    distributions: template.uncertain.map((p) => p.distribution as Distribution),
    parties: scenario.parties.map((p) => {
      const mix = mixes[p.id];
      return { id: p.id, mix: mix && mix.length > 0 ? mix : null };
    }),
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

function dims(ctx: RunContext) {
  const s = ctx.template.scenario;
  return {
    issues: s.space.issues.length,
    parties: s.parties.length,
    parameters: ctx.uncertain.length,
    impacts: s.impacts?.length ?? 0,
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

/** Runs one session of `scenario` and writes its row `r` into `out`. */
function runInto(
  ctx: RunContext,
  scenario: Scenario,
  strategies: readonly number[],
  sessionSeed: number,
  out: ForecastRuns,
  r: number,
): void {
  const negotiators: Record<string, string> = {};
  const built = scenario.forecast?.negotiators ?? {};
  ctx.parties.forEach((p, j) => {
    const s = strategies[j] as number;
    out.strategies[r * ctx.parties.length + j] = s;
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
  const np = scenario.parties.length;
  const k = scenario.space.issues.length;
  out.status[r] = RUN_STATUSES.indexOf(result.status as RunStatus);
  out.rounds[r] = result.rounds;
  const agreement = result.status === 'agreement' ? result.agreement : null;
  for (let i = 0; i < k; i++) out.outcome[r * k + i] = agreement ? (agreement[i] as number) : -1;
  const order = scenario.protocol.order;
  scenario.parties.forEach((p, j) => {
    out.utilities[r * np + j] = result.utilities[p.id] as number;
  });
  for (const e of result.events) {
    if (e.type !== 'ratify' || e.approve) continue;
    const j = scenario.parties.findIndex((p) => p.id === order[e.party]);
    out.vetoes[r * np + j] = (out.vetoes[r * np + j] as number) + 1;
  }
  const impacts = scenario.impacts ?? [];
  impacts.forEach((m, j) => {
    out.impacts[r * impacts.length + j] = impactValue(m, scenario.space, agreement);
  });
}

/** The value a parameter takes for a drawn or chosen number: rounded for counts of rounds. */
function asValue(param: Parameter, x: number): number {
  return param.integer ? Math.round(x) : x;
}

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
 * Runs one task and returns its columns (rows = the task's runs, in order). Pure: the same
 * context, seed and task give the same columns anywhere.
 */
export function executeTask(ctx: RunContext, seed: number, task: ForecastTask): ForecastRuns {
  const n = task.to - task.from;
  const out = emptyRuns(n, dims(ctx));
  const P = ctx.uncertain.length;
  for (let r = 0; r < n; r++) {
    const i = task.from + r;
    const values = new Map<string, number>();
    let rng: Random;
    if (task.kind === 'sample') {
      rng = Random.from(seed, 'forecast', i);
      for (let j = 0; j < P; j++) {
        const param = ctx.uncertain[j] as Parameter;
        const x = asValue(param, quantile(ctx.distributions[j] as Distribution, rng.float()));
        values.set(param.path, x);
        out.draws[r * P + j] = x;
      }
    } else {
      // Common random numbers: replicate i draws the same strategies and session seed for the
      // base case and for both ends of every parameter.
      rng = Random.from(seed, 'swing', i);
      for (let j = 0; j < P; j++) out.draws[r * P + j] = (ctx.uncertain[j] as Parameter).value;
      if (task.parameter >= 0) {
        const param = ctx.uncertain[task.parameter] as Parameter;
        const [lo, hi] = swingValues(ctx, task.parameter);
        const x = task.end === 'low' ? lo : hi;
        values.set(param.path, x);
        out.draws[r * P + task.parameter] = x;
      }
    }
    const strategies = drawStrategies(ctx, rng);
    const sessionSeed = rng.nextUint32();
    const scenario = values.size > 0 ? ctx.template.build(values) : ctx.template.scenario;
    runInto(ctx, scenario, strategies, sessionSeed, out, r);
  }
  return out;
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
  readonly queue?: import('./queue.ts').QueueForecastOptions;
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

/** The tasks of a forecast, in order: the main sample, then the base case and both ends of each parameter. */
function planTasks(runs: number, parameters: number, swingRuns: number): ForecastTask[] {
  const tasks: ForecastTask[] = [];
  for (let from = 0; from < runs; from += CHUNK)
    tasks.push({ kind: 'sample', from, to: Math.min(runs, from + CHUNK) });
  if (swingRuns > 0) {
    for (let j = -1; j < parameters; j++) {
      for (const end of j < 0 ? (['low'] as const) : (['low', 'high'] as const)) {
        for (let from = 0; from < swingRuns; from += CHUNK) {
          tasks.push({ kind: 'swing', parameter: j, end, from, to: Math.min(swingRuns, from + CHUNK) });
        }
      }
    }
  }
  return tasks;
}

/**
 * What a forecast of `runs` runs over `parameters` uncertain parameters will run: the swing
 * replicates per end (none without sensitivity or parameters), its tasks, and the runs in all.
 */
export function forecastPlan(
  runs: number,
  parameters: number,
  opts: { readonly sensitivity?: boolean; readonly swingRuns?: number } = {},
): { swingRuns: number; tasks: ForecastTask[]; total: number } {
  const swingRuns =
    opts.sensitivity === false || parameters === 0
      ? 0
      : (opts.swingRuns ?? defaultSwingRuns(runs, parameters));
  const tasks = planTasks(runs, parameters, swingRuns);
  return { swingRuns, tasks, total: tasks.reduce((sum, t) => sum + (t.to - t.from), 0) };
}

function checkRuns(runs: number): void {
  if (!Number.isInteger(runs) || runs < 1)
    throw new RangeError(`runs must be a whole number >= 1, not ${runs}`);
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
  const { swingRuns, tasks, total } = forecastPlan(opts.runs, ctx.uncertain.length, opts);
  const threads = Math.max(1, Math.min(opts.threads ?? availableParallelism(), tasks.length));
  const results = new Array<ForecastRuns>(tasks.length);
  let done = 0;
  opts.onProgress?.(0, total);
  if (opts.queue) {
    if (!opts.source) throw new Error('a forecast on a queue needs the source of its template');
    // Loaded on demand: only queued forecasts need BullMQ.
    const { runTasksOnQueue } = await import('./queue.ts');
    await runTasksOnQueue({ source: opts.source, seed: opts.seed, tasks }, opts.queue, (t, part) => {
      const task = tasks[t] as ForecastTask;
      results[t] = part;
      done += task.to - task.from;
      opts.onProgress?.(done, total);
    });
  } else if (threads <= 1 || !opts.source) {
    for (let t = 0; t < tasks.length; t++) {
      const task = tasks[t] as ForecastTask;
      results[t] = executeTask(ctx, opts.seed, task);
      done += task.to - task.from;
      opts.onProgress?.(done, total);
      // Let a progress display paint between chunks.
      if (opts.onProgress) await new Promise((resolve) => setImmediate(resolve));
    }
  } else {
    const pool = workerPool({
      filename: siblingModule(import.meta.url, './forecast-worker'),
      threads,
      workerData: { source: opts.source, seed: opts.seed },
    });
    try {
      await Promise.all(
        tasks.map(async (task, t) => {
          results[t] = (await pool.run(task)) as ForecastRuns;
          done += task.to - task.from;
          opts.onProgress?.(done, total);
        }),
      );
    } finally {
      await pool.destroy();
    }
  }

  const d = dims(ctx);
  const sample = emptyRuns(opts.runs, d);
  const swings = new Map<string, ForecastRuns>();
  tasks.forEach((task, t) => {
    const part = results[t] as ForecastRuns;
    if (task.kind === 'sample') {
      copyRuns(sample, part, task.from);
      return;
    }
    const key = `${task.parameter}:${task.end}`;
    let into = swings.get(key);
    if (!into) {
      into = emptyRuns(swingRuns, d);
      swings.set(key, into);
    }
    copyRuns(into, part, task.from);
  });
  return assemble(ctx, opts, sample, swings, swingRuns);
}

function assemble(
  ctx: RunContext,
  opts: ForecastOptions,
  sample: ForecastRuns,
  swings: ReadonlyMap<string, ForecastRuns>,
  swingRuns: number,
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
  const P = ctx.uncertain.length;
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
    const np = ctx.parties.length;
    const factors = [
      ...ctx.uncertain.map((p, j) => {
        const values = new Float64Array(sample.count);
        for (let r = 0; r < sample.count; r++) values[r] = sample.draws[r * P + j] as number;
        return { id: p.path, label: p.path, values };
      }),
      ...ctx.parties.flatMap((p, j) => {
        if (!p.mix || p.mix.length < 2) return [];
        const values = new Float64Array(sample.count);
        for (let r = 0; r < sample.count; r++) values[r] = sample.strategies[r * np + j] as number;
        const label = scenario.parties[j]?.label ?? p.id;
        return [{ id: `strategy:${p.id}`, label: `strategy of ${label}`, values }];
      }),
    ];
    const firstOrder = firstOrderIndices(sample, issues, factors);
    const base = swings.get('-1:low');
    const tornadoPart =
      base && swingRuns > 0
        ? {
            runsPerEnd: swingRuns,
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
                  atLow: swings.get(`${j}:low`) as ForecastRuns,
                  atHigh: swings.get(`${j}:high`) as ForecastRuns,
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
