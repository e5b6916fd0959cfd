/**
 * "Did you mean …?" for misspelt field names and ids: the closest candidate by edit distance
 * (Damerau–Levenshtein with adjacent transpositions, so `weigths` is one edit from `weights`),
 * offered only when it is close enough relative to the length of the name to be a plausible typo.
 */

/** Optimal-string-alignment distance between `a` and `b`. */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  const d: number[][] = Array.from({ length: m + 1 }, (_, i) => {
    const row = new Array<number>(n + 1).fill(0);
    row[0] = i;
    return row;
  });
  const at = (i: number, j: number) => (d[i] as number[])[j] as number;
  for (let j = 0; j <= n; j++) (d[0] as number[])[j] = j;
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = v;
    }
  }
  return at(m, n);
}

/**
 * The candidate closest to `name`, when it is within a third of the name's length (at least one
 * edit, case ignored); undefined when nothing is that close.
 *
 * @example
 * nearestName('weigths', ['weights', 'evaluators']); // 'weights'
 */
export function nearestName(name: string, candidates: Iterable<string>): string | undefined {
  if (Array.isArray(candidates) && candidates.length > LARGE)
    return nearestByOneEdit(name, indexOf(candidates));
  const limit = Math.max(1, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const dist = editDistance(name.toLowerCase(), c.toLowerCase());
    if (dist < bestDistance && dist <= limit) {
      best = c;
      bestDistance = dist;
    }
  }
  return best;
}

/**
 * Above this many candidates (an issue's 200,000 value ids) comparing a name with each would make
 * reporting many misspelt keys quadratic; a name is then looked up among its one-edit variants.
 */
const LARGE = 1000;

/** The candidates of a large list by lower-cased name (first position kept), and their alphabet. */
interface NameIndex {
  readonly byLower: ReadonlyMap<string, number>;
  readonly names: readonly string[];
  readonly alphabet: readonly string[];
}

const indexes = new WeakMap<readonly string[], NameIndex>();

function indexOf(names: readonly string[]): NameIndex {
  let index = indexes.get(names);
  if (index === undefined) {
    const byLower = new Map<string, number>();
    const chars = new Set<string>();
    names.forEach((n, k) => {
      const lower = n.toLowerCase();
      if (!byLower.has(lower)) byLower.set(lower, k);
      for (const ch of lower) chars.add(ch);
    });
    index = { byLower, names, alphabet: [...chars] };
    indexes.set(names, index);
  }
  return index;
}

/**
 * The candidate equal to `name` or one edit from it (case ignored; deletion, insertion,
 * substitution or swap of neighbours), the earliest in the list when several are. Every
 * candidate that `nearestName` would find at distance 0 or 1 is found; farther ones are not.
 */
function nearestByOneEdit(name: string, index: NameIndex): string | undefined {
  const lower = name.toLowerCase();
  const exact = index.byLower.get(lower);
  if (exact !== undefined) return index.names[exact];
  let best = Number.POSITIVE_INFINITY;
  const consider = (variant: string) => {
    const k = index.byLower.get(variant);
    if (k !== undefined && k < best) best = k;
  };
  for (let i = 0; i <= lower.length; i++) {
    const head = lower.slice(0, i);
    const tail = lower.slice(i);
    if (i < lower.length) consider(head + tail.slice(1));
    if (i + 1 < lower.length) consider(head + (tail[1] as string) + (tail[0] as string) + tail.slice(2));
    for (const ch of index.alphabet) {
      consider(head + ch + tail);
      if (i < lower.length) consider(head + ch + tail.slice(1));
    }
  }
  return Number.isFinite(best) ? index.names[best] : undefined;
}

/** `; did you mean \`x\`?` to append to a message, or the empty string. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const near = nearestName(name, candidates);
  return near === undefined ? '' : `; did you mean \`${near}\`?`;
}
