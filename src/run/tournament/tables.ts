/**
 * The tournament's tables as terminal text (cli-table3): the ranking, with means and 95%
 * confidence intervals, and the pairwise table (row negotiator against column negotiator: the
 * row's mean utility). Pure: results in, text out, colours left to the caller.
 */
import Table from 'cli-table3';
import type { PairwiseTable, RankingRow, Summary } from './stats.ts';

const f3 = (x: number | null): string => (x === null ? '–' : x.toFixed(3));

/** `0.712 ± 0.031` (no interval below two sessions). */
export function summaryText(s: Summary): string {
  if (s.mean === null) return '–';
  return s.ci95 === null ? s.mean.toFixed(3) : `${s.mean.toFixed(3)} ± ${s.ci95.toFixed(3)}`;
}

const plain = { head: [] as string[], border: [] as string[] };
// No rule between body rows: the tables are read down their columns.
const chars = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };

/** The ranking table. */
export function rankingTableText(rows: readonly RankingRow[]): string {
  const t = new Table({
    head: [
      '#',
      'negotiator',
      'sessions',
      'utility (95% CI)',
      'advantage (95% CI)',
      'disc. utility',
      'agree',
      'welfare',
      'd frontier',
      'd Nash',
      'rounds',
      'model acc.',
      'faults',
      'failed',
    ],
    style: plain,
    chars,
  });
  for (const r of rows) {
    t.push([
      r.rank,
      r.negotiator,
      r.sessions,
      summaryText(r.utility),
      summaryText(r.advantage),
      f3(r.discountedUtility.mean),
      r.agreementRate === null ? '–' : `${(r.agreementRate * 100).toFixed(0)}%`,
      f3(r.socialWelfare),
      f3(r.distanceToFrontier),
      f3(r.distanceToNash),
      r.rounds === null ? '–' : r.rounds.toFixed(1),
      f3(r.modelAccuracy),
      r.faults,
      r.matchFailures,
    ]);
  }
  return t.toString();
}

/** The pairwise table: rows against columns, the row's mean utility. */
export function pairwiseTableText(p: PairwiseTable): string {
  const t = new Table({ head: ['row vs column', ...p.names], style: plain, chars });
  p.names.forEach((name, r) => {
    t.push([name, ...p.names.map((_, c) => f3(p.meanUtility[r]?.[c] ?? null))]);
  });
  return t.toString();
}
