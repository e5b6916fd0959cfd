import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Issue } from '../model/issues.ts';
import { copyRuns, emptyRuns, type ForecastRuns, summariseForecast, wilson } from './forecast.ts';
import { compareForecasts } from './forecast-compare.ts';

const issues: Issue[] = [
  {
    id: 'price',
    label: 'Price',
    kind: 'discrete',
    values: [
      { id: 'low', label: 'Low' },
      { id: 'high', label: 'High' },
    ],
  },
  { id: 'qty', label: 'Quantity', kind: 'integer', min: 1, max: 3 },
];
const layout = {
  issues,
  parties: [
    { id: 'a', label: 'A' },
    { id: 'b', label: 'B' },
  ],
  impacts: [{ id: 'jobs', label: 'Jobs', unit: 'k', noDeal: 0 }],
};

/** Runs from rows: [status, price, qty, uA, uB, vetoA, rounds, jobs]. */
function runsOf(rows: readonly (readonly number[])[]): ForecastRuns {
  const runs = emptyRuns(rows.length, { issues: 2, parties: 2, parameters: 0, impacts: 1 });
  rows.forEach(([status, price, qty, ua, ub, veto, rounds, jobs], r) => {
    runs.status[r] = status as number;
    runs.outcome[2 * r] = price as number;
    runs.outcome[2 * r + 1] = qty as number;
    runs.utilities[2 * r] = ua as number;
    runs.utilities[2 * r + 1] = ub as number;
    runs.vetoes[2 * r] = veto as number;
    runs.rounds[r] = rounds as number;
    runs.impacts[r] = jobs as number;
  });
  return runs;
}

describe('summariseForecast', () => {
  const runs = runsOf([
    [0, 0, 2, 0.8, 0.4, 0, 5, 10],
    [0, 0, 2, 0.8, 0.4, 1, 7, 10],
    [0, 1, 3, 0.3, 0.9, 0, 6, 20],
    [1, -1, -1, 0.2, 0.2, 0, 10, 0],
    [2, -1, -1, 0.2, 0.2, 2, 9, 0],
  ]);
  const s = summariseForecast(runs, layout);

  it('counts agreements, endings and packages', () => {
    expect(s.agreement.probability).toBe(0.6);
    expect(s.agreement.runs).toBe(3);
    expect(s.endings).toEqual({ agreement: 3, deadline: 1, vetoed: 1, 'walked-away': 0, error: 0 });
    expect(s.distinctPackages).toBe(2);
    expect(s.packages[0]).toMatchObject({ outcome: { price: 'low', qty: 2 }, runs: 2, probability: 0.4 });
    expect(s.packages[1]).toMatchObject({ outcome: { price: 'high', qty: 3 }, runs: 1 });
  });

  it('gives each issue value its probability over all runs and given agreement', () => {
    const price = s.issues[0];
    expect(price?.values.map((v) => [v.id, v.probability, v.givenAgreement])).toEqual([
      ['low', 0.4, 2 / 3],
      ['high', 0.2, 1 / 3],
    ]);
    const qty = s.issues[1];
    expect(qty?.values.map((v) => v.id)).toEqual(['1', '2', '3']);
    expect(qty?.values.map((v) => v.givenAgreement)).toEqual([0, 2 / 3, 1 / 3]);
    expect(price?.noDeal).toBeCloseTo(0.4, 12);
  });

  it('computes expected utilities, vetoes, rounds and impacts', () => {
    expect(s.utilities[0]?.expected.mean).toBeCloseTo((0.8 + 0.8 + 0.3 + 0.2 + 0.2) / 5, 12);
    expect(s.utilities[1]?.givenAgreement).toBeCloseTo((0.4 + 0.4 + 0.9) / 3, 12);
    expect(s.vetoes[0]).toMatchObject({ runsWithVeto: 2, probability: 0.4, perRun: 3 / 5 });
    expect(s.vetoes[1]?.runsWithVeto).toBe(0);
    expect(s.rounds.all.p50).toBe(7);
    expect(s.rounds.agreement?.p50).toBe(6);
    expect(s.rounds.histogram[10]).toBe(1);
    expect(s.rounds.histogram.reduce((a, b) => a + b, 0)).toBe(5);
    expect(s.impacts[0]?.distribution.mean).toBe(8);
  });

  it('is the same whatever chunks the runs arrived in', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), (cut) => {
        const a = runsOf([
          [0, 0, 2, 0.8, 0.4, 0, 5, 10],
          [0, 0, 2, 0.8, 0.4, 1, 7, 10],
          [0, 1, 3, 0.3, 0.9, 0, 6, 20],
          [1, -1, -1, 0.2, 0.2, 0, 10, 0],
          [2, -1, -1, 0.2, 0.2, 2, 9, 0],
        ]);
        const whole = emptyRuns(5, { issues: 2, parties: 2, parameters: 0, impacts: 1 });
        const head = emptyRuns(cut, { issues: 2, parties: 2, parameters: 0, impacts: 1 });
        const tail = emptyRuns(5 - cut, { issues: 2, parties: 2, parameters: 0, impacts: 1 });
        copyRuns(
          head,
          {
            ...a,
            count: cut,
            status: a.status.slice(0, cut),
            outcome: a.outcome.slice(0, 2 * cut),
            rounds: a.rounds.slice(0, cut),
            utilities: a.utilities.slice(0, 2 * cut),
            vetoes: a.vetoes.slice(0, 2 * cut),
            strategies: a.strategies.slice(0, 2 * cut),
            draws: a.draws.slice(0, 0),
            impacts: a.impacts.slice(0, cut),
          },
          0,
        );
        copyRuns(
          tail,
          {
            ...a,
            count: 5 - cut,
            status: a.status.slice(cut),
            outcome: a.outcome.slice(2 * cut),
            rounds: a.rounds.slice(cut),
            utilities: a.utilities.slice(2 * cut),
            vetoes: a.vetoes.slice(2 * cut),
            strategies: a.strategies.slice(2 * cut),
            draws: a.draws.slice(0, 0),
            impacts: a.impacts.slice(cut),
          },
          0,
        );
        copyRuns(whole, head, 0);
        copyRuns(whole, tail, cut);
        expect(JSON.stringify(summariseForecast(whole, layout))).toBe(
          JSON.stringify(summariseForecast(a, layout)),
        );
      }),
    );
  });
});

