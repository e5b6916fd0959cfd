/**
 * One tournament match, run where it is asked to run (a pool worker, or the main thread for
 * `--match K`): prepare the scenario (chosen parties, deadline), run the session with the seed of
 * (tournament, index), and measure the result against the domain's frontier and Nash point. The
 * scenario and its analysis are cached per worker, so a worker loads each domain once. Whatever
 * goes wrong inside a match becomes a recorded error, never a thrown one: the tournament goes on.
 */
import { analyzeDomain, utilityMatrix } from '../../analysis/analyze.ts';
import { negotiationMetrics } from '../../analysis/metrics.ts';
import type { DomainAnalysis } from '../../analysis/types.ts';
import type { Outcome } from '../../model/outcome-space.ts';
import { Random } from '../../model/random.ts';
import type { ProtocolChoice, Scenario } from '../../model/scenario.ts';
import { pearsonCorrelation } from '../../negotiators/opponent-models/accuracy.ts';
import { createNegotiator } from '../../negotiators/registry.ts';
import type { SessionResult } from '../../protocols/types.ts';
import { runSession } from '../session.ts';
import { failedMatch } from './failed-match.ts';
import { type ScenarioLoader, tournamentScenario } from './scenarios.ts';

export { failedMatch };

/** A role of a match: the party, and the negotiator (name and spec) playing it. */
export interface MatchRole {
  readonly party: string;
  readonly negotiator: string;
  readonly spec: string;
}

/** What the main thread sends a worker for one match: ids and short strings only. */
export interface MatchTask {
  readonly tournamentId: string;
  readonly matchIndex: number;
  readonly seed: number;
  readonly scenarioRef: string;
  readonly scenarioName: string;
  readonly parties: readonly string[] | null;
  readonly deadline: number | null;
  /** The protocol of the match's table; null (or absent) = the scenario's own. */
  readonly protocol?: ProtocolChoice | null;
  readonly roles: readonly MatchRole[];
  /** Shared flag the worker sets to 1 when it starts the match (the main thread's timeout clock). */
  readonly started?: Int32Array;
}

/** Several matches for one worker task, run in order; `progress[0]` is set to the 1-based position of the match being started. */
export interface MatchBatch {
  readonly tasks: readonly MatchTask[];
  readonly progress: Int32Array;
}

/** One party's share of a match result. */
export interface MatchPartyResult {
  readonly party: string;
  readonly negotiator: string;
  readonly spec: string;
  /** Undiscounted utility of the agreement (the reservation value without one). */
  readonly utility: number;
  /** Utility discounted at the end time (GENIUS semantics). */
  readonly discountedUtility: number;
  readonly reservationValue: number;
  /** `utility − reservationValue`: what the negotiation gained over no deal. */
  readonly advantage: number;
  /**
   * Accuracy of the negotiator's opponent model at the end of the session (Pearson correlation of
   * its estimate with the opponents' true mean utility over `ACCURACY_OUTCOMES` outcomes), when it
   * exposes one; null otherwise.
   */
  readonly modelAccuracy: number | null;
}

/** Error codes of a match: the session's own, and those of the tournament runner. */
export type MatchErrorCode =
  | 'NEGOTIATOR_THREW'
  | 'INVALID_ACTION'
  | 'ACTION_TIMEOUT'
  | 'MATCH_TIMEOUT'
  | 'MATCH_FAILED';

/** The result of a match, as stored (deterministic: no wall-clock numbers in here). */
export interface MatchResult {
  /** `done` when the session ran to an end of its own; `error` when it, or the match, failed. */
  readonly status: 'done' | 'error';
  /** The session's end: agreement, deadline, walked-away, vetoed, error; `timeout`/`failed` when the match had none. */
  readonly outcome: string;
  readonly error: {
    readonly code: MatchErrorCode;
    readonly message: string;
    readonly party: string | null;
  } | null;
  readonly agreement: readonly number[] | null;
  /** Per role, in turn order; empty when the match produced no session result. */
  readonly parties: readonly MatchPartyResult[];
  readonly socialWelfare: number | null;
  readonly distanceToFrontier: number | null;
  readonly distanceToNash: number | null;
  readonly paretoOptimal: boolean | null;
  readonly rounds: number | null;
  readonly steps: number | null;
  readonly t: number | null;
}

