/**
 * The forecast section of the HTML report: what many simulated runs of a scenario say about how
 * the talks are likely to end. A headline (probability of agreement with its 95% interval, how the
 * runs ended, principals' vetoes), the most likely packages in words with their intervals, each
 * issue's value probabilities, what the answer hangs on (a tornado chart of one-at-a-time swings,
 * first-order variance indices), expected utilities, rounds, impact indicators, the strategy mix
 * and the uncertain parameters with their distributions, judgements and sources. Charts are
 * Observable Plot rendered to static SVG (see `plot.ts`); every string from the scenario or the
 * forecast is escaped; sources point into the report's sources list. Pure: the same forecast and
 * scenario give the same fragment byte for byte.
 */
import * as Plot from '@observablehq/plot';
import { type Distribution1D, RUN_STATUSES, type RunStatus } from '../analysis/forecast.ts';
import type { FirstOrderRow, SwingRow } from '../analysis/sensitivity.ts';
import { formatCount } from '../format-count.ts';
import type { Distribution } from '../model/distribution.ts';
import type { Issue } from '../model/issues.ts';
import type { Scenario } from '../model/scenario.ts';
import type { ForecastResult } from '../run/forecast.ts';
import { parameterLabel } from './labels.ts';
import { CHART_FONT_PX, escapeHtml as esc, linkify, partyChip, renderSvg, sourceRef } from './plot.ts';

/** Most tornado rows and first-order bars drawn: beyond a dozen a chart stops being read. */
export const TOP_SENSITIVITY_ROWS = 12;

/** Most values drawn per issue; an issue with more (a wide integer range) shows its likeliest ones. */
export const MAX_ISSUE_ROWS = 12;

/** Colours of the forecast's charts (the same hues as the rest of the report). */
const FC = {
  bar: '#2563eb',
  whisker: '#1f2937',
  noDeal: '#9aa5b1',
  low: '#d97706',
  high: '#2563eb',
  base: '#374151',
  index: '#0891b2',
  rounds: '#64748b',
  deadline: '#d64545',
} as const;

/** The words of each way a run can end. */
const ENDING_WORDS: Readonly<Record<RunStatus, string>> = {
  agreement: 'Agreement, ratified',
  deadline: 'No deal at the deadline',
  vetoed: 'No deal: vetoed by a principal',
  'walked-away': 'No deal: a party walked away',
  error: 'A negotiator failed (error)',
};

/** Extra CSS the forecast section needs, appended to the report's own style sheet. */
export const FORECAST_CSS = `
.forecast .headline{font-size:1.15rem}
.forecast .charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(420px,100%),1fr));gap:.2rem 1.4rem}
.forecast .charts figure{margin:.6rem 0 1rem}
.forecast .base-note{background:#f1f5f9;border-left:4px solid #374151;border-radius:4px;padding:.6rem .9rem;font-size:.92rem}
.forecast table.forecast-params{table-layout:fixed;min-width:760px}
.forecast table.forecast-params td{overflow-wrap:anywhere}
.forecast table.forecast-params thead th{white-space:normal}
.forecast table.forecast-params th:nth-child(1){width:24%}.forecast table.forecast-params th:nth-child(2){width:15%}
.forecast table.forecast-params th:nth-child(3),.forecast table.forecast-params th:nth-child(4),.forecast table.forecast-params th:nth-child(5){width:8%}
.forecast table.forecast-params th:nth-child(7){width:10%}
.forecast table.strategies td:nth-child(3){width:42%;min-width:16em}
.forecast td.words{min-width:18em}
.forecast th .small{font-weight:400}
.swatch{display:inline-block;width:.9em;height:.7em;border-radius:2px;margin-right:.35em;vertical-align:baseline}
@media print{.forecast .charts{display:block}}
`;

/**
 * The forecast as an HTML fragment (`<section id="forecast">…</section>`), for the simulation
 * report and the forecast report alike. Source references link to `#src-<n>`, the positions of
 * `scenario.sources`, so the page should carry the sources list.
 *
 * @example
 * const forecast = await runForecast(template, { runs: 2000, seed: 1 });
 * const html = forecastSection(forecast, template.scenario);
 */
export function forecastSection(forecast: ForecastResult, scenario: Scenario): string {
  const parts = [
    headline(forecast, scenario),
    packagesPart(forecast, scenario),
    issuesPart(forecast),
    sensitivityPart(forecast, scenario),
    utilitiesPart(forecast, scenario),
    roundsPart(forecast, scenario),
    impactsPart(forecast, scenario),
    strategiesPart(forecast, scenario),
    parametersPart(forecast, scenario),
  ];
  return `<section id="forecast" class="forecast">
<h2>Forecast</h2>
${parts.join('\n')}
</section>`;
}

/** The forecast's subsections, for a table of contents: `[id, label]`. */
export const FORECAST_NAV: readonly (readonly [string, string])[] = [
  ['forecast', 'Forecast'],
  ['forecast-packages', 'Likely packages'],
  ['forecast-issues', 'Issues'],
  ['forecast-sensitivity', 'Sensitivity'],
  ['forecast-utilities', 'Utilities and rounds'],
  ['forecast-impacts', 'Impacts'],
  ['forecast-strategies', 'Strategies'],
  ['forecast-parameters', 'Uncertain parameters'],
];

