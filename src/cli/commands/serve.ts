/**
 * `lancaster serve`: the web app, the HTTP API and the WebSockets on localhost, sessions kept in an
 * SQLite event log. It prints `Lancaster is serving on http://HOST:PORT` once it listens (scripts
 * and the crash test read that line), resumes every unfinished session in the database, and runs
 * until SIGINT or SIGTERM, then closes cleanly.
 */
import { resolve } from 'node:path';
import { LancasterError } from '../../errors.ts';
import type { RegisterCommand } from '../context.ts';

function parsePort(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new LancasterError({
      code: 'BAD_OPTION',
      path: '--port',
      message: `'${text}' is not a port`,
      expected: 'a whole number from 0 (any free port) to 65535, e.g. --port 8787',
    });
  }
  return n;
}

function parseRate(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) {
    throw new LancasterError({
      code: 'BAD_OPTION',
      path: '--rate-limit',
      message: `'${text}' is not a number of requests per second`,
      expected: 'a positive number, e.g. --rate-limit 20 (the burst is twice that)',
    });
  }
  return n;
}

/**
 * An origin for --allow-origin: `scheme://host[:port]` (http or https), nothing after it. Kept as
 * the browser writes it in its Origin header (lower-case host, no default port).
 */
function parseOrigin(text: string, previous: string[] | undefined): string[] {
  let url: URL | null = null;
  try {
    url = new URL(text);
  } catch {}
  const bare =
    url !== null &&
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    url.username === '' &&
    url.password === '' &&
    url.pathname === '/' &&
    url.search === '' &&
    url.hash === '';
  if (!bare || url === null) {
    throw new LancasterError({
      code: 'BAD_OPTION',
      path: '--allow-origin',
      message: `'${text}' is not an origin`,
      expected: 'http(s)://host[:port] with no path, e.g. --allow-origin http://localhost:5173',
    });
  }
  return [...(previous ?? []), url.origin];
}

/** `--external name=command` (or `name=ws://…`), gathered into an object of names to command lines. */
function parseExternal(text: string, previous: Record<string, string> | undefined): Record<string, string> {
  const eq = text.indexOf('=');
  const name = eq > 0 ? text.slice(0, eq).trim() : '';
  const command = eq > 0 ? text.slice(eq + 1).trim() : '';
  if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name) || command === '') {
    throw new LancasterError({
      code: 'BAD_OPTION',
      path: '--external',
      message: `'${text}' is not NAME=COMMAND`,
      expected: "--external 'my-agent=python3 my_agent.py'",
    });
  }
  return { ...(previous ?? {}), [name]: command };
}

export const registerServe: RegisterCommand = (program, { io }) => {
  program
    .command('serve')
    .description(
      'serve the web app and the session API (people at the table against negotiators) on localhost',
    )
    .option('--port <port>', 'port to listen on; 0 picks a free one', '8787')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--db <file>', 'SQLite file of the sessions', 'lancaster-sessions.sqlite')
    .option('--web <dir>', 'folder of the built web app (default web/dist)')
    .option('--no-build', 'do not build the web app when it is missing')
    .option(
      '--rate-limit <perSecond>',
      'requests per second per token or client address (burst: twice that)',
      '20',
    )
    .option(
      '--allow-origin <origin>',
      "also accept WebSockets from pages of this origin (repeatable), e.g. Vite's http://localhost:5173",
      parseOrigin,
    )
    .option(
      '--external <name=command>',
      "seat an external negotiator (a process speaking JSON lines, or a ws:// URL where a negotiator serves the same messages over WebSocket; docs/external-negotiators.md) under a name the table can ask for, e.g. 'negmas-boulware=python3 clients/python/negmas_adapter.py BoulwareTBNegotiator' or 'mine=ws://127.0.0.1:8765/agent' (repeatable)",
      parseExternal,
    )
    .action(async (opts) => {
      const port = parsePort(opts.port);
      let negotiatorModules: string[] | undefined;
      if (opts.external) {
        // Threads share the environment: the module registers the names in each of them.
        const { EXTERNAL_NEGOTIATORS_ENV } = await import('../../run/external-named.ts');
        const { siblingModule } = await import('../../run/pool.ts');
        process.env[EXTERNAL_NEGOTIATORS_ENV] = JSON.stringify(opts.external);
        negotiatorModules = [siblingModule(import.meta.url, '../../run/external-named')];
      }
      const perSecond = parseRate(opts.rateLimit);
      (await import('../../formats/output-path.ts')).checkOutputPath(opts.db, '--db');
      // Loaded on demand: the server stack is not needed by other commands.
      const { startServer } = await import('../../server/serve.ts');
      const server = await startServer({
        port,
        host: opts.host,
        dbFile: resolve(opts.db),
        ...(opts.web !== undefined ? { webDist: resolve(opts.web) } : {}),
        build: opts.build,
        rateLimit: { perSecond, burst: 2 * perSecond },
        ...(opts.allowOrigin ? { allowOrigins: opts.allowOrigin } : {}),
        ...(negotiatorModules ? { negotiatorModules } : {}),
        log: (line) => io.err(line),
      });
      if (server.resumed > 0) io.err(`resumed ${server.resumed} unfinished session(s) from ${opts.db}`);
      io.out(`Lancaster is serving on ${server.url}`);
      await new Promise<void>((done) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          server.close().then(done, done);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
};
