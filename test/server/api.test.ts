/**
 * Every HTTP endpoint through `app.request()`, with good and bad requests: each error code of the
 * API at least once, and the rule that a refusal is JSON with a code and never a stack trace.
 */
import type { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { Party } from '../../src/model/party.ts';
import { API_ERROR_STATUS } from '../../src/server/api.ts';
import { createApp } from '../../src/server/app.ts';
import { SessionManager, scenarioList } from '../../src/server/sessions.ts';
import { SessionStore } from '../../src/server/store.ts';
import { call, FakeClock, pairScenario, testApp } from './helpers.ts';

const humanVsSoftware = {
  scenario: 'pair',
  seats: { a: { kind: 'human' }, b: { kind: 'negotiator', spec: 'hardliner' } },
};
const humanVsHuman = { scenario: 'pair', seats: { a: { kind: 'human' }, b: { kind: 'human' } } };

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read as loose JSON in tests
function expectError(r: { status: number; body: any; text: string }, code: keyof typeof API_ERROR_STATUS) {
  expect(r.body?.error?.code, r.text).toBe(code);
  expect(r.status).toBe(API_ERROR_STATUS[code]);
  expect(typeof r.body.error.message).toBe('string');
  expect(r.body.error.message.length).toBeGreaterThan(10);
  expect(r.text).not.toMatch(/\bat .*\.ts:\d+/); // no stack frames
}

describe('public endpoints', () => {
  it('health, scenarios, negotiators', async () => {
    const { app } = testApp();
    const h = await call(app, 'GET', '/api/health');
    expect(h.status).toBe(200);
    expect(h.body).toEqual({ ok: true, version: expect.any(String) });
    expect(h.headers.get('cache-control')).toBe('no-store');
    const s = await call(app, 'GET', '/api/scenarios');
    expect(s.body.scenarios).toEqual([
      expect.objectContaining({
        id: 'pair',
        outcomes: 12,
        rounds: 6,
        humanTurnSeconds: 180,
        parties: [
          { id: 'a', label: 'Buyer' },
          { id: 'b', label: 'Seller' },
        ],
      }),
    ]);
    const n = await call(app, 'GET', '/api/negotiators');
    const names = n.body.negotiators.map((x: { name: string }) => x.name);
    expect(names).toContain('boulware');
    expect(n.body.negotiators[0]).toEqual({
      name: expect.any(String),
      description: expect.any(String),
      params: expect.any(Array),
    });
  });

  it('the shipped scenarios list London first', async () => {
    const store = SessionStore.open(':memory:');
    const manager = new SessionManager({ store, clock: new FakeClock() });
    const app = createApp({ manager, rateLimit: false });
    const s = await call(app, 'GET', '/api/scenarios');
    expect(s.body.scenarios[0]).toMatchObject({ id: 'london-2025', outcomes: 144, rounds: 51 });
    store.close();
  });

  it('unknown routes and query parameters', async () => {
    const { app } = testApp();
    expectError(await call(app, 'GET', '/api/nothing'), 'NOT_FOUND');
    expectError(await call(app, 'DELETE', '/api/health'), 'NOT_FOUND');
    const q = await call(app, 'GET', '/api/health?debug=1');
    expectError(q, 'BAD_REQUEST');
    expect(q.body.error.message).toContain('debug');
    // Malformed encodings, huge ids and dot segments are 4xx, never 5xx.
    const weird = [
      '/api/sessions/%E0%A4%A',
      '/api/sessions/%E0%A4%A/actions',
      '/api/health?%E0%A4%A=1',
      '/api/sessions/x?token=%ZZ',
      `/api/sessions/${'a'.repeat(5000)}`,
      '/api/%2e%2e/health',
    ];
    for (const path of weird) {
      for (const method of ['GET', 'POST']) {
        const r = await call(
          app,
          method,
          path,
          method === 'POST' ? { token: 'abc', body: { type: 'end' } } : { token: 'abc' },
        );
        expect(r.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
        expect(r.status, `${method} ${path}`).toBeLessThan(500);
        expect(r.body.error.code).toMatch(/^[A-Z_]+$/);
      }
    }
  });
});

describe('POST /api/sessions', () => {
  it('creates a human-vs-software session and returns one token per human seat', async () => {
    const { app } = testApp();
    const r = await call(app, 'POST', '/api/sessions', {
      body: { ...humanVsSoftware, seed: 3, observer: true },
    });
    expect(r.status).toBe(201);
    expect(Object.keys(r.body.seats)).toEqual(['a']);
    expect(r.body.seats.a.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(r.body.observerToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(r.body.sessionId).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('stores only hashes of the tokens', async () => {
    const { app, store } = testApp();
    const r = await call(app, 'POST', '/api/sessions', { body: { ...humanVsHuman, observer: true } });
    const dump = JSON.stringify(store.db.prepare('SELECT * FROM sessions').all());
    for (const t of [r.body.seats.a.token, r.body.seats.b.token, r.body.observerToken])
      expect(dump).not.toContain(t);
  });

  it('runs a session without people to its end at once (observer required)', async () => {
    const { app } = testApp();
    const seats = {
      a: { kind: 'negotiator', spec: 'conceder' },
      b: { kind: 'negotiator', spec: 'conceder' },
    };
    expectError(
      await call(app, 'POST', '/api/sessions', { body: { scenario: 'pair', seats } }),
      'BAD_REQUEST',
    );
    const r = await call(app, 'POST', '/api/sessions', {
      body: { scenario: 'pair', seats, observer: true, seed: 1 },
    });
    expect(r.status).toBe(201);
    expect(r.body.seats).toEqual({});
    const v = await call(app, 'GET', `/api/sessions/${r.body.sessionId}`, { token: r.body.observerToken });
    expect(v.body.role).toBe('observer');
    expect(v.body.result).not.toBeNull();
    expect(v.body.turn).toBeNull();
  });

  it('refuses bad bodies with the field path', async () => {
    const { app } = testApp();
    expectError(await call(app, 'POST', '/api/sessions', { raw: '{nope' }), 'BAD_REQUEST');
    expectError(await call(app, 'POST', '/api/sessions', { raw: '' }), 'BAD_REQUEST');
    const unknown = await call(app, 'POST', '/api/sessions', { body: { ...humanVsHuman, admin: true } });
    expectError(unknown, 'BAD_REQUEST');
    const kind = await call(app, 'POST', '/api/sessions', {
      body: { scenario: 'pair', seats: { a: { kind: 'robot' }, b: { kind: 'human' } } },
    });
    expectError(kind, 'BAD_REQUEST');
    expect(kind.body.error.path).toBe('seats.a.kind');
    const seed = await call(app, 'POST', '/api/sessions', { body: { ...humanVsHuman, seed: -1 } });
    expect(seed.body.error.path).toBe('seed');
    const path = await call(app, 'POST', '/api/sessions', {
      body: { ...humanVsHuman, scenario: '../etc/passwd' },
    });
    expectError(path, 'BAD_REQUEST');
    expect(path.body.error.path).toBe('scenario');
  });

  it('refuses unknown scenarios, missing or unknown seats and bad negotiator specs', async () => {
    const { app } = testApp();
    expectError(
      await call(app, 'POST', '/api/sessions', { body: { ...humanVsHuman, scenario: 'london-2025' } }),
      'SCENARIO_NOT_FOUND',
    );
    const missing = await call(app, 'POST', '/api/sessions', {
      body: { scenario: 'pair', seats: { a: { kind: 'human' } } },
    });
    expectError(missing, 'BAD_SEATS');
    expect(missing.body.error.path).toBe('seats.b');
    const extra = await call(app, 'POST', '/api/sessions', {
      body: { scenario: 'pair', seats: { ...humanVsHuman.seats, c: { kind: 'human' } } },
    });
    expectError(extra, 'BAD_SEATS');
    const spec = (s: string) => ({
      scenario: 'pair',
      seats: { a: { kind: 'human' }, b: { kind: 'negotiator', spec: s } },
    });
    expectError(await call(app, 'POST', '/api/sessions', { body: spec('nobody') }), 'UNKNOWN_NEGOTIATOR');
    expectError(
      await call(app, 'POST', '/api/sessions', { body: spec('boulware:e=banana') }),
      'BAD_NEGOTIATOR_SPEC',
    );
  });

  it('refuses bodies over 64 KiB with 413', async () => {
    const { app } = testApp();
    const big = JSON.stringify({ ...humanVsHuman, pad: 'x'.repeat(70_000) });
    expectError(await call(app, 'POST', '/api/sessions', { raw: big }), 'BODY_TOO_LARGE');
  });
});

async function session(app: Hono, body: unknown = humanVsSoftware) {
  const r = await call(app, 'POST', '/api/sessions', {
    body: { ...(body as object), seed: 5, observer: true },
  });
  expect(r.status).toBe(201);
  return r.body as { sessionId: string; seats: Record<string, { token: string }>; observerToken: string };
}

const offer = (price: string, delivery: string) => ({ type: 'offer', outcome: { price, delivery } });

describe('views and actions', () => {
  it('a seat sees its view; an offer gets the software reply in the same response', async () => {
    const { app } = testApp();
    const s = await session(app);
    const token = s.seats.a?.token as string;
    const v = await call(app, 'GET', `/api/sessions/${s.sessionId}`, { token });
    expect(v.status).toBe(200);
    expect(v.body).toMatchObject({
      role: 'seat',
      status: 'running',
      step: 0,
      turn: 'a',
      yourTurn: true,
      rounds: 6,
      time: 0,
    });
    expect(v.body.you.reservationValue).toBe(0.2);
    expect(v.body.you.redLines).toEqual([
      { id: 'a-no-top', label: 'A never pays p4', kind: 'forbid', text: 'never: price is p4' },
    ]);
    expect(v.body.you.priorities.map((p: { issue: string }) => p.issue)).toEqual(['price', 'delivery']);
    // The clock starts when the seat first opens the table, not while it reads the brief.
    expect(v.body.turnDeadline).toBeNull();
    expect(v.body.clock).toEqual({ lapse: 'pass', turnSeconds: 180, started: false });
    expect(v.body.firstMover).toBe('a');
    const opened = await call(app, 'POST', `/api/sessions/${s.sessionId}/open`, { token, body: {} });
    expect(opened.body.clock.started).toBe(true);
    expect(opened.body.turnDeadline).toBe(new Date(Date.UTC(2025, 5, 9, 12) + 180_000).toISOString());
    const after = await call(app, 'POST', `/api/sessions/${s.sessionId}/actions`, {
      token,
      body: { ...offer('p1', 'express'), expectStep: 0 },
    });
    expect(after.status).toBe(200);
    expect(after.body.step).toBe(2);
    expect(after.body.offers.map((o: { by: string }) => o.by)).toEqual(['a', 'b']);
    expect(after.body.offers[0]).toMatchObject({
      outcome: { price: 'p1', delivery: 'express' },
      utilityToYou: 1,
    });
    expect(after.body.table.by).toBe('b');
    expect(after.body.yourTurn).toBe(true);
  });

  it('walking away ends the session; the debrief opens then', async () => {
    const { app } = testApp();
    const s = await session(app);
    const token = s.seats.a?.token as string;
    const url = `/api/sessions/${s.sessionId}`;
    expectError(await call(app, 'GET', `${url}/debrief`, { token }), 'NOT_OVER');
    const end = await call(app, 'POST', `${url}/actions`, { token, body: { type: 'end' } });
    expect(end.body.status).toBe('walked-away');
    expect(end.body.result).toEqual({ status: 'walked-away', agreement: null, utilityToYou: 0.2, rounds: 1 });
    expectError(await call(app, 'POST', `${url}/actions`, { token, body: { type: 'end' } }), 'SESSION_OVER');
    const d = await call(app, 'GET', `${url}/debrief`, { token });
    expect(d.status).toBe(200);
    expect(d.body.you).toBe('a');
    expect(d.body.outcomes.count).toBe(8); // 12 outcomes less A's red line (3) and B's (1)
    expect(d.body.outcomes.utilities.a).toHaveLength(d.body.outcomes.count);
    expect(d.body.frontier.length).toBeGreaterThan(0);
    expect(d.body.reservationValues).toEqual({ a: 0.2, b: expect.any(Number) });
    // What A left on the table: the best outcome for A that B likes at least as much as no deal.
    const scenario = pairScenario();
    const [pa, pb] = scenario.parties as [Party, Party];
    let best = 0;
    for (const o of scenario.space.enumerate()) {
      if (!pa.utility.acceptable(o) || !pb.utility.acceptable(o)) continue;
      if (pb.utility.evaluate(o) >= pb.reservationValue) best = Math.max(best, pa.utility.evaluate(o));
    }
    expect(d.body.leftOnTable.utilities.a).toBeCloseTo(best, 12);
    expect(d.body.leftOnTable.gainToYou).toBeCloseTo(best - 0.2, 12);
  });

  it('accepting an offer reaches agreement; the debrief shows it', async () => {
    const { app } = testApp();
    const s = await session(app, humanVsHuman);
    const [ta, tb] = [s.seats.a?.token as string, s.seats.b?.token as string];
    const url = `/api/sessions/${s.sessionId}`;
    await call(app, 'POST', `${url}/actions`, { token: ta, body: offer('p2', 'normal') });
    const acc = await call(app, 'POST', `${url}/actions`, { token: tb, body: { type: 'accept' } });
    expect(acc.body.status).toBe('agreement');
    expect(acc.body.result.agreement).toEqual({ price: 'p2', delivery: 'normal' });
    const d = await call(app, 'GET', `${url}/debrief`, { token: ta });
    expect(d.body.agreement.outcome).toEqual({ price: 'p2', delivery: 'normal' });
    expect(d.body.trajectories.a).toHaveLength(1);
  });

  it('principals ratify or veto after the delegations agree, and the view says so', async () => {
    for (const [threshold, status, approve] of [
      [0.01, 'agreement', true],
      [0.99, 'vetoed', false],
    ] as const) {
      const { app } = testApp({
        scenarios: scenarioList([pairScenario({ bPrincipal: true, bThreshold: threshold })]),
      });
      const s = await session(app, humanVsHuman);
      const url = `/api/sessions/${s.sessionId}`;
      await call(app, 'POST', `${url}/actions`, {
        token: s.seats.a?.token as string,
        body: offer('p3', 'normal'),
      });
      const r = await call(app, 'POST', `${url}/actions`, {
        token: s.seats.b?.token as string,
        body: { type: 'accept' },
      });
      expect(r.body.status).toBe(status);
      expect(r.body.ratification).toEqual({
        agreed: { price: 'p3', delivery: 'normal' },
        pending: [],
        decisions: [{ party: 'b', approve }],
      });
      expect(r.body.result.agreement).toEqual(approve ? { price: 'p3', delivery: 'normal' } : null);
      // B's principal's threshold stays private to B.
      const a = await call(app, 'GET', url, { token: s.seats.a?.token as string });
      expect(a.text).not.toContain(`"ratificationThreshold":${threshold}`);
    }
  });

  it('refuses actions out of turn, stale, invalid, or with nothing to accept', async () => {
    const { app } = testApp();
    const s = await session(app, humanVsHuman);
    const [ta, tb] = [s.seats.a?.token as string, s.seats.b?.token as string];
    const url = `/api/sessions/${s.sessionId}/actions`;
    expectError(await call(app, 'POST', url, { token: tb, body: offer('p3', 'slow') }), 'NOT_YOUR_TURN');
    expectError(await call(app, 'POST', url, { token: ta, body: { type: 'accept' } }), 'NOTHING_TO_ACCEPT');
    const red = await call(app, 'POST', url, { token: ta, body: offer('p4', 'slow') });
    expectError(red, 'INVALID_OFFER');
    expect(red.body.error.message).toContain('A never pays p4');
    const value = await call(app, 'POST', url, { token: ta, body: offer('p9', 'slow') });
    expectError(value, 'INVALID_OFFER');
    expect(value.body.error.path).toBe('outcome.price');
    expectError(
      await call(app, 'POST', url, { token: ta, body: { type: 'offer', outcome: { price: 'p1' } } }),
      'INVALID_OFFER',
    );
    expectError(
      await call(app, 'POST', url, {
        token: ta,
        body: { type: 'offer', outcome: { price: 'p1', delivery: 'slow', colour: 'red' } },
      }),
      'INVALID_OFFER',
    );
    expectError(
      await call(app, 'POST', url, { token: ta, body: { ...offer('p1', 'slow'), expectStep: 3 } }),
      'STALE_STEP',
    );
    expectError(await call(app, 'POST', url, { token: ta, body: { type: 'fly' } }), 'BAD_REQUEST');
    expectError(await call(app, 'POST', url, { token: ta, body: { type: 'end', extra: 1 } }), 'BAD_REQUEST');
    expectError(await call(app, 'POST', url, { token: s.observerToken, body: { type: 'end' } }), 'SEAT_ONLY');
    // Nothing refused was logged.
    const v = await call(app, 'GET', `/api/sessions/${s.sessionId}`, { token: ta });
    expect(v.body.step).toBe(0);
  });

  it('refuses bad tokens and unknown sessions', async () => {
    const { app } = testApp();
    const s = await session(app);
    const url = `/api/sessions/${s.sessionId}`;
    expectError(await call(app, 'GET', url), 'BAD_TOKEN');
    expectError(await call(app, 'GET', url, { token: 'x'.repeat(43) }), 'BAD_TOKEN');
    expectError(await call(app, 'GET', url, { headers: { authorization: 'Basic abc' } }), 'BAD_TOKEN');
    const other = await session(app);
    expectError(await call(app, 'GET', url, { token: other.seats.a?.token as string }), 'BAD_TOKEN');
    expectError(
      await call(app, 'GET', '/api/sessions/doesnotexist', { token: s.seats.a?.token as string }),
      'SESSION_NOT_FOUND',
    );
    expectError(await call(app, 'GET', '/api/sessions/bad%20id!', { token: 'x' }), 'SESSION_NOT_FOUND');
  });

  it('events are for the observer only; the observer sees every utility', async () => {
    const { app } = testApp();
    const s = await session(app);
    const url = `/api/sessions/${s.sessionId}`;
    await call(app, 'POST', `${url}/actions`, {
      token: s.seats.a?.token as string,
      body: offer('p2', 'slow'),
    });
    expectError(
      await call(app, 'GET', `${url}/events`, { token: s.seats.a?.token as string }),
      'OBSERVER_ONLY',
    );
    const e = await call(app, 'GET', `${url}/events`, { token: s.observerToken });
    expect(e.status).toBe(200);
    expect(e.body.events[0]).toMatchObject({
      type: 'offer',
      party: 'a',
      outcome: { price: 'p2', delivery: 'slow' },
    });
    expect(Object.keys(e.body.events[0].utilities)).toEqual(['a', 'b']);
    const v = await call(app, 'GET', url, { token: s.observerToken });
    expect(v.body.role).toBe('observer');
    expect(v.body.parties).toEqual([
      { id: 'a', label: 'Buyer', reservationValue: 0.2 },
      { id: 'b', label: 'Seller', reservationValue: expect.any(Number), negotiator: 'hardliner' },
    ]);
    // Observers may read the debrief before the end.
    const d = await call(app, 'GET', `${url}/debrief`, { token: s.observerToken });
    expect(d.status).toBe(200);
    expect(d.body.you).toBeNull();
    expect(d.body.leftOnTable).toBeNull();
  });
});

describe('limits and failures', () => {
  it('rate-limits per token with Retry-After', async () => {
    const { app, clock } = testApp({ rateLimit: { perSecond: 1, burst: 3 } });
    const s = await session(app);
    const token = s.seats.a?.token as string;
    const url = `/api/sessions/${s.sessionId}`;
    for (let k = 0; k < 3; k++) expect((await call(app, 'GET', url, { token })).status).toBe(200);
    const limited = await call(app, 'GET', url, { token });
    expectError(limited, 'RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Another token has its own bucket; time refills.
    expect((await call(app, 'GET', url, { token: s.observerToken })).status).toBe(200);
    clock.advance(1000);
    expect((await call(app, 'GET', url, { token })).status).toBe(200);
  });

  it('rate-limits unauthenticated session creation per client address', async () => {
    const { app } = testApp({ rateLimit: { perSecond: 1, burst: 2 } });
    for (let k = 0; k < 2; k++)
      expect((await call(app, 'POST', '/api/sessions', { body: humanVsHuman })).status).toBe(201);
    expectError(await call(app, 'POST', '/api/sessions', { body: humanVsHuman }), 'RATE_LIMITED');
  });

  it('an unexpected failure is a 500 INTERNAL without details', async () => {
    const store = SessionStore.open(':memory:');
    const manager = new SessionManager({
      store,
      scenarios: scenarioList([pairScenario()]),
      clock: new FakeClock(),
    });
    const logged: unknown[] = [];
    const app = createApp({ manager, rateLimit: false, logError: (e) => logged.push(e) });
    store.close(); // every write now fails inside better-sqlite3
    const r = await call(app, 'POST', '/api/sessions', { body: humanVsHuman });
    expectError(r, 'INTERNAL');
    expect(r.text).not.toContain('database');
    // The cause goes to the log, not to the client.
    expect(logged).toHaveLength(1);
    expect(String((logged[0] as Error).message)).toMatch(/database/i);
  });
});
