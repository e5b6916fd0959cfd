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
import { MAX_ENUMERABLE, type Outcome } from '../model/outcome-space.ts';
import { Random } from '../model/random.ts';
import type { Scenario } from '../model/scenario.ts';
import { bargainingPoints, geniusKalaiPoint, opposition } from './bargaining.ts';
import { paretoFrontier } from './frontier.ts';
import { isWideInteger } from './issue-grid.ts';
import {
  type LinearFrontierOptions,
  linearFrontier,
  linearFrontierBlocker,
  streamOutcomes,
} from './linear-frontier.ts';
import { type SearchOptions, searchFrontier } from './search-frontier.ts';
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
export interface AnalyzeOptions extends UtilityMatrixOptions, LinearFrontierOptions {
  /** A matrix already computed for this scenario by {@link utilityMatrix}; the other options are then ignored. */
  readonly matrix?: UtilityMatrix;
  /** How to analyse (default `auto`: see {@link analyzeDomain}). */
  readonly method?: 'auto' | AnalysisMethod;
  /** `auto` enumerates enumerable spaces up to this size even when linear (default 2^16). */
  readonly enumerateBelow?: number;
  /** Options of the approximate search (default: seed `seed`, the rest as {@link searchFrontier} has them). */
  readonly search?: SearchOptions;
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

/** How an analysis was computed; see {@link analyzeDomain}. */
export type AnalysisMethod = 'enumeration' | 'issue-merge' | 'search' | 'sample';

/** Enumerable spaces up to this size are enumerated even when linear (cheap, and every tied outcome is listed). */
export const DEFAULT_ENUMERATE_BELOW = 2 ** 16;

/**
 * Analyses the domain of a scenario: counts, the frontier of the feasible outcomes sorted by the
 * first party's utility (descending), the bargaining points, the opposition. Utilities are
 * undiscounted. The method (`method: 'auto'`, the default) is chosen so that nothing large is ever
 * enumerated when it need not be:
 * - `enumeration` (exact, the reference): enumerable spaces up to `enumerateBelow` outcomes
 *   (2^16), and larger ones up to `maxOutcomes` (2^25) that the next method cannot take.
 * - `issue-merge` (exact; {@link linearFrontier}): linear-additive scenarios whose red lines each
 *   restrict one issue, of any size.
 * Both exact methods give the same frontier: one point per distinct utility vector (the outcome
 * with the lowest index), with `ties` counting the outcomes that share the vector; issue-merge
 * counts them in a streaming pass up to `maxOutcomes`, and beyond that leaves `ties` out. Counts are exact
 *   (a streaming pass) when the space has at most `maxOutcomes` outcomes, from a sample otherwise
 *   (`sampleSize` is then set). With a real issue the frontier is exact on a grid only and the
 *   analysis says `approximate`.
 * - `search` (APPROXIMATE; {@link searchFrontier}): everything else that is too large to
 *   enumerate (region terms over 10^10+ outcomes). Counts come from a sample.
 * - `sample`: the frontier of a seeded uniform sample (only when asked for; search is better).
 * Bargaining points and opposition are computed on the frontier: each maximises a score that never
 * decreases when a party's utility rises, so its optimum over all outcomes lies on the frontier.
 * `opposition` is NaN when no outcome is feasible.
 *
 * @example
 * const a = analyzeDomain(scenario);
 * console.log(a.method, a.frontier.length, a.nash?.outcome);
 */
export function analyzeDomain(scenario: Scenario, opts: AnalyzeOptions = {}): DomainAnalysis {
  const { space } = scenario;
  const maxOutcomes = opts.maxOutcomes ?? DEFAULT_MAX_OUTCOMES;
  // An integer issue of more than 10,000 values is analysed on a grid, never listed or enumerated
  // (`auto`): its frontier alone could hold millions of points.
  const wide = space.issues.some(isWideInteger);
  const smallEnough = space.enumerable && space.size <= maxOutcomes && !wide;
  const method = opts.matrix ? 'enumeration' : (opts.method ?? 'auto');
  if (method === 'enumeration' || method === 'sample') return analyzeMatrix(scenario, opts, method);
  if (method === 'auto' && smallEnough && space.size <= (opts.enumerateBelow ?? DEFAULT_ENUMERATE_BELOW))
    return analyzeMatrix(scenario, opts, 'enumeration');
  if (method === 'auto' || method === 'issue-merge') {
    const lf = linearFrontier(scenario, opts);
    if (lf) {
      const base = { outcomes: space.size, approximate: !lf.exact, method: 'issue-merge' as const };
      if (smallEnough && lf.exact) {
        // One streaming pass counts the IR outcomes and the outcomes behind each frontier vector,
        // so the frontier reads as the enumeration's: ties counted, the lowest index representing.
        const stream = streamOutcomes(scenario, lf.allowed, lf.points);
        const points = lf.points.map((p, f): UtilityPoint => {
          const tie = stream.ties[f];
          if (!tie?.outcome) return p;
          return { ...p, index: space.indexOf(tie.outcome), outcome: tie.outcome, ties: tie.count };
        });
        return fromFrontier(scenario, points, {
          ...base,
          feasible: lf.feasible,
          individuallyRational: stream.individuallyRational,
        });
      }
      const counts = sampleCounts(scenario, opts);
      return fromFrontier(scenario, lf.points, { ...base, ...counts });
    }
    if (method === 'issue-merge')
      throw new RangeError(
        `the issue-by-issue frontier does not apply: ${linearFrontierBlocker(scenario) ?? 'too many partial sums'}`,
      );
  }
  if (method === 'auto' && smallEnough) return analyzeMatrix(scenario, opts, 'enumeration');
  const search = searchFrontier(scenario, opts.search ?? { seed: opts.seed ?? 0 });
  return fromFrontier(scenario, search.points, {
    outcomes: space.size,
    approximate: true,
    method: 'search',
    ...sampleCounts(scenario, opts),
    evaluations: search.evaluations,
  });
}

/** The enumeration (or uniform-sample) analysis over a utility matrix. */
function analyzeMatrix(
  scenario: Scenario,
  opts: AnalyzeOptions,
  method: 'enumeration' | 'sample',
): DomainAnalysis {
  const { space, parties } = scenario;
  const matrix =
    opts.matrix ??
    utilityMatrix(
      scenario,
      method === 'sample' ? { ...opts, maxOutcomes: 0 } : { ...opts, maxOutcomes: MAX_ENUMERABLE },
    );
  const { utils, feasible, sample } = matrix;
  if (utils.length !== parties.length) {
    throw new RangeError(
      `the utility matrix has ${utils.length} parties, the scenario has ${parties.length}`,
    );
  }
  const n = feasible.length;
  let feasibleCount = 0;
  for (let k = 0; k < n; k++) feasibleCount += feasible[k] as number;
  // No index array of the whole space when every outcome is feasible (the common case).
  let candidates: Uint32Array | undefined;
  if (feasibleCount < n) {
    candidates = new Uint32Array(feasibleCount);
    for (let k = 0, j = 0; k < n; k++) if (feasible[k] === 1) candidates[j++] = k;
  }
  const rv = parties.map((p) => p.reservationValue);
  let ir = 0;
  for (let k = 0; k < n; k++) {
    if (feasible[k] !== 1) continue;
    let ok = true;
    for (let i = 0; i < utils.length && ok; i++)
      ok = ((utils[i] as Float64Array)[k] as number) >= (rv[i] as number);
    if (ok) ir++;
  }
  const point = (k: number): UtilityPoint => {
    const outcome = sample ? (sample[k] as Outcome) : space.outcomeAt(k);
    const index = sample ? (space.enumerable ? space.indexOf(outcome) : -1) : k;
    return { index, outcome: [...outcome], utilities: utils.map((u) => u[k] as number) };
  };
  // One point per distinct utility vector (equal vectors are adjacent in the frontier's order),
  // represented by its lowest outcome index and counting the outcomes that share it.
  const indices = paretoFrontier(utils, candidates);
  const frontier: UtilityPoint[] = [];
  for (let a = 0; a < indices.length; ) {
    const first = indices[a] as number;
    let lowest = first;
    let b = a + 1;
    for (; b < indices.length; b++) {
      const k = indices[b] as number;
      if (!utils.every((u) => u[k] === u[first])) break;
      if (k < lowest) lowest = k;
    }
    frontier.push({ ...point(lowest), ties: b - a });
    a = b;
  }
  return fromFrontier(scenario, frontier, {
    outcomes: space.size,
    feasible: feasibleCount,
    individuallyRational: ir,
    approximate: sample !== null,
    method: sample ? 'sample' : 'enumeration',
    ...(sample ? { sampleSize: sample.length } : {}),
  });
}

/** Counts of feasible and IR outcomes over a seeded uniform sample. */
function sampleCounts(scenario: Scenario, opts: AnalyzeOptions) {
  const m = utilityMatrix(scenario, { ...opts, maxOutcomes: 0, sampleSize: opts.sampleSize ?? 10_000 });
  const rv = scenario.parties.map((p) => p.reservationValue);
  let feasible = 0;
  let ir = 0;
  for (let k = 0; k < m.feasible.length; k++) {
    if (m.feasible[k] !== 1) continue;
    feasible++;
    if (m.utils.every((u, i) => (u[k] as number) >= (rv[i] as number))) ir++;
  }
  return { feasible, individuallyRational: ir, sampleSize: m.feasible.length };
}

/**
 * The analysis from the frontier: the bargaining points and opposition, which all lie on it. The
 * points are taken in outcome-index order, so that ties go to the lowest index as documented in
 * `bargaining.ts`.
 */
function fromFrontier(
  scenario: Scenario,
  frontier: readonly UtilityPoint[],
  rest: Pick<DomainAnalysis, 'outcomes' | 'feasible' | 'individuallyRational' | 'approximate'> &
    Partial<Pick<DomainAnalysis, 'sampleSize' | 'method' | 'evaluations'>>,
): DomainAnalysis {
  const { parties } = scenario;
  const reservationValues = parties.map((p) => p.reservationValue);
  const byIndex = [...frontier].sort((a, b) => a.index - b.index);
  const utils = parties.map((_, i) => Float64Array.from(byIndex, (p) => p.utilities[i] as number));
  const bp = bargainingPoints(utils, reservationValues, null);
  const genius = scenario.semantics === 'genius';
  const kalai = genius ? geniusKalaiPoint(utils) : bp.kalai;
  const orNull = (k: number | null): UtilityPoint | null =>
    k === null ? null : (byIndex[k] as UtilityPoint);
  const { sampleSize, method, evaluations, ...counts } = rest;
  return {
    partyIds: parties.map((p) => p.id),
    reservationValues,
    ...counts,
    frontier,
    nash: orNull(bp.nash),
    kalai: orNull(kalai),
    kalaiRule: genius ? 'genius' : 'relative-gains',
    utilitarian: orNull(bp.utilitarian),
    egalitarian: orNull(bp.egalitarian),
    opposition: opposition(utils, null),
    ...(sampleSize !== undefined ? { sampleSize } : {}),
    ...(method !== undefined ? { method } : {}),
    ...(evaluations !== undefined ? { evaluations } : {}),
  };
}
