/**
 * The HTML report in a real browser: `lancaster simulate london-2025 --forecast --report` written
 * by the binary, opened in Debian's Chromium at a laptop's width, and measured as a reader sees it:
 * the tornado labelled in words (no parameter path), the note on its base beside it, every chart's
 * text at least 12 px as drawn (the SVG's scale included), the parameters tables inside their
 * column, the transcript's repeated offers folded. Screenshots of the tornado and the transcript
 * go to artifacts/e2e/. Skipped, with a message, where /usr/bin/chromium is absent.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, haveChromium, launchChromium, openPage } from '../support/browser.ts';
import { lancaster } from '../support/cli.ts';

const chromium = haveChromium('test/e2e/report.test.ts');

describe.skipIf(!chromium)('the HTML report in Chromium', () => {
  let browser: Browser;
  let tmp: string;
  let report: string;

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'lancaster-report-e2e-'));
    report = join(tmp, 'london.html');
    const run = lancaster(['simulate', 'london-2025', '--forecast', '--report', report]);
    expect(run.code, run.stderr).toBe(0);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('reads as words at a readable size, fits its column, and folds repeated offers', {
    timeout: 60_000,
  }, async () => {
    const errors: string[] = [];
    const page = await openPage(browser, errors);
    await page.goto(`file://${report}`);

    const seen = await page.evaluate(() => {
      const tornado = document.querySelector('#figure-tornado') as Element;
      const ticks = [...tornado.querySelectorAll('[aria-label="y-axis tick label"] text')].map(
        (t) => [...t.querySelectorAll('tspan')].map((s) => s.textContent).join(' ') || (t.textContent ?? ''),
      );
      const note = document.querySelector('[data-testid="tornado-base-note"]') as Element;
      // The smallest chart text as drawn: its font size times the SVG's scale on the page.
      let smallest = Number.POSITIVE_INFINITY;
      for (const svg of document.querySelectorAll<SVGSVGElement>('svg.lk-plot')) {
        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        for (const t of svg.querySelectorAll('text'))
          smallest = Math.min(smallest, Number.parseFloat(getComputedStyle(t).fontSize) * scale);
      }
      const overflowing = [...document.querySelectorAll('.scroll')]
        .filter((s) => s.scrollWidth > s.clientWidth + 1)
        .map((s) => s.querySelector('table')?.className ?? '?');
      return {
        ticks,
        gap: note.getBoundingClientRect().top - tornado.getBoundingClientRect().bottom,
        noteHeight: note.getBoundingClientRect().height,
        note: note.textContent ?? '',
        headline: document.querySelector('#forecast .headline')?.textContent ?? '',
        smallest,
        overflowing,
        pageWidth: document.documentElement.scrollWidth,
        viewWidth: document.documentElement.clientWidth,
        folded: [...document.querySelectorAll('#transcript tr[data-event="repeats"]')].map((r) =>
          Number(r.getAttribute('data-count')),
        ),
        rows: document.querySelectorAll('#transcript tbody tr').length,
      };
    });

    // Tornado: every row in words, none a dotted path.
    expect(seen.ticks.length).toBeGreaterThan(5);
    for (const tick of seen.ticks) expect(tick).not.toMatch(/\w\.\w+\.\w/);
    expect(seen.ticks.join('|')).toMatch(/reservation value/);
    // The note on the base sits right under the chart, all of it within one screen of it.
    expect(seen.gap).toBeGreaterThanOrEqual(0);
    expect(seen.gap + seen.noteHeight).toBeLessThan(400);
    const headline = /Probability of agreement: (\d+\.\d)%/.exec(seen.headline)?.[1];
    expect(headline).toBeDefined();
    expect(seen.note).toContain(`headline probability (${headline}%)`);
    // Chart text at 12 px or more as drawn, and nothing wider than the page or its column.
    expect(seen.smallest).toBeGreaterThanOrEqual(11.9);
    expect(seen.overflowing).toEqual([]);
    expect(seen.pageWidth).toBeLessThanOrEqual(seen.viewWidth);
    // The transcript: London's software negotiators repeat themselves; runs of repeats are one row each.
    expect(seen.folded.length).toBeGreaterThan(0);
    const repeats = seen.folded.reduce((a, b) => a + b, 0);
    expect(repeats).toBeGreaterThan(seen.folded.length);

    await page.locator('#forecast-sensitivity').scrollIntoViewIfNeeded();
    await page.locator('#figure-tornado').screenshot({ path: join(ARTIFACTS, 'report-1-tornado.png') });
    await page.locator('#transcript').screenshot({ path: join(ARTIFACTS, 'report-2-transcript.png') });
    await page.close();
    expect(errors).toEqual([]);
  });
});
