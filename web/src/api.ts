/**
 * The app's only door to the server: typed `fetch` wrappers for the REST API and a live
 * subscription to a session's view over the WebSocket. Every failure becomes an `ApiError` with
 * the server's stable code and message, so pages can show the message as it is (it names the fix).
 * Tokens travel in the Authorization header; only the WebSocket, which cannot set headers, puts
 * the token in its query string, as the API contract prescribes.
 */
import type { Problem } from '../../src/errors.ts';
import type {
  Action,
  CreateSessionRequest,
  CreateSessionResponse,
  Debrief,
  EventView,
  MessageBody,
  NegotiatorSummary,
  ScenarioSummary,
  SeatView,
} from './types.ts';

/** A failed API call: the server's stable code and its message (and its problems, when several). */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  /** Every problem of a refused scenario document, or a draft's open todos (the studio's routes). */
  readonly problems: readonly Problem[];
  constructor(code: string, message: string, status: number, problems: readonly Problem[] = []) {
    super(message);
    this.code = code;
    this.status = status;
    this.problems = problems;
  }
}

/** Any failure as an `ApiError`: an API error as it is, anything else (a bug in the app) as `CLIENT`. */
export function asApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError('CLIENT', String(e), 0);
}

/** A request to the API: JSON in and out, every failure an `ApiError`. */
export async function request<T>(
  path: string,
  init: { method?: string; token?: string; body?: unknown } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
      method: init.method ?? 'GET',
      headers,
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
  } catch {
    throw new ApiError(
      'NETWORK',
      'The Lancaster server cannot be reached. Is `lancaster serve` still running?',
      0,
    );
  }
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    // A proxy or a crashed server can answer with HTML; report the status instead.
  }
  if (!res.ok) {
    const err = (data as { error?: { code?: string; message?: string; problems?: Problem[] } } | null)?.error;
    throw new ApiError(
      err?.code ?? `HTTP_${res.status}`,
      err?.message ?? `The server answered ${res.status} ${res.statusText}.`,
      res.status,
      Array.isArray(err?.problems) ? err.problems : [],
    );
  }
  return data as T;
}

/** The shipped scenarios, London first. */
export async function fetchScenarios(): Promise<ScenarioSummary[]> {
  return (await request<{ scenarios: ScenarioSummary[] }>('/api/scenarios')).scenarios;
}

/** The built-in negotiators, for choosing the software opponent. */
export async function fetchNegotiators(): Promise<NegotiatorSummary[]> {
  return (await request<{ negotiators: NegotiatorSummary[] }>('/api/negotiators')).negotiators;
}

/** Creates a session; the response holds a token per human seat (and one for an observer). */
export function createSession(body: CreateSessionRequest): Promise<CreateSessionResponse> {
  return request('/api/sessions', { method: 'POST', body });
}

/** The caller's private view of a session. */
export function fetchView<V = SeatView>(sessionId: string, token: string): Promise<V> {
  return request(`/api/sessions/${encodeURIComponent(sessionId)}`, { token });
}

/** Sends an action from a seat and resolves to the seat's new view. */
export function sendAction(sessionId: string, token: string, action: Action): Promise<SeatView> {
  return request(`/api/sessions/${encodeURIComponent(sessionId)}/actions`, {
    method: 'POST',
    token,
    body: action,
  });
}

/** Tells the server this seat opened the table: its turn clock starts (the first time only). */
export function openTable(sessionId: string, token: string): Promise<SeatView> {
  return request(`/api/sessions/${encodeURIComponent(sessionId)}/open`, { method: 'POST', token, body: {} });
}

/** Sends a message to the table; resolves to the seat's view with the answers it got. */
export function sendMessage(sessionId: string, token: string, message: MessageBody): Promise<SeatView> {
  return request(`/api/sessions/${encodeURIComponent(sessionId)}/messages`, {
    method: 'POST',
    token,
    body: { message },
  });
}

