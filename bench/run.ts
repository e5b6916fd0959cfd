/**
 * The benchmark runner behind `npm run bench`: imports every `bench/*.bench.ts` module in name
 * order, calls its exported `run()` and prints one table of what each measured. A bench module
 * returns rows rather than printing, so that the runner owns the output and new benches need no
 * registration: drop a file here that exports `run(): BenchRow[] | Promise<BenchRow[]>`.
 * Arguments filter the modules by substring (`npm run bench -- frontier`). Benchmarks are not
 * tests: nothing here asserts a time.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** One measured number. */
export interface BenchRow {
  /** What was measured, e.g. `paretoFrontier 2 parties, 10^6 random`. */
  readonly name: string;
  readonly value: number;
  /** `ms`, `×`, `outcomes`, … */
  readonly unit: string;
  /** Context worth printing next to the number (sizes, counts). */
  readonly note?: string;
  /**
   * Also print the row as a line of the README's performance table (`| what | value | note |
   * command |`), so that a re-measurement can be pasted there as it is.
   */
  readonly readme?: boolean;
}

/** What a `*.bench.ts` module exports. */
export interface BenchModule {
  run(): BenchRow[] | Promise<BenchRow[]>;
}

/**
 * Median wall-clock milliseconds of `fn` over `repeats` runs, after `warmup` unmeasured runs
 * (which let V8 optimise the code first). Returns the last result too, so it can be reported.
 *
 * @example
 * const { ms, result } = measure(() => paretoFrontier(utils), 5);
 */
export function measure<T>(fn: () => T, repeats = 5, warmup = 1): { ms: number; result: T } {
  for (let k = 0; k < warmup; k++) fn();
  const times: number[] = [];
  let result = undefined as T;
  for (let k = 0; k < Math.max(1, repeats); k++) {
    const t0 = performance.now();
    result = fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)] as number, result };
}

/** The median of some numbers (the upper one of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

/** One whole process, as `timeProcess` measured it. */
export interface ProcessRun {
  /** Wall clock from spawn to exit (high resolution). */
  readonly ms: number;
  /** `/usr/bin/time`'s elapsed time (10 ms resolution). */
  readonly elapsedMs: number;
  /** CPU time of the process and its threads, user plus system (10 ms resolution). */
  readonly cpuMs: number;
  /** Peak resident memory. */
  readonly maxRssKiB: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `argv` once under `/usr/bin/time` and returns what it measured; throws with the process's
 * output when it fails. Whole processes are what a user waits for: start-up, loading and worker
 * threads included.
 *
 * @example
 * const { ms, cpuMs } = timeProcess([process.execPath, 'bin/lancaster.js', '--help']);
 */
export function timeProcess(
  argv: readonly string[],
  opts: { readonly env?: NodeJS.ProcessEnv; readonly cwd?: string } = {},
): ProcessRun {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', 'TIME %e %U %S %M', ...argv], {
    encoding: 'utf8',
    env: opts.env ?? process.env,
    ...(opts.cwd ? { cwd: opts.cwd } : {}),
    maxBuffer: 256 * 2 ** 20,
  });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  const m = /TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)\s*$/.exec(r.stderr);
  return {
    ms,
    elapsedMs: m ? Number(m[1]) * 1000 : Number.NaN,
    cpuMs: m ? (Number(m[2]) + Number(m[3])) * 1000 : Number.NaN,
    maxRssKiB: m ? Number(m[4]) : Number.NaN,
    stdout: r.stdout,
    stderr: m ? r.stderr.slice(0, m.index) : r.stderr,
  };
}

