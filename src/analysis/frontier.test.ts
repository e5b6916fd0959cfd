import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { bruteForceFrontier, dominates, paretoFrontier } from './frontier.ts';
import { utilsArb } from './test-helpers.ts';

/** Utilities plus a random candidate subset (with repeats allowed: they must come back repeated). */
const withCandidates = utilsArb({ minParties: 1, maxParties: 4 }).chain((utils) => {
  const n = utils[0]?.length ?? 0;
  return fc.tuple(
    fc.constant(utils),
    n === 0
      ? fc.constant(undefined)
      : fc.option(
          fc.array(fc.integer({ min: 0, max: n - 1 }), { maxLength: 2 * n }).map((a) => Uint32Array.from(a)),
        ),
  );
});

function isSortedForOutput(utils: readonly Float64Array[], f: Uint32Array): boolean {
  for (let k = 1; k < f.length; k++) {
    const p = f[k - 1] as number;
    const q = f[k] as number;
    let cmp = 0;
    for (let i = 0; i < utils.length && cmp === 0; i++) {
      cmp = ((utils[i] as Float64Array)[q] as number) - ((utils[i] as Float64Array)[p] as number);
    }
    if (cmp > 0 || (cmp === 0 && q < p)) return false;
  }
  return true;
}

describe('paretoFrontier', () => {
  test.prop([withCandidates], { numRuns: 600 })(
    'equals the brute-force frontier, in the documented order',
    ([utils, cand]) => {
      const fast = paretoFrontier(utils, cand ?? undefined);
      const slow = bruteForceFrontier(utils, cand ?? undefined);
      expect(Array.from(fast)).toEqual(Array.from(slow));
      expect(isSortedForOutput(utils, fast)).toBe(true);
    },
  );

  test.prop([withCandidates], { numRuns: 400 })(
    'keeps no dominated candidate, and every other candidate is dominated by a frontier point',
    ([utils, cand]) => {
      const n = utils[0]?.length ?? 0;
      const candidates = cand ?? Uint32Array.from({ length: n }, (_, k) => k);
      const frontier = paretoFrontier(utils, cand ?? undefined);
      const onFrontier = new Set(frontier);
      for (const p of frontier) {
        for (const q of candidates) expect(dominates(utils, q, p)).toBe(false);
      }
      for (const p of candidates) {
        if (onFrontier.has(p)) continue;
        expect(Array.from(frontier).some((q) => dominates(utils, q, p))).toBe(true);
      }
      // Every candidate listed as often as it was given, when undominated.
      for (const p of onFrontier) {
        const given = Array.from(candidates).filter((x) => x === p).length;
        expect(Array.from(frontier).filter((x) => x === p).length).toBe(given);
      }
    },
  );

  test.prop([fc.integer({ min: 2, max: 4 }), fc.integer({ min: 0, max: 2000 }), fc.integer()], {
    numRuns: 30,
  })('matches brute force on larger random sets (continuous and coarse values)', (parties, n, seed) => {
    let s = seed >>> 0;
    const next = () => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s / 2 ** 32;
    };
    const coarse = seed % 2 === 0;
    const utils = Array.from({ length: parties }, () =>
      Float64Array.from({ length: n }, () => (coarse ? Math.floor(next() * 8) / 8 : next())),
    );
    expect(Array.from(paretoFrontier(utils))).toEqual(Array.from(bruteForceFrontier(utils)));
  });

  it('keeps outcomes with identical undominated utility vectors, drops the dominated', () => {
    const u0 = Float64Array.of(1, 0.5, 0.5, 0, 0.5, 0.4);
    const u1 = Float64Array.of(0, 0.5, 0.5, 1, 0.4, 0.5);
    expect(Array.from(paretoFrontier([u0, u1]))).toEqual([0, 1, 2, 3]);
    const u2 = Float64Array.of(0, 0, 0, 0, 0, 0);
    expect(Array.from(paretoFrontier([u0, u1, u2]))).toEqual([0, 1, 2, 3]);
  });

  it('handles a zero-sum line (everything on the frontier) and a constant first party', () => {
    const n = 1000;
    const u0 = Float64Array.from({ length: n }, (_, k) => k / n);
    const u1 = Float64Array.from(u0, (x) => 1 - x);
    expect(paretoFrontier([u0, u1]).length).toBe(n);
    const flat = new Float64Array(n).fill(0.5);
    const f = paretoFrontier([flat, u0]);
    expect(Array.from(f)).toEqual([n - 1]);
  });

  it('handles one party, no candidates, and rejects bad input', () => {
    expect(Array.from(paretoFrontier([Float64Array.of(0.2, 0.9, 0.9)]))).toEqual([1, 2]);
    expect(paretoFrontier([new Float64Array(3), new Float64Array(3)], new Uint32Array(0)).length).toBe(0);
    expect(() => paretoFrontier([])).toThrow(RangeError);
    expect(() => paretoFrontier([new Float64Array(2), new Float64Array(3)])).toThrow(RangeError);
    expect(() => paretoFrontier([new Float64Array(2), new Float64Array(2)], Uint32Array.of(2))).toThrow(
      RangeError,
    );
    expect(() => paretoFrontier([Float64Array.of(Number.NaN), Float64Array.of(0)])).toThrow(RangeError);
    expect(() =>
      paretoFrontier([Float64Array.of(0), Float64Array.of(0), Float64Array.of(Number.NaN)]),
    ).toThrow(RangeError);
  });
});
