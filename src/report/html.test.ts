/**
 * Tests of the HTML report on a hand-built two-issue-plus-chips scenario (24 outcomes, a red line
 * on each side, a principal), with a domain analysis computed here by brute force and a session
 * written event by event, so the report is checked against numbers known independently of the
 * analysis and the runner. Documents are parsed back with linkedom to count elements exactly.
 */
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import type { DomainAnalysis, NegotiationMetrics, UtilityPoint } from '../analysis/types.ts';
import { type DiscreteIssue, discreteIssue, valueLabel } from '../model/issues.ts';
import { OutcomeSpace } from '../model/outcome-space.ts';
import type { Party } from '../model/party.ts';
import type { Scenario } from '../model/scenario.ts';
import { table, UtilityFunction } from '../model/utility.ts';
import type { SessionEvent, SessionResult } from '../protocols/types.ts';
import { buildPlotData, REPORT_CSS, type ReportInput, renderReport } from './html.ts';
import { linkify } from './plot.ts';

const EVIL = '<script>alert(1)</script>';

interface FixtureOptions {
  /** Replaces every human label (title, parties, issues, values, people) with `label(original)`. */
  readonly label?: (s: string) => string;
  readonly parties?: 2 | 3;
  readonly status?: SessionResult['status'];
  readonly extraSource?: string;
}

