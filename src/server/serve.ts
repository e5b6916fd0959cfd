/**
 * The running server: opens the session store (held exclusively), starts the software threads
 * (and, on its first job, the studio's thread),
 * resumes every unfinished session, and serves the API, the WebSocket and the built web app from
 * one Node HTTP server on localhost. The web app is
 * served from web/dist; when it is missing and building is allowed, it is built in the background
 * (`web-build.ts`) while a plain page says it is not built yet. `close()` stops timers, closes
 * sockets and the database: everything acknowledged is already in the log.
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { serve, type WebSocketServerLike } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { WebSocketServer } from 'ws';
import { LancasterError } from '../errors.ts';
import { createApp, normalOrigin } from './app.ts';
import type { RateLimitOptions } from './rate-limit.ts';
import { type ScenarioSource, type ServerClock, SessionManager } from './sessions.ts';
import { InlineSoftware, ThreadedSoftware } from './software.ts';
import { staticFiles, type WebAppState } from './static.ts';
import { SessionStore } from './store.ts';
import { ThreadedStudioRunner } from './studio-jobs.ts';
import { buildWebApp, WEB_DIR } from './web-build.ts';
import { MAX_WS_MESSAGE_BYTES } from './ws.ts';

export interface ServeOptions {
  /** Port to listen on (0: any free port). */
  readonly port?: number;
  /** Address to listen on (default 127.0.0.1: this machine only). */
  readonly host?: string;
  /** The SQLite file of sessions. */
  readonly dbFile: string;
  /** Folder of the built web app (default web/dist); null serves no app. */
  readonly webDist?: string | null;
  /**
   * Build the web app in the background when it is missing: web/dist by default (unless false); a
   * `webDist` folder given only when this is true. Meanwhile a page says it is building and reloads itself.
   */
  readonly build?: boolean;
  readonly rateLimit?: RateLimitOptions | false;
  readonly clock?: ServerClock;
  readonly scenarios?: ScenarioSource;
  /** Progress lines (build started, failed, done); stderr by default. */
  readonly log?: (line: string) => void;
  /**
   * Origins besides the server's own whose pages may open WebSockets (`--allow-origin`), e.g.
   * `http://localhost:5173` for the Vite development server.
   */
  readonly allowOrigins?: readonly string[];
  /**
   * Worker threads for the software seats (default: the cores, from 2 to 4); 0 plays them in the
   * server's own thread, where a negotiator that loops would stop everything.
   */
  readonly softwareThreads?: number;
  /** Modules (URLs or absolute paths) that register negotiators, imported here and in every software thread. */
  readonly negotiatorModules?: readonly string[];
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly manager: SessionManager;
  /** Sessions resumed from the database at start. */
  readonly resumed: number;
  close(): Promise<void>;
}

/**
 * Starts the server and resolves once it listens.
 *
 * @example
 * const server = await startServer({ port: 0, dbFile: 'sessions.sqlite' });
 * console.log(server.url); // http://127.0.0.1:41234
 * await server.close();
 */