/** Accepts or declines the improvement proposed after the deal. */
export function answerImprovement(sessionId: string, token: string, accept: boolean): Promise<SeatView> {
  return request(`/api/sessions/${encodeURIComponent(sessionId)}/improvement`, {
    method: 'POST',
    token,
    body: { accept },
  });
}

/** The debrief: the utility space, frontier, bargaining points, trajectories, what was left on the table. */
export function fetchDebrief(sessionId: string, token: string): Promise<Debrief> {
  return request(`/api/sessions/${encodeURIComponent(sessionId)}/debrief`, { token });
}

/** Every protocol event with both parties' utilities (observer tokens only). */
export async function fetchEvents(sessionId: string, token: string): Promise<EventView[]> {
  return (
    await request<{ events: EventView[] }>(`/api/sessions/${encodeURIComponent(sessionId)}/events`, {
      token,
    })
  ).events;
}

/** Connection state of a live subscription, for the status line. */
export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'polling';

/** Callbacks of {@link subscribeView}. */
export interface Subscriber<V> {
  onView(view: V): void;
  onState(state: LiveState): void;
  onError(error: ApiError): void;
}

/**
 * Follows a session's view: the WebSocket pushes a new view after every change. When the socket
 * drops, it reconnects with backoff (1 s doubling to 15 s) and, meanwhile, fetches the view over
 * HTTP every few seconds so the page never goes stale. Returns a function that stops everything.
 */
export function subscribeView<V>(sessionId: string, token: string, sub: Subscriber<V>): () => void {
  let stopped = false;
  let socket: WebSocket | null = null;
  let retry = 1000;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  let pollTimer: ReturnType<typeof setInterval> | undefined;

  const poll = () => {
    fetchView<V>(sessionId, token).then(
      (v) => !stopped && sub.onView(v),
      (e: unknown) => {
        if (stopped || !(e instanceof ApiError) || e.code === 'NETWORK') return;
        // A link that does not open the session will not start to: stop asking.
        if (LINK_ERRORS.has(e.code)) stop();
        sub.onError(e);
      },
    );
  };
  const startPolling = () => {
    if (pollTimer === undefined) pollTimer = setInterval(poll, 3000);
  };
  const stopPolling = () => {
    if (pollTimer !== undefined) clearInterval(pollTimer);
    pollTimer = undefined;
  };

  const connect = () => {
    if (stopped) return;
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const url = `${proto}//${location.host}/api/sessions/${encodeURIComponent(sessionId)}/ws?token=${encodeURIComponent(token)}`;
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      retry = 1000;
      stopPolling();
      sub.onState('live');
    };
    ws.onmessage = (msg) => {
      if (stopped) return;
      let data: { type?: string; view?: V; error?: { code: string; message: string } };
      try {
        data = JSON.parse(String(msg.data));
      } catch {
        return;
      }
      if (data.type === 'view' && data.view) sub.onView(data.view);
      else if (data.type === 'error' && data.error)
        sub.onError(new ApiError(data.error.code, data.error.message, 0));
    };
    ws.onclose = () => {
      if (stopped || socket !== ws) return;
      socket = null;
      sub.onState('reconnecting');
      startPolling();
      poll();
      reconnectTimer = setTimeout(connect, retry);
      retry = Math.min(retry * 2, 15_000);
    };
    // Errors are followed by `close`, which handles them.
    ws.onerror = () => {};
  };

  sub.onState('connecting');
  poll();
  connect();
  return stop;
  function stop(): void {
    stopped = true;
    stopPolling();
    if (reconnectTimer !== undefined) clearTimeout(reconnectTimer);
    const ws = socket;
    socket = null;
    if (ws) {
      ws.onclose = null;
      // Closing a socket that is still connecting logs a browser warning; wait for it to open.
      if (ws.readyState === WebSocket.CONNECTING) ws.onopen = () => ws.close();
      else ws.close();
    }
  }
}

/** Errors that say a link does not open its session (a changed token, no such session): not worth retrying. */
const LINK_ERRORS = new Set(['BAD_TOKEN', 'SESSION_NOT_FOUND', 'SESSION_UNAVAILABLE', 'BAD_REQUEST']);
