/**
 * The studio's runs and forecasts of scenario documents, and where they run. A document is checked
 * exactly as `lancaster validate` checks a file (every problem, with its field, in one
 * INVALID_SCENARIO refusal), a draft is refused with its open todos (SCENARIO_DRAFT), and what a
 * job may cost is bounded (STUDIO_LIMITS: rounds, runs, analysed outcomes, seconds). Under
 * `lancaster serve` jobs run one at a time in a worker thread of their own (`ThreadedStudioRunner`),
 * so a long forecast never holds up the sessions at the table, and a job past its time is stopped
 * with its thread (STUDIO_TOO_LONG); `InlineStudioRunner` runs them in the caller's thread (tests).
 */
import type { Worker } from 'node:worker_threads';
import { LancasterError, type Problem } from '../errors.ts';
import { toScenario } from '../formats/native/convert.ts';
import { validateScenarioData } from '../formats/native/load.ts';
import type { ScenarioTemplate } from '../formats/scenario-template.ts';
import type { Distribution } from '../model/distribution.ts';
import { assertRunnable, type Scenario } from '../model/scenario.ts';
import { forecastPlan, runForecast } from '../run/forecast.ts';
import { siblingModule, workerThread } from '../run/pool.ts';
import { simulate } from '../run/simulate.ts';
import { apiError } from './machine.ts';
import {
  STUDIO_DEFAULT_RUNS,
  STUDIO_LIMITS,
  type StudioForecastRequest,
  type StudioForecastResponse,
  type StudioSimulateRequest,
  type StudioSimulateResponse,
} from './studio-api.ts';

/** How a document is named in problems (it has no file). */
const DOCUMENT = 'scenario';

/** The seed of a run or forecast when the request gives none, as the CLI's default. */
const DEFAULT_SEED = 1;

/** A job of the studio. */
export type StudioJob =
  | { readonly kind: 'simulate'; readonly request: StudioSimulateRequest }
  | { readonly kind: 'forecast'; readonly request: StudioForecastRequest };

/** What a job answers. */
export type StudioJobResult<J extends StudioJob> = J['kind'] extends 'simulate'
  ? StudioSimulateResponse
  : StudioForecastResponse;

/** A checked document: the parsed file, its raw data and the scenario at point values. */
interface Checked {
  readonly template: ScenarioTemplate;
  readonly scenario: Scenario;
}

/** The largest value a distribution (or a point) can take. */
function upper(value: number, d: Distribution | undefined): number {
  if (!d) return value;
  return d.kind === 'choice' ? Math.max(...d.values) : d.max;
}

/** The most rounds any run of the scenario can have, its uncertain rounds at their largest. */
function maxRounds(s: Scenario): number {
  const params = new Map(s.parameters.map((p) => [p.path, p]));
  const of = (path: string, point: number) => upper(point, params.get(path)?.distribution);
  const sittings = s.protocol.schedule.map((x, k) => of(`protocol.schedule.${k}.rounds`, x.rounds));
  const bySittings = sittings.length > 1 ? sittings.reduce((a, b) => a + b, 0) : 0;
  return Math.max(of('protocol.deadline.rounds', s.protocol.rounds), bySittings);
}

/**
 * The document checked as a scenario file and as runnable: INVALID_SCENARIO with every problem,
 * SCENARIO_DRAFT with the open todos, BAD_REQUEST beyond the studio's rounds.
 */
export function checkDocument(doc: unknown): Checked {
  const r = validateScenarioData(doc, DOCUMENT);
  if (!r.ok) {
    const n = r.problems.length;
    throw new LancasterError([
      {
        code: 'INVALID_SCENARIO',
        message: `the scenario has ${n} problem${n === 1 ? '' : 's'} (listed in \`problems\`, each with its field); fix them and send it again`,
      },
      ...r.problems,
    ]);
  }
  assertRunnable(r.scenario, DOCUMENT);
  const rounds = maxRounds(r.scenario);
  if (rounds > STUDIO_LIMITS.maxRounds) {
    throw apiError(
      'BAD_REQUEST',
      `the deadline can reach ${Number.isFinite(rounds) ? `${rounds} rounds` : 'any number of rounds'}, more than the ${STUDIO_LIMITS.maxRounds} a studio run takes; lower it, or run the file with lancaster simulate`,
      'protocol.deadline.rounds',
    );
  }
  const { file, raw, scenario } = r;
  const template: ScenarioTemplate = {
    scenario,
    parameters: scenario.parameters,
    uncertain: scenario.parameters.filter((p) => p.distribution !== undefined),
    build: (values) => (values.size === 0 ? scenario : toScenario(file, raw, values)),
  };
  return { template, scenario };
}

