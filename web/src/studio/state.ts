/**
 * The studio's editor state as a pure reducer, `(state, action) → state`: the document being
 * edited, the text it was opened from (so a save keeps its comments), and the history for undo
 * and redo. Every change is an `Edit`, applied to a copy of the document. Besides setting,
 * inserting, removing and moving values at a path, edits keep the document's references whole the
 * way a person expects: renaming an issue, a value or a party renames it everywhere it is named
 * (weights, evaluators, red lines, linkage, turn order, forecasts, impacts, a recorded outcome);
 * removing one removes what named it; a weight set by a slider rescales the party's other weights
 * so that they still sum to 1 (the rule `--set` follows, `rebalanceWeights`); a sitting's rounds
 * keep the deadline equal to their sum. Typing into one field is one step of the history, not one
 * per keystroke (edits of the same `group` within a second and a half merge).
 */
import { insideUnit, rebalanceWeights, scaled } from '../../../src/formats/native/overrides.ts';
import { sameData } from '../../../src/formats/native/write-yaml.ts';
import {
  asList,
  asRecord,
  type Doc,
  defaultEvaluator,
  getAt,
  issuesOf,
  type Path,
  partiesOf,
  pointOf,
  uniqueId,
  valueIdsOf,
  withPoint,
} from './doc.ts';

/** A change to the document. */
export type Edit =
  /** Sets the value at `path` (`undefined` removes a key). */
  | { readonly kind: 'set'; readonly path: Path; readonly value: unknown }
  /** Inserts into the list at `path` (at the end without `index`). */
  | { readonly kind: 'insert'; readonly path: Path; readonly value: unknown; readonly index?: number }
  /** Removes a key or a list element. */
  | { readonly kind: 'remove'; readonly path: Path }
  /** Moves a list element. */
  | { readonly kind: 'move'; readonly path: Path; readonly from: number; readonly to: number }
  /** Sets a party's weight of an issue (its point value) and rescales the others to sum to 1. */
  | { readonly kind: 'setWeight'; readonly party: string; readonly issue: string; readonly value: number }
  /** Scales a party's weights so that they sum to 1. */
  | { readonly kind: 'normaliseWeights'; readonly party: string }
  | { readonly kind: 'addIssue'; readonly issue: Record<string, unknown> }
  | { readonly kind: 'removeIssue'; readonly issue: string }
  | { readonly kind: 'renameIssue'; readonly from: string; readonly to: string }
  | { readonly kind: 'setIssueType'; readonly issue: string; readonly type: 'discrete' | 'integer' | 'real' }
  | { readonly kind: 'addValue'; readonly issue: string; readonly value?: Record<string, unknown> }
  | { readonly kind: 'removeValue'; readonly issue: string; readonly value: string }
  | { readonly kind: 'renameValue'; readonly issue: string; readonly from: string; readonly to: string }
  | { readonly kind: 'addParty'; readonly party: Record<string, unknown> }
  | { readonly kind: 'removeParty'; readonly party: string }
  | { readonly kind: 'renameParty'; readonly from: string; readonly to: string }
  /** Ticks a draft's todo (clearing a todo is an edit like any other). */
  | { readonly kind: 'setTodoDone'; readonly todo: string; readonly done: boolean }
  /** Sets a sitting's rounds (any number form) and the deadline to the sittings' sum. */
  | { readonly kind: 'setSittingRounds'; readonly index: number; readonly value: unknown }
  | { readonly kind: 'addSitting' }
  | { readonly kind: 'removeSitting'; readonly index: number }
  /** Replaces the whole document (the YAML view). */
  | { readonly kind: 'replace'; readonly doc: Doc };

/** One state of the document in the history, with what made it. */
export interface Snapshot {
  readonly doc: Doc;
  /** The edit that led away from this state, in words (for the Undo button's title). */
  readonly label: string;
}

