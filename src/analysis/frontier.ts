/**
 * The Pareto frontier of a set of outcomes in utility space: the outcomes that no other outcome
 * dominates (at least as good for every party and strictly better for one). Utilities come as one
 * Float64Array per party, indexed by outcome, so the frontier of a million outcomes is a few
 * passes over typed arrays. Two parties get an O(n) bucket prefilter followed by a sort-and-sweep
 * of the survivors, one bucket at a time; three parties a lexicographic sort and a Fenwick-tree
 * sweep, O(n log n); any other number a sort by the sum of utilities and a comparison against the
 * running frontier. Both of the latter start with an O(n) prefilter against a few strong pivots.
 * All are exact: utilities are compared as stored, never with a tolerance, and outcomes with
 * identical utility vectors are all kept when they are undominated.
 *
 * @example
 * const u0 = Float64Array.of(1, 0.5, 0, 0.4);
 * const u1 = Float64Array.of(0, 0.5, 1, 0.4);
 * paretoFrontier([u0, u1]); // Uint32Array [0, 1, 2]: outcome 3 is dominated by outcome 1
 */

/** Indices of outcomes: a typed array, so that callers can pass a filtered subset cheaply. */
export type OutcomeIndices = Uint32Array | Int32Array;

/**
 * Indices of the non-dominated outcomes among `candidates` (all outcomes `0..n-1` by default).
 *
 * `utils[i][k]` is party i's utility of outcome k; every array has the same length and every
 * value must be finite. Outcome p is dominated when some candidate q has `utils[i][q] >=
 * utils[i][p]` for every party i and `>` for at least one. Candidates with identical utility
 * vectors are all returned when undominated; a candidate listed twice is returned twice.
 *
 * The result is sorted by the first party's utility, descending; ties by the later parties'
 * utilities, descending, in party order; remaining ties (identical vectors) by index, ascending.
 *
 * @example
 * const frontier = paretoFrontier([usUtility, chinaUtility], feasibleIndices);
 */
export function paretoFrontier(utils: readonly Float64Array[], candidates?: OutcomeIndices): Uint32Array {
  const parties = utils.length;
  if (parties === 0) throw new RangeError('paretoFrontier needs the utilities of at least one party');
  const n = (utils[0] as Float64Array).length;
  for (const u of utils) {
    if (u.length !== n) throw new RangeError('paretoFrontier: every party needs one utility per outcome');
  }
  const cand = candidates ?? null;
  if (cand) {
    for (let k = 0; k < cand.length; k++) {
      const i = cand[k] as number;
      if (!(i >= 0 && i < n)) throw new RangeError(`paretoFrontier: candidate ${i} is outside [0, ${n})`);
    }
  }
  if ((cand ? cand.length : n) === 0) return new Uint32Array(0);
  return parties === 2
    ? frontier2(utils[0] as Float64Array, utils[1] as Float64Array, cand)
    : frontierN(utils, cand ?? identity(n));
}

/**
 * The frontier by comparing every pair of candidates: O(n²), the reference that the fast
 * algorithms are tested against, and the baseline of the benchmark. Same contract and order as
 * {@link paretoFrontier}.
 *
 * @example
 * expect(paretoFrontier(utils)).toEqual(bruteForceFrontier(utils));
 */
export function bruteForceFrontier(utils: readonly Float64Array[], candidates?: OutcomeIndices): Uint32Array {
  const n = utils[0]?.length ?? 0;
  const cand = candidates ?? identity(n);
  const out: number[] = [];
  for (let a = 0; a < cand.length; a++) {
    const p = cand[a] as number;
    let dominated = false;
    for (let b = 0; b < cand.length && !dominated; b++) {
      dominated = dominates(utils, cand[b] as number, p);
    }
    if (!dominated) out.push(p);
  }
  return sortForOutput(utils, Uint32Array.from(out));
}

/**
 * Whether outcome q dominates outcome p: >= for every party and > for at least one.
 *
 * @example
 * dominates([Float64Array.of(1, 1), Float64Array.of(0.5, 0.2)], 0, 1); // true
 */
export function dominates(utils: readonly Float64Array[], q: number, p: number): boolean {
  let strict = false;
  for (let i = 0; i < utils.length; i++) {
    const u = utils[i] as Float64Array;
    const a = u[q] as number;
    const b = u[p] as number;
    if (a < b) return false;
    if (a > b) strict = true;
  }
  return strict;
}

