/**
 * The backtest report (`lancaster backtest --report`): one self-contained HTML file, no scripts,
 * charts as static SVG (Observable Plot through `renderSvg`). The methods ranked with their means
 * and 95% intervals over the cases, a chart of each method's mean log score with its interval, the
 * calibration plot (forecast probability against observed frequency, one curve per method), then
 * each case: what happened on each issue, with its sources, and every method's scores. Pure: the
 * same result gives the same document byte for byte.
 */
import * as Plot from '@observablehq/plot';
import type { MeanWithInterval, MethodCaseScore } from '../analysis/backtest.ts';
import { formatCount } from '../format-count.ts';
import type { BacktestCase, BacktestResult } from '../run/backtest.ts';
import { REPORT_CSS, reportPage } from './html.ts';
import { escapeHtml as esc, linkify, renderSvg } from './plot.ts';

/** One colour per method, in the order of `BacktestResult.methods`. */
const METHOD_PALETTE = [
  '#2563eb',
  '#dc2626',
  '#7c3aed',
  '#6b7280',
  '#d97706',
  '#059669',
  '#0891b2',
  '#db2777',
];

const BACKTEST_CSS = `
.backtest td.method{white-space:nowrap}
.backtest table.case td:first-child{min-width:12em}
.swatch{display:inline-block;width:.9em;height:.7em;border-radius:2px;margin-right:.35em;vertical-align:baseline}
`;

function methodColor(k: number): string {
  return METHOD_PALETTE[k % METHOD_PALETTE.length] as string;
}

const f3 = (x: number | null | undefined) => (x === null || x === undefined ? '—' : x.toFixed(3));
const pct = (x: number | null | undefined) =>
  x === null || x === undefined ? '—' : `${(x * 100).toFixed(0)}%`;

/** `1.234` with its interval below it, `—` when the method scored nothing. */
function meanCell(m: MeanWithInterval | null, percent = false): string {
  if (m === null) return '<td class="num">—</td>';
  const f = percent ? pct : f3;
  const ci = m.ci95 ? `<div class="small muted">${f(m.ci95.low)}–${f(m.ci95.high)}</div>` : '';
  return `<td class="num">${f(m.mean)}${ci}</td>`;
}

/**
 * The backtest as one complete HTML document.
 *
 * @example
 * await writeReportAtomically('reports/backtest-seed1.html', renderBacktestReport(await runBacktest(['scenarios'], { seed: 1 })));
 */
export function renderBacktestReport(
  r: BacktestResult,
  options: { readonly generatedAt?: string } = {},
): string {
  const runs = [...new Set(r.cases.map((c) => c.runs))].map(formatCount).join('/');
  const meta = [
    `${formatCount(r.cases.length)} case${r.cases.length === 1 ? '' : 's'}`,
    `${runs} simulation runs per case`,
    `seed ${esc(String(r.seed))}`,
  ].join(' · ');
  return reportPage({
    scenario: {
      title: 'Backtest: forecasts against recorded outcomes',
      description:
        'Each case is a scenario written from what was known before the talks, with the outcome recorded apart. Every method forecasts each case from the scenario alone; the scores say how close each came to what happened.',
    },
    kind: 'backtest report',
    meta,
    nav: [
      ['ranking', 'Ranking'],
      ['calibration', 'Calibration'],
      ['cases', 'Cases'],
      ['methods', 'Methods and scores'],
    ],
    sections: [rankingSection(r), calibrationSection(r), casesSection(r), methodsSection(r)],
    generatedAt: options.generatedAt,
    css: REPORT_CSS + BACKTEST_CSS,
  });
}

function labelOf(r: BacktestResult, method: string): string {
  return r.methods.find((m) => m.id === method)?.label ?? method;
}

function chip(r: BacktestResult, method: string): string {
  const k = r.methods.findIndex((m) => m.id === method);
  return `<span class="swatch" style="background:${methodColor(k)}"></span>${esc(labelOf(r, method))}`;
}

