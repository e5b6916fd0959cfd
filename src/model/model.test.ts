import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { Issue } from './issues.ts';
import { OutcomeSpace } from './outcome-space.ts';
import { Random } from './random.ts';
import {
  type Condition,
  clamp01,
  type Evaluator,
  evaluate,
  type RedLine,
  type RegionTerm,
  regionApplies,
  UtilityFunction,
} from './utility.ts';

/** A random small enumerable space: 1–4 issues, discrete or integer, 1–5 values each. */
const issueArb: fc.Arbitrary<Issue> = fc.oneof(
  fc.integer({ min: 1, max: 5 }).map((k) => ({
    kind: 'discrete' as const,
    id: 'd',
    label: 'd',
    values: Array.from({ length: k }, (_, j) => ({ id: `v${j}`, label: `v${j}` })),
  })),
  fc.tuple(fc.integer({ min: -3, max: 3 }), fc.integer({ min: 0, max: 4 })).map(([min, w]) => ({
    kind: 'integer' as const,
    id: 'i',
    label: 'i',
    min,
    max: min + w,
  })),
);
const spaceArb = fc
  .array(issueArb, { minLength: 1, maxLength: 4 })
  .map((issues) => new OutcomeSpace(issues.map((x, k) => ({ ...x, id: `${x.id}${k}` }))));

/** A random utility function over a space, with regions and red lines. */
function utilityArb(space: OutcomeSpace): fc.Arbitrary<UtilityFunction> {
  const k = space.issues.length;
  const evaluator = (i: number): fc.Arbitrary<Evaluator> => {
    const r = space.radices[i] as number;
    const issue = space.issues[i] as Issue;
    const tableArb = fc
      .array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: r, maxLength: r })
      .map((values) => ({ kind: 'table' as const, values }));
    if (issue.kind === 'discrete') return tableArb;
    return fc.oneof(
      tableArb,
      fc
        .tuple(fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }))
        .map(([intercept, slope]) => ({ kind: 'linear' as const, intercept, slope, clamp: true })),
    );
  };
  const condition: fc.Arbitrary<Condition> = fc
    .integer({ min: 0, max: k - 1 })
    .chain((i) =>
      fc
        .subarray(Array.from({ length: space.radices[i] as number }, (_, d) => space.valueOfDigit(i, d)))
        .map((values) => ({ issue: i, values })),
    );
  // Excluded boxes (GENIUS EXCLUDES rectangles) are covered too, overlapping or not.
  const region: fc.Arbitrary<RegionTerm> = fc.record(
    {
      value: fc.double({ min: -0.5, max: 0.5, noNaN: true }),
      conditions: fc.array(condition, { maxLength: 2 }),
      excludes: fc.array(fc.array(condition, { maxLength: 2 }), { maxLength: 3 }),
    },
    { requiredKeys: ['value', 'conditions'] },
  );
  const redLine: fc.Arbitrary<RedLine> = fc.record({
    id: fc.constant('r'),
    label: fc.constant('r'),
    kind: fc.constantFrom('forbid' as const, 'require' as const),
    conditions: fc.array(condition, { minLength: 1, maxLength: 2 }),
  });
  return fc
    .record({
      raw: fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: k, maxLength: k }),
      evaluators: fc.tuple(...Array.from({ length: k }, (_, i) => evaluator(i))),
      regions: fc.array(region, { maxLength: 3 }),
      redLines: fc.array(redLine, { maxLength: 2 }),
    })
    .map(({ raw, evaluators, regions, redLines }) => {
      const sum = raw.reduce((a, b) => a + b, 0);
      return new UtilityFunction(space, { weights: raw.map((w) => w / sum), evaluators, regions, redLines });
    });
}

describe('OutcomeSpace', () => {
  test.prop([spaceArb])('index ↔ outcome round-trips over the whole space, in order', (space) => {
    let k = 0;
    for (const o of space.enumerate()) {
      expect(space.contains(o)).toBe(true);
      expect(space.indexOf(o)).toBe(k);
      expect(space.outcomeAt(k)).toEqual(o);
      k++;
    }
    expect(k).toBe(space.size);
  });

  test.prop([spaceArb, fc.integer()])('samples are valid outcomes', (space, seed) => {
    const rng = Random.from(seed);
    for (let j = 0; j < 20; j++) {
      expect(space.contains(space.sample(rng))).toBe(true);
      const idx = space.sampleIndex(rng);
      expect(idx >= 0 && idx < space.size).toBe(true);
    }
  });

  test('first issue is most significant', () => {
    const space = new OutcomeSpace([
      {
        kind: 'discrete',
        id: 'a',
        label: 'a',
        values: [
          { id: 'x', label: 'x' },
          { id: 'y', label: 'y' },
        ],
      },
      { kind: 'integer', id: 'b', label: 'b', min: 10, max: 12 },
    ]);
    expect(space.size).toBe(6);
    expect(space.strides).toEqual([3, 1]);
    expect(space.outcomeAt(4)).toEqual([1, 11]);
    expect(space.indexOf([1, 11])).toBe(4);
    expect(space.contains([1, 13])).toBe(false);
    expect(space.contains([2, 11])).toBe(false);
    expect(space.toRecord([1, 11])).toEqual({ a: 'y', b: 11 });
  });

  test('a space with a real issue is not enumerable but can be sampled', () => {
    const space = new OutcomeSpace([{ kind: 'real', id: 'p', label: 'p', min: 0, max: 1 }]);
    expect(space.enumerable).toBe(false);
    expect(() => space.indexOf([0.5])).toThrow(/cannot be indexed/);
    const o = space.sample(Random.from(1));
    expect(space.contains(o)).toBe(true);
  });
});

