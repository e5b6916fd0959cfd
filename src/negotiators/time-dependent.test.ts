import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { discreteIssue } from '../model/issues.ts';
import { OutcomeSpace } from '../model/outcome-space.ts';
import type { Party } from '../model/party.ts';
import { Random } from '../model/random.ts';
import { table, UtilityFunction } from '../model/utility.ts';
import type { NegotiatorAction } from '../protocols/types.ts';
import {
  negotiatorContext,
  negotiatorSetup,
  randomScenario,
  realIssueScenario,
  twoIssueScenario,
} from '../run/test-scenarios.ts';
import { acConst } from './acceptance.ts';
import { CANDIDATE_SAMPLE_SIZE } from './bid-space.ts';
import { concession, TimeDependentNegotiator, timeDependentTarget } from './time-dependent.ts';

function offered(a: NegotiatorAction): readonly number[] {
  if (a.type !== 'offer') throw new Error(`expected an offer, got ${a.type}`);
  return a.outcome;
}

const unit = fc.double({ min: 0, max: 1, noNaN: true });
const exponent = fc.double({ min: 0.01, max: 20, noNaN: true });

describe('the concession curve (GENIUS convention)', () => {
  it('runs from Pmax at t = 0 to Pmin at t = 1 when k = 0', () => {
    fc.assert(
      fc.property(exponent, unit, unit, (e, a, b) => {
        const [pmin, pmax] = a <= b ? [a, b] : [b, a];
        expect(timeDependentTarget(0, { e, k: 0 }, pmin, pmax)).toBeCloseTo(pmax, 12);
        expect(timeDependentTarget(1, { e, k: 0 }, pmin, pmax)).toBeCloseTo(pmin, 12);
      }),
    );
  });

  it('F(t) = k + (1 − k) t^(1/e); linear halves the range at t = 0.5; k concedes up front', () => {
    expect(concession(0.25, { e: 0.5, k: 0 })).toBeCloseTo(0.0625, 12);
    expect(concession(0.25, { e: 2, k: 0 })).toBeCloseTo(0.5, 12);
    expect(timeDependentTarget(0.5, { e: 1, k: 0 }, 0.2, 1)).toBeCloseTo(0.6, 12);
    expect(timeDependentTarget(0, { e: 1, k: 0.25 }, 0, 1)).toBeCloseTo(0.75, 12);
  });

  it('e = 0 is a hardliner: the target never leaves Pmax', () => {
    fc.assert(
      fc.property(unit, (t) => {
        expect(timeDependentTarget(t, { e: 0, k: 0 }, 0.3, 0.9)).toBe(0.9);
      }),
    );
  });

  it('never rises with time', () => {
    fc.assert(
      fc.property(exponent, unit, unit, unit, (e, k, t1, t2) => {
        const [a, b] = t1 <= t2 ? [t1, t2] : [t2, t1];
        expect(timeDependentTarget(b, { e, k }, 0.2, 0.9)).toBeLessThanOrEqual(
          timeDependentTarget(a, { e, k }, 0.2, 0.9) + 1e-12,
        );
      }),
    );
  });

  it('Boulware concedes later than linear, linear later than conceder', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 0.99, noNaN: true }), (t) => {
        const boulware = timeDependentTarget(t, { e: 0.2, k: 0 }, 0.1, 1);
        const linear = timeDependentTarget(t, { e: 1, k: 0 }, 0.1, 1);
        const conceder = timeDependentTarget(t, { e: 2, k: 0 }, 0.1, 1);
        expect(boulware).toBeGreaterThan(linear);
        expect(linear).toBeGreaterThan(conceder);
      }),
    );
    // The same holds for any two exponents: the smaller e holds out longer.
    fc.assert(
      fc.property(exponent, exponent, fc.double({ min: 0.05, max: 0.95, noNaN: true }), (e1, e2, t) => {
        fc.pre(Math.abs(e1 - e2) > 1e-3);
        const [lo, hi] = e1 < e2 ? [e1, e2] : [e2, e1];
        expect(timeDependentTarget(t, { e: lo, k: 0 }, 0, 1)).toBeGreaterThanOrEqual(
          timeDependentTarget(t, { e: hi, k: 0 }, 0, 1),
        );
      }),
    );
  });
});

