/**
 * Utility functions, with values in [0, 1]:
 *   u(ω) = clamp01( Σ_i w_i · e_i(ω_i)  +  Σ_r v_r · [ω ∈ box_r] )
 * a linear-additive part (weights and per-issue evaluators: table, linear, piecewise linear) plus
 * region terms (the ANAC 2014 hyper-rectangle model; also how linkage is written: "easing EDA is
 * worth something only if rare-earth licences are approved"). Red lines are separate hard
 * constraints: an outcome that violates one is unacceptable to the party whatever its utility.
 *
 * Utilities of a whole enumerable space are computed into a Float64Array in one pass, summing in
 * issue order exactly as `evaluate` does, so both give bit-identical numbers.
 *
 * @example
 * const u = new UtilityFunction(space, { weights: [0.6, 0.4], evaluators: [table([0, 1]), table([1, 0.5, 0])] });
 * u.evaluate([1, 0]); // 0.6 * 1 + 0.4 * 1 = 1
 */
import type { Issue } from './issues.ts';
import type { Outcome, OutcomeSpace } from './outcome-space.ts';

/** Evaluates one issue's engine value to a number (normally in [0, 1]). */
export type Evaluator =
  /** By mixed-radix digit: discrete value index, or `v - min` for an integer issue. */
  | { readonly kind: 'table'; readonly values: readonly number[] }
  /** `intercept + slope · v`, clamped to [0, 1] when `clamp`. */
  | { readonly kind: 'linear'; readonly intercept: number; readonly slope: number; readonly clamp: boolean }
  /** Linear interpolation between points (xs ascending), constant beyond the ends. */
  | { readonly kind: 'piecewise'; readonly xs: readonly number[]; readonly ys: readonly number[] };

/** An issue restricted to a set of values or a closed range (engine values). */
export interface Condition {
  readonly issue: number;
  readonly values?: readonly number[];
  readonly min?: number;
  readonly max?: number;
}

/**
 * A hyper-rectangle term: `value` is added when every condition holds and the outcome lies in
 * none of the `excludes` boxes (each box a list of conditions that must all hold to be inside).
 * Excluded boxes express GENIUS's EXCLUDES rectangles: a value everywhere except inside a box.
 */
export interface RegionTerm {
  readonly value: number;
  readonly conditions: readonly Condition[];
  readonly excludes?: readonly (readonly Condition[])[];
  readonly label?: string;
}

/** Whether a region term applies to an outcome: inside its box and outside every excluded box. */
export function regionApplies(r: RegionTerm, o: Outcome): boolean {
  if (!allHold(r.conditions, o)) return false;
  if (r.excludes) for (const box of r.excludes) if (allHold(box, o)) return false;
  return true;
}

/** Whether every condition holds (a loop, not `every`: this runs for every utility evaluated). */
function allHold(conditions: readonly Condition[], o: Outcome): boolean {
  for (let k = 0; k < conditions.length; k++)
    if (!conditionHolds(conditions[k] as Condition, o)) return false;
  return true;
}

/**
 * A hard constraint. `forbid`: violated when every condition holds (a forbidden region).
 * `require`: violated when any condition fails (the outcome must lie in the region).
 */
export interface RedLine {
  readonly id: string;
  readonly label: string;
  readonly kind: 'forbid' | 'require';
  readonly conditions: readonly Condition[];
}

export interface UtilitySpec {
  readonly weights: readonly number[];
  readonly evaluators: readonly Evaluator[];
  readonly regions?: readonly RegionTerm[];
  readonly redLines?: readonly RedLine[];
}

export function clamp01(x: number): number {
  return Math.min(Math.max(x, 0), 1);
}

export function evaluate(ev: Evaluator, issue: Issue, v: number): number {
  switch (ev.kind) {
    case 'table': {
      const d = issue.kind === 'integer' ? v - issue.min : v;
      return ev.values[d] ?? 0;
    }
    case 'linear': {
      const y = ev.intercept + ev.slope * v;
      return ev.clamp ? clamp01(y) : y;
    }
    case 'piecewise': {
      const { xs, ys } = ev;
      const n = xs.length;
      if (v <= (xs[0] as number)) return ys[0] as number;
      if (v >= (xs[n - 1] as number)) return ys[n - 1] as number;
      let k = 1;
      while ((xs[k] as number) < v) k++;
      const x0 = xs[k - 1] as number;
      const x1 = xs[k] as number;
      const y0 = ys[k - 1] as number;
      const y1 = ys[k] as number;
      return x1 === x0 ? y1 : y0 + ((y1 - y0) * (v - x0)) / (x1 - x0);
    }
  }
}

