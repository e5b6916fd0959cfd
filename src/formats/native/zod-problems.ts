/**
 * Turns zod issues into problem drafts a person can act on. Two things need care. Unions (a
 * number with provenance, an evaluator, a red line) fail with one error list per alternative;
 * the alternative the author evidently meant is the one whose first structural mismatch lies
 * deepest in the data, so its errors are reported and the others dropped (the usual "best match"
 * rule of JSON-schema validators). And an unknown field is reported with the fields that are
 * allowed there, read from the schema itself, plus the nearest one when it looks like a typo.
 */
import type { z } from 'zod';
import type { ProblemCode } from '../../errors.ts';
import { intervalOf } from './bounded-number.ts';
import { didYouMean } from './nearest.ts';
import { type DataPath, isRecord, listOf, type ProblemDraft, showValue, valueAt } from './problem-draft.ts';

type Issue = z.core.$ZodIssue;

/** The parts of a zod schema definition this module reads. */
export interface LooseDef {
  readonly type: string;
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly getter?: () => z.ZodType;
  readonly shape?: Record<string, z.ZodType>;
  readonly element?: z.ZodType;
  readonly items?: readonly z.ZodType[];
  readonly valueType?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly discriminator?: string;
  readonly values?: readonly unknown[];
}

/**
 * A schema's definition through zod 4's public `.def` (documented on every classic schema), not
 * the internal `_zod.def`, so that a zod 4 minor release cannot silently change what is read.
 * `zod-problems.test.ts` pins down every kind of definition read here.
 */
export function defOf(s: z.ZodType): LooseDef {
  return s.def as unknown as LooseDef;
}

/** Strips wrappers that do not change the shape (optional, default, pipe, …). */
function unwrap(s: z.ZodType): z.ZodType {
  let cur = s;
  for (let guard = 0; guard < 32; guard++) {
    const d = defOf(cur);
    const next =
      d.type === 'pipe'
        ? d.in
        : d.type === 'lazy'
          ? d.getter?.()
          : 'innerType' in d
            ? d.innerType
            : undefined;
    if (!next) return cur;
    cur = next;
  }
  return cur;
}

/** The union option that fits `value`: by discriminator when there is one, else by shape. */
function pickOption(union: z.ZodType, value: unknown, rest: DataPath): z.ZodType | undefined {
  const d = defOf(union);
  const options = d.options ?? [];
  if (d.discriminator !== undefined && isRecord(value)) {
    const tag = value[d.discriminator];
    const hit = options.find((o) => {
      const lit = defOf(unwrap(defOf(unwrap(o)).shape?.[d.discriminator as string] ?? o));
      return lit.values?.includes(tag);
    });
    if (hit) return hit;
  }
  if (rest.length === 0) {
    // At the end of the path: the option of the value's own kind, and among objects the one that
    // knows the most of the value's keys.
    const kind = Array.isArray(value)
      ? 'array'
      : typeof value === 'object' && value !== null
        ? 'object'
        : typeof value;
    const sameKind = options.filter((o) => {
      const t = defOf(unwrap(o)).type;
      if (kind === 'array') return t === 'array' || t === 'tuple';
      if (kind === 'object') return t === 'object' || t === 'record';
      return t === kind || (kind === 'number' && t === 'int');
    });
    if (kind === 'object' && isRecord(value)) {
      const keys = Object.keys(value);
      let best: z.ZodType | undefined;
      let bestKnown = -1;
      for (const o of sameKind) {
        const shape = defOf(unwrap(o)).shape;
        const known = shape ? keys.filter((k) => k in shape).length : 0;
        if (known > bestKnown) {
          best = o;
          bestKnown = known;
        }
      }
      return best;
    }
    return sameKind[0];
  }
  return options.find((o) => schemaAt(o, rest, value) !== undefined);
}

/** The schema of the child `seg` of a value described by `d` (a field, an entry or an element). */
function childSchema(d: LooseDef, seg: string | number | undefined): z.ZodType | undefined {
  switch (d.type) {
    case 'object':
      return d.shape?.[String(seg)];
    case 'record':
      return d.valueType;
    case 'array':
      return typeof seg === 'number' ? d.element : undefined;
    case 'tuple':
      return typeof seg === 'number' ? d.items?.[seg] : undefined;
    default:
      return undefined;
  }
}

