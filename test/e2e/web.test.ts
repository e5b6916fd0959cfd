/**
 * End to end, in a real browser: the built web app against the real server (in-process, a free
 * port, a temporary session database), driven in Debian's Chromium by playwright-core. A scripted
 * trainee plays London as the US delegation against the software China through the UI only: it
 * reads its reservation value, its principal's ratification threshold and its priorities from the
 * brief, opens with its best package, concedes its least important issue to China's last offer each
 * turn while the package stays above both, and accepts China's offer once the utility shown to it
 * reaches them; then it opens the debrief. Another test votes on a chair's texts at a mediated
 * table, and one watches a software-vs-software run in the observer's playback. Any console error
 * or page error fails the test. Screenshots go to artifacts/e2e/ for CI.
 * Skipped, with a message, where /usr/bin/chromium is absent (CI installs it with apt).
 */
import { describe, expect, it } from 'vitest';
import { haveChromium, numberIn, openPage, POLL, shot, useWebAndBrowser } from '../support/browser.ts';

const chromium = haveChromium('test/e2e/web.test.ts');

const exact = (s: string) => new RegExp(`^\\s*${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);

describe.skipIf(!chromium)('web app in Chromium', () => {
  const env = useWebAndBrowser();

  it('negotiates London as the US against a software China, through to the debrief', {
    timeout: 180_000,
  }, async () => {
    const errors: string[] = [];
    const page = await openPage(env.browser, errors);

    // Home: London is listed first and chosen; take the US seat against the scenario's own China.
    await page.goto(env.web.server.url);
    const london = page.getByTestId('scenario-london-2025');
    await expect.poll(() => london.isChecked(), POLL).toBe(true);
    await page.getByTestId('side-us').check();
    await expect.poll(() => page.getByTestId('start').textContent(), POLL).toContain('United States');
    await shot(page, '1-home');
    await page.getByTestId('start').click();

    // Brief: the seat token lives in the fragment only; read the reservation value and priorities.
    await page.getByTestId('brief').waitFor();
    expect(new URL(page.url()).search).toBe('');
    expect(new URL(page.url()).hash).toMatch(/^#\/play\/[^/]+\/brief\?token=/);
    const reservation = await numberIn(page, 'reservation-value');
    expect(reservation).toBeGreaterThan(0);
    // President Trump must ratify: below his threshold a deal would be vetoed, so aim above both.
    const threshold = await numberIn(page, 'principal');
    const target = Math.max(reservation, threshold);
    expect(await page.getByTestId('red-lines').textContent()).toMatch(/advanced/i);
    const byPriority = (
      await page.locator('.weights-legend li > span:nth-child(2)').allTextContents()
    ).reverse();
    expect(byPriority).toHaveLength(6);
    await shot(page, '2-brief');

    // A reload rejoins the same seat.
    await page.reload();
    await page.getByTestId('brief').waitFor();
    await page.getByTestId('to-table').click();

    // The table: the builder opens on our best package (it crosses no red line).
    const table = page.getByTestId('table');
    await table.waitFor();
    // Live over the WebSocket.
    await expect.poll(() => page.getByTestId('connection').textContent(), POLL).toBe('live');
    await page.getByTestId('your-turn').waitFor();
    const best = await numberIn(page, 'live-utility');
    expect(best).toBeGreaterThan(reservation);
    await expect.poll(() => page.getByTestId('redline-warning').count(), POLL).toBe(0);

    // The builder works from the keyboard: arrow keys move within an issue's values.
    await page.getByTestId('value-eda-halted').focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByTestId('value-eda-restored').isChecked()).toBe(true);
    expect(await numberIn(page, 'live-utility')).toBeLessThan(best);
    await page.getByTestId('reset-best').click();
    expect(await numberIn(page, 'live-utility')).toBe(best);

    // Crossing the red line is flagged before sending, and Send is disabled.
    await page.getByTestId('value-advanced_chips-lifted').check({ force: true });
    await page.getByTestId('redline-warning').waitFor();
    expect(await page.getByTestId('send-offer').isDisabled()).toBe(true);
    await page.getByTestId('reset-best').click();
    await expect.poll(() => page.getByTestId('redline-warning').count(), POLL).toBe(0);

    // Issues we will not move further (conceding them would cross a red line or drop below target).
    const settled = new Set<string>();
    let screenshotTaken = false;
    for (let turn = 0; turn < 200; turn++) {
      // Everything the trainee looks at, read in one round trip.
      const seen = await page.evaluate(() => {
        const main = document.querySelector('[data-testid=table]');
        const tableU = document.querySelector('[data-testid=table-utility]')?.textContent ?? null;
        const theirs: Record<string, string> = {};
        for (const r of document.querySelectorAll('[data-testid=table-offer] tbody tr')) {
          theirs[r.querySelector('th')?.textContent?.trim() ?? ''] =
            r.querySelector('td')?.textContent?.trim() ?? '';
        }
        const mine: Record<string, string> = {};
        for (const f of document.querySelectorAll('fieldset.issue-choice')) {
          mine[f.querySelector('legend')?.textContent?.trim() ?? ''] =
            f.querySelector('label.on')?.textContent?.trim() ?? '';
        }
        return {
          status: main?.getAttribute('data-status') ?? '',
          step: Number(main?.getAttribute('data-step')),
          tableUtility: tableU === null ? null : Number(tableU),
          theirs,
          mine,
        };
      });
      if (seen.status !== 'running') break;
      if (turn === 1 && seen.tableUtility !== null && seen.tableUtility < target) {
        // Accepting a package below the target, or walking away, is asked twice; both can be taken back.
        await page.getByTestId('accept').click();
        await page.getByTestId('accept-confirm').getByRole('button', { name: 'Keep negotiating' }).click();
        await page.getByTestId('walk-away').click();
        await page.getByTestId('walk-confirm').getByRole('button', { name: 'Stay at the table' }).click();
        expect(await page.getByTestId('accept-confirm').count()).toBe(0);
      }
      if (seen.tableUtility !== null && seen.tableUtility >= target) {
        await page.getByTestId('accept').click();
      } else {
        // Concede the least important issue still apart from China's last offer, if we can afford it.
        for (const issue of byPriority) {
          const want = seen.theirs[issue];
          if (!want || settled.has(issue) || seen.mine[issue] === want) continue;
          const group = page.locator('fieldset.issue-choice', {
            has: page.locator('legend', { hasText: exact(issue) }),
          });
          await group.locator('label', { hasText: exact(want) }).click();
          const after = await page.evaluate(() => ({
            blocked: document.querySelector('[data-testid=redline-warning]') !== null,
            utility: Number(document.querySelector('[data-testid=live-utility]')?.textContent),
          }));
          if (after.blocked || after.utility < target) {
            await group.locator('label', { hasText: exact(seen.mine[issue] ?? '') }).click();
            settled.add(issue);
            continue;
          }
          break;
        }
        await page.getByTestId('send-offer').click();
      }
      // The server answers with China's move; wait until the table has moved on.
      await page.waitForFunction(
        (before) => {
          const main = document.querySelector('[data-testid=table]');
          const moved = Number(main?.getAttribute('data-step')) > before;
          const ready = document.querySelector('[data-testid=your-turn], [data-testid=ended]') !== null;
          return moved && ready;
        },
        seen.step,
        { timeout: 10_000 },
      );
      if (!screenshotTaken && turn === 4) {
        await shot(page, '3-table');
        screenshotTaken = true;
      }
    }
    // The end: a banner, then the debrief with the utility-space plot and the result.
    await page.getByTestId('ended').waitFor();
    const final = await table.getAttribute('data-status');
    expect(final).not.toBe('running');
    if (!screenshotTaken) await shot(page, '3-table');
    if (final === 'agreement') {
      // The principals' ratification is shown once the delegations agree.
      expect(await page.getByTestId('ratification').textContent()).toMatch(/ratified/);
    }
    await page.getByTestId('to-debrief').click();
    await page.getByTestId('debrief').waitFor();
    const plot = page.getByTestId('debrief-plot').locator('svg');
    await plot.first().waitFor();
    // 144 outcomes minus those crossing a red line: many dots, and a frontier.
    expect(await plot.first().locator('circle').count()).toBeGreaterThan(50);
    const result = (await page.getByTestId('result').textContent()) ?? '';
    if (final === 'agreement') expect(result).toMatch(/Agreement/);
    else expect(result).toMatch(/No deal/);
    await page.getByTestId('left-on-table').waitFor();
    await page.getByTestId('agreement-table').waitFor();
    await shot(page, '4-debrief');

    await page.close();
    expect(errors).toEqual([]);
  });

  it('seats two people: the other delegation joins by its link, and both reach the debrief', {
    timeout: 120_000,
  }, async () => {
    const errors: string[] = [];
    const us = await openPage(env.browser, errors);
    await us.goto(env.web.server.url);
    await expect.poll(() => us.getByTestId('scenario-london-2025').isChecked(), POLL).toBe(true);
    await us.getByTestId('side-us').check();
    await us.getByTestId('opponent').selectOption('@person');
    await us.getByTestId('start').click();
    const link = us.getByTestId('invite-link');
    await link.waitFor();
    expect(await link.count()).toBe(1);
    const url = await link.inputValue();
    expect(url).toMatch(/#\/play\/[^/]+\/brief\?token=/);

    // China's delegation opens its link in another browser context (no shared storage).
    const china = await openPage(env.browser, errors);
    await china.goto(url);
    await china.getByTestId('brief').waitFor();
    // Its own brief: China's reservation value, not the US one shown on the US page.
    const chinaReservation = await numberIn(china, 'reservation-value');
    expect(chinaReservation).toBeGreaterThan(0);
    await china.getByTestId('to-table').click();

    await us.getByTestId('enter').click();
    await us.getByTestId('brief').waitFor();
    expect(await numberIn(us, 'reservation-value')).not.toBe(chinaReservation);
    await us.getByTestId('to-table').click();
    await us.getByTestId('your-turn').waitFor(POLL);
    await us.getByTestId('send-offer').click();

    // China sees the offer live, with its own utility of it, and walks away.
    await china.getByTestId('on-table').waitFor(POLL);
    expect(await numberIn(china, 'table-utility')).toBeGreaterThanOrEqual(0);
    await china.getByTestId('walk-away').click();
    await china.getByTestId('confirm-walk-away').click();
    for (const page of [china, us]) {
      await page.getByTestId('ended').waitFor(POLL);
      await page.getByTestId('to-debrief').click();
      await page.getByTestId('debrief').waitFor(POLL);
    }
    await us.close();
    await china.close();
    expect(errors).toEqual([]);
  });

  it('sits at a chair’s table: votes on the chair’s texts and sees each tally', {
    timeout: 90_000,
  }, async () => {
    const errors: string[] = [];
    const page = await openPage(env.browser, errors);
    await page.goto(env.web.server.url);
    await expect.poll(() => page.getByTestId('scenario-london-2025').isChecked(), POLL).toBe(true);
    await page.getByTestId('side-china').check();
    await page.getByTestId('table-rules').selectOption('frontier');
    await page.getByTestId('start').click();
    await page.getByTestId('brief').waitFor();
    await page.getByTestId('to-table').click();
    await page.getByTestId('chair-text').waitFor(POLL);
    await page.getByTestId('your-turn').waitFor(POLL);
    expect(await numberIn(page, 'text-utility')).toBeGreaterThanOrEqual(0);
    // Reject two texts: each comes back tallied with both delegations' votes.
    for (let k = 1; k <= 2; k++) {
      await page.getByTestId('vote-reject').click();
      await expect.poll(() => page.getByTestId('text-rows').locator('tr').count(), POLL).toBe(k);
    }
    expect(await page.getByTestId('text-rows').locator('tr').first().textContent()).toMatch(/China ✗/);
    await shot(page, '6-chair');
    await page.getByTestId('walk-away').click();
    await page.getByTestId('confirm-walk-away').click();
    await page.getByTestId('ended').waitFor(POLL);
    await page.close();
    expect(errors).toEqual([]);
  });

  it('plays back a software-vs-software London run step by step', { timeout: 60_000 }, async () => {
    const errors: string[] = [];
    const page = await openPage(env.browser, errors);
    await page.goto(env.web.server.url);
    await page.getByTestId('watch').click();
    await page.getByTestId('observer').waitFor();
    await page.getByTestId('observer-plot').locator('svg').first().waitFor();
    const slider = page.getByTestId('playback-slider');
    const total = Number(await slider.getAttribute('max'));
    expect(total).toBeGreaterThan(2);
    for (let k = 0; k < 3; k++) await page.getByTestId('step-forward').click();
    await expect
      .poll(() => page.getByTestId('playback-position').textContent(), POLL)
      .toContain(`3 / ${total}`);
    expect(await page.getByTestId('current-event').textContent()).toMatch(/Round \d+/);
    // Play moves the cursor on by itself; pause stops it.
    await page.getByTestId('play').click();
    await expect.poll(async () => Number(await slider.inputValue()), POLL).toBeGreaterThan(3);
    await page.getByTestId('play').click();
    await slider.fill(String(Math.floor(total / 2)));
    await expect
      .poll(() => page.getByTestId('playback-position').textContent())
      .toContain(`${Math.floor(total / 2)} / ${total}`);
    await shot(page, '5-observer');
    await page.close();
    expect(errors).toEqual([]);
  });
});
