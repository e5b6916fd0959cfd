/**
 * The protocol conformance suite, in the style of the negotiator suite and of Hono's shared router
 * suite: one function, `runProtocolConformance({ name, play })`, holds a protocol to the rules every
 * table must keep, and each protocol's test file calls it (saop.conformance.test.ts,
 * mediated.conformance.test.ts, once per chair). `play` turns any scenario into one played under
 * the protocol, so the same small scenarios (two, three and four parties, red lines, principals,
 * sittings, a time limit) run under every protocol. The checks:
 *
 * - serialisation round trip: every state of random walks of the pure machine survives
 *   `JSON.parse(JSON.stringify(state))` unchanged and steps on exactly as the original; a session
 *   run in slices, serialised and resumed with rebuilt negotiators ends byte-identically;
 * - determinism for a seed: the same seed and negotiators give byte-identical results, and the
 *   seed matters;
 * - deadline: every session ends by its deadline in rounds, and by its time limit on a simulated
 *   clock (an action that lands after the limit is not taken);
 * - red lines: no agreement crosses any party's (or principal's) red line, and a negotiator that
 *   tries to cross its own is refused with INVALID_ACTION;
 * - ratification: a principal who approves turns the delegations' agreement into one; a veto ends
 *   the talks (`onVeto: end`) or sends them back while rounds remain (`reopen`);
 * - no action accepted out of turn: at every state of the walks, each action by a party other than
 *   the one the session waits for, of the wrong kind, or after the end throws BAD_STATE and changes
 *   nothing.
 *
 * Not part of the library build (tsconfig.build.json excludes it); it imports vitest.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LancasterError } from '../errors.ts';
import type { Party } from '../model/party.ts';
import { Random } from '../model/random.ts';
import type { Scenario } from '../model/scenario.ts';
import {
  CONFORMANCE_PREFIX,
  conformanceScenario,
  registerConformanceOpponents,
} from '../negotiators/conformance-fixtures.ts';
import { freshState, partiesInOrder, runSession, SimulatedClock } from '../run/session.ts';
import { randomScenario, threePartyScenario, twoIssueScenario } from '../run/test-scenarios.ts';
import { isFinished, nextMove, step } from './protocol.ts';
import type { ProtocolAction, SessionResult, SessionState } from './types.ts';

/** A protocol under test. */
export interface ProtocolUnderTest {
  /** Its name in test titles, e.g. `mediated (annealing)`. */
  readonly name: string;
  /** The scenario played under this protocol (same parties, deadline, sittings and veto rule). */
  readonly play: (scenario: Scenario) => Scenario;
}

/** Negotiators the suite mixes: time-dependent, random, and an ANAC agent. */
const MIX = ['boulware', 'conceder', 'linear', 'random:p=0.2', 'hardheaded'];

function finished(r: { result: SessionResult | null }): SessionResult {
  expect(r.result).not.toBeNull();
  return r.result as SessionResult;
}

const json = (x: unknown) => JSON.stringify(x);

/** A legal action for what the session waits for, drawn with `rng` (walks of the pure machine). */
function randomLegalAction(scenario: Scenario, state: SessionState, rng: Random): ProtocolAction {
  const move = nextMove(state);
  if (move === null) throw new Error('the session has ended');
  if (rng.float() < 0.01) return { type: 'fail', party: move.party, code: 'INVALID_ACTION', message: 'test' };
  switch (move.kind) {
    case 'ratify':
      return { type: 'ratify', party: move.party, approve: rng.float() < 0.6 };
    case 'vote': {
      const x = rng.float();
      const type = x < 0.02 ? 'end' : x < 0.55 ? 'accept' : 'reject';
      return { type: 'vote', party: move.party, vote: { type } };
    }
    case 'act': {
      const x = rng.float();
      const table = state.protocol === 'saop' ? state.table : null;
      if (x < 0.02) return { type: 'act', party: move.party, action: { type: 'end' } };
      if (x < 0.4 && table !== null && !table.acceptedBy.includes(move.party))
        return { type: 'act', party: move.party, action: { type: 'accept' } };
      return {
        type: 'act',
        party: move.party,
        action: { type: 'offer', outcome: scenario.space.sample(rng) },
      };
    }
  }
}

