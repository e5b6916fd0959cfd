/**
 * `--set path=value` overrides of scenario data, applied before validation so that every check of
 * the format judges the result. A path is dot-separated; in a list of objects with an `id` a
 * segment names an element by its id (`parties.us.reservationValue`), a numeric segment indexes a
 * list (`protocol.schedule.1.rounds`), and a missing last key is created. The value is YAML flow
 * (`0.4`, `[lifted, h20]`, `{range: [0.3, 0.5]}`); `null` deletes the key. Setting some of a party's
 * weights rescales the others to keep the sum at 1. The input is never changed: a deep copy is
 * returned.
 */
import { parse as parseYaml } from 'yaml';
import { LancasterError } from '../../errors.ts';
import { didYouMean } from './nearest.ts';
import { isRecord, listOf } from './problem-draft.ts';

function fail(arg: string, message: string, expected: string): never {
  throw new LancasterError({ code: 'BAD_OVERRIDE', message: `--set ${arg}: ${message}`, expected });
}

/** Splits `path=value` at its first `=`. */
function splitSet(arg: string): [string[], string] {
  const eq = arg.indexOf('=');
  if (eq <= 0) fail(arg, 'no `=` after the path', 'path=value, e.g. parties.us.reservationValue=0.5');
  const path = arg.slice(0, eq).trim();
  const segments = path.split('.');
  if (segments.some((s) => s.length === 0))
    fail(arg, `the path ${JSON.stringify(path)} has an empty segment`, 'segments separated by single dots');
  return [segments, arg.slice(eq + 1)];
}

function parseValue(arg: string, text: string): unknown {
  try {
    return parseYaml(text, { uniqueKeys: true });
  } catch (e) {
    const detail = e instanceof Error ? (e.message.split('\n')[0] ?? e.message) : String(e);
    return fail(
      arg,
      `the value is not valid YAML (${detail})`,
      'a YAML flow value: 0.4, [a, b], {range: [0.3, 0.5]} or null',
    );
  }
}

/** The ids of a list's elements, when every element is an object with a string id. */
function idsOf(list: readonly unknown[]): string[] | undefined {
  const ids: string[] = [];
  for (const item of list) {
    if (!isRecord(item) || typeof item.id !== 'string') return undefined;
    ids.push(item.id);
  }
  return ids;
}

/** The position in `list` that segment `seg` names (by id or index), or -1. */
function findInList(list: readonly unknown[], seg: string): number {
  const ids = idsOf(list);
  if (ids !== undefined) {
    const k = ids.indexOf(seg);
    if (k >= 0) return k;
  }
  if (/^(0|[1-9]\d*)$/.test(seg)) {
    const k = Number(seg);
    return k < list.length ? k : -1;
  }
  return -1;
}

function whatIsThere(list: readonly unknown[]): string {
  const ids = idsOf(list);
  const range = list.length > 0 ? `an index 0 to ${list.length - 1}` : 'nothing (the list is empty)';
  return ids !== undefined && ids.length > 0 ? `an id: ${listOf(ids)} (or ${range})` : range;
}

/** Applies one `arg` (already split into its path `segments` and value `text`) to `root`. */
function setOne(root: unknown, arg: string, segments: readonly string[], text: string): unknown {
  const value = parseValue(arg, text);
  const container = (upto: number): string => segments.slice(0, upto).join('.') || 'the top level';
  let cur: unknown = root;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i] as string;
    const last = i === segments.length - 1;
    if (Array.isArray(cur)) {
      const k = findInList(cur, seg);
      if (k < 0) {
        const near = idsOf(cur);
        fail(
          arg,
          `${container(i)} has no element ${JSON.stringify(seg)}${near ? didYouMean(seg, near) : ''}`,
          whatIsThere(cur),
        );
      }
      if (last) {
        if (value === null) cur.splice(k, 1);
        else cur[k] = value;
        return root;
      }
      cur = cur[k];
    } else if (isRecord(cur)) {
      if (last) {
        if (value === null) delete cur[seg];
        else cur[seg] = value;
        return root;
      }
      if (!Object.hasOwn(cur, seg)) {
        const keys = Object.keys(cur);
        fail(
          arg,
          `${container(i)} has no key ${JSON.stringify(seg)}${didYouMean(seg, keys)}`,
          keys.length > 0 ? `a key: ${listOf(keys)}` : 'nothing: the mapping is empty',
        );
      }
      cur = cur[seg];
    } else {
      fail(
        arg,
        `${container(i)} is a single value, so it has no ${JSON.stringify(seg)} inside`,
        `a path that ends at ${container(i)}`,
      );
    }
  }
  return root;
}

/**
 * A deep copy of `raw` with each `path=value` of `sets` applied in order. Throws `BAD_OVERRIDE`
 * naming the whole argument, the segment that failed and what exists there.
 *
 * @example
 * applyOverrides(raw, ['parties.us.reservationValue=0.5', 'protocol.schedule.1.rounds={range: [4, 8]}']);
 */
export function applyOverrides(raw: unknown, sets: readonly string[]): unknown {
  let data: unknown = structuredClone(raw);
  const weightsSet = new Map<string, Set<string>>();
  for (const arg of sets) {
    const [segments, text] = splitSet(arg);
    data = setOne(data, arg, segments, text);
    if (segments.length === 4 && segments[0] === 'parties' && segments[2] === 'weights') {
      const party = segments[1] as string;
      const touched = weightsSet.get(party) ?? new Set<string>();
      touched.add(segments[3] as string);
      weightsSet.set(party, touched);
    }
  }
  for (const [party, touched] of weightsSet) rebalanceWeights(data, party, touched);
  return data;
}

