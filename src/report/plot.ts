/**
 * The report's plots, drawn with Observable Plot and serialised to SVG text on the server. Plot
 * needs a DOM; linkedom's `parseHTML` supplies a light one (no browser, no jsdom), and Plot's
 * `document` option makes it build its elements there, so `.outerHTML` of the result is an SVG
 * that a self-contained HTML file can carry inline. Two plots: the outcome space in utility
 * space (every outcome as a dot, the Pareto frontier, reservation values, bargaining solutions,
 * each side's offer trajectory and the agreement), and concession over time (one panel per party:
 * its utility of every side's offers). Legends are plain HTML drawn here, from the same colours the marks use,
 * because Plot's own legends only cover scales and most of our marks are constant-styled layers.
 * The output is deterministic: a given input gives byte-identical SVG in any process. Also the
 * helpers every part of the report shares: `renderSvg`, `escapeHtml`, `linkify`, `sourceRef`,
 * `partyChip`.
 */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import { formatCount } from '../format-count.ts';
import { Random } from '../model/random.ts';

/** One party as the plots need it. */
export interface PlotParty {
  readonly label: string;
  readonly reservationValue: number;
}

/** A labelled point in utility space (utilities in scenario party order). */
export interface PlotPoint {
  readonly utilities: readonly number[];
  /** Tooltip text (the package in words); drawn as an SVG `<title>`, so it works without script. */
  readonly title?: string;
}

/** A bargaining solution to mark, e.g. Nash. */
export interface SolutionMarker extends PlotPoint {
  readonly name: string;
}

/** One offer of the session, placed in time. */
export interface OfferPoint extends PlotPoint {
  /** Index (in scenario party order) of the party that made the offer. */
  readonly by: number;
  /** Rounds elapsed when the offer was made (step / number of parties). */
  readonly time: number;
}

/** Everything the plots draw; built by the report from the scenario, the analysis and the session. */
export interface PlotData {
  readonly parties: readonly PlotParty[];
  /** Every outcome's utility by party (scenario order) and its red-line mask, when the space is enumerable. */
  readonly points?: { readonly utils: readonly Float64Array[]; readonly feasible: Uint8Array };
  readonly frontier: readonly PlotPoint[];
  readonly solutions: readonly SolutionMarker[];
  readonly offers: readonly OfferPoint[];
  /** The agreement and when it was reached (rounds elapsed); null without agreement. */
  readonly agreement: (PlotPoint & { readonly time: number }) | null;
  /** Sitting breaks, in rounds elapsed, with the label of the next sitting. */
  readonly breaks?: readonly { readonly time: number; readonly label: string }[];
  /** Deadline in rounds: the end of the time axis. */
  readonly deadline: number;
}

/** A rendered plot: the SVG, its legend as safe HTML, and plain-text notes for the caption. */
export interface RenderedPlot {
  readonly svg: string;
  readonly legendHtml: string;
  readonly notes: readonly string[];
}

/** Options of {@link outcomeSpacePlot}. */
export interface OutcomeSpacePlotOptions {
  /** Parties on the x and y axes (scenario order); 0 and 1 by default. */
  readonly x?: number;
  readonly y?: number;
  /** Above this many outcomes a deterministic uniform sample of this size is drawn. */
  readonly maxDots?: number;
  /** Prefix of the SVG ids this plot defines, unique within the page. */
  readonly idPrefix?: string;
  readonly width?: number;
  readonly height?: number;
}

/** The size of every chart's text, in px of the SVG (its axes, labels and notes): never smaller. */
export const CHART_FONT_PX = 12;

/** Most outcome dots drawn before sampling: ~20k circles keep the report near a megabyte. */
export const MAX_OUTCOME_DOTS = 20_000;

/** Colours of the report's marks, shared by the plots and their legends. */
export const COLORS = {
  feasible: '#7b8491',
  redLine: '#d3d7dd',
  frontier: '#1f2937',
  reservation: '#6b7280',
  solution: '#111827',
  agreement: '#f5b301',
} as const;