/** One whole process with the CPU time of each of its threads, as `timeThreads` measured it. */
export interface ThreadedRun {
  /** Wall clock from spawn to exit. */
  readonly ms: number;
  /** CPU time of all its threads (10 ms resolution per thread). */
  readonly cpuMs: number;
  /** CPU of the main JavaScript thread. */
  readonly mainMs: number;
  /**
   * CPU of the threads Node starts with besides the main one: V8's platform threads, which compile
   * optimized code and collect garbage for every isolate of the process.
   */
  readonly backgroundMs: number;
  /** CPU of each thread started later, busiest first: worker threads (and libuv's I/O threads). */
  readonly laterMs: readonly number[];
  /** The 1-minute load average before and after the run. */
  readonly load: readonly [number, number];
  /**
   * Cores' worth of CPU that other processes used during the run (the machine's busy time from
   * /proc/stat, less this process's own CPU, over the wall clock): unlike the load average, which
   * counts the benchmark's own recent processes too, this is the competition the run had.
   */
  readonly othersCores: number;
  readonly stdout: string;
}

/** Milliseconds of CPU the whole machine has been busy since boot, all cores (Linux /proc/stat). */
function machineBusyMs(): number {
  try {
    const f = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '')
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    // user nice system idle iowait irq softirq steal …: busy is all but idle and iowait (10 ms ticks).
    const total = f.slice(0, 8).reduce((a, x) => a + x, 0);
    return (total - (f[3] ?? 0) - (f[4] ?? 0)) * 10;
  } catch {
    return Number.NaN;
  }
}

/** Threads Node 20 starts before running JavaScript besides the main one (see `timeThreads`). */
const NODE_PLATFORM_THREADS = 5;

/** CPU milliseconds of each thread of process `pid` (Linux), by thread id; empty once it is gone. */
function threadTimes(pid: number): Map<number, number> {
  const out = new Map<number, number>();
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(tid), (Number(f[11]) + Number(f[12])) * 10);
    } catch {
      // the thread ended between listing and reading
    }
  }
  return out;
}

/**
 * Runs `argv` once and samples the CPU time of each of its threads every 10 ms (Linux
 * /proc/PID/task), so that one can tell the main thread, V8's background threads and the worker
 * threads apart. Unlike a wall-clock time, CPU times hardly move with the load of the machine,
 * which is what `idleWallMs` builds on. A thread that ends between two samples loses at most 10 ms.
 *
 * @example
 * const r = await timeThreads([process.execPath, 'bin/lancaster.js', 'forecast', '--workers', '2']);
 */
export function timeThreads(
  argv: readonly string[],
  opts: { readonly env?: NodeJS.ProcessEnv; readonly cwd?: string } = {},
): Promise<ThreadedRun> {
  const before = loadavg()[0] as number;
  const busyBefore = machineBusyMs();
  const t0 = performance.now();
  const child = spawn(argv[0] as string, argv.slice(1), {
    env: opts.env ?? process.env,
    ...(opts.cwd ? { cwd: opts.cwd } : {}),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid as number;
  const last = new Map<number, number>();
  const sample = () => {
    for (const [tid, ms] of threadTimes(pid)) last.set(tid, ms);
  };
  const timer = setInterval(sample, 10);
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (b: Buffer) => out.push(b));
  child.stderr.on('data', (b: Buffer) => err.push(b));
  return new Promise((resolvePromise, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      const ms = performance.now() - t0;
      const busyMs = machineBusyMs() - busyBefore;
      const stdout = Buffer.concat(out).toString('utf8');
      if (code !== 0) {
        reject(
          new Error(`${argv.join(' ')} failed (${code}):\n${stdout}\n${Buffer.concat(err).toString('utf8')}`),
        );
        return;
      }
      // Node's own threads are the first it creates after the main one, before any JavaScript
      // runs: V8's platform threads (a scheduler and a pool of 4 by default, which compile
      // optimized code and collect garbage for every isolate of the process). Thread ids grow in
      // the order threads are created; a program's worker threads come later.
      const first = new Set(
        [...last.keys()]
          .filter((tid) => tid !== pid)
          .sort((a, b) => a - b)
          .slice(0, NODE_PLATFORM_THREADS),
      );
      let cpuMs = 0;
      let backgroundMs = 0;
      const laterMs: number[] = [];
      for (const [tid, t] of last) {
        cpuMs += t;
        if (tid === pid) continue;
        if (first.has(tid)) backgroundMs += t;
        else laterMs.push(t);
      }
      resolvePromise({
        ms,
        cpuMs,
        mainMs: last.get(pid) ?? 0,
        backgroundMs,
        laterMs: laterMs.sort((a, b) => b - a),
        load: [before, loadavg()[0] as number],
        othersCores: Math.max(0, (busyMs - cpuMs) / ms),
        stdout,
      });
    });
  });
}

