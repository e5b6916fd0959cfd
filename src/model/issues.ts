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
}

export interface IntegerIssue extends IssueBase {
  readonly kind: 'integer';
  readonly min: number;
  readonly max: number;
}

export interface RealIssue extends IssueBase {
  readonly kind: 'real';
  readonly min: number;
  readonly max: number;
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

/** Convenience constructor for tests and programmatic scenarios. */
export function discreteIssue(id: string, values: readonly string[], label = id): DiscreteIssue {
  return { kind: 'discrete', id, label, values: values.map((v) => ({ id: v, label: v })) };
}
