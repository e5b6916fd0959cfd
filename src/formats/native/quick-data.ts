/**
 * The data of a scenario text, read fast, for the common case of a file without problems. The
 * `yaml` library the loader uses for positions builds a node with a source range for every scalar
 * and reads about 2–4 MB/s, so a file with 200,000 values (about 20 MB) took seconds before any
 * check ran. Most files have no problem, and a file without problems needs no positions: this
 * reads JSON with `JSON.parse` (after the strict scanner found no error and no repeated key) and
 * YAML with js-yaml (about 10× faster), both YAML 1.2 core schema. When the text has problems the
 * loader reads it again with `yaml`, so every message and position comes from one parser.
 *
 * js-yaml is trusted only where both parsers read the same data: no aliases (js-yaml has no guard
 * against alias bombs; `yaml` has), no directives, no keys that are collections, tagged or read
 * as null (`yaml` turns a null key into "", js-yaml into "null"), no repeated keys (js-yaml throws
 * on them, and the slow path reports them); anything js-yaml refuses goes to the slow path. A property test checks
 * that both parsers give equal data on the scalars and shapes scenario files use.
 */
import { CORE_SCHEMA, constructFromEvents, EVENT_ID, type Event, parseEvents, SCALAR_STYLE } from 'js-yaml';
import { readBlockYaml } from './block-yaml.ts';
import { rememberKeys } from './plain-tables.ts';

/** Plain scalars a key may be written as that read as null: `yaml` makes such a key "", js-yaml "null". */
const NULL_KEYS = new Set(['', '~', 'null', 'Null', 'NULL']);

/**
 * Whether the parse events hold only what both parsers read alike: no directive, no alias, and
 * every mapping key a plain or quoted scalar without a tag that does not read as null.
 */
function sameInBothParsers(text: string, events: readonly Event[]): boolean {
  // One entry per open node: the number of children a mapping has had so far, -1 for others.
  const open: number[] = [];
  for (const e of events) {
    if (e.type === EVENT_ID.POP) {
      open.pop();
      continue;
    }
    if (e.type === EVENT_ID.DOCUMENT) {
      if (e.directives.length > 0) return false;
      open.push(-1);
      continue;
    }
    if (e.type === EVENT_ID.ALIAS) return false;
    const top = open.length - 1;
    const count = open[top] ?? -1;
    if (count >= 0) {
      open[top] = count + 1;
      if (count % 2 === 0) {
        // A key.
        if (e.type !== EVENT_ID.SCALAR || e.tagStart !== -1) return false;
        // Null words are at most 4 characters: longer keys need no copy of their text.
        if (
          e.style === SCALAR_STYLE.PLAIN &&
          e.valueEnd - e.valueStart <= 4 &&
          NULL_KEYS.has(text.slice(e.valueStart, e.valueEnd))
        )
          return false;
      }
    }
    if (e.type === EVENT_ID.MAPPING) open.push(0);
    else if (e.type === EVENT_ID.SEQUENCE) open.push(-1);
  }
  return true;
}

/**
 * The data of `text` read fast, or undefined when only the full parser should read it (a syntax
 * error, a repeated key, an alias, a directive, a key that reads as null, an empty document).
 *
 * @example
 * quickData('a: 1\nb: [x, y]\n', false); // { data: { a: 1, b: ['x', 'y'] } }
 * quickData('a: &x 1\nb: *x\n', false); // undefined
 */
export function quickData(text: string, json: boolean): { readonly data: unknown } | undefined {
  if (json) {
    const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    let data: unknown;
    try {
      data = JSON.parse(body);
    } catch {
      return undefined;
    }
    // JSON.parse keeps the last of repeated keys silently; the slow path reports them.
    const keys = keysIn(data, 0);
    return keys >= 0 && keys === separatorsOutsideStrings(body) && data !== null ? { data } : undefined;
  }
  // The plain block YAML Lancaster writes is read by a reader made for it, about 3× faster than
  // js-yaml on large tables; anything else it leaves to js-yaml (see block-yaml.ts).
  const block = readBlockYaml(text);
  if (block !== undefined) return { data: block };
  try {
    const events = parseEvents(text, {});
    if (!sameInBothParsers(text, events)) return undefined;
    const docs = constructFromEvents(events, { source: text, schema: CORE_SCHEMA, maxAliases: 0 });
    const data = docs.length === 1 ? docs[0] : undefined;
    return data === null || data === undefined ? undefined : { data };
  } catch {
    return undefined;
  }
}

/** Objects with at least this many keys have their keys remembered for the checks. */
const REMEMBERED_KEYS = 64;

/** Deepest nesting read on the fast path; deeper documents go to the slow path, which refuses them. */
const MAX_DEPTH = 512;

/**
 * The number of keys of every object in parsed JSON data, or -1 when it nests deeper than
 * `MAX_DEPTH`. Compared with the key separators of the text it tells whether an object repeated a
 * key (JSON.parse keeps one of them): one pass over the data, none over the text per key.
 */
function keysIn(x: unknown, depth: number): number {
  if (typeof x !== 'object' || x === null) return 0;
  if (depth > MAX_DEPTH) return -1;
  let n = 0;
  if (Array.isArray(x)) {
    for (const item of x) {
      const k = keysIn(item, depth + 1);
      if (k < 0) return -1;
      n += k;
    }
    return n;
  }
  // Object.keys, not for…in (which sorts a large object's keys on each pass); the keys of large
  // objects are kept for the checks that follow (see plain-tables.ts).
  const keys = Object.keys(x);
  const record = x as Record<string, unknown>;
  for (let i = 0; i < keys.length; i++) {
    const k = keysIn(record[keys[i] as string], depth + 1);
    if (k < 0) return -1;
    n += k + 1;
  }
  if (keys.length >= REMEMBERED_KEYS) rememberKeys(x, keys);
  return n;
}

/**
 * The number of `:` outside strings in a valid JSON text: one per key written, since in JSON a
 * colon outside a string only ever separates a key from its value. Strings are skipped with
 * `indexOf`, so the scan costs little more than reading the text once.
 */
function separatorsOutsideStrings(text: string): number {
  let n = 0;
  let pos = 0;
  for (;;) {
    const quote = text.indexOf('"', pos);
    const end = quote < 0 ? text.length : quote;
    for (let colon = text.indexOf(':', pos); colon >= 0 && colon < end; colon = text.indexOf(':', colon + 1))
      n++;
    if (quote < 0) return n;
    // Skip the string: its closing quote is the next one not escaped by an odd run of backslashes.
    let close = quote + 1;
    for (;;) {
      close = text.indexOf('"', close);
      let backslashes = 0;
      while (text.charCodeAt(close - 1 - backslashes) === 0x5c) backslashes++;
      if (backslashes % 2 === 0) break;
      close++;
    }
    pos = close + 1;
  }
}