/** Builds the scenario, a brute-force analysis, a scripted session and its metrics. */
function fixture(opts: FixtureOptions = {}): ReportInput & { offers: SessionEvent[] } {
  const L = opts.label ?? ((s: string) => s);
  const relabel = (issue: DiscreteIssue): DiscreteIssue => ({
    ...issue,
    label: L(issue.label),
    values: issue.values.map((v) => ({ ...v, label: L(v.label) })),
  });
  const space = new OutcomeSpace([
    relabel(discreteIssue('eda', ['restricted', 'eased', 'lifted'], 'EDA software')),
    relabel(discreteIssue('rare', ['frozen', 'slow', 'fast', 'general'], 'Rare-earth licences')),
    relabel(discreteIssue('chips', ['restricted', 'eased'], 'Advanced AI chips')),
  ]);
  const us: Party = {
    id: 'us',
    label: L('United States'),
    reservationValue: 0.3,
    discountFactor: 1,
    delegation: [{ name: L('Scott Bessent'), role: 'Treasury Secretary', lead: true }],
    principal: { name: L('Donald Trump'), title: 'President', ratificationThreshold: 0.35 },
    utility: new UtilityFunction(space, {
      weights: [0.3, 0.5, 0.2],
      evaluators: [table([1, 0.5, 0]), table([0, 0.4, 0.8, 1]), table([1, 0])],
      redLines: [
        {
          id: 'chips',
          label: L('Advanced AI chips stay restricted'),
          kind: 'forbid',
          conditions: [{ issue: 2, values: [1] }],
        },
      ],
    }),
  };
  const china: Party = {
    id: 'china',
    label: L('China'),
    reservationValue: 0.25,
    discountFactor: 1,
    delegation: [{ name: L('He Lifeng'), role: 'Vice Premier', lead: true }],
    utility: new UtilityFunction(space, {
      weights: [0.4, 0.3, 0.3],
      evaluators: [table([0, 0.6, 1]), table([1, 0.7, 0.3, 0]), table([0, 1])],
      redLines: [
        { id: 'eda', label: L('EDA must ease'), kind: 'require', conditions: [{ issue: 0, values: [1, 2] }] },
      ],
    }),
  };
  const eu: Party = {
    id: 'eu',
    label: L('European Union'),
    reservationValue: 0.2,
    discountFactor: 1,
    delegation: [],
    utility: new UtilityFunction(space, {
      weights: [0.2, 0.6, 0.2],
      evaluators: [table([0.5, 1, 0]), table([0, 0.5, 1, 1]), table([1, 0.5])],
    }),
  };
  const parties = opts.parties === 3 ? [us, china, eu] : [us, china];
  const sources = [
    'https://example.org/lancaster-house',
    'Reuters, 10 June 2025, https://example.org/reuters.',
    ...(opts.extraSource ? [opts.extraSource] : []),
  ];
  const scenario: Scenario = {
    id: 'test-talks',
    title: L('Test talks'),
    description: L('Two sides, three issues.'),
    space,
    parties,
    protocol: {
      kind: 'saop',
      order: parties.map((p) => p.id).reverse(), // turn order differs from scenario order on purpose
      rounds: 6,
      schedule: [
        { label: L('Day 1'), rounds: 3 },
        { label: L('Day 2'), rounds: 3 },
      ],
      onVeto: 'end',
      actionBudgetMs: 1000,
    },
    parameters: [
      {
        path: 'parties.us.reservationValue',
        value: 0.3,
        range: [0.2, 0.4],
        sources: [sources[0] as string],
        judgement: L('guess'),
      },
      { path: 'parties.china.reservationValue', value: 0.25, sources: [opts.extraSource ?? 'unlisted note'] },
    ],
    sources,
  };
  const order = scenario.protocol.order;

  // Brute-force analysis, independent of src/analysis.
  const n = space.size;
  const utils = parties.map((p) => p.utility.utilities());
  const feasible = new Uint8Array(n);
  for (let k = 0; k < n; k++)
    feasible[k] = parties.every((p) => p.utility.acceptable(space.outcomeAt(k))) ? 1 : 0;
  const u = (k: number) => utils.map((a) => a[k] as number);
  const point = (k: number): UtilityPoint => ({ index: k, outcome: space.outcomeAt(k), utilities: u(k) });
  const rv = parties.map((p) => p.reservationValue);
  const ks = [...Array(n).keys()];
  const feas = ks.filter((k) => feasible[k] === 1);
  const ir = feas.filter((k) => u(k).every((x, i) => x >= (rv[i] as number)));
  const dominates = (a: number, b: number) =>
    u(a).every((x, i) => x >= (u(b)[i] as number)) && u(a).some((x, i) => x > (u(b)[i] as number));
  const frontier = feas
    .filter((k) => !feas.some((q) => dominates(q, k)))
    .sort((a, b) => (u(b)[0] as number) - (u(a)[0] as number));
  const argmax = (f: (k: number) => number) =>
    ir.reduce((best, k) => (f(k) > f(best) ? k : best), ir[0] as number);
  const nash = argmax((k) => u(k).reduce((p, x, i) => p * (x - (rv[i] as number)), 1));
  const utilitarian = argmax((k) => u(k).reduce((s, x) => s + x, 0));
  const egalitarian = argmax((k) => Math.min(...u(k).map((x, i) => x - (rv[i] as number))));
  const analysis: DomainAnalysis = {
    partyIds: parties.map((p) => p.id),
    reservationValues: rv,
    outcomes: n,
    kalaiRule: 'relative-gains',
    feasible: feas.length,
    individuallyRational: ir.length,
    frontier: frontier.map(point),
    nash: point(nash),
    kalai: point(egalitarian),
    utilitarian: point(utilitarian),
    egalitarian: point(egalitarian),
    opposition: 0.21,
    approximate: false,
  };

  // The session: first mover opens high, the other repeats itself once, then the Nash package is accepted.
  const np = order.length;
  const at = (step: number) => ({ step, round: Math.floor(step / np), t: step / (6 * np) });
  const pick = (id: string) => {
    const i = parties.findIndex((p) => p.id === id);
    return feas.reduce(
      (best, k) => ((u(k)[i] as number) > (u(best)[i] as number) ? k : best),
      feas[0] as number,
    );
  };
  const best = order.map((id) => space.outcomeAt(pick(id)));
  const events: SessionEvent[] = [];
  let step = 0;
  for (let r = 0; r < 2; r++)
    for (let p = 0; p < np; p++)
      events.push({ type: 'offer', ...at(step++), party: p, outcome: best[p] as number[] });
  events.push({ type: 'break', ...at(step), after: L('Day 1'), next: L('Day 2') });
  events.push({ type: 'offer', ...at(step++), party: 0, outcome: space.outcomeAt(nash) });
  const offers = events.filter((e) => e.type === 'offer');
  const status = opts.status ?? 'agreement';
  const agreed = status === 'agreement' || status === 'vetoed';
  if (status === 'walked-away') events.push({ type: 'end', ...at(step++), party: 1 });
  if (status === 'deadline') events.push({ type: 'deadline', ...at(step) });
  if (status === 'error')
    events.push({ type: 'error', ...at(step), party: 1, code: 'ACTION_TIMEOUT', message: L('took 1200 ms') });
  if (agreed) {
    for (let p = 1; p < np; p++)
      events.push({ type: 'accept', ...at(step++), party: p, outcome: space.outcomeAt(nash) });
    events.push({ type: 'delegations-agree', ...at(step - 1), outcome: space.outcomeAt(nash) });
    events.push({
      type: 'ratify',
      ...at(step - 1),
      party: order.indexOf('us'),
      approve: status === 'agreement',
    });
  }
  const deal = status === 'agreement' ? space.outcomeAt(nash) : null;
  const final = deal ? u(nash) : rv;
  const result: SessionResult = {
    scenarioId: scenario.id,
    seed: 7,
    negotiators: Object.fromEntries(parties.map((p) => [p.id, 'boulware:e=0.2'])),
    status,
    agreement: deal,
    utilities: Object.fromEntries(parties.map((p, i) => [p.id, final[i] as number])),
    discountedUtilities: Object.fromEntries(parties.map((p, i) => [p.id, final[i] as number])),
    rounds: Math.floor(step / np) + 1,
    steps: step,
    t: step / (6 * np),
    vetoes: status === 'vetoed' ? 1 : 0,
    events,
    error: status === 'error' ? { party: 1, code: 'ACTION_TIMEOUT', message: L('took 1200 ms') } : null,
  };
  const metrics: NegotiationMetrics = {
    agreement: deal !== null,
    utilities: final,
    distanceToFrontier: deal ? 0 : 0.4,
    distanceToNash: deal ? 0 : 0.5,
    paretoOptimal: deal !== null,
    rounds: result.rounds,
    concession: parties.map(() => ({ first: 0.9, last: 0.6, drop: 0.3 })),
  };
  return { scenario, analysis, result, metrics, order, points: { utils, feasible }, offers };
}

