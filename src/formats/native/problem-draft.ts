/**
 * A problem as the validators find it: a code, a path into the parsed data (keys and indices) and
 * the text, but no file position yet. The loader turns drafts into `Problem`s by looking the path
 * up in the YAML document, so that the validators never deal with line numbers and the same path
 * gives the same position whichever check found it.
 */
import type { ProblemCode } from '../../errors.ts';

/** A path into the parsed file: map keys and sequence indices. */
export type DataPath = readonly (string | number)[];

/** A problem found by a validator, located by data path; the loader adds file, line and column. */
export interface ProblemDraft {
  readonly code: ProblemCode;
  readonly path: DataPath;
  readonly message: string;
  readonly expected?: string;
  /**
   * Where to point: `key` points at the map key of the last path element (an unknown field, a
   * whole map that is wrong as a whole); `value` (the default) at the value when it is a scalar
   * and at its key when it is a collection, whose own position is its first child.
   */
  readonly at?: 'key' | 'value';
}

/** Plain-object test shared by the validators, which read data that may have any shape. */
export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** The value at `path` inside `data`, or undefined when the path leaves the data. */
export function valueAt(data: unknown, path: DataPath): unknown {
  let cur = data;
  for (const seg of path) {
    if (Array.isArray(cur) && typeof seg === 'number') cur = cur[seg];
    else if (isRecord(cur) && Object.hasOwn(cur, String(seg))) cur = cur[String(seg)];
    else return undefined;
  }
  return cur;
}

/** A short rendering of a value for messages: `"x"`, `1.5`, `a list`. */
export function showValue(x: unknown): string {
  if (x === undefined) return 'nothing';
  if (x === null) return 'an empty value (null)';
  if (typeof x === 'string') return JSON.stringify(x.length > 40 ? `${x.slice(0, 37)}...` : x);
  if (typeof x === 'number' || typeof x === 'boolean') return String(x);
  if (Array.isArray(x)) return 'a list';
  return 'a mapping';
}

const longLists = new WeakMap<
  readonly string[],
  { length: number; first: string | undefined; text: string }
>();

/** How many names a message lists before it stops (an issue may have 200,000 values). */
const LISTED = 20;

/**
 * `a`, `a or b`, `a, b or c` — for lists of allowed ids in messages. A long list shows its
 * first names and how many there are, so that a message stays short and each one costs little.
 */
export function listOf(names: readonly string[]): string {
  if (names.length > LISTED) {
    // One text per long list: a file with 200,000 misspelt keys names the same list 200,000
    // times, and formatting its count (toLocaleString) costs microseconds each time.
    const cached = longLists.get(names);
    if (cached !== undefined && cached.length === names.length && cached.first === names[0])
      return cached.text;
    const text = `${names.slice(0, LISTED - 2).join(', ')}, … (${names.length.toLocaleString('en-GB')} in all)`;
    longLists.set(names, { length: names.length, first: names[0], text });
    return text;
  }
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}
