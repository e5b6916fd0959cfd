/**
 * The HTTP API as a Hono app, built by `createApp` from a session manager, so tests drive it with
 * `app.request()` and no socket. Every body, path parameter and query is validated with the zod
 * schemas of api.ts (unknown fields are refused); bodies are capped (64 KiB → 413), must be sent as
 * `application/json` (415 otherwise, so a cross-site form or `text/plain` post cannot write), and
 * may not hold `__proto__`, `constructor` or `prototype` keys (400 FORBIDDEN_KEY). Rate limits are
 * token buckets: routes that take no token by client address; a session route by its token once
 * the token is verified, and a request whose token or session does not check out by its address,
 * so a made-up token never buys a fresh bucket (429 with Retry-After). The WebSocket route accepts
 * only the server's own origins and those allowed (403 BAD_ORIGIN) and at most
 * MAX_SOCKETS_PER_TOKEN sockets per token (429 TOO_MANY_SOCKETS). Every refusal is JSON
 * `{ error: { code, message, path?, problems? } }` with a stable code and the 4xx status of api.ts
 * (`problems` when there are several, such as every problem of a scenario document); anything
 * unexpected is a 500 INTERNAL whose body says nothing of the cause (the stack goes to stderr).
 * The scenario studio's routes (`/api/studio/...`, studio.ts) take scenario documents, whose bodies
 * may be up to STUDIO_LIMITS.maxBodyBytes. Paths outside /api serve the built web app (static.ts).
 */
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { LancasterError, type Problem } from '../errors.ts';
import { listNegotiators } from '../negotiators/registry.ts';
import { LANCASTER_VERSION } from '../version.ts';
import {
  API_ERROR_STATUS,
  type ApiError,
  type ApiErrorCode,
  actionRequestSchema,
  createSessionRequestSchema,
  type HealthResponse,
  improvementRequestSchema,
  messageRequestSchema,
  type NegotiatorsResponse,
  openRequestSchema,
  sessionIdSchema,
  wsQuerySchema,
} from './api.ts';
import { apiError } from './machine.ts';
import { DEFAULT_RATE_LIMIT, RateLimiter, type RateLimitOptions } from './rate-limit.ts';
import { parseRequestJson } from './request-json.ts';
import { type Caller, hashToken, type SessionManager } from './sessions.ts';
import { Studio } from './studio.ts';
import {
  STUDIO_LIMITS,
  studioForecastRequestSchema,
  studioImportRequestSchema,
  studioScenarioIdSchema,
  studioSimulateRequestSchema,
} from './studio-api.ts';
import type { StudioRunner } from './studio-jobs.ts';
import { MAX_SOCKETS_PER_TOKEN, SocketCounter, sessionSocket, type WsAuth } from './ws.ts';

/** An `Origin` header as `new URL(…).origin` gives it (lower-case host, no default port), or '' if it is not a URL. */
export function normalOrigin(origin: string): string {
  try {
    const o = new URL(origin).origin;
    return o === 'null' ? '' : o;
  } catch {
    return '';
  }
}

/** Header repeating the error code of a refusal (`X-Lancaster-Error: BAD_ORIGIN`). */
export const ERROR_CODE_HEADER = 'x-lancaster-error';

/** Largest request body accepted (bytes). */
export const MAX_BODY_BYTES = 64 * 1024;

export interface AppOptions {
  readonly manager: SessionManager;
  /** Token-bucket limits per token and per client address; `false` turns them off. */
  readonly rateLimit?: RateLimitOptions | false;
  /** Clock of the rate limiter (epoch ms). */
  readonly now?: () => number;
  /** The client's address (for limits on requests without a token); 'local' when unknown. */
  readonly clientAddress?: (c: Context) => string;
  /** Responses for paths outside /api (the web app); 404 JSON when absent. */
  readonly staticFiles?: (path: string) => Response;
  /** Mount the WebSocket route (needs the Node server of serve.ts; off for `app.request()` tests). */
  readonly webSocket?: boolean;
  /** Where unexpected errors are reported (stderr by default). */
  readonly logError?: (err: unknown) => void;
  /**
   * Whether a WebSocket may be opened from a page of `origin` (the browser's `Origin` header,
   * normalised as `new URL(origin).origin`). Default: none; requests without an `Origin` (not
   * from a browser) are always let through.
   */
  readonly originAllowed?: (origin: string) => boolean;
  /** Open sockets allowed per token (default MAX_SOCKETS_PER_TOKEN). */
  readonly maxSocketsPerToken?: number;
  /** Where the studio's runs and forecasts happen (default: this thread, `InlineStudioRunner`). */
  readonly studioRunner?: StudioRunner;
}

