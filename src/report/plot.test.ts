/**
 * Tests of the plots alone, from hand-written plot data: exact mark counts, sampling of large
 * spaces, stable output, tidy coordinates and ids, and escaping of labels inside the SVG.
 */
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { formatCount } from '../format-count.ts';
import { escapeHtml, offerTimelinePlot, outcomeSpacePlot, type PlotData, subsampleIndices } from './plot.ts';

/** A 2-party space of n outcomes on a grid, every third crossing a red line. */
function data(n: number, overrides: Partial<PlotData> = {}): PlotData {
  const u0 = new Float64Array(n);
  const u1 = new Float64Array(n);
  const feasible = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    u0[k] = (k % 10) / 9;
    u1[k] = Math.floor(k / 10) / Math.max(1, Math.floor((n - 1) / 10));
    feasible[k] = k % 3 === 0 ? 0 : 1;
  }
  return {
    parties: [
      { label: 'A', reservationValue: 0.2 },
      { label: 'B', reservationValue: 0.3 },
    ],
    points: { utils: [u0, u1], feasible },
    frontier: [
      { utilities: [1, 0.4], title: 'f1' },
      { utilities: [0.7, 0.7], title: 'f2' },
      { utilities: [0.3, 1], title: 'f3' },
    ],
    solutions: [
      { name: 'Nash', utilities: [0.7, 0.7] },
      { name: 'Kalai–Smorodinsky', utilities: [0.7, 0.7] },
      { name: 'Utilitarian', utilities: [1, 0.4] },
    ],
    offers: [
      { by: 0, time: 0, utilities: [1, 0.1] },
      { by: 1, time: 0.5, utilities: [0.1, 1] },
      { by: 0, time: 1, utilities: [1, 0.1] }, // a repeat: collapsed in the trajectory
      { by: 1, time: 1.5, utilities: [0.4, 0.9] },
      { by: 0, time: 2, utilities: [0.7, 0.7] },
    ],
    agreement: { utilities: [0.7, 0.7], time: 2.5 },
    breaks: [{ time: 1, label: 'Day 2' }],
    deadline: 4,
    ...overrides,
  };
}

function svgOf(svg: string): Element {
  const { document } = parseHTML(`<!doctype html><html><body>${svg}</body></html>`);
  const el = document.querySelector('svg');
  if (!el) throw new Error('no svg');
  return el as unknown as Element;
}

