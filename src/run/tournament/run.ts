/**
 * Running a tournament: check the spec against its scenarios and negotiators, open the results
 * store, work out which matches are still missing (all of them, or on `resume` those not yet
 * stored), and run them. Matches of Lancaster's own negotiators start in this thread, which has
 * loaded the domains already; when the rest would finish sooner with help (`runInThread`), this
 * thread goes on playing from the front while a piscina pool of one thread fewer plays chunks of
 * matches (fewer messages) from the back, two chunks in flight per thread. Other negotiators run
 * on the pool only; with `queue` matches run as jobs on BullMQ for `lancaster worker`s on other
 * machines (src/run/queue.ts). On the pool each match has a wall-clock limit from its own
 * start (the thread announces each start through shared memory); a match over it is aborted, which
 * makes piscina terminate the thread (the only way to stop a negotiator stuck in a loop): it is
 * stored as `MATCH_TIMEOUT` and the rest of its chunk runs again (`runMatchChunk`, which a queue
 * worker runs too). Results are written by this thread only, in small batched transactions, and a
 * match index already stored is never stored again.
 */
import { availableParallelism } from 'node:os';
import type { Piscina } from 'piscina';
import { LancasterError } from '../../errors.ts';
import type { Scenario } from '../../model/scenario.ts';
import { isBuiltInSpec } from '../../negotiators/registry.ts';
import type { QueueRunOptions } from '../queue.ts';
import type { PoolTask, PoolThreadData } from '../worker-thread.ts';
import { failedMatch } from './failed-match.ts';
import type { MatchReply, MatchResult, MatchRunner, MatchTask } from './match.ts';
import { enumerateMatches, type MatchDescriptor } from './matches.ts';
import type { ProgressSnapshot } from './progress.ts';
import { loadTournamentScenarioRef, type ScenarioLoader } from './scenarios.ts';
import { checkTournament, type TournamentSpec } from './spec.ts';
import { type PairwiseTable, pairwiseTable, type RankingRow, rankNegotiators } from './stats.ts';
import { TournamentStore } from './store.ts';

/** Options of `runTournament`. */
export interface RunTournamentOptions {
  /** SQLite file for the results. */
  readonly db: string;
  /** Continue a tournament already in `db` (same spec), running only the missing matches. */
  readonly resume?: boolean;
  /**
   * Threads to play on, this one included when it plays (see `where`); default: the number of cores.
   */
  readonly workers?: number;
  readonly onProgress?: (s: ProgressSnapshot) => void;
  /**
   * Modules (URLs or absolute paths) imported here and in every worker before any match, to
   * register negotiators that are not built in.
   */
  readonly negotiatorModules?: readonly string[];
  /**
   * How this thread loads scenarios to check the spec; the matches always load through the file
   * loader (`loadTournamentScenarioRef`), in this thread as in the workers.
   */
  readonly load?: ScenarioLoader;
  /**
   * Where the matches run: `auto` (the default) starts in this thread and hands the rest to a pool
   * of `workers` threads once the pool would finish them sooner (see `POOL_START_MS`), `pool` runs
   * them all on the pool. Only Lancaster's own negotiators ever run here (`isBuiltInSpec`): the
   * pool can stop a match past its time limit, this thread cannot. The results are the same.
   */
  readonly where?: 'auto' | 'pool';
  /**
   * Run the matches as jobs on a BullMQ queue (src/run/queue.ts) for `lancaster worker`s instead of
   * on this machine's threads; `workers` is then unused. Not with `negotiatorModules`: a worker
   * imports no code named by a job.
   */
  readonly queue?: QueueRunOptions;
}

/** What a tournament run leaves behind, besides the database. */
export interface TournamentSummary {
  readonly id: string;
  readonly title: string;
  readonly db: string;
  readonly total: number;
  /** Matches run by this call (the rest were already stored). */
  readonly ran: number;
  /** Stored matches with status `error`. */
  readonly errors: number;
  readonly ranking: readonly RankingRow[];
  readonly pairwise: PairwiseTable;
}

