/**
 * The negotiation table's second pass (issue 13), through the HTTP API on a fake clock: a lapsed
 * turn under the `pass` policy (the seat's last offer stands; with none, its clock starts again),
 * who moves first, the timeline of acceptances, ratifications and walk-aways, messages and the
 * software seats' answer policies, the opponent's estimated concession, the debrief's left-on-table
 * limited to packages every principal ratifies, and improving a deal after it is made.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioAny } from '../../src/formats/load-any.ts';
import { partyUtility, ratifies } from '../../src/model/party.ts';
import { improvementOf } from '../../src/server/improve.ts';
import { buildTable, replay } from '../../src/server/machine.ts';
import { scenarioList } from '../../src/server/sessions.ts';
import { call, FakeClock, pairScenario, testApp } from './helpers.ts';

/** An outcome from its record (value ids), in issue order. */
const fromRecord = (space: ReturnType<typeof pairScenario>['space'], r: Record<string, string>) =>
  space.issues.map((i) =>
    i.kind === 'discrete' ? i.values.findIndex((v) => v.id === r[i.id]) : Number(r[i.id]),
  );

const offer = (price: string, delivery: string) => ({ type: 'offer', outcome: { price, delivery } });

async function create(app: Parameters<typeof call>[0], body: Record<string, unknown>) {
  const r = await call(app, 'POST', '/api/sessions', {
    body: { scenario: 'pair', seed: 2, observer: true, ...body },
  });
  expect(r.status).toBe(201);
  return r.body as { sessionId: string; seats: Record<string, { token: string }>; observerToken: string };
}

describe('a lapsed turn under the pass policy', () => {
  it('restarts the clock when the seat has no offer yet, and makes its last offer again when it has', async () => {
    const { app, clock, manager } = testApp({
      scenarios: scenarioList([pairScenario({ humanTurnSeconds: 60 })]),
    });
    const s = await create(app, {
      seats: { a: { kind: 'human' }, b: { kind: 'negotiator', spec: 'hardliner' } },
    });
    const token = s.seats.a?.token as string;
    const url = `/api/sessions/${s.sessionId}`;
    // Reading the brief for ten minutes costs nothing.
    clock.advance(600_000);
    expect((await call(app, 'GET', url, { token })).body.turnDeadline).toBeNull();
    const opened = await call(app, 'POST', `${url}/open`, { token, body: {} });
    expect(opened.body.clock).toEqual({ lapse: 'pass', turnSeconds: 60, started: true });
    expect(opened.body.turnDeadline).toBe(new Date(clock.now() + 60_000).toISOString());
    // Opening again does not restart the clock.
    clock.advance(10_000);
    const again = await call(app, 'POST', `${url}/open`, { token, body: {} });
    expect(again.body.turnDeadline).toBe(opened.body.turnDeadline);
    clock.advance(50_000);
    await manager.settled(s.sessionId);
    const lapsed = (await call(app, 'GET', url, { token })).body;
    expect(lapsed.status).toBe('running');
    expect(lapsed.step).toBe(0);
    expect(lapsed.history).toEqual([{ type: 'lapse', step: 0, round: 0, party: 'a', passed: false }]);
    expect(lapsed.turnDeadline).toBe(new Date(clock.now() + 60_000).toISOString());

    await call(app, 'POST', `${url}/actions`, { token, body: offer('p2', 'normal') });
    clock.advance(60_000);
    await manager.settled(s.sessionId);
    const passed = (await call(app, 'GET', url, { token })).body;
    expect(passed.status).toBe('running');
    // A's p2/normal was made again, and the hardliner answered it.
    expect(passed.step).toBe(4);
    const mine = passed.offers.filter((o: { by: string }) => o.by === 'a');
    expect(mine.map((o: { outcome: unknown }) => o.outcome)).toEqual([
      { price: 'p2', delivery: 'normal' },
      { price: 'p2', delivery: 'normal' },
    ]);
    expect(passed.history.filter((h: { type: string }) => h.type === 'lapse')).toEqual([
      { type: 'lapse', step: 0, round: 0, party: 'a', passed: false },
      { type: 'lapse', step: 2, round: 1, party: 'a', passed: true },
    ]);
  });
});