function rankingSection(r: BacktestResult): string {
  const rows = r.ranking
    .map(
      (m) =>
        `<tr data-method="${esc(m.method)}"><td class="num">${m.rank}</td><td class="method">${chip(r, m.method)}</td>${meanCell(m.log)}${meanCell(m.brier)}${meanCell(m.probability)}${meanCell(m.modalHitRate, true)}${meanCell(m.relError)}${meanCell(m.coverage, true)}${meanCell(m.agreementBrier)}${meanCell(m.packageProbability)}<td class="num">${formatCount(m.issuesScored)}</td></tr>`,
    )
    .join('');
  const scored = r.ranking.filter((m) => m.log !== null);
  const marks = scored.map((m) => ({
    label: labelOf(r, m.method),
    color: methodColor(r.methods.findIndex((x) => x.id === m.method)),
    mean: (m.log as MeanWithInterval).mean,
    low: (m.log as MeanWithInterval).ci95?.low ?? (m.log as MeanWithInterval).mean,
    high: (m.log as MeanWithInterval).ci95?.high ?? (m.log as MeanWithInterval).mean,
  }));
  const svg =
    marks.length === 0
      ? ''
      : renderSvg(
          {
            width: 900,
            height: 40 + 34 * marks.length,
            marginLeft: 190,
            marginRight: 30,
            x: {
              label: 'Mean log score over cases (lower is better) →',
              labelAnchor: 'right',
              grid: true,
              zero: true,
            },
            y: { domain: marks.map((m) => m.label), label: null },
            marks: [
              Plot.ruleY(marks, { y: 'label', x1: 'low', x2: 'high', stroke: 'color', strokeWidth: 2 }),
              Plot.dot(marks, {
                y: 'label',
                x: 'mean',
                fill: 'color',
                r: 5,
                title: (d: { label: string; mean: number }) => `${d.label}: ${d.mean.toFixed(3)}`,
              }),
            ],
          },
          'lk-backtest-log',
        );
  const figure = svg
    ? `<figure id="figure-log-scores"><figcaption><strong>Mean log score of each method</strong>, with its 95% interval over the cases.</figcaption><div class="plot">${svg}</div></figure>`
    : '';
  return `<section id="ranking" class="backtest">
<h2>Ranking</h2>
<p>Methods ranked by their mean log score over the cases (lower is better; ties by Brier score). Each case counts once: a method’s score on a case is its mean over the case’s issues. Intervals are Student-t 95% intervals of the mean over cases: with few cases they are wide, and a difference inside them is not evidence.</p>
<div class="scroll"><table class="zebra ranking">
<thead><tr><th class="num">#</th><th>Method</th><th class="num">Log score</th><th class="num">Brier</th><th class="num">P(actual)</th><th class="num">Modal hit</th><th class="num">Ordered error</th><th class="num">In 80%</th><th class="num">Agreement Brier</th><th class="num">P(package)</th><th class="num">Issues</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>
${figure}`.concat('\n</section>');
}

function calibrationSection(r: BacktestResult): string {
  const data = r.calibration.flatMap((c) =>
    c.bins.map((b) => ({
      method: labelOf(r, c.method),
      color: methodColor(r.methods.findIndex((m) => m.id === c.method)),
      x: b.meanForecast,
      y: b.observed,
      count: b.count,
    })),
  );
  const svg = renderSvg(
    {
      width: 640,
      height: 520,
      marginLeft: 50,
      marginBottom: 44,
      x: { domain: [0, 1], label: 'Forecast probability →', grid: true },
      y: { domain: [0, 1], label: '↑ Observed frequency', grid: true },
      r: { range: [2.5, 11] },
      marks: [
        Plot.line(
          [
            [0, 0],
            [1, 1],
          ],
          { stroke: '#9aa5b1', strokeDasharray: '4,3' },
        ),
        Plot.line(data, { x: 'x', y: 'y', z: 'method', stroke: 'color', strokeOpacity: 0.7 }),
        Plot.dot(data, {
          x: 'x',
          y: 'y',
          r: 'count',
          fill: 'color',
          fillOpacity: 0.85,
          title: (d: { method: string; x: number; y: number; count: number }) =>
            `${d.method}: forecast ${pct(d.x)}, happened ${pct(d.y)} of ${d.count}`,
        }),
      ],
    },
    'lk-backtest-calibration',
  );
  const legend = `<ul class="legend">${r.methods
    .map((m) => `<li>${chip(r, m.id)}</li>`)
    .join(
      '',
    )}<li><span class="muted small">dashed: perfect calibration; dot size: forecasts in the bin</span></li></ul>`;
  const table = r.calibration
    .map(
      (c) =>
        `<tr data-method="${esc(c.method)}"><td class="method">${chip(r, c.method)}</td><td>${c.bins.map((b) => `${pct(b.meanForecast)} → ${pct(b.observed)} <span class="small muted">(${formatCount(b.count)})</span>`).join(' · ')}</td></tr>`,
    )
    .join('');
  return `<section id="calibration" class="backtest">
<h2>Calibration</h2>
<p>Every probability a method gave (to each category of each issue, and to agreement), grouped in ten bins by its size: a well-calibrated method’s events happen about as often as it said, so its points lie on the diagonal. Point models (Nash, Kalai, status quo, compromise) say 0 or 1 and sit at the ends.</p>
<figure id="figure-calibration"><figcaption><strong>Forecast probability against observed frequency</strong>, pooled over the cases.</figcaption>${legend}<div class="plot">${svg}</div></figure>
<div class="scroll"><table class="zebra calibration"><thead><tr><th>Method</th><th>Bins: mean forecast → observed (forecasts)</th></tr></thead><tbody>${table}</tbody></table></div>
</section>`;
}

