/**
 * Uncertain numbers (triangular, normal, choice besides range), round counts, the forecast's
 * negotiator mixes and impact indicators: what the format accepts, what it reports where, and
 * how `toScenario` applies a run's values (rounding counts, renormalising weights).
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { impactValue } from '../../model/impact.ts';
import { strategySpec } from '../../model/scenario.ts';
import { toScenario } from './convert.ts';
import { readScenarioText, validateScenarioData } from './load.ts';
import { fixtureText, positionIn, problemsOfText, replaceOnce } from './test-support.ts';

const text = fixtureText('uncertain/mixes.yaml');
const read = readScenarioText(text, 'mixes.yaml');
if (!read.ok) throw new Error(read.problems.map((p) => p.message).join('\n'));
const { file, raw, scenario } = read;
const byPath = new Map(scenario.parameters.map((p) => [p.path, p]));

/** The one problem of the fixture with `from` replaced by `to`. */
function problemWith(from: string, to: string) {
  const problems = problemsOfText(replaceOnce(text, from, to), 'mixes.yaml');
  expect(problems, problems.map((p) => p.message).join('\n')).toHaveLength(1);
  return problems[0] as (typeof problems)[number];
}

describe('uncertain numbers', () => {
  it('reads each distribution with its point value and swing ends', () => {
    expect(byPath.get('parties.buyer.reservationValue')).toMatchObject({
      value: 0.2,
      range: [0.1, 0.4],
      distribution: { kind: 'triangular', min: 0.1, mode: 0.2, max: 0.4 },
      judgement: 'Outside options are thin',
    });
    // A normal is truncated to the field's bounds: a discount factor lies in (0, 1].
    expect(byPath.get('parties.buyer.discountFactor')?.distribution).toEqual({
      kind: 'normal',
      mean: 0.9,
      sd: 0.05,
      min: 0,
      max: 1,
    });
    expect(byPath.get('parties.buyer.weights.quota')?.distribution).toMatchObject({ min: 0.3, max: 0.5 });
    expect(byPath.get('parties.buyer.weights.tariff')).toMatchObject({ value: 0.6, range: [0.5, 0.7] });
    expect(byPath.get('parties.seller.evaluators.quota.piecewise.1.1')?.value).toBe(0.1);
    expect(scenario.parties[0]?.reservationValue).toBe(0.2);
    expect(scenario.parties[0]?.discountFactor).toBe(0.9);
  });

  it('reports a triangular whose mode lies outside its ends', () => {
    const p = problemWith('triangular: [0.1, 0.2, 0.4]', 'triangular: [0.1, 0.5, 0.4]');
    expect(p).toMatchObject({
      code: 'BAD_DISTRIBUTION',
      path: 'parties.buyer.reservationValue.triangular',
      line: positionIn(text, 'reservationValue: { triangular').line,
    });
  });

  it('reports an end outside the field bounds', () => {
    const p = problemWith('triangular: [0.1, 0.2, 0.4]', 'triangular: [0.1, 0.2, 1.4]');
    expect(p).toMatchObject({
      code: 'VALUE_OUT_OF_RANGE',
      path: 'parties.buyer.reservationValue.triangular.2',
    });
  });

  it('reports sd <= 0 and a mean outside the truncation interval', () => {
    expect(problemWith('mean: 0.9, sd: 0.05', 'mean: 0.9, sd: 0')).toMatchObject({
      code: 'BAD_DISTRIBUTION',
      path: 'parties.buyer.discountFactor.normal.sd',
    });
    expect(problemWith('within: [0.3, 0.5]', 'within: [0.45, 0.5]')).toMatchObject({
      code: 'BAD_DISTRIBUTION',
      path: 'parties.buyer.weights.quota.normal.mean',
    });
  });

  it('reports choice probabilities that do not sum to 1', () => {
    const p = problemWith('{ value: 0.7, p: 0.25 }', '{ value: 0.7, p: 0.3 }');
    expect(p).toMatchObject({ code: 'BAD_DISTRIBUTION', path: 'parties.buyer.weights.tariff.choice' });
    expect(p.message).toContain('sum to 1');
  });

  it('checks the weight sum with point values', () => {
    const p = problemWith('{ value: 0.6, p: 0.5 }', '{ value: 0.65, p: 0.5 }');
    expect(p).toMatchObject({ code: 'WEIGHTS_SUM', path: 'parties.buyer.weights' });
  });

  it('refuses an uncertain deadline when sittings are given', () => {
    const p = problemWith('deadline: { rounds: 10 }', 'deadline: { rounds: { range: [8, 12] } }');
    expect(p).toMatchObject({ code: 'SCHEDULE_MISMATCH', path: 'protocol.deadline.rounds' });
    expect(p.message).toContain('make the sittings uncertain instead');
  });

  it('checks that sittings add up to the deadline with their point values', () => {
    const p = problemWith('rounds: { range: [3, 5] }', 'rounds: { range: [3, 7] }');
    expect(p).toMatchObject({ code: 'SCHEDULE_MISMATCH', path: 'protocol.schedule' });
    expect(p.message).toContain('add up to 11 rounds');
  });

  it('reads humanTurnSeconds', () => {
    expect(scenario.protocol.humanTurnSeconds).toBe(90);
    expect(problemWith('humanTurnSeconds: 90', 'humanTurnSeconds: 0').code).toBe('VALUE_OUT_OF_RANGE');
  });
});

