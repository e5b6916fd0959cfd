/**
 * The studio edits a scenario as its document: the native format's data exactly as the YAML file
 * holds it (docs/scenario-format.md), not the engine's model. So whatever the studio has no
 * control for (an `outcome` block, impacts, a draft's evidence, fields added to the format later)
 * is kept as it is, the schema's own checks judge every edit, and saving writes the same data
 * back. This module reads a document that may be malformed (a file being fixed) without ever
 * throwing, and builds the blank parts new issues, values and parties start from.
 */
import { pointOfRaw } from '../../../src/formats/native/overrides.ts';

/** A scenario document (a parsed scenario file). */
export type Doc = Record<string, unknown>;

/** A path into a document: map keys and list indices. */
export type Path = readonly (string | number)[];

/** A plain object, or undefined. */
export function asRecord(x: unknown): Record<string, unknown> | undefined {
  return typeof x === 'object' && x !== null && !Array.isArray(x)
    ? (x as Record<string, unknown>)
    : undefined;
}

/** A list, or an empty one. */
export function asList(x: unknown): unknown[] {
  return Array.isArray(x) ? x : [];
}

/** A string, or ''. */
export function str(x: unknown): string {
  return typeof x === 'string' ? x : typeof x === 'number' ? String(x) : '';
}

/** The value at `path`, or undefined. */
export function getAt(doc: unknown, path: Path): unknown {
  let cur = doc;
  for (const seg of path) {
    if (Array.isArray(cur) && typeof seg === 'number') cur = cur[seg];
    else {
      const r = asRecord(cur);
      if (!r || !Object.hasOwn(r, String(seg))) return undefined;
      cur = r[String(seg)];
    }
  }
  return cur;
}

/** The issues of a document (the well-formed ones: objects with a string id). */
export function issuesOf(doc: Doc): Record<string, unknown>[] {
  return asList(doc.issues).flatMap((x) => {
    const r = asRecord(x);
    return r && typeof r.id === 'string' ? [r] : [];
  });
}

/** The parties of a document (objects with a string id). */
export function partiesOf(doc: Doc): Record<string, unknown>[] {
  return asList(doc.parties).flatMap((x) => {
    const r = asRecord(x);
    return r && typeof r.id === 'string' ? [r] : [];
  });
}

/** The value ids of a discrete issue. */
export function valueIdsOf(issue: Record<string, unknown>): string[] {
  return asList(issue.values).flatMap((v) => {
    const id = asRecord(v)?.id;
    return typeof id === 'string' ? [id] : [];
  });
}

/** `base`, or `base_2`, `base_3`, … : the first that is not taken. */
export function uniqueId(base: string, taken: Iterable<string>, sep = '_'): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let k = 2; ; k++) if (!used.has(`${base}${sep}${k}`)) return `${base}${sep}${k}`;
}