/** Actions the state must refuse: other parties, the wrong kind, ratifications nobody awaits. */
function wrongActions(state: SessionState): ProtocolAction[] {
  const n = state.parties.length;
  const move = nextMove(state);
  const out: ProtocolAction[] = [];
  const kinds = (party: number): ProtocolAction[] => [
    { type: 'act', party, action: { type: 'end' } },
    { type: 'vote', party, vote: { type: 'accept' } },
    { type: 'ratify', party, approve: true },
  ];
  for (let p = 0; p < n; p++) {
    for (const a of kinds(p)) {
      // Principals decide in any order: every pending one may ratify.
      const right =
        move !== null &&
        ((move.kind === 'act' && a.type === 'act' && move.party === p) ||
          (move.kind === 'vote' && a.type === 'vote' && move.party === p) ||
          (move.kind === 'ratify' && a.type === 'ratify' && state.pendingRatification.includes(p)));
      if (!right) out.push(a);
    }
  }
  out.push(
    { type: 'act', party: n, action: { type: 'end' } },
    { type: 'vote', party: -1, vote: { type: 'reject' } },
  );
  return out;
}

function expectRefused(state: SessionState, action: ProtocolAction): void {
  const before = json(state);
  let code: string | undefined;
  try {
    step(state, action);
  } catch (err) {
    code = err instanceof LancasterError ? err.code : `not a LancasterError: ${String(err)}`;
  }
  expect(code, `${json(action)} at step ${state.step} (${state.status})`).toBe('BAD_STATE');
  expect(json(state)).toBe(before);
}

/** A pure walk from the fresh state of `scenario` with random legal actions, visiting every state. */
function walk(
  scenario: Scenario,
  seed: number,
  visit: (state: SessionState, next: ProtocolAction) => void,
): SessionState {
  const rng = Random.from(seed, 'protocol-conformance-walk');
  let state = freshState(scenario, partiesInOrder(scenario), seed);
  for (let guard = 0; guard < 10_000 && !isFinished(state); guard++) {
    const action = randomLegalAction(scenario, state, rng);
    visit(state, action);
    state = step(state, action);
  }
  expect(isFinished(state)).toBe(true);
  return state;
}

/** Scenarios of the walks: 2–4 parties, red lines, principals behind every second party, sittings. */
const walkArb = fc.record({
  scenarioSeed: fc.nat(1000),
  parties: fc.integer({ min: 2, max: 4 }),
  rounds: fc.integer({ min: 1, max: 12 }),
  principal: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
  onVeto: fc.constantFrom<'end' | 'reopen'>('end', 'reopen'),
  seed: fc.nat(),
});

type WalkCase = typeof walkArb extends fc.Arbitrary<infer T> ? T : never;

/**
 * Runs every check of the suite on one protocol.
 *
 * @example
 * runProtocolConformance({ name: 'saop', play: (s) => withProtocol(s, { kind: 'saop' }) });
 */
