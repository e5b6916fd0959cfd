/**
 * The forecast pool worker: loads the scenario template once, from the same name or path and
 * overrides as the main thread (so both hold the same template), and runs the tasks it is sent.
 * Tasks and results are small: ranges of run indices in, typed-array columns out.
 */
import { workerData } from 'node:worker_threads';
import { loadScenarioTemplate } from '../formats/scenario-template.ts';
import {
  executeTask,
  type ForecastTask,
  type RunContext,
  runContext,
  type TemplateSource,
} from './forecast.ts';

const data = workerData as { source: TemplateSource; seed: number };
let ctx: RunContext | undefined;

/** Runs one forecast task (the piscina task function). */
export default function runForecastTask(task: ForecastTask) {
  if (!ctx) {
    const s = data.source;
    const { template } = loadScenarioTemplate(s.pathOrName, {
      ...(s.sets ? { sets: s.sets } : {}),
      ...(s.parties !== undefined ? { parties: s.parties } : {}),
      ...(s.rounds !== undefined ? { rounds: s.rounds } : {}),
    });
    ctx = runContext(template);
  }
  return executeTask(ctx, data.seed, task);
}
