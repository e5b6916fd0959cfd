import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Issue } from '../model/issues.ts';
import {
  addRun,
  type ForecastTally,
  MAX_PACKAGES,
  mergeTally,
  newTally,
  summariseForecast,
  wilson,
} from './forecast.ts';
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

const shape = { issues, parties: 2, impacts: 1, factorGroups: [] };

/** A tally of rows: [status, price, qty, uA, uB, vetoA, rounds, jobs]. */
function tallyOf(rows: readonly (readonly number[])[], runs?: number): ForecastTally {
  const t = newTally(shape, runs);
  for (const [status, price, qty, ua, ub, veto, rounds, jobs] of rows) {
    addRun(t, issues, {
      status: status as number,
      outcome: status === 0 ? [price as number, qty as number] : null,
      rounds: rounds as number,
      utilities: [ua as number, ub as number],
      vetoes: [veto as number, 0],
      impacts: [jobs as number],
      groups: null,
    });
  }
  return t;
}

describe('summariseForecast', () => {
  const rows = [
    [0, 0, 2, 0.8, 0.4, 0, 5, 10],
    [0, 0, 2, 0.8, 0.4, 1, 7, 10],
    [0, 1, 3, 0.3, 0.9, 0, 6, 20],
    [1, -1, -1, 0.2, 0.2, 0, 10, 0],
    [2, -1, -1, 0.2, 0.2, 2, 9, 0],
  ];
  const s = summariseForecast(tallyOf(rows), layout);

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

  it('computes quantiles exactly (the textbook interpolation) and says nothing is approximate', () => {
    // B's utilities sorted: 0.2, 0.2, 0.4, 0.4, 0.9; p95 at rank 3.8 = 0.4 + 0.8 × (0.9 − 0.4).
    expect(s.utilities[1]?.expected).toMatchObject({ p50: 0.4, p5: 0.2 });
    expect(s.utilities[1]?.expected.p95).toBeCloseTo(0.8, 12);
    expect(s.rounds.all.p5).toBeCloseTo(5.2, 12);
    expect(s.approximations).toBeNull();
  });

  it('merged from parts in order, is the tally of the whole (the same summary bit for bit)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom(0, 1, 2),
            fc.integer({ min: 0, max: 1 }),
            fc.integer({ min: 1, max: 3 }),
            fc.double({ min: 0, max: 1, noNaN: true }),
            fc.double({ min: 0, max: 1, noNaN: true }),
            fc.integer({ min: 0, max: 2 }),
            fc.integer({ min: 0, max: 30 }),
            fc.double({ min: -100, max: 100, noNaN: true }),
          ),
          { minLength: 1, maxLength: 60 },
        ),
        fc.integer({ min: 1, max: 20 }),
        (rows, size) => {
          const whole = newTally(shape);
          const again = newTally(shape);
          for (let k = 0; k < rows.length; k += size) {
            const part = rows.slice(k, k + size);
            mergeTally(whole, tallyOf(part, part.length));
            mergeTally(again, tallyOf(part, part.length));
          }
          const a = summariseForecast(whole, layout);
          expect(JSON.stringify(summariseForecast(again, layout))).toBe(JSON.stringify(a));
          // The same numbers as one tally of every run (means up to rounding: they are summed by part).
          const one = summariseForecast(tallyOf(rows), layout);
          expect(a.endings).toEqual(one.endings);
          expect(a.packages).toEqual(one.packages);
          expect(a.issues).toEqual(one.issues);
          expect(a.rounds).toEqual(one.rounds);
          expect(a.vetoes).toEqual(one.vetoes);
          expect(a.utilities[0]?.expected.p50).toBe(one.utilities[0]?.expected.p50);
          expect(a.utilities[0]?.expected.mean).toBeCloseTo(one.utilities[0]?.expected.mean as number, 12);
          expect(a.impacts[0]?.distribution.p95).toBe(one.impacts[0]?.distribution.p95);
        },
      ),
    );
  });

  it('keeps its memory bounded when packages are countless, and says by how much counts may be low', () => {
    // Every run agrees on a package of its own but one in ten agree on package (0, 1).
    const wide: Issue[] = [{ id: 'n', label: 'N', kind: 'integer', min: 0, max: 10_000_000 }];
    const t = newTally({ issues: wide, parties: 0, impacts: 0, factorGroups: [] });
    const runs = 3 * MAX_PACKAGES;
    for (let r = 0; r < runs; r++) {
      addRun(t, wide, {
        status: 0,
        outcome: [r % 10 === 0 ? 0 : r + 1],
        rounds: 1,
        utilities: [],
        vetoes: [],
        impacts: [],
        groups: null,
      });
    }
    expect(t.packages.size).toBeLessThanOrEqual(2 * MAX_PACKAGES);
    const f = summariseForecast(t, { issues: wide, parties: [], impacts: [] });
    const undercount = f.approximations?.packageUndercount as number;
    expect(undercount).toBeGreaterThan(0);
    expect(undercount).toBeLessThan(runs / MAX_PACKAGES + 1);
    // The frequent package is found, its count within the stated bound.
    expect(f.packages[0]?.outcome).toEqual({ n: 0 });
    expect(f.packages[0]?.runs).toBeLessThanOrEqual(runs / 10);
    expect(f.packages[0]?.runs).toBeGreaterThanOrEqual(runs / 10 - undercount);
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
      tallyOf(
        Array.from({ length: 200 }, (_, r) =>
          r < 60 ? [0, 0, 2, 0.8, 0.4, 0, 5, 10] : [1, -1, -1, 0.2, 0.2, 0, 10, 0],
        ),
      ),
      layout,
    );
    const variant = summariseForecast(
      tallyOf(
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
