/**
 * Inviting, watching and coming back, in Debian's Chromium against the real server: the invite and
 * observer links of a session with two people, each with a Copy button that puts the link on the
 * clipboard; the creator shows them again from the seat's page; the observer link shows the offers
 * in words and nothing private; the playback of a software run does not tell its ending before it
 * gets there; and the home page lists this browser's sessions with links that resume them.
 * Screenshots go to artifacts/e2e/. Skipped, with a message, where /usr/bin/chromium is absent.
 */
import { describe, expect, it } from 'vitest';
import { haveChromium, openPage, POLL, shot, useWebAndBrowser } from '../support/browser.ts';

const chromium = haveChromium('test/e2e/web-share.test.ts');

describe.skipIf(!chromium)('sharing and resuming sessions in Chromium', () => {
  const env = useWebAndBrowser();

  it('copies the invite and observer links, shows them again, lets a spectator watch only what is public, and lists the sessions to resume', {
    timeout: 150_000,
  }, async () => {
    const errors: string[] = [];
    const us = await openPage(env.browser, errors);
    await us
      .context()
      .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.web.server.url });
    await us.goto(env.web.server.url);
    await expect.poll(() => us.getByTestId('scenario-london-2025').isChecked(), POLL).toBe(true);
    // A first visit lists no sessions.
    expect(await us.getByTestId('my-sessions').count()).toBe(0);
    await us.getByTestId('side-us').check();
    await us.getByTestId('opponent').selectOption('@person');
    await us.getByTestId('start').click();

    // The invite: China's seat link and the observer link, each copied by its button.
    const invite = us.getByTestId('invite-link');
    await invite.waitFor();
    const chinaUrl = await invite.inputValue();
    expect(chinaUrl).toMatch(/#\/play\/[^/]+\/brief\?token=/);
    const spectatorUrl = await us.getByTestId('spectator-link').inputValue();
    expect(spectatorUrl).toMatch(/#\/watch\/[^/]+\?token=/);
    await us.getByTestId('invite-link-copy').click();
    await expect.poll(() => us.getByTestId('invite-link-copy').textContent(), POLL).toBe('Copied ✓');
    expect(await us.evaluate(() => navigator.clipboard.readText())).toBe(chinaUrl);
    await us.getByTestId('spectator-link-copy').click();
    await expect.poll(() => us.evaluate(() => navigator.clipboard.readText()), POLL).toBe(spectatorUrl);
    await shot(us, 'share-1-invite');

    // The creator's seat shows the same links again.
    await us.getByTestId('enter').click();
    await us.getByTestId('brief').waitFor();
    const again = us.getByTestId('share-again');
    await again.locator('summary').click();
    expect(await again.getByTestId('invite-link').inputValue()).toBe(chinaUrl);
    expect(await again.getByTestId('spectator-link').inputValue()).toBe(spectatorUrl);
    await us.getByTestId('to-table').click();
    await us.getByTestId('your-turn').waitFor(POLL);
    await us.getByTestId('send-offer').click();

    // A spectator (another browser) sees the offer in words, and no utility or private value.
    const spectator = await openPage(env.browser, errors);
    await spectator.goto(spectatorUrl);
    const watch = spectator.getByTestId('public-watch');
    await watch.waitFor(POLL);
    await expect.poll(() => spectator.getByTestId('public-offers').locator('li').count(), POLL).toBe(1);
    expect(await spectator.getByTestId('public-offers').textContent()).toMatch(
      /Round 1, United States:.*Broad, fast approvals/,
    );
    const text = (await watch.textContent()) ?? '';
    expect(text).not.toMatch(/utilit|reservation|red line:|threshold|\b[01]\.\d\d\b/i);
    expect(text).toMatch(/China is to move/);
    await shot(spectator, 'share-2-spectator');

    // The software run's playback: the ending is not told before playback reaches it.
    await us.goto(env.web.server.url);
    await us.getByTestId('watch').click();
    await us.getByTestId('observer').waitFor();
    const slider = us.getByTestId('playback-slider');
    await expect.poll(async () => Number(await slider.getAttribute('max')), POLL).toBeGreaterThan(2);
    expect(await us.getByTestId('status').textContent()).toBe('In session');
    await shot(us, 'share-3-playback-start');
    await slider.fill(await slider.getAttribute('max').then(String));
    await expect.poll(() => us.getByTestId('status').textContent(), POLL).not.toBe('In session');

    // Home lists both sessions of this browser; the London seat resumes where it was.
    await us.goto(env.web.server.url);
    const mine = us.getByTestId('my-session');
    await expect.poll(() => mine.count(), POLL).toBe(2);
    expect(await mine.nth(0).textContent()).toMatch(/^Watch: /);
    const resume = us.getByTestId('my-session-link').nth(1);
    expect(await resume.textContent()).toMatch(/^Resume: .*, as United States$/);
    await shot(us, 'share-4-home-list');
    await resume.click();
    await us.getByTestId('brief').waitFor(POLL);
    await us.getByTestId('to-table').click();
    await us.getByTestId('on-table').waitFor(POLL);
    expect(await us.getByTestId('offer-rows').locator('tr').count()).toBe(1);

    // Another browser profile has no list.
    const other = await env.browser.newContext();
    const fresh = await other.newPage();
    await fresh.goto(env.web.server.url);
    await fresh.getByTestId('home').waitFor();
    expect(await fresh.getByTestId('my-sessions').count()).toBe(0);
    await other.close();
    await us.close();
    await spectator.close();
    expect(errors).toEqual([]);
  });
});
