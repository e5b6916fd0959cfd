/**
 * Results of analysis, as plain objects that the CLI, the report and the server render.
 */

/** An outcome with its index (-1 when the space is not enumerable) and each party's utility. */
export interface UtilityPoint {
  readonly index: number;
  readonly outcome: readonly number[];
  /** One utility per party, in the scenario's party order. */
  readonly utilities: readonly number[];
}

export interface DomainAnalysis {
  readonly partyIds: readonly string[];
  readonly reservationValues: readonly number[];
  /** Size of the outcome space. */
  readonly outcomes: number;
  /** Outcomes that cross no party's red line. */
  readonly feasible: number;
  /** Feasible outcomes at or above every party's reservation value (the zone of possible agreement). */
  readonly individuallyRational: number;
  /** Pareto frontier of the feasible outcomes, sorted by the first party's utility, descending. */
  readonly frontier: readonly UtilityPoint[];
  /** Maximises the product of gains over reservation values among individually rational outcomes. */
  readonly nash: UtilityPoint | null;
  /** Kalai–Smorodinsky: on the frontier, maximises the smallest gain relative to each party's ideal gain. */
  readonly kalai: UtilityPoint | null;
  /** Maximises the sum of utilities among individually rational outcomes. */
  readonly utilitarian: UtilityPoint | null;
  /** Maximises the smallest gain over the reservation value among individually rational outcomes. */
  readonly egalitarian: UtilityPoint | null;
  /** Distance from the ideal point to the nearest feasible outcome, over √parties: 0 = no conflict. */
  readonly opposition: number;
  /** True when computed over a sample (spaces too large or continuous to enumerate). */
  readonly approximate: boolean;
  /**
   * Present only when `approximate`: the number of distinct outcomes in the sample. `feasible` and
   * `individuallyRational` then count outcomes of the sample, not of the space.
   */
  readonly sampleSize?: number;
}

export interface NegotiationMetrics {
  readonly agreement: boolean;
  readonly utilities: readonly number[];
  /** Euclidean distance in utility space from the result (agreement, or reservation values) to the nearest frontier point. */
  readonly distanceToFrontier: number;
  /** Euclidean distance to the Nash point (null when there is no Nash point). */
  readonly distanceToNash: number | null;
  /** No feasible outcome dominates the result (checked against the frontier of the analysis). */
  readonly paretoOptimal: boolean;
  /** Present (true) only when the analysis was approximate, so the two fields above are estimates. */
  readonly approximate?: boolean;
  readonly rounds: number;
  /**
   * Per party, in the scenario's party order: own undiscounted utility of its first and last offer
   * (null when it made none), and the drop `first − last` (0 when it made none).
   */
  readonly concession: readonly {
    readonly first: number | null;
    readonly last: number | null;
    readonly drop: number;
  }[];
}