/** A label as an id of the format: lower case, a-z 0-9 and `_` (issues) or `-` too (values, parties). */
export function idFromLabel(label: string, dash = false): string {
  const id = label
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(dash ? /[^a-z0-9_-]+/g : /[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return id.slice(0, 40) || 'x';
}

// ---- Numbers with provenance ------------------------------------------------------------------

/** The forms a number of the format takes (docs/scenario-format.md, Uncertain numbers). */
export type NumberForm = 'point' | 'range' | 'triangular' | 'normal' | 'choice';

/** The provenance fields every number may carry. */
export interface Provenance {
  readonly sources?: readonly string[];
  readonly note?: string;
  readonly judgement?: string;
}

/** The interval a field accepts (for defaults when the form changes). */
export interface NumberBounds {
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
}

/** Which form a number is written in (`point` for a bare number or `{ value }`). */
export function formOf(n: unknown): NumberForm {
  const r = asRecord(n);
  if (!r) return 'point';
  if ('range' in r) return 'range';
  if ('triangular' in r) return 'triangular';
  if ('normal' in r) return 'normal';
  if ('choice' in r) return 'choice';
  return 'point';
}

/** The value a single run uses (a range's midpoint, a triangular's mode, …), or undefined. */
export function pointOf(n: unknown): number | undefined {
  return pointOfRaw(n);
}

/** The provenance of a number (empty for a bare number). */
export function provenanceOf(n: unknown): Provenance {
  const r = asRecord(n);
  if (!r) return {};
  return {
    ...(Array.isArray(r.sources) ? { sources: r.sources.map(str) } : {}),
    ...(typeof r.note === 'string' ? { note: r.note } : {}),
    ...(typeof r.judgement === 'string' ? { judgement: r.judgement } : {}),
  };
}

/** The number's own part (without provenance): a bare number or the distribution's fields. */
function bodyOf(n: unknown): Record<string, unknown> {
  const r = asRecord(n);
  if (!r) return typeof n === 'number' ? { value: n } : {};
  const { sources: _s, note: _n, judgement: _j, ...body } = r;
  return body;
}

/**
 * A number written in the simplest form that holds `body` and `prov`: a bare number when it is a
 * point without provenance, else an object.
 */
function compose(body: Record<string, unknown>, prov: Provenance): unknown {
  const extra = {
    ...(prov.sources && prov.sources.length > 0 ? { sources: [...prov.sources] } : {}),
    ...(prov.note ? { note: prov.note } : {}),
    ...(prov.judgement ? { judgement: prov.judgement } : {}),
  };
  if (Object.keys(body).length === 1 && typeof body.value === 'number' && Object.keys(extra).length === 0)
    return body.value;
  return { ...body, ...extra };
}

/** `n` with its provenance replaced by `prov` (its value kept). */
export function withProvenance(n: unknown, prov: Provenance): unknown {
  return compose(bodyOf(n), prov);
}

/** `n` as a point of value `v`, provenance kept. */
export function withPoint(n: unknown, v: number): unknown {
  return compose({ value: v }, provenanceOf(n));
}

/** `n` with the numbers of its distribution replaced (`fields` as the format writes them). */
export function withBody(n: unknown, fields: Record<string, unknown>): unknown {
  return compose(fields, provenanceOf(n));
}

function clampTo(b: NumberBounds, x: number): number {
  return Math.min(b.max ?? Number.POSITIVE_INFINITY, Math.max(b.min ?? Number.NEGATIVE_INFINITY, x));
}

/**
 * `n` written in another form around its point value, inside the field's bounds: a range or a
 * triangular ±10% of the field's span (or of the value), a normal with that spread, a choice of
 * the point alone. Back to `point`, the point value.
 */
export function convertForm(n: unknown, form: NumberForm, b: NumberBounds): unknown {
  const v = pointOf(n) ?? b.min ?? 0;
  const span = b.min !== undefined && b.max !== undefined ? b.max - b.min : Math.max(1, Math.abs(v));
  const d = b.integer ? Math.max(1, Math.round(span * 0.1)) : Number((span * 0.1).toPrecision(3));
  const lo = clampTo(b, v - d);
  const hi = clampTo(b, v + d);
  switch (form) {
    case 'point':
      return withPoint(n, v);
    case 'range':
      return withBody(n, { range: [lo, hi] });
    case 'triangular':
      return withBody(n, { triangular: [lo, v, hi] });
    case 'normal':
      return withBody(n, { normal: { mean: v, sd: d > 0 ? d : 0.1 } });
    case 'choice':
      return withBody(n, { choice: [{ value: v, p: 1 }] });
  }
}

/** The numbers of a distribution as the format writes them (for editing one at a time). */
export function bodyNumbers(n: unknown): Record<string, unknown> {
  return bodyOf(n);
}

// ---- Blank parts ------------------------------------------------------------------------------

/** The scenario a blank studio starts from: two parties, one issue, a deadline. */
export function blankScenario(): Doc {
  return {
    version: 1,
    id: 'new-scenario',
    title: 'New scenario',
    issues: [
      {
        id: 'issue_1',
        label: 'First issue',
        type: 'discrete',
        values: [
          { id: 'low', label: 'Low' },
          { id: 'high', label: 'High' },
        ],
      },
    ],
    parties: [
      blankPartyFor(['issue_1'], 'side-a', 'Side A', { issue_1: { low: 0, high: 1 } }),
      blankPartyFor(['issue_1'], 'side-b', 'Side B', { issue_1: { low: 1, high: 0 } }),
    ],
    protocol: { type: 'saop', deadline: { rounds: 20 } },
  };
}

/** A party with equal weights and the given evaluators. */
function blankPartyFor(
  issueIds: readonly string[],
  id: string,
  label: string,
  evaluators: Record<string, unknown>,
): Record<string, unknown> {
  const n = issueIds.length;
  return {
    id,
    label,
    reservationValue: 0,
    weights: Object.fromEntries(issueIds.map((i) => [i, n > 0 ? 1 / n : 0])),
    evaluators,
  };
}

/** The evaluator a new issue starts with: worst to best in the order written. */
export function defaultEvaluator(issue: Record<string, unknown>): unknown {
  if (issue.type === 'discrete') {
    const ids = valueIdsOf(issue);
    const last = Math.max(1, ids.length - 1);
    return Object.fromEntries(ids.map((v, k) => [v, Number((k / last).toFixed(3))]));
  }
  return { linear: { atMin: 0, atMax: 1 } };
}

/** A new party for `doc`: equal weights, default evaluators, no deal worth 0. */
export function blankParty(doc: Doc): Record<string, unknown> {
  const issues = issuesOf(doc);
  const ids = partiesOf(doc).map((p) => String(p.id));
  const id = uniqueId('party', ids, '-');
  return blankPartyFor(
    issues.map((i) => String(i.id)),
    id,
    `Party ${ids.length + 1}`,
    Object.fromEntries(issues.map((i) => [String(i.id), defaultEvaluator(i)])),
  );
}

/** A new issue for `doc` of the given type. */
export function blankIssue(
  doc: Doc,
  type: 'discrete' | 'integer' | 'real' = 'discrete',
): Record<string, unknown> {
  const taken = issuesOf(doc).map((i) => String(i.id));
  const id = uniqueId('issue', taken);
  const label = `Issue ${taken.length + 1}`;
  if (type === 'discrete')
    return {
      id,
      label,
      type,
      values: [
        { id: 'low', label: 'Low' },
        { id: 'high', label: 'High' },
      ],
    };
  return { id, label, type, min: 0, max: type === 'integer' ? 10 : 1 };
}

/** Whether a number of the document is uncertain (any form but a point). */
export function isUncertain(n: unknown): boolean {
  return formOf(n) !== 'point';
}
