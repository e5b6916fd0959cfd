/**
 * The HTML report of one simulated negotiation: a single self-contained file (inline CSS and
 * SVG, no script, no external resource, a Content-Security-Policy that forbids loading any) that
 * an analyst can open offline, print, or mail. It tells, in words, who sat at the table and what
 * bound them, how the talks ended and where the result sits against the Pareto frontier and the
 * bargaining solutions, shows the plots (see `plot.ts`), the full transcript with the utility of
 * every offer to every side (an analyst's view, not a party's private one), and the scenario's
 * parameters with their sources. Every string that comes from the scenario or the session is
 * HTML-escaped where it is interpolated, and only http(s) addresses become links. With a Monte
 * Carlo forecast the report adds its section (`forecast.ts`) after the single run; a forecast on
 * its own gets `renderForecastReport`, the same page without a single run.
 */
import type { DomainAnalysis, NegotiationMetrics, UtilityPoint } from '../analysis/types.ts';
import { formatCount } from '../format-count.ts';
import type { Issue } from '../model/issues.ts';
import { valueLabel } from '../model/issues.ts';
import type { Outcome } from '../model/outcome-space.ts';
import type { Party } from '../model/party.ts';
import type { Scenario } from '../model/scenario.ts';
import type { Condition, RedLine } from '../model/utility.ts';
import type { SessionErrorCode, SessionEvent, SessionResult } from '../protocols/types.ts';
import type { ForecastResult } from '../run/forecast.ts';
import { type FoldedRepeats, foldRepeatedOffers } from './fold-repeats.ts';
import { FORECAST_CSS, FORECAST_NAV, forecastSection } from './forecast.ts';
import { parameterLabel } from './labels.ts';
import {
  escapeHtml as esc,
  linkify,
  type OfferPoint,
  offerTimelinePlot,
  outcomeSpacePlot,
  type PlotData,
  partyChip,
  partyColor,
  type RenderedPlot,
  type SolutionMarker,
  sourceRef,
} from './plot.ts';

/** What the report is made from. */
export interface ReportInput {
  readonly scenario: Scenario;
  readonly analysis: DomainAnalysis;
  readonly result: SessionResult;
  readonly metrics: NegotiationMetrics;
  /** Party ids in turn order: `event.party` indexes this. */
  readonly order: readonly string[];
  /** Every outcome's utilities by party (scenario party order) and the red-line mask, when the space is enumerable. */
  readonly points?: { readonly utils: readonly Float64Array[]; readonly feasible: Uint8Array };
  /** Shown in the footer when given; left out otherwise, so the same run gives the same file. */
  readonly generatedAt?: string;
  /** A Monte Carlo forecast of the same scenario, shown after the single run when given. */
  readonly forecast?: ForecastResult;
}

/**
 * Renders the report as one complete HTML document.
 *
 * @example
 * const html = renderReport({ scenario, analysis, result, metrics, order: scenario.protocol.order, points });
 * await writeReportAtomically('reports/london-2025.html', html);
 */
export function renderReport(input: ReportInput): string {
  const ctx = new ReportContext(input);
  const { scenario, forecast } = input;
  const sections = [
    resultSection(ctx),
    plotSection(ctx),
    // The forecast follows the single run it puts in perspective.
    ...(forecast ? [forecastSection(forecast, scenario)] : []),
    analysisSection(ctx),
    partiesSection(ctx),
    issuesSection(ctx),
    protocolSection(ctx),
    transcriptSection(ctx),
    parametersSection(scenario),
    sourcesSection(scenario),
  ];
  const meta = [
    `Scenario <code>${esc(scenario.id)}</code>`,
    `seed ${esc(String(input.result.seed))}`,
    `negotiators ${ctx.parties.map((p) => `${esc(p.label)}: <code>${esc(ctx.negotiatorOf(p))}</code>`).join(', ')}`,
  ].join(' · ');
  // The full report links the forecast's heading only; its subsections are in the forecast report's contents.
  const nav = forecast ? [...NAV.slice(0, 2), ...FORECAST_NAV.slice(0, 1), ...NAV.slice(2)] : NAV;
  return reportPage({
    scenario,
    kind: 'negotiation report',
    meta,
    nav,
    sections,
    generatedAt: input.generatedAt,
    css: forecast ? REPORT_CSS + FORECAST_CSS : REPORT_CSS,
  });
}

/**
 * Renders the report of a forecast (`lancaster forecast --report`) as one complete HTML document:
 * the scenario's header, the forecast section, the scenario's parameters and its sources. No
 * single run, so no transcript or plots of one.
 *
 * @example
 * const forecast = await runForecast(template, { runs: 2000, seed: 1 });
 * await writeReportAtomically('reports/london-2025-forecast.html', renderForecastReport(forecast, template.scenario));
 */
export function renderForecastReport(
  forecast: ForecastResult,
  scenario: Scenario,
  options: { readonly generatedAt?: string } = {},
): string {
  const meta = [
    `Scenario <code>${esc(scenario.id)}</code>`,
    `${formatCount(forecast.runs)} runs`,
    `seed ${esc(String(forecast.seed))}`,
  ].join(' · ');
  return reportPage({
    scenario,
    kind: 'forecast',
    meta,
    nav: [...FORECAST_NAV, ...NAV.filter(([id]) => id === 'parameters' || id === 'sources')],
    sections: [forecastSection(forecast, scenario), parametersSection(scenario), sourcesSection(scenario)],
    generatedAt: options.generatedAt,
    css: REPORT_CSS + FORECAST_CSS,
  });
}

/**
 * The document around a report's sections: head, CSP (no scripts), style, header with the title
 * (a scenario's, or a backtest's), nav, footer. Shared by every report Lancaster writes.
 */
