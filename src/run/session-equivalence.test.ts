/**
 * The runner's in-place core against the pure state machine: many random sessions (random
 * scenarios of 2–4 parties, seeds, negotiator specs, deadlines, sittings, principals, veto rules,
 * time limits) are run once by `runSession` and once by a reference driver written here, which
 * builds each turn's context from the state the plain way and feeds the pure `step`, copying the
 * state on every action. Both must give the same transcript, state and result, byte for byte.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Party } from '../model/party.ts';
import { ratifies } from '../model/party.ts';
import { Random } from '../model/random.ts';
import type { Scenario } from '../model/scenario.ts';
import { registerNegotiator } from '../negotiators/registry.ts';
import type { Negotiator, NegotiatorContext } from '../negotiators/types.ts';
import { currentTime, isFinished, step } from '../protocols/saop.ts';
import type { SaopState, SessionEvent, SessionResult, SessionState } from '../protocols/types.ts';
import { createSession, resultOf, runSession, SimulatedClock } from './session.ts';
import { randomScenario } from './test-scenarios.ts';

// A negotiator whose every move depends on the transcript it is shown and on its rng: it accepts
// when the transcript holds an even number of events and a coin says so, else it proposes again an
// outcome it finds in the transcript (or a fresh one). Any difference in `history` or `rng`
// between the two drivers changes what it does.
registerNegotiator(
  'test-echo',
  (_params, setup) => ({
    spec: 'test-echo',
    act(ctx: NegotiatorContext) {
      const h = ctx.history;
      if (ctx.offer && h.length % 2 === 0 && ctx.rng.float() < 0.5) {
        if (setup.party.utility.acceptable(ctx.offer.outcome)) return { type: 'accept' };
      }
      const offers = h.filter((e): e is Extract<SessionEvent, { type: 'offer' }> => e.type === 'offer');
      const pick = offers[ctx.rng.int(offers.length + 1)]?.outcome;
      const outcome = pick ?? setup.space.sample(ctx.rng);
      return setup.party.utility.acceptable(outcome)
        ? { type: 'offer', outcome: [...outcome] }
        : { type: 'offer', outcome: setup.space.outcomeAt(firstAcceptable(setup.party, setup.space.size)) };
    },
  }),
  'replays offers from the transcript at random (tests)',
);

function firstAcceptable(party: Party, size: number): number {
  const space = party.utility.space;
  for (let k = 0; k < size; k++) if (party.utility.acceptable(space.outcomeAt(k))) return k;
  throw new Error(`party ${party.id} has no acceptable outcome`);
}

const SPECS = [
  'boulware',
  'boulware:e=0.2',
  'conceder:e=2',
  'linear',
  'hardliner',
  'random',
  'random:p=0.5',
  'timedep:e=0.5,k=0.1',
  'boulware:accept=any(next,time(t=0.9))',
  'conceder:accept=const(c=0.6)',
  'linear:accept=all(next,time(t=0.5))',
  'test-echo',
];

/**
 * The reference: the pure machine driven the plain way. Negotiators here only make valid moves,
 * so the runner's checks (which have their own tests) never fire and need no counterpart.
 */
function runPure(
  scenario: Scenario,
  seed: number,
  negotiators: Record<string, string>,
  stepMs: number,
): { state: SaopState; result: SessionResult } {
  const created = createSession(scenario, { seed, negotiators });
  const parties = scenario.protocol.order.map((id) => scenario.parties.find((p) => p.id === id) as Party);
  let state = created.state as SaopState;
  while (!isFinished(state)) {
    if (state.status === 'ratifying') {
      const p = state.pendingRatification[0] as number;
      const party = parties[p] as Party;
      const outcome = (state.table as NonNullable<SaopState['table']>).outcome;
      const judge = party.principal?.utility ?? party.utility;
      state = step(state, {
        type: 'ratify',
        party: p,
        approve: ratifies(party, outcome),
        utility: judge.evaluate(outcome),
      });
      continue;
    }
    const i = state.turn;
    const ctx: NegotiatorContext = {
      t: currentTime(state),
      step: state.step,
      round: Math.floor(state.step / state.parties.length),
      offer: state.table ? { outcome: [...state.table.outcome], by: state.table.by } : null,
      history: state.events,
      rng: Random.from(state.seed, 'negotiator', i, state.step),
    };
    const action = (created.negotiators[i] as Negotiator).act(ctx);
    state = step(state, { type: 'act', party: i, action, elapsedMs: stepMs });
  }
  const used = Object.fromEntries(parties.map((p, i) => [p.id, (created.negotiators[i] as Negotiator).spec]));
  return { state, result: resultOf(scenario, state, used) };
}

