/**
 * The WebSocket over a real socket: the view at once, a new view after every change (own action,
 * the other side's, for seats and the observer), errors as messages, refusals before the upgrade
 * (bad token, unknown session, not a WebSocket request), and the per-token rate limit on messages.
 * Issue 10, item 4: only the server's own origins and those allowed get a socket, a token holds at
 * most MAX_SOCKETS_PER_TOKEN sockets, and a message with a prototype key is refused.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { SeatView, WsServerMessage } from '../../src/server/api.ts';
import { ERROR_CODE_HEADER } from '../../src/server/app.ts';
import { type RunningServer, startServer } from '../../src/server/serve.ts';
import { scenarioList } from '../../src/server/sessions.ts';
import { MAX_SOCKETS_PER_TOKEN } from '../../src/server/ws.ts';
import { B_SECRETS, FakeClock, pairScenario } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'lancaster-ws-'));
let server: RunningServer;
let limited: RunningServer;
let allowing: RunningServer;

beforeAll(async () => {
  const scenarios = scenarioList([pairScenario()]);
  server = await startServer({
    port: 0,
    dbFile: join(dir, 'ws.sqlite'),
    webDist: null,
    rateLimit: false,
    scenarios,
    log: () => {},
  });
  limited = await startServer({
    port: 0,
    dbFile: join(dir, 'limited.sqlite'),
    webDist: null,
    rateLimit: { perSecond: 0.5, burst: 3 },
    scenarios,
    log: () => {},
  });
  allowing = await startServer({
    port: 0,
    dbFile: join(dir, 'allowing.sqlite'),
    webDist: null,
    rateLimit: false,
    scenarios,
    log: () => {},
    allowOrigins: ['http://localhost:5173', 'HTTPS://Tables.Example.org:443/'],
  });
});

afterAll(async () => {
  await server.close();
  await limited.close();
  await allowing.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A socket with a queue of received messages. */
class Client {
  readonly ws: WebSocket;
  private readonly queue: WsServerMessage[] = [];
  private waiting: ((m: WsServerMessage) => void) | null = null;
  readonly raw: string[] = [];

  constructor(url: string) {
    this.ws = new WebSocket(url);
    this.ws.on('message', (data) => {
      const text = String(data);
      this.raw.push(text);
      const msg = JSON.parse(text) as WsServerMessage;
      if (this.waiting) {
        const w = this.waiting;
        this.waiting = null;
        w(msg);
      } else this.queue.push(msg);
    });
  }

  next(): Promise<WsServerMessage> {
    const m = this.queue.shift();
    if (m) return Promise.resolve(m);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no message within 5 s')), 5000);
      this.waiting = (msg) => {
        clearTimeout(timer);
        resolve(msg);
      };
    });
  }

  send(msg: unknown): void {
    this.ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
  }

  close(): void {
    this.ws.close();
  }
}

