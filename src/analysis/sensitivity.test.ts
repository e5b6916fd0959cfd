import { describe, expect, it } from 'vitest';
import type { Issue } from '../model/issues.ts';
import { Random } from '../model/random.ts';
import { addRun, newTally } from './forecast.ts';
import {
  addToFactor,
  binsFor,
  firstOrderIndex,
  firstOrderIndices,
  newFactorTally,
  tornado,
} from './sensitivity.ts';

const issues: Issue[] = [
  {
    id: 'i',
    label: 'I',
    kind: 'discrete',
    values: [
      { id: 'a', label: 'A' },
      { id: 'b', label: 'B' },
    ],
  },
];

/** The index of an indicator output grouped by x's equal-probability bins (x uniform on [0, 1)). */
function indexOf(x: Float64Array, y: (r: number) => boolean, bins = binsFor(x.length)): number {
  const f = newFactorTally(bins, []);
  for (let r = 0; r < x.length; r++) addToFactor(f, Math.floor((x[r] as number) * bins), y(r), []);
  return firstOrderIndex(f.count, f.agreed, 1);
}

describe('first-order index from grouped counts', () => {
  const n = 20_000;
  const rng = Random.from(7, 'sobol');
  const x1 = Float64Array.from({ length: n }, () => rng.float());
  const x2 = Float64Array.from({ length: n }, () => rng.float());
  const x3 = Float64Array.from({ length: n }, () => rng.float());

  it('recovers the analytic indices of Y = 1[X1 + X2 > 1]: 1/3, 1/3 and 0', () => {
    // E[Y | X1 = x] = x, so Var(E[Y | X1]) = 1/12 against Var(Y) = 1/4.
    const y = (r: number) => (x1[r] as number) + (x2[r] as number) > 1;
    expect(indexOf(x1, y)).toBeCloseTo(1 / 3, 1);
    expect(indexOf(x2, y)).toBeCloseTo(1 / 3, 1);
    expect(indexOf(x3, y)).toBeLessThan(0.01);
  });

  it('is bias-corrected: an irrelevant factor reads about 0, not (bins − 1)/N', () => {
    // 200 runs in 7 bins: the raw between-bin share of pure noise is about 6/200 = 0.03.
    let sum = 0;
    for (let rep = 0; rep < 50; rep++) {
      const r2 = Random.from(rep, 'noise');
      const a = Float64Array.from({ length: 200 }, () => r2.float());
      const b = Float64Array.from({ length: 200 }, () => r2.float());
      sum += indexOf(a, (r) => (b[r] as number) < 0.5);
    }
    expect(sum / 50).toBeLessThan(0.015);
  });

  it('is 1 for a step function of a threshold parameter (agreement iff X < 0.6)', () => {
    expect(indexOf(x1, (r) => (x1[r] as number) < 0.6)).toBeGreaterThan(0.9);
    expect(indexOf(x2, (r) => (x1[r] as number) < 0.6)).toBeLessThan(0.01);
  });

  it('is 0 when the output does not vary, and counts only groups that hold runs', () => {
    expect(firstOrderIndex(Float64Array.of(5, 5), Float64Array.of(5, 5), 1)).toBe(0);
    // Two groups with runs out of four: the same as two groups.
    const two = firstOrderIndex(Float64Array.of(50, 50), Float64Array.of(40, 10), 1);
    expect(firstOrderIndex(Float64Array.of(50, 0, 50, 0), Float64Array.of(40, 0, 10, 0), 1)).toBe(two);
  });

  it('ranks factors on agreement and on issues from a tally, whatever order they come in', () => {
    const bins = binsFor(n);
    const t = newTally({ issues, parties: 0, impacts: 0, factorGroups: [bins, bins] });
    for (let r = 0; r < n; r++) {
      const agree = (x1[r] as number) < 0.5;
      addRun(t, issues, {
        status: agree ? 0 : 1,
        // The issue's value depends on x2 only (given agreement).
        outcome: agree ? [(x2[r] as number) < 0.5 ? 0 : 1] : null,
        rounds: 1,
        utilities: [],
        vetoes: [],
        impacts: [],
        groups: [Math.floor((x2[r] as number) * bins), Math.floor((x1[r] as number) * bins)],
      });
    }
    const rows = firstOrderIndices(t, issues, [
      { id: 'x2', label: 'x2' },
      { id: 'x1', label: 'x1' },
    ]);
    expect(rows.map((r) => r.factor)).toEqual(['x1', 'x2']);
    expect(rows[0]?.agreement).toBeGreaterThan(0.9);
    expect(rows[1]?.agreement).toBeLessThan(0.01);
    expect(rows[0]?.groups).toBe(bins);
    // The issue (a, b, no deal) depends on both: x1 decides deal vs none, x2 decides a vs b.
    expect(rows[0]?.issues.i).toBeGreaterThan(0.3);
    expect(rows[1]?.issues.i).toBeGreaterThan(0.1);
  });
});

describe('tornado', () => {
  it('sorts parameters by their swing on agreement and measures issue swings as total variation', () => {
    const make = (agreeShare: number, aShare: number) => {
      const t = newTally({ issues, parties: 0, impacts: 0, factorGroups: [] });
      for (let r = 0; r < 100; r++) {
        const agree = r < agreeShare * 100;
        addRun(t, issues, {
          status: agree ? 0 : 1,
          outcome: agree ? [r < aShare * 100 ? 0 : 1] : null,
          rounds: 1,
          utilities: [],
          vetoes: [],
          impacts: [],
          groups: null,
        });
      }
      return t;
    };
    const rows = tornado(issues, [
      {
        parameter: 'small',
        label: 'small',
        low: 0,
        high: 1,
        atLow: make(0.5, 0.25),
        atHigh: make(0.6, 0.25),
      },
      { parameter: 'big', label: 'big', low: 0, high: 1, atLow: make(0.9, 0.5), atHigh: make(0.2, 0.1) },
    ]);
    expect(rows.map((r) => r.parameter)).toEqual(['big', 'small']);
    expect(rows[0]?.swing).toBeCloseTo(0.7, 10);
    expect(rows[0]?.agreementAtLow).toBeCloseTo(0.9, 10);
    // low: a 0.5, b 0.4, none 0.1; high: a 0.1, b 0.1, none 0.8 → TV = (0.4 + 0.3 + 0.7) / 2.
    expect(rows[0]?.issues.i).toBeCloseTo(0.7, 10);
  });
});
