/**
 * Loading a native scenario file: text → YAML document → zod schema → semantic checks → model.
 * Every stage reports all it finds, so one run shows the author every problem of the file, each
 * with file, line, column, field path and what was expected. JSON files go through the YAML
 * parser too (for positions), after a strict JSON syntax check, since YAML accepts more than JSON.
 * Syntax errors stop the load: past them, the structure the later stages would check is a guess.
 * Pure (no file system): the web app's scenario studio validates with it in the browser; reading a
 * file from disk is `loadScenarioFile` in load-file.ts.
 */
import { type Document, LineCounter, parseDocument, visit } from 'yaml';
import { LancasterError, type Problem, type ProblemCode } from '../../errors.ts';
import type { OutcomeSpace } from '../../model/outcome-space.ts';
import type { RecordedOutcome } from '../../model/recorded-outcome.ts';
import type { Scenario } from '../../model/scenario.ts';
import { toScenario } from './convert.ts';
import { duplicateKeyOffsets } from './duplicate-keys.ts';
import { findJsonSyntaxError } from './json-syntax.ts';
import { forgetTableFacts, setAsidePlainTables } from './plain-tables.ts';
import { type DataPath, isRecord, type ProblemDraft } from './problem-draft.ts';
import { quickData } from './quick-data.ts';
import { type OutcomeFile, type ScenarioFile, scenarioFileSchema } from './schema.ts';
import { checkSemantics } from './semantics.ts';
import { SourceMap } from './source-map.ts';
import { zodIssuesToDrafts } from './zod-problems.ts';

/** The outcome of reading a scenario text: the scenario, or every problem found. */
export type ScenarioReadResult =
  | { readonly ok: true; readonly scenario: Scenario }
  | { readonly ok: false; readonly problems: readonly Problem[] };

/**
 * The dotted path a person reads: a list element that has a unique `id` is named by it
 * (`parties.us.weights.eda`, not `parties.0.weights.eda`), as in `Scenario.parameters`.
 */
export function displayPath(data: unknown, path: DataPath): string {
  const parts: string[] = [];
  let cur = data;
  for (const seg of path) {
    if (Array.isArray(cur) && typeof seg === 'number') {
      const item: unknown = cur[seg];
      const id = isRecord(item) && typeof item.id === 'string' ? item.id : undefined;
      const unique = id !== undefined && idCounts(cur).get(id) === 1;
      parts.push(unique ? (id as string) : String(seg));
      cur = item;
    } else {
      parts.push(String(seg));
      cur = isRecord(cur) ? cur[String(seg)] : undefined;
    }
  }
  return parts.join('.');
}

/** How often each `id` occurs in a list, counted once per list (a file's problems share the lists). */
const idCountCache = new WeakMap<readonly unknown[], Map<string, number>>();

function idCounts(list: readonly unknown[]): Map<string, number> {
  let counts = idCountCache.get(list);
  if (counts === undefined) {
    counts = new Map();
    for (const x of list) {
      if (isRecord(x) && typeof x.id === 'string') counts.set(x.id, (counts.get(x.id) ?? 0) + 1);
    }
    idCountCache.set(list, counts);
  }
  return counts;
}