/**
 * Whether a condition's value list holds `v`. Long lists are looked up through a set built once
 * per list, so that checking every value of a large issue against a long list stays linear.
 */
function listHolds(values: readonly number[], v: number): boolean {
  if (values.length <= 16) return values.includes(v);
  let set = valueSets.get(values);
  if (set === undefined) {
    set = new Set(values);
    valueSets.set(values, set);
  }
  return set.has(v);
}

const valueSets = new WeakMap<readonly number[], ReadonlySet<number>>();

export function conditionHolds(c: Condition, o: Outcome): boolean {
  const v = o[c.issue] as number;
  if (c.values !== undefined && !listHolds(c.values, v)) return false;
  if (c.min !== undefined && v < c.min) return false;
  if (c.max !== undefined && v > c.max) return false;
  return true;
}

export function redLineViolated(r: RedLine, o: Outcome): boolean {
  const all = allHold(r.conditions, o);
  return r.kind === 'forbid' ? all : !all;
}

/** Largest space whose utilities a function keeps once it is evaluated (`keptUtilities`): 32 KiB. */
const KEPT_UTILITIES_LIMIT = 2 ** 12;

export class UtilityFunction {
  readonly space: OutcomeSpace;
  readonly weights: readonly number[];
  readonly evaluators: readonly Evaluator[];
  readonly regions: readonly RegionTerm[];
  readonly redLines: readonly RedLine[];
  /** `utilities()`, once computed (undefined before; null when the space is not kept). */
  #kept: Float64Array | null | undefined = undefined;

  constructor(space: OutcomeSpace, spec: UtilitySpec) {
    const n = space.issues.length;
    if (spec.weights.length !== n || spec.evaluators.length !== n) {
      throw new Error(`a utility function needs one weight and one evaluator per issue (${n})`);
    }
    this.space = space;
    this.weights = spec.weights;
    this.evaluators = spec.evaluators;
    this.regions = spec.regions ?? [];
    this.redLines = spec.redLines ?? [];
  }

  /**
   * Every outcome's utility by index (`utilities()`), computed on first use and kept, when the
   * space is enumerable and has at most 4096 outcomes; null otherwise. Read-only: it is shared.
   */
  keptUtilities(): Float64Array | null {
    if (this.#kept === undefined) {
      const space = this.space;
      this.#kept = space.enumerable && space.size <= KEPT_UTILITIES_LIMIT ? this.utilities() : null;
    }
    return this.#kept;
  }

  /** Utility of one outcome, in [0, 1] (red lines are not applied here; see `acceptable`). */
  evaluate(o: Outcome): number {
    // A small space looks the outcome up: negotiators evaluate every offer several times, and
    // `utilities()` holds the very numbers the sum below gives.
    const kept = this.keptUtilities();
    if (kept !== null) {
      const k = this.space.indexIfContains(o);
      if (k >= 0) return kept[k] as number;
    }
    const issues = this.space.issues;
    let u = 0;
    for (let i = 0; i < issues.length; i++) {
      u +=
        (this.weights[i] as number) *
        evaluate(this.evaluators[i] as Evaluator, issues[i] as Issue, o[i] as number);
    }
    const regions = this.regions;
    for (let k = 0; k < regions.length; k++) {
      const r = regions[k] as RegionTerm;
      if (regionApplies(r, o)) u += r.value;
    }
    return clamp01(u);
  }

  /** The red lines this outcome crosses (empty when acceptable). */
  violatedRedLines(o: Outcome): RedLine[] {
    return this.redLines.filter((r) => redLineViolated(r, o));
  }

  /** False when the outcome crosses any of the party's red lines. */
  acceptable(o: Outcome): boolean {
    const redLines = this.redLines;
    for (let k = 0; k < redLines.length; k++) if (redLineViolated(redLines[k] as RedLine, o)) return false;
    return true;
  }