describe('TimeDependentNegotiator bidding', () => {
  it('Pmax is the best own-acceptable utility, Pmin the larger of reservation and worst', () => {
    const s = twoIssueScenario();
    const setup = negotiatorSetup(s, 'buyer');
    const n = new TimeDependentNegotiator(setup, { e: 1, k: 0 });
    const acceptable = [...s.space.enumerate()].filter((o) => setup.party.utility.acceptable(o));
    const us = acceptable.map((o) => setup.party.utility.evaluate(o));
    expect(n.pmax).toBe(Math.max(...us));
    expect(n.pmin).toBe(Math.max(setup.party.reservationValue, Math.min(...us)));
  });

  it('proposes the cheapest own-acceptable outcome at or above its target (brute force check)', () => {
    fc.assert(
      fc.property(
        fc.nat(1000),
        fc.integer({ min: 2, max: 4 }),
        unit,
        exponent,
        fc.nat(1000),
        (seed, parties, t, e, rngSeed) => {
          const s = randomScenario(seed, parties);
          const setup = negotiatorSetup(s, 'p0', seed);
          const n = new TimeDependentNegotiator(setup, { e, k: 0 });
          const o = offered(n.act(negotiatorContext(t, null, rngSeed)));
          const u = setup.party.utility;
          expect(u.acceptable(o)).toBe(true);
          const target = n.target(t);
          const candidates = [...s.space.enumerate()]
            .filter((x) => u.acceptable(x))
            .map((x) => u.evaluate(x));
          const above = candidates.filter((v) => v >= target - 1e-9);
          const expected = above.length > 0 ? Math.min(...above) : Math.max(...candidates);
          expect(u.evaluate(o)).toBeCloseTo(expected, 12);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('breaks ties between equally good outcomes with the turn rng', () => {
    // Issue b is worth nothing to this party, so every value of a comes in 3 equal outcomes.
    const space = new OutcomeSpace([discreteIssue('a', ['x', 'y']), discreteIssue('b', ['p', 'q', 'r'])]);
    const party: Party = {
      id: 'solo',
      label: 'Solo',
      utility: new UtilityFunction(space, { weights: [1, 0], evaluators: [table([0, 1]), table([0, 0, 0])] }),
      reservationValue: 0,
      discountFactor: 1,
      delegation: [],
    };
    const n = new TimeDependentNegotiator(
      { party, space, index: 0, parties: ['solo', 'other'], rounds: 5, seed: 1 },
      { e: 0, k: 0 },
    );
    const picks = new Set<string>();
    for (let seed = 0; seed < 60; seed++) {
      const a = offered(n.act(negotiatorContext(0, null, seed)));
      expect(offered(n.act(negotiatorContext(0, null, seed)))).toEqual(a);
      expect(a[0]).toBe(1);
      picks.add(a.join(','));
    }
    expect(picks).toEqual(new Set(['1,0', '1,1', '1,2']));
  });

  it('never proposes an outcome that crosses its own red lines', () => {
    fc.assert(
      fc.property(
        fc.nat(1000),
        fc.integer({ min: 2, max: 4 }),
        unit,
        fc.double({ min: 0, max: 5, noNaN: true }),
        unit,
        (seed, parties, t, e, k) => {
          const s = randomScenario(seed, parties);
          for (const p of s.parties) {
            const n = new TimeDependentNegotiator(negotiatorSetup(s, p.id, seed), { e, k });
            const a = n.act(negotiatorContext(t, null, seed));
            if (a.type === 'offer') expect(p.utility.acceptable(a.outcome)).toBe(true);
            else expect.unreachable('every random scenario leaves acceptable outcomes');
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('walks away when its red lines exclude every outcome', () => {
    const s = twoIssueScenario();
    const buyer = s.parties[0] as Party;
    const trapped: Party = {
      ...buyer,
      utility: new UtilityFunction(s.space, {
        weights: [...buyer.utility.weights],
        evaluators: [...buyer.utility.evaluators],
        redLines: [{ id: 'all', label: 'nothing', kind: 'forbid', conditions: [] }],
      }),
    };
    const n = new TimeDependentNegotiator({ ...negotiatorSetup(s, 'buyer'), party: trapped }, { e: 1, k: 0 });
    expect(n.act(negotiatorContext(0.5, [2, 2]))).toEqual({ type: 'end' });
  });

  it('accepts with its acceptance condition, never below its floor', () => {
    const s = twoIssueScenario();
    const setup = negotiatorSetup(s, 'buyer');
    const byDefault = new TimeDependentNegotiator(setup, { e: 1, k: 0 });
    // AC_next: at t = 0 only an offer as good as its own best bid is accepted.
    expect(byDefault.act(negotiatorContext(0, [0, 0])).type).toBe('accept');
    expect(byDefault.act(negotiatorContext(0, [1, 0])).type).toBe('offer');
    const anything = new TimeDependentNegotiator(setup, { e: 1, k: 0, acceptance: acConst(0) });
    expect(anything.act(negotiatorContext(0, [4, 3])).type).toBe('offer'); // 0.06 < reservation 0.2
    expect(anything.act(negotiatorContext(0, [5, 0])).type).toBe('offer'); // crosses the red line
    expect(anything.act(negotiatorContext(0, [3, 0])).type).toBe('accept');
  });
});

describe('TimeDependentNegotiator on spaces too large to list', () => {
  it('bids from a seeded sample: valid, own-acceptable, reproducible, and anchored at the best outcome', () => {
    const s = realIssueScenario();
    const setup = negotiatorSetup(s, 'buyer', 5);
    const a = new TimeDependentNegotiator(setup, { e: 1, k: 0 });
    const b = new TimeDependentNegotiator(setup, { e: 1, k: 0 });
    // The anchor: price 0 with the long term is the buyer's best outcome, utility 1.
    expect(a.pmax).toBe(1);
    for (const t of [0, 0.3, 0.7, 1]) {
      const x = offered(a.act(negotiatorContext(t, null, 3)));
      expect(offered(b.act(negotiatorContext(t, null, 3)))).toEqual(x);
      expect(s.space.contains(x)).toBe(true);
      expect(setup.party.utility.acceptable(x)).toBe(true);
      expect(setup.party.utility.evaluate(x)).toBeGreaterThanOrEqual(Math.min(a.target(t), a.pmax) - 1e-9);
    }
    // Another seed, another sample.
    const other = new TimeDependentNegotiator(negotiatorSetup(s, 'buyer', 6), { e: 1, k: 0 });
    expect(other.act(negotiatorContext(0.5, null, 3))).not.toEqual(a.act(negotiatorContext(0.5, null, 3)));
    expect(a.pmin).toBeLessThan(0.2);
  });

  it('keeps at most the sample size of candidates', () => {
    const s = realIssueScenario();
    const n = new TimeDependentNegotiator(negotiatorSetup(s, 'seller'), { e: 1, k: 0 });
    // Indirect but observable: a linear negotiator visits distinct bids; never more than the sample.
    const seen = new Set<string>();
    const rng = Random.from(1);
    for (let i = 0; i <= 200; i++) seen.add((n.bid(i / 200, rng)?.outcome ?? []).join(','));
    expect(seen.size).toBeLessThanOrEqual(CANDIDATE_SAMPLE_SIZE + 1);
    expect(seen.size).toBeGreaterThan(50);
  });
});

describe('TimeDependentNegotiator: the memo of F at step fractions', () => {
  it('acts at t = step / (rounds × parties) exactly as the formula says, memo or not', () => {
    fc.assert(
      fc.property(
        fc.nat(10_000),
        fc.double({ min: 0, max: 5, noNaN: true }),
        unit,
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.nat(200), { minLength: 1, maxLength: 12 }),
        (scenarioSeed, e, k, rounds, picks) => {
          const s = randomScenario(scenarioSeed, 2, { rounds });
          const setup = negotiatorSetup(s, 'p0', 3);
          const total = rounds * setup.parties.length;
          const memo = new TimeDependentNegotiator(setup, { e, k });
          for (const pick of picks) {
            const step = pick % (total + 1);
            const t = step / total;
            // Twice: the second read comes from the memo another negotiator of this curve filled.
            for (const n of [memo, new TimeDependentNegotiator(setup, { e, k })]) {
              const expected = n.bid(t, Random.from(step, 'test-context'));
              const got = n.act({ ...negotiatorContext(t, null, step), step });
              expect(got).toEqual(expected ? { type: 'offer', outcome: expected.outcome } : { type: 'end' });
            }
          }
        },
      ),
      { numRuns: 80 },
    );
  });
});
