/**
 * Privacy through the API: (a) structural, nothing a seat is sent (views, action replies, errors)
 * holds a key or value of another party's private data; (b) invariance, two human-vs-human sessions
 * with the same actions, where only party B's preferences differ, look identical to A (ids, tokens
 * and times removed); (c) the debrief and the event list are refused to a seat before the end.
 */
import type { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { loadScenarioAny } from '../../src/formats/load-any.ts';
import type { Scenario } from '../../src/model/scenario.ts';
import { scenarioList } from '../../src/server/sessions.ts';
import { B_SECRETS, call, pairScenario, scrub, testApp } from './helpers.ts';

/** Strings that must never reach a seat of party A (B's private data as it would be serialised). */
function secretsOf(scenario: Scenario, partyId: string, spec?: string): string[] {
  const p = scenario.parties.find((q) => q.id === partyId);
  if (!p) throw new Error(partyId);
  const s: string[] = [];
  for (const r of p.utility.redLines) s.push(r.id, r.label);
  for (const r of p.utility.regions) if (r.label) s.push(r.label);
  if (p.principal) s.push(`"ratificationThreshold":${p.principal.ratificationThreshold}`);
  s.push(`"reservationValue":${p.reservationValue}`);
  if (spec) s.push(spec);
  return s;
}

/** Every key path of a JSON value, as `a.b.c` with array indices dropped. */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => keyPaths(v, prefix));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [`${prefix}${k}`, ...keyPaths(v, `${prefix}${k}.`)]);
  }
  return [];
}

function expectNoLeak(seen: readonly string[], secrets: readonly string[]) {
  for (const text of seen)
    for (const secret of secrets) expect(text, `leaked ${secret}`).not.toContain(secret);
}

/** Keys a seat view may hold that carry private data: only under `you`. */
function expectOnlyOwnPrivateKeys(view: unknown) {
  const private_ =
    /(^|\.)(reservationValue|weights|evaluators|regions|redLines|ratificationThreshold|utilities|negotiator|parties)$/;
  for (const path of keyPaths(view))
    if (private_.test(path)) expect(path.startsWith('you.'), path).toBe(true);
}

const offer = (price: string, delivery: string) => ({ type: 'offer', outcome: { price, delivery } });

async function collectSeatTraffic(app: Hono, sessionId: string, token: string, script: readonly unknown[]) {
  const seen: string[] = [];
  const views: unknown[] = [];
  const url = `/api/sessions/${sessionId}`;
  const get = async () => {
    const r = await call(app, 'GET', url, { token });
    seen.push(r.text);
    views.push(r.body);
    return r.body;
  };
  await get();
  for (const body of script) {
    const r = await call(app, 'POST', `${url}/actions`, { token, body });
    seen.push(r.text);
    if (r.status === 200) views.push(r.body);
    await get();
  }
  // Errors a seat can provoke, each of which must stay silent about the other side.
  for (const body of [
    offer('p1', 'express'),
    offer('p4', 'slow'),
    { type: 'accept', expectStep: 999 },
    { nonsense: 1 },
  ]) {
    seen.push((await call(app, 'POST', `${url}/actions`, { token, body })).text);
  }
  seen.push((await call(app, 'GET', `${url}/events`, { token })).text);
  return { seen, views };
}

