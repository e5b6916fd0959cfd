/**
 * Forecasts beyond one machine, on BullMQ over Redis: the CLI puts a forecast's fixed tasks on the
 * queue `lancaster-forecast` as jobs ({ source, seed, task }: a few hundred bytes each), every
 * `lancaster worker` takes jobs, rebuilds the same template from the source and returns the task's
 * columns, and the CLI puts each result in place by task index, exactly as the in-thread path does,
 * so the forecast is byte-identical to `--workers 1`. BullMQ does the distribution, the locks and
 * the recovery of jobs whose worker died (stalled jobs go back to the queue); nothing here is
 * cluster code. Only forecasts go through the queue; tournaments stay on one machine.
 *
 * Job ids derive from a forecast id (a hash of the version, source, seed and task plan) and the task
 * index, so running the same forecast again while its jobs exist adds nothing and picks up the
 * results already computed. The CLI removes its jobs when it has its answer; jobs left behind by an
 * interrupted CLI expire after a day.
 */
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { type Job, Queue, QueueEvents, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { ForecastRuns } from '../analysis/forecast.ts';
import { LancasterError } from '../errors.ts';
import { LANCASTER_VERSION } from '../version.ts';
import {
  contextOf,
  executeTask,
  type ForecastTask,
  type RunContext,
  type TemplateSource,
} from './forecast.ts';
import { siblingModule, workerPool } from './pool.ts';

/** The BullMQ queue that carries forecast tasks. */
export const FORECAST_QUEUE = 'lancaster-forecast';
const JOB_NAME = 'forecast-task';
/** Finished jobs an interrupted CLI never collected are removed after this long. */
const KEEP_FINISHED_S = 24 * 3600;
/**
 * Entries kept in the queue's events stream. A completed event carries the job's result (128 kB for
 * a task of London), so BullMQ's default of 10,000 could hold a gigabyte; results are read from the
 * jobs, so the events need only wake the CLI.
 */
const EVENTS_KEPT = 200;
/** How often the CLI looks at the unfinished jobs in case it missed their events. */
const SWEEP_MS = 3000;

/** What a job carries from the CLI to a worker. */
export interface ForecastJobData {
  /** Lancaster version of the CLI that queued the job. */
  readonly version: string;
  /** The forecast id (see `forecastId`). */
  readonly forecast: string;
  /** The task's index in the forecast's plan. */
  readonly index: number;
  readonly source: TemplateSource;
  readonly seed: number;
  readonly task: ForecastTask;
}

const COLUMNS = {
  status: Uint8Array,
  outcome: Float64Array,
  rounds: Int32Array,
  utilities: Float64Array,
  vetoes: Int32Array,
  strategies: Int16Array,
  draws: Float64Array,
  impacts: Float64Array,
} as const;
type Column = keyof typeof COLUMNS;

/**
 * A job's return value: the task's columns, each as base64 of its bytes. Bytes, not JSON numbers,
 * so that every double comes back bit for bit (-0 and NaN included); for London they are also 27%
 * smaller (128 kB against 175 kB per task of 250 runs).
 */
export type EncodedRuns = { readonly count: number } & { readonly [K in Column]: string };

// Typed arrays are in the machine's byte order; every platform Node runs on in practice is
// little-endian, and a big-endian one is refused rather than trusted to decode another's bytes.
function assertLittleEndian(): void {
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
    throw new Error('Lancaster queue workers need a little-endian machine');
  }
}

/** A task's columns as a JSON-safe job return value. */
export function encodeRuns(runs: ForecastRuns): EncodedRuns {
  assertLittleEndian();
  const out: Record<string, string | number> = { count: runs.count };
  for (const k of Object.keys(COLUMNS) as Column[]) {
    const a = runs[k];
    out[k] = Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
  }
  return out as EncodedRuns;
}

/** The columns of an `encodeRuns` value (throws on a value that is not one). */
export function decodeRuns(value: unknown): ForecastRuns {
  assertLittleEndian();
  const v = value as Partial<Record<string, unknown>> | null;
  if (!v || typeof v !== 'object' || !Number.isSafeInteger(v.count))
    throw new Error('not a forecast task result');
  const out: Record<string, unknown> = { count: v.count };
  for (const [k, Type] of Object.entries(COLUMNS)) {
    const text = v[k];
    if (typeof text !== 'string') throw new Error(`a forecast task result without its ${k} column`);
    const bytes = Buffer.from(text, 'base64');
    if (bytes.length % Type.BYTES_PER_ELEMENT !== 0) throw new Error(`a torn ${k} column`);
    // A copy: a fresh, aligned buffer of the column's own type.
    out[k] = new Type(new Uint8Array(bytes).buffer);
  }
  return out as unknown as ForecastRuns;
}

