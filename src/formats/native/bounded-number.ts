/**
 * Number schemas with bounds whose interval (`[0, 1]`, `(0, 1]`) is remembered, so that an error
 * about a number out of range can say which numbers it accepts (zod-problems.ts). A module of its
 * own, like mediator-schema.ts, so that a file format that needs only these (a tournament spec)
 * does not build the whole scenario schema of schema.ts.
 */
import { z } from 'zod';

/** Human text of the interval each bounded number accepts, for messages (`[0, 1]`, `(0, 1]`). */
const intervals = new WeakMap<z.ZodType, string>();

/** The interval text recorded for a number schema built here, if any. */
export function intervalOf(schema: z.ZodType): string | undefined {
  return intervals.get(schema);
}

export interface Bounds {
  readonly min?: number;
  readonly max?: number;
  /** Whether `min` itself is excluded, as for a discount factor in (0, 1]. */
  readonly minExclusive?: boolean;
  readonly integer?: boolean;
  readonly description?: string;
}

/**
 * A number schema with bounds whose interval text is remembered for error messages. The
 * description is set here because `.describe()` returns a new schema the WeakMap would not know.
 */
export function boundedNumber(b: Bounds): z.ZodNumber {
  let n = b.integer ? z.int() : z.number();
  if (b.min !== undefined) n = b.minExclusive ? n.gt(b.min) : n.gte(b.min);
  if (b.max !== undefined) n = n.lte(b.max);
  if (b.description !== undefined) n = n.describe(b.description);
  const lo = b.min === undefined ? '-∞' : String(b.min);
  const hi = b.max === undefined ? '∞' : String(b.max);
  const open = b.minExclusive || b.min === undefined ? '(' : '[';
  const close = b.max === undefined ? ')' : ']';
  intervals.set(n, `${b.integer ? 'an integer' : 'a number'} in ${open}${lo}, ${hi}${close}`);
  return n;
}
