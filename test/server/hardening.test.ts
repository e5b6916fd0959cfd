/**
 * What a hostile client tried over HTTP (issue 10, items 1 and 4), kept as tests: made-up tokens
 * must not buy fresh rate-limit buckets (unauthenticated routes are limited by client address, a
 * token's bucket counts only once the token is verified); bodies with `__proto__`, `constructor` or
 * `prototype` keys anywhere are refused with FORBIDDEN_KEY; a write without
 * `Content-Type: application/json` (a cross-site form or `text/plain` post) is refused with 415.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { API_ERROR_STATUS } from '../../src/server/api.ts';
import { createApp } from '../../src/server/app.ts';
import { SessionManager, scenarioList } from '../../src/server/sessions.ts';
import { SessionStore } from '../../src/server/store.ts';
import { call, FakeClock, pairScenario } from './helpers.ts';

const humanVsHuman = { scenario: 'pair', seats: { a: { kind: 'human' }, b: { kind: 'human' } } };

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read as loose JSON in tests
function expectError(r: { status: number; body: any; text: string }, code: string) {
  expect(r.body?.error?.code, r.text).toBe(code);
  expect(r.status).toBe(API_ERROR_STATUS[code as keyof typeof API_ERROR_STATUS]);
  expect(r.body.error.message.length).toBeGreaterThan(10);
}

/** An app whose clients have the addresses the test gives in an `x-test-address` header. */
function appByAddress(limits: { perSecond: number; burst: number }) {
  const clock = new FakeClock();
  const store = SessionStore.open(':memory:');
  const manager = new SessionManager({ store, scenarios: scenarioList([pairScenario()]), clock });
  const app = createApp({
    manager,
    rateLimit: limits,
    now: () => clock.now(),
    clientAddress: (c) => c.req.header('x-test-address') ?? 'local',
    logError: () => {},
  });
  return { app, clock, manager, store };
}

const fakeToken = () => randomBytes(32).toString('base64url');