describe('wilson', () => {
  it('contains the estimate, stays in [0, 1] and narrows with n', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, p) => {
        const k = Math.round(p * n);
        const w = wilson(k, n);
        expect(w.low).toBeGreaterThanOrEqual(0);
        expect(w.high).toBeLessThanOrEqual(1);
        expect(w.low).toBeLessThanOrEqual(k / n + 1e-12);
        expect(w.high).toBeGreaterThanOrEqual(k / n - 1e-12);
        const w4 = wilson(4 * k, 4 * n);
        expect(w4.high - w4.low).toBeLessThanOrEqual(w.high - w.low + 1e-12);
      }),
    );
  });

  it('matches a textbook value: 81 of 263 → [0.2553, 0.3662]', () => {
    const w = wilson(81, 263);
    expect(w.low).toBeCloseTo(0.2553, 3);
    expect(w.high).toBeCloseTo(0.3662, 3);
  });
});

describe('compareForecasts', () => {
  it('reports the change in agreement with an interval that excludes 0 for a large change', () => {
    const base = summariseForecast(
      runsOf(
        Array.from({ length: 200 }, (_, r) =>
          r < 60 ? [0, 0, 2, 0.8, 0.4, 0, 5, 10] : [1, -1, -1, 0.2, 0.2, 0, 10, 0],
        ),
      ),
      layout,
    );
    const variant = summariseForecast(
      runsOf(
        Array.from({ length: 200 }, (_, r) =>
          r < 140 ? [0, 1, 3, 0.3, 0.9, 0, 5, 20] : [1, -1, -1, 0.2, 0.2, 0, 10, 0],
        ),
      ),
      layout,
    );
    const cmp = compareForecasts(base, variant);
    expect(cmp.agreement.difference).toBeCloseTo(0.4, 12);
    expect(cmp.agreement.ci95.low).toBeGreaterThan(0.2);
    expect(cmp.agreement.ci95.high).toBeLessThan(0.6);
    // The package that appeared and the one that vanished are the two largest movers.
    expect(cmp.packages.map((p) => p.outcome.price)).toEqual(['high', 'low']);
    expect(cmp.issues[0]?.values.find((v) => v.id === 'high')?.variant).toBe(1);
    expect(cmp.impacts[0]?.difference).toBeCloseTo(0.7 * 20 - 0.3 * 10, 12);
  });
});
