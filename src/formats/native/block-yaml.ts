/**
 * A reader for the plain block YAML that Lancaster writes (`lancaster import`, the native YAML
 * exporter, the studio's download): block mappings and sequences indented with spaces, one entry
 * per line, plain or quoted one-line scalars, comments, `[]` and `{}`. A general YAML parser pays
 * for what such files never use (flow collections, anchors, tags, folding, multi-line keys) on
 * every character; this one reads a line at a time, about 3× faster than js-yaml on a table of
 * 200,000 evaluations, which makes the difference for `lancaster validate` on large imports.
 *
 * It never decides a question of YAML on its own: anything outside the subset (a tab, a tag, an
 * anchor, a block or multi-line scalar, a flow collection with content, a key or plain scalar whose
 * type is not plainly a string or a decimal number, a repeated key, odd indentation) makes it
 * return undefined, and the caller reads the text with the general parsers, which then give the
 * same data or the same errors as before. Within the subset it gives exactly js-yaml's data under
 * the YAML 1.2 core schema (a test compares the two on every YAML file of the repository and on
 * generated ones).
 */

import { rememberKeys } from './plain-tables.ts';

/** Returned by the scalar readers for text outside the subset. */
const OUTSIDE = Symbol('outside the subset');
type Scalar = string | number | boolean | null;

/**
 * Characters YAML forbids in a stream, and tabs, carriage returns, NEL, the line and paragraph
 * separators and byte order marks, whose reading differs between parsers (left to them).
 */