/** One colour per party, in scenario order (cycled beyond eight parties). */
const PARTY_PALETTE = [
  '#2563eb',
  '#dc2626',
  '#059669',
  '#7c3aed',
  '#d97706',
  '#0891b2',
  '#db2777',
  '#4d7c0f',
];

/** Symbols of the bargaining solutions, by name; anything else gets a diamond. */
const SOLUTION_SYMBOLS: Readonly<Record<string, Plot.SymbolName>> = {
  Nash: 'diamond',
  'Kalai–Smorodinsky': 'triangle',
  Utilitarian: 'square',
  Egalitarian: 'cross',
};

/** The colour of party `i` (scenario order) in every plot and table of the report. */
export function partyColor(i: number): string {
  return PARTY_PALETTE[i % PARTY_PALETTE.length] as string;
}

/** Party `i`'s label (escaped) after a chip of its colour; the bare label when `i` is no party's (< 0). */
export function partyChip(i: number, label: string): string {
  return i >= 0
    ? `<span class="chip" style="background:${partyColor(i)}"></span>${escapeHtml(label)}`
    : escapeHtml(label);
}

/**
 * The outcome space in the utility space of two parties: outcomes as small grey dots (feasible
 * ones darker than those crossing a red line), the Pareto frontier, reservation values as dashed
 * rules, bargaining solutions as labelled symbols, each party's offers as an arrowed path in its
 * colour, and the agreement as a star. With more than two parties the frontier is a projection,
 * so it is drawn as dots without a connecting line.
 *
 * @example
 * const { svg, legendHtml } = outcomeSpacePlot(data); // data.parties.length >= 2
 */
