/**
 * Tests of the forecast section and the forecast report on a hand-built two-issue scenario and a
 * forecast written number by number (so the expectations do not depend on the forecast engine),
 * then on a real forecast of the same scenario. Documents are parsed back with linkedom to count
 * bars and read rows in order; every human label can be swapped for one carrying `<script>` to
 * check that the page escapes it.
 */
import { fileURLToPath } from 'node:url';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { type Distribution1D, wilson } from '../analysis/forecast.ts';
import type { SwingRow } from '../analysis/sensitivity.ts';
import { loadScenarioTemplate } from '../formats/scenario-template.ts';
import { type DiscreteIssue, discreteIssue } from '../model/issues.ts';
import { OutcomeSpace } from '../model/outcome-space.ts';
import type { Party } from '../model/party.ts';
import type { Scenario } from '../model/scenario.ts';
import { table, UtilityFunction } from '../model/utility.ts';
import { type ForecastResult, runForecast } from '../run/forecast.ts';
import { simulate } from '../run/simulate.ts';
import { distributionWords, forecastSection, packageWords, TOP_SENSITIVITY_ROWS } from './forecast.ts';
import { renderForecastReport, renderReport } from './html.ts';

const EVIL = '<script>alert(1)</script>';
/** A relabelling that puts a script tag into every human label. */
const withEvil = (s: string) => `${s} ${EVIL}`;
const SOURCES = ['https://example.org/talks', 'Ministry note, https://example.org/note.'];

/** A two-issue scenario; `L` relabels every human label (title, parties, issues, values, people). */
function scenarioOf(L: (s: string) => string = (s) => s): Scenario {
  const relabel = (issue: DiscreteIssue): DiscreteIssue => ({
    ...issue,
    label: L(issue.label),
    values: issue.values.map((v) => ({ ...v, label: L(v.label) })),
  });
  const space = new OutcomeSpace([
    relabel(discreteIssue('eda', ['restricted', 'eased', 'lifted'], 'EDA software')),
    relabel(discreteIssue('rare', ['frozen', 'slow', 'fast'], 'Rare-earth licences')),
  ]);
  const us: Party = {
    id: 'us',
    label: L('United States'),
    reservationValue: 0.3,
    discountFactor: 1,
    delegation: [],
    principal: { name: L('The President'), ratificationThreshold: 0.35 },
    utility: new UtilityFunction(space, {
      weights: [0.4, 0.6],
      evaluators: [table([1, 0.5, 0]), table([0, 0.5, 1])],
    }),
  };
  const china: Party = {
    id: 'china',
    label: L('China'),
    reservationValue: 0.25,
    discountFactor: 1,
    delegation: [],
    utility: new UtilityFunction(space, {
      weights: [0.6, 0.4],
      evaluators: [table([0, 0.6, 1]), table([1, 0.6, 0])],
    }),
  };
  return {
    id: 'fc-talks',
    title: L('Forecast talks'),
    space,
    parties: [us, china],
    protocol: {
      kind: 'saop',
      order: ['us', 'china'],
      rounds: 20,
      schedule: [{ label: 'Day 1', rounds: 20 }],
      onVeto: 'end',
      actionBudgetMs: 1000,
    },
    parameters: [
      { path: 'parties.us.reservationValue', value: 0.3, range: [0.2, 0.4], sources: [SOURCES[0] as string] },
    ],
    sources: SOURCES,
    impacts: [
      {
        id: 'magnets',
        label: L('Magnet imports'),
        unit: '% of 2024',
        sources: [SOURCES[1] as string],
        noDeal: 40,
        base: 50,
        terms: [null, { kind: 'table', values: [0, 20, 45] }],
      },
    ],
    forecast: {
      negotiators: {
        china: [
          {
            negotiator: 'boulware',
            params: [],
            probability: 0.7,
            judgement: L('usual stance'),
            sources: [SOURCES[0] as string],
          },
          { negotiator: 'conceder', params: [], probability: 0.3, sources: [] },
        ],
      },
    },
  };
}

