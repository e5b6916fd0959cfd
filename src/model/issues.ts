/**
 * Issues: the dimensions of a negotiation. An issue is discrete (named values), integer (an
 * inclusive range) or real (an interval). Inside the engine an issue's value is always a number:
 * for a discrete issue the index of the value in `values`, for an integer issue the integer
 * itself, for a real issue the real number. Labels are for people and reports only.
 */

export interface DiscreteValue {
  readonly id: string;
  readonly label: string;
  readonly description?: string;
}

interface IssueBase {
  readonly id: string;
  readonly label: string;
  readonly description?: string;
}

export interface DiscreteIssue extends IssueBase {
  readonly kind: 'discrete';
  readonly values: readonly DiscreteValue[];
  /** Index of the value that holds when nothing changes, when the scenario names one (else the first). */
  readonly statusQuo?: number;
}

/** What a point of a numeric issue's scale means (e.g. Decide's "50: binding agreement plus NDCs"). */
export interface ScalePoint {
  readonly at: number;
  readonly label: string;
}

interface NumericIssueBase extends IssueBase {
  readonly min: number;
  readonly max: number;
  /** The value that holds when nothing changes, when the scenario names one (else `min`). */
  readonly statusQuo?: number;
  /** The meaning of points of the scale, ascending, when the scenario gives it. */
  readonly scale?: readonly ScalePoint[];
}

export interface IntegerIssue extends NumericIssueBase {
  readonly kind: 'integer';
}

export interface RealIssue extends NumericIssueBase {
  readonly kind: 'real';
}

export type Issue = DiscreteIssue | IntegerIssue | RealIssue;

/** Number of values an issue can take: Infinity for a real issue. */
export function issueCardinality(issue: Issue): number {
  switch (issue.kind) {
    case 'discrete':
      return issue.values.length;
    case 'integer':
      return issue.max - issue.min + 1;
    case 'real':
      return Number.POSITIVE_INFINITY;
  }
}

/** Whether `v` is a valid engine value of `issue`. */
export function isValidValue(issue: Issue, v: number): boolean {
  if (typeof v !== 'number' || Number.isNaN(v)) return false;
  switch (issue.kind) {
    case 'discrete':
      return Number.isInteger(v) && v >= 0 && v < issue.values.length;
    case 'integer':
      return Number.isInteger(v) && v >= issue.min && v <= issue.max;
    case 'real':
      return v >= issue.min && v <= issue.max;
  }
}

/** The human label of an engine value. */
export function valueLabel(issue: Issue, v: number): string {
  if (issue.kind === 'discrete') return issue.values[v]?.label ?? `#${v}`;
  return String(v);
}

/** The stable id of an engine value (discrete value id, or the number as text). */
export function valueId(issue: Issue, v: number): string {
  if (issue.kind === 'discrete') return issue.values[v]?.id ?? `#${v}`;
  return String(v);
}

/**
 * The engine value that holds when nothing changes: the issue's own `statusQuo`, else the first
 * value of a discrete issue or the minimum of a numeric one.
 *
 * @example
 * statusQuoValue(discreteIssue('tariffs', ['high', 'low'])); // 0
 */
export function statusQuoValue(issue: Issue): number {
  if (issue.statusQuo !== undefined) return issue.statusQuo;
  return issue.kind === 'discrete' ? 0 : issue.min;
}

/** Whether the issue's values are ordered numbers (integer and real issues). */
export function isOrdered(issue: Issue): issue is IntegerIssue | RealIssue {
  return issue.kind !== 'discrete';
}

/** Convenience constructor for tests and programmatic scenarios. */
export function discreteIssue(id: string, values: readonly string[], label = id): DiscreteIssue {
  return { kind: 'discrete', id, label, values: values.map((v) => ({ id: v, label: v })) };
}
