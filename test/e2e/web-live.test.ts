/**
 * The web app's live subscription (web/src/api.ts `subscribeView`) without a browser: a scripted
 * WebSocket and fetch stand in for the server, and fake timers drive the clock. It must deliver
 * pushed views, fall back to fetching the view over HTTP while the socket is down, reconnect with a
 * doubling backoff, stop polling once reconnected, report server errors, and leave nothing running
 * after it is stopped.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type ApiError, type LiveState, subscribeView } from '../../web/src/api.ts';

class FakeSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static all: FakeSocket[] = [];
  readyState = FakeSocket.CONNECTING;
  onopen: (() => void) | null = null;
  onmessage: ((m: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  onerror: (() => void) | null = null;
  closed = false;
  readonly url: string;
  constructor(url: string) {
    this.url = url;
    FakeSocket.all.push(this);
  }
  open() {
    this.readyState = FakeSocket.OPEN;
    this.onopen?.();
  }
  send(data: unknown) {
    this.onmessage?.({ data: JSON.stringify(data) });
  }
  drop() {
    this.readyState = 3;
    this.onclose?.();
  }
  close() {
    this.closed = true;
  }
}

describe('subscribeView', () => {
  let fetches: string[];
  beforeEach(() => {
    vi.useFakeTimers();
    FakeSocket.all = [];
    fetches = [];
    vi.stubGlobal('WebSocket', FakeSocket);
    vi.stubGlobal('location', { protocol: 'http:', host: 'localhost:1234' });
    vi.stubGlobal('fetch', async (url: string, init: { headers: Record<string, string> }) => {
      fetches.push(`${url} ${init.headers.authorization}`);
      return new Response(JSON.stringify({ step: 100 + fetches.length }), { status: 200 });
    });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('follows pushes, polls while the socket is down, reconnects with backoff, and stops cleanly', async () => {
    const views: { step: number }[] = [];
    const states: LiveState[] = [];
    const errors: ApiError[] = [];
    const stop = subscribeView<{ step: number }>('s1', 'tok', {
      onView: (v) => views.push(v),
      onState: (s) => states.push(s),
      onError: (e) => errors.push(e),
    });
    // One HTTP fetch at once (so the page has a view before the socket opens), with the token in a header.
    await vi.advanceTimersByTimeAsync(0);
    expect(fetches).toEqual(['/api/sessions/s1 Bearer tok']);
    expect(FakeSocket.all).toHaveLength(1);
    const first = FakeSocket.all[0] as FakeSocket;
    expect(first.url).toBe('ws://localhost:1234/api/sessions/s1/ws?token=tok');
    first.open();
    first.send({ type: 'view', view: { step: 3 } });
    first.send({ type: 'error', error: { code: 'NOT_YOUR_TURN', message: 'wait' } });
    expect(views.at(-1)).toEqual({ step: 3 });
    expect(errors.map((e) => e.code)).toEqual(['NOT_YOUR_TURN']);
    expect(states).toEqual(['connecting', 'live']);

    // The socket drops: fetch at once and every 3 s, reconnect after 1 s, then 2 s, then 4 s.
    first.drop();
    expect(states.at(-1)).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(999);
    expect(FakeSocket.all).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeSocket.all).toHaveLength(2);
    (FakeSocket.all[1] as FakeSocket).drop();
    await vi.advanceTimersByTimeAsync(1999);
    expect(FakeSocket.all).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeSocket.all).toHaveLength(3);
    const polled = fetches.length;
    expect(polled).toBeGreaterThanOrEqual(3);
    expect(views.at(-1)?.step).toBeGreaterThan(100);

    // Back online: polling stops.
    (FakeSocket.all[2] as FakeSocket).open();
    expect(states.at(-1)).toBe('live');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fetches.length).toBe(polled);

    // Stopped: the socket is closed, and nothing fires any more.
    stop();
    expect((FakeSocket.all[2] as FakeSocket).closed).toBe(true);
    const seen = views.length;
    (FakeSocket.all[2] as FakeSocket).send({ type: 'view', view: { step: 9 } });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(views.length).toBe(seen);
    expect(FakeSocket.all).toHaveLength(3);
    expect(fetches.length).toBe(polled);
  });

  it('waits for a connecting socket to open before closing it', async () => {
    const stop = subscribeView('s2', 'tok', { onView() {}, onState() {}, onError() {} });
    await vi.advanceTimersByTimeAsync(0);
    const ws = FakeSocket.all[0] as FakeSocket;
    stop();
    expect(ws.closed).toBe(false);
    ws.open();
    expect(ws.closed).toBe(true);
  });
});
