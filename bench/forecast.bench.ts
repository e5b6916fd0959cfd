/**
 * Forecast speed as a user feels it: whole `lancaster forecast` processes (start-up, template
 * loading and worker threads included), one thread against two workers, run in turns (A, B, A, B,
 * …) so that both see the same machine load, medians over the rounds, with what other processes
 * used of the cores during the runs in every note (a row says MEASURED UNDER LOAD when they used
 * more than a tenth of a core: a wall-clock ratio then says little). Rows:
 *
 * - London, 10,000 runs (`--no-sensitivity`) in one thread and on 2 workers, with CPU time per
 *   thread (main, V8's background threads, workers) and whether both printed the same JSON (the
 *   determinism the forecast promises);
 * - the speed-up of 2 workers over one thread: issue 14's goal is ≥ 1.8× on two cores; and the
 *   same ratio projected on 2 idle cores from the CPU times (see `idleWallMs` in bench/run.ts),
 *   which a busy machine hardly moves;
 * - the CPU time of 2 workers over one thread: what running in parallel costs in all (module
 *   loading, template loading and compilation once per thread); on a busy machine the wall-clock
 *   ratio falls with the share of the cores this benchmark gets, this one does not;
 * - the break-even: for each size of the sweep, one thread's time over 2 workers' (measured, and
 *   projected on idle cores), and the smallest size from which the pool wins at every larger size
 *   — what `IN_THREAD_BELOW` in src/cli/commands/forecast.ts should be;
 * - London 10,000 runs with sensitivity (swings included) on 2 workers, for reference;
 * - where one thread's CPU goes (Linux, in this process, from /proc/self/task): the JavaScript
 *   thread against V8's background threads (optimizing compiles, concurrent GC), for 1,000 and for
 *   4,000 runs. A forecast in one thread already keeps part of the second core busy this way, and
 *   every extra worker compiles the same code again for itself: the ceiling of the speed-up on two
 *   cores follows from these numbers whatever the load on the machine.
 *
 * Rows marked for the README are printed again at the end as lines of its performance table.
 *
 * Environment: LANCASTER_BENCH_FORECAST_RUNS (default 10000), LANCASTER_BENCH_FORECAST_ROUNDS
 * (rounds of the main pair, default 5), LANCASTER_BENCH_FORECAST_SWEEP (sizes, default
 * 2000,4000,6000,8000,12000; empty skips the sweep), LANCASTER_BENCH_SWEEP_ROUNDS (default 3),
 * LANCASTER_BENCH_FORECAST_LARGE (one pair of a larger forecast, to show the speed-up growing with
 * the work: default 40000; 0 skips it).
 * Needs the compiled build (`npm run bench` builds it first).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  type BenchRow,
  idleWallMs,
  loadNote,
  median,
  type ThreadedRun,
  timeProcess,
  timeThreads,
  underLoad,
} from './run.ts';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'lancaster.js');
const RUNS = Number(process.env.LANCASTER_BENCH_FORECAST_RUNS ?? 10_000);
const ROUNDS = Number(process.env.LANCASTER_BENCH_FORECAST_ROUNDS ?? 5);
const SWEEP = (process.env.LANCASTER_BENCH_FORECAST_SWEEP ?? '2000,4000,6000,8000,12000')
  .split(',')
  .filter((s) => s.trim() !== '')
  .map(Number);
const SWEEP_ROUNDS = Number(process.env.LANCASTER_BENCH_SWEEP_ROUNDS ?? 3);
const LARGE = Number(process.env.LANCASTER_BENCH_FORECAST_LARGE ?? 40_000);

/** The argv of one `lancaster forecast london-2025` process. */
function forecastArgv(runs: number, workers: number, sensitivity = false): string[] {
  return [
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
  ];
}

const ENV = { ...process.env, NO_COLOR: '1' };

/** One `lancaster forecast london-2025` process, timed whole. */
function forecast(runs: number, workers: number, sensitivity = false) {
  return timeProcess(forecastArgv(runs, workers, sensitivity), { cwd: ROOT, env: ENV });
}

/**
 * One thread and 2 workers in turns (A, B, A, B, …), `rounds` times, each process with the CPU
 * time of each of its threads: medians of wall clock and CPU, the median of the paired wall-clock
 * ratios, and the median of the paired ratios projected on 2 idle cores from CPU time.
 */
