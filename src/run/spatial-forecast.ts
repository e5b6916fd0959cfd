/**
 * The forecast of a spatial scenario (every issue an ordered scale, parties with power or
 * absolute saliences, as a Decide import writes): each issue's predicted position by four methods,
 * each with an 80% interval from the scenario's uncertainty.
 *   (a) the compromise model, (b) the power-weighted Nash bargaining solution over positions,
 *   (c) the Equal Gain exchange model (src/analysis/spatial.ts, src/analysis/exchange.ts): the
 *       position at the scenario's point values, and the 10%–90% range of the same model over the
 *       parameter draws of the first `modelRuns` forecast runs (the exchange model over the first
 *       `EXCHANGE_MODEL_RUNS` of them only: it is slow);
 *   (d) Lancaster's simulation: the forecast's own runs (stacked alternating offers, every party
 *       its negotiator, `spatial` for a Decide import, every uncertain position, salience and
 *       power drawn per run): the median of the agreed positions and their 10%–90% range, and the
 *       probability of agreement.
 * Deterministic for a seed: the runs are the forecast's main sample (src/run/forecast-sample.ts)
 * and the models read the same draws.
 *
 * @example
 * const f = runSpatialForecast(template, { runs: 1000, seed: 1 });
 * f.issues[0].methods.exchange; // { position, median, low, high }
 */

import { exchangeModel } from '../analysis/exchange.ts';
import { type Interval, quantileOfSorted, wilson } from '../analysis/forecast.ts';
import {
  compromisePositions,
  nashPositions,
  type SpatialProfile,
  spatialProfile,
} from '../analysis/spatial.ts';
import type { ScenarioTemplate } from '../formats/scenario-template.ts';
import { isOrdered } from '../model/issues.ts';
import type { Scenario } from '../model/scenario.ts';
import { forecastSample } from './forecast-sample.ts';

/** Parameter draws the three models are re-run on for their intervals, at most. */
export const DEFAULT_MODEL_RUNS = 100;

/**
 * Of those, the draws the exchange model is re-run on, at most: it is by far the slowest model
 * (seconds a run on COP21), so its interval rests on fewer draws, computed in binary doubles.
 */
export const EXCHANGE_MODEL_RUNS = 10;

/** The central interval reported: from this quantile to 1 minus it. */
const TAIL = 0.1;

/** The methods, in the order they are printed. */
export const SPATIAL_METHODS = [
  {
    id: 'compromise',
    label: 'Compromise model',
    description: 'Mean of the positions weighted by salience × power (Achen; Decide’s compromise point).',
  },
  {
    id: 'nash',
    label: 'Power-weighted Nash bargaining',
    description:
      'The point maximising Σ power · ln(utility gain), each party’s utility single-peaked at its positions and weighted by its saliences.',
  },
  {
    id: 'exchange',
    label: 'Equal Gain exchange model',
    description:
      'Vote trading between pairs of actors on pairs of issues at equal gain (Stokman & Van Oosten), 10 rounds, then the compromise of the voting positions.',
  },
  {
    id: 'simulation',
    label: 'Lancaster simulation',
    description:
      'Stacked alternating offers between all parties (the spatial negotiator: concession by power × salience), Monte Carlo over positions, saliences and powers; positions of the agreements.',
  },
] as const;

export type SpatialMethodId = (typeof SPATIAL_METHODS)[number]['id'];

/** One method's forecast of one issue. */
export interface PositionForecast {
  /** The method's prediction: at point values for the models, the median agreed position for the simulation. */
  readonly position: number | null;
  readonly median: number | null;
  /** The 10% and 90% quantiles: the 80% interval. */
  readonly low: number | null;
  readonly high: number | null;
}

export interface SpatialForecast {
  readonly version: 1;
  readonly scenario: { readonly id: string; readonly title: string };
  readonly seed: number;
  /** Simulation runs, and parameter draws the models were re-run on. */
  readonly runs: number;
  readonly modelRuns: number;
  readonly methods: readonly { readonly id: string; readonly label: string; readonly description: string }[];
  /** The simulation's probability of agreement (the models assume one). */
  readonly agreement: { readonly probability: number; readonly runs: number; readonly ci95: Interval };
  readonly issues: readonly {
    readonly id: string;
    readonly label: string;
    readonly min: number;
    readonly max: number;
    readonly scale: readonly { readonly at: number; readonly label: string }[];
    readonly methods: Readonly<Record<SpatialMethodId, PositionForecast>>;
  }[];
}

/**
 * Whether a scenario is spatial: every issue integer or real, and some party with a power or
 * absolute saliences (what a Decide import writes).
 *
 * @example
 * isSpatialScenario(loadDecideFile('cop21.csv').scenario); // true
 */
