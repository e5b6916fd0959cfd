/**
 * The values of each issue as a finite list, the common ground of the analyses that do not
 * enumerate the space (the issue-by-issue frontier and the search): a discrete issue lists its
 * value indices, an integer issue its integers, and a real issue a grid — evenly spaced points
 * plus every point where some party's evaluator bends or a region or red line starts or ends,
 * so that the extremes of every evaluator are on the grid. A result computed on a grid of a real
 * issue is exact for the grid, not for the interval, and is labelled approximate by its callers.
 *
 * @example
 * const grid = issueGrid(scenario, 21);
 * grid.values[0]; // [0, 1, 2] for a discrete issue of three values
 */

import type { Scenario } from '../model/scenario.ts';
import type { Condition } from '../model/utility.ts';

/** Points of the evenly spaced part of a real issue's grid by default. */
export const DEFAULT_REAL_GRID = 21;

/**
 * An integer issue with more values than this is put on a grid like a real issue (its evenly
 * spaced integers and breakpoints), so that no analysis lists 10^12 values: the result is then
 * exact for the grid only, and labelled approximate.
 */
export const MAX_LISTED_INTEGERS = 10_000;

/** Whether an integer issue is too wide to list its values (see {@link MAX_LISTED_INTEGERS}). */
export function isWideInteger(issue: { kind: string; min?: number; max?: number }): boolean {
  return issue.kind === 'integer' && (issue.max as number) - (issue.min as number) + 1 > MAX_LISTED_INTEGERS;
}

/** Every issue's values as a list of engine values; `exact` is false when a real issue was gridded. */
export interface IssueGrid {
  readonly values: readonly (readonly number[])[];
  readonly exact: boolean;
}

/**
 * The value lists of the scenario's issues (see the module comment).
 *
 * @example
 * issueGrid(scenario).values.map((v) => v.length); // radices, with real issues gridded
 */
export function issueGrid(scenario: Scenario, realGridPoints = DEFAULT_REAL_GRID): IssueGrid {
  const { space, parties } = scenario;
  let exact = true;
  const values = space.issues.map((issue, i) => {
    if (issue.kind === 'discrete') return issue.values.map((_, d) => d);
    if (issue.kind === 'integer' && !isWideInteger(issue))
      return Array.from({ length: issue.max - issue.min + 1 }, (_, d) => issue.min + d);
    exact = false;
    // A wide integer issue's grid holds integers only: every point rounded, and for a condition's
    // bound the integers on both sides of it, so that each box is entered and left on the grid.
    const integer = issue.kind === 'integer';
    const pts = new Set<number>();
    const add = (x: number) => {
      if (!integer) {
        if (x >= issue.min && x <= issue.max) pts.add(x);
        return;
      }
      for (const y of [Math.floor(x), Math.ceil(x)]) if (y >= issue.min && y <= issue.max) pts.add(y);
    };
    const g = Math.max(2, realGridPoints);
    for (let k = 0; k < g; k++)
      add(k === g - 1 ? issue.max : issue.min + ((issue.max - issue.min) * k) / (g - 1));
    const addBounds = (conditions: readonly Condition[]) => {
      for (const c of conditions) {
        if (c.issue !== i) continue;
        for (const x of [c.min, c.max]) {
          if (x === undefined) continue;
          add(x);
          if (integer) {
            add(x - 1);
            add(x + 1);
          }
        }
        if (integer) for (const v of c.values ?? []) add(v);
      }
    };
    for (const p of parties) {
      const ev = p.utility.evaluators[i];
      if (ev?.kind === 'piecewise') for (const x of ev.xs) add(x);
      for (const r of p.utility.regions) {
        addBounds(r.conditions);
        for (const box of r.excludes ?? []) addBounds(box);
      }
      for (const r of p.utility.redLines) addBounds(r.conditions);
    }
    return [...pts].sort((a, b) => a - b);
  });
  return { values, exact };
}
