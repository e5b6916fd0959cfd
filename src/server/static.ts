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

/** The page served when the web app has not been built. */
const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Lancaster</title></head>
<body><h1>Lancaster</h1>
<p>The web app is not built. The API is running under <code>/api</code> (see docs/server-api.md).</p>
<p>Build the app with <code>npx vite build web</code> (or restart <code>lancaster serve</code>, which builds it when it can), then reload.</p>
</body></html>
`;

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
 * page when `dir` is null or has no index.html. `dir` may be a getter (the app is built in the background).
 *
 * @example
 * const serveStatic = staticFiles(() => 'web/dist');
 * serveStatic('/assets/app.js'); // Response with text/javascript
 */
export function staticFiles(dir: () => string | null): (path: string) => Response {
  return (path: string) => {
    const d = dir();
    const root = d === null ? null : resolve(d);
    const index = root === null ? null : fileIn(root, 'index.html');
    if (root === null || index === null) {
      return new Response(NOT_BUILT, { status: 200, headers: securityHeaders('text/html; charset=utf-8') });
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
