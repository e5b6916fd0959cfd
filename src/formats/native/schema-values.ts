/**
 * The half of the native format's schema (schema.ts) that needs no zod: constants and id patterns
 * that the schema and the code reading what it parsed share, and what a parsed number with
 * provenance means (its distribution, its point value). Code that turns a parsed file into a
 * scenario (convert.ts, and so a forecast's threads, which are sent parsed data) imports these
 * from here and never builds the schema.
 */
import { type Distribution, pointOf } from '../../model/distribution.ts';
import type { Bounds } from './bounded-number.ts';
import type { NumberWithProvenance } from './schema.ts';

/** Tolerance of a choice's probabilities summing to 1. */
export const PROBABILITY_TOLERANCE = 1e-9;

/** Tolerance of a party's weights summing to 1 (unless `weightsSum: asWritten`), as documented. */
export const WEIGHTS_TOLERANCE = 1e-6;

/** A value or party id. */
export const NAME_ID = /^[a-z0-9_-]+$/;

/** Bounds of a count of rounds. */
export const ROUNDS_BOUNDS: Bounds = { min: 1, integer: true };

/** The interval [lo, hi] of a field's bounds (infinite where unbounded). */
export function boundsInterval(b: Bounds): [number, number] {
  return [b.min ?? Number.NEGATIVE_INFINITY, b.max ?? Number.POSITIVE_INFINITY];
}

/** Where a normal is truncated: the field's bounds ∩ the author's `within` (empty when lo > hi). */
export function truncation(b: Bounds, within: readonly [number, number] | undefined): [number, number] {
  const [fieldLo, fieldHi] = boundsInterval(b);
  return [
    Math.max(fieldLo, within?.[0] ?? Number.NEGATIVE_INFINITY),
    Math.min(fieldHi, within?.[1] ?? Number.POSITIVE_INFINITY),
  ];
}

/**
 * The distribution of a number with provenance inside the field's bounds, or undefined for a
 * point (a bare number or `{ value }`).
 */
export function distributionOf(n: NumberWithProvenance, b: Bounds): Distribution | undefined {
  if (typeof n === 'number' || 'value' in n) return undefined;
  if ('range' in n) return { kind: 'uniform', min: n.range[0], max: n.range[1] };
  if ('triangular' in n)
    return { kind: 'triangular', min: n.triangular[0], mode: n.triangular[1], max: n.triangular[2] };
  if ('normal' in n) {
    const [min, max] = truncation(b, n.within);
    return { kind: 'normal', mean: n.normal.mean, sd: n.normal.sd, min, max };
  }
  return { kind: 'choice', values: n.choice.map((c) => c.value), probabilities: n.choice.map((c) => c.p) };
}

/**
 * The point value of a number with provenance, the value a single run uses: the number, its
 * `value`, a range's midpoint, a triangular's mode, a normal's mean, a choice's most probable value.
 */
export function pointValue(n: NumberWithProvenance): number {
  if (typeof n === 'number') return n;
  if ('value' in n) return n.value;
  if ('range' in n) return (n.range[0] + n.range[1]) / 2;
  return pointOf(distributionOf(n, {}) as Distribution);
}