export function reportPage(p: {
  /** Title, lead paragraph and notes of the header: a scenario, or anything shaped like one. */
  readonly scenario: Pick<Scenario, 'title' | 'description' | 'notes'>;
  /** What the document is, after the scenario's title and in the kicker, e.g. 'negotiation report'. */
  readonly kind: string;
  /** The meta line (trusted HTML). */
  readonly meta: string;
  readonly nav: readonly (readonly [string, string])[];
  readonly sections: readonly string[];
  readonly generatedAt: string | undefined;
  readonly css: string;
}): string {
  const { scenario } = p;
  const description = scenario.description ? `<p class="lead">${esc(scenario.description)}</p>` : '';
  const notes = scenario.notes?.length
    ? `<ul class="notes">${scenario.notes.map((n) => `<li>${linkify(n)}</li>`).join('')}</ul>`
    : '';
  const footer = p.generatedAt ? `Generated ${esc(p.generatedAt)} by Lancaster.` : 'Generated by Lancaster.';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(scenario.title)}: ${esc(p.kind)}</title>
<style>${p.css}</style>
</head>
<body>
<main>
<header>
<p class="kicker">Lancaster ${esc(p.kind)}</p>
<h1>${esc(scenario.title)}</h1>
${description}
<p class="meta">${p.meta}</p>
${notes}
<nav aria-label="Contents"><ol>${p.nav.map(([id, label]) => `<li><a href="#${id}">${label}</a></li>`).join('')}</ol></nav>
</header>
${p.sections.join('\n')}
<footer>${footer}</footer>
</main>
</body>
</html>
`;
}

const NAV: readonly (readonly [string, string])[] = [
  ['result', 'Result'],
  ['plot', 'Plots'],
  ['analysis', 'Domain analysis'],
  ['parties', 'Parties'],
  ['issues', 'Issues'],
  ['protocol', 'Protocol'],
  ['transcript', 'Transcript'],
  ['parameters', 'Parameters'],
  ['sources', 'Sources'],
];

/**
 * The data every section needs, computed once: the parties in scenario order, the mapping from
 * turn order to scenario order, and each party's utility of an outcome.
 */
class ReportContext {
  readonly input: ReportInput;
  readonly scenario: Scenario;
  readonly parties: readonly Party[];
  /** Scenario index of the party at each turn position. */
  readonly turnToParty: readonly number[];
  readonly discounted: boolean;

  constructor(input: ReportInput) {
    this.input = input;
    this.scenario = input.scenario;
    this.parties = input.scenario.parties;
    this.turnToParty = input.order.map((id) => this.parties.findIndex((p) => p.id === id));
    this.discounted = this.parties.some((p) => p.discountFactor < 1);
  }

  /** The party at turn position `turn`, if the order names a party of the scenario. */
  partyAtTurn(turn: number): Party | undefined {
    return this.parties[this.turnToParty[turn] ?? -1];
  }

  /** Escaped label of the party at turn position `turn`, with its colour chip. */
  whoHtml(turn: number): string {
    const i = this.turnToParty[turn] ?? -1;
    const p = this.parties[i];
    if (!p) return `party #${turn}`;
    return partyChip(i, p.label);
  }

  /** Undiscounted utility of the outcome to every party, red lines not applied (they are flagged). */
  utilities(o: Outcome): number[] {
    return this.parties.map((p) => p.utility.evaluate(o));
  }

  negotiatorOf(p: Party): string {
    return this.input.result.negotiators[p.id] ?? p.negotiator ?? 'default';
  }

  /** The package in words, one escaped `Issue: value` line per issue. */
  packageBlock(o: Outcome): string {
    const lines = packageWords(this.scenario, o).map(
      ([issue, value]) => `<span class="kv"><span class="k">${esc(issue)}:</span> ${esc(value)}</span>`,
    );
    return `<div class="pkg">${lines.join('')}</div>`;
  }

  /** What changed from `before` to `after`, one escaped `Issue: old → new` line per changed issue. */
  packageChanges(before: Outcome, after: Outcome): string {
    const issues = this.scenario.space.issues;
    const lines: string[] = [];
    issues.forEach((issue, i) => {
      const a = before[i] as number;
      const b = after[i] as number;
      if (a === b) return;
      lines.push(
        `<span class="kv"><span class="k">${esc(issue.label)}:</span> <span class="was">${esc(valueLabel(issue, a))}</span> → ${esc(valueLabel(issue, b))}</span>`,
      );
    });
    const rest = lines.length < issues.length ? '<span class="kv muted">other issues as before</span>' : '';
    return `<div class="pkg">${lines.join('')}${rest}</div>`;
  }

  /** Utility cells of an outcome for every party, flagging red lines and values below reservation. */
  utilityCells(o: Outcome): string {
    return this.parties
      .map((p) => {
        const u = p.utility.evaluate(o);
        const crossed = p.utility.violatedRedLines(o);
        if (crossed.length > 0) {
          const why = `crosses ${p.label}'s red line: ${crossed.map((r) => r.label).join('; ')}`;
          return `<td class="num redline" title="${esc(why)}">${fmtU(u)} <span aria-label="${esc(why)}">✕</span></td>`;
        }
        return `<td class="num${u < p.reservationValue ? ' below' : ''}">${fmtU(u)}</td>`;
      })
      .join('');
  }

  /** A header cell per party, with its colour chip. */
  partyHeaders(prefix = ''): string {
    return this.parties.map((p, i) => `<th class="num">${prefix}${partyChip(i, p.label)}</th>`).join('');
  }
}