/** One run of the document, with its analysis bounded, as `lancaster simulate --seed` runs it. */
export function simulateDocument(req: StudioSimulateRequest): StudioSimulateResponse {
  const { scenario } = checkDocument(req.scenario);
  const seed = req.seed ?? DEFAULT_SEED;
  const { result, metrics, analysis } = simulate(scenario, {
    seed,
    ...(req.negotiators ? { negotiators: req.negotiators } : {}),
    analysis: { maxOutcomes: STUDIO_LIMITS.maxAnalysedOutcomes },
  });
  const order = scenario.protocol.order;
  const offers = result.events.flatMap((e) =>
    e.type === 'offer'
      ? [
          {
            party: order[e.party] as string,
            round: e.round,
            outcome: scenario.space.toRecord(e.outcome),
            utilities: scenario.parties.map((p) => p.utility.evaluate(e.outcome)),
          },
        ]
      : [],
  );
  return {
    scenario: { id: scenario.id, title: scenario.title },
    seed,
    negotiators: result.negotiators,
    status: result.status,
    agreement: result.agreement ? scenario.space.toRecord(result.agreement) : null,
    rounds: result.rounds,
    parties: scenario.parties.map((p, i) => ({
      id: p.id,
      label: p.label,
      utility: metrics.utilities[i] as number,
      reservationValue: p.reservationValue,
    })),
    metrics: {
      paretoOptimal: metrics.paretoOptimal,
      distanceToFrontier: metrics.distanceToFrontier,
      distanceToNash: metrics.distanceToNash,
      approximate: metrics.approximate === true,
    },
    nash: analysis.nash ? [...analysis.nash.utilities] : null,
    offers,
    vetoes: result.vetoes,
    error: result.error ? `${result.error.code}: ${result.error.message}` : null,
  };
}

/** The forecast of the document, as `lancaster forecast` computes it for the file. */
export async function forecastDocument(req: StudioForecastRequest): Promise<StudioForecastResponse> {
  const { template, scenario } = checkDocument(req.scenario);
  const runs = req.runs ?? Math.min(scenario.forecast?.runs ?? STUDIO_DEFAULT_RUNS, STUDIO_DEFAULT_RUNS);
  const sensitivity = req.sensitivity !== false;
  const { total } = forecastPlan(runs, template.uncertain.length, { sensitivity });
  if (total > STUDIO_LIMITS.maxTotalRuns) {
    throw apiError(
      'BAD_REQUEST',
      `this forecast needs ${total} runs with its sensitivity swings, more than the ${STUDIO_LIMITS.maxTotalRuns} a studio forecast takes; ask for fewer runs or no sensitivity`,
      'runs',
    );
  }
  return runForecast(template, { runs, seed: req.seed ?? DEFAULT_SEED, threads: 1, sensitivity });
}

/** Does one job (in whichever thread calls it). */
export async function runStudioJob(job: StudioJob): Promise<StudioSimulateResponse | StudioForecastResponse> {
  return job.kind === 'simulate' ? simulateDocument(job.request) : forecastDocument(job.request);
}

/** Where studio jobs run: one at a time. */
export interface StudioRunner {
  /** Whether a job is running now (another is then refused with STUDIO_BUSY). */
  readonly busy: boolean;
  simulate(request: StudioSimulateRequest): Promise<StudioSimulateResponse>;
  forecast(request: StudioForecastRequest): Promise<StudioForecastResponse>;
  close(): Promise<void>;
}

/** Seconds a job may run before it is stopped: a run, a forecast. */
export const STUDIO_SECONDS = { simulate: 30, forecast: 120 } as const;

function busyError(): LancasterError {
  return apiError(
    'STUDIO_BUSY',
    'a studio run or forecast is under way on this server; retry in a few seconds',
  );
}

/** Runs jobs in the caller's thread (tests, embedding): nothing stops a long one. */
export class InlineStudioRunner implements StudioRunner {
  private running = false;

  get busy(): boolean {
    return this.running;
  }

  private async run<T>(work: () => Promise<T> | T): Promise<T> {
    if (this.running) throw busyError();
    this.running = true;
    try {
      // Let the caller's request finish arriving before the work takes the thread.
      await new Promise((resolve) => setImmediate(resolve));
      return await work();
    } finally {
      this.running = false;
    }
  }