export function outcomeSpacePlot(data: PlotData, options: OutcomeSpacePlotOptions = {}): RenderedPlot {
  const xi = options.x ?? 0;
  const yi = options.y ?? 1;
  const px = data.parties[xi];
  const py = data.parties[yi];
  if (!px || !py || xi === yi)
    throw new Error(`outcomeSpacePlot needs two distinct parties (got ${xi} and ${yi})`);
  const maxDots = options.maxDots ?? MAX_OUTCOME_DOTS;
  const notes: string[] = [];
  const marks: Plot.Markish[] = [];

  // Outcomes: red-line-crossing ones first so the feasible ones are drawn on top.
  if (data.points) {
    const ux = data.points.utils[xi];
    const uy = data.points.utils[yi];
    if (!ux || !uy) throw new Error('points.utils needs one utility array per party');
    const size = ux.length;
    const drawn = size > maxDots ? subsampleIndices(size, maxDots) : null;
    const feasible: [number, number][] = [];
    const crossing: [number, number][] = [];
    const visit = (k: number) => {
      const pair: [number, number] = [ux[k] as number, uy[k] as number];
      (data.points?.feasible[k] ? feasible : crossing).push(pair);
    };
    if (drawn) for (const k of drawn) visit(k);
    else for (let k = 0; k < size; k++) visit(k);
    if (drawn) {
      notes.push(
        `The space has ${formatCount(size)} outcomes; a deterministic uniform sample of ${formatCount(drawn.length)} is drawn (seeded, so every report of this scenario draws the same dots).`,
      );
    }
    marks.push(
      Plot.dot(crossing, { x: '0', y: '1', r: 1.6, fill: COLORS.redLine, className: 'lk-outcomes-red-line' }),
      Plot.dot(feasible, {
        x: '0',
        y: '1',
        r: 1.6,
        fill: COLORS.feasible,
        className: 'lk-outcomes-feasible',
      }),
    );
  } else {
    notes.push('The outcome space is not enumerable, so individual outcomes are not drawn.');
  }

  marks.push(
    Plot.ruleX([px.reservationValue], {
      stroke: COLORS.reservation,
      strokeDasharray: '5 4',
      className: 'lk-reservation-x',
    }),
    Plot.ruleY([py.reservationValue], {
      stroke: COLORS.reservation,
      strokeDasharray: '5 4',
      className: 'lk-reservation-y',
    }),
  );

  const frontier = data.frontier.map((p) => ({
    x: p.utilities[xi] ?? 0,
    y: p.utilities[yi] ?? 0,
    title: p.title ?? '',
  }));
  if (data.parties.length === 2) {
    const sorted = [...frontier].sort((a, b) => a.x - b.x || b.y - a.y);
    marks.push(
      Plot.line(sorted, {
        x: 'x',
        y: 'y',
        stroke: COLORS.frontier,
        strokeWidth: 1.5,
        className: 'lk-frontier-line',
      }),
    );
  } else if (frontier.length > 0) {
    notes.push(
      `With ${data.parties.length} parties the Pareto frontier is a surface; its points are projected onto these two parties, so some look dominated here.`,
    );
  }
  marks.push(
    Plot.dot(frontier, {
      x: 'x',
      y: 'y',
      r: 2.6,
      fill: COLORS.frontier,
      title: 'title',
      className: 'lk-frontier',
    }),
  );

  // Offer trajectories: one arrowed path per party, consecutive repeats of an offer collapsed.
  data.parties.forEach((_, i) => {
    const path: { x: number; y: number; title: string }[] = [];
    for (const o of data.offers) {
      if (o.by !== i) continue;
      const x = o.utilities[xi] ?? 0;
      const y = o.utilities[yi] ?? 0;
      const last = path[path.length - 1];
      if (last && last.x === x && last.y === y) continue;
      path.push({ x, y, title: o.title ?? '' });
    }
    if (path.length === 0) return;
    const color = partyColor(i);
    marks.push(
      Plot.line(path, {
        x: 'x',
        y: 'y',
        stroke: color,
        strokeWidth: 1.4,
        strokeOpacity: 0.85,
        markerEnd: 'arrow',
        markerMid: 'arrow',
        className: `lk-offers lk-offers-${i}`,
      }),
      Plot.dot(path.slice(0, 1), {
        x: 'x',
        y: 'y',
        r: 3.5,
        fill: color,
        title: 'title',
        className: `lk-first-offer lk-first-offer-${i}`,
      }),
    );
  });

  // Solutions that coincide (Nash and Kalai often do) share one label, so labels never overprint.
  for (const group of groupSolutions(data.solutions)) {
    const [first] = group;
    if (!first) continue;
    const at = [{ x: first.utilities[xi] ?? 0, y: first.utilities[yi] ?? 0, title: first.title ?? '' }];
    for (const s of group) {
      marks.push(
        Plot.dot(at, {
          x: 'x',
          y: 'y',
          r: 6,
          symbol: SOLUTION_SYMBOLS[s.name] ?? 'diamond',
          stroke: COLORS.solution,
          strokeWidth: 1.5,
          fill: 'white',
          fillOpacity: 0.6,
          title: 'title',
          className: `lk-solution lk-solution-${slug(s.name)}`,
        }),
      );
    }
    marks.push(
      Plot.text(at, {
        x: 'x',
        y: 'y',
        text: () => group.map((s) => s.name).join(' = '),
        dx: 9,
        dy: -9,
        textAnchor: 'start',
        fontWeight: 600,
        fill: COLORS.solution,
        stroke: 'white',
        strokeWidth: 3,
        paintOrder: 'stroke',
        className: 'lk-solution-label',
      }),
    );
  }

  if (data.agreement) {
    const a = data.agreement;
    const at = [{ x: a.utilities[xi] ?? 0, y: a.utilities[yi] ?? 0, title: a.title ?? '' }];
    marks.push(
      Plot.dot(at, {
        x: 'x',
        y: 'y',
        r: 11,
        symbol: 'star',
        fill: COLORS.agreement,
        stroke: '#111827',
        strokeWidth: 1.5,
        title: 'title',
        className: 'lk-agreement',
      }),
      Plot.text(at, {
        x: 'x',
        y: 'y',
        text: () => 'Agreement',
        dx: -14,
        dy: 14,
        textAnchor: 'end',
        fontWeight: 700,
        fill: '#111827',
        stroke: 'white',
        strokeWidth: 3,
        paintOrder: 'stroke',
        className: 'lk-agreement-label',
      }),
    );
  }

  const svg = renderSvg(
    {
      width: options.width ?? 640,
      height: options.height ?? 560,
      marginLeft: 52,
      marginBottom: 44,
      x: { domain: [0, 1], label: `Utility to ${px.label} →`, labelAnchor: 'right', grid: true },
      y: { domain: [0, 1], label: `↑ Utility to ${py.label}`, labelAnchor: 'top', grid: true },
      marks,
    },
    options.idPrefix ?? 'lk-space',
  );

  const legend: LegendItem[] = [];
  if (data.points) {
    legend.push({ glyph: dotGlyph(COLORS.feasible, 3), label: 'Outcome crossing no red line' });
    legend.push({ glyph: dotGlyph(COLORS.redLine, 3), label: 'Outcome crossing a red line' });
  }
  legend.push({
    glyph: data.parties.length === 2 ? lineGlyph(COLORS.frontier, '', true) : dotGlyph(COLORS.frontier, 3),
    label: 'Pareto frontier',
  });
  legend.push({ glyph: lineGlyph(COLORS.reservation, '5 4', false), label: 'Reservation value' });
  for (const s of data.solutions)
    legend.push({ glyph: symbolGlyph(SOLUTION_SYMBOLS[s.name] ?? 'diamond'), label: s.name });
  data.parties.forEach((p, i) => {
    if (data.offers.some((o) => o.by === i))
      legend.push({ glyph: arrowGlyph(partyColor(i)), label: `Offers by ${p.label}` });
  });
  if (data.agreement) legend.push({ glyph: symbolGlyph('star'), label: 'Agreement' });
  return { svg, legendHtml: legendHtml(legend), notes };
}

