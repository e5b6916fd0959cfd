/**
 * The server's software seats (issue 10, item 5): they are played with the runner's own turn, so a
 * negotiator over the scenario's action budget ends its session with ACTION_TIMEOUT; under `serve`
 * they run in worker threads with a watchdog, so a slow negotiator holds up neither the server nor
 * sessions that need no negotiator, and one stuck in a loop forever is stopped and its thread
 * replaced, the sessions queued behind it carrying on; a session without people ends exactly as
 * `runSession` ends it in a thread too; the session's transcript is extended in place, never copied
 * per turn; and a session whose log no longer replays is SESSION_UNAVAILABLE, not a 500.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenarioAny } from '../../src/formats/load-any.ts';
import { mediatorSettings, withProtocol } from '../../src/model/scenario.ts';
import { runSession } from '../../src/run/session.ts';
import { type RunningServer, startServer } from '../../src/server/serve.ts';
import { scenarioList } from '../../src/server/sessions.ts';
import { SessionStore } from '../../src/server/store.ts';
import { call, pairScenario, testApp } from './helpers.ts';

const SLOW = pathToFileURL(
  resolve(import.meta.dirname, '..', 'fixtures', 'server', 'slow-negotiators.ts'),
).href;
await import(SLOW);

const dir = mkdtempSync(join(tmpdir(), 'lancaster-software-'));
let server: RunningServer;

beforeAll(async () => {
  server = await startServer({
    port: 0,
    dbFile: join(dir, 'software.sqlite'),
    webDist: null,
    rateLimit: false,
    // One thread, so that a session queued behind a stuck negotiator is certainly on its thread.
    softwareThreads: 1,
    negotiatorModules: [SLOW],
    scenarios: scenarioList([pairScenario({ actionBudgetMs: 300 }), loadScenarioAny('london-2025').scenario]),
    log: () => {},
  });
});

afterAll(async () => {
  await server.close();
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

async function create(b: unknown) {
  const r = await post('/api/sessions', {
    scenario: 'pair',
    seats: { a: { kind: 'human' }, b },
    observer: true,
  });
  expect(r.status).toBe(201);
  return r.body as { sessionId: string; seats: { a: { token: string } }; observerToken: string };
}

const offer = { type: 'offer', outcome: { price: 'p1', delivery: 'slow' } };

/** The order in which promises settle. */
function order(named: Record<string, Promise<unknown>>): Promise<string[]> {
  const done: string[] = [];
  return Promise.all(Object.entries(named).map(([k, p]) => p.then(() => done.push(k)))).then(() => done);
}

describe('negotiators over their budget (worker threads)', () => {
  it('a slow negotiator is stopped at its budget, and holds up neither the server nor sessions without one', async () => {
    const slow = await create({ kind: 'negotiator', spec: 'test-slow:ms=5000' });
    const people = await post('/api/sessions', {
      scenario: 'pair',
      seats: { a: { kind: 'human' }, b: { kind: 'human' } },
    });
    const slowAct = post(`/api/sessions/${slow.sessionId}/actions`, offer, slow.seats.a.token);
    // Give the software thread the slow turn before the others ask anything.
    await new Promise((r) => setTimeout(r, 50));
    const settled = await order({
      slow: slowAct,
      health: fetch(`${server.url}/api/health`),
      people: post(`/api/sessions/${people.body.sessionId}/actions`, offer, people.body.seats.a.token),
    });
    expect(settled.at(-1)).toBe('slow');
    const r = await slowAct;
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('error');
    const events = await fetch(`${server.url}/api/sessions/${slow.sessionId}/events`, {
      headers: { authorization: `Bearer ${slow.observerToken}` },
    });
    const last = (
      (await events.json()) as { events: { type: string; code?: string; party?: string }[] }
    ).events.at(-1);
    expect(last).toMatchObject({ type: 'error', code: 'ACTION_TIMEOUT', party: 'b' });
  });

  it('a negotiator stuck in a loop is stopped; the session queued behind it on its thread carries on', async () => {
    const stuck = await create({ kind: 'negotiator', spec: 'test-loop' });
    const behind = await create({ kind: 'negotiator', spec: 'hardliner' });
    const stuckAct = post(`/api/sessions/${stuck.sessionId}/actions`, offer, stuck.seats.a.token);
    await new Promise((r) => setTimeout(r, 50));
    const behindAct = post(`/api/sessions/${behind.sessionId}/actions`, offer, behind.seats.a.token);
    const [s, b] = await Promise.all([stuckAct, behindAct]);
    expect(s.body.status).toBe('error');
    // The session behind it was played on a fresh thread from its log: the hardliner's counter-offer.
    expect(b.status).toBe(200);
    expect(b.body.status).toBe('running');
    expect(b.body.step).toBe(2);
    expect(b.body.offers.map((o: { by: string }) => o.by)).toEqual(['a', 'b']);
    // And the thread keeps working for new sessions.
    const later = await create({ kind: 'negotiator', spec: 'conceder' });
    const l = await post(`/api/sessions/${later.sessionId}/actions`, offer, later.seats.a.token);
    expect(l.body.step).toBe(2);
  });

  it('in a thread, a session without people ends exactly as runSession ends it', async () => {
    const london = loadScenarioAny('london-2025').scenario;
    for (const seed of [1, 2]) {
      const specs = { us: 'boulware:e=0.2', china: 'nicetft' };
      const r = await post('/api/sessions', {
        scenario: 'london-2025',
        seats: {
          us: { kind: 'negotiator', spec: specs.us },
          china: { kind: 'negotiator', spec: specs.china },
        },
        observer: true,
        seed,
      });
      const state = server.manager.stateOf(r.body.sessionId);
      const reference = runSession(london, { seed, negotiators: specs });
      expect(state.status).toBe(reference.state.status);
      expect(JSON.stringify(state.events)).toBe(JSON.stringify(reference.state.events));
    }
  });

  it('in a thread that already holds a scenario, a session at a chair of the same scenario plays the chair', async () => {
    const london = loadScenarioAny('london-2025').scenario;
    const seats = {
      us: { kind: 'negotiator', spec: 'boulware' },
      china: { kind: 'negotiator', spec: 'conceder' },
    };
    // The one thread first learns London as shipped (alternating offers)…
    const saop = await post('/api/sessions', { scenario: 'london-2025', seats, observer: true, seed: 3 });
    expect(saop.status).toBe(201);
    // …then plays it at a chair's table: the thread must not reuse the shipped protocol.
    const chaired = await post('/api/sessions', {
      scenario: 'london-2025',
      seats,
      observer: true,
      seed: 3,
      protocol: 'mediated',
      mediator: 'frontier',
    });
    expect(chaired.status, JSON.stringify(chaired.body)).toBe(201);
    const state = server.manager.stateOf(chaired.body.sessionId);
    const reference = runSession(
      withProtocol(london, { kind: 'mediated', mediator: mediatorSettings({ kind: 'frontier' }) }),
      { seed: 3, negotiators: { us: 'boulware', china: 'conceder' } },
    );
    expect(state.protocol).toBe('mediated');
    expect(JSON.stringify(state.events)).toBe(JSON.stringify(reference.state.events));
  });
});

