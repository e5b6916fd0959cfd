/**
 * The two GENIUS rules the native format states explicitly: a region's `unless` boxes (GENIUS
 * EXCLUDES rectangles) and `weightsSum: asWritten` (weights taken as written, evaluations allowed
 * outside [0, 1], utility clamped to [0, 1]). Each is checked on a small hand-written file, with
 * utilities worked out by hand, and so is the default that stays strict without `asWritten`.
 */
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from './load.ts';
import { problemsOfText, replaceOnce } from './test-support.ts';

/** Two issues: colour (red, green, blue) and n in 0..4; party `a` is the one the tests vary. */
function scenarioText(partyA: string): string {
  return `version: 1
id: genius-rules
title: GENIUS rules
issues:
  - id: colour
    label: Colour
    type: discrete
    values: [{ id: red, label: Red }, { id: green, label: Green }, { id: blue, label: Blue }]
  - { id: n, label: N, type: integer, min: 0, max: 4 }
parties:
  - id: a
    label: A
    reservationValue: 0
${partyA}
  - id: b
    label: B
    reservationValue: 0
    weights: { colour: 0.5, n: 0.5 }
    evaluators:
      colour: { red: 1, green: 0.5, blue: 0 }
      n: { linear: { atMin: 0, atMax: 1 } }
protocol: { type: saop, deadline: { rounds: 10 } }
`;
}

const UNLESS = `    weights: { colour: 0.5, n: 0.5 }
    evaluators:
      colour: { red: 0, green: 0, blue: 0 }
      n: { linear: { atMin: 0, atMax: 0 } }
    regions:
      - value: 0.3
        when: { colour: [red, green] }
        unless:
          - { colour: [green], n: { min: 2, max: 3 } }
          - { n: { min: 4 } }
      - value: 0.2
        when: {}
        unless: [{ colour: [blue] }]`;

const AS_WRITTEN = `    weightsSum: asWritten
    weights: { colour: 0.8, n: 0.6 }
    evaluators:
      colour: { red: 1.25, green: 0.5, blue: -0.5 }
      n: { piecewise: [[0, -0.2], [4, 1.1]] }`;

describe('region unless boxes', () => {
  const a = parseScenarioText(scenarioText(UNLESS), 'unless.yaml').parties[0];
  if (!a) throw new Error('party a');

  it('apply the value inside `when` and outside every `unless` box', () => {
    // [red, 2]: first term applies (red is in no box), second too (not blue): 0.5.
    expect(a.utility.evaluate([0, 2])).toBeCloseTo(0.5, 12);
    // [green, 2]: inside the first box, so only the second term: 0.2.
    expect(a.utility.evaluate([1, 2])).toBeCloseTo(0.2, 12);
    // [green, 1]: outside both boxes: 0.5.
    expect(a.utility.evaluate([1, 1])).toBeCloseTo(0.5, 12);
    // [red, 4]: inside the second box of the first term: 0.2.
    expect(a.utility.evaluate([0, 4])).toBeCloseTo(0.2, 12);
    // [blue, 0]: outside the first `when`, inside the second term's box: 0.
    expect(a.utility.evaluate([2, 0])).toBe(0);
    expect(a.utility.regions[0]?.excludes).toHaveLength(2);
  });

  it('an empty `when` without `unless` is still an error', () => {
    const text = replaceOnce(scenarioText(UNLESS), '        unless: [{ colour: [blue] }]\n', '');
    const problems = problemsOfText(text);
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'SCHEMA',
        path: 'parties.a.regions.1.when',
        message: 'needs at least one condition',
      }),
    ]);
  });

  it('unless boxes are checked like conditions', () => {
    const text = replaceOnce(
      scenarioText(UNLESS),
      '{ n: { min: 4 } }',
      '{ n: { min: 5 }, colour: [purple] }',
    );
    const problems = problemsOfText(text);
    expect(problems.map((p) => [p.code, p.path])).toEqual([
      ['VALUE_OUT_OF_RANGE', 'parties.a.regions.0.unless.1.n.min'],
      ['UNKNOWN_REFERENCE', 'parties.a.regions.0.unless.1.colour.0'],
    ]);
  });
});

describe('weightsSum: asWritten', () => {
  const a = parseScenarioText(scenarioText(AS_WRITTEN), 'as-written.yaml').parties[0];
  if (!a) throw new Error('party a');

  it('takes weights and evaluations as written and clamps the utility to [0, 1]', () => {
    // [green, 2]: 0.8·0.5 + 0.6·(−0.2 + 1.3·2/4) = 0.4 + 0.27 = 0.67.
    expect(a.utility.evaluate([1, 2])).toBeCloseTo(0.67, 12);
    // [red, 4]: 0.8·1.25 + 0.6·1.1 = 1.66, capped at 1.
    expect(a.utility.evaluate([0, 4])).toBe(1);
    // [blue, 0]: 0.8·(−0.5) + 0.6·(−0.2) = −0.52, clamped to 0.
    expect(a.utility.evaluate([2, 0])).toBe(0);
  });

  it('without it the same party is refused: the weight sum and each evaluation outside [0, 1]', () => {
    const text = replaceOnce(scenarioText(AS_WRITTEN), '    weightsSum: asWritten\n', '');
    const problems = problemsOfText(text);
    expect(problems.map((p) => [p.code, p.path])).toEqual([
      ['WEIGHTS_SUM', 'parties.a.weights'],
      ['VALUE_OUT_OF_RANGE', 'parties.a.evaluators.colour.red'],
      ['VALUE_OUT_OF_RANGE', 'parties.a.evaluators.colour.blue'],
      ['VALUE_OUT_OF_RANGE', 'parties.a.evaluators.n.piecewise.0.1'],
      ['VALUE_OUT_OF_RANGE', 'parties.a.evaluators.n.piecewise.1.1'],
    ]);
  });

  it('still wants each weight in [0, 1] and a known setting', () => {
    const negative = replaceOnce(scenarioText(AS_WRITTEN), 'colour: 0.8', 'colour: -0.1');
    expect(problemsOfText(negative).map((p) => [p.code, p.path])).toEqual([
      ['VALUE_OUT_OF_RANGE', 'parties.a.weights.colour'],
    ]);
    const typo = replaceOnce(scenarioText(AS_WRITTEN), 'weightsSum: asWritten', 'weightsSum: written');
    expect(problemsOfText(typo).map((p) => p.path)).toContain('parties.a.weightsSum');
  });
});
