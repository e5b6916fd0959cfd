/**
 * Improving a deal after it is made, as Smartsettle and INSPIRE offer after a settlement: once the
 * delegations agreed and every principal ratified, the server proposes one package that is
 * strictly better for every party and that every principal would ratify, chosen by a stated rule:
 * among such packages on the Pareto frontier, the one closest (Euclidean, in utility space) to the
 * Nash bargaining point; ties go to the larger product of gains over the deal. Each person accepts
 * or declines it; software seats accept any strict improvement (so they accept this one); it
 * replaces the deal only when every seat accepts. Proposed only at a table with a person: a
 * session of software alone ends exactly as `lancaster simulate` ends it. Pure: the answers are
 * notes of the session's log (`improve`), and the proposal is recomputed from the agreement.
 */

import type { Outcome } from '../model/outcome-space.ts';
import { type Party, partyUtility, ratifies } from '../model/party.ts';
import type { SessionState } from '../protocols/types.ts';
import { isHumanSeat, type Table } from './machine.ts';
import type { LoggedNote } from './store.ts';
import { debriefAnalysis } from './views.ts';

/** The rule, as the table and the debrief state it. */
export const IMPROVEMENT_RULE =
  'of the packages on the Pareto frontier that are better for every party than the deal and that every principal would ratify, the one closest to the Nash point';

/** A utility gain smaller than this is no improvement. */
const EPSILON = 1e-9;

/** The proposed improvement of a session and its answers so far (turn order). */
export interface Improvement {
  readonly outcome: Outcome;
  /** Each party's utility of it (turn order). */
  readonly utilities: readonly number[];
  /** Each seat's answer: true/false, or null while a person has not answered. */
  readonly decisions: readonly (boolean | null)[];
  readonly status: 'open' | 'adopted' | 'declined';
}

const candidates = new WeakMap<Table, Map<string, { outcome: Outcome; utilities: number[] } | null>>();

/**
 * The package proposed to improve `deal` (turn-order utilities), or null when none is strictly
 * better for every party and ratified by every principal.
 */
export function improvementCandidate(
  table: Table,
  deal: Outcome,
): { outcome: Outcome; utilities: number[] } | null {
  let byDeal = candidates.get(table);
  if (!byDeal) {
    byDeal = new Map();
    candidates.set(table, byDeal);
  }
  const key = deal.join(',');
  const cached = byDeal.get(key);
  if (cached !== undefined) return cached;
  const parties = table.parties;
  const at = (o: Outcome) => parties.map((p) => partyUtility(p, o, 0));
  const base = at(deal);
  const analysis = debriefAnalysis(table.scenario);
  // Analysis points follow the scenario's party order; turn order may differ.
  const order = parties.map((p) => table.scenario.parties.findIndex((q) => q.id === p.id));
  const nash = analysis.nash ? order.map((k) => analysis.nash?.utilities[k] as number) : null;
  let best: { outcome: Outcome; utilities: number[]; distance: number; product: number } | null = null;
  for (const f of analysis.frontier) {
    const outcome = f.outcome as Outcome;
    if (!parties.every((p: Party) => p.utility.acceptable(outcome) && ratifies(p, outcome))) continue;
    const u = at(outcome);
    if (!u.every((x, i) => x > (base[i] as number) + EPSILON)) continue;
    const distance = nash ? Math.hypot(...u.map((x, i) => x - (nash[i] as number))) : 0;
    const product = u.reduce((acc, x, i) => acc * (x - (base[i] as number)), 1);
    if (
      best === null ||
      distance < best.distance - 1e-12 ||
      (Math.abs(distance - best.distance) <= 1e-12 && product > best.product)
    )
      best = { outcome: outcome.slice(), utilities: u, distance, product };
  }
  const result = best ? { outcome: best.outcome, utilities: best.utilities } : null;
  byDeal.set(key, result);
  return result;
}

/**
 * The improvement of a finished session with an agreement and a person at the table, with the
 * seats' answers read from its notes; null when there is nothing to propose.
 */
export function improvementOf(
  table: Table,
  state: SessionState,
  notes: readonly LoggedNote[],
): Improvement | null {
  if (state.status !== 'agreement' || state.agreement === null) return null;
  if (!table.parties.some((_, i) => isHumanSeat(table, i))) return null;
  const found = improvementCandidate(table, state.agreement);
  if (found === null) return null;
  const decisions: (boolean | null)[] = table.parties.map((_, i) => (isHumanSeat(table, i) ? null : true));
  for (const n of notes) {
    if (n.note.kind === 'improve' && decisions[n.note.party] === null)
      decisions[n.note.party] = n.note.accept;
  }
  const status = decisions.some((d) => d === false)
    ? 'declined'
    : decisions.every((d) => d === true)
      ? 'adopted'
      : 'open';
  return { outcome: found.outcome, utilities: found.utilities, decisions, status };
}
