/**
 * First start and broken links, in Debian's Chromium: a server started without a built web app
 * says it is building it and reloads itself until the app opens, with nothing for the person to
 * do; a seat or watch link whose token was changed says in plain words what happened, with a link
 * home, not the API's error. Screenshots go to artifacts/e2e/. Skipped, with a message, where
 * /usr/bin/chromium is absent.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/server/serve.ts';
import { ARTIFACTS, haveChromium, launchChromium, openPage, POLL, shot } from '../support/browser.ts';

const chromium = haveChromium('test/e2e/web-start.test.ts');

describe.skipIf(!chromium)('first start and broken links in Chromium', () => {
  let tmp: string;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'lancaster-start-e2e-'));
    // No web app in the folder yet: the server builds it in the background, as on a first start.
    server = await startServer({
      port: 0,
      dbFile: join(tmp, 'sessions.sqlite'),
      webDist: join(tmp, 'dist'),
      build: true,
      log: () => {},
    });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('says it is building, then opens the app by itself; a changed link says so in plain words', {
    timeout: 240_000,
  }, async () => {
    const errors: string[] = [];
    const page = await openPage(browser, errors);
    await page.goto(server.url);
    const text = (await page.locator('body').textContent()) ?? '';
    expect(text).toContain('Lancaster is building its web app');
    expect(text).toContain('reloads itself');
    expect(text).not.toMatch(/npm run|vite build/);
    await page.screenshot({ path: join(ARTIFACTS, 'start-1-building.png') });
    // Nobody reloads: the page does, until the app is there.
    await page.getByTestId('home').waitFor({ timeout: 200_000 });
    await expect.poll(() => page.getByTestId('scenario-london-2025').isChecked(), POLL).toBe(true);
    await shot(page, 'start-2-built');

    // A seat link with its token changed (one character), and a watch link with its token cut short.
    await page.getByTestId('side-us').check();
    await page.getByTestId('start').click();
    await page.getByTestId('brief').waitFor(POLL);
    const good = new URL(page.url());
    const token = new URLSearchParams(good.hash.split('?')[1]).get('token') ?? '';
    const changed = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    const stranger = await openPage(browser, errors);
    await stranger.goto(`${server.url}/${good.hash.replace(token, changed)}`);
    const problem = stranger.getByTestId('link-problem');
    await problem.waitFor(POLL);
    const words = (await problem.textContent()) ?? '';
    expect(words).toMatch(/This link does not work.*does not open a seat at this table/);
    expect(words).not.toMatch(/BAD_TOKEN|\/api|POST|token/);
    await shot(stranger, 'start-3-changed-link');
    await stranger.getByTestId('link-problem-home').click();
    await stranger.getByTestId('home').waitFor(POLL);

    const sessionId = good.hash.split('/')[2] ?? '';
    await stranger.goto(`${server.url}/#/watch/${sessionId}?token=${token.slice(0, 20)}`);
    await stranger.getByTestId('link-problem').waitFor(POLL);
    expect(await stranger.getByTestId('link-problem').textContent()).toMatch(/to watch/);
    await stranger.goto(`${server.url}/#/play/no-such-session/brief?token=${token}`);
    await stranger.getByTestId('link-problem').waitFor(POLL);
    expect(await stranger.getByTestId('link-problem').textContent()).toMatch(/no negotiation at this link/);
    await stranger.close();
    await page.close();
    // The browser logs each refused request and socket (401, 404) as a console error; nothing else may fail.
    expect(errors.filter((e) => !/status of 40[14]|WebSocket connection to .* failed/.test(e))).toEqual([]);
  });
});