/** How often the main thread checks running matches against their wall-clock limit. */
const WATCH_INTERVAL_MS = 50;

/** The number of worker threads used when none is asked for. */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

/** The spec, checked, with its matches and each scenario's roles. */
export interface PreparedTournament {
  readonly spec: TournamentSpec;
  readonly matches: readonly MatchDescriptor[];
  readonly roles: readonly (readonly string[])[];
  /** The file loader, keeping what it loaded: matches run in this thread reuse the check's scenarios. */
  readonly load: ScenarioLoader;
}

/** `load`, loading each reference once. */
function loadingOnce(load: ScenarioLoader): ScenarioLoader {
  const loaded = new Map<string, Promise<Scenario>>();
  return (ref) => {
    let s = loaded.get(ref);
    if (!s) {
      s = Promise.resolve().then(() => load(ref));
      loaded.set(ref, s);
    }
    return s;
  };
}

async function importModules(modules: readonly string[]): Promise<void> {
  for (const m of modules) await import(m);
}

/** Checks the spec and enumerates its matches. */
export async function prepareTournament(
  spec: TournamentSpec,
  opts: Pick<RunTournamentOptions, 'load' | 'negotiatorModules'> = {},
): Promise<PreparedTournament> {
  await importModules(opts.negotiatorModules ?? []);
  const load = loadingOnce(loadTournamentScenarioRef);
  const roles = await checkTournament(spec, opts.load ?? load);
  return {
    spec,
    roles,
    load,
    matches: enumerateMatches(
      spec,
      roles.map((r) => r.length),
    ),
  };
}

/** The worker task of a match. */
export function matchTask(t: PreparedTournament, d: MatchDescriptor): MatchTask {
  const sc = t.spec.scenarios[d.scenario] as TournamentSpec['scenarios'][number];
  const parties = t.roles[d.scenario] as readonly string[];
  return {
    tournamentId: t.spec.id,
    matchIndex: d.index,
    seed: d.seed,
    scenarioRef: sc.ref,
    scenarioName: sc.name,
    parties: sc.parties,
    deadline: d.deadline,
    ...(t.spec.protocol ? { protocol: t.spec.protocol } : {}),
    roles: d.assignment.map((n, i) => {
      const neg = t.spec.negotiators[n] as TournamentSpec['negotiators'][number];
      return { party: parties[i] as string, negotiator: neg.name, spec: neg.spec };
    }),
  };
}

/** Negotiator names per role of a match. */
function assignmentNames(t: PreparedTournament, d: MatchDescriptor): string[] {
  return d.assignment.map((n) => (t.spec.negotiators[n] as TournamentSpec['negotiators'][number]).name);
}

function matchAt(t: PreparedTournament, index: number): MatchDescriptor {
  const d = t.matches[index];
  if (!Number.isInteger(index) || !d) {
    throw new LancasterError({
      code: 'BAD_OPTION',
      path: 'match',
      message: `tournament '${t.spec.id}' has no match ${index}`,
      expected: `a match index from 0 to ${t.matches.length - 1}`,
    });
  }
  return d;
}

/**
 * Runs match `index` of a tournament alone, in this thread: the same descriptor and seed as in
 * the tournament, so the same result.
 *
 * @example
 * const { result } = await runSingleMatch(spec, 17);
 */
export async function runSingleMatch(
  spec: TournamentSpec,
  index: number,
  opts: Pick<RunTournamentOptions, 'load' | 'negotiatorModules'> = {},
): Promise<MatchReply & { descriptor: MatchDescriptor; task: MatchTask }> {
  const t = await prepareTournament(spec, opts);
  const descriptor = matchAt(t, index);
  const task = matchTask(t, descriptor);
  const { MatchRunner } = await import('./match.ts'); // loaded only here: the pool's threads run matches
  const reply = await new MatchRunner(t.load).run(task);
  return { ...reply, descriptor, task };
}

