/**
 * The built web app's files (web/dist), served from the API's port: each file with its content
 * type, a strict Content-Security-Policy, `index.html` for every other non-API path (the app routes
 * in the browser), and no way out of the folder (`..`, encoded or not, absolute paths and NUL bytes
 * are refused; the resolved path must lie inside the root). Without a built app, a plain page says
 * how to build it.
 */
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';

/** The policy for every page: only our own scripts, styles and sockets. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self' ws: wss:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** Where the web app stands when there is no built app to serve. */
export type WebAppState = 'building' | 'failed' | 'missing';

/** Seconds between the building page's reloads of itself. */
export const BUILDING_RELOAD_SECONDS = 3;

/**
 * The page served while there is no built web app: while the server builds it (first start), a
 * page that says so and reloads itself every few seconds (a meta refresh: the policy allows no
 * inline script), so the app appears when the build is done; after a failed build or with
 * `--no-build`, what to run.
 */
export function notBuiltPage(state: WebAppState): string {
  const head = state === 'building' ? `<meta http-equiv="refresh" content="${BUILDING_RELOAD_SECONDS}">` : '';
  const body =
    state === 'building'
      ? `<p data-state="building">Lancaster is building its web app, as it does on first start. This takes a minute or two.</p>
<p>This page reloads itself every ${BUILDING_RELOAD_SECONDS} seconds and opens the app when it is ready: there is nothing to do but wait.</p>`
      : state === 'failed'
        ? `<p data-state="failed">Lancaster could not build its web app (the reason is in the terminal where <code>lancaster serve</code> runs).</p>
<p>Build it with <code>npm run build:web</code> in the Lancaster folder, then reload this page. The API works meanwhile, under <code>/api</code>.</p>`
        : `<p data-state="missing">The web app is not built, and this server was asked not to build it (<code>--no-build</code>, or <code>--web</code> naming a folder without it).</p>
<p>Build it with <code>npm run build:web</code> in the Lancaster folder, then reload this page. The API works meanwhile, under <code>/api</code> (see docs/server-api.md).</p>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">${head}<title>Lancaster</title></head>
<body><h1>Lancaster</h1>
${body}
</body></html>
`;
}

/** Headers every static response carries. */
export function securityHeaders(contentType: string): Record<string, string> {
  return {
    'content-type': contentType,
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
}

function fileIn(root: string, rel: string): string | null {
  const full = resolve(root, rel);
  if (full !== root && !full.startsWith(root + sep)) return null;
  try {
    if (!statSync(full).isFile()) return null;
    // Symlinks may not lead out of the folder either.
    const real = realpathSync(full);
    return real.startsWith(realpathSync(root) + sep) ? real : null;
  } catch {
    return null;
  }
}

/**
 * A function from a URL path to the response for it: a file of `dir`, index.html for app routes,
 * 404 for a missing file with an extension (a missing asset is not an app route), or the "not built"
 * page (`notBuiltPage(state())`) when `dir` is null or has no index.html. `dir` may be a getter (the app is built in the background).
 *
 * @example
 * const serveStatic = staticFiles(() => 'web/dist');
 * serveStatic('/assets/app.js'); // Response with text/javascript
 */
export function staticFiles(
  dir: () => string | null,
  state: () => WebAppState = () => 'missing',
): (path: string) => Response {
  return (path: string) => {
    const d = dir();
    const root = d === null ? null : resolve(d);
    const index = root === null ? null : fileIn(root, 'index.html');
    if (root === null || index === null) {
      return new Response(notBuiltPage(state()), {
        status: 200,
        headers: { ...securityHeaders('text/html; charset=utf-8'), 'cache-control': 'no-store' },
      });
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      return notFound();
    }
    const parts = decoded.split('/').filter((p) => p.length > 0);
    const unsafe =
      decoded.includes('\0') || decoded.includes('\\') || parts.some((p) => p === '..' || p === '.');
    if (unsafe) return notFound();
    const rel = parts.join('/');
    const file = rel === '' ? index : fileIn(root, rel);
    if (file) return fileResponse(file);
    // A page at a nested app route asks for `./assets/x` relative to that route: find it at the root.
    const assets = parts.lastIndexOf('assets');
    if (assets > 0) {
      const asset = fileIn(root, join(...parts.slice(assets)));
      if (asset) return fileResponse(asset);
    }
    // An app route (no extension) gets the app; a missing asset is a 404.
    if (extname(rel) === '') return fileResponse(index);
    return notFound();
  };
}

function fileResponse(file: string): Response {
  const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  const headers = securityHeaders(type);
  // Vite puts a content hash in asset names: those can be cached for good; the page never.
  headers['cache-control'] = file.includes(`${sep}assets${sep}`)
    ? 'public, max-age=31536000, immutable'
    : 'no-cache';
  return new Response(readFileSync(file), { status: 200, headers });
}

function notFound(): Response {
  return new Response('Not found\n', { status: 404, headers: securityHeaders('text/plain; charset=utf-8') });
}
