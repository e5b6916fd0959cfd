/**
 * Terminal renderings of a forecast and of a what-if comparison: pure functions from results to
 * strings (colours passed in), shared by `forecast`, `compare` and `simulate --forecast`.
 */
import type { Colors } from 'picocolors/types.js';
import type { ForecastComparison } from '../analysis/forecast-compare.ts';
import type { Distribution } from '../model/distribution.ts';
import type { ForecastResult } from '../run/forecast.ts';
import { amountText } from './render.ts';

const pct = (x: number, digits = 1): string => `${(x * 100).toFixed(digits)}%`;
const num = (x: number): string => amountText(x);
const signed = (x: number, f: (y: number) => string): string =>
  (x > 0 ? '+' : x < 0 ? '−' : '±') + f(Math.abs(x));

function packageWords(o: Readonly<Record<string, string | number>>): string {
  return Object.entries(o)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

/** A distribution in words: `triangular(0.1, 0.2, 0.4)`. */
export function distributionText(d: Distribution): string {
  switch (d.kind) {
    case 'uniform':
      return `uniform(${num(d.min)}, ${num(d.max)})`;
    case 'triangular':
      return `triangular(${num(d.min)}, ${num(d.mode)}, ${num(d.max)})`;
    case 'normal':
      return `normal(${num(d.mean)}, sd ${num(d.sd)}) in [${num(d.min)}, ${num(d.max)}]`;
    case 'choice':
      return `choice(${d.values.map((v, i) => `${num(v)}:${pct(d.probabilities[i] as number, 0)}`).join(', ')})`;
  }
}

export interface ForecastTextOptions {
  /** Packages listed (default 5). */
  readonly packages?: number;
  /** Sensitivity rows listed (default 8). */
  readonly sensitivity?: number;
  /** Wall time and workers, for the heading. */
  readonly elapsedMs?: number;
  readonly workers?: number;
}

/** The forecast as the terminal shows it. */
export function forecastText(f: ForecastResult, c: Colors, opts: ForecastTextOptions = {}): string {
  const lines: string[] = [];
  const when =
    opts.elapsedMs !== undefined
      ? `, ${(opts.elapsedMs / 1000).toFixed(1)} s on ${opts.workers ?? 1} worker${opts.workers === 1 ? '' : 's'}`
      : '';
  lines.push(c.bold(`Forecast: ${f.scenario.title}`));
  lines.push(c.dim(`${f.runs} runs, seed ${f.seed}${when}; ${f.parameters.length} uncertain parameters`));
  const mixes = Object.entries(f.strategies);
  if (mixes.length > 0) {
    lines.push(
      c.dim(
        `strategy mix: ${mixes.map(([p, opts2]) => `${p} ${opts2.map((o) => `${o.spec} ${pct(o.probability, 0)}`).join(' | ')}`).join('; ')}`,
      ),
    );
  }
  lines.push('');
  const a = f.agreement;
  lines.push(
    `${c.bold('Agreement')}  ${c.bold(pct(a.probability))} (95% CI ${pct(a.ci95.low)}–${pct(a.ci95.high)})  ` +
      c.dim(
        Object.entries(f.endings)
          .filter(([, n]) => n > 0)
          .map(([s, n]) => `${s} ${n}`)
          .join(', '),
      ),
  );
  const vetoes = f.vetoes.filter((v) => v.runsWithVeto > 0);
  if (vetoes.length > 0) {
    lines.push(
      `Vetoes     ${vetoes.map((v) => `${v.label}'s principal in ${pct(v.probability)} of runs`).join('; ')}`,
    );
  }
  const r = f.rounds;
  lines.push(
    `Rounds     median ${num(r.all.p50)} (5–95%: ${num(r.all.p5)}–${num(r.all.p95)})` +
      (r.agreement ? `; agreements at median ${num(r.agreement.p50)}` : ''),
  );
  lines.push('');

  if (f.packages.length > 0) {
    lines.push(c.bold(`Most likely packages`) + c.dim(` (${f.distinctPackages} distinct agreed)`));
    f.packages.slice(0, opts.packages ?? 5).forEach((p, i) => {
      lines.push(
        `  ${i + 1}. ${pct(p.probability).padStart(6)} ${c.dim(`[${pct(p.ci95.low)}–${pct(p.ci95.high)}]`)}  ${packageWords(p.outcome)}`,
      );
    });
    lines.push('');
    lines.push(
      c.bold('Issue by issue') + c.dim(` (given agreement; no deal in ${pct(1 - a.probability)} of runs)`),
    );
    const width = Math.max(...f.issues.map((i) => i.id.length));
    for (const issue of f.issues) {
      const values = [...issue.values]
        .filter((v) => v.givenAgreement > 0)
        .sort((x, y) => y.givenAgreement - x.givenAgreement)
        .map((v) => `${v.id} ${v.givenAgreement < 0.005 ? '<1%' : pct(v.givenAgreement, 0)}`);
      if (values.length > 0) lines.push(`  ${issue.id.padEnd(width)}  ${values.join('  ')}`);
    }
    lines.push('');
  }

  lines.push(c.bold('Expected utility') + c.dim(' (reservation value when there is no deal)'));
  for (const u of f.utilities) {
    const e = u.expected;
    lines.push(
      `  ${u.label.padEnd(16)} ${e.mean.toFixed(3)} ${c.dim(`[${e.ci95.low.toFixed(3)}–${e.ci95.high.toFixed(3)}]`)}` +
        (u.givenAgreement !== null ? `  given agreement ${u.givenAgreement.toFixed(3)}` : ''),
    );
  }

  if (f.impacts.length > 0) {
    lines.push('');
    lines.push(c.bold('Impacts'));
    for (const m of f.impacts) {
      const d = m.distribution;
      lines.push(
        `  ${m.label} (${m.unit}): mean ${num(d.mean)}, 5–95% ${num(d.p5)}–${num(d.p95)}; no deal ${num(m.noDeal)}`,
      );
    }
  }

  const approx = f.approximations;
  if (approx) {
    lines.push('');
    if (approx.quantileRankError !== null)
      lines.push(
        c.dim(
          `Quantiles (5–95%) are from a sketch, within ${pct(approx.quantileRankError, 2)} of the runs in rank.`,
        ),
      );
    if (approx.packageUndercount !== null)
      lines.push(
        c.dim(
          `Too many distinct packages to count each: a package's count may be low by up to ${approx.packageUndercount} runs.`,
        ),
      );
  }

  const s = f.sensitivity;
  if (s && s.firstOrder.length > 0) {
    const top = opts.sensitivity ?? 8;
    lines.push('');
    lines.push(
      c.bold('Which assumptions matter') +
        c.dim(' (first-order variance share of agreement / largest issue share)'),
    );
    for (const row of s.firstOrder.slice(0, top)) {
      const [issue, share] = Object.entries(row.issues).sort((x, y) => y[1] - x[1])[0] ?? ['', 0];
      lines.push(
        `  ${row.agreement.toFixed(2).padStart(5)}  ${c.dim(`${share.toFixed(2)} ${issue}`.padEnd(22))} ${row.label}`,
      );
    }
    if (s.tornado && s.tornado.rows.length > 0) {
      const t = s.tornado;
      lines.push('');
      lines.push(
        c.bold('Swings') +
          c.dim(
            ` (agreement with one parameter at its low → high end, others at point values; base ${pct(t.base)}, ${t.runsPerEnd} runs per end)`,
          ),
      );
      for (const row of t.rows.slice(0, top)) {
        lines.push(
          `  ${signed(row.agreementAtHigh - row.agreementAtLow, (x) => pct(x, 0)).padStart(6)}  ` +
            `${pct(row.agreementAtLow, 0).padStart(4)} → ${pct(row.agreementAtHigh, 0).padEnd(4)}  ${row.label} ${c.dim(`[${num(row.low)} → ${num(row.high)}]`)}`,
        );
      }
    }
  }
  return lines.join('\n');
}

/** The compact forecast summary `simulate --forecast` appends after the single run. */
export function forecastSummaryText(f: ForecastResult, c: Colors, opts: ForecastTextOptions = {}): string {
  return forecastText(f, c, { packages: 3, sensitivity: 5, ...opts });
}

/** A what-if comparison as the terminal shows it. */
export function comparisonText(
  cmp: ForecastComparison,
  names: { base: string; variant: string },
  c: Colors,
  top = 5,
): string {
  const lines: string[] = [];
  const a = cmp.agreement;
  lines.push(
    c.bold(`Compare: ${names.base} → ${names.variant}`) +
      c.dim(` (${cmp.runs.base} and ${cmp.runs.variant} runs)`),
  );
  lines.push('');
  lines.push(
    `${c.bold('Agreement')}  ${pct(a.base)} → ${c.bold(pct(a.variant))}  ` +
      `(${signed(a.difference, (x) => `${(x * 100).toFixed(1)} pts`)}, 95% CI ${(a.ci95.low * 100).toFixed(1)} to ${(a.ci95.high * 100).toFixed(1)} pts)`,
  );
  lines.push(`Rounds     mean ${num(cmp.roundsMean.base)} → ${num(cmp.roundsMean.variant)}`);
  for (const v of cmp.vetoes) {
    if (v.base > 0 || v.variant > 0)
      lines.push(`Vetoes     ${v.label}: ${pct(v.base)} → ${pct(v.variant)} of runs`);
  }
  lines.push('');
  lines.push(c.bold('Packages that moved most') + c.dim(' (probability over all runs)'));
  for (const p of cmp.packages.slice(0, top)) {
    lines.push(
      `  ${pct(p.base).padStart(6)} → ${pct(p.variant).padEnd(6)} ${c.dim(signed(p.difference, (x) => pct(x)).padStart(7))}  ${packageWords(p.outcome)}`,
    );
  }
  lines.push('');
  lines.push(c.bold('Issue values') + c.dim(' (given agreement; changes of 1 point or more)'));
  for (const issue of cmp.issues) {
    const moved = issue.values.filter((v) => Math.abs(v.difference) >= 0.01);
    if (moved.length === 0) continue;
    lines.push(
      `  ${issue.id}: ${moved.map((v) => `${v.id} ${pct(v.base, 0)} → ${pct(v.variant, 0)}`).join(', ')}`,
    );
  }
  lines.push('');
  lines.push(c.bold('Expected utility'));
  for (const u of cmp.utilities) {
    lines.push(
      `  ${u.label.padEnd(16)} ${u.base.toFixed(3)} → ${u.variant.toFixed(3)} (${signed(u.difference, (x) => x.toFixed(3))})`,
    );
  }
  if (cmp.impacts.length > 0) {
    lines.push('');
    lines.push(c.bold('Impacts') + c.dim(' (mean)'));
    for (const m of cmp.impacts) {
      lines.push(
        `  ${m.label} (${m.unit}): ${num(m.base)} → ${num(m.variant)} (${signed(m.difference, num)})`,
      );
    }
  }
  return lines.join('\n');
}
