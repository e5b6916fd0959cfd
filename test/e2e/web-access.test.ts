/**
 * The table as a screen-reader user and a phone user meet it, in Debian's Chromium against the real
 * server: one `<h1>` per page, the other side's offers announced in a live region while the clock
 * (which changes every second) sits in none, party names whose colour passes WCAG AA on the
 * background they are drawn on (measured from the page's computed styles), and charts described in
 * words. Screenshots go to artifacts/e2e/. Skipped, with a message, where /usr/bin/chromium is absent.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { AA_TEXT, contrastRatio } from '../../web/src/a11y.ts';
import { ARTIFACTS, haveChromium, openPage, POLL, shot, useWebAndBrowser } from '../support/browser.ts';

const chromium = haveChromium('test/e2e/web-access.test.ts');

/** `rgb(r, g, b)` as `#rrggbb`. */
function hex(rgb: string): string {
  const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(rgb);
  if (!m) throw new Error(`not an rgb() colour: ${rgb}`);
  return `#${[m[1], m[2], m[3]].map((c) => Number(c).toString(16).padStart(2, '0')).join('')}`;
}

/** Starts London as the US against the software China and opens the table. */
async function sitAtTable(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect.poll(() => page.getByTestId('scenario-london-2025').isChecked(), POLL).toBe(true);
  await page.getByTestId('side-us').check();
  await page.getByTestId('start').click();
  await page.getByTestId('brief').waitFor();
  await page.getByTestId('to-table').click();
  await page.getByTestId('your-turn').waitFor(POLL);
}

/** Sends the draft and waits for the other side's answer. */
async function sendAndWait(page: Page): Promise<void> {
  const step = Number(await page.getByTestId('table').getAttribute('data-step'));
  await page.getByTestId('send-offer').click();
  await page.waitForFunction(
    (before) =>
      Number(document.querySelector('[data-testid=table]')?.getAttribute('data-step')) > before + 1 &&
      document.querySelector('[data-testid=your-turn], [data-testid=ended]') !== null,
    step,
    { timeout: 15_000 },
  );
}

describe.skipIf(!chromium)('the table’s accessibility in Chromium', () => {
  const env = useWebAndBrowser();

  it('announces offers, not the clock; has a heading; names parties in AA colours; describes its charts', {
    timeout: 120_000,
  }, async () => {
    const errors: string[] = [];
    const page = await openPage(env.browser, errors);
    await sitAtTable(page, env.web.server.url);

    // One <h1>, naming the page.
    expect(await page.locator('h1').count()).toBe(1);
    expect(await page.locator('h1').textContent()).toMatch(/^The table: .+, as United States$/);

    // The clock is in no live region (it would be read out every second)...
    const clockLive = await page
      .getByTestId('clock')
      .evaluate(
        (el) => el.closest('[aria-live], [role=status], [role=alert], [role=log], [role=timer]') !== null,
      );
    expect(clockLive).toBe(false);
    const announcer = page.getByTestId('announcer');
    expect(await announcer.getAttribute('role')).toBe('status');
    // ...which stays quiet while the clock ticks...
    const quiet = (await announcer.textContent()) ?? '';
    await page.waitForTimeout(1_500);
    expect((await announcer.textContent()) ?? '').toBe(quiet);
    // ...and the other side's offer is announced, with its worth to us.
    await sendAndWait(page);
    await expect
      .poll(() => announcer.textContent(), POLL)
      .toMatch(/^Round \d+: China (made a new offer|repeated its offer), worth \d\.\d\d to you/);

    // Party names in the offers list: their colour against the card they are written on, as drawn.
    const colours = await page.evaluate(() => {
      const cell = (sel: string) => document.querySelector(`[data-testid=offer-rows] ${sel} td:nth-child(2)`);
      const bgOf = (el: Element | null): string => {
        for (let e = el; e; e = e.parentElement) {
          const bg = getComputedStyle(e).backgroundColor;
          if (bg && bg !== 'rgba(0, 0, 0, 0)' && bg !== 'transparent') return bg;
        }
        return 'rgb(255, 255, 255)';
      };
      return ['tr.mine', 'tr.theirs'].map((sel) => {
        const el = cell(sel);
        return { fg: el ? getComputedStyle(el).color : '', bg: bgOf(el) };
      });
    });
    for (const { fg, bg } of colours) expect(contrastRatio(hex(fg), hex(bg))).toBeGreaterThanOrEqual(AA_TEXT);

    // The timeline chart is described in words by a caption.
    const plot = page.getByTestId('timeline-plot');
    const describedBy = await plot.getAttribute('aria-describedby');
    expect(describedBy).toBeTruthy();
    const summary = await page.locator(`[id="${describedBy}"]`).textContent();
    expect(summary).toMatch(/^Your offers: \d+, from \d\.\d\d to \d\.\d\d to you\. Offers by China: \d+/);
    await shot(page, 'access-1-table');

    // The end is announced too; the debrief's chart has its summary.
    await page.getByTestId('walk-away').click();
    await page.getByTestId('confirm-walk-away').click();
    await page.getByTestId('ended').waitFor(POLL);
    await expect.poll(() => announcer.textContent(), POLL).toMatch(/^The talks have ended: no deal/);
    await page.getByTestId('to-debrief').click();
    await page.getByTestId('debrief').waitFor(POLL);
    expect(await page.locator('h1').count()).toBe(1);
    await expect
      .poll(() => page.getByTestId('debrief-plot-summary').textContent(), POLL)
      .toMatch(/possible packages, \d+ of them on the Pareto frontier/);
    await shot(page, 'access-2-debrief');
    await page.close();
    expect(errors).toEqual([]);
  });

  it('fits a 390 px phone without sideways scrolling, and brings the other side’s reply into view', {
    timeout: 120_000,
  }, async () => {
    const errors: string[] = [];
    const page = await openPage(env.browser, errors, { width: 390, height: 844 });
    const sideways = () =>
      page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await sitAtTable(page, env.web.server.url);
    expect(await sideways()).toBe(0);

    // Send from the bottom of the offer builder: the reply, a screen further down, comes into view.
    // As a thumb does: scrolled down until Send shows at the bottom of the screen.
    await page.getByTestId('send-offer').evaluate((el) => el.scrollIntoView({ block: 'end' }));
    const onTable = page.getByTestId('on-table');
    const topOf = () => onTable.evaluate((el) => el.getBoundingClientRect().top);
    expect(await topOf()).toBeGreaterThan(844 - 30);
    await sendAndWait(page);
    // In the upper half of the screen once the (smooth) scroll has settled.
    await expect
      .poll(async () => {
        const top = await topOf();
        return top >= -1 && top < 844 / 2;
      }, POLL)
      .toBe(true);
    expect(await onTable.textContent()).toMatch(/China offers this package/);
    expect(await sideways()).toBe(0);
    await page.screenshot({ path: `${ARTIFACTS}narrow-1-reply.png` });
    await shot(page, 'narrow-2-table');

    await page.getByTestId('walk-away').click();
    await page.getByTestId('confirm-walk-away').click();
    await page.getByTestId('ended').waitFor(POLL);
    await page.getByTestId('to-debrief').click();
    await page.getByTestId('debrief').waitFor(POLL);
    await page.getByTestId('agreement-table').waitFor(POLL);
    await page.getByTestId('debrief-plot').locator('svg').first().waitFor(POLL);
    expect(await sideways()).toBe(0);
    await shot(page, 'narrow-3-debrief');
    await page.close();
    expect(errors).toEqual([]);
  });
});