describe('a lapsed vote at a mediated table', () => {
  it('passes as a vote against the text: the standing text stands', async () => {
    const { app, clock, manager } = testApp({
      scenarios: scenarioList([pairScenario({ humanTurnSeconds: 30 })]),
    });
    const s = await create(app, {
      seats: { a: { kind: 'human' }, b: { kind: 'negotiator', spec: 'conceder' } },
      protocol: 'mediated',
    });
    const token = s.seats.a?.token as string;
    const url = `/api/sessions/${s.sessionId}`;
    await call(app, 'POST', `${url}/open`, { token, body: {} });
    clock.advance(30_000);
    await manager.settled(s.sessionId);
    const v = (await call(app, 'GET', url, { token })).body;
    expect(v.status).toBe('running');
    expect(v.chair.texts[0].votes.a).toBe(false);
    expect(v.history.find((h: { type: string }) => h.type === 'lapse')).toMatchObject({
      party: 'a',
      passed: true,
    });
  });
});

describe('what the table shows', () => {
  it("says who moves first from the protocol (London: the scenario's turn order)", async () => {
    const london = loadScenarioAny('london-2025').scenario;
    const { app } = testApp({ scenarios: scenarioList([london]) });
    const r = await call(app, 'POST', '/api/sessions', {
      body: {
        scenario: 'london-2025',
        seats: { us: { kind: 'negotiator' }, china: { kind: 'human' } },
        seed: 1,
      },
    });
    const v = (
      await call(app, 'GET', `/api/sessions/${r.body.sessionId}`, { token: r.body.seats.china.token })
    ).body;
    expect(v.firstMover).toBe(london.protocol.order[0]);
    expect(v.firstMover).toBe('us');
    // The US (software) has already opened: its offer is on the table.
    expect(v.offers[0].by).toBe('us');
    const mediated = await call(app, 'POST', '/api/sessions', {
      body: {
        scenario: 'london-2025',
        seats: { us: { kind: 'negotiator' }, china: { kind: 'human' } },
        protocol: 'mediated',
      },
    });
    const mv = await call(app, 'GET', `/api/sessions/${mediated.body.sessionId}`, {
      token: mediated.body.seats.china.token,
    });
    expect(mv.body.firstMover).toBeNull();
  });

  it('the timeline has a row for acceptances, ratifications and walk-aways', async () => {
    const { app } = testApp({ scenarios: scenarioList([pairScenario({ bPrincipal: true })]) });
    const s = await create(app, { seats: { a: { kind: 'human' }, b: { kind: 'human' } } });
    const [ta, tb] = [s.seats.a?.token as string, s.seats.b?.token as string];
    const url = `/api/sessions/${s.sessionId}`;
    await call(app, 'POST', `${url}/actions`, { token: ta, body: offer('p2', 'normal') });
    const v = (await call(app, 'POST', `${url}/actions`, { token: tb, body: { type: 'accept' } })).body;
    expect(v.status).toBe('agreement');
    expect(v.history.map((h: { type: string }) => h.type)).toEqual([
      'offer',
      'accept',
      'delegations-agree',
      'ratify',
    ]);
    expect(v.history[3]).toMatchObject({ party: 'b', approve: true });
    const w = await create(app, { seats: { a: { kind: 'human' }, b: { kind: 'human' } } });
    const wv = await call(app, 'POST', `/api/sessions/${w.sessionId}/actions`, {
      token: w.seats.a?.token as string,
      body: { type: 'end' },
    });
    expect(wv.body.history).toEqual([{ type: 'end', step: 0, round: 0, party: 'a' }]);
  });
});

describe('the debrief', () => {
  it('proposes as left on the table only packages every principal would ratify, and gives the thresholds', async () => {
    // A walks away: without a principal, A's best frontier package above B's reservation value is
    // p1/normal (B 0.535); B's principal with a threshold of 0.6 would veto it.
    const plain = testApp();
    const guarded = testApp({
      scenarios: scenarioList([pairScenario({ bPrincipal: true, bThreshold: 0.6 })]),
    });
    const left = async (t: typeof plain) => {
      const s = await create(t.app, { seats: { a: { kind: 'human' }, b: { kind: 'human' } } });
      const token = s.seats.a?.token as string;
      await call(t.app, 'POST', `/api/sessions/${s.sessionId}/actions`, { token, body: { type: 'end' } });
      return (await call(t.app, 'GET', `/api/sessions/${s.sessionId}/debrief`, { token })).body;
    };
    const before = await left(plain);
    const after = await left(guarded);
    const b = pairScenario({ bPrincipal: true, bThreshold: 0.6 }).parties[1];
    const space = pairScenario().space;
    const outcomeOf = (r: Record<string, string>) => fromRecord(space, r);
    expect(ratifies(b as never, outcomeOf(before.leftOnTable.outcome))).toBe(false);
    expect(ratifies(b as never, outcomeOf(after.leftOnTable.outcome))).toBe(true);
    expect(after.leftOnTable.gainToYou).toBeLessThan(before.leftOnTable.gainToYou);
    expect(after.thresholds).toEqual({ b: 0.6 });
    expect(before.thresholds).toEqual({});
  });
});

