/**
 * Export round trips on generated scenarios: any linear-additive scenario over discrete and
 * integer issues (and any integer hyper-rectangle scenario with EXCLUDES boxes) written as GENIUS
 * XML and read back gives the same utility for every outcome (1e-12); the same for native YAML
 * where the native format can express it (weights above 1 and evaluations outside [0, 1] through
 * `weightsSum: asWritten`, EXCLUDES boxes through `unless`). What a format cannot express is refused with
 * EXPORT_UNSUPPORTED naming the reason, never written wrongly.
 */

import { resolve } from 'node:path';
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { LancasterError } from '../../errors.ts';
import type { Issue } from '../../model/issues.ts';
import { OutcomeSpace } from '../../model/outcome-space.ts';
import type { Party } from '../../model/party.ts';
import type { Scenario } from '../../model/scenario.ts';
import { type Evaluator, type RegionTerm, UtilityFunction } from '../../model/utility.ts';
import { readGeniusDomain, readGeniusProfile, Warnings } from '../genius/read.ts';
import { parseXml } from '../genius/xml.ts';
import { parseScenarioText } from '../native/load.ts';
import { loadScenarioFile } from '../native/load-file.ts';
import { toGeniusXml } from './genius-xml.ts';
import { toNativeYaml } from './native-yaml.ts';

function scenarioOf(
  issues: Issue[],
  specs: { weights: number[]; evaluators: Evaluator[]; regions?: RegionTerm[] }[],
): Scenario {
  const space = new OutcomeSpace(issues);
  const parties: Party[] = specs.map((s, k) => ({
    id: `p${k + 1}`,
    label: `Party ${k + 1}`,
    utility: new UtilityFunction(space, s),
    reservationValue: 0.1 * k,
    discountFactor: k === 0 ? 1 : 0.75,
    delegation: [],
  }));
  return {
    id: 'generated',
    title: 'Generated',
    space,
    parties,
    protocol: {
      kind: 'saop',
      order: parties.map((p) => p.id),
      rounds: 30,
      schedule: [{ label: 'Session', rounds: 30 }],
      onVeto: 'end',
      actionBudgetMs: 5000,
    },
    parameters: [],
    sources: [],
  };
}

/** Reads a GENIUS export back (in memory) as one utility function per party. */
function readBack(s: Scenario): { reservation: number; discount: number; utilities: Float64Array }[] {
  const files = toGeniusXml(s);
  const w = new Warnings();
  const domain = readGeniusDomain(parseXml(files.domain.xml, files.domain.name), w);
  const space = new OutcomeSpace(domain.issues.map((gi) => gi.issue));
  return files.profiles.map((f) => {
    const p = readGeniusProfile(parseXml(f.xml, f.name), domain, space, w);
    return { reservation: p.reservationValue, discount: p.discountFactor, utilities: p.utility.utilities() };
  });
}

function expectClose(a: Float64Array, b: Float64Array): void {
  expect(a.length).toBe(b.length);
  for (let k = 0; k < a.length; k++)
    expect(Math.abs((a[k] as number) - (b[k] as number))).toBeLessThanOrEqual(1e-12);
}

const issueArb: fc.Arbitrary<Issue> = fc.oneof(
  fc.integer({ min: 1, max: 4 }).map(
    (n): Issue => ({
      kind: 'discrete',
      id: 'd',
      label: 'D',
      values: Array.from({ length: n }, (_, k) => ({ id: `v${k}`, label: `value ${k}` })),
    }),
  ),
  fc
    .tuple(fc.integer({ min: -5, max: 5 }), fc.integer({ min: 0, max: 4 }))
    .map(([min, span]): Issue => ({ kind: 'integer', id: 'i', label: 'I', min, max: min + span })),
);

const unit = fc.double({ min: 0, max: 1, noNaN: true });

/** A linear-additive scenario whose evaluators GENIUS can write (integer ones are clamped lines). */
const linearScenario = fc
  .array(issueArb, { minLength: 1, maxLength: 3 })
  .map((issues) => issues.map((x, k) => ({ ...x, id: `${x.id}${k}`, label: `${x.label} ${k}` })))
  .chain((issues) => {
    const evaluator = (issue: Issue): fc.Arbitrary<Evaluator> =>
      issue.kind === 'discrete'
        ? fc
            .array(unit, { minLength: issue.values.length, maxLength: issue.values.length })
            .map((values) => ({ kind: 'table', values }))
        : fc.tuple(unit, unit).map(([a, b]) => {
            // A line from (min, a) to (max, b): GENIUS offset/slope can write it.
            const slope =
              issue.kind === 'integer' && issue.max > issue.min ? (b - a) / (issue.max - issue.min) : 0;
            return {
              kind: 'linear',
              intercept: a - slope * (issue.kind === 'integer' ? issue.min : 0),
              slope,
              clamp: false,
            };
          });
    const party = fc
      .record({
        raw: fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), {
          minLength: issues.length,
          maxLength: issues.length,
        }),
        evaluators: fc.tuple(...issues.map(evaluator)),
      })
      .map(({ raw, evaluators }) => {
        const sum = raw.reduce((x, y) => x + y, 0);
        return { weights: raw.map((x) => x / sum), evaluators: [...evaluators] };
      });
    return fc.tuple(party, party).map((parties) => scenarioOf(issues, parties));
  });

