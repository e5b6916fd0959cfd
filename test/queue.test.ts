/**
 * Forecasts beyond one machine, as a user runs them: a private redis-server on a Unix socket, two
 * `lancaster worker` processes, and `lancaster forecast --queue`. The queued forecast must print
 * the same JSON, byte for byte, as `--workers 1`, even when a worker is killed (SIGKILL) in the
 * middle and BullMQ hands its stalled job to the other. Also: the hint when no worker is running,
 * a job that fails on a worker (exit 1, naming the task and the worker's error), and an
 * unreachable Redis (exit 2). Skipped, saying so, where `redis-server` is not installed (CI
 * installs it).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { Queue, QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyRuns } from '../src/analysis/forecast.ts';
import { decodeRuns, encodeRuns, FORECAST_QUEUE } from '../src/run/queue.ts';
import { BIN, lancaster, REPO_ROOT } from './support/cli.ts';

const KNOWN = join(REPO_ROOT, 'test', 'fixtures', 'forecast', 'known.yaml');
const HAS_REDIS = spawnSync('redis-server', ['--version']).status === 0;
if (!HAS_REDIS)
  console.warn('test/queue.test.ts: redis-server is not installed, so the queue tests are skipped');

/** A running child process with its output so far. */
interface Proc {
  readonly child: ChildProcess;
  stdout: string;
  stderr: string;
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>;
}

/** Every process a test started, killed after the tests whatever happened. */
const started: Proc[] = [];