function headline(f: ForecastResult, scenario: Scenario): string {
  const a = f.agreement;
  const interval = `95% interval ${pctRange(a.ci95.low, a.ci95.high)}`;
  const sentence =
    a.runs === 0
      ? `<strong>No run reached an agreement</strong> (0 of ${formatCount(f.runs)} runs; ${interval}).`
      : `Probability of agreement: <strong>${pct(a.probability)}</strong> (${interval}; ${formatCount(a.runs)} of ${formatCount(f.runs)} runs agreed).`;
  const statusClass = a.probability >= 0.5 ? 'status-agreement' : 'status-deadline';
  const endings = RUN_STATUSES.map((s) => {
    const n = f.endings[s] ?? 0;
    return `<tr data-ending="${esc(s)}"${n === 0 ? ' class="muted"' : ''}><td>${esc(ENDING_WORDS[s])}</td><td class="num">${formatCount(n)}</td><td class="num">${pct(f.runs > 0 ? n / f.runs : 0)}</td></tr>`;
  }).join('');
  const principals = scenario.parties
    .map((p, i) => ({ p, i, v: f.vetoes.find((x) => x.party === p.id) }))
    .filter(({ p }) => p.principal !== undefined);
  const vetoes =
    principals.length === 0
      ? '<p class="muted">No party answers to a principal, so no deal can be vetoed.</p>'
      : `<div class="scroll"><table class="zebra vetoes">
<thead><tr><th>Principal</th><th class="num">Runs with a veto</th><th class="num">Share of runs</th><th class="num">Vetoes per run</th></tr></thead>
<tbody>${principals
          .map(({ p, i, v }) => {
            const who = `${esc(p.principal?.name ?? '')}${p.principal?.title ? `, ${esc(p.principal.title)}` : ''} (${partyChip(i, p.label)})`;
            return `<tr><td>${who}</td><td class="num">${formatCount(v?.runsWithVeto ?? 0)}</td><td class="num">${pct(v?.probability ?? 0)}</td><td class="num">${fix(v?.perRun ?? 0, 3)}</td></tr>`;
          })
          .join('')}</tbody>
</table></div>`;
  const reopen =
    principals.length > 0 && scenario.protocol.onVeto === 'reopen'
      ? '<p class="muted small">A veto sends the delegations back to the table here (the protocol’s veto rule is “reopen”), so a run with a veto can still end in agreement.</p>'
      : '';
  return `<p class="status headline ${statusClass}" data-probability="${esc(String(a.probability))}">${sentence}</p>
<dl class="facts">
<div><dt>Runs</dt><dd>${formatCount(f.runs)}</dd></div>
<div><dt>Seed</dt><dd>${esc(String(f.seed))}</dd></div>
<div><dt>Agreements</dt><dd>${formatCount(a.runs)}</dd></div>
<div><dt>Distinct packages agreed</dt><dd>${formatCount(f.distinctPackages)}</dd></div>
</dl>
<p class="muted small">Each run draws every uncertain parameter from its distribution and each side’s strategy from its mix, then negotiates on simulated time; the same seed gives the same forecast. Intervals of probabilities are Wilson score intervals.${approximationNote(f)}</p>
<h3 id="forecast-endings">How the runs ended</h3>
<div class="scroll"><table class="zebra endings">
<thead><tr><th>Ending</th><th class="num">Runs</th><th class="num">Share</th></tr></thead>
<tbody>${endings}</tbody>
</table></div>
<h3 id="forecast-vetoes">Vetoes by principal</h3>
${vetoes}
${reopen}`;
}

/**
 * A package of the forecast in words: `[issue label, value label]` per issue, in scenario order.
 *
 * @example
 * packageWords(scenario, { eda: 'eased', rare: 'fast' }); // [['EDA software', 'eased'], ['Rare-earth licences', 'fast']]
 */
export function packageWords(
  scenario: Scenario,
  outcome: Readonly<Record<string, string | number>>,
): [string, string][] {
  return scenario.space.issues.map((issue) => [issue.label, valueWords(issue, outcome[issue.id])]);
}

/** `as #1, but Issue: value · …` for the issues where `words` differs from the first package. */
function differenceWords(first: readonly [string, string][], words: readonly [string, string][]): string {
  const diff = words.filter(([, v], i) => first[i]?.[1] !== v).map(([i, v]) => `${i}: ${v}`);
  return diff.length === 0 ? 'as #1' : `as #1, but ${diff.join(' · ')}`;
}

function valueWords(issue: Issue, v: string | number | undefined): string {
  if (v === undefined) return '—';
  if (issue.kind === 'discrete') return issue.values.find((x) => x.id === v)?.label ?? String(v);
  return typeof v === 'number' ? num(v) : v;
}