function resultSection(ctx: ReportContext): string {
  const { result, metrics, analysis } = ctx.input;
  const status = statusSentence(ctx);
  const agreement = result.agreement;
  const pkg = agreement
    ? `<h3>The agreement</h3>${packageTable(ctx.scenario, agreement)}`
    : '<p class="muted">No package was agreed: each side is left with its reservation value.</p>';
  const discountedHead = ctx.discounted ? '<th class="num">Discounted</th>' : '';
  const rows = ctx.parties
    .map((p, i) => {
      const u = result.utilities[p.id] ?? Number.NaN;
      const gain = u - p.reservationValue;
      const disc = ctx.discounted
        ? `<td class="num">${fmtU(result.discountedUtilities[p.id] ?? Number.NaN)}</td>`
        : '';
      return `<tr><td>${partyChip(i, p.label)}</td><td><code>${esc(ctx.negotiatorOf(p))}</code></td><td class="num">${fmtU(u)}</td>${disc}<td class="num">${fmtU(p.reservationValue)}</td><td class="num ${gain < 0 ? 'below' : ''}">${fmtSigned(gain)}</td></tr>`;
    })
    .join('');
  const concession = ctx.parties
    .map((p, i) => {
      const c = metrics.concession[i];
      if (!c) return '';
      return `<tr><td>${partyChip(i, p.label)}</td><td class="num">${fmtU(c.first)}</td><td class="num">${fmtU(c.last)}</td><td class="num">${fmtU(c.drop)}</td></tr>`;
    })
    .join('');
  const nash = analysis.nash
    ? fmtU(metrics.distanceToNash)
    : '— (no Nash point: no individually rational outcome)';
  return `<section id="result">
<h2>Result</h2>
<p class="status status-${esc(result.status)}" data-status="${esc(result.status)}">${status}</p>
${pkg}
<h3>Utilities</h3>
<div class="scroll"><table class="zebra">
<thead><tr><th>Party</th><th>Negotiator</th><th class="num">Utility</th>${discountedHead}<th class="num">Reservation value</th><th class="num">Gain over reservation</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>
<dl class="facts">
<div><dt>Distance to the Pareto frontier</dt><dd>${fmtU(metrics.distanceToFrontier)}</dd></div>
<div><dt>Distance to the Nash point</dt><dd>${nash}</dd></div>
<div><dt>Pareto-optimal</dt><dd>${metrics.paretoOptimal ? 'yes' : 'no'}</dd></div>
<div><dt>Rounds</dt><dd>${esc(String(metrics.rounds))} of ${esc(String(ctx.scenario.protocol.rounds))}</dd></div>
<div><dt>Moves</dt><dd>${esc(String(result.steps))}</dd></div>
<div><dt>Time used</dt><dd>${fmtPct(result.t)}</dd></div>
<div><dt>Vetoes</dt><dd>${esc(String(result.vetoes))}</dd></div>
</dl>
<p class="muted small">Distances are Euclidean, in utility space, from the result (the agreement, or the reservation values without one).</p>
${
  concession
    ? `<h3>Concession</h3><div class="scroll"><table class="zebra"><thead><tr><th>Party</th><th class="num">Own utility of first offer</th><th class="num">Of last offer</th><th class="num">Drop</th></tr></thead><tbody>${concession}</tbody></table></div>`
    : ''
}
</section>`;
}

const ERROR_WORDS: Readonly<Record<SessionErrorCode, string>> = {
  NEGOTIATOR_THREW: 'failed with an exception',
  INVALID_ACTION: 'made an invalid move',
  ACTION_TIMEOUT: 'ran out of time for a move',
};

/** How the talks ended, in one escaped sentence. */
function statusSentence(ctx: ReportContext): string {
  const { result } = ctx.input;
  const events = result.events;
  const lastOf = <T extends SessionEvent['type']>(type: T): Extract<SessionEvent, { type: T }> | undefined =>
    events.findLast((e): e is Extract<SessionEvent, { type: T }> => e.type === type);
  switch (result.status) {
    case 'agreement': {
      const e = lastOf('accept') ?? lastOf('delegations-agree');
      const when = e ? ` in round ${e.round + 1}` : '';
      const ratified = ctx.parties.some((p) => p.principal) ? ', ratified by every principal' : '';
      return `<strong>Agreement</strong>${when}${ratified}.`;
    }
    case 'deadline':
      return `<strong>No deal at the deadline</strong>: ${esc(String(ctx.scenario.protocol.rounds))} rounds passed without agreement.`;
    case 'walked-away': {
      const e = lastOf('end');
      const who = e ? ctx.whoHtml(e.party) : 'A party';
      return `<strong>No deal: walked away</strong>. ${who} left the table${e ? ` in round ${e.round + 1}` : ''}.`;
    }
    case 'vetoed': {
      const e = events.findLast((x) => x.type === 'ratify' && !x.approve);
      const party = e && e.type === 'ratify' ? ctx.partyAtTurn(e.party) : undefined;
      const by = party?.principal
        ? `${esc(party.principal.name)}${party.principal.title ? `, ${esc(party.principal.title)}` : ''} (${esc(party.label)})`
        : 'a principal';
      return `<strong>No deal: vetoed</strong>. The delegations agreed, but ${by} refused to ratify${e ? ` in round ${e.round + 1}` : ''}.`;
    }
    case 'error': {
      const err = result.error;
      if (!err) return '<strong>Error</strong>: the session ended with an error.';
      return `<strong>Error</strong>: the negotiator of ${ctx.whoHtml(err.party)} ${ERROR_WORDS[err.code] ?? esc(err.code)} (<code>${esc(err.code)}</code>): ${esc(err.message)}`;
    }
  }
}

function plotSection(ctx: ReportContext): string {
  const data = buildPlotData(ctx.input);
  const figures: string[] = [];
  const n = ctx.parties.length;
  if (n >= 2) {
    const [a, b] = ctx.parties;
    const title =
      n === 2
        ? 'The outcome space in utility space'
        : `The outcome space in the utility space of the first two parties, ${a?.label ?? ''} and ${b?.label ?? ''}`;
    figures.push(figure('figure-space', title, outcomeSpacePlot(data, { idPrefix: 'lk-space' })));
  }
  if (data.offers.length > 0) {
    figures.push(
      figure(
        'figure-timeline',
        'Concession over time: each party’s utility of every offer',
        offerTimelinePlot(data, { idPrefix: 'lk-timeline' }),
      ),
    );
  }
  const body =
    figures.length > 0
      ? figures.join('\n')
      : '<p class="muted">Nothing to plot: a single party and no offers.</p>';
  return `<section id="plot">\n<h2>Plots</h2>\n${body}\n</section>`;
}

