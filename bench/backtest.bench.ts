/**
 * The backtest's running time: `runBacktest` over the synthetic cases of test/fixtures/backtest
 * and over the shipped case library (`scenarios/`, the files with an outcome block), 2,000
 * simulation runs per case, against a baseline measured in the same run: the simulations alone
 * (the forecast's main sample of each case, `forecastSample`). The ratio is what the reference
 * models (Nash and Kalai by domain analysis, status quo, uniform, compromise) and the scoring add.
 * LANCASTER_BENCH_BACKTEST_RUNS changes the 2,000.
 */
import { fileURLToPath } from 'node:url';
import { loadScenarioTemplate } from '../src/formats/scenario-template.ts';
import { backtestFiles, runBacktest } from '../src/run/backtest.ts';
import { forecastSample } from '../src/run/forecast-sample.ts';
import type { BenchRow } from './run.ts';

const RUNS = Number(process.env.LANCASTER_BENCH_BACKTEST_RUNS ?? 2000);
const FIXTURES = fileURLToPath(new URL('../test/fixtures/backtest', import.meta.url));
const LIBRARY = fileURLToPath(new URL('../scenarios', import.meta.url));

/** The simulations alone for the given case files. */
function simulationsOnly(files: readonly string[]): void {
  for (const file of files) {
    const { template } = loadScenarioTemplate(file);
    forecastSample(template, { runs: RUNS, seed: 1 });
  }
}

/** Median milliseconds of three runs of `fn` after one unmeasured run (module loading, JIT). */
async function median(fn: () => Promise<unknown> | unknown): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[1] as number;
}

async function bench(label: string, folder: string): Promise<BenchRow[]> {
  const result = await runBacktest([folder], { seed: 1, runs: RUNS }).catch(() => null);
  if (!result) return [{ name: `${label}: no case with an outcome`, value: 0, unit: 'cases' }];
  const scored = new Set(result.cases.map((c) => c.file));
  const files = backtestFiles([folder]).filter((f) => scored.has(f));
  const ms = await median(() => runBacktest([folder], { seed: 1, runs: RUNS }));
  const base = await median(() => simulationsOnly(files));
  return [
    {
      name: `${label}: backtest, ${result.cases.length} cases × ${RUNS} runs`,
      value: ms / 1000,
      unit: 's',
      note: `${Math.round(ms / result.cases.length)} ms per case (median of 3)`,
    },
    { name: `${label}: the simulations alone`, value: base / 1000, unit: 's' },
    { name: `${label}: backtest vs simulations alone`, value: ms / base, unit: '×' },
  ];
}

export async function run(): Promise<BenchRow[]> {
  return [...(await bench('synthetic cases', FIXTURES)), ...(await bench('case library', LIBRARY))];
}