function d1(mean: number, p5: number, p95: number): Distribution1D {
  return { mean, ci95: { low: mean - 0.01, high: mean + 0.01 }, p5, p50: mean, p95 };
}

function swing(parameter: string, lo: number, hi: number, atLow: number, atHigh: number): SwingRow {
  return {
    parameter,
    label: parameter,
    low: lo,
    high: hi,
    agreementAtLow: atLow,
    agreementAtHigh: atHigh,
    swing: Math.abs(atHigh - atLow),
    issues: { eda: Math.abs(atHigh - atLow) / 2, rare: 0.05 },
  };
}

const TORNADO = [
  swing('parties.us.reservationValue', 0.2, 0.4, 0.8, 0.35),
  swing('parties.china.weights.eda', 0.5, 0.7, 0.5, 0.7),
  swing('protocol.rounds', 10, 30, 0.55, 0.62),
];

/** 200 runs: 120 agreements over three packages; all numbers consistent with each other. */
function forecastOf(L: (s: string) => string = (s) => s): ForecastResult {
  const n = 200;
  const pkg = (eda: string, rare: string, runs: number) => ({
    outcome: { eda, rare },
    runs,
    probability: runs / n,
    ci95: wilson(runs, n),
  });
  return {
    scenario: { id: 'fc-talks', title: L('Forecast talks') },
    seed: 1,
    runs: n,
    agreement: { probability: 0.6, runs: 120, ci95: wilson(120, n) },
    endings: { agreement: 120, deadline: 50, vetoed: 20, 'walked-away': 10, error: 0 },
    packages: [pkg('eased', 'fast', 60), pkg('lifted', 'slow', 40), pkg('restricted', 'fast', 20)],
    distinctPackages: 3,
    approximations: null,
    issues: [
      {
        id: 'eda',
        label: L('EDA software'),
        values: [
          { id: 'restricted', label: L('restricted'), probability: 0.1, givenAgreement: 20 / 120 },
          { id: 'eased', label: L('eased'), probability: 0.3, givenAgreement: 0.5 },
          { id: 'lifted', label: L('lifted'), probability: 0.2, givenAgreement: 40 / 120 },
        ],
        noDeal: 0.4,
      },
      {
        id: 'rare',
        label: L('Rare-earth licences'),
        values: [
          { id: 'frozen', label: L('frozen'), probability: 0, givenAgreement: 0 },
          { id: 'slow', label: L('slow'), probability: 0.2, givenAgreement: 40 / 120 },
          { id: 'fast', label: L('fast'), probability: 0.4, givenAgreement: 80 / 120 },
        ],
        noDeal: 0.4,
      },
    ],
    utilities: [
      { party: 'us', label: L('United States'), expected: d1(0.52, 0.3, 0.8), givenAgreement: 0.66 },
      { party: 'china', label: L('China'), expected: d1(0.44, 0.25, 0.7), givenAgreement: 0.57 },
    ],
    vetoes: [
      { party: 'us', label: L('United States'), runsWithVeto: 20, probability: 0.1, perRun: 0.12 },
      { party: 'china', label: L('China'), runsWithVeto: 0, probability: 0, perRun: 0 },
    ],
    rounds: {
      all: d1(12.5, 4, 20),
      agreement: d1(9.5, 4, 17),
      histogram: [0, 0, 0, 0, 10, 15, 20, 20, 15, 10, 10, 8, 8, 6, 6, 4, 4, 2, 2, 0, 60],
    },
    impacts: [
      {
        id: 'magnets',
        label: L('Magnet imports'),
        unit: '% of 2024',
        noDeal: 40,
        distribution: d1(71.3, 40, 95),
      },
    ],
    parameters: [
      {
        path: 'parties.us.reservationValue',
        distribution: { kind: 'triangular', min: 0.2, mode: 0.3, max: 0.4 },
        point: 0.3,
        low: 0.2,
        high: 0.4,
        judgement: L('a guess from the briefings'),
        sources: [SOURCES[0] as string],
      },
      {
        path: 'protocol.rounds',
        distribution: { kind: 'choice', values: [10, 20, 30], probabilities: [0.25, 0.5, 0.25] },
        point: 20,
        low: 10,
        high: 30,
        sources: [SOURCES[1] as string],
      },
    ],
    strategies: {
      china: [
        { spec: 'boulware', probability: 0.7, judgement: L('usual stance') },
        { spec: 'conceder', probability: 0.3 },
      ],
    },
    sensitivity: {
      firstOrder: [
        {
          factor: 'parties.us.reservationValue',
          label: 'parties.us.reservationValue',
          agreement: 0.41,
          issues: { eda: 0.2, rare: 0.1 },
          groups: 7,
        },
        {
          factor: 'strategy:china',
          label: "china's strategy",
          agreement: 0.12,
          issues: { eda: 0.3, rare: 0 },
          groups: 2,
        },
        {
          factor: 'protocol.rounds',
          label: 'protocol.rounds',
          agreement: 0,
          issues: { eda: 0, rare: 0 },
          groups: 3,
        },
      ],
      tornado: { runsPerEnd: 50, base: 0.6, rows: TORNADO },
    },
  };
}