describe('messages', () => {
  it('software seats answer by their declared policy; the messages are public to the table and the observer', async () => {
    const { app } = testApp();
    const ask = async (answers: string) => {
      const s = await create(app, {
        seats: { a: { kind: 'human' }, b: { kind: 'negotiator', spec: 'hardliner', answers } },
      });
      const token = s.seats.a?.token as string;
      const url = `/api/sessions/${s.sessionId}`;
      await call(app, 'POST', `${url}/messages`, { token, body: { message: { kind: 'ask-priority' } } });
      const v = await call(app, 'POST', `${url}/messages`, {
        token,
        body: { message: { kind: 'ask-red-line', issue: 'delivery' } },
      });
      expect(v.status).toBe(200);
      expect(v.body.others[0].answers).toBe(answers);
      const events = await call(app, 'GET', `${url}/events`, { token: s.observerToken });
      expect(events.body.events.filter((e: { type: string }) => e.type === 'message')).toHaveLength(4);
      return v.body.messages.map((m: { party: string; message: unknown; answers?: number }) => [
        m.party,
        m.message,
        m.answers ?? null,
      ]);
    };
    // B's most important issue is delivery (weight 0.69), and its red line names delivery.
    expect(await ask('honest')).toEqual([
      ['a', { kind: 'ask-priority' }, null],
      ['b', { kind: 'priority', issue: 'delivery' }, 0],
      ['a', { kind: 'ask-red-line', issue: 'delivery' }, null],
      ['b', { kind: 'red-line', issue: 'delivery' }, 2],
    ]);
    expect((await ask('silent')).filter((m: unknown[]) => m[0] === 'b').map((m: unknown[]) => m[1])).toEqual([
      { kind: 'decline' },
      { kind: 'decline' },
    ]);
    // Strategic: with no offers of A to model, it keeps its priority; a red line it tells.
    expect(
      (await ask('strategic')).filter((m: unknown[]) => m[0] === 'b').map((m: unknown[]) => m[1]),
    ).toEqual([{ kind: 'decline' }, { kind: 'red-line', issue: 'delivery' }]);
  });

  it('a strategic seat states its priority when its model puts the asker’s elsewhere', async () => {
    const { app } = testApp();
    const s = await create(app, {
      seats: { a: { kind: 'human' }, b: { kind: 'negotiator', spec: 'hardliner', answers: 'strategic' } },
    });
    const token = s.seats.a?.token as string;
    const url = `/api/sessions/${s.sessionId}`;
    // A holds price at p1 and moves on delivery: the model makes price A's top issue, not delivery.
    await call(app, 'POST', `${url}/actions`, { token, body: offer('p1', 'slow') });
    await call(app, 'POST', `${url}/actions`, { token, body: offer('p1', 'normal') });
    const v = await call(app, 'POST', `${url}/messages`, {
      token,
      body: { message: { kind: 'ask-priority' } },
    });
    expect(v.body.messages.at(-1).message).toEqual({ kind: 'priority', issue: 'delivery' });
    expect(v.body.messages.at(-1).text).toBe('delivery matters most to me.');
  });

  it('free text only between people; unknown issues refused; nothing after the end', async () => {
    const { app } = testApp();
    const soft = await create(app, { seats: { a: { kind: 'human' }, b: { kind: 'negotiator' } } });
    const ta = soft.seats.a?.token as string;
    const refused = await call(app, 'POST', `/api/sessions/${soft.sessionId}/messages`, {
      token: ta,
      body: { message: { kind: 'text', text: 'hello' } },
    });
    expect([refused.status, refused.body.error.code, refused.body.error.path]).toEqual([
      400,
      'BAD_REQUEST',
      'message.kind',
    ]);
    const unknown = await call(app, 'POST', `/api/sessions/${soft.sessionId}/messages`, {
      token: ta,
      body: { message: { kind: 'priority', issue: 'nope' } },
    });
    expect([unknown.status, unknown.body.error.path]).toEqual([400, 'message.issue']);
    const people = await create(app, { seats: { a: { kind: 'human' }, b: { kind: 'human' } } });
    const url = `/api/sessions/${people.sessionId}`;
    const sent = await call(app, 'POST', `${url}/messages`, {
      token: people.seats.a?.token as string,
      body: { message: { kind: 'text', text: 'Shall we split the price?' } },
    });
    expect(sent.body.freeText).toBe(true);
    const bSees = (await call(app, 'GET', url, { token: people.seats.b?.token as string })).body;
    expect(bSees.messages).toMatchObject([{ party: 'a', text: 'Shall we split the price?' }]);
    await call(app, 'POST', `${url}/actions`, {
      token: people.seats.a?.token as string,
      body: { type: 'end' },
    });
    const late = await call(app, 'POST', `${url}/messages`, {
      token: people.seats.b?.token as string,
      body: { message: { kind: 'ask-priority' } },
    });
    expect(late.body.error.code).toBe('SESSION_OVER');
  });
});