function packagesPart(f: ForecastResult, scenario: Scenario): string {
  const head = '<h3 id="forecast-packages">Most likely packages</h3>';
  if (f.packages.length === 0)
    return `${head}\n<p class="muted">No run reached an agreement, so there is no package to rank.</p>`;
  // Packages after the first are labelled by how they differ from it: six issues spelled out
  // ten times over hide the one value that tells two packages apart.
  const ranked = f.packages.map((p) => ({ p, words: packageWords(scenario, p.outcome) }));
  const first = (ranked[0] as (typeof ranked)[number]).words;
  const rows = ranked.map(({ p, words }, k) => {
    const pairs = words.map(([i, v]) => `${i}: ${v}`);
    return {
      rank: k,
      p: p.probability,
      low: p.ci95.low,
      high: p.ci95.high,
      label: `${k + 1}. ${k === 0 ? pairs.join(' · ') : differenceWords(first, words)}`,
      title: `${pairs.join('; ')}: ${pct(p.probability)} (95% interval ${pctRange(p.ci95.low, p.ci95.high)}), ${p.runs} runs`,
      text: pct(p.probability),
    };
  });
  const width = 900;
  const lineWidth = (width - 16 - 56) / CHART_FONT_PX; // ems of the chart's text: the plot's inner width
  // Plot wraps the labels itself; size each package's panel for the longest one.
  const lines = Math.max(1, ...rows.map((r) => Math.ceil((r.label.length * 0.58) / lineWidth)));
  const panel = Math.ceil(CHART_FONT_PX * 1.2 * lines) + 30;
  const hi = Math.max(...rows.map((r) => r.high));
  const svg = renderSvg(
    {
      width,
      height: rows.length * panel + 44,
      marginLeft: 16,
      marginRight: 56,
      marginTop: 8,
      marginBottom: 36,
      x: {
        domain: [0, Math.min(1, Math.max(0.05, hi * 1.1))],
        label: 'Probability over all runs →',
        labelAnchor: 'right',
        tickFormat: (x: number) => pct(x, 0),
        grid: true,
      },
      y: { domain: [0, 1], axis: null },
      fy: { axis: null, domain: rows.map((r) => r.rank), padding: 0.08 },
      marks: [
        Plot.rect(rows, {
          x1: () => 0,
          x2: 'p',
          y1: () => 0.05,
          y2: () => 0.45,
          fy: 'rank',
          fill: FC.bar,
          title: 'title',
          className: 'lk-package-bar',
        }),
        Plot.ruleY(rows, {
          x1: 'low',
          x2: 'high',
          y: () => 0.25,
          fy: 'rank',
          stroke: FC.whisker,
          strokeWidth: 1.3,
        }),
        // The interval's end caps.
        ...(['low', 'high'] as const).map((x) =>
          Plot.ruleX(rows, {
            x,
            y1: () => 0.12,
            y2: () => 0.38,
            fy: 'rank',
            stroke: FC.whisker,
            strokeWidth: 1.3,
          }),
        ),
        Plot.text(rows, {
          x: 'high',
          y: () => 0.25,
          fy: 'rank',
          text: 'text',
          dx: 6,
          textAnchor: 'start',
          fontWeight: 600,
        }),
        Plot.text(rows, {
          x: () => 0,
          y: () => 1,
          fy: 'rank',
          text: 'label',
          lineWidth,
          lineAnchor: 'top',
          textAnchor: 'start',
          fill: '#1f2937',
          className: 'lk-package-label',
        }),
      ],
    },
    'lk-packages',
  );
  const table = ranked
    .map(({ p, words }, k) => {
      const kv = words
        .map(([i, v]) => `<span class="kv"><span class="k">${esc(i)}:</span> ${esc(v)}</span>`)
        .join('');
      return `<tr data-rank="${k + 1}"><td class="num">${k + 1}</td><td class="words"><div class="pkg">${kv}</div></td><td class="num">${pct(p.probability)}</td><td class="num">${pctRange(p.ci95.low, p.ci95.high)}</td><td class="num">${formatCount(p.runs)}</td><td class="num">${pct(f.agreement.runs > 0 ? p.runs / f.agreement.runs : 0)}</td></tr>`;
    })
    .join('');
  const more =
    f.distinctPackages > f.packages.length
      ? ` The other ${formatCount(f.distinctPackages - f.packages.length)} packages agreed in some run are not shown.`
      : '';
  return `${head}
<figure id="figure-packages">
<figcaption><strong>The ${f.packages.length === 1 ? 'package' : `${f.packages.length} packages`} agreed most often</strong>: share of all runs ending in each, with its 95% interval.</figcaption>
<div class="plot">${svg}</div>
</figure>
<div class="scroll"><table class="zebra packages">
<thead><tr><th class="num">#</th><th>Package</th><th class="num">Probability</th><th class="num">95% interval</th><th class="num">Runs</th><th class="num">Of agreements</th></tr></thead>
<tbody>${table}</tbody>
</table></div>
<p class="muted small">Probabilities are over all runs, no deal included.${more}</p>`;
}