/** The y-axis tick labels of a chart, a wrapped label's lines joined by spaces. */
function tickLabels(fig: Element): string[] {
  return [...fig.querySelectorAll('[aria-label="y-axis tick label"] text')].map((t) => {
    const lines = [...t.querySelectorAll('tspan')].map((s) => s.textContent);
    return lines.length > 0 ? lines.join(' ') : (t.textContent ?? '');
  });
}

function doc(html: string) {
  return parseHTML(`<!doctype html><html><body>${html}</body></html>`).document;
}

describe('forecastSection', () => {
  it('heads with the probability of agreement, its interval, runs, seed, endings and vetoes', () => {
    const f = forecastOf();
    const html = forecastSection(f, scenarioOf());
    const d = doc(html);
    const head = d.querySelector('.headline');
    expect(head?.getAttribute('data-probability')).toBe('0.6');
    const ci = wilson(120, 200);
    expect(head?.textContent).toContain('60.0%');
    expect(head?.textContent).toContain(`${(ci.low * 100).toFixed(1)}–${(ci.high * 100).toFixed(1)}%`);
    const facts = [...d.querySelectorAll('.facts dd')].map((x) => x.textContent);
    expect(facts.slice(0, 2)).toEqual(['200', '1']);
    const endings = Object.fromEntries(
      [...d.querySelectorAll('table.endings tr[data-ending]')].map((r) => [
        r.getAttribute('data-ending'),
        r.querySelectorAll('td')[1]?.textContent,
      ]),
    );
    expect(endings).toEqual({
      agreement: '120',
      deadline: '50',
      vetoed: '20',
      'walked-away': '10',
      error: '0',
    });
    // Only parties with a principal can veto: one row, the US's.
    const vetoRows = d.querySelectorAll('table.vetoes tbody tr');
    expect(vetoRows.length).toBe(1);
    expect(vetoRows[0]?.textContent).toContain('The President');
    expect(vetoRows[0]?.textContent).toContain('10.0%');
  });

  it('draws one bar per top package, labelled in words with the scenario’s value labels', () => {
    const f = forecastOf();
    const s = scenarioOf();
    const d = doc(forecastSection(f, s));
    const bars = d.querySelectorAll('#figure-packages .lk-package-bar rect');
    expect(bars.length).toBe(f.packages.length);
    const labels = [...d.querySelectorAll('#figure-packages .lk-package-label text')].map(
      (t) => t.textContent,
    );
    expect(labels.length).toBe(3);
    expect(labels[0]).toContain('EDA software: eased');
    expect(labels[0]).toContain('Rare-earth licences: fast');
    // The others say how they differ from the first.
    expect(labels[1]).toBe('2. as #1, but EDA software: lifted · Rare-earth licences: slow');
    expect(labels[2]).toBe('3. as #1, but EDA software: restricted');
    // Bar lengths follow the probabilities: 60 > 40 > 20 runs.
    const widths = [...bars].map((b) => Number(b.getAttribute('width')));
    expect(widths[0]).toBeGreaterThan(widths[1] as number);
    expect(widths[1]).toBeGreaterThan(widths[2] as number);
    expect((widths[0] as number) / (widths[2] as number)).toBeCloseTo(3, 1);
    const rows = [...d.querySelectorAll('table.packages tbody tr')];
    expect(rows.map((r) => r.getAttribute('data-rank'))).toEqual(['1', '2', '3']);
    expect(rows[0]?.textContent).toContain('30.0%');
    expect(packageWords(s, { eda: 'lifted', rare: 'frozen' })).toEqual([
      ['EDA software', 'lifted'],
      ['Rare-earth licences', 'frozen'],
    ]);
  });

  it('draws one chart per issue with a bar per value and one for no deal', () => {
    const d = doc(forecastSection(forecastOf(), scenarioOf()));
    const charts = [...d.querySelectorAll('figure.issue-chart')];
    expect(charts.map((c) => c.getAttribute('data-issue'))).toEqual(['eda', 'rare']);
    for (const c of charts) expect(c.querySelectorAll('.lk-issue-bar rect').length).toBe(4);
    const eda = charts[0] as Element;
    const widths = [...eda.querySelectorAll('.lk-issue-bar rect')].map((b) =>
      Number(b.getAttribute('width')),
    );
    // restricted 1/6, eased 1/2, lifted 1/3 of agreements; no deal 40% of runs.
    expect((widths[1] as number) / (widths[0] as number)).toBeCloseTo(3, 1);
    expect((widths[3] as number) / (widths[1] as number)).toBeCloseTo(0.8, 1);
  });

  it('shows an issue with many values as its likeliest ones plus the rest', () => {
    const f = forecastOf();
    const values = Array.from({ length: 30 }, (_, k) => ({
      id: String(k),
      label: String(k),
      probability: k === 7 ? 0.5 : 0.1 / 29,
      givenAgreement: k === 7 ? 0.5 / 0.6 : 0.1 / 29 / 0.6,
    }));
    const many = { ...f, issues: [{ id: 'eda', label: 'Wide', values, noDeal: 0.4 }] };
    const d = doc(forecastSection(many, scenarioOf()));
    const chart = d.querySelector('figure.issue-chart') as Element;
    expect(chart.querySelectorAll('.lk-issue-bar rect').length).toBe(12 + 1);
    expect(chart.textContent).toContain('19 other values');
  });

  it('lists the tornado rows in the order given, with their ends and the base', () => {
    const d = doc(forecastSection(forecastOf(), scenarioOf()));
    const rows = [...d.querySelectorAll('table.tornado tbody tr')].map((r) =>
      r.getAttribute('data-parameter'),
    );
    expect(rows).toEqual(TORNADO.map((r) => r.parameter));
    const fig = d.querySelector('#figure-tornado') as Element;
    // Labelled in words from the scenario's labels, not with the parameters' paths.
    expect(tickLabels(fig)).toEqual([
      'United States: reservation value',
      'China: weight of EDA software',
      'Deadline (rounds)',
    ]);
    const cells = [...d.querySelectorAll('table.tornado tbody tr td:nth-child(2)')].map((c) => c.textContent);
    expect(cells[0]).toBe('United States: reservation valueparties.us.reservationValue');
    // Two bars per row, one per end; the label names the end's value and the probability there.
    expect(fig.querySelectorAll('.lk-tornado-low rect').length).toBe(3);
    expect(fig.querySelectorAll('.lk-tornado-high rect').length).toBe(3);
    const labels = [...fig.querySelectorAll('.lk-tornado-label text')].map((t) => t.textContent);
    expect(labels).toContain('0.2: 80.0%');
    expect(labels).toContain('0.4: 35.0%');
    expect(fig.textContent).toContain('base 60.0%');
    // The low end of the first row lies right of the base (80% > 60%), its high end left of it.
    const low = fig.querySelector('.lk-tornado-low rect') as Element;
    const high = fig.querySelector('.lk-tornado-high rect') as Element;
    expect(Number(low.getAttribute('x'))).toBeGreaterThanOrEqual(
      Number(high.getAttribute('x')) + Number(high.getAttribute('width')) - 0.01,
    );
  });

  it('says beside the tornado why its base differs from the headline probability', () => {
    const f = forecastOf();
    const d = doc(forecastSection(f, scenarioOf()));
    const note = d.querySelector('[data-testid="tornado-base-note"]') as Element;
    // Right after the chart, before its table: on the same screen as the bars and the base.
    expect(note.previousElementSibling?.id).toBe('figure-tornado');
    const text = note.textContent ?? '';
    expect(text).toContain(
      `Why the base (60.0%) is not the headline probability (${(f.agreement.probability * 100).toFixed(1)}%)`,
    );
    expect(text).toContain('every parameter at its point value');
    expect(text).toContain('over 50 runs');
    // ±1.96·√(0.6·0.4/50) = ±13.6%.
    expect(text).toContain('±13.6%');
  });

  it('writes every chart’s text at 12 px or more', () => {
    const d = doc(forecastSection(forecastOf(), scenarioOf()));
    const svgs = [...d.querySelectorAll('svg.lk-plot')];
    expect(svgs.length).toBeGreaterThan(3);
    for (const svg of svgs) expect(Number(svg.getAttribute('font-size'))).toBeGreaterThanOrEqual(12);
    const sizes = [...d.querySelectorAll('[font-size]')].map((e) => Number(e.getAttribute('font-size')));
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(12);
  });

  it('keeps the top rows of a long tornado and of the first-order indices', () => {
    const f = forecastOf();
    const rows = Array.from({ length: 20 }, (_, k) =>
      swing(`p.${String(k).padStart(2, '0')}`, 0, 1, 0.5, 0.5 + (20 - k) / 100),
    );
    const firstOrder = rows.map((r, k) => ({
      factor: r.parameter,
      label: r.label,
      agreement: (20 - k) / 40,
      issues: {},
      groups: 5,
    }));
    const g = { ...f, sensitivity: { firstOrder, tornado: { runsPerEnd: 20, base: 0.5, rows } } };
    const d = doc(forecastSection(g, scenarioOf()));
    const shown = [...d.querySelectorAll('table.tornado tbody tr')].map((r) =>
      r.getAttribute('data-parameter'),
    );
    expect(shown).toEqual(rows.slice(0, TOP_SENSITIVITY_ROWS).map((r) => r.parameter));
    expect(d.querySelectorAll('#figure-indices .lk-index-bar rect').length).toBe(TOP_SENSITIVITY_ROWS);
    expect(d.querySelector('#forecast-sensitivity')?.parentNode?.textContent).toContain(
      'The other 8 parameters',
    );
  });

  it('names strategy factors by party and lists the largest issue indices', () => {
    const d = doc(forecastSection(forecastOf(), scenarioOf()));
    const ticks = tickLabels(d.querySelector('#figure-indices') as Element);
    expect(ticks).toEqual(['United States: reservation value', 'China’s strategy', 'Deadline (rounds)']);
    const pairs = [...d.querySelectorAll('table.issue-indices tbody tr')].map((r) =>
      [...r.querySelectorAll('td')].map((c) => c.textContent),
    );
    expect(pairs).toEqual([
      ['China’s strategy', 'EDA software', '0.30'],
      ['United States: reservation value', 'EDA software', '0.20'],
      ['United States: reservation value', 'Rare-earth licences', '0.10'],
    ]);
  });

  it('tabulates utilities, impacts with their sources, the strategy mix and the parameters', () => {
    const d = doc(forecastSection(forecastOf(), scenarioOf()));
    const us = d.querySelector('table.utilities tbody tr') as Element;
    expect([...us.querySelectorAll('td')].map((c) => c.textContent).slice(1)).toEqual([
      '0.520',
      '0.510–0.530',
      '0.300–0.800',
      '0.660',
      '0.300',
    ]);
    const impact = d.querySelector('table.impacts tr[data-impact="magnets"]') as Element;
    expect(impact.textContent).toContain('Magnet imports');
    expect([...impact.querySelectorAll('td')].map((c) => c.textContent).slice(0, 4)).toEqual([
      '% of 2024',
      '40',
      '71.3',
      '40–95',
    ]);
    expect(impact.querySelector('a.ref')?.getAttribute('href')).toBe('#src-2');
    const mix = d.querySelector('table.strategies[data-party="china"]') as Element;
    const mixRows = [...mix.querySelectorAll('tbody tr')].map((r) =>
      [...r.querySelectorAll('td')].map((c) => c.textContent),
    );
    expect(mixRows.map((r) => r.slice(0, 3))).toEqual([
      ['boulware', '70.0%', 'usual stance'],
      ['conceder', '30.0%', ''],
    ]);
    expect(mix.querySelector('a.ref')?.getAttribute('href')).toBe('#src-1');
    const params = [...d.querySelectorAll('table.forecast-params tbody tr')];
    expect(params.map((r) => r.getAttribute('data-parameter'))).toEqual([
      'parties.us.reservationValue',
      'protocol.rounds',
    ]);
    const first = [...(params[0] as Element).querySelectorAll('td')].map((c) => c.textContent);
    expect(first.slice(1)).toEqual([
      'triangular 0.2 – 0.4, mode 0.3',
      '0.3',
      '0.2',
      '0.4',
      'a guess from the briefings',
      '[1]',
    ]);
    expect(distributionWords({ kind: 'normal', mean: 0.3, sd: 0.05, min: 0, max: 1 })).toBe(
      'normal, mean 0.3, sd 0.05, within 0 – 1',
    );
    expect(distributionWords({ kind: 'choice', values: [10, 20], probabilities: [0.25, 0.75] })).toBe(
      'one of 10 (25%), 20 (75%)',
    );
  });

  it('escapes every label from the scenario and the forecast and carries no script', () => {
    const html = forecastSection(forecastOf(withEvil), scenarioOf(withEvil));
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;');
    const d = doc(html);
    expect(d.querySelectorAll('script').length).toBe(0);
    // The label survives as text, in the package chart too.
    const label = d.querySelector('#figure-packages .lk-package-label text')?.textContent ?? '';
    expect(label).toContain(`EDA software ${EVIL}: eased ${EVIL}`);
  });

  it('is deterministic', () => {
    expect(forecastSection(forecastOf(), scenarioOf())).toBe(forecastSection(forecastOf(), scenarioOf()));
  });

  it('says which numbers a very large forecast could only approximate, and nothing when all are exact', () => {
    const f = forecastOf();
    const s = scenarioOf();
    expect(doc(forecastSection(f, s)).body.textContent).not.toContain('sketch');
    const big = doc(
      forecastSection({ ...f, approximations: { quantileRankError: 0.00031, packageUndercount: 12 } }, s),
    ).body.textContent;
    expect(big).toContain('quantile sketch, within 0.03% of the runs in rank');
    expect(big).toContain('may be low by up to 12 runs');
  });

  it('says so when sensitivity, the tornado, impacts or agreements are missing', () => {
    const f = forecastOf();
    const s = scenarioOf();
    const noSens = doc(forecastSection({ ...f, sensitivity: null }, s));
    expect(noSens.querySelector('#forecast-sensitivity')?.nextElementSibling?.textContent).toContain(
      'not computed',
    );
    expect(noSens.querySelector('#figure-tornado')).toBeNull();
    const sens = f.sensitivity as NonNullable<ForecastResult['sensitivity']>;
    const noTornado = doc(forecastSection({ ...f, sensitivity: { ...sens, tornado: null } }, s));
    expect(noTornado.querySelector('#figure-tornado')).toBeNull();
    expect(noTornado.querySelector('#figure-indices')).not.toBeNull();
    const noImpacts = doc(forecastSection({ ...f, impacts: [] }, s));
    expect(noImpacts.querySelector('table.impacts')).toBeNull();
    expect(noImpacts.querySelector('#forecast-impacts')?.nextElementSibling?.textContent).toContain(
      'no impact indicators',
    );

    const none: ForecastResult = {
      ...f,
      agreement: { probability: 0, runs: 0, ci95: wilson(0, 200) },
      endings: { agreement: 0, deadline: 200, vetoed: 0, 'walked-away': 0, error: 0 },
      packages: [],
      distinctPackages: 0,
      issues: f.issues.map((i) => ({
        ...i,
        values: i.values.map((v) => ({ ...v, probability: 0, givenAgreement: 0 })),
        noDeal: 1,
      })),
      utilities: f.utilities.map((u) => ({ ...u, givenAgreement: null })),
      rounds: { ...f.rounds, agreement: null },
    };
    const d = doc(forecastSection(none, s));
    expect(d.querySelector('.headline')?.textContent).toContain('No run reached an agreement');
    expect(d.querySelector('#figure-packages')).toBeNull();
    expect(d.querySelector('#forecast-issues')?.parentNode?.textContent).toContain(
      'every issue stays unsettled',
    );
    expect(d.querySelector('table.utilities tbody tr td:nth-child(5)')?.textContent).toBe('—');
  });

  it('handles a scenario with no uncertain parameters, no mix and no principal (a GENIUS import)', () => {
    const f = forecastOf();
    const base = scenarioOf();
    const { forecast: _mix, impacts: _impacts, ...rest } = base;
    const plain: Scenario = {
      ...rest,
      parameters: [],
      sources: [],
      parties: base.parties.map(({ principal: _p, ...p }) => p),
    };
    const g: ForecastResult = {
      ...f,
      parameters: [],
      strategies: {},
      impacts: [],
      vetoes: f.vetoes.map((v) => ({ ...v, runsWithVeto: 0, probability: 0, perRun: 0 })),
      sensitivity: { firstOrder: [], tornado: null },
    };
    const html = forecastSection(g, plain);
    const d = doc(html);
    expect(d.querySelector('#forecast-parameters')?.nextElementSibling?.textContent).toContain(
      'no uncertain parameters',
    );
    expect(d.querySelector('#forecast-strategies')?.nextElementSibling?.textContent).toContain(
      'no strategy mix',
    );
    expect(d.querySelector('#forecast-vetoes')?.nextElementSibling?.textContent).toContain(
      'No party answers to a principal',
    );
    expect(d.querySelector('#figure-indices')).toBeNull();
    expect(html).not.toContain('href="#src-');
  });
});