describe('builds with values', () => {
  it('rounds counts, and the deadline is the sum of the sittings', () => {
    const s = toScenario(file, raw, new Map([['protocol.schedule.0.rounds', 4.6]]));
    expect(s.protocol.schedule.map((x) => x.rounds)).toEqual([5, 6]);
    expect(s.protocol.rounds).toBe(11);
    const p = s.parameters.find((x) => x.path === 'protocol.schedule.0.rounds');
    expect(p).toMatchObject({ value: 5, integer: true });
  });

  test.prop([fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0.01, max: 1, noNaN: true })])(
    'renormalises the weights of a party with an overridden weight',
    (tariff, quota) => {
      const s = toScenario(
        file,
        raw,
        new Map([
          ['parties.buyer.weights.tariff', tariff],
          ['parties.buyer.weights.quota', quota],
        ]),
      );
      const w = s.parties[0]?.utility.weights ?? [];
      expect((w[0] as number) + (w[1] as number)).toBeCloseTo(1, 12);
      expect((w[0] as number) / (w[1] as number)).toBeCloseTo(tariff / quota, 9);
      const recorded = s.parameters.filter((p) => p.path.startsWith('parties.buyer.weights.'));
      expect(recorded.map((p) => p.value)).toEqual([...w]);
      // The other party keeps its weights as written.
      expect(s.parties[1]?.utility.weights).toEqual([0.5, 0.5]);
    },
  );

  it('leaves weights as given for weightsSum: asWritten', () => {
    const asWritten = replaceOnce(text, '  - id: buyer\n', '  - id: buyer\n    weightsSum: asWritten\n');
    const r = readScenarioText(asWritten, 'x.yaml');
    if (!r.ok) throw new Error(r.problems[0]?.message);
    const s = toScenario(r.file, r.raw, new Map([['parties.buyer.weights.tariff', 0.9]]));
    expect(s.parties[0]?.utility.weights).toEqual([0.9, 0.4]);
  });

  it('uses point values for every path it is not given, and the same outcome space', () => {
    const s = toScenario(file, raw, new Map([['parties.buyer.reservationValue', 0.33]]));
    expect(s.parties[0]?.reservationValue).toBe(0.33);
    expect(s.parties[0]?.discountFactor).toBe(0.9);
    expect(s.space).toBe(toScenario(file, raw).space);
  });
});

