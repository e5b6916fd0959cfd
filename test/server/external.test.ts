/**
 * External negotiators at the web table: a person plays against a process the operator named
 * (`lancaster serve --external NAME=COMMAND`, here the same registration through the module and its
 * environment variable), its process started in the software thread and answering within the
 * budget, or at a ws:// URL the operator named; and no request can make the server run a command
 * or open a connection of its choosing.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EXTERNAL_NEGOTIATORS_ENV,
  namedExternals,
  registerExternalNegotiator,
} from '../../src/run/external-named.ts';
import { type RunningServer, startServer } from '../../src/server/serve.ts';
import { scenarioList } from '../../src/server/sessions.ts';
import { pairScenario } from './helpers.ts';

const AGENT = resolve(import.meta.dirname, '..', 'fixtures', 'external', 'agent.mjs');
const WS_AGENT = resolve(import.meta.dirname, '..', 'fixtures', 'external', 'ws-agent.mjs');
const NAMED = pathToFileURL(resolve(import.meta.dirname, '..', '..', 'src', 'run', 'external-named.ts')).href;

const dir = mkdtempSync(join(tmpdir(), 'lancaster-external-server-'));
let server: RunningServer;
let wsAgent: ChildProcess;
let wsPort = 0;

beforeAll(async () => {
  // A negotiator serving the protocol over WebSocket, in a process of its own.
  wsAgent = spawn(process.execPath, [WS_AGENT], { stdio: ['ignore', 'pipe', 'inherit'] });
  wsPort = await new Promise<number>((done, fail) => {
    let out = '';
    wsAgent.stdout?.setEncoding('utf8');
    wsAgent.stdout?.on('data', (d: string) => {
      out += d;
      const m = /listening (\d+)/.exec(out);
      if (m) done(Number(m[1]));
    });
    wsAgent.on('exit', (code) => fail(new Error(`ws-agent.mjs exited with code ${code}`)));
  });
  process.env[EXTERNAL_NEGOTIATORS_ENV] = JSON.stringify({
    'node-agent': `${process.execPath} ${AGENT} good`,
    'ws-agent': `ws://127.0.0.1:${wsPort}/good`,
  });
  // The module registers the names it finds in the environment when it loads: in the server's
  // threads (negotiatorModules); here, where it loaded before the variable was set, by hand.
  for (const [name, command] of Object.entries(namedExternals())) registerExternalNegotiator(name, command);
  server = await startServer({
    port: 0,
    dbFile: join(dir, 'external.sqlite'),
    webDist: null,
    rateLimit: false,
    softwareThreads: 1,
    negotiatorModules: [NAMED],
    scenarios: scenarioList([pairScenario({ actionBudgetMs: 5000 })]),
    log: () => {},
  });
});

afterAll(async () => {
  await server.close();
  wsAgent?.kill();
  delete process.env[EXTERNAL_NEGOTIATORS_ENV];
  rmSync(dir, { recursive: true, force: true });
});

async function post(path: string, body: unknown, token?: string) {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are read as loose JSON in tests
  return { status: res.status, body: (await res.json()) as any };
}

describe('external negotiators at the web table', () => {
  it('a person plays against an external negotiator the operator named', async () => {
    const created = await post('/api/sessions', {
      scenario: 'pair',
      seats: { a: { kind: 'human' }, b: { kind: 'negotiator', spec: 'node-agent' } },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const token = created.body.seats.a.token as string;
    const r = await post(
      `/api/sessions/${created.body.sessionId}/actions`,
      { type: 'offer', outcome: { price: 'p1', delivery: 'slow' } },
      token,
    );
    expect(r.status).toBe(200);
    expect(r.body.status).not.toBe('error');
    // The process answered: either it accepted, or its counter-offer is on the table.
    const by = (r.body.offers as { by: string }[]).map((o) => o.by);
    expect(by[0]).toBe('a');
    expect(r.body.status === 'agreement' || by.includes('b')).toBe(true);
  });

  it('a person plays against a negotiator the operator named by a ws:// URL', async () => {
    const created = await post('/api/sessions', {
      scenario: 'pair',
      seats: { a: { kind: 'human' }, b: { kind: 'negotiator', spec: 'ws-agent' } },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const token = created.body.seats.a.token as string;
    const r = await post(
      `/api/sessions/${created.body.sessionId}/actions`,
      { type: 'offer', outcome: { price: 'p1', delivery: 'slow' } },
      token,
    );
    expect(r.status).toBe(200);
    expect(r.body.status).not.toBe('error');
    const by = (r.body.offers as { by: string }[]).map((o) => o.by);
    expect(by[0]).toBe('a');
    expect(r.body.status === 'agreement' || by.includes('b')).toBe(true);
  });

  it('refuses a seat that asks the server to connect to a WebSocket of its choosing', async () => {
    const r = await post('/api/sessions', {
      scenario: 'pair',
      seats: {
        a: { kind: 'human' },
        b: { kind: 'negotiator', spec: `external:ws://127.0.0.1:${wsPort}/good` },
      },
    });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toMatch(/cannot be asked for over the network/);
  });

  it('refuses a seat that asks the server to run a command', async () => {
    const r = await post('/api/sessions', {
      scenario: 'pair',
      seats: { a: { kind: 'human' }, b: { kind: 'negotiator', spec: `external:${process.execPath} -e 1` } },
    });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toMatch(/cannot be asked for over the network/);
  });
});
