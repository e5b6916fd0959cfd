import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  bargainingPoints,
  egalitarianPoint,
  geniusKalaiPoint,
  individuallyRational,
  kalaiPoint,
  nashPoint,
  opposition,
  utilitarianPoint,
} from './bargaining.ts';
import { bruteForceFrontier } from './frontier.ts';
import { TIE_VALUES, utilsArb } from './test-helpers.ts';

/** Utilities, reservation values from the tie set, and a random feasibility mask. */
const problemArb = utilsArb({ maxOutcomes: 40 }).chain((utils) =>
  fc.tuple(
    fc.constant(utils),
    fc.array(fc.constantFrom(0, ...TIE_VALUES), { minLength: utils.length, maxLength: utils.length }),
    fc
      .array(fc.constantFrom(0, 1, 1, 1), {
        minLength: utils[0]?.length ?? 0,
        maxLength: utils[0]?.length ?? 0,
      })
      .map((a) => Uint8Array.from(a)),
  ),
);

const vec = (utils: readonly Float64Array[], k: number) => utils.map((u) => u[k] as number);
const gains = (utils: readonly Float64Array[], rv: readonly number[], k: number) =>
  utils.map((u, i) => (u[k] as number) - (rv[i] as number));

/** Brute-force IR set and the frontier of the feasible outcomes. */
function reference(utils: readonly Float64Array[], rv: readonly number[], feasible: Uint8Array) {
  const n = utils[0]?.length ?? 0;
  const ir: number[] = [];
  const feas: number[] = [];
  for (let k = 0; k < n; k++) {
    if (feasible[k] !== 1) continue;
    feas.push(k);
    if (utils.every((u, i) => (u[k] as number) >= (rv[i] as number))) ir.push(k);
  }
  const frontier = new Set(bruteForceFrontier(utils, Uint32Array.from(feas)));
  return { ir, frontier };
}

