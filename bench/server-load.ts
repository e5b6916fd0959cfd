/**
 * Load benchmark of `lancaster serve` (a script, not a test): N concurrent WebSocket clients on
 * loopback, each creating a London session as the US against a software China and playing it to the
 * end with a scripted strategy (concede linearly from the best package to the reservation value at the deadline;
 * accept an offer that meets the current aim). Reports completed sessions, errors, p50/p99 action
 * latency (from sending an action to receiving the resulting view, the software reply included) and
 * wall time. The server runs as a child process (`--server inprocess` runs it in this process).
 *
 * `--long` measures instead how a turn's cost grows with the session's length: N sessions (default
 * 20, one after another, after an unmeasured one to warm up) of London stretched to R rounds
 * (default 200; one sitting), the US (over HTTP) always asking for its best package and never
 * accepting, against China as `hardliner`, so every session runs to its deadline. It reports, for
 * the US's turns 1–10, 90–100 and the last ten, the mean server time of the action (`act`: the
 * checks, China's reply from its software thread, the log write, the view) and the mean latency
 * (from sending the action to having parsed the view), each with its ratio to turns 1–10: a turn
 * whose cost does not grow with the session's length gives ratios near 1. The view itself lists
 * every offer so far, so its size, and the time to send and parse it, grows with the session by
 * design. The server runs in a child process running this script with `--serve-long` (it serves
 * the stretched scenario, and reports its times when the client is done).
 *
 *   npx tsx bench/server-load.ts [--sessions 200] [--server child|inprocess]
 *   npx tsx bench/server-load.ts --long [--sessions 20] [--rounds 200]
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
import type { ActionRequest, CreateSessionResponse, SeatView, WsServerMessage } from '../src/server/api.ts';
import type { Caller } from '../src/server/sessions.ts';

function arg(name: string, fallback: string): string {
  const k = process.argv.indexOf(`--${name}`);
  return k >= 0 ? (process.argv[k + 1] ?? fallback) : fallback;
}

const LONG = process.argv.includes('--long');
const SERVE_LONG = process.argv.includes('--serve-long');
const SESSIONS = Number(arg('sessions', LONG ? '20' : '200'));
const ROUNDS = Number(arg('rounds', '200'));
const MODE = LONG ? 'inprocess' : arg('server', 'child');
const root = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'lancaster-load-'));

/** The URL a server child prints once it listens, and all it prints (so far) on stdout. */
function served(child: ChildProcess): Promise<{ url: string; output: () => string }> {
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (d) => {
      out += String(d);
      const m = /serving on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ url: m[1] as string, output: () => out });
    });
    child.on('exit', (c) => reject(new Error(`server exited with ${c}`)));
  });
}

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
  const { url } = await served(child);
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
    ...(SERVE_LONG ? { scenarios: await stretchedLondon() } : {}),
  });
  // The server's own time for each person's action (checks, the software reply, the log write,
  // the views pushed to the sockets), by session, in order.
  const act = s.manager.act.bind(s.manager);
  const record = (id: string, t: number) => {
    const list = serverTimes.get(id) ?? [];
    list.push(performance.now() - t);
    serverTimes.set(id, list);
  };
  // (`act` answers a promise now; older servers answered at once: the bench measures both.)
  s.manager.act = ((id: string, caller: Caller, req: ActionRequest) => {
    const t = performance.now();
    const r: unknown = act(id, caller, req);
    if (r instanceof Promise) return r.finally(() => record(id, t));
    record(id, t);
    return r;
  }) as typeof s.manager.act;
  return { url: s.url, stop: () => s.close() };
}

const serverTimes = new Map<string, number[]>();

