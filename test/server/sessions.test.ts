/**
 * The session manager and its pure core: a session without people ends exactly as `runSession`
 * ends it; the turn timer (fake clock, no sleeping) logs a timeout and ends the session; a restart
 * on the same database replays every log, re-arms timers from the logged turn start, and times out
 * a turn that ran out while the server was down; and a property test: random sequences of valid and
 * invalid requests never give a 5xx and never lose an acknowledged action.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenarioAny } from '../../src/formats/load-any.ts';
import type { ProtocolAction } from '../../src/protocols/types.ts';
import { runSession, SimulatedClock } from '../../src/run/session.ts';
import { buildTable, replay, SoftwareSeats } from '../../src/server/machine.ts';
import { dueAfter, SessionManager, scenarioList } from '../../src/server/sessions.ts';
import { InlineSoftware } from '../../src/server/software.ts';
import { SessionStore } from '../../src/server/store.ts';
import { call, FakeClock, pairScenario, testApp } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'lancaster-sessions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('software seats', () => {
  it('a session without people ends exactly as runSession ends it', () => {
    const london = loadScenarioAny('london-2025').scenario;
    for (const seed of [1, 2, 3]) {
      const specs = { us: 'boulware:e=0.2', china: 'nicetft' };
      const table = buildTable(
        london,
        [
          { kind: 'negotiator', spec: specs.us },
          { kind: 'negotiator', spec: specs.china },
        ],
        seed,
      );
      const seats = new SoftwareSeats(table, new SimulatedClock(0));
      const actions: ProtocolAction[] = [];
      seats.play((a) => actions.push(a));
      const state = seats.current;
      const reference = runSession(london, { seed, negotiators: specs });
      expect(state.status).toBe(reference.state.status);
      expect(JSON.stringify(state.events)).toBe(JSON.stringify(reference.state.events));
      // The log replays to the same state.
      expect(replay(table, actions)).toEqual(state);
    }
  });
});

describe('turn timers', () => {
  it('a person who does not act within humanTurnSeconds times out', async () => {
    const { app, clock } = testApp({ scenarios: scenarioList([pairScenario({ humanTurnSeconds: 60 })]) });
    const created = await call(app, 'POST', '/api/sessions', {
      body: {
        scenario: 'pair',
        seats: { a: { kind: 'human' }, b: { kind: 'negotiator', spec: 'hardliner' } },
        observer: true,
        lapse: 'end',
      },
    });
    const { sessionId } = created.body;
    const token = created.body.seats.a.token;
    const url = `/api/sessions/${sessionId}`;
    await call(app, 'POST', `${url}/open`, { token, body: {} });
    clock.advance(50_000);
    // Acting restarts the clock of the turn.
    await call(app, 'POST', `${url}/actions`, {
      token,
      body: { type: 'offer', outcome: { price: 'p1', delivery: 'slow' } },
    });
    const v = await call(app, 'GET', url, { token });
    expect(v.body.turnDeadline).toBe(new Date(clock.now() + 60_000).toISOString());
    clock.advance(59_999);
    expect((await call(app, 'GET', url, { token })).body.status).toBe('running');
    clock.advance(1);
    const after = await call(app, 'GET', url, { token });
    expect(after.body.status).toBe('timeout');
    expect(after.body.result).toMatchObject({ status: 'timeout', agreement: null, utilityToYou: 0.2 });
    expect(clock.pending).toBe(0);
    const events = await call(app, 'GET', `${url}/events`, { token: created.body.observerToken });
    expect(events.body.events.at(-1)).toMatchObject({ type: 'timeout', party: 'a', code: 'ACTION_TIMEOUT' });
  });
});

describe('time limits', () => {
  it("a scenario with timeLimitSeconds ends at the limit, counting people's and negotiators' time", async () => {
    const scenario = pairScenario({ humanTurnSeconds: 60, timeLimitSeconds: 100 });
    // Every negotiator action takes 5 ms of the negotiators' clock.
    const { app, clock } = testApp({
      scenarios: scenarioList([scenario]),
      software: new InlineSoftware(new SimulatedClock(5)),
    });
    const created = await call(app, 'POST', '/api/sessions', {
      body: {
        scenario: 'pair',
        seats: { a: { kind: 'human' }, b: { kind: 'negotiator', spec: 'hardliner' } },
      },
    });
    const token = created.body.seats.a.token;
    const url = `/api/sessions/${created.body.sessionId}`;
    clock.advance(50_000);
    const v = await call(app, 'POST', `${url}/actions`, {
      token,
      body: { type: 'offer', outcome: { price: 'p1', delivery: 'slow' } },
    });
    // Half the limit spent by A, 5 ms by the negotiator.
    expect(v.body.time).toBeCloseTo(50_005 / 100_000, 12);
    clock.advance(49_994);
    expect((await call(app, 'GET', url, { token })).body.status).toBe('running');
    clock.advance(1);
    const after = await call(app, 'GET', url, { token });
    expect(after.body.status).toBe('deadline');
    expect(after.body.time).toBe(1);
  });
});

describe('restart', () => {
  it('resumes every unfinished session from the log; clocks stop while the server is down', async () => {
    const file = join(dir, 'restart.sqlite');
    const clock = new FakeClock();
    const scenarios = scenarioList([pairScenario({ humanTurnSeconds: 100 })]);
    const first = testApp({ file, clock, scenarios });
    const create = async () => {
      const body = (
        await call(first.app, 'POST', '/api/sessions', {
          body: {
            scenario: 'pair',
            seats: { a: { kind: 'human' }, b: { kind: 'negotiator', spec: 'conceder' } },
            seed: 3,
            lapse: 'end',
          },
        })
      ).body;
      await call(first.app, 'POST', `/api/sessions/${body.sessionId}/open`, {
        token: body.seats.a.token,
        body: {},
      });
      return body;
    };
    const s1 = await create();
    clock.advance(30_000);
    const s2 = await create();
    await call(first.app, 'POST', `/api/sessions/${s1.sessionId}/actions`, {
      token: s1.seats.a.token,
      body: { type: 'offer', outcome: { price: 'p1', delivery: 'express' } },
    });
    clock.advance(20_000);
    const before = first.manager.stateOf(s1.sessionId);
    first.manager.close();
    first.store.close();

    // Both current turns started at t = 30 s (s2 created, s1's offer answered) and last 100 s; the
    // server stops at t = 50 s with 80 s left, is down until t = 250 s, and both run out 80 s later.
    clock.advance(200_000);
    const second = testApp({ file, clock, scenarios });
    expect(await second.manager.resumeAll()).toBe(2);
    expect(second.manager.stateOf(s1.sessionId)).toEqual(before);
    const v = await call(second.app, 'GET', `/api/sessions/${s1.sessionId}`, { token: s1.seats.a.token });
    expect(v.body.step).toBe(2);
    expect(v.body.turnDeadline).toBe(new Date(clock.now() + 80_000).toISOString());
    clock.advance(79_999);
    expect(second.manager.stateOf(s1.sessionId).status).toBe('running');
    clock.advance(1);
    expect(second.manager.stateOf(s1.sessionId).status).toBe('error');
    expect(second.manager.stateOf(s2.sessionId).status).toBe('error');
    second.manager.close();
    second.store.close();

    // A seat that never opened the table has no clock running: it is still its turn after a long wait.
    const third = testApp({ file, clock, scenarios });
    const s3 = (
      await call(third.app, 'POST', '/api/sessions', {
        body: { scenario: 'pair', seats: { a: { kind: 'human' }, b: { kind: 'human' } }, lapse: 'end' },
      })
    ).body;
    clock.advance(500_000);
    expect(third.manager.stateOf(s3.sessionId).status).toBe('running');
    third.manager.close();
    third.store.close();
    const fourth = testApp({ file, clock, scenarios });
    expect(await fourth.manager.resumeAll()).toBe(1);
    const v3 = await call(fourth.app, 'GET', `/api/sessions/${s3.sessionId}`, { token: s3.seats.b.token });
    expect(v3.body.status).toBe('running');
    expect(v3.body.turnDeadline).toBeNull();
    fourth.manager.close();
    fourth.store.close();
  });

  it('dueAfter skips the time the server was down', () => {
    expect(dueAfter(0, 100, [])).toBe(100);
    expect(dueAfter(0, 100, [{ from: 40, to: 140 }])).toBe(200);
    expect(dueAfter(0, 100, [{ from: 150, to: 300 }])).toBe(100);
    expect(dueAfter(50, 100, [{ from: 0, to: 80 }])).toBe(180);
    expect(
      dueAfter(0, 100, [
        { from: 10, to: 20 },
        { from: 30, to: 50 },
      ]),
    ).toBe(130);
  });
});

describe('memory', () => {
  it('drops finished, unwatched sessions above the cap and reloads them by replay', async () => {
    const store = SessionStore.open(':memory:');
    const manager = new SessionManager({
      store,
      scenarios: scenarioList([pairScenario()]),
      clock: new FakeClock(),
      maxLiveSessions: 3,
    });
    const seats = {
      a: { kind: 'negotiator' as const, spec: 'conceder' },
      b: { kind: 'negotiator' as const, spec: 'linear' },
    };
    const running = await manager.create({
      scenario: 'pair',
      seats: { a: { kind: 'human' }, b: { kind: 'human' } },
    });
    const done = [];
    for (let k = 0; k < 5; k++)
      done.push(await manager.create({ scenario: 'pair', seats, observer: true, seed: k }));
    expect(manager.liveCount).toBe(3);
    // The running session is never dropped; a dropped one comes back the same.
    expect(manager.stateOf(running.sessionId).status).toBe('running');
    const first = done[0] as (typeof done)[number];
    const view = manager.view(first.sessionId, manager.authenticate(first.sessionId, first.observerToken));
    expect(view.status).not.toBe('running');
    expect(view.offers.length).toBeGreaterThan(0);
    manager.close();
    store.close();
  });
});

describe('model-based', () => {
  const requests = fc.oneof(
    fc.record({
      who: fc.constantFrom('a', 'b', 'observer', 'nobody'),
      body: fc.oneof(
        fc.record({
          type: fc.constant('offer'),
          outcome: fc.record({
            price: fc.constantFrom('p1', 'p2', 'p3', 'p4', 'p9'),
            delivery: fc.constantFrom('slow', 'normal', 'express'),
          }),
        }),
        fc.constant({ type: 'accept' }),
        fc.constant({ type: 'end' }),
        fc.record({ type: fc.constant('accept'), expectStep: fc.nat(12) }),
        fc.anything(),
      ),
    }),
    fc.record({
      who: fc.constantFrom('a', 'b', 'observer', 'nobody'),
      get: fc.constantFrom('', '/debrief', '/events'),
    }),
    fc.record({ advance: fc.integer({ min: 0, max: 200_000 }) }),
  );

  it('never a 5xx, and every acknowledged action stays in the log', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(requests, { maxLength: 25 }), fc.boolean(), async (script, software) => {
        const { app, clock, manager, store } = testApp();
        const seats = {
          a: { kind: 'human' },
          b: software ? { kind: 'negotiator', spec: 'conceder' } : { kind: 'human' },
        };
        const created = await call(app, 'POST', '/api/sessions', {
          body: { scenario: 'pair', seats, observer: true, seed: 2 },
        });
        const { sessionId } = created.body;
        const token = (who: string) =>
          who === 'observer'
            ? created.body.observerToken
            : who === 'nobody'
              ? 'nobody'
              : (created.body.seats[who]?.token ?? 'x');
        const url = `/api/sessions/${sessionId}`;
        let acknowledged = 0;
        for (const r of script) {
          if ('advance' in r) {
            clock.advance(r.advance);
            continue;
          }
          const res =
            'get' in r
              ? await call(app, 'GET', `${url}${r.get}`, { token: token(r.who) })
              : await call(app, 'POST', `${url}/actions`, { token: token(r.who), body: r.body });
          expect(res.status).toBeLessThan(500);
          if (res.status >= 400) expect(res.body.error.code).toMatch(/^[A-Z_]+$/);
          if (!('get' in r) && res.status === 200) acknowledged = res.body.step;
          // Every acknowledged step is in the log and replays to the state the server holds.
          const log = store.actions(sessionId);
          const acts = log.filter((l) => l.action.type === 'act').length;
          expect(acts).toBeGreaterThanOrEqual(acknowledged);
          expect(store.actionCount(sessionId)).toBe(log.length);
        }
        const table = buildTable(
          pairScenario(),
          software
            ? [{ kind: 'human' }, { kind: 'negotiator', spec: 'conceder' }]
            : [{ kind: 'human' }, { kind: 'human' }],
          2,
        );
        expect(
          replay(
            table,
            store.actions(sessionId).map((l) => l.action),
          ),
        ).toEqual(manager.stateOf(sessionId));
        manager.close();
        store.close();
      }),
      { numRuns: 60 },
    );
  });
});
