/**
 * An APPROXIMATE Pareto frontier by search, for spaces that cannot be enumerated and are not
 * linear-additive (ANAC 2014's hyper-rectangle utilities over 10^10–10^50 outcomes), or that have
 * real issues (put on a grid, {@link issueGrid}). Nothing here proves optimality: every point
 * returned is a real outcome with its true utilities, and no returned point dominates another, but
 * better outcomes may exist. Callers label the result approximate.
 *
 * Method, all seeded (same seed, same result):
 * 1. Scalarisations. For W weight vectors λ spread over the simplex (the corners included), the
 *    search maximises either the weighted sum Σ λ_p u_p or the augmented Chebyshev form
 *    min_p λ_p u_p + 0.01 Σ λ_p u_p (which reaches non-convex parts of the frontier that no
 *    weighted sum can), alternately.
 * 2. Starts. Per weight vector, one region-driven start — the regions (hyper-rectangle terms) of
 *    all parties are taken in decreasing order of λ_p · value, each added when it is compatible with
 *    those already taken (their allowed ranges intersect), and every issue then gets its best
 *    allowed value for λ — and a few uniformly random starts.
 * 3. Best-improvement hill climbing over single-issue changes. Moves are evaluated incrementally:
 *    each box (a region's own, and each box it excludes) keeps its count of unmet conditions, so
 *    the change of every value of one issue costs O(regions on that issue · values), not a full
 *    re-evaluation.
 * 4. Every outcome the climbs pass through goes to an archive; the archive's frontier is then
 *    polished by Pareto local search: every single-issue neighbour of every frontier point that
 *    the frontier does not dominate joins the archive, for a few rounds (until nothing joins),
 *    and the final frontier is computed exactly over the archive.
 *
 * Measured quality is in the final report of the work that added this module and is re-measured
 * by `bench/corpus.bench.ts`: hypervolume ratio against the exact frontier on enumerable domains
 * and against GENIUS's `pareto.xml` where a domain folder has one.
 *
 * @example
 * const s = searchFrontier(scenario, { seed: 1 });
 * s.points.length; // approximate frontier size
 */
import { Random } from '../model/random.ts';
import type { Scenario } from '../model/scenario.ts';
import { type Condition, clamp01, conditionHolds, type Evaluator, evaluate } from '../model/utility.ts';
import { paretoFrontier } from './frontier.ts';
import { DEFAULT_REAL_GRID, issueGrid } from './issue-grid.ts';
import type { UtilityPoint } from './types.ts';

/** Options of {@link searchFrontier}. */
export interface SearchOptions {
  /** Seed of the random starts (default 0). */
  readonly seed?: number;
  /** Weight vectors (scalarisations) to climb for (default 48). */
  readonly weightVectors?: number;
  /** Random starts per weight vector, besides the region-driven one (default 2). */
  readonly randomStarts?: number;
  /** Most rounds of Pareto local search over the archive's frontier (default 5; stops when nothing joins). */
  readonly polishRounds?: number;
  /** Evenly spaced grid points of a real issue (default 21). */
  readonly realGridPoints?: number;
  /** Largest archive kept between polish rounds (default 200,000 outcomes). */
  readonly maxArchive?: number;
}

/** The approximate frontier and how much work found it. */
export interface SearchFrontier {
  /** Undominated among everything the search saw; sorted by the first party's utility, descending. */
  readonly points: readonly UtilityPoint[];
  /** Outcomes evaluated (moves counted one per outcome). */
  readonly evaluations: number;
  /** Distinct outcomes kept in the archive at the end. */
  readonly archived: number;
}

/** A box over some issues: per constrained issue, a 0/1 mask over that issue's grid values. */
interface Clause {
  readonly issues: Int32Array;
  readonly masks: readonly Uint8Array[];
}

/** A region term: `value` when the outcome is inside clause `main` and outside every `excl` clause. */
interface Region {
  readonly value: number;
  readonly main: number;
  readonly excl: Int32Array;
}