/**
 * Concession over time: one panel per party, each showing that party's utility of every offer
 * made, as a step line per offering side in its colour (its own offers fall as it concedes, the
 * others' rise as they come towards it), with the party's reservation value as a dashed rule,
 * sitting breaks as light rules, and the agreement as a star. One line per offering side rather
 * than one for "the offer on the table", which would jump between the sides at every move.
 *
 * @example
 * const { svg } = offerTimelinePlot(data);
 */
export function offerTimelinePlot(
  data: PlotData,
  options: { readonly idPrefix?: string; readonly width?: number; readonly panelHeight?: number } = {},
): RenderedPlot {
  const n = data.parties.length;
  const panels = data.parties.map((_, i) => i);
  const end = Math.max(data.deadline, data.agreement?.time ?? 0, ...data.offers.map((o) => o.time));
  const rows = data.offers.flatMap((o) =>
    panels.map((to) => ({ to, by: o.by, time: o.time, u: o.utilities[to] ?? 0, title: o.title ?? '' })),
  );
  const marks: Plot.Markish[] = [];
  for (const b of data.breaks ?? []) {
    marks.push(Plot.ruleX([b.time], { stroke: '#cbd5e1', className: 'lk-break' }));
  }
  if (data.breaks?.length) {
    // Labelled once, above the first panel, on the line of the panel titles.
    const labels = data.breaks.map((b) => ({ ...b, to: 0 }));
    marks.push(
      Plot.text(labels, {
        x: 'time',
        fy: 'to',
        frameAnchor: 'top',
        text: 'label',
        dx: 4,
        dy: -14,
        textAnchor: 'start',
        fill: '#64748b',
        className: 'lk-break-label',
      }),
    );
  }
  marks.push(
    Plot.ruleY(
      data.parties.map((p, to) => ({ to, rv: p.reservationValue })),
      { y: 'rv', fy: 'to', stroke: COLORS.reservation, strokeDasharray: '5 4', className: 'lk-reservation' },
    ),
    Plot.line(rows, {
      x: 'time',
      y: 'u',
      fy: 'to',
      z: 'by',
      stroke: 'by',
      curve: 'step-after',
      strokeWidth: 1.6,
      className: 'lk-timeline',
    }),
    Plot.dot(rows, {
      x: 'time',
      y: 'u',
      fy: 'to',
      fill: 'by',
      r: 2.2,
      title: 'title',
      className: 'lk-timeline-offers',
    }),
    Plot.text(
      data.parties.map((p, to) => ({ to, label: `Utility to ${p.label}` })),
      {
        fy: 'to',
        frameAnchor: 'top-left',
        text: 'label',
        dy: -14,
        fontWeight: 600,
        fontSize: CHART_FONT_PX + 1,
        fill: '#1f2937',
        stroke: 'white',
        strokeWidth: 3,
        paintOrder: 'stroke',
        className: 'lk-panel-title',
      },
    ),
  );
  if (data.agreement) {
    const a = data.agreement;
    marks.push(
      Plot.dot(
        panels.map((to) => ({ to, time: a.time, u: a.utilities[to] ?? 0, title: a.title ?? '' })),
        {
          x: 'time',
          y: 'u',
          fy: 'to',
          r: 8,
          symbol: 'star',
          fill: COLORS.agreement,
          stroke: '#111827',
          strokeWidth: 1.2,
          title: 'title',
          className: 'lk-agreement',
        },
      ),
    );
  }
  const svg = renderSvg(
    {
      width: options.width ?? 900,
      height: n * (options.panelHeight ?? 150) + 56,
      marginLeft: 52,
      marginBottom: 40,
      marginTop: 28,
      x: { domain: [0, end], label: 'Rounds elapsed →', labelAnchor: 'right', grid: true },
      y: { domain: [0, 1], label: null, ticks: 5, grid: true, insetTop: 4 },
      fy: { axis: null, domain: panels, padding: 0.2 },
      // Colours by the offering party's index, so no label from the scenario enters a scale.
      color: { type: 'ordinal', domain: panels, range: panels.map(partyColor) },
      marks,
    },
    options.idPrefix ?? 'lk-timeline',
  );
  const legend: LegendItem[] = data.parties
    .map((p, i) => ({ p, i }))
    .filter(({ i }) => data.offers.some((o) => o.by === i))
    .map(({ p, i }) => ({ glyph: stepGlyph(partyColor(i)), label: `Offers by ${p.label}` }));
  legend.push({
    glyph: lineGlyph(COLORS.reservation, '5 4', false),
    label: 'Reservation value of the panel’s party',
  });
  if (data.breaks?.length)
    legend.push({
      glyph: '<line x1="12" y1="1" x2="12" y2="13" stroke="#cbd5e1" stroke-width="1.6"/>',
      label: 'Sitting break',
    });
  if (data.agreement) legend.push({ glyph: symbolGlyph('star'), label: 'Agreement' });
  return { svg, legendHtml: legendHtml(legend), notes: [] };
}