/** Ranking and pairwise table of what the store holds for tournament `t`. */
export function tournamentTables(
  store: TournamentStore,
  spec: TournamentSpec,
): { ranking: RankingRow[]; pairwise: PairwiseTable; errors: number; stored: number } {
  const stored = store.matches(spec.id);
  const names = spec.negotiators.map((n) => n.name);
  return {
    ranking: rankNegotiators(names, stored),
    pairwise: pairwiseTable(names, stored),
    errors: stored.filter((m) => m.result.status === 'error').length,
    stored: stored.length,
  };
}

function openFor(spec: TournamentSpec, db: string, total: number, resume: boolean): TournamentStore {
  const store = TournamentStore.open(db);
  try {
    const existing = store.tournament(spec.id);
    if (existing && (existing.specHash !== spec.hash || existing.totalMatches !== total)) {
      throw new LancasterError({
        code: 'SPEC_CHANGED',
        file: spec.file,
        message: `the spec of tournament '${spec.id}' has changed since it was started in ${db}; resuming would mix two tournaments`,
        expected: 'the spec as it was, or a new id (or --db file) for the changed tournament',
      });
    }
    // A finished tournament is simply reported again; an unfinished one is continued only when asked.
    if (existing && !resume && existing.finishedAt === null) {
      throw new LancasterError({
        code: 'TOURNAMENT_EXISTS',
        file: db,
        message: `tournament '${spec.id}' is already in this database, unfinished (${store.doneIndices(spec.id).size} of ${existing.totalMatches} matches stored)`,
        expected: '--resume to run its missing matches, or another --db file, or another id in the spec',
      });
    }
    if (!existing) {
      store.createTournament({
        id: spec.id,
        title: spec.title,
        specHash: spec.hash,
        specJson: JSON.stringify(spec),
        totalMatches: total,
      });
    }
    return store;
  } catch (err) {
    store.close();
    throw err;
  }
}

/** Most matches sent to a worker in one task (fewer messages, fewer wake-ups of this thread). */
const MAX_CHUNK = 16;

/** Matches per job on a queue: a few seconds of work at most, so that the last jobs spread over the machines. */
const QUEUE_CHUNK = 8;

/** Write stored results after this many matches or milliseconds, whichever comes first. */
const FLUSH_MATCHES = 64;
const FLUSH_MS = 250;

/**
 * Runs a chunk of match tasks on a pool thread of src/run/worker-thread.ts and returns a reply for
 * each, in order. A match over `timeoutMs` from its own start is stopped (its thread is terminated)
 * and replied `MATCH_TIMEOUT`; a thread that dies fails the match it was running (`MATCH_FAILED`);
 * the other matches of the chunk run again on another thread, giving the same results (they are
 * deterministic). `onStarted` hears, at most every 50 ms, how many matches of the chunk have
 * started. Used by `runTournament` and by `lancaster worker` for queued chunks.
 *
 * @example
 * const replies = await runMatchChunk(pool, tasks, 120_000);
 */
export async function runMatchChunk(
  pool: Piscina,
  tasks: readonly MatchTask[],
  timeoutMs: number,
  onStarted?: (started: number) => void,
): Promise<MatchReply[]> {
  const replies = new Array<MatchReply | undefined>(tasks.length);
  let left = tasks.map((_, k) => k);
  while (left.length > 0) {
    const controller = new AbortController();
    // The thread writes the 1-based position of the match it is starting; each match's limit runs
    // from its own start, so neither a new thread's start-up nor a wait in the pool's queue counts
    // against a match.
    const progress = new Int32Array(new SharedArrayBuffer(4));
    let seen = 0;
    let startedAt: number | undefined;
    const watch = setInterval(() => {
      const k = Atomics.load(progress, 0);
      if (k !== seen) {
        seen = k;
        startedAt = performance.now();
        onStarted?.(tasks.length - left.length + k);
      }
      if (startedAt !== undefined && performance.now() - startedAt > timeoutMs) controller.abort();
    }, WATCH_INTERVAL_MS);
    const start = performance.now();
    try {
      const task: PoolTask = {
        kind: 'matches',
        batch: { tasks: left.map((k) => tasks[k] as MatchTask), progress },
      };
      const got = (await pool.run(task, { signal: controller.signal })) as MatchReply[];
      left.forEach((k, i) => {
        replies[k] = got[i] as MatchReply;
      });
      left = [];
    } catch (err) {
      const failed = Math.max(0, Atomics.load(progress, 0) - 1);
      const result = controller.signal.aborted
        ? failedMatch(
            'MATCH_TIMEOUT',
            `no result within ${timeoutMs / 1000} s (matchTimeoutSeconds); the worker was stopped`,
          )
        : failedMatch(
            'MATCH_FAILED',
            `the worker failed: ${err instanceof Error ? err.message : String(err)}`,
          );
      const k = left[failed] as number;
      replies[k] = {
        matchIndex: (tasks[k] as MatchTask).matchIndex,
        result,
        durationMs: performance.now() - (startedAt ?? start),
      };
      // The finished ones died with the thread: being deterministic, they run again to the same results.
      left = left.filter((_, i) => i !== failed);
    } finally {
      clearInterval(watch);
    }
  }
  return replies as MatchReply[];
}

