/**
 * The fields spatial data need (test/fixtures/spatial/three-actors.yaml): a status quo per issue,
 * the meaning of scale points, a party's power, absolute saliences in place of weights, and the
 * single-peaked `peak` evaluator whose position may be uncertain; each read into the model, written
 * back by the native exporter, and every mistake reported with its place.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { formatProblem, type Problem } from '../../errors.ts';
import { statusQuoValue } from '../../model/issues.ts';
import { toNativeYaml } from '../export/native-yaml.ts';
import { readScenarioText } from './load.ts';
import { fixtureText, positionIn, problemsOfText, replaceOnce } from './test-support.ts';

const TEXT = fixtureText('spatial/three-actors.yaml');

function scenarioOf(text: string) {
  const r = readScenarioText(text, 'spatial.yaml');
  if (!r.ok) throw new Error(r.problems.map(formatProblem).join('\n'));
  return r.scenario;
}

describe('a spatial scenario', () => {
  const scenario = scenarioOf(TEXT);
  const [north, south] = scenario.parties;
  if (!north || !south) throw new Error('the fixture has three parties');

  it('keeps the status quo and the meaning of scale points of each issue', () => {
    const [ambition, money, venue] = scenario.space.issues;
    expect(ambition?.kind === 'real' && ambition.scale?.map((p) => p.at)).toEqual([0, 50, 100]);
    expect(ambition && statusQuoValue(ambition)).toBe(0);
    expect(money && statusQuoValue(money)).toBe(2);
    expect(venue && statusQuoValue(venue)).toBe(1); // bonn
  });

  it('derives weights from absolute saliences and keeps both, with power', () => {
    expect(north.salience).toEqual([0.8, 0.4, 0.2]);
    expect(north.utility.weights[0]).toBeCloseTo(0.8 / 1.4, 15);
    expect(north.utility.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 15);
    expect(north.power).toBe(1);
    expect(south.power).toBe(0.5);
  });

  it('builds a peak as the tent 1 − |x − at| / (max − min), at the point value of an uncertain position', () => {
    // North's ambition peaks at the mode 30 of its triangular.
    const tent = north.utility.evaluators[0];
    expect(tent?.kind === 'piecewise' && tent.xs).toEqual([0, 30, 100]);
    const ys = tent?.kind === 'piecewise' ? tent.ys : [];
    for (const [k, y] of [0.7, 1, 0.3].entries()) expect(ys[k]).toBeCloseTo(y, 15);
    // A peak at an end of the range has two points.
    expect(south.utility.evaluators[1]).toEqual({ kind: 'piecewise', xs: [0, 10], ys: [0, 1] });
    // North: ambition 30 (1), money 2 (1), venue bonn (1): utility 1; at ambition 80 it loses 0.5·w.
    expect(north.utility.evaluate([30, 2, 1])).toBeCloseTo(1, 15);
    expect(north.utility.evaluate([80, 2, 1])).toBeCloseTo(1 - 0.5 * (0.8 / 1.4), 15);
  });

  it('lists power, saliences and positions as parameters, the uncertain position with its distribution', () => {
    const paths = scenario.parameters.map((p) => p.path);
    expect(paths).toContain('parties.north.power');
    expect(paths).toContain('parties.south.salience.money');
    const at = scenario.parameters.find((p) => p.path === 'parties.north.evaluators.ambition.peak.at');
    expect(at).toMatchObject({ value: 30, range: [20, 40], judgement: 'Expert coding ±10' });
  });

  it('round-trips through the native exporter with the same utilities, saliences, power and status quo', () => {
    const again = scenarioOf(toNativeYaml(scenario));
    expect(again.parties.map((p) => p.power)).toEqual([1, 0.5, 0.2]);
    expect(again.parties.map((p) => p.salience)).toEqual(scenario.parties.map((p) => p.salience));
    expect(again.space.issues.map(statusQuoValue)).toEqual([0, 2, 1]);
    for (const o of [
      [0, 0, 0],
      [55.5, 7, 1],
      [100, 10, 0],
    ]) {
      scenario.parties.forEach((p, j) => {
        expect(again.parties[j]?.utility.evaluate(o)).toBeCloseTo(p.utility.evaluate(o), 12);
      });
    }
    const file = parse(toNativeYaml(scenario)) as { parties: Record<string, unknown>[] };
    expect(file.parties[0]?.weights).toBeUndefined();
    expect(file.parties[0]?.power).toEqual({ value: 1, judgement: 'The largest economy of the three' });
  });
});

interface Case {
  readonly name: string;
  readonly from: string;
  readonly to: string;
  readonly problem: Partial<Problem>;
  readonly at: readonly [string, string?];
  readonly says?: string;
}

const cases: Case[] = [
  {
    name: 'weights and saliences together',
    from: '    salience: { ambition: 0.6, money: 0.9, venue: 0.1 }\n',
    to: '    salience: { ambition: 0.6, money: 0.9, venue: 0.1 }\n    weights: { ambition: 0.4, money: 0.5, venue: 0.1 }\n',
    problem: { code: 'SCHEMA', path: 'parties.south.salience' },
    at: ['salience: { ambition: 0.6, money: 0.9', 'salience'],
    says: 'either weights or saliences',
  },
  {
    name: 'a salience for an unknown issue',
    from: 'salience: { ambition: 1, money: 0.7, venue: 0 }',
    to: 'salience: { ambition: 1, money: 0.7, venue: 0, moneys: 0.1 }',
    problem: { code: 'UNKNOWN_REFERENCE', path: 'parties.islands.salience.moneys' },
    at: ['moneys: 0.1', 'moneys'],
  },
  {
    name: 'saliences that are all 0',
    from: 'salience: { ambition: 1, money: 0.7, venue: 0 }',
    to: 'salience: { ambition: 0, money: 0, venue: 0 }',
    problem: { code: 'WEIGHTS_SUM', path: 'parties.islands.salience' },
    at: ['salience: { ambition: 0, money: 0', 'salience'],
  },
  {
    name: 'a power above 1',
    from: 'power: 0.5',
    to: 'power: 1.5',
    problem: { code: 'VALUE_OUT_OF_RANGE', path: 'parties.south.power' },
    at: ['power: 1.5', '1.5'],
  },
  {
    name: 'a peak outside the issue range',
    from: 'money: { peak: { at: 10 } }',
    to: 'money: { peak: { at: 12 } }',
    problem: { code: 'VALUE_OUT_OF_RANGE', path: 'parties.south.evaluators.money.peak.at' },
    at: ['money: { peak: { at: 12 } }', '12'],
    says: 'a position in [0, 10]',
  },
  {
    name: 'an uncertain peak reaching outside the range',
    from: 'triangular: [20, 30, 40]',
    to: 'triangular: [-5, 30, 40]',
    problem: { code: 'VALUE_OUT_OF_RANGE', path: 'parties.north.evaluators.ambition.peak.at' },
    at: ['triangular: [-5, 30, 40]', 'at: {'],
  },
  {
    name: 'a peak on a discrete issue',
    from: 'venue: { geneva: 1, bonn: 0 }',
    to: 'venue: { peak: { at: 1 } }',
    problem: { code: 'SCHEMA', path: 'parties.south.evaluators.venue' },
    at: ['venue: { peak: { at: 1 } }', 'venue'],
    says: 'is discrete',
  },
  {
    name: 'an unknown status quo value',
    from: 'statusQuo: bonn',
    to: 'statusQuo: berlin',
    problem: { code: 'UNKNOWN_REFERENCE', path: 'issues.venue.statusQuo' },
    at: ['statusQuo: berlin', 'berlin'],
    says: 'geneva or bonn',
  },
  {
    name: 'a status quo outside the range',
    from: 'max: 10, statusQuo: 2',
    to: 'max: 10, statusQuo: 11',
    problem: { code: 'VALUE_OUT_OF_RANGE', path: 'issues.money.statusQuo' },
    at: ['statusQuo: 11', '11'],
  },
  {
    name: 'scale points out of order',
    from: '{ at: 50, label: A non-binding target }',
    to: '{ at: 0, label: A non-binding target }',
    problem: { code: 'VALUE_OUT_OF_RANGE', path: 'issues.ambition.scale.1.at' },
    at: ['{ at: 0, label: A non-binding', '0'],
    says: 'ascending',
  },
  {
    name: 'neither weights nor saliences',
    from: '    salience: { ambition: 0.6, money: 0.9, venue: 0.1 }\n',
    to: '',
    problem: { code: 'SCHEMA', path: 'parties.south.weights' },
    at: ['- id: south', 'id'],
    says: 'or salience',
  },
];

describe('mistakes in spatial fields', () => {
  for (const c of cases) {
    it(`reports ${c.name}`, () => {
      const text = replaceOnce(TEXT, c.from, c.to);
      const problems = problemsOfText(text, 'spatial.yaml');
      const hit = problems.find((p) => p.code === c.problem.code && p.path === c.problem.path);
      expect(hit, problems.map(formatProblem).join('\n')).toBeDefined();
      expect(hit).toMatchObject({ file: 'spatial.yaml', ...c.problem, ...positionIn(text, ...c.at) });
      if (c.says) expect(formatProblem(hit as Problem)).toContain(c.says);
    });
  }
});
