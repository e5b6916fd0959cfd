/**
 * A party's own bid space: the outcomes that cross none of its red lines, sorted by its own
 * (undiscounted) utility, so that a negotiator can find "the cheapest outcome still worth the
 * target" by binary search. For an enumerable space of at most 2^22 outcomes the list is exact
 * (indices in a Uint32Array, utilities in a Float64Array) and cached per utility function, since
 * it depends on nothing else. Larger or real-valued spaces use a seeded sample of up to 20,000
 * candidates plus the party's best linear-additive outcome, so the curve a negotiator walks down is
 * an approximation there: it proposes the cheapest *sampled* outcome above its target, and its
 * Pmax/Pmin are the best and worst sampled utilities.
 */
import type { Issue } from '../model/issues.ts';
import type { Outcome, OutcomeSpace } from '../model/outcome-space.ts';
import type { Party } from '../model/party.ts';
import { Random } from '../model/random.ts';
import { type Evaluator, evaluate, type UtilityFunction } from '../model/utility.ts';

/** Largest space whose acceptable outcomes are listed exactly. */
export const EXACT_BID_SPACE_LIMIT = 2 ** 22;
/** Candidates kept for spaces that cannot be listed. */
export const CANDIDATE_SAMPLE_SIZE = 20_000;
/** Tolerance when comparing a utility with a target computed by a formula. */
const TARGET_EPS = 1e-9;
/** Utilities closer than this are a tie. */
const TIE_EPS = 1e-12;

/** An outcome with its own utility to the party. */
export interface Bid {
  readonly outcome: number[];
  readonly utility: number;
}

/**
 * Where tie-breaking draws come from: a generator, or anything that holds one (a turn's context), read
 * only when there is a tie, so that a turn without a tie never builds its rng substream.
 */
export type RandomSource = Random | { readonly rng: Random };

/**
 * The digit rows of a range of bids as a prefix tree, level by level: level j holds one node per
 * distinct prefix (digits of issues 0..j) among the bids, with its last digit and its parent at level
 * j − 1. The last level has one node per bid, in bid order. An additive table summed in issue order
 * over this tree does each partial sum once per distinct prefix, and gets, bid for bid, the very
 * floating-point numbers of the row-by-row sum (a prefix's partial sum does not depend on the bid).
 */
export interface DigitPrefixTree {
  /** The range of bid positions, [from, to). */
  readonly from: number;
  readonly to: number;
  /** Per level (issue), the last digit of each node. */
  readonly digit: readonly Uint8Array[];
  /** Per level, each node's parent at the level above (all 0 at level 0). */
  readonly parent: readonly Uint32Array[];
}

/** Smallest range worth a prefix tree: below it a row-by-row sum is as fast. */
export const PREFIX_TREE_MIN = 1024;
/** Prefix trees kept per bid space (a negotiator asks for the same range every turn). */
const PREFIX_TREES_PER_SPACE = 4;

/** Largest space whose per-outcome scratch buffers (`Scratch`) are kept between builds: 512 KiB. */
const SCRATCH_LIMIT = 2 ** 16;

/**
 * A scratch buffer of `BidSpace.exact`, kept at the largest size seen up to SCRATCH_LIMIT outcomes
 * (a forecast builds two bid spaces of one small space per run). Building a bid space is
 * synchronous, so no two builds ever use one at once.
 */
class Scratch<T extends Float64Array | Uint8Array> {
  private readonly make: (size: number) => T;
  private buffer: T;

  constructor(make: (size: number) => T) {
    this.make = make;
    this.buffer = make(0);
  }

  /** A buffer of exactly `size` elements. */
  get(size: number): T {
    if (size > SCRATCH_LIMIT) return this.make(size);
    if (this.buffer.length < size) this.buffer = this.make(size);
    return size === this.buffer.length ? this.buffer : (this.buffer.subarray(0, size) as T);
  }
}