/**
 * Runs (or resumes) a tournament on a worker pool, or on a queue, and returns its ranking. Bad
 * specs, a changed spec on resume and an existing tournament without `resume` are
 * `LancasterError`s; a failing match is a stored error, never a thrown one.
 *
 * @example
 * const summary = await runTournament(loadTournamentSpec('tournaments/quick.tournament.yaml'), { db: 'results/quick.sqlite' });
 */
export async function runTournament(
  spec: TournamentSpec,
  opts: RunTournamentOptions,
): Promise<TournamentSummary> {
  if (opts.queue && (opts.negotiatorModules?.length ?? 0) > 0)
    throw new Error(
      'a tournament on a queue cannot load negotiator modules: workers import no code named by a job',
    );
  const t = await prepareTournament(spec, opts);
  if (opts.queue) {
    // Before the store is opened: an unreachable Redis must not leave an unfinished tournament behind.
    const { checkRedis } = await import('../queue.ts');
    await checkRedis(opts.queue.url, '--queue');
  }
  const store = openFor(spec, opts.db, t.matches.length, opts.resume ?? false);
  try {
    const stored = store.doneIndices(spec.id);
    const pending = t.matches.filter((m) => !stored.has(m.index));
    const poolSize = Math.max(1, Math.min(opts.workers ?? defaultWorkers(), Math.max(1, pending.length)));
    const here =
      !opts.queue &&
      (opts.where ?? 'auto') === 'auto' &&
      (opts.negotiatorModules?.length ?? 0) === 0 &&
      spec.negotiators.every((n) => isBuiltInSpec(n.spec));
    // Shown in the progress: this thread while it plays, then the pool's threads; on a queue, the
    // workers connected (known once the jobs are queued).
    let workers = opts.queue ? 0 : here ? 1 : poolSize;
    const leaders = new Map<string, { sum: number; n: number }>();
    let errors = 0;
    const note = (r: MatchResult) => {
      if (r.status === 'error') errors++;
      for (const p of r.parties) {
        const l = leaders.get(p.negotiator) ?? { sum: 0, n: 0 };
        l.sum += p.utility;
        l.n++;
        leaders.set(p.negotiator, l);
      }
    };
    for (const m of store.matches(spec.id)) note(m.result);
    const started = performance.now();
    let doneThisRun = 0;
    const snapshot = (): ProgressSnapshot => ({
      title: spec.id,
      done: stored.size + doneThisRun,
      total: t.matches.length,
      doneThisRun,
      errors,
      elapsedMs: performance.now() - started,
      workers,
      leaders: [...leaders.entries()]
        .map(([name, l]) => ({ name, mean: l.sum / l.n, sessions: l.n }))
        .sort((a, b) => b.mean - a.mean),
    });
    opts.onProgress?.(snapshot());

    if (pending.length > 0) {
      // Results are written in small batches (one transaction each): at most FLUSH_MS of finished
      // matches is lost to a kill, and resume simply runs those again.
      const buffer: Parameters<TournamentStore['insertMatches']>[1][number][] = [];
      let flushedAt = performance.now();
      const flush = () => {
        store.insertMatches(spec.id, buffer.splice(0));
        flushedAt = performance.now();
      };
      const record = (d: MatchDescriptor, reply: MatchReply): void => {
        const sc = spec.scenarios[d.scenario] as TournamentSpec['scenarios'][number];
        buffer.push({
          d,
          scenario: sc.name,
          assignment: assignmentNames(t, d),
          result: reply.result,
          durationMs: reply.durationMs,
        });
        if (buffer.length >= FLUSH_MATCHES || performance.now() - flushedAt >= FLUSH_MS) flush();
        doneThisRun++;
        note(reply.result);
        opts.onProgress?.(snapshot());
      };
      try {
        if (opts.queue) {
          const queue = opts.queue;
          // Chunks of a fixed partition of all the matches (chunk k: matches 8k … 8k + 7), so that a
          // chunk is the same job in every run of the spec: a resumed tournament picks up the jobs
          // the workers finished for a run that was stopped. A chunk runs whole; matches already
          // stored are not stored again.
          const keys = [...new Set(pending.map((d) => Math.floor(d.index / QUEUE_CHUNK)))];
          const chunks = keys.map((k) => t.matches.slice(k * QUEUE_CHUNK, (k + 1) * QUEUE_CHUNK));
          const missing = new Set(pending.map((d) => d.index));
          const { runId, runMatchesOnQueue } = await import('../queue.ts');
          await runMatchesOnQueue(
            {
              id: runId('tournament', { hash: spec.hash, chunk: QUEUE_CHUNK }),
              chunks: chunks.map((chunk) => chunk.map((d) => matchTask(t, d))),
              keys,
              matchTimeoutMs: spec.matchTimeoutMs,
            },
            {
              ...queue,
              onQueued: (n) => {
                workers = n;
                queue.onQueued?.(n);
              },
            },
            (c, replies) => {
              (chunks[c] as MatchDescriptor[]).forEach((d, k) => {
                if (missing.delete(d.index)) record(d, replies[k] as MatchReply);
              });
            },
          );
        } else {
          const played = here ? await runInThread(t, pending, poolSize, record) : null;
          const rest = played ? played.rest : pending;
          if (rest.length > 0) {
            // This thread goes on playing beside the pool: one isolate fewer to start.
            workers = Math.min(poolSize, rest.length);
            const threads = played ? workers - 1 : workers;
            await runOnPool(t, rest, threads, opts.negotiatorModules ?? [], record, played?.runner);
          }
        }
      } finally {
        flush();
      }
    }
    if (store.doneIndices(spec.id).size === t.matches.length) store.markFinished(spec.id);
    const tables = tournamentTables(store, spec);
    return {
      id: spec.id,
      title: spec.title,
      db: opts.db,
      total: t.matches.length,
      ran: doneThisRun,
      errors: tables.errors,
      ranking: tables.ranking,
      pairwise: tables.pairwise,
    };
  } finally {
    store.close();
  }
}

