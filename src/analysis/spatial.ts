/**
 * The spatial reading of a scenario, the one the political-science models of collective decisions
 * use (Decide, the exchange model, Achen's compromise model): on each ordered issue every party has
 * an ideal **position**, a **salience** (how much the issue matters to it) and a **power**. They are
 * read from the scenario itself, so they exist for any scenario, not only for imported Decide data:
 * the position is where the party's evaluator of the issue peaks (the lowest such value on a tie),
 * the salience is the party's absolute salience when the scenario gives saliences, its weight
 * otherwise, and the power is the party's `power` (1 when absent). The compromise model lives here
 * too: each ordered issue's outcome is the mean of the positions weighted by salience × power.
 *
 * @example
 * const profile = spatialProfile(scenario);
 * compromisePositions(profile); // [49.26, 57.21, …] (null for a discrete issue)
 */
import { type Issue, isOrdered } from '../model/issues.ts';
import type { Party } from '../model/party.ts';
import type { Scenario } from '../model/scenario.ts';
import { type Evaluator, evaluate } from '../model/utility.ts';

/** One party's data on one issue. */
export interface SpatialStance {
  /** The engine value where the party's evaluator peaks. */
  readonly position: number;
  readonly salience: number;
  readonly power: number;
}

/** The spatial data of a scenario: issue by issue, party by party (scenario order). */
export interface SpatialProfile {
  readonly issues: readonly Issue[];
  readonly parties: readonly { readonly id: string; readonly label: string }[];
  /** `stances[i][a]`: party a on issue i. */
  readonly stances: readonly (readonly SpatialStance[])[];
}

/** Values where an evaluator can peak on an issue: every value of a small issue, else the range ends and breakpoints. */
function candidates(issue: Issue, ev: Evaluator): number[] {
  if (issue.kind === 'discrete') return issue.values.map((_, d) => d);
  if (issue.kind === 'integer' && (ev.kind === 'table' || issue.max - issue.min <= 1000)) {
    return Array.from({ length: issue.max - issue.min + 1 }, (_, d) => issue.min + d);
  }
  const pts = [issue.min, issue.max];
  if (ev.kind === 'piecewise') for (const x of ev.xs) if (x > issue.min && x < issue.max) pts.push(x);
  return pts.sort((a, b) => a - b);
}

/**
 * The engine value of issue `i` that party `p` values most (the lowest on a tie).
 *
 * @example
 * idealPosition(scenario.parties[0], scenario, 0); // 30 for a peak at 30
 */
export function idealPosition(p: Party, scenario: Scenario, i: number): number {
  const issue = scenario.space.issues[i] as Issue;
  const ev = p.utility.evaluators[i] as Evaluator;
  let best = Number.NEGATIVE_INFINITY;
  let at = Number.NaN;
  for (const v of candidates(issue, ev)) {
    const y = evaluate(ev, issue, v);
    if (y > best) {
      best = y;
      at = v;
    }
  }
  return at;
}

/**
 * The spatial profile of a scenario (positions, saliences, powers).
 *
 * @example
 * spatialProfile(scenario).stances[0][2].power; // the third party's power
 */
export function spatialProfile(scenario: Scenario): SpatialProfile {
  const issues = scenario.space.issues;
  return {
    issues,
    parties: scenario.parties.map((p) => ({ id: p.id, label: p.label })),
    stances: issues.map((_, i) =>
      scenario.parties.map((p) => ({
        position: idealPosition(p, scenario, i),
        salience: p.salience?.[i] ?? (p.utility.weights[i] as number),
        power: p.power ?? 1,
      })),
    ),
  };
}

/**
 * The compromise model (Achen; Decide's "compromise point"): on each ordered issue the mean of the
 * parties' positions weighted by salience × power; null for a discrete issue, and for an issue no
 * party gives any weight (every salience × power is 0). An integer issue's compromise is not
 * rounded: round it to use it as an outcome.
 *
 * @example
 * compromisePositions(spatialProfile(scenario)); // [49.2554, …]
 */
export function compromisePositions(profile: SpatialProfile): (number | null)[] {
  return profile.issues.map((issue, i) => {
    if (!isOrdered(issue)) return null;
    let num = 0;
    let den = 0;
    for (const s of profile.stances[i] as readonly SpatialStance[]) {
      const w = s.salience * s.power;
      num += w * s.position;
      den += w;
    }
    return den > 0 ? num / den : null;
  });
}