/**
 * The point value of a number in any accepted form of the raw data (not yet validated), or
 * undefined for anything malformed: what `pointValue` gives once the schema has accepted it.
 */
export function pointOfRaw(n: unknown): number | undefined {
  if (typeof n === 'number') return n;
  if (!isRecord(n)) return undefined;
  const nums = (a: unknown): a is number[] => Array.isArray(a) && a.every((x) => typeof x === 'number');
  if (typeof n.value === 'number') return n.value;
  if (nums(n.range) && n.range.length === 2) return ((n.range[0] as number) + (n.range[1] as number)) / 2;
  if (nums(n.triangular) && n.triangular.length === 3) return n.triangular[1];
  if (isRecord(n.normal) && typeof n.normal.mean === 'number') return n.normal.mean;
  if (Array.isArray(n.choice)) {
    let best: { value: number; p: number } | undefined;
    for (const c of n.choice) {
      if (!isRecord(c) || typeof c.value !== 'number' || typeof c.p !== 'number') return undefined;
      if (!best || c.p > best.p) best = { value: c.value, p: c.p };
    }
    return best?.value;
  }
  return undefined;
}

/** `n` (any accepted number form) with every number of its distribution multiplied by f. */
export function scaled(n: unknown, f: number): unknown {
  if (typeof n === 'number') return n * f;
  if (!isRecord(n)) return n;
  const out: Record<string, unknown> = { ...n };
  const times = (a: unknown) => (Array.isArray(a) ? a.map((x) => (typeof x === 'number' ? x * f : x)) : a);
  if (typeof n.value === 'number') out.value = n.value * f;
  if (n.range !== undefined) out.range = times(n.range);
  if (n.triangular !== undefined) out.triangular = times(n.triangular);
  if (n.within !== undefined) out.within = times(n.within);
  if (isRecord(n.normal)) {
    out.normal = {
      ...n.normal,
      ...(typeof n.normal.mean === 'number' ? { mean: n.normal.mean * f } : {}),
      ...(typeof n.normal.sd === 'number' ? { sd: n.normal.sd * f } : {}),
    };
  }
  if (Array.isArray(n.choice)) {
    out.choice = n.choice.map((c) =>
      isRecord(c) && typeof c.value === 'number' ? { ...c, value: c.value * f } : c,
    );
  }
  return out;
}

/**
 * After `--set parties.<id>.weights.<issue>=…` (or a weight slider of the web studio), the weights
 * the user did not set share what is left of 1 in their old proportions (every number of a
 * distribution scaled alike), or in equal parts when they were all 0, so that "raise this weight to
 * 0.5" is a complete what-if. Nothing changes for a party with `weightsSum: asWritten`, or when the
 * numbers are malformed or cannot be rebalanced (the checks then report the sum). Changes `data`
 * in place.
 *
 * @example
 * rebalanceWeights(data, 'us', new Set(['eda'])); // the other weights of us now sum to 1 − eda
 */
export function rebalanceWeights(data: unknown, partyId: string, touched: ReadonlySet<string>): void {
  if (!isRecord(data) || !Array.isArray(data.parties)) return;
  const party = data.parties.find((p) => isRecord(p) && p.id === partyId);
  if (!isRecord(party) || party.weightsSum === 'asWritten' || !isRecord(party.weights)) return;
  const weights = party.weights;
  let fixed = 0;
  let rest = 0;
  for (const [issue, w] of Object.entries(weights)) {
    const v = pointOfRaw(w);
    if (v === undefined || !Number.isFinite(v)) return;
    if (touched.has(issue)) fixed += v;
    else rest += v;
  }
  if (fixed > 1 || Math.abs(fixed + rest - 1) < 1e-12) return;
  const others = Object.keys(weights).filter((issue) => !touched.has(issue));
  if (others.length === 0) return;
  const f = (1 - fixed) / rest;
  // Nothing to scale (the others are all 0, or so near it that the factor overflows, e.g. a
  // subnormal 5e-324): they share what is left equally (as plain numbers).
  if (rest <= 0 || !Number.isFinite(f)) {
    for (const issue of others) weights[issue] = (1 - fixed) / others.length;
    return;
  }
  for (const issue of Object.keys(weights))
    if (!touched.has(issue)) weights[issue] = insideUnit(scaled(weights[issue], f));
}

/**
 * A weight scaled up may reach past 1 at the top of its distribution: its ends are brought back
 * into [0, 1] without moving its point value (a range narrows around its midpoint, a triangular's
 * or a choice's values are clamped, a normal is truncated to the field anyway).
 */
export function insideUnit(n: unknown): unknown {
  if (!isRecord(n)) return n;
  const clamp = (x: unknown) => (typeof x === 'number' ? Math.min(1, Math.max(0, x)) : x);
  if (Array.isArray(n.range) && n.range.length === 2) {
    const [lo, hi] = n.range as [number, number];
    if (lo >= 0 && hi <= 1) return n;
    const mid = (lo + hi) / 2;
    const half = Math.max(0, Math.min(mid - lo, mid, 1 - mid));
    return { ...n, range: [mid - half, mid + half] };
  }
  if (Array.isArray(n.triangular)) return { ...n, triangular: n.triangular.map(clamp) };
  if (Array.isArray(n.choice))
    return { ...n, choice: n.choice.map((c) => (isRecord(c) ? { ...c, value: clamp(c.value) } : c)) };
  return n;
}
