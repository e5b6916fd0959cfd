/**
 * The matches of a tournament, in a fixed order: for each scenario, each deadline, each
 * assignment of negotiators to the scenario's roles (every ordered choice, with or without
 * self-play), each repetition. A match is named by (tournament id, match index) alone: its
 * descriptor is recomputed from the spec, and its seed derived from the pair with `mixSeed`, so
 * any match can be re-run on its own and gives the result it gave inside the tournament.
 */
import { mixSeed } from '../../model/random.ts';
import type { TournamentSpec } from './spec.ts';

/** Everything that identifies one match (small: this is what crosses to a worker). */
export interface MatchDescriptor {
  readonly index: number;
  readonly scenario: number;
  /** Deadline in rounds, or null for the scenario's own. */
  readonly deadline: number | null;
  /** Negotiator index (into the spec's list) per role, roles in turn order. */
  readonly assignment: readonly number[];
  readonly repetition: number;
  readonly seed: number;
}

/** The seed of match `index` of tournament `id` (base seed from the spec). */
export function matchSeed(baseSeed: number, tournamentId: string, index: number): number {
  return mixSeed(baseSeed, 'tournament', tournamentId, index);
}

/** Every ordered choice of `roles` negotiators out of `n`, lexicographic; distinct ones unless `selfPlay`. */
export function roleAssignments(n: number, roles: number, selfPlay: boolean): number[][] {
  const out: number[][] = [];
  const cur: number[] = [];
  const rec = () => {
    if (cur.length === roles) {
      out.push([...cur]);
      return;
    }
    for (let i = 0; i < n; i++) {
      if (!selfPlay && cur.includes(i)) continue;
      cur.push(i);
      rec();
      cur.pop();
    }
  };
  if (roles > 0) rec();
  return out;
}

/**
 * All matches, given each scenario's number of roles (`partyCounts[i]` for scenario i).
 *
 * @example
 * enumerateMatches(spec, [2, 2]).length; // scenarios × deadlines × assignments × repetitions
 */
export function enumerateMatches(spec: TournamentSpec, partyCounts: readonly number[]): MatchDescriptor[] {
  const out: MatchDescriptor[] = [];
  const deadlines: (number | null)[] = spec.deadlines ? [...spec.deadlines] : [null];
  spec.scenarios.forEach((_, s) => {
    const assignments = roleAssignments(spec.negotiators.length, partyCounts[s] ?? 0, spec.selfPlay);
    for (const deadline of deadlines) {
      for (const assignment of assignments) {
        for (let repetition = 0; repetition < spec.repetitions; repetition++) {
          const index = out.length;
          out.push({
            index,
            scenario: s,
            deadline,
            assignment,
            repetition,
            seed: matchSeed(spec.seed, spec.id, index),
          });
        }
      }
    }
  });
  return out;
}