export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const { clock } = opts;
  const modules = opts.negotiatorModules ?? [];
  for (const m of modules) await import(m);
  const store = SessionStore.open(opts.dbFile);
  const software =
    opts.softwareThreads === 0
      ? new InlineSoftware()
      : new ThreadedSoftware({
          negotiatorModules: modules,
          log: (line) => log(`lancaster serve: ${line}`),
          ...(opts.softwareThreads !== undefined ? { threads: opts.softwareThreads } : {}),
        });
  const manager = new SessionManager({
    store,
    software,
    ...(opts.scenarios ? { scenarios: opts.scenarios } : {}),
    ...(clock ? { clock } : {}),
    // A sign of life every 5 s, so that after a crash the time down is known to within 5 s.
    heartbeatMs: clock ? 0 : 5000,
  });
  // The studio's runs and forecasts, in a thread of their own so the table never waits on them.
  const studioRunner = new ThreadedStudioRunner({ negotiatorModules: modules });
  const shut = async () => {
    manager.close();
    await software.close();
    await studioRunner.close();
    store.close();
  };
  let resumed: number;
  try {
    resumed = await manager.resumeAll();
  } catch (err) {
    await shut();
    throw err;
  }

  let dist: string | null = opts.webDist === undefined ? join(WEB_DIR, 'dist') : opts.webDist;
  let webState: WebAppState = 'missing';
  // Built when missing: web/dist unless --no-build; a folder given (--web) only when asked (build: true).
  const mayBuild = opts.webDist === undefined ? opts.build !== false : opts.build === true;
  if (dist !== null && !existsSync(join(dist, 'index.html')) && mayBuild) {
    const wanted = dist;
    dist = null;
    webState = 'building';
    log('lancaster serve: the web app is not built; building it in the background…');
    buildWebApp(opts.webDist === undefined ? undefined : wanted).then(
      (built) => {
        dist = built;
        log('lancaster serve: web app built');
      },
      (err: unknown) => {
        dist = wanted;
        webState = 'failed';
        log(`lancaster serve: could not build the web app (${(err as Error).message}); the API still works`);
      },
    );
  }

  // The origins whose pages may open WebSockets: known once the port is (see ownOrigins).
  let origins = new Set<string>();
  const app = createApp({
    manager,
    webSocket: true,
    originAllowed: (origin) => origins.has(origin),
    staticFiles: staticFiles(
      () => dist,
      () => webState,
    ),
    studioRunner,
    clientAddress: (c) => getConnInfo(c).remote.address ?? 'unknown',
    ...(opts.rateLimit !== undefined ? { rateLimit: opts.rateLimit } : {}),
    ...(clock ? { now: () => clock.now() } : {}),
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_MESSAGE_BYTES });
  const host = opts.host ?? '127.0.0.1';
  const wantedPort = opts.port ?? 8787;
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>(
    (resolve, reject) => {
      const s = serve(
        {
          fetch: app.fetch,
          port: wantedPort,
          hostname: host,
          websocket: { server: wss as unknown as WebSocketServerLike },
        },
        (info: AddressInfo) => resolve({ server: s, port: info.port }),
      );
      s.once('error', reject);
    },
  ).catch(async (err: unknown) => {
    await shut();
    const code = (err as { code?: string }).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      throw new LancasterError({
        code: 'BAD_OPTION',
        path: code === 'EADDRNOTAVAIL' ? '--host' : '--port',
        message: `cannot listen on ${host}:${wantedPort} (${code})`,
        expected:
          code === 'EADDRNOTAVAIL'
            ? 'an address of this machine, e.g. 127.0.0.1'
            : 'a free port, or --port 0 for any free port',
      });
    }
    throw err;
  });
  origins = new Set([...ownOrigins(host, port), ...(opts.allowOrigins ?? []).map(normalOrigin)]);
  const shownHost = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    manager,
    resumed,
    close() {
      closing ??= new Promise<void>((resolve) => {
        manager.close();
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => {
          shut().then(resolve, resolve);
        });
        // Keep-alive connections would hold close() open; they carry nothing unacknowledged.
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      return closing;
    },
  };
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);
const WILDCARD = new Set(['0.0.0.0', '::']);

/**
 * The origins of this server's own pages: `http://HOST:PORT` as it listens, plus, on a loopback
 * address, the other loopback names (localhost, 127.0.0.1, [::1]), and on a wildcard address
 * (0.0.0.0, ::) every address of this machine and its host name. A page reached by any other name
 * needs `--allow-origin`. The Host header is deliberately not trusted (DNS rebinding).
 */
export function ownOrigins(host: string, port: number): string[] {
  const names = new Set([host]);
  if (LOOPBACK.has(host) || WILDCARD.has(host)) for (const h of LOOPBACK) names.add(h);
  if (WILDCARD.has(host)) {
    names.add(hostname());
    for (const list of Object.values(networkInterfaces()))
      for (const a of list ?? []) names.add(a.address.replace(/%.*$/, ''));
  }
  const origins: string[] = [];
  for (const n of names) {
    if (WILDCARD.has(n)) continue;
    const o = normalOrigin(`http://${n.includes(':') ? `[${n}]` : n}:${port}`);
    if (o !== '') origins.push(o);
  }
  return origins;
}
