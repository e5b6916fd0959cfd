/**
 * Probability distributions of uncertain scenario parameters (uniform, triangular, truncated
 * normal, discrete choice), each drawn through its inverse CDF from exactly one uniform number,
 * so that a forecast can use common random numbers and stratified sampling. Also the standard
 * normal CDF and quantile, written here (not a dependency) so that no upgrade changes a recorded
 * forecast; both are accurate to about 1e-9 or better, pinned by golden values in the tests.
 *
 * @example
 * const d: Distribution = { kind: 'triangular', min: 0.1, mode: 0.2, max: 0.4 };
 * quantile(d, 0.5); // the median
 * pointOf(d); // 0.2, what a single run uses
 */
import type { Random } from './random.ts';

/** The distribution of one uncertain number. */
export type Distribution =
  | { readonly kind: 'uniform'; readonly min: number; readonly max: number }
  | { readonly kind: 'triangular'; readonly min: number; readonly mode: number; readonly max: number }
  /** Normal(mean, sd) truncated to [min, max] (the field's valid interval ∩ the author's `within`). */
  | {
      readonly kind: 'normal';
      readonly mean: number;
      readonly sd: number;
      readonly min: number;
      readonly max: number;
    }
  | {
      readonly kind: 'choice';
      readonly values: readonly number[];
      readonly probabilities: readonly number[];
    };

const LOG_SQRT_2PI = 0.9189385332046728;
const SQRT_2PI = 2.5066282746310002;

/** Standard normal density. */
function phi(x: number): number {
  return Math.exp(-0.5 * x * x - LOG_SQRT_2PI);
}

/** Upper tail Q(x) = 1 − Φ(x) for x ≥ 3, by the continued fraction of Mills' ratio (relative accuracy). */
function upperTail(x: number): number {
  let f = x;
  for (let k = 120; k >= 1; k--) f = x + k / f;
  return phi(x) / f;
}

/**
 * The standard normal CDF Φ(x): Marsaglia's Taylor series in the centre (absolute error ~1e-15),
 * the continued fraction in the tails (so that Φ(−8) ≈ 6.2e-16 keeps its relative accuracy).
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= -3) return x < -40 ? 0 : upperTail(-x);
  if (x >= 3) return x > 40 ? 1 : 1 - upperTail(x);
  const q = x * x;
  let s = x;
  let t = 0;
  let b = x;
  let i = 1;
  while (s !== t) {
    t = s;
    i += 2;
    b *= q / i;
    s = t + b;
  }
  return 0.5 + s * Math.exp(-0.5 * q - LOG_SQRT_2PI);
}

// Acklam's rational approximation (relative error 1.15e-9), refined below by Halley steps.
const A = [
  -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1,
  2.506628277459239,
] as const;
const B = [
  -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1,
] as const;
const C = [
  -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
] as const;
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416] as const;

/** Φ⁻¹(p) for p ≤ 0.5 (the lower half, where p carries full relative precision). */
function lowerQuantile(p: number): number {
  let x: number;
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    x =
      (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) /
      ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  } else {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) /
      (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
  }
  // Two Halley steps on Φ(x) − p: from ~1e-9 to machine precision.
  for (let k = 0; k < 2; k++) {
    const e = normalCdf(x) - p;
    const u = e * SQRT_2PI * Math.exp(0.5 * x * x);
    const step = u / (1 + 0.5 * x * u);
    // Beyond x ≈ −37.5 the density underflows; the approximation is then as good as it gets.
    if (!Number.isFinite(step)) break;
    x -= step;
  }
  return x;
}

/** The standard normal quantile Φ⁻¹(p); −Infinity at 0, +Infinity at 1. */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (p === 0.5) return 0;
  return p < 0.5 ? lowerQuantile(p) : -lowerQuantile(1 - p);
}

/** Quantile of the standard normal truncated to [a, b], working in whichever tail keeps precision. */
function truncatedStandardQuantile(a: number, b: number, u: number): number {
  const pa = normalCdf(a);
  const pb = normalCdf(b);
  const p = pa + u * (pb - pa);
  if (pb > pa && p <= 0.5) return lowerQuantile(Math.max(p, Number.MIN_VALUE));
  // The upper tail Q(x) = Φ(−x) is the precise side here.
  const qa = normalCdf(-a);
  const qb = normalCdf(-b);
  if (qa > qb) {
    const q = qb + (1 - u) * (qa - qb);
    if (q <= 0.5) return -lowerQuantile(Math.max(q, Number.MIN_VALUE));
    if (pb > pa) return lowerQuantile(p);
  }
  // Neither tail resolves the interval: it is either so narrow that the density is flat across
  // it, or so far out that the truncated normal is an exponential with rate |nearest end|.
  const r = a >= 0 ? a : b <= 0 ? -b : 0;
  if (r * (b - a) < 1e-12) return a + u * (b - a);
  if (a >= 0) return a - Math.log1p(u * Math.expm1(-r * (b - a))) / r;
  return b + Math.log1p((1 - u) * Math.expm1(-r * (b - a))) / r;
}