/** What a worker returns for a task. */
export interface MatchReply {
  readonly matchIndex: number;
  readonly result: MatchResult;
  /** Wall-clock time of the session and its metrics (the domain's loading and analysis excluded). */
  readonly durationMs: number;
}

interface Prepared {
  readonly scenario: Scenario;
  readonly analysis: DomainAnalysis;
  /** The outcomes opponent models are scored on. */
  readonly probe: readonly Outcome[];
  /**
   * Per role (turn order), the opponents' true mean utility of each probe outcome: the same for
   * every match of the prepared scenario, so it is computed once, on first use.
   */
  readonly truths: (Float64Array | undefined)[];
}

/** How many outcomes model accuracy is measured on: all of a smaller space, else a seeded sample. */
export const ACCURACY_OUTCOMES = 2000;

function probeOutcomes(scenario: Scenario): Outcome[] {
  const space = scenario.space;
  if (space.enumerable && space.size <= ACCURACY_OUTCOMES) {
    return Array.from({ length: space.size }, (_, i) => space.outcomeAt(i));
  }
  const rng = Random.from(0, 'tournament', 'model-accuracy', scenario.id);
  return Array.from({ length: ACCURACY_OUTCOMES }, () => space.sample(rng));
}

/**
 * Scores each role's opponent model: the Pearson correlation of its estimate with the opponents'
 * true mean utility over the probe outcomes. Negotiators are pure functions of their setup and
 * context, so a fresh negotiator asked for its model with the final transcript holds the estimate
 * the one in the session ended with; the session runner need not hand its negotiators out.
 */
function modelAccuracies(
  prepared: Prepared,
  result: SessionResult,
  specs: readonly string[],
): (number | null)[] {
  const { scenario, probe } = prepared;
  const order = scenario.protocol.order;
  const parties = order.map((id) => scenario.parties.find((p) => p.id === id) as Scenario['parties'][number]);
  return parties.map((party, index) => {
    try {
      const n = createNegotiator(specs[index] as string, {
        party,
        space: scenario.space,
        index,
        parties: order,
        rounds: scenario.protocol.rounds,
        seed: result.seed,
      });
      if (!n.opponentModel) return null;
      const estimate = n.opponentModel({
        t: result.t,
        step: result.steps,
        round: Math.floor(result.steps / order.length),
        offer: null,
        history: result.events,
        rng: Random.from(result.seed, 'model-accuracy', index),
      });
      if (!estimate) return null;
      const x = Float64Array.from(probe, (o) => estimate.utility(o));
      return pearsonCorrelation(x, opponentsTruth(prepared, index));
    } catch {
      return null; // a model that fails to answer has no accuracy; the session result stands
    }
  });
}

/** The opponents' true mean utility over the probe, for the role at turn position `index`. */
function opponentsTruth(prepared: Prepared, index: number): Float64Array {
  let truth = prepared.truths[index];
  if (!truth) {
    const { scenario, probe } = prepared;
    const others = scenario.protocol.order
      .filter((_, i) => i !== index)
      .map((id) => scenario.parties.find((p) => p.id === id) as Scenario['parties'][number]);
    truth = Float64Array.from(
      probe,
      (o) => others.reduce((a, p) => a + p.utility.evaluate(o), 0) / others.length,
    );
    prepared.truths[index] = truth;
  }
  return truth;
}

/**
 * Runs matches against a cache of loaded scenarios and their analyses (one per worker).
 *
 * @example
 * const runner = new MatchRunner(loadTournamentScenarioRef);
 * const reply = await runner.run(task);
 */
