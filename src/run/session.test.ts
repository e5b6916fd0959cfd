import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LancasterError } from '../errors.ts';
import type { Party } from '../model/party.ts';
import { Random } from '../model/random.ts';
import type { Scenario } from '../model/scenario.ts';
import { UtilityFunction } from '../model/utility.ts';
import type { NegotiatorContext, NegotiatorSetup } from '../negotiators/index.ts';
import { registerNegotiator } from '../negotiators/registry.ts';
import type { NegotiatorAction, SessionEvent, SessionResult, SessionState } from '../protocols/types.ts';
import { createSession, resultOf, runSession, SimulatedClock } from './session.ts';
import { randomScenario, threePartyScenario, twoIssueScenario } from './test-scenarios.ts';

/** The clock the `test-slow` negotiator pushes forward from inside `act`. */
let slowClock = new SimulatedClock();
/** Setups and contexts seen by `test-spy`, by party id. */
const spied = new Map<string, NegotiatorSetup>();
const spiedContexts = new Map<string, NegotiatorContext[]>();

registerNegotiator(
  'test-bad',
  (params, setup) => {
    const kind = params.kind as string;
    if (kind === 'setup') throw new TypeError('cannot set up');
    let kept: number[] | null = null;
    return {
      spec: 'test-bad',
      act(ctx): NegotiatorAction {
        switch (kind) {
          case 'throw':
            throw new Error('strategy exploded');
          case 'throw-string':
            throw 'oops';
          case 'throw-undefined':
            throw undefined;
          case 'slow':
            slowClock.advance(5_000);
            return { type: 'end' };
          case 'null':
            return null as unknown as NegotiatorAction;
          case 'number':
            return 42 as unknown as NegotiatorAction;
          case 'dance':
            return { type: 'dance' } as unknown as NegotiatorAction;
          case 'outside':
            return { type: 'offer', outcome: [99, 0] };
          case 'short':
            return { type: 'offer', outcome: [1] };
          case 'nan':
            return { type: 'offer', outcome: [Number.NaN, 0] };
          case 'text':
            return { type: 'offer', outcome: ['p1', 'd1'] } as unknown as NegotiatorAction;
          case 'typed':
            return { type: 'offer', outcome: Float64Array.of(1, 1) } as unknown as NegotiatorAction;
          case 'redline':
            return { type: 'offer', outcome: [0, 3] }; // the seller's red line forbids price 0
          case 'accept':
            return { type: 'accept' };
          case 'getter':
            return Object.defineProperty({}, 'type', {
              get() {
                throw new Error('no type for you');
              },
            }) as NegotiatorAction;
          case 'vandal': {
            // Mutates what it was given and what it gave: none of it may reach the session state.
            if (ctx.offer) (ctx.offer.outcome as number[])[0] = 4;
            if (kept) kept[1] = 0;
            kept = [1 + (ctx.step % 3), 3];
            return { type: 'offer', outcome: kept };
          }
          case 'rewrite-history':
            if (ctx.history.length > 0) (ctx.history[0] as { outcome: number[] }).outcome[0] = 5;
            return { type: 'offer', outcome: [3, 3] };
          case 'vandal-accept':
            // Scribbles on the offer it was shown, then accepts: the deal must be what was offered.
            if (!ctx.offer) return { type: 'offer', outcome: [3, 3] };
            (ctx.offer.outcome as number[])[0] = 4;
            return { type: 'accept' };
          default:
            throw new Error(`unknown test kind ${kind} for ${setup.party.id}`);
        }
      },
    };
  },
  'misbehaves on purpose (tests)',
  [{ name: 'kind', doc: 'how', type: 'string' }],
);