export interface StudioState {
  readonly doc: Doc;
  /** The file name, for downloads and problems. */
  readonly file: string;
  /** The text the document was opened from (its comments are kept on save), or null. */
  readonly original: string | null;
  readonly past: readonly Snapshot[];
  readonly future: readonly Snapshot[];
  /** The group and time of the last edit, to merge typing into one step. */
  readonly last: { readonly group: string; readonly at: number } | null;
  /** Counts every change of the document (undo and redo too): what the live views follow. */
  readonly version: number;
}

export type StudioAction =
  | { readonly type: 'open'; readonly doc: Doc; readonly file: string; readonly original: string | null }
  | {
      readonly type: 'edit';
      readonly edit: Edit;
      /** What the edit does, in words. */
      readonly label?: string;
      /** Edits of one group within MERGE_MS are one step of the history (typing in a field). */
      readonly group?: string;
      /** When (ms); needed for merging. */
      readonly at?: number;
    }
  | { readonly type: 'undo' }
  | { readonly type: 'redo' };

/** Steps kept for undo. */
export const HISTORY_LIMIT = 300;
/** Edits of one group this close together merge into one step. */
export const MERGE_MS = 1500;

/** The state of a studio with `doc` open. */
export function openState(doc: Doc, file: string, original: string | null = null): StudioState {
  return { doc, file, original, past: [], future: [], last: null, version: 0 };
}

/** The reducer. */
export function studioReducer(state: StudioState, action: StudioAction): StudioState {
  switch (action.type) {
    case 'open':
      return { ...openState(action.doc, action.file, action.original), version: state.version + 1 };
    case 'undo': {
      const prev = state.past[state.past.length - 1];
      if (!prev) return state;
      return {
        ...state,
        doc: prev.doc,
        past: state.past.slice(0, -1),
        future: [...state.future, { doc: state.doc, label: prev.label }],
        last: null,
        version: state.version + 1,
      };
    }
    case 'redo': {
      const next = state.future[state.future.length - 1];
      if (!next) return state;
      return {
        ...state,
        doc: next.doc,
        future: state.future.slice(0, -1),
        past: [...state.past, { doc: state.doc, label: next.label }],
        last: null,
        version: state.version + 1,
      };
    }
    case 'edit': {
      const doc = applyEdit(state.doc, action.edit);
      if (doc === state.doc) return state;
      const at = action.at ?? 0;
      const merge =
        action.group !== undefined &&
        state.last !== null &&
        state.last.group === action.group &&
        at - state.last.at <= MERGE_MS &&
        state.past.length > 0;
      const past = merge
        ? state.past
        : [...state.past, { doc: state.doc, label: action.label ?? describe(action.edit) }].slice(
            -HISTORY_LIMIT,
          );
      return {
        ...state,
        doc,
        past,
        future: [],
        last: action.group !== undefined ? { group: action.group, at } : null,
        version: state.version + 1,
      };
    }
  }
}

/** An edit in words. */
export function describe(e: Edit): string {
  switch (e.kind) {
    case 'set':
    case 'remove':
      return `${e.kind === 'set' ? 'change' : 'remove'} ${e.path.join('.')}`;
    case 'insert':
      return `add to ${e.path.join('.')}`;
    case 'move':
      return `reorder ${e.path.join('.')}`;
    case 'setWeight':
      return `weight of ${e.issue} for ${e.party}`;
    case 'normaliseWeights':
      return `weights of ${e.party} summed to 1`;
    case 'addIssue':
      return 'add an issue';
    case 'removeIssue':
      return `remove issue ${e.issue}`;
    case 'renameIssue':
      return `rename issue ${e.from} to ${e.to}`;
    case 'setIssueType':
      return `make ${e.issue} ${e.type}`;
    case 'addValue':
      return `add a value to ${e.issue}`;
    case 'removeValue':
      return `remove value ${e.value} of ${e.issue}`;
    case 'renameValue':
      return `rename value ${e.from} of ${e.issue}`;
    case 'addParty':
      return 'add a party';
    case 'removeParty':
      return `remove party ${e.party}`;
    case 'renameParty':
      return `rename party ${e.from} to ${e.to}`;
    case 'setTodoDone':
      return `${e.done ? 'tick' : 'untick'} todo ${e.todo}`;
    case 'setSittingRounds':
      return `rounds of sitting ${e.index + 1}`;
    case 'addSitting':
      return 'add a sitting';
    case 'removeSitting':
      return `remove sitting ${e.index + 1}`;
    case 'replace':
      return 'edit the YAML';
  }
}

