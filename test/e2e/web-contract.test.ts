/**
 * The contract between the server's seat view and the browser app, without a browser: the web app
 * rebuilds the seat's utility function from `view.you.utility` (as it arrives over the wire, i.e.
 * after JSON) and must value every package exactly as the server does, flag the same red lines, and
 * turn outcomes into the API's records and back without loss. Also the app's hash routes, which
 * carry the seat token, must read back what they wrote for any id and token.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { loadScenarioAny } from '../../src/formats/load-any.ts';
import type { Scenario } from '../../src/model/scenario.ts';
import { randomScenario } from '../../src/run/test-scenarios.ts';
import type { SeatView } from '../../src/server/api.ts';
import { buildTable, resolveSeats, startState } from '../../src/server/machine.ts';
import { seatView } from '../../src/server/views.ts';
import { sittingTime } from '../../web/src/brief-time.ts';
import { spaceOf, toOutcome, utilityOf } from '../../web/src/model.ts';
import { hrefOf, parseRoute, type Route } from '../../web/src/route.ts';

/** What the browser receives for the seat of `partyIndex`: the server's view, through JSON. */
function wireView(scenario: Scenario, partyIndex: number): SeatView {
  const seats = Object.fromEntries(
    scenario.parties.map((p, k) => [
      p.id,
      k === partyIndex ? { kind: 'human' as const } : { kind: 'negotiator' as const },
    ]),
  );
  const table = buildTable(scenario, resolveSeats(scenario, seats), 1);
  const view = seatView({ sessionId: 's', table, state: startState(table), turnDeadline: null }, partyIndex);
  return JSON.parse(JSON.stringify(view)) as SeatView;
}

/** Checks the browser's rebuild against the scenario's own utility, outcome by outcome. */
function expectSameValuation(scenario: Scenario, partyIndex: number): void {
  const view = wireView(scenario, partyIndex);
  const party = scenario.parties.find((p) => p.id === view.you.party.id);
  if (!party) throw new Error(`no party ${view.you.party.id}`);
  const space = spaceOf(view.issues);
  const u = utilityOf(space, view.you.utility);
  expect(u).not.toBeNull();
  if (!u) return;
  expect(space.size).toBe(scenario.space.size);
  for (const o of scenario.space.enumerate()) {
    expect(u.evaluate(o)).toBe(party.utility.evaluate(o));
    expect(u.acceptable(o)).toBe(party.utility.acceptable(o));
    const rec = space.toRecord(o);
    expect(rec).toEqual(scenario.space.toRecord(o));
    expect(toOutcome(space, rec)).toEqual(o);
  }
}

describe('the seat view rebuilt in the browser', () => {
  it('values every London package as the server does, for both delegations', () => {
    const london = loadScenarioAny('london-2025').scenario;
    expectSameValuation(london, 0);
    expectSameValuation(london, 1);
  });

  test.prop([fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 1 })], { numRuns: 25 })(
    'values every package of a random scenario as the server does',
    (seed, seat) => {
      expectSameValuation(randomScenario(seed, 2), seat);
    },
  );

  it('refuses records with an unknown value or a missing issue', () => {
    const london = loadScenarioAny('london-2025').scenario;
    const space = spaceOf(wireView(london, 0).issues);
    const rec = space.toRecord(space.outcomeAt(5));
    expect(toOutcome(space, { ...rec, eda: 'nonsense' })).toBeNull();
    const { eda: _dropped, ...missing } = rec;
    expect(toOutcome(space, missing)).toBeNull();
  });
});

describe('hash routes', () => {
  const word = fc.string({ minLength: 1, maxLength: 40 });
  const route: fc.Arbitrary<Route> = fc.oneof(
    fc.constant({ name: 'home' as const }),
    fc.record({
      name: fc.constant('play' as const),
      sessionId: word,
      page: fc.constantFrom('brief' as const, 'table' as const, 'debrief' as const),
      token: word,
    }),
    fc.record({ name: fc.constant('watch' as const), sessionId: word, token: word }),
  );

  test.prop([route])('read back what they write, whatever the id and token', (r) => {
    expect(parseRoute(hrefOf(r))).toEqual(r);
  });

  it('keeps the token out of the part of the URL the server sees', () => {
    const href = hrefOf({ name: 'play', sessionId: 'abc', page: 'table', token: 'secret' });
    expect(href.startsWith('#')).toBe(true);
    expect(new URL(`http://localhost/${href}`).search).toBe('');
  });

  it('sends anything unknown home', () => {
    expect(parseRoute('#/nowhere')).toEqual({ name: 'home' });
    expect(parseRoute('')).toEqual({ name: 'home' });
  });
});

describe('sitting times', () => {
  it('shows the clock times as written, with their offset', () => {
    expect(sittingTime('2025-06-09T13:00+01:00', '2025-06-09T20:00+01:00')).toBe('13:00–20:00 (UTC+01:00)');
    expect(sittingTime('2025-06-09T13:00:00Z', undefined)).toBe('13:00 (UTC+00:00)');
    expect(sittingTime(undefined, undefined)).toBe('—');
    expect(sittingTime('after lunch', undefined)).toBe('after lunch');
  });
});