/** Sorted choices by distribution: a forecast draws from the same choice thousands of times. */
const sortedChoices = new WeakMap<object, readonly [number, number][]>();

/** Values of a choice with their probabilities, sorted by value (the order its inverse CDF walks). */
function sortedChoice(d: Extract<Distribution, { kind: 'choice' }>): readonly [number, number][] {
  let sorted = sortedChoices.get(d);
  if (sorted === undefined) {
    sorted = d.values
      .map((v, i) => [v, d.probabilities[i] ?? 0] as [number, number])
      .sort((x, y) => x[0] - y[0]);
    sortedChoices.set(d, sorted);
  }
  return sorted;
}

/**
 * The value at cumulative probability u in [0,1) (inverse CDF). Sampling = quantile(d, rng.next()):
 * exactly ONE uniform per draw, so common random numbers and stratification work.
 *
 * @example
 * quantile({ kind: 'uniform', min: 2, max: 4 }, 0.25); // 2.5
 */
export function quantile(d: Distribution, u: number): number {
  const v = Math.min(Math.max(u, 0), 1);
  switch (d.kind) {
    case 'uniform':
      return Math.min(d.min + v * (d.max - d.min), d.max);
    case 'triangular': {
      const width = d.max - d.min;
      if (width <= 0) return d.min;
      const left = d.mode - d.min;
      const x =
        v * width < left
          ? d.min + Math.sqrt(v * width * left)
          : d.max - Math.sqrt((1 - v) * width * (d.max - d.mode));
      // Rounding can step just outside the support when mode sits at an end.
      return Math.min(Math.max(x, d.min), d.max);
    }
    case 'normal': {
      // At u = 0 the inverse CDF is the lower end, even where Φ(a) underflows to 0.
      if (d.max <= d.min || v === 0) return d.min;
      const a = (d.min - d.mean) / d.sd;
      const b = (d.max - d.mean) / d.sd;
      const x = d.mean + d.sd * truncatedStandardQuantile(a, b, v);
      return Math.min(Math.max(x, d.min), d.max);
    }
    case 'choice': {
      const sorted = sortedChoice(d);
      let cum = 0;
      for (const [value, p] of sorted) {
        cum += p;
        if (v < cum) return value;
      }
      return (sorted[sorted.length - 1] as [number, number])[0];
    }
  }
}

/** One draw from `d`, using exactly one uniform number of `rng`. */
export function sample(d: Distribution, rng: Random): number {
  return quantile(d, rng.float());
}

/**
 * The value a single run uses: uniform → midpoint, triangular → mode, normal → mean, choice → the
 * most probable value (first on ties).
 */
export function pointOf(d: Distribution): number {
  switch (d.kind) {
    case 'uniform':
      return (d.min + d.max) / 2;
    case 'triangular':
      return d.mode;
    case 'normal':
      return d.mean;
    case 'choice': {
      let best = 0;
      for (let i = 1; i < d.probabilities.length; i++) {
        if ((d.probabilities[i] as number) > (d.probabilities[best] as number)) best = i;
      }
      return d.values[best] as number;
    }
  }
}

/**
 * The low and high ends used for one-at-a-time swings and reported as the parameter's range:
 * uniform/triangular → [min, max]; normal → its 2.5% and 97.5% quantiles; choice → [smallest,
 * largest value].
 */
export function swingEnds(d: Distribution): readonly [number, number] {
  switch (d.kind) {
    case 'uniform':
    case 'triangular':
      return [d.min, d.max];
    case 'normal':
      return [quantile(d, 0.025), quantile(d, 0.975)];
    case 'choice':
      return [Math.min(...d.values), Math.max(...d.values)];
  }
}

/** The expected value of `d` (for a normal, of the truncated distribution). */
export function meanOf(d: Distribution): number {
  switch (d.kind) {
    case 'uniform':
      return (d.min + d.max) / 2;
    case 'triangular':
      return (d.min + d.mode + d.max) / 3;
    case 'normal': {
      if (d.max <= d.min) return d.min;
      const a = (d.min - d.mean) / d.sd;
      const b = (d.max - d.mean) / d.sd;
      // Mass in whichever tail is precise; the difference of densities over it is the mean shift.
      const mass = a > 0 ? normalCdf(-a) - normalCdf(-b) : normalCdf(b) - normalCdf(a);
      if (!(mass > 0)) return quantile(d, 0.5);
      return d.mean + (d.sd * (phi(a) - phi(b))) / mass;
    }
    case 'choice': {
      let m = 0;
      for (let i = 0; i < d.values.length; i++) m += (d.values[i] as number) * (d.probabilities[i] as number);
      return m;
    }
  }
}
