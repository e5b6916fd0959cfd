/**
 * Text renderings for the terminal: the compact transcript, the result against the frontier, and
 * the domain analysis. Pure functions from results to strings (colours are passed in), so they
 * are tested without a terminal and reused by every command.
 */
import type { Colors } from 'picocolors/types.js';
import type { DomainAnalysis, DomainSummary, NegotiationMetrics, UtilityPoint } from '../analysis/types.ts';
import { formatCount } from '../format-count.ts';
import { impactValue } from '../model/impact.ts';
import type { Outcome } from '../model/outcome-space.ts';
import { partyUtility } from '../model/party.ts';
import type { Scenario } from '../model/scenario.ts';
import type { SessionEvent, SessionResult } from '../protocols/types.ts';

const fmt = (x: number): string => x.toFixed(3);

/** `issue=value issue=value`, with discrete value ids. */
export function packageText(scenario: Scenario, o: Outcome): string {
  return Object.entries(scenario.space.toRecord(o))
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

/** Each party's utility of an outcome: `us 0.712  china 0.440`. */
function utilitiesText(scenario: Scenario, o: Outcome): string {
  return scenario.parties.map((p) => `${p.id} ${fmt(partyUtility(p, o))}`).join('  ');
}

const STATUS_TEXT: Record<SessionResult['status'], string> = {
  agreement: 'AGREEMENT (ratified)',
  deadline: 'NO DEAL: the deadline passed without agreement',
  'walked-away': 'NO DEAL: a party walked away',
  vetoed: 'NO DEAL: a principal vetoed the agreement and the talks ended',
  error: 'ERROR: a negotiator failed',
};

/** The status of a session in words. */
export function statusText(result: SessionResult): string {
  return STATUS_TEXT[result.status];
}

/**
 * The transcript, compact: an offer identical to the same party's previous offer is folded into a
 * "repeated" line, so a Boulware negotiator holding firm for 30 rounds takes one line, not 30.
 */
export function transcriptText(
  scenario: Scenario,
  result: SessionResult,
  order: readonly string[],
  c: Colors,
  full = false,
): string {
  const lines: string[] = [];
  const last = new Map<number, string>();
  let folded = 0;
  let foldFrom = -1;
  let foldTo = -1;
  const flush = (): void => {
    if (folded > 0) {
      const span = foldFrom === foldTo ? `round ${foldFrom + 1}` : `rounds ${foldFrom + 1}–${foldTo + 1}`;
      lines.push(c.dim(`      … ${folded} repeated offer${folded > 1 ? 's' : ''} (${span})`));
      folded = 0;
    }
  };
  const who = (i: number): string => order[i] ?? `#${i}`;
  const principal = (i: number): string => {
    const party = scenario.parties.find((p) => p.id === order[i]);
    return party?.principal ? `${party.principal.name} (${party.id})` : who(i);
  };
  for (const e of result.events as SessionEvent[]) {
    const r = `R${String(e.round + 1).padStart(3)}`;
    switch (e.type) {
      case 'propose':
        // The chair's text is shown with its tally, one line per round.
        break;
      case 'tally': {
        const votes = e.votes.map((yes, i) => `${who(i)} ${yes ? c.green('yes') : c.red('no')}`).join(' ');
        const verdict = e.adopted ? c.green('adopted: the text stands') : c.dim('rejected');
        flush();
        lines.push(
          `${r} ${c.bold('chair'.padEnd(6))} text    ${packageText(scenario, e.outcome)}  ${c.dim(utilitiesText(scenario, e.outcome))}  ${votes}  ${verdict}`,
        );
        break;
      }
      case 'offer': {
        const key = e.outcome.join(',');
        if (!full && last.get(e.party) === key) {
          if (folded === 0) foldFrom = e.round;
          foldTo = e.round;
          folded++;
          continue;
        }
        last.set(e.party, key);
        flush();
        lines.push(
          `${r} ${c.bold(who(e.party).padEnd(6))} offers  ${packageText(scenario, e.outcome)}  ${c.dim(utilitiesText(scenario, e.outcome))}`,
        );
        break;
      }
      case 'accept':
        flush();
        lines.push(`${r} ${c.bold(who(e.party).padEnd(6))} ${c.green('accepts')}`);
        break;
      case 'end':
        flush();
        lines.push(`${r} ${c.bold(who(e.party).padEnd(6))} ${c.red('walks away')}`);
        break;
      case 'break':
        flush();
        lines.push(c.cyan(`──── ${e.after} ends; ${e.next} begins ────`));
        break;
      case 'delegations-agree':
        flush();
        lines.push(`     ${c.green('delegations agree')} on ${packageText(scenario, e.outcome)}`);
        break;
      case 'ratify':
        lines.push(`     ${principal(e.party)} ${e.approve ? c.green('ratifies') : c.red('VETOES')}`);
        break;
      case 'error':
        flush();
        lines.push(`${r} ${c.red(`error (${who(e.party)}): ${e.code}: ${e.message}`)}`);
        break;
      case 'deadline':
        flush();
        lines.push(`${r} ${c.yellow('deadline reached')}`);
        break;
    }
  }
  flush();
  return lines.join('\n');
}

function pointText(scenario: Scenario, name: string, p: UtilityPoint | null): string {
  if (!p) return `${name.padEnd(12)} none (no outcome is acceptable to every party)`;
  const u = scenario.parties.map((party, i) => `${party.id} ${fmt(p.utilities[i] as number)}`).join('  ');
  return `${name.padEnd(12)} ${u}   ${packageText(scenario, p.outcome)}`;
}

/** The agreement (or no deal), utilities against reservation values, and where it sits against the frontier. */
export function resultText(
  scenario: Scenario,
  result: SessionResult,
  metrics: NegotiationMetrics,
  analysis: DomainAnalysis,
  c: Colors,
): string {
  const lines: string[] = [];
  const ok = result.status === 'agreement';
  lines.push(c.bold(ok ? c.green(statusText(result)) : c.yellow(statusText(result))));
  if (result.error) lines.push(c.red(`  ${result.error.code}: ${result.error.message}`));
  lines.push(
    `  after ${result.rounds} round${result.rounds === 1 ? '' : 's'} (${result.steps} moves, normalised time ${result.t.toFixed(2)})${result.vetoes ? `, ${result.vetoes} veto${result.vetoes > 1 ? 'es' : ''}` : ''}`,
  );
  if (result.agreement) {
    lines.push('', c.bold('The package'));
    scenario.space.issues.forEach((issue, i) => {
      lines.push(`  ${issue.label}: ${scenario.space.describe(result.agreement as Outcome)[issue.id] ?? ''}`);
      void i;
    });
  }
  lines.push('', c.bold('Utilities (0 = worst, 1 = best for that party)'));
  scenario.parties.forEach((p, i) => {
    const u = metrics.utilities[i] as number;
    const gain = u - p.reservationValue;
    const mark = ok
      ? gain >= 0
        ? c.green(`+${fmt(gain)} over no deal`)
        : c.red(`${fmt(gain)} below no deal`)
      : c.dim('no deal');
    lines.push(`  ${p.label.padEnd(24)} ${fmt(u)}   reservation ${fmt(p.reservationValue)}   ${mark}`);
  });
  lines.push('', c.bold('Against the frontier'));
  if (ok) {
    lines.push(
      metrics.paretoOptimal
        ? c.green('  Pareto-optimal: no other package is better for one side and no worse for the other')
        : `  ${c.yellow('not Pareto-optimal')}: ${fmt(metrics.distanceToFrontier)} from the frontier in utility space`,
    );
  } else {
    lines.push(`  no deal: ${fmt(metrics.distanceToFrontier)} from the frontier in utility space`);
  }
  lines.push(
    metrics.distanceToNash === null
      ? '  no Nash point (no package is acceptable to every side)'
      : `  distance to the Nash point: ${fmt(metrics.distanceToNash)}`,
  );
  lines.push(`  ${pointText(scenario, 'Nash', analysis.nash)}`);
  return lines.join('\n');
}

/** The domain analysis for people. */
export function analysisText(scenario: Scenario, a: DomainAnalysis, c: Colors, top = 10): string {
  const lines: string[] = [];
  lines.push(c.bold(`${scenario.title}`));
  lines.push(`  issues: ${scenario.space.issues.map((i) => i.id).join(', ')}`);
  lines.push(
    `  parties: ${scenario.parties.map((p, i) => `${p.id} (reservation ${fmt(a.reservationValues[i] as number)})`).join(', ')}`,
  );
  lines.push(`  outcomes: ${outcomesText(a.outcomes)}`);
  const ofSample = a.sampleSize !== undefined ? ` (of a sample of ${a.sampleSize})` : '';
  lines.push(`  crossing no red line: ${a.feasible}${ofSample}`);
  lines.push(
    `  acceptable to every party (zone of possible agreement): ${a.individuallyRational}${ofSample}`,
  );
  lines.push(
    `  Pareto frontier: ${a.frontier.length} point${a.frontier.length === 1 ? '' : 's'} (distinct utility vectors)  ${methodText(a, c)}`,
  );
  lines.push(`  opposition: ${fmt(a.opposition)} (0 = no conflict of interest)`);
  lines.push('', c.bold('Bargaining solutions'));
  lines.push(`  ${pointText(scenario, 'Nash', a.nash)}`);
  lines.push(`  ${pointText(scenario, 'Kalai', a.kalai)}`);
  lines.push(
    c.dim(
      a.kalaiRule === 'genius'
        ? '    (GENIUS rule: the frontier point with the smallest |u1 − u2|, reservation values ignored)'
        : '    (the acceptable outcome with the largest smallest share of each side’s ideal gain)',
    ),
  );
  lines.push(`  ${pointText(scenario, 'utilitarian', a.utilitarian)}`);
  lines.push(`  ${pointText(scenario, 'egalitarian', a.egalitarian)}`);
  if (top > 0 && a.frontier.length > 0) {
    lines.push(
      '',
      c.bold(
        `Pareto frontier${a.frontier.length > top ? ` (${top} of ${a.frontier.length}, evenly spread)` : ''}`,
      ),
    );
    const n = a.frontier.length;
    const picks =
      n <= top
        ? a.frontier
        : Array.from(
            { length: top },
            (_, k) => a.frontier[Math.round((k * (n - 1)) / (top - 1))] as UtilityPoint,
          );
    for (const p of picks) lines.push(`  ${pointText(scenario, '', p).trimStart()}`);
  }
  return lines.join('\n');
}

/** How exact an analysis is, in words (approximate results are flagged in yellow). */
function methodText(a: DomainAnalysis, c: Colors): string {
  switch (a.method) {
    case 'issue-merge':
      return a.approximate
        ? c.yellow(
            'APPROXIMATE: exact issue-by-issue frontier on a grid of the real (and wide integer) issues',
          )
        : '(exact, built issue by issue without enumerating)';
    case 'search':
      return c.yellow(
        `APPROXIMATE: found by search (${a.evaluations ?? 0} outcomes evaluated); better outcomes may exist`,
      );
    case 'sample':
      return c.yellow('APPROXIMATE: frontier of a uniform sample');
    default:
      return a.approximate ? c.yellow('APPROXIMATE') : '(exact, every outcome enumerated)';
  }
}

/** An outcome count for people: digits up to 10^9, then powers of ten; ∞ for a real issue. */
function outcomesText(n: number): string {
  if (!Number.isFinite(n)) return '∞ (real issue)';
  if (n < 1e9) return formatCount(n);
  return `${(n / 10 ** Math.floor(Math.log10(n))).toFixed(1)}e${Math.floor(Math.log10(n))}`;
}

/**
 * The corpus analysis as a table, one row per domain (FAILED rows carry their error), and a total.
 * Utilities of Nash and Kalai are listed in party order, separated by slashes.
 */
export function corpusText(rows: readonly DomainSummary[], c: Colors, ms: number): string {
  // Three parties at most, so that nine-party rows keep the table readable (JSON has them all).
  const us = (u: readonly number[] | null) =>
    u
      ? `${u
          .slice(0, 3)
          .map((x) => x.toFixed(2))
          .join('/')}${u.length > 3 ? '/…' : ''}`
      : '-';
  const head = ['domain', 'parties', 'outcomes', 'frontier', 'Nash', 'Kalai', 'opp.', 'method', 'ms'];
  const cells = rows.map((r) =>
    r.error
      ? [r.domain, '', '', '', '', '', '', 'FAILED', String(Math.round(r.ms))]
      : [
          r.domain,
          r.profiles === r.parties.length ? String(r.profiles) : `${r.parties.length}/${r.profiles}`,
          outcomesText(r.outcomes).replace(' (real issue)', ''),
          String(r.frontierSize),
          us(r.nash),
          us(r.kalai),
          Number.isFinite(r.opposition) ? r.opposition.toFixed(3) : '-',
          r.approximate ? `${r.method} (approx)` : r.method,
          String(Math.round(r.ms)),
        ],
  );
  const widths = head.map((h, k) => Math.max(h.length, ...cells.map((row) => (row[k] as string).length)));
  const right = new Set([1, 2, 3, 6, 8]);
  const line = (row: readonly string[]) =>
    row
      .map((cell, k) =>
        right.has(k) ? cell.padStart(widths[k] as number) : cell.padEnd(widths[k] as number),
      )
      .join('  ')
      .trimEnd();
  const lines = [c.bold(line(head))];
  rows.forEach((r, k) => {
    const text = line(cells[k] as string[]);
    lines.push(r.error ? c.red(text) : r.approximate ? c.yellow(text) : text);
    if (r.error) lines.push(c.red(`    ${r.error.code}: ${r.error.message.split('\n')[0]}`));
  });
  const failed = rows.filter((r) => r.error).length;
  const approx = rows.filter((r) => !r.error && r.approximate).length;
  lines.push(
    '',
    `${rows.length} domains in ${(ms / 1000).toFixed(1)} s: ${rows.length - failed} analysed (${approx} approximate), ${failed} failed`,
    'parties "2/9": the first two of nine profiles (folders with more profiles than --max-parties)',
  );
  return lines.join('\n');
}

/** A quantity of any size, to about three significant figures: 1234, 56.7, 0.123 (`decimals` below 10). */
export function amountText(x: number, decimals = 3): string {
  return Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(decimals);
}

/**
 * The scenario's impact indicators for an agreement and for no deal (declared, sourced mappings of
 * the outcome), or null when the scenario declares none.
 */
export function impactsText(scenario: Scenario, agreement: Outcome | null, c: Colors): string | null {
  const impacts = scenario.impacts ?? [];
  if (impacts.length === 0) return null;
  const n = (x: number) => amountText(x, 2);
  const lines = [
    c.bold('Impacts') +
      c.dim(' (declared indicators of the outcome; sources in the scenario and the report)'),
  ];
  for (const m of impacts) {
    const noDeal = impactValue(m, scenario.space, null);
    const deal = agreement ? `${n(impactValue(m, scenario.space, agreement))} with this agreement; ` : '';
    lines.push(`  ${m.label} (${m.unit}): ${deal}${n(noDeal)} with no deal`);
  }
  return lines.join('\n');
}
