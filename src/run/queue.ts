/**
 * Forecasts and tournaments beyond one machine, on BullMQ over Redis. The CLI puts fixed tasks on
 * the queue `lancaster-tasks` as jobs (a forecast task: the scenario source, seed and range of
 * runs; a tournament chunk: a few match tasks, ids and short strings), every `lancaster worker`
 * takes jobs of both kinds and runs them on its threads, and the CLI takes each result: a forecast
 * merges task tallies in task order, exactly as on one machine, so its output is byte-identical to
 * `--workers 1`; a tournament stores each match (once: the store ignores a match index it holds),
 * so its ranking is the one-machine ranking. BullMQ does the distribution, the locks and the
 * recovery of jobs whose worker died (stalled jobs go back to the queue and run elsewhere); nothing
 * here is cluster code.
 *
 * At most a window of jobs is on the queue for one run at a time (`runOnQueue`), and a job is
 * removed as soon as its result is read, so neither Redis nor the CLI holds more than a window of
 * results however long the run. Job ids derive from the run (version, source or spec, seed, plan)
 * and the task index, so running the same forecast or tournament again while its jobs exist adds
 * nothing and picks up the results already computed. Jobs left behind by an interrupted CLI expire
 * after a day.
 */
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { type Job, Queue, QueueEvents, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { ForecastTally } from '../analysis/forecast.ts';
import { LancasterError } from '../errors.ts';
import { LANCASTER_VERSION } from '../version.ts';
import {
  type ForecastJob,
  type ForecastPlan,
  type ForecastTask,
  type TemplateSource,
  taskAt,
} from './forecast.ts';
import { siblingModule, workerPool } from './pool.ts';
import type { MatchReply, MatchTask } from './tournament/match.ts';
import { runWindowed } from './windowed.ts';
import type { PoolTask } from './worker-thread.ts';

/** The BullMQ queue that carries Lancaster's tasks: forecast tasks and chunks of tournament matches. */
export const TASK_QUEUE = 'lancaster-tasks';
/** Finished jobs an interrupted CLI never collected are removed after this long. */
const KEEP_FINISHED_S = 24 * 3600;
/**
 * Entries kept in the queue's events stream. A completed event carries the job's result, so
 * BullMQ's default of 10,000 could hold a gigabyte; results are read from the jobs, so the events
 * need only wake the CLI.
 */
const EVENTS_KEPT = 200;
/** How often the CLI looks at the unfinished jobs in case it missed their events. */
const SWEEP_MS = 3000;
/**
 * Jobs of one run on the queue at a time (started and not yet taken in by the CLI): enough to keep
 * dozens of workers busy, and a bound on what Redis and the CLI hold (a forecast task's tally is a
 * few hundred kB at most).
 */
export const QUEUE_WINDOW = 128;

/** A forecast task as a job. */
export interface ForecastJobData {
  readonly kind: 'forecast';
  /** Lancaster version of the CLI that queued the job. */
  readonly version: string;
  /** The run's id (see `runId`). */
  readonly run: string;
  /** The task's index in the run. */
  readonly index: number;
  readonly job: ForecastJob;
}

/** A chunk of tournament matches as a job. */
export interface MatchesJobData {
  readonly kind: 'matches';
  readonly version: string;
  readonly run: string;
  readonly index: number;
  readonly tasks: readonly MatchTask[];
  /** Wall-clock limit of each match (the spec's `matchTimeoutSeconds`). */
  readonly matchTimeoutMs: number;
}

export type TaskJobData = ForecastJobData | MatchesJobData;

const TYPED = { Float64Array, Int32Array, Int16Array, Uint8Array, Uint32Array } as const;
type TypedName = keyof typeof TYPED;

// Typed arrays are in the machine's byte order; every platform Node runs on in practice is
// little-endian, and a big-endian one is refused rather than trusted to decode another's bytes.
function assertLittleEndian(): void {
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
    throw new Error('Lancaster queue workers need a little-endian machine');
  }
}

/**
 * A job result as JSON-safe data, bit for bit: typed arrays as base64 of their bytes, Maps as
 * their entries, and the numbers JSON cannot carry (-0, NaN, ±Infinity) by name. Plain objects,
 * arrays, strings, booleans and null pass as they are.
 *
 * @example
 * decodeValue(JSON.parse(JSON.stringify(encodeValue(tally)))); // the same tally
 */