interface PartyModel {
  /** Linear contribution by issue, then grid value index. */
  readonly lin: readonly Float64Array[];
  readonly clauses: readonly Clause[];
  readonly regions: readonly Region[];
  /** Per issue, the clauses (indices) that constrain it and the position of that issue in the clause. */
  readonly byIssue: readonly { readonly c: Int32Array; readonly slot: Int32Array }[];
  /** Per issue, the regions that one of whose clauses constrains it. */
  readonly regionsByIssue: readonly Int32Array[];
}

/**
 * An approximate frontier of the feasible outcomes (see the module comment). Outcomes crossing a
 * red line are never archived.
 *
 * @example
 * const { points } = searchFrontier(scenario, { seed: 7, weightVectors: 24 });
 */
export function searchFrontier(scenario: Scenario, opts: SearchOptions = {}): SearchFrontier {
  const { space, parties } = scenario;
  const grid = issueGrid(scenario, opts.realGridPoints ?? DEFAULT_REAL_GRID);
  const vals = grid.values;
  const I = vals.length;
  const P = parties.length;
  const radix = vals.map((v) => v.length);
  const rng = Random.from(opts.seed ?? 0, 'analysis', 'search');
  const models: PartyModel[] = parties.map((p) => {
    const lin = space.issues.map((issue, i) => {
      const w = p.utility.weights[i] as number;
      const ev = p.utility.evaluators[i] as Evaluator;
      return Float64Array.from(vals[i] as number[], (v) => w * evaluate(ev, issue, v));
    });
    const clauses: Clause[] = [];
    const clauseOf = (conditions: readonly Condition[]): number => {
      const issues = [...new Set(conditions.map((c) => c.issue))].sort((x, y) => x - y);
      const masks = issues.map((i) =>
        Uint8Array.from(vals[i] as number[], (v) =>
          conditions.every((c) => c.issue !== i || conditionHolds({ ...c, issue: 0 }, [v])) ? 1 : 0,
        ),
      );
      clauses.push({ issues: Int32Array.from(issues), masks });
      return clauses.length - 1;
    };
    const regions: Region[] = p.utility.regions.map((r) => ({
      value: r.value,
      main: clauseOf(r.conditions),
      excl: Int32Array.from(r.excludes ?? [], (box) => clauseOf(box)),
    }));
    const byIssue = vals.map((_, i) => {
      const c: number[] = [];
      const slot: number[] = [];
      clauses.forEach((cl, k) => {
        const s = cl.issues.indexOf(i);
        if (s >= 0) {
          c.push(k);
          slot.push(s);
        }
      });
      return { c: Int32Array.from(c), slot: Int32Array.from(slot) };
    });
    const regionsByIssue = vals.map((_, i) =>
      Int32Array.from(
        regions.flatMap((reg, k) =>
          [reg.main, ...reg.excl].some((c) => (clauses[c] as Clause).issues.includes(i)) ? [k] : [],
        ),
      ),
    );
    return { lin, clauses, regions, byIssue, regionsByIssue };
  });
  const applies = (reg: Region, counts: Int32Array): boolean => {
    if (counts[reg.main] !== 0) return false;
    for (const c of reg.excl) if ((counts[c] as number) === 0) return false;
    return true;
  };
  const hasRedLines = parties.some((p) => p.utility.redLines.length > 0);
  const toOutcome = (digits: Int32Array): number[] =>
    Array.from(digits, (d, i) => (vals[i] as number[])[d] as number);
  const feasibleDigits = (digits: Int32Array): boolean => {
    if (!hasRedLines) return true;
    const o = toOutcome(digits);
    return parties.every((p) => p.utility.acceptable(o));
  };

  // Archive: digits and utilities of distinct outcomes, keyed by their digits.
  const archive = new Map<string, { digits: Int32Array; u: Float64Array }>();
  const maxArchive = opts.maxArchive ?? 200_000;
  let evaluations = 0;
  const remember = (digits: Int32Array, u: Float64Array) => {
    if (archive.size >= maxArchive) return;
    const key = digits.join(',');
    if (!archive.has(key) && feasibleDigits(digits))
      archive.set(key, { digits: digits.slice(), u: u.slice() });
  };

  /** Climbing state: the digits, each party's raw sum and each region's unmet-condition count. */
  const state = (digits: Int32Array) => {
    const raw = new Float64Array(P);
    const unmet = models.map((m, p) => {
      let s = 0;
      for (let i = 0; i < I; i++) s += (m.lin[i] as Float64Array)[digits[i] as number] as number;
      const counts = new Int32Array(m.clauses.length);
      m.clauses.forEach((cl, k) => {
        let c = 0;
        cl.issues.forEach((i, j) => {
          if ((cl.masks[j] as Uint8Array)[digits[i] as number] === 0) c++;
        });
        counts[k] = c;
      });
      for (const reg of m.regions) if (applies(reg, counts)) s += reg.value;
      raw[p] = s;
      return counts;
    });
    return { digits, raw, unmet };
  };
  type State = ReturnType<typeof state>;
  const clamp = clamp01;
  const utilOf = (raw: Float64Array) => Float64Array.from(raw, clamp);

  /** deltas[p][d]: change of party p's raw sum when issue i takes grid value d. */
  const deltasFor = (st: State, i: number): Float64Array[] =>
    models.map((m, p) => {
      const lin = m.lin[i] as Float64Array;
      const cur = st.digits[i] as number;
      const out = new Float64Array(radix[i] as number);
      for (let d = 0; d < out.length; d++) out[d] = (lin[d] as number) - (lin[cur] as number);
      const counts = st.unmet[p] as Int32Array;
      for (const r of m.regionsByIssue[i] as Int32Array) {
        const reg = m.regions[r] as Region;
        const before = applies(reg, counts);
        // The unmet count of clause c if issue i took value d.
        const unmetWith = (c: number, d: number): number => {
          const cl = m.clauses[c] as Clause;
          const s = cl.issues.indexOf(i);
          if (s < 0) return counts[c] as number;
          const mask = cl.masks[s] as Uint8Array;
          return (counts[c] as number) - (mask[cur] === 0 ? 1 : 0) + (mask[d] === 0 ? 1 : 0);
        };
        for (let d = 0; d < out.length; d++) {
          let after = unmetWith(reg.main, d) === 0;
          for (let e = 0; e < reg.excl.length && after; e++) after = unmetWith(reg.excl[e] as number, d) > 0;
          if (after !== before) out[d] = (out[d] as number) + (after ? reg.value : -reg.value);
        }
      }
      return out;
    });

  const apply = (st: State, i: number, d: number, deltas: Float64Array[]) => {
    const cur = st.digits[i] as number;
    models.forEach((m, p) => {
      st.raw[p] = (st.raw[p] as number) + ((deltas[p] as Float64Array)[d] as number);
      const { c, slot } = m.byIssue[i] as { c: Int32Array; slot: Int32Array };
      const counts = st.unmet[p] as Int32Array;
      for (let k = 0; k < c.length; k++) {
        const mask = (m.clauses[c[k] as number] as Clause).masks[slot[k] as number] as Uint8Array;
        counts[c[k] as number] =
          (counts[c[k] as number] as number) + (mask[cur] === 1 ? 0 : -1) + (mask[d] === 1 ? 0 : 1);
      }
    });
    st.digits[i] = d;
  };

  const score = (u: ArrayLike<number>, lambda: Float64Array, chebyshev: boolean): number => {
    let sum = 0;
    let min = Number.POSITIVE_INFINITY;
    for (let p = 0; p < P; p++) {
      const x = (lambda[p] as number) * (u[p] as number);
      sum += x;
      if (x < min) min = x;
    }
    return chebyshev ? min + 0.01 * sum : sum;
  };

  const climb = (digits: Int32Array, lambda: Float64Array, chebyshev: boolean) => {
    const st = state(digits);
    const u = new Float64Array(P);
    remember(st.digits, utilOf(st.raw));
    for (let step = 0; step < 10_000; step++) {
      let best = score(utilOf(st.raw), lambda, chebyshev);
      let bi = -1;
      let bd = -1;
      let bDeltas: Float64Array[] = [];
      for (let i = 0; i < I; i++) {
        const deltas = deltasFor(st, i);
        for (let d = 0; d < (radix[i] as number); d++) {
          if (d === st.digits[i]) continue;
          for (let p = 0; p < P; p++)
            u[p] = clamp((st.raw[p] as number) + ((deltas[p] as Float64Array)[d] as number));
          evaluations++;
          const s = score(u, lambda, chebyshev);
          if (s > best + 1e-12) {
            if (hasRedLines) {
              const trial = st.digits.slice();
              trial[i] = d;
              if (!feasibleDigits(trial)) continue;
            }
            best = s;
            bi = i;
            bd = d;
            bDeltas = deltas;
          }
        }
      }
      if (bi < 0) return;
      apply(st, bi, bd, bDeltas);
      remember(st.digits, utilOf(st.raw));
    }
  };

  /** The region-driven start for λ: compatible high-value regions first, then each issue's best value. */
  const regionStart = (lambda: Float64Array): Int32Array => {
    const masks = radix.map((r) => new Uint8Array(r).fill(1));
    // Plain boxes only: a term with excluded boxes holds almost everywhere and needs no seeding.
    const all: { w: number; reg: Clause }[] = [];
    models.forEach((m, p) => {
      for (const r of m.regions)
        if (r.value > 0 && r.excl.length === 0)
          all.push({ w: (lambda[p] as number) * r.value, reg: m.clauses[r.main] as Clause });
    });
    all.sort((a, b) => b.w - a.w);
    for (const { w, reg } of all) {
      if (w <= 0) break;
      let ok = true;
      reg.issues.forEach((i, j) => {
        const cur = masks[i] as Uint8Array;
        const m = reg.masks[j] as Uint8Array;
        let any = false;
        for (let d = 0; d < cur.length && !any; d++) any = cur[d] === 1 && m[d] === 1;
        if (!any) ok = false;
      });
      if (!ok) continue;
      reg.issues.forEach((i, j) => {
        const cur = masks[i] as Uint8Array;
        const m = reg.masks[j] as Uint8Array;
        for (let d = 0; d < cur.length; d++) cur[d] = (cur[d] as number) & (m[d] as number);
      });
    }
    return Int32Array.from(masks, (mask, i) => {
      let best = -1;
      let bestV = Number.NEGATIVE_INFINITY;
      for (let d = 0; d < mask.length; d++) {
        if (mask[d] !== 1) continue;
        let v = 0;
        models.forEach((m, p) => {
          v += (lambda[p] as number) * ((m.lin[i] as Float64Array)[d] as number);
        });
        if (v > bestV) {
          bestV = v;
          best = d;
        }
      }
      return best;
    });
  };

  const W = Math.max(P, opts.weightVectors ?? 48);
  const randomStarts = opts.randomStarts ?? 2;
  for (let w = 0; w < W; w++) {
    const lambda = weightVector(w, W, P, rng);
    const chebyshev = w % 2 === 1;
    climb(regionStart(lambda), lambda, chebyshev);
    for (let s = 0; s < randomStarts; s++) {
      climb(
        Int32Array.from(radix, (r) => rng.int(r)),
        lambda,
        chebyshev,
      );
    }
  }

  // Pareto local search: every single-issue neighbour of every frontier point of the archive.
  const frontierOfArchive = () => {
    const entries = [...archive.values()];
    const utils = Array.from({ length: P }, (_, p) => Float64Array.from(entries, (e) => e.u[p] as number));
    // One outcome per frontier vector: plateaus can tie thousands of outcomes on one vector.
    const out: { digits: Int32Array; u: Float64Array }[] = [];
    for (const k of paretoFrontier(utils)) {
      const e = entries[k] as { digits: Int32Array; u: Float64Array };
      const prev = out[out.length - 1];
      if (prev?.u.every((x, p) => x === e.u[p])) continue;
      out.push(e);
    }
    return out;
  };
  const rounds = opts.polishRounds ?? 5;
  for (let round = 0; round < rounds; round++) {
    const before = archive.size;
    const front = frontierOfArchive();
    const dominated = dominatedByFront(front.map((e) => e.u));
    for (const e of front) {
      const st = state(e.digits.slice());
      const u = new Float64Array(P);
      for (let i = 0; i < I; i++) {
        const deltas = deltasFor(st, i);
        const cur = st.digits[i] as number;
        for (let d = 0; d < (radix[i] as number); d++) {
          if (d === cur) continue;
          evaluations++;
          for (let p = 0; p < P; p++)
            u[p] = clamp((st.raw[p] as number) + ((deltas[p] as Float64Array)[d] as number));
          // Only a neighbour that the round's frontier does not weakly dominate can improve it.
          if (dominated(u)) continue;
          st.digits[i] = d;
          remember(st.digits, u);
          st.digits[i] = cur;
        }
      }
    }
    if (archive.size === before) break;
  }

  const points: UtilityPoint[] = frontierOfArchive().map((e) => {
    const outcome = toOutcome(e.digits);
    return {
      index: space.enumerable ? space.indexOf(outcome) : -1,
      outcome,
      // Re-evaluated from scratch, so that what is reported is the utility function's own number.
      utilities: parties.map((p) => p.utility.evaluate(outcome)),
    };
  });
  return { points: distinctPoints(points), evaluations, archived: archive.size };
}