const scratchUtilities = new Scratch((size) => new Float64Array(size));
const scratchMask = new Scratch((size) => new Uint8Array(size));

/** Exact bid spaces depend only on the utility function (weights, evaluators, regions, red lines). */
const exactCache = new WeakMap<UtilityFunction, BidSpace>();
/** Sampled bid spaces by utility function, then by `seed:index`. */
const sampleCache = new WeakMap<UtilityFunction, Map<string, BidSpace>>();
const SAMPLE_CACHE_PER_UTILITY = 8;

export class BidSpace {
  /** Own utilities of the listed outcomes, ascending. */
  readonly utilities: Float64Array;
  /** True when every own-acceptable outcome is listed, false for a sample. */
  readonly exact: boolean;
  private readonly indices: Uint32Array | null;
  private readonly outcomes: readonly number[][] | null;
  /** Mixed-radix place values and, per issue, what to add to a digit to get its value (exact only). */
  private readonly strides: readonly number[];
  private readonly offsets: readonly number[];
  /**
   * The mixed-radix digits of every listed outcome, one row of `issues` bytes per position (row k is
   * the k-th bid), when small enough to keep: exact spaces whose radices fit a byte and whose table
   * stays under 4 MiB. Null otherwise. Opponent models score bids from it without building outcomes.
   */
  readonly digits: Uint8Array | null;
  /** Number of issues (the length of an outcome, and of a row of `digits`). */
  readonly issues: number;
  private readonly trees = new Map<string, DigitPrefixTree>();
  /** Ranges asked for once, without a tree yet. */
  private readonly asked = new Set<string>();

  private constructor(
    space: OutcomeSpace,
    utilities: Float64Array,
    indices: Uint32Array | null,
    outcomes: readonly number[][] | null,
  ) {
    this.utilities = utilities;
    this.indices = indices;
    this.outcomes = outcomes;
    this.exact = indices !== null;
    this.strides = space.strides;
    this.offsets = space.issues.map((issue) => (issue.kind === 'integer' ? issue.min : 0));
    this.issues = space.issues.length;
    this.digits = indices === null ? null : digitTable(space, indices);
  }

  /** Number of listed outcomes (0 when the red lines exclude everything). */
  get size(): number {
    return this.utilities.length;
  }

  /** Highest own utility listed (NaN when empty). */
  get maxUtility(): number {
    return this.size === 0 ? Number.NaN : (this.utilities[this.size - 1] as number);
  }

  /** Lowest own utility listed (NaN when empty). */
  get minUtility(): number {
    return this.size === 0 ? Number.NaN : (this.utilities[0] as number);
  }

  /** The k-th listed outcome (ascending utility), as a fresh array. */
  outcome(k: number): number[] {
    return this.readOutcome(k, new Array<number>(this.issues));
  }

  /**
   * Writes the k-th listed outcome into `into` (of length `issues`) and returns it: the allocation-free
   * form of `outcome(k)`, for loops over many bids.
   */
  readOutcome(k: number, into: number[]): number[] {
    const indices = this.indices;
    const { strides, offsets, digits } = this;
    const n = strides.length;
    if (indices === null) {
      const stored = (this.outcomes as number[][])[k] as number[];
      for (let i = 0; i < n; i++) into[i] = stored[i] as number;
      return into;
    }
    if (!(k >= 0 && k < indices.length))
      throw new RangeError(`bid position ${k} is outside [0, ${indices.length})`);
    // `space.outcomeAt` inlined, from the digit table when there is one: bidders decode many
    // outcomes per turn.
    if (digits !== null) {
      const row = k * n;
      for (let i = 0; i < n; i++) into[i] = (digits[row + i] as number) + (offsets[i] as number);
      return into;
    }
    let rest = indices[k] as number;
    for (let i = 0; i < n; i++) {
      const s = strides[i] as number;
      const d = Math.floor(rest / s);
      rest -= d * s;
      into[i] = d + (offsets[i] as number);
    }
    return into;
  }