export function encodeValue(value: unknown): unknown {
  if (typeof value === 'number') {
    if (Object.is(value, -0)) return { $number: '-0' };
    return Number.isFinite(value) ? value : { $number: String(value) };
  }
  if (value === null || typeof value !== 'object') return value;
  if (ArrayBuffer.isView(value)) {
    assertLittleEndian();
    const name = value.constructor.name;
    if (!(name in TYPED)) throw new Error(`cannot send a ${name} through the queue`);
    return {
      $typed: name,
      bytes: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64'),
    };
  }
  if (value instanceof Map)
    return { $map: [...value.entries()].map(([k, v]) => [encodeValue(k), encodeValue(v)]) };
  if (Array.isArray(value)) return value.map(encodeValue);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encodeValue(v)]));
}

/** The value of an `encodeValue` result (throws on a malformed one). */
export function decodeValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(decodeValue);
  const v = value as Record<string, unknown>;
  if (typeof v.$number === 'string') {
    const n = v.$number === '-0' ? -0 : Number(v.$number);
    if (!(Object.is(n, -0) || Number.isNaN(n) || !Number.isFinite(n)))
      throw new Error(`a malformed number ${v.$number}`);
    return n;
  }
  if (typeof v.$typed === 'string') {
    assertLittleEndian();
    const Type = TYPED[v.$typed as TypedName];
    if (!Type || typeof v.bytes !== 'string') throw new Error(`a malformed ${v.$typed}`);
    const bytes = Buffer.from(v.bytes, 'base64');
    if (bytes.length % Type.BYTES_PER_ELEMENT !== 0) throw new Error(`a torn ${v.$typed}`);
    // A copy: a fresh, aligned buffer of the array's own type.
    return new Type(new Uint8Array(bytes).buffer);
  }
  if (Array.isArray(v.$map)) {
    return new Map(
      v.$map.map((e) => {
        if (!Array.isArray(e) || e.length !== 2) throw new Error('a malformed map entry');
        return [decodeValue(e[0]), decodeValue(e[1])];
      }),
    );
  }
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decodeValue(x)]));
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

/** The id of a run: the same version and description (source, seed, plan…) give the same id. */
export function runId(kind: string, description: unknown): string {
  const text = JSON.stringify({ version: LANCASTER_VERSION, kind, description });
  return createHash('sha256').update(text).digest('hex').slice(0, 20);
}

/** What a forecast task covers, for messages: "runs 250–499 of the sample". */
export function describeTask(task: ForecastTask): string {
  const runs = `runs ${task.from}–${task.to - 1}`;
  if (task.kind === 'sample') return `${runs} of the sample`;
  if (task.parameter < 0) return `swing replicates ${task.from}–${task.to - 1} of the base case`;
  return `swing replicates ${task.from}–${task.to - 1} of parameter ${task.parameter} at its ${task.end} end`;
}

/** A job failed on a worker: the job ran, so this is exit code 1, not bad input. */
export class QueueJobError extends Error {
  readonly index: number;
  /** What the job covered, e.g. "forecast task 3 (runs 750–999 of the sample)". */
  readonly what: string;
  readonly reason: string;
  /** The worker's name, when BullMQ recorded it. */
  readonly worker: string | undefined;

  constructor(index: number, what: string, reason: string, worker?: string) {
    super(`${what} failed${worker ? ` on worker ${worker}` : ''}: ${reason}`);
    this.name = 'QueueJobError';
    this.index = index;
    this.what = what;
    this.reason = reason;
    this.worker = worker;
  }
}

/** How a run on the queue behaves and reports (`--queue`). */
export interface QueueRunOptions {
  /** The Redis address (`--queue`). */
  readonly url: string;
  /** How long to wait with no job taken before `onIdle` (default 5 s). */
  readonly idleHintMs?: number;
  /** Called once when no worker has taken a job after `idleHintMs`, with the number of workers connected. */
  readonly onIdle?: (workers: number) => void;
  /** Called once the first jobs are queued, with the number of workers connected. */
  readonly onQueued?: (workers: number) => void;
  /** Where trouble that does not stop the run is reported (a lost connection, a job that could not be removed). Default: stderr. */
  readonly log?: (line: string) => void;
}

function stderrLog(line: string): void {
  process.stderr.write(`lancaster: ${line}\n`);
}

/** A log that says each distinct message once (BullMQ repeats a connection error on every retry). */
function onceEach(log: (line: string) => void): (line: string) => void {
  const said = new Set<string>();
  return (line) => {
    if (said.has(line)) return;
    said.add(line);
    log(line);
  };
}

/**
 * Runs tasks 0 … count − 1 of one run as jobs, at most `QUEUE_WINDOW` at a time, and hands each
 * result to `accept` (in task order when `ordered`). Throws a `LancasterError` when Redis cannot be
 * reached and a `QueueJobError` when a job fails on a worker.
 *
 * A finished job is noticed by its `completed`/`failed` event and, in case an event was missed
 * (the events stream is kept short), by a sweep of the unfinished jobs' states every few seconds;
 * either way the result is read from the job itself, and the job is then removed.
 */