/** The schema that describes the data at `path`, following `data` to choose union options. */
export function schemaAt(schema: z.ZodType, path: DataPath, data: unknown): z.ZodType | undefined {
  const s = unwrap(schema);
  const d = defOf(s);
  if (d.type === 'union') {
    const option = pickOption(s, data, path);
    return option ? schemaAt(option, path, data) : undefined;
  }
  if (path.length === 0) return s;
  const [seg, ...rest] = path;
  const child = isRecord(data) || Array.isArray(data) ? valueAt(data, [seg as string | number]) : undefined;
  const next = childSchema(d, seg);
  return next ? schemaAt(next, rest, child) : undefined;
}

/** The fields an object schema allows, in schema order. */
function allowedKeys(s: z.ZodType | undefined): string[] {
  const shape = s ? defOf(unwrap(s)).shape : undefined;
  return shape ? Object.keys(shape) : [];
}

const NO_MISMATCH = Number.POSITIVE_INFINITY;

/**
 * How deep inside the value an alternative's first structural mismatch lies (wrong type, unknown
 * or missing field): the alternative with the deepest one is the one the author meant. Bounds
 * and format errors are not mismatches: they say the shape was right.
 */
function mismatchDepth(issues: readonly Issue[]): number {
  let depth = NO_MISMATCH;
  for (const issue of issues) {
    let here = NO_MISMATCH;
    if (
      issue.code === 'invalid_type' ||
      issue.code === 'unrecognized_keys' ||
      issue.code === 'invalid_value'
    ) {
      here = issue.path.length;
    } else if (issue.code === 'invalid_union') {
      if (issue.errors.length === 0) here = issue.path.length;
      else {
        const inner = Math.max(...issue.errors.map((e) => mismatchDepth(e)));
        here = inner === NO_MISMATCH ? NO_MISMATCH : issue.path.length + inner;
      }
    }
    depth = Math.min(depth, here);
  }
  return depth;
}

const TYPE_WORDS: Record<string, string> = {
  number: 'a number',
  int: 'an integer',
  string: 'text',
  boolean: 'true or false',
  object: 'a mapping of fields',
  record: 'a mapping',
  array: 'a list',
  tuple: 'a list',
};

function oneOf(options: readonly string[]): string {
  return options.length === 1 ? (options[0] as string) : `one of ${listOf(options)}`;
}

function lastKey(path: DataPath): string {
  return String(path[path.length - 1] ?? '');
}

/**
 * Maps zod issues (from parsing `data` with `root`) to drafts, one or more per issue. `prefix`
 * is where `data` sits in the file, when a part of the file was parsed on its own.
 */
export function zodIssuesToDrafts(
  issues: readonly Issue[],
  root: z.ZodType,
  data: unknown,
  prefix: DataPath = [],
): ProblemDraft[] {
  const out: ProblemDraft[] = [];
  for (const issue of issues) mapIssue(issue, [], root, data, out);
  return prefix.length === 0 ? out : out.map((d) => ({ ...d, path: [...prefix, ...d.path] }));
}

