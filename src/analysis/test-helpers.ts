/**
 * Helpers for the analysis tests: a scenario built by hand from issues and per-party utility specs,
 * and fast-check arbitraries for utility matrices whose values come from a small set, so that ties
 * and duplicated utility vectors are common rather than rare. Test-only; not exported by the index.
 */
import { fc } from '@fast-check/vitest';
import { discreteIssue, type Issue } from '../model/issues.ts';
import { OutcomeSpace } from '../model/outcome-space.ts';
import type { Party } from '../model/party.ts';
import type { Scenario } from '../model/scenario.ts';
import { type RedLine, table, UtilityFunction, type UtilitySpec } from '../model/utility.ts';

/** One party of a hand-built scenario. */
export interface TestParty {
  readonly id: string;
  readonly spec: UtilitySpec;
  readonly reservationValue?: number;
}

/**
 * A scenario over `issues` with the given parties (SAOP, turn order = party order, 10 rounds).
 *
 * @example
 * testScenario([discreteIssue('a', ['x', 'y'])], [{ id: 'p', spec: { weights: [1], evaluators: [table([0, 1])] } }]);
 */
export function testScenario(
  issues: readonly Issue[],
  parties: readonly TestParty[],
  order: readonly string[] = parties.map((p) => p.id),
): Scenario {
  const space = new OutcomeSpace(issues);
  const built: Party[] = parties.map((p) => ({
    id: p.id,
    label: p.id,
    utility: new UtilityFunction(space, p.spec),
    reservationValue: p.reservationValue ?? 0,
    discountFactor: 1,
    delegation: [],
  }));
  return {
    id: 'test',
    title: 'test',
    space,
    parties: built,
    protocol: { kind: 'saop', order, rounds: 10, schedule: [], onVeto: 'end', actionBudgetMs: 1000 },
    parameters: [],
    sources: [],
  };
}

/** Utility values drawn from a small set, so that ties are everywhere. */
export const TIE_VALUES = [0, 0.25, 0.5, 1] as const;

/** A utility value: from the small tie-heavy set, or (less often) any double in [0, 1]. */
export const utilityValue: fc.Arbitrary<number> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...TIE_VALUES) },
  { weight: 1, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) },
);

/** A utility matrix: `parties` arrays of `n` outcomes each (2–4 parties, 0–60 outcomes by default). */
export function utilsArb(opts: { minParties?: number; maxParties?: number; maxOutcomes?: number } = {}) {
  return fc
    .tuple(
      fc.integer({ min: opts.minParties ?? 2, max: opts.maxParties ?? 4 }),
      fc.integer({ min: 0, max: opts.maxOutcomes ?? 60 }),
    )
    .chain(([parties, n]) =>
      fc.array(
        fc.array(utilityValue, { minLength: n, maxLength: n }).map((a) => Float64Array.from(a)),
        { minLength: parties, maxLength: parties },
      ),
    );
}

/** A random small scenario: 1–3 discrete issues of 1–4 values, 2–3 parties, tie-heavy tables, optional red lines. */
export const scenarioArb: fc.Arbitrary<Scenario> = fc
  .tuple(
    fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }),
    fc.integer({ min: 2, max: 3 }),
  )
  .chain(([radices, nParties]) => {
    const k = radices.length;
    const issues = radices.map((r, i) => ({
      kind: 'discrete' as const,
      id: `i${i}`,
      label: `i${i}`,
      values: Array.from({ length: r }, (_, d) => ({ id: `v${d}`, label: `v${d}` })),
    }));
    const redLine: fc.Arbitrary<RedLine> = fc.integer({ min: 0, max: k - 1 }).chain((i) =>
      fc
        .subarray(
          Array.from({ length: radices[i] as number }, (_, d) => d),
          { minLength: 1 },
        )
        .map((values) => ({
          id: `r${i}`,
          label: `r${i}`,
          kind: 'forbid' as const,
          conditions: [{ issue: i, values }],
        })),
    );
    const party = (id: string): fc.Arbitrary<TestParty> =>
      fc
        .record({
          raw: fc.array(fc.constantFrom(1, 2, 3), { minLength: k, maxLength: k }),
          tables: fc.tuple(
            ...radices.map((r) => fc.array(fc.constantFrom(...TIE_VALUES), { minLength: r, maxLength: r })),
          ),
          redLines: fc.array(redLine, { maxLength: 1 }),
          reservationValue: fc.constantFrom(0, 0.25, 0.5),
        })
        .map(({ raw, tables, redLines, reservationValue }) => {
          const sum = raw.reduce((a, b) => a + b, 0);
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
      .tuple(...Array.from({ length: nParties }, (_, j) => party(`p${j}`)))
      .map((parties) => testScenario(issues, parties));
  });

/**
 * Two issues (chips: restrict/ease, rare earths: deny/licence/fast-track), six outcomes,
 * index = chips·3 + rare. Utilities by index:
 *   us: 0.6, 0.8, 1.0, 0.0, 0.2, 0.4      cn: 0.5, 0.375, 0, 1, 0.875, 0.5
 * US red line: no (ease, licence) package, so outcome 4 is infeasible. Reservation values 0.25.
 */
export function londonToy() {
  return testScenario(
    [discreteIssue('chips', ['restrict', 'ease']), discreteIssue('rare', ['deny', 'licence', 'fast'])],
    [
      {
        id: 'us',
        reservationValue: 0.25,
        spec: {
          weights: [0.6, 0.4],
          evaluators: [table([1, 0]), table([0, 0.5, 1])],
          redLines: [
            {
              id: 'no-licence-for-chips',
              label: 'no',
              kind: 'forbid',
              conditions: [
                { issue: 0, values: [1] },
                { issue: 1, values: [1] },
              ],
            },
          ],
        },
      },
      {
        id: 'cn',
        reservationValue: 0.25,
        spec: { weights: [0.5, 0.5], evaluators: [table([0, 1]), table([1, 0.75, 0])] },
      },
    ],
  );
}