registerNegotiator(
  'test-spy',
  (_params, setup) => {
    spied.set(setup.party.id, setup);
    return {
      spec: 'test-spy',
      act: (ctx) => {
        spiedContexts.set(setup.party.id, [...(spiedContexts.get(setup.party.id) ?? []), ctx]);
        // Open with the first outcome, then walk away.
        return ctx.offer ? { type: 'end' } : { type: 'offer', outcome: setup.space.outcomeAt(0) };
      },
    };
  },
  'records its setup (tests)',
);

const FINAL_EVENT: Record<SessionResult['status'], SessionEvent['type'][]> = {
  agreement: ['delegations-agree', 'ratify'],
  vetoed: ['ratify'],
  deadline: ['deadline'],
  'walked-away': ['end'],
  error: ['error'],
};

const SPECS = [
  'boulware',
  'linear',
  'conceder',
  'hardliner',
  'random',
  'random:p=0.5',
  'timedep:e=0.5,k=0.1',
  'boulware:accept=any(next,time(t=0.9))',
  'conceder:accept=const(c=0.6)',
  'linear:accept=all(next,time(t=0.5))',
];

const specsFor = (s: Scenario, picks: readonly number[]) =>
  Object.fromEntries(s.protocol.order.map((id, i) => [id, SPECS[(picks[i] ?? 0) % SPECS.length] as string]));

/** A random session setting: scenario (2–4 parties, maybe principals), negotiators, seed. */
const sessionArb = fc
  .record({
    scenarioSeed: fc.nat(10_000),
    parties: fc.integer({ min: 2, max: 4 }),
    rounds: fc.integer({ min: 1, max: 12 }),
    principal: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
    onVeto: fc.constantFrom<'end' | 'reopen'>('end', 'reopen'),
    picks: fc.array(fc.nat(SPECS.length - 1), { minLength: 4, maxLength: 4 }),
    seed: fc.nat(),
  })
  .map((r) => {
    const scenario = randomScenario(r.scenarioSeed, r.parties, {
      rounds: r.rounds,
      onVeto: r.onVeto,
      ...(r.principal === undefined ? {} : { principalThreshold: r.principal }),
    });
    return { scenario, negotiators: specsFor(scenario, r.picks), seed: r.seed };
  });

const roundTrip = (s: SessionState): SessionState => JSON.parse(JSON.stringify(s)) as SessionState;

describe('runSession: every session ends, and ends by its deadline', () => {
  it('holds over random scenarios, negotiators, deadlines and seeds', () => {
    const statuses = new Set<string>();
    fc.assert(
      fc.property(sessionArb, ({ scenario, negotiators, seed }) => {
        const { state, result } = runSession(scenario, { seed, negotiators });
        const n = scenario.parties.length;
        const deadline = scenario.protocol.rounds * n;
        expect(result).not.toBeNull();
        const r = result as SessionResult;
        statuses.add(r.status);
        expect(r.status).not.toBe('error');
        expect(r.steps).toBeLessThanOrEqual(deadline);
        expect(r.rounds).toBeLessThanOrEqual(scenario.protocol.rounds);
        if (r.status === 'deadline') expect(r.steps).toBe(deadline);
        expect(FINAL_EVENT[r.status]).toContain(state.events.at(-1)?.type);
        let lastStep = 0;
        for (const e of state.events) {
          expect(e.step).toBeGreaterThanOrEqual(lastStep);
          expect(e.round).toBe(Math.floor(e.step / n));
          expect(e.t).toBeGreaterThanOrEqual(0);
          expect(e.t).toBeLessThanOrEqual(1);
          lastStep = e.step;
          if (e.type === 'offer') {
            // Nobody ever proposes across its own red lines.
            const proposer = scenario.parties[e.party] as Party;
            expect(scenario.space.contains(e.outcome)).toBe(true);
            expect(proposer.utility.acceptable(e.outcome)).toBe(true);
          }
        }
        if (r.status === 'agreement') {
          // Everyone who accepted did so above its floor.
          const proposer = state.protocol === 'saop' ? state.table?.by : undefined;
          scenario.parties.forEach((p, i) => {
            if (i !== proposer) expect(r.utilities[p.id]).toBeGreaterThanOrEqual(p.reservationValue);
          });
        }
      }),
      { numRuns: 150 },
    );
    // The property saw sessions end in different ways, not one way every time.
    expect(statuses.has('agreement')).toBe(true);
    expect(statuses.has('deadline')).toBe(true);
  });
});

