/**
 * The forecast pool worker: loads the scenario template once, from the same name or path and
 * overrides as the main thread (so both hold the same template), and runs the tasks it is sent.
 * Tasks and results are small: ranges of run indices in, typed-array columns out.
 */
import { workerData } from 'node:worker_threads';
import {
  contextOf,
  executeTask,
  type ForecastTask,
  type RunContext,
  type TemplateSource,
} from './forecast.ts';

const data = workerData as { source: TemplateSource; seed: number };
let ctx: RunContext | undefined;

/** Runs one forecast task (the piscina task function). */
export default function runForecastTask(task: ForecastTask) {
  ctx ??= contextOf(data.source);
  return executeTask(ctx, data.seed, task);
}