function figure(id: string, title: string, plot: RenderedPlot): string {
  const notes = plot.notes.map((n) => `<p class="small muted">${esc(n)}</p>`).join('');
  return `<figure id="${id}">
<figcaption><strong>${esc(title)}</strong></figcaption>
${plot.legendHtml}
<div class="plot">${plot.svg}</div>
${notes}
</figure>`;
}

/**
 * The plots' input, from the report's: utilities in scenario party order, offers placed in
 * rounds elapsed (step / number of parties, the protocol's own clock), packages in words as
 * tooltips. Exported so that other views (the web app) can draw the same plots.
 */
export function buildPlotData(input: ReportInput): PlotData {
  const { scenario, analysis, result, order } = input;
  const parties = scenario.parties;
  const n = Math.max(order.length, 1);
  const turnToParty = order.map((id) => parties.findIndex((p) => p.id === id));
  const utilities = (o: Outcome) => parties.map((p) => p.utility.evaluate(o));
  const words = (o: Outcome) =>
    packageWords(scenario, o)
      .map(([k, v]) => `${k}: ${v}`)
      .join('; ');
  const offers: OfferPoint[] = [];
  let agreedAt: number | null = null;
  const breaks: { time: number; label: string }[] = [];
  for (const e of result.events) {
    if (e.type === 'offer') {
      const by = turnToParty[e.party] ?? -1;
      const who = parties[by]?.label ?? `party #${e.party}`;
      offers.push({
        by,
        time: e.step / n,
        utilities: utilities(e.outcome),
        title: `Round ${e.round + 1}, ${who}: ${words(e.outcome)}`,
      });
    } else if (e.type === 'accept' || (e.type === 'delegations-agree' && agreedAt === null)) {
      // The last acceptance is the moment of agreement; ratification comes after it.
      agreedAt = e.step / n;
    } else if (e.type === 'break') {
      breaks.push({ time: e.step / n, label: e.next });
    }
  }
  const solution = (name: string, p: UtilityPoint | null): SolutionMarker[] =>
    p ? [{ name, utilities: p.utilities, title: `${name}: ${words(p.outcome)}` }] : [];
  const agreement =
    result.status === 'agreement' && result.agreement
      ? {
          utilities: utilities(result.agreement),
          title: `Agreement: ${words(result.agreement)}`,
          time: agreedAt ?? result.steps / n,
        }
      : null;
  const base = {
    parties: parties.map((p) => ({ label: p.label, reservationValue: p.reservationValue })),
    frontier: analysis.frontier.map((p) => ({
      utilities: p.utilities,
      title: `Pareto-optimal: ${words(p.outcome)}`,
    })),
    solutions: [
      ...solution('Nash', analysis.nash),
      ...solution('Kalai–Smorodinsky', analysis.kalai),
      ...solution('Utilitarian', analysis.utilitarian),
      ...solution('Egalitarian', analysis.egalitarian),
    ],
    offers,
    agreement,
    breaks,
    deadline: scenario.protocol.rounds,
  };
  return input.points ? { ...base, points: input.points } : base;
}

function analysisSection(ctx: ReportContext): string {
  const { analysis } = ctx.input;
  const share = (k: number) =>
    analysis.outcomes > 0 && Number.isFinite(analysis.outcomes) ? ` (${fmtPct(k / analysis.outcomes)})` : '';
  const agreement = ctx.input.result.status === 'agreement' ? ctx.input.result.agreement : null;
  const columns: { name: string; outcome: Outcome | null; utilities: readonly number[] | null }[] = [];
  if (agreement) columns.push({ name: 'Agreement', outcome: agreement, utilities: ctx.utilities(agreement) });
  const solutions: [string, UtilityPoint | null][] = [
    ['Nash', analysis.nash],
    ['Kalai–Smorodinsky', analysis.kalai],
    ['Utilitarian', analysis.utilitarian],
    ['Egalitarian', analysis.egalitarian],
  ];
  for (const [name, p] of solutions)
    columns.push({ name, outcome: p?.outcome ?? null, utilities: p?.utilities ?? null });
  const issueRows = ctx.scenario.space.issues
    .map((issue, i) => {
      const cells = columns.map((c) => {
        if (!c.outcome) return '<td class="muted">—</td>';
        const v = c.outcome[i] as number;
        const match = agreement && c.outcome !== agreement && agreement[i] === v ? ' class="match"' : '';
        return `<td${match}>${esc(valueLabel(issue, v))}</td>`;
      });
      return `<tr><th scope="row">${esc(issue.label)}</th>${cells.join('')}</tr>`;
    })
    .join('');
  const utilityRows = ctx.parties
    .map((p, k) => {
      const cells = columns.map((c) => `<td class="num">${c.utilities ? fmtU(c.utilities[k]) : '—'}</td>`);
      return `<tr><th scope="row">Utility to ${partyChip(k, p.label)}</th>${cells.join('')}</tr>`;
    })
    .join('');
  const missing = solutions.some(([, p]) => !p)
    ? '<p class="small muted">— : no outcome is acceptable to every side, so that solution does not exist.</p>'
    : '';
  const approx = analysis.approximate
    ? '<p class="warn">The space is too large or continuous to enumerate: these figures come from a sample and are approximate.</p>'
    : '';
  return `<section id="analysis">
<h2>Domain analysis</h2>
${approx}
<dl class="facts">
<div><dt>Outcomes</dt><dd>${formatCount(analysis.outcomes)}</dd></div>
<div><dt>Feasible (crossing no red line)</dt><dd>${formatCount(analysis.feasible)}${share(analysis.feasible)}</dd></div>
<div><dt>Zone of possible agreement</dt><dd>${formatCount(analysis.individuallyRational)}${share(analysis.individuallyRational)}</dd></div>
<div><dt>Pareto frontier</dt><dd>${formatCount(analysis.frontier.length)} outcomes</dd></div>
<div><dt>Opposition</dt><dd>${fmtU(analysis.opposition)}</dd></div>
</dl>
<p class="muted small">The zone of possible agreement counts the feasible outcomes that give every side at least its reservation value. Opposition is the distance from the ideal point to the nearest feasible outcome over √parties: 0 means no conflict.</p>
<h3>Bargaining solutions</h3>
<div class="scroll"><table class="zebra compare">
<thead><tr><th>Issue</th>${columns.map((c) => `<th>${esc(c.name)}</th>`).join('')}</tr></thead>
<tbody>${issueRows}</tbody>
<tfoot>${utilityRows}</tfoot>
</table></div>
${missing}
<p class="small muted">Nash maximises the product of gains over the reservation values; Kalai–Smorodinsky gives every side the same share of its ideal gain, on the frontier; utilitarian maximises the sum of utilities; egalitarian the smallest gain over the reservation value.${agreement ? ' Shaded: same value as the agreement.' : ''}</p>
</section>`;
}