describe('structural privacy', () => {
  it("a seat against software never sees the other party's private data", async () => {
    const scenario = pairScenario({ bPrincipal: true, rounds: 8 });
    const { app } = testApp({ scenarios: scenarioList([scenario]) });
    const created = await call(app, 'POST', '/api/sessions', {
      body: {
        scenario: 'pair',
        seats: { a: { kind: 'human' }, b: { kind: 'negotiator', spec: 'boulware:e=0.3' } },
        seed: 9,
      },
    });
    const token = created.body.seats.a.token as string;
    const script = [offer('p1', 'slow'), offer('p2', 'slow'), offer('p2', 'normal'), offer('p3', 'slow')];
    const { seen, views } = await collectSeatTraffic(app, created.body.sessionId, token, script);
    const secrets = [
      ...secretsOf(scenario, 'b', 'boulware:e=0.3'),
      String(B_SECRETS.reservationValue),
      String(B_SECRETS.threshold),
      ...B_SECRETS.weights.map(String),
    ];
    expectNoLeak(seen, secrets);
    for (const v of views) expectOnlyOwnPrivateKeys(v);
    const last = views.at(-1) as { others: unknown[]; you: { party: { id: string } } };
    expect(last.you.party.id).toBe('a');
    expect(last.others).toEqual([
      {
        id: 'b',
        label: 'Seller',
        delegation: [{ name: 'Bob', role: 'seller', lead: true }],
        principal: { name: 'ZZB Principal', title: 'CEO' },
        // The software seat's declared policy for answering questions (public by design).
        answers: 'strategic',
      },
    ]);
  });

  it("London: the US seat never sees China's red lines, linkage, reservation value, threshold or negotiator", async () => {
    const london = loadScenarioAny('london-2025').scenario;
    const { app } = testApp({ scenarios: scenarioList([london]) });
    const created = await call(app, 'POST', '/api/sessions', {
      body: {
        scenario: 'london-2025',
        seats: { us: { kind: 'human' }, china: { kind: 'negotiator' } },
        seed: 4,
      },
    });
    const token = created.body.seats.us.token as string;
    const base = {
      rare_earths: 'broad',
      eda: 'halted',
      jet_engines: 'suspended',
      ethane: 'licence_required',
      advanced_chips: 'restricted',
      student_visas: 'revocations_threatened',
    };
    const script = [
      { type: 'offer', outcome: base },
      { type: 'offer', outcome: { ...base, ethane: 'licensed' } },
      { type: 'offer', outcome: { ...base, ethane: 'licensed', student_visas: 'threat_withdrawn' } },
    ];
    const { seen, views } = await collectSeatTraffic(app, created.body.sessionId, token, script);
    const china = london.parties.find((p) => p.id === 'china');
    expectNoLeak(seen, secretsOf(london, 'china', china?.negotiator));
    for (const v of views) expectOnlyOwnPrivateKeys(v);
  });
});

describe('invariance', () => {
  async function play(variant: Scenario) {
    const { app, clock } = testApp({ scenarios: scenarioList([variant]) });
    const created = await call(app, 'POST', '/api/sessions', {
      body: { scenario: 'pair', seats: { a: { kind: 'human' }, b: { kind: 'human' } }, seed: 1 },
    });
    const { sessionId } = created.body;
    const [ta, tb] = [created.body.seats.a.token as string, created.body.seats.b.token as string];
    const url = `/api/sessions/${sessionId}`;
    const aSees: unknown[] = [];
    const seeA = async () => aSees.push((await call(app, 'GET', url, { token: ta })).body);
    // A's own requests, good and bad, and B's moves; A records everything it receives.
    const steps: [string, unknown][] = [
      ['a', offer('p1', 'express')],
      ['a', offer('p1', 'slow')], // out of turn
      ['b', offer('p3', 'slow')],
      ['a', offer('p4', 'normal')], // A's red line
      ['a', offer('p2', 'normal')],
      ['b', offer('p3', 'normal')],
      ['a', { type: 'accept', expectStep: 0 }], // stale
      ['a', { type: 'accept' }],
    ];
    await seeA();
    for (const [who, body] of steps) {
      clock.advance(1000);
      const r = await call(app, 'POST', `${url}/actions`, { token: who === 'a' ? ta : tb, body });
      if (who === 'a') aSees.push({ status: r.status, body: r.body });
      await seeA();
    }
    return aSees;
  }

  it("A's views and errors do not depend on B's preferences", async () => {
    const one = await play(pairScenario());
    const two = await play(
      pairScenario({ bWeights: [0.9, 0.1], bPrice: [0, 0.1, 0.2, 1], bReservation: 0.61 }),
    );
    expect((one.at(-1) as { status: string }).status).toBe('agreement');
    // Once the deal is made, the improvement proposed after it is computed from every party's
    // preferences, by design (as the debrief is); everything before the end is invariant.
    const running = (views: unknown[]) =>
      JSON.parse(JSON.stringify(views, (k, v) => (k === 'improvement' ? undefined : v))) as unknown[];
    expect(scrub(running(two))).toEqual(scrub(running(one)));
  });
});

