/**
 * Repeated keys in a YAML (or JSON) document, found in one pass. The yaml library can check them
 * while it parses (`uniqueKeys: true`), but it compares each new key with every earlier key of its
 * mapping, which is quadratic in the size of a mapping: a table of 40,000 evaluations took 40 s.
 * The loader parses with that check off and calls this instead, which keeps a set per mapping.
 * Keys are equal as the library's own check defines it: scalar keys with the same value.
 */
import { type Document, isMap, isScalar, visit } from 'yaml';

/**
 * The source offset of every key that repeats an earlier key of the same mapping, in document
 * order (the first occurrence is not reported; each later one is).
 *
 * @example
 * duplicateKeyOffsets(parseDocument('a: 1\nb: 2\na: 3\n', { uniqueKeys: false })); // [10]
 */
export function duplicateKeyOffsets(doc: Document): number[] {
  const offsets: number[] = [];
  visit(doc, {
    Map(_, map) {
      if (!isMap(map) || map.items.length < 2) return;
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = pair.key;
        if (!isScalar(key)) continue;
        if (seen.has(key.value)) offsets.push(key.range?.[0] ?? 0);
        else seen.add(key.value);
      }
    },
  });
  return offsets.sort((a, b) => a - b);
}