/**
 * Whether the utility vector `q` dominates the utility vector `p` (same rule as {@link dominates}).
 *
 * @example
 * dominatesPoint([0.6, 0.5], [0.4, 0.5]); // true
 */
export function dominatesPoint(q: ArrayLike<number>, p: ArrayLike<number>): boolean {
  let strict = false;
  for (let i = 0; i < p.length; i++) {
    const a = q[i] as number;
    const b = p[i] as number;
    if (a < b) return false;
    if (a > b) strict = true;
  }
  return strict;
}

function identity(n: number): Uint32Array {
  const a = new Uint32Array(n);
  for (let k = 0; k < n; k++) a[k] = k;
  return a;
}

/**
 * Two parties. Bucket the candidates by u0 into B equal-width buckets: the bucket number is a
 * monotone function of u0 (each floating-point step rounds monotonically), so a candidate in a
 * strictly higher bucket has a strictly higher u0. If p's u1 is <= the largest u1 found in any
 * strictly higher bucket, the outcome holding that maximum is > p on u0 and >= p on u1: p is
 * strictly dominated and can go. Ties on u0 always share a bucket, so nothing tied is ever
 * dropped by the prefilter.
 *
 * For a survivor p in bucket b, every candidate that could dominate it lies in bucket b (those
 * in higher buckets have u1 below p's, those in lower buckets have lower u0). So each bucket is
 * finished on its own: sort its survivors by (u0 desc, u1 desc) and sweep, with the running best
 * u1 starting at the maximum over the higher buckets. B is capped at 2^16 so that the per-bucket
 * maxima, written in random order, stay in cache; bucket numbers are recomputed rather than
 * stored, which costs less than a pass over another array. Spread data leaves a handful of
 * survivors per bucket, so the whole thing is O(n) plus small sorts; a bucket whose survivors
 * share one u0 (coarse utilities, many ties) is finished without sorting.
 */
function frontier2(u0: Float64Array, u1: Float64Array, cand: OutcomeIndices | null): Uint32Array {
  const m = cand === null ? u0.length : cand.length;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < m; k++) {
    const i = cand === null ? k : (cand[k] as number);
    const x = u0[i] as number;
    const y = u1[i] as number;
    // x - x is 0 for finite x and NaN for NaN and ±Infinity.
    if (x - x !== 0 || y - y !== 0)
      throw new RangeError(`paretoFrontier: utility of outcome ${i} is not finite`);
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  const buckets = Math.min(m, MAX_BUCKETS);
  const scale = hi > lo ? buckets / (hi - lo) : 0;
  const last = buckets - 1;
  const bucket = (x: number): number => {
    const b = (x - lo) * scale;
    return b >= last ? last : b | 0;
  };
  // Max u1 per bucket, turned in place into the max over strictly higher buckets.
  const above = new Float64Array(buckets).fill(Number.NEGATIVE_INFINITY);
  for (let k = 0; k < m; k++) {
    const i = cand === null ? k : (cand[k] as number);
    const b = bucket(u0[i] as number);
    const y = u1[i] as number;
    if (y > (above[b] as number)) above[b] = y;
  }
  let running = Number.NEGATIVE_INFINITY;
  for (let b = last; b >= 0; b--) {
    const own = above[b] as number;
    above[b] = running;
    if (own > running) running = own;
  }
  // Counting sort of the survivors by bucket, highest bucket first (slot s holds bucket last - s).
  const start = new Int32Array(buckets + 1);
  for (let k = 0; k < m; k++) {
    const i = cand === null ? k : (cand[k] as number);
    const b = bucket(u0[i] as number);
    if ((u1[i] as number) > (above[b] as number)) start[last - b + 1] = (start[last - b + 1] as number) + 1;
  }
  for (let s = 1; s <= buckets; s++) start[s] = (start[s] as number) + (start[s - 1] as number);
  const order = new Uint32Array(start[buckets] as number);
  const fill = start.slice(0, buckets);
  for (let k = 0; k < m; k++) {
    const i = cand === null ? k : (cand[k] as number);
    const b = bucket(u0[i] as number);
    if ((u1[i] as number) <= (above[b] as number)) continue;
    const s = last - b;
    order[fill[s] as number] = i;
    fill[s] = (fill[s] as number) + 1;
  }
  const out = new Uint32Array(order.length);
  let count = 0;
  const byU0U1 = (p: number, q: number): number =>
    (u0[q] as number) - (u0[p] as number) || (u1[q] as number) - (u1[p] as number) || p - q;
  for (let s = 0; s < buckets; s++) {
    const from = start[s] as number;
    const to = start[s + 1] as number;
    if (from === to) continue;
    if (to - from === 1) {
      out[count++] = order[from] as number;
      continue;
    }
    const seg = order.subarray(from, to);
    if (sameU0(u0, seg)) {
      // One u0 value: the members holding the largest u1 win, in index order.
      let g = Number.NEGATIVE_INFINITY;
      for (const i of seg) if ((u1[i] as number) > g) g = u1[i] as number;
      const first = count;
      for (const i of seg) if (u1[i] === g) out[count++] = i;
      out.subarray(first, count).sort();
      continue;
    }
    if (seg.length <= 16) insertionSort(seg, byU0U1);
    else seg.sort(byU0U1);
    // Sweep: groups of equal u0, each led by its largest u1. A member survives when its u1 is
    // its group's largest and beats every u1 seen at a strictly larger u0.
    let best = above[last - s] as number;
    let k = 0;
    while (k < seg.length) {
      const x = u0[seg[k] as number] as number;
      const g = u1[seg[k] as number] as number;
      let j = k;
      if (g > best) {
        while (j < seg.length && u0[seg[j] as number] === x && u1[seg[j] as number] === g) {
          out[count++] = seg[j] as number;
          j++;
        }
        best = g;
      }
      while (j < seg.length && u0[seg[j] as number] === x) j++;
      k = j;
    }
  }
  return out.slice(0, count);
}