const OUTSIDE_CHARS = /[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\u{10000}-\u{10ffff}]/u;
/** A number both core schemas read alike, written as JavaScript writes numbers. */
const DECIMAL = /^-?(?:0|[1-9][0-9]{0,14})(?:\.[0-9]+)?(?:[eE][-+]?[0-9]{1,3})?$/;
/** A date or date-time: a string in the core schema (no timestamp type), often in scenario files. */
const DATE =
  /^[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[Tt ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?(?:Z|[+-][0-9]{2}:[0-9]{2})?)?$/;
/** Plain words the core schema reads as null or booleans (any case, to stay on the safe side). */
const NOT_STRING = /^(?:null|true|false|~)$/i;
/**
 * A backslash that does not start one of JSON's escapes (which mean the same in a YAML
 * double-quoted scalar); searched for, rather than matching the whole body, so that a long string
 * costs no backtracking.
 */
const NOT_JSON_ESCAPE = /\\(?!["\\/bfnrt]|u[0-9a-fA-F]{4})/;

const SPACE = 0x20;
const HASH = 0x23;
const DASH = 0x2d;
const COLON = 0x3a;
const DQUOTE = 0x22;
const SQUOTE = 0x27;
const LT = 0x3c;

/** Whether a plain scalar may start with this character and still be a string in every parser. */
function plainStringStart(c: number): boolean {
  if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c >= 0xa0) return true;
  // _ $ ( ) / ; = \ ^ ~: not indicators, and no number or boolean starts with them (null is `~` alone).
  return (
    c === 0x5f ||
    c === 0x24 ||
    c === 0x28 ||
    c === 0x29 ||
    c === 0x2f ||
    c === 0x3b ||
    c === 0x3d ||
    c === 0x5c ||
    c === 0x5e ||
    c === 0x7e
  );
}

/**
 * Index of the character `code` in [from, end), or -1. Searched within the line only: `indexOf`
 * would search on to the end of the text when the line lacks it, the whole text per line.
 */
function find(text: string, code: number, from: number, end: number): number {
  for (let i = from; i < end; i++) if (text.charCodeAt(i) === code) return i;
  return -1;
}

/** Index of the first `: ` (or `:` ending the line) in [start, end), or -1. */
function keySeparator(text: string, start: number, end: number): number {
  for (let i = find(text, COLON, start, end); i >= 0; i = find(text, COLON, i + 1, end)) {
    if (i + 1 === end || text.charCodeAt(i + 1) === SPACE) return i;
  }
  return -1;
}

/** Where a comment starts in [start, end) (a `#` after a space), or `end`. */
function commentStart(text: string, start: number, end: number): number {
  for (let i = find(text, HASH, start, end); i >= 0; i = find(text, HASH, i + 1, end)) {
    if (text.charCodeAt(i - 1) === SPACE) return i - 1;
  }
  return end;
}

/** End of [start, end) without trailing spaces. */
function trimEnd(text: string, start: number, end: number): number {
  while (end > start && text.charCodeAt(end - 1) === SPACE) end--;
  return end;
}

/** Characters no number of any YAML schema has: a scalar starting with a digit and holding one is a string. */
const NOT_NUMERIC = /[^0-9A-Za-z_+\-.:]/;

/** A plain scalar's value under the core schema, or OUTSIDE when it is not plainly one. */
function plainValue(s: string): Scalar | typeof OUTSIDE {
  if (s === 'true') return true;
  if (s === 'false') return false;
  if (s === 'null' || s === '~') return null;
  if (s.includes(': ') || s.endsWith(':')) return OUTSIDE;
  const c = s.charCodeAt(0);
  if (plainStringStart(c) || c === LT) return NOT_STRING.test(s) ? OUTSIDE : s;
  if ((c >= 0x30 && c <= 0x39) || c === DASH) {
    if (DECIMAL.test(s)) {
      // -0 is read as 0 by js-yaml's integer rule but as -0 by JavaScript: left to the parsers.
      return s === '-0' ? OUTSIDE : Number(s);
    }
    if (DATE.test(s) || (c !== DASH && NOT_NUMERIC.test(s))) return s;
  }
  return OUTSIDE;
}

/**
 * A one-line quoted scalar starting at `start` (a quote), and where it ends, or OUTSIDE. The rest of
 * the line after it must be spaces, a comment, or (for a key) `:`.
 */
function quoted(text: string, start: number, end: number): { value: string; next: number } | typeof OUTSIDE {
  const q = text.charCodeAt(start);
  if (q === SQUOTE) {
    let value = '';
    let from = start + 1;
    for (;;) {
      const close = find(text, SQUOTE, from, end);
      if (close < 0) return OUTSIDE;
      value += text.slice(from, close);
      if (text.charCodeAt(close + 1) === SQUOTE) {
        value += "'";
        from = close + 2;
        continue;
      }
      return { value, next: close + 1 };
    }
  }
  let close = start + 1;
  for (;;) {
    close = find(text, DQUOTE, close, end);
    if (close < 0) return OUTSIDE;
    let backslashes = 0;
    while (text.charCodeAt(close - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) break;
    close++;
  }
  const body = text.slice(start + 1, close);
  if (!body.includes('\\')) return { value: body, next: close + 1 };
  if (NOT_JSON_ESCAPE.test(body)) return OUTSIDE;
  try {
    return { value: JSON.parse(`"${body}"`) as string, next: close + 1 };
  } catch {
    return OUTSIDE;
  }
}

/** The value written in [start, end) of a line (not empty), or OUTSIDE. */
function lineValue(text: string, start: number, end: number): Scalar | object | typeof OUTSIDE {
  const c = text.charCodeAt(start);
  if (c === DQUOTE || c === SQUOTE) {
    const q = quoted(text, start, end);
    if (q === OUTSIDE) return OUTSIDE;
    // After the closing quote: nothing, or spaces and a comment.
    const spaces = countSpaces(text, q.next);
    const after = q.next + spaces;
    return after >= end || (spaces > 0 && text.charCodeAt(after) === HASH) ? q.value : OUTSIDE;
  }
  const stop = trimEnd(text, start, commentStart(text, start, end));
  const s = text.slice(start, stop);
  if (s === '[]') return [];
  if (s === '{}') return {};
  return plainValue(s);
}

function countSpaces(text: string, from: number): number {
  let n = 0;
  while (text.charCodeAt(from + n) === SPACE) n++;
  return n;
}

/** An open collection: its indentation and, for a mapping, the keys read so far. */
interface Frame {
  readonly indent: number;
  readonly seq: boolean;
  readonly node: Record<string, unknown> | unknown[];
  /**
   * A large mapping's keys in `Object.keys` order, kept for the checks (see plain-tables.ts): null
   * until it has `REMEMBERED_KEYS` of them, or for good once a key reads as an array index (those
   * come first in `Object.keys`, not in the order written).
   */
  keys?: string[] | null;
  /** Keys attached so far, until `keys` is set. */
  count?: number;
}

/** Mappings with at least this many keys have their keys remembered for the checks. */
const REMEMBERED_KEYS = 64;

/** Whether a key may be an array index, which objects list before other keys. */
function indexLike(key: string): boolean {
  const c = key.charCodeAt(0);
  return c >= 0x30 && c <= 0x39;
}

/** Hands a closed mapping's kept keys to the checks. */
function close(frame: Frame): void {
  if (frame.keys) rememberKeys(frame.node, frame.keys);
}

/** A key or sequence entry whose value is on the lines below it. */
interface Pending {
  readonly indent: number;
  readonly parent: Frame;
  readonly key: string | null;
}

/** Keys a mapping may not take here: the prototype's setter, YAML's merge key. */
function unsafeKey(key: string): boolean {
  return key === '__proto__' || key === '<<' || key.length > 1000;
}

/**
 * The data of a block YAML text in Lancaster's subset, or undefined when anything in it is outside
 * the subset (the caller then reads it with a general parser). The top level must be a mapping.
 *
 * @example
 * readBlockYaml('a: 1\nb:\n  - x\n  - "y"\n'); // { a: 1, b: ['x', 'y'] }
 * readBlockYaml('a: &x 1\n'); // undefined
 */
export function readBlockYaml(text: string): Record<string, unknown> | undefined {
  if (OUTSIDE_CHARS.test(text)) return undefined;
  const stack: Frame[] = [];
  let pending: Pending | null = null;
  let root: Record<string, unknown> | undefined;
  let pos = 0;
  const n = text.length;
  while (pos < n) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = n;
    const lineStart = pos;
    pos = eol + 1;
    const indent = countSpaces(text, lineStart);
    const first = lineStart + indent;
    if (first >= eol) continue;
    const c = text.charCodeAt(first);
    if (c === HASH) continue;
    const end = trimEnd(text, first, eol);
    const isItem = c === DASH && (first + 1 === end || text.charCodeAt(first + 1) === SPACE);
    if (root === undefined) {
      if (indent !== 0 || isItem) return undefined;
      root = {};
      stack.push({ indent: 0, seq: false, node: root });
    }
    if (pending !== null) {
      const p: Pending = pending;
      pending = null;
      if (indent > p.indent || (indent === p.indent && isItem && p.key !== null)) {
        const node: Record<string, unknown> | unknown[] = isItem ? [] : {};
        if (!attach(p.parent, p.key, node)) return undefined;
        stack.push({ indent, seq: isItem, node });
      } else if (!attach(p.parent, p.key, null)) return undefined;
    }
    let top = stack[stack.length - 1] as Frame;
    while (top.indent > indent || (top.indent === indent && top.seq && !isItem)) {
      close(stack.pop() as Frame);
      top = stack[stack.length - 1] as Frame;
      if (top === undefined) return undefined;
    }
    if (top.indent !== indent || top.seq !== isItem) return undefined;
    if (!isItem) {
      const r = mapEntry(text, first, end, top, indent);
      if (r === OUTSIDE) return undefined;
      pending = r;
      continue;
    }
    // A sequence entry: `-` alone, `- value`, `- key: value` (a mapping in the entry) or `- - ...`.
    let seq = top;
    let dash = first;
    for (;;) {
      const at = dash + 1 + countSpaces(text, dash + 1);
      if (at >= end || text.charCodeAt(at) === HASH) {
        pending = { indent: seq.indent, parent: seq, key: null };
        break;
      }
      if (text.charCodeAt(at) === DASH && (at + 1 === end || text.charCodeAt(at + 1) === SPACE)) {
        const inner: unknown[] = [];
        (seq.node as unknown[]).push(inner);
        seq = { indent: at - lineStart, seq: true, node: inner };
        stack.push(seq);
        dash = at;
        continue;
      }
      if (startsEntry(text, at, end)) {
        const map: Record<string, unknown> = {};
        (seq.node as unknown[]).push(map);
        const frame: Frame = { indent: at - lineStart, seq: false, node: map };
        stack.push(frame);
        const r = mapEntry(text, at, end, frame, frame.indent);
        if (r === OUTSIDE) return undefined;
        pending = r;
        break;
      }
      const v = lineValue(text, at, end);
      if (v === OUTSIDE) return undefined;
      (seq.node as unknown[]).push(v);
      break;
    }
  }
  if (pending !== null && !attach(pending.parent, pending.key, null)) return undefined;
  for (const frame of stack) close(frame);
  return root;
}

/** Puts `value` under `key` of a mapping (false for a repeated key) or at the end of a sequence. */
function attach(frame: Frame, key: string | null, value: unknown): boolean {
  if (key === null) {
    (frame.node as unknown[]).push(value);
    return true;
  }
  const map = frame.node as Record<string, unknown>;
  if (Object.hasOwn(map, key)) return false;
  map[key] = value;
  if (frame.keys === undefined) {
    // Small mappings only count their keys; they are listed once, at the limit.
    frame.count = (frame.count ?? 0) + 1;
    if (indexLike(key)) frame.keys = null;
    else if (frame.count === REMEMBERED_KEYS) frame.keys = Object.keys(map);
  } else if (frame.keys !== null) {
    if (indexLike(key)) frame.keys = null;
    else frame.keys.push(key);
  }
  return true;
}

/** Whether [at, end) is `key: ...` rather than a scalar. */
function startsEntry(text: string, at: number, end: number): boolean {
  const c = text.charCodeAt(at);
  if (c === DQUOTE || c === SQUOTE) {
    const q = quoted(text, at, end);
    if (q === OUTSIDE) return false;
    const after = q.next + countSpaces(text, q.next);
    return text.charCodeAt(after) === COLON;
  }
  const sep = keySeparator(text, at, end);
  return sep >= 0 && sep < commentStart(text, at, end);
}

/**
 * Reads `key: value` in [first, end) into the mapping of `frame`: the pending entry when the value
 * is on the lines below, null when it was on this line, OUTSIDE when the line is not in the subset.
 */
function mapEntry(
  text: string,
  first: number,
  end: number,
  frame: Frame,
  indent: number,
): Pending | null | typeof OUTSIDE {
  let key: string;
  let after: number;
  const c = text.charCodeAt(first);
  if (c === DQUOTE || c === SQUOTE) {
    const q = quoted(text, first, end);
    if (q === OUTSIDE) return OUTSIDE;
    key = q.value;
    after = q.next + countSpaces(text, q.next);
    if (text.charCodeAt(after) !== COLON) return OUTSIDE;
    after++;
    if (after < end && text.charCodeAt(after) !== SPACE) return OUTSIDE;
  } else {
    if (!plainStringStart(c)) return OUTSIDE;
    const sep = keySeparator(text, first, end);
    if (sep < 0 || sep > commentStart(text, first, end)) return OUTSIDE;
    key = text.slice(first, trimEnd(text, first, sep));
    if (NOT_STRING.test(key)) return OUTSIDE;
    after = sep + 1;
  }
  if (unsafeKey(key)) return OUTSIDE;
  const at = after + countSpaces(text, after);
  if (at >= end || text.charCodeAt(at) === HASH) {
    if (Object.hasOwn(frame.node, key)) return OUTSIDE;
    return { indent, parent: frame, key };
  }
  const v = lineValue(text, at, end);
  if (v === OUTSIDE || !attach(frame, key, v)) return OUTSIDE;
  return null;
}