  simulate(request: StudioSimulateRequest): Promise<StudioSimulateResponse> {
    return this.run(() => simulateDocument(request));
  }

  forecast(request: StudioForecastRequest): Promise<StudioForecastResponse> {
    return this.run(() => forecastDocument(request));
  }

  async close(): Promise<void> {}
}

/** Messages to the studio thread. */
export interface ToStudioThread {
  readonly id: number;
  readonly job: StudioJob;
}

/** Messages from the studio thread: the answer, or the refusal's problems, or a fault. */
export type FromStudioThread =
  | {
      readonly id: number;
      readonly ok: true;
      readonly result: StudioSimulateResponse | StudioForecastResponse;
    }
  | { readonly id: number; readonly ok: false; readonly problems: readonly Problem[] }
  | { readonly id: number; readonly ok: false; readonly fault: string };

/** What the studio thread is started with. */
export interface StudioThreadData {
  /** Modules (URLs or absolute paths) that register negotiators, as `serve --negotiators` gives them. */
  readonly negotiatorModules: readonly string[];
}

/**
 * One worker thread for studio jobs, started on demand and kept for the next job; a job over its
 * time (STUDIO_SECONDS, or `seconds`) is answered STUDIO_TOO_LONG and its thread terminated.
 */
export class ThreadedStudioRunner implements StudioRunner {
  private worker: Worker | null = null;
  private current: {
    readonly id: number;
    readonly resolve: (v: unknown) => void;
    readonly reject: (e: unknown) => void;
    readonly timer: ReturnType<typeof setTimeout>;
  } | null = null;
  private next = 1;
  private readonly modules: readonly string[];
  private readonly seconds: { readonly simulate: number; readonly forecast: number };

  constructor(
    opts: { negotiatorModules?: readonly string[]; seconds?: { simulate: number; forecast: number } } = {},
  ) {
    this.modules = opts.negotiatorModules ?? [];
    this.seconds = opts.seconds ?? STUDIO_SECONDS;
  }

  get busy(): boolean {
    return this.current !== null;
  }

  private start(): Worker {
    const data: StudioThreadData = { negotiatorModules: this.modules };
    const w = workerThread(siblingModule(import.meta.url, './studio-worker'), data);
    w.unref();
    w.on('message', (m: FromStudioThread) => this.receive(m));
    w.on('error', (err) => this.lost(w, err));
    w.on('exit', (code) => this.lost(w, new Error(`the studio thread exited (code ${code})`)));
    this.worker = w;
    return w;
  }

  private run(job: StudioJob): Promise<unknown> {
    if (this.current) return Promise.reject(busyError());
    const id = this.next++;
    const w = this.worker ?? this.start();
    const seconds = this.seconds[job.kind];
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.current = null;
        this.worker = null;
        void w.terminate();
        reject(
          apiError(
            'STUDIO_TOO_LONG',
            job.kind === 'forecast'
              ? `the forecast ran past ${seconds} s and was stopped; ask for fewer runs or no sensitivity, or run lancaster forecast on the file`
              : `the run went past ${seconds} s and was stopped; lower the deadline, or run lancaster simulate on the file`,
          ),
        );
      }, seconds * 1000);
      this.current = { id, resolve, reject, timer };
      w.postMessage({ id, job } satisfies ToStudioThread);
    });
  }

  private receive(m: FromStudioThread): void {
    const c = this.current;
    if (!c || c.id !== m.id) return;
    clearTimeout(c.timer);
    this.current = null;
    if (m.ok) c.resolve(m.result);
    else if ('problems' in m) c.reject(new LancasterError(m.problems));
    else c.reject(new Error(`the studio thread failed: ${m.fault}`));
  }

  /** The thread died by itself: its job fails (as a fault of the server). */
  private lost(w: Worker, err: unknown): void {
    if (this.worker !== w) return;
    this.worker = null;
    const c = this.current;
    if (!c) return;
    clearTimeout(c.timer);
    this.current = null;
    c.reject(err);
  }

  simulate(request: StudioSimulateRequest): Promise<StudioSimulateResponse> {
    return this.run({ kind: 'simulate', request }) as Promise<StudioSimulateResponse>;
  }

  forecast(request: StudioForecastRequest): Promise<StudioForecastResponse> {
    return this.run({ kind: 'forecast', request }) as Promise<StudioForecastResponse>;
  }

  async close(): Promise<void> {
    const c = this.current;
    if (c) {
      clearTimeout(c.timer);
      this.current = null;
      c.reject(new Error('the server is closing'));
    }
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }
}
