/**
 * The exact Pareto frontier of a linear-additive domain without enumerating its outcomes. With
 * `u_p(ω) = Σ_i c_pi(ω_i)`, two partial outcomes over the same first issues whose partial sums
 * satisfy `a ≥ b` for every party (and `>` for one) stay that way whatever the remaining issues
 * add, because adding the same number is monotone (in floating point too). So a partial outcome
 * dominated by another one can never complete to a frontier outcome, and the frontier is built
 * issue by issue: keep each issue's undominated values, merge them with the running set of
 * undominated partial sums, and prune that set with {@link paretoFrontier} after every issue.
 * Sums are formed in issue order from 0, exactly as `UtilityFunction.utilities()` forms them, so
 * the utilities are bit-identical to the enumerated ones; the frontier's distinct utility vectors
 * are exactly the enumerated frontier's, with one representative outcome per vector (the
 * enumeration keeps every outcome that shares a frontier vector; here they are not listed).
 *
 * It applies when no utility has region terms, when every red line restricts a single issue
 * (`require` lines always do: each condition names one issue; a `forbid` line must name only one
 * issue); {@link linearFrontierBlocker} says why not otherwise. The final clamp of utilities to
 * [0, 1] (weights that sum to more than 1) is monotone, so it can only turn a dominated vector
 * into a tie or keep it dominated: the clamped frontier is the frontier of the clamped merged set.
 * A real issue is put on a grid ({@link issueGrid}) and the result is then exact for the grid only.
 *
 * @example
 * const f = linearFrontier(scenario);
 * f?.points.length; // frontier size, without touching the 10^7 outcomes of genius_7issues
 */
import type { Issue } from '../model/issues.ts';
import type { Scenario } from '../model/scenario.ts';
import { clamp01, conditionHolds, type Evaluator, evaluate, type RedLine } from '../model/utility.ts';
import { paretoFrontier } from './frontier.ts';
import { DEFAULT_REAL_GRID, issueGrid } from './issue-grid.ts';
import type { UtilityPoint } from './types.ts';

/** Options of {@link linearFrontier}. */
export interface LinearFrontierOptions {
  /** Evenly spaced grid points of a real issue (default 21, plus evaluator and region breakpoints). */
  readonly realGridPoints?: number;
  /** Give up (return null) when one merge step would have more candidate partial sums than this (default 4·10^6). */
  readonly maxCandidates?: number;
}

/** The issue-by-issue frontier and what it knows about the space. */
export interface LinearFrontier {
  /** One outcome per distinct frontier utility vector, sorted by the first party's utility, descending. */
  readonly points: readonly UtilityPoint[];
  /** Outcomes that cross no red line (Infinity with a real issue). */
  readonly feasible: number;
  /** False when a real issue was put on a grid: exact for the grid, approximate for the space. */
  readonly exact: boolean;
  /** Allowed values of each issue after the red lines (engine values). */
  readonly allowed: readonly (readonly number[])[];
  /** Largest number of undominated partial sums held after any issue (the cost of the merge). */
  readonly peakPartialSums: number;
}

/**
 * Why the issue-by-issue frontier does not apply to this scenario, or null when it does.
 *
 * @example
 * linearFrontierBlocker(london); // 'party us has region terms (linkage)'
 */
export function linearFrontierBlocker(scenario: Scenario): string | null {
  for (const p of scenario.parties) {
    if (p.utility.regions.length > 0) return `party ${p.id} has region terms (non-linear utility)`;
    for (const r of p.utility.redLines) {
      if (r.kind === 'forbid' && new Set(r.conditions.map((c) => c.issue)).size > 1)
        return `party ${p.id}'s red line ${r.id} forbids a combination of issues`;
    }
  }
  return null;
}

/**
 * The frontier of a linear-additive scenario, issue by issue (see the module comment); null when
 * it does not apply ({@link linearFrontierBlocker}) or a merge step would exceed `maxCandidates`.
 *
 * @example
 * const f = linearFrontier(scenario);
 * if (f) console.log(f.points.length, f.exact);
 */
