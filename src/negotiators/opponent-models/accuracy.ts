/**
 * How good an opponent model is: the Pearson correlation and Kendall's tau-b between its estimated
 * utilities and the opponent's true ones over a set of outcomes (the measures of Baarslag et al.,
 * "Predicting the performance of opponent models in automated negotiation", 2013). Tau-b is exact
 * over every pair of outcomes, counted in O(n log n) by Knight's method (1966): sort by estimate
 * then truth, and count the discordant pairs as the swaps of a merge sort by truth. A constant
 * estimate (a model that has seen nothing) carries no ranking information: both measures are then
 * 0, never NaN. A non-finite value (a model's bug) makes both NaN.
 */
import type { Outcome } from '../../model/outcome-space.ts';

/** Accuracy of an estimate against the truth. */
export interface ModelAccuracy {
  /** Pearson correlation of estimated and true utilities, in [−1, 1]. */
  readonly pearson: number;
  /** Kendall's tau-b over every pair of outcomes, in [−1, 1]. */
  readonly kendall: number;
}

/**
 * Scores an opponent model's estimate against the true utility over `outcomes`.
 *
 * @example
 * const { pearson, kendall } = modelAccuracy((o) => model.utility(o), (o) => truth.evaluate(o), outcomes);
 */
export function modelAccuracy(
  estimate: (o: Outcome) => number,
  truth: (o: Outcome) => number,
  outcomes: readonly Outcome[],
): ModelAccuracy {
  const x = Float64Array.from(outcomes, (o) => estimate(o));
  const y = Float64Array.from(outcomes, (o) => truth(o));
  return { pearson: pearsonCorrelation(x, y), kendall: kendallTauB(x, y) };
}

/**
 * Pearson correlation of two equally long series, clamped to [−1, 1]; 0 when either is constant
 * (or shorter than 2).
 *
 * @example
 * pearsonCorrelation(Float64Array.of(1, 2, 3), Float64Array.of(2, 4, 7)); // ≈ 0.99
 */
export function pearsonCorrelation(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  if (n < 2) return 0;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i] as number;
    my += y[i] as number;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - mx;
    const dy = (y[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx <= 1e-24 || syy <= 1e-24) return 0;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/**
 * Kendall's tau-b of two equally long series over all n(n−1)/2 pairs, in O(n log n):
 * (concordant − discordant) / √((pairs not tied in x) · (pairs not tied in y)). 0 when either
 * series is constant (or shorter than 2); NaN when a value is not finite. Every count is an exact
 * integer, so the result is the one a comparison of every pair gives, to the last bit.
 *
 * @example
 * kendallTauB(Float64Array.of(1, 2, 3), Float64Array.of(1, 3, 2)); // 1/3
 */
export function kendallTauB(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  if (n < 2) return 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x[i] as number) || !Number.isFinite(y[i] as number)) return Number.NaN;
  }
  // Positions in order of x, then of y among equal x (any sort will do: ties are by value).
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (x[a] as number) - (x[b] as number) || (y[a] as number) - (y[b] as number),
  );
  // Pairs tied in x, and pairs tied in both (runs of equal x, and runs of equal y within them).
  let tiedX = 0;
  let tiedBoth = 0;
  for (let i = 0; i < n; ) {
    const xi = x[order[i] as number] as number;
    let j = i + 1;
    while (j < n && x[order[j] as number] === xi) j++;
    tiedX += pairsIn(j - i);
    for (let k = i; k < j; ) {
      const yk = y[order[k] as number] as number;
      let m = k + 1;
      while (m < j && y[order[m] as number] === yk) m++;
      tiedBoth += pairsIn(m - k);
      k = m;
    }
    i = j;
  }
  // y in that order: a pair is discordant exactly when its later y is strictly smaller (pairs tied
  // in x are in increasing y), which is one swap of a stable merge sort by y.
  const ys = Float64Array.from(order, (i) => y[i] as number);
  const discordant = mergeSortSwaps(ys);
  let tiedY = 0;
  for (let i = 0; i < n; ) {
    let j = i + 1;
    while (j < n && ys[j] === ys[i]) j++;
    tiedY += pairsIn(j - i);
    i = j;
  }
  const all = pairsIn(n);
  const untied = all - tiedX - tiedY + tiedBoth; // concordant + discordant
  const denom = Math.sqrt((all - tiedX) * (all - tiedY));
  return denom === 0 ? 0 : (untied - 2 * discordant) / denom;
}

function pairsIn(k: number): number {
  return (k * (k - 1)) / 2;
}

/**
 * Sorts `a` ascending in place (stable, bottom-up merge sort) and returns the number of pairs that
 * were out of order (i < j with a[i] > a[j], strictly).
 */
function mergeSortSwaps(a: Float64Array): number {
  const n = a.length;
  let src: Float64Array = a;
  let dst: Float64Array = new Float64Array(n);
  let swaps = 0;
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        if ((src[j] as number) < (src[i] as number)) {
          swaps += mid - i;
          dst[k++] = src[j++] as number;
        } else {
          dst[k++] = src[i++] as number;
        }
      }
      while (i < mid) dst[k++] = src[i++] as number;
      while (j < hi) dst[k++] = src[j++] as number;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  if (src !== a) a.set(src);
  return swaps;
}
