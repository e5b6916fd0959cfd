/**
 * Impact indicators: quantities outside the parties' utilities that an outcome moves (US imports
 * of rare-earth magnets, say), so that a forecast can report what a deal would mean in the world
 * and not only to the negotiators. An indicator is a base plus one additive term per issue, with a
 * separate value for no deal; each number may be uncertain like any other scenario parameter.
 *
 * @example
 * impactValue(impact, scenario.space, [2, 0, 1]); // base + the three issues' terms
 * impactValue(impact, scenario.space, null); // impact.noDeal
 */
import type { Issue } from './issues.ts';
import type { OutcomeSpace } from './outcome-space.ts';

/** One issue's contribution to an indicator. */
export type ImpactTerm =
  | null
  | { readonly kind: 'table'; readonly values: readonly number[] }
  | { readonly kind: 'linear'; readonly atMin: number; readonly atMax: number };

/** An indicator that outcomes move, e.g. imports of rare-earth magnets in % of a reference level. */
export interface Impact {
  readonly id: string;
  readonly label: string;
  readonly unit: string;
  readonly description?: string;
  readonly sources: readonly string[];
  readonly note?: string;
  /** The indicator if the talks end without a deal. */
  readonly noDeal: number;
  readonly base: number;
  /**
   * Per issue (space order): null if the issue does not move the indicator; for a discrete issue
   * the amount per value index; for integer/real a line {atMin, atMax} over the issue range.
   */
  readonly terms: readonly ImpactTerm[];
}

function termValue(term: NonNullable<ImpactTerm>, issue: Issue, v: number): number {
  if (term.kind === 'table') return term.values[v] ?? 0;
  if (issue.kind === 'discrete') return term.atMin;
  const width = issue.max - issue.min;
  const t = width > 0 ? (v - issue.min) / width : 0;
  return term.atMin + t * (term.atMax - term.atMin);
}

/**
 * base + Σ terms of the outcome, or noDeal when outcome is null.
 *
 * @example
 * impactValue({ ...impact, base: 1, terms: [{ kind: 'table', values: [0, 5] }] }, space, [1]); // 6
 */
export function impactValue(impact: Impact, space: OutcomeSpace, outcome: readonly number[] | null): number {
  if (outcome === null) return impact.noDeal;
  let total = impact.base;
  const issues = space.issues;
  for (let i = 0; i < impact.terms.length; i++) {
    const term = impact.terms[i] as ImpactTerm;
    if (term !== null) total += termValue(term, issues[i] as Issue, outcome[i] as number);
  }
  return total;
}
