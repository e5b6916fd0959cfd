/**
 * The report: a self-contained HTML file of one simulated negotiation (`renderReport`, optionally
 * with a forecast) or of a forecast alone (`renderForecastReport`), the forecast section, its plots
 * as SVG (`outcomeSpacePlot`, `offerTimelinePlot`), and the atomic writer that puts it on disk.
 * Rendering is pure and runs wherever linkedom and Observable Plot run; only `write.ts` needs
 * `node:fs`, so a browser bundle should import `html.ts` and `plot.ts` directly.
 */
export {
  distributionWords,
  FORECAST_CSS,
  FORECAST_NAV,
  forecastSection,
  packageWords as forecastPackageWords,
} from './forecast.ts';
export { buildPlotData, type ReportInput, renderForecastReport, renderReport } from './html.ts';
export {
  COLORS,
  escapeHtml,
  linkify,
  MAX_OUTCOME_DOTS,
  type OfferPoint,
  type OutcomeSpacePlotOptions,
  offerTimelinePlot,
  outcomeSpacePlot,
  type PlotData,
  type PlotParty,
  type PlotPoint,
  partyColor,
  type RenderedPlot,
  renderSvg,
  type SolutionMarker,
  sourceRef,
  subsampleIndices,
} from './plot.ts';
export { writeReportAtomically } from './write.ts';