describe('UtilityFunction', () => {
  test.prop([spaceArb.chain((s) => utilityArb(s))])(
    'utilities lie in [0, 1] and the one-pass array equals evaluate()',
    (u) => {
      const all = u.utilities();
      let k = 0;
      for (const o of u.space.enumerate()) {
        const x = u.evaluate(o);
        expect(x >= 0 && x <= 1).toBe(true);
        expect(all[k]).toBe(x);
        k++;
      }
    },
  );

  test.prop([spaceArb.chain((s) => utilityArb(s))])(
    'evaluate() is the weighted sum plus region terms, clamped, for outcomes of the space (looked up in a small one) and for values outside it',
    (u) => {
      const sum = (o: readonly number[]) => {
        let x = 0;
        u.space.issues.forEach((issue, i) => {
          x += (u.weights[i] as number) * evaluate(u.evaluators[i] as Evaluator, issue, o[i] as number);
        });
        for (const r of u.regions) if (regionApplies(r, o)) x += r.value;
        return clamp01(x);
      };
      for (const o of u.space.enumerate()) {
        expect(u.evaluate(o)).toBe(sum(o));
        // Past the first issue's digits (outside the space, unless its values start above 7): the sum.
        const outside = [(u.space.radices[0] as number) + 7, ...o.slice(1)];
        expect(u.evaluate(outside)).toBe(sum(outside));
      }
    },
  );

  test.prop([spaceArb.chain((s) => utilityArb(s))])('acceptableMask agrees with acceptable()', (u) => {
    const mask = u.acceptableMask();
    let k = 0;
    for (const o of u.space.enumerate()) {
      expect(mask[k] === 1).toBe(u.acceptable(o));
      k++;
    }
  });

  test.prop([spaceArb.chain((s) => utilityArb(s))])('upperBound is at least every utility', (u) => {
    const max = u.utilities().reduce((a, b) => Math.max(a, b), 0);
    expect(u.upperBound()).toBeGreaterThanOrEqual(max - 1e-12);
  });

  test('linear additive with a linkage region and a red line, by hand', () => {
    const space = new OutcomeSpace([
      {
        kind: 'discrete',
        id: 'eda',
        label: 'EDA',
        values: [
          { id: 'halted', label: 'h' },
          { id: 'restored', label: 'r' },
        ],
      },
      {
        kind: 'discrete',
        id: 're',
        label: 'RE',
        values: [
          { id: 'sq', label: 's' },
          { id: 'broad', label: 'b' },
        ],
      },
      { kind: 'integer', id: 'days', label: 'days', min: 0, max: 10 },
    ]);
    const u = new UtilityFunction(space, {
      weights: [0.2, 0.5, 0.3],
      evaluators: [
        { kind: 'table', values: [1, 0] },
        { kind: 'table', values: [0, 1] },
        { kind: 'piecewise', xs: [0, 5, 10], ys: [0, 0.8, 1] },
      ],
      regions: [
        {
          value: -0.15,
          conditions: [
            { issue: 0, values: [1] },
            { issue: 1, values: [0] },
          ],
        },
      ],
      redLines: [{ id: 'x', label: 'x', kind: 'require', conditions: [{ issue: 2, min: 2 }] }],
    });
    expect(u.evaluate([1, 0, 5])).toBeCloseTo(0.3 * 0.8 - 0.15, 12);
    expect(u.evaluate([1, 1, 5])).toBeCloseTo(0.5 + 0.24, 12);
    expect(u.evaluate([0, 1, 10])).toBeCloseTo(1, 12);
    expect(u.evaluate([1, 0, 0])).toBe(0); // -0.15 clamped
    expect(u.acceptable([0, 1, 1])).toBe(false);
    expect(u.acceptable([0, 1, 2])).toBe(true);
    expect(u.violatedRedLines([0, 1, 1]).map((r) => r.id)).toEqual(['x']);
    const mask = u.acceptableMask();
    expect(mask.reduce((a, b) => a + b, 0)).toBe(2 * 2 * 9);
  });
});