function issuesPart(f: ForecastResult): string {
  const head = '<h3 id="forecast-issues">Each issue’s outcome</h3>';
  if (f.issues.length === 0) return `${head}\n<p class="muted">The scenario has no issues.</p>`;
  const none = f.agreement.runs === 0;
  const allLabels = ['No deal', ...f.issues.flatMap((i) => i.values.map((v) => v.label))];
  const figures = f.issues.map((issue, i) => {
    let values = issue.values.map((v, k) => ({ k, label: v.label, p: v.givenAgreement, all: v.probability }));
    let rest: { label: string; p: number; all: number } | null = null;
    if (values.length > MAX_ISSUE_ROWS) {
      const kept = [...values]
        .sort((a, b) => b.p - a.p || a.k - b.k)
        .slice(0, MAX_ISSUE_ROWS - 1)
        .sort((a, b) => a.k - b.k);
      const keep = new Set(kept.map((v) => v.k));
      const others = values.filter((v) => !keep.has(v.k));
      rest = {
        label: `${others.length} other values`,
        p: others.reduce((s, v) => s + v.p, 0),
        all: others.reduce((s, v) => s + v.all, 0),
      };
      values = kept;
    }
    const rows = [
      ...values.map((v) => ({ label: v.label, p: v.p, all: v.all, deal: true })),
      ...(rest ? [{ ...rest, deal: true }] : []),
      { label: 'No deal', p: issue.noDeal, all: issue.noDeal, deal: false },
    ].map((r, slot) => ({
      ...r,
      slot,
      text: r.deal ? `${pct(r.p)}` : `${pct(r.p)} of runs`,
      title: r.deal
        ? `${issue.label}: ${r.label}: ${pct(r.p)} of agreements, ${pct(r.all)} of all runs`
        : `${issue.label}: no deal in ${pct(r.p)} of all runs`,
    }));
    const axis = bandAxis(
      rows.map((r) => r.label),
      200,
      null,
      allLabels,
    );
    const svg = renderSvg(
      {
        width: 440,
        height: rows.length * Math.max(22, Math.ceil(axis.lines * CHART_FONT_PX * 1.2) + 8) + 40,
        marginLeft: axis.marginLeft,
        marginRight: 70,
        marginTop: 6,
        marginBottom: 32,
        x: { domain: [0, 1], tickFormat: (x: number) => pct(x, 0), ticks: 5, grid: true, label: null },
        y: { type: 'band', domain: rows.map((r) => r.slot), axis: null, padding: 0.2 },
        marks: [
          axis.mark,
          Plot.barX(rows, {
            x: 'p',
            y: 'slot',
            fill: (r: { deal: boolean }) => (r.deal ? FC.bar : FC.noDeal),
            title: 'title',
            className: 'lk-issue-bar',
          }),
          Plot.text(rows, { x: 'p', y: 'slot', text: 'text', dx: 5, textAnchor: 'start' }),
        ],
      },
      `lk-issue-${i}`,
    );
    return `<figure class="issue-chart" data-issue="${esc(issue.id)}">
<figcaption><strong>${esc(issue.label)}</strong></figcaption>
<div class="plot">${svg}</div>
</figure>`;
  });
  const note = none
    ? '<p class="warn">No run reached an agreement: every issue stays unsettled.</p>'
    : '<p class="muted small">Blue: each value’s share of the runs that agreed (given agreement). Grey: the share of all runs that ended without a deal, leaving the issue unsettled.</p>';
  return `${head}
${note}
<div class="charts">${figures.join('\n')}</div>`;
}

function sensitivityPart(f: ForecastResult, scenario: Scenario): string {
  const head = '<h3 id="forecast-sensitivity">What the forecast hangs on</h3>';
  const s = f.sensitivity;
  if (!s)
    return `${head}\n<p class="muted">Sensitivity was not computed for this forecast (it was turned off).</p>`;
  return `${head}
${tornadoPart(s.tornado, f, scenario)}
${firstOrderPart(s.firstOrder, f, scenario)}`;
}

function tornadoPart(
  t: NonNullable<ForecastResult['sensitivity']>['tornado'],
  f: ForecastResult,
  scenario: Scenario,
): string {
  const head = '<h4 id="forecast-tornado">One at a time: each parameter at its low and high end</h4>';
  if (!t || t.rows.length === 0)
    return `${head}\n<p class="muted">No swings: the scenario has no uncertain parameters, or the swings were skipped.</p>`;
  const rows = t.rows.slice(0, TOP_SENSITIVITY_ROWS).map((r) => ({
    ...r,
    label: parameterLabel(scenario, r.parameter),
  }));
  const all = [t.base, ...rows.flatMap((r) => [r.agreementAtLow, r.agreementAtHigh])];
  const lo = Math.max(0, Math.min(...all) - 0.12);
  const hi = Math.min(1, Math.max(...all) + 0.12);
  // Labels in words wrap onto as many lines as they need; a row is tall enough for them.
  const axis = bandAxis(
    rows.map((r) => r.label),
    320,
    null,
  );
  const rowHeight = Math.max(TORNADO_ROW, Math.ceil(axis.lines * CHART_FONT_PX * 1.2) + 10);
  const svg = renderSvg(
    {
      width: 900,
      height: rows.length * rowHeight + 64,
      marginLeft: axis.marginLeft,
      marginRight: 24,
      marginTop: 24,
      marginBottom: 36,
      x: {
        domain: [lo, hi],
        label: 'Probability of agreement →',
        labelAnchor: 'right',
        tickFormat: (x: number) => pct(x, 0),
        grid: true,
      },
      y: { type: 'band', domain: rows.map((_, k) => k), axis: null, padding: 0.18 },
      marks: [
        axis.mark,
        ...(['low', 'high'] as const).flatMap((which) =>
          tornadoMarks(
            which,
            rows.map((r, k) => end(r, k, which, t.base)),
            rowHeight,
          ),
        ),
        Plot.ruleX([t.base], {
          stroke: FC.base,
          strokeDasharray: '4 3',
          strokeWidth: 1.3,
          className: 'lk-tornado-base',
        }),
        Plot.text([t.base], {
          x: (d: number) => d,
          frameAnchor: 'top',
          dy: -14,
          text: () => `base ${pct(t.base)}`,
          fill: FC.base,
          fontWeight: 600,
        }),
      ],
    },
    'lk-tornado',
  );
  const table = rows
    .map(
      (r, k) =>
        `<tr data-parameter="${esc(r.parameter)}"><td class="num">${k + 1}</td><td>${esc(r.label)}<br><code class="path">${wrapPath(r.parameter)}</code></td><td class="num">${num(r.low)}</td><td class="num">${pct(r.agreementAtLow)}</td><td class="num">${num(r.high)}</td><td class="num">${pct(r.agreementAtHigh)}</td><td class="num">${pct(r.swing)}</td><td class="num">${fix(maxIssueSwing(r), 2)}</td></tr>`,
    )
    .join('');
  const hidden =
    t.rows.length > rows.length ? ` The other ${t.rows.length - rows.length} parameters swing it less.` : '';
  return `${head}
<figure id="figure-tornado">
<figcaption><strong>Probability of agreement with one parameter at its low end</strong> <span class="swatch" style="background:${FC.low}"></span>and at its high end <span class="swatch" style="background:${FC.high}"></span>, every other parameter at its point value (the base, dashed).</figcaption>
<div class="plot">${svg}</div>
</figure>
${baseNote(t.base, t.runsPerEnd, f)}
<div class="scroll"><table class="zebra tornado">
<thead><tr><th class="num">#</th><th>Parameter</th><th class="num">Low</th><th class="num">Agreement at low</th><th class="num">High</th><th class="num">Agreement at high</th><th class="num">Swing</th><th class="num">Largest issue swing</th></tr></thead>
<tbody>${table}</tbody>
</table></div>
<p class="muted small">${formatCount(t.runsPerEnd)} runs per end, the same strategy draws and session seeds at every end (common random numbers), so the difference is the parameter’s. An issue swing is the total-variation distance between that issue’s outcome (no deal included) at the two ends.${hidden}</p>`;
}

