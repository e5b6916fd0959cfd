/**
 * Metrics of one finished negotiation against the analysis of its domain: the agreement and each
 * party's undiscounted utility of it (the reservation values when there is none), whether that
 * point is Pareto-optimal and how far it lies from the frontier and from the Nash point, the
 * rounds used, and how far each party conceded over its own offers. Pareto-optimality is decided
 * against the frontier of the analysis: on an exact analysis that frontier holds every undominated
 * feasible outcome, and anything a feasible outcome dominates is dominated by one of those, so the
 * answer is exact; on a sampled analysis it is an estimate and the metrics say `approximate`.
 *
 * @example
 * const analysis = analyzeDomain(scenario);
 * const m = negotiationMetrics(scenario, analysis, result);
 * m.distanceToNash; // 0.08
 */
import type { Outcome } from '../model/outcome-space.ts';
import { type Party, partyUtility } from '../model/party.ts';
import type { Scenario } from '../model/scenario.ts';
import type { SessionResult } from '../protocols/types.ts';
import { dominatesPoint } from './frontier.ts';
import type { DomainAnalysis, NegotiationMetrics } from './types.ts';

/**
 * Metrics of a session result (see the module comment).
 *
 * - `agreement` is true when the session ended with status `agreement` and an agreed outcome.
 * - `utilities` (scenario party order): each party's undiscounted utility of the agreement, 0 for a
 *   party whose red line it crosses (as `partyUtility` does); the reservation values without one.
 * - `paretoOptimal`: no feasible outcome dominates that point. A no-deal result is judged the same
 *   way, as the point of reservation values: it is Pareto-optimal only when no feasible outcome
 *   is better for someone and worse for nobody.
 * - `distanceToFrontier`: 0 when the point is Pareto-optimal, otherwise the smallest Euclidean
 *   distance to a frontier point.
 * - `distanceToNash`: Euclidean distance to the Nash point, null when there is none.
 * - `concession` (scenario party order): own undiscounted utility of the party's first and last
 *   offer and the drop `first − last`; null, null and 0 when it made no offer.
 *
 * `order` is the session's turn order as party ids (what `SessionState.parties` holds), needed
 * because each event's `party` is an index into that order, which may differ from the scenario's
 * party order (role swaps in a tournament, for instance). It defaults to the scenario's
 * `protocol.order` when that lists every party once, and to the scenario's party order otherwise.
 *
 * @example
 * negotiationMetrics(scenario, analysis, result, ['china', 'us']);
 */
export function negotiationMetrics(
  scenario: Scenario,
  analysis: DomainAnalysis,
  result: SessionResult,
  order?: readonly string[],
): NegotiationMetrics {
  const parties = scenario.parties;
  const ids = parties.map((p) => p.id);
  if (analysis.partyIds.length !== ids.length || analysis.partyIds.some((id, i) => id !== ids[i])) {
    throw new RangeError(
      `the analysis is of parties [${analysis.partyIds.join(', ')}], the scenario has [${ids.join(', ')}]`,
    );
  }
  const turnOrder = order ?? (isPermutation(scenario.protocol.order, ids) ? scenario.protocol.order : ids);
  if (!isPermutation(turnOrder, ids)) {
    throw new RangeError(
      `order [${turnOrder.join(', ')}] must list each of [${ids.join(', ')}] exactly once`,
    );
  }
  const scenarioIndex = turnOrder.map((id) => ids.indexOf(id));

  const agreed = result.status === 'agreement' && result.agreement !== null;
  const utilities = agreed
    ? parties.map((p) => ownUtility(p, result.agreement as Outcome))
    : parties.map((p) => p.reservationValue);

  let paretoOptimal = true;
  let nearest = Number.POSITIVE_INFINITY;
  for (const f of analysis.frontier) {
    if (paretoOptimal && dominatesPoint(f.utilities, utilities)) paretoOptimal = false;
    const d = distance(f.utilities, utilities);
    if (d < nearest) nearest = d;
  }
  const distanceToFrontier = paretoOptimal ? 0 : nearest;
  const distanceToNash = analysis.nash ? distance(analysis.nash.utilities, utilities) : null;

  // Each party's first and last offer: the transcript is checked whole, but only those two offers
  // per party are evaluated (a session of thousands of offers needs two evaluations per party).
  const firstAt: number[] = parties.map(() => -1);
  const lastAt: number[] = parties.map(() => -1);
  const events = result.events;
  for (let k = 0; k < events.length; k++) {
    const e = events[k] as SessionResult['events'][number];
    if (e.type !== 'offer') continue;
    const i = scenarioIndex[e.party];
    if (i === undefined) {
      throw new RangeError(
        `offer event at step ${e.step} names party ${e.party}; the turn order has ${turnOrder.length}`,
      );
    }
    if (firstAt[i] === -1) firstAt[i] = k;
    lastAt[i] = k;
  }
  const offered = (i: number, k: number): number | null =>
    k < 0 ? null : ownUtility(parties[i] as Party, (events[k] as { outcome: Outcome }).outcome);
  const first = firstAt.map((k, i) => offered(i, k));
  const last = lastAt.map((k, i) => offered(i, k));
  const concession = parties.map((_, i) => {
    const f = first[i] ?? null;
    const l = last[i] ?? null;
    return { first: f, last: l, drop: f !== null && l !== null ? f - l : 0 };
  });

  const metrics: NegotiationMetrics = {
    agreement: agreed,
    utilities,
    distanceToFrontier,
    distanceToNash,
    paretoOptimal,
    rounds: result.rounds,
    concession,
  };
  return analysis.approximate ? { ...metrics, approximate: true } : metrics;
}

/** Undiscounted utility to the party, 0 when the outcome crosses one of its red lines. */
function ownUtility(p: Party, o: Outcome): number {
  return partyUtility(p, o, 0);
}

function distance(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] as number) - (b[i] as number);
    s += d * d;
  }
  return Math.sqrt(s);
}

function isPermutation(order: readonly string[], ids: readonly string[]): boolean {
  if (order.length !== ids.length) return false;
  const set = new Set(order);
  return set.size === ids.length && ids.every((id) => set.has(id));
}
