import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { LancasterError } from '../../errors.ts';
import type { Outcome } from '../../model/outcome-space.ts';
import { Random } from '../../model/random.ts';
import type { SessionEvent } from '../../protocols/types.ts';
import { runSession, SimulatedClock } from '../../run/session.ts';
import {
  negotiatorContext,
  negotiatorSetup,
  randomScenario,
  twoIssueScenario,
} from '../../run/test-scenarios.ts';
import { createNegotiator } from '../registry.ts';
import { kendallTauB, modelAccuracy } from './accuracy.ts';
import { bayesianModel } from './bayesian.ts';
import { frequencyModel } from './frequency.ts';
import { grantedOracle, grantOpponentOracle, perfectModel } from './perfect.ts';

const offer = (step: number, party: number, outcome: number[], t = step / 40): SessionEvent => ({
  type: 'offer',
  step,
  round: Math.floor(step / 2),
  t,
  party,
  outcome,
});

function allOutcomes(size: number, at: (k: number) => number[]): number[][] {
  return Array.from({ length: size }, (_, k) => at(k));
}

/** A transcript of a real session between two negotiators on a scenario. */
function transcript(seed: number, a: string, b: string) {
  const scenario = randomScenario(seed, 2, { rounds: 30 });
  const { result } = runSession(scenario, {
    seed,
    negotiators: { p0: a, p1: b },
    clock: new SimulatedClock(1),
  });
  return { scenario, events: result?.events ?? [] };
}

describe('frequency model', () => {
  it('raises the weight of an issue the opponent never changes and scores its frequent values', () => {
    const { space } = twoIssueScenario();
    const model = frequencyModel(space, 0);
    // The opponent (party 1) holds price at p4 and walks delivery around.
    model.update([offer(1, 1, [4, 0]), offer(3, 1, [4, 1]), offer(5, 1, [4, 2]), offer(7, 1, [4, 3])]);
    expect(model.opponents()).toEqual([1]);
    // Same delivery, different price: price matters more, so p4 beats every other price.
    expect(model.utility([4, 3])).toBeGreaterThan(model.utility([0, 3]));
    expect(model.utility([4, 0]) - model.utility([3, 0])).toBeGreaterThan(
      model.utility([4, 0]) - model.utility([4, 1]),
    );
    // Its own offers (party 0) teach it nothing.
    const before = model.utility([0, 0]);
    model.update([
      offer(1, 1, [4, 0]),
      offer(3, 1, [4, 1]),
      offer(5, 1, [4, 2]),
      offer(7, 1, [4, 3]),
      offer(8, 0, [0, 0]),
    ]);
    expect(model.utility([0, 0])).toBe(before);
  });

  it('estimates a conceding opponent better than chance', () => {
    for (const seed of [3, 4, 5]) {
      const { scenario, events } = transcript(seed, 'boulware', 'boulware');
      const truth = scenario.parties[1]?.utility;
      if (!truth) throw new Error('no party');
      const model = frequencyModel(scenario.space, 0);
      model.update(events);
      const outcomes = allOutcomes(scenario.space.size, (k) => scenario.space.outcomeAt(k));
      const acc = modelAccuracy(
        (o) => model.utility(o),
        (o) => truth.evaluate(o),
        outcomes,
      );
      expect(acc.kendall).toBeGreaterThan(0);
    }
  });
});

describe('Bayesian model', () => {
  it('learns which end of an issue the opponent prefers', () => {
    const { space } = twoIssueScenario();
    const model = bayesianModel(space, 0);
    const events = [0, 1, 2, 3, 4, 5].map((k) => offer(2 * k + 1, 1, [5, 3], k / 10));
    model.update(events);
    expect(model.utility([5, 3])).toBeGreaterThan(model.utility([0, 0]));
    expect(model.utility([5, 3])).toBeGreaterThan(0.7);
  });

  it('estimates a conceding opponent better than chance', () => {
    let sum = 0;
    for (const seed of [3, 4, 5, 6]) {
      const { scenario, events } = transcript(seed, 'linear', 'linear');
      const truth = scenario.parties[1]?.utility;
      if (!truth) throw new Error('no party');
      const model = bayesianModel(scenario.space, 0);
      model.update(events);
      const outcomes = allOutcomes(scenario.space.size, (k) => scenario.space.outcomeAt(k));
      sum += modelAccuracy(
        (o) => model.utility(o),
        (o) => truth.evaluate(o),
        outcomes,
      ).pearson;
    }
    expect(sum / 4).toBeGreaterThan(0);
  });
});

