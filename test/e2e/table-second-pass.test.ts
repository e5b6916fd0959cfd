/**
 * The negotiation table's second pass (issue 13, items 1–9), end to end in Debian's Chromium: the
 * built web app against the real server (in-process, a temporary database), serving London and a
 * small two-issue scenario in three variants (ordinary turns; 3-second turns that pass on a lapse;
 * 3-second turns that end the talks). Each item has its test and screenshots in artifacts/e2e/
 * (`t13-…`). Any console or page error fails a test. Skipped, with a message, without
 * /usr/bin/chromium (CI installs it).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenarioAny } from '../../src/formats/load-any.ts';
import { partyUtility, ratifies } from '../../src/model/party.ts';
import { type RunningServer, startServer } from '../../src/server/serve.ts';
import { scenarioList } from '../../src/server/sessions.ts';
import { buildWebApp } from '../../src/server/web-build.ts';
import { pairScenario } from '../server/helpers.ts';
import {
  ARTIFACTS,
  haveChromium,
  launchChromium,
  numberIn,
  openPage,
  POLL,
  shot,
} from '../support/browser.ts';

const chromium = haveChromium('test/e2e/table-second-pass.test.ts');

const london = loadScenarioAny('london-2025').scenario;
const scenarios = [
  london,
  pairScenario({ id: 'pair' }),
  pairScenario({ id: 'pair-fast', humanTurnSeconds: 3 }),
  pairScenario({ id: 'pair-principal', bPrincipal: true, bThreshold: 0.3 }),
  pairScenario({ id: 'pair-slow', humanTurnSeconds: 60 }),
];

type Created = { sessionId: string; seats: Record<string, { token: string }>; observerToken?: string };

describe.skipIf(!chromium)('the table, second pass, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let tmp: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    tmp = mkdtempSync(join(tmpdir(), 'lancaster-e2e-t13-'));
    const dist = await buildWebApp(join(tmp, 'dist'));
    server = await startServer({
      port: 0,
      dbFile: join(tmp, 'sessions.sqlite'),
      webDist: dist,
      build: false,
      scenarios: scenarioList(scenarios),
      log: () => {},
    });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  const api = async (path: string, init: { method?: string; token?: string; body?: unknown } = {}) => {
    const res = await fetch(`${server.url}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: {
        'content-type': 'application/json',
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    // biome-ignore lint/suspicious/noExplicitAny: loose JSON in tests
    return { status: res.status, body: (await res.json()) as any };
  };
  const create = async (body: Record<string, unknown>): Promise<Created> => {
    const r = await api('/api/sessions', { body: { seed: 3, ...body } });
    expect(r.status).toBe(201);
    return r.body as Created;
  };
  const seatUrl = (s: Created, party: string, page: 'brief' | 'table' | 'debrief') =>
    `${server.url}/#/play/${s.sessionId}/${page}?token=${encodeURIComponent(s.seats[party]?.token ?? '')}`;
  const visit = async (page: Page, url: string, testId: string) => {
    await page.goto(url);
    await page.getByTestId(testId).waitFor(POLL);
  };

  it('1. the clock starts when the seat opens the table, is shown on the brief, and a lapse passes', {
    timeout: 90_000,
  }, async () => {
    const errors: string[] = [];
    const page = await openPage(browser, errors);
    // Through the home page: the lapse policy is chosen at creation.
    await page.goto(server.url);
    await expect.poll(() => page.getByTestId('scenario-london-2025').isChecked(), POLL).toBe(true);
    await page.getByTestId('side-us').check();
    await page.getByTestId('lapse').selectOption('pass');
    await page.getByTestId('start').click();
    await page.getByTestId('brief').waitFor(POLL);
    const brief = (await page.getByTestId('brief-clock').textContent()) ?? '';
    expect(brief).toMatch(/3 minutes for each turn/);
    expect(brief).toMatch(/your last offer stands/);
    expect(brief).toMatch(/not started/);
    const token = new URL(page.url().replace('#/', '')).searchParams.get('token') as string;
    const sessionId = /#\/play\/([^/]+)\//.exec(page.url())?.[1] as string;
    // Reading the brief runs no clock.
    expect((await api(`/api/sessions/${sessionId}`, { token })).body.turnDeadline).toBeNull();
    await shot(page, 't13-1-brief-clock');
    await page.getByTestId('to-table').click();
    await page.getByTestId('your-turn').waitFor(POLL);
    await expect
      .poll(async () => (await api(`/api/sessions/${sessionId}`, { token })).body.clock.started, POLL)
      .toBe(true);
    await expect.poll(() => page.getByTestId('your-turn').textContent(), POLL).toMatch(/\d:\d\d left/);
    // Back on the brief, the countdown shows.
    await page.getByRole('link', { name: 'Brief' }).click();
    await page.getByTestId('brief-countdown').waitFor(POLL);
    await shot(page, 't13-1-brief-countdown');

    // A 3-second turn that lapses twice: first with no offer (the turn passes), then with one (it stands).
    const fast = await create({
      scenario: 'pair-fast',
      seats: { a: { kind: 'human' }, b: { kind: 'negotiator', spec: 'hardliner' } },
    });
    await visit(page, seatUrl(fast, 'a', 'table'), 'table');
    await page.getByTestId('row-lapse').first().waitFor(POLL);
    expect(await page.getByTestId('row-lapse').first().textContent()).toMatch(/the turn passes/);
    await page.getByTestId('send-offer').click();
    await expect.poll(() => page.getByText('the last offer stands').count(), POLL).toBeGreaterThan(0);
    expect(await page.getByTestId('table').getAttribute('data-status')).toBe('running');
    await shot(page, 't13-1-lapse-pass');
    await page.close();
    expect(errors).toEqual([]);
  });

  it('1. the clock does not run while the server is down, and resumes after a restart', {
    timeout: 90_000,
  }, async () => {
    const errors: string[] = [];
    const page = await openPage(browser, errors);
    const db = join(tmp, 'restart.sqlite');
    const start = () =>
      startServer({
        port: 0,
        dbFile: db,
        webDist: join(tmp, 'dist'),
        build: false,
        scenarios: scenarioList(scenarios),
        log: () => {},
      });
    let first = await start();
    const created = await fetch(`${first.url}/api/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        scenario: 'pair-slow',
        seats: { a: { kind: 'human' }, b: { kind: 'negotiator' } },
      }),
    });
    const s = (await created.json()) as Created;
    const token = s.seats.a?.token as string;
    const deadline = async (base: string) => {
      const r = await fetch(`${base}/api/sessions/${s.sessionId}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return (await r.json()) as { turnDeadline: string | null };
    };
    await page.goto(`${first.url}/#/play/${s.sessionId}/table?token=${encodeURIComponent(token)}`);
    await page.getByTestId('your-turn').waitFor(POLL);
    await expect.poll(async () => (await deadline(first.url)).turnDeadline, POLL).not.toBeNull();
    const before = Date.parse((await deadline(first.url)).turnDeadline as string);
    await page.close();
    await first.close();
    const down = Date.now();
    await new Promise((r) => setTimeout(r, 4000));
    first = await start();
    const downMs = Date.now() - down;
    try {
      const after = Date.parse((await deadline(first.url)).turnDeadline as string);
      // The deadline moved on by the time the server was down (its start included), to within a second.
      expect(after - before).toBeGreaterThanOrEqual(3500);
      expect(Math.abs(after - before - downMs)).toBeLessThan(1500);
      const again = await openPage(browser, errors);
      await again.goto(`${first.url}/#/play/${s.sessionId}/brief?token=${encodeURIComponent(token)}`);
      await again.getByTestId('brief-countdown').waitFor(POLL);
      await shot(again, 't13-1-after-restart');
      await again.close();
    } finally {
      await first.close();
    }
    expect(errors).toEqual([]);
  });

  it('2. warns before a sitting ends and before the last round, and marks the change of sitting', {
    timeout: 90_000,
  }, async () => {
    const errors: string[] = [];
    const page = await openPage(browser, errors);
    const s = await create({
      scenario: 'pair',
      seats: { a: { kind: 'human' }, b: { kind: 'negotiator', spec: 'hardliner' } },
    });
    await visit(page, seatUrl(s, 'a', 'table'), 'table');
    // Six rounds: Morning (1–3), Afternoon (4–6). A sends p1/slow each round; the hardliner holds.
    const sendAndWait = async () => {
      const step = Number(await page.getByTestId('table').getAttribute('data-step'));
      await page.getByTestId('send-offer').click();
      await page.waitForFunction(
        (before) => Number(document.querySelector('[data-testid=table]')?.getAttribute('data-step')) > before,
        step,
        POLL,
      );
    };
    await page.getByTestId('value-price-p1').check({ force: true });
    await page.getByTestId('value-delivery-slow').check({ force: true });
    await sendAndWait();
    await sendAndWait();
    await page.getByTestId('sitting-ends').waitFor(POLL);
    expect(await page.getByTestId('sitting-ends').textContent()).toMatch(/Last round of Morning.*Afternoon/);
    await shot(page, 't13-2-sitting-ends');
    await sendAndWait();
    // The change of sitting is marked on the table and in the timeline.
    await page.getByTestId('sitting-begins').waitFor(POLL);
    expect(await page.getByTestId('sitting-begins').textContent()).toMatch(/Afternoon begins.*rounds 4–6/);
    await shot(page, 't13-2-sitting-begins');
    await page.getByTestId('row-break').waitFor(POLL);
    expect(await page.getByTestId('row-break').textContent()).toMatch(/Morning ends; Afternoon begins/);
    await sendAndWait();
    await sendAndWait();
    await page.getByTestId('last-round').waitFor(POLL);
    expect(await page.getByTestId('last-round').textContent()).toMatch(
      /accept or the talks end without a deal/,
    );
    await shot(page, 't13-2-last-round');
    await page.close();
    expect(errors).toEqual([]);
  });

  it('3. says who moves first from the protocol: China is told the United States opens', {
    timeout: 60_000,
  }, async () => {
    const errors: string[] = [];
    const page = await openPage(browser, errors);
    const s = await create({
      scenario: 'london-2025',
      seats: { us: { kind: 'negotiator' }, china: { kind: 'human' } },
    });
    await visit(page, seatUrl(s, 'china', 'brief'), 'brief');
    expect(await page.getByTestId('first-mover').textContent()).toBe('United States moves first.');
    await shot(page, 't13-3-first-mover');
    const us = await create({
      scenario: 'london-2025',
      seats: { us: { kind: 'human' }, china: { kind: 'negotiator' } },
    });
    await visit(page, seatUrl(us, 'us', 'brief'), 'brief');
    expect(await page.getByTestId('first-mover').textContent()).toBe('You move first.');
    await page.close();
    expect(errors).toEqual([]);
  });

  it('4. the draft survives a reload, and a new tab starts from the last offer, not the best package', {
    timeout: 60_000,
  }, async () => {
    const errors: string[] = [];
    const page = await openPage(browser, errors);
    const s = await create({
      scenario: 'london-2025',
      seats: { us: { kind: 'human' }, china: { kind: 'negotiator' } },
    });
    await visit(page, seatUrl(s, 'us', 'table'), 'your-turn');
    const best = await numberIn(page, 'live-utility');
    // Concede on export-control software, send it, then concede more without sending.
    await page.getByTestId('value-eda-restored').check({ force: true });
    const sent = await numberIn(page, 'live-utility');
    expect(sent).toBeLessThan(best);
    await page.getByTestId('send-offer').click();
    await page.getByTestId('your-turn').waitFor(POLL);
    await page.getByTestId('value-ethane-licensed').check({ force: true });
    const unsent = await numberIn(page, 'live-utility');
    await page.reload();
    await page.getByTestId('your-turn').waitFor(POLL);
    expect(await numberIn(page, 'live-utility')).toBe(unsent);
    // Another tab (no stored draft): the seat's last offer, not its best package.
    const other = await openPage(browser, errors);
    await visit(other, seatUrl(s, 'us', 'table'), 'your-turn');
    expect(await numberIn(other, 'live-utility')).toBe(sent);
    expect(await other.getByTestId('value-eda-restored').isChecked()).toBe(true);
    await shot(other, 't13-4-draft-after-reload');
    await other.close();
    await page.close();
    expect(errors).toEqual([]);
  });

  it('5. after a ratified deal nothing waits; after a timeout no walk-away; the timeline has every event', {
    timeout: 90_000,
  }, async () => {
    const errors: string[] = [];
    const a = await openPage(browser, errors);
    const b = await openPage(browser, errors);
    const s = await create({
      scenario: 'pair-principal',
      seats: { a: { kind: 'human' }, b: { kind: 'human' } },
    });
    await visit(a, seatUrl(s, 'a', 'table'), 'your-turn');
    await visit(b, seatUrl(s, 'b', 'table'), 'table');
    await a.getByTestId('value-price-p2').check({ force: true });
    await a.getByTestId('value-delivery-normal').check({ force: true });
    await a.getByTestId('send-offer').click();
    await b.getByTestId('accept').waitFor(POLL);
    await b.getByTestId('accept').click();
    const confirm = b.getByTestId('confirm-accept');
    if (await confirm.count()) await confirm.click();
    await a.getByTestId('ended').waitFor(POLL);
    expect(await a.getByTestId('table').getAttribute('data-status')).toBe('agreement');
    expect(await a.getByTestId('on-table').textContent()).not.toMatch(/Waiting for the other side/);
    expect(await a.getByTestId('walk-away').isVisible()).toBe(false);
    for (const row of ['row-offer', 'row-accept', 'row-delegations-agree', 'row-ratify'])
      expect(await a.getByTestId(row).count()).toBe(1);
    await shot(a, 't13-5-ratified');

    const t = await create({
      scenario: 'pair-fast',
      seats: { a: { kind: 'human' }, b: { kind: 'negotiator' } },
      lapse: 'end',
    });
    await visit(a, seatUrl(t, 'a', 'table'), 'table');
    await a.getByTestId('ended').waitFor(POLL);
    expect(await a.getByTestId('table').getAttribute('data-status')).toBe('timeout');
    expect(await a.getByTestId('walk-away').isVisible()).toBe(false);
    expect(await a.getByTestId('row-timeout').textContent()).toMatch(/time ran out: the talks end/);
    await shot(a, 't13-5-timeout');

    const w = await create({ scenario: 'pair', seats: { a: { kind: 'human' }, b: { kind: 'negotiator' } } });
    await visit(a, seatUrl(w, 'a', 'table'), 'your-turn');
    await a.getByTestId('walk-away').click();
    await a.getByTestId('confirm-walk-away').click();
    await a.getByTestId('row-end').waitFor(POLL);
    expect(await a.getByTestId('row-end').textContent()).toMatch(/walks away/);
    await a.close();
    await b.close();
    expect(errors).toEqual([]);
  });

  it('6. the debrief proposes only ratifiable packages, draws the thresholds and explains its terms', {
    timeout: 60_000,
  }, async () => {
    const errors: string[] = [];
    const page = await openPage(browser, errors);
    const s = await create({
      scenario: 'london-2025',
      seats: { us: { kind: 'human' }, china: { kind: 'negotiator' } },
    });
    await visit(page, seatUrl(s, 'us', 'table'), 'your-turn');
    await page.getByTestId('walk-away').click();
    await page.getByTestId('confirm-walk-away').click();
    await page.getByTestId('to-debrief').click();
    await page.getByTestId('debrief').waitFor(POLL);
    await page.getByTestId('debrief-plot').locator('svg').first().waitFor(POLL);
    expect(await page.getByTestId('threshold-note').textContent()).toMatch(
      /your principal.*China's principal/,
    );
    const explainer = (await page.getByTestId('explainer').textContent()) ?? '';
    expect(explainer).toMatch(/Pareto frontier.*nobody can improve/);
    expect(explainer).toMatch(/Nash point.*product/);
    expect(explainer).toMatch(/Kalai point.*same share/);
    // What the page proposes, every principal would ratify.
    const d = (await api(`/api/sessions/${s.sessionId}/debrief`, { token: s.seats.us?.token as string }))
      .body;
    expect(d.leftOnTable).not.toBeNull();
    const outcome = london.space.issues.map((i) =>
      i.kind === 'discrete'
        ? i.values.findIndex((v) => v.id === d.leftOnTable.outcome[i.id])
        : d.leftOnTable.outcome[i.id],
    );
    for (const p of london.parties) expect(ratifies(p, outcome)).toBe(true);
    expect(await numberIn(page, 'left-gain')).toBeCloseTo(d.leftOnTable.gainToYou, 2);
    await shot(page, 't13-6-debrief');
    await page.close();
    expect(errors).toEqual([]);
  });

  it("7. shows the opponent's estimated concession while negotiating, and the true curve after", {
    timeout: 90_000,
  }, async () => {
    const errors: string[] = [];
    const page = await openPage(browser, errors);
    const s = await create({
      scenario: 'london-2025',
      seats: { us: { kind: 'human' }, china: { kind: 'negotiator' } },
    });
    await visit(page, seatUrl(s, 'us', 'table'), 'your-turn');
    for (let k = 0; k < 3; k++) {
      const step = Number(await page.getByTestId('table').getAttribute('data-step'));
      await page.getByTestId('send-offer').click();
      await page.waitForFunction(
        (before) => Number(document.querySelector('[data-testid=table]')?.getAttribute('data-step')) > before,
        step,
        POLL,
      );
    }
    const est = page.getByTestId('opponent-estimate');
    await est.getByTestId('estimate-plot').locator('svg').first().waitFor(POLL);
    expect(await est.textContent()).toMatch(/an estimate/);
    const priorities = await est.getByTestId('estimated-priorities').locator('li').allTextContents();
    expect(priorities).toHaveLength(london.space.issues.length);
    expect(priorities.every((p) => /% \(est\.\)/.test(p))).toBe(true);
    await est.scrollIntoViewIfNeeded();
    await shot(page, 't13-7-estimate');
    await page.getByTestId('walk-away').click();
    await page.getByTestId('confirm-walk-away').click();
    await page.getByTestId('to-debrief').click();
    await page.getByTestId('true-concession').locator('svg').first().waitFor(POLL);
    await shot(page, 't13-7-true-curve');
    await page.close();
    expect(errors).toEqual([]);
  });

  it('8. talks beside offers: the software answers by its declared policy; two people write freely', {
    timeout: 90_000,
  }, async () => {
    const errors: string[] = [];
    const page = await openPage(browser, errors);
    const s = await create({
      scenario: 'london-2025',
      seats: { us: { kind: 'human' }, china: { kind: 'negotiator', answers: 'honest' } },
    });
    await visit(page, seatUrl(s, 'us', 'table'), 'messages');
    expect(await page.getByTestId('answer-policy').textContent()).toMatch(/honestly/);
    await page.getByTestId('message-kind').selectOption('ask-priority');
    await page.getByTestId('send-message').click();
    const list = page.getByTestId('message-list').locator('li');
    await expect.poll(() => list.count(), POLL).toBe(2);
    expect(await list.nth(0).textContent()).toMatch(/You:.*What matters most to you\?/);
    const top = [...(london.parties.find((p) => p.id === 'china')?.utility.weights ?? [])]
      .map((w, i) => ({ w, i }))
      .sort((x, y) => y.w - x.w)[0] as { i: number };
    expect(await list.nth(1).textContent()).toContain(
      `China: ${london.space.issues[top.i]?.label} matters most to me.`,
    );
    // No free text against software.
    expect(await page.getByTestId('message-kind').locator('option[value=text]').count()).toBe(0);
    await page.getByTestId('messages').scrollIntoViewIfNeeded();
    await shot(page, 't13-8-messages-software');
    // The observer's transcript has the messages.
    const people = await create({
      scenario: 'pair',
      seats: { a: { kind: 'human' }, b: { kind: 'human' } },
      observer: true,
    });
    const b = await openPage(browser, errors);
    await visit(page, seatUrl(people, 'a', 'table'), 'messages');
    await visit(b, seatUrl(people, 'b', 'table'), 'messages');
    await page.getByTestId('message-kind').selectOption('text');
    await page.getByTestId('message-text').fill('Fast delivery matters to us; can you move on price?');
    await page.getByTestId('send-message').click();
    await expect
      .poll(() => b.getByTestId('message-list').textContent(), POLL)
      .toContain('Buyer: Fast delivery matters to us; can you move on price?');
    await shot(b, 't13-8-messages-people');
    const events = await api(`/api/sessions/${people.sessionId}/events`, {
      token: people.observerToken as string,
    });
    expect(events.body.events).toContainEqual(
      expect.objectContaining({
        type: 'message',
        party: 'a',
        message: 'Fast delivery matters to us; can you move on price?',
      }),
    );
    await b.close();
    await page.close();
    expect(errors).toEqual([]);
  });

  it('9. improves a deal after it is made when every side accepts; the debrief shows before and after', {
    timeout: 90_000,
  }, async () => {
    const errors: string[] = [];
    const a = await openPage(browser, errors);
    const b = await openPage(browser, errors);
    const s = await create({ scenario: 'pair', seats: { a: { kind: 'human' }, b: { kind: 'human' } } });
    await visit(a, seatUrl(s, 'a', 'table'), 'your-turn');
    await visit(b, seatUrl(s, 'b', 'table'), 'table');
    // p3 with express delivery: worse for both than p1 with slow delivery.
    await a.getByTestId('value-price-p3').check({ force: true });
    await a.getByTestId('value-delivery-express').check({ force: true });
    await a.getByTestId('send-offer').click();
    await b.getByTestId('accept').waitFor(POLL);
    await b.getByTestId('accept').click();
    const confirm = b.getByTestId('confirm-accept');
    if (await confirm.count()) await confirm.click();
    await a.getByTestId('improvement').waitFor(POLL);
    const pair = pairScenario();
    const dealA = partyUtility(pair.parties[0] as never, [2, 2]);
    expect(await numberIn(a, 'improvement-utility')).toBeGreaterThan(Number(dealA.toFixed(2)));
    await shot(a, 't13-9-improvement-offered');
    await a.getByTestId('improvement-accept').click();
    await expect.poll(() => a.getByTestId('improvement-status').textContent(), POLL).toMatch(/Waiting/);
    await b.getByTestId('improvement-accept').waitFor(POLL);
    await b.getByTestId('improvement-accept').click();
    await expect.poll(() => a.getByTestId('improvement-status').textContent(), POLL).toMatch(/now the deal/);
    await a.getByTestId('to-debrief').click();
    await a.getByTestId('improved-deal').waitFor(POLL);
    expect(await a.getByTestId('improved-deal').textContent()).toMatch(/replaced the deal/);
    await a.getByTestId('before-after-table').waitFor();
    expect(await numberIn(a, 'result-utility')).toBeGreaterThan(Number(dealA.toFixed(2)));
    await shot(a, 't13-9-before-after');
    await a.close();
    await b.close();
    expect(errors).toEqual([]);
  });
});
