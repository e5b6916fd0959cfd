/**
 * The negotiator conformance suite, in the style of Hono's shared router suite: one function,
 * `runConformance(spec)`, runs every check on one negotiator spec, and it is called for every
 * registered negotiator (`listNegotiators()`) and a set of parametrised BOA specs. The checks:
 * only valid offers; the session ends by its deadline; the same seed gives byte-identical results;
 * no offer (or acceptance) crosses the negotiator's own red lines; when the opponent accepts its
 * offer the agreement is exactly that offer; it accepts its best outcome when offered it; an
 * opponent that throws ends the session in `error` charged to the opponent; it votes validly at a
 * mediated table under every chair (never for a text across its own red lines, resumable there
 * too); a session stopped, serialised and resumed ends exactly like an uninterrupted one. Sessions
 * are small (36 outcomes, 20 rounds) so the whole suite stays fast.
 */
import { describe, expect, it } from 'vitest';
import { MEDIATOR_KINDS, mediatorSettings, type Scenario, withProtocol } from '../model/scenario.ts';
import type { SessionResult, SessionState } from '../protocols/types.ts';
import { runSession, SimulatedClock } from '../run/session.ts';
import { realIssueScenario, threePartyScenario } from '../run/test-scenarios.ts';
import { BidSpace } from './bid-space.ts';
import {
  CONFORMANCE_PREFIX,
  conformanceScenario,
  exampleSpec,
  registerConformanceOpponents,
} from './conformance-fixtures.ts';
import { listNegotiators } from './registry.ts';

const BOA_SPECS = [
  'boa:bid=time(e=0.5),model=none,accept=next',
  'boa:bid=time(e=1,k=0.1),model=frequency(learn=0.5),accept=prev',
  'boa:bid=tft(kind=absolute),model=bayesian,accept=gap(c=0.05)',
  'boa:bid=tft(kind=relative),model=frequency,accept=combi(t=0.9,kind=avg)',
  'boa:bid=nicetft,model=bayesian,accept=combi(t=0.95)',
  'boa:bid=nash(e=0.5),model=frequency,accept=any(next,time(t=0.99))',
  'boa:bid=walk(step=0.1),model=none,accept=all(next,const(c=0.3))',
];

const specs = [
  ...listNegotiators()
    .filter((n) => !n.name.startsWith(CONFORMANCE_PREFIX))
    .map(exampleSpec),
  ...BOA_SPECS,
];
registerConformanceOpponents();

const clock = () => new SimulatedClock(1);

function run(
  scenario: Scenario,
  negotiators: Record<string, string>,
  seed = 7,
  extra: { maxSteps?: number; state?: SessionState } = {},
) {
  return runSession(scenario, { seed, negotiators, clock: clock(), ...extra });
}

function finished(r: { result: SessionResult | null }): SessionResult {
  expect(r.result).not.toBeNull();
  return r.result as SessionResult;
}

/**
 * Runs a session `cut` steps at a time, passing the state through JSON and rebuilding the
 * negotiators on every call, as a server stepping a session does.
 */
function resumedInSlices(
  scenario: Scenario,
  negotiators: Record<string, string>,
  seed: number,
  cut: number,
): SessionResult | null {
  let state = run(scenario, negotiators, seed, { maxSteps: cut }).state;
  let result: SessionResult | null = null;
  for (let guard = 0; guard < 500 && result === null; guard++) {
    const next = run(scenario, negotiators, seed, {
      state: JSON.parse(JSON.stringify(state)) as SessionState,
      maxSteps: cut,
    });
    state = next.state;
    result = next.result;
  }
  return result;
}

