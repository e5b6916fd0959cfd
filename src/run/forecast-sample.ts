/**
 * The main sample of a forecast as its raw runs: exactly the runs `runForecast` summarises for the
 * same template, runs and seed (the same tasks of `forecastPlan`, each run by `executeTask`), kept
 * as columns for methods that need more than the summary: a backtest scores every run's package,
 * and an ordered issue's mean and quantiles need every agreed value, real issues included. Runs
 * in the calling thread; built only on the forecast's public functions.
 *
 * @example
 * const runs = forecastSample(template, { runs: 2000, seed: 1 });
 * runs.status[0]; // index into RUN_STATUSES
 */
import { copyRuns, emptyRuns, type ForecastRuns } from '../analysis/forecast.ts';
import type { ScenarioTemplate } from '../formats/scenario-template.ts';
import { executeTask, forecastPlan, runContext } from './forecast.ts';

/**
 * The runs of a forecast's main sample (no sensitivity runs), in run order.
 * `onProgress` is told after each chunk.
 */
export function forecastSample(
  template: ScenarioTemplate,
  opts: { readonly runs: number; readonly seed: number; readonly onProgress?: (done: number) => void },
): ForecastRuns {
  if (!Number.isInteger(opts.runs) || opts.runs < 1)
    throw new RangeError(`runs must be a whole number >= 1, not ${opts.runs}`);
  const ctx = runContext(template);
  const s = template.scenario;
  const sample = emptyRuns(opts.runs, {
    issues: s.space.issues.length,
    parties: s.parties.length,
    parameters: ctx.uncertain.length,
    impacts: s.impacts?.length ?? 0,
  });
  const { tasks } = forecastPlan(opts.runs, ctx.uncertain.length, { sensitivity: false });
  let done = 0;
  for (const task of tasks) {
    copyRuns(sample, executeTask(ctx, opts.seed, task), task.from);
    done += task.to - task.from;
    opts.onProgress?.(done);
  }
  return sample;
}