// ---- Applying edits ---------------------------------------------------------------------------

type Rec = Record<string, unknown>;

/** The container at `path` of a copy (created as a map when missing), or undefined. */
function containerAt(doc: Rec, path: Path, create: boolean): unknown {
  let cur: unknown = doc;
  for (const seg of path) {
    if (Array.isArray(cur) && typeof seg === 'number') {
      cur = cur[seg];
      continue;
    }
    const r = asRecord(cur);
    if (!r) return undefined;
    const key = String(seg);
    if (!Object.hasOwn(r, key) || (create && r[key] === undefined)) {
      if (!create) return undefined;
      r[key] = {};
    }
    cur = r[key];
  }
  return cur;
}

/**
 * The document after `e`. Returns `doc` itself when the edit changes nothing (an unknown path, a
 * rename onto an id in use): then no history step is made.
 */
export function applyEdit(doc: Doc, e: Edit): Doc {
  if (e.kind === 'replace') return e.doc;
  const next = structuredClone(doc) as Rec;
  return change(next, e) ? next : doc;
}

/** Applies `e` to `d` in place; false when nothing could change. */
function change(d: Rec, e: Exclude<Edit, { kind: 'replace' }>): boolean {
  switch (e.kind) {
    case 'set': {
      if (e.path.length === 0) return false;
      const parent = containerAt(d, e.path.slice(0, -1), e.value !== undefined);
      const key = e.path[e.path.length - 1] as string | number;
      if (Array.isArray(parent) && typeof key === 'number') {
        if (key > parent.length || sameData(parent[key], e.value)) return false;
        if (e.value === undefined) parent.splice(key, 1);
        else parent[key] = e.value;
        return true;
      }
      const r = asRecord(parent);
      if (!r) return false;
      if (Object.hasOwn(r, String(key)) && sameData(r[String(key)], e.value)) return false;
      if (e.value === undefined) {
        if (!Object.hasOwn(r, String(key))) return false;
        delete r[String(key)];
      } else r[String(key)] = e.value;
      return true;
    }
    case 'insert': {
      const parentPath = e.path.slice(0, -1);
      const key = e.path[e.path.length - 1];
      const parent = asRecord(containerAt(d, parentPath, true));
      let list = getAt(d, e.path);
      if (list === undefined && parent && key !== undefined) {
        list = [];
        parent[String(key)] = list;
      }
      if (!Array.isArray(list)) return false;
      list.splice(e.index ?? list.length, 0, e.value);
      return true;
    }
    case 'remove':
      return change(d, { kind: 'set', path: e.path, value: undefined });
    case 'move': {
      const list = getAt(d, e.path);
      if (!Array.isArray(list) || e.to < 0 || e.to >= list.length || e.from === e.to) return false;
      const [item] = list.splice(e.from, 1);
      list.splice(e.to, 0, item);
      return true;
    }
    case 'setWeight':
      return setWeight(d, e.party, e.issue, e.value);
    case 'normaliseWeights':
      return normaliseWeights(d, e.party);
    case 'addIssue':
      return addIssue(d, e.issue);
    case 'removeIssue':
      return removeIssue(d, e.issue);
    case 'renameIssue':
      return renameIssue(d, e.from, e.to);
    case 'setIssueType':
      return setIssueType(d, e.issue, e.type);
    case 'addValue':
      return addValue(d, e.issue, e.value);
    case 'removeValue':
      return removeValue(d, e.issue, e.value);
    case 'renameValue':
      return renameValue(d, e.issue, e.from, e.to);
    case 'addParty':
      return addParty(d, e.party);
    case 'removeParty':
      return removeParty(d, e.party);
    case 'renameParty':
      return renameParty(d, e.from, e.to);
    case 'setTodoDone': {
      const todo = asList(d.todos)
        .map(asRecord)
        .find((t) => t?.id === e.todo);
      if (!todo) return false;
      todo.done = e.done;
      return true;
    }
    case 'setSittingRounds': {
      const sitting = asRecord(asList(asRecord(d.protocol)?.schedule)[e.index]);
      if (!sitting) return false;
      sitting.rounds = e.value;
      syncDeadline(d);
      return true;
    }
    case 'addSitting': {
      const protocol = asRecord(d.protocol) ?? {};
      d.protocol = protocol;
      const schedule = asList(protocol.schedule);
      if (schedule.length === 0) {
        // The one implicit sitting becomes the first written one.
        const rounds = Math.round(pointOf(asRecord(protocol.deadline)?.rounds) ?? 10);
        schedule.push({ label: 'Day 1', rounds });
      }
      schedule.push({ label: `Day ${schedule.length + 1}`, rounds: 5 });
      protocol.schedule = schedule;
      syncDeadline(d);
      return true;
    }
    case 'removeSitting': {
      const protocol = asRecord(d.protocol);
      const schedule = asList(protocol?.schedule);
      if (!protocol || e.index >= schedule.length) return false;
      schedule.splice(e.index, 1);
      if (schedule.length === 0) delete protocol.schedule;
      else syncDeadline(d);
      return true;
    }
  }
}

