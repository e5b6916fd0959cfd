/**
 * How good an approximate frontier is against a reference frontier (exact, or GENIUS's
 * `pareto.xml`): the hypervolume ratio (two parties: the area dominated by the approximate set
 * over the area dominated by the reference, both above the reference point (0, 0); 1 means as
 * good) and the mean distance from each reference point to the nearest approximate point (the
 * inverted generational distance, IGD: 0 means every reference point was found).
 *
 * @example
 * hypervolume2([[1, 0], [0.5, 0.5], [0, 1]]); // 0.25 (points on an axis add no area)
 * meanDistanceToSet([[1, 0]], [[0.9, 0]]); // 0.1
 */

/**
 * Area of utility space dominated by the points and above `ref` (two parties).
 *
 * @example
 * hypervolume2([[0.6, 0.6]]); // 0.36
 */
export function hypervolume2(
  points: readonly (readonly number[])[],
  ref: readonly [number, number] = [0, 0],
): number {
  const pts = points
    .map((p) => [p[0] as number, p[1] as number] as const)
    .filter(([x, y]) => x > ref[0] && y > ref[1])
    .sort((a, b) => b[0] - a[0] || b[1] - a[1]);
  let area = 0;
  let top = ref[1];
  for (const [x, y] of pts) {
    if (y <= top) continue;
    area += (x - ref[0]) * (y - top);
    top = y;
  }
  return area;
}

/**
 * Mean Euclidean distance from each reference point to its nearest point of `approx` (IGD).
 * Infinity when `approx` is empty and `reference` is not; 0 when `reference` is empty.
 *
 * @example
 * meanDistanceToSet([[0, 1], [1, 0]], [[0, 1]]); // (0 + √2) / 2
 */
export function meanDistanceToSet(
  reference: readonly (readonly number[])[],
  approx: readonly (readonly number[])[],
): number {
  if (reference.length === 0) return 0;
  if (approx.length === 0) return Number.POSITIVE_INFINITY;
  let total = 0;
  for (const r of reference) {
    let best = Number.POSITIVE_INFINITY;
    for (const a of approx) {
      let d2 = 0;
      for (let i = 0; i < r.length; i++) {
        const d = (r[i] as number) - (a[i] as number);
        d2 += d * d;
      }
      if (d2 < best) best = d2;
    }
    total += Math.sqrt(best);
  }
  return total / reference.length;
}

/** Both measures at once, for reports and benchmarks. */
export interface FrontierQuality {
  /** Hypervolume of the approximate set over that of the reference (two parties; null otherwise). */
  readonly hypervolumeRatio: number | null;
  /** Mean distance of the reference points to the approximate set. */
  readonly meanDistance: number;
  /** Reference points that the approximate set contains exactly. */
  readonly found: number;
}

/**
 * The quality of `approx` against `reference` (see the module comment).
 *
 * @example
 * frontierQuality(exact.map((p) => p.utilities), approx.map((p) => p.utilities));
 */
export function frontierQuality(
  reference: readonly (readonly number[])[],
  approx: readonly (readonly number[])[],
): FrontierQuality {
  const two = reference[0]?.length === 2;
  const hvRef = two ? hypervolume2(reference) : 0;
  const keys = new Set(approx.map((a) => a.join(',')));
  return {
    hypervolumeRatio: two && hvRef > 0 ? hypervolume2(approx) / hvRef : null,
    meanDistance: meanDistanceToSet(reference, approx),
    found: reference.filter((r) => keys.has(r.join(','))).length,
  };
}
