/**
 * The pool thread behind every worker pool of Lancaster but the corpus analysis: forecast tasks
 * (a job in, the tally of its runs out; each template's run context is built once per thread, from
 * the validated data the forecasting process sends, so that the thread loads no scenario reader)
 * and chunks of tournament matches (match tasks in, their replies out; each domain is
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
import type { ForecastJob, RunContext, TemplateBytes, TemplateSource } from './forecast-task.ts';
import { importIntoWorker, importOwnModule, siblingModule } from './own-modules.ts';
import type { MatchBatch, MatchReply, MatchRunner } from './tournament/match.ts';

/** What a pool thread is asked to do: the typed contract between the pools and this module. */
export type PoolTask =
  | {
      readonly kind: 'forecast';
      readonly job: ForecastJob;
      /**
       * The data of the job's template, from the process that loaded it: the thread builds the
       * same template without loading any scenario reader. Absent (a queue job, a scenario the
       * native format cannot express), the thread loads the job's source itself.
       */
      readonly template?: TemplateBytes;
    }
  | { readonly kind: 'matches'; readonly batch: MatchBatch };

/** What a pool passes to every thread at start. */
export interface PoolThreadData {
  /** Module URLs or absolute paths to import before any match (they register negotiators). */
  readonly negotiatorModules?: readonly string[];
}

type TaskRunner = ReturnType<typeof import('./forecast-task.ts').taskRunner>;

let forecasts: Promise<TaskRunner> | undefined;
let loader: Promise<(source: TemplateSource) => RunContext> | undefined;
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

async function taskRunner(): Promise<TaskRunner> {
  const m = await importOwnModule<typeof import('./forecast-task.ts')>(
    siblingModule(import.meta.url, './forecast-task'),
  );
  return m.taskRunner();
}

/** What reads a template from its source: loaded only by a thread sent a task without its template. */
async function templateLoader(): Promise<(source: TemplateSource) => RunContext> {
  const m = await importOwnModule<typeof import('./forecast.ts')>(
    siblingModule(import.meta.url, './forecast'),
  );
  return m.contextOf;
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
  forecasts ??= taskRunner();
  const run = await forecasts;
  let load: ((source: TemplateSource) => RunContext) | undefined;
  if (!task.template) {
    loader ??= templateLoader();
    load = await loader;
  }
  return run(task.job, task.template, load);
}
