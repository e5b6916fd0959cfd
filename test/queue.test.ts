/**
 * Forecasts and tournaments beyond one machine, as a user runs them: a private redis-server on a
 * Unix socket, two `lancaster worker` processes, and `lancaster forecast --queue` or `lancaster
 * tournament --queue`. The queued forecast must print the same JSON, byte for byte, as `--workers
 * 1`, and the queued tournament the same ranking with every match stored exactly once, even when a
 * worker is killed (SIGKILL) in the middle of a task and BullMQ hands its stalled job to the other.
 * Also: the hint when no worker is running, a job that fails on a worker (exit 1, naming the task
 * and the worker's error), and an unreachable Redis (exit 2). Skipped, saying so, where
 * `redis-server` is not installed (CI installs it).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import Database from 'better-sqlite3';
import { type Job, Queue, QueueEvents } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decodeValue, encodeValue, TASK_QUEUE } from '../src/run/queue.ts';
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
    () => w.stdout.includes('is waiting for jobs') || w.child.exitCode !== null,
    `worker ${name} to start`,
  );
  expect(w.stdout).toContain(`Lancaster worker ${name} is waiting`);
  return w;
}

describe('a job result on the queue', () => {
  test.prop([
    fc.array(fc.double(), { maxLength: 30 }),
    fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { maxLength: 10 }),
    fc.array(fc.tuple(fc.string(), fc.double()), { maxLength: 5 }),
  ])('comes back bit for bit (-0, NaN and infinities included) through JSON', (doubles, ints, entries) => {
    const value = {
      f64: Float64Array.from(doubles),
      i32: Int32Array.from(ints),
      u8: Uint8Array.from(ints.map((i) => i & 255)),
      numbers: doubles,
      map: new Map(entries),
      nested: [{ count: ints.length, text: 'x', none: null, yes: true }],
    };
    const back = decodeValue(JSON.parse(JSON.stringify(encodeValue(value)))) as typeof value;
    for (const k of ['f64', 'i32', 'u8'] as const) {
      expect(back[k].constructor).toBe(value[k].constructor);
      expect(Buffer.from(back[k].buffer).equals(Buffer.from(value[k].buffer))).toBe(true);
    }
    expect(back.numbers.length).toBe(doubles.length);
    back.numbers.forEach((x, k) => {
      expect(Object.is(x, doubles[k])).toBe(true);
    });
    expect([...back.map.keys()]).toEqual([...value.map.keys()]);
    for (const [k, x] of value.map) expect(Object.is(back.map.get(k), x)).toBe(true);
    expect(back.nested).toEqual(value.nested);
  });

  it('is refused when it is not one', () => {
    expect(() => decodeValue({ $typed: 'Float64Array', bytes: 'AAA=' })).toThrow(/torn/);
    expect(() => decodeValue({ $typed: 'Function', bytes: '' })).toThrow(/malformed/);
    expect(() => decodeValue({ $number: '12' })).toThrow(/malformed/);
    expect(() => encodeValue(new BigInt64Array(1))).toThrow(/cannot send/);
  });
});

describe('lancaster forecast and tournament --queue with an unreachable Redis', () => {
  it('exits 2 naming the address and the fix, for the forecast, the tournament and the worker', () => {
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
    // The same for a tournament, before anything is stored.
    const spec = join(REPO_ROOT, 'tournaments', 'quick.tournament.yaml');
    const db = join(dir, 'quick.sqlite');
    const t = lancaster(['tournament', spec, '--db', db, '--queue', url]);
    expect(t.code).toBe(2);
    expect(t.stderr).toMatch(/QUEUE_UNREACHABLE/);
    expect(t.stderr).toContain(url);
    // Nothing was started: the database holds no unfinished tournament to trip over.
    expect(existsSync(db)).toBe(false);
    const tBad = lancaster(['tournament', spec, '--db', db, '--queue', 'http://example.org']);
    expect(tBad.code).toBe(2);
    expect(tBad.stderr).toMatch(/BAD_OPTION/);
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
    queue = new Queue(TASK_QUEUE, { connection: { path: socket } });
  });

  // Workers a test started stop with it, so that a failing test leaves none to take the next one's jobs.
  afterEach(async () => {
    for (const p of started) {
      if (p.child.exitCode === null && p.child.signalCode === null && p.child.spawnargs.includes('worker')) {
        p.child.kill('SIGKILL');
        await p.exited;
      }
    }
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

    const events = new QueueEvents(TASK_QUEUE, { connection: { path: join(dir, 'redis.sock') } });
    await events.waitUntilReady();
    let stalled = 0;
    events.on('stalled', () => {
      stalled++;
    });
    let completed = 0;
    events.on('completed', () => {
      completed++;
    });
    const [a, b] = await Promise.all([startWorker(url, 'a'), startWorker(url, 'b')]);
    // Mid-way: two tasks done, jobs still waiting, and a holding one, so killing it leaves a job stalled.
    await until(
      async () => completed >= 2 && ((await q.getActive()) as Job[]).some((j) => j.processedBy === 'a'),
      'two tasks done and worker a on a third',
    );
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

  it('runs a tournament on two workers, one killed mid-chunk: every match stored once, the one-machine ranking', async () => {
    const q = queue as Queue;
    await q.obliterate({ force: true });
    const spec = join(dir, 'queued.tournament.yaml');
    // 24 matches of 40,000 rounds that never agree (tens of milliseconds each): 3 chunks of 8,
    // long enough to kill a worker while it is part-way through one.
    writeFileSync(
      spec,
      [
        'version: 1',
        'id: queued',
        'negotiators: [boulware, hardliner]',
        `scenarios: [${JSON.stringify(join(REPO_ROOT, 'test', 'fixtures', 'tournament', 'two-issues.yaml'))}]`,
        'repetitions: 12',
        'deadlines: [40000]',
      ].join('\n'),
    );
    const total = 24;
    const local = lancaster([
      'tournament',
      spec,
      '--db',
      join(dir, 'local.sqlite'),
      '--workers',
      '1',
      '--json',
    ]);
    expect(local.code, local.stderr).toBe(0);

    const events = new QueueEvents(TASK_QUEUE, { connection: { path: join(dir, 'redis.sock') } });
    await events.waitUntilReady();
    let stalled = 0;
    events.on('stalled', () => {
      stalled++;
    });
    const db = join(dir, 'queued.sqlite');
    const cli = lancasterAsync(['tournament', spec, '--db', db, '--queue', url, '--json']);
    const [a, b] = await Promise.all([startWorker(url, 'ta'), startWorker(url, 'tb')]);
    // Mid-chunk: a's job has started its second match, so its first is done but not reported.
    await until(async () => {
      const active = (await q.getActive()) as Job[];
      return active.some(
        (j) => j.processedBy === 'ta' && ((j.progress as { started?: number }).started ?? 0) >= 2,
      );
    }, 'worker ta part-way through a chunk');
    a.child.kill('SIGKILL');
    const code = await cli.exited;
    expect(code, cli.stderr).toBe(0);
    expect(stalled).toBeGreaterThanOrEqual(1);
    await events.close();

    const queued = JSON.parse(cli.stdout);
    const one = JSON.parse(local.stdout);
    expect(queued.total).toBe(total);
    expect(queued.ran).toBe(total);
    expect(JSON.stringify(queued.ranking)).toBe(JSON.stringify(one.ranking));
    expect(JSON.stringify(queued.pairwise)).toBe(JSON.stringify(one.pairwise));
    const rows = (file: string) => {
      const d = new Database(file, { readonly: true });
      try {
        return d.prepare('SELECT match_index, result_json FROM matches ORDER BY match_index').all();
      } finally {
        d.close();
      }
    };
    const stored = rows(db) as { match_index: number }[];
    expect(stored.map((r) => r.match_index)).toEqual([...Array(total).keys()]);
    expect(stored).toEqual(rows(join(dir, 'local.sqlite')));
    // The tournament's jobs are gone from the queue.
    const left = await q.getJobCounts('waiting', 'active', 'completed', 'failed');
    expect(left).toEqual({ waiting: 0, active: 0, completed: 0, failed: 0 });
    b.child.kill('SIGTERM');
    expect(await b.exited).toBe(0);
  });
});