/** The deadline made equal to the sittings' rounds (point values, rounded), as the format wants. */
function syncDeadline(d: Rec): void {
  const protocol = asRecord(d.protocol);
  const schedule = asList(protocol?.schedule);
  if (!protocol || schedule.length === 0) return;
  let total = 0;
  for (const s of schedule) {
    const p = pointOf(asRecord(s)?.rounds);
    if (p === undefined) return;
    total += Math.round(p);
  }
  const deadline = asRecord(protocol.deadline) ?? {};
  protocol.deadline = deadline;
  deadline.rounds = withPoint(deadline.rounds, total);
}

function partyById(d: Rec, id: string): Rec | undefined {
  return partiesOf(d).find((p) => p.id === id);
}

function issueById(d: Rec, id: string): Rec | undefined {
  return issuesOf(d).find((i) => i.id === id);
}

/** The record of a party that holds its issue weights: `weights`, or `salience` when it uses that. */
function weightTable(p: Rec): { key: 'weights' | 'salience'; table: Rec } {
  const salience = asRecord(p.salience);
  if (salience && !asRecord(p.weights)) return { key: 'salience', table: salience };
  const weights = asRecord(p.weights) ?? {};
  p.weights = weights;
  return { key: 'weights', table: weights };
}

function setWeight(d: Rec, party: string, issue: string, value: number): boolean {
  const p = partyById(d, party);
  if (!p || !Number.isFinite(value)) return false;
  const { key, table } = weightTable(p);
  const old = table[issue];
  const oldPoint = pointOf(old);
  // A distribution keeps its shape, scaled to the new point; a point is set.
  table[issue] =
    oldPoint !== undefined && oldPoint > 0 && typeof old === 'object'
      ? insideUnit(scaled(old, value / oldPoint))
      : withPoint(old, value);
  // Saliences are not meant to sum to 1; weights of the default kind are kept summing to 1.
  if (key === 'weights') rebalanceWeights(d, party, new Set([issue]));
  // Plain weights without float noise (12 significant digits keep the sum well within 1e-6).
  for (const [k, x] of Object.entries(table)) if (typeof x === 'number') table[k] = Number(x.toPrecision(12));
  return true;
}

