/**
 * The main sample of a forecast as its raw runs: exactly the runs `runForecast` counts for the
 * same template, runs and seed (the same tasks of `forecastPlan`, each run by `executeTask`), kept
 * as columns for methods that need more than the counts: a backtest scores every run's package,
 * and an ordered issue's mean and quantiles need every agreed value, real issues included. Memory
 * grows with the runs (a forecast's own does not), so it is for samples of thousands, in the
 * calling thread; built only on the forecast's public functions.
 *
 * @example
 * const runs = forecastSample(template, { runs: 2000, seed: 1 });
 * runs.status[0]; // index into RUN_STATUSES
 */
import type { ScenarioTemplate } from '../formats/scenario-template.ts';
import { executeTask, forecastPlan, runContext, taskAt } from './forecast.ts';

/** The runs of a sample, as columns. */
export interface SampleRuns {
  readonly count: number;
  /** Index into RUN_STATUSES. */
  readonly status: Uint8Array;
  /** Engine value of each issue in the agreement (issues wide); -1 everywhere without one. */
  readonly outcome: Float64Array;
  /** The value drawn for each uncertain parameter (the template's order), parameters wide. */
  readonly draws: Float64Array;
}

/**
 * The runs of a forecast's main sample (no sensitivity runs), in run order.
 * `onProgress` is told after each task.
 */
export function forecastSample(
  template: ScenarioTemplate,
  opts: { readonly runs: number; readonly seed: number; readonly onProgress?: (done: number) => void },
): SampleRuns {
  if (!Number.isInteger(opts.runs) || opts.runs < 1)
    throw new RangeError(`runs must be a whole number >= 1, not ${opts.runs}`);
  const ctx = runContext(template);
  const k = template.scenario.space.issues.length;
  const P = ctx.uncertain.length;
  const runs: SampleRuns = {
    count: opts.runs,
    status: new Uint8Array(opts.runs),
    outcome: new Float64Array(opts.runs * k).fill(-1),
    draws: new Float64Array(opts.runs * P),
  };
  const plan = forecastPlan(opts.runs, P, { sensitivity: false });
  let done = 0;
  for (let t = 0; t < plan.tasks; t++) {
    const task = taskAt(plan, t);
    executeTask(ctx, { seed: opts.seed, bins: 0, task }, (i, run, draws) => {
      runs.status[i] = run.status;
      if (run.outcome) runs.outcome.set(run.outcome, i * k);
      runs.draws.set(draws, i * P);
    });
    done += task.to - task.from;
    opts.onProgress?.(done);
  }
  return runs;
}