function problemPath(p: Problem): { path?: string } {
  return p.path ? { path: p.path } : {};
}

function zodToError(err: z.ZodError): { status: number; body: ApiError } {
  const issue = err.issues[0];
  const path = issue ? issue.path.map(String).join('.') : '';
  const where = path ? `${path}: ` : '';
  const more = err.issues.length > 1 ? ` (and ${err.issues.length - 1} more problem(s))` : '';
  return {
    status: 400,
    body: {
      error: {
        code: 'BAD_REQUEST',
        message: `${where}${issue?.message ?? 'invalid request'}${more}; see docs/server-api.md for the request format`,
        ...(path ? { path } : {}),
      },
    },
  };
}

/**
 * The status and JSON body for any error: API and model errors keep their code, zod problems
 * become BAD_REQUEST with the field path, anything else is INTERNAL with no detail.
 */
export function errorResponse(err: unknown): { status: number; body: ApiError } {
  if (err instanceof z.ZodError) return zodToError(err);
  if (err instanceof LancasterError) {
    const p = err.problems[0] as Problem;
    const code: ApiErrorCode = p.code in API_ERROR_STATUS ? (p.code as ApiErrorCode) : 'BAD_REQUEST';
    const expected = p.expected ? ` (expected ${p.expected})` : '';
    // The details of a refusal with several problems (a scenario document's, a draft's todos).
    const problems = err.problems.length > 1 ? { problems: err.problems.slice(1) } : {};
    return {
      status: API_ERROR_STATUS[code],
      body: { error: { code, message: `${p.message}${expected}`, ...problemPath(p), ...problems } },
    };
  }
  return {
    status: 500,
    body: {
      error: {
        code: 'INTERNAL',
        message: 'the server failed on this request; it has been logged. Try again.',
      },
    },
  };
}

/** The bearer token of a request, or undefined. */
function bearer(c: Context): string | undefined {
  const h = c.req.header('authorization');
  if (h === undefined) return undefined;
  const m = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(h.trim());
  if (!m)
    throw apiError(
      'BAD_TOKEN',
      'the Authorization header must be "Bearer <token>" with the token POST /api/sessions returned',
    );
  return m[1];
}

const emptyQuery = z.strictObject({});

function checkQuery(c: Context): void {
  emptyQuery.parse(c.req.query());
}

function sessionId(c: Context): string {
  const parsed = sessionIdSchema.safeParse(c.req.param('id'));
  if (!parsed.success)
    throw apiError(
      'SESSION_NOT_FOUND',
      'that is not a session id; use the sessionId POST /api/sessions returned',
    );
  return parsed.data;
}

/**
 * The body of a write, as JSON. Its media type must be `application/json` (parameters such as a
 * charset allowed): a browser sends `text/plain` and form types across sites without asking, JSON
 * only after a CORS preflight, which this server never grants.
 */
async function jsonBody(c: Context): Promise<unknown> {
  const type = c.req.header('content-type');
  const media = type?.split(';')[0]?.trim().toLowerCase();
  if (media !== 'application/json') {
    throw apiError(
      'UNSUPPORTED_MEDIA_TYPE',
      `${type === undefined ? 'the request has no Content-Type' : `Content-Type '${type.slice(0, 100)}' is not accepted`}; send the body as JSON with "Content-Type: application/json"`,
    );
  }
  return parseRequestJson(await c.req.text(), 'body');
}

const rateKey = (token: string) => `tok:${hashToken(token).slice(0, 32)}`;

/** Paths of the scenario studio's routes, whose bodies are scenario documents. */
const STUDIO_ROUTE = /^\/api\/studio\//;

/** Paths of the routes of one session (`/api/sessions/:id…`): limited by token once it is verified. */
const SESSION_ROUTE = /^\/api\/sessions\/[^/]+(\/|$)/;

/**
 * The Hono app of the API (and of the web app's files when `staticFiles` is given).
 *
 * @example
 * const app = createApp({ manager });
 * const res = await app.request('/api/health'); // { ok: true, version }
 */
