/**
 * One simulated negotiation with its analysis: the library call behind `lancaster simulate`
 * (and later the server and forecasts). Runs the session, analyses the domain, and measures the
 * result against the frontier and the Nash point. No printing, no files.
 */
import {
  type AnalyzeOptions,
  analyzeDomain,
  negotiationMetrics,
  type UtilityMatrix,
  utilityMatrix,
} from '../analysis/index.ts';
import type { DomainAnalysis, NegotiationMetrics } from '../analysis/types.ts';
import type { Scenario } from '../model/scenario.ts';
import type { SessionResult } from '../protocols/types.ts';
import { runSession } from './session.ts';

export interface SimulationOptions {
  readonly seed: number;
  /** Party id → negotiator spec; parties not listed use their scenario default. */
  readonly negotiators?: Readonly<Record<string, string>>;
  /**
   * Analyse the domain with these options (bounded: large spaces take the approximate path)
   * instead of over the whole utility matrix; the simulation then has no `points`. The studio's
   * server runs use it.
   */
  readonly analysis?: AnalyzeOptions;
}

export interface Simulation {
  readonly scenario: Scenario;
  readonly result: SessionResult;
  readonly analysis: DomainAnalysis;
  readonly metrics: NegotiationMetrics;
  /** Party ids in turn order (what `event.party` indexes). */
  readonly order: readonly string[];
  /** Every outcome's utilities, for plots, when the space is enumerable. */
  readonly points?: UtilityMatrix;
}

/** Runs `scenario` once with the given seed and negotiators and analyses the result. */
export function simulate(scenario: Scenario, opts: SimulationOptions): Simulation {
  const negotiators = opts.negotiators ? { ...opts.negotiators } : undefined;
  const { result } = runSession(
    scenario,
    negotiators ? { seed: opts.seed, negotiators } : { seed: opts.seed },
  );
  if (!result) throw new Error('the session stopped before its end');
  const order = scenario.protocol.order;
  if (opts.analysis) {
    const analysis = analyzeDomain(scenario, opts.analysis);
    return {
      scenario,
      result,
      analysis,
      metrics: negotiationMetrics(scenario, analysis, result, order),
      order,
    };
  }
  const matrix = utilityMatrix(scenario);
  const analysis = analyzeDomain(scenario, { matrix });
  const metrics = negotiationMetrics(scenario, analysis, result, order);
  // Only a whole enumerated space is worth plotting outcome by outcome.
  const points = matrix.sample === null ? matrix : undefined;
  return points
    ? { scenario, result, analysis, metrics, order, points }
    : { scenario, result, analysis, metrics, order };
}
