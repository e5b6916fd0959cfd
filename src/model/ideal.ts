/**
 * Where a party's evaluator of one issue peaks: its ideal value on the issue. Spatial models read
 * positions this way (a `peak` evaluator peaks at its `at`; a table at its best value; a line at
 * its better end), and so does the spatial negotiator, which concedes from there.
 *
 * @example
 * idealValue({ kind: 'real', id: 'x', label: 'x', min: 0, max: 100 }, { kind: 'piecewise', xs: [0, 30, 100], ys: [0.7, 1, 0.3] }); // 30
 */
import type { Issue } from './issues.ts';
import { type Evaluator, evaluate } from './utility.ts';

/** Integer issues up to this many values are searched value by value. */
const MAX_INTEGER_SCAN = 1001;

/** Values where an evaluator can peak: every value of a discrete or small integer issue, else the ends and breakpoints. */
function candidates(issue: Issue, ev: Evaluator): number[] {
  if (issue.kind === 'discrete') return issue.values.map((_, d) => d);
  if (issue.kind === 'integer' && (ev.kind === 'table' || issue.max - issue.min + 1 <= MAX_INTEGER_SCAN)) {
    return Array.from({ length: issue.max - issue.min + 1 }, (_, d) => issue.min + d);
  }
  const pts = [issue.min, issue.max];
  if (ev.kind === 'piecewise') {
    for (const x of ev.xs) {
      if (x > issue.min && x < issue.max) pts.push(issue.kind === 'integer' ? Math.round(x) : x);
    }
  }
  return pts.sort((a, b) => a - b);
}

/**
 * The engine value of `issue` that `ev` values most (the lowest such value on a tie).
 *
 * @example
 * idealValue(discreteIssue('t', ['high', 'low']), { kind: 'table', values: [0.2, 1] }); // 1
 */
export function idealValue(issue: Issue, ev: Evaluator): number {
  let best = Number.NEGATIVE_INFINITY;
  let at = Number.NaN;
  for (const v of candidates(issue, ev)) {
    const y = evaluate(ev, issue, v);
    if (y > best) {
      best = y;
      at = v;
    }
  }
  return at;
}
