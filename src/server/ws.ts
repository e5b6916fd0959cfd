/**
 * The WebSocket face of a session (`GET /api/sessions/:id/ws?token=…`): the caller is authenticated
 * before the upgrade (a bad token or session gets an ordinary 4xx), then receives its view at once
 * and after every change of the session (its own action, the other side's, a ratification, a
 * timeout). A seat may send `{ type: 'action', action }` and gets its new view, or
 * `{ type: 'error', error }` for a malformed, refused or rate-limited message. Every message is
 * read as an HTTP body is (request-json.ts: no prototype keys) and checked with the same zod
 * schema; nothing is trusted. A token may hold at most MAX_SOCKETS_PER_TOKEN open sockets: the
 * upgrade is refused beyond that (checked by the route), and a socket that still gets past it (two
 * upgrades at once) is closed on opening with code 1008.
 */
import { upgradeWebSocket } from '@hono/node-server';
import type { Context, MiddlewareHandler } from 'hono';
import type { WSContext } from 'hono/ws';
import { LancasterError } from '../errors.ts';
import { type ApiError, type WsServerMessage, wsClientMessageSchema } from './api.ts';
import { apiError } from './machine.ts';
import type { RateLimiter } from './rate-limit.ts';
import { parseRequestJson } from './request-json.ts';
import type { Caller, SessionManager } from './sessions.ts';

/** Largest message a client may send (bytes); the socket is closed beyond it. */
export const MAX_WS_MESSAGE_BYTES = 64 * 1024;

/**
 * Open sockets one token may hold: a person with the table open in a few tabs and devices, far
 * below what a script holding sockets open to tie up the server would want.
 */
export const MAX_SOCKETS_PER_TOKEN = 8;

/** Open sockets per token (by its rate-limit key). */
export class SocketCounter {
  private readonly open = new Map<string, number>();
  readonly max: number;

  constructor(max: number) {
    this.max = max;
  }

  /** Throws TOO_MANY_SOCKETS when `key` already holds the maximum. */
  check(key: string): void {
    if ((this.open.get(key) ?? 0) >= this.max) {
      throw apiError(
        'TOO_MANY_SOCKETS',
        `this token already holds ${this.max} open WebSockets, the most one token may have; close one first`,
      );
    }
  }

  /** Counts a socket that opened; false when it is one too many (it must then be closed). */
  add(key: string): boolean {
    const n = (this.open.get(key) ?? 0) + 1;
    this.open.set(key, n);
    return n <= this.max;
  }

  remove(key: string): void {
    const n = (this.open.get(key) ?? 0) - 1;
    if (n > 0) this.open.set(key, n);
    else this.open.delete(key);
  }

  /** Open sockets of `key`. */
  count(key: string): number {
    return this.open.get(key) ?? 0;
  }
}

/** What the route's auth step hands to the socket handler. */
export interface WsAuth {
  readonly sessionId: string;
  readonly caller: Caller;
  /** Rate-limit key of the token. */
  readonly key: string;
}

/** An API error as the `error` of a message or body (LancasterError codes pass through). */
export type ErrorMapper = (err: unknown) => { status: number; body: ApiError };

function send(ws: WSContext, msg: WsServerMessage): void {
  if (ws.readyState === 1) ws.send(JSON.stringify(msg));
}

/**
 * The handler that upgrades an authenticated request (`c.get('wsAuth')`, set by the route's
 * previous middleware) to a session socket.
 */
export function sessionSocket(
  manager: SessionManager,
  limiter: RateLimiter | null,
  sockets: SocketCounter,
  toError: ErrorMapper,
): MiddlewareHandler {
  return upgradeWebSocket((c: Context) => {
    const auth = c.get('wsAuth' as never) as WsAuth;
    let unsubscribe: (() => void) | null = null;
    let counted = false;
    let replies: Promise<void> = Promise.resolve();
    const stop = () => {
      unsubscribe?.();
      unsubscribe = null;
      if (counted) sockets.remove(auth.key);
      counted = false;
    };
    const error = (ws: WSContext, err: unknown) =>
      send(ws, { type: 'error', error: toError(err).body.error });
    const pushView = (ws: WSContext) => {
      try {
        send(ws, { type: 'view', view: manager.view(auth.sessionId, auth.caller) });
      } catch (err) {
        error(ws, err);
      }
    };
    return {
      onOpen(_evt, ws) {
        counted = true;
        if (!sockets.add(auth.key)) {
          try {
            sockets.check(auth.key);
          } catch (err) {
            error(ws, err);
          }
          ws.close(1008, 'too many sockets for this token');
          return;
        }
        unsubscribe = manager.subscribe(auth.sessionId, () => pushView(ws));
        pushView(ws);
      },
      onMessage(evt, ws) {
        // Counted when it arrives; handled, and answered, in the order the messages came.
        const wait = limiter?.take(auth.key) ?? 0;
        replies = replies.then(async () => {
          try {
            if (wait > 0) {
              throw new LancasterError({
                code: 'RATE_LIMITED',
                message: `too many messages; wait ${wait} s and slow down`,
              });
            }
            if (typeof evt.data !== 'string') {
              throw new LancasterError({
                code: 'BAD_REQUEST',
                message: 'send JSON text messages, not binary ones',
              });
            }
            const { action } = wsClientMessageSchema.parse(parseRequestJson(evt.data, 'message'));
            // A successful action notifies every subscriber, this socket included: that is its reply.
            await manager.submit(auth.sessionId, auth.caller, action);
          } catch (err) {
            error(ws, err);
          }
        });
      },
      onClose: stop,
      onError: stop,
    };
  });
}