export function runProtocolConformance(protocol: ProtocolUnderTest): void {
  const { play } = protocol;
  registerConformanceOpponents();
  const run = (scenario: Scenario, negotiators: Record<string, string>, seed: number, clockMs = 1) =>
    runSession(scenario, { seed, negotiators, clock: new SimulatedClock(clockMs) });
  const mixOf = (scenario: Scenario, seed: number) => {
    const rng = Random.from(seed, 'protocol-conformance-mix');
    return Object.fromEntries(scenario.protocol.order.map((id) => [id, MIX[rng.int(MIX.length)] as string]));
  };
  const randomPlayed = (r: WalkCase) =>
    play(
      randomScenario(r.scenarioSeed, r.parties, {
        rounds: r.rounds,
        onVeto: r.onVeto,
        ...(r.principal === undefined ? {} : { principalThreshold: r.principal }),
      }),
    );

  describe(`protocol conformance: ${protocol.name}`, () => {
    it('plays the scenarios under this protocol', () => {
      const s = play(twoIssueScenario());
      const state = freshState(s, partiesInOrder(s), 1);
      expect(state.protocol).toBe(s.protocol.kind);
      expect(nextMove(state)?.party).toBe(0);
    });

    describe('serialisation', () => {
      it('every state of a random walk survives a JSON round trip and steps on as the original', () => {
        fc.assert(
          fc.property(walkArb, (r) => {
            const scenario = randomPlayed(r);
            walk(scenario, r.seed, (state, action) => {
              const copy = JSON.parse(json(state)) as SessionState;
              expect(copy).toEqual(state);
              expect(json(step(copy, action))).toBe(json(step(state, action)));
            });
          }),
          { numRuns: 40 },
        );
      });

      it('a session run in slices, serialised and resumed each time, ends byte-identically', () => {
        for (const base of [
          twoIssueScenario({ principalThreshold: 0.5, onVeto: 'reopen' }),
          threePartyScenario({ rounds: 12 }),
        ]) {
          const scenario = play(base);
          for (const seed of [3, 4]) {
            const negotiators = mixOf(scenario, seed);
            const whole = json(finished(run(scenario, negotiators, seed)));
            for (const cut of [1, 5]) {
              let out = runSession(scenario, {
                seed,
                negotiators,
                clock: new SimulatedClock(1),
                maxSteps: cut,
              });
              for (let guard = 0; guard < 1000 && out.result === null; guard++) {
                out = runSession(scenario, {
                  seed,
                  negotiators,
                  clock: new SimulatedClock(1),
                  maxSteps: cut,
                  state: JSON.parse(json(out.state)) as SessionState,
                });
              }
              expect(json(out.result)).toBe(whole);
            }
          }
        }
      });

      it('refuses to resume a state of another protocol or another seed', () => {
        const scenario = play(twoIssueScenario());
        const part = runSession(scenario, { seed: 1, maxSteps: 2 });
        expect(() => runSession(scenario, { seed: 2, state: part.state })).toThrow(LancasterError);
        const other = JSON.parse(json(part.state)) as { protocol: string };
        other.protocol = other.protocol === 'saop' ? 'mediated' : 'saop';
        expect(() => runSession(scenario, { seed: 1, state: other as unknown as SessionState })).toThrow(
          LancasterError,
        );
      });
    });

    describe('determinism', () => {
      it('the same seed gives byte-identical results; the seed matters', () => {
        const scenario = play(threePartyScenario({ rounds: 15 }));
        const negotiators = { us: 'random:p=0.3', cn: 'conceder', eu: 'linear' };
        const transcripts = new Set<string>();
        for (const seed of [1, 2, 3, 4]) {
          const a = json(finished(run(scenario, negotiators, seed)));
          expect(json(finished(run(scenario, negotiators, seed)))).toBe(a);
          transcripts.add(json(finished(run(scenario, negotiators, seed)).events));
        }
        expect(transcripts.size).toBeGreaterThan(1);
      });
    });

    describe('deadline', () => {
      it('every session ends by its deadline in rounds', () => {
        fc.assert(
          fc.property(walkArb, (r) => {
            const scenario = randomPlayed(r);
            const result = finished(run(scenario, mixOf(scenario, r.seed), r.seed));
            expect(result.rounds).toBeLessThanOrEqual(r.rounds);
            expect(result.steps).toBeLessThanOrEqual(r.rounds * r.parties);
            expect(result.t).toBeLessThanOrEqual(1);
            if (result.status === 'deadline') expect(result.agreement).toBeNull();
            const walked = walk(scenario, r.seed, () => {});
            expect(walked.step).toBeLessThanOrEqual(r.rounds * r.parties);
          }),
          { numRuns: 30 },
        );
      });

      it('ends by its time limit on a simulated clock: an action landing after the limit is not taken', () => {
        const limitMs = 50;
        const stepMs = 7;
        const scenario = play(twoIssueScenario({ rounds: 100, timeLimitSeconds: limitMs / 1000 }));
        const { state, result } = run(scenario, { buyer: 'hardliner', seller: 'hardliner' }, 1, stepMs);
        expect(result?.status).toBe('deadline');
        expect(state.step).toBe(Math.floor(limitMs / stepMs));
        expect(result?.t).toBe(1);
        const ticked = step(freshState(scenario, partiesInOrder(scenario), 1), {
          type: 'tick',
          elapsedMs: limitMs,
        });
        expect(isFinished(ticked)).toBe(true);
      });
    });

    describe('red lines', () => {
      it('no agreement crosses a red line of any party or principal', () => {
        fc.assert(
          fc.property(walkArb, (r) => {
            const scenario = randomPlayed(r);
            const result = finished(run(scenario, mixOf(scenario, r.seed), r.seed));
            if (result.agreement) {
              for (const p of scenario.parties) {
                expect(p.utility.acceptable(result.agreement)).toBe(true);
                if (p.principal?.utility) expect(p.principal.utility.acceptable(result.agreement)).toBe(true);
              }
            }
          }),
          { numRuns: 40 },
        );
      });

      it('a negotiator that tries to cross its own red line is refused with INVALID_ACTION', () => {
        let refused = 0;
        for (const seed of [1, 2, 3, 4, 5, 6]) {
          const scenario = play(conformanceScenario(40));
          const a = scenario.parties[0] as Party;
          const result = finished(
            run(
              scenario,
              { a: `${CONFORMANCE_PREFIX}red-line-breaker`, b: `${CONFORMANCE_PREFIX}acceptor` },
              seed,
            ),
          );
          if (result.agreement) expect(a.utility.acceptable(result.agreement)).toBe(true);
          // The breaker accepts or offers whatever crosses its red line the first time it can.
          const crossing = result.events.some(
            (e) => (e.type === 'propose' || e.type === 'offer') && !a.utility.acceptable(e.outcome),
          );
          if (result.status === 'error') {
            expect(result.error).toMatchObject({ party: 0, code: 'INVALID_ACTION' });
            expect(result.error?.message).toMatch(/red line 'no-x3'/);
            refused++;
          } else {
            expect(crossing).toBe(false);
          }
        }
        expect(refused).toBeGreaterThan(0);
      });
    });

    describe('ratification', () => {
      // Three parties; the US (party 0) answers to a principal. Acceptors agree at once (at an SAOP
      // table on the US opening, at a mediated one on the first text above everyone's floor).
      const acceptors = Object.fromEntries(
        ['us', 'cn', 'eu'].map((id) => [id, `${CONFORMANCE_PREFIX}acceptor`]),
      );
      // A threshold above every utility: the principal vetoes whatever is agreed.
      const vetoAll = 2;

      it('a principal who approves turns the delegations’ agreement into one', () => {
        const result = finished(
          run(play(threePartyScenario({ principalThreshold: 0, rounds: 8 })), acceptors, 1),
        );
        expect(result.status).toBe('agreement');
        const agreed = result.events.findIndex((e) => e.type === 'delegations-agree');
        expect(agreed).toBeGreaterThanOrEqual(0);
        expect(result.events.slice(agreed + 1).filter((e) => e.type === 'ratify')).toEqual([
          expect.objectContaining({ type: 'ratify', party: 0, approve: true }),
        ]);
      });

      it('a veto ends the talks with onVeto: end', () => {
        const scenario = play(threePartyScenario({ principalThreshold: vetoAll, onVeto: 'end', rounds: 8 }));
        const result = finished(run(scenario, acceptors, 1));
        expect(result.status).toBe('vetoed');
        expect(result.agreement).toBeNull();
        expect(result.vetoes).toBe(1);
        expect(result.events.at(-1)).toMatchObject({ type: 'ratify', party: 0, approve: false });
      });

      it('a veto sends the delegations back while rounds remain with onVeto: reopen', () => {
        const rounds = 8;
        const scenario = play(threePartyScenario({ principalThreshold: vetoAll, onVeto: 'reopen', rounds }));
        const result = finished(run(scenario, acceptors, 1));
        expect(result.status).toBe('deadline');
        expect(result.vetoes).toBeGreaterThanOrEqual(1);
        const veto = result.events.findIndex((e) => e.type === 'ratify' && !e.approve);
        const at = result.events[veto]?.step ?? 0;
        const after = result.events.slice(veto + 1);
        if (at < rounds * 3) expect(after.some((e) => e.type === 'offer' || e.type === 'propose')).toBe(true);
        else expect(after.map((e) => e.type)).toEqual(['deadline']);
      });
    });

    describe('no action is accepted out of turn', () => {
      it('at every state, other parties, the wrong kind of move and unawaited ratifications are refused', () => {
        fc.assert(
          fc.property(walkArb, (r) => {
            const scenario = randomPlayed(r);
            const last = walk(scenario, r.seed, (state) => {
              for (const a of wrongActions(state)) expectRefused(state, a);
            });
            // After the end nothing at all is accepted.
            for (let p = 0; p < r.parties; p++) {
              expectRefused(last, { type: 'act', party: p, action: { type: 'end' } });
              expectRefused(last, { type: 'vote', party: p, vote: { type: 'reject' } });
              expectRefused(last, { type: 'ratify', party: p, approve: true });
            }
            expectRefused(last, { type: 'tick', elapsedMs: 1 });
          }),
          { numRuns: 30 },
        );
      });
    });
  });
}