async function runOnQueue<R>(o: {
  readonly options: QueueRunOptions;
  /** The run's id: job ids are `<prefix>-<id>-<key of t>`. */
  readonly id: string;
  readonly prefix: string;
  /** What names task t in its job id (default t itself). */
  readonly keyOf?: (t: number) => number;
  readonly count: number;
  readonly ordered: boolean;
  readonly dataOf: (t: number) => TaskJobData;
  /** What task t covers, for messages. */
  readonly describe: (t: number) => string;
  /** Task t's result from a job's return value (throws if it is not one). */
  readonly decode: (t: number, value: unknown) => R;
  readonly accept: (t: number, result: R) => void;
}): Promise<void> {
  const opts = o.options;
  const log = onceEach(opts.log ?? stderrLog);
  await checkRedis(opts.url, '--queue');
  const connection = connectionOf(opts.url, '--queue');
  const queue = new Queue<TaskJobData>(TASK_QUEUE, {
    connection,
    streams: { events: { maxLen: EVENTS_KEPT } },
  });
  const events = new QueueEvents(TASK_QUEUE, { connection });
  // Connection trouble after the check: BullMQ reconnects by itself, and the sweep catches up.
  queue.on('error', (e) => log(`queue connection: ${e.message} (retrying)`));
  events.on('error', (e) => log(`queue events connection: ${e.message} (retrying)`));
  const jobIdOf = (t: number) => `${o.prefix}-${o.id}-${o.keyOf ? o.keyOf(t) : t}`;
  const startedAt = Date.now();
  // Unfinished tasks by job id, with what to do when each ends.
  const waiting = new Map<string, { t: number; resolve: (r: R) => void; reject: (e: unknown) => void }>();
  const requeued = new Map<number, number>();
  const settling = new Set<string>();
  let received = 0;
  let over = false;
  const timers: NodeJS.Timeout[] = [];
  // One attempt: a task is deterministic, so a failure would fail again. A worker that dies is
  // another matter: BullMQ gives its stalled job to another worker.
  const jobOpts = (t: number) => ({
    jobId: jobIdOf(t),
    attempts: 1,
    removeOnComplete: { age: KEEP_FINISHED_S },
    removeOnFail: { age: KEEP_FINISHED_S },
  });

  /** Takes a finished job's result, or queues it again, or fails the run. */
  const settle = async (jobId: string): Promise<void> => {
    const w = waiting.get(jobId);
    if (over || !w || settling.has(jobId)) return;
    settling.add(jobId);
    const { t } = w;
    try {
      const found = (await queue.getJob(jobId)) as Job<TaskJobData> | undefined;
      if (over) return;
      const again = requeued.get(t) ?? 0;
      if (!found) {
        // Removed under us (another CLI running the same run finished first): queue it again.
        if (again >= 2) throw new QueueJobError(t, o.describe(t), 'its job disappeared from the queue twice');
        requeued.set(t, again + 1);
        await queue.add(o.dataOf(t).kind, o.dataOf(t), jobOpts(t));
        return;
      }
      if (found.finishedOn === undefined) return;
      if (found.failedReason) {
        if (found.finishedOn < startedAt && again < 1) {
          // A failure left by an earlier run: try once more now.
          requeued.set(t, again + 1);
          await found.retry('failed');
          return;
        }
        throw new QueueJobError(t, o.describe(t), found.failedReason, found.processedBy);
      }
      let result: R;
      try {
        result = o.decode(t, decodeValue(found.returnvalue));
      } catch (e) {
        throw new QueueJobError(
          t,
          o.describe(t),
          `its result is not one: ${e instanceof Error ? e.message : String(e)}`,
        );
      }
      waiting.delete(jobId);
      received++;
      // Read: the job's work is done, and its result need not wait in Redis for the run to end.
      found
        .remove()
        .catch((e: Error) =>
          log(`could not remove finished job ${jobId} (it expires in a day): ${e.message}`),
        );
      w.resolve(result);
    } catch (e) {
      if (e instanceof QueueJobError) w.reject(e);
      // Redis trouble while reading the job: the sweep looks at it again in a few seconds.
      else log(`could not read job ${jobId}: ${e instanceof Error ? e.message : String(e)} (trying again)`);
    } finally {
      settling.delete(jobId);
    }
  };
  const sweep = async () => {
    const ids = [...waiting.keys()];
    const states = await Promise.all(ids.map((jobId) => queue.getJobState(jobId)));
    ids.forEach((jobId, k) => {
      if (['completed', 'failed', 'unknown'].includes(states[k] as string)) void settle(jobId);
    });
  };

  try {
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
    events.on('completed', ({ jobId }) => void settle(jobId));
    events.on('failed', ({ jobId }) => void settle(jobId));
    timers.push(
      setInterval(() => {
        sweep().catch((e: Error) => log(`could not look at the queued jobs: ${e.message} (trying again)`));
      }, SWEEP_MS),
    );
    const onIdle = opts.onIdle;
    if (onIdle) {
      timers.push(
        setTimeout(async () => {
          try {
            // Only this run's jobs count: the queue may hold other runs' jobs.
            const ids = [...waiting.keys()];
            const states = await Promise.all(ids.map((jobId) => queue.getJobState(jobId)));
            const taken = states.some((st) => st !== 'waiting' && st !== 'prioritized');
            if (received === 0 && !taken) onIdle(await queue.getWorkersCount());
          } catch (e) {
            log(`could not count the workers: ${e instanceof Error ? e.message : String(e)}`);
          }
        }, opts.idleHintMs ?? 5000),
      );
    }
    let announced = false;
    await runWindowed({
      count: o.count,
      window: QUEUE_WINDOW,
      ordered: o.ordered,
      start: async (t) => {
        const jobId = jobIdOf(t);
        const result = new Promise<R>((resolve, reject) => waiting.set(jobId, { t, resolve, reject }));
        const data = o.dataOf(t);
        await queue.add(data.kind, data, jobOpts(t));
        if (!announced && opts.onQueued) {
          announced = true;
          opts.onQueued(
            await queue.getWorkersCount().catch((e: Error) => {
              log(`could not count the workers: ${e.message}`);
              return 0;
            }),
          );
        }
        // The job may exist already, finished by an earlier run of the same work.
        void settle(jobId);
        return result;
      },
      accept: o.accept,
    });
  } finally {
    over = true;
    for (const timer of timers) clearTimeout(timer);
    // Jobs still on the queue after a failure: waiting ones go; one a worker holds cannot be
    // removed and expires later.
    const left = await Promise.all([...waiting.keys()].map((jobId) => queue.remove(jobId).catch(() => 0)));
    const kept = left.filter((n) => n === 0).length;
    if (kept > 0)
      log(`${kept} job${kept === 1 ? '' : 's'} still held by a worker stay on the queue and expire in a day`);
    await Promise.allSettled([events.close(), queue.close()]);
  }
}