export function isSpatialScenario(s: Scenario): boolean {
  return (
    s.space.issues.every(isOrdered) &&
    s.parties.some((p) => p.power !== undefined || p.salience !== undefined)
  );
}

/**
 * The three models' positions for a profile: the exchange model in Decide's decimal arithmetic at
 * the point values (its deterministic run), in doubles on a draw, and not at all when `exchange` is
 * false.
 */
function models(
  profile: SpatialProfile,
  exchange: 'decimal' | 'binary' | false,
): Record<'compromise' | 'nash' | 'exchange', readonly (number | null)[]> {
  return {
    compromise: compromisePositions(profile),
    nash: nashPositions(profile),
    exchange: exchange ? exchangeModel(profile, { arithmetic: exchange }).positions : [],
  };
}

function describe(position: number | null, xs: number[]): PositionForecast {
  if (xs.length === 0) return { position, median: null, low: null, high: null };
  const sorted = Float64Array.from(xs).sort();
  return {
    position,
    median: quantileOfSorted(sorted, 0.5),
    low: quantileOfSorted(sorted, TAIL),
    high: quantileOfSorted(sorted, 1 - TAIL),
  };
}

/**
 * The spatial forecast of a template: `runs` simulation runs and the models at point values and
 * over the draws of the first `modelRuns` runs.
 *
 * @example
 * runSpatialForecast(loadScenarioTemplate('cop21.csv').template, { runs: 1000, seed: 1 });
 */
export function runSpatialForecast(
  template: ScenarioTemplate,
  opts: {
    readonly runs: number;
    readonly seed: number;
    readonly modelRuns?: number;
    readonly onProgress?: (done: number, total: number) => void;
  },
): SpatialForecast {
  const scenario = template.scenario;
  const issues = scenario.space.issues;
  const k = issues.length;
  const modelRuns = Math.min(opts.runs, opts.modelRuns ?? DEFAULT_MODEL_RUNS);
  const total = opts.runs + modelRuns;
  const sample = forecastSample(template, {
    runs: opts.runs,
    seed: opts.seed,
    ...(opts.onProgress ? { onProgress: (done: number) => opts.onProgress?.(done, total) } : {}),
  });
  const atPoint = models(spatialProfile(scenario), 'decimal');
  const drawn: Record<'compromise' | 'nash' | 'exchange', number[][]> = {
    compromise: issues.map(() => []),
    nash: issues.map(() => []),
    exchange: issues.map(() => []),
  };
  const P = template.uncertain.length;
  for (let r = 0; r < modelRuns; r++) {
    const values = new Map(template.uncertain.map((p, j) => [p.path, sample.draws[r * P + j] as number]));
    const got = models(
      spatialProfile(values.size > 0 ? template.build(values) : scenario),
      r < EXCHANGE_MODEL_RUNS ? 'binary' : false,
    );
    for (const m of ['compromise', 'nash', 'exchange'] as const) {
      got[m].forEach((x, i) => {
        if (x !== null) drawn[m][i]?.push(x);
      });
    }
    opts.onProgress?.(opts.runs + r + 1, total);
  }
  const agreed = issues.map((): number[] => []);
  let agreements = 0;
  for (let r = 0; r < sample.count; r++) {
    if (sample.status[r] !== 0) continue;
    agreements++;
    for (let i = 0; i < k; i++) agreed[i]?.push(sample.outcome[r * k + i] as number);
  }
  return {
    version: 1,
    scenario: { id: scenario.id, title: scenario.title },
    seed: opts.seed,
    runs: opts.runs,
    modelRuns,
    methods: SPATIAL_METHODS.map((m) => ({ id: m.id, label: m.label, description: m.description })),
    agreement: {
      probability: sample.count > 0 ? agreements / sample.count : 0,
      runs: agreements,
      ci95: wilson(agreements, sample.count),
    },
    issues: issues.map((issue, i) => {
      const simulated = describe(null, agreed[i] ?? []);
      return {
        id: issue.id,
        label: issue.label,
        min: issue.kind === 'discrete' ? 0 : issue.min,
        max: issue.kind === 'discrete' ? issue.values.length - 1 : issue.max,
        scale:
          issue.kind === 'discrete' ? [] : (issue.scale ?? []).map((p) => ({ at: p.at, label: p.label })),
        methods: {
          compromise: describe(atPoint.compromise[i] ?? null, drawn.compromise[i] ?? []),
          nash: describe(atPoint.nash[i] ?? null, drawn.nash[i] ?? []),
          exchange: describe(atPoint.exchange[i] ?? null, drawn.exchange[i] ?? []),
          simulation: { ...simulated, position: simulated.median },
        },
      };
    }),
  };
}
