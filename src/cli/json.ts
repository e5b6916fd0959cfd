/**
 * JSON renderings of results for `--json`: versioned shapes (keys are only ever added), with
 * outcomes as `{ issue: value id }` records and parties by id.
 */
import type { DomainAnalysis, DomainSummary, UtilityPoint } from '../analysis/types.ts';
import type { Scenario } from '../model/scenario.ts';
import type { SessionEvent } from '../protocols/types.ts';
import type { Simulation } from '../run/simulate.ts';

export function pointJson(s: Scenario, p: UtilityPoint | null): unknown {
  if (!p) return null;
  return {
    index: p.index,
    package: s.space.toRecord(p.outcome),
    utilities: Object.fromEntries(s.parties.map((party, i) => [party.id, p.utilities[i]])),
  };
}

export function analysisJson(s: Scenario, a: DomainAnalysis, frontier: boolean): unknown {
  return {
    outcomes: a.outcomes,
    feasible: a.feasible,
    individuallyRational: a.individuallyRational,
    frontierSize: a.frontier.length,
    approximate: a.approximate,
    ...(a.method ? { method: a.method } : {}),
    ...(a.sampleSize !== undefined ? { countsFromSample: a.sampleSize } : {}),
    ...(a.evaluations !== undefined ? { searchEvaluations: a.evaluations } : {}),
    reservationValues: Object.fromEntries(s.parties.map((p, i) => [p.id, a.reservationValues[i]])),
    nash: pointJson(s, a.nash),
    kalai: pointJson(s, a.kalai),
    kalaiRule: a.kalaiRule,
    utilitarian: pointJson(s, a.utilitarian),
    egalitarian: pointJson(s, a.egalitarian),
    opposition: a.opposition,
    ...(frontier ? { frontier: a.frontier.map((p) => pointJson(s, p)) } : {}),
  };
}

export function eventJson(s: Scenario, order: readonly string[], e: SessionEvent): unknown {
  const base: Record<string, unknown> = { ...e };
  if ('party' in e) base.party = order[e.party];
  if ('outcome' in e) base.outcome = s.space.toRecord(e.outcome);
  if (e.type === 'tally') base.votes = Object.fromEntries(e.votes.map((v, i) => [order[i], v]));
  return base;
}

/** The machine-readable result of `simulate --json` (versioned: keys are only ever added). */
export function simulationJson(sim: Simulation, reportPath: string | null): unknown {
  const { scenario: s, result: r, metrics: m } = sim;
  return {
    version: 1,
    scenario: { id: s.id, title: s.title },
    protocol: s.protocol.mediator
      ? { kind: s.protocol.kind, mediator: s.protocol.mediator }
      : { kind: s.protocol.kind },
    seed: r.seed,
    negotiators: r.negotiators,
    status: r.status,
    agreement: r.agreement ? s.space.toRecord(r.agreement) : null,
    rounds: r.rounds,
    steps: r.steps,
    t: r.t,
    vetoes: r.vetoes,
    error: r.error ? { ...r.error, party: sim.order[r.error.party] } : null,
    parties: s.parties.map((p, i) => ({
      id: p.id,
      utility: m.utilities[i],
      discountedUtility: r.discountedUtilities[p.id],
      reservationValue: p.reservationValue,
    })),
    metrics: {
      paretoOptimal: m.paretoOptimal,
      distanceToFrontier: m.distanceToFrontier,
      distanceToNash: m.distanceToNash,
      concession: Object.fromEntries(sim.order.map((id, i) => [id, m.concession[i]])),
    },
    analysis: analysisJson(s, sim.analysis, false),
    transcript: r.events.map((e) => eventJson(s, sim.order, e)),
    report: reportPath,
  };
}

/**
 * The result of `analyze --json` on a corpus folder (versioned: keys are only ever added): one row
 * per domain, sorted by name; `outcomes` is null for an infinite space (a real issue), `opposition`
 * null when no outcome is feasible; a failed domain has `error: { code, message }`.
 */
export function corpusJson(corpus: string, rows: readonly DomainSummary[], ms: number): unknown {
  return {
    version: 1,
    corpus,
    domains: rows.map((r) => ({
      ...r,
      outcomes: Number.isFinite(r.outcomes) ? r.outcomes : null,
      opposition: Number.isFinite(r.opposition) ? r.opposition : null,
      ms: Math.round(r.ms),
    })),
    failed: rows.filter((r) => r.error).length,
    ms: Math.round(ms),
  };
}