/**
 * Runs a forecast's tasks as jobs and hands each task's tally to `merge` (task index, tally) in
 * task order, as the threads do.
 */
export async function runForecastOnQueue(
  run: { readonly source: TemplateSource; readonly seed: number; readonly plan: ForecastPlan },
  options: QueueRunOptions,
  merge: (index: number, tally: ForecastTally) => void,
): Promise<void> {
  const id = runId('forecast', run);
  const jobAt = (t: number): ForecastJob => ({
    source: run.source,
    seed: run.seed,
    bins: run.plan.bins,
    task: taskAt(run.plan, t),
  });
  await runOnQueue({
    options,
    id,
    prefix: 'lf',
    count: run.plan.tasks,
    ordered: true,
    dataOf: (t) => ({ kind: 'forecast', version: LANCASTER_VERSION, run: id, index: t, job: jobAt(t) }),
    describe: (t) => `forecast task ${t} (${describeTask(taskAt(run.plan, t))})`,
    decode: (t, value) => {
      const tally = value as ForecastTally;
      const task = taskAt(run.plan, t);
      if (!tally || typeof tally !== 'object' || tally.count !== task.to - task.from)
        throw new Error(`${tally?.count} runs for ${task.to - task.from}`);
      return tally;
    },
    accept: merge,
  });
}

/**
 * Runs chunks of a tournament's matches as jobs and hands each chunk's replies (one per match, in
 * the chunk's order) to `record` as they arrive. `id` names the tournament (its spec) and `keys`
 * each chunk within it, so the same chunk of the same spec is the same job, in a later run too.
 */