const sessionArb = fc
  .record({
    scenarioSeed: fc.nat(10_000),
    parties: fc.integer({ min: 2, max: 4 }),
    rounds: fc.integer({ min: 1, max: 60 }),
    principal: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
    onVeto: fc.constantFrom<'end' | 'reopen'>('end', 'reopen'),
    // A time limit (in simulated milliseconds per action) that may strike before the rounds run out.
    timeLimit: fc.option(fc.integer({ min: 1, max: 200 }), { nil: undefined }),
    picks: fc.array(fc.nat(SPECS.length - 1), { minLength: 4, maxLength: 4 }),
    seed: fc.nat(),
  })
  .map((r) => {
    const scenario = randomScenario(r.scenarioSeed, r.parties, {
      rounds: r.rounds,
      onVeto: r.onVeto,
      ...(r.principal === undefined ? {} : { principalThreshold: r.principal }),
      ...(r.timeLimit === undefined ? {} : { timeLimitSeconds: r.timeLimit / 1000 }),
    });
    const negotiators = Object.fromEntries(
      scenario.protocol.order.map((id, i) => [id, SPECS[r.picks[i] ?? 0] as string]),
    );
    return { scenario, negotiators, seed: r.seed, stepMs: r.timeLimit === undefined ? 0 : 1 };
  });

describe('runSession (in place) and the pure step path', () => {
  it('give identical transcripts, states and results over random sessions', () => {
    const statuses = new Set<string>();
    fc.assert(
      fc.property(sessionArb, ({ scenario, negotiators, seed, stepMs }) => {
        const pure = runPure(scenario, seed, negotiators, stepMs);
        const fast = runSession(scenario, { seed, negotiators, clock: new SimulatedClock(stepMs) });
        statuses.add(pure.result.status);
        expect(fast.state.events).toEqual(pure.state.events);
        expect(JSON.stringify(fast.state)).toBe(JSON.stringify(pure.state));
        expect(JSON.stringify(fast.result)).toBe(JSON.stringify(pure.result));
      }),
      // A fixed seed: the check below needs every ending among the 250 sessions, which a fresh
      // random draw each run sometimes missed (no 'vetoed' at all).
      { numRuns: 250, seed: 20261206 },
    );
    // The sessions ended in several ways, so more than one branch of the rules was compared.
    for (const s of ['agreement', 'deadline', 'vetoed']) expect(statuses).toContain(s);
  });

  it('times every action alike however the clock readings are shared: listeners and principals in between', () => {
    fc.assert(
      fc.property(sessionArb, fc.integer({ min: 1, max: 50 }), fc.boolean(), (session, stepMs, listen) => {
        // No time limit here: an action that lands after one is discarded, its time still counted.
        const { timeLimitSeconds: _limit, ...protocol } = session.scenario.protocol;
        const scenario = { ...session.scenario, protocol };
        const { negotiators, seed } = session;
        let heard = 0;
        const { state } = runSession(scenario, {
          seed,
          negotiators,
          clock: new SimulatedClock(stepMs),
          ...(listen ? { onEvent: () => heard++ } : {}),
        });
        // Each negotiator action spent exactly one tick of the clock, nothing else was charged.
        expect(state.elapsedMs).toBe(stepMs * state.step);
        if (listen) expect(heard).toBe(state.events.length);
      }),
      { numRuns: 80 },
    );
  });

  it('stays identical when the fast runner is stopped and resumed from JSON along the way', () => {
    fc.assert(
      fc.property(sessionArb, fc.integer({ min: 1, max: 40 }), ({ scenario, negotiators, seed }, chunk) => {
        const pure = runPure(scenario, seed, negotiators, 0);
        let state: SessionState | undefined;
        let result: SessionResult | null = null;
        for (let k = 0; k < 1000 && result === null; k++) {
          const r = runSession(scenario, {
            seed,
            negotiators,
            maxSteps: chunk,
            clock: new SimulatedClock(0),
            ...(state ? { state: JSON.parse(JSON.stringify(state)) as SessionState } : {}),
          });
          state = r.state;
          result = r.result;
        }
        expect(JSON.stringify(result)).toBe(JSON.stringify(pure.result));
      }),
      { numRuns: 60 },
    );
  });
});
