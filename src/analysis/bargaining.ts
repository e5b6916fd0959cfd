/**
 * Bargaining solutions and the opposition of a domain, on typed arrays: one Float64Array of
 * utilities per party (indexed by outcome), the parties' reservation values, and a feasibility
 * mask (1 where no party's red line is crossed). An outcome is individually rational (IR) when it
 * is feasible and every party gets at least its reservation value; the Nash, Kalai–Smorodinsky,
 * utilitarian and egalitarian points are chosen among the IR outcomes and are null when there is
 * none. Each solution maximises a score that never decreases when a party's utility rises, so its
 * maximum over the IR set is always reached on the Pareto frontier; among tied maximisers we keep
 * those no other tied maximiser dominates and return the lowest index, so every point returned is
 * Pareto-optimal and the choice is deterministic.
 *
 * @example
 * const nash = nashPoint([us, china], [0.3, 0.35], feasible); // outcome index or null
 */
import { paretoFrontier } from './frontier.ts';

/** The four bargaining points of {@link bargainingPoints}: outcome indices, null when no outcome is IR. */
export interface BargainingPoints {
  readonly nash: number | null;
  readonly kalai: number | null;
  readonly utilitarian: number | null;
  readonly egalitarian: number | null;
  /** Number of individually rational outcomes. */
  readonly individuallyRational: number;
}

/**
 * Indices of the individually rational outcomes: feasible (`feasible[k] === 1`, every outcome
 * when no mask is given) and `utils[i][k] >= reservationValues[i]` for every party i.
 *
 * @example
 * individuallyRational([Float64Array.of(0.2, 0.8)], [0.5]); // Uint32Array [1]
 */
export function individuallyRational(
  utils: readonly Float64Array[],
  reservationValues: readonly number[],
  feasible?: Uint8Array | null,
): Uint32Array {
  const n = checkShape(utils, reservationValues, feasible);
  const out = new Uint32Array(n);
  let count = 0;
  for (let k = 0; k < n; k++) {
    if (feasible && feasible[k] !== 1) continue;
    let ok = true;
    for (let i = 0; i < utils.length && ok; i++) {
      ok = ((utils[i] as Float64Array)[k] as number) >= (reservationValues[i] as number);
    }
    if (ok) out[count++] = k;
  }
  return out.slice(0, count);
}

/**
 * Nash bargaining point: the IR outcome that maximises the product of gains
 * Π_i (u_i − rv_i). Null when no outcome is IR. Ties: see the module comment (lowest index
 * among the tied outcomes that are Pareto-optimal).
 *
 * GENIUS (`BidSpace.getNash`) maximises the same product over the Pareto frontier but does not
 * require individual rationality, so two negative gains can win there; NegMAS (`nash_points`)
 * divides each gain by the party's utility range, which leaves the argmax unchanged, and returns
 * every point within 1e-12 of the maximum.
 *
 * @example
 * nashPoint([Float64Array.of(1, 0.6, 0), Float64Array.of(0, 0.6, 1)], [0, 0]); // 1
 */
export function nashPoint(
  utils: readonly Float64Array[],
  reservationValues: readonly number[],
  feasible?: Uint8Array | null,
): number | null {
  const ir = individuallyRational(utils, reservationValues, feasible);
  return nashOf(utils, ir, gainsOf(utils, reservationValues, ir));
}

/**
 * Kalai–Smorodinsky point: among the IR outcomes, the one that maximises the smallest relative
 * gain min_i (u_i − rv_i) / (ideal_i − rv_i), where ideal_i is party i's largest utility over the
 * IR outcomes. A party whose ideal equals its reservation value gains nothing anywhere and is left
 * out of the minimum. The maximiser lies on the Pareto frontier (see the module comment), so this
 * is the frontier point nearest, in that max-min sense, to the line from the disagreement point to
 * the ideal point: the discrete counterpart of the classical definition. Null when no outcome is IR.
 *
 * GENIUS (`BidSpace.getKalaiSmorodinsky`) instead picks the frontier point with the smallest
 * Σ_{i<j} |u_i − u_j| of raw utilities, ignoring reservation values and ideal points; NegMAS's
 * `kalai_points` (in the versions we read) maximises min_i (u_i − rv_i) without dividing by the
 * ideal gain, which is our egalitarian point.
 *
 * @example
 * kalaiPoint([Float64Array.of(1, 0.5, 0.2), Float64Array.of(0, 0.25, 0.5)], [0, 0]); // 1
 */
export function kalaiPoint(
  utils: readonly Float64Array[],
  reservationValues: readonly number[],
  feasible?: Uint8Array | null,
): number | null {
  const ir = individuallyRational(utils, reservationValues, feasible);
  return kalaiOf(utils, ir, gainsOf(utils, reservationValues, ir));
}

