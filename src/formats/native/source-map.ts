/**
 * From a path in the parsed data to a line and column in the file. The YAML document keeps the
 * source range of every node; walking it along the path (through aliases too) finds the node a
 * problem is about. When the node does not exist, as for a missing required field, the walk stops
 * at the nearest existing parent and the problem points there. JSON files are parsed by the same
 * YAML parser, so they get positions the same way.
 */
import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type LineCounter,
  type Node,
  type Pair,
  type YAMLMap,
} from 'yaml';
import type { DataPath } from './problem-draft.ts';

/** A 1-based line and column. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** Looks up positions of data paths in one parsed YAML (or JSON) document. */
export class SourceMap {
  private readonly doc: Document;
  private readonly lines: LineCounter;
  /** Looking a key up by scanning its mapping would make locating every problem of a file quadratic. */
  private readonly pairIndex = new WeakMap<YAMLMap, Map<string, Pair>>();

  constructor(doc: Document, lines: LineCounter) {
    this.doc = doc;
    this.lines = lines;
  }

  /** Line and column of a character offset (line 1 when the text has no line breaks yet). */
  positionOf(offset: number): Position {
    const { line, col } = this.lines.linePos(offset);
    return { line: Math.max(1, line), column: Math.max(1, col) };
  }

  /**
   * Position of the data at `path`. `at: 'key'` prefers the map key of the last element found;
   * otherwise a scalar value is pointed at directly and a collection by its key, because a block
   * collection's own range starts at its first child, a line below where the reader looks.
   */
  locate(path: DataPath, at: 'key' | 'value' = 'value'): Position {
    let node: unknown = this.doc.contents;
    let key: Node | undefined;
    let found = true;
    for (const seg of path) {
      node = this.resolve(node);
      if (isMap(node)) {
        const pair = this.pairsOf(node).get(String(seg));
        if (!pair) {
          found = false;
          break;
        }
        key = pair.key as Node;
        node = pair.value;
      } else if (isSeq(node) && typeof seg === 'number' && seg < node.items.length) {
        key = undefined;
        node = node.items[seg];
      } else {
        found = false;
        break;
      }
    }
    node = this.resolve(node);
    const keyStart = key?.range?.[0];
    const nodeRange = (node as Node | null | undefined)?.range;
    let offset: number | undefined;
    if (found && at === 'value' && isScalar(node) && nodeRange && nodeRange[1] > nodeRange[0])
      offset = nodeRange[0];
    else if (keyStart !== undefined) offset = keyStart;
    else offset = nodeRange?.[0];
    return this.positionOf(offset ?? 0);
  }

  /** A mapping's pairs by key text (the first pair of a key), indexed once per mapping. */
  private pairsOf(map: YAMLMap): Map<string, Pair> {
    let pairs = this.pairIndex.get(map);
    if (pairs === undefined) {
      pairs = new Map();
      for (const p of map.items) {
        if (!isScalar(p.key)) continue;
        const key = String(p.key.value);
        if (!pairs.has(key)) pairs.set(key, p as Pair);
      }
      this.pairIndex.set(map, pairs);
    }
    return pairs;
  }

  private resolve(node: unknown): unknown {
    return isAlias(node) ? node.resolve(this.doc) : node;
  }
}
