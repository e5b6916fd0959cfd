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

/**
 * A large list of candidates indexed for one-edit lookups: by lower-cased name (first position
 * kept), and by every name with one character deleted (the positions of the names it comes from,
 * ascending). A typo one edit from a name shares a deletion with it (or is one, or has one that is
 * the name), so a lookup costs a few map reads per character of the typo, whatever the number or
 * the alphabet of the names (the variants of a typo over the names' alphabet cost 2 reads per
 * character per letter of the alphabet).
 */
interface NameIndex {
  readonly byLower: ReadonlyMap<string, number>;
  readonly names: readonly string[];
  readonly lowers: readonly string[];
  /** Deleted-one-character forms → the position, or ascending positions, of the names giving it. */
  readonly deletions: ReadonlyMap<string, number | number[]>;
}

const indexes = new WeakMap<readonly string[], NameIndex>();

function indexOf(names: readonly string[]): NameIndex {
  let index = indexes.get(names);
  if (index === undefined) {
    const byLower = new Map<string, number>();
    const deletions = new Map<string, number | number[]>();
    const lowers = names.map((n, k) => {
      const lower = n.toLowerCase();
      if (!byLower.has(lower)) byLower.set(lower, k);
      let previous: string | undefined;
      for (let i = 0; i < lower.length; i++) {
        const d = lower.slice(0, i) + lower.slice(i + 1);
        // Deleting either of two equal neighbours gives the same form: list the name once.
        if (d === previous) continue;
        previous = d;
        const at = deletions.get(d);
        if (at === undefined) deletions.set(d, k);
        else if (typeof at === 'number') {
          if (at !== k) deletions.set(d, [at, k]);
        } else if (at[at.length - 1] !== k) at.push(k);
      }
      return lower;
    });
    index = { byLower, names, lowers, deletions };
    indexes.set(names, index);
  }
  return index;
}

/** Whether two texts of the same length differ by one substitution or one swap of neighbours. */
function oneSubstitutionOrSwap(a: string, b: string): boolean {
  let i = 0;
  while (i < a.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === a.length) return false;
  const sameFrom = (k: number) => {
    for (let j = k; j < a.length; j++) if (a.charCodeAt(j) !== b.charCodeAt(j)) return false;
    return true;
  };
  if (sameFrom(i + 1)) return true;
  return (
    i + 1 < a.length &&
    a.charCodeAt(i) === b.charCodeAt(i + 1) &&
    a.charCodeAt(i + 1) === b.charCodeAt(i) &&
    sameFrom(i + 2)
  );
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
  // A name with one character more than the typo: it has the typo among its deletions.
  const longer = index.deletions.get(lower);
  if (longer !== undefined)
    best = Math.min(best, typeof longer === 'number' ? longer : (longer[0] as number));
  for (let i = 0; i < lower.length; i++) {
    const d = lower.slice(0, i) + lower.slice(i + 1);
    // A name with one character less: the typo with one character deleted.
    const shorter = index.byLower.get(d);
    if (shorter !== undefined && shorter < best) best = shorter;
    // A name of the same length one substitution or swap away shares a deletion with the typo
    // (names sharing one may also be two edits away: checked).
    const same = index.deletions.get(d);
    if (same === undefined) continue;
    for (const k of typeof same === 'number' ? [same] : same) {
      if (k >= best) break;
      if (oneSubstitutionOrSwap(lower, index.lowers[k] as string)) {
        best = k;
        break;
      }
    }
  }
  return Number.isFinite(best) ? index.names[best] : undefined;
}

/** `; did you mean \`x\`?` to append to a message, or the empty string. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const near = nearestName(name, candidates);
  return near === undefined ? '' : `; did you mean \`${near}\`?`;
}
