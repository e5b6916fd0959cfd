import { describe, expect, it } from 'vitest';
import { Random } from '../model/random.ts';
import { emptyRuns } from './forecast.ts';
import { firstOrderIndex, firstOrderIndices, groupBy, tornado } from './sensitivity.ts';

describe('groupBy', () => {
  it('gives one group per distinct value of a discrete factor, numbered by value', () => {
    const g = groupBy([3, 1, 3, 2, 1]);
    expect(g.size).toBe(3);
    expect([...g.groups]).toEqual([2, 0, 2, 1, 0]);
  });

  it('cuts a continuous factor into equal-count bins in value order', () => {
    const rng = Random.from(1, 'g');
    const x = Array.from({ length: 1000 }, () => rng.float());
    const g = groupBy(x, 10);
    const counts = new Array(10).fill(0);
    for (const gi of g.groups) counts[gi]++;
    expect(counts).toEqual(new Array(10).fill(100));
    // Every value of bin b is below every value of bin b + 1.
    for (let b = 0; b < 9; b++) {
      const hi = Math.max(...x.filter((_, r) => g.groups[r] === b));
      const lo = Math.min(...x.filter((_, r) => g.groups[r] === b + 1));
      expect(hi).toBeLessThan(lo);
    }
  });
});

describe('first-order index', () => {
  // Y = X1 + X2 + X3·0 with independent uniforms: S1 = S2 = 1/2, S3 = 0 analytically.
  const n = 20_000;
  const rng = Random.from(7, 'sobol');
  const x1 = new Float64Array(n);
  const x2 = new Float64Array(n);
  const x3 = new Float64Array(n);
  const y = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    x1[r] = rng.float();
    x2[r] = rng.float();
    x3[r] = rng.float();
    y[r] = (x1[r] as number) + (x2[r] as number);
  }

  it('recovers the analytic indices of an additive model', () => {
    expect(firstOrderIndex(groupBy(x1), y)).toBeCloseTo(0.5, 1);
    expect(firstOrderIndex(groupBy(x2), y)).toBeCloseTo(0.5, 1);
    expect(firstOrderIndex(groupBy(x3), y)).toBeLessThan(0.01);
  });

  it('is bias-corrected: an irrelevant factor reads about 0, not (bins − 1)/N', () => {
    // 200 runs in 7 bins: the raw between-bin share of pure noise is about 6/200 = 0.03.
    const m = 200;
    let sum = 0;
    for (let rep = 0; rep < 50; rep++) {
      const r2 = Random.from(rep, 'noise');
      const a = Float64Array.from({ length: m }, () => r2.float());
      const b = Float64Array.from({ length: m }, () => r2.float());
      sum += firstOrderIndex(groupBy(a), b);
    }
    expect(sum / 50).toBeLessThan(0.015);
  });

  it('is 1 for a step function of a threshold parameter (agreement iff X < 0.6)', () => {
    const ind = Float64Array.from(x1, (v) => (v < 0.6 ? 1 : 0));
    expect(firstOrderIndex(groupBy(x1), ind)).toBeGreaterThan(0.9);
    expect(firstOrderIndex(groupBy(x2), ind)).toBeLessThan(0.01);
  });

  it('ranks factors on agreement and on issues from forecast runs', () => {
    const runs = emptyRuns(n, { issues: 1, parties: 1, parameters: 2, impacts: 0 });
    for (let r = 0; r < n; r++) {
      const agree = (x1[r] as number) < 0.5;
      runs.status[r] = agree ? 0 : 1;
      // The issue's value depends on x2 only (given agreement).
      runs.outcome[r] = agree ? ((x2[r] as number) < 0.5 ? 0 : 1) : -1;
    }
    const issues = [
      {
        id: 'i',
        label: 'I',
        kind: 'discrete' as const,
        values: [
          { id: 'a', label: 'A' },
          { id: 'b', label: 'B' },
        ],
      },
    ];
    const rows = firstOrderIndices(runs, issues, [
      { id: 'x2', label: 'x2', values: x2 },
      { id: 'x1', label: 'x1', values: x1 },
    ]);
    expect(rows.map((r) => r.factor)).toEqual(['x1', 'x2']);
    expect(rows[0]?.agreement).toBeGreaterThan(0.9);
    expect(rows[1]?.agreement).toBeLessThan(0.01);
    // The issue (a, b, no deal) depends on both: x1 decides deal vs none, x2 decides a vs b.
    expect(rows[0]?.issues.i).toBeGreaterThan(0.3);
    expect(rows[1]?.issues.i).toBeGreaterThan(0.1);
  });
});

describe('tornado', () => {
  it('sorts parameters by their swing on agreement and measures issue swings as total variation', () => {
    const issues = [
      {
        id: 'i',
        label: 'I',
        kind: 'discrete' as const,
        values: [
          { id: 'a', label: 'A' },
          { id: 'b', label: 'B' },
        ],
      },
    ];
    const make = (agreeShare: number, aShare: number) => {
      const runs = emptyRuns(100, { issues: 1, parties: 1, parameters: 0, impacts: 0 });
      for (let r = 0; r < 100; r++) {
        const agree = r < agreeShare * 100;
        runs.status[r] = agree ? 0 : 1;
        runs.outcome[r] = agree ? (r < aShare * 100 ? 0 : 1) : -1;
      }
      return runs;
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
