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

import { idealValue } from '../model/ideal.ts';
import { type Issue, isOrdered } from '../model/issues.ts';
import type { Party } from '../model/party.ts';
import type { Scenario } from '../model/scenario.ts';
import type { Evaluator } from '../model/utility.ts';

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
  readonly parties: readonly {
    readonly id: string;
    readonly label: string;
    readonly reservationValue: number;
  }[];
  /** `stances[i][a]`: party a on issue i. */
  readonly stances: readonly (readonly SpatialStance[])[];
}

/**
 * The engine value of issue `i` that party `p` values most (the lowest on a tie).
 *
 * @example
 * idealPosition(scenario.parties[0], scenario, 0); // 30 for a peak at 30
 */
export function idealPosition(p: Party, scenario: Scenario, i: number): number {
  return idealValue(scenario.space.issues[i] as Issue, p.utility.evaluators[i] as Evaluator);
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
    parties: scenario.parties.map((p) => ({
      id: p.id,
      label: p.label,
      reservationValue: p.reservationValue,
    })),
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

/** Sweeps of coordinate ascent at most, and the change (share of an issue's range) that ends them. */
const NASH_SWEEPS = 500;
const NASH_TOLERANCE = 1e-9;

/**
 * The power-weighted Nash bargaining solution over positions: the point x of the ordered issues
 * maximising Σ_a power_a · ln(u_a(x) − r_a), where u_a(x) = Σ_i w_ai·(1 − |x_i − position_ai| / range_i)
 * is party a's single-peaked utility (weights w_ai its saliences divided by their sum, as a Decide
 * import's parties have), r_a its reservation value, and power the exponent of its gain (the
 * asymmetric Nash solution). Discrete issues are left out (null) and the others are optimised
 * jointly: the objective is concave, and its non-smooth part is separable by issue, so exact
 * coordinate ascent (each issue in turn, by golden section between the breakpoints around the best
 * one) reaches the maximum. Parties with no power, or that gain nothing anywhere, do not count.
 * Null everywhere when no point gives every counted party more than its reservation value.
 *
 * @example
 * nashPositions(spatialProfile(scenario)); // [47.3, 58.0, …]
 */
export function nashPositions(profile: SpatialProfile): (number | null)[] {
  const issues = profile.issues;
  const ordered = issues.map((issue, i) => (isOrdered(issue) ? i : -1)).filter((i) => i >= 0);
  if (ordered.length === 0) return issues.map(() => null);
  const n = profile.parties.length;
  // Normalised weights per party over the ordered issues.
  const w = Array.from({ length: n }, (_, a) => {
    const s = issues.map((_, i) =>
      isOrdered(issues[i] as Issue) ? (profile.stances[i]?.[a]?.salience ?? 0) : 0,
    );
    const sum = s.reduce((x, y) => x + y, 0);
    return s.map((x) => (sum > 0 ? x / sum : 0));
  });
  const power = Array.from({ length: n }, (_, a) => profile.stances[0]?.[a]?.power ?? 1);
  const counted = Array.from(
    { length: n },
    (_, a) => (power[a] as number) > 0 && (w[a] as number[]).some((x) => x > 0),
  );
  const span = (i: number) => {
    const issue = issues[i] as Issue & { min: number; max: number };
    return issue.max - issue.min;
  };
  const term = (a: number, i: number, x: number) => {
    const r = span(i);
    const pos = profile.stances[i]?.[a]?.position as number;
    return ((w[a] as number[])[i] as number) * (r > 0 ? 1 - Math.abs(x - pos) / r : 1);
  };
  // Start from the compromise.
  const start = compromisePositions(profile);
  const x = issues.map((issue, i) => {
    if (!isOrdered(issue)) return 0;
    return start[i] ?? (issue.min + issue.max) / 2;
  });
  const utility = (a: number) => ordered.reduce((u, i) => u + term(a, i, x[i] as number), 0);
  const objective = (i: number, t: number, rest: readonly number[]) => {
    let f = 0;
    for (let a = 0; a < n; a++) {
      if (!counted[a]) continue;
      const gain = (rest[a] as number) + term(a, i, t) - (profile.parties[a]?.reservationValue ?? 0);
      if (!(gain > 0)) return Number.NEGATIVE_INFINITY;
      f += (power[a] as number) * Math.log(gain);
    }
    return f;
  };
  for (let sweep = 0; sweep < NASH_SWEEPS; sweep++) {
    let moved = 0;
    for (const i of ordered) {
      const issue = issues[i] as Issue & { min: number; max: number };
      const rest = Array.from({ length: n }, (_, a) => utility(a) - term(a, i, x[i] as number));
      const points = [
        issue.min,
        issue.max,
        ...Array.from({ length: n }, (_, a) => profile.stances[i]?.[a]?.position as number).filter(
          (v) => v > issue.min && v < issue.max,
        ),
      ]
        .sort((u, v) => u - v)
        // Distinct breakpoints, so that the best one's neighbours bound a real interval.
        .filter((v, k, all) => k === 0 || v > (all[k - 1] as number));
      let best = 0;
      let bestF = Number.NEGATIVE_INFINITY;
      points.forEach((t, k) => {
        const f = objective(i, t, rest);
        if (f > bestF) {
          bestF = f;
          best = k;
        }
      });
      if (bestF === Number.NEGATIVE_INFINITY) return issues.map(() => null);
      // Concave: the maximum lies between the breakpoints either side of the best one.
      let lo = points[Math.max(0, best - 1)] as number;
      let hi = points[Math.min(points.length - 1, best + 1)] as number;
      const g = (Math.sqrt(5) - 1) / 2;
      let c = hi - g * (hi - lo);
      let d = lo + g * (hi - lo);
      let fc = objective(i, c, rest);
      let fd = objective(i, d, rest);
      for (let it = 0; it < 200 && hi - lo > NASH_TOLERANCE * Math.max(1, span(i)); it++) {
        if (fc >= fd) {
          hi = d;
          d = c;
          fd = fc;
          c = hi - g * (hi - lo);
          fc = objective(i, c, rest);
        } else {
          lo = c;
          c = d;
          fc = fd;
          d = lo + g * (hi - lo);
          fd = objective(i, d, rest);
        }
      }
      const mid = (lo + hi) / 2;
      const t = objective(i, mid, rest) > bestF ? mid : (points[best] as number);
      // Move only for a real gain, so that sweeps end once the golden section merely jitters.
      if (objective(i, t, rest) > objective(i, x[i] as number, rest) + 1e-12) {
        moved = Math.max(moved, Math.abs(t - (x[i] as number)) / Math.max(span(i), 1e-300));
        x[i] = t;
      }
    }
    if (moved <= NASH_TOLERANCE) break;
  }
  return issues.map((issue, i) => (isOrdered(issue) ? (x[i] as number) : null));
}