function normaliseWeights(d: Rec, party: string): boolean {
  const p = partyById(d, party);
  const table = p ? asRecord(p.weights) : undefined;
  if (!table) return false;
  const points = Object.values(table).map(pointOf);
  if (points.some((x) => x === undefined)) return false;
  const sum = (points as number[]).reduce((a, b) => a + b, 0);
  const keys = Object.keys(table);
  if (keys.length === 0) return false;
  for (const k of keys) table[k] = sum > 0 ? scaled(table[k], 1 / sum) : 1 / keys.length;
  return true;
}

/** Every table of the document keyed by issue id: weights, saliences, evaluators, impacts, outcome. */
function issueKeyedTables(d: Rec): Rec[] {
  const out: Rec[] = [];
  for (const p of partiesOf(d)) {
    for (const key of ['weights', 'salience', 'evaluators'] as const) {
      const t = asRecord(p[key]);
      if (t) out.push(t);
    }
  }
  for (const m of asList(d.impacts)) {
    const t = asRecord(asRecord(m)?.perIssue);
    if (t) out.push(t);
  }
  const outcome = asRecord(d.outcome);
  for (const key of ['values', 'notes'] as const) {
    const t = asRecord(outcome?.[key]);
    if (t) out.push(t);
  }
  return out;
}

/** Every conditions map (red lines' require/forbid, regions' when and unless boxes), with how to drop it. */
function conditionMaps(
  d: Rec,
): { conditions: Rec; owner: 'redLine' | 'when' | 'unless'; party: Rec; item: Rec }[] {
  const out: { conditions: Rec; owner: 'redLine' | 'when' | 'unless'; party: Rec; item: Rec }[] = [];
  for (const p of partiesOf(d)) {
    for (const r of asList(p.redLines)) {
      const line = asRecord(r);
      const c = asRecord(line?.require) ?? asRecord(line?.forbid);
      if (line && c) out.push({ conditions: c, owner: 'redLine', party: p, item: line });
    }
    for (const g of asList(p.regions)) {
      const region = asRecord(g);
      if (!region) continue;
      const when = asRecord(region.when);
      if (when) out.push({ conditions: when, owner: 'when', party: p, item: region });
      for (const box of asList(region.unless)) {
        const b = asRecord(box);
        if (b) out.push({ conditions: b, owner: 'unless', party: p, item: region });
      }
    }
  }
  return out;
}

/**
 * After conditions were taken out: a red line with none left would forbid (or require) nothing
 * meaningful, an `unless` box with none would exclude everything, a region with no condition and
 * no box would apply everywhere; each is removed.
 */
function pruneEmptyConditions(d: Rec): void {
  for (const p of partiesOf(d)) {
    if (Array.isArray(p.redLines)) {
      p.redLines = p.redLines.filter((r) => {
        const line = asRecord(r);
        const c = asRecord(line?.require) ?? asRecord(line?.forbid);
        return !c || Object.keys(c).length > 0;
      });
      if ((p.redLines as unknown[]).length === 0) delete p.redLines;
    }
    if (Array.isArray(p.regions)) {
      p.regions = p.regions.filter((g) => {
        const region = asRecord(g);
        if (!region) return true;
        if (Array.isArray(region.unless)) {
          region.unless = region.unless.filter((b) => Object.keys(asRecord(b) ?? { x: 1 }).length > 0);
          if ((region.unless as unknown[]).length === 0) delete region.unless;
        }
        const when = asRecord(region.when);
        return !when || Object.keys(when).length > 0 || Array.isArray(region.unless);
      });
      if ((p.regions as unknown[]).length === 0) delete p.regions;
    }
  }
}

/** `table` with key `from` renamed to `to` in place, keeping the order of keys. */
function renameKey(table: Rec, from: string, to: string): void {
  if (!Object.hasOwn(table, from) || Object.hasOwn(table, to)) return;
  const entries = Object.entries(table).map(([k, v]) => [k === from ? to : k, v] as const);
  for (const k of Object.keys(table)) delete table[k];
  for (const [k, v] of entries) table[k] = v;
}