  /** Weighted contribution table of issue i by digit (enumerable issues only). */
  contributions(i: number): Float64Array {
    const issue = this.space.issues[i] as Issue;
    const r = this.space.radices[i] as number;
    const w = this.weights[i] as number;
    const ev = this.evaluators[i] as Evaluator;
    const t = new Float64Array(r);
    for (let d = 0; d < r; d++) t[d] = w * evaluate(ev, issue, this.space.valueOfDigit(i, d));
    return t;
  }

  /**
   * Utilities of every outcome of an enumerable space, by index, in one pass: the linear part is
   * built by mixed-radix expansion (O(size), no per-outcome decoding), region terms are added
   * over their boxes only, and the result is clamped to [0, 1].
   */
  utilities(out?: Float64Array): Float64Array {
    const space = this.space;
    const n = space.size;
    if (!space.enumerable) throw new Error('utilities() needs an enumerable outcome space');
    const u = out ?? new Float64Array(n);
    if (u.length !== n) throw new Error(`output array has ${u.length} slots, the space has ${n} outcomes`);
    u[0] = 0;
    let len = 1;
    for (let i = 0; i < space.issues.length; i++) {
      const c = this.contributions(i);
      const r = c.length;
      // Expand in place from the back: slot a*r+d >= a, and u[a] is read before it is overwritten.
      for (let a = len - 1; a >= 0; a--) {
        const base = u[a] as number;
        const o = a * r;
        for (let d = r - 1; d >= 0; d--) u[o + d] = base + (c[d] as number);
      }
      len *= r;
    }
    let excluded: Uint8Array | undefined;
    for (const region of this.regions) {
      const boxes = region.excludes ?? [];
      if (boxes.length === 0) {
        forEachInKeptBox(space, region.conditions, (k) => {
          u[k] = (u[k] as number) + region.value;
        });
        continue;
      }
      // Mark the excluded parts of the box, add the value elsewhere in it, then clear the marks,
      // so each outcome still receives its terms in region order, as in `evaluate`.
      excluded ??= new Uint8Array(n);
      const mask = excluded;
      for (const box of boxes) forEachInBox(space, [...region.conditions, ...box], (k) => (mask[k] = 1));
      forEachInBox(space, region.conditions, (k) => {
        if (mask[k] === 0) u[k] = (u[k] as number) + region.value;
        else mask[k] = 0;
      });
    }
    for (let k = 0; k < n; k++) {
      const x = u[k] as number;
      if (x < 0) u[k] = 0;
      else if (x > 1) u[k] = 1;
    }
    return u;
  }

  /** 1 where the outcome crosses none of the party's red lines, 0 where it crosses one. */
  acceptableMask(out?: Uint8Array): Uint8Array {
    const space = this.space;
    const mask = out ?? new Uint8Array(space.size);
    mask.fill(1);
    for (const r of this.redLines) {
      if (r.kind === 'forbid') forEachInKeptBox(space, r.conditions, (k) => (mask[k] = 0));
      else for (const box of forbiddenBoxes(space, r)) forEachInBox(space, box, (k) => (mask[k] = 0));
    }
    return mask;
  }

  /** Upper bound on utility (exact for linear-additive functions without positive region terms). */
  upperBound(): number {
    let u = 0;
    this.space.issues.forEach((issue, i) => {
      const w = this.weights[i] as number;
      const ev = this.evaluators[i] as Evaluator;
      // A loop, not Math.max(...): spreading 200,000 values overflows the call stack.
      let best = Number.NEGATIVE_INFINITY;
      for (const v of candidatePoints(issue, ev)) best = Math.max(best, w * evaluate(ev, issue, v));
      u += best;
    });
    for (const r of this.regions) if (r.value > 0) u += r.value;
    return clamp01(u);
  }
}

/** Values of an issue where an evaluator can reach its extremes. */
function candidatePoints(issue: Issue, ev: Evaluator): number[] {
  if (issue.kind === 'discrete') return issue.values.map((_, d) => d);
  if (issue.kind === 'integer' && ev.kind === 'table') {
    return Array.from({ length: issue.max - issue.min + 1 }, (_, k) => issue.min + k);
  }
  const pts = [issue.min, issue.max];
  if (ev.kind === 'piecewise') for (const x of ev.xs) if (x > issue.min && x < issue.max) pts.push(x);
  return pts;
}

