/**
 * The pool worker: receives a `MatchBatch` (match tasks: ids and short strings), runs them in
 * order with this worker's scenario cache, and returns their `MatchReply`s. Before its first match it imports the negotiator
 * modules the pool was given (`workerData.negotiatorModules`), so negotiators registered outside
 * the built-in registry exist here too. A worker stuck in a negotiator's infinite loop is
 * terminated by the pool; nothing in here needs to cooperate with that.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { workerData } from 'node:worker_threads';
import { type MatchBatch, type MatchReply, MatchRunner } from './match.ts';
import { loadTournamentScenarioRef } from './scenarios.ts';

/** What the pool passes to every worker at start. */
export interface TournamentWorkerData {
  /** Module URLs or absolute paths to import first (they register negotiators). */
  readonly negotiatorModules: readonly string[];
}

const runner = new MatchRunner(loadTournamentScenarioRef);

/**
 * Imports a negotiator module into this worker's module graph. Under tsx a worker's own modules
 * are compiled to CommonJS, and only `require` reaches that graph (and its registry); a dynamic
 * `import()` of a .ts file is not even resolved there. Plain ES modules cannot be required on
 * Node 20, so those are imported.
 */
async function loadModule(m: string): Promise<void> {
  const path = m.startsWith('file:') ? fileURLToPath(m) : m;
  try {
    createRequire(import.meta.url)(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ERR_REQUIRE_ESM') throw err;
    await import(m.startsWith('file:') ? m : `file://${path}`);
  }
}
let ready: Promise<unknown> | undefined;

/** Runs a chunk of matches in order (the piscina task function), announcing each start. */
export default async function runMatchBatch(batch: MatchBatch): Promise<MatchReply[]> {
  ready ??= Promise.all(
    ((workerData as TournamentWorkerData | undefined)?.negotiatorModules ?? []).map(loadModule),
  );
  await ready;
  const replies: MatchReply[] = [];
  for (let k = 0; k < batch.tasks.length; k++) {
    Atomics.store(batch.progress, 0, k + 1);
    replies.push(await runner.run(batch.tasks[k] as MatchBatch['tasks'][number]));
  }
  return replies;
}