function partiesSection(ctx: ReportContext): string {
  const cards = ctx.parties.map((p, i) => {
    const delegation = p.delegation.length
      ? `<ul>${p.delegation.map((m) => `<li>${esc(m.name)}, ${esc(m.role)}${m.lead ? ' <span class="tag">lead</span>' : ''}</li>`).join('')}</ul>`
      : '<p class="muted">No delegation listed.</p>';
    const principal = p.principal
      ? `<p><strong>Principal:</strong> ${esc(p.principal.name)}${p.principal.title ? `, ${esc(p.principal.title)}` : ''}. Ratifies an agreement only when its utility to the principal is at least <strong>${fmtU(p.principal.ratificationThreshold)}</strong>${p.principal.utility ? ' (by the principal’s own preferences)' : ''}.</p>`
      : '<p class="muted">No principal: the delegation’s agreement is final.</p>';
    const redLines = p.utility.redLines.length
      ? `<ul class="redlines">${p.utility.redLines.map((r) => `<li>${redLineWords(ctx.scenario, r)}</li>`).join('')}</ul>`
      : '<p class="muted">No red lines.</p>';
    const discount =
      p.discountFactor < 1
        ? ` Discount factor ${fmtU(p.discountFactor)} (utility × d<sup>t</sup>, t the normalised time).`
        : '';
    return `<article class="party" style="border-top-color:${partyColor(i)}">
<h3>${partyChip(i, p.label)}</h3>
<p>Reservation value (utility of no deal): <strong>${fmtU(p.reservationValue)}</strong>.${discount} Negotiator: <code>${esc(ctx.negotiatorOf(p))}</code>.</p>
<h4>Delegation</h4>
${delegation}
${principal}
<h4>Red lines</h4>
${redLines}
</article>`;
  });
  return `<section id="parties">\n<h2>Parties</h2>\n<div class="cards">${cards.join('\n')}</div>\n</section>`;
}

function issuesSection(ctx: ReportContext): string {
  const rows = ctx.scenario.space.issues
    .map((issue, k) => {
      const weights = ctx.parties
        .map((p) => `<td class="num">${fmtU(p.utility.weights[k] ?? Number.NaN)}</td>`)
        .join('');
      const desc = issue.description ? `<div class="small muted">${esc(issue.description)}</div>` : '';
      return `<tr><th scope="row">${esc(issue.label)}${desc}</th><td>${issueValuesWords(issue)}</td>${weights}</tr>`;
    })
    .join('');
  return `<section id="issues">
<h2>Issues</h2>
<div class="scroll"><table class="zebra">
<thead><tr><th>Issue</th><th>Values</th>${ctx.partyHeaders('Weight, ')}</tr></thead>
<tbody>${rows}</tbody>
</table></div>
</section>`;
}

function issueValuesWords(issue: Issue): string {
  switch (issue.kind) {
    case 'discrete':
      return issue.values
        .map((v) =>
          v.description ? `<span title="${esc(v.description)}">${esc(v.label)}</span>` : esc(v.label),
        )
        .join(', ');
    case 'integer':
      return `whole numbers from ${esc(String(issue.min))} to ${esc(String(issue.max))}`;
    case 'real':
      return `any number from ${esc(String(issue.min))} to ${esc(String(issue.max))}`;
  }
}

function protocolSection(ctx: ReportContext): string {
  const pr = ctx.scenario.protocol;
  const order = ctx.input.order.map((_, t) => ctx.whoHtml(t)).join(' → ');
  const schedule = pr.schedule
    .map((s) => {
      const when = [s.start, s.end]
        .filter((x): x is string => Boolean(x))
        .map(esc)
        .join(' – ');
      return `<tr><td>${esc(s.label)}</td><td class="num">${esc(String(s.rounds))}</td><td>${when}</td></tr>`;
    })
    .join('');
  const limit =
    pr.timeLimitSeconds !== undefined ? ` and a time limit of ${esc(String(pr.timeLimitSeconds))} s` : '';
  const veto = `A principal’s veto ${pr.onVeto === 'end' ? 'ends the talks' : 'sends the delegations back to the table'}.`;
  const rules =
    pr.kind === 'mediated'
      ? `Mediated single negotiating text, chaired by the <strong>${esc(pr.mediator?.kind ?? 'hill-climb')}</strong> mediator: the chair proposes one text a round and the parties vote on it (voting order: ${order}); the last text every party accepted stands, and is what the talks end with. Deadline: ${esc(String(pr.rounds))} rounds (texts)${limit}. ${veto}`
      : `Stacked alternating offers (SAOP). Turn order: ${order}. Deadline: ${esc(String(pr.rounds))} rounds${limit}. ${veto}`;
  return `<section id="protocol">
<h2>Protocol</h2>
<p>${rules}</p>
${schedule ? `<div class="scroll"><table class="zebra"><thead><tr><th>Sitting</th><th class="num">Rounds</th><th>When</th></tr></thead><tbody>${schedule}</tbody></table></div>` : ''}
</section>`;
}