/**
 * `k` distinct indices of `[0, n)`, uniformly chosen and sorted, always the same for the same
 * `n`, `k` and `seed` (Floyd's algorithm: O(k) draws and memory, whatever `n`).
 *
 * @example
 * subsampleIndices(1_000_000, 3); // three sorted indices, the same on every call
 */
export function subsampleIndices(n: number, k: number, seed = 0): number[] {
  if (k >= n) return Array.from({ length: n }, (_, i) => i);
  const rng = Random.from(seed, 'report', 'outcome-sample');
  const chosen = new Set<number>();
  for (let j = n - k; j < n; j++) {
    const t = rng.int(j + 1);
    chosen.add(chosen.has(t) ? j : t);
  }
  return [...chosen].sort((a, b) => a - b);
}

/**
 * Renders a Plot specification to SVG text in a linkedom document, then tidies it (see `tidySvg`).
 * Shared by every chart of the report; `idPrefix` must be unique within the page.
 *
 * @example
 * const svg = renderSvg({ marks: [Plot.barX([0.4], { x: (d) => d })] }, 'lk-bars');
 */
export function renderSvg(spec: Plot.PlotOptions, idPrefix: string): string {
  const { document } = parseHTML('<!doctype html><html><head></head><body></body></html>');
  // linkedom's Document implements what Plot uses (createElementNS, attributes, text nodes) but
  // is not typed as the DOM's Document.
  const node = Plot.plot({ ...spec, className: 'lk-plot', document: document as unknown as Document });
  // Plot's default text is 10 px, too small to read in print or on a laptop: every chart's text
  // is at least CHART_FONT_PX (marks that set their own size set it at least that large).
  node.setAttribute('font-size', String(CHART_FONT_PX));
  tidySvg(node, idPrefix);
  return node.outerHTML;
}

