/**
 * The WebSocket face of a session (`GET /api/sessions/:id/ws?token=…`): the caller is authenticated
 * before the upgrade (a bad token or session gets an ordinary 4xx), then receives its view at once
 * and after every change of the session (its own action, the other side's, a ratification, a
 * timeout). A seat may send `{ type: 'action', action }` and gets its new view, or
 * `{ type: 'error', error }` for a malformed, refused or rate-limited message. Every message is
 * checked with the same zod schema as the HTTP body; nothing is trusted.
 */
import { upgradeWebSocket } from '@hono/node-server';
import type { Context, MiddlewareHandler } from 'hono';
import type { WSContext } from 'hono/ws';
import { LancasterError } from '../errors.ts';
import { type ApiError, type WsServerMessage, wsClientMessageSchema } from './api.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { Caller, SessionManager } from './sessions.ts';

/** Largest message a client may send (bytes); the socket is closed beyond it. */
export const MAX_WS_MESSAGE_BYTES = 64 * 1024;

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
  toError: ErrorMapper,
): MiddlewareHandler {
  return upgradeWebSocket((c: Context) => {
    const auth = c.get('wsAuth' as never) as WsAuth;
    let unsubscribe: (() => void) | null = null;
    const stop = () => {
      unsubscribe?.();
      unsubscribe = null;
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
        unsubscribe = manager.subscribe(auth.sessionId, () => pushView(ws));
        pushView(ws);
      },
      onMessage(evt, ws) {
        try {
          const wait = limiter?.take(auth.key) ?? 0;
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
          let raw: unknown;
          try {
            raw = JSON.parse(evt.data);
          } catch {
            throw new LancasterError({ code: 'BAD_REQUEST', message: 'the message is not valid JSON' });
          }
          const { action } = wsClientMessageSchema.parse(raw);
          // A successful action notifies every subscriber, this socket included: that is its reply.
          manager.act(auth.sessionId, auth.caller, action);
        } catch (err) {
          error(ws, err);
        }
      },
      onClose: stop,
      onError: stop,
    };
  });
}
