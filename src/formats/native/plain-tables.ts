/**
 * Large plain parts of a scenario, set aside while the file's schema runs: evaluator tables of
 * bare numbers and lists of discrete values with only an id and a label. A discrete issue may
 * have 200,000 values, and zod checks and copies each entry through its object or union schemas
 * (about a third of a second per table); an evaluator table whose values are all finite numbers is
 * already what the file schema accepts (any finite number: the [0, 1] bound depends on `weightsSum`
 * and is checked in semantics.ts), and so is a value list of `{ id, label }` with valid ids and
 * non-empty labels, so one tight loop decides each. The schema then sees an empty table, or the
 * list's first value alone, in its place, which it accepts the same way, so its verdict and its
 * problems do not change; the part itself goes back into the parsed file.
 */
import { isRecord } from './problem-draft.ts';
import type { ScenarioFile } from './schema.ts';
import { NAME_ID } from './schema-values.ts';

/** A value list set aside: the index of its issue and the list. */
interface ValuesAside {
  readonly issue: number;
  readonly values: readonly unknown[];
}

/** A table set aside: where it was (party index, issue id) and the table. */
interface SetAside {
  readonly party: number;
  readonly issue: string;
  readonly table: Record<string, number>;
}

/** Smallest table worth setting aside (below it, the copies cost about what the schema does). */
const MIN_ENTRIES = 64;

/** What one pass over a table of evaluations found, kept for the later checks of the same table. */
export interface TableFacts {
  /** The table's own keys, in order. */
  readonly keys: readonly string[];
  /** Every value a finite number. */
  readonly finite: boolean;
  /** Every value a number in [0, 1]. */
  readonly unit: boolean;
}

/**
 * Facts of each table, computed once per check of a file: the schema's set-aside, the semantic
 * checks and the sources' walk each need them, and listing a 200,000-key object's keys (`for…in`
 * sorts them each time) costs more than the checks on them. Forgotten when the next check begins,
 * since data may be edited between two checks (the studio validates as the author types).
 */
let tableFacts = new WeakMap<object, TableFacts>();
/** Value lists `isLargePlainValueList` accepted in this check: objects of strings only. */
let plainValueLists = new WeakSet<object>();

/** Keys of large objects listed while the text was read, in `Object.keys` order. */
let knownKeys = new WeakMap<object, readonly string[]>();

/**
 * Records the keys of `table` (exactly `Object.keys(table)`), listed by the reader of the text, so
 * that the checks need not list them again.
 */
export function rememberKeys(table: object, keys: readonly string[]): void {
  knownKeys.set(table, keys);
}

/** Forgets the facts of the previous check (see `tableFacts`). */
export function forgetTableFacts(): void {
  tableFacts = new WeakMap();
  plainValueLists = new WeakSet();
  knownKeys = new WeakMap();
}

/**
 * The facts of a plain object used as a table (its keys and whether its values are numbers).
 *
 * @example
 * factsOfTable({ a: 0.5, b: 2 }); // { keys: ['a', 'b'], finite: true, unit: false }
 */
export function factsOfTable(table: Record<string, unknown>): TableFacts {
  let facts = tableFacts.get(table);
  if (facts === undefined) {
    const keys = knownKeys.get(table) ?? Object.keys(table);
    let finite = true;
    let unit = true;
    for (let i = 0; i < keys.length; i++) {
      const v = table[keys[i] as string];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        finite = false;
        unit = false;
        break;
      }
      if (!(v >= 0 && v <= 1)) unit = false;
    }
    facts = { keys, finite, unit };
    tableFacts.set(table, facts);
  }
  return facts;
}

/**
 * Whether `x` is known to hold no object: a table of numbers or a plain value list seen by
 * `setAsidePlainTables` (a walk looking for nested objects, such as the list of cited sources, skips it).
 */
export function holdsNoObject(x: object): boolean {
  return tableFacts.get(x)?.finite === true || plainValueLists.has(x);
}

