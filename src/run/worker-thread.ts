/**
 * The pool thread behind every worker pool of Lancaster but the corpus analysis: forecast tasks
 * (a job in, the tally of its runs out; each scenario source's run context is loaded once per
 * thread) and chunks of tournament matches (match tasks in, their replies out; each domain is
 * loaded and analysed once per thread). The local forecast pool, the tournament pool and the
 * threads of `lancaster worker` all run this module. Its imports are static: under tsx (tests) a
 * thread's own modules are compiled to CommonJS, where a dynamic `import()` of a .ts file fails.
 *
 * Before its first match a thread imports the negotiator modules its pool was given
 * (`workerData.negotiatorModules`), so that negotiators registered outside the built-in registry
 * exist here too. A thread stuck in a negotiator's infinite loop is terminated by its pool's owner
 * (see src/run/tournament/run.ts); nothing here needs to cooperate with that.
 */
import { workerData } from 'node:worker_threads';
import type { ForecastTally } from '../analysis/forecast.ts';
import { type ForecastJob, forecastRunner } from './forecast.ts';
import { importIntoWorker } from './pool.ts';
import { type MatchBatch, type MatchReply, MatchRunner } from './tournament/match.ts';
import { loadTournamentScenarioRef } from './tournament/scenarios.ts';

/** What a pool thread is asked to do: the typed contract between the pools and this module. */
export type PoolTask =
  | { readonly kind: 'forecast'; readonly job: ForecastJob }
  | { readonly kind: 'matches'; readonly batch: MatchBatch };

/** What a pool passes to every thread at start. */
export interface PoolThreadData {
  /** Module URLs or absolute paths to import before any match (they register negotiators). */
  readonly negotiatorModules?: readonly string[];
}

let forecasts: ((job: ForecastJob) => ForecastTally) | undefined;
let matches: Promise<MatchRunner> | undefined;

async function matchRunner(): Promise<MatchRunner> {
  const modules = (workerData as PoolThreadData | undefined)?.negotiatorModules ?? [];
  for (const m of modules) await importIntoWorker(m);
  return new MatchRunner(loadTournamentScenarioRef);
}

/** Runs a chunk of matches in order, announcing each start in `batch.progress`. */
async function runMatches(batch: MatchBatch): Promise<MatchReply[]> {
  matches ??= matchRunner();
  const runner = await matches;
  const replies: MatchReply[] = [];
  for (let k = 0; k < batch.tasks.length; k++) {
    Atomics.store(batch.progress, 0, k + 1);
    replies.push(await runner.run(batch.tasks[k] as MatchBatch['tasks'][number]));
  }
  return replies;
}

/** Runs one task (the piscina task function). */
export default async function runPoolTask(task: PoolTask): Promise<ForecastTally | MatchReply[]> {
  if (task.kind === 'matches') return runMatches(task.batch);
  forecasts ??= forecastRunner();
  return forecasts(task.job);
}
