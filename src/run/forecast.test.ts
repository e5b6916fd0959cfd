import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { CHUNK, type ForecastTask, forecastPlan, MAX_RUNS, taskAt } from './forecast.ts';

/** The tasks of a plan listed one by one, as the forecast ran them before plans were computed per index. */
function listed(runs: number, parameters: number, swingRuns: number): ForecastTask[] {
  const tasks: ForecastTask[] = [];
  for (let from = 0; from < runs; from += CHUNK)
    tasks.push({ kind: 'sample', from, to: Math.min(runs, from + CHUNK) });
  if (swingRuns > 0) {
    for (let j = -1; j < parameters; j++) {
      for (const end of j < 0 ? (['low'] as const) : (['low', 'high'] as const)) {
        for (let from = 0; from < swingRuns; from += CHUNK)
          tasks.push({ kind: 'swing', parameter: j, end, from, to: Math.min(swingRuns, from + CHUNK) });
      }
    }
  }
  return tasks;
}

describe('forecastPlan', () => {
  test.prop([
    fc.integer({ min: 1, max: 3000 }),
    fc.integer({ min: 0, max: 6 }),
    fc.integer({ min: 0, max: 600 }),
  ])(
    'computes task t from its index: the same tasks, in the same order, as listing them',
    (runs, parameters, swingRuns) => {
      const plan = forecastPlan(runs, parameters, { swingRuns });
      const tasks = listed(runs, parameters, plan.swingRuns);
      expect(plan.tasks).toBe(tasks.length);
      expect(Array.from({ length: plan.tasks }, (_, t) => taskAt(plan, t))).toEqual(tasks);
      expect(plan.total).toBe(tasks.reduce((a, t) => a + t.to - t.from, 0));
    },
  );

  it('plans the largest forecast allowed at once, without listing its tasks', () => {
    // A plan is a few numbers: 17 million tasks are never listed.
    const plan = forecastPlan(MAX_RUNS, 14);
    expect(Object.values(plan).every((v) => typeof v === 'number')).toBe(true);
    const sample = Math.ceil(MAX_RUNS / CHUNK);
    expect(plan.tasks).toBe(sample + 29);
    expect(taskAt(plan, sample - 1)).toEqual({ kind: 'sample', from: (sample - 1) * CHUNK, to: MAX_RUNS });
    expect(taskAt(plan, plan.tasks - 1)).toEqual({
      kind: 'swing',
      parameter: 13,
      end: 'high',
      from: 0,
      to: 200,
    });
    // Without sensitivity: no swings and no first-order bins.
    expect(forecastPlan(10, 14, { sensitivity: false })).toMatchObject({ tasks: 1, total: 10, bins: 0 });
  });
});

describe('a forecast task in a pool thread', () => {
  it('tallies the same from the template data it is sent, after a copy, as from reading its source', async () => {
    const { loadScenarioTemplate } = await import('../formats/scenario-template.ts');
    const { default: runPoolTask } = await import('./worker-thread.ts');
    const { executeTask, runContext } = await import('./forecast.ts');
    const sets = ['parties.us.reservationValue=0.35'];
    const { template } = loadScenarioTemplate('london-2025', { sets });
    const data = template.data;
    if (!data) throw new Error('london-2025 is native data: its template has its data');
    const job = {
      source: { pathOrName: 'london-2025', sets },
      seed: 5,
      bins: 4,
      task: taskAt(forecastPlan(60, 1), 0),
    };
    const expected = executeTask(runContext(template), job);
    // What a worker receives: the data's bytes.
    const { templateBytes } = await import('./forecast-task.ts');
    const sent = await runPoolTask({ kind: 'forecast', job, template: templateBytes(data) });
    expect(sent).toEqual(expected);
    // The same scenario named by its file, so that the context cached above is not reused.
    const { resolveScenarioPath } = await import('../formats/scenario-files.ts');
    const byPath = { ...job, source: { pathOrName: resolveScenarioPath('london-2025'), sets } };
    const read = await runPoolTask({ kind: 'forecast', job: byPath });
    expect(read).toEqual(expected);
  });
});