/** The key written at `offset` (the error range of a duplicate key covers only its start). */
function keyTextAt(text: string, offset: number): string {
  const m = /^("(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^:,{}\n]*[^:,{}\s])/.exec(text.slice(offset, offset + 200));
  const key = m?.[1] ?? '';
  return key.startsWith('"') || key.startsWith("'") ? key : JSON.stringify(key);
}

function byPosition(a: Problem, b: Problem): number {
  return (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
}

/** Drops exact repeats (the same problem reached through two rules). */
function unique(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.code}|${p.line}|${p.column}|${p.path}|${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Reads a scenario from its text without throwing: the scenario (with the parsed file and the raw
 * data a forecast builds variants from), or all problems found. For the web editor and the server,
 * which show problems rather than fail on them, and for scenario templates.
 *
 * @example
 * const r = readScenarioText(text, 'my-talks.yaml');
 * if (!r.ok) for (const p of r.problems) console.log(formatProblem(p));
 * else toScenario(r.file, r.raw, new Map([['parties.us.reservationValue', 0.5]]));
 */
export function readScenarioText(text: string, file: string): ScenarioDataResult {
  const json = file.toLowerCase().endsWith('.json');
  // A file without problems needs no positions: read it fast and check it (see quick-data.ts).
  // With problems, it is read again below, so that positions and messages come from one parser.
  // Facts about tables are kept from the reading (their keys) to the checks of this text only.
  forgetTableFacts();
  const quick = quickData(text, json);
  if (quick !== undefined) {
    const r = checkData(quick.data, file, () => ({}));
    if (r.ok) return r;
  }
  const lines = new LineCounter();
  // Repeated keys are found by `duplicateKeyOffsets` (linear), not by the parser (quadratic).
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false, lineCounter: lines });
  const map = new SourceMap(doc, lines);
  const syntaxCode: ProblemCode = json ? 'JSON_SYNTAX' : 'YAML_SYNTAX';

  const syntax: Problem[] = [];
  const jsonError = json ? findJsonSyntaxError(text) : undefined;
  if (jsonError) {
    syntax.push({
      code: 'JSON_SYNTAX',
      file,
      ...map.positionOf(jsonError.offset),
      message: jsonError.message,
    });
  }
  for (const e of doc.errors) {
    // For JSON the strict scanner has the better message for everything but repeated keys.
    if (jsonError) continue;
    const message = e.message.split('\n')[0] ?? e.message;
    syntax.push({ code: syntaxCode, file, ...map.positionOf(e.pos[0]), message });
  }
  for (const offset of duplicateKeyOffsets(doc)) {
    const message = `duplicate key ${keyTextAt(text, offset)}: each key may appear once in a mapping`;
    syntax.push({ code: syntaxCode, file, ...map.positionOf(offset), message });
  }
  if (syntax.length > 0) return { ok: false, problems: unique(syntax).sort(byPosition) };

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    // An alias to an undefined anchor, or an alias bomb: the yaml library throws while building.
    return { ok: false, problems: [aliasProblem(doc, map, file, syntaxCode, e)] };
  }
  if (data === null || data === undefined) {
    const problem: Problem = {
      code: 'SCHEMA',
      file,
      line: 1,
      column: 1,
      message: 'the file has no content',
      expected: 'a scenario mapping with version, id, title, issues, parties and protocol',
    };
    return { ok: false, problems: [problem] };
  }
  return checkData(data, file, (path, at) => map.locate(path, at));
}

/**
 * The full result of reading scenario data: besides the scenario, the file as the schema parsed
 * it and the raw data in document order, from which `toScenario` builds variants (forecast runs).
 * A recorded `outcome` block is checked, then taken out of both (`file` and `raw` never hold
 * it, so nothing that runs a scenario can read it) and returned apart, for backtests.
 */
export type ScenarioDataResult =
  | {
      readonly ok: true;
      readonly file: ScenarioFile;
      readonly raw: unknown;
      readonly scenario: Scenario;
      readonly warnings: readonly Problem[];
      /** The file's recorded outcome, when it has one. */
      readonly outcome?: RecordedOutcome;
    }
  | { readonly ok: false; readonly problems: readonly Problem[] };