export async function runMatchesOnQueue(
  run: {
    readonly id: string;
    readonly chunks: readonly (readonly MatchTask[])[];
    readonly keys: readonly number[];
    readonly matchTimeoutMs: number;
  },
  options: QueueRunOptions,
  record: (chunk: number, replies: readonly MatchReply[]) => void,
): Promise<void> {
  const first = (c: number) => (run.chunks[c] as readonly MatchTask[])[0]?.matchIndex ?? 0;
  await runOnQueue({
    options,
    id: run.id,
    prefix: 'lt',
    keyOf: (c) => run.keys[c] as number,
    count: run.chunks.length,
    ordered: false,
    dataOf: (c) => ({
      kind: 'matches',
      version: LANCASTER_VERSION,
      run: run.id,
      index: run.keys[c] as number,
      tasks: run.chunks[c] as readonly MatchTask[],
      matchTimeoutMs: run.matchTimeoutMs,
    }),
    describe: (c) => {
      const n = (run.chunks[c] as readonly MatchTask[]).length;
      return `tournament chunk ${run.keys[c]} (matches ${first(c)}–${first(c) + n - 1})`;
    },
    decode: (c, value) => {
      const replies = value as MatchReply[];
      const tasks = run.chunks[c] as readonly MatchTask[];
      if (!Array.isArray(replies) || replies.length !== tasks.length)
        throw new Error(
          `${Array.isArray(replies) ? replies.length : 'no'} replies for ${tasks.length} matches`,
        );
      replies.forEach((r, k) => {
        if (r?.matchIndex !== tasks[k]?.matchIndex)
          throw new Error(`a reply for match ${r?.matchIndex} in place of ${tasks[k]?.matchIndex}`);
      });
      return replies;
    },
    accept: record,
  });
}

export interface TaskWorkerOptions {
  /** The Redis address (`--redis`). */
  readonly url: string;
  /** Tasks run at once, on a pool of that many threads. */
  readonly concurrency: number;
  /** How long a job stays claimed without a heartbeat before another worker takes it over (default 30 s). */
  readonly lockDurationMs?: number;
  /** The worker's name in BullMQ (default host:pid). */
  readonly name?: string;
  /** Where the worker reports what it does (one line each). */
  readonly log: (line: string) => void;
}

/** A running `lancaster worker`. */
export interface TaskWorker {
  readonly name: string;
  /** Stops taking jobs and waits for the running ones (`force`: abandon them to other workers). */
  close(force?: boolean): Promise<void>;
}

/**
 * Starts a BullMQ worker for forecast tasks and tournament chunks. Throws a `LancasterError` when
 * Redis cannot be reached. The jobs run on a pool of `concurrency` threads, never in this thread:
 * this thread keeps the jobs' locks alive while they run (a long chunk of matches would otherwise
 * lose its lock and run twice), and stops a match over its time limit by ending its thread.
 *
 * @example
 * const worker = await startTaskWorker({ url: 'redis://localhost:6379', concurrency: 2, log: console.log });
 * process.on('SIGTERM', () => void worker.close());
 */
export async function startTaskWorker(o: TaskWorkerOptions): Promise<TaskWorker> {
  await checkRedis(o.url, '--redis');
  const name = o.name ?? `${hostname()}:${process.pid}`;
  const pool = workerPool({
    filename: siblingModule(import.meta.url, './worker-thread'),
    threads: o.concurrency,
  });
  const { runMatchChunk } = await import('./tournament/run.ts');
  const seen = new Set<string>();
  const worker = new Worker<TaskJobData>(
    TASK_QUEUE,
    async (job) => {
      const data = job.data;
      if (data.version !== LANCASTER_VERSION) {
        throw new Error(
          `this worker runs Lancaster ${LANCASTER_VERSION} but the job was queued by Lancaster ${data.version}: run the same version on every machine`,
        );
      }
      if (!seen.has(data.run)) {
        seen.add(data.run);
        o.log(
          data.kind === 'forecast'
            ? `forecast ${data.run}: ${data.job.source.pathOrName}, seed ${data.job.seed}`
            : `tournament ${data.run}: ${data.tasks[0]?.tournamentId ?? '?'}`,
        );
      }
      if (data.kind === 'forecast') {
        const task: PoolTask = { kind: 'forecast', job: data.job };
        return encodeValue(await pool.run(task));
      }
      // Progress for whoever watches the queue: matches of the chunk started so far.
      const replies = await runMatchChunk(pool, data.tasks, data.matchTimeoutMs, (started) => {
        job.updateProgress({ started, of: data.tasks.length }).catch((e: Error) => {
          o.log(`could not report progress of ${job.id}: ${e.message}`);
        });
      });
      return encodeValue(replies);
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
    if (job)
      o.log(
        `${job.data.kind === 'forecast' ? 'forecast task' : 'tournament chunk'} ${job.data.index} of ${job.data.run} failed: ${e.message}`,
      );
  });
  await worker.waitUntilReady();
  return {
    name,
    async close(force = false) {
      await worker.close(force);
      await pool.destroy();
    },
  };
}