/**
 * What a pool costs before its threads play their first match, in milliseconds of one core: each
 * thread is an isolate of its own that loads Lancaster's modules and the domains again and
 * compiles the hot code again. Measured on 100 Boulware–Conceder matches on Camera (1,000 rounds),
 * CPU time, December 2026, three pairs on a loaded machine: a pool of one thread spent 290 to 570 ms
 * more than this thread playing the same matches.
 */
export const POOL_START_MS = 400;

/**
 * Plays one match in this thread and records it, then lets the event loop turn (a terminal's
 * progress frames, signals, and a pool's replies and next chunks) before the next one.
 */
async function playHere(
  t: PreparedTournament,
  runner: MatchRunner,
  d: MatchDescriptor,
  record: (d: MatchDescriptor, reply: MatchReply) => void,
): Promise<void> {
  record(d, await runner.run(matchTask(t, d)));
  await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * Plays the pending matches in this thread, in order, handing each reply to `record`, until they
 * are done or the rest would be done sooner with the help of a pool, this thread and `poolSize - 1`
 * threads: at this thread's pace (measured from `POOL_START_MS / 2` on, when the first domain is
 * loaded and the code compiled), the time they would take here less the time they would take on
 * `poolSize` threads is more than a pool's start. That is decided from `POOL_START_MS` on; with
 * `poolSize` 1 there is no help to have. Returns the matches left and the runner that played the
 * others (its domains loaded, its code compiled) for `runOnPool`. So a tournament shorter than a
 * pool's start never starts a thread.
 */