describe('models are caches of the transcript', () => {
  test.prop([fc.integer({ min: 1, max: 50 }), fc.array(fc.integer({ min: 1, max: 30 }), { maxLength: 5 })])(
    'fed in pieces or at once, and after a reset, they estimate exactly the same',
    (seed, cuts) => {
      const { scenario, events } = transcript(seed, 'random:p=0.05', 'conceder');
      const outcomes = allOutcomes(scenario.space.size, (k) => scenario.space.outcomeAt(k));
      for (const make of [() => frequencyModel(scenario.space, 0), () => bayesianModel(scenario.space, 0)]) {
        const whole = make();
        whole.update(events);
        const pieces = make();
        for (const c of [...cuts].sort((a, b) => a - b)) pieces.update(events.slice(0, c));
        pieces.update(events);
        // A copy of the transcript (as after JSON) is recognised as the same one.
        pieces.update(JSON.parse(JSON.stringify(events)) as SessionEvent[]);
        // A different, shorter transcript resets the cache.
        const reset = make();
        reset.update(events.slice(0, 3).map((e) => ({ ...e, t: 0.5 })));
        reset.update(events);
        for (const o of outcomes) {
          expect(pieces.utility(o)).toBe(whole.utility(o));
          expect(reset.utility(o)).toBe(whole.utility(o));
        }
      }
    },
  );
});

describe('perfect model', () => {
  const scenario = twoIssueScenario();
  const setup = negotiatorSetup(scenario, 'buyer');

  it('is refused without an explicit grant', () => {
    expect(() => perfectModel(setup)).toThrow(LancasterError);
    expect(() => createNegotiator('boa:model=perfect', setup)).toThrow(/grantOpponentOracle/);
  });

  it('with a grant, returns the true utility, and the grant leaves no trace on the setup', () => {
    const seller = scenario.parties[1]?.utility;
    if (!seller) throw new Error('no seller');
    const granted = grantOpponentOracle(setup, { 1: seller, 0: seller });
    expect(grantedOracle(setup)).toBeUndefined();
    expect(Object.keys(granted).sort()).toEqual(Object.keys(setup).sort());
    const model = perfectModel(granted);
    expect(model.opponents()).toEqual([1]); // its own index is never granted
    for (const o of [
      [0, 0],
      [3, 2],
    ] as Outcome[])
      expect(model.utility(o)).toBe(seller.evaluate(o));
    const n = createNegotiator('boa:bid=nash,model=perfect', granted);
    expect(n.opponentModel?.(negotiatorContext(0.1, null))?.utility([2, 2])).toBe(seller.evaluate([2, 2]));
  });
});

