/**
 * Forecast speed as a user feels it: whole `lancaster forecast` processes (start-up, template
 * loading and worker threads included), one thread against two workers, run in turns so that both
 * see the same machine load, medians over the rounds. Rows:
 *
 * - London, 10,000 runs (`--no-sensitivity`) in one thread and on 2 workers, with CPU time and
 *   whether both printed the same JSON (the determinism the forecast promises);
 * - the speed-up of 2 workers over one thread: issue 14's goal is ≥ 1.8× on two cores;
 * - the CPU time of 2 workers over one thread: what running in parallel costs in all (module
 *   loading, template loading and compilation once per thread); on a busy machine the wall-clock
 *   ratio falls with the share of the cores this benchmark gets, this one does not;
 * - the break-even: for each size of the sweep, one thread's time over 2 workers', and the
 *   smallest size from which the pool wins at every larger size — what `IN_THREAD_BELOW` in
 *   src/cli/commands/forecast.ts should be;
 * - London 10,000 runs with sensitivity (swings included) on 2 workers, for reference;
 * - where one thread's CPU goes (Linux, in this process, from /proc/self/task): the JavaScript
 *   thread against V8's background threads (optimizing compiles, concurrent GC), for 1,000 and for
 *   4,000 runs. A forecast in one thread already keeps part of the second core busy this way, and
 *   every extra worker compiles the same code again for itself: the ceiling of the speed-up on two
 *   cores follows from these numbers whatever the load on the machine.
 *
 * Environment: LANCASTER_BENCH_FORECAST_RUNS (default 10000), LANCASTER_BENCH_FORECAST_ROUNDS
 * (rounds of the main pair, default 3), LANCASTER_BENCH_FORECAST_SWEEP (sizes, default
 * 2000,4000,6000,8000,12000; empty skips the sweep), LANCASTER_BENCH_SWEEP_ROUNDS (default 3).
 * Needs the compiled build (`npm run bench` builds it first).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BenchRow, median, type ProcessRun, timeProcess } from './run.ts';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'lancaster.js');
const RUNS = Number(process.env.LANCASTER_BENCH_FORECAST_RUNS ?? 10_000);
const ROUNDS = Number(process.env.LANCASTER_BENCH_FORECAST_ROUNDS ?? 3);
const SWEEP = (process.env.LANCASTER_BENCH_FORECAST_SWEEP ?? '2000,4000,6000,8000,12000')
  .split(',')
  .filter((s) => s.trim() !== '')
  .map(Number);
const SWEEP_ROUNDS = Number(process.env.LANCASTER_BENCH_SWEEP_ROUNDS ?? 3);

/** One `lancaster forecast london-2025` process. */
function forecast(runs: number, workers: number, sensitivity = false) {
  return timeProcess(
    [
      process.execPath,
      BIN,
      'forecast',
      'london-2025',
      '--runs',
      String(runs),
      '--workers',
      String(workers),
      '--json',
      '--no-report',
      ...(sensitivity ? [] : ['--no-sensitivity']),
    ],
    { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } },
  );
}

/** One thread and 2 workers in turns, `rounds` times: medians of wall clock and CPU. */
function pair(runs: number, rounds: number) {
  const one: ProcessRun[] = [];
  const two: ProcessRun[] = [];
  let same = true;
  for (let k = 0; k < rounds; k++) {
    const a = forecast(runs, 1);
    const b = forecast(runs, 2);
    same &&= a.stdout === b.stdout;
    one.push(a);
    two.push(b);
  }
  const m = (xs: { ms: number; cpuMs: number }[]) => ({
    ms: median(xs.map((x) => x.ms)),
    cpuMs: median(xs.map((x) => x.cpuMs)),
  });
  const ratio = median(one.map((a, k) => a.ms / (two[k]?.ms ?? a.ms)));
  const probability = (JSON.parse(one[0]?.stdout ?? '{}') as { agreement?: { probability: number } })
    .agreement?.probability;
  return { one: m(one), two: m(two), ratio, same, probability: probability ?? Number.NaN };
}

/** CPU milliseconds of each thread of this process, by thread id (Linux; 10 ms resolution). */
function threadCpu(): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    const fields = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    out.set(Number(tid), (Number(fields[11]) + Number(fields[12])) * 10);
  }
  return out;
}