describe('runSession: reproducibility', () => {
  it('a seeded simulation is byte-identical when repeated', () => {
    fc.assert(
      fc.property(sessionArb, ({ scenario, negotiators, seed }) => {
        const a = runSession(scenario, { seed, negotiators });
        const b = runSession(scenario, { seed, negotiators });
        expect(JSON.stringify(b.result)).toBe(JSON.stringify(a.result));
      }),
      { numRuns: 60 },
    );
  });

  it('the seed matters for randomised negotiators', () => {
    const s = twoIssueScenario();
    const negotiators = { buyer: 'random:p=0', seller: 'random:p=0' };
    const transcripts = new Set<string>();
    for (let seed = 0; seed < 5; seed++)
      transcripts.add(JSON.stringify(runSession(s, { seed, negotiators }).result?.events));
    expect(transcripts.size).toBe(5);
  });

  it('a session serialised at a random step and resumed ends exactly as an uninterrupted one', () => {
    fc.assert(
      fc.property(sessionArb, fc.nat(60), ({ scenario, negotiators, seed }, cut) => {
        const full = runSession(scenario, { seed, negotiators });
        const part = runSession(scenario, { seed, negotiators, maxSteps: cut });
        expect(part.result === null).toBe(cut < full.state.step);
        const resumed = runSession(scenario, { seed, negotiators, state: roundTrip(part.state) });
        expect(resumed.state.events).toEqual(full.state.events);
        expect(JSON.stringify(resumed.result)).toBe(JSON.stringify(full.result));
      }),
      { numRuns: 100 },
    );
  });

  it('stepping one action at a time through JSON gives the same transcript and events', () => {
    const s = threePartyScenario({ principalThreshold: 0.7, onVeto: 'reopen' });
    const negotiators = { us: 'conceder', cn: 'linear', eu: 'random:p=0.3' };
    const full = runSession(s, { seed: 11, negotiators });
    const streamed: SessionEvent[] = [];
    let state: SessionState | undefined;
    let result: SessionResult | null = null;
    for (let k = 0; k < 500 && result === null; k++) {
      const r = runSession(s, {
        seed: 11,
        negotiators,
        maxSteps: 1,
        onEvent: (e) => streamed.push(e),
        ...(state ? { state: roundTrip(state) } : {}),
      });
      state = r.state;
      result = r.result;
    }
    expect(result).not.toBeNull();
    expect(streamed).toEqual(full.state.events);
    expect(JSON.stringify(result)).toBe(JSON.stringify(full.result));
  });

  it('refuses to resume a state of another seed or another scenario', () => {
    const s = twoIssueScenario();
    const part = runSession(s, { seed: 1, maxSteps: 3 });
    expect(() => runSession(s, { seed: 2, state: part.state })).toThrow(/seed 1/);
    expect(() => runSession(threePartyScenario(), { seed: 1, state: part.state })).toThrow(LancasterError);
  });
});