function parse(html: string): Document {
  return parseHTML(html).document as unknown as Document;
}

const cellTexts = (row: Element) =>
  [...row.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim());

describe('renderReport', () => {
  it('is a complete HTML document that loads nothing from outside', () => {
    const html = renderReport(fixture());
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    for (const tag of ['<head>', '</head>', '<body>', '</body>', '<meta charset="utf-8">', '<style>'])
      expect(html).toContain(tag);
    expect(parse(html).title).toBe('Test talks: negotiation report');
    // No script, no stylesheet link, no embedded frame or image fetched from anywhere.
    expect(html).not.toMatch(/<script|<link|<iframe|<img|<object|<embed|@import|\ssrc=/i);
    expect(html.match(/url\(([^)]*)\)/g)?.every((u) => u.startsWith('url(#')) ?? true).toBe(true);
    // Every http(s) address sits in the href (and text) of a link; nothing else names a host.
    const links = [...parse(html).querySelectorAll('a[href^="http"]')].map((a) => a.getAttribute('href'));
    expect(links).toEqual(['https://example.org/lancaster-house', 'https://example.org/reuters']);
    const withoutLinks = html.replace(/<a href="https?:[^"]*"[^>]*>[^<]*<\/a>/g, '');
    expect(withoutLinks).not.toMatch(/https?:|\/\/[a-z]/i);
    expect(html).toContain('<meta http-equiv="Content-Security-Policy" content="default-src \'none\';');
  });

  it('draws one dot per outcome, feasible ones apart, with the frontier, the Nash point and the agreement', () => {
    const input = fixture();
    const doc = parse(renderReport(input));
    const space = doc.querySelector('#figure-space .plot > svg');
    expect(space).not.toBeNull();
    const feasibleDots = space?.querySelectorAll('g.lk-outcomes-feasible circle') ?? [];
    const crossingDots = space?.querySelectorAll('g.lk-outcomes-red-line circle') ?? [];
    expect(feasibleDots.length).toBe(input.analysis.feasible);
    expect(feasibleDots.length + crossingDots.length).toBe(24);
    expect(crossingDots.length).toBeGreaterThan(0);
    expect(space?.querySelectorAll('g.lk-frontier circle').length).toBe(input.analysis.frontier.length);
    expect(space?.querySelectorAll('g.lk-frontier-line path').length).toBe(1);
    expect(space?.querySelectorAll('g.lk-solution-nash path').length).toBe(1);
    expect(space?.querySelectorAll('g.lk-agreement path').length).toBe(1);
    expect(space?.querySelectorAll('g.lk-reservation-x line, g.lk-reservation-y line').length).toBe(2);
    // Both sides made offers, so both trajectories are drawn, with arrow markers defined in the SVG.
    expect(space?.querySelectorAll('g.lk-offers').length).toBe(2);
    expect(space?.querySelector('marker#lk-space-marker-1')).not.toBeNull();
    // Axis labels name the parties.
    expect(space?.textContent).toContain('Utility to United States');
    expect(space?.textContent).toContain('Utility to China');
  });

  it('places the feasible dots in the order of the utilities they stand for', () => {
    const input = fixture();
    const doc = parse(renderReport(input));
    const dots = [...doc.querySelectorAll('#figure-space g.lk-outcomes-feasible circle')];
    const feasible = [...Array(24).keys()].filter((k) => input.points?.feasible[k] === 1);
    const us = input.points?.utils[0] as Float64Array;
    const china = input.points?.utils[1] as Float64Array;
    for (let a = 0; a < dots.length; a++) {
      for (let b = 0; b < dots.length; b++) {
        const dx = Number(dots[a]?.getAttribute('cx')) - Number(dots[b]?.getAttribute('cx'));
        const du = (us[feasible[a] as number] as number) - (us[feasible[b] as number] as number);
        if (Math.abs(du) > 1e-6) expect(Math.sign(dx)).toBe(Math.sign(du));
        const dy = Number(dots[a]?.getAttribute('cy')) - Number(dots[b]?.getAttribute('cy'));
        const dv = (china[feasible[a] as number] as number) - (china[feasible[b] as number] as number);
        if (Math.abs(dv) > 1e-6) expect(Math.sign(dy)).toBe(-Math.sign(dv)); // SVG y grows downwards
      }
    }
  });

  it('lists every offer in the transcript with who made it, both utilities and the package in words, repeats folded', () => {
    const input = fixture();
    const doc = parse(renderReport(input));
    const rows = [...doc.querySelectorAll('#transcript tr[data-event="offer"]')];
    const { scenario } = input;
    const all = input.offers.map((e) => {
      if (e.type !== 'offer') throw new Error('fixture offers must be offers');
      return e;
    });
    // Round 2 repeats both sides' round-1 offers: one folded line, as `lancaster simulate` prints it.
    const offers = all.filter((e) => e.round !== 1);
    expect(rows.length).toBe(offers.length);
    const folded = [...doc.querySelectorAll('#transcript tr[data-event="repeats"]')];
    expect(folded.length).toBe(1);
    expect(folded[0]?.getAttribute('data-count')).toBe('2');
    expect(folded[0]?.textContent).toBe(
      '… 2 repeated offers (round 2, moves 3–4): China and United States each repeated their previous offer',
    );
    rows.forEach((row, k) => {
      const e = offers[k] as (typeof offers)[number];
      const cells = cellTexts(row);
      expect(cells.slice(0, 4)).toEqual([
        String(e.step + 1),
        String(e.round + 1),
        scenario.parties.find((p) => p.id === input.order[e.party])?.label,
        'offers',
      ]);
      scenario.parties.forEach((p, i) => {
        expect(cells[4 + i]?.startsWith(p.utility.evaluate(e.outcome).toFixed(3))).toBe(true);
      });
    });
    const pkg = (k: number) => cellTexts(rows[k] as Element)[4 + scenario.parties.length];
    // A side's first offer is spelled out in full...
    const first = scenario.space.describe((offers[0] as { outcome: number[] }).outcome);
    expect(pkg(0)).toBe(scenario.space.issues.map((issue) => `${issue.label}: ${first[issue.id]}`).join(''));
    // ...and a changed later one lists only what changed.
    const before = (offers[0] as { outcome: number[] }).outcome;
    const after = (offers[2] as { outcome: number[] }).outcome;
    const changed = scenario.space.issues
      .map((issue, i) => ({ issue, i }))
      .filter(({ i }) => before[i] !== after[i])
      .map(
        ({ issue, i }) =>
          `${issue.label}: ${valueLabel(issue, before[i] as number)} → ${valueLabel(issue, after[i] as number)}`,
      );
    expect(changed.length).toBeGreaterThan(0);
    const rest = changed.length < scenario.space.issues.length ? 'other issues as before' : '';
    expect(pkg(2)).toBe(changed.join('') + rest);
    expect(doc.querySelectorAll('#transcript tr[data-event="break"]').length).toBe(1);
    expect(doc.querySelectorAll('#transcript tr[data-event="accept"]').length).toBe(1);
    const ratify = doc.querySelector('#transcript tr[data-event="ratify"]');
    expect(ratify?.textContent).toContain('Donald Trump (United States)');
    expect(ratify?.textContent).toContain(
      `utility to the principal ${(input.result.utilities.us as number).toFixed(3)}, threshold 0.350`,
    );
  });

  it('tells the result in words, with the agreement, utilities against reservation values and the frontier', () => {
    const input = fixture();
    const doc = parse(renderReport(input));
    const result = doc.querySelector('#result');
    expect(result?.querySelector('.status')?.textContent).toBe(
      'Agreement in round 3, ratified by every principal.',
    );
    const pkg = [...(result?.querySelectorAll('table.package tbody tr') ?? [])].map((tr) => tr.textContent);
    const words = input.scenario.space.describe(input.result.agreement as number[]);
    expect(pkg).toEqual([
      `EDA software${words.eda}`,
      `Rare-earth licences${words.rare}`,
      `Advanced AI chips${words.chips}`,
    ]);
    expect(result?.textContent).toContain('Pareto-optimalyes');
    const usRow = [...(result?.querySelectorAll('tbody tr') ?? [])].find((tr) =>
      tr.textContent?.startsWith('United States'),
    );
    const uUs = input.result.utilities.us as number;
    expect(cellTexts(usRow as Element).slice(2)).toEqual([
      uUs.toFixed(3),
      '0.300',
      `${uUs >= 0.3 ? '+' : '−'}${Math.abs(uUs - 0.3).toFixed(3)}`,
    ]);
    // The analysis section names the Nash package and the zone of possible agreement.
    expect(doc.querySelector('#analysis')?.textContent).toContain(
      `Zone of possible agreement${input.analysis.individuallyRational}`,
    );
    // Red lines in words.
    expect(doc.querySelector('#parties')?.textContent).toContain(
      'Advanced AI chips stay restricted: unacceptable when Advanced AI chips is “eased”.',
    );
    expect(doc.querySelector('#parties')?.textContent).toContain(
      'EDA must ease: acceptable only when EDA software is “eased” or “lifted”.',
    );
  });

  it.each([
    ['deadline', 'No deal at the deadline: 6 rounds passed without agreement.'],
    ['walked-away', 'No deal: walked away. United States left the table in round 3.'],
    [
      'vetoed',
      'No deal: vetoed. The delegations agreed, but Donald Trump, President (United States) refused to ratify in round 3.',
    ],
    [
      'error',
      'Error: the negotiator of United States ran out of time for a move (ACTION_TIMEOUT): took 1200 ms',
    ],
  ] as const)('says %s in words', (status, sentence) => {
    const input = fixture({ status });
    const doc = parse(renderReport(input));
    expect(doc.querySelector('#result .status')?.textContent).toBe(sentence);
    expect(doc.querySelector('#figure-space g.lk-agreement')).toBeNull();
    expect(doc.querySelector('#result table.package')).toBeNull();
  });

  it('escapes every scenario string, in the page and in the SVG', () => {
    const input = fixture({ label: (s) => `${s} ${EVIL}"'`, extraSource: 'javascript:alert(1)' });
    const html = renderReport(input);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const doc = parse(html);
    // Nothing became an element or an event handler, and the javascript: source is not a link.
    expect(doc.querySelectorAll('script').length).toBe(0);
    const handlers = [...doc.querySelectorAll('*')].flatMap((el) =>
      [...el.attributes].filter((a) => a.name.startsWith('on')),
    );
    expect(handlers).toEqual([]);
    expect(
      [...doc.querySelectorAll('a')].every((a) => /^(#|https?:)/.test(a.getAttribute('href') ?? '')),
    ).toBe(true);
    // The labels come back intact as text: in the title, the party cards and the plot's axis label.
    expect(doc.title).toBe(`Test talks ${EVIL}"': negotiation report`);
    expect(doc.querySelector('#parties h3')?.textContent).toBe(`United States ${EVIL}"'`);
    expect(doc.querySelector('#figure-space .plot > svg')?.textContent).toContain(
      `Utility to United States ${EVIL}"'`,
    );
  });

  it('renders three parties: a concession panel per party and a pairwise plot of the first two', () => {
    const input = fixture({ parties: 3 });
    const doc = parse(renderReport(input));
    const timeline = doc.querySelector('#figure-timeline .plot > svg');
    expect(timeline).not.toBeNull();
    // One panel per party; in each, one step line per offering side and one dot per offer.
    const panels = [...(timeline?.querySelectorAll('g.lk-timeline') ?? [])];
    expect(panels.length).toBe(3);
    for (const panel of panels) expect(panel.querySelectorAll('path').length).toBe(3);
    const dots = [...(timeline?.querySelectorAll('g.lk-timeline-offers') ?? [])];
    expect(input.offers.length).toBe(7);
    expect(dots.map((g) => g.querySelectorAll('circle').length)).toEqual([7, 7, 7]);
    const titles = [...(timeline?.querySelectorAll('g.lk-panel-title text') ?? [])].map((t) => t.textContent);
    expect(titles).toEqual(['Utility to United States', 'Utility to China', 'Utility to European Union']);
    const space = doc.querySelector('#figure-space');
    expect(space?.querySelector('figcaption')?.textContent).toContain(
      'first two parties, United States and China',
    );
    expect(
      space?.querySelectorAll('g.lk-outcomes-feasible circle, g.lk-outcomes-red-line circle').length,
    ).toBe(24);
    // A projected frontier is drawn as points only.
    expect(space?.querySelector('g.lk-frontier-line')).toBeNull();
    expect(space?.querySelectorAll('g.lk-frontier circle').length).toBe(input.analysis.frontier.length);
    expect(space?.textContent).toContain('projected onto these two parties');
    expect(doc.querySelectorAll('#transcript thead tr:last-child th').length).toBe(3);
    expect(doc.querySelectorAll('#analysis table.compare tfoot tr').length).toBe(3);
  });

  it('gives the same file for the same input, and shows generatedAt only when asked', () => {
    const a = renderReport(fixture());
    const b = renderReport(fixture());
    expect(a).toBe(b);
    expect(renderReport({ ...fixture(), generatedAt: '2025-06-10T20:00Z' })).toContain(
      'Generated 2025-06-10T20:00Z by Lancaster.',
    );
  });

  it('names each parameter in words, its path beneath, in a table laid out to fit its column', () => {
    const doc = parse(renderReport(fixture()));
    const row = doc.querySelector('#parameters tr[data-parameter="parties.us.reservationValue"]') as Element;
    const cell = row.querySelector('td') as Element;
    expect(cell.textContent).toBe('United States: reservation valueparties.us.reservationValue');
    expect(cell.querySelector('code.path')?.textContent).toBe('parties.us.reservationValue');
    // A fixed layout shares the column's width out instead of growing past it (a browser test measures it).
    expect(REPORT_CSS).toMatch(/table\.params\{table-layout:fixed/);
  });

  it('writes every chart’s text at 12 px or more', () => {
    const doc = parse(renderReport(fixture()));
    const svgs = [...doc.querySelectorAll('svg.lk-plot')];
    expect(svgs.length).toBe(2);
    const sizes = [...doc.querySelectorAll('svg.lk-plot, svg.lk-plot [font-size]')].map((e) =>
      Number(e.getAttribute('font-size')),
    );
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(12);
  });

  it('renders without enumerable points', () => {
    const { points: _, ...input } = fixture();
    const doc = parse(renderReport(input));
    expect(doc.querySelectorAll('#figure-space g.lk-outcomes-feasible').length).toBe(0);
    expect(doc.querySelector('#figure-space')?.textContent).toContain('not enumerable');
    expect(doc.querySelectorAll('#figure-space g.lk-frontier circle').length).toBe(
      input.analysis.frontier.length,
    );
  });
});

describe('buildPlotData', () => {
  it('maps turn order to scenario order and places offers in rounds elapsed', () => {
    const input = fixture();
    const data = buildPlotData(input);
    // order is [china, us]: the first offer is China's, party 1 in scenario order.
    expect(data.offers.map((o) => o.by)).toEqual([1, 0, 1, 0, 1]);
    expect(data.offers.map((o) => o.time)).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(data.breaks).toEqual([{ time: 2, label: 'Day 2' }]);
    expect(data.agreement?.time).toBe(2.5);
    expect(data.solutions.map((s) => s.name)).toEqual([
      'Nash',
      'Kalai–Smorodinsky',
      'Utilitarian',
      'Egalitarian',
    ]);
  });
});

describe('linkify', () => {
  it('links http(s) addresses only, without trailing punctuation, and escapes the rest', () => {
    expect(linkify('see https://a.example/x?y=1&z=2. & <b>')).toBe(
      'see <a href="https://a.example/x?y=1&amp;z=2" rel="noopener noreferrer">https://a.example/x?y=1&amp;z=2</a>. &amp; &lt;b&gt;',
    );
    expect(linkify('javascript:alert(1)')).toBe('javascript:alert(1)');
  });
});
