/**
 * How good an opponent model is: the Pearson correlation and Kendall's tau-b between its estimated
 * utilities and the opponent's true ones over a set of outcomes (the measures of Baarslag et al.,
 * "Predicting the performance of opponent models in automated negotiation", 2013). Tau-b is computed
 * over every pair when there are at most `pairs` of them, else over a seeded sample of pairs, so the
 * score is reproducible. A constant estimate (a model that has seen nothing) carries no ranking
 * information: both measures are then 0, never NaN.
 */
import type { Outcome } from '../../model/outcome-space.ts';
import { Random } from '../../model/random.ts';

/** Accuracy of an estimate against the truth. */
export interface ModelAccuracy {
  /** Pearson correlation of estimated and true utilities, in [−1, 1]. */
  readonly pearson: number;
  /** Kendall's tau-b over (a sample of) outcome pairs, in [−1, 1]. */
  readonly kendall: number;
}

/** Options of `modelAccuracy`. */
export interface ModelAccuracyOptions {
  /** Seed of the pair sample (1). */
  readonly seed?: number;
  /** Most pairs compared for tau-b (20,000). */
  readonly pairs?: number;
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
  options: ModelAccuracyOptions = {},
): ModelAccuracy {
  const n = outcomes.length;
  const x = Float64Array.from(outcomes, estimate);
  const y = Float64Array.from(outcomes, truth);
  return {
    pearson: pearson(x, y),
    kendall: kendallTauB(x, y, options.pairs ?? 20_000, options.seed ?? 1, n),
  };
}

function pearson(x: Float64Array, y: Float64Array): number {
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

function kendallTauB(x: Float64Array, y: Float64Array, maxPairs: number, seed: number, n: number): number {
  let concordant = 0;
  let discordant = 0;
  let tiedX = 0;
  let tiedY = 0;
  const count = (i: number, j: number) => {
    const dx = Math.sign((x[i] as number) - (x[j] as number));
    const dy = Math.sign((y[i] as number) - (y[j] as number));
    if (dx === 0 && dy === 0) return;
    if (dx === 0) tiedX++;
    else if (dy === 0) tiedY++;
    else if (dx === dy) concordant++;
    else discordant++;
  };
  const all = (n * (n - 1)) / 2;
  if (all <= maxPairs) {
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) count(i, j);
  } else {
    const rng = Random.from(seed, 'model-accuracy');
    for (let k = 0; k < maxPairs; k++) {
      const i = rng.int(n);
      let j = rng.int(n - 1);
      if (j >= i) j++;
      count(i, j);
    }
  }
  const denom = Math.sqrt((concordant + discordant + tiedX) * (concordant + discordant + tiedY));
  return denom === 0 ? 0 : (concordant - discordant) / denom;
}
