/**
 * One forecast task, as a worker runs it: the run context of a template, and `executeTask`, which
 * runs a range of runs (each drawing its parameters and strategies from its own random substream)
 * and counts them into a tally. This is all a forecast's pool thread loads: no reader of any
 * scenario format, since the thread that loaded the scenario sends its validated data
 * (`TemplateData`) with each task. `forecast.ts` plans the tasks, runs them here or on workers, and
 * merges the tallies; see it for the determinism and memory promises.
 */
import { deserialize, serialize } from 'node:v8';
import {
  addRun,
  type ForecastTally,
  newTally,
  RUN_STATUSES,
  type RunRecord,
  type RunStatus,
  type TallyShape,
} from '../analysis/forecast.ts';
import { MAX_DISCRETE } from '../analysis/sensitivity.ts';
import { type ScenarioTemplate, type TemplateData, templateFromData } from '../formats/template-data.ts';
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
import type { SessionEvent } from '../protocols/types.ts';
import { runSession, SimulatedClock } from './session.ts';

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
  const events = result.events;
  for (let k = 0; k < events.length; k++) {
    const e = events[k] as SessionEvent;
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
export function swingValues(ctx: RunContext, j: number): readonly [number, number] {
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
  // The values of a run by path: every run of a task sets the same paths, so one map serves them
  // all (a build reads it and keeps nothing of it).
  const values = new Map<string, number>();
  for (let i = task.from; i < task.to; i++) {
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

/** Run contexts a forecast runner keeps (a queue worker may serve several forecasts in turn). */
const CONTEXTS_KEPT = 4;

/**
 * A template's data as bytes (V8's serialization, as between threads): made once per forecast, so
 * that each task carries a copy of the bytes rather than a clone of the data, and a thread that
 * already holds the context never decodes them.
 */
export type TemplateBytes = Uint8Array & { readonly __templateData: true };

/** The bytes of a template's data. */
export function templateBytes(data: TemplateData): TemplateBytes {
  // A copy the size of the bytes: a Buffer may be a view of a larger pool, all of which a
  // message to a thread would copy.
  return new Uint8Array(serialize(data)) as TemplateBytes;
}

/** The template data back from its bytes. */
export function templateOfBytes(bytes: TemplateBytes): TemplateData {
  return deserialize(bytes) as TemplateData;
}

/**
 * Runs forecast jobs with the run context of each source built once (the most recent few kept):
 * what a pool thread and a queue worker do. A job's context comes from `template` when the caller
 * sent the template's data (a pool thread of the process that loaded it), else from `load`, which
 * reads the source (a queue worker on another machine).
 *
 * @example
 * const run = taskRunner();
 * const tally = run(job, templateBytes(template.data), undefined);
 */
export function taskRunner(): (
  job: ForecastJob,
  template: TemplateBytes | undefined,
  load: ((source: TemplateSource) => RunContext) | undefined,
) => ForecastTally {
  const kept = new Map<string, RunContext>();
  return (job, template, load) => {
    const key = JSON.stringify(job.source);
    let ctx = kept.get(key);
    if (ctx) kept.delete(key);
    else {
      if (template) ctx = runContext(templateFromData(templateOfBytes(template)));
      else if (load) ctx = load(job.source);
      else throw new Error('a forecast task came with neither its template nor a way to load it');
      if (kept.size >= CONTEXTS_KEPT) kept.delete(kept.keys().next().value as string);
    }
    kept.set(key, ctx);
    return executeTask(ctx, job);
  };
}