/**
 * The least wall-clock time a run could take on `cores` idle cores, from its CPU times: no less
 * than its busiest thread, nor than all its CPU spread evenly over the cores. A projection (it
 * ignores waits and start-up order), not a measurement; on a busy machine it is the one number
 * that still says what the code would do on a quiet one.
 */
export function idleWallMs(r: ThreadedRun, cores = Math.min(2, availableParallelism())): number {
  return Math.max(r.mainMs, r.laterMs[0] ?? 0, r.cpuMs / cores);
}

/** The competition some runs had, as `others used 1.6 of 2 cores (load 12.4–15.0)` (for a row's note). */
export function loadNote(
  runs: readonly { readonly load: readonly [number, number]; readonly othersCores?: number }[],
): string {
  const all = runs.flatMap((r) => r.load);
  if (all.length === 0) return 'load ?';
  const others = median(runs.map((r) => r.othersCores ?? Number.NaN));
  return `other processes used ${others.toFixed(1)} of ${availableParallelism()} cores (median), load ${Math.min(...all).toFixed(1)}–${Math.max(...all).toFixed(1)}`;
}

/**
 * Whether some runs shared the machine with other work: other processes used more than a tenth of
 * a core during any of them (their wall-clock times, and ratios of them, then say little).
 */
export function underLoad(runs: readonly { readonly othersCores: number }[]): boolean {
  return runs.some((r) => !(r.othersCores <= 0.1));
}

function format(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return value.toLocaleString('en-GB');
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

function printTable(rows: readonly (BenchRow & { readonly module: string })[]): void {
  const cells = rows.map((r) => [r.module, r.name, format(r.value), r.unit, r.note ?? '']);
  const head = ['bench', 'measure', 'value', 'unit', 'note'];
  const widths = head.map((h, c) => Math.max(h.length, ...cells.map((row) => (row[c] as string).length)));
  const line = (row: readonly string[]) =>
    row
      .map((cell, c) => (c === 2 ? cell.padStart(widths[c] as number) : cell.padEnd(widths[c] as number)))
      .join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of cells) console.log(line(row).trimEnd());
}

async function main(filters: readonly string[]): Promise<void> {
  const dir = dirname(fileURLToPath(import.meta.url));
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
    .sort();
  if (files.length === 0) {
    console.error(`no bench/*.bench.ts module matches ${filters.join(' ')}`);
    process.exitCode = 2;
    return;
  }
  const rows: (BenchRow & { module: string })[] = [];
  for (const file of files) {
    const module = file.replace(/\.bench\.ts$/, '');
    const mod = (await import(pathToFileURL(join(dir, file)).href)) as Partial<BenchModule>;
    if (typeof mod.run !== 'function') {
      console.error(`${file} exports no run() function; skipped`);
      continue;
    }
    const t0 = performance.now();
    for (const row of await mod.run()) rows.push({ ...row, module });
    console.error(`${module}: done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  console.log(
    `node ${process.version}, ${process.platform}/${process.arch}, ${availableParallelism()} cores`,
  );
  printTable(rows);
  const readme = rows.filter((r) => r.readme);
  if (readme.length > 0) {
    console.log(`\nREADME rows (performance table; measured ${new Date().toISOString().slice(0, 16)}Z):`);
    for (const r of readme) {
      const cell = (x: string) => x.replaceAll('|', '\\|');
      console.log(
        `| ${cell(r.name)} | ${format(r.value)} ${r.unit} | ${cell(r.note ?? '')} | \`npm run bench -- ${r.module}\` |`,
      );
    }
  }
}

// Run only as the entry point, so that bench modules can import `measure` and the types. Not a
// top-level await: bench modules import this file, and awaiting them here would be an import cycle
// that never settles.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
