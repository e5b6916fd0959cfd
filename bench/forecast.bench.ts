/**
 * Forecast throughput on the London scenario: 10,000 Monte Carlo runs (no sensitivity) in this
 * thread and on 2 workers, wall clock including pool start-up and template loading, plus the
 * same forecast with sensitivity (first-order indices and one-at-a-time swings). Reports the
 * seconds, runs per second, the 2-worker speed-up over 1 thread, and that both gave the same
 * JSON (the determinism the forecast promises). LANCASTER_BENCH_FORECAST_RUNS changes the 10,000.
 */
import { loadScenarioTemplate } from '../src/formats/scenario-template.ts';
import { runForecast } from '../src/run/forecast.ts';
import type { BenchRow } from './run.ts';

const RUNS = Number(process.env.LANCASTER_BENCH_FORECAST_RUNS ?? 10_000);

async function timed(threads: number, sensitivity: boolean) {
  const t0 = performance.now();
  const { template } = loadScenarioTemplate('london-2025');
  const forecast = await runForecast(template, {
    runs: RUNS,
    seed: 1,
    threads,
    sensitivity,
    source: { pathOrName: 'london-2025' },
  });
  return { ms: performance.now() - t0, forecast };
}

export async function run(): Promise<BenchRow[]> {
  const one = await timed(1, false);
  const two = await timed(2, false);
  const withSensitivity = await timed(2, true);
  const same = JSON.stringify(one.forecast) === JSON.stringify(two.forecast);
  const swingRuns = withSensitivity.forecast.sensitivity?.tornado?.runsPerEnd ?? 0;
  const extra = swingRuns * (2 * withSensitivity.forecast.parameters.length + 1);
  return [
    {
      name: `London ${RUNS} runs, 1 thread`,
      value: one.ms / 1000,
      unit: 's',
      note: `${Math.round((RUNS * 1000) / one.ms)} runs/s`,
    },
    {
      name: `London ${RUNS} runs, 2 workers`,
      value: two.ms / 1000,
      unit: 's',
      note: `${Math.round((RUNS * 1000) / two.ms)} runs/s; JSON identical to 1 thread: ${same}`,
    },
    { name: '2 workers vs 1 thread', value: one.ms / two.ms, unit: '×' },
    {
      name: `London ${RUNS} runs + sensitivity, 2 workers`,
      value: withSensitivity.ms / 1000,
      unit: 's',
      note: `${extra} swing runs (${swingRuns} per end, ${withSensitivity.forecast.parameters.length} parameters)`,
    },
    {
      name: 'London P(agreement)',
      value: one.forecast.agreement.probability,
      unit: '',
      note: `95% CI ${one.forecast.agreement.ci95.low.toFixed(3)}–${one.forecast.agreement.ci95.high.toFixed(3)}`,
    },
  ];
}