describe('bargaining solutions', () => {
  test.prop([problemArb], { numRuns: 500 })(
    'IR set, and null exactly when it is empty',
    ([utils, rv, feasible]) => {
      const { ir } = reference(utils, rv, feasible);
      expect(Array.from(individuallyRational(utils, rv, feasible))).toEqual(ir);
      const points = bargainingPoints(utils, rv, feasible);
      expect(points.individuallyRational).toBe(ir.length);
      for (const p of [points.nash, points.kalai, points.utilitarian, points.egalitarian]) {
        expect(p === null).toBe(ir.length === 0);
      }
    },
  );

  test.prop([problemArb], { numRuns: 500 })(
    'Nash maximises the product of gains over IR, lies on the frontier, and ties go to the lowest index',
    ([utils, rv, feasible]) => {
      const { ir, frontier } = reference(utils, rv, feasible);
      const nash = nashPoint(utils, rv, feasible);
      if (nash === null) return;
      const product = (k: number) => gains(utils, rv, k).reduce((a, b) => a * b, 1);
      const best = Math.max(...ir.map(product));
      expect(ir).toContain(nash);
      expect(product(nash)).toBe(best);
      expect(frontier.has(nash)).toBe(true);
      const lowest = Math.min(...ir.filter((k) => product(k) === best && frontier.has(k)));
      expect(nash).toBe(lowest);
    },
  );

  test.prop([problemArb], { numRuns: 500 })(
    'Kalai lies on the frontier and maximises the smallest relative gain',
    ([utils, rv, feasible]) => {
      const { ir, frontier } = reference(utils, rv, feasible);
      const kalai = kalaiPoint(utils, rv, feasible);
      if (kalai === null) return;
      expect(frontier.has(kalai)).toBe(true);
      const ideal = utils.map((u) => Math.max(...ir.map((k) => u[k] as number)));
      const score = (k: number) =>
        Math.min(
          1,
          ...utils
            .map(
              (u, i) => ((u[k] as number) - (rv[i] as number)) / ((ideal[i] as number) - (rv[i] as number)),
            )
            .filter((_, i) => (ideal[i] as number) > (rv[i] as number)),
        );
      const best = Math.max(...ir.map(score));
      expect(score(kalai)).toBe(best);
    },
  );

  test.prop([problemArb], { numRuns: 500 })(
    'utilitarian and egalitarian maximise their scores over IR and lie on the frontier',
    ([utils, rv, feasible]) => {
      const { ir, frontier } = reference(utils, rv, feasible);
      const uti = utilitarianPoint(utils, rv, feasible);
      const ega = egalitarianPoint(utils, rv, feasible);
      if (uti === null || ega === null) {
        expect(ir.length).toBe(0);
        return;
      }
      const sum = (k: number) => vec(utils, k).reduce((a, b) => a + b, 0);
      const minGain = (k: number) => Math.min(...gains(utils, rv, k));
      expect(sum(uti)).toBe(Math.max(...ir.map(sum)));
      expect(minGain(ega)).toBe(Math.max(...ir.map(minGain)));
      expect(frontier.has(uti)).toBe(true);
      expect(frontier.has(ega)).toBe(true);
    },
  );

  it('hand-computed points on a small bilateral problem', () => {
    //            0     1     2     3     4
    const a = Float64Array.of(1.0, 0.8, 0.6, 0.3, 0.9);
    const b = Float64Array.of(0.1, 0.5, 0.8, 0.9, 0.95);
    const feasible = Uint8Array.of(1, 1, 1, 1, 0); // outcome 4 crosses a red line
    const rv = [0.2, 0.2];
    // Products of gains: 0: 0.8·(−) not IR; 1: 0.6·0.3 = 0.18; 2: 0.4·0.6 = 0.24; 3: 0.1·0.7 = 0.07.
    expect(nashPoint([a, b], rv, feasible)).toBe(2);
    // Ideal over IR {1,2,3}: a 0.8, b 0.9 → ranges 0.6, 0.7. Relative mins: 1: min(1, 3/7); 2: min(2/3, 6/7) = 2/3; 3: 1/6.
    expect(kalaiPoint([a, b], rv, feasible)).toBe(2);
    // Sums: 1.3, 1.4, 1.2 → 2. Min gains: 0.3, 0.4, 0.1 → 2.
    expect(utilitarianPoint([a, b], rv, feasible)).toBe(2);
    expect(egalitarianPoint([a, b], rv, feasible)).toBe(2);
    // Without the red line, outcome 4 dominates 2 and wins everything.
    expect(nashPoint([a, b], rv)).toBe(4);
    // Nobody IR: null.
    expect(nashPoint([a, b], [0.95, 0.95], feasible)).toBeNull();
  });

  it('Kalai and Nash differ where the ideal gains are unequal', () => {
    // Party a can gain up to 1, party b only up to 0.5.
    const a = Float64Array.of(1, 0.75, 0.5, 0.25, 0);
    const b = Float64Array.of(0, 0.125, 0.25, 0.375, 0.5);
    // Nash: products 0, 0.09375, 0.125, 0.09375, 0 → 2. Kalai: min(a/1, b/0.5) → 1: 0.25, 2: 0.5, 3: 0.25 → 2.
    expect(nashPoint([a, b], [0, 0])).toBe(2);
    expect(kalaiPoint([a, b], [0, 0])).toBe(2);
    // Egalitarian in absolute gains: min = 0, 0.125, 0.25, 0.25, 0 → tie between 2 and 3, both undominated → 2.
    expect(egalitarianPoint([a, b], [0, 0])).toBe(2);
    // With rv_a = 0.5, b's gain matters: Kalai over IR {0,1,2}: ideal a 1, b 0.25; 1: min(0.5, 0.5) = 0.5.
    expect(kalaiPoint([a, b], [0.5, 0])).toBe(1);
  });

  it('breaks ties towards a Pareto-optimal point, not merely the lowest index', () => {
    // Min gain is 0 everywhere (party b always at its reservation value); only outcome 2 is undominated.
    const a = Float64Array.of(0.2, 0.5, 0.9);
    const b = Float64Array.of(0.3, 0.3, 0.3);
    expect(egalitarianPoint([a, b], [0, 0.3])).toBe(2);
    expect(nashPoint([a, b], [0, 0.3])).toBe(2);
  });

  it('opposition: 0 without conflict, 1/√2 for a zero-sum pair, NaN when nothing is feasible', () => {
    expect(opposition([Float64Array.of(0.2, 1), Float64Array.of(0.1, 1)])).toBe(0);
    expect(opposition([Float64Array.of(1, 0), Float64Array.of(0, 1)])).toBeCloseTo(Math.SQRT1_2, 12);
    // Ideal (1, 1) over a 3-point line; nearest is (0.5, 0.5): distance √0.5, over √2 → 0.5.
    expect(opposition([Float64Array.of(1, 0.5, 0), Float64Array.of(0, 0.5, 1)])).toBeCloseTo(0.5, 12);
    // The red line removes (0.5, 0.5) and with it the compromise.
    expect(
      opposition([Float64Array.of(1, 0.5, 0), Float64Array.of(0, 0.5, 1)], Uint8Array.of(1, 0, 1)),
    ).toBeCloseTo(Math.SQRT1_2, 12);
    expect(opposition([Float64Array.of(1), Float64Array.of(1)], Uint8Array.of(0))).toBeNaN();
  });

  it('rejects mismatched shapes', () => {
    expect(() => nashPoint([new Float64Array(2), new Float64Array(2)], [0])).toThrow(RangeError);
    expect(() => nashPoint([new Float64Array(2), new Float64Array(2)], [0, 0], new Uint8Array(3))).toThrow(
      RangeError,
    );
  });
});

describe('GENIUS Kalai–Smorodinsky (issue 10, item 11)', () => {
  it('is the frontier point with the smallest asymmetry, reservation values playing no part', () => {
    // Lancaster's rule with rv (0.5, 0): relative gains favour point 0; GENIUS's takes |u1 − u2|.
    const u = [Float64Array.of(0.9, 0.6, 0.3), Float64Array.of(0.2, 0.5, 0.8)];
    expect(geniusKalaiPoint(u)).toBe(1);
    expect(kalaiPoint(u, [0.5, 0])).toBe(0);
  });

  it('keeps the first of equal asymmetries, and finds none at or above 2 (three parties)', () => {
    expect(geniusKalaiPoint([Float64Array.of(0.6, 0.4), Float64Array.of(0.4, 0.6)])).toBe(0);
    expect(geniusKalaiPoint([Float64Array.of(0.5), Float64Array.of(0), Float64Array.of(0.5)])).toBe(0);
    expect(geniusKalaiPoint([Float64Array.of(1), Float64Array.of(0), Float64Array.of(1)])).toBeNull();
  });
});
