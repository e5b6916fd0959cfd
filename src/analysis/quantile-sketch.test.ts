import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { Random } from '../model/random.ts';
import {
  addToSketch,
  mergeSketch,
  newSketch,
  rankError,
  sketchIsExact,
  sketchQuantiles,
  weightedQuantiles,
} from './quantile-sketch.ts';

/** The textbook quantile of a sample (linear interpolation between order statistics). */
function textbook(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const a = s[lo] as number;
  return a + ((s[Math.min(s.length - 1, lo + 1)] as number) - a) * (pos - lo);
}

describe('quantile sketch', () => {
  test.prop([fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 200 })])(
    'is exact (the textbook quantiles) until its first compaction',
    (xs) => {
      const s = newSketch(256);
      for (const x of xs) addToSketch(s, x);
      expect(sketchIsExact(s)).toBe(true);
      expect(rankError(s)).toBe(0);
      const qs = [0, 0.05, 0.5, 0.95, 1];
      expect(sketchQuantiles(s, qs)).toEqual(qs.map((q) => textbook(xs, q)));
    },
  );

  test.prop([fc.integer({ min: 1, max: 20_000 }), fc.integer({ min: 1, max: 400 }), fc.integer()])(
    'merged from parts in order is the sketch of the whole stream, bit for bit',
    (n, size, seed) => {
      const rng = Random.from(seed, 'sketch');
      const xs = Array.from({ length: n }, () => rng.float());
      const whole = newSketch(64);
      for (const x of xs) addToSketch(whole, x);
      const merged = newSketch(64);
      for (let k = 0; k < n; k += size) {
        const part = newSketch(2 * Math.ceil((size + 1) / 2));
        for (const x of xs.slice(k, k + size)) addToSketch(part, x);
        mergeSketch(merged, part);
      }
      expect(merged).toEqual(whole);
    },
  );

  it('stays within its stated rank error, in memory of a few levels, far beyond its capacity', () => {
    const rng = Random.from(3, 'sketch');
    const n = 200_000;
    const xs = Float64Array.from({ length: n }, () => rng.float() ** 3);
    const s = newSketch(512);
    for (const x of xs) addToSketch(s, x);
    expect(sketchIsExact(s)).toBe(false);
    // log2(200,000 / 512) ≈ 8.6: about ten levels of at most 512 values.
    expect(s.levels.length).toBeLessThanOrEqual(11);
    expect(s.levels.every((l) => l.size <= 512)).toBe(true);
    const error = rankError(s);
    expect(error).toBeGreaterThan(0);
    expect(error).toBeLessThan(0.03);
    const sorted = Float64Array.from(xs).sort();
    for (const q of [0.05, 0.25, 0.5, 0.95]) {
      const [got] = sketchQuantiles(s, [q]) as [number];
      // The rank of what it reports is within the error of the rank asked for.
      let rank = 0;
      while (rank < n && (sorted[rank] as number) < got) rank++;
      expect(Math.abs(rank / n - q)).toBeLessThanOrEqual(error + 1 / n);
    }
  });

  it('reads quantiles from weights as from repeated values', () => {
    expect(weightedQuantiles([1, 2, 3], [1, 1, 2], [0.5])).toEqual([textbook([1, 2, 3, 3], 0.5)]);
    expect(weightedQuantiles([4, 9], [3, 0], [0, 1])).toEqual([4, 4]);
    expect(weightedQuantiles([], [], [0.5])[0]).toBeNaN();
    expect(sketchQuantiles(newSketch(), [0.5])[0]).toBeNaN();
  });
});