/**
 * Why the tornado's base differs from the headline probability, in words and numbers, beside the
 * chart (a reader comparing the two percentages otherwise suspects an error). The two answer
 * different questions: the headline averages over every uncertain parameter drawn from its
 * distribution; the base holds each at its point value, and agreement is not a straight-line
 * function of the parameters, so the chance at the typical values is not the average chance.
 * The base is also an estimate from fewer runs.
 */
export function baseNote(base: number, runsPerEnd: number, f: ForecastResult): string {
  const headline = f.agreement.probability;
  const gap = base - headline;
  const margin = runsPerEnd > 0 ? 1.96 * Math.sqrt((base * (1 - base)) / runsPerEnd) : Number.NaN;
  const compare =
    Math.abs(gap) < 0.0005
      ? 'The two agree here'
      : `The base is ${pct(Math.abs(gap))} ${gap > 0 ? 'higher' : 'lower'} than the headline`;
  return `<p class="base-note" data-testid="tornado-base-note"><strong>Why the base (${pct(base)}) is not the headline probability (${pct(headline)}).</strong> ${compare}. The headline is the share of ${formatCount(f.runs)} runs in which every uncertain parameter was drawn from its distribution, all at once. The base holds every parameter at its point value (what a single simulation uses) and varies only the strategies drawn and the sessions’ seeds, over ${formatCount(runsPerEnd)} runs. The chance of agreement does not move in proportion to the parameters (a reservation value or a threshold past a tipping point closes the deal entirely), so the chance at the typical values is not the average chance over their spread; and the base, from fewer runs, is itself known only to about ±${pct(margin)}. Read the bars against the base, and the headline for how likely a deal is.</p>`;
}

/** Least height of a tornado row's band in px: the low end's bar fills its upper half, the high end's the lower. */
const TORNADO_ROW = 40;

/**
 * The bars and end labels of one end of every tornado row. Plot's insets and offsets are
 * constants, not channels, so each end and each side of the base gets its own marks.
 */
function tornadoMarks(which: 'low' | 'high', ends: readonly TornadoEnd[], rowHeight: number): Plot.Markish[] {
  const upper = which === 'low';
  const half = Math.round(rowHeight * 0.41);
  const bars = Plot.barX(ends, {
    x1: 'from',
    x2: 'to',
    y: 'row',
    fill: upper ? FC.low : FC.high,
    title: 'title',
    insetTop: upper ? 1 : half,
    insetBottom: upper ? half : 1,
    className: `lk-tornado-bar lk-tornado-${which}`,
  });
  const label = (side: readonly TornadoEnd[], left: boolean) =>
    Plot.text(side, {
      x: 'to',
      y: 'row',
      text: 'text',
      dx: left ? -4 : 4,
      dy: upper ? -9 : 9,
      textAnchor: left ? 'end' : 'start',
      fill: '#1f2937',
      fontSize: CHART_FONT_PX,
      className: 'lk-tornado-label',
    });
  return [
    bars,
    label(
      ends.filter((d) => d.to < d.from),
      true,
    ),
    label(
      ends.filter((d) => d.to >= d.from),
      false,
    ),
  ];
}

interface TornadoEnd {
  readonly row: number;
  readonly from: number;
  readonly to: number;
  readonly text: string;
  readonly title: string;
}

function end(r: SwingRow, row: number, which: 'low' | 'high', base: number): TornadoEnd {
  const value = which === 'low' ? r.low : r.high;
  const p = which === 'low' ? r.agreementAtLow : r.agreementAtHigh;
  return {
    row,
    from: base,
    to: p,
    text: `${num(value)}: ${pct(p)}`,
    title: `${r.label} at its ${which} end (${num(value)}): agreement ${pct(p)} (base ${pct(base)})`,
  };
}

function maxIssueSwing(r: SwingRow): number {
  return Math.max(0, ...Object.values(r.issues));
}

function factorLabel(row: FirstOrderRow, scenario: Scenario): string {
  if (row.factor.startsWith('strategy:')) {
    const id = row.factor.slice('strategy:'.length);
    const party = scenario.parties.find((p) => p.id === id);
    return `${party?.label ?? id}’s strategy`;
  }
  return parameterLabel(scenario, row.factor);
}

