/**
 * Whole-process times: what a user waits for from pressing Enter to the prompt, start-up included.
 * Each command runs as a fresh process (`/usr/bin/time -f '%e %M'`, plus a high-resolution wall
 * clock around the same spawn), interleaved with `node -e 0` so that both see the same machine
 * load; the figure is the median over the rounds. Rows:
 *
 * - `node -e 0`, the floor every Node program pays;
 * - `lancaster --help` (budget 120 ms) and `lancaster analyze anac2011_Camera`, a small domain
 *   (budget 200 ms), each with its ratio to the floor;
 * - the side-by-side table of issue 14: `analyze` of anac2011_Energy, genius_6issues and
 *   genius_7issues, and 100 negotiations of Boulware against Conceder on Camera with 1,000-step
 *   deadlines (`lancaster tournament` on one worker; NegMAS's SAOMechanism with its
 *   BoulwareTBNegotiator and ConcederTBNegotiator), each against NegMAS in the same run, as the
 *   ratio NegMAS time / Lancaster time. NegMAS runs from ../shared/anchors/python with Debian's
 *   Python (bench/reference/negmas_work.py); when it cannot be imported, its rows say so.
 *
 * - the start of a worker thread as each pool starts one (a tournament's, a forecast's, a corpus
 *   analysis's): the CPU time of a process whose one worker thread imports that pool's modules
 *   from bundle/, less that of one whose worker imports nothing (the CPU of the thread's modules;
 *   the main thread only waits), with the wall time to the worker's answer.
 *
 * `LANCASTER_BENCH_ROUNDS` sets the rounds of the short commands (default 15); the long ones run 3
 * times. Needs the compiled build (`npm run bench` builds it first). Skips rows whose data is absent.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { dataPath } from '../test/support/data.ts';
import { type BenchRow, median, type ProcessRun, timeProcess } from './run.ts';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'lancaster.js');
const GENIUS = dataPath('genius');
const ANCHORS = resolve(ROOT, '..', 'shared', 'anchors', 'python');
const NEGMAS_SCRIPT = join(ROOT, 'bench', 'reference', 'negmas_work.py');
const PYTHON = '/usr/bin/python3';
const ROUNDS = Number(process.env.LANCASTER_BENCH_ROUNDS ?? 15);

/** Runs `argv` once (see `timeProcess`). */
const once = (argv: readonly string[], env: NodeJS.ProcessEnv = process.env) =>
  timeProcess(argv, { env, cwd: ROOT });

/** Medians of `commands` run round-robin `rounds` times (paired runs: the same load for all). */
function paired(commands: Record<string, readonly string[]>, rounds: number, env?: NodeJS.ProcessEnv) {
  const times: Record<string, ProcessRun[]> = {};
  for (const name of Object.keys(commands)) {
    times[name] = [];
    once(commands[name] as readonly string[], env); // warm the file cache
  }
  for (let k = 0; k < rounds; k++) {
    for (const [name, argv] of Object.entries(commands)) times[name]?.push(once(argv, env));
  }
  const out: Record<string, { ms: number; timeMs: number; rssKiB: number }> = {};
  for (const [name, ts] of Object.entries(times)) {
    out[name] = {
      ms: median(ts.map((t) => t.ms)),
      timeMs: median(ts.map((t) => t.elapsedMs)),
      rssKiB: median(ts.map((t) => t.maxRssKiB)),
    };
  }
  return out;
}

function negmasAvailable(): string | null {
  if (!existsSync(PYTHON)) return `${PYTHON} is absent`;
  if (!existsSync(ANCHORS)) return `${ANCHORS} is absent`;
  const r = spawnSync(PYTHON, ['-c', 'import negmas.inout, negmas.sao'], {
    env: { ...process.env, PYTHONPATH: ANCHORS },
    encoding: 'utf8',
  });
  return r.status === 0 ? null : `NegMAS does not import (${r.stderr.trim().split('\n').at(-1)})`;
}

function tournamentSpec(dir: string): string {
  const file = join(dir, 'camera-100.tournament.yaml');
  // Both role orders of one pair (selfPlay off) × 50 repetitions = 100 negotiations.
  writeFileSync(
    file,
    [
      'version: 1',
      'id: camera-100',
      'title: Boulware against Conceder on Camera, 1,000 rounds',
      'seed: 1',
      'negotiators: [boulware, conceder]',
      `scenarios: [${join(GENIUS, 'anac2011_Camera')}]`,
      'selfPlay: false',
      'repetitions: 50',
      'deadlines: [1000]',
      '',
    ].join('\n'),
  );
  return file;
}

/** What each pool's worker thread imports before its first task, from bundle/. */
const THREAD_MODULES: Record<string, readonly string[]> = {
  "a tournament's pool thread": [
    'run/worker-thread.js',
    'run/tournament/match.js',
    'run/tournament/scenarios.js',
  ],
  "a forecast's thread": ['run/worker-thread.js', 'run/forecast-task.js'],
  "a corpus analysis's thread": ['run/corpus-worker.js'],
};

/**
 * A process that starts one worker thread importing `modules` and prints the process's CPU time
 * (the main thread only waits) and the wall time until the worker has them, in ms.
 */
function threadStartScript(modules: readonly string[]): string {
  const urls = modules.map((m) => pathToFileURL(join(ROOT, 'bundle', m)).href);
  const worker = `const { parentPort } = require('node:worker_threads'); (async () => { for (const u of ${JSON.stringify(urls)}) await import(u); parentPort.postMessage(0); })();`;
  return `const { Worker } = require('node:worker_threads');
const c0 = process.cpuUsage(); const t0 = performance.now();
const w = new Worker(${JSON.stringify(worker)}, { eval: true });
w.once('message', () => { const c = process.cpuUsage(c0); console.log((c.user + c.system) / 1000, performance.now() - t0); w.terminate(); });`;
}

