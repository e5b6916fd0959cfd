/**
 * The backtest as the terminal shows it: the methods ranked, with means and 95% intervals over
 * the cases, then one line per case and method. Pure: result in, text out, colours passed in.
 */
import Table from 'cli-table3';
import type { Colors } from 'picocolors/types.js';
import type { MeanWithInterval } from '../analysis/backtest.ts';
import type { BacktestResult } from '../run/backtest.ts';

const plain = { head: [] as string[], border: [] as string[] };
const chars = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };

/** `1.234 (0.98–1.49)`, the interval left out below two cases; `–` when the method scored nothing. */
export function meanText(m: MeanWithInterval | null, digits = 2, percent = false): string {
  if (m === null) return '–';
  const f = (x: number) => (percent ? `${(x * 100).toFixed(0)}%` : x.toFixed(digits));
  return m.ci95 === null ? f(m.mean) : `${f(m.mean)} [${f(m.ci95.low)}, ${f(m.ci95.high)}]`;
}

const f3 = (x: number | null | undefined) => (x === null || x === undefined ? '–' : x.toFixed(3));

/** The ranking table and the per-case lines. */
export function backtestText(r: BacktestResult, c: Colors): string {
  const label = new Map(r.methods.map((m) => [m.id, m.label]));
  const lines: string[] = [];
  const runs = [...new Set(r.cases.map((k) => k.runs))].join('/');
  lines.push(
    c.bold(`Backtest: ${r.cases.length} case${r.cases.length === 1 ? '' : 's'} with a recorded outcome`),
  );
  lines.push(
    c.dim(
      `simulation: ${runs} runs per case, seed ${r.seed}` +
        (r.skipped.length > 0
          ? `; ${r.skipped.length} file${r.skipped.length === 1 ? '' : 's'} without an outcome skipped`
          : ''),
    ),
  );
  lines.push(
    '',
    c.bold('Methods, best first (mean over cases [95% interval]; lower log and Brier scores are better)'),
  );
  const t = new Table({
    head: [
      '#',
      'method',
      'log score',
      'Brier',
      'P(actual)',
      'modal hit',
      'ordered error',
      'in 80%',
      'agreement Brier',
    ],
    style: plain,
    chars,
  });
  for (const m of r.ranking) {
    t.push([
      m.rank,
      label.get(m.method) ?? m.method,
      meanText(m.log),
      meanText(m.brier),
      meanText(m.probability),
      meanText(m.modalHitRate, 0, true),
      meanText(m.relError),
      meanText(m.coverage, 0, true),
      meanText(m.agreementBrier),
    ]);
  }
  lines.push(t.toString());
  lines.push(
    c.dim(
      'ordered error: |forecast mean − actual| / issue range on integer and real issues; in 80%: share of those inside the 10–90% interval',
    ),
  );
  for (const k of r.cases) {
    lines.push(
      '',
      `${c.bold(k.id)} ${c.dim(`(${k.outcome.date}, ${k.outcome.agreement ? 'agreement' : 'no agreement'})`)}: ${k.issues.map((i) => `${i.id}=${i.category}`).join(' ')}`,
    );
    for (const s of k.scores) {
      const pkg = s.package
        ? `package p ${f3(s.package.probability)}${s.package.rank !== null ? ` rank ${s.package.rank}` : ''}`
        : 'package –';
      const agreement = s.agreement ? `P(agreement) ${f3(s.agreement.probability)}` : '';
      lines.push(
        `  ${(label.get(s.method) ?? s.method).padEnd(26)} log ${f3(s.meanLog)}  Brier ${f3(s.meanBrier)}  P(actual) ${f3(s.meanProbability)}  ${pkg}${agreement ? `  ${agreement}` : ''}`,
      );
    }
  }
  return lines.join('\n');
}