/**
 * Utilitarian point: the IR outcome with the largest sum of utilities Σ_i u_i (reservation values
 * only decide who is IR). Null when no outcome is IR. NegMAS's `max_welfare_points` is the same
 * sum over the frontier points above every reservation value.
 *
 * @example
 * utilitarianPoint([Float64Array.of(1, 0.6), Float64Array.of(0, 0.6)], [0, 0]); // 1
 */
export function utilitarianPoint(
  utils: readonly Float64Array[],
  reservationValues: readonly number[],
  feasible?: Uint8Array | null,
): number | null {
  return utilitarianOf(utils, individuallyRational(utils, reservationValues, feasible));
}

/**
 * Egalitarian point: the IR outcome that maximises the smallest gain min_i (u_i − rv_i), in
 * absolute utility (unlike Kalai–Smorodinsky, gains are not scaled by the ideal). Null when no
 * outcome is IR.
 *
 * @example
 * egalitarianPoint([Float64Array.of(1, 0.5), Float64Array.of(0.1, 0.4)], [0, 0]); // 1
 */
export function egalitarianPoint(
  utils: readonly Float64Array[],
  reservationValues: readonly number[],
  feasible?: Uint8Array | null,
): number | null {
  const ir = individuallyRational(utils, reservationValues, feasible);
  return egalitarianOf(utils, ir, gainsOf(utils, reservationValues, ir));
}

/**
 * All four bargaining points, computing the IR set once (what `analyzeDomain` uses).
 *
 * @example
 * const { nash, kalai } = bargainingPoints(matrix.utils, [0.3, 0.35], matrix.feasible);
 */
export function bargainingPoints(
  utils: readonly Float64Array[],
  reservationValues: readonly number[],
  feasible?: Uint8Array | null,
): BargainingPoints {
  const ir = individuallyRational(utils, reservationValues, feasible);
  const gains = gainsOf(utils, reservationValues, ir);
  return {
    nash: nashOf(utils, ir, gains),
    kalai: kalaiOf(utils, ir, gains),
    utilitarian: utilitarianOf(utils, ir),
    egalitarian: egalitarianOf(utils, ir, gains),
    individuallyRational: ir.length,
  };
}

/**
 * Opposition of a domain: the Euclidean distance from the ideal point (each party's largest
 * utility over the feasible outcomes) to the nearest feasible outcome, divided by √parties so
 * that it lies in [0, 1] for utilities in [0, 1]. 0 means one outcome is best for everybody.
 * NaN when no outcome is feasible. Reservation values play no part.
 *
 * NegMAS's `opposition_level` measures the distance to (1, …, 1) after dividing each utility by
 * the party's maximum, and does not divide by √parties.
 *
 * @example
 * opposition([Float64Array.of(1, 0), Float64Array.of(0, 1)]); // distance 1 from (1, 1), over √2: 0.7071…
 */
export function opposition(utils: readonly Float64Array[], feasible?: Uint8Array | null): number {
  const parties = utils.length;
  const n = checkShape(utils, null, feasible);
  const ideal = new Float64Array(parties).fill(Number.NEGATIVE_INFINITY);
  let any = false;
  for (let k = 0; k < n; k++) {
    if (feasible && feasible[k] !== 1) continue;
    any = true;
    for (let i = 0; i < parties; i++) {
      const u = (utils[i] as Float64Array)[k] as number;
      if (u > (ideal[i] as number)) ideal[i] = u;
    }
  }
  if (!any || parties === 0) return Number.NaN;
  let best = Number.POSITIVE_INFINITY;
  for (let k = 0; k < n; k++) {
    if (feasible && feasible[k] !== 1) continue;
    let d2 = 0;
    for (let i = 0; i < parties; i++) {
      const d = (ideal[i] as number) - ((utils[i] as Float64Array)[k] as number);
      d2 += d * d;
    }
    if (d2 < best) best = d2;
  }
  return Math.sqrt(best) / Math.sqrt(parties);
}

function checkShape(
  utils: readonly Float64Array[],
  reservationValues: readonly number[] | null,
  feasible: Uint8Array | null | undefined,
): number {
  const n = utils[0]?.length ?? 0;
  for (const u of utils) {
    if (u.length !== n) throw new RangeError('every party needs one utility per outcome');
  }
  if (reservationValues && reservationValues.length !== utils.length) {
    throw new RangeError(`${utils.length} parties but ${reservationValues.length} reservation values`);
  }
  if (feasible && feasible.length !== n) {
    throw new RangeError(`the feasibility mask has ${feasible.length} entries, there are ${n} outcomes`);
  }
  return n;
}