/** London runs in this thread: CPU of this (JavaScript) thread and of the process's other threads. */
async function threadSplit(runs: number): Promise<{ js: number; background: number }> {
  // The compiled module, so that this measures what users run (and needs no types at check time).
  const mod = (await import(pathToFileURL(join(ROOT, 'dist', 'run', 'forecast.js')).href)) as {
    forecastRunner: () => (job: unknown) => unknown;
  };
  // A fresh runner of a fresh module instance would still share this isolate's compiled code, so
  // this is measured once per process: run it first, before anything else compiles the session code.
  const run = mod.forecastRunner();
  const before = threadCpu();
  for (let from = 0; from < runs; from += 250) {
    run({
      source: { pathOrName: 'london-2025' },
      seed: 1,
      bins: 0,
      task: { kind: 'sample', from, to: Math.min(runs, from + 250) },
    });
  }
  const after = threadCpu();
  let js = 0;
  let background = 0;
  for (const [tid, ms] of after) {
    const d = ms - (before.get(tid) ?? 0);
    if (tid === process.pid) js += d;
    else background += d;
  }
  return { js, background };
}

/** Measurements; see the module comment. */
export async function run(): Promise<BenchRow[]> {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) {
    return [{ name: 'skipped: the compiled build is missing (npm run build)', value: 0, unit: '' }];
  }
  const split: BenchRow[] = [];
  if (existsSync('/proc/self/task')) {
    const first = await threadSplit(1000);
    const next = await threadSplit(3000);
    const all = { js: first.js + next.js, background: first.background + next.background };
    split.push(
      {
        name: 'one thread, first 1,000 runs: V8 background CPU / JS CPU',
        value: first.background / first.js,
        unit: '×',
        note: `JS thread ${first.js} ms, background threads ${first.background} ms (compiling the hot code)`,
      },
      {
        name: 'one thread, 4,000 runs: V8 background CPU / JS CPU',
        value: all.background / all.js,
        unit: '×',
        note: `JS thread ${all.js} ms, background ${all.background} ms: mostly a fixed cost per thread (isolate)`,
      },
    );
  }
  forecast(100, 2); // warm the file cache
  const main = pair(RUNS, ROUNDS);
  const rows: BenchRow[] = [
    {
      name: `London ${RUNS} runs, 1 thread`,
      value: main.one.ms / 1000,
      unit: 's',
      note: `whole process, median of ${ROUNDS}; CPU ${(main.one.cpuMs / 1000).toFixed(1)} s; ${Math.round((RUNS * 1000) / main.one.ms)} runs/s`,
    },
    {
      name: `London ${RUNS} runs, 2 workers`,
      value: main.two.ms / 1000,
      unit: 's',
      note: `CPU ${(main.two.cpuMs / 1000).toFixed(1)} s; ${Math.round((RUNS * 1000) / main.two.ms)} runs/s; JSON identical to 1 thread: ${main.same}`,
    },
    {
      name: '2 workers vs 1 thread (wall)',
      value: main.ratio,
      unit: '×',
      note: `median of the paired ratios; goal ≥ 1.8× on 2 idle cores: ${main.ratio >= 1.8 ? 'met' : 'NOT met'}`,
    },
    {
      name: '2 workers vs 1 thread (CPU time in all)',
      value: main.two.cpuMs / main.one.cpuMs,
      unit: '×',
      note: 'what the second thread costs (loading, compiling twice); 1.0 is free',
    },
  ];

  if (SWEEP.length > 0) {
    const ratios = SWEEP.map((n) => ({ n, ratio: pair(n, SWEEP_ROUNDS).ratio }));
    for (const { n, ratio } of ratios) {
      rows.push({
        name: `break-even sweep: ${n} runs, 1 thread / 2 workers`,
        value: ratio,
        unit: '×',
        note: `median of ${SWEEP_ROUNDS}; above 1: the pool wins`,
      });
    }
    // The smallest size from which the pool wins at every larger size of the sweep.
    let from: number | null = null;
    for (let k = ratios.length - 1; k >= 0 && (ratios[k]?.ratio ?? 0) > 1; k--) from = ratios[k]?.n ?? null;
    rows.push({
      name: 'the pool pays from (runs in all)',
      value: from ?? Number.NaN,
      unit: 'runs',
      note:
        from === null
          ? 'not within the sweep'
          : 'set IN_THREAD_BELOW in src/cli/commands/forecast.ts near it',
    });
  }

  const withSensitivity = forecast(RUNS, 2, true);
  const f = JSON.parse(withSensitivity.stdout) as {
    parameters: unknown[];
    sensitivity: { tornado: { runsPerEnd: number } | null } | null;
  };
  const perEnd = f.sensitivity?.tornado?.runsPerEnd ?? 0;
  rows.push(
    ...split,
    {
      name: `London ${RUNS} runs + sensitivity, 2 workers`,
      value: withSensitivity.ms / 1000,
      unit: 's',
      note: `${perEnd * (2 * f.parameters.length + 1)} swing runs (${perEnd} per end, ${f.parameters.length} parameters)`,
    },
    { name: 'London P(agreement)', value: main.probability, unit: '', note: `${RUNS} runs, seed 1` },
  );
  return rows;
}