describe('runSession: misbehaving negotiators end the session in state error', () => {
  const cases: [string, 'buyer' | 'seller', string, RegExp][] = [
    ['throw', 'seller', 'NEGOTIATOR_THREW', /strategy exploded/],
    ['throw-string', 'seller', 'NEGOTIATOR_THREW', /oops/],
    ['throw-undefined', 'seller', 'NEGOTIATOR_THREW', /undefined/],
    ['setup', 'seller', 'NEGOTIATOR_THREW', /cannot set up/],
    ['null', 'seller', 'INVALID_ACTION', /null/],
    ['number', 'seller', 'INVALID_ACTION', /number/],
    ['dance', 'seller', 'INVALID_ACTION', /unknown type "dance"/],
    ['outside', 'seller', 'INVALID_ACTION', /not an outcome of this space/],
    ['short', 'seller', 'INVALID_ACTION', /not an outcome of this space/],
    ['nan', 'seller', 'INVALID_ACTION', /not an outcome of this space/],
    ['text', 'seller', 'INVALID_ACTION', /not an outcome of this space/],
    ['typed', 'seller', 'INVALID_ACTION', /not an outcome array/],
    ['redline', 'seller', 'INVALID_ACTION', /own red line 'no-bottom-price'/],
    ['accept', 'buyer', 'INVALID_ACTION', /no offer on the table/],
    // The hardliner buyer opens at the bottom price, across the seller's red line (issue 10, item 15).
    [
      'accept',
      'seller',
      'INVALID_ACTION',
      /accepted \[0,0\], which crosses its own red line 'no-bottom-price'/,
    ],
    ['getter', 'seller', 'INVALID_ACTION', /could not be read.*no type for you/],
    ['slow', 'seller', 'ACTION_TIMEOUT', /budget is 1000 ms/],
  ];
  it.each(cases)('%s (%s) → %s', (kind, who, code, message) => {
    slowClock = new SimulatedClock(1);
    const s = twoIssueScenario({ actionBudgetMs: 1000 });
    const other = who === 'buyer' ? 'seller' : 'buyer';
    const negotiators = { [who]: `test-bad:kind=${kind}`, [other]: 'hardliner' };
    let out: ReturnType<typeof runSession> | undefined;
    expect(() => {
      out = runSession(s, { seed: 3, negotiators, clock: slowClock });
    }).not.toThrow();
    const result = out?.result as SessionResult;
    expect(result.status).toBe('error');
    expect(result.error?.code).toBe(code);
    expect(result.error?.party).toBe(s.protocol.order.indexOf(who));
    expect(result.error?.message).toMatch(message);
    expect(result.events.at(-1)).toMatchObject({ type: 'error', code, party: result.error?.party });
    expect(result.agreement).toBeNull();
  });

  it('rewriting the transcript it was shown is a throw, and the transcript stays as it was', () => {
    const s = twoIssueScenario();
    const { result } = runSession(s, {
      seed: 1,
      negotiators: { buyer: 'hardliner', seller: 'test-bad:kind=rewrite-history' },
    });
    expect(result?.error?.code).toBe('NEGOTIATOR_THREW');
    expect(result?.error?.message).toMatch(/TypeError/);
    expect(result?.events[0]).toMatchObject({ type: 'offer', party: 0, outcome: [0, 0] });
  });

  it('an action that takes exactly its budget is fine', () => {
    const s = twoIssueScenario({ actionBudgetMs: 1000 });
    const { result } = runSession(s, {
      seed: 1,
      clock: new SimulatedClock(1000),
      negotiators: { buyer: 'hardliner', seller: 'hardliner' },
    });
    expect(result?.status).toBe('deadline');
  });

  it('what a negotiator mutates after acting never reaches the transcript', () => {
    const s = twoIssueScenario();
    const { result } = runSession(s, {
      seed: 1,
      negotiators: { buyer: 'hardliner', seller: 'test-bad:kind=vandal' },
    });
    const offers = (result?.events ?? []).filter((e) => e.type === 'offer');
    expect(result?.status).toBe('deadline');
    for (const e of offers) {
      if (e.party === 0) expect(e.outcome).toEqual([0, 0]);
      else expect(e.outcome).toEqual([1 + (e.step % 3), 3]);
    }
    // Without red lines, so that the seller may accept the buyer's opening (the bottom price).
    const open: Scenario = {
      ...s,
      parties: s.parties.map((p) => ({
        ...p,
        utility: new UtilityFunction(s.space, {
          weights: p.utility.weights,
          evaluators: p.utility.evaluators,
        }),
      })),
    };
    const accepted = runSession(open, {
      seed: 1,
      negotiators: { buyer: 'hardliner', seller: 'test-bad:kind=vandal-accept' },
    });
    expect(accepted.result?.status).toBe('agreement');
    expect(accepted.result?.agreement).toEqual([0, 0]);
  });
});

