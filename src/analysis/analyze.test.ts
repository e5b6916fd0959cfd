import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { discreteIssue } from '../model/issues.ts';
import { table } from '../model/utility.ts';
import { analyzeDomain, utilityMatrix } from './analyze.ts';
import { bruteForceFrontier } from './frontier.ts';
import { londonToy, scenarioArb, testScenario } from './test-helpers.ts';

describe('analyzeDomain', () => {
  it('computes the hand-worked toy scenario', () => {
    const a = analyzeDomain(londonToy());
    expect(a.partyIds).toEqual(['us', 'cn']);
    expect(a.outcomes).toBe(6);
    expect(a.feasible).toBe(5);
    // IR: 0 (0.6, 0.5), 1 (0.8, 0.375), 5 (0.4, 0.5); 2, 3 fail a reservation value, 4 is infeasible.
    expect(a.individuallyRational).toBe(3);
    expect(a.approximate).toBe(false);
    expect(a.sampleSize).toBeUndefined();
    // Frontier of the feasible outcomes, by US utility descending; 5 is dominated by 0, 4 is gone.
    expect(a.frontier.map((p) => p.index)).toEqual([2, 1, 0, 3]);
    expect(a.frontier[1]).toEqual({ index: 1, outcome: [0, 1], utilities: [0.8, 0.375], ties: 1 });
    // Nash: gains products 0.35·0.25 = 0.0875, 0.55·0.125 = 0.06875, 0.15·0.25 = 0.0375.
    expect(a.nash?.index).toBe(0);
    expect(a.nash?.outcome).toEqual([0, 0]);
    // Kalai: ideal (0.8, 0.5) over IR; relative minima 0.636, 0.5, 0.273.
    expect(a.kalai?.index).toBe(0);
    // Utilitarian: sums 1.1, 1.175, 0.9. Egalitarian: smallest gains 0.25, 0.125, 0.15.
    expect(a.utilitarian?.index).toBe(1);
    expect(a.egalitarian?.index).toBe(0);
    // Opposition: ideal (1, 1); nearest feasible outcome 0 at √(0.16 + 0.25); over √2.
    expect(a.opposition).toBeCloseTo(Math.sqrt(0.41 / 2), 12);
  });

  it('reuses a precomputed utility matrix and gives the same answer', () => {
    const s = londonToy();
    const matrix = utilityMatrix(s);
    expect(matrix.sample).toBeNull();
    expect(Array.from(matrix.feasible)).toEqual([1, 1, 1, 1, 0, 1]);
    expect(Array.from(matrix.utils[1] as Float64Array)).toEqual([0.5, 0.375, 0, 1, 0.875, 0.5]);
    expect(analyzeDomain(s, { matrix })).toEqual(analyzeDomain(s));
    expect(() =>
      analyzeDomain(s, { matrix: { ...matrix, utils: [matrix.utils[0] as Float64Array] } }),
    ).toThrow(RangeError);
  });

  test.prop([scenarioArb], { numRuns: 200 })(
    'random scenarios: utilities in [0,1], frontier exact and free of red lines, points IR and on the frontier',
    (s) => {
      const a = analyzeDomain(s);
      const { utils, feasible } = utilityMatrix(s);
      const feasibleIdx = Uint32Array.from(Array.from(feasible.keys()).filter((k) => feasible[k] === 1));
      expect(a.feasible).toBe(feasibleIdx.length);
      for (const u of utils) for (const x of u) expect(x >= 0 && x <= 1).toBe(true);
      // One point per distinct utility vector: the lowest-index outcome, and how many share it.
      const groups = new Map<string, [number, number]>();
      for (const k of bruteForceFrontier(utils, feasibleIdx)) {
        const key = utils.map((u) => u[k]).join(',');
        const g = groups.get(key);
        groups.set(key, g ? [Math.min(g[0], k), g[1] + 1] : [k, 1]);
      }
      const byIndex = (x: readonly number[], y: readonly number[]) => (x[0] as number) - (y[0] as number);
      expect(a.frontier.map((p) => [p.index, p.ties as number]).sort(byIndex)).toEqual(
        [...groups.values()].sort(byIndex),
      );
      const frontierIdx = new Set(a.frontier.map((p) => p.index));
      for (const p of a.frontier) {
        expect(s.space.outcomeAt(p.index)).toEqual(p.outcome);
        s.parties.forEach((party, i) => {
          expect(party.utility.acceptable(p.outcome)).toBe(true);
          expect(party.utility.evaluate(p.outcome)).toBe(p.utilities[i]);
        });
      }
      for (const p of [a.nash, a.kalai, a.utilitarian, a.egalitarian]) {
        expect(p === null).toBe(a.individuallyRational === 0);
        if (!p) continue;
        expect(frontierIdx.has(p.index)).toBe(true);
        s.parties.forEach((party, i) => {
          expect(party.utility.acceptable(p.outcome)).toBe(true);
          expect(p.utilities[i]).toBeGreaterThanOrEqual(party.reservationValue);
        });
      }
      if (a.feasible > 0) expect(a.opposition >= 0 && a.opposition <= 1).toBe(true);
      else expect(a.opposition).toBeNaN();
    },
  );

  it('samples a space with a real issue: approximate, index -1, seeded', () => {
    const s = testScenario(
      [{ kind: 'real', id: 'price', label: 'price', min: 0, max: 1 }, discreteIssue('terms', ['a', 'b'])],
      [
        {
          id: 'buyer',
          spec: {
            weights: [0.5, 0.5],
            evaluators: [{ kind: 'linear', intercept: 1, slope: -1, clamp: true }, table([1, 0])],
          },
        },
        {
          id: 'seller',
          spec: {
            weights: [0.5, 0.5],
            evaluators: [{ kind: 'linear', intercept: 0, slope: 1, clamp: true }, table([1, 0])],
          },
        },
      ],
    );
    const a = analyzeDomain(s, { method: 'sample', sampleSize: 2000, seed: 7 });
    expect(a.approximate).toBe(true);
    expect(a.outcomes).toBe(Number.POSITIVE_INFINITY);
    expect(a.sampleSize).toBe(2000);
    expect(a.frontier.length).toBeGreaterThan(100);
    for (const p of a.frontier) {
      expect(p.index).toBe(-1);
      // Terms 'a' dominates 'b' for both; along price the two are zero-sum.
      expect(p.outcome[1]).toBe(0);
      expect((p.utilities[0] as number) + (p.utilities[1] as number)).toBeCloseTo(1.5, 12);
    }
    expect(analyzeDomain(s, { method: 'sample', sampleSize: 2000, seed: 7 })).toEqual(a);
    expect(analyzeDomain(s, { method: 'sample', sampleSize: 2000, seed: 8 }).frontier).not.toEqual(
      a.frontier,
    );
    expect(() => utilityMatrix(s, { sampleSize: 0 })).toThrow(RangeError);
  });

  it('samples an enumerable space above the limit, keeping real indices and no duplicates', () => {
    const s = londonToy();
    const a = analyzeDomain(s, { method: 'sample', maxOutcomes: 4, sampleSize: 500 });
    expect(a.approximate).toBe(true);
    // 500 draws from 6 outcomes: every outcome, each once.
    expect(a.sampleSize).toBe(6);
    expect(a.feasible).toBe(5);
    for (const p of a.frontier) expect(s.space.outcomeAt(p.index)).toEqual(p.outcome);
    expect(a.frontier.map((p) => p.index)).toEqual([2, 1, 0, 3]);
    expect(a.nash?.index).toBe(0);
  });
});