/** Schema and semantic checks of parsed data; `locate` turns a data path into a file position. */
function checkData(
  data: unknown,
  file: string,
  locate: (path: DataPath, at: ProblemDraft['at']) => { line?: number; column?: number },
): ScenarioDataResult {
  // Large tables of bare numbers skip the schema, which would accept them (see plain-tables.ts).
  const { forSchema, restore } = setAsidePlainTables(data);
  const parsed = scenarioFileSchema.safeParse(forSchema);
  if (parsed.success) restore(parsed.data);
  const semantics = checkSemantics(data, parsed.success ? parsed.data.issues : undefined);
  const inCovered = (d: ProblemDraft) =>
    semantics.covered.some((c) => c.length <= d.path.length && c.every((seg, i) => d.path[i] === seg));
  const drafts: ProblemDraft[] = [
    ...(parsed.success ? [] : zodIssuesToDrafts(parsed.error.issues, scenarioFileSchema, data)).filter(
      (d) => !inCovered(d),
    ),
    ...semantics.drafts,
  ];
  if (drafts.length > 0 || !parsed.success) {
    const problems = drafts.map(
      (d): Problem => ({
        code: d.code,
        file,
        ...locate(d.path, d.at),
        ...(d.path.length > 0 ? { path: displayPath(data, d.path) } : {}),
        message: d.message,
        ...(d.expected !== undefined ? { expected: d.expected } : {}),
      }),
    );
    return { ok: false, problems: unique(problems).sort(byPosition) };
  }
  const { outcome, ...checked } = parsed.data;
  const raw = withoutOutcome(data);
  const scenario = toScenario(checked, raw);
  return {
    ok: true,
    file: checked,
    raw,
    scenario,
    warnings: [],
    ...(outcome !== undefined ? { outcome: recordedOutcome(outcome, scenario.space) } : {}),
  };
}

/** The data without its `outcome` block (a shallow copy; the data is not changed). */
function withoutOutcome(data: unknown): unknown {
  if (!isRecord(data) || !Object.hasOwn(data, 'outcome')) return data;
  const { outcome: _outcome, ...rest } = data;
  return rest;
}

/** The model form of a checked outcome block: the agreed values as engine values in issue order. */
function recordedOutcome(f: OutcomeFile, space: OutcomeSpace): RecordedOutcome {
  const agreement =
    f.agreement && f.values
      ? space.issues.map((issue) => {
          const v = f.values?.[issue.id] as string | number;
          return issue.kind === 'discrete' ? issue.values.findIndex((x) => x.id === v) : (v as number);
        })
      : null;
  return {
    date: f.date,
    agreement,
    notes: f.notes ?? {},
    sources: f.sources,
    ...(f.note !== undefined ? { note: f.note } : {}),
  };
}

/**
 * Validates scenario data that did not come from a text (a file after `--set` overrides, an
 * imported domain as native data). Problems carry the field path and `file: label`, no line.
 *
 * @example
 * const r = validateScenarioData(applyOverrides(raw, ['parties.us.reservationValue=0.5']), 'talks.yaml with --set');
 */
export function validateScenarioData(raw: unknown, label: string): ScenarioDataResult {
  forgetTableFacts();
  if (raw === null || raw === undefined) {
    return {
      ok: false,
      problems: [
        {
          code: 'SCHEMA',
          file: label,
          message: 'the scenario has no content',
          expected: 'a scenario mapping with version, id, title, issues, parties and protocol',
        },
      ],
    };
  }
  return checkData(raw, label, () => ({}));
}

/**
 * Parses a scenario from YAML or JSON text (JSON when `file` ends in `.json`). `file` names the
 * source in problems. Throws a `LancasterError` carrying every problem found in the text.
 *
 * @example
 * const scenario = parseScenarioText(readFileSync('talks.yaml', 'utf8'), 'talks.yaml');
 * scenario.parties.map((p) => p.id); // ['us', 'china']
 */
export function parseScenarioText(text: string, file: string): Scenario {
  const r = readScenarioText(text, file);
  if (!r.ok) throw new LancasterError(r.problems);
  return r.scenario;
}

/** The problem for a document whose aliases cannot be resolved, placed at the first bad alias. */
function aliasProblem(doc: Document, map: SourceMap, file: string, code: ProblemCode, e: unknown): Problem {
  let offset = 0;
  let name: string | null = null;
  visit(doc, {
    Alias(_, node) {
      if (name === null && node.resolve(doc) === undefined) {
        name = node.source;
        offset = node.range?.[0] ?? 0;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  const detail = e instanceof Error ? e.message.split('\n')[0] : String(e);
  return {
    code,
    file,
    ...map.positionOf(offset),
    message:
      name === null
        ? `the document's aliases cannot be resolved (${detail})`
        : `alias *${name} refers to no anchor &${name}`,
    expected: 'every *alias to follow an &anchor of the same name, and no more than 1000 alias expansions',
  };
}
