/**
 * The spatial forecast as the terminal shows it: one row per issue, one column per method, each
 * the predicted position with its 80% interval. Pure: result in, text out, colours passed in.
 */
import Table from 'cli-table3';
import type { Colors } from 'picocolors/types.js';
import type { PositionForecast, SpatialForecast } from '../run/spatial-forecast.ts';

const plain = { head: [] as string[], border: [] as string[] };
const chars = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };
const f1 = (x: number | null) => (x === null ? '–' : x.toFixed(1));

/** `49.3 [47.3–50.9]`, or `–` when the method says nothing about the issue. */
export function positionText(p: PositionForecast): string {
  if (p.position === null) return '–';
  return p.low === null ? f1(p.position) : `${f1(p.position)} [${f1(p.low)}–${f1(p.high)}]`;
}

export function spatialForecastText(f: SpatialForecast, c: Colors, elapsedMs?: number): string {
  const lines: string[] = [];
  const when = elapsedMs === undefined ? '' : `, ${(elapsedMs / 1000).toFixed(1)} s`;
  lines.push(c.bold(`Forecast of positions: ${f.scenario.title}`));
  lines.push(
    c.dim(
      `simulation: ${f.runs} runs, seed ${f.seed}${when}; models at the point values, intervals over ${f.modelRuns} parameter draws`,
    ),
  );
  const a = f.agreement;
  lines.push(
    `Simulation: agreement in ${(a.probability * 100).toFixed(1)}% of runs (95% interval ${(a.ci95.low * 100).toFixed(1)}–${(a.ci95.high * 100).toFixed(1)}%); its positions are those of the agreements.`,
  );
  const t = new Table({ head: ['issue', 'scale', ...f.methods.map((m) => m.label)], style: plain, chars });
  for (const issue of f.issues) {
    t.push([
      issue.label.length > 34 ? `${issue.label.slice(0, 33)}…` : issue.label,
      `${issue.min}–${issue.max}`,
      ...f.methods.map((m) => positionText(issue.methods[m.id as keyof typeof issue.methods])),
    ]);
  }
  lines.push('', t.toString());
  lines.push(
    c.dim(
      'position [10%–90%]: an 80% interval over the scenario’s uncertain positions, saliences and powers',
    ),
  );
  return lines.join('\n');
}