/** Digits of issue i allowed by the conditions on it (all digits when unconstrained). */
function allowedDigits(space: OutcomeSpace, conditions: readonly Condition[], i: number): number[] {
  const r = space.radices[i] as number;
  const out: number[] = [];
  for (let d = 0; d < r; d++) {
    const v = space.valueOfDigit(i, d);
    let ok = true;
    for (const c of conditions) {
      if (c.issue !== i) continue;
      if (c.values !== undefined && !listHolds(c.values, v)) ok = false;
      if (c.min !== undefined && v < c.min) ok = false;
      if (c.max !== undefined && v > c.max) ok = false;
    }
    if (ok) out.push(d);
  }
  return out;
}

/** Calls `f` with the index of every outcome inside the box (enumerable spaces). */
export function forEachInBox(
  space: OutcomeSpace,
  conditions: readonly Condition[],
  f: (index: number) => void,
): void {
  const k = space.issues.length;
  const lists = Array.from({ length: k }, (_, i) => allowedDigits(space, conditions, i));
  if (lists.some((l) => l.length === 0)) return;
  const pos = new Array<number>(k).fill(0);
  const strides = space.strides;
  // Odometer over the allowed digits; the last issue varies fastest.
  for (;;) {
    let idx = 0;
    for (let i = 0; i < k; i++)
      idx += ((lists[i] as number[])[pos[i] as number] as number) * (strides[i] as number);
    f(idx);
    let i = k - 1;
    while (i >= 0) {
      pos[i] = (pos[i] as number) + 1;
      if ((pos[i] as number) < (lists[i] as number[]).length) break;
      pos[i] = 0;
      i--;
    }
    if (i < 0) return;
  }
}

/** Largest space that keeps the outcomes of its kept boxes (`forEachInKeptBox`): 256 KiB a box at most. */
const KEPT_BOX_LIMIT = 2 ** 16;
/** The outcomes of each kept box, ascending, per space (see `forEachInKeptBox`). */
const keptBoxes = new WeakMap<OutcomeSpace, WeakMap<readonly Condition[], Uint32Array>>();

/**
 * `forEachInBox` for conditions that live as long as their scenario (a region's, a forbid red
 * line's): a small space lists the box's outcomes once, and every utility function built over the
 * same conditions (a forecast builds two per run from one file) walks that list.
 */
function forEachInKeptBox(
  space: OutcomeSpace,
  conditions: readonly Condition[],
  f: (index: number) => void,
): void {
  if (space.size > KEPT_BOX_LIMIT) {
    forEachInBox(space, conditions, f);
    return;
  }
  let kept = keptBoxes.get(space);
  if (kept === undefined) {
    kept = new WeakMap();
    keptBoxes.set(space, kept);
  }
  let box = kept.get(conditions);
  if (box === undefined) {
    const inside: number[] = [];
    forEachInBox(space, conditions, (k) => inside.push(k));
    box = Uint32Array.from(inside);
    kept.set(conditions, box);
  }
  for (let j = 0; j < box.length; j++) f(box[j] as number);
}

/** A red line as a union of forbidden boxes: `require` c1∧…∧cm becomes the boxes ¬c1, …, ¬cm. */
function forbiddenBoxes(space: OutcomeSpace, r: RedLine): Condition[][] {
  if (r.kind === 'forbid') return [[...r.conditions]];
  return r.conditions.map((c) => {
    const allowed = new Set(allowedDigits(space, [c], c.issue).map((d) => space.valueOfDigit(c.issue, d)));
    const complement: number[] = [];
    for (let d = 0; d < (space.radices[c.issue] as number); d++) {
      const v = space.valueOfDigit(c.issue, d);
      if (!allowed.has(v)) complement.push(v);
    }
    return [{ issue: c.issue, values: complement }];
  });
}

/** Table evaluator helper. */
export function table(values: readonly number[]): Evaluator {
  return { kind: 'table', values };
}

/** Discounted utility, GENIUS semantics: `u · d^t` with t the normalised time in [0, 1]. */
export function discounted(u: number, discountFactor: number, t: number): number {
  return discountFactor >= 1 ? u : u * discountFactor ** t;
}