function firstOrderPart(rows: readonly FirstOrderRow[], f: ForecastResult, scenario: Scenario): string {
  const head = '<h4 id="forecast-indices">Share of the uncertainty each factor explains alone</h4>';
  if (rows.length === 0)
    return `${head}\n<p class="muted">Nothing varies between runs but the sessions’ random seeds: no parameter is uncertain and no side has a strategy mix.</p>`;
  const top = rows.slice(0, TOP_SENSITIVITY_ROWS).map((r, k) => {
    const label = factorLabel(r, scenario);
    return {
      k,
      index: r.agreement,
      label,
      text: fix(r.agreement, 2),
      title: `${label}: first-order index ${fix(r.agreement, 3)} on agreement (${r.groups} groups)`,
    };
  });
  const axis = bandAxis(
    top.map((r) => r.label),
    320,
    null,
  );
  const rowHeight = Math.max(24, Math.ceil(axis.lines * CHART_FONT_PX * 1.2) + 8);
  const max = Math.max(...top.map((r) => r.index));
  const svg = renderSvg(
    {
      width: 900,
      height: top.length * rowHeight + 48,
      marginLeft: axis.marginLeft,
      marginRight: 40,
      marginTop: 8,
      marginBottom: 36,
      x: {
        domain: [0, Math.min(1, Math.max(0.1, max * 1.15))],
        label: 'First-order index on the probability of agreement →',
        labelAnchor: 'right',
        grid: true,
      },
      y: { type: 'band', domain: top.map((r) => r.k), axis: null, padding: 0.2 },
      marks: [
        axis.mark,
        Plot.barX(top, { x: 'index', y: 'k', fill: FC.index, title: 'title', className: 'lk-index-bar' }),
        Plot.text(top, { x: 'index', y: 'k', text: 'text', dx: 5, textAnchor: 'start' }),
      ],
    },
    'lk-indices',
  );
  const issueLabel = new Map(f.issues.map((i) => [i.id, i.label]));
  const pairs = rows
    .flatMap((r) => {
      const factor = factorLabel(r, scenario);
      return Object.entries(r.issues).map(([issue, index]) => ({ factor, issue, index }));
    })
    .filter((p) => p.index >= 0.005)
    .sort((a, b) => b.index - a.index || (a.factor < b.factor ? -1 : a.factor > b.factor ? 1 : 0))
    .slice(0, 10);
  const issueTable =
    pairs.length === 0
      ? '<p class="muted">No factor alone explains a noticeable share of any issue’s outcome.</p>'
      : `<div class="scroll"><table class="zebra issue-indices">
<thead><tr><th>Factor</th><th>Issue</th><th class="num">Index</th></tr></thead>
<tbody>${pairs.map((p) => `<tr><td>${esc(p.factor)}</td><td>${esc(issueLabel.get(p.issue) ?? p.issue)}</td><td class="num">${fix(p.index, 2)}</td></tr>`).join('')}</tbody>
</table></div>`;
  return `${head}
<figure id="figure-indices">
<figcaption><strong>First-order indices on the probability of agreement</strong>: the share of its run-to-run variance that the factor explains alone (0: none, 1: all).</figcaption>
<div class="plot">${svg}</div>
</figure>
<h4>The largest indices on an issue’s outcome</h4>
${issueTable}
<p class="muted small">Estimated from the forecast’s own runs by grouping them on the factor’s value, corrected for the spread pure noise would show, so an irrelevant factor reads about 0. An issue’s outcome counts no deal as one more value.</p>`;
}

function utilitiesPart(f: ForecastResult, scenario: Scenario): string {
  const rows = f.utilities
    .map((u) => {
      const i = scenario.parties.findIndex((p) => p.id === u.party);
      const rv = scenario.parties[i]?.reservationValue;
      return `<tr><td>${partyChip(i, u.label)}</td><td class="num">${fix(u.expected.mean, 3)}</td><td class="num">${fix(u.expected.ci95.low, 3)}–${fix(u.expected.ci95.high, 3)}</td><td class="num">${fix(u.expected.p5, 3)}–${fix(u.expected.p95, 3)}</td><td class="num">${u.givenAgreement === null ? '—' : fix(u.givenAgreement, 3)}</td><td class="num">${rv === undefined ? '—' : fix(rv, 3)}</td></tr>`;
    })
    .join('');
  return `<h3 id="forecast-utilities">Expected utilities</h3>
<div class="scroll"><table class="zebra utilities">
<thead><tr><th>Party</th><th class="num">Expected utility</th><th class="num">95% interval of the mean</th><th class="num">5–95% of runs</th><th class="num">Given agreement</th><th class="num">Reservation value</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>
<p class="muted small">A run without agreement leaves a side at its reservation value (as drawn in that run), which the expected utility includes.</p>`;
}

