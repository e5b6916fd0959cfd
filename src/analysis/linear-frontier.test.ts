import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { discreteIssue, type Issue } from '../model/issues.ts';
import type { Scenario } from '../model/scenario.ts';
import type { RedLine } from '../model/utility.ts';
import { analyzeDomain, utilityMatrix } from './analyze.ts';
import { paretoFrontier } from './frontier.ts';
import { countIndividuallyRational, linearFrontier, linearFrontierBlocker } from './linear-frontier.ts';
import { londonToy, TIE_VALUES, testScenario } from './test-helpers.ts';
import type { DomainAnalysis, UtilityPoint } from './types.ts';

/** Random linear-additive scenarios: 1–5 issues, 2 or 3 parties, ties common, per-issue red lines. */
function linearArb(parties: number): fc.Arbitrary<Scenario> {
  return fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 5 }).chain((radices) => {
    const issues: Issue[] = radices.map((r, i) =>
      i % 2 === 1
        ? { kind: 'integer', id: `n${i}`, label: `n${i}`, min: 3, max: 3 + r - 1 }
        : discreteIssue(
            `d${i}`,
            Array.from({ length: r }, (_, v) => `v${v}`),
          ),
    );
    const value = fc.oneof(fc.constantFrom(...TIE_VALUES), fc.double({ min: 0, max: 1, noNaN: true }));
    const redLine: fc.Arbitrary<RedLine> = fc
      .tuple(
        fc.integer({ min: 0, max: radices.length - 1 }),
        fc.constantFrom('forbid' as const, 'require' as const),
      )
      .chain(([i, kind]) =>
        fc
          .subarray(
            Array.from({ length: radices[i] as number }, (_, d) => (i % 2 === 1 ? 3 + d : d)),
            { minLength: 1 },
          )
          .map((values) => ({ id: `r${i}`, label: `r${i}`, kind, conditions: [{ issue: i, values }] })),
      );
    const party = (id: string) =>
      fc
        .record({
          raw: fc.array(fc.integer({ min: 0, max: 4 }), {
            minLength: radices.length,
            maxLength: radices.length,
          }),
          tables: fc.tuple(...radices.map((r) => fc.array(value, { minLength: r, maxLength: r }))),
          redLines: fc.array(redLine, { maxLength: 1 }),
          reservationValue: fc.constantFrom(0, 0.2, 0.4),
          scale: fc.constantFrom(1, 1, 1.25),
        })
        .map(({ raw, tables, redLines, reservationValue, scale }) => {
          // Sometimes scaled above 1 (as GENIUS files with weights summing to 1.1), so the clamp binds.
          const sum = (raw.reduce((a, b) => a + b, 0) || 1) / scale;
          return {
            id,
            reservationValue,
            spec: {
              weights: raw.map((w) => w / sum),
              evaluators: tables.map((values) => ({ kind: 'table' as const, values })),
              redLines,
            },
          };
        });
    return fc
      .tuple(...Array.from({ length: parties }, (_, j) => party(`p${j}`)))
      .map((ps) => testScenario(issues, ps));
  });
}

const key = (u: readonly number[]) => u.join(',');

/** Distinct utility vectors of the enumerated frontier of the feasible outcomes. */
function enumeratedFrontierVectors(s: Scenario): Set<string> {
  const { utils, feasible } = utilityMatrix(s);
  const cand = Uint32Array.from(Array.from(feasible.keys()).filter((k) => feasible[k] === 1));
  return new Set(Array.from(paretoFrontier(utils, cand), (k) => key(utils.map((u) => u[k] as number))));
}

function scores(a: DomainAnalysis) {
  const rv = a.reservationValues;
  const gains = (p: UtilityPoint | null) => p?.utilities.map((u, i) => u - (rv[i] as number)) ?? null;
  return {
    nash: gains(a.nash)?.reduce((x, y) => x * y, 1) ?? null,
    utilitarian: a.utilitarian?.utilities.reduce((x, y) => x + y, 0) ?? null,
    egalitarian: gains(a.egalitarian)?.reduce((x, y) => Math.min(x, y), Number.POSITIVE_INFINITY) ?? null,
    kalaiUtilities: a.kalai ? a.kalai.utilities : null,
  };
}