  /**
   * The digit rows of bids [from, to) as a prefix tree (see `DigitPrefixTree`), cached; null without
   * a digit table, for ranges shorter than `PREFIX_TREE_MIN`, and the first time a range is asked for:
   * a tree pays for itself only over repeated scorings of one range (the Nash search's range, every
   * turn), not for a range asked once (a moving window).
   */
  prefixTree(from: number, to: number): DigitPrefixTree | null {
    const digits = this.digits;
    if (digits === null || to - from < PREFIX_TREE_MIN) return null;
    const key = `${from}:${to}`;
    let tree = this.trees.get(key);
    if (tree === undefined) {
      if (!this.asked.has(key)) {
        if (this.asked.size >= 4 * PREFIX_TREES_PER_SPACE) this.asked.clear();
        this.asked.add(key);
        return null;
      }
      tree = buildPrefixTree(digits, this.issues, from, to);
      if (this.trees.size >= PREFIX_TREES_PER_SPACE)
        this.trees.delete(this.trees.keys().next().value as string);
      this.trees.set(key, tree);
    }
    return tree;
  }

  /** First position whose utility reaches `target` (size when none does). */
  lowerBound(target: number): number {
    const u = this.utilities;
    let lo = 0;
    let hi = u.length;
    const x = target - TARGET_EPS;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((u[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * The cheapest listed outcome worth at least `target`; the best one when none is. Outcomes of
   * equal utility are a tie, broken with `rng` (a generator, or a context holding one, read only on
   * a tie). Null when nothing is listed.
   */
  atLeast(target: number, rng: RandomSource): Bid | null {
    const k = this.positionAtLeast(target, rng);
    return k < 0 ? null : { outcome: this.outcome(k), utility: this.utilities[k] as number };
  }

  /**
   * The position (in ascending utility) of the outcome `atLeast` picks, without building it: -1
   * when nothing is listed. Lets a negotiator that bids the same position again reuse its outcome.
   */
  positionAtLeast(target: number, rng: RandomSource): number {
    const n = this.size;
    if (n === 0) return -1;
    let k = Math.min(this.lowerBound(target), n - 1);
    const u0 = this.utilities[k] as number;
    // Walk back too: when nothing reached the target, k is the best outcome and may share its utility.
    let first = k;
    while (first > 0 && u0 - (this.utilities[first - 1] as number) <= TIE_EPS) first--;
    let end = k + 1;
    while (end < n && (this.utilities[end] as number) - u0 <= TIE_EPS) end++;
    if (end - first > 1) k = first + (rng instanceof Random ? rng : rng.rng).int(end - first);
    return k;
  }

  /** A listed outcome drawn uniformly with `rng`, or null when nothing is listed. */
  any(rng: Random): number[] | null {
    return this.size === 0 ? null : this.outcome(rng.int(this.size));
  }

  /** The bid space of `party` (exact and cached when the space allows it, else a seeded sample). */
  static of(party: Party, space: OutcomeSpace, seed: number, index: number): BidSpace {
    const utility = party.utility;
    if (space.enumerable && space.size <= EXACT_BID_SPACE_LIMIT) {
      let cached = exactCache.get(utility);
      if (!cached) {
        cached = BidSpace.exact(utility, space);
        exactCache.set(utility, cached);
      }
      return cached;
    }
    // Samples depend on the seed and index too; keep the last few, since a server stepping a
    // session rebuilds its negotiators on every call.
    let bySeed = sampleCache.get(utility);
    if (!bySeed) {
      bySeed = new Map();
      sampleCache.set(utility, bySeed);
    }
    const key = `${seed}:${index}`;
    let found = bySeed.get(key);
    if (!found) {
      found = BidSpace.sampled(utility, space, Random.from(seed, 'negotiator-candidates', index));
      if (bySeed.size >= SAMPLE_CACHE_PER_UTILITY) bySeed.delete(bySeed.keys().next().value as string);
      bySeed.set(key, found);
    }
    return found;
  }

  private static exact(utility: UtilityFunction, space: OutcomeSpace): BidSpace {
    // Every outcome's utility (kept by a small space's utility function) and acceptability are
    // only read here, so they go to scratch buffers (a forecast builds two bid spaces per run);
    // what the bid space keeps is allocated below.
    const u = utility.keptUtilities() ?? utility.utilities(scratchUtilities.get(space.size));
    const mask = utility.acceptableMask(scratchMask.get(space.size));
    let count = 0;
    for (let k = 0; k < mask.length; k++) count += mask[k] as number;
    // One buffer for the positions and their utilities.
    const buffer = new ArrayBuffer(count * 12);
    const sorted = new Float64Array(buffer, 0, count);
    const idx = new Uint32Array(buffer, count * 8, count);
    let j = 0;
    for (let k = 0; k < mask.length; k++) if (mask[k] === 1) idx[j++] = k;
    // Index as the second key keeps the order, and so every tie-break, independent of the sort
    // algorithm. The comparator answers -1, 1 or the index difference (small integers), never a
    // fractional difference of utilities, which V8 would allocate a number for on every comparison.
    idx.sort((a, b) => {
      const ua = u[a] as number;
      const ub = u[b] as number;
      return ua < ub ? -1 : ua > ub ? 1 : a - b;
    });
    for (let k = 0; k < count; k++) sorted[k] = u[idx[k] as number] as number;
    return new BidSpace(space, sorted, idx, null);
  }

  private static sampled(utility: UtilityFunction, space: OutcomeSpace, rng: Random): BidSpace {
    const seen = new Set<string>();
    const list: { o: number[]; u: number }[] = [];
    const add = (o: number[]) => {
      const key = o.join(',');
      if (seen.has(key) || !utility.acceptable(o)) return;
      seen.add(key);
      list.push({ o, u: utility.evaluate(o) });
    };
    // The best linear-additive outcome anchors the top of the curve, which uniform sampling of a
    // huge space would almost surely miss.
    add(bestLinearOutcome(utility, space));
    // Red lines can reject most draws; bound the attempts so construction always terminates.
    for (let tries = 0; list.length < CANDIDATE_SAMPLE_SIZE && tries < 5 * CANDIDATE_SAMPLE_SIZE; tries++) {
      add(space.sample(rng));
    }
    // Stable sort: equal utilities keep their (seeded) draw order.
    list.sort((a, b) => a.u - b.u);
    return new BidSpace(
      space,
      Float64Array.from(list, (c) => c.u),
      null,
      list.map((c) => c.o),
    );
  }
}

function buildPrefixTree(digits: Uint8Array, n: number, from: number, to: number): DigitPrefixTree {
  const count = to - from;
  const digit: Uint8Array[] = [];
  const parent: Uint32Array[] = [];
  // The node of each bid at the current level, and the level's nodes by (parent, digit).
  let nodeOf = new Uint32Array(count);
  for (let j = 0; j < n; j++) {
    const last = j === n - 1;
    const d = new Uint8Array(count);
    const p = new Uint32Array(count);
    const next = new Uint32Array(count);
    const seen = new Map<number, number>();
    let nodes = 0;
    for (let b = 0; b < count; b++) {
      const dj = digits[(from + b) * n + j] as number;
      const up = j === 0 ? 0 : (nodeOf[b] as number);
      let node: number;
      if (last) node = nodes++;
      else {
        const key = up * 256 + dj;
        const found = seen.get(key);
        if (found === undefined) {
          node = nodes++;
          seen.set(key, node);
        } else node = found;
      }
      d[node] = dj;
      p[node] = up;
      next[b] = node;
    }
    digit.push(d.slice(0, nodes));
    parent.push(p.slice(0, nodes));
    nodeOf = next;
  }
  return { from, to, digit, parent };
}

/** Most digits kept in a bid space's digit table (one byte each). */
const DIGIT_TABLE_LIMIT = 2 ** 22;

/**
 * The mixed-radix digits of the outcomes at `indices`, row by row, or null when a radix exceeds a
 * byte or the table would pass DIGIT_TABLE_LIMIT (then outcomes are decoded by division).
 */
function digitTable(space: OutcomeSpace, indices: Uint32Array): Uint8Array | null {
  const n = space.issues.length;
  if (space.radices.some((r) => r > 256) || indices.length * n > DIGIT_TABLE_LIMIT) return null;
  const digits = new Uint8Array(indices.length * n);
  const all = space.size * n <= DIGIT_TABLE_LIMIT ? spaceDigits(space) : null;
  if (all !== null) {
    // Rows copied from the space's own table: every bid space of a space (two per forecast run)
    // lists rows of the same table.
    for (let k = 0; k < indices.length; k++) {
      const from = (indices[k] as number) * n;
      for (let i = 0; i < n; i++) digits[k * n + i] = all[from + i] as number;
    }
    return digits;
  }
  for (let k = 0; k < indices.length; k++) decodeDigits(space, indices[k] as number, digits, k * n);
  return digits;
}

/** Writes the mixed-radix digits of outcome `index` into `into` from position `at`. */
function decodeDigits(space: OutcomeSpace, index: number, into: Uint8Array, at: number): void {
  const strides = space.strides;
  let rest = index;
  for (let i = 0; i < strides.length; i++) {
    const s = strides[i] as number;
    const d = Math.floor(rest / s);
    rest -= d * s;
    into[at + i] = d;
  }
}

/** The digit rows of every outcome of a space, by index (see `spaceDigits`). */
const spaceDigitTables = new WeakMap<OutcomeSpace, Uint8Array>();

/** The digits of every outcome of `space`, one row per index, built once per space. */
function spaceDigits(space: OutcomeSpace): Uint8Array {
  let all = spaceDigitTables.get(space);
  if (all === undefined) {
    const n = space.issues.length;
    all = new Uint8Array(space.size * n);
    for (let k = 0; k < space.size; k++) decodeDigits(space, k, all, k * n);
    spaceDigitTables.set(space, all);
  }
  return all;
}

/** Per issue, the value where the weighted evaluator is highest (region terms ignored). */
function bestLinearOutcome(utility: UtilityFunction, space: OutcomeSpace): number[] {
  return space.issues.map((issue, i) => {
    const ev = utility.evaluators[i] as Evaluator;
    const w = utility.weights[i] as number;
    let best = Number.NEGATIVE_INFINITY;
    let arg = candidateValues(issue, ev)[0] as number;
    for (const v of candidateValues(issue, ev)) {
      const x = w * evaluate(ev, issue, v);
      if (x > best) {
        best = x;
        arg = v;
      }
    }
    return arg;
  });
}

/** Values at which an evaluator can reach its extremes on an issue. */
function candidateValues(issue: Issue, ev: Evaluator): number[] {
  if (issue.kind === 'discrete') return issue.values.map((_, d) => d);
  if (issue.kind === 'integer' && ev.kind === 'table') {
    // Values past the end of the table evaluate to 0, so the range's top is a candidate too.
    const top = Math.min(issue.max, issue.min + ev.values.length - 1);
    const pts = Array.from({ length: top - issue.min + 1 }, (_, d) => issue.min + d);
    if (top < issue.max) pts.push(issue.max);
    return pts;
  }
  const pts = [issue.min, issue.max];
  if (ev.kind === 'piecewise') {
    for (const x of ev.xs) {
      if (x > issue.min && x < issue.max) pts.push(issue.kind === 'integer' ? Math.round(x) : x);
    }
  }
  return pts;
}

/** Whether an outcome is one the party could ever propose: well formed and crossing no own red line. */
export function ownAcceptable(party: Party, space: OutcomeSpace, o: Outcome): boolean {
  return space.contains(o) && party.utility.acceptable(o);
}