function roundsPart(f: ForecastResult, scenario: Scenario): string {
  const head = '<h3 id="forecast-rounds">Rounds to the end of the talks</h3>';
  const data = f.rounds.histogram.map((runs, round) => ({
    round,
    runs,
    title: `${formatCount(runs)} runs ended after ${round} rounds`,
  }));
  const deadline = scenario.protocol.rounds;
  // A sampled schedule or deadline moves the deadline from run to run; the rule shows its point value.
  const uncertainDeadline = f.parameters.some((p) => p.path.startsWith('protocol.'));
  // Bars centred on their round count; the deadline rule just after the last round the talks can reach.
  const last = Math.max(deadline, data.length - 1);
  const svg = renderSvg(
    {
      width: 900,
      height: 220,
      marginLeft: 52,
      marginTop: 20,
      marginBottom: 36,
      x: { domain: [-0.5, last + 1], label: 'Rounds begun before the end →', labelAnchor: 'right' },
      y: { label: '↑ Runs', grid: true },
      marks: [
        Plot.rectY(data, {
          x1: (d: { round: number }) => d.round - 0.5,
          x2: (d: { round: number }) => d.round + 0.5,
          y: 'runs',
          fill: FC.rounds,
          inset: 0.5,
          title: 'title',
          className: 'lk-rounds-bar',
        }),
        Plot.ruleX([deadline + 0.5], {
          stroke: FC.deadline,
          strokeDasharray: '4 3',
          className: 'lk-deadline',
        }),
        Plot.text([deadline + 0.5], {
          x: (d: number) => d,
          frameAnchor: 'top',
          dy: -10,
          dx: -4,
          text: () =>
            `deadline${uncertainDeadline ? ' at its point value' : ''}: ${formatCount(deadline)} rounds`,
          textAnchor: 'end',
          fill: FC.deadline,
          stroke: 'white',
          strokeWidth: 3,
          paintOrder: 'stroke',
        }),
        Plot.ruleY([0]),
      ],
    },
    'lk-rounds',
  );
  return `${head}
<dl class="facts">
${dist1('All runs: median rounds', f.rounds.all)}
${f.rounds.agreement ? dist1('Runs that agreed: median rounds', f.rounds.agreement) : '<div><dt>Runs that agreed</dt><dd>—</dd></div>'}
</dl>
<figure id="figure-rounds">
<figcaption><strong>Runs ending after each number of rounds</strong>, every ending included.${uncertainDeadline ? ' The deadline itself is uncertain in this forecast, so runs can end on either side of its point value.' : ''}</figcaption>
<div class="plot">${svg}</div>
</figure>`;
}

/** What bounded memory made approximate in a forecast this large, as a sentence (none when exact). */
function approximationNote(f: ForecastResult): string {
  const a = f.approximations;
  if (!a) return '';
  const parts: string[] = [];
  if (a.quantileRankError !== null)
    parts.push(
      ` The 5–95% ranges come from a quantile sketch, within ${esc((a.quantileRankError * 100).toFixed(2))}% of the runs in rank.`,
    );
  if (a.packageUndercount !== null)
    parts.push(
      ` Too many distinct packages were agreed to count each: a package’s count may be low by up to ${formatCount(a.packageUndercount)} runs.`,
    );
  return parts.join('');
}

function dist1(label: string, d: Distribution1D): string {
  const r = (x: number) => (Number.isInteger(x) ? formatCount(x) : fix(x, 1));
  return `<div><dt>${esc(label)}</dt><dd>${r(d.p50)} <span class="small muted">(5–95%: ${r(d.p5)}–${r(d.p95)}; mean ${fix(d.mean, 1)})</span></dd></div>`;
}

function impactsPart(f: ForecastResult, scenario: Scenario): string {
  const head = '<h3 id="forecast-impacts">Impact indicators</h3>';
  if (f.impacts.length === 0)
    return `${head}\n<p class="muted">The scenario defines no impact indicators.</p>`;
  const rows = f.impacts
    .map((m) => {
      const def = scenario.impacts?.find((x) => x.id === m.id);
      const desc = def?.description ? `<div class="small muted">${esc(def.description)}</div>` : '';
      const note = def?.note ? `<div class="small muted">${linkify(def.note)}</div>` : '';
      const sources = (def?.sources ?? []).map((s) => sourceRef(scenario.sources, s)).join(' ');
      const d = m.distribution;
      return `<tr data-impact="${esc(m.id)}"><th scope="row">${esc(m.label)}${desc}${note}</th><td>${esc(m.unit)}</td><td class="num">${num(m.noDeal)}</td><td class="num">${num(d.mean)}</td><td class="num">${num(d.p5)}–${num(d.p95)}</td><td class="refs">${sources}</td></tr>`;
    })
    .join('');
  return `${head}
<div class="scroll"><table class="zebra impacts">
<thead><tr><th>Indicator</th><th>Unit</th><th class="num">No deal</th><th class="num">Mean</th><th class="num">5–95% of runs</th><th>Sources</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>
<p class="muted small">Over all runs: a run without agreement counts at the no-deal value.</p>`;
}

function strategiesPart(f: ForecastResult, scenario: Scenario): string {
  const head = '<h3 id="forecast-strategies">Strategy mix</h3>';
  const ids = Object.keys(f.strategies);
  if (ids.length === 0)
    return `${head}\n<p class="muted">The scenario gives no strategy mix: every side plays its own negotiator in every run.</p>`;
  const blocks = scenario.parties
    .map((p, i) => ({ p, i, mix: f.strategies[p.id] }))
    .filter((x) => x.mix !== undefined)
    .map(({ p, i, mix }) => {
      const options = scenario.forecast?.negotiators[p.id];
      const rows = (mix ?? [])
        .map((o, k) => {
          const sources = (options?.[k]?.sources ?? []).map((s) => sourceRef(scenario.sources, s)).join(' ');
          return `<tr><td><code>${esc(o.spec)}</code></td><td class="num">${pct(o.probability)}</td><td>${o.judgement ? esc(o.judgement) : ''}</td><td class="refs">${sources}</td></tr>`;
        })
        .join('');
      return `<h4>${partyChip(i, p.label)}</h4>
<div class="scroll"><table class="zebra strategies" data-party="${esc(p.id)}">
<thead><tr><th>Strategy</th><th class="num">Probability</th><th>Judgement</th><th>Sources</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>`;
    });
  const own = scenario.parties.filter((p) => f.strategies[p.id] === undefined).map((p) => esc(p.label));
  const rest = own.length
    ? `<p class="muted small">Playing their own negotiator in every run: ${own.join(', ')}.</p>`
    : '';
  return `${head}
${blocks.join('\n')}
${rest}`;
}