/** Most buckets of the two-party prefilter: 2^16 maxima (512 KiB) stay in cache. */
const MAX_BUCKETS = 1 << 16;

function sameU0(u0: Float64Array, seg: Uint32Array): boolean {
  const x = u0[seg[0] as number];
  for (let k = 1; k < seg.length; k++) if (u0[seg[k] as number] !== x) return false;
  return true;
}

function insertionSort(a: Uint32Array, cmp: (p: number, q: number) => number): void {
  for (let k = 1; k < a.length; k++) {
    const v = a[k] as number;
    let j = k - 1;
    while (j >= 0 && cmp(a[j] as number, v) > 0) {
      a[j + 1] = a[j] as number;
      j--;
    }
    a[j + 1] = v;
  }
}

/**
 * Any number of parties but two. First a prefilter discards, in O(n), whatever a few pivots
 * dominate: the candidate with the largest sum of utilities and, for each party, the one with that
 * party's largest utility (ties by sum). Any candidate may serve as a pivot, so this is exact; it
 * only makes what follows smaller. Three parties then go to {@link frontier3}, O(n log n); any
 * other number to {@link sweepBySum}, O(n log n + n·F) for a frontier of F points.
 */
function frontierN(utils: readonly Float64Array[], cand: OutcomeIndices): Uint32Array {
  const parties = utils.length;
  const m = cand.length;
  const sums = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const p = cand[k] as number;
    let s = 0;
    for (let i = 0; i < parties; i++) s += (utils[i] as Float64Array)[p] as number;
    if (s - s !== 0) throw new RangeError(`paretoFrontier: utility of outcome ${p} is not finite`);
    sums[k] = s;
  }
  const pivots = new Set<number>();
  for (let i = -1; i < parties; i++) {
    // i = -1: largest sum; otherwise largest utility of party i, ties by sum.
    let best = 0;
    for (let k = 1; k < m; k++) {
      const key = i < 0 ? 0 : ((utils[i] as Float64Array)[cand[k] as number] as number);
      const bestKey = i < 0 ? 0 : ((utils[i] as Float64Array)[cand[best] as number] as number);
      if (key > bestKey || (key === bestKey && (sums[k] as number) > (sums[best] as number))) best = k;
    }
    pivots.add(cand[best] as number);
  }
  const pivotList = [...pivots];
  const kept = new Uint32Array(m);
  const keptSums = new Float64Array(m);
  let count = 0;
  for (let k = 0; k < m; k++) {
    const p = cand[k] as number;
    let dominated = false;
    for (const q of pivotList) {
      if (dominates(utils, q, p)) {
        dominated = true;
        break;
      }
    }
    if (dominated) continue;
    kept[count] = p;
    keptSums[count++] = sums[k] as number;
  }
  return parties === 3
    ? frontier3(utils, kept.subarray(0, count))
    : sweepBySum(utils, kept.subarray(0, count), keptSums.subarray(0, count));
}