/** Every `href`/`src` outside the sources list stays inside the page. */
function externalReferences(html: string): string[] {
  const { document } = parseHTML(html);
  const out: string[] = [];
  for (const el of document.querySelectorAll('[href], [src]')) {
    if (el.closest('ol.sources')) continue;
    for (const name of ['href', 'src', 'xlink:href']) {
      const v = el.getAttribute(name);
      if (v !== null && !v.startsWith('#')) out.push(v);
    }
  }
  return out;
}

describe('renderForecastReport', () => {
  it('is one self-contained document: header, forecast, parameters and sources, no script', () => {
    const html = renderForecastReport(forecastOf(withEvil), scenarioOf(withEvil));
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain("default-src 'none'");
    const { document } = parseHTML(html);
    expect([...document.querySelectorAll('main > section')].map((s) => s.id)).toEqual([
      'forecast',
      'parameters',
      'sources',
    ]);
    expect(document.querySelector('h1')?.textContent).toBe(`Forecast talks ${EVIL}`);
    // Every nav entry points at an element of the page.
    for (const a of document.querySelectorAll('nav a'))
      expect(document.getElementById((a.getAttribute('href') ?? '').slice(1))).not.toBeNull();
    expect(externalReferences(html)).toEqual([]);
    const listed = [...document.querySelectorAll('ol.sources a')].map((a) => a.getAttribute('href'));
    expect(listed).toEqual(['https://example.org/talks', 'https://example.org/note']);
  });
});