describe('negotiators over their budget (in the calling thread)', () => {
  it('the runner checks the budget after the action: ACTION_TIMEOUT', async () => {
    const { app } = testApp({ scenarios: scenarioList([pairScenario({ actionBudgetMs: 40 })]) });
    const r = await call(app, 'POST', '/api/sessions', {
      body: {
        scenario: 'pair',
        seats: { a: { kind: 'human' }, b: { kind: 'negotiator', spec: 'test-slow:ms=120' } },
        observer: true,
      },
    });
    const url = `/api/sessions/${r.body.sessionId}`;
    const v = await call(app, 'POST', `${url}/actions`, { token: r.body.seats.a.token, body: offer });
    expect(v.body.status).toBe('error');
    const e = await call(app, 'GET', `${url}/events`, { token: r.body.observerToken });
    expect(e.body.events.at(-1)).toMatchObject({ type: 'error', code: 'ACTION_TIMEOUT', party: 'b' });
  });
});

describe('cost per turn', () => {
  it("a session's transcript is extended in place, never copied per turn", async () => {
    const { app, manager } = testApp({ scenarios: scenarioList([pairScenario({ rounds: 40 })]) });
    const r = await call(app, 'POST', '/api/sessions', {
      body: {
        scenario: 'pair',
        seats: { a: { kind: 'human' }, b: { kind: 'negotiator', spec: 'hardliner' } },
      },
    });
    const id = r.body.sessionId as string;
    const state = manager.stateOf(id);
    const events = state.events;
    for (let k = 0; k < 10; k++) {
      const v = await call(app, 'POST', `/api/sessions/${id}/actions`, {
        token: r.body.seats.a.token,
        body: offer,
      });
      expect(v.body.step).toBe(2 * (k + 1));
    }
    expect(manager.stateOf(id)).toBe(state);
    expect(manager.stateOf(id).events).toBe(events);
    expect(events).toHaveLength(20);
  });
});

describe('sessions whose log no longer replays', () => {
  it('are SESSION_UNAVAILABLE (410), not a 500', async () => {
    const file = join(dir, 'damaged-log.sqlite');
    const first = testApp({ file });
    const r = await call(first.app, 'POST', '/api/sessions', {
      body: { scenario: 'pair', seats: { a: { kind: 'human' }, b: { kind: 'human' } } },
    });
    await call(first.app, 'POST', `/api/sessions/${r.body.sessionId}/actions`, {
      token: r.body.seats.a.token,
      body: offer,
    });
    first.manager.close();
    first.store.close();
    // Damage that still reads as JSON: the action names a party the session does not have.
    const store = SessionStore.open(file);
    store.db.prepare(`UPDATE actions SET action_json = replace(action_json, '"party":0', '"party":7')`).run();
    store.close();
    const logged: unknown[] = [];
    const second = testApp({ file, onInternalError: (e) => logged.push(e) });
    const v = await call(second.app, 'GET', `/api/sessions/${r.body.sessionId}`, {
      token: r.body.seats.a.token,
    });
    expect(v.status).toBe(410);
    expect(v.body.error.code).toBe('SESSION_UNAVAILABLE');
    expect(v.text).not.toContain('party 7');
    // The details go to the server's log.
    expect(String(logged[0])).toContain('cannot be replayed');
    second.manager.close();
    second.store.close();
  });
});