export class MatchRunner {
  private readonly load: ScenarioLoader;
  private readonly bases = new Map<string, Promise<Scenario>>();
  private readonly prepared = new Map<string, Promise<Prepared>>();

  constructor(load: ScenarioLoader) {
    this.load = load;
  }

  private prepare(task: MatchTask): Promise<Prepared> {
    const key = JSON.stringify([task.scenarioRef, task.parties, task.deadline, task.protocol ?? null]);
    let p = this.prepared.get(key);
    if (!p) {
      let base = this.bases.get(task.scenarioRef);
      if (!base) {
        base = Promise.resolve(this.load(task.scenarioRef));
        this.bases.set(task.scenarioRef, base);
      }
      // The analysis does not depend on the deadline, but is cheap next to a domain load and
      // keyed with it for simplicity; tournaments have few deadlines.
      p = base.then((b) => {
        const scenario = tournamentScenario(b, task.parties, task.deadline, task.protocol ?? null);
        return {
          scenario,
          analysis: analyzeDomain(scenario, { matrix: utilityMatrix(scenario) }),
          probe: probeOutcomes(scenario),
          truths: [],
        };
      });
      this.prepared.set(key, p);
      p.catch(() => this.prepared.delete(key));
    }
    return p;
  }

  /** Runs one match; never throws for the match's own sake. */
  async run(task: MatchTask): Promise<MatchReply> {
    if (task.started) Atomics.store(task.started, 0, 1);
    let start = performance.now();
    let result: MatchResult;
    try {
      // Loading and analysing the domain (once per worker) is not the match's own time.
      await this.prepare(task);
      start = performance.now();
      result = await this.runUnsafe(task);
    } catch (err) {
      result = failedMatch(
        'MATCH_FAILED',
        err instanceof Error ? `${err.name}: ${err.message}` : String(err),
      );
    }
    return { matchIndex: task.matchIndex, result, durationMs: performance.now() - start };
  }

  private async runUnsafe(task: MatchTask): Promise<MatchResult> {
    const prepared = await this.prepare(task);
    const { scenario, analysis } = prepared;
    const negotiators: Record<string, string> = {};
    for (const r of task.roles) negotiators[r.party] = r.spec;
    const { result } = runSession(scenario, { seed: task.seed, negotiators });
    if (!result) return failedMatch('MATCH_FAILED', 'the session stopped before its end');
    const order = scenario.protocol.order;
    const metrics = negotiationMetrics(scenario, analysis, result, order);
    const ids = scenario.parties.map((p) => p.id);
    const specByParty = new Map(task.roles.map((r) => [r.party, r.spec]));
    const accuracy = modelAccuracies(
      prepared,
      result,
      order.map((id) => specByParty.get(id) ?? ''),
    );
    const parties = task.roles.map((r): MatchPartyResult => {
      const party = scenario.parties.find((p) => p.id === r.party);
      const i = ids.indexOf(r.party);
      const utility = metrics.utilities[i] ?? result.utilities[r.party] ?? 0;
      const reservationValue = party?.reservationValue ?? 0;
      return {
        party: r.party,
        negotiator: r.negotiator,
        spec: r.spec,
        utility,
        discountedUtility: result.discountedUtilities[r.party] ?? utility,
        reservationValue,
        advantage: utility - reservationValue,
        modelAccuracy: accuracy[order.indexOf(r.party)] ?? null,
      };
    });
    const err = result.error;
    return {
      status: result.status === 'error' ? 'error' : 'done',
      outcome: result.status,
      error: err ? { code: err.code, message: err.message, party: order[err.party] ?? null } : null,
      agreement: result.agreement,
      parties,
      socialWelfare: parties.reduce((a, p) => a + p.utility, 0),
      distanceToFrontier: metrics.distanceToFrontier,
      distanceToNash: metrics.distanceToNash,
      paretoOptimal: metrics.paretoOptimal,
      rounds: result.rounds,
      steps: result.steps,
      t: result.t,
    };
  }
}