describe('linearFrontier', () => {
  for (const parties of [2, 3]) {
    test.prop([linearArb(parties)], { numRuns: 150 })(
      `equals the enumerated frontier on random linear scenarios, ${parties} parties`,
      (s) => {
        expect(linearFrontierBlocker(s)).toBeNull();
        const f = linearFrontier(s);
        if (!f) throw new Error('unreachable: the blocker said it applies');
        const got = f.points.map((p) => key(p.utilities));
        // One point per distinct vector, and exactly the enumerated frontier's vectors.
        expect(new Set(got).size).toBe(got.length);
        expect(new Set(got)).toEqual(enumeratedFrontierVectors(s));
        for (const p of f.points) {
          expect(s.space.indexOf(p.outcome)).toBe(p.index);
          for (const [i, party] of s.parties.entries()) {
            expect(party.utility.evaluate(p.outcome)).toBe(p.utilities[i]);
            expect(party.utility.acceptable(p.outcome)).toBe(true);
          }
        }
        // The analysis built on it agrees with the enumeration on every count and score.
        const merged = analyzeDomain(s, { method: 'issue-merge' });
        const reference = analyzeDomain(s, { method: 'enumeration' });
        expect(merged.method).toBe('issue-merge');
        expect(merged.feasible).toBe(reference.feasible);
        expect(merged.individuallyRational).toBe(reference.individuallyRational);
        expect(countIndividuallyRational(s, f.allowed)).toBe(reference.individuallyRational);
        // One frontier convention for both exact methods (issue 10, item 10): the same distinct
        // utility points, each represented by its lowest-index outcome, with the same tie counts.
        const view = (a: DomainAnalysis) => a.frontier.map((p) => [p.index, p.utilities, p.ties]);
        expect(view(merged)).toEqual(view(reference));
        expect(reference.frontier.every((p) => (p.ties ?? 0) >= 1)).toBe(true);
        expect(merged.opposition).toEqual(reference.opposition);
        const a = scores(merged);
        const b = scores(reference);
        expect(a.nash).toBe(b.nash);
        expect(a.utilitarian).toBe(b.utilitarian);
        expect(a.egalitarian).toBe(b.egalitarian);
        expect(a.kalaiUtilities === null).toBe(b.kalaiUtilities === null);
      },
    );
  }

  it('says why it does not apply', () => {
    // The toy's US red line forbids a combination of two issues.
    expect(linearFrontierBlocker(londonToy())).toMatch(/forbids a combination/);
    expect(linearFrontier(londonToy())).toBeNull();
    expect(() => analyzeDomain(londonToy(), { method: 'issue-merge' })).toThrow(/does not apply/);
    const linked = testScenario(
      [discreteIssue('a', ['x', 'y'])],
      [
        {
          id: 'p',
          spec: {
            weights: [1],
            evaluators: [{ kind: 'table', values: [0, 1] }],
            regions: [{ value: 0.1, conditions: [{ issue: 0, values: [0] }] }],
          },
        },
      ],
    );
    expect(linearFrontierBlocker(linked)).toMatch(/region terms/);
  });

  it('finds the frontier of 40 issues (10^40 outcomes) without enumerating', () => {
    const issues = Array.from({ length: 40 }, (_, i) => discreteIssue(`i${i}`, ['a', 'b', 'c']));
    // Weights of 1/64 keep every sum exact in binary floating point, so that equal sums are equal.
    const w = Array.from({ length: 40 }, () => 1 / 64);
    // Zero-sum on every issue except the last, where 'c' is best for both.
    const s = testScenario(issues, [
      {
        id: 'x',
        spec: {
          weights: w,
          evaluators: issues.map((_, i) => ({ kind: 'table', values: i === 39 ? [0, 0.5, 1] : [0, 0.5, 1] })),
        },
      },
      {
        id: 'y',
        spec: {
          weights: w,
          evaluators: issues.map((_, i) => ({ kind: 'table', values: i === 39 ? [0, 0.5, 1] : [1, 0.5, 0] })),
        },
      },
    ]);
    expect(s.space.enumerable).toBe(false);
    const a = analyzeDomain(s);
    expect(a.method).toBe('issue-merge');
    expect(a.approximate).toBe(false);
    for (const p of a.frontier) expect(p.outcome[39]).toBe(2);
    // Distinct sums of 39 zero-sum issues in steps of 0.5/64: 79 frontier vectors.
    expect(a.frontier.length).toBe(79);
    expect(a.nash?.utilities[0]).toBeCloseTo(a.nash?.utilities[1] as number, 12);
  });
});