/**
 * If q dominates p then q's sum of utilities is >= p's (floating-point addition is monotone, so
 * this holds for the computed sums too, though they may be equal) and q is lexicographically
 * greater than p (compared exactly, value by value). Sorting by (sum desc, lexicographic desc)
 * therefore puts every dominator of p before p; and since domination is transitive and the set is
 * finite, a dominated p is dominated by some frontier point placed before it. So one pass that
 * compares each candidate with the frontier found so far is exact.
 */
function sweepBySum(utils: readonly Float64Array[], cand: Uint32Array, sums: Float64Array): Uint32Array {
  const parties = utils.length;
  const pos = Uint32Array.from(cand.keys());
  pos.sort((a, b) => {
    const d = (sums[b] as number) - (sums[a] as number);
    if (d !== 0) return d;
    const p = cand[a] as number;
    const q = cand[b] as number;
    for (let i = 0; i < parties; i++) {
      const u = utils[i] as Float64Array;
      const e = (u[q] as number) - (u[p] as number);
      if (e !== 0) return e;
    }
    return p - q;
  });
  const frontier: number[] = [];
  for (const k of pos) {
    const p = cand[k] as number;
    let dominated = false;
    for (let f = 0; f < frontier.length; f++) {
      if (dominates(utils, frontier[f] as number, p)) {
        dominated = true;
        break;
      }
    }
    if (!dominated) frontier.push(p);
  }
  return sortForOutput(utils, Uint32Array.from(frontier));
}

/**
 * Three parties in O(n log n). Sort lexicographically descending, so that every dominator of p
 * comes before p (it is >= everywhere and differs somewhere). Then p is dominated exactly when some
 * earlier candidate with a different utility vector has u1 >= p's u1 and u2 >= p's u2: its u0 is
 * >= p's by the order, so it is >= everywhere and, being a different vector, dominates. A Fenwick
 * tree over the ranks of u1 (largest first) holding the largest u2 seen answers "largest u2 among
 * earlier candidates with u1 >= a" in O(log n). Candidates with identical vectors are adjacent;
 * each run is queried before any of it is inserted, so identical vectors never rule each other
 * out. The processing order is the output order, so no final sort is needed.
 */
function frontier3(utils: readonly Float64Array[], cand: Uint32Array): Uint32Array {
  const [u0, u1, u2] = utils as [Float64Array, Float64Array, Float64Array];
  const order = cand.slice().sort((p, q) => {
    return (
      (u0[q] as number) - (u0[p] as number) ||
      (u1[q] as number) - (u1[p] as number) ||
      (u2[q] as number) - (u2[p] as number) ||
      p - q
    );
  });
  // Distinct u1 values, largest first: rank r means the (r+1)-th largest.
  const values = Float64Array.from(order, (p) => u1[p] as number)
    .sort()
    .reverse();
  let distinct = 0;
  for (let k = 0; k < values.length; k++) {
    if (distinct === 0 || values[k] !== values[distinct - 1]) values[distinct++] = values[k] as number;
  }
  const rank = (a: number): number => {
    let lo = 0;
    let hi = distinct - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((values[mid] as number) > a) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  // Fenwick tree of prefix maxima over ranks 0..r (u1 >= values[r]).
  const tree = new Float64Array(distinct + 1).fill(Number.NEGATIVE_INFINITY);
  const out = new Uint32Array(order.length);
  let count = 0;
  let k = 0;
  while (k < order.length) {
    const p = order[k] as number;
    const a = u1[p] as number;
    const b = u2[p] as number;
    let end = k + 1;
    while (
      end < order.length &&
      u0[order[end] as number] === u0[p] &&
      u1[order[end] as number] === a &&
      u2[order[end] as number] === b
    ) {
      end++;
    }
    const r = rank(a);
    let best = Number.NEGATIVE_INFINITY;
    for (let i = r + 1; i > 0; i -= i & -i) if ((tree[i] as number) > best) best = tree[i] as number;
    if (!(best >= b)) {
      for (let j = k; j < end; j++) out[count++] = order[j] as number;
    }
    for (let i = r + 1; i <= distinct; i += i & -i) if (b > (tree[i] as number)) tree[i] = b;
    k = end;
  }
  return out.slice(0, count);
}

/** Sorts frontier indices by the output order documented on {@link paretoFrontier}. */
function sortForOutput(utils: readonly Float64Array[], idx: Uint32Array): Uint32Array {
  return idx.sort((p, q) => {
    for (let i = 0; i < utils.length; i++) {
      const u = utils[i] as Float64Array;
      const e = (u[q] as number) - (u[p] as number);
      if (e !== 0) return e;
    }
    return p - q;
  });
}
