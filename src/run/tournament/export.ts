/**
 * Exports of a stored tournament: CSV with one row per (match, role), for spreadsheets and
 * pandas, and versioned JSON with every match result plus the ranking and the pairwise table.
 * The CLI writes them with `writeFileAtomic` (formats/write-atomic.ts).
 */
import type { PairwiseTable, RankingRow } from './stats.ts';
import type { StoredMatch } from './store.ts';

/** The columns of the CSV export, in order. */
export const CSV_COLUMNS = [
  'tournament',
  'match_index',
  'scenario',
  'deadline',
  'repetition',
  'seed',
  'role',
  'party',
  'negotiator',
  'status',
  'outcome',
  'error_code',
  'error_party',
  'utility',
  'discounted_utility',
  'reservation_value',
  'advantage',
  'model_accuracy',
  'agreement',
  'social_welfare',
  'distance_to_frontier',
  'distance_to_nash',
  'pareto_optimal',
  'rounds',
  'duration_ms',
] as const;

function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : typeof v === 'boolean' ? (v ? 'true' : 'false') : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * The CSV text: a header, then one row per role of every match (one row with empty role fields
 * for a match that produced no session, such as a timeout).
 */
export function tournamentCsv(tournamentId: string, matches: readonly StoredMatch[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const m of matches) {
    const r = m.result;
    const common = {
      tournament: tournamentId,
      match_index: m.matchIndex,
      scenario: m.scenario,
      deadline: m.deadline,
      repetition: m.repetition,
      seed: m.seed,
      status: r.status,
      outcome: r.outcome,
      error_code: r.error?.code ?? null,
      error_party: r.error?.party ?? null,
      agreement: r.parties.length === 0 ? null : r.outcome === 'agreement',
      social_welfare: r.socialWelfare,
      distance_to_frontier: r.distanceToFrontier,
      distance_to_nash: r.distanceToNash,
      pareto_optimal: r.paretoOptimal,
      rounds: r.rounds,
      duration_ms: Math.round(m.durationMs * 1000) / 1000,
    };
    const roles: Record<string, unknown>[] =
      r.parties.length > 0
        ? r.parties.map((p, role) => ({
            role,
            party: p.party,
            negotiator: p.negotiator,
            utility: p.utility,
            discounted_utility: p.discountedUtility,
            reservation_value: p.reservationValue,
            advantage: p.advantage,
            model_accuracy: p.modelAccuracy,
          }))
        : [{ negotiator: m.assignment.join(' vs ') }];
    for (const role of roles) {
      const row: Record<string, unknown> = { ...common, ...role };
      lines.push(CSV_COLUMNS.map((c) => csvField(row[c])).join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The JSON export (format version 1). */
export function tournamentJson(
  t: { id: string; title: string; total: number; specHash: string },
  matches: readonly StoredMatch[],
  ranking: readonly RankingRow[],
  pairwise: PairwiseTable,
): unknown {
  return {
    format: 'lancaster-tournament',
    version: 1,
    tournament: t,
    ranking,
    pairwise,
    matches,
  };
}