async function create(base: string, seats: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const res = await fetch(`${base}/api/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ scenario: 'pair', seats, observer: true, seed: 4, ...extra }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as {
    sessionId: string;
    seats: Record<string, { token: string }>;
    observerToken: string;
  };
}

const wsUrl = (base: string, id: string, token: string) =>
  `${base.replace('http', 'ws')}/api/sessions/${id}/ws?token=${token}`;

/** The HTTP status with which an upgrade was refused. */
function refusal(url: string, origin?: string): Promise<number> {
  return refusalBody(url, origin).then((r) => r.status);
}

/** The HTTP status and error code with which an upgrade was refused. */
function refusalBody(url: string, origin?: string): Promise<{ status: number; code: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, origin === undefined ? {} : { origin });
    ws.on('unexpected-response', (_req, res) => {
      // The upgrade's refusal carries no body; its code is in a header.
      resolve({ status: res.statusCode ?? 0, code: String(res.headers[ERROR_CODE_HEADER] ?? '') });
      ws.terminate();
    });
    ws.on('open', () => {
      ws.terminate();
      reject(new Error('the upgrade was accepted'));
    });
    ws.on('error', () => {});
  });
}

/** Opens a socket (with an Origin header when given) and resolves once it is open. */
function opened(url: string, origin?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, origin === undefined ? {} : { origin });
    ws.on('open', () => resolve(ws));
    ws.on('unexpected-response', (_req, res) => reject(new Error(`refused with ${res.statusCode}`)));
    ws.on('error', reject);
  });
}

const offer = (price: string, delivery: string) => ({ type: 'offer', outcome: { price, delivery } });

describe('session socket', () => {
  it('sends the view at once and after an action, with the software reply', async () => {
    const s = await create(server.url, {
      a: { kind: 'human' },
      b: { kind: 'negotiator', spec: 'hardliner' },
    });
    const c = new Client(wsUrl(server.url, s.sessionId, s.seats.a?.token as string));
    const first = await c.next();
    expect(first.type).toBe('view');
    expect(first.type === 'view' && first.view.role).toBe('seat');
    c.send({ type: 'action', action: { ...offer('p1', 'express'), expectStep: 0 } });
    const after = await c.next();
    expect(after.type === 'view' && after.view.step).toBe(2);
    expect(after.type === 'view' && (after.view as SeatView).offers.map((o) => o.by)).toEqual(['a', 'b']);
    // Errors come back as messages, and the socket stays open.
    c.send('{not json');
    expect(await c.next()).toMatchObject({ type: 'error', error: { code: 'BAD_REQUEST' } });
    c.send({ type: 'action', action: { type: 'jump' } });
    expect(await c.next()).toMatchObject({ type: 'error', error: { code: 'BAD_REQUEST' } });
    c.send({ type: 'action', action: offer('p4', 'slow') });
    expect(await c.next()).toMatchObject({ type: 'error', error: { code: 'INVALID_OFFER' } });
    c.send({ type: 'action', action: { type: 'accept', expectStep: 0 } });
    expect(await c.next()).toMatchObject({ type: 'error', error: { code: 'STALE_STEP' } });
    c.send({ type: 'action', action: { type: 'end' } });
    const end = await c.next();
    expect(end.type === 'view' && end.view.status).toBe('walked-away');
    c.send({ type: 'action', action: { type: 'end' } });
    expect(await c.next()).toMatchObject({ type: 'error', error: { code: 'SESSION_OVER' } });
    c.close();
  });

  it("pushes the other side's moves to both seats and the observer, privately", async () => {
    const s = await create(server.url, { a: { kind: 'human' }, b: { kind: 'human' } });
    const a = new Client(wsUrl(server.url, s.sessionId, s.seats.a?.token as string));
    const b = new Client(wsUrl(server.url, s.sessionId, s.seats.b?.token as string));
    const o = new Client(wsUrl(server.url, s.sessionId, s.observerToken));
    await Promise.all([a.next(), b.next(), o.next()]);
    a.send({ type: 'action', action: offer('p2', 'normal') });
    const [va, vb, vo] = await Promise.all([a.next(), b.next(), o.next()]);
    expect(va.type === 'view' && va.view.step).toBe(1);
    expect(vb.type === 'view' && (vb.view as SeatView).yourTurn).toBe(true);
    expect(vo.type === 'view' && vo.view.role).toBe('observer');
    b.send({ type: 'action', action: offer('p1', 'express') });
    expect(await b.next()).toMatchObject({ type: 'error', error: { code: 'INVALID_OFFER' } });
    b.send({ type: 'action', action: { type: 'accept' } });
    const [fa] = await Promise.all([a.next(), b.next(), o.next()]);
    expect(fa.type === 'view' && fa.view.status).toBe('agreement');
    // Observers cannot act.
    o.send({ type: 'action', action: { type: 'end' } });
    expect(await o.next()).toMatchObject({ type: 'error', error: { code: 'SEAT_ONLY' } });
    // Nothing A received names B's private data.
    for (const text of a.raw) {
      expect(text).not.toContain(B_SECRETS.redLineLabel);
      expect(text).not.toContain(String(B_SECRETS.reservationValue));
    }
    for (const c of [a, b, o]) c.close();
  });

  it('refuses the upgrade for a bad token, an unknown session or a plain request', async () => {
    const s = await create(server.url, { a: { kind: 'human' }, b: { kind: 'human' } });
    expect(await refusal(wsUrl(server.url, s.sessionId, 'x'.repeat(43)))).toBe(401);
    expect(await refusal(wsUrl(server.url, 'nosuchsession', s.seats.a?.token as string))).toBe(404);
    expect(await refusal(`${server.url.replace('http', 'ws')}/api/sessions/${s.sessionId}/ws`)).toBe(400);
    const plain = await fetch(`${server.url}/api/sessions/${s.sessionId}/ws?token=${s.seats.a?.token}`);
    expect(plain.status).toBe(400);
    expect(((await plain.json()) as { error: { code: string } }).error.code).toBe('BAD_REQUEST');
  });

  it("pushes a timeout when a person's turn runs out", async () => {
    const clock = new FakeClock();
    const timed = await startServer({
      port: 0,
      dbFile: join(dir, 'timed.sqlite'),
      webDist: null,
      rateLimit: false,
      scenarios: scenarioList([pairScenario({ humanTurnSeconds: 30 })]),
      clock,
      log: () => {},
    });
    const s = await create(timed.url, { a: { kind: 'human' }, b: { kind: 'human' } }, { lapse: 'end' });
    const a = new Client(wsUrl(timed.url, s.sessionId, s.seats.a?.token as string));
    const b = new Client(wsUrl(timed.url, s.sessionId, s.seats.b?.token as string));
    const unopened = await a.next();
    await b.next();
    // No clock until A opens the table; opening it pushes the new view to both.
    expect(unopened.type === 'view' && unopened.view.turnDeadline).toBeNull();
    const opened = await fetch(`${timed.url}/api/sessions/${s.sessionId}/open`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${s.seats.a?.token}` },
      body: '{}',
    });
    expect(opened.status).toBe(200);
    const first = await a.next();
    await b.next();
    expect(first.type === 'view' && first.view.turnDeadline).toBe(
      new Date(clock.now() + 30_000).toISOString(),
    );
    clock.advance(30_000);
    const [ta, tb] = await Promise.all([a.next(), b.next()]);
    expect(ta.type === 'view' && ta.view.status).toBe('timeout');
    expect(tb.type === 'view' && tb.view.result).toMatchObject({ status: 'timeout', agreement: null });
    a.close();
    b.close();
    await timed.close();
  });

  it('rate-limits messages per token', async () => {
    const s = await create(limited.url, { a: { kind: 'human' }, b: { kind: 'human' } });
    // The upgrade itself took one request of the token's bucket (burst 3).
    const c = new Client(wsUrl(limited.url, s.sessionId, s.seats.a?.token as string));
    await c.next();
    c.send({ type: 'action', action: { type: 'accept' } });
    c.send({ type: 'action', action: { type: 'accept' } });
    c.send({ type: 'action', action: { type: 'accept' } });
    const codes = [await c.next(), await c.next(), await c.next()].map((m) =>
      m.type === 'error' ? m.error.code : m.type,
    );
    expect(codes).toEqual(['NOTHING_TO_ACCEPT', 'NOTHING_TO_ACCEPT', 'RATE_LIMITED']);
    c.close();
  });
});

