/**
 * Load benchmark of `lancaster serve` (a script, not a test): N concurrent WebSocket clients on
 * loopback, each creating a London session as the US against a software China and playing it to the
 * end with a scripted strategy (concede linearly from the best package to the reservation value at the deadline;
 * accept an offer that meets the current aim). Reports completed sessions, errors, p50/p99 action
 * latency (from sending an action to receiving the resulting view, the software reply included) and
 * wall time. The server runs as a child process (`--server inprocess` runs it in this process).
 *
 *   npx tsx bench/server-load.ts [--sessions 200] [--server child|inprocess]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import type { Issue } from '../src/model/issues.ts';
import { OutcomeSpace } from '../src/model/outcome-space.ts';
import { UtilityFunction } from '../src/model/utility.ts';
import type { CreateSessionResponse, SeatView, WsServerMessage } from '../src/server/api.ts';

function arg(name: string, fallback: string): string {
  const k = process.argv.indexOf(`--${name}`);
  return k >= 0 ? (process.argv[k + 1] ?? fallback) : fallback;
}

const SESSIONS = Number(arg('sessions', '200'));
const MODE = arg('server', 'child');
const root = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'lancaster-load-'));

async function startChild(): Promise<{ url: string; stop: () => Promise<void> }> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      join(root, 'bin', 'lancaster.js'),
      'serve',
      '--port',
      '0',
      '--db',
      join(dir, 'load.sqlite'),
      '--no-build',
      '--rate-limit',
      '1000000',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d) => {
      out += String(d);
      const m = /serving on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1] as string);
    });
    child.on('exit', (c) => reject(new Error(`server exited with ${c}`)));
  });
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function startInProcess(): Promise<{ url: string; stop: () => Promise<void> }> {
  const { startServer } = await import('../src/server/serve.ts');
  const s = await startServer({
    port: 0,
    dbFile: join(dir, 'load.sqlite'),
    webDist: null,
    rateLimit: false,
    log: () => {},
  });
  return { url: s.url, stop: () => s.close() };
}

/** The US's packages from best to worst (acceptable ones only), built from the first view. */
function preferenceList(view: SeatView): { outcome: Record<string, string | number>; utility: number }[] {
  const space = new OutcomeSpace(view.issues as Issue[]);
  const u = new UtilityFunction(space, view.you.utility);
  const list: { outcome: Record<string, string | number>; utility: number }[] = [];
  for (const o of space.enumerate())
    if (u.acceptable(o)) list.push({ outcome: space.toRecord(o), utility: u.evaluate(o) });
  return list.sort((a, b) => b.utility - a.utility);
}

interface Outcome {
  completed: boolean;
  status: string;
  errors: string[];
  latencies: number[];
}

function runClient(url: string): Promise<Outcome> {
  const result: Outcome = { completed: false, status: 'none', errors: [], latencies: [] };
  return (async () => {
    const res = await fetch(`${url}/api/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        scenario: 'london-2025',
        seats: { us: { kind: 'human' }, china: { kind: 'negotiator' } },
      }),
    });
    if (res.status !== 201) {
      result.errors.push(`create: ${res.status} ${await res.text()}`);
      return result;
    }
    const created = (await res.json()) as CreateSessionResponse;
    const token = created.seats.us?.token as string;
    const ws = new WebSocket(
      `${url.replace('http', 'ws')}/api/sessions/${created.sessionId}/ws?token=${token}`,
    );
    let prefs: ReturnType<typeof preferenceList> | null = null;
    let sentAt = 0;
    await new Promise<void>((resolve) => {
      const act = (view: SeatView) => {
        prefs ??= preferenceList(view);
        // Linear concession from 1 at the start to the reservation value at the deadline.
        const rv = view.you.reservationValue;
        const aim = 1 - (1 - rv) * view.time;
        let action: unknown;
        if (view.table && view.table.by !== 'us' && view.table.utilityToYou >= aim)
          action = { type: 'accept' };
        else {
          const above = prefs.filter((p) => p.utility >= aim - 1e-9);
          action = { type: 'offer', outcome: (above.at(-1) ?? prefs[0])?.outcome };
        }
        sentAt = performance.now();
        ws.send(JSON.stringify({ type: 'action', action: { ...(action as object), expectStep: view.step } }));
      };
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as WsServerMessage;
        if (sentAt > 0) {
          result.latencies.push(performance.now() - sentAt);
          sentAt = 0;
        }
        if (msg.type === 'error') {
          result.errors.push(`${msg.error.code}: ${msg.error.message}`);
          ws.close();
          return;
        }
        const view = msg.view as SeatView;
        if (view.status !== 'running' && view.status !== 'ratifying') {
          result.completed = true;
          result.status = view.status;
          ws.close();
          return;
        }
        if (view.yourTurn) act(view);
      });
      ws.on('error', (err) => result.errors.push(`socket: ${err.message}`));
      ws.on('close', () => resolve());
    });
    return result;
  })().catch((err: unknown) => {
    result.errors.push(String(err));
    return result;
  });
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

const server = MODE === 'inprocess' ? await startInProcess() : await startChild();
const t0 = performance.now();
const outcomes = await Promise.all(Array.from({ length: SESSIONS }, () => runClient(server.url)));
const wall = performance.now() - t0;
await server.stop();
rmSync(dir, { recursive: true, force: true });

const latencies = outcomes.flatMap((o) => o.latencies).sort((a, b) => a - b);
const errors = outcomes.flatMap((o) => o.errors);
const statuses: Record<string, number> = {};
for (const o of outcomes) statuses[o.status] = (statuses[o.status] ?? 0) + 1;
console.log(
  `server: ${MODE}; sessions: ${SESSIONS} concurrent WebSocket clients, London, US (script) vs China (boulware:e=0.1)`,
);
console.log(`completed: ${outcomes.filter((o) => o.completed).length}/${SESSIONS}  errors: ${errors.length}`);
console.log(`endings: ${JSON.stringify(statuses)}`);
console.log(
  `actions: ${latencies.length}  p50 ${percentile(latencies, 50).toFixed(1)} ms  p99 ${percentile(latencies, 99).toFixed(1)} ms  max ${(latencies.at(-1) ?? Number.NaN).toFixed(1)} ms`,
);
console.log(
  `wall: ${(wall / 1000).toFixed(2)} s  (${(latencies.length / (wall / 1000)).toFixed(0)} actions/s)`,
);
if (errors.length > 0) console.log(`first errors:\n  ${errors.slice(0, 5).join('\n  ')}`);
