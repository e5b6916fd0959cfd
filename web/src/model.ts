/**
 * The seat's own preferences, rebuilt in the browser from its view: the issues become the model's
 * `OutcomeSpace` and `you.utility` (the model's utility options as JSON) becomes a
 * `UtilityFunction`, so the offer builder shows the utility of any package live, with no round
 * trip, computed by the same code the engine uses. Also the conversion from the API's outcome
 * records (`{ issueId: valueId | number }`) to the engine's outcomes (a number per issue); the other
 * way is the space's own `toRecord`.
 */
// Imported file by file, not from the model's index, so the bundle holds only what the app uses.
import type { Issue } from '../../src/model/issues.ts';
import { OutcomeSpace } from '../../src/model/outcome-space.ts';
import { evaluate, UtilityFunction, type UtilitySpec } from '../../src/model/utility.ts';
import type { IssueView, OutcomeRecord } from './types.ts';

/** The engine's issue for an issue of the view. */
export function toModelIssue(v: IssueView): Issue {
  const base = {
    id: v.id,
    label: v.label,
    ...(v.description !== undefined ? { description: v.description } : {}),
  };
  if (v.kind === 'discrete') {
    return {
      ...base,
      kind: 'discrete',
      values: (v.values ?? []).map((x) => ({
        id: x.id,
        label: x.label,
        ...(x.description !== undefined ? { description: x.description } : {}),
      })),
    };
  }
  return { ...base, kind: v.kind, min: v.min ?? 0, max: v.max ?? 0 };
}

/** The outcome space of a view's issues. */
export function spaceOf(issues: readonly IssueView[]): OutcomeSpace {
  return new OutcomeSpace(issues.map(toModelIssue));
}

/**
 * The seat's utility function, or null when the view's `utility` cannot be read as one (then
 * the app falls back to the server's numbers and says so rather than showing wrong ones).
 */
export function utilityOf(space: OutcomeSpace, spec: unknown): UtilityFunction | null {
  if (spec === null || typeof spec !== 'object') return null;
  try {
    return new UtilityFunction(space, spec as UtilitySpec);
  } catch {
    return null;
  }
}

/** An API outcome record as an engine outcome; null when a value is unknown or missing. */
export function toOutcome(space: OutcomeSpace, rec: OutcomeRecord): number[] | null {
  const out: number[] = [];
  for (const issue of space.issues) {
    const v = rec[issue.id];
    if (v === undefined) return null;
    if (issue.kind === 'discrete') {
      const k = issue.values.findIndex((x) => x.id === v);
      if (k < 0) return null;
      out.push(k);
    } else {
      const n = typeof v === 'number' ? v : Number(v);
      if (!Number.isFinite(n)) return null;
      out.push(n);
    }
  }
  return out;
}

/** The label of the value an outcome record gives an issue. */
export function labelOf(issue: IssueView, rec: OutcomeRecord | null | undefined): string {
  const v = rec?.[issue.id];
  if (v === undefined) return '—';
  if (issue.kind === 'discrete') return issue.values?.find((x) => x.id === v)?.label ?? String(v);
  return String(v);
}

/** The best outcome for the seat that crosses none of its red lines (exhaustive; small spaces only). */
export function bestAcceptable(u: UtilityFunction): number[] | null {
  const space = u.space;
  if (!space.enumerable || space.size > 200_000) return null;
  const utils = u.utilities();
  const ok = u.acceptableMask();
  let best = -1;
  for (let k = 0; k < utils.length; k++) {
    if (ok[k] === 1 && (best < 0 || (utils[k] as number) > (utils[best] as number))) best = k;
  }
  return best < 0 ? null : space.outcomeAt(best);
}

/** Utility as a fixed-width number for people, e.g. `0.62`. */
export function fmtU(u: number | null | undefined): string {
  return u === null || u === undefined || !Number.isFinite(u) ? '—' : u.toFixed(2);
}

/** The score (0..1 before weighting) that the seat's evaluator gives value `v` of issue `i`. */
export function valueScore(u: UtilityFunction, i: number, v: number): number | null {
  const ev = u.evaluators[i];
  const issue = u.space.issues[i];
  return ev && issue ? evaluate(ev, issue, v) : null;
}
