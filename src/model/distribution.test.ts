/**
 * Distributions of uncertain parameters: the normal CDF and quantile against golden values and
 * each other; every quantile monotone, inside its bounds and at the lower end for u = 0; point
 * values, swing ends and means (checked against 200k draws); one uniform number per draw.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  type Distribution,
  meanOf,
  normalCdf,
  normalQuantile,
  pointOf,
  quantile,
  sample,
  swingEnds,
} from './distribution.ts';
import { Random } from './random.ts';

const finite = fc.double({ min: -1e3, max: 1e3, noNaN: true });

/** Arbitrary distributions of every kind, with their parameters in valid order. */
const distribution: fc.Arbitrary<Distribution> = fc.oneof(
  fc
    .tuple(finite, finite)
    .map(([a, b]) => ({ kind: 'uniform' as const, min: Math.min(a, b), max: Math.max(a, b) })),
  fc.tuple(finite, finite, finite).map((xs) => {
    const [min, mode, max] = [...xs].sort((x, y) => x - y) as [number, number, number];
    return { kind: 'triangular' as const, min, mode, max };
  }),
  fc.tuple(finite, finite, finite, fc.double({ min: 1e-3, max: 1e3, noNaN: true })).map(([x, y, z, sd]) => {
    const [min, mean, max] = [x, y, z].sort((p, q) => p - q) as [number, number, number];
    return { kind: 'normal' as const, mean, sd, min, max };
  }),
  fc
    .array(fc.tuple(finite, fc.integer({ min: 1, max: 100 })), { minLength: 1, maxLength: 6 })
    .map((entries) => {
      const total = entries.reduce((s, [, w]) => s + w, 0);
      return {
        kind: 'choice' as const,
        values: entries.map(([v]) => v),
        probabilities: entries.map(([, w]) => w / total),
      };
    }),
);

function bounds(d: Distribution): [number, number] {
  return d.kind === 'choice' ? [Math.min(...d.values), Math.max(...d.values)] : [d.min, d.max];
}

describe('standard normal', () => {
  test('golden quantiles', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 13);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 12);
    expect(normalQuantile(0.025)).toBeCloseTo(-1.959963984540054, 13);
    expect(normalQuantile(0.841344746068543)).toBeCloseTo(1, 12);
  });

  test('golden CDF values, centre and tails', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(-3)).toBeCloseTo(1.3498980316300946e-3, 15);
    expect(normalCdf(1)).toBeCloseTo(0.8413447460685429, 14);
    // Relative accuracy deep in the lower tail: Φ(−8) = 6.22096057427178e-16.
    expect(normalCdf(-8) / 6.22096057427178e-16).toBeCloseTo(1, 9);
  });

  test.prop([fc.double({ min: 1e-300, max: 1 - 1e-12, noNaN: true })])('Φ(Φ⁻¹(p)) = p', (p) => {
    const x = normalQuantile(p);
    const back = normalCdf(x);
    expect(Math.abs(back - p)).toBeLessThanOrEqual(1e-9 * Math.min(p, 1 - p) + 1e-15);
  });
});