function addIssue(d: Rec, issue: Rec): boolean {
  const id = typeof issue.id === 'string' ? issue.id : '';
  if (!id || issueById(d, id)) return false;
  const issues = asList(d.issues);
  issues.push(issue);
  d.issues = issues;
  for (const p of partiesOf(d)) {
    // A new issue weighs nothing until someone says it does: the other weights keep their sum.
    const { table } = weightTable(p);
    table[id] = 0;
    const evaluators = asRecord(p.evaluators) ?? {};
    evaluators[id] = defaultEvaluator(issue);
    p.evaluators = evaluators;
  }
  return true;
}

function removeIssue(d: Rec, id: string): boolean {
  const issues = asList(d.issues);
  const k = issues.findIndex((i) => asRecord(i)?.id === id);
  if (k < 0) return false;
  issues.splice(k, 1);
  for (const t of issueKeyedTables(d)) delete t[id];
  for (const c of conditionMaps(d)) delete c.conditions[id];
  pruneEmptyConditions(d);
  // The weights left share the whole again, in their old proportions.
  for (const p of partiesOf(d)) if (p.weightsSum !== 'asWritten') normaliseWeights(d, String(p.id));
  return true;
}

function renameIssue(d: Rec, from: string, to: string): boolean {
  const issue = issueById(d, from);
  if (!issue || from === to || issueById(d, to)) return false;
  issue.id = to;
  for (const t of issueKeyedTables(d)) renameKey(t, from, to);
  for (const c of conditionMaps(d)) renameKey(c.conditions, from, to);
  return true;
}

function setIssueType(d: Rec, id: string, type: 'discrete' | 'integer' | 'real'): boolean {
  const issue = issueById(d, id);
  if (!issue || issue.type === type) return false;
  const wasDiscrete = issue.type === 'discrete';
  issue.type = type;
  if (type === 'discrete') {
    delete issue.min;
    delete issue.max;
    delete issue.scale;
    delete issue.statusQuo;
    issue.values = [
      { id: 'low', label: 'Low' },
      { id: 'high', label: 'High' },
    ];
  } else if (wasDiscrete) {
    delete issue.values;
    delete issue.statusQuo;
    issue.min = 0;
    issue.max = type === 'integer' ? 10 : 1;
  } else if (type === 'integer') {
    // Real to integer: whole-number ends; evaluators and ranges hold for both.
    for (const key of ['min', 'max', 'statusQuo'] as const) {
      if (typeof issue[key] === 'number') issue[key] = Math.round(issue[key] as number);
    }
    return true;
  } else return true;
  // Between discrete and numeric, evaluators, conditions and impact terms no longer fit.
  for (const p of partiesOf(d)) {
    const evaluators = asRecord(p.evaluators);
    if (evaluators && Object.hasOwn(evaluators, id)) evaluators[id] = defaultEvaluator(issue);
  }
  for (const c of conditionMaps(d)) delete c.conditions[id];
  for (const m of asList(d.impacts)) delete asRecord(asRecord(m)?.perIssue)?.[id];
  const outcome = asRecord(asRecord(d.outcome)?.values);
  if (outcome) delete outcome[id];
  pruneEmptyConditions(d);
  return true;
}

function addValue(d: Rec, issueId: string, value?: Rec): boolean {
  const issue = issueById(d, issueId);
  if (!issue) return false;
  if (issue.type !== 'discrete') return false;
  const values = asList(issue.values);
  const taken = valueIdsOf(issue);
  const id = typeof value?.id === 'string' ? value.id : uniqueId('value', taken);
  if (taken.includes(id)) return false;
  values.push({ label: `Value ${taken.length + 1}`, ...value, id });
  issue.values = values;
  for (const p of partiesOf(d)) {
    const table = asRecord(asRecord(p.evaluators)?.[issueId]);
    if (table && !('linear' in table) && !('piecewise' in table) && !('peak' in table)) table[id] = 0;
  }
  for (const m of asList(d.impacts)) {
    const term = asRecord(asRecord(asRecord(m)?.perIssue)?.[issueId]);
    if (term && !('linear' in term)) term[id] = 0;
  }
  return true;
}