export function linearFrontier(scenario: Scenario, opts: LinearFrontierOptions = {}): LinearFrontier | null {
  if (linearFrontierBlocker(scenario) !== null) return null;
  const { space, parties } = scenario;
  const grid = issueGrid(scenario, opts.realGridPoints ?? DEFAULT_REAL_GRID);
  const maxCandidates = opts.maxCandidates ?? 4_000_000;
  const allowed = allowedValues(scenario, grid.values);
  let feasible = 1;
  for (let i = 0; i < space.issues.length; i++) {
    const issue = space.issues[i] as Issue;
    feasible *= issue.kind === 'real' ? Number.POSITIVE_INFINITY : (allowed[i] as number[]).length;
  }
  if (allowed.some((a) => a.length === 0)) {
    return { points: [], feasible: 0, exact: grid.exact, allowed, peakPartialSums: 0 };
  }
  const P = parties.length;
  // The running set: partial sums per party, and per level the parent entry and the chosen value.
  let sums: Float64Array[] = parties.map(() => new Float64Array(1));
  const parents: Int32Array[] = [];
  const choices: Float64Array[] = [];
  let peak = 1;
  for (let i = 0; i < space.issues.length; i++) {
    const issue = space.issues[i] as Issue;
    const vals = allowed[i] as number[];
    const contrib = parties.map((p) =>
      Float64Array.from(
        contributionsOf(p.utility.weights[i] as number, p.utility.evaluators[i] as Evaluator, issue, vals),
      ),
    );
    // Values dominated within the issue, or equal to a kept one for every party, are never needed.
    const keep = distinctFrontier(contrib, paretoFrontier(contrib));
    const m = (sums[0] as Float64Array).length;
    const K = keep.length;
    if (m * K > maxCandidates) return null;
    const cand = sums.map((s, p) => {
      const c = contrib[p] as Float64Array;
      const out = new Float64Array(m * K);
      for (let a = 0; a < m; a++) {
        const base = s[a] as number;
        for (let k = 0; k < K; k++) out[a * K + k] = base + (c[keep[k] as number] as number);
      }
      return out;
    });
    const front = distinctFrontier(cand, paretoFrontier(cand));
    sums = cand.map((c) => Float64Array.from(front, (j) => c[j] as number));
    parents.push(Int32Array.from(front, (j) => Math.floor(j / K)));
    choices.push(Float64Array.from(front, (j) => vals[keep[j % K] as number] as number));
    if (front.length > peak) peak = front.length;
  }
  // Clamp as utilities() does, then drop what the clamp made dominated or equal.
  for (const s of sums) for (let e = 0; e < s.length; e++) s[e] = clamp01(s[e] as number);
  const finalFront = distinctFrontier(sums, paretoFrontier(sums));
  const points: UtilityPoint[] = [];
  for (const e of finalFront) {
    const outcome = new Array<number>(space.issues.length);
    let at = e;
    for (let i = space.issues.length - 1; i >= 0; i--) {
      outcome[i] = (choices[i] as Float64Array)[at] as number;
      at = (parents[i] as Int32Array)[at] as number;
    }
    points.push({
      index: space.enumerable ? space.indexOf(outcome) : -1,
      outcome,
      utilities: Array.from({ length: P }, (_, p) => (sums[p] as Float64Array)[e] as number),
    });
  }
  return { points, feasible, exact: grid.exact, allowed, peakPartialSums: peak };
}

/**
 * Counts the outcomes that cross no red line and give every party at least its reservation value,
 * by walking the allowed values issue by issue with running partial sums: O(outcomes · parties)
 * time and no memory per outcome. For enumerable spaces only (the caller checks the size).
 *
 * @example
 * countIndividuallyRational(scenario, f.allowed); // 812,344
 */
export function countIndividuallyRational(
  scenario: Scenario,
  allowed: readonly (readonly number[])[],
): number {
  return streamOutcomes(scenario, allowed).individuallyRational;
}

/** What one streaming pass over the allowed outcomes found (see {@link streamOutcomes}). */
export interface OutcomeStream {
  readonly individuallyRational: number;
  /** For each frontier point given, the outcomes with exactly its utilities, and the lowest-index one. */
  readonly ties: readonly { readonly count: number; readonly outcome: readonly number[] | null }[];
}

/**
 * One pass over every outcome that crosses no red line, in index order, with running partial
 * sums (no memory per outcome): counts the individually rational ones and, for each of
 * `frontier`'s utility vectors, the outcomes that have it and the first (lowest-index) of them.
 * For enumerable spaces only (the caller checks the size).
 *
 * @example
 * streamOutcomes(scenario, f.allowed, f.points).ties[0]; // { count: 2, outcome: [0, 3, 1] }
 */