function transcriptSection(ctx: ReportContext): string {
  const cols = 5 + ctx.parties.length;
  const state: TranscriptState = { lastOffer: new Map(), agreed: null };
  const rows = foldRepeatedOffers(ctx.input.result.events).map((item) =>
    item.kind === 'event' ? transcriptRow(ctx, item.event, state, cols) : repeatsRow(ctx, item, cols),
  );
  const body = rows.length ? rows.join('\n') : `<tr><td colspan="${cols}" class="muted">No events.</td></tr>`;
  return `<section id="transcript">
<h2>Transcript</h2>
<p class="muted small">Moves and rounds are counted from 1. Utilities are undiscounted and shown to every side (an analyst’s view); ✕ marks a package that crosses that side’s red line, grey a utility below its reservation value. A side’s first offer is spelled out; later ones show what changed from its previous offer. Offers that only repeat a side’s previous one are folded into one grey line, as <code>lancaster simulate</code> prints them.</p>
<div class="scroll"><table class="zebra transcript">
<thead>
<tr><th class="num" rowspan="2">Move</th><th class="num" rowspan="2">Round</th><th rowspan="2">Who</th><th rowspan="2">Action</th><th class="group" colspan="${ctx.parties.length}">Utility to</th><th rowspan="2">Package</th></tr>
<tr>${ctx.partyHeaders()}</tr>
</thead>
<tbody>
${body}
</tbody>
</table></div>
</section>`;
}

/** One grey row for a run of repeated offers: how many, in which rounds, by whom. */
function repeatsRow(ctx: ReportContext, r: FoldedRepeats, cols: number): string {
  const rounds =
    r.fromRound === r.toRound ? `round ${r.fromRound + 1}` : `rounds ${r.fromRound + 1}–${r.toRound + 1}`;
  const moves =
    r.fromStep === r.toStep ? `move ${r.fromStep + 1}` : `moves ${r.fromStep + 1}–${r.toStep + 1}`;
  const who = r.parties.map((k) => ctx.whoHtml(k));
  const whoWords =
    who.length === 1
      ? `${who[0]} repeated its previous offer`
      : `${who.slice(0, -1).join(', ')} and ${who.at(-1)} each repeated their previous offer`;
  return `<tr data-event="repeats" data-count="${r.count}" class="repeat folded"><td colspan="${cols}">… ${formatCount(r.count)} repeated offer${r.count === 1 ? '' : 's'} (${rounds}, ${moves}): ${whoWords}</td></tr>`;
}

/** What the transcript remembers between rows. */
interface TranscriptState {
  /** Each side's previous offer, by turn position, to show only what changed. */
  readonly lastOffer: Map<number, Outcome>;
  /** The package the delegations last agreed on, which principals then ratify or veto. */
  agreed: Outcome | null;
}

/** One transcript row: move, round, who, action, a utility per party, then the package or details. */
function transcriptRow(ctx: ReportContext, e: SessionEvent, state: TranscriptState, cols: number): string {
  const row = (attrs: string, who: string, action: string, utilities: string, details: string) =>
    `<tr ${attrs}><td class="num">${e.step + 1}</td><td class="num">${e.round + 1}</td><td class="who">${who}</td><td>${action}</td>${utilities}<td>${details}</td></tr>`;
  switch (e.type) {
    case 'propose': {
      // The chair's texts are one line of texts: each later one shows what changed from the one before.
      const before = state.lastOffer.get(-1);
      state.lastOffer.set(-1, e.outcome);
      const details = before ? ctx.packageChanges(before, e.outcome) : ctx.packageBlock(e.outcome);
      return row(
        `data-event="propose" data-step="${e.step}"`,
        'Chair',
        'proposes',
        ctx.utilityCells(e.outcome),
        details,
      );
    }
    case 'tally': {
      const votes = e.votes
        .map((yes, i) => `${ctx.whoHtml(i)} ${yes ? 'accepts' : '<strong>rejects</strong>'}`)
        .join(', ');
      return row(
        `data-event="tally" class="${e.adopted ? 'good' : 'repeat'}"`,
        'Parties',
        e.adopted ? '<strong>adopt the text</strong>' : 'reject the text',
        blankCells(ctx),
        `${votes}${e.adopted ? '; it is now the standing text' : ''}`,
      );
    }
    case 'offer': {
      // Repeats of a side's previous offer never get here: they are folded (foldRepeatedOffers).
      const before = state.lastOffer.get(e.party);
      state.lastOffer.set(e.party, e.outcome);
      const details = before ? ctx.packageChanges(before, e.outcome) : ctx.packageBlock(e.outcome);
      return row(
        `data-event="offer" data-step="${e.step}"`,
        ctx.whoHtml(e.party),
        'offers',
        ctx.utilityCells(e.outcome),
        details,
      );
    }
    case 'accept':
      return row(
        'data-event="accept" class="good"',
        ctx.whoHtml(e.party),
        '<strong>accepts</strong>',
        ctx.utilityCells(e.outcome),
        '<span class="muted">the offer on the table</span>',
      );
    case 'end':
      return row(
        'data-event="end" class="bad"',
        ctx.whoHtml(e.party),
        '<strong>walks away</strong>',
        blankCells(ctx),
        '',
      );
    case 'break':
      return `<tr data-event="break" class="break"><td colspan="${cols}">Break: end of ${esc(e.after)}; next: ${esc(e.next)}</td></tr>`;
    case 'delegations-agree':
      state.agreed = e.outcome;
      return row(
        'data-event="delegations-agree" class="good"',
        'Delegations',
        '<strong>agree</strong>',
        ctx.utilityCells(e.outcome),
        ctx.packageBlock(e.outcome),
      );
    case 'ratify': {
      const p = ctx.partyAtTurn(e.party);
      const who = p?.principal ? `${esc(p.principal.name)} (${esc(p.label)})` : ctx.whoHtml(e.party);
      let details = '';
      if (p?.principal && state.agreed) {
        const u = (p.principal.utility ?? p.utility).evaluate(state.agreed);
        details = `utility to the principal ${fmtU(u)}, threshold ${fmtU(p.principal.ratificationThreshold)}`;
      }
      const action = `<strong>${e.approve ? 'ratifies' : 'vetoes'}</strong>`;
      return row(
        `data-event="ratify" class="${e.approve ? 'good' : 'bad'}"`,
        who,
        action,
        blankCells(ctx),
        details,
      );
    }
    case 'error':
      return row(
        'data-event="error" class="bad"',
        ctx.whoHtml(e.party),
        '<strong>error</strong>',
        blankCells(ctx),
        `<code>${esc(e.code)}</code>: ${esc(e.message)}`,
      );
    case 'deadline':
      return row(
        'data-event="deadline" class="bad"',
        '',
        '<strong>deadline</strong>',
        blankCells(ctx),
        'no agreement',
      );
  }
}

