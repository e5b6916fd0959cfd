/**
 * Quantiles of a stream of numbers in bounded memory: a deterministic compactor sketch (Manku,
 * Rajagopalan & Lindsay 1998; the shape KLL later refined). Level h holds values that each stand
 * for 2^h of the stream's values. Level 0 takes new values; when a level reaches its capacity it is
 * sorted and every other value (alternately the odd or the even ones, so that the rounding does not
 * drift one way) moves up a level with twice the weight. Until the first compaction the sketch is
 * the values themselves, so its quantiles are exact; after it, each is off by at most
 * `rankError(sketch)` of the count in rank. Memory is `capacity` values per level, and the levels
 * grow with the logarithm of the count: 15 levels of 32,768 values (3.75 MiB) hold a billion values.
 *
 * The sketch is plain data (typed arrays and numbers) so that it crosses a thread boundary as is.
 * Adding and merging are deterministic: the same values merged in the same order give the same
 * sketch bit for bit, which is what lets a forecast give the same numbers on any number of workers.
 */
/** Values per level by default: quantiles are exact up to this many values. */
export const SKETCH_CAPACITY = 32_768;

/** A compactor sketch (see the module comment). */
export interface QuantileSketch {
  /** Values summarised (the total weight). */
  count: number;
  /** Values per level before it is compacted (even). */
  readonly capacity: number;
  /** Level h: `values[0, size)` each weigh 2^h. */
  readonly levels: { values: Float64Array; size: number }[];
  /** Compactions so far: its parity picks which half of a sorted level moves up. */
  compactions: number;
}

/**
 * An empty sketch holding up to `capacity` values per level.
 *
 * @example
 * const s = newSketch();
 * for (const x of [3, 1, 2]) addToSketch(s, x);
 * sketchQuantile(s, 0.5); // 2
 */
export function newSketch(capacity = SKETCH_CAPACITY): QuantileSketch {
  if (!(Number.isInteger(capacity) && capacity >= 2 && capacity % 2 === 0))
    throw new RangeError(`a sketch's capacity must be an even whole number >= 2, not ${capacity}`);
  return { count: 0, capacity, levels: [], compactions: 0 };
}

function level(s: QuantileSketch, h: number): { values: Float64Array; size: number } {
  while (s.levels.length <= h) s.levels.push({ values: new Float64Array(0), size: 0 });
  return s.levels[h] as { values: Float64Array; size: number };
}

/** Appends `x` to level h (weight 2^h), compacting the level when it is full. */
function push(s: QuantileSketch, h: number, x: number): void {
  const l = level(s, h);
  if (l.size === l.values.length) {
    // Grow up to the capacity: a sketch of a few values stays a few values long.
    const grown = new Float64Array(Math.min(s.capacity, Math.max(16, l.values.length * 2)));
    grown.set(l.values.subarray(0, l.size));
    l.values = grown;
  }
  l.values[l.size++] = x;
  if (l.size === s.capacity) {
    const sorted = l.values.subarray(0, l.size).sort();
    const offset = s.compactions++ % 2;
    l.size = 0;
    for (let k = offset; k < sorted.length; k += 2) push(s, h + 1, sorted[k] as number);
  }
}

/** Adds one value. */
export function addToSketch(s: QuantileSketch, x: number): void {
  s.count++;
  push(s, 0, x);
}

/**
 * Adds everything `from` summarises to `into`, level by level in order. Merging the sketches of
 * consecutive parts of a stream in their order gives the sketch of the whole stream exactly when
 * the parts were never compacted (a part shorter than its capacity), as forecast tasks are.
 */
export function mergeSketch(into: QuantileSketch, from: QuantileSketch): void {
  into.count += from.count;
  from.levels.forEach((l, h) => {
    for (let k = 0; k < l.size; k++) push(into, h, l.values[k] as number);
  });
}

/** True while the sketch holds every value it was given (its quantiles are then exact). */
export function sketchIsExact(s: QuantileSketch): boolean {
  return s.compactions === 0;
}

/**
 * The most a quantile can be off, as a share of the count in rank: each compaction of level h
 * moves a rank by at most 2^h. 0 while the sketch is exact.
 */
export function rankError(s: QuantileSketch): number {
  if (s.count === 0 || sketchIsExact(s)) return 0;
  // Level h has been compacted at most count / (capacity · 2^h) times.
  let error = 0;
  for (let h = 0; h < s.levels.length; h++) error += Math.floor(s.count / (s.capacity * 2 ** h)) * 2 ** h;
  return error / s.count;
}

/**
 * The q-quantiles of values given in ascending order with a weight each (a value of weight w
 * stands for w equal order statistics): linear interpolation between the order statistics around
 * rank (total − 1)·q, as R's and NumPy's default. With every weight 1 this is the textbook
 * quantile of a sorted sample. NaN when the weights sum to 0.
 *
 * @example
 * weightedQuantiles([1, 2, 3], [1, 1, 2], [0.5]); // [2.5]: the sample 1, 2, 3, 3
 */
export function weightedQuantiles(
  sorted: ArrayLike<number>,
  weights: ArrayLike<number>,
  qs: readonly number[],
): number[] {
  let total = 0;
  for (let k = 0; k < weights.length; k++) total += weights[k] as number;
  if (total === 0) return qs.map(() => Number.NaN);
  // Order statistic r (0-based): the value whose weight covers rank r.
  const at = (r: number): number => {
    let seen = 0;
    for (let k = 0; k < sorted.length; k++) {
      seen += weights[k] as number;
      if (r < seen) return sorted[k] as number;
    }
    return sorted[sorted.length - 1] as number;
  };
  return qs.map((q) => {
    const pos = (total - 1) * q;
    const lo = Math.floor(pos);
    const a = at(lo);
    return a + (at(Math.min(total - 1, lo + 1)) - a) * (pos - lo);
  });
}

/**
 * The q-quantiles of what the sketch summarises: exact while the sketch is, else within
 * `rankError` in rank. NaN for an empty sketch.
 *
 * @example
 * sketchQuantiles(sketch, [0.05, 0.5, 0.95]);
 */
export function sketchQuantiles(s: QuantileSketch, qs: readonly number[]): number[] {
  const n = s.levels.reduce((a, l) => a + l.size, 0);
  const values = new Float64Array(n);
  const weights = new Float64Array(n);
  let k = 0;
  s.levels.forEach((l, h) => {
    values.set(l.values.subarray(0, l.size), k);
    weights.fill(2 ** h, k, k + l.size);
    k += l.size;
  });
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (values[a] as number) - (values[b] as number),
  );
  return weightedQuantiles(
    order.map((i) => values[i] as number),
    order.map((i) => weights[i] as number),
    qs,
  );
}
