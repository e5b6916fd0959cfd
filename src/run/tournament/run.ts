/**
 * Running a tournament: check the spec against its scenarios and negotiators, open the results
 * store, work out which matches are still missing (all of them, or on `resume` those not yet
 * stored), and run them on a piscina pool of worker threads, in chunks of matches (fewer messages)
 * with two chunks in flight per worker. Each match has a wall-clock limit from its own start (the
 * worker announces each start through shared memory); a match over it is aborted, which makes
 * piscina terminate the worker (the only way to stop a negotiator stuck in a loop): it is stored
 * as `MATCH_TIMEOUT` and the rest of its chunk runs again. Results are written by this thread
 * only, in small batched transactions.
 */
import { availableParallelism } from 'node:os';
import { LancasterError } from '../../errors.ts';
import { siblingModule, workerPool } from '../pool.ts';
import {
  failedMatch,
  type MatchBatch,
  type MatchReply,
  type MatchResult,
  MatchRunner,
  type MatchTask,
} from './match.ts';
import { enumerateMatches, type MatchDescriptor } from './matches.ts';
import type { ProgressSnapshot } from './progress.ts';
import { loadTournamentScenarioRef } from './scenarios.ts';
import { checkTournament, type ScenarioLoader, type TournamentSpec } from './spec.ts';
import { type PairwiseTable, pairwiseTable, type RankingRow, rankNegotiators } from './stats.ts';
import { TournamentStore } from './store.ts';
import type { TournamentWorkerData } from './worker.ts';

/** Options of `runTournament`. */
export interface RunTournamentOptions {
  /** SQLite file for the results. */
  readonly db: string;
  /** Continue a tournament already in `db` (same spec), running only the missing matches. */
  readonly resume?: boolean;
  /** Worker threads; default: the number of cores. */
  readonly workers?: number;
  readonly onProgress?: (s: ProgressSnapshot) => void;
  /**
   * Modules (URLs or absolute paths) imported here and in every worker before any match, to
   * register negotiators that are not built in.
   */
  readonly negotiatorModules?: readonly string[];
  /** How this thread loads scenarios to check the spec; workers always use the file loader. */
  readonly load?: ScenarioLoader;
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
  const roles = await checkTournament(spec, opts.load ?? loadTournamentScenarioRef);
  return {
    spec,
    roles,
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
  const reply = await new MatchRunner(loadTournamentScenarioRef).run(task);
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

/** Write stored results after this many matches or milliseconds, whichever comes first. */
const FLUSH_MATCHES = 64;
const FLUSH_MS = 250;

/**
 * Runs (or resumes) a tournament on a worker pool and returns its ranking. Bad specs, a changed
 * spec on resume and an existing tournament without `resume` are `LancasterError`s; a failing
 * match is a stored error, never a thrown one.
 *
 * @example
 * const summary = await runTournament(loadTournamentSpec('tournaments/quick.tournament.yaml'), { db: 'results/quick.sqlite' });
 */
export async function runTournament(
  spec: TournamentSpec,
  opts: RunTournamentOptions,
): Promise<TournamentSummary> {
  const t = await prepareTournament(spec, opts);
  const store = openFor(spec, opts.db, t.matches.length, opts.resume ?? false);
  try {
    const stored = store.doneIndices(spec.id);
    const pending = t.matches.filter((m) => !stored.has(m.index));
    const workers = Math.max(1, Math.min(opts.workers ?? defaultWorkers(), Math.max(1, pending.length)));
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
      const workerData: TournamentWorkerData = { negotiatorModules: [...(opts.negotiatorModules ?? [])] };
      const pool = workerPool({
        filename: siblingModule(import.meta.url, './worker'),
        threads: workers,
        workerData,
      });
      // Results are written in small batches (one transaction each): at most FLUSH_MS of finished
      // matches is lost to a kill, and resume simply runs those again.
      const buffer: Parameters<TournamentStore['insertMatches']>[1][number][] = [];
      let flushedAt = performance.now();
      const flush = () => {
        store.insertMatches(spec.id, buffer.splice(0));
        flushedAt = performance.now();
      };
      try {
        let next = 0;
        // Matches to run again: the other matches of a chunk whose worker was stopped.
        const again: MatchDescriptor[] = [];
        const lanes = workers * 2;
        const record = (d: MatchDescriptor, result: MatchResult, durationMs: number): void => {
          const sc = spec.scenarios[d.scenario] as TournamentSpec['scenarios'][number];
          buffer.push({ d, scenario: sc.name, assignment: assignmentNames(t, d), result, durationMs });
          if (buffer.length >= FLUSH_MATCHES || performance.now() - flushedAt >= FLUSH_MS) flush();
          doneThisRun++;
          note(result);
          opts.onProgress?.(snapshot());
        };
        // Chunks shrink towards the end so the last ones spread evenly over the workers.
        const takeChunk = (): MatchDescriptor[] => {
          const remaining = pending.length - next + again.length;
          const size = Math.max(1, Math.min(MAX_CHUNK, Math.floor(remaining / (lanes * 4))));
          const chunk = again.splice(0, size);
          while (chunk.length < size && next < pending.length) chunk.push(pending[next++] as MatchDescriptor);
          return chunk;
        };
        const runChunk = async (chunk: readonly MatchDescriptor[]): Promise<void> => {
          const controller = new AbortController();
          // The worker writes the 1-based position of the match it is starting; each match's limit
          // runs from its own start, so neither a new worker's start-up (tsx, imports) nor a wait
          // in the queue counts against a match.
          const progress = new Int32Array(new SharedArrayBuffer(4));
          let seen = 0;
          let startedAt: number | undefined;
          const watch = setInterval(() => {
            const k = Atomics.load(progress, 0);
            if (k !== seen) {
              seen = k;
              startedAt = performance.now();
            }
            if (startedAt !== undefined && performance.now() - startedAt > spec.matchTimeoutMs)
              controller.abort();
          }, WATCH_INTERVAL_MS);
          const start = performance.now();
          try {
            const batch: MatchBatch = { tasks: chunk.map((d) => matchTask(t, d)), progress };
            const replies = (await pool.run(batch, { signal: controller.signal })) as MatchReply[];
            chunk.forEach((d, k) => {
              const reply = replies[k] as MatchReply;
              record(d, reply.result, reply.durationMs);
            });
          } catch (err) {
            // The match that was running fails; the others of the chunk (finished ones died with
            // the worker) run again: being deterministic, they give the same results.
            const failed = Math.max(0, Atomics.load(progress, 0) - 1);
            const result = controller.signal.aborted
              ? failedMatch(
                  'MATCH_TIMEOUT',
                  `no result within ${spec.matchTimeoutMs / 1000} s (matchTimeoutSeconds); the worker was stopped`,
                )
              : failedMatch(
                  'MATCH_FAILED',
                  `the worker failed: ${err instanceof Error ? err.message : String(err)}`,
                );
            record(chunk[failed] as MatchDescriptor, result, performance.now() - (startedAt ?? start));
            again.push(...chunk.filter((_, k) => k !== failed));
          } finally {
            clearInterval(watch);
          }
        };
        const lane = async () => {
          for (let chunk = takeChunk(); chunk.length > 0; chunk = takeChunk()) await runChunk(chunk);
        };
        // Two chunks in flight per worker: while this thread stores one chunk's results, the worker
        // is already running the next.
        await Promise.all(Array.from({ length: lanes }, lane));
      } finally {
        flush();
        await pool.destroy();
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