describe('quantile', () => {
  test.prop([
    distribution,
    fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
    fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
  ])('is monotone and stays within the bounds', (d, u1, u2) => {
    const [lo, hi] = bounds(d);
    const [a, b] = u1 <= u2 ? [u1, u2] : [u2, u1];
    const qa = quantile(d, a);
    const qb = quantile(d, b);
    expect(qa).toBeGreaterThanOrEqual(lo);
    expect(qb).toBeLessThanOrEqual(hi);
    expect(qa).toBeLessThanOrEqual(qb + 1e-9 * Math.max(1, Math.abs(qb)));
  });

  test.prop([distribution])('u = 0 gives the lower end', (d) => {
    const [lo, hi] = bounds(d);
    expect(Math.abs(quantile(d, 0) - lo)).toBeLessThanOrEqual(1e-9 * Math.max(1, hi - lo));
  });

  test.prop([distribution])('point and swing ends lie within the bounds, low ≤ point ≤ high', (d) => {
    const [lo, hi] = bounds(d);
    const p = pointOf(d);
    const [s0, s1] = swingEnds(d);
    expect(p).toBeGreaterThanOrEqual(lo);
    expect(p).toBeLessThanOrEqual(hi);
    expect(s0).toBeGreaterThanOrEqual(lo);
    expect(s1).toBeLessThanOrEqual(hi);
    expect(s0).toBeLessThanOrEqual(s1);
  });

  test('worked values', () => {
    expect(quantile({ kind: 'uniform', min: 2, max: 4 }, 0.25)).toBe(2.5);
    // Triangular [0, 1, 2]: the median is the mode, a quarter of the mass lies below 1/√2.
    const tri: Distribution = { kind: 'triangular', min: 0, mode: 1, max: 2 };
    expect(quantile(tri, 0.5)).toBeCloseTo(1, 12);
    expect(quantile(tri, 0.25)).toBeCloseTo(Math.SQRT1_2, 12);
    const choice: Distribution = { kind: 'choice', values: [3, 1, 2], probabilities: [0.2, 0.5, 0.3] };
    expect([
      quantile(choice, 0),
      quantile(choice, 0.49),
      quantile(choice, 0.5),
      quantile(choice, 0.85),
    ]).toEqual([1, 1, 2, 3]);
    expect(pointOf(choice)).toBe(1);
    expect(swingEnds(choice)).toEqual([1, 3]);
    const n: Distribution = { kind: 'normal', mean: 10, sd: 2, min: -1e9, max: 1e9 };
    expect(swingEnds(n)[0]).toBeCloseTo(10 - 2 * 1.959963984540054, 9);
    expect(swingEnds(n)[1]).toBeCloseTo(10 + 2 * 1.959963984540054, 9);
  });

  test('a truncated normal far in a tail still resolves its interval', () => {
    // Mean 0, sd 1 truncated to [5, 6]: all the mass sits just above 5.
    const d: Distribution = { kind: 'normal', mean: 0, sd: 1, min: 5, max: 6 };
    const xs = [0, 0.25, 0.5, 0.75, 0.999].map((u) => quantile(d, u));
    for (let i = 1; i < xs.length; i++) expect(xs[i] as number).toBeGreaterThan(xs[i - 1] as number);
    expect(xs[0]).toBe(5);
    expect(xs[4] as number).toBeLessThan(6);
  });

  test('pointOf: midpoint, mode, mean, most probable (first on ties)', () => {
    expect(pointOf({ kind: 'uniform', min: 0.3, max: 0.5 })).toBeCloseTo(0.4, 15);
    expect(pointOf({ kind: 'triangular', min: 0.1, mode: 0.2, max: 0.4 })).toBe(0.2);
    expect(pointOf({ kind: 'normal', mean: 3, sd: 1, min: 0, max: 10 })).toBe(3);
    expect(pointOf({ kind: 'choice', values: [5, 7, 9], probabilities: [0.4, 0.4, 0.2] })).toBe(5);
  });
});

describe('sampling', () => {
  const cases: [string, Distribution][] = [
    ['uniform', { kind: 'uniform', min: -1, max: 3 }],
    ['triangular', { kind: 'triangular', min: 0.1, mode: 0.2, max: 0.4 }],
    ['normal, truncated on one side', { kind: 'normal', mean: 0.3, sd: 0.2, min: 0, max: 1 }],
    ['normal, truncated hard', { kind: 'normal', mean: 0.9, sd: 0.5, min: 0, max: 1 }],
    ['choice', { kind: 'choice', values: [10, 20, 50], probabilities: [0.5, 0.3, 0.2] }],
  ];
  for (const [name, d] of cases) {
    test(`${name}: the mean of 200k draws is within 4 SE of meanOf`, () => {
      const rng = Random.from(7, name);
      const n = 200_000;
      let s = 0;
      let s2 = 0;
      for (let i = 0; i < n; i++) {
        const x = sample(d, rng);
        s += x;
        s2 += x * x;
      }
      const mean = s / n;
      const se = Math.sqrt((s2 / n - mean * mean) / n);
      expect(Math.abs(mean - meanOf(d))).toBeLessThan(4 * se);
    });
  }

  test('one uniform per draw: sample(d, rng) = quantile(d, the same stream float)', () => {
    const d: Distribution = { kind: 'triangular', min: 0, mode: 1, max: 4 };
    const a = Random.from(3);
    const b = Random.from(3);
    for (let i = 0; i < 100; i++) expect(sample(d, a)).toBe(quantile(d, b.float()));
  });
});