/**
 * A test of whether a utility vector is weakly dominated by one of `front` (mutually undominated
 * vectors): some front vector is at least as good for every party. Equal vectors count, because
 * plateaus (issues no term depends on) would otherwise flood the archive with copies. Two
 * parties: sorted by the first utility the front is sorted the other way by the second, so the
 * first point at or right of `u` holds the largest second utility there; more parties: a scan.
 */
function dominatedByFront(front: readonly Float64Array[]): (u: Float64Array) => boolean {
  const P = front[0]?.length ?? 0;
  const weakly = (f: ArrayLike<number>, u: Float64Array) => {
    for (let p = 0; p < P; p++) if ((f[p] as number) < (u[p] as number)) return false;
    return true;
  };
  if (P !== 2) return (u) => front.some((f) => weakly(f, u));
  const xs = front
    .map((f) => [f[0] as number, f[1] as number] as const)
    .sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  return (u) => {
    const x = u[0] as number;
    let lo = 0;
    let hi = xs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((xs[mid] as readonly [number, number])[0] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo < xs.length && weakly(xs[lo] as readonly [number, number], u);
  };
}

/**
 * Weight vector w of W: the P corners first, then for two parties an even spread, for more a
 * seeded uniform draw from the simplex.
 */
function weightVector(w: number, W: number, P: number, rng: Random): Float64Array {
  const lambda = new Float64Array(P);
  if (w < P) {
    lambda.fill(0.001);
    lambda[w] = 1;
    return lambda;
  }
  if (P === 2) {
    const t = (w - P + 1) / (W - P + 1);
    lambda[0] = t;
    lambda[1] = 1 - t;
    return lambda;
  }
  let sum = 0;
  for (let p = 0; p < P; p++) {
    lambda[p] = -Math.log(1 - rng.float());
    sum += lambda[p] as number;
  }
  for (let p = 0; p < P; p++) lambda[p] = (lambda[p] as number) / sum;
  return lambda;
}

/** Re-evaluated utilities can tie or (through clamping) differ from the search's: keep the undominated, one per vector. */
function distinctPoints(points: readonly UtilityPoint[]): UtilityPoint[] {
  const P = points[0]?.utilities.length ?? 0;
  const utils = Array.from({ length: P }, (_, p) =>
    Float64Array.from(points, (q) => q.utilities[p] as number),
  );
  const out: UtilityPoint[] = [];
  let prev: UtilityPoint | null = null;
  for (const k of paretoFrontier(utils.length ? utils : [new Float64Array(0)])) {
    const q = points[k] as UtilityPoint;
    if (prev?.utilities.every((x, p) => x === q.utilities[p])) continue;
    out.push(q);
    prev = q;
  }
  return out;
}
