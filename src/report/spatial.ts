/**
 * The report of a forecast of positions (a spatial scenario, such as Decide data): one
 * self-contained HTML file, no scripts. A chart of every issue with each method's predicted
 * position and its 80% interval on the issue's scale, then a table with the numbers and what the
 * scale points mean, the methods, and the scenario's parameters and notes. Pure.
 */
import * as Plot from '@observablehq/plot';
import { formatCount } from '../format-count.ts';
import type { Scenario } from '../model/scenario.ts';
import type { SpatialForecast } from '../run/spatial-forecast.ts';
import { REPORT_CSS, reportPage } from './html.ts';
import { escapeHtml as esc, renderSvg } from './plot.ts';

/** One colour per method, in the order of `SpatialForecast.methods`. */
const METHOD_COLORS = ['#059669', '#dc2626', '#7c3aed', '#2563eb'];

const CSS = `
.swatch{display:inline-block;width:.9em;height:.7em;border-radius:2px;margin-right:.35em;vertical-align:baseline}
table.positions td.scale{font-size:.82rem;color:var(--muted);min-width:18em}
`;

const f1 = (x: number | null) => (x === null ? '—' : x.toFixed(1));

/**
 * The forecast of positions as one complete HTML document.
 *
 * @example
 * await writeReportAtomically('reports/cop21-forecast.html', renderSpatialForecastReport(forecast, template.scenario));
 */
export function renderSpatialForecastReport(
  f: SpatialForecast,
  scenario: Scenario,
  options: { readonly generatedAt?: string } = {},
): string {
  const chip = (k: number) =>
    `<span class="swatch" style="background:${METHOD_COLORS[k % METHOD_COLORS.length]}"></span>`;
  const rows = f.issues.flatMap((issue, r) =>
    f.methods.flatMap((m, k) => {
      const p = issue.methods[m.id as keyof typeof issue.methods];
      if (p.position === null) return [];
      const span = issue.max - issue.min || 1;
      const pct = (x: number) => ((x - issue.min) / span) * 100;
      return [
        {
          row: r,
          y: r + (k - (f.methods.length - 1) / 2) * 0.18,
          x: pct(p.position),
          low: pct(p.low ?? p.position),
          high: pct(p.high ?? p.position),
          color: METHOD_COLORS[k % METHOD_COLORS.length] as string,
          title: `${issue.label}, ${m.label}: ${f1(p.position)} (80%: ${f1(p.low)}–${f1(p.high)})`,
        },
      ];
    }),
  );
  const svg = renderSvg(
    {
      width: 900,
      height: 60 + 44 * f.issues.length,
      marginLeft: 220,
      marginRight: 20,
      x: { domain: [0, 100], label: 'Position, % of the issue’s scale →', grid: true },
      y: { domain: [-0.5, f.issues.length - 0.5], reverse: true, axis: null },
      marks: [
        Plot.text(f.issues, {
          x: () => 0,
          y: (_: unknown, i: number) => i,
          text: (d: { label: string }) => (d.label.length > 38 ? `${d.label.slice(0, 37)}…` : d.label),
          textAnchor: 'end',
          dx: -8,
        }),
        Plot.ruleY(rows, { y: 'y', x1: 'low', x2: 'high', stroke: 'color', strokeWidth: 2 }),
        Plot.dot(rows, { y: 'y', x: 'x', fill: 'color', r: 4, title: 'title' }),
      ],
    },
    'lk-positions',
  );
  const legend = `<ul class="legend">${f.methods.map((m, k) => `<li>${chip(k)}${esc(m.label)}</li>`).join('')}</ul>`;
  const table = f.issues
    .map((issue) => {
      const cells = f.methods
        .map((m) => {
          const p = issue.methods[m.id as keyof typeof issue.methods];
          return `<td class="num">${f1(p.position)}<div class="small muted">${p.low === null ? '' : `${f1(p.low)}–${f1(p.high)}`}</div></td>`;
        })
        .join('');
      const scale = issue.scale.map((s) => `${esc(String(s.at))}: ${esc(s.label)}`).join('<br>');
      return `<tr data-issue="${esc(issue.id)}"><th scope="row">${esc(issue.label)}<div class="small muted">${issue.min}–${issue.max}</div></th>${cells}<td class="scale">${scale}</td></tr>`;
    })
    .join('');
  const a = f.agreement;
  const methods = f.methods
    .map((m, k) => `<li>${chip(k)}<strong>${esc(m.label)}</strong>: ${esc(m.description)}</li>`)
    .join('');
  const section = `<section id="positions">
<h2>Predicted positions</h2>
<p>Each issue’s predicted position by four methods, with an 80% interval (10% to 90%) from the scenario’s uncertain positions, saliences and powers: the models at the scenario’s point values and re-run on ${formatCount(f.modelRuns)} parameter draws; the simulation over ${formatCount(f.runs)} negotiations, of which ${(a.probability * 100).toFixed(1)}% reached an agreement (95% interval ${(a.ci95.low * 100).toFixed(1)}–${(a.ci95.high * 100).toFixed(1)}%), its position being the median of the agreements.</p>
<figure id="figure-positions"><figcaption><strong>Predicted positions with their 80% intervals</strong>, each issue on its own scale (as a share of it).</figcaption>${legend}<div class="plot">${svg}</div></figure>
<div class="scroll"><table class="zebra positions">
<thead><tr><th>Issue</th>${f.methods.map((m, k) => `<th class="num">${chip(k)}${esc(m.label)}</th>`).join('')}<th>Scale</th></tr></thead>
<tbody>${table}</tbody>
</table></div>
<h3 id="methods">Methods</h3>
<ul>${methods}</ul>
<p class="muted small">An interval need not contain its point value: positions at the end of a scale can only be drawn inwards. See docs/forecasting.md (“Decide data”).</p>
</section>`;
  return reportPage({
    scenario,
    kind: 'forecast of positions',
    meta: `Scenario <code>${esc(scenario.id)}</code> · ${formatCount(f.runs)} runs · seed ${esc(String(f.seed))}`,
    nav: [
      ['positions', 'Predicted positions'],
      ['methods', 'Methods'],
    ],
    sections: [section],
    generatedAt: options.generatedAt,
    css: REPORT_CSS + CSS,
  });
}