function scoreRow(r: BacktestResult, c: BacktestCase, s: MethodCaseScore): string {
  const byIssue = new Map(s.issues.map((x) => [x.issue, x]));
  const cells = c.issues
    .map((issue) => {
      const x = byIssue.get(issue.id);
      if (!x) return '<td class="muted">—</td>';
      const ordered = x.ordered
        ? `<div class="small muted">mean ${Number(x.ordered.mean.toPrecision(4))}, 80% ${Number(x.ordered.low.toPrecision(4))}–${Number(x.ordered.high.toPrecision(4))}${x.ordered.inInterval ? ' ✓' : ''}</div>`
        : '';
      return `<td>${pct(x.probability)} <span class="small muted">(modal ${esc(x.modal)}${x.modalHit ? ' ✓' : ''})</span>${ordered}</td>`;
    })
    .join('');
  const pkg = s.package
    ? `${pct(s.package.probability)}${s.package.rank !== null ? ` <span class="small muted">(rank ${s.package.rank})</span>` : ''}`
    : '—';
  return `<tr data-method="${esc(s.method)}"><td class="method">${chip(r, s.method)}</td><td class="num">${f3(s.meanLog)}</td><td class="num">${f3(s.meanBrier)}</td><td class="num">${s.agreement ? pct(s.agreement.probability) : '—'}</td><td class="num">${pkg}</td>${cells}</tr>`;
}

function casesSection(r: BacktestResult): string {
  const blocks = r.cases.map((c) => {
    const head = c.issues
      .map(
        (i) =>
          `<th>${esc(i.label)}<div class="small">happened: <strong>${esc(i.category)}</strong></div>${i.note ? `<div class="small muted">${linkify(i.note)}</div>` : ''}</th>`,
      )
      .join('');
    const rows = c.scores.map((s) => scoreRow(r, c, s)).join('');
    const sources = c.outcome.sources.map((s) => `<li>${linkify(s)}</li>`).join('');
    return `<article class="case" id="case-${esc(c.id)}" data-case="${esc(c.id)}">
<h3>${esc(c.title)} <span class="tag">${esc(c.id)}</span></h3>
<p>${c.outcome.agreement ? 'Agreement' : 'No agreement (every issue stays at its status quo)'}, ${esc(c.outcome.date)}. <span class="muted small"><code>${esc(c.file)}</code>, ${formatCount(c.runs)} simulation runs.</span></p>
${c.outcome.note ? `<p class="muted small">${linkify(c.outcome.note)}</p>` : ''}
<div class="scroll"><table class="zebra case">
<thead><tr><th>Method</th><th class="num">Log</th><th class="num">Brier</th><th class="num">P(agreement)</th><th class="num">P(package)</th>${head}</tr></thead>
<tbody>${rows}</tbody>
</table></div>
<p class="small">Outcome recorded in:</p><ul class="sources">${sources}</ul>
</article>`;
  });
  const skipped =
    r.skipped.length > 0
      ? `<p class="muted small">Left out (no outcome block): ${r.skipped.map((s) => `<code>${esc(s.file)}</code>`).join(', ')}.</p>`
      : '';
  return `<section id="cases" class="backtest">
<h2>Cases</h2>
<p class="muted small">Per issue: the probability the method gave to what happened, its most likely value (✓ when right) and, on ordered issues, its mean and 80% interval (✓ when what happened lies inside).</p>
${blocks.join('\n')}
${skipped}
</section>`;
}

function methodsSection(r: BacktestResult): string {
  const items = r.methods.map((m) => `<li>${chip(r, m.id)}: ${esc(m.description)}</li>`).join('');
  return `<section id="methods" class="backtest">
<h2>Methods and scores</h2>
<ul>${items}</ul>
<ul class="small">
<li><strong>What happened</strong> on an issue is the agreed value; without agreement, every issue stays at its status quo.</li>
<li><strong>Categories</strong>: a discrete issue’s values; an integer issue’s values up to 21 of them; otherwise ten bins of equal width.</li>
<li><strong>Log score</strong>: −ln of the probability given to what happened, mixed with 1% of a uniform guess so that certainty about a wrong answer costs a large but finite score. <strong>Brier score</strong>: Σ (p − o)² over the categories, from 0 (certain and right) to 2 (certain and wrong).</li>
<li><strong>Ordered error</strong>: |mean of the forecast − what happened| divided by the issue’s range; <strong>in 80%</strong>: the share of ordered issues where what happened lies between the forecast’s 10% and 90% quantiles.</li>
<li><strong>Agreement</strong> is scored only for methods that forecast it (the simulation; the uniform guess says 1/2).</li>
<li><strong>P(package)</strong>: the probability given to the whole package of categories that happened; its rank among the packages the method forecast.</li>
</ul>
<p class="muted small">See docs/forecasting.md (“Backtests”) for the reasons behind each convention.</p>
</section>`;
}