/** Every check of the suite, for one negotiator spec. */
function runConformance(spec: string): void {
  describe(spec, () => {
    const scenario = conformanceScenario();
    const a = scenario.parties[0] as Scenario['parties'][number];

    it('makes only valid offers, crosses none of its red lines, and ends by the deadline', () => {
      for (const opponent of ['boulware', 'conceder', 'random:p=0.2']) {
        for (const seed of [1, 2]) {
          const result = finished(run(scenario, { a: spec, b: opponent }, seed));
          expect(result.error).toBeNull();
          expect(result.status).not.toBe('error');
          expect(result.rounds).toBeLessThanOrEqual(scenario.protocol.rounds);
          for (const e of result.events) {
            if (e.type === 'offer' && e.party === 0) {
              expect(scenario.space.contains(e.outcome)).toBe(true);
              expect(a.utility.violatedRedLines(e.outcome)).toEqual([]);
            }
          }
          if (result.agreement) expect(a.utility.acceptable(result.agreement)).toBe(true);
          if (result.agreement) expect(result.utilities.a).toBeGreaterThanOrEqual(a.reservationValue);
        }
      }
    });

    it('plays valid moves in a three-party and a real-valued scenario', () => {
      const three = threePartyScenario({ rounds: 12 });
      const r3 = finished(run(three, { us: spec, cn: 'boulware', eu: 'conceder' }));
      expect(r3.error).toBeNull();
      const us = three.parties[0] as Scenario['parties'][number];
      for (const e of r3.events) {
        if (e.type === 'offer' && e.party === 0) expect(us.utility.acceptable(e.outcome)).toBe(true);
      }
      const real = realIssueScenario({ rounds: 12 });
      const rr = finished(run(real, { buyer: spec, seller: 'linear' }));
      expect(rr.error).toBeNull();
      expect(rr.rounds).toBeLessThanOrEqual(12);
    });

    it('is deterministic under a seed (byte-identical results)', () => {
      for (const opponent of ['linear', 'random:p=0.3']) {
        const first = JSON.stringify(finished(run(scenario, { a: spec, b: opponent }, 11)));
        const second = JSON.stringify(finished(run(scenario, { a: spec, b: opponent }, 11)));
        expect(second).toBe(first);
      }
    });

    it('ends in agreement on exactly its offer when the opponent accepts it', () => {
      const result = finished(run(scenario, { a: spec, b: `${CONFORMANCE_PREFIX}acceptor` }));
      const own = result.events.filter((e) => e.type === 'offer' && e.party === 0);
      expect(own.length).toBeGreaterThan(0);
      expect(result.status).toBe('agreement');
      const last = own.at(-1) as Extract<SessionResult['events'][number], { type: 'offer' }>;
      expect(result.agreement).toEqual(last.outcome);
    });

    it('accepts its best outcome when the opponent keeps offering it', () => {
      const long = conformanceScenario(60);
      const bids = BidSpace.of(a, long.space, 7, 0);
      const best = bids.outcome(bids.size - 1);
      const k = long.space.indexOf(best);
      const result = finished(run(long, { a: spec, b: `${CONFORMANCE_PREFIX}gift:k=${k}` }));
      expect(result.status).toBe('agreement');
      expect(result.agreement).toEqual(best);
      expect(result.events.some((e) => e.type === 'accept' && e.party === 0)).toBe(true);
    });

    it('survives an opponent that throws: the error is charged to the opponent', () => {
      const result = finished(run(scenario, { a: spec, b: `${CONFORMANCE_PREFIX}thrower` }));
      expect(result.status).toBe('error');
      expect(result.error?.party).toBe(1);
      expect(result.error?.code).toBe('NEGOTIATOR_THREW');
    });

    it('sits at a mediated table under every chair: valid votes, never for a text across its red lines', () => {
      for (const kind of MEDIATOR_KINDS) {
        const chaired = withProtocol(scenario, { kind: 'mediated', mediator: mediatorSettings({ kind }) });
        const result = finished(run(chaired, { a: spec, b: 'conceder' }, 3));
        expect(result.error).toBeNull();
        expect(result.rounds).toBeLessThanOrEqual(chaired.protocol.rounds);
        for (const e of result.events) {
          if (e.type === 'tally' && e.votes[0]) expect(a.utility.acceptable(e.outcome)).toBe(true);
        }
        if (result.agreement) expect(result.utilities.a).toBeGreaterThanOrEqual(a.reservationValue);
      }
      const chaired = withProtocol(scenario, {
        kind: 'mediated',
        mediator: mediatorSettings({ kind: 'frontier' }),
      });
      const negotiators = { a: spec, b: 'random:p=0.2' };
      const whole = JSON.stringify(finished(run(chaired, negotiators, 5)));
      expect(JSON.stringify(resumedInSlices(chaired, negotiators, 5, 7))).toBe(whole);
    });

    it('resumes from serialised state exactly as an uninterrupted run', () => {
      for (const opponent of ['boulware', 'random:p=0.1']) {
        const negotiators = { a: spec, b: opponent };
        const whole = JSON.stringify(finished(run(scenario, negotiators, 5)));
        for (const cut of [1, 6, 17]) {
          const result = resumedInSlices(scenario, negotiators, 5, cut);
          expect(JSON.stringify(result)).toBe(whole);
        }
      }
    });
  });
}

describe('negotiator conformance', () => {
  it('covers every registered negotiator', () => {
    expect(specs.length).toBeGreaterThanOrEqual(listNegotiators().length - 3);
    for (const name of [
      'boa',
      'hardheaded',
      'nicetft',
      'agentk',
      'cuhkagent',
      'atlas3',
      'caduceus',
      'ponpoko',
      'agentgg',
    ])
      expect(specs.some((s) => s.split(':')[0] === name)).toBe(true);
  });
  it('the resume check catches a negotiator with hidden state', () => {
    const scenario = conformanceScenario();
    const negotiators = { a: `${CONFORMANCE_PREFIX}hidden-state`, b: 'boulware' };
    const whole = JSON.stringify(finished(run(scenario, negotiators, 5)));
    expect(JSON.stringify(resumedInSlices(scenario, negotiators, 5, 2))).not.toBe(whole);
  });
  for (const spec of specs) runConformance(spec);
});