describe("the opponent's estimated concession", () => {
  it("estimates the other party's priorities and the utility of its offers from its offers alone", async () => {
    const { app } = testApp();
    const s = await create(app, {
      seats: { a: { kind: 'human' }, b: { kind: 'negotiator', spec: 'conceder' } },
    });
    const token = s.seats.a?.token as string;
    const url = `/api/sessions/${s.sessionId}`;
    let v = (await call(app, 'GET', url, { token })).body;
    for (const [p, d] of [
      ['p1', 'express'],
      ['p1', 'normal'],
      ['p2', 'express'],
    ] as const) {
      if (v.status !== 'running') break;
      v = (await call(app, 'POST', `${url}/actions`, { token, body: offer(p, d) })).body;
    }
    const bOffers = v.offers.filter((o: { by: string }) => o.by === 'b');
    expect(v.estimates).toHaveLength(1);
    const est = v.estimates[0];
    expect(est.party).toBe('b');
    expect(est.offers.map((o: { step: number }) => o.step)).toEqual(
      bOffers.map((o: { step: number }) => o.step),
    );
    expect(est.priorities.reduce((a: number, p: { weight: number }) => a + p.weight, 0)).toBeCloseTo(1, 12);
    for (const o of est.offers) {
      expect(o.utility).toBeGreaterThan(0);
      expect(o.utility).toBeLessThanOrEqual(1 + 1e-12);
    }
  });
});

describe('improving the deal after it is made', () => {
  async function agreeOn(app: Parameters<typeof call>[0], seats: Record<string, unknown>) {
    const s = await create(app, { seats });
    const [ta, tb] = [s.seats.a?.token as string, s.seats.b?.token as string];
    const url = `/api/sessions/${s.sessionId}`;
    // p3/express: A 0.58, B 0.25; p1/slow would give A 0.6 and B 0.74.
    await call(app, 'POST', `${url}/actions`, { token: ta, body: offer('p3', 'express') });
    const v = await call(app, 'POST', `${url}/actions`, { token: tb, body: { type: 'accept' } });
    expect(v.body.status).toBe('agreement');
    return { ta, tb, url, s, view: v.body };
  }

  it('proposes a package better for every party; it replaces the deal only when every seat accepts', async () => {
    const { app } = testApp();
    const scenario = pairScenario();
    const { ta, tb, url, s, view } = await agreeOn(app, { a: { kind: 'human' }, b: { kind: 'human' } });
    const imp = view.improvement;
    expect(imp.status).toBe('open');
    expect(imp.decisions).toEqual({ a: null, b: null });
    expect(imp.rule).toContain('closest to the Nash point');
    const outcome = fromRecord(scenario.space, imp.outcome);
    const deal = fromRecord(scenario.space, { price: 'p3', delivery: 'express' });
    for (const p of scenario.parties) expect(partyUtility(p, outcome)).toBeGreaterThan(partyUtility(p, deal));
    expect(imp.utilityToYou).toBeCloseTo(partyUtility(scenario.parties[1] as never, outcome), 12);
    // The debrief is open and shows the deal as made.
    const d0 = (await call(app, 'GET', `${url}/debrief`, { token: ta })).body;
    expect(d0.agreementBefore).toBeNull();
    expect(d0.improvement.status).toBe('open');
    const a1 = await call(app, 'POST', `${url}/improvement`, { token: ta, body: { accept: true } });
    expect(a1.body.improvement.status).toBe('open');
    expect(a1.body.result.agreement).toEqual({ price: 'p3', delivery: 'express' });
    const twice = await call(app, 'POST', `${url}/improvement`, { token: ta, body: { accept: false } });
    expect(twice.status).toBe(409);
    const b1 = await call(app, 'POST', `${url}/improvement`, { token: tb, body: { accept: true } });
    expect(b1.body.improvement.status).toBe('adopted');
    expect(b1.body.result.agreement).toEqual(imp.outcome);
    expect(b1.body.result.before.agreement).toEqual({ price: 'p3', delivery: 'express' });
    const d1 = (await call(app, 'GET', `${url}/debrief`, { token: ta })).body;
    expect(d1.agreement.outcome).toEqual(imp.outcome);
    expect(d1.agreementBefore.outcome).toEqual({ price: 'p3', delivery: 'express' });
    const obs = (await call(app, 'GET', url, { token: s.observerToken })).body;
    expect(obs.result.agreement).toEqual(imp.outcome);
  });

  it('a single decline keeps the deal; software seats accept any strict improvement', async () => {
    const { app } = testApp();
    const people = await agreeOn(app, { a: { kind: 'human' }, b: { kind: 'human' } });
    const no = await call(app, 'POST', `${people.url}/improvement`, {
      token: people.tb,
      body: { accept: false },
    });
    expect(no.body.improvement.status).toBe('declined');
    expect(no.body.result.agreement).toEqual({ price: 'p3', delivery: 'express' });
    expect(no.body.result.before).toBeUndefined();

    // Against software, B's seat has accepted already (the log as a person's accept would leave it).
    const scenario = pairScenario();
    const table = buildTable(scenario, [{ kind: 'human' }, { kind: 'negotiator', spec: 'conceder' }], 1);
    const state = replay(table, [
      { type: 'act', party: 0, action: { type: 'offer', outcome: [2, 2] } },
      { type: 'act', party: 1, action: { type: 'accept' } },
    ]);
    const imp = improvementOf(table, state, []);
    expect(imp?.decisions).toEqual([null, true]);
    expect(
      improvementOf(table, state, [{ seq: 0, at: 0, note: { kind: 'improve', party: 0, accept: true } }])
        ?.status,
    ).toBe('adopted');
    // Software alone: nothing is proposed (the session ends as `lancaster simulate` ends it).
    const alone = buildTable(
      scenario,
      [
        { kind: 'negotiator', spec: 'conceder' },
        { kind: 'negotiator', spec: 'conceder' },
      ],
      1,
    );
    expect(
      improvementOf(
        alone,
        replay(
          alone,
          state.events.length
            ? [
                { type: 'act', party: 0, action: { type: 'offer', outcome: [2, 2] } },
                { type: 'act', party: 1, action: { type: 'accept' } },
              ]
            : [],
        ),
        [],
      ),
    ).toBeNull();
    // Before any deal there is nothing to answer.
    const soft = await create(app, {
      seats: { a: { kind: 'human' }, b: { kind: 'negotiator', spec: 'conceder' } },
    });
    const none = await call(app, 'POST', `/api/sessions/${soft.sessionId}/improvement`, {
      token: soft.seats.a?.token as string,
      body: { accept: true },
    });
    expect(none.body.error.code).toBe('NOT_OVER');
  });
});

