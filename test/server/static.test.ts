/**
 * The web app's files: content types, the strict CSP, the SPA fallback for app routes (not for
 * missing assets, not for /api), the page shown when the app is not built, and no way out of the
 * folder (dot segments raw or percent-encoded, backslashes, NUL, symlinks).
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.ts';
import { SessionManager, scenarioList } from '../../src/server/sessions.ts';
import { BUILDING_RELOAD_SECONDS, staticFiles, type WebAppState } from '../../src/server/static.ts';
import { SessionStore } from '../../src/server/store.ts';
import { FakeClock, pairScenario } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'lancaster-static-'));
const dist = join(dir, 'dist');
mkdirSync(join(dist, 'assets'), { recursive: true });
writeFileSync(join(dist, 'index.html'), '<!doctype html><title>APP INDEX</title>');
writeFileSync(join(dist, 'assets', 'app-1234.js'), 'console.log("app")');
writeFileSync(join(dist, 'assets', 'app-1234.css'), 'body{}');
writeFileSync(join(dir, 'secret.txt'), 'TOP SECRET');
symlinkSync(join(dir, 'secret.txt'), join(dist, 'assets', 'link.txt'));
const store = SessionStore.open(':memory:');
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function app(folder: string | null) {
  const manager = new SessionManager({
    store,
    scenarios: scenarioList([pairScenario()]),
    clock: new FakeClock(),
  });
  return createApp({ manager, rateLimit: false, staticFiles: staticFiles(() => folder) });
}

describe('static files', () => {
  const a = app(dist);

  it('serves files with their content type and a strict CSP', async () => {
    const index = await a.request('/');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toContain('text/html');
    expect(await index.text()).toContain('APP INDEX');
    const csp = index.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self' ws:");
    expect(csp).not.toContain('unsafe-eval');
    const js = await a.request('/assets/app-1234.js');
    expect(js.headers.get('content-type')).toContain('text/javascript');
    expect(js.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await a.request('/assets/app-1234.css')).headers.get('content-type')).toContain('text/css');
  });

  it('falls back to index.html for app routes only', async () => {
    expect(await (await a.request('/table/abc')).text()).toContain('APP INDEX');
    // A page at a nested route asks for ./assets relative to it.
    expect((await a.request('/table/assets/app-1234.js')).headers.get('content-type')).toContain(
      'javascript',
    );
    expect((await a.request('/missing.js')).status).toBe(404);
    const api = await a.request('/api/nothing');
    expect(api.status).toBe(404);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    expect((await a.request('/', { method: 'POST' })).status).toBe(404);
  });

  it('never leaves the folder', async () => {
    const attempts = [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/assets/%00../../secret.txt',
      `/${encodeURIComponent(join(dir, 'secret.txt'))}`,
      '/assets/link.txt',
      '/%E0%A4%A',
    ];
    for (const path of attempts) {
      const res = await a.request(path);
      expect(await res.text(), path).not.toContain('TOP SECRET');
    }
  });

  it('says when the app is not built', async () => {
    const res = await app(null).request('/');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('not built');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await (await app(join(dir, 'empty')).request('/x')).text()).toContain('not built');
  });

  it('says it is building, and reloads itself, while the server builds the app; what to run after a failure', async () => {
    const manager = new SessionManager({
      store,
      scenarios: scenarioList([pairScenario()]),
      clock: new FakeClock(),
    });
    let state: WebAppState = 'building';
    const served = createApp({
      manager,
      rateLimit: false,
      staticFiles: staticFiles(
        () => null,
        () => state,
      ),
    });
    const building = await served.request('/');
    const page = await building.text();
    expect(page).toContain('Lancaster is building its web app');
    expect(page).toContain('reloads itself');
    expect(page).toContain(`<meta http-equiv="refresh" content="${BUILDING_RELOAD_SECONDS}">`);
    // No instruction to build by hand while the build runs, and no cached copy of this page later.
    expect(page).not.toMatch(/npm run build|vite build/);
    expect(building.headers.get('cache-control')).toBe('no-store');
    state = 'failed';
    const failed = await (await served.request('/')).text();
    expect(failed).toContain('could not build');
    expect(failed).toContain('npm run build:web');
    expect(failed).not.toContain('http-equiv="refresh"');
  });
});
