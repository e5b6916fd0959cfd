/**
 * Impact indicators: no deal gives `noDeal`; a deal gives base plus each issue's term (a table by
 * value index, a line over the issue range, nothing for an issue without a term).
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { type Impact, impactValue } from './impact.ts';
import { OutcomeSpace } from './outcome-space.ts';

const space = new OutcomeSpace([
  { id: 'a', label: 'A', kind: 'discrete', values: ['x', 'y', 'z'].map((id) => ({ id, label: id })) },
  { id: 'n', label: 'N', kind: 'integer', min: 10, max: 20 },
  { id: 'r', label: 'R', kind: 'real', min: 0, max: 2 },
]);

const impact: Impact = {
  id: 'imports',
  label: 'Imports',
  unit: '%',
  sources: [],
  noDeal: 25,
  base: 1,
  terms: [{ kind: 'table', values: [0, 10, 40] }, { kind: 'linear', atMin: 0, atMax: 5 }, null],
};

describe('impactValue', () => {
  test('no deal gives noDeal', () => {
    expect(impactValue(impact, space, null)).toBe(25);
  });

  test('base plus table and line terms; an issue with no term adds nothing', () => {
    expect(impactValue(impact, space, [2, 10, 1.5])).toBe(41);
    expect(impactValue(impact, space, [1, 20, 0])).toBe(16);
    expect(impactValue(impact, space, [0, 14, 2])).toBeCloseTo(3, 12);
  });

  test.prop([
    fc.integer({ min: 0, max: 2 }),
    fc.integer({ min: 10, max: 20 }),
    fc.double({ min: 0, max: 2, noNaN: true }),
  ])('is additive: each term moves the total by its own amount', (a, n, r) => {
    const v = impactValue(impact, space, [a, n, r]);
    const table = [0, 10, 40][a] as number;
    expect(v).toBeCloseTo(1 + table + ((n - 10) / 10) * 5, 9);
  });
});