const GEOMETRY_ATTRIBUTES = ['cx', 'cy', 'x', 'y', 'x1', 'x2', 'y1', 'y2', 'd', 'transform', 'points'];

/**
 * Rounds coordinates to 0.01 px (Plot writes 16 significant digits, which doubles the size of a
 * 20k-dot plot for no visible gain) and renames Plot's marker ids, which come from a counter
 * global to the process, to `<idPrefix>-marker-<n>`: the SVG is then the same in every process,
 * and two plots on one page cannot collide.
 */
function tidySvg(root: Element, idPrefix: string): void {
  const ids = new Map<string, string>();
  for (const marker of root.querySelectorAll('marker')) {
    const fresh = `${idPrefix}-marker-${ids.size + 1}`;
    ids.set(marker.getAttribute('id') ?? '', fresh);
    marker.setAttribute('id', fresh);
  }
  for (const el of root.querySelectorAll('*')) {
    for (const name of GEOMETRY_ATTRIBUTES) {
      const v = el.getAttribute(name);
      if (v !== null && /\.\d{3}/.test(v))
        el.setAttribute(name, v.replace(/-?\d+\.\d+(?:e-?\d+)?/g, roundPx));
    }
    for (const name of ['marker-start', 'marker-mid', 'marker-end']) {
      const v = el.getAttribute(name);
      const m = v ? /^url\(#(.+)\)$/.exec(v) : null;
      const fresh = m ? ids.get(m[1] as string) : undefined;
      if (fresh) el.setAttribute(name, `url(#${fresh})`);
    }
  }
}

function roundPx(s: string): string {
  const r = Math.round(Number(s) * 100) / 100;
  return String(Object.is(r, -0) ? 0 : r);
}

/** Groups solutions at the same point of utility space (to 1e-9), keeping their order. */
function groupSolutions(solutions: readonly SolutionMarker[]): SolutionMarker[][] {
  const groups: SolutionMarker[][] = [];
  for (const s of solutions) {
    const g = groups.find(([f]) => {
      if (!f) return false;
      return f.utilities.every((u, i) => Math.abs(u - (s.utilities[i] ?? Number.NaN)) < 1e-9);
    });
    if (g) g.push(s);
    else groups.push([s]);
  }
  return groups;
}

interface LegendItem {
  /** Inner SVG markup of a 24×14 swatch (trusted: built here from constants). */
  readonly glyph: string;
  /** Plain text; escaped when rendered. */
  readonly label: string;
}

function legendHtml(items: readonly LegendItem[]): string {
  const li = items.map(
    (it) =>
      `<li><svg width="24" height="14" viewBox="0 0 24 14" aria-hidden="true">${it.glyph}</svg><span>${escapeHtml(it.label)}</span></li>`,
  );
  return `<ul class="legend">${li.join('')}</ul>`;
}

function dotGlyph(color: string, r: number): string {
  return `<circle cx="12" cy="7" r="${r}" fill="${color}"/>`;
}

function lineGlyph(color: string, dash: string, dots: boolean): string {
  const d = dash ? ` stroke-dasharray="${dash}"` : '';
  const ends = dots
    ? `<circle cx="4" cy="7" r="2.2" fill="${color}"/><circle cx="20" cy="7" r="2.2" fill="${color}"/>`
    : '';
  return `<line x1="1" y1="7" x2="23" y2="7" stroke="${color}" stroke-width="1.6"${d}/>${ends}`;
}

function stepGlyph(color: string): string {
  return `<path d="M1,4H9V8H17V11H23" fill="none" stroke="${color}" stroke-width="1.6"/><circle cx="9" cy="8" r="2" fill="${color}"/><circle cx="17" cy="11" r="2" fill="${color}"/>`;
}

function arrowGlyph(color: string): string {
  return `<circle cx="4" cy="7" r="2.8" fill="${color}"/><line x1="4" y1="7" x2="21" y2="7" stroke="${color}" stroke-width="1.6"/><path d="M16,3.5L21,7L16,10.5" fill="none" stroke="${color}" stroke-width="1.6"/>`;
}

/** Legend glyphs of the solution symbols, drawn to match Plot's symbols closely enough to read. */
function symbolGlyph(symbol: Plot.SymbolName | 'star'): string {
  const stroke = `stroke="${COLORS.solution}" stroke-width="1.3"`;
  switch (symbol) {
    case 'star':
      return `<path d="M12,1L13.8,5.2L18.5,5.5L14.9,8.5L16,13L12,10.6L8,13L9.1,8.5L5.5,5.5L10.2,5.2Z" fill="${COLORS.agreement}" ${stroke}/>`;
    case 'triangle':
      return `<path d="M12,1.5L17.5,12L6.5,12Z" fill="white" ${stroke}/>`;
    case 'square':
      return `<rect x="7" y="2" width="10" height="10" fill="white" ${stroke}/>`;
    case 'cross':
      return `<path d="M10,2H14V5H17V9H14V12H10V9H7V5H10Z" fill="white" ${stroke}/>`;
    default:
      return `<path d="M12,1L18,7L12,13L6,7Z" fill="white" ${stroke}/>`;
  }
}

/**
 * Escapes text and turns its http(s) addresses into links. Nothing else becomes a link, so a
 * `javascript:` address in a scenario stays inert text.
 *
 * @example
 * linkify('See https://example.org.'); // 'See <a href="https://example.org" …>https://example.org</a>.'
 */
export function linkify(text: string): string {
  const out: string[] = [];
  let at = 0;
  for (const m of text.matchAll(/https?:\/\/[^\s<>"']+/gi)) {
    // Trailing punctuation usually ends the sentence rather than the address.
    const url = m[0].replace(/[.,;:!?)\]]+$/, '');
    const start = m.index;
    out.push(escapeHtml(text.slice(at, start)));
    out.push(`<a href="${escapeHtml(url)}" rel="noopener noreferrer">${escapeHtml(url)}</a>`);
    at = start + url.length;
  }
  out.push(escapeHtml(text.slice(at)));
  return out.join('');
}

/**
 * `[n]` pointing into the report's sources list (`#src-n`, the position in `sources`), or the
 * source itself, linkified, when the list does not hold it.
 */
export function sourceRef(sources: readonly string[], s: string): string {
  const i = sources.indexOf(s);
  return i >= 0 ? `<a class="ref" href="#src-${i + 1}">[${i + 1}]</a>` : linkify(s);
}

/** HTML-escapes text for element content and double- or single-quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] as string);
}

const HTML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function slug(s: string): string {
  return s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
