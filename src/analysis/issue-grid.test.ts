/** Integer issues too wide to list are put on a grid of integers (issue 10, item 7). */
import { describe, expect, it } from 'vitest';
import { OutcomeSpace } from '../model/outcome-space.ts';
import type { Scenario } from '../model/scenario.ts';
import { defaultProtocol } from '../model/scenario.ts';
import { UtilityFunction } from '../model/utility.ts';
import { issueGrid, MAX_LISTED_INTEGERS } from './issue-grid.ts';

function scenarioWith(max: number): Scenario {
  const space = new OutcomeSpace([{ kind: 'integer', id: 'n', label: 'n', min: 0, max }]);
  const party = (id: string) => ({
    id,
    label: id,
    utility: new UtilityFunction(space, {
      weights: [1],
      evaluators: [{ kind: 'linear', intercept: 0, slope: 1 / max, clamp: false }],
      redLines: [{ id: 'r', label: 'r', kind: 'forbid', conditions: [{ issue: 0, min: 1000.5, max: 2000 }] }],
    }),
    reservationValue: 0,
    discountFactor: 1,
    delegation: [],
  });
  return {
    id: 's',
    title: 's',
    space,
    parties: [party('a'), party('b')],
    protocol: defaultProtocol(['a', 'b'], 10),
    parameters: [],
    sources: [],
  };
}

describe('issueGrid', () => {
  it('lists every value of an integer issue up to the limit', () => {
    const g = issueGrid(scenarioWith(MAX_LISTED_INTEGERS - 1));
    expect(g.exact).toBe(true);
    expect(g.values[0]).toHaveLength(MAX_LISTED_INTEGERS);
  });

  it('grids a wider one: integers only, both ends, both sides of every bound', () => {
    const g = issueGrid(scenarioWith(1e12), 21);
    expect(g.exact).toBe(false);
    const v = g.values[0] as number[];
    expect(v.length).toBeLessThan(40);
    expect(v.every(Number.isInteger)).toBe(true);
    expect(v[0]).toBe(0);
    expect(v.at(-1)).toBe(1e12);
    for (const x of [1000, 1001, 1999, 2000, 2001]) expect(v).toContain(x);
  });
});