async function pair(runs: number, rounds: number) {
  const one: ThreadedRun[] = [];
  const two: ThreadedRun[] = [];
  let same = true;
  for (let k = 0; k < rounds; k++) {
    const a = await timeThreads(forecastArgv(runs, 1), { cwd: ROOT, env: ENV });
    const b = await timeThreads(forecastArgv(runs, 2), { cwd: ROOT, env: ENV });
    same &&= a.stdout === b.stdout;
    one.push(a);
    two.push(b);
  }
  const m = (xs: ThreadedRun[]) => ({
    ms: median(xs.map((x) => x.ms)),
    cpuMs: median(xs.map((x) => x.cpuMs)),
    mainMs: median(xs.map((x) => x.mainMs)),
    backgroundMs: median(xs.map((x) => x.backgroundMs)),
    workersMs: median(xs.map((x) => x.laterMs.slice(0, 2).reduce((s, t) => s + t, 0))),
  });
  const ratio = median(one.map((a, k) => a.ms / (two[k] as ThreadedRun).ms));
  const idle = median(one.map((a, k) => idleWallMs(a) / idleWallMs(two[k] as ThreadedRun)));
  const probability = (JSON.parse(one[0]?.stdout ?? '{}') as { agreement?: { probability: number } })
    .agreement?.probability;
  return {
    one: m(one),
    two: m(two),
    ratio,
    idle,
    same,
    runs: [...one, ...two],
    load: loadNote([...one, ...two]),
    busy: underLoad([...one, ...two]),
    probability: probability ?? Number.NaN,
  };
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
  // The bundled module, so that this measures what users run (and needs no types at check time).
  const mod = (await import(pathToFileURL(join(ROOT, 'bundle', 'run', 'forecast.js')).href)) as {
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
  if (!existsSync(join(ROOT, 'bundle', 'cli.cjs'))) {
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
  const main = await pair(RUNS, ROUNDS);
  const busy = main.busy ? ' MEASURED UNDER LOAD: re-measure on a quiet machine' : '';
  const s = (ms: number) => (ms / 1000).toFixed(1);
  const rows: BenchRow[] = [
    {
      name: `London ${RUNS} runs, 1 thread`,
      value: main.one.ms / 1000,
      unit: 's',
      note: `whole process, median of ${ROUNDS}; CPU ${s(main.one.cpuMs)} s (main thread ${s(main.one.mainMs)} s, V8 background ${s(main.one.backgroundMs)} s); ${main.load}${busy}`,
      readme: true,
    },
    {
      name: `London ${RUNS} runs, 2 workers`,
      value: main.two.ms / 1000,
      unit: 's',
      note: `CPU ${s(main.two.cpuMs)} s (workers ${s(main.two.workersMs)} s, V8 background ${s(main.two.backgroundMs)} s, main ${s(main.two.mainMs)} s); JSON identical to 1 thread: ${main.same}; ${main.load}${busy}`,
      readme: true,
    },
    {
      name: `London ${RUNS} runs: 2 workers vs 1 thread (wall)`,
      value: main.ratio,
      unit: '×',
      note: `median of ${ROUNDS} paired ratios; goal ≥ 1.8× on 2 idle cores: ${main.ratio >= 1.8 ? 'met' : 'NOT met'}; ${main.load}${busy}`,
      readme: true,
    },
    {
      name: `London ${RUNS} runs: 2 workers vs 1 thread, projected on 2 idle cores`,
      value: main.idle,
      unit: '×',
      note: 'from CPU time per thread (least wall clock each could take: its busiest thread, or its CPU over 2 cores); hardly moved by load; a projection, not a measurement',
      readme: true,
    },
    {
      name: '2 workers vs 1 thread (CPU time in all)',
      value: main.two.cpuMs / main.one.cpuMs,
      unit: '×',
      note: 'what the second thread costs (loading, V8 compiling and warming up the hot code in each isolate); 1.0 is free',
      readme: true,
    },
  ];

  if (SWEEP.length > 0) {
    const sweep: { n: number; ratio: number; idle: number; load: string }[] = [];
    const sweepRuns: ThreadedRun[] = [];
    for (const n of SWEEP) {
      const p = await pair(n, SWEEP_ROUNDS);
      sweep.push({ n, ratio: p.ratio, idle: p.idle, load: p.load });
      sweepRuns.push(...p.runs);
    }
    const sweepBusy = underLoad(sweepRuns) ? ' MEASURED UNDER LOAD' : '';
    for (const { n, ratio, idle, load } of sweep) {
      rows.push({
        name: `break-even sweep: ${n} runs, 1 thread / 2 workers`,
        value: ratio,
        unit: '×',
        note: `median of ${SWEEP_ROUNDS}; projected on 2 idle cores ${idle.toFixed(2)}×; above 1: the pool wins; ${load}`,
      });
    }
    // The smallest size from which the pool wins at every larger size of the sweep.
    const from = (key: 'ratio' | 'idle') => {
      let n: number | null = null;
      for (let k = sweep.length - 1; k >= 0 && (sweep[k]?.[key] ?? 0) > 1; k--) n = sweep[k]?.n ?? null;
      return n;
    };
    const wall = from('ratio');
    const idle = from('idle');
    rows.push(
      {
        name: 'the pool pays from (runs in all, wall clock)',
        value: wall ?? Number.NaN,
        unit: 'runs',
        note: `${wall === null ? 'not within the sweep' : 'IN_THREAD_BELOW in src/cli/commands/forecast.ts should be near it'}; ${loadNote(sweepRuns)}${sweepBusy}`,
        readme: true,
      },
      {
        name: 'the pool pays from (runs in all, projected on 2 idle cores)',
        value: idle ?? Number.NaN,
        unit: 'runs',
        note: idle === null ? 'not within the sweep' : 'from CPU time per thread, as above',
        readme: true,
      },
    );
  }

  if (LARGE > 0) {
    const large = await pair(LARGE, 1);
    const busyLarge = large.busy ? ' MEASURED UNDER LOAD' : '';
    rows.push(
      {
        name: `London ${LARGE} runs: 2 workers vs 1 thread (wall)`,
        value: large.ratio,
        unit: '×',
        note: `one pair; 1 thread ${s(large.one.ms)} s, 2 workers ${s(large.two.ms)} s; CPU 2 workers / 1 thread ${(large.two.cpuMs / large.one.cpuMs).toFixed(2)}×; ${large.load}${busyLarge}`,
        readme: true,
      },
      {
        name: `London ${LARGE} runs: 2 workers vs 1 thread, projected on 2 idle cores`,
        value: large.idle,
        unit: '×',
        note: 'from CPU time per thread: the fixed cost of a second isolate weighs less on more runs',
        readme: true,
      },
    );
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
