import { describe, expect, it } from 'vitest';
import { dataPath, hasData } from '../../test/support/data.ts';
import { loadScenarioAny } from './load-any.ts';
import { fixturePath, problemsOf } from './native/test-support.ts';
import { loadScenarioTemplate } from './scenario-template.ts';

const CAMERA = dataPath('genius', 'anac2011_Camera');
const HAS_CAMERA = hasData('genius', 'anac2011_Camera');
const MIXES = fixturePath('uncertain/mixes.yaml');

describe('loadScenarioTemplate', () => {
  it('London: point values, overrides, and builds from drawn values', () => {
    const { template } = loadScenarioTemplate('london-2025');
    expect(template.scenario.id).toBe('london-2025');
    expect(template.uncertain.length).toBeGreaterThan(0);
    expect(template.uncertain.every((p) => p.distribution !== undefined)).toBe(true);
    expect(template.parameters).toBe(template.scenario.parameters);

    const set = loadScenarioTemplate('london-2025', { sets: ['parties.us.reservationValue=0.37'] }).template;
    expect(set.scenario.parties.find((p) => p.id === 'us')?.reservationValue).toBe(0.37);

    // Every uncertain parameter at its high end: each value used is that end (weights renormalised).
    const high = new Map(template.uncertain.map((p) => [p.path, (p.range as readonly [number, number])[1]]));
    const built = template.build(high);
    for (const p of built.parameters) {
      const end = high.get(p.path);
      if (end === undefined || p.path.includes('.weights.')) continue;
      expect(p.value).toBe(p.integer ? Math.round(end) : end);
    }
    for (const party of built.parties) {
      expect(party.utility.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    }
    expect(template.build(new Map())).toBe(template.scenario);
  });

  it('gives the identical template on every load (as a worker thread gets it)', () => {
    const sets = ['parties.buyer.reservationValue={normal: {mean: 0.2, sd: 0.1}}'];
    const a = loadScenarioTemplate(MIXES, { sets }).template;
    const b = loadScenarioTemplate(MIXES, { sets }).template;
    expect(b.parameters).toEqual(a.parameters);
    const values = new Map(
      a.uncertain.map((p, k) => [p.path, (p.range as readonly [number, number])[k % 2] as number]),
    );
    expect(b.build(values).parameters).toEqual(a.build(values).parameters);
  });

  it('a distribution given by --set becomes an uncertain parameter', () => {
    const { template } = loadScenarioTemplate(MIXES, {
      sets: ['parties.seller.reservationValue={choice: [{value: 0.2, p: 0.4}, {value: 0.3, p: 0.6}]}'],
    });
    const p = template.uncertain.find((x) => x.path === 'parties.seller.reservationValue');
    expect(p).toMatchObject({ value: 0.3, range: [0.2, 0.3] });
    expect(template.scenario.parties[1]?.reservationValue).toBe(0.3);
  });

  it('labels the problems of overridden data with the --set arguments', () => {
    const problems = problemsOf(() =>
      loadScenarioTemplate(MIXES, { sets: ['parties.seller.reservationValue=1.5'] }),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      code: 'VALUE_OUT_OF_RANGE',
      path: 'parties.seller.reservationValue',
    });
    expect(problems[0]?.file).toContain('--set parties.seller.reservationValue=1.5');
    const bad = problemsOf(() =>
      loadScenarioTemplate(MIXES, { sets: ['parties.sellr.reservationValue=0.5'] }),
    );
    expect(bad[0]?.code).toBe('BAD_OVERRIDE');
  });

  it.skipIf(!HAS_CAMERA)('an imported GENIUS domain takes --set like a native file', () => {
    const imported = loadScenarioAny(CAMERA).scenario;
    const party = imported.parties[0]?.id as string;
    const { template } = loadScenarioTemplate(CAMERA, {
      sets: [`parties.${party}.reservationValue={range: [0.2, 0.6]}`],
    });
    expect(template.scenario.id).toBe(imported.id);
    expect(template.scenario.parties.map((p) => p.id)).toEqual(imported.parties.map((p) => p.id));
    expect(template.scenario.parties[0]?.reservationValue).toBeCloseTo(0.4, 12);
    expect(template.uncertain.map((p) => p.path)).toEqual([`parties.${party}.reservationValue`]);
    // The utilities are those of the import, outcome by outcome.
    const space = template.scenario.space;
    for (let k = 0; k < Math.min(space.size, 500); k++) {
      const o = space.outcomeAt(k);
      for (let j = 0; j < imported.parties.length; j++) {
        expect(template.scenario.parties[j]?.utility.evaluate(o)).toBeCloseTo(
          imported.parties[j]?.utility.evaluate(o) as number,
          12,
        );
      }
    }
    const built = template.build(new Map([[`parties.${party}.reservationValue`, 0.55]]));
    expect(built.parties[0]?.reservationValue).toBe(0.55);
  });
});
