/**
 * The pool worker: receives a `MatchBatch` (match tasks: ids and short strings), runs them in
 * order with this worker's scenario cache, and returns their `MatchReply`s. Before its first match it imports the negotiator
 * modules the pool was given (`workerData.negotiatorModules`), so negotiators registered outside
 * the built-in registry exist here too. A worker stuck in a negotiator's infinite loop is
 * terminated by the pool; nothing in here needs to cooperate with that.
 */
import { workerData } from 'node:worker_threads';
import { importIntoWorker } from '../pool.ts';
import { type MatchBatch, type MatchReply, MatchRunner } from './match.ts';
import { loadTournamentScenarioRef } from './scenarios.ts';

/** What the pool passes to every worker at start. */
export interface TournamentWorkerData {
  /** Module URLs or absolute paths to import first (they register negotiators). */
  readonly negotiatorModules: readonly string[];
}

const runner = new MatchRunner(loadTournamentScenarioRef);

let ready: Promise<unknown> | undefined;

/** Runs a chunk of matches in order (the piscina task function), announcing each start. */
export default async function runMatchBatch(batch: MatchBatch): Promise<MatchReply[]> {
  ready ??= Promise.all(
    ((workerData as TournamentWorkerData | undefined)?.negotiatorModules ?? []).map(importIntoWorker),
  );
  await ready;
  const replies: MatchReply[] = [];
  for (let k = 0; k < batch.tasks.length; k++) {
    Atomics.store(batch.progress, 0, k + 1);
    replies.push(await runner.run(batch.tasks[k] as MatchBatch['tasks'][number]));
  }
  return replies;
}