describe('cross-site and abuse (issue 10, item 4)', () => {
  it("accepts sockets from the server's own origins and from none, refuses other sites", async () => {
    const s = await create(server.url, { a: { kind: 'human' }, b: { kind: 'human' } });
    const url = wsUrl(server.url, s.sessionId, s.seats.a?.token as string);
    const port = new URL(server.url).port;
    for (const origin of [undefined, server.url, `http://localhost:${port}`, `http://LOCALHOST:${port}/`]) {
      const ws = await opened(url, origin);
      ws.close();
    }
    for (const origin of [
      'http://evil.example',
      `http://evil.example:${port}`,
      `https://127.0.0.1:${port}`,
      `http://127.0.0.1:${Number(port) + 1}`,
      'null',
      'not a url',
    ]) {
      expect(await refusalBody(url, origin), origin).toEqual({ status: 403, code: 'BAD_ORIGIN' });
    }
    // The refusal comes before the token is looked at: a bad token from another site is still BAD_ORIGIN.
    expect(await refusalBody(wsUrl(server.url, s.sessionId, 'x'.repeat(43)), 'http://evil.example')).toEqual({
      status: 403,
      code: 'BAD_ORIGIN',
    });
  });

  it('accepts the origins given with --allow-origin (normalised), and only those', async () => {
    const s = await create(allowing.url, { a: { kind: 'human' }, b: { kind: 'human' } });
    const url = wsUrl(allowing.url, s.sessionId, s.seats.a?.token as string);
    for (const origin of ['http://localhost:5173', 'https://tables.example.org', allowing.url]) {
      const ws = await opened(url, origin);
      ws.close();
    }
    expect(await refusal(url, 'http://localhost:5174')).toBe(403);
    expect(await refusal(url, 'https://tables.example.org:8443')).toBe(403);
  });

  it(`caps open sockets per token at ${MAX_SOCKETS_PER_TOKEN}`, async () => {
    const s = await create(server.url, { a: { kind: 'human' }, b: { kind: 'human' } });
    const url = wsUrl(server.url, s.sessionId, s.seats.a?.token as string);
    const open: WebSocket[] = [];
    for (let k = 0; k < MAX_SOCKETS_PER_TOKEN; k++) open.push(await opened(url));
    expect(await refusalBody(url)).toEqual({ status: 429, code: 'TOO_MANY_SOCKETS' });
    // Other tokens are not affected.
    const other = await opened(wsUrl(server.url, s.sessionId, s.seats.b?.token as string));
    other.close();
    // Closing one frees a place.
    await new Promise<void>((resolve) => {
      (open.pop() as WebSocket).once('close', () => resolve()).close();
    });
    await new Promise((r) => setTimeout(r, 50));
    open.push(await opened(url));
    for (const ws of open) ws.close();
  });

  it('refuses a message with a prototype key', async () => {
    const s = await create(server.url, { a: { kind: 'human' }, b: { kind: 'human' } });
    const c = new Client(wsUrl(server.url, s.sessionId, s.seats.a?.token as string));
    await c.next();
    c.send(
      '{"type":"action","action":{"type":"offer","outcome":{"price":"p1","delivery":"slow","__proto__":{"x":1}}}}',
    );
    expect(await c.next()).toMatchObject({
      type: 'error',
      error: { code: 'FORBIDDEN_KEY', path: 'action.outcome.__proto__' },
    });
    c.close();
  });
});
