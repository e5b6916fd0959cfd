/**
 * Backtest scoring on forecasts whose scores are worked out by hand: uniform guesses, certain
 * point forecasts right and wrong, small samples with known means, quantiles and package counts,
 * the intervals over cases, the ranking and calibration; and properties that hold for any forecast.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { discreteIssue, type Issue } from '../model/issues.ts';
import {
  actualOutcome,
  calibration,
  categoriesOf,
  LOG_SMOOTHING,
  type MethodForecast,
  meanWithInterval,
  scoreMethod,
  summariseMethods,
} from './backtest.ts';

const tariffs = { ...discreteIssue('tariffs', ['high', 'medium', 'low']), statusQuo: 0 };
const months: Issue = { kind: 'integer', id: 'months', label: 'Months', min: 0, max: 6, statusQuo: 0 };
const fund: Issue = { kind: 'integer', id: 'fund', label: 'Fund', min: 0, max: 40 };
const level: Issue = { kind: 'real', id: 'level', label: 'Level', min: 0, max: 100 };

describe('categories', () => {
  it('are the values of a discrete or small integer issue, and ten bins otherwise', () => {
    expect(categoriesOf(tariffs).labels).toEqual(['high', 'medium', 'low']);
    expect(categoriesOf(months).labels).toHaveLength(7);
    expect(categoriesOf(months).of(3)).toBe(3);
    const bins = categoriesOf(level);
    expect(bins.labels[2]).toBe('20–30');
    expect([0, 9.99, 10, 99.9, 100].map(bins.of)).toEqual([0, 0, 1, 9, 9]);
    // A wide integer issue: a uniform guess gives each bin its share of the integers (41 in all).
    const f = categoriesOf(fund);
    expect(f.binned).toBe(true);
    expect(f.uniform.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 15);
    expect(f.uniform[0]).toBeCloseTo(4 / 41, 15); // 0, 1, 2, 3
    expect(f.uniform[9]).toBeCloseTo(5 / 41, 15); // 36 … 40
  });
});

describe('what happened', () => {
  it('is the agreed value, or every issue at its status quo without agreement', () => {
    expect(actualOutcome([tariffs, months], [1, 3])).toMatchObject({ agreement: true, values: [1, 3] });
    const none = actualOutcome([tariffs, months, level], null);
    expect(none).toMatchObject({ agreement: false, values: [0, 0, 0], labels: ['high', '0', '0–10'] });
  });
});

describe('scores of one method on one case', () => {
  const issues = [tariffs, months];
  const actual = actualOutcome(issues, [1, 3]);

  it('a uniform guess: p = 1/m, log score ln m, Brier 1 − 1/m, agreement at 1/2', () => {
    const s = scoreMethod('uniform', { kind: 'uniform' }, issues, actual);
    expect(s.issues[0]?.probability).toBeCloseTo(1 / 3, 15);
    expect(s.issues[0]?.log).toBeCloseTo(Math.log(3), 12);
    expect(s.issues[0]?.brier).toBeCloseTo(2 / 3, 12);
    expect(s.issues[1]?.log).toBeCloseTo(Math.log(7), 12);
    expect(s.agreement).toEqual({ probability: 0.5, brier: 0.25, log: expect.closeTo(Math.log(2), 12) });
    // The uniform package: 1/3 × 1/7, ranked nowhere.
    expect(s.package?.probability).toBeCloseTo(1 / 21, 15);
    expect(s.package?.rank).toBeNull();
    // Its ordered forecast of the months: mean 3, 80% interval 0.6–5.4.
    expect(s.issues[1]?.ordered).toMatchObject({ mean: 3, absError: 0, relError: 0, inInterval: true });
    expect(s.issues[1]?.ordered?.low).toBeCloseTo(0.6, 12);
  });

  it('a certain forecast: Brier 0 and a small log score when right, Brier 2 and −ln(ε/m) when wrong', () => {
    const right = scoreMethod('point', { kind: 'point', outcome: [1, 3] }, issues, actual);
    expect(right.issues[0]).toMatchObject({ probability: 1, brier: 0, modal: 'medium', modalHit: true });
    expect(right.issues[0]?.log).toBeCloseTo(-Math.log(1 - LOG_SMOOTHING + LOG_SMOOTHING / 3), 12);
    expect(right.package).toEqual({ probability: 1, rank: 1 });
    expect(right.agreement).toBeNull();
    const wrong = scoreMethod('point', { kind: 'point', outcome: [2, 5] }, issues, actual);
    expect(wrong.issues[0]).toMatchObject({ probability: 0, brier: 2, modal: 'low', modalHit: false });
    expect(wrong.issues[0]?.log).toBeCloseTo(-Math.log(LOG_SMOOTHING / 3), 12);
    expect(wrong.issues[1]?.ordered).toMatchObject({
      mean: 5,
      low: 5,
      high: 5,
      absError: 2,
      inInterval: false,
    });
    expect(wrong.issues[1]?.ordered?.relError).toBeCloseTo(2 / 6, 15);
    expect(wrong.package).toEqual({ probability: 0, rank: null });
    expect(wrong.modalHitRate).toBe(0);
  });

  it('a point model silent on an issue leaves it out and has no package', () => {
    const s = scoreMethod('compromise', { kind: 'point', outcome: [null, 3] }, issues, actual);
    expect(s.issues.map((i) => i.issue)).toEqual(['months']);
    expect(s.package).toBeNull();
  });

  it('a sample: shares of rows, mean and quantiles of an ordered issue, package rank with ties', () => {
    // Rows (tariffs, level): medium 10, medium 20, low 30, medium 40, low 25, high 60.
    const rows = [1, 10, 1, 20, 2, 30, 1, 40, 2, 25, 0, 60];
    const f: MethodForecast = {
      kind: 'sample',
      outcomes: Float64Array.from(rows),
      count: 6,
      agreement: 0.75,
    };
    const two = [tariffs, level];
    const s = scoreMethod('simulation', f, two, actualOutcome(two, [2, 27]));
    // tariffs: low in 2 of 6 rows; modal medium (3 rows).
    expect(s.issues[0]).toMatchObject({ probability: 2 / 6, modal: 'medium', modalHit: false });
    // level: bin 20–30 holds 20 and 25 (30 is in 30–40).
    expect(s.issues[1]?.probability).toBeCloseTo(2 / 6, 15);
    const sorted = [10, 20, 25, 30, 40, 60];
    expect(s.issues[1]?.ordered?.mean).toBeCloseTo(185 / 6, 12);
    expect(s.issues[1]?.ordered?.low).toBeCloseTo(10 + 0.5 * (20 - 10), 12); // position 0.5
    expect(s.issues[1]?.ordered?.high).toBeCloseTo((sorted[4] as number) + 0.5 * 20, 12); // position 4.5
    // Packages by category: (low, 20–30) once [row 5], (low, 30–40) once, (medium, …) thrice distinct.
    expect(s.package).toEqual({ probability: 1 / 6, rank: 1 });
    expect(s.agreement?.brier).toBeCloseTo(0.0625, 15);
    expect(s.agreement?.log).toBeCloseTo(-Math.log((1 - LOG_SMOOTHING) * 0.75 + LOG_SMOOTHING / 2), 12);
  });

  it('ranks the package that happened behind the ones forecast more often', () => {
    const rows = [1, 1, 1, 1, 0, 0, 2, 2, 2, 2, 0, 0];
    const f: MethodForecast = { kind: 'sample', outcomes: Float64Array.from(rows), count: 6, agreement: 1 };
    const two = [tariffs, { ...tariffs, id: 'other' }];
    // (medium, medium) ×2, (high, high) ×2, (low, low) ×2: all tie at rank 1.
    expect(scoreMethod('s', f, two, actualOutcome(two, [0, 0])).package).toEqual({
      probability: 2 / 6,
      rank: 1,
    });
    const skew = Float64Array.from([1, 1, 1, 1, 1, 1, 0, 0, 2, 2, 2, 2]);
    const g: MethodForecast = { kind: 'sample', outcomes: skew, count: 6, agreement: 1 };
    // (medium, medium) ×3, (low, low) ×2, (high, high) ×1: the high package ranks third.
    expect(scoreMethod('s', g, two, actualOutcome(two, [0, 0])).package).toEqual({
      probability: 1 / 6,
      rank: 3,
    });
  });
});

describe('over cases', () => {
  it('gives Student-t intervals of the mean, cut to the range of the score', () => {
    const m = meanWithInterval([1, 2, 3]);
    expect(m?.mean).toBe(2);
    expect(m?.ci95?.high).toBeCloseTo(2 + 4.303 / Math.sqrt(3), 10);
    expect(meanWithInterval([0.1, 0.3], [0, 1])?.ci95?.low).toBe(0);
    expect(meanWithInterval([5])).toEqual({ mean: 5, ci95: null, n: 1 });
    expect(meanWithInterval([])).toBeNull();
  });

  it('ranks methods by mean log score', () => {
    const issues = [tariffs];
    const cases = [[1], [0]].map((agreed) => {
      const actual = actualOutcome(issues, agreed);
      return [
        scoreMethod('uniform', { kind: 'uniform' }, issues, actual),
        scoreMethod('always-medium', { kind: 'point', outcome: [1] }, issues, actual),
      ];
    });
    const ranking = summariseMethods(['uniform', 'always-medium'], cases);
    // Always medium: right once (log ≈ 0.007), wrong once (log ≈ 5.7), mean ≈ 2.86 > ln 3 ≈ 1.10.
    expect(ranking.map((r) => [r.method, r.rank])).toEqual([
      ['uniform', 1],
      ['always-medium', 2],
    ]);
    expect(ranking[1]?.modalHitRate?.mean).toBe(0.5);
    expect(ranking[0]?.issuesScored).toBe(2);
  });

  it('bins a calibration curve by forecast probability', () => {
    const bins = calibration([
      { p: 0.81, o: 1 },
      { p: 0.85, o: 0 },
      { p: 1, o: 1 },
      { p: 0, o: 0 },
    ]);
    expect(bins).toEqual([
      { low: 0, high: 0.1, count: 1, meanForecast: 0, observed: 0 },
      { low: 0.8, high: 0.9, count: 2, meanForecast: expect.closeTo(0.83, 12), observed: 0.5 },
      { low: 0.9, high: 1, count: 1, meanForecast: 1, observed: 1 },
    ]);
  });
});

describe('properties of the scores', () => {
  const issues = [tariffs, months, level];
  const outcome = fc.tuple(
    fc.integer({ min: 0, max: 2 }),
    fc.integer({ min: 0, max: 6 }),
    fc.double({ min: 0, max: 100, noNaN: true }),
  );

  test.prop([fc.array(outcome, { minLength: 1, maxLength: 30 }), fc.option(outcome)])(
    'log scores are in (0, −ln(ε/m)], Brier scores in [0, 2], probabilities in [0, 1]',
    (rows, agreed) => {
      const f: MethodForecast = {
        kind: 'sample',
        outcomes: Float64Array.from(rows.flat()),
        count: rows.length,
        agreement: 0.5,
      };
      const s = scoreMethod('s', f, issues, actualOutcome(issues, agreed));
      for (const x of s.issues) {
        const m = categoriesOf(issues.find((i) => i.id === x.issue) as Issue).labels.length;
        expect(x.log).toBeGreaterThan(0);
        expect(x.log).toBeLessThanOrEqual(-Math.log(LOG_SMOOTHING / m) + 1e-12);
        expect(x.brier).toBeGreaterThanOrEqual(0);
        expect(x.brier).toBeLessThanOrEqual(2 + 1e-12);
        expect(x.probability).toBeGreaterThanOrEqual(0);
        expect(x.probability).toBeLessThanOrEqual(1);
      }
    },
  );

  test.prop([outcome, fc.integer({ min: 1, max: 9 })])(
    'a sample of one package repeated scores exactly as that package forecast as a point',
    (row, n) => {
      const sample: MethodForecast = {
        kind: 'sample',
        outcomes: Float64Array.from(Array.from({ length: n }, () => row).flat()),
        count: n,
        agreement: 1,
      };
      const actual = actualOutcome(issues, [1, 3, 42]);
      const a = scoreMethod('s', sample, issues, actual);
      const b = scoreMethod('p', { kind: 'point', outcome: row }, issues, actual);
      expect(a.issues).toEqual(b.issues);
      expect(a.package).toEqual(b.package);
    },
  );
});
