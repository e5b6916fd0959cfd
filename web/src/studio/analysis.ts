/**
 * The live analysis of the document being edited, computed in the browser with the engine's pure
 * core (src/model, src/analysis): outcome count, outcomes crossing no red line, the zone of
 * possible agreement, the Pareto frontier, the Nash and Kalai–Smorodinsky points, and a bounded
 * set of outcomes to plot. It is bounded the way `lancaster analyze` is: small spaces are
 * enumerated, linear ones of any size merged issue by issue, and larger non-linear ones searched
 * (labelled approximate), never enumerated. It runs in a Web Worker (analysis-worker.ts) so that
 * typing never waits for it; this module is the pure function the worker calls.
 */
import { analyzeDomain, utilityMatrix } from '../../../src/analysis/analyze.ts';
import type { UtilityPoint } from '../../../src/analysis/types.ts';
import { validateScenarioData } from '../../../src/formats/native/load.ts';
import type { Scenario } from '../../../src/model/scenario.ts';
import type { Doc } from './doc.ts';

/** Spaces up to this many outcomes may be enumerated when no exact shortcut applies. */
export const LIVE_MAX_OUTCOMES = 1 << 20;
/** Outcomes plotted at most (a uniform sample beyond). */
export const PLOT_POINTS = 4000;
/** Frontier points sent to the page at most (evenly spaced along it beyond). */
export const FRONTIER_POINTS = 400;

/** A point of the analysis: each party's utility and the package. */
export interface LivePoint {
  readonly utilities: readonly number[];
  readonly outcome: Readonly<Record<string, string | number>>;
}

/** What the live panel shows. */
export type LiveAnalysis =
  | { readonly ok: false; readonly reason: string }
  | {
      readonly ok: true;
      readonly parties: readonly {
        readonly id: string;
        readonly label: string;
        readonly reservationValue: number;
      }[];
      /** Size of the space (Infinity with a real issue). */
      readonly outcomes: number;
      readonly feasible: number;
      readonly individuallyRational: number;
      /** Present when the two counts above come from a sample of this many outcomes. */
      readonly sampleSize?: number;
      readonly method: string;
      readonly approximate: boolean;
      readonly frontierSize: number;
      readonly frontier: readonly LivePoint[];
      readonly nash: LivePoint | null;
      readonly kalai: LivePoint | null;
      /** Outcomes to plot: utilities per party (same order as `parties`) and feasibility. */
      readonly points: {
        readonly utils: readonly (readonly number[])[];
        readonly feasible: readonly boolean[];
      };
      /** Whether `points` is a sample of the space. */
      readonly sampled: boolean;
      readonly ms: number;
    };

function livePoint(s: Scenario, p: UtilityPoint): LivePoint {
  return { utilities: [...p.utilities], outcome: s.space.toRecord(p.outcome) };
}

/** Evenly spaced points of a list, first and last kept. */
function thin<T>(list: readonly T[], n: number): T[] {
  if (list.length <= n) return [...list];
  return Array.from({ length: n }, (_, k) => list[Math.round((k * (list.length - 1)) / (n - 1))] as T);
}

/**
 * The analysis of a document, or why there is none (the document has problems).
 *
 * @example
 * const a = analyseDoc(doc);
 * if (a.ok) console.log(a.outcomes, a.frontierSize, a.nash?.utilities);
 */
export function analyseDoc(doc: Doc, now: () => number = () => performance.now()): LiveAnalysis {
  const started = now();
  const r = validateScenarioData(doc, 'studio');
  if (!r.ok) {
    const n = r.problems.length;
    return { ok: false, reason: `${n} problem${n === 1 ? '' : 's'} to fix first` };
  }
  const s = r.scenario;
  const a = analyzeDomain(s, { maxOutcomes: LIVE_MAX_OUTCOMES });
  const m = utilityMatrix(s, { maxOutcomes: PLOT_POINTS, sampleSize: PLOT_POINTS });
  return {
    ok: true,
    parties: s.parties.map((p) => ({ id: p.id, label: p.label, reservationValue: p.reservationValue })),
    outcomes: s.space.size,
    feasible: a.feasible,
    individuallyRational: a.individuallyRational,
    ...(a.sampleSize !== undefined ? { sampleSize: a.sampleSize } : {}),
    method: a.method ?? 'enumeration',
    approximate: a.approximate,
    frontierSize: a.frontier.length,
    frontier: thin(a.frontier, FRONTIER_POINTS).map((p) => livePoint(s, p)),
    nash: a.nash ? livePoint(s, a.nash) : null,
    kalai: a.kalai ? livePoint(s, a.kalai) : null,
    points: { utils: m.utils.map((u) => Array.from(u)), feasible: Array.from(m.feasible, (x) => x === 1) },
    sampled: m.sample !== null,
    ms: now() - started,
  };
}