/**
 * The outcome `ir[j]` with the largest `scores[j]`, ties resolved as the module comment says.
 * Correct only for scores that never decrease when one party's utility rises: then any outcome
 * that dominates a maximiser is itself a maximiser, so the undominated maximisers are frontier
 * points. Each solution fills `scores` in its own loop (no per-outcome callback) because this
 * runs over every IR outcome of spaces with millions of them.
 */
function argmaxOnFrontier(
  utils: readonly Float64Array[],
  ir: Uint32Array,
  scores: Float64Array,
): number | null {
  if (ir.length === 0) return null;
  let best = Number.NEGATIVE_INFINITY;
  let ties = 0;
  for (let j = 0; j < ir.length; j++) {
    const s = scores[j] as number;
    if (s > best) {
      best = s;
      ties = 1;
    } else if (s === best) ties++;
  }
  if (ties === 1) return ir[scores.indexOf(best)] as number;
  const tied = new Uint32Array(ties);
  for (let j = 0, t = 0; j < ir.length; j++) if (scores[j] === best) tied[t++] = ir[j] as number;
  let lowest = Number.POSITIVE_INFINITY;
  for (const k of paretoFrontier(utils, tied)) if (k < lowest) lowest = k;
  return lowest;
}

/** Gains u_i − rv_i of the IR outcomes, party by party: the input of every score below. */
function gainsOf(utils: readonly Float64Array[], rv: readonly number[], ir: Uint32Array): Float64Array[] {
  return utils.map((u, i) => {
    const r = rv[i] as number;
    const g = new Float64Array(ir.length);
    for (let j = 0; j < ir.length; j++) g[j] = (u[ir[j] as number] as number) - r;
    return g;
  });
}

function nashOf(
  utils: readonly Float64Array[],
  ir: Uint32Array,
  gains: readonly Float64Array[],
): number | null {
  const scores = new Float64Array(ir.length).fill(1);
  for (const g of gains)
    for (let j = 0; j < ir.length; j++) scores[j] = (scores[j] as number) * (g[j] as number);
  return argmaxOnFrontier(utils, ir, scores);
}

function kalaiOf(
  utils: readonly Float64Array[],
  ir: Uint32Array,
  gains: readonly Float64Array[],
): number | null {
  // Start at 1, the largest relative gain, so that a party left out changes nothing.
  const scores = new Float64Array(ir.length).fill(1);
  for (const g of gains) {
    let range = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < ir.length; j++) if ((g[j] as number) > range) range = g[j] as number;
    if (!(range > 0)) continue;
    for (let j = 0; j < ir.length; j++) {
      const r = (g[j] as number) / range;
      if (r < (scores[j] as number)) scores[j] = r;
    }
  }
  return argmaxOnFrontier(utils, ir, scores);
}

/**
 * GENIUS's Kalai–Smorodinsky point (`BidSpace.getKalaiSmorodinsky` in GENIUS 10.4): over the
 * frontier points (reservation values play no part), the first with the smallest asymmetry
 * Σ_{i<j} |u_i − u_j|, strictly below 2 (GENIUS's starting bound, so with three or more parties
 * there may be none). `utils` holds the frontier points only; ties go to the lowest position.
 *
 * @example
 * geniusKalaiPoint([Float64Array.of(0.9, 0.6, 0.3), Float64Array.of(0.2, 0.5, 0.8)]); // 1
 */
export function geniusKalaiPoint(utils: readonly Float64Array[]): number | null {
  const n = (utils[0] as Float64Array | undefined)?.length ?? 0;
  let best: number | null = null;
  let asymmetry = 2;
  for (let k = 0; k < n; k++) {
    let a = 0;
    for (let i = 0; i < utils.length; i++)
      for (let j = i + 1; j < utils.length; j++)
        a += Math.abs(((utils[i] as Float64Array)[k] as number) - ((utils[j] as Float64Array)[k] as number));
    if (a < asymmetry) {
      asymmetry = a;
      best = k;
    }
  }
  return best;
}

function utilitarianOf(utils: readonly Float64Array[], ir: Uint32Array): number | null {
  const scores = new Float64Array(ir.length);
  for (const u of utils)
    for (let j = 0; j < ir.length; j++) scores[j] = (scores[j] as number) + (u[ir[j] as number] as number);
  return argmaxOnFrontier(utils, ir, scores);
}

function egalitarianOf(
  utils: readonly Float64Array[],
  ir: Uint32Array,
  gains: readonly Float64Array[],
): number | null {
  const scores = new Float64Array(ir.length).fill(Number.POSITIVE_INFINITY);
  for (const g of gains) {
    for (let j = 0; j < ir.length; j++)
      if ((g[j] as number) < (scores[j] as number)) scores[j] = g[j] as number;
  }
  return argmaxOnFrontier(utils, ir, scores);
}
