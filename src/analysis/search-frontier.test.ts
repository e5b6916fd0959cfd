import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { Issue } from '../model/issues.ts';
import { Random } from '../model/random.ts';
import type { Scenario } from '../model/scenario.ts';
import type { RegionTerm } from '../model/utility.ts';
import { analyzeDomain } from './analyze.ts';
import { dominatesPoint } from './frontier.ts';
import { frontierQuality, hypervolume2, meanDistanceToSet } from './frontier-quality.ts';
import { searchFrontier } from './search-frontier.ts';
import { testScenario } from './test-helpers.ts';

/** An ANAC 2014-like scenario: integer issues, a small linear part and many hyper-rectangles per party. */
function rectangles(seed: number, issues: number, values: number, regions: number, parties = 2): Scenario {
  const rng = Random.from(seed, 'test', 'rectangles');
  const list: Issue[] = Array.from({ length: issues }, (_, i) => ({
    kind: 'integer',
    id: `i${i}`,
    label: `i${i}`,
    min: 0,
    max: values - 1,
  }));
  const party = (id: string) => {
    const regs: RegionTerm[] = Array.from({ length: regions }, () => {
      const used = new Set<number>();
      const k = Math.min(issues, 1 + rng.int(3));
      while (used.size < k) used.add(rng.int(issues));
      const box = [...used].map((issue) => {
        const a = rng.int(values);
        const b = rng.int(values);
        return { issue, min: Math.min(a, b), max: Math.max(a, b) };
      });
      const value = (0.2 + rng.float()) / regions;
      // One term in four is GENIUS's EXCLUDES kind: worth its value everywhere outside the box.
      return rng.int(4) === 0 ? { value, conditions: [], excludes: [box] } : { value, conditions: box };
    });
    return {
      id,
      spec: {
        weights: list.map(() => 0.2 / issues),
        evaluators: list.map(() => ({
          kind: 'linear' as const,
          intercept: rng.float(),
          slope: 0,
          clamp: true,
        })),
        regions: regs,
      },
    };
  };
  return testScenario(
    list,
    Array.from({ length: parties }, (_, p) => party(`p${p}`)),
  );
}

function mutuallyUndominated(points: readonly { utilities: readonly number[] }[]): boolean {
  return points.every((p) => points.every((q) => !dominatesPoint(q.utilities, p.utilities)));
}

describe('searchFrontier', () => {
  it('finds most of the exact frontier of an enumerable hyper-rectangle domain', () => {
    const s = rectangles(3, 6, 6, 30);
    const exact = analyzeDomain(s, { method: 'enumeration' });
    const found = searchFrontier(s, { seed: 1 });
    expect(mutuallyUndominated(found.points)).toBe(true);
    for (const p of found.points) {
      expect(s.space.indexOf(p.outcome)).toBe(p.index);
      for (const [i, party] of s.parties.entries())
        expect(party.utility.evaluate(p.outcome)).toBe(p.utilities[i]);
      // No exact frontier point is dominated by what the search found: they are real outcomes.
      expect(exact.frontier.some((e) => dominatesPoint(p.utilities, e.utilities))).toBe(false);
    }
    const q = frontierQuality(
      exact.frontier.map((p) => p.utilities),
      found.points.map((p) => p.utilities),
    );
    const distinctExact = new Set(exact.frontier.map((p) => p.utilities.join(','))).size;
    expect(q.found / distinctExact).toBeGreaterThan(0.7);
    expect(q.hypervolumeRatio).toBeGreaterThan(0.97);
    expect(q.meanDistance).toBeLessThan(0.02);
  });

  it('labels the analysis of a space too large to enumerate as approximate search, and is reproducible', () => {
    const s = rectangles(5, 12, 10, 40);
    expect(s.space.size).toBe(1e12);
    const opts = { search: { seed: 2, weightVectors: 12, randomStarts: 1 }, sampleSize: 500 };
    const a = analyzeDomain(s, opts);
    expect(a.method).toBe('search');
    expect(a.approximate).toBe(true);
    expect(a.sampleSize).toBe(500);
    expect(a.evaluations).toBeGreaterThan(0);
    expect(a.frontier.length).toBeGreaterThan(3);
    expect(mutuallyUndominated(a.frontier)).toBe(true);
    expect(a.nash && a.frontier.includes(a.nash)).toBe(true);
    expect(analyzeDomain(s, opts)).toEqual(a);
  });

  test.prop(
    [fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 2, max: 3 }), fc.integer({ min: 2, max: 5 })],
    {
      numRuns: 15,
    },
  )('never returns a point that another returned point dominates', (seed, parties, issues) => {
    const s = rectangles(seed, issues, 4, 8, parties);
    const found = searchFrontier(s, { seed, weightVectors: 6, randomStarts: 1, polishRounds: 1 });
    expect(found.points.length).toBeGreaterThan(0);
    expect(mutuallyUndominated(found.points)).toBe(true);
  });
});

describe('frontier quality', () => {
  it('measures hypervolume and distance to a reference', () => {
    expect(
      hypervolume2([
        [1, 0],
        [0.5, 0.5],
        [0, 1],
      ]),
    ).toBeCloseTo(0.25, 12);
    expect(hypervolume2([[0.6, 0.6]])).toBeCloseTo(0.36, 12);
    expect(
      meanDistanceToSet(
        [
          [0, 1],
          [1, 0],
        ],
        [[0, 1]],
      ),
    ).toBeCloseTo(Math.SQRT2 / 2, 12);
    const q = frontierQuality(
      [
        [1, 0.2],
        [0.2, 1],
      ],
      [[1, 0.2]],
    );
    expect(q.found).toBe(1);
    expect(q.hypervolumeRatio).toBeCloseTo(0.2 / (0.2 + 0.2 * 0.8), 12);
  });
});
