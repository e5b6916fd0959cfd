/**
 * The pool thread behind every worker pool of Lancaster but the corpus analysis: forecast tasks
 * (a job in, the tally of its runs out; each scenario source's run context is loaded once per
 * thread) and chunks of tournament matches (match tasks in, their replies out; each domain is
 * loaded and analysed once per thread). The local forecast pool, the tournament pool and the
 * threads of `lancaster worker` all run this module. Each kind of task loads its own code on its
 * first task (`importOwnModule`, which works under tsx's CommonJS threads too), so a tournament
 * thread never loads, nor compiles, the forecast's modules, and a forecast thread the tournament's.
 *
 * Before its first match a thread imports the negotiator modules its pool was given
 * (`workerData.negotiatorModules`), so that negotiators registered outside the built-in registry
 * exist here too. A thread stuck in a negotiator's infinite loop is terminated by its pool's owner
 * (see src/run/tournament/run.ts); nothing here needs to cooperate with that.
 */
import { workerData } from 'node:worker_threads';
import type { ForecastTally } from '../analysis/forecast.ts';
import type { ForecastJob } from './forecast.ts';
import { importIntoWorker, importOwnModule, siblingModule } from './pool.ts';
import type { MatchBatch, MatchReply, MatchRunner } from './tournament/match.ts';

/** What a pool thread is asked to do: the typed contract between the pools and this module. */
export type PoolTask =
  | { readonly kind: 'forecast'; readonly job: ForecastJob }
  | { readonly kind: 'matches'; readonly batch: MatchBatch };

/** What a pool passes to every thread at start. */
export interface PoolThreadData {
  /** Module URLs or absolute paths to import before any match (they register negotiators). */
  readonly negotiatorModules?: readonly string[];
}

let forecasts: Promise<(job: ForecastJob) => ForecastTally> | undefined;
let matches: Promise<MatchRunner> | undefined;

async function matchRunner(): Promise<MatchRunner> {
  const modules = (workerData as PoolThreadData | undefined)?.negotiatorModules ?? [];
  for (const m of modules) await importIntoWorker(m);
  const { MatchRunner } = await importOwnModule<typeof import('./tournament/match.ts')>(
    siblingModule(import.meta.url, './tournament/match'),
  );
  const { loadTournamentScenarioRef } = await importOwnModule<typeof import('./tournament/scenarios.ts')>(
    siblingModule(import.meta.url, './tournament/scenarios'),
  );
  return new MatchRunner(loadTournamentScenarioRef);
}

async function forecastRunner(): Promise<(job: ForecastJob) => ForecastTally> {
  const m = await importOwnModule<typeof import('./forecast.ts')>(
    siblingModule(import.meta.url, './forecast'),
  );
  return m.forecastRunner();
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
  return (await forecasts)(task.job);
}