describe('negotiator mixes', () => {
  it('reads options with their params as parameters', () => {
    const options = scenario.forecast?.negotiators.buyer ?? [];
    expect(scenario.forecast?.runs).toBe(500);
    expect(options.map((o) => [strategySpec(o), o.probability])).toEqual([
      ['boulware:e=0.25', 0.7],
      ['conceder', 0.3],
    ]);
    expect(strategySpec(options[0] as (typeof options)[0], [0.35])).toBe('boulware:e=0.35');
    expect(byPath.get('forecast.negotiators.buyer.0.params.e')?.distribution?.kind).toBe('triangular');
    const s = toScenario(file, raw, new Map([['forecast.negotiators.buyer.0.params.e', 0.3]]));
    expect(strategySpec(s.forecast?.negotiators.buyer?.[0] as (typeof options)[0])).toBe('boulware:e=0.3');
  });

  it('reports an unknown party with a suggestion', () => {
    const p = problemWith(
      '    buyer:\n      - negotiator: boulware',
      '    buyr:\n      - negotiator: boulware',
    );
    expect(p).toMatchObject({ code: 'UNKNOWN_REFERENCE', path: 'forecast.negotiators.buyr' });
    expect(p.message).toContain('buyer');
  });

  it('reports an unknown negotiator, an unknown param and probabilities not summing to 1', () => {
    expect(problemWith('negotiator: conceder', 'negotiator: concedr')).toMatchObject({
      code: 'UNKNOWN_NEGOTIATOR',
      path: 'forecast.negotiators.buyer.1.negotiator',
    });
    expect(problemWith('          e: { triangular', '          x: { triangular')).toMatchObject({
      code: 'BAD_NEGOTIATOR_SPEC',
      path: 'forecast.negotiators.buyer.0.params.x',
    });
    expect(problemWith('probability: 0.3', 'probability: 0.2')).toMatchObject({
      code: 'BAD_DISTRIBUTION',
      path: 'forecast.negotiators.buyer',
    });
  });
});

describe('impacts', () => {
  it('reads indicators and computes their values', () => {
    const impact = scenario.impacts?.[0];
    if (!impact) throw new Error('no impact');
    expect(impact).toMatchObject({ id: 'imports', noDeal: 25, base: 5 });
    expect(impactValue(impact, scenario.space, null)).toBe(25);
    expect(impactValue(impact, scenario.space, [1, 5])).toBe(5 + 40 + 10);
    expect(byPath.get('impacts.imports.perIssue.tariff.mid')?.range).toEqual([30, 50]);
    const s = toScenario(file, raw, new Map([['impacts.imports.perIssue.tariff.mid', 33]]));
    expect(impactValue(s.impacts?.[0] as typeof impact, s.space, [1, 0])).toBe(38);
  });

  it('reports unknown issues, unknown values and values missing from a table', () => {
    expect(problemWith('      tariff: { low: 60', '      tarif: { low: 60')).toMatchObject({
      code: 'UNKNOWN_REFERENCE',
      path: 'impacts.imports.perIssue.tarif',
    });
    expect(problemWith('low: 60, mid', 'mid')).toMatchObject({
      code: 'SCHEMA',
      path: 'impacts.imports.perIssue.tariff',
    });
    expect(problemWith('[30, 50] }, high: 0 }', '[30, 50] }, high: 0, top: 1 }')).toMatchObject({
      code: 'UNKNOWN_REFERENCE',
      path: 'impacts.imports.perIssue.tariff.top',
    });
  });
});

describe('validateScenarioData', () => {
  it('labels problems with the given name and the field path, without a line', () => {
    const data = structuredClone(raw) as { parties: { reservationValue: unknown }[] };
    (data.parties[1] as { reservationValue: unknown }).reservationValue = 2;
    const r = validateScenarioData(data, 'mixes.yaml (after --set)');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      expect.objectContaining({
        code: 'VALUE_OUT_OF_RANGE',
        file: 'mixes.yaml (after --set)',
        path: 'parties.seller.reservationValue',
      }),
    ]);
    expect(r.problems[0]?.line).toBeUndefined();
  });
});