describe('rate limits cannot be bypassed with made-up tokens (item 1)', () => {
  it('session creation is limited by client address, whatever bearer token it carries', async () => {
    const { app } = appByAddress({ perSecond: 1, burst: 3 });
    const statuses: number[] = [];
    for (let k = 0; k < 10; k++) {
      const r = await call(app, 'POST', '/api/sessions', { token: fakeToken(), body: humanVsHuman });
      statuses.push(r.status);
    }
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    expect(statuses.slice(3).every((s) => s === 429)).toBe(true);
    // Another address has its own bucket.
    const other = await call(app, 'POST', '/api/sessions', {
      token: fakeToken(),
      body: humanVsHuman,
      headers: { 'x-test-address': '10.0.0.2' },
    });
    expect(other.status).toBe(201);
  });

  it('public reads are limited by address too, even with a token', async () => {
    const { app } = appByAddress({ perSecond: 1, burst: 2 });
    const codes: number[] = [];
    for (let k = 0; k < 5; k++)
      codes.push((await call(app, 'GET', '/api/health', { token: fakeToken() })).status);
    expect(codes).toEqual([200, 200, 429, 429, 429]);
  });

  it('a token that fails verification counts against the address, not a bucket of its own', async () => {
    const { app } = appByAddress({ perSecond: 1, burst: 4 });
    const created = await call(app, 'POST', '/api/sessions', { body: humanVsHuman });
    expect(created.status).toBe(201);
    const url = `/api/sessions/${created.body.sessionId}`;
    const codes: string[] = [];
    for (let k = 0; k < 6; k++)
      codes.push((await call(app, 'GET', url, { token: fakeToken() })).body.error.code);
    // One request of the burst went to the creation; three guesses, then the address is spent.
    expect(codes).toEqual([
      'BAD_TOKEN',
      'BAD_TOKEN',
      'BAD_TOKEN',
      'RATE_LIMITED',
      'RATE_LIMITED',
      'RATE_LIMITED',
    ]);
  });

  it('a verified token has its own bucket, apart from its address', async () => {
    const { app, clock } = appByAddress({ perSecond: 1, burst: 2 });
    const created = await call(app, 'POST', '/api/sessions', { body: humanVsHuman });
    await call(app, 'GET', '/api/health');
    expectError(await call(app, 'GET', '/api/health'), 'RATE_LIMITED');
    // The address is spent, but the seat's own token still works: it has its own bucket …
    const url = `/api/sessions/${created.body.sessionId}`;
    const token = created.body.seats.a.token as string;
    expect((await call(app, 'GET', url, { token })).status).toBe(200);
    expect((await call(app, 'GET', url, { token })).status).toBe(200);
    // … which runs out in turn, with Retry-After, and refills with time.
    const limited = await call(app, 'GET', url, { token });
    expectError(limited, 'RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    clock.advance(1000);
    expect((await call(app, 'GET', url, { token })).status).toBe(200);
  });
});

describe('JSON bodies with prototype keys are refused (item 4)', () => {
  const bodies: [string, string][] = [
    [
      'top level',
      '{"scenario":"pair","seats":{"a":{"kind":"human"},"b":{"kind":"human"}},"__proto__":{"x":1}}',
    ],
    [
      'inside seats',
      '{"scenario":"pair","seats":{"a":{"kind":"human"},"b":{"kind":"human"},"__proto__":{"kind":"human"}}}',
    ],
    [
      'constructor',
      '{"scenario":"pair","seats":{"constructor":{"prototype":{"x":1}},"a":{"kind":"human"},"b":{"kind":"human"}}}',
    ],
    [
      'prototype, deep in an array',
      '{"scenario":"pair","seats":{"a":{"kind":"human"},"b":{"kind":"human"}},"x":[[{"prototype":1}]]}',
    ],
  ];
  for (const [where, raw] of bodies) {
    it(`session creation: ${where}`, async () => {
      const { app } = appByAddress({ perSecond: 100, burst: 100 });
      const r = await call(app, 'POST', '/api/sessions', { raw });
      expectError(r, 'FORBIDDEN_KEY');
      expect(r.status).toBe(400);
      expect(r.body.error.message).toMatch(/__proto__|constructor|prototype/);
      expect(r.body.error.path).toBeDefined();
    });
  }

  it('an action whose outcome names __proto__', async () => {
    const { app } = appByAddress({ perSecond: 100, burst: 100 });
    const created = await call(app, 'POST', '/api/sessions', { body: humanVsHuman });
    const r = await call(app, 'POST', `/api/sessions/${created.body.sessionId}/actions`, {
      token: created.body.seats.a.token,
      raw: '{"type":"offer","outcome":{"price":"p1","delivery":"slow","__proto__":{"polluted":true}}}',
    });
    expectError(r, 'FORBIDDEN_KEY');
    expect(r.body.error.path).toBe('outcome.__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('writes need Content-Type: application/json (item 4)', () => {
  const body = JSON.stringify(humanVsHuman);
  for (const type of [
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/jsonp',
  ]) {
    it(`refuses ${type} with 415`, async () => {
      const { app, store } = appByAddress({ perSecond: 100, burst: 100 });
      const r = await call(app, 'POST', '/api/sessions', { raw: body, headers: { 'content-type': type } });
      expectError(r, 'UNSUPPORTED_MEDIA_TYPE');
      expect(r.status).toBe(415);
      expect(store.db.prepare('SELECT count(*) AS n FROM sessions').get()).toEqual({ n: 0 });
    });
  }

  it('refuses a body without a content type, on both write routes', async () => {
    const { app } = appByAddress({ perSecond: 100, burst: 100 });
    const res = await app.request('/api/sessions', { method: 'POST', body: body });
    expect(res.status).toBe(415);
    const created = await call(app, 'POST', '/api/sessions', { body: humanVsHuman });
    const act = await app.request(`/api/sessions/${created.body.sessionId}/actions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${created.body.seats.a.token}`, 'content-type': 'text/plain' },
      body: '{"type":"end"}',
    });
    expect(act.status).toBe(415);
    expect(((await act.json()) as { error: { code: string } }).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('accepts application/json with a charset', async () => {
    const { app } = appByAddress({ perSecond: 100, burst: 100 });
    const r = await call(app, 'POST', '/api/sessions', {
      raw: body,
      headers: { 'content-type': 'Application/JSON; charset=utf-8' },
    });
    expect(r.status).toBe(201);
  });
});
