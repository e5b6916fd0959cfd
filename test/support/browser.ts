/**
 * What the browser tests share: Debian's Chromium driven by playwright-core (the tests skip, with a
 * message, where it is absent; CI installs it), the real server in-process on a free port with a
 * temporary session database and the built web app, pages that record every console error and
 * page error, and screenshots kept in artifacts/e2e/.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { type RunningServer, startServer } from '../../src/server/serve.ts';
import { buildWebApp } from '../../src/server/web-build.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = fileURLToPath(new URL('../../artifacts/e2e/', import.meta.url));

/** Whether Chromium is installed here; warns once (naming the test) when it is not. */
export function haveChromium(test: string): boolean {
  const ok = existsSync(CHROMIUM);
  if (!ok)
    console.warn(
      `${test}: skipped: ${CHROMIUM} is absent (install Debian's chromium: apt-get install chromium)`,
    );
  return ok;
}

/** Chromium headless, with the flags these machines need. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** The server with the built web app, and a temporary folder removed by `close`. */
export async function startWebServer(): Promise<{
  server: RunningServer;
  tmp: string;
  close(): Promise<void>;
}> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const tmp = mkdtempSync(join(tmpdir(), 'lancaster-e2e-'));
  // Built into this test file's own folder: test files run side by side.
  const dist = await buildWebApp(join(tmp, 'dist'));
  const server = await startServer({
    port: 0,
    dbFile: join(tmp, 'sessions.sqlite'),
    webDist: dist,
    build: false,
    log: () => {},
  });
  return {
    server,
    tmp,
    async close() {
      await server.close();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** The web server and Chromium that `useWebAndBrowser` holds for a describe block's tests. */
export interface WebAndBrowser {
  web: Awaited<ReturnType<typeof startWebServer>>;
  browser: Browser;
}

/**
 * Starts the server with the web app and Chromium before the calling describe block's tests and
 * closes both after them; the fields are set once `beforeAll` has run.
 */
export function useWebAndBrowser(): WebAndBrowser {
  const env = {} as WebAndBrowser;
  beforeAll(async () => {
    env.web = await startWebServer();
    env.browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await env.browser?.close();
    await env.web?.close();
  });
  return env;
}

/** A page that records every console error and uncaught page error into `errors`. */
export async function openPage(
  browser: Browser,
  errors: string[],
  viewport = { width: 1280, height: 800 },
): Promise<Page> {
  const page = await browser.newPage({ viewport, acceptDownloads: true });
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
  return page;
}

/** A full-page screenshot in artifacts/e2e/. */
export function shot(page: Page, name: string): Promise<Buffer> {
  return page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Polls wait this long: the machine may be busy with other tests. */
export const POLL = { timeout: 15_000 } as const;

/** The first number shown in an element's text ("0.62", "1,296 packages" → 1296). */
export async function numberIn(page: Page, testId: string): Promise<number> {
  const text = (await page.getByTestId(testId).first().textContent()) ?? '';
  const m = /-?\d+(\.\d+)?/.exec(text.replace(/(\d),(\d)/g, '$1$2'));
  if (!m) throw new Error(`no number in [data-testid=${testId}]: "${text}"`);
  return Number(m[0]);
}