async function runInThread(
  t: PreparedTournament,
  pending: readonly MatchDescriptor[],
  poolSize: number,
  record: (d: MatchDescriptor, reply: MatchReply) => void,
): Promise<{ rest: readonly MatchDescriptor[]; runner: MatchRunner }> {
  const { MatchRunner } = await import('./match.ts');
  const runner = new MatchRunner(t.load);
  const start = performance.now();
  let mark: { done: number; ms: number } | null = null;
  for (let k = 0; k < pending.length; k++) {
    await playHere(t, runner, pending[k] as MatchDescriptor, record);
    if (poolSize === 1) continue;
    const done = k + 1;
    const ms = performance.now() - start;
    if (mark === null) {
      if (ms >= POOL_START_MS / 2) mark = { done, ms };
    } else if (ms >= POOL_START_MS) {
      const here = ((ms - mark.ms) / (done - mark.done)) * (pending.length - done);
      if (here - here / poolSize > POOL_START_MS) return { rest: pending.slice(done), runner };
    }
  }
  return { rest: [], runner };
}

/**
 * Runs the pending matches on a pool of `threads` threads, handing each reply to `record`; with
 * `here`, this thread plays matches with that runner too, one at a time, between the pool's replies.
 */
async function runOnPool(
  t: PreparedTournament,
  pending: readonly MatchDescriptor[],
  threads: number,
  negotiatorModules: readonly string[],
  record: (d: MatchDescriptor, reply: MatchReply) => void,
  here?: MatchRunner,
): Promise<void> {
  const workerData: PoolThreadData = { negotiatorModules: [...negotiatorModules] };
  // Loaded here: a tournament played in this thread alone never loads piscina.
  const { siblingModule, workerPool } = await import('../pool.ts');
  const pool =
    threads > 0
      ? workerPool({
          filename: siblingModule(import.meta.url, '../worker-thread'),
          threads,
          workerData,
        })
      : null;
  try {
    // This thread plays from the front, the pool from the back: matches are in scenario order, so
    // each side loads and analyses mostly domains of its own.
    let front = 0;
    let back = pending.length;
    const lanes = threads * 2 + (here ? 1 : 0);
    // Chunks shrink towards the end so the last ones spread evenly over the threads.
    const takeChunk = (): MatchDescriptor[] => {
      const left = back - front;
      const size = Math.min(left, Math.max(1, Math.min(MAX_CHUNK, Math.floor(left / (lanes * 4)))));
      back -= size;
      return pending.slice(back, back + size);
    };
    const takeFront = (): MatchDescriptor | undefined => (front < back ? pending[front++] : undefined);
    const lane = async (p: Piscina) => {
      for (let chunk = takeChunk(); chunk.length > 0; chunk = takeChunk()) {
        const replies = await runMatchChunk(
          p,
          chunk.map((d) => matchTask(t, d)),
          t.spec.matchTimeoutMs,
        );
        chunk.forEach((d, k) => {
          record(d, replies[k] as MatchReply);
        });
      }
    };
    const hereLane = async (runner: MatchRunner) => {
      // Between two matches the pool's replies come in and its next chunks go out.
      for (let d = takeFront(); d !== undefined; d = takeFront()) await playHere(t, runner, d, record);
    };
    // Two chunks in flight per thread: while this thread stores one chunk's results, the thread is
    // already running the next.
    await Promise.all([
      ...(pool ? Array.from({ length: threads * 2 }, () => lane(pool)) : []),
      ...(here ? [hereLane(here)] : []),
    ]);
  } finally {
    await pool?.destroy();
  }
}