function mapIssue(issue: Issue, base: DataPath, root: z.ZodType, data: unknown, out: ProblemDraft[]): void {
  const path: DataPath = [...base, ...(issue.path as (string | number)[])];
  const value = valueAt(data, path);
  const push = (code: ProblemCode, message: string, expected?: string) =>
    out.push({ code, path, message, ...(expected !== undefined ? { expected } : {}) });

  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = allowedKeys(schemaAt(root, path, data));
      for (const key of issue.keys) {
        out.push({
          code: 'UNKNOWN_FIELD',
          path: [...path, key],
          message: `unknown field \`${key}\`${didYouMean(key, allowed)}`,
          expected: allowed.length ? `one of the fields ${listOf(allowed)}` : 'no other fields',
          at: 'key',
        });
      }
      return;
    }
    case 'invalid_union': {
      if (issue.errors.length === 0) {
        // A discriminated union whose tag matched no alternative, e.g. `type: discreet`.
        const options = ('options' in issue ? (issue.options ?? []) : []).map(String);
        push(
          'SCHEMA',
          `${showValue(value)} is not a valid \`${lastKey(path)}\`${typeof value === 'string' ? didYouMean(value, options) : ''}`,
          oneOf(options),
        );
        return;
      }
      const depths = issue.errors.map((e) => mismatchDepth(e));
      const best = Math.max(...depths);
      const winners = depths.flatMap((d, i) => (d === best ? [i] : []));
      if (winners.length === 1 || best === NO_MISMATCH) {
        for (const inner of issue.errors[winners[0] as number] ?? []) mapIssue(inner, path, root, data, out);
        return;
      }
      // Several alternatives fit equally badly: name the fields none of them knows, if any.
      const unionSchema = findUnionAt(root, path, data);
      const options = unionSchema ? (defOf(unionSchema).options ?? []) : [];
      const known = new Set(winners.flatMap((i) => allowedKeys(options[i])));
      const unknown =
        isRecord(value) && known.size > 0 ? Object.keys(value).filter((k) => !known.has(k)) : [];
      if (unknown.length > 0) {
        for (const key of unknown) {
          out.push({
            code: 'UNKNOWN_FIELD',
            path: [...path, key],
            message: `unknown field \`${key}\`${didYouMean(key, known)}`,
            expected: `one of the fields ${listOf([...known])}`,
            at: 'key',
          });
        }
        return;
      }
      // The unions of the schema carry, as their error, a description of the accepted forms.
      const forms = issue.message === 'Invalid input' ? undefined : issue.message;
      if (value === undefined) {
        push('SCHEMA', `missing required field \`${lastKey(path)}\``, forms);
        return;
      }
      const what = isRecord(value) || Array.isArray(value) ? 'this value' : showValue(value);
      push('SCHEMA', `${what} is not in any of the accepted forms`, forms);
      return;
    }
    case 'invalid_type': {
      const expected = TYPE_WORDS[issue.expected] ?? issue.expected;
      if (value === undefined) push('SCHEMA', `missing required field \`${lastKey(path)}\``, expected);
      else push('SCHEMA', `expected ${expected}, got ${showValue(value)}`);
      return;
    }
    case 'invalid_value': {
      const options = issue.values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
      if (value === undefined) {
        push('SCHEMA', `missing required field \`${lastKey(path)}\``, oneOf(options));
        return;
      }
      if (path.length === 1 && path[0] === 'version') {
        push(
          'UNSUPPORTED_VERSION',
          `scenario format version ${showValue(value)} is not supported; this Lancaster reads version 1`,
          'version: 1',
        );
        return;
      }
      const hint = typeof value === 'string' ? didYouMean(value, options) : '';
      push('SCHEMA', `${showValue(value)} is not allowed here${hint}`, oneOf(options));
      return;
    }
    case 'too_big':
    case 'too_small': {
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') {
        const interval = intervalOf(schemaAt(root, path, data) ?? root);
        const bound =
          issue.code === 'too_big'
            ? `${issue.inclusive ? 'above the maximum' : 'not below'} ${String(issue.maximum)}`
            : `${issue.inclusive ? 'below the minimum' : 'not above'} ${String(issue.minimum)}`;
        push('VALUE_OUT_OF_RANGE', `${showValue(value)} is ${bound}`, interval);
        return;
      }
      if (issue.origin === 'array') {
        const n = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
        const what = issue.code === 'too_small' ? 'at least' : 'at most';
        push('SCHEMA', `needs ${what} ${n} ${n === 1 ? 'entry' : 'entries'}`, `a list of ${what} ${n}`);
        return;
      }
      push('SCHEMA', issue.code === 'too_small' ? 'must not be empty' : 'is too long');
      return;
    }
    case 'custom': {
      const code = (issue.params as { lancaster?: ProblemCode } | undefined)?.lancaster ?? 'SCHEMA';
      push(code, issue.message);
      return;
    }
    default:
      push('SCHEMA', issue.message);
  }
}

/** The union schema whose value sits at `path` (the schema walk lands on an option, not the union). */
function findUnionAt(root: z.ZodType, path: DataPath, data: unknown): z.ZodType | undefined {
  const parent = schemaAt(root, path.slice(0, -1), data);
  if (!parent || path.length === 0) return defOf(unwrap(root)).type === 'union' ? unwrap(root) : undefined;
  const child = childSchema(defOf(unwrap(parent)), path[path.length - 1]);
  if (!child) return undefined;
  const u = unwrap(child);
  return defOf(u).type === 'union' ? u : undefined;
}