function parametersPart(f: ForecastResult, scenario: Scenario): string {
  const head = '<h3 id="forecast-parameters">Uncertain parameters</h3>';
  if (f.parameters.length === 0)
    return `${head}\n<p class="muted">The scenario has no uncertain parameters: runs differ only in the strategies drawn and in the sessions’ random seeds.</p>`;
  const rows = f.parameters
    .map((p) => {
      const sources = p.sources.map((s) => sourceRef(scenario.sources, s)).join(' ');
      return `<tr data-parameter="${esc(p.path)}"><td>${esc(parameterLabel(scenario, p.path))}<br><code class="path">${wrapPath(p.path)}</code></td><td>${distributionWords(p.distribution)}</td><td class="num">${num(p.point)}</td><td class="num">${num(p.low)}</td><td class="num">${num(p.high)}</td><td>${p.judgement ? esc(p.judgement) : ''}</td><td class="refs">${sources}</td></tr>`;
    })
    .join('');
  return `${head}
<div class="scroll"><table class="zebra forecast-params">
<thead><tr><th>Parameter</th><th>Distribution</th><th class="num">Point value</th><th class="num">Low end</th><th class="num">High end</th><th>Judgement</th><th>Sources</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>
<p class="muted small">The point value is what a single simulation uses; low and high ends are the swings of the tornado chart (a normal distribution’s 2.5% and 97.5% quantiles).</p>`;
}

/**
 * A distribution in words, escaped.
 *
 * @example
 * distributionWords({ kind: 'triangular', min: 0.2, mode: 0.3, max: 0.4 }); // 'triangular 0.2 – 0.4, mode 0.3'
 */
export function distributionWords(d: Distribution): string {
  switch (d.kind) {
    case 'uniform':
      return `uniform ${num(d.min)} – ${num(d.max)}`;
    case 'triangular':
      return `triangular ${num(d.min)} – ${num(d.max)}, mode ${num(d.mode)}`;
    case 'normal':
      return `normal, mean ${num(d.mean)}, sd ${num(d.sd)}, within ${num(d.min)} – ${num(d.max)}`;
    case 'choice':
      return `one of ${d.values.map((v, i) => `${num(v)} (${pct(d.probabilities[i] ?? 0, 0)})`).join(', ')}`;
  }
}

/**
 * The y axis of a chart whose rows are bands numbered 0…n−1, labelled `labels[k]`. Labels enter
 * through the tick format, never as the scale's domain, so two rows with the same label stay
 * two rows. The left margin fits the longest of `sizeFrom` (default: the labels; charts side by
 * side pass all their labels, so their bars line up) up to `maxMargin` px; beyond it a label wraps
 * (`overflow` null, `lines` says how many lines the longest needs) or is cut with an ellipsis.
 */
function bandAxis(
  labels: readonly string[],
  maxMargin: number,
  overflow: 'ellipsis-start' | null,
  sizeFrom: readonly string[] = labels,
): { mark: Plot.Markish; marginLeft: number; lines: number } {
  // Plot's estimate of a sans-serif: about 0.53 em a character (6.4 px at 12 px).
  const longest = Math.max(0, ...sizeFrom.map((l) => l.length));
  const em = CHART_FONT_PX;
  // Plot measures text narrower than a browser's system-ui draws it, so it is told a line
  // shorter than the margin holds (SLACK), and the margin is sized for that.
  const SLACK = 0.82;
  const marginLeft = Math.round(Math.min(maxMargin, Math.max(60, 18 + (longest * 0.53 * em) / SLACK)));
  const lineWidth = ((marginLeft - 16) / em) * SLACK; // in ems of the chart's font
  // Wrapping breaks at spaces, so a line holds a little less than its width: allow a word's slack.
  const lines = overflow === null ? Math.max(1, Math.ceil((longest * 0.53) / (lineWidth - 3))) : 1;
  const mark = Plot.axisY({
    tickFormat: (k: number) => labels[k] ?? '',
    tickSize: 0,
    tickPadding: 6,
    label: null,
    lineWidth,
    ...(overflow ? { textOverflow: overflow } : {}),
  });
  return { mark, marginLeft, lines };
}

/** Lets a long dotted path wrap at its dots (escaped). */
function wrapPath(path: string): string {
  return esc(path).replaceAll('.', '.<wbr>');
}

/** A probability as a percentage, one decimal by default. */
function pct(x: number, digits = 1): string {
  return Number.isFinite(x) ? `${(x * 100).toFixed(digits)}%` : '—';
}

/** An interval of probabilities, `53.1–66.5%`. */
function pctRange(low: number, high: number): string {
  return Number.isFinite(low) ? `${(low * 100).toFixed(1)}–${pct(high)}` : '—';
}

function fix(x: number, digits: number): string {
  return Number.isFinite(x) ? x.toFixed(digits) : '—';
}

/** A parameter or indicator value: whole numbers with separators, others to 4 significant digits. */
function num(x: number): string {
  if (!Number.isFinite(x)) return '—';
  return Number.isInteger(x) ? formatCount(x) : esc(String(Number(x.toPrecision(4))));
}
