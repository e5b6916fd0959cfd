/**
 * The outcome space: the Cartesian product of the issues. Discrete and integer outcomes have a
 * mixed-radix integer index, first issue most significant, so analysis can run over typed arrays
 * of indices and utilities instead of objects. Spaces with a real issue, or too large to index
 * safely, are still usable through sampling and `contains`, never through enumeration.
 *
 * @example
 * const space = new OutcomeSpace([discreteIssue('a', ['x', 'y']), discreteIssue('b', ['p', 'q', 'r'])]);
 * space.size; // 6
 * space.outcomeAt(4); // [1, 1]
 * space.indexOf([1, 1]); // 4
 */
import { type Issue, issueCardinality, isValidValue, valueId, valueLabel } from './issues.ts';
import type { Random } from './random.ts';

/** An outcome: one engine value per issue, in issue order. */
export type Outcome = readonly number[];

/** Largest space that may be indexed as numbers and enumerated into typed arrays. */
export const MAX_ENUMERABLE = 2 ** 31 - 1;

export class OutcomeSpace {
  readonly issues: readonly Issue[];
  /** Number of values of each issue (Infinity for real issues). */
  readonly radices: readonly number[];
  /** Mixed-radix place value of each issue (last issue has stride 1); empty when not indexable. */
  readonly strides: readonly number[];
  /** Number of outcomes: Infinity when any issue is real; may exceed MAX_ENUMERABLE. */
  readonly size: number;
  /** True when every outcome has an index and the whole space fits a typed array. */
  readonly enumerable: boolean;
  private readonly byId: Map<string, number>;

  constructor(issues: readonly Issue[]) {
    if (issues.length === 0) throw new Error('an outcome space needs at least one issue');
    this.issues = issues;
    this.radices = issues.map(issueCardinality);
    this.size = this.radices.reduce((a, b) => a * b, 1);
    this.enumerable = Number.isFinite(this.size) && this.size <= MAX_ENUMERABLE;
    const strides = new Array<number>(issues.length).fill(0);
    if (this.enumerable) {
      let s = 1;
      for (let i = issues.length - 1; i >= 0; i--) {
        strides[i] = s;
        s *= this.radices[i] as number;
      }
    }
    this.strides = strides;
    this.byId = new Map(issues.map((issue, i) => [issue.id, i]));
  }

  /** Position of the issue with this id, or -1. */
  issueIndex(id: string): number {
    return this.byId.get(id) ?? -1;
  }

  /** Whether `o` is a well-formed outcome of this space. */
  contains(o: Outcome): boolean {
    if (!Array.isArray(o) || o.length !== this.issues.length) return false;
    for (let i = 0; i < o.length; i++) {
      if (!isValidValue(this.issues[i] as Issue, o[i] as number)) return false;
    }
    return true;
  }

  /** The mixed-radix digit of issue `i` for engine value `v`. */
  digit(i: number, v: number): number {
    const issue = this.issues[i] as Issue;
    return issue.kind === 'integer' ? v - issue.min : v;
  }

  /** The engine value of issue `i` for mixed-radix digit `d`. */
  valueOfDigit(i: number, d: number): number {
    const issue = this.issues[i] as Issue;
    return issue.kind === 'integer' ? d + issue.min : d;
  }

  /** Index of an outcome (enumerable spaces only). */
  indexOf(o: Outcome): number {
    this.assertEnumerable();
    let idx = 0;
    for (let i = 0; i < this.issues.length; i++) {
      idx += this.digit(i, o[i] as number) * (this.strides[i] as number);
    }
    return idx;
  }

  /**
   * Index of `o`, or −1 when `o` is not an outcome of this space (enumerable spaces only): `contains`
   * and `indexOf` in one pass, for a hot path that meets outcomes it has not checked.
   */
  indexIfContains(o: Outcome): number {
    const issues = this.issues;
    if (o.length !== issues.length) return -1;
    let index = 0;
    for (let i = 0; i < issues.length; i++) {
      const d = this.digit(i, o[i] as number);
      if (!(d >= 0 && d < (this.radices[i] as number) && Number.isInteger(d))) return -1;
      index += d * (this.strides[i] as number);
    }
    return index;
  }

  /** Outcome with a given index (enumerable spaces only). */
  outcomeAt(index: number): number[] {
    this.assertEnumerable();
    if (!Number.isInteger(index) || index < 0 || index >= this.size) {
      throw new RangeError(`outcome index ${index} is outside [0, ${this.size})`);
    }
    const o = new Array<number>(this.issues.length);
    let rest = index;
    for (let i = 0; i < this.issues.length; i++) {
      const s = this.strides[i] as number;
      const d = Math.floor(rest / s);
      rest -= d * s;
      o[i] = this.valueOfDigit(i, d);
    }
    return o;
  }

  /** All outcomes in index order (enumerable spaces only); prefer typed-array APIs for analysis. */
  *enumerate(): Generator<number[]> {
    this.assertEnumerable();
    for (let k = 0; k < this.size; k++) yield this.outcomeAt(k);
  }

  /** A uniformly random outcome (works for every space, real issues included). */
  sample(rng: Random): number[] {
    return this.issues.map((issue) => {
      if (issue.kind === 'discrete') return rng.int(issue.values.length);
      if (issue.kind === 'integer') return issue.min + rng.int(issue.max - issue.min + 1);
      return rng.uniform(issue.min, issue.max);
    });
  }

  /** A uniformly random index (enumerable spaces only). */
  sampleIndex(rng: Random): number {
    this.assertEnumerable();
    return rng.int(this.size);
  }

  /** Outcome as `{ issueId: valueLabel }`, for people. */
  describe(o: Outcome): Record<string, string> {
    const r: Record<string, string> = {};
    this.issues.forEach((issue, i) => {
      r[issue.id] = valueLabel(issue, o[i] as number);
    });
    return r;
  }

  /** Outcome as `{ issueId: valueId | number }`, for machines (JSON output, files). */
  toRecord(o: Outcome): Record<string, string | number> {
    const r: Record<string, string | number> = {};
    this.issues.forEach((issue, i) => {
      r[issue.id] = issue.kind === 'discrete' ? valueId(issue, o[i] as number) : (o[i] as number);
    });
    return r;
  }

  private assertEnumerable(): void {
    if (!this.enumerable) {
      throw new Error(
        `this outcome space (${this.size} outcomes) cannot be indexed: it has a real issue or is too large`,
      );
    }
  }
}