describe('GENIUS XML export', () => {
  test.prop([linearScenario], { numRuns: 60 })(
    'reads back to the same utilities, reservation and discount',
    (s) => {
      const back = readBack(s);
      s.parties.forEach((p, k) => {
        const b = back[k];
        expect(b?.reservation).toBe(p.reservationValue);
        expect(b?.discount).toBe(p.discountFactor);
        expectClose(p.utility.utilities(), b?.utilities as Float64Array);
      });
    },
  );

  test('integer hyper-rectangles with INCLUDES and EXCLUDES become a nonlinear profile', () => {
    const issues: Issue[] = [
      { kind: 'integer', id: 'a', label: 'a', min: 0, max: 5 },
      { kind: 'integer', id: 'b', label: 'b', min: 1, max: 4 },
    ];
    const zero: Evaluator = { kind: 'linear', intercept: 0, slope: 0, clamp: false };
    const regions: RegionTerm[] = [
      { value: 0.4, conditions: [{ issue: 0, min: 1, max: 3 }] },
      {
        value: 0.35,
        conditions: [],
        excludes: [
          [
            { issue: 1, min: 2, max: 3 },
            { issue: 0, min: 0, max: 1 },
          ],
        ],
      },
    ];
    const s = scenarioOf(issues, [
      { weights: [0, 0], evaluators: [zero, zero], regions },
      { weights: [0.5, 0.5], evaluators: [zero, { kind: 'linear', intercept: 0, slope: 0.25, clamp: true }] },
    ]);
    const files = toGeniusXml(s);
    expect(files.profiles[0]?.xml).toMatch(/type="nonlinear"/);
    expect(files.profiles[0]?.xml).toMatch(/<EXCLUDES index="2" min="2" max="3"\/>/);
    const back = readBack(s);
    s.parties.forEach((p, k) => {
      expectClose(p.utility.utilities(), back[k]?.utilities as Float64Array);
    });
  });

  test('what GENIUS cannot express is refused with every reason', () => {
    const issues: Issue[] = [
      {
        kind: 'discrete',
        id: 'x',
        label: 'X',
        values: [
          { id: 'a', label: 'A' },
          { id: 'b', label: 'B' },
        ],
      },
    ];
    const s = scenarioOf(issues, [
      {
        weights: [1],
        evaluators: [{ kind: 'table', values: [0, 1] }],
        regions: [{ value: 0.1, conditions: [{ issue: 0, values: [0] }] }],
      },
      { weights: [1], evaluators: [{ kind: 'table', values: [1, 0] }] },
    ]);
    try {
      toGeniusXml(s);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(LancasterError);
      expect((e as LancasterError).code).toBe('EXPORT_UNSUPPORTED');
      expect((e as LancasterError).message).toMatch(/region terms together with weights/);
    }
  });
});