/**
 * Whether `table` is a large table of finite numbers, with no `__proto__` key (which zod's copy
 * would treat differently).
 */
function isLargePlainTable(table: Record<string, unknown>): table is Record<string, number> {
  const facts = factsOfTable(table);
  return facts.finite && facts.keys.length >= MIN_ENTRIES && !facts.keys.includes('__proto__');
}

/**
 * Whether `values` is a long list of values as the schema accepts them: plain objects with a valid
 * `id`, a non-empty `label`, an optional string `description` and nothing else.
 */
function isLargePlainValueList(values: readonly unknown[]): boolean {
  if (values.length < MIN_ENTRIES) return false;
  for (const v of values) {
    if (!isRecord(v) || Object.getPrototypeOf(v) !== Object.prototype) return false;
    let keys = 0;
    for (const key in v) {
      if (key !== 'id' && key !== 'label' && key !== 'description') return false;
      keys++;
    }
    const { id, label, description } = v;
    if (typeof id !== 'string' || !NAME_ID.test(id) || typeof label !== 'string' || label.length === 0)
      return false;
    if (keys === 3 && typeof description !== 'string') return false;
  }
  plainValueLists.add(values);
  return true;
}

/**
 * `data` with its large plain evaluator tables and value lists replaced by empty ones (copying only the objects on
 * the way to them; `data` is not changed), and a function that puts the tables back into the file
 * the schema parsed from it. The tables are shared with `data`, not copied: neither is changed later.
 *
 * @example
 * const { forSchema, restore } = setAsidePlainTables(data);
 * const parsed = scenarioFileSchema.safeParse(forSchema);
 * if (parsed.success) restore(parsed.data);
 */
export function setAsidePlainTables(data: unknown): {
  readonly forSchema: unknown;
  readonly restore: (file: ScenarioFile) => void;
} {
  const aside: SetAside[] = [];
  const valuesAside: ValuesAside[] = [];
  if (!isRecord(data)) return { forSchema: data, restore: () => {} };
  const issues = !Array.isArray(data.issues)
    ? data.issues
    : data.issues.map((issue: unknown, i: number) => {
        if (!isRecord(issue) || issue.type !== 'discrete' || !Array.isArray(issue.values)) return issue;
        if (!isLargePlainValueList(issue.values)) return issue;
        valuesAside.push({ issue: i, values: issue.values });
        return { ...issue, values: issue.values.slice(0, 1) };
      });
  const parties = !Array.isArray(data.parties)
    ? data.parties
    : data.parties.map((party: unknown, j: number) => {
        if (!isRecord(party) || !isRecord(party.evaluators)) return party;
        let evaluators: Record<string, unknown> | undefined;
        for (const issue of Object.keys(party.evaluators)) {
          const table = party.evaluators[issue];
          if (
            !isRecord(table) ||
            Object.getPrototypeOf(table) !== Object.prototype ||
            !isLargePlainTable(table)
          )
            continue;
          evaluators ??= { ...party.evaluators };
          evaluators[issue] = {};
          aside.push({ party: j, issue, table });
        }
        return evaluators === undefined ? party : { ...party, evaluators };
      });
  if (aside.length === 0 && valuesAside.length === 0) return { forSchema: data, restore: () => {} };
  return {
    // Only the keys that changed: a missing key must stay missing for the schema's messages.
    forSchema: {
      ...data,
      ...(valuesAside.length > 0 ? { issues } : {}),
      ...(aside.length > 0 ? { parties } : {}),
    },
    restore: (file) => {
      for (const { issue, values } of valuesAside) {
        const parsed = file.issues[issue];
        if (parsed?.type === 'discrete') parsed.values = values as typeof parsed.values;
      }
      for (const { party, issue, table } of aside) {
        const evaluators = file.parties[party]?.evaluators;
        if (evaluators !== undefined) evaluators[issue] = table;
      }
    },
  };
}
