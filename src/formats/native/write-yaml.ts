/**
 * Native scenario data → YAML text, for the web studio's download and anything else that edits a
 * scenario as data. When the text the data was read from is given, the edits are applied to that
 * YAML document node by node (a map keeps its keys' order and comments, a list of objects with ids
 * is matched by id, an unchanged scalar keeps its quoting), so that a person's comments survive an
 * edit in the studio; otherwise the data is written plainly. Either way the result is checked: the
 * text must read back to exactly the data (else the plain form is written), so load → save → load
 * always gives the same scenario. Pure: runs in a browser.
 */
import {
  type Document,
  isMap,
  isScalar,
  isSeq,
  type Node,
  Pair,
  parse,
  parseDocument,
  type Scalar,
  stringify,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import { isRecord } from './problem-draft.ts';

/** Columns after which long strings are folded (folding never changes the value read back). */
export const YAML_LINE_WIDTH = 110;

/** Options of {@link scenarioYamlText}. */
export interface ScenarioYamlOptions {
  /** The YAML (or JSON) text the data was read from: its comments and layout are kept. */
  readonly original?: string | null;
  /** Comment lines put first when the data is written plainly (each line without its `#`). */
  readonly header?: readonly string[];
}

/** Deep equality of JSON-like data (plain objects, arrays, strings, numbers, booleans, null). */
export function sameData(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => sameData(x, b[i]));
  }
  if (isRecord(a) && isRecord(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.hasOwn(b, k) && sameData(a[k], b[k]));
  }
  return false;
}

/** Reads YAML text as plain data the way the scenario reader does (aliases bounded). */
function readBack(text: string): unknown {
  return parse(text, { maxAliasCount: 1000 });
}

function plainText(data: unknown, header: readonly string[] | undefined): string {
  const head = (header ?? []).map((line) => `# ${line}\n`).join('');
  return head + stringify(data, { lineWidth: YAML_LINE_WIDTH, aliasDuplicateObjects: false });
}

/** A fresh node for `value`, keeping the comments of the node it replaces. */
function freshNode(doc: Document, value: unknown, old: unknown): Node {
  const node = doc.createNode(value, { aliasDuplicateObjects: false }) as Node;
  if (old && typeof old === 'object' && 'comment' in old) {
    const o = old as Node;
    if (o.comment) node.comment = o.comment;
    if (o.commentBefore) node.commentBefore = o.commentBefore;
    if (o.spaceBefore) node.spaceBefore = o.spaceBefore;
  }
  return node;
}

/** The id of a list element (an object with a string `id`), if any. */
function idOf(x: unknown): string | undefined {
  return isRecord(x) && typeof x.id === 'string' ? x.id : undefined;
}

/** `node` changed in place (or replaced) so that it holds `value`; returns the node to keep. */
function patch(doc: Document, node: unknown, value: unknown): unknown {
  if (isMap(node) && isRecord(value)) {
    patchMap(doc, node, value);
    return node;
  }
  if (isSeq(node) && Array.isArray(value)) {
    patchSeq(doc, node, value);
    return node;
  }
  if (isScalar(node) && !isRecord(value) && !Array.isArray(value) && sameData(node.value, value)) return node;
  return freshNode(doc, value, node);
}

function keyOf(pair: Pair): string | undefined {
  return isScalar(pair.key) ? String((pair.key as Scalar).value) : undefined;
}

function patchMap(doc: Document, map: YAMLMap, value: Record<string, unknown>): void {
  const kept: Pair[] = [];
  const seen = new Set<string>();
  for (const pair of map.items) {
    const key = keyOf(pair);
    if (key === undefined || !Object.hasOwn(value, key) || seen.has(key)) continue;
    seen.add(key);
    pair.value = patch(doc, pair.value, value[key]);
    kept.push(pair);
  }
  for (const [key, v] of Object.entries(value)) {
    if (seen.has(key)) continue;
    kept.push(new Pair(doc.createNode(key), freshNode(doc, v, undefined)));
  }
  map.items = kept;
}

function patchSeq(doc: Document, seq: YAMLSeq, value: readonly unknown[]): void {
  const old = seq.items;
  const oldIds = old.map((n) => (isMap(n) ? idOf((n as YAMLMap).toJSON()) : undefined));
  const used = new Set<number>();
  seq.items = value.map((v, i) => {
    const id = idOf(v);
    // An element with an id takes the old node of that id wherever it stood; others go by position.
    let k = id !== undefined ? oldIds.findIndex((o, j) => o === id && !used.has(j)) : -1;
    if (k < 0 && i < old.length && !used.has(i) && (id === undefined || oldIds[i] === undefined)) k = i;
    if (k < 0) return freshNode(doc, v, undefined);
    used.add(k);
    return patch(doc, old[k], v) as Node;
  });
}

/**
 * Scenario data as YAML text. With `original`, the edits are made to that document (its comments
 * stay); without it, or when the original cannot be patched faithfully (anchors shared between
 * places, a syntax error), the data is written plainly with `header`. The text always reads back
 * to data equal to `data`.
 *
 * @example
 * const text = scenarioYamlText(edited, { original: fileText });
 * sameData(parse(text), edited); // true
 */
export function scenarioYamlText(data: unknown, opts: ScenarioYamlOptions = {}): string {
  // A JSON original is written as YAML afresh: patching it would keep JSON's flow style.
  if (opts.original && !/^\s*[[{]/.test(opts.original)) {
    const doc = parseDocument(opts.original, { prettyErrors: false });
    if (doc.errors.length === 0 && doc.contents !== null) {
      doc.contents = patch(doc, doc.contents, data) as typeof doc.contents;
      const text = doc.toString({ lineWidth: YAML_LINE_WIDTH });
      try {
        if (sameData(readBack(text), data)) return text;
      } catch {
        // Fall through to the plain form.
      }
    }
  }
  return plainText(data, opts.header);
}