describe('renderReport with a forecast', () => {
  it('adds the forecast after the single run and to the contents, and stays self-contained', () => {
    const scenario = scenarioOf();
    // A simulation carries everything a report is made from.
    const sim = simulate(scenario, { seed: 3 });
    const without = renderReport(sim);
    const html = renderReport({ ...sim, forecast: forecastOf() });
    const { document } = parseHTML(html);
    const ids = [...document.querySelectorAll('main > section')].map((s) => s.id);
    expect(ids.slice(0, 4)).toEqual(['result', 'plot', 'forecast', 'analysis']);
    expect([...document.querySelectorAll('nav a')].map((a) => a.getAttribute('href'))).toContain('#forecast');
    expect(html).not.toMatch(/<script/i);
    expect(externalReferences(html)).toEqual([]);
    // Without a forecast the report is what it was.
    expect(without).not.toContain('id="forecast"');
    expect(parseHTML(without).document.querySelectorAll('main > section').length).toBe(ids.length - 1);
  });
});

describe('the forecast of a real run', () => {
  it('renders what runForecast returns: probability, packages in words, tornado order, sources', async () => {
    const path = fileURLToPath(new URL('../../test/fixtures/forecast/known.yaml', import.meta.url));
    const { template } = loadScenarioTemplate(path);
    const f = await runForecast(template, { runs: 200, seed: 1, threads: 1 });
    const scenario = template.scenario;
    const html = renderForecastReport(f, scenario);
    expect(html).not.toMatch(/<script/i);
    expect(externalReferences(html)).toEqual([]);
    const { document: d } = parseHTML(html);
    expect(Number(d.querySelector('.headline')?.getAttribute('data-probability'))).toBe(
      f.agreement.probability,
    );
    expect(f.packages.length).toBeGreaterThan(0);
    expect(d.querySelectorAll('#figure-packages .lk-package-bar rect').length).toBe(f.packages.length);
    const labels = [...d.querySelectorAll('#figure-packages .lk-package-label text')].map(
      (t) => t.textContent,
    );
    // The first package in full; the others by the values where they differ from it.
    const first = packageWords(scenario, (f.packages[0] as (typeof f.packages)[number]).outcome);
    f.packages.forEach((p, k) => {
      const words = packageWords(scenario, p.outcome);
      for (const [i, [issue, value]] of words.entries())
        if (k === 0 || first[i]?.[1] !== value) expect(labels[k]).toContain(`${issue}: ${value}`);
    });
    // The split's value labels are numbers in words ("0.50"), not the value ids ("s10").
    expect(labels.join(' ')).not.toMatch(/\bs\d\d\b/);
    const rows = f.sensitivity?.tornado?.rows ?? [];
    expect(rows.length).toBeGreaterThan(0);
    expect(
      [...d.querySelectorAll('table.tornado tbody tr')].map((r) => r.getAttribute('data-parameter')),
    ).toEqual(rows.map((r) => r.parameter));
    const param = d.querySelector('table.forecast-params tr[data-parameter="parties.a.reservationValue"]');
    expect(param?.textContent).toContain('one of 0.2 (30%), 0.5 (20%), 0.8 (50%)');
    expect(param?.textContent).toContain('Test distribution');
    const impact = d.querySelector('table.impacts tr[data-impact="a_share"] a.ref');
    const target = d.getElementById((impact?.getAttribute('href') ?? '#').slice(1));
    expect(target?.textContent).toBe('https://example.org/test');
  });
});