describe('notes survive a restart', () => {
  it('the opened clock, messages, lapses and answers to an improvement are replayed from the store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lancaster-notes-'));
    try {
      const file = join(dir, 'notes.sqlite');
      const clock = new FakeClock();
      const scenarios = scenarioList([pairScenario({ humanTurnSeconds: 60 })]);
      const first = testApp({ file, clock, scenarios });
      const s = await create(first.app, { seats: { a: { kind: 'human' }, b: { kind: 'human' } } });
      const [ta, tb] = [s.seats.a?.token as string, s.seats.b?.token as string];
      const url = `/api/sessions/${s.sessionId}`;
      await call(first.app, 'POST', `${url}/open`, { token: ta, body: {} });
      await call(first.app, 'POST', `${url}/messages`, {
        token: ta,
        body: { message: { kind: 'text', text: 'Hello' } },
      });
      clock.advance(60_000);
      await first.manager.settled(s.sessionId);
      await call(first.app, 'POST', `${url}/actions`, { token: ta, body: offer('p3', 'express') });
      await call(first.app, 'POST', `${url}/actions`, { token: tb, body: { type: 'accept' } });
      await call(first.app, 'POST', `${url}/improvement`, { token: ta, body: { accept: true } });
      const before = (await call(first.app, 'GET', url, { token: ta })).body;
      first.manager.close();
      first.store.close();

      const second = testApp({ file, clock, scenarios });
      const after = (await call(second.app, 'GET', url, { token: ta })).body;
      expect(after.messages).toEqual(before.messages);
      expect(after.history).toEqual(before.history);
      expect(after.history[0]).toMatchObject({ type: 'lapse', passed: false });
      expect(after.clock.started).toBe(true);
      expect(after.improvement).toEqual(before.improvement);
      expect(after.improvement.decisions).toEqual({ a: true, b: null });
      // The answer still to come is taken after the restart.
      const b = await call(second.app, 'POST', `${url}/improvement`, { token: tb, body: { accept: true } });
      expect(b.body.improvement.status).toBe('adopted');
      second.manager.close();
      second.store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
