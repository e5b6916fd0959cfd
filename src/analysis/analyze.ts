/**
 * Analysis of a scenario's domain: how many outcomes there are, which cross no red line, which are
 * individually rational, the Pareto frontier of the feasible outcomes, the Nash, Kalai–Smorodinsky,
 * utilitarian and egalitarian points, and the opposition. An enumerable space up to
 * `maxOutcomes` outcomes is analysed exactly, from each party's `utilities()` in one pass; a space
 * with a real issue, or larger than that, is analysed over a seeded uniform sample and the result
 * says `approximate: true`. The utility matrix behind an analysis is exported so that a report can
 * plot the same numbers without computing them twice.
 *
 * @example
 * const matrix = utilityMatrix(scenario);
 * const analysis = analyzeDomain(scenario, { matrix });
 * analysis.nash?.utilities; // [0.71, 0.64]
 */
import type { Outcome } from '../model/outcome-space.ts';
import { Random } from '../model/random.ts';
import type { Scenario } from '../model/scenario.ts';
import { bargainingPoints, opposition } from './bargaining.ts';
import { paretoFrontier } from './frontier.ts';
import type { DomainAnalysis, UtilityPoint } from './types.ts';

/** Largest space analysed exactly by default: 2^25 outcomes is 256 MiB of utilities per party. */
export const DEFAULT_MAX_OUTCOMES = 2 ** 25;

/** Outcomes drawn by default when a space must be sampled. */
export const DEFAULT_SAMPLE_SIZE = 50_000;

/** How {@link utilityMatrix} chooses between the whole space and a sample. */
export interface UtilityMatrixOptions {
  /** Enumerable spaces up to this many outcomes are analysed exactly (default 2^25). */
  readonly maxOutcomes?: number;
  /** Outcomes to draw when sampling (default 50,000; duplicates are dropped). */
  readonly sampleSize?: number;
  /** Seed of the sample (default 0): the same seed gives the same sample. */
  readonly seed?: number;
}

/** Options of {@link analyzeDomain}. */
export interface AnalyzeOptions extends UtilityMatrixOptions {
  /** A matrix already computed for this scenario by {@link utilityMatrix}; the other options are then ignored. */
  readonly matrix?: UtilityMatrix;
}

/**
 * Every party's undiscounted utility of every analysed outcome, and which outcomes are feasible.
 * When `sample` is null, entry k is the outcome with index k of the whole space; otherwise entry k
 * is `sample[k]`.
 */
export interface UtilityMatrix {
  /** One array per party, in the scenario's party order. Red lines are not applied to these numbers. */
  readonly utils: readonly Float64Array[];
  /** 1 where the outcome crosses no party's red line, 0 where it crosses one. */
  readonly feasible: Uint8Array;
  /** The sampled outcomes, or null when the whole space is enumerated. */
  readonly sample: readonly Outcome[] | null;
}

/**
 * The utility matrix of a scenario: the whole space when it is enumerable and has at most
 * `maxOutcomes` outcomes, otherwise a seeded uniform sample of distinct outcomes.
 *
 * @example
 * const { utils, feasible } = utilityMatrix(scenario);
 * utils[0][42]; // the first party's utility of outcome 42
 */
export function utilityMatrix(scenario: Scenario, opts: UtilityMatrixOptions = {}): UtilityMatrix {
  const { space, parties } = scenario;
  const maxOutcomes = opts.maxOutcomes ?? DEFAULT_MAX_OUTCOMES;
  if (space.enumerable && space.size <= maxOutcomes) {
    const utils = parties.map((p) => p.utility.utilities());
    const feasible = new Uint8Array(space.size).fill(1);
    const mask = new Uint8Array(space.size);
    for (const p of parties) {
      if (p.utility.redLines.length === 0) continue;
      p.utility.acceptableMask(mask);
      for (let k = 0; k < mask.length; k++) feasible[k] = (feasible[k] as number) & (mask[k] as number);
    }
    return { utils, feasible, sample: null };
  }
  const wanted = opts.sampleSize ?? DEFAULT_SAMPLE_SIZE;
  if (!(Number.isInteger(wanted) && wanted > 0))
    throw new RangeError(`sampleSize must be a positive integer, got ${wanted}`);
  const rng = Random.from(opts.seed ?? 0, 'analysis', 'sample');
  const seen = new Set<string>();
  const sample: Outcome[] = [];
  for (let draw = 0; draw < wanted; draw++) {
    const o = space.sample(rng);
    const key = o.join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    sample.push(o);
  }
  const utils = parties.map(() => new Float64Array(sample.length));
  const feasible = new Uint8Array(sample.length);
  sample.forEach((o, k) => {
    let ok = 1;
    parties.forEach((p, i) => {
      (utils[i] as Float64Array)[k] = p.utility.evaluate(o);
      if (!p.utility.acceptable(o)) ok = 0;
    });
    feasible[k] = ok;
  });
  return { utils, feasible, sample };
}

/**
 * Analyses the domain of a scenario (see the module comment): counts, the frontier of the feasible
 * outcomes sorted by the first party's utility (descending), the bargaining points, the opposition.
 * Utilities are undiscounted. On a sample, `index` is the outcome's index when the space is
 * enumerable (merely too large) and -1 when it has a real issue; `outcomes` is the size of the
 * space (Infinity with a real issue), and `feasible` / `individuallyRational` count the sample.
 * `opposition` is NaN when no outcome is feasible.
 *
 * @example
 * const a = analyzeDomain(scenario);
 * console.log(a.frontier.length, a.nash?.outcome);
 */
export function analyzeDomain(scenario: Scenario, opts: AnalyzeOptions = {}): DomainAnalysis {
  const { space, parties } = scenario;
  const matrix = opts.matrix ?? utilityMatrix(scenario, opts);
  const { utils, feasible, sample } = matrix;
  if (utils.length !== parties.length) {
    throw new RangeError(
      `the utility matrix has ${utils.length} parties, the scenario has ${parties.length}`,
    );
  }
  const reservationValues = parties.map((p) => p.reservationValue);
  let feasibleCount = 0;
  for (let k = 0; k < feasible.length; k++) feasibleCount += feasible[k] as number;
  const feasibleIdx = new Uint32Array(feasibleCount);
  for (let k = 0, j = 0; k < feasible.length; k++) if (feasible[k] === 1) feasibleIdx[j++] = k;

  const point = (k: number): UtilityPoint => {
    const outcome = sample ? (sample[k] as Outcome) : space.outcomeAt(k);
    const index = sample ? (space.enumerable ? space.indexOf(outcome) : -1) : k;
    return { index, outcome: [...outcome], utilities: utils.map((u) => u[k] as number) };
  };
  const orNull = (k: number | null): UtilityPoint | null => (k === null ? null : point(k));

  const frontier = Array.from(paretoFrontier(utils, feasibleIdx), point);
  const bp = bargainingPoints(utils, reservationValues, feasible);
  const analysis: DomainAnalysis = {
    partyIds: parties.map((p) => p.id),
    reservationValues,
    outcomes: space.size,
    feasible: feasibleCount,
    individuallyRational: bp.individuallyRational,
    frontier,
    nash: orNull(bp.nash),
    kalai: orNull(bp.kalai),
    utilitarian: orNull(bp.utilitarian),
    egalitarian: orNull(bp.egalitarian),
    opposition: opposition(utils, feasible),
    approximate: sample !== null,
  };
  return sample ? { ...analysis, sampleSize: sample.length } : analysis;
}
