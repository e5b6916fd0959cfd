/**
 * The app's charts, drawn with Observable Plot into the page: the utility space (every outcome as
 * a dot, the Pareto frontier, Nash and Kalai points, reservation lines, both sides' offer
 * trajectories, the agreement and what was left on the table) and the timeline of offers (each
 * side's offers by round, valued by one party). Plot builds a detached SVG; `PlotFigure` mounts it
 * and replaces it whenever its inputs change. Colours are fixed per role so every chart agrees:
 * the seat (or the first party) is blue, the other side orange.
 */
import * as Plot from '@observablehq/plot';
import { useEffect, useId, useRef, useState } from 'react';

/** Colours shared by all charts and their legends. */
export const COLORS = {
  a: '#1d5fbf',
  // Darker than a bright orange so that party names in it pass WCAG AA on white and on the page
  // background (5.4:1 and 5.0:1; #d4571c gave 4.05:1). a11y.test.ts checks every such pair.
  b: '#b54708',
  outcomes: '#9aa5b1',
  frontier: '#1f2933',
  nash: '#177245',
  kalai: '#7b3fb5',
  agreement: '#c8102e',
  left: '#b7791f',
} as const;

/** The width of an element, following resizes (0 until it is laid out). */
function useWidth(ref: React.RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return width;
}

/**
 * Mounts a Plot chart as wide as its container; `render` runs again whenever `deps` or the
 * container's width change (Plot draws at a fixed size, so a resize means drawing again).
 */
export function PlotFigure(props: {
  render: (width: number) => Element;
  deps: readonly unknown[];
  testId: string;
  label: string;
  /** What the chart shows, in words: a caption under it that the chart is described by. */
  summary?: string | undefined;
}): React.JSX.Element {
  const ref = useRef<HTMLDivElement>(null);
  const summaryId = useId();
  const width = useWidth(ref);
  // The latest render function, called when the width or the caller's deps change (not on every render).
  const render = useRef(props.render);
  render.current = props.render;
  useEffect(() => {
    const host = ref.current;
    if (!host || width === 0) return;
    // Below ~240 px a chart is unreadable; draw it at that size and let CSS scale it down.
    const el = render.current(Math.max(width, 240));
    host.replaceChildren(el);
    return () => el.remove();
  }, [width, ...props.deps]);
  const chart = (
    <div
      className="plot"
      ref={ref}
      data-testid={props.testId}
      role="img"
      aria-label={props.label}
      aria-describedby={props.summary ? summaryId : undefined}
    />
  );
  if (!props.summary) return chart;
  return (
    <figure className="plot-figure">
      {chart}
      <figcaption id={summaryId} className="chart-summary" data-testid={`${props.testId}-summary`}>
        {props.summary}
      </figcaption>
    </figure>
  );
}

/** A point in a two-party utility space. */
export interface XY {
  x: number;
  y: number;
  title?: string;
}

/** Inputs of {@link utilitySpacePlot}; x is one party's utility, y the other's. */
export interface UtilitySpaceData {
  xLabel: string;
  yLabel: string;
  outcomes: XY[];
  frontier: XY[];
  nash: XY | null;
  kalai: XY | null;
  reservation: { x: number; y: number };
  /** Offers of the x party and of the y party, in order. */
  trajectoryA: XY[];
  trajectoryB: XY[];
  agreement: XY | null;
  leftOnTable?: XY | null;
  /** Principals' ratification thresholds, on each axis that has one (dotted lines). */
  thresholds?: { x?: number | undefined; y?: number | undefined };
  /** The deal as first made, when an improvement replaced it. */
  before?: XY | null;
  /** A highlighted point (the current offer in playback). */
  current?: XY | null;
  width?: number;
  height?: number;
}