describe('runSession: ratification', () => {
  const deal = { buyer: 'conceder', seller: 'conceder' };

  it('a principal with a high threshold vetoes; with onVeto end the talks end', () => {
    const { result } = runSession(twoIssueScenario({ principalThreshold: 0.99, onVeto: 'end' }), {
      seed: 1,
      negotiators: deal,
    });
    expect(result?.status).toBe('vetoed');
    expect(result?.vetoes).toBe(1);
    expect(result?.agreement).toBeNull();
    expect(result?.events.slice(-2).map((e) => e.type)).toEqual(['delegations-agree', 'ratify']);
    expect(result?.events.at(-1)).toMatchObject({ type: 'ratify', party: 1, approve: false });
    expect(result?.utilities).toEqual({ buyer: 0.2, seller: 0.2 });
  });

  it('with onVeto reopen the talks continue after the veto', () => {
    const { result } = runSession(twoIssueScenario({ principalThreshold: 0.99, onVeto: 'reopen' }), {
      seed: 1,
      negotiators: deal,
    });
    const events = result?.events ?? [];
    const firstVeto = events.findIndex((e) => e.type === 'ratify' && !e.approve);
    expect(firstVeto).toBeGreaterThan(0);
    expect(events.slice(firstVeto + 1).some((e) => e.type === 'offer')).toBe(true);
    expect(result?.vetoes).toBeGreaterThanOrEqual(1);
    // No package is worth 0.99 to the seller's board, so the talks run into the deadline.
    expect(result?.status).toBe('deadline');
    expect(result?.steps).toBe(40);
  });

  it('a principal whose threshold is met ratifies', () => {
    const { result } = runSession(twoIssueScenario({ principalThreshold: 0 }), {
      seed: 1,
      negotiators: deal,
    });
    expect(result?.status).toBe('agreement');
    expect(result?.events.at(-1)).toMatchObject({ type: 'ratify', party: 1, approve: true });
    expect(result?.agreement).not.toBeNull();
  });
});

describe('runSession: schedule, time and strategies', () => {
  it('breaks appear between sittings', () => {
    const two = runSession(twoIssueScenario(), {
      seed: 1,
      negotiators: { buyer: 'hardliner', seller: 'hardliner' },
    });
    expect(two.result?.events.filter((e) => e.type === 'break')).toEqual([
      { type: 'break', step: 20, round: 10, t: 0.5, after: 'Day 1', next: 'Day 2' },
    ]);
    const three = runSession(threePartyScenario(), {
      seed: 1,
      negotiators: { us: 'hardliner', cn: 'hardliner', eu: 'hardliner' },
    });
    expect(
      three.result?.events
        .filter((e) => e.type === 'break')
        .map((e) => [e.round, e.type === 'break' && e.next]),
    ).toEqual([
      [10, 'Day 2'],
      [20, 'Day 3'],
    ]);
  });

  it('a time limit ends the session on the simulated clock', () => {
    const s = twoIssueScenario({ rounds: 100, timeLimitSeconds: 1 });
    const { result } = runSession(s, {
      seed: 1,
      clock: new SimulatedClock(50),
      negotiators: { buyer: 'hardliner', seller: 'hardliner' },
    });
    expect(result?.status).toBe('deadline');
    expect(result?.steps).toBe(20); // 20 actions of 50 ms
    const offers = (result?.events ?? []).filter((e) => e.type === 'offer');
    offers.forEach((e, k) => {
      expect(e.t).toBeCloseTo((50 * (k + 1)) / 1000, 12);
    });
    expect(result?.t).toBe(1);
  });

  it('a hardliner never concedes', () => {
    const s = twoIssueScenario();
    const { result } = runSession(s, { seed: 4, negotiators: { buyer: 'hardliner', seller: 'random:p=0' } });
    const buyer = s.parties[0] as Party;
    const offers = (result?.events ?? []).filter((e) => e.type === 'offer' && e.party === 0);
    expect(offers.length).toBe(20);
    for (const e of offers) expect(e.type === 'offer' && buyer.utility.evaluate(e.outcome)).toBe(1);
  });

  it('a Boulware negotiator holds out longer than a conceder in the same session', () => {
    const s = twoIssueScenario({ rounds: 40 });
    const seller = s.parties[1] as Party;
    const sellerOffers = (spec: string) =>
      (runSession(s, { seed: 2, negotiators: { buyer: 'hardliner', seller: spec } }).result?.events ?? [])
        .filter((e) => e.type === 'offer' && e.party === 1)
        .map((e) => (e.type === 'offer' ? seller.utility.evaluate(e.outcome) : 0));
    const boulware = sellerOffers('boulware');
    const conceder = sellerOffers('conceder');
    const half = (xs: number[]) => xs.slice(0, xs.length / 2).reduce((a, b) => a + b, 0) / (xs.length / 2);
    expect(half(boulware)).toBeGreaterThan(half(conceder) + 0.1);
  });
});