export function createApp(opts: AppOptions): Hono {
  const { manager } = opts;
  const limits = opts.rateLimit === undefined ? DEFAULT_RATE_LIMIT : opts.rateLimit;
  const limiter = limits === false ? null : new RateLimiter(limits, opts.now ?? (() => Date.now()));
  const address = opts.clientAddress ?? (() => 'local');
  const logError =
    opts.logError ??
    ((err: unknown) => process.stderr.write(`lancaster serve: ${(err as Error)?.stack ?? err}\n`));
  const app = new Hono();

  // Oversized bodies never get here: bodyLimit answers them itself (its onError below).
  app.onError((err, c) => {
    const { status, body } = errorResponse(err);
    if (status >= 500) logError(err);
    // The code also as a header: a refused WebSocket upgrade delivers headers but no body.
    c.header(ERROR_CODE_HEADER, body.error.code);
    return c.json(body, status as 400);
  });

  app.notFound((c) => {
    if (
      !c.req.path.startsWith('/api/') &&
      c.req.path !== '/api' &&
      opts.staticFiles &&
      (c.req.method === 'GET' || c.req.method === 'HEAD')
    )
      return opts.staticFiles(c.req.path);
    return c.json(
      {
        error: {
          code: 'NOT_FOUND',
          message: `no route ${c.req.method} ${c.req.path}; see docs/server-api.md`,
        },
      },
      404,
    );
  });

  // Every API response: JSON errors, no sniffing, no caching of private views.
  app.use('/api/*', async (c, next) => {
    await next();
    c.header('x-content-type-options', 'nosniff');
    c.header('cache-control', 'no-store');
  });

  // Bodies: 64 KiB for the session API; a scenario document (the studio's routes) may be larger.
  const limitBody = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: (c) =>
        c.json(
          { error: { code: 'BODY_TOO_LARGE', message: `the body is over ${maxSize} bytes; send less` } },
          413,
        ),
    });
  const sessionBodies = limitBody(MAX_BODY_BYTES);
  const studioBodies = limitBody(STUDIO_LIMITS.maxBodyBytes);
  app.use('/api/*', (c, next) => (STUDIO_ROUTE.test(c.req.path) ? studioBodies : sessionBodies)(c, next));

  /** Takes one request from `key`'s bucket, or throws RATE_LIMITED (with Retry-After). */
  const take = (c: Context, key: string): void => {
    const wait = limiter?.take(key) ?? 0;
    if (wait > 0) {
      c.header('retry-after', String(wait));
      throw apiError('RATE_LIMITED', `too many requests; retry after ${wait} s`);
    }
  };
  const byAddress = (c: Context) => `ip:${address(c)}`;

  // Routes without a token are limited by client address, whatever Authorization they carry:
  // an unverified token must never buy a bucket of its own. Session routes are limited in `auth`.
  app.use('/api/*', async (c, next) => {
    if (!SESSION_ROUTE.test(c.req.path)) take(c, byAddress(c));
    await next();
  });

  app.get('/api/health', (c) => {
    checkQuery(c);
    return c.json({ ok: true, version: LANCASTER_VERSION } satisfies HealthResponse);
  });

  app.get('/api/scenarios', (c) => {
    checkQuery(c);
    return c.json({ scenarios: manager.scenarioSummaries() });
  });

  app.get('/api/negotiators', (c) => {
    checkQuery(c);
    const negotiators = listNegotiators().map((n) => ({
      name: n.name,
      description: n.doc,
      params: n.params,
    }));
    return c.json({ negotiators } satisfies NegotiatorsResponse);
  });

  app.post('/api/sessions', async (c) => {
    checkQuery(c);
    return c.json(await manager.create(createSessionRequestSchema.parse(await jsonBody(c))), 201);
  });

  // The scenario studio (studio.ts): no token; limited by client address like every route without one.
  const studio = new Studio(manager.scenarios, opts.studioRunner);

  app.get('/api/studio/scenarios/:id', (c) => {
    checkQuery(c);
    return c.json(studio.document(studioScenarioIdSchema.parse(c.req.param('id'))));
  });

  // Runs and forecasts, one at a time: a request meeting one under way is told when to retry.
  const busyRetry = (c: Context) => {
    if (studio.runner.busy) c.header('retry-after', '2');
  };

  app.post('/api/studio/simulate', async (c) => {
    checkQuery(c);
    const req = studioSimulateRequestSchema.parse(await jsonBody(c));
    busyRetry(c);
    return c.json(await studio.runner.simulate(req));
  });

  app.post('/api/studio/forecast', async (c) => {
    checkQuery(c);
    const req = studioForecastRequestSchema.parse(await jsonBody(c));
    busyRetry(c);
    return c.json(await studio.runner.forecast(req));
  });

  app.post('/api/studio/import', async (c) => {
    checkQuery(c);
    return c.json(studio.importFiles(studioImportRequestSchema.parse(await jsonBody(c))));
  });

  /**
   * The session and caller of a session route, its token verified; then the token's bucket is
   * charged. A request whose session or token does not check out is charged to its address.
   */
  const authorize = (c: Context, id: () => string, token: () => string | undefined) => {
    let verified: { id: string; caller: Caller; token: string };
    try {
      const sid = id();
      const t = token();
      verified = { id: sid, caller: manager.authenticate(sid, t), token: t as string };
    } catch (err) {
      take(c, byAddress(c));
      throw err;
    }
    take(c, rateKey(verified.token));
    return verified;
  };
  const auth = (c: Context) =>
    authorize(
      c,
      () => sessionId(c),
      () => bearer(c),
    );

  app.get('/api/sessions/:id', (c) => {
    checkQuery(c);
    const { id, caller } = auth(c);
    return c.json(manager.view(id, caller));
  });

  app.post('/api/sessions/:id/actions', async (c) => {
    checkQuery(c);
    const { id, caller } = auth(c);
    return c.json(await manager.act(id, caller, actionRequestSchema.parse(await jsonBody(c))));
  });

  app.post('/api/sessions/:id/open', async (c) => {
    checkQuery(c);
    const { id, caller } = auth(c);
    openRequestSchema.parse(await jsonBody(c));
    return c.json(await manager.open(id, caller));
  });

  app.post('/api/sessions/:id/messages', async (c) => {
    checkQuery(c);
    const { id, caller } = auth(c);
    const { message } = messageRequestSchema.parse(await jsonBody(c));
    return c.json(await manager.message(id, caller, message));
  });

  app.post('/api/sessions/:id/improvement', async (c) => {
    checkQuery(c);
    const { id, caller } = auth(c);
    return c.json(await manager.improve(id, caller, improvementRequestSchema.parse(await jsonBody(c))));
  });

  app.get('/api/sessions/:id/debrief', (c) => {
    checkQuery(c);
    const { id, caller } = auth(c);
    return c.json(manager.debrief(id, caller));
  });

  app.get('/api/sessions/:id/events', (c) => {
    checkQuery(c);
    const { id, caller } = auth(c);
    return c.json({ events: manager.events(id, caller) });
  });

  if (opts.webSocket) {
    const sockets = new SocketCounter(opts.maxSocketsPerToken ?? MAX_SOCKETS_PER_TOKEN);
    const originAllowed = opts.originAllowed ?? (() => false);
    app.get(
      '/api/sessions/:id/ws',
      async (c, next) => {
        // Browsers always send Origin on a WebSocket; a page of another site is refused before
        // anything else (it cannot read the answer, but it must not get a socket).
        const origin = c.req.header('origin');
        if (origin !== undefined && !originAllowed(normalOrigin(origin))) {
          take(c, byAddress(c));
          throw apiError(
            'BAD_ORIGIN',
            `WebSockets are accepted from this server's own pages, not from ${JSON.stringify(origin.slice(0, 200))}; start the server with --allow-origin <origin> to allow another`,
          );
        }
        const { id, caller, token } = authorize(
          c,
          () => sessionId(c),
          () => wsQuerySchema.parse(c.req.query()).token,
        );
        if (c.req.header('upgrade')?.toLowerCase() !== 'websocket')
          throw apiError('BAD_REQUEST', 'this is a WebSocket endpoint; connect with a WebSocket client');
        const key = rateKey(token);
        sockets.check(key);
        c.set('wsAuth' as never, { sessionId: id, caller, key } satisfies WsAuth as never);
        await next();
      },
      sessionSocket(manager, limiter, sockets, errorResponse),
    );
  }

  return app;
}