/** Rows: each pool's thread start, its modules' CPU time beyond an empty worker's (median of `ROUNDS`, paired). */
function threadStarts(): BenchRow[] {
  const scripts: Record<string, string> = { 'an empty worker': threadStartScript([]) };
  for (const [name, modules] of Object.entries(THREAD_MODULES)) scripts[name] = threadStartScript(modules);
  const runs: Record<string, { cpu: number; wall: number }[]> = {};
  for (const name of Object.keys(scripts)) runs[name] = [];
  for (let k = 0; k < ROUNDS; k++) {
    for (const [name, script] of Object.entries(scripts)) {
      const [cpu, wall] = once([process.execPath, '-e', script]).stdout.trim().split(' ').map(Number);
      runs[name]?.push({ cpu: cpu as number, wall: wall as number });
    }
  }
  const cpu = (name: string) => median((runs[name] ?? []).map((r) => r.cpu));
  const wall = (name: string) => median((runs[name] ?? []).map((r) => r.wall));
  const empty = 'an empty worker';
  return Object.keys(THREAD_MODULES).map((name) => ({
    name: `start of ${name}: its modules' CPU`,
    value: cpu(name) - cpu(empty),
    unit: 'ms',
    note: `${cpu(name).toFixed(0)} ms CPU, ${wall(name).toFixed(0)} ms to the answer; an empty worker ${cpu(empty).toFixed(0)} ms CPU, ${wall(empty).toFixed(0)} ms; median of ${ROUNDS}`,
  }));
}

/** Measurements; see the module comment. */
export function run(): BenchRow[] {
  if (!existsSync(join(ROOT, 'bundle', 'cli.cjs'))) {
    return [{ name: 'skipped: the compiled build is missing (npm run build)', value: 0, unit: '' }];
  }
  const rows: BenchRow[] = [];
  const node = process.execPath;
  const camera = join(GENIUS, 'anac2011_Camera');
  const short: Record<string, string[]> = {
    'node -e 0': [node, '-e', '0'],
    'lancaster --help': [node, BIN, '--help'],
  };
  if (existsSync(camera)) short['lancaster analyze anac2011_Camera'] = [node, BIN, 'analyze', camera];
  const s = paired(short, ROUNDS);
  const floor = s['node -e 0'] as { ms: number; timeMs: number };
  for (const [name, t] of Object.entries(s)) {
    const budget = name.endsWith('--help') ? 120 : name.includes('analyze') ? 200 : undefined;
    rows.push({
      name,
      value: t.ms,
      unit: 'ms',
      note: `/usr/bin/time ${t.timeMs.toFixed(0)} ms, ${(t.rssKiB / 1024).toFixed(0)} MiB; ${
        name === 'node -e 0' ? 'the floor' : `${(t.ms / floor.ms).toFixed(2)}× node -e 0`
      }${budget ? `; budget ${budget} ms: ${t.ms <= budget ? 'met' : 'NOT met'}` : ''}; median of ${ROUNDS}`,
    });
  }

  rows.push(...threadStarts());

  const negmasMissing = negmasAvailable();
  const dir = mkdtempSync(join(tmpdir(), 'lancaster-startup-'));
  try {
    const work: { name: string; lancaster: string[]; negmas: string[]; goal: number }[] = [];
    for (const [domain, goal] of [
      ['anac2011_Energy', 60],
      ['genius_6issues', 100],
      ['genius_7issues', 400],
    ] as const) {
      const folder = join(GENIUS, domain);
      if (!existsSync(folder)) continue;
      work.push({
        name: `analyze ${domain}`,
        lancaster: [node, BIN, 'analyze', folder],
        negmas: [PYTHON, NEGMAS_SCRIPT, 'analyze', folder],
        goal,
      });
    }
    if (existsSync(camera)) {
      work.push({
        name: '100 negotiations, Camera, Boulware vs Conceder, 1,000 steps',
        lancaster: [
          node,
          BIN,
          'tournament',
          tournamentSpec(dir),
          '--workers',
          '1',
          '--db',
          join(dir, 't.sqlite'),
        ],
        negmas: [PYTHON, NEGMAS_SCRIPT, 'negotiate', camera, '100', '1000'],
        goal: 100,
      });
    }
    const negmasEnv = { ...process.env, PYTHONPATH: ANCHORS };
    for (const w of work) {
      const times: number[] = [];
      const theirs: number[] = [];
      for (let k = 0; k < 3; k++) {
        rmSync(join(dir, 't.sqlite'), { force: true });
        times.push(once(w.lancaster).ms);
        // NegMAS's own runs are slow (seconds to minutes): once per round is paired enough.
        if (!negmasMissing && (k === 0 || w.goal < 400)) theirs.push(once(w.negmas, negmasEnv).ms);
      }
      const ours = median(times);
      rows.push({ name: `lancaster ${w.name}`, value: ours, unit: 'ms', note: 'whole process, median of 3' });
      if (negmasMissing) {
        rows.push({
          name: `NegMAS ${w.name}`,
          value: Number.NaN,
          unit: 'ms',
          note: `not run: ${negmasMissing}`,
        });
      } else {
        const ref = median(theirs);
        rows.push({ name: `NegMAS ${w.name}`, value: ref, unit: 'ms', note: `median of ${theirs.length}` });
        rows.push({
          name: `NegMAS / Lancaster, ${w.name}`,
          value: ref / ours,
          unit: '×',
          note: `goal ≥ ${w.goal}×: ${ref / ours >= w.goal ? 'met' : 'NOT met'}`,
        });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