describe('createSession, resultOf and the setup negotiators see', () => {
  it('gives each negotiator its own party only', () => {
    spied.clear();
    const s = threePartyScenario({ principalThreshold: 0.5 });
    createSession(s, { seed: 9, negotiators: { us: 'test-spy', cn: 'test-spy', eu: 'test-spy' } });
    for (const [i, p] of s.parties.entries()) {
      const setup = spied.get(p.id) as NegotiatorSetup;
      expect(Object.keys(setup).sort()).toEqual([
        'actionBudgetMs',
        'index',
        'parties',
        'party',
        'rounds',
        'seed',
        'space',
      ]);
      expect(setup.party).toBe(p);
      expect(setup.index).toBe(s.protocol.order.indexOf(p.id));
      expect(setup.parties).toEqual(['us', 'cn', 'eu']);
      expect(setup.seed).toBe(9);
      // Nothing reachable from the setup is another party's utility function.
      const reachable = new Set<unknown>();
      const walk = (x: unknown) => {
        if (typeof x !== 'object' || x === null || reachable.has(x)) return;
        reachable.add(x);
        for (const v of Object.values(x)) walk(v);
      };
      walk(setup);
      s.parties.forEach((q, j) => {
        if (j !== i) expect(reachable.has(q.utility)).toBe(false);
      });
    }
  });

  it('gives each turn its context: time, step, round, the offer, the transcript and the (seed, party, step) rng', () => {
    spiedContexts.clear();
    const s = threePartyScenario();
    const { state } = runSession(s, {
      seed: 21,
      negotiators: { us: 'test-spy', cn: 'test-spy', eu: 'test-spy' },
    });
    expect(state.status).toBe('walked-away');
    const [first] = spiedContexts.get('us') ?? [];
    const [second] = spiedContexts.get('cn') ?? [];
    expect(first).toMatchObject({ t: 0, step: 0, round: 0, offer: null, history: [] });
    expect(first?.rng.state()).toEqual(Random.from(21, 'negotiator', 0, 0).state());
    expect(second).toMatchObject({ t: 1 / 90, step: 1, round: 0, offer: { outcome: [0, 0, 0], by: 0 } });
    expect(second?.history).toEqual([state.events[0]]);
    expect(second?.rng.state()).toEqual(Random.from(21, 'negotiator', 1, 1).state());
  });

  it('uses the scenario default negotiator, then boulware', () => {
    const base = twoIssueScenario();
    const s: Scenario = {
      ...base,
      parties: base.parties.map((p) => (p.id === 'buyer' ? { ...p, negotiator: 'linear:k=0.1' } : p)),
    };
    const { state, negotiators } = createSession(s, { seed: 1 });
    expect(negotiators.map((n) => n.spec)).toEqual(['linear:k=0.1', 'boulware']);
    expect(state.status).toBe('running');
    expect(
      createSession(s, { seed: 1, negotiators: { buyer: 'conceder' } }).negotiators.map((n) => n.spec),
    ).toEqual(['conceder', 'boulware']);
    expect(runSession(s, { seed: 1 }).result?.negotiators).toEqual({
      buyer: 'linear:k=0.1',
      seller: 'boulware',
    });
  });

  it('a bad spec or an unknown party is the caller’s error and throws', () => {
    const s = twoIssueScenario();
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        return err instanceof LancasterError ? err.code : 'other';
      }
      return 'none';
    };
    expect(code(() => runSession(s, { seed: 1, negotiators: { buyer: 'boulware:e=' } }))).toBe(
      'BAD_NEGOTIATOR_SPEC',
    );
    expect(code(() => runSession(s, { seed: 1, negotiators: { buyer: 'nobody' } }))).toBe(
      'UNKNOWN_NEGOTIATOR',
    );
    expect(code(() => runSession(s, { seed: 1, negotiators: { mallory: 'boulware' } }))).toBe('BAD_OPTION');
  });

  it('resultOf reports utilities, discounted at the time of the acceptance', () => {
    const s = twoIssueScenario({ discountFactor: 0.5 });
    const { state, result } = runSession(s, {
      seed: 1,
      negotiators: { buyer: 'conceder', seller: 'conceder' },
    });
    expect(result?.status).toBe('agreement');
    const r = result as SessionResult;
    for (const p of s.parties) {
      const u = p.utility.evaluate(r.agreement as number[]);
      expect(r.utilities[p.id]).toBe(u);
      const agreed = r.events.find((e) => e.type === 'delegations-agree') as { t: number };
      expect(r.discountedUtilities[p.id]).toBeCloseTo(u * 0.5 ** agreed.t, 12);
    }
    expect(r.rounds).toBe(Math.ceil(state.step / 2));
    const none = runSession(s, { seed: 1, negotiators: { buyer: 'hardliner', seller: 'hardliner' } })
      .result as SessionResult;
    expect(none.utilities).toEqual({ buyer: 0.2, seller: 0.2 });
    expect(none.discountedUtilities.buyer).toBeCloseTo(0.1, 12);
    const running = runSession(s, { seed: 1, maxSteps: 2 }).state;
    expect(() => resultOf(s, running, {})).toThrow(/no result yet/);
  });

  it('SimulatedClock advances per call and on demand', () => {
    const c = new SimulatedClock(5, 100);
    expect(c.now()).toBe(100);
    expect(c.now()).toBe(105);
    c.advance(20);
    expect(c.now()).toBe(130);
  });
});

describe('discounting at the time of acceptance (issue 10, item 14)', () => {
  it('an agreement is worth u·d^t with t the time of the accepting action, not of the next step', () => {
    const s = twoIssueScenario({ discountFactor: 0.5 });
    const result = runSession(s, { seed: 1, negotiators: { buyer: 'conceder', seller: 'conceder' } })
      .result as SessionResult;
    expect(result.status).toBe('agreement');
    const accepts = result.events.filter((e) => e.type === 'accept');
    const tAccept = (accepts.at(-1) as { t: number }).t;
    expect(tAccept).toBeLessThan(result.t);
    const agreed = result.events.find((e) => e.type === 'delegations-agree') as { t: number };
    expect(agreed.t).toBe(tAccept);
    for (const p of s.parties) {
      const u = result.utilities[p.id] as number;
      expect(result.discountedUtilities[p.id]).toBe(u * 0.5 ** tAccept);
    }
  });
});