describe('native YAML export', () => {
  test.prop([linearScenario], { numRuns: 40 })(
    'loads back (the native loader accepts it) with the same utilities',
    (s) => {
      const back = parseScenarioText(toNativeYaml(s), 'export.yaml');
      expect(back.parties.map((p) => p.id)).toEqual(s.parties.map((p) => p.id));
      s.parties.forEach((p, k) => {
        const q = back.parties[k] as Party;
        expect(q.reservationValue).toBe(p.reservationValue);
        expect(q.discountFactor).toBe(p.discountFactor);
        expectClose(p.utility.utilities(), q.utility.utilities());
      });
    },
  );

  test('weights summing below 1 are rescaled; above 1 are written as they are with weightsSum: asWritten', () => {
    const issues: Issue[] = [
      {
        kind: 'discrete',
        id: 'x',
        label: 'X',
        values: [
          { id: 'a', label: 'A' },
          { id: 'b', label: 'B' },
        ],
      },
      { kind: 'integer', id: 'n', label: 'N', min: 0, max: 3 },
    ];
    const ev: Evaluator[] = [
      { kind: 'table', values: [0.2, 1] },
      { kind: 'table', values: [0, 0.5, 1, 0.25] },
    ];
    const low = scenarioOf(issues, [
      { weights: [0.4, 0.5], evaluators: ev },
      { weights: [0.5, 0.5], evaluators: ev },
    ]);
    const lowText = toNativeYaml(low);
    expect(lowText).not.toMatch(/weightsSum/);
    const back = parseScenarioText(lowText, 'low.yaml');
    low.parties.forEach((p, k) => {
      expectClose(p.utility.utilities(), (back.parties[k] as Party).utility.utilities());
    });
    const high = scenarioOf(issues, [
      { weights: [0.6, 0.5], evaluators: ev },
      { weights: [0.5, 0.5], evaluators: ev },
    ]);
    const highText = toNativeYaml(high);
    expect(highText.match(/weightsSum: asWritten/g)).toHaveLength(1);
    const highBack = parseScenarioText(highText, 'high.yaml');
    expect(highBack.parties[0]?.utility.weights).toEqual([0.6, 0.5]);
    high.parties.forEach((p, k) => {
      expectClose(p.utility.utilities(), (highBack.parties[k] as Party).utility.utilities());
    });
  });

  test('evaluations outside [0, 1] are written with weightsSum: asWritten', () => {
    const issues: Issue[] = [
      {
        kind: 'discrete',
        id: 'x',
        label: 'X',
        values: [
          { id: 'a', label: 'A' },
          { id: 'b', label: 'B' },
        ],
      },
      { kind: 'real', id: 'price', label: 'Price', min: 0, max: 10 },
    ];
    const s = scenarioOf(issues, [
      {
        weights: [0.5, 0.5],
        evaluators: [
          { kind: 'table', values: [-0.25, 1.5] },
          { kind: 'linear', intercept: 1.2, slope: -0.2, clamp: false },
        ],
      },
      {
        weights: [0.5, 0.5],
        evaluators: [
          { kind: 'table', values: [1, 0] },
          { kind: 'linear', intercept: 0, slope: 0.1, clamp: false },
        ],
      },
    ]);
    const text = toNativeYaml(s);
    expect(text.match(/weightsSum: asWritten/g)).toHaveLength(1);
    const back = parseScenarioText(text, 'outside.yaml');
    s.parties.forEach((p, k) => {
      const q = back.parties[k] as Party;
      for (const o of [
        [0, 0],
        [0, 2.5],
        [1, 0],
        [1, 7.5],
        [1, 10],
      ]) {
        expect(Math.abs(p.utility.evaluate(o) - q.utility.evaluate(o))).toBeLessThanOrEqual(1e-12);
      }
    });
  });

  test('excluded boxes (GENIUS EXCLUDES) are written as unless and load back to the same utilities', () => {
    const issues: Issue[] = [
      { kind: 'integer', id: 'a', label: 'a', min: 0, max: 5 },
      { kind: 'integer', id: 'b', label: 'b', min: 1, max: 4 },
    ];
    const zero: Evaluator = { kind: 'linear', intercept: 0, slope: 0, clamp: false };
    const regions: RegionTerm[] = [
      { value: 0.4, conditions: [{ issue: 0, min: 1, max: 3 }] },
      {
        value: 0.35,
        conditions: [],
        excludes: [
          [
            { issue: 1, min: 2, max: 3 },
            { issue: 0, min: 0, max: 1 },
          ],
          [{ issue: 0, min: 5 }],
        ],
      },
    ];
    const s = scenarioOf(issues, [
      { weights: [0, 0], evaluators: [zero, zero], regions },
      { weights: [0.5, 0.5], evaluators: [zero, { kind: 'linear', intercept: 0, slope: 0.25, clamp: true }] },
    ]);
    const text = toNativeYaml(s);
    expect(text).toMatch(/unless:/);
    const back = parseScenarioText(text, 'unless.yaml');
    expect(back.parties[0]?.utility.regions[1]?.excludes).toHaveLength(2);
    s.parties.forEach((p, k) => {
      expectClose(p.utility.utilities(), (back.parties[k] as Party).utility.utilities());
    });
  });
});

describe('native YAML export of the London scenario', () => {
  test('keeps every parameter with its distribution and provenance, the strategy mix, the impacts and the turn budget', () => {
    const london = loadScenarioFile(
      resolve(import.meta.dirname, '..', '..', '..', 'scenarios', 'london-2025.yaml'),
    );
    const back = parseScenarioText(toNativeYaml(london), 'london-export.yaml');
    const strip = (s: typeof london) =>
      JSON.parse(JSON.stringify({ p: s.parameters, f: s.forecast, i: s.impacts, h: s.protocol }));
    expect(strip(back)).toEqual(strip(london));
    expect(back.forecast?.negotiators.us?.length).toBeGreaterThan(1);
    expect(back.impacts?.length).toBeGreaterThan(0);
    expect(back.protocol.humanTurnSeconds).toBe(london.protocol.humanTurnSeconds);
  });
});