describe('modelAccuracy', () => {
  const outcomes = Array.from({ length: 40 }, (_, k) => [k]);
  const truth = (o: Outcome) => ((o[0] as number) * 7) % 40;

  it('is 1 for an exact or monotone estimate, -1 for a reversed one, 0 for a constant one', () => {
    expect(modelAccuracy(truth, truth, outcomes)).toEqual({ pearson: 1, kendall: 1 });
    expect(modelAccuracy((o) => Math.exp(truth(o) / 10), truth, outcomes).kendall).toBe(1);
    const reversed = modelAccuracy((o) => -truth(o), truth, outcomes);
    expect(reversed.pearson).toBeCloseTo(-1, 12);
    expect(reversed.kendall).toBe(-1);
    expect(modelAccuracy(() => 0.5, truth, outcomes)).toEqual({ pearson: 0, kendall: 0 });
  });

  test.prop([
    fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 })), {
      minLength: 2,
      maxLength: 30,
    }),
  ])('tau-b is symmetric and within [-1, 1]', (pairs) => {
    const os = pairs.map((_, k) => [k]);
    const x = (o: Outcome) => (pairs[o[0] as number] as [number, number])[0];
    const y = (o: Outcome) => (pairs[o[0] as number] as [number, number])[1];
    const a = modelAccuracy(x, y, os);
    const b = modelAccuracy(y, x, os);
    expect(a.kendall).toBeCloseTo(b.kendall, 12);
    expect(Math.abs(a.kendall)).toBeLessThanOrEqual(1);
    expect(Math.abs(a.pearson)).toBeLessThanOrEqual(1);
  });

  it('tau-b in O(n log n) equals the count over every pair: ties, all-tied columns, n = 0, 1, 2', () => {
    const rng = Random.from(7, 'kendall-test');
    const check = (x: Float64Array, y: Float64Array) => {
      const want = referenceTauB(x, y);
      const got = kendallTauB(x, y);
      expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-12);
      // The counts are exact integers, so the two agree to the last bit.
      expect(got).toBe(want);
    };
    for (const n of [0, 1, 2, 3, 5, 17, 64, 300]) {
      for (const levels of [1, 2, 3, 7, 1000]) {
        for (let rep = 0; rep < 3; rep++) {
          const x = Float64Array.from({ length: n }, () => rng.int(levels) / levels);
          const y = Float64Array.from({ length: n }, () => rng.int(levels) / levels);
          check(x, y);
          check(y, x);
          check(x, x);
          check(
            x,
            x.map((v) => -v),
          );
          check(x, new Float64Array(n).fill(0.5)); // all tied: tau-b undefined, reported 0
          check(new Float64Array(n).fill(0.5), y);
        }
      }
    }
    check(Float64Array.of(0, -0, 1), Float64Array.of(1, 0, -0));
    expect(kendallTauB(new Float64Array(0), new Float64Array(0))).toBe(0);
    expect(kendallTauB(Float64Array.of(1), Float64Array.of(2))).toBe(0);
    expect(kendallTauB(Float64Array.of(1, 2), Float64Array.of(2, 1))).toBe(-1);
    expect(kendallTauB(Float64Array.of(1, 2, 3), Float64Array.of(1, 3, 2))).toBeCloseTo(1 / 3, 15);
  });

  test.prop([
    fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 })), { maxLength: 60 }),
  ])('tau-b in O(n log n) equals the count over every pair (any data)', (pairs) => {
    const x = Float64Array.from(pairs, (p) => p[0]);
    const y = Float64Array.from(pairs, (p) => p[1]);
    expect(kendallTauB(x, y)).toBe(referenceTauB(x, y));
  });

  it('a value that is not finite makes both measures NaN', () => {
    const acc = modelAccuracy((o) => ((o[0] as number) === 3 ? Number.NaN : truth(o)), truth, outcomes);
    expect(acc.kendall).toBeNaN();
    expect(acc.pearson).toBeNaN();
  });
});

/** Tau-b by comparing every pair: the O(n²) definition the fast count is checked against. */
function referenceTauB(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  let concordant = 0;
  let discordant = 0;
  let tiedX = 0;
  let tiedY = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = Math.sign((x[i] as number) - (x[j] as number));
      const dy = Math.sign((y[i] as number) - (y[j] as number));
      if (dx === 0 && dy === 0) continue;
      if (dx === 0) tiedX++;
      else if (dy === 0) tiedY++;
      else if (dx === dy) concordant++;
      else discordant++;
    }
  }
  const denom = Math.sqrt((concordant + discordant + tiedX) * (concordant + discordant + tiedY));
  return denom === 0 ? 0 : (concordant - discordant) / denom;
}