describe('outcomeSpacePlot', () => {
  it('draws every outcome once, feasible and red-line-crossing apart, and no sampling note', () => {
    const plot = outcomeSpacePlot(data(300));
    const svg = svgOf(plot.svg);
    expect(svg.querySelectorAll('g.lk-outcomes-feasible circle').length).toBe(200);
    expect(svg.querySelectorAll('g.lk-outcomes-red-line circle').length).toBe(100);
    expect(plot.notes).toEqual([]);
  });

  it('draws a deterministic sample of exactly maxDots when the space is larger, and says so', () => {
    const a = outcomeSpacePlot(data(5000), { maxDots: 700 });
    const b = outcomeSpacePlot(data(5000), { maxDots: 700 });
    const svg = svgOf(a.svg);
    const dots = svg.querySelectorAll('g.lk-outcomes-feasible circle, g.lk-outcomes-red-line circle').length;
    expect(dots).toBe(700);
    expect(a.svg).toBe(b.svg);
    expect(a.notes[0]).toContain('5,000 outcomes; a deterministic uniform sample of 700');
  });

  it('draws the frontier as a line through its points, the solutions and the agreement', () => {
    const svg = svgOf(outcomeSpacePlot(data(50)).svg);
    expect(svg.querySelectorAll('g.lk-frontier circle').length).toBe(3);
    const line = svg.querySelector('g.lk-frontier-line path')?.getAttribute('d') ?? '';
    expect(line.match(/[ML]/g)?.length).toBe(3);
    expect(svg.querySelectorAll('g.lk-solution-nash path').length).toBe(1);
    expect(svg.querySelectorAll('g.lk-solution-kalai-smorodinsky path').length).toBe(1);
    // Nash and Kalai coincide: one shared label; the utilitarian point has its own.
    const labels = [...svg.querySelectorAll('g.lk-solution-label text')].map((t) => t.textContent);
    expect(labels).toEqual(['Nash = Kalai–Smorodinsky', 'Utilitarian']);
    expect(svg.querySelectorAll('g.lk-agreement path').length).toBe(1);
    // Trajectories: A's repeated offer is collapsed, so its path has two vertices; B's has two.
    // (The first paths in those groups are the arrowheads' <marker> shapes.)
    const path0 = svg.querySelector('g.lk-offers-0 path[marker-end]')?.getAttribute('d') ?? '';
    expect(path0.match(/[ML]/g)?.length).toBe(2);
    expect(
      svg.querySelector('g.lk-offers-1 path[marker-end]')?.getAttribute('d')?.match(/[ML]/g)?.length,
    ).toBe(2);
  });

  it('rounds coordinates and gives markers ids of its own, the same on every call', () => {
    const first = outcomeSpacePlot(data(40), { idPrefix: 'p1' }).svg;
    const second = outcomeSpacePlot(data(40), { idPrefix: 'p1' }).svg;
    expect(first).toBe(second);
    expect(first).not.toMatch(/plot-marker-/);
    const svg = svgOf(first);
    const ids = [...svg.querySelectorAll('marker')].map((m) => m.getAttribute('id'));
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.every((id) => /^p1-marker-\d+$/.test(id ?? ''))).toBe(true);
    const refs = [...svg.querySelectorAll('[marker-end]')].map((el) => el.getAttribute('marker-end'));
    expect(refs.every((r) => ids.includes(/^url\(#(.+)\)$/.exec(r ?? '')?.[1] ?? ''))).toBe(true);
    for (const c of svg.querySelectorAll('circle')) {
      expect(c.getAttribute('cx')).toMatch(/^-?\d+(\.\d{1,2})?$/);
      expect(c.getAttribute('cy')).toMatch(/^-?\d+(\.\d{1,2})?$/);
    }
  });

  it('escapes labels in the SVG and the legend', () => {
    const evil = '<script>alert(1)</script>';
    const plot = outcomeSpacePlot(
      data(20, {
        parties: [
          { label: evil, reservationValue: 0.2 },
          { label: 'B', reservationValue: 0.3 },
        ],
      }),
    );
    expect(plot.svg + plot.legendHtml).not.toContain('<script');
    expect(plot.legendHtml).toContain('Offers by &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svgOf(plot.svg).textContent).toContain(`Utility to ${evil}`);
  });

  it('omits outcome dots without points, and rejects a plot of one party against itself', () => {
    const { points: _, ...rest } = data(10);
    const plot = outcomeSpacePlot(rest);
    expect(svgOf(plot.svg).querySelectorAll('g.lk-outcomes-feasible').length).toBe(0);
    expect(plot.notes[0]).toContain('not enumerable');
    expect(plot.legendHtml).not.toContain('Outcome crossing');
    expect(() => outcomeSpacePlot(data(10), { x: 1, y: 1 })).toThrow(/two distinct parties/);
  });
});

describe('offerTimelinePlot', () => {
  it('draws a panel per party with a step line per offering side, a dot per offer, and the extras', () => {
    const plot = offerTimelinePlot(data(10));
    const svg = svgOf(plot.svg);
    const panels = [...svg.querySelectorAll('g.lk-timeline')];
    expect(panels.length).toBe(2);
    // In each panel: A's three offers and B's two, as two step lines, with the panel's party utility.
    for (const panel of panels) expect(panel.querySelectorAll('path').length).toBe(2);
    const dots = [...svg.querySelectorAll('g.lk-timeline-offers')].map(
      (g) => g.querySelectorAll('circle').length,
    );
    expect(dots).toEqual([5, 5]);
    // Offers are coloured by who made them: A blue, B red, in both panels.
    const strokes = panels.map((p) =>
      [...p.querySelectorAll('path')].map((path) => path.getAttribute('stroke')),
    );
    expect(strokes).toEqual([
      ['#2563eb', '#dc2626'],
      ['#2563eb', '#dc2626'],
    ]);
    expect(svg.querySelectorAll('g.lk-reservation line').length).toBe(2);
    expect([...svg.querySelectorAll('g.lk-panel-title text')].map((t) => t.textContent)).toEqual([
      'Utility to A',
      'Utility to B',
    ]);
    expect([...svg.querySelectorAll('g.lk-break-label text')].map((t) => t.textContent)).toEqual(['Day 2']);
    expect(svg.querySelectorAll('g.lk-agreement path').length).toBe(2);
    expect(plot.legendHtml).toContain('Offers by A');
    expect(plot.legendHtml).toContain('Offers by B');
  });
});

describe('subsampleIndices', () => {
  it('picks k distinct sorted indices in range, the same every time', () => {
    const a = subsampleIndices(2 ** 31 - 1, 5000);
    expect(a.length).toBe(5000);
    expect(new Set(a).size).toBe(5000);
    expect(a.every((k, i) => k >= 0 && k < 2 ** 31 - 1 && (i === 0 || k > (a[i - 1] as number)))).toBe(true);
    expect(subsampleIndices(2 ** 31 - 1, 5000)).toEqual(a);
    expect(subsampleIndices(2 ** 31 - 1, 5000, 1)).not.toEqual(a);
    expect(subsampleIndices(4, 10)).toEqual([0, 1, 2, 3]);
  });

  it('is roughly uniform', () => {
    const picks = subsampleIndices(1000, 500);
    const low = picks.filter((k) => k < 500).length;
    expect(low).toBeGreaterThan(200);
    expect(low).toBeLessThan(300);
  });
});

describe('text helpers', () => {
  it('escapes the five HTML metacharacters and formats counts without the locale', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(12)).toBe('12');
    expect(formatCount(Number.POSITIVE_INFINITY)).toBe('∞');
  });
});