/**
 * The connection target ioredis understands: a `redis://` or `rediss://` URL as given, or the path
 * of a Unix socket (`unix:///run/redis.sock` or `/run/redis.sock`). `option` names the flag in errors.
 */
export function redisTarget(url: string, option: string): string {
  if (url.startsWith('unix://')) return url.slice('unix://'.length);
  if (url.startsWith('/')) return url;
  if (/^rediss?:\/\//i.test(url)) {
    try {
      new URL(url);
      return url;
    } catch {
      // Reported below.
    }
  }
  throw new LancasterError({
    code: 'BAD_OPTION',
    path: option,
    message: `'${url}' is not a Redis address`,
    expected: `a Redis URL such as ${option} redis://localhost:6379 (rediss:// for TLS), or a Unix socket such as ${option} unix:///run/redis/redis.sock`,
  });
}

/**
 * Checks that Redis answers at `url` (one PING, at most 5 s), so that a wrong address is a clear
 * error at once rather than BullMQ reconnecting forever.
 */
export async function checkRedis(url: string, option: string): Promise<void> {
  const client = new Redis(redisTarget(url, option), {
    lazyConnect: true,
    connectTimeout: 5000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  // The socket's own error (ECONNREFUSED, ENOENT…) says more than the "Connection is closed" that follows.
  let cause = '';
  client.on('error', (e: Error) => {
    cause ||= e.message;
  });
  try {
    await client.connect();
    await client.ping();
  } catch (e) {
    throw new LancasterError({
      code: 'QUEUE_UNREACHABLE',
      path: option,
      message: `cannot reach Redis at ${url} (${cause || (e instanceof Error ? e.message : String(e))})`,
      expected: `a running Redis 7 at that address: start one with \`redis-server\`, or check the address given to ${option}`,
    });
  } finally {
    client.disconnect();
  }
}

function connectionOf(url: string, option: string) {
  return { url: redisTarget(url, option) };
}

/** The id of a forecast: the same version, source, seed and task plan give the same id. */
export function forecastId(source: TemplateSource, seed: number, tasks: readonly ForecastTask[]): string {
  const text = JSON.stringify({ version: LANCASTER_VERSION, source, seed, tasks });
  return createHash('sha256').update(text).digest('hex').slice(0, 20);
}

/** What a task covers, for messages: "runs 250–499 of the sample". */
export function describeTask(task: ForecastTask): string {
  const runs = `runs ${task.from}–${task.to - 1}`;
  if (task.kind === 'sample') return `${runs} of the sample`;
  if (task.parameter < 0) return `swing replicates ${task.from}–${task.to - 1} of the base case`;
  return `swing replicates ${task.from}–${task.to - 1} of parameter ${task.parameter} at its ${task.end} end`;
}

/** A job of the forecast failed on a worker: the job ran, so this is exit code 1, not bad input. */
export class QueueJobError extends Error {
  readonly index: number;
  readonly task: ForecastTask;
  readonly reason: string;
  /** The worker's name, when BullMQ recorded it. */
  readonly worker: string | undefined;

  constructor(index: number, task: ForecastTask, reason: string, worker?: string) {
    super(
      `forecast task ${index} (${describeTask(task)}) failed${worker ? ` on worker ${worker}` : ''}: ${reason}`,
    );
    this.name = 'QueueJobError';
    this.index = index;
    this.task = task;
    this.reason = reason;
    this.worker = worker;
  }
}

export interface QueueForecastOptions {
  /** The Redis address (`--queue`). */
  readonly url: string;
  /** How long to wait with no job taken before `onIdle` (default 5 s). */
  readonly idleHintMs?: number;
  /** Called once when no worker has taken a job after `idleHintMs`, with the number of workers connected. */
  readonly onIdle?: (workers: number) => void;
  /** Called once the jobs are queued, with the number of workers connected. */
  readonly onQueued?: (workers: number) => void;
}

/**
 * Runs a forecast's tasks as BullMQ jobs and hands each result to `onResult` (task index, columns)
 * as it arrives. Throws a `LancasterError` when Redis cannot be reached and a `QueueJobError` when
 * a job fails on a worker.
 *
 * A finished job is noticed by its `completed`/`failed` event and, in case an event was missed
 * (the events stream is kept short, since completed events carry the results), by a sweep of the
 * unfinished jobs' states every few seconds; either way the result is read from the job itself.
 */
export async function runTasksOnQueue(
  job: { readonly source: TemplateSource; readonly seed: number; readonly tasks: readonly ForecastTask[] },
  opts: QueueForecastOptions,
  onResult: (index: number, runs: ForecastRuns) => void,
): Promise<void> {
  await checkRedis(opts.url, '--queue');
  const connection = connectionOf(opts.url, '--queue');
  const queue = new Queue<ForecastJobData, EncodedRuns>(FORECAST_QUEUE, {
    connection,
    streams: { events: { maxLen: EVENTS_KEPT } },
  });
  const events = new QueueEvents(FORECAST_QUEUE, { connection });
  // Connection trouble after the check: BullMQ reconnects by itself, and the sweep catches up.
  queue.on('error', () => {});
  events.on('error', () => {});
  const id = forecastId(job.source, job.seed, job.tasks);
  const jobIdOf = (t: number) => `lf-${id}-${t}`;
  const startedAt = Date.now();
  // Unfinished tasks by job id, and how often each was queued again.
  const pending = new Map<string, number>();
  const requeued = new Map<number, number>();
  const settling = new Set<string>();
  // Set once the forecast has its answer or has failed: late events must not queue jobs again.
  let over = false;
  let received = 0;
  let fail: (e: unknown) => void = () => {};
  let allDone: () => void = () => {};
  const finished = new Promise<void>((resolve, reject) => {
    allDone = resolve;
    fail = reject;
  });
  // Awaited below; this only keeps a failure during the set-up from counting as unhandled.
  finished.catch(() => {});
  const timers: NodeJS.Timeout[] = [];
  const data = (t: number): ForecastJobData => ({
    version: LANCASTER_VERSION,
    forecast: id,
    index: t,
    source: job.source,
    seed: job.seed,
    task: job.tasks[t] as ForecastTask,
  });
  // One attempt: a task is deterministic, so a failure would fail again. A worker that dies is
  // another matter: BullMQ gives its stalled job to another worker.
  const jobOpts = (t: number) => ({
    jobId: jobIdOf(t),
    attempts: 1,
    removeOnComplete: { age: KEEP_FINISHED_S },
    removeOnFail: { age: KEEP_FINISHED_S },
  });

  /** Takes a finished job's result, or queues it again, or fails the forecast. */
  const settle = async (jobId: string): Promise<void> => {
    const t = pending.get(jobId);
    if (over || t === undefined || settling.has(jobId)) return;
    settling.add(jobId);
    try {
      const task = job.tasks[t] as ForecastTask;
      const found = (await queue.getJob(jobId)) as Job<ForecastJobData, EncodedRuns> | undefined;
      if (over) return;
      const again = requeued.get(t) ?? 0;
      if (!found) {
        // Removed under us (another CLI running the same forecast finished first): queue it again.
        if (again >= 2) throw new QueueJobError(t, task, 'its job disappeared from the queue twice');
        requeued.set(t, again + 1);
        await queue.add(JOB_NAME, data(t), jobOpts(t));
        return;
      }
      if (found.finishedOn === undefined) return;
      if (found.failedReason) {
        if (found.finishedOn < startedAt && again < 1) {
          // A failure left by an earlier run of this forecast: try once more now.
          requeued.set(t, again + 1);
          await found.retry('failed');
          return;
        }
        throw new QueueJobError(t, task, found.failedReason, found.processedBy);
      }
      const runs = decodeRuns(found.returnvalue);
      if (runs.count !== task.to - task.from)
        throw new QueueJobError(t, task, `a worker returned ${runs.count} runs for ${task.to - task.from}`);
      pending.delete(jobId);
      received++;
      onResult(t, runs);
      if (pending.size === 0) allDone();
    } finally {
      settling.delete(jobId);
    }
  };
  const settleAll = (ids: Iterable<string>) => {
    for (const jobId of ids) settle(jobId).catch(fail);
  };
  const sweep = async () => {
    const ids = [...pending.keys()];
    const states = await Promise.all(ids.map((jobId) => queue.getJobState(jobId)));
    settleAll(ids.filter((_, k) => ['completed', 'failed', 'unknown'].includes(states[k] as string)));
  };

  try {
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
    events.on('completed', ({ jobId }) => settleAll([jobId]));
    events.on('failed', ({ jobId }) => settleAll([jobId]));
    for (let t = 0; t < job.tasks.length; t++) pending.set(jobIdOf(t), t);
    for (let from = 0; from < job.tasks.length; from += 500) {
      const batch = [];
      for (let t = from; t < Math.min(job.tasks.length, from + 500); t++)
        batch.push({ name: JOB_NAME, data: data(t), opts: jobOpts(t) });
      await queue.addBulk(batch);
    }
    if (opts.onQueued) opts.onQueued(await queue.getWorkersCount().catch(() => 0));
    // Jobs that already existed (a re-run) may have finished before we listened.
    await sweep();
    timers.push(
      setInterval(() => {
        sweep().catch(() => {});
      }, SWEEP_MS),
    );
    const onIdle = opts.onIdle;
    if (onIdle) {
      timers.push(
        setTimeout(async () => {
          try {
            // Only this forecast's jobs count: the queue may hold other forecasts' jobs.
            const ids = [...pending.keys()];
            const states = await Promise.all(ids.map((jobId) => queue.getJobState(jobId)));
            const taken = states.some((st) => st !== 'waiting' && st !== 'prioritized');
            if (received === 0 && !taken) onIdle(await queue.getWorkersCount());
          } catch {
            // Only a hint.
          }
        }, opts.idleHintMs ?? 5000),
      );
    }
    await finished;
  } finally {
    over = true;
    for (const timer of timers) clearTimeout(timer);
    // Waiting and finished jobs go; a job a worker still holds cannot be removed and expires later.
    await Promise.all(job.tasks.map((_, t) => queue.remove(jobIdOf(t)).catch(() => 0)));
    await Promise.allSettled([events.close(), queue.close()]);
  }
}

export interface ForecastWorkerOptions {
  /** The Redis address (`--redis`). */
  readonly url: string;
  /** Tasks run at once: 1 runs them in this thread, more on a pool of that many threads. */
  readonly concurrency: number;
  /** How long a job stays claimed without a heartbeat before another worker takes it over (default 30 s). */
  readonly lockDurationMs?: number;
  /** The worker's name in BullMQ (default host:pid). */
  readonly name?: string;
  /** Where the worker reports what it does (one line each). */
  readonly log: (line: string) => void;
}

/** A running `lancaster worker`. */
export interface ForecastWorker {
  readonly name: string;
  /** Stops taking jobs and waits for the running ones (`force`: abandon them to other workers). */
  close(force?: boolean): Promise<void>;
}

const CONTEXTS_KEPT = 4;

/** The run context of a job's source, loaded once per source (a few kept, most recent last). */
function contextCache() {
  const kept = new Map<string, RunContext>();
  return (source: TemplateSource): RunContext => {
    const key = JSON.stringify(source);
    let ctx = kept.get(key);
    if (ctx) {
      kept.delete(key);
    } else {
      ctx = contextOf(source);
      if (kept.size >= CONTEXTS_KEPT) kept.delete(kept.keys().next().value as string);
    }
    kept.set(key, ctx);
    return ctx;
  };
}

/** Runs one job's task in this thread (the processor of a worker with concurrency 1, and of pool threads). */
export function forecastJobProcessor(): (data: ForecastJobData) => ForecastRuns {
  const contextOf = contextCache();
  return (data) => {
    if (data.version !== LANCASTER_VERSION) {
      throw new Error(
        `this worker runs Lancaster ${LANCASTER_VERSION} but the forecast was queued by Lancaster ${data.version}: run the same version on every machine`,
      );
    }
    return executeTask(contextOf(data.source), data.seed, data.task);
  };
}

/**
 * Starts a BullMQ worker for forecast tasks. Throws a `LancasterError` when Redis cannot be reached.
 *
 * @example
 * const worker = await startForecastWorker({ url: 'redis://localhost:6379', concurrency: 2, log: console.log });
 * process.on('SIGTERM', () => void worker.close());
 */
export async function startForecastWorker(o: ForecastWorkerOptions): Promise<ForecastWorker> {
  await checkRedis(o.url, '--redis');
  const name = o.name ?? `${hostname()}:${process.pid}`;
  const pool =
    o.concurrency > 1
      ? workerPool({
          filename: siblingModule(import.meta.url, './queue-worker-thread'),
          threads: o.concurrency,
        })
      : null;
  const inThread = pool ? null : forecastJobProcessor();
  const seen = new Set<string>();
  const worker = new Worker<ForecastJobData, EncodedRuns>(
    FORECAST_QUEUE,
    async (job) => {
      if (!seen.has(job.data.forecast)) {
        seen.add(job.data.forecast);
        o.log(`forecast ${job.data.forecast}: ${job.data.source.pathOrName}, seed ${job.data.seed}`);
      }
      const runs = inThread
        ? inThread(job.data)
        : ((await (pool as NonNullable<typeof pool>).run(job.data)) as ForecastRuns);
      return encodeRuns(runs);
    },
    {
      connection: connectionOf(o.url, '--redis'),
      name,
      concurrency: o.concurrency,
      ...(o.lockDurationMs !== undefined
        ? { lockDuration: o.lockDurationMs, stalledInterval: o.lockDurationMs }
        : {}),
    },
  );
  let lastError = '';
  worker.on('error', (e) => {
    // BullMQ reconnects by itself; say so once per distinct trouble, not once per retry.
    if (e.message !== lastError) o.log(`queue connection: ${e.message} (retrying)`);
    lastError = e.message;
  });
  worker.on('failed', (job, e) => {
    if (job) o.log(`task ${job.data.index} of forecast ${job.data.forecast} failed: ${e.message}`);
  });
  await worker.waitUntilReady();
  return {
    name,
    async close(force = false) {
      await worker.close(force);
      await pool?.destroy();
    },
  };
}