/** The utility-space chart of the debrief and of the observer's playback. */
export function utilitySpacePlot(d: UtilitySpaceData): Element {
  const frontier = [...d.frontier].sort((p, q) => p.x - q.x);
  const marks: Plot.Markish[] = [
    Plot.ruleX([d.reservation.x], { stroke: COLORS.a, strokeDasharray: '4,3', strokeOpacity: 0.8 }),
    Plot.ruleY([d.reservation.y], { stroke: COLORS.b, strokeDasharray: '4,3', strokeOpacity: 0.8 }),
    ...(d.thresholds?.x !== undefined
      ? [Plot.ruleX([d.thresholds.x], { stroke: COLORS.a, strokeDasharray: '1,3', strokeWidth: 1.5 })]
      : []),
    ...(d.thresholds?.y !== undefined
      ? [Plot.ruleY([d.thresholds.y], { stroke: COLORS.b, strokeDasharray: '1,3', strokeWidth: 1.5 })]
      : []),
    Plot.dot(d.outcomes, { x: 'x', y: 'y', r: 2.2, fill: COLORS.outcomes, fillOpacity: 0.55 }),
    Plot.line(frontier, { x: 'x', y: 'y', stroke: COLORS.frontier, strokeWidth: 1.5, curve: 'step-after' }),
    Plot.dot(frontier, { x: 'x', y: 'y', r: 2.8, fill: COLORS.frontier, title: 'title' }),
    Plot.line(d.trajectoryA, { x: 'x', y: 'y', stroke: COLORS.a, strokeOpacity: 0.35 }),
    Plot.dot(d.trajectoryA, { x: 'x', y: 'y', r: 3.5, stroke: COLORS.a, fill: 'white', title: 'title' }),
    Plot.line(d.trajectoryB, { x: 'x', y: 'y', stroke: COLORS.b, strokeOpacity: 0.35 }),
    Plot.dot(d.trajectoryB, { x: 'x', y: 'y', r: 3.5, stroke: COLORS.b, fill: 'white', title: 'title' }),
  ];
  // The single points, drawn over the rest in this order (the agreement on top).
  const point = (p: XY | null | undefined, options: Plot.DotOptions) => {
    if (p) marks.push(Plot.dot([p], { x: 'x', y: 'y', ...options }));
  };
  point(d.nash, { r: 7, symbol: 'diamond', fill: COLORS.nash, title: () => 'Nash point' });
  point(d.kalai, { r: 7, symbol: 'square', fill: COLORS.kalai, title: () => 'Kalai–Smorodinsky point' });
  point(d.leftOnTable, {
    r: 8,
    symbol: 'triangle',
    fill: COLORS.left,
    title: () => 'Best frontier deal both sides preferred',
  });
  point(d.current, { r: 8, stroke: '#111', strokeWidth: 2 });
  point(d.before, {
    r: 8,
    symbol: 'star',
    fill: 'white',
    stroke: COLORS.agreement,
    title: () => 'The deal as first made',
  });
  point(d.agreement, {
    r: 10,
    symbol: 'star',
    fill: COLORS.agreement,
    stroke: 'white',
    title: () => 'Agreement',
  });
  return Plot.plot({
    width: d.width ?? 560,
    height: d.height ?? 460,
    marginLeft: 48,
    marginBottom: 40,
    x: { domain: [0, 1], label: `${d.xLabel} →`, grid: true },
    y: { domain: [0, 1], label: `↑ ${d.yLabel}`, grid: true },
    style: { fontSize: '12px', fontFamily: 'inherit' },
    marks,
  });
}

/** One offer on the timeline. */
export interface TimelinePoint {
  /** Rounds elapsed (step / parties). */
  time: number;
  utility: number;
  side: 'a' | 'b';
  title?: string;
}

/** Utility of each side's offers over time, against a reservation value; the deadline ends the axis. */
export function timelinePlot(d: {
  points: TimelinePoint[];
  reservation: number;
  /** Where sittings start (rounds elapsed), drawn as labelled rules. */
  breaks?: readonly { time: number; label: string }[];
  /** The principal's ratification threshold, drawn as a second line when given. */
  threshold?: number | undefined;
  deadline: number;
  yLabel: string;
  width?: number;
  height?: number;
  cursor?: number | null;
}): Element {
  const a = d.points.filter((p) => p.side === 'a');
  const b = d.points.filter((p) => p.side === 'b');
  const marks: Plot.Markish[] = [
    Plot.ruleX(d.breaks ?? [], { x: 'time', stroke: '#b8c0cc' }),
    Plot.text(d.breaks ?? [], {
      x: 'time',
      y: 1,
      text: 'label',
      textAnchor: 'start',
      dx: 3,
      dy: 2,
      lineAnchor: 'top',
      fill: '#5f6b7a',
    }),
    Plot.ruleY([d.reservation], { stroke: '#666', strokeDasharray: '4,3' }),
    ...(d.threshold !== undefined
      ? [Plot.ruleY([d.threshold], { stroke: COLORS.kalai, strokeDasharray: '2,3' })]
      : []),
    Plot.line(a, { x: 'time', y: 'utility', stroke: COLORS.a, curve: 'step-after' }),
    Plot.dot(a, { x: 'time', y: 'utility', fill: COLORS.a, r: 3, title: 'title' }),
    Plot.line(b, { x: 'time', y: 'utility', stroke: COLORS.b, curve: 'step-after' }),
    Plot.dot(b, { x: 'time', y: 'utility', fill: COLORS.b, r: 3, title: 'title' }),
  ];
  if (d.cursor !== undefined && d.cursor !== null)
    marks.push(Plot.ruleX([d.cursor], { stroke: '#111', strokeOpacity: 0.4 }));
  return Plot.plot({
    width: d.width ?? 520,
    height: d.height ?? 200,
    marginLeft: 44,
    x: { domain: [0, d.deadline], label: 'round →', grid: true },
    y: { domain: [0, 1], label: `↑ ${d.yLabel}`, grid: true },
    style: { fontSize: '11px', fontFamily: 'inherit' },
    marks,
  });
}