/** London with ROUNDS rounds in one sitting, served under its own id. */
async function stretchedLondon() {
  const { loadScenarioAny } = await import('../src/formats/load-any.ts');
  const { scenarioList } = await import('../src/server/sessions.ts');
  const london = loadScenarioAny('london-2025').scenario;
  return scenarioList([
    {
      ...london,
      protocol: {
        ...london.protocol,
        rounds: ROUNDS,
        schedule: [{ label: 'One long sitting', rounds: ROUNDS }],
      },
    },
  ]);
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
        seats: {
          us: { kind: 'human' },
          china: { kind: 'negotiator' },
        },
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

/** A long session over HTTP: the US asks for its best package every turn until the deadline. */
async function runLongClient(url: string): Promise<Outcome> {
  const result: Outcome = { completed: false, status: 'none', errors: [], latencies: [] };
  const post = async (path: string, body: unknown, token?: string) => {
    const res = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as unknown };
  };
  const created = await post('/api/sessions', {
    scenario: 'london-2025',
    seats: { us: { kind: 'human' }, china: { kind: 'negotiator', spec: 'hardliner' } },
    seed: 1,
  });
  const { sessionId, seats } = created.body as CreateSessionResponse;
  const token = seats.us?.token as string;
  const first = await fetch(`${url}/api/sessions/${sessionId}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  let view = (await first.json()) as SeatView;
  const best = preferenceList(view)[0]?.outcome;
  while (view.status === 'running') {
    const t = performance.now();
    const r = await post(`/api/sessions/${sessionId}/actions`, { type: 'offer', outcome: best }, token);
    result.latencies.push(performance.now() - t);
    if (r.status !== 200) {
      result.errors.push(`${r.status} ${JSON.stringify(r.body)}`);
      return result;
    }
    view = r.body as SeatView;
  }
  result.completed = true;
  result.status = view.status;
  return result;
}

/**
 * `--long` runs its server in a child process of this script (`--serve-long`), so that parsing the
 * growing views in this process does not land in the server's timings; the child reports its
 * `act` times when asked.
 */
async function startLongChild(): Promise<{
  url: string;
  clear: () => void;
  report: () => Promise<number[][]>;
}> {
  const child = spawn(
    process.execPath,
    [...process.execArgv, import.meta.filename, '--serve-long', '--rounds', String(ROUNDS)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const { url, output } = await served(child);
  return {
    url,
    clear: () => child.stdin?.write('clear\n'),
    report: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve(JSON.parse(/TIMES (.*)/.exec(output())?.[1] ?? '[]') as number[][]));
        child.stdin?.write('report\n');
      }),
  };
}

if (process.argv.includes('--serve-long')) {
  const s = await startInProcess();
  console.log(`serving on ${s.url}`);
  let input = '';
  process.stdin.on('data', (d) => {
    input += String(d);
    for (let k = input.indexOf('\n'); k >= 0; k = input.indexOf('\n')) {
      const line = input.slice(0, k);
      input = input.slice(k + 1);
      if (line === 'clear') serverTimes.clear();
      if (line === 'report') {
        console.log(`TIMES ${JSON.stringify([...serverTimes.values()])}`);
        void s.stop().then(() => {
          rmSync(dir, { recursive: true, force: true });
          process.exit(0);
        });
      }
    }
  });
  await new Promise(() => {});
}

const longServer = LONG ? await startLongChild() : null;
const server = longServer
  ? { url: longServer.url, stop: async () => {} }
  : MODE === 'inprocess'
    ? await startInProcess()
    : await startChild();
if (longServer) {
  await runLongClient(server.url);
  longServer.clear();
}
const t0 = performance.now();
const outcomes: Outcome[] = [];
if (LONG) for (let k = 0; k < SESSIONS; k++) outcomes.push(await runLongClient(server.url));
else outcomes.push(...(await Promise.all(Array.from({ length: SESSIONS }, () => runClient(server.url)))));
const wall = performance.now() - t0;
await server.stop();
rmSync(dir, { recursive: true, force: true });

const latencies = outcomes.flatMap((o) => o.latencies).sort((a, b) => a - b);
const errors = outcomes.flatMap((o) => o.errors);
const statuses: Record<string, number> = {};
for (const o of outcomes) statuses[o.status] = (statuses[o.status] ?? 0) + 1;
if (LONG) {
  // Median of turns [from, to] (1-based) over every session (the median, so that a garbage
  // collection or another process's burst in one turn does not decide the comparison).
  const median = (lists: number[][], from: number, to: number) =>
    percentile(
      lists.flatMap((l) => l.slice(from - 1, to)).sort((a, b) => a - b),
      50,
    );
  const turns = Math.min(...outcomes.map((o) => o.latencies.length));
  const rows = (what: string, lists: number[][]) => {
    const first = median(lists, 1, 10);
    console.log(what);
    for (const [from, to] of [
      [1, 10],
      [90, 100],
      [turns - 9, turns],
    ] as const) {
      const m = median(lists, from, to);
      console.log(
        `  turns ${`${from}-${to}:`.padEnd(8)} ${m.toFixed(3).padStart(8)} ms  ${(m / first).toFixed(2)}x turns 1-10`,
      );
    }
  };
  console.log(
    `server: child process; ${SESSIONS} sessions (one at a time) of London stretched to ${ROUNDS} rounds, US (HTTP, never concedes) vs China (hardliner)`,
  );
  console.log(
    `completed: ${outcomes.filter((o) => o.completed).length}/${SESSIONS}  errors: ${errors.length}  endings: ${JSON.stringify(statuses)}; US turns per session: ${turns}`,
  );
  rows(
    'median server time per action (act: checks, software reply, log write, view):',
    await (longServer as NonNullable<typeof longServer>).report(),
  );
  rows(
    'median latency per action (HTTP round trip, view of every offer so far sent and parsed):',
    outcomes.map((o) => o.latencies),
  );
} else {
  console.log(
    `server: ${MODE}; sessions: ${SESSIONS} concurrent WebSocket clients, London, US (script) vs China (boulware:e=0.1)`,
  );
  console.log(
    `completed: ${outcomes.filter((o) => o.completed).length}/${SESSIONS}  errors: ${errors.length}`,
  );
  console.log(`endings: ${JSON.stringify(statuses)}`);
  console.log(
    `actions: ${latencies.length}  p50 ${percentile(latencies, 50).toFixed(1)} ms  p99 ${percentile(latencies, 99).toFixed(1)} ms  max ${(latencies.at(-1) ?? Number.NaN).toFixed(1)} ms`,
  );
  console.log(
    `wall: ${(wall / 1000).toFixed(2)} s  (${(latencies.length / (wall / 1000)).toFixed(0)} actions/s)`,
  );
}
if (errors.length > 0) console.log(`first errors:\n  ${errors.slice(0, 5).join('\n  ')}`);