function blankCells(ctx: ReportContext): string {
  return ctx.parties.map(() => '<td></td>').join('');
}

function parametersSection(scenario: Scenario): string {
  const params = scenario.parameters;
  if (params.length === 0)
    return '<section id="parameters"><h2>Parameters</h2><p class="muted">The scenario lists no parameters.</p></section>';
  const rows = params
    .map((p) => {
      const range = p.range ? `${fmtNum(p.range[0])} – ${fmtNum(p.range[1])}` : '';
      const sources = p.sources.map((s) => sourceRef(scenario.sources, s)).join(' ');
      const judgement = [
        p.judgement ? esc(p.judgement) : '',
        p.note ? `<span class="muted">${linkify(p.note)}</span>` : '',
      ]
        .filter(Boolean)
        .join('<br>');
      // The parameter in words, then its path in the file (which `--set` takes), wrapping at its dots.
      const path = esc(p.path).replaceAll('.', '.<wbr>');
      return `<tr data-parameter="${esc(p.path)}"><td>${esc(parameterLabel(scenario, p.path))}<br><code class="path">${path}</code></td><td class="num">${fmtNum(p.value)}</td><td class="num">${range}</td><td class="refs">${sources}</td><td>${judgement}</td></tr>`;
    })
    .join('');
  return `<section id="parameters">
<h2>Parameters</h2>
<div class="scroll"><table class="zebra params">
<thead><tr><th>Parameter</th><th class="num">Value</th><th class="num">Range</th><th>Sources</th><th>Judgement</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>
</section>`;
}

function sourcesSection(scenario: Scenario): string {
  const list = scenario.sources;
  const body = list.length
    ? `<ol class="sources">${list.map((s, i) => `<li id="src-${i + 1}">${linkify(s)}</li>`).join('')}</ol>`
    : '<p class="muted">The scenario cites no sources.</p>';
  return `<section id="sources">\n<h2>Sources</h2>\n${body}\n</section>`;
}