export function streamOutcomes(
  scenario: Scenario,
  allowed: readonly (readonly number[])[],
  frontier: readonly UtilityPoint[] = [],
): OutcomeStream {
  const { space, parties } = scenario;
  const P = parties.length;
  const I = space.issues.length;
  const rv = Float64Array.from(parties, (p) => p.reservationValue);
  const contrib = space.issues.map((issue, i) =>
    parties.map((p) =>
      Float64Array.from(
        contributionsOf(
          p.utility.weights[i] as number,
          p.utility.evaluators[i] as Evaluator,
          issue,
          allowed[i] as number[],
        ),
      ),
    ),
  );
  const ties = frontier.map(() => ({ count: 0, outcome: null as number[] | null }));
  if (allowed.some((a) => a.length === 0)) return { individuallyRational: 0, ties };
  // Frontier vectors by their first utility: one map lookup per outcome finds the candidates.
  const byFirst = new Map<number, number[]>();
  frontier.forEach((pt, f) => {
    const u0 = pt.utilities[0] as number;
    byFirst.set(u0, [...(byFirst.get(u0) ?? []), f]);
  });
  const u = new Float64Array(P);
  // partial[l * P + p]: party p's sum over issues 0..l-1 at the current odometer position.
  const partial = new Float64Array((I + 1) * P);
  const pos = new Int32Array(I);
  const last = contrib[I - 1] as Float64Array[];
  const lastLen = (allowed[I - 1] as number[]).length;
  let count = 0;
  const fill = (from: number) => {
    for (let l = from; l < I - 1; l++) {
      const c = contrib[l] as Float64Array[];
      for (let p = 0; p < P; p++)
        partial[(l + 1) * P + p] =
          (partial[l * P + p] as number) + ((c[p] as Float64Array)[pos[l] as number] as number);
    }
  };
  fill(0);
  for (;;) {
    const base = (I - 1) * P;
    for (let d = 0; d < lastLen; d++) {
      let ok = true;
      for (let p = 0; p < P; p++) {
        u[p] = clamp01((partial[base + p] as number) + ((last[p] as Float64Array)[d] as number));
        if ((u[p] as number) < (rv[p] as number)) ok = false;
      }
      if (ok) count++;
      const hits = byFirst.get(u[0] as number);
      if (hits === undefined) continue;
      for (const f of hits) {
        if (!(frontier[f] as UtilityPoint).utilities.every((x, p) => x === u[p])) continue;
        const tie = ties[f] as { count: number; outcome: number[] | null };
        tie.count++;
        tie.outcome ??= Array.from({ length: I }, (_, l) =>
          l < I - 1
            ? ((allowed[l] as number[])[pos[l] as number] as number)
            : ((allowed[l] as number[])[d] as number),
        );
      }
    }
    let l = I - 2;
    while (l >= 0) {
      pos[l] = (pos[l] as number) + 1;
      if ((pos[l] as number) < (allowed[l] as number[]).length) break;
      pos[l] = 0;
      l--;
    }
    if (l < 0) return { individuallyRational: count, ties };
    fill(l);
  }
}

/** `w · e(v)` for each value, as `UtilityFunction.contributions` computes it. */
function contributionsOf(w: number, ev: Evaluator, issue: Issue, vals: readonly number[]): number[] {
  return vals.map((v) => w * evaluate(ev, issue, v));
}

/** The values of each issue that no party's red line excludes (red lines restricted to one issue). */
function allowedValues(scenario: Scenario, values: readonly (readonly number[])[]): number[][] {
  const lines: RedLine[] = scenario.parties.flatMap((p) => p.utility.redLines);
  return values.map((vals, i) =>
    vals.filter((v) => {
      for (const r of lines) {
        if (r.kind === 'require') {
          for (const c of r.conditions)
            if (c.issue === i && !conditionHolds({ ...c, issue: 0 }, [v])) return false;
        } else if (r.conditions.length === 0) {
          return false;
        } else if (
          r.conditions[0]?.issue === i &&
          r.conditions.every((c) => conditionHolds({ ...c, issue: 0 }, [v]))
        ) {
          return false;
        }
      }
      return true;
    }),
  );
}

/** The frontier `front` (sorted as paretoFrontier sorts) with repeated utility vectors dropped. */
function distinctFrontier(utils: readonly Float64Array[], front: Uint32Array): Uint32Array {
  if (front.length < 2) return front;
  const out = new Uint32Array(front.length);
  let n = 0;
  let prev = -1;
  for (const j of front) {
    let same = prev >= 0;
    for (let p = 0; p < utils.length && same; p++)
      same = (utils[p] as Float64Array)[j] === (utils[p] as Float64Array)[prev];
    if (!same) out[n++] = j;
    prev = j;
  }
  return out.slice(0, n);
}