describe('analysis only after the end', () => {
  it('the debrief is 409 NOT_OVER and events 403 OBSERVER_ONLY for a seat while running', async () => {
    const { app } = testApp();
    const created = await call(app, 'POST', '/api/sessions', {
      body: { scenario: 'pair', seats: { a: { kind: 'human' }, b: { kind: 'human' } } },
    });
    const url = `/api/sessions/${created.body.sessionId}`;
    for (const token of [created.body.seats.a.token, created.body.seats.b.token]) {
      const d = await call(app, 'GET', `${url}/debrief`, { token });
      expect([d.status, d.body.error.code]).toEqual([409, 'NOT_OVER']);
      expect(d.text).not.toContain('frontier');
      const e = await call(app, 'GET', `${url}/events`, { token });
      expect([e.status, e.body.error.code]).toEqual([403, 'OBSERVER_ONLY']);
    }
  });
});

describe('the spectator token', () => {
  it('sees the offers as packages and nothing private of either side, before or after the end', async () => {
    const scenario = pairScenario({ bPrincipal: true, rounds: 8 });
    const { app } = testApp({ scenarios: scenarioList([scenario]) });
    const created = await call(app, 'POST', '/api/sessions', {
      body: {
        scenario: 'pair',
        seats: { a: { kind: 'human' }, b: { kind: 'negotiator', spec: 'boulware:e=0.3' } },
        seed: 9,
        spectator: true,
      },
    });
    const spectator = created.body.spectatorToken as string;
    expect(spectator).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(created.body.observerToken).toBeUndefined();
    const url = `/api/sessions/${created.body.sessionId}`;
    const seat = created.body.seats.a.token as string;
    const seen: string[] = [];
    const views: unknown[] = [];
    const look = async () => {
      const r = await call(app, 'GET', url, { token: spectator });
      expect(r.status).toBe(200);
      seen.push(r.text);
      views.push(r.body);
      return r.body;
    };
    await look();
    for (const a of [offer('p1', 'slow'), offer('p2', 'slow')])
      expect((await call(app, 'POST', `${url}/actions`, { token: seat, body: a })).status).toBe(200);
    const running = await look();
    expect(running.role).toBe('public');
    expect(running.offers.length).toBeGreaterThanOrEqual(3);
    expect(running.offers[0]).toEqual({
      step: 0,
      round: 0,
      by: 'a',
      outcome: { price: 'p1', delivery: 'slow' },
    });
    // It cannot act, nor read the debrief or the events with their utilities.
    const act = await call(app, 'POST', `${url}/actions`, { token: spectator, body: { type: 'end' } });
    expect([act.status, act.body.error.code]).toEqual([403, 'SEAT_ONLY']);
    for (const path of ['debrief', 'events']) {
      const r = await call(app, 'GET', `${url}/${path}`, { token: spectator });
      expect([r.status, r.body.error.code]).toEqual([403, 'OBSERVER_ONLY']);
    }
    expect((await call(app, 'POST', `${url}/actions`, { token: seat, body: { type: 'end' } })).status).toBe(
      200,
    );
    const ended = await look();
    expect(ended.result).toEqual({ status: 'walked-away', agreement: null, rounds: expect.any(Number) });
    const secrets = [
      ...secretsOf(scenario, 'a'),
      ...secretsOf(scenario, 'b', 'boulware:e=0.3'),
      String(B_SECRETS.reservationValue),
      String(B_SECRETS.threshold),
    ];
    expectNoLeak(seen, secrets);
    const private_ =
      /(^|\.)(you|reservationValue|weights|evaluators|regions|redLines|ratificationThreshold|utilities|utilityToYou|negotiator|parties)$/;
    for (const v of views) for (const path of keyPaths(v)) expect(path).not.toMatch(private_);
  });

  it('is issued only where a person sits', async () => {
    const { app } = testApp({ scenarios: scenarioList([pairScenario()]) });
    const created = await call(app, 'POST', '/api/sessions', {
      body: {
        scenario: 'pair',
        seats: { a: { kind: 'negotiator' }, b: { kind: 'negotiator' } },
        observer: true,
        spectator: true,
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.spectatorToken).toBeUndefined();
  });
});