function packageTable(scenario: Scenario, o: Outcome): string {
  const rows = packageWords(scenario, o)
    .map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${esc(v)}</td></tr>`)
    .join('');
  return `<div class="scroll"><table class="zebra package"><thead><tr><th>Issue</th><th>Agreed value</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

/** `[issue label, value label]` for each issue (raw text; escape before interpolating). */
function packageWords(scenario: Scenario, o: Outcome): [string, string][] {
  return scenario.space.issues.map((issue, i) => [issue.label, valueLabel(issue, o[i] as number)]);
}

/** A red line in words: its label, then what exactly makes an outcome unacceptable. */
function redLineWords(scenario: Scenario, r: RedLine): string {
  const conds = r.conditions.map((c) => conditionWords(scenario, c)).join(' and ');
  const rule = r.kind === 'forbid' ? `unacceptable when ${conds}` : `acceptable only when ${conds}`;
  return `<strong>${esc(r.label)}</strong>: ${rule}.`;
}

function conditionWords(scenario: Scenario, c: Condition): string {
  const issue = scenario.space.issues[c.issue];
  if (!issue) return `issue #${c.issue} matches`;
  const parts: string[] = [];
  if (c.values !== undefined) {
    const labels = c.values.map((v) => `“${esc(valueLabel(issue, v))}”`);
    parts.push(
      labels.length === 1 ? `is ${labels[0]}` : `is ${labels.slice(0, -1).join(', ')} or ${labels.at(-1)}`,
    );
  }
  if (c.min !== undefined && c.max !== undefined)
    parts.push(`is between ${fmtNum(c.min)} and ${fmtNum(c.max)}`);
  else if (c.min !== undefined) parts.push(`is at least ${fmtNum(c.min)}`);
  else if (c.max !== undefined) parts.push(`is at most ${fmtNum(c.max)}`);
  return `<em>${esc(issue.label)}</em> ${parts.join(' and ') || 'takes any value'}`;
}

/** A utility to three decimals; an em dash when missing. */
function fmtU(u: number | null | undefined): string {
  return u === null || u === undefined || Number.isNaN(u) ? '—' : u.toFixed(3);
}

function fmtSigned(x: number): string {
  if (Number.isNaN(x)) return '—';
  return `${x > 0 ? '+' : x < 0 ? '−' : ''}${Math.abs(x).toFixed(3)}`;
}

function fmtPct(x: number): string {
  return Number.isFinite(x) ? `${(x * 100).toFixed(x < 0.1 ? 1 : 0)}%` : '—';
}

function fmtNum(x: number): string {
  return Number.isInteger(x) ? formatCount(x) : esc(String(Number(x.toPrecision(6))));
}

/** The report's style sheet; every report page starts from it. */
export const REPORT_CSS = `
:root{--fg:#1f2933;--muted:#66727f;--line:#e3e7eb;--zebra:#f6f8fa;--accent:#2563eb;--good:#e7f6ec;--bad:#fdecec;color-scheme:light}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#fff;color:var(--fg);font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",sans-serif}
main{max-width:980px;margin:0 auto;padding:32px 24px 64px}
h1{font-size:1.9rem;line-height:1.2;margin:.2rem 0 .6rem}
h2{font-size:1.35rem;margin:2.4rem 0 .8rem;padding-bottom:.3rem;border-bottom:2px solid var(--line)}
h3{font-size:1.08rem;margin:1.6rem 0 .5rem}
h4{font-size:.95rem;margin:1rem 0 .3rem;color:var(--muted)}
p{margin:.5rem 0}
a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
code{font:.86em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f1f3f5;padding:.05em .3em;border-radius:3px}
.kicker{text-transform:uppercase;letter-spacing:.08em;font-size:.75rem;color:var(--muted);margin:0}
.lead{font-size:1.06rem}
.meta,.muted{color:var(--muted)}
.small{font-size:.85rem}
.notes{color:var(--muted);font-size:.9rem}
nav ol{display:flex;flex-wrap:wrap;gap:.3rem 1.1rem;list-style:none;padding:.6rem 0;margin:1rem 0 0;border-top:1px solid var(--line);border-bottom:1px solid var(--line);font-size:.92rem}
.status{font-size:1.1rem;padding:.8rem 1rem;border-radius:6px;border-left:5px solid}
.status-agreement{background:var(--good);border-color:#2f9e55}
.status-deadline,.status-walked-away,.status-vetoed{background:#fff6e5;border-color:#d98a00}
.status-error{background:var(--bad);border-color:#d64545}
.warn{background:#fff6e5;padding:.5rem .8rem;border-radius:4px}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;margin:.4rem 0 1rem;font-size:.9rem}
th,td{text-align:left;vertical-align:top;padding:.4rem .6rem;border-bottom:1px solid var(--line)}
thead th{border-bottom:2px solid #cfd6dc;font-weight:600;white-space:nowrap}
tbody th{font-weight:600}
table.zebra tbody tr:nth-child(even){background:var(--zebra)}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.below{color:#9aa5b1}
td.redline{color:#b42318}
tr.good td{background:var(--good)}
tr.bad td{background:var(--bad)}
tr.break td{background:#eef2f7;color:var(--muted);font-style:italic;text-align:center}
.transcript td{font-size:.86rem}
.transcript td.who{white-space:nowrap}
.transcript td:last-child{width:55%;min-width:16em}
.transcript thead th{vertical-align:bottom}
.transcript thead th.group{text-align:center;border-bottom:1px solid var(--line)}
.transcript tr.repeat td{padding-top:.15rem;padding-bottom:.15rem;color:var(--muted)}
.transcript tr.folded td{font-style:italic;width:auto;min-width:0}
.pkg .kv{display:block}.k{color:var(--muted)}.was{color:var(--muted);text-decoration:line-through}
table.compare td.match{background:#e7f6ec}
table.compare tfoot th,table.compare tfoot td{border-top:2px solid #cfd6dc;border-bottom:0}
table.params{table-layout:fixed;min-width:720px}
table.params td{overflow-wrap:anywhere}
table.params th:nth-child(1){width:30%}table.params th:nth-child(2){width:9%}table.params th:nth-child(3){width:15%}table.params th:nth-child(4){width:11%}
code.path{font-size:.78em;color:var(--muted);background:none;padding:0}
.chip{display:inline-block;width:.7em;height:.7em;border-radius:2px;margin-right:.4em;vertical-align:baseline}
.tag{font-size:.72rem;background:#eef2f7;border-radius:3px;padding:0 .35em;color:var(--muted)}
.facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:.6rem;margin:1rem 0}
.facts div{background:var(--zebra);border-radius:6px;padding:.5rem .75rem}
.facts dt{font-size:.78rem;color:var(--muted)}
.facts dd{margin:0;font-size:1.1rem;font-variant-numeric:tabular-nums}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(280px,1fr));gap:1rem}
.party{border:1px solid var(--line);border-top:4px solid;border-radius:6px;padding:.2rem 1rem .8rem}
.party h3{margin-top:.8rem}
.party ul{margin:.2rem 0;padding-left:1.2rem}
figure{margin:1.2rem 0 2rem}
figcaption{margin-bottom:.4rem}
.plot svg{max-width:100%;height:auto}
.legend{list-style:none;padding:0;margin:.3rem 0 .6rem;display:flex;flex-wrap:wrap;gap:.3rem 1rem;font-size:.85rem}
.legend li{display:inline-flex;align-items:center;gap:.35rem}
.sources{font-size:.9rem}
.sources li{margin:.2rem 0}
.sources a,.notes a,td a{overflow-wrap:anywhere}
footer{margin-top:3rem;padding-top:.8rem;border-top:1px solid var(--line);color:var(--muted);font-size:.8rem}
@media print{
  @page{margin:14mm}
  body{font-size:10pt}
  main{max-width:none;padding:0}
  nav{display:none}
  *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
  h2{break-after:avoid}
  h3,h4{break-after:avoid}
  figure,tr,.party,.facts div,.status{break-inside:avoid}
  thead{display:table-header-group}
  .scroll{overflow:visible}
  a{color:inherit}
}
`;