function removeValue(d: Rec, issueId: string, valueId: string): boolean {
  const issue = issueById(d, issueId);
  const values = asList(issue?.values);
  const k = values.findIndex((v) => asRecord(v)?.id === valueId);
  if (!issue || k < 0) return false;
  values.splice(k, 1);
  if (issue.statusQuo === valueId) delete issue.statusQuo;
  for (const p of partiesOf(d)) delete asRecord(asRecord(p.evaluators)?.[issueId])?.[valueId];
  for (const m of asList(d.impacts)) delete asRecord(asRecord(asRecord(m)?.perIssue)?.[issueId])?.[valueId];
  for (const c of conditionMaps(d)) {
    const list = c.conditions[issueId];
    if (!Array.isArray(list)) continue;
    const kept = list.filter((v) => v !== valueId);
    if (kept.length > 0) c.conditions[issueId] = kept;
    else delete c.conditions[issueId];
  }
  pruneEmptyConditions(d);
  return true;
}

function renameValue(d: Rec, issueId: string, from: string, to: string): boolean {
  const issue = issueById(d, issueId);
  const value = asList(issue?.values)
    .map(asRecord)
    .find((v) => v?.id === from);
  if (!issue || !value || from === to || valueIdsOf(issue).includes(to)) return false;
  value.id = to;
  if (issue.statusQuo === from) issue.statusQuo = to;
  for (const p of partiesOf(d)) {
    const table = asRecord(asRecord(p.evaluators)?.[issueId]);
    if (table) renameKey(table, from, to);
  }
  for (const m of asList(d.impacts)) {
    const term = asRecord(asRecord(asRecord(m)?.perIssue)?.[issueId]);
    if (term) renameKey(term, from, to);
  }
  for (const c of conditionMaps(d)) {
    const list = c.conditions[issueId];
    if (Array.isArray(list)) c.conditions[issueId] = list.map((v) => (v === from ? to : v));
  }
  const outcome = asRecord(asRecord(d.outcome)?.values);
  if (outcome?.[issueId] === from) outcome[issueId] = to;
  return true;
}

function addParty(d: Rec, party: Rec): boolean {
  const id = typeof party.id === 'string' ? party.id : '';
  if (!id || partyById(d, id)) return false;
  const parties = asList(d.parties);
  parties.push(party);
  d.parties = parties;
  const order = asRecord(d.protocol)?.order;
  if (Array.isArray(order)) order.push(id);
  return true;
}

function removeParty(d: Rec, id: string): boolean {
  const parties = asList(d.parties);
  const k = parties.findIndex((p) => asRecord(p)?.id === id);
  if (k < 0) return false;
  parties.splice(k, 1);
  const protocol = asRecord(d.protocol);
  if (protocol && Array.isArray(protocol.order)) protocol.order = protocol.order.filter((x) => x !== id);
  const mix = asRecord(asRecord(d.forecast)?.negotiators);
  if (mix) delete mix[id];
  return true;
}

function renameParty(d: Rec, from: string, to: string): boolean {
  const party = partyById(d, from);
  if (!party || from === to || partyById(d, to)) return false;
  party.id = to;
  const protocol = asRecord(d.protocol);
  if (protocol && Array.isArray(protocol.order))
    protocol.order = protocol.order.map((x) => (x === from ? to : x));
  const mix = asRecord(asRecord(d.forecast)?.negotiators);
  if (mix) renameKey(mix, from, to);
  return true;
}

/** The point values of a party's weights and their sum (null when one is malformed). */
export function weightPoints(party: Rec): { points: Record<string, number>; sum: number } | null {
  const table = asRecord(party.weights) ?? asRecord(party.salience);
  if (!table) return null;
  const points: Record<string, number> = {};
  let sum = 0;
  for (const [k, v] of Object.entries(table)) {
    const p = pointOf(v);
    if (p === undefined) return null;
    points[k] = p;
    sum += p;
  }
  return { points, sum };
}
