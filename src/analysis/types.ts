/**
 * Results of analysis, as plain objects that the CLI, the report and the server render.
 */

/** An outcome with its index (-1 when the space is not enumerable) and each party's utility. */
export interface UtilityPoint {
  readonly index: number;
  readonly outcome: readonly number[];
  /** One utility per party, in the scenario's party order. */
  readonly utilities: readonly number[];
  /**
   * On a frontier: how many outcomes have exactly these utilities (the point's `outcome` is the
   * one with the lowest index). Absent where it is not known (a frontier found by search, or one
   * whose utilities were capped at 1 by the issue-by-issue method).
   */
  readonly ties?: number;
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
  /**
   * Pareto frontier of the feasible outcomes, sorted by the first party's utility, descending:
   * one point per distinct utility vector, whatever the method, with the outcomes behind it
   * counted in `ties` (frontier sizes are comparable between methods and with NegMAS/GENIUS).
   */
  readonly frontier: readonly UtilityPoint[];
  /** Maximises the product of gains over reservation values among individually rational outcomes. */
  readonly nash: UtilityPoint | null;
  /** Kalai–Smorodinsky, by the rule `kalaiRule` names. */
  readonly kalai: UtilityPoint | null;
  /**
   * How `kalai` was chosen. `relative-gains` (Lancaster's): among individually rational outcomes,
   * the one maximising min_i (u_i − rv_i) / (ideal_i − rv_i). `genius` (scenarios read from GENIUS
   * files): GENIUS's `BidSpace.getKalaiSmorodinsky`, the frontier point with the smallest
   * Σ_{i<j} |u_i − u_j|, reservation values ignored.
   */
  readonly kalaiRule: 'relative-gains' | 'genius';
  /** Maximises the sum of utilities among individually rational outcomes. */
  readonly utilitarian: UtilityPoint | null;
  /** Maximises the smallest gain over the reservation value among individually rational outcomes. */
  readonly egalitarian: UtilityPoint | null;
  /** Distance from the ideal point to the nearest feasible outcome, over √parties: 0 = no conflict. */
  readonly opposition: number;
  /**
   * True when the frontier (and so the points on it) may miss better outcomes: found by search,
   * drawn from a sample, or exact only on a grid of a real issue.
   */
  readonly approximate: boolean;
  /**
   * Present when `feasible` and `individuallyRational` count outcomes of a sample (this many
   * distinct outcomes), not of the space.
   */
  readonly sampleSize?: number;
  /**
   * How the analysis was computed: `enumeration` and `issue-merge` are exact (unless a real issue
   * was gridded: then `approximate`), `search` and `sample` are approximate. Absent in analyses
   * made before this field existed.
   */
  readonly method?: 'enumeration' | 'issue-merge' | 'search' | 'sample';
  /** `search` only: outcomes the search evaluated. */
  readonly evaluations?: number;
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

/** One row of a corpus analysis (`lancaster analyze <folder of domains>`): a domain in brief. */
export interface DomainSummary {
  /** The domain folder's name. */
  readonly domain: string;
  /** Profiles (parties) the folder offers; `parties` lists those analysed. */
  readonly profiles: number;
  readonly parties: readonly string[];
  readonly outcomes: number;
  readonly frontierSize: number;
  /** Utilities of the points, in `parties` order; null when no outcome is individually rational. */
  readonly nash: readonly number[] | null;
  readonly kalai: readonly number[] | null;
  readonly utilitarian: readonly number[] | null;
  readonly opposition: number;
  readonly method: NonNullable<DomainAnalysis['method']>;
  readonly approximate: boolean;
  /** Wall-clock milliseconds to load and analyse the domain. */
  readonly ms: number;
  /** Import warnings raised while loading the domain. */
  readonly warnings: number;
  /** Present when the domain failed: the problem code (or `INTERNAL`) and the message. */
  readonly error?: { readonly code: string; readonly message: string };
}