function start(command: string, args: readonly string[]): Proc {
  const child = spawn(command, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const p: Proc = {
    child,
    stdout: '',
    stderr: '',
    exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
  };
  started.push(p);
  child.stdout?.on('data', (d: Buffer) => {
    p.stdout += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    p.stderr += d.toString();
  });
  return p;
}

/** Waits until `test` holds (checked every 50 ms), failing after `ms` with `what`. */
async function until(test: () => boolean | Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await test())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const lancasterAsync = (args: readonly string[]) => start(process.execPath, [BIN, ...args]);

/** A `lancaster worker` (`concurrency` > 1 runs its tasks on a thread pool). */
async function startWorker(url: string, name: string, concurrency = 1): Promise<Proc> {
  // A short lock, so that a killed worker's job goes to another within about a second.
  const w = lancasterAsync([
    'worker',
    '--redis',
    url,
    '--concurrency',
    String(concurrency),
    '--lock-duration',
    '1000',
    '--name',
    name,
  ]);
  await until(
    () => w.stdout.includes('is waiting for forecast jobs') || w.child.exitCode !== null,
    `worker ${name} to start`,
  );
  expect(w.stdout).toContain(`Lancaster worker ${name} is waiting`);
  return w;
}

describe('a task result on the queue', () => {
  test.prop([
    fc.array(fc.double(), { maxLength: 30 }),
    fc.array(fc.integer({ min: -1, max: 2 ** 31 - 1 }), { maxLength: 10 }),
  ])('comes back bit for bit (-0 and NaN included) through JSON', (doubles, ints) => {
    const runs = emptyRuns(ints.length, { issues: 3, parties: 2, parameters: 1, impacts: 1 });
    runs.utilities.set(doubles.slice(0, runs.utilities.length));
    runs.draws.set(doubles.slice(0, runs.draws.length));
    runs.rounds.set(ints);
    runs.strategies.set(ints.map((i) => i % 3));
    const back = decodeRuns(JSON.parse(JSON.stringify(encodeRuns(runs))));
    expect(back.count).toBe(runs.count);
    for (const k of [
      'status',
      'outcome',
      'rounds',
      'utilities',
      'vetoes',
      'strategies',
      'draws',
      'impacts',
    ] as const) {
      expect(back[k].constructor).toBe(runs[k].constructor);
      expect(Buffer.from(back[k].buffer).equals(Buffer.from(runs[k].buffer))).toBe(true);
    }
  });

  it('is refused when it is not one', () => {
    expect(() => decodeRuns({ count: 1, status: 'AA==' })).toThrow(/outcome/);
    expect(() => decodeRuns('nonsense')).toThrow(/not a forecast task result/);
  });
});

describe('lancaster forecast --queue with an unreachable Redis', () => {
  it('exits 2 naming the address and the fix, for the forecast and for the worker', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lancaster-queue-'));
    const url = `unix://${join(dir, 'nothing.sock')}`;
    const f = lancaster(['forecast', KNOWN, '--runs', '10', '--no-report', '--json', '--queue', url]);
    expect(f.code).toBe(2);
    expect(f.stderr).toMatch(/QUEUE_UNREACHABLE/);
    expect(f.stderr).toContain(url);
    expect(f.stderr).toMatch(/redis-server/);
    expect(f.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    const w = lancaster(['worker', '--redis', url]);
    expect(w.code).toBe(2);
    expect(w.stderr).toMatch(/QUEUE_UNREACHABLE.*|cannot reach Redis/);
    const bad = lancaster([
      'forecast',
      KNOWN,
      '--runs',
      '10',
      '--no-report',
      '--queue',
      'http://example.org',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/BAD_OPTION/);
    expect(bad.stderr).toMatch(/redis:\/\//);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe.skipIf(!HAS_REDIS)('forecasts on a BullMQ queue (needs redis-server)', () => {
  let dir = '';
  let url = '';
  let redis: Proc | undefined;
  let queue: Queue | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lancaster-queue-'));
    const socket = join(dir, 'redis.sock');
    redis = start('redis-server', [
      '--port',
      '0',
      '--unixsocket',
      socket,
      '--save',
      '',
      '--appendonly',
      'no',
    ]);
    await until(() => (redis as Proc).stdout.includes('ready to accept connections'), 'redis-server');
    url = `unix://${socket}`;
    queue = new Queue(FORECAST_QUEUE, { connection: { path: socket } });
  });

  afterAll(async () => {
    await queue?.close();
    for (const p of started) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('gives the JSON of --workers 1 byte for byte, with a hint while no worker runs and a worker killed mid-way', async () => {
    const args = ['forecast', KNOWN, '--runs', '3000', '--swing-runs', '100', '--json', '--no-report'];
    const inThread = lancaster([...args, '--workers', '1']);
    expect(inThread.code).toBe(0);

    const cli = lancasterAsync([...args, '--queue', url]);
    // No worker yet: the forecast waits and says what to start.
    await until(() => cli.stderr.includes('no worker has taken a job yet'), 'the no-worker hint');
    expect(cli.stderr).toContain(`lancaster worker --redis ${url}`);
    const q = queue as Queue;
    expect((await q.getJobCounts('waiting')).waiting).toBe(15);

    const events = new QueueEvents(FORECAST_QUEUE, { connection: { path: join(dir, 'redis.sock') } });
    await events.waitUntilReady();
    let stalled = 0;
    events.on('stalled', () => {
      stalled++;
    });
    const [a, b] = await Promise.all([startWorker(url, 'a'), startWorker(url, 'b')]);
    // Mid-way: with jobs still waiting, each worker holds one, so killing one leaves a job stalled.
    await until(async () => ((await q.getJobCounts('completed')).completed ?? 0) >= 2, 'two tasks done');
    a.child.kill('SIGKILL');
    const code = await cli.exited;
    expect(code, cli.stderr).toBe(0);
    expect(cli.stdout).toBe(inThread.stdout);
    // The killed worker's job was taken over (BullMQ's stalled-job recovery), not lost.
    expect(stalled).toBeGreaterThanOrEqual(1);
    await events.close();
    // The forecast removed its jobs.
    const left = await q.getJobCounts('waiting', 'active', 'completed', 'failed');
    expect(left).toEqual({ waiting: 0, active: 0, completed: 0, failed: 0 });
    // SIGTERM stops the surviving worker cleanly.
    b.child.kill('SIGTERM');
    expect(await b.exited).toBe(0);
  });

  it('fails with exit 1 naming the task and the worker error when a worker cannot load the scenario', async () => {
    const q = queue as Queue;
    await q.obliterate({ force: true });
    // A scenario that exists where the forecast starts but not (any more) where the worker runs.
    const scenario = join(dir, 'elsewhere.yaml');
    copyFileSync(KNOWN, scenario);
    const cli = lancasterAsync([
      'forecast',
      scenario,
      '--runs',
      '500',
      '--json',
      '--no-report',
      '--queue',
      url,
    ]);
    await until(async () => ((await q.getJobCounts('waiting')).waiting ?? 0) > 0, 'the jobs to be queued');
    rmSync(scenario);
    // Two at once: the error comes back from a pool thread too.
    const c = await startWorker(url, 'c', 2);
    const code = await cli.exited;
    expect(code, cli.stderr).toBe(1);
    expect(cli.stdout).toBe('');
    expect(cli.stderr).toMatch(
      /forecast task \d+ \((runs|swing replicates) \d+–\d+ .*\) failed on worker c: /,
    );
    expect(cli.stderr).toContain(scenario);
    expect(cli.stderr).not.toMatch(/this is a bug/);
    c.child.kill('SIGTERM');
    expect(await c.exited).toBe(0);
  });
});
