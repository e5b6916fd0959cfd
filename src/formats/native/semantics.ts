/**
 * The rules of the scenario format that span more than one field: ids unique, every reference
 * (weights, evaluators, regions, red lines, turn order) naming an issue, value or party that
 * exists, each issue's evaluator matching its type, weights summing to 1 and evaluations in [0, 1]
 * (both waived for a party with `weightsSum: asWritten`, the GENIUS rule), conditions inside the
 * issue's range, sittings adding up to the deadline. These checks read the raw parsed data, not
 * zod's output, and each looks only at the parts it needs (validated field by field), so that a
 * typo elsewhere in the file does not hide them: the author sees every problem in one pass.
 */
import { swingEnds } from '../../model/distribution.ts';
import { strategySpec } from '../../model/scenario.ts';
import { listNegotiators } from '../../negotiators/registry.ts';
import { parseSpec } from '../../negotiators/spec.ts';
import { differingText } from '../number-text.ts';
import { didYouMean } from './nearest.ts';
import { factsOfTable } from './plain-tables.ts';
import { type DataPath, isRecord, listOf, type ProblemDraft } from './problem-draft.ts';
import {
  asWrittenEvaluators,
  distributionOf,
  evaluatorSchema,
  type IssueFile,
  issueSchema,
  NUMERIC_EVALUATOR_FORMS,
  numericEvaluatorSchema,
  PROBABILITY_TOLERANCE,
  partySchema,
  pointValue,
  protocolSchema,
  ROUNDS_BOUNDS,
  rangeConditionSchema,
  strategyOptionSchema,
  tableEvaluatorSchema,
  WEIGHTS_TOLERANCE,
} from './schema.ts';
import { zodIssuesToDrafts } from './zod-problems.ts';

interface KnownIssue {
  readonly index: number;
  /** The issue when it is well-formed; undefined when zod reports it, so checks that need it skip. */
  readonly issue: IssueFile | undefined;
}

interface IssueIndex {
  readonly byId: ReadonlyMap<string, KnownIssue>;
  readonly ids: readonly string[];
  /** False when some issue has no usable id, so "missing entry for issue" cannot be judged. */
  readonly complete: boolean;
}

const code = (id: string) => `\`${id}\``;

/** A discrete issue's value ids, as a list (for messages) and a set (for lookups). */
interface ValueIds {
  readonly list: readonly string[];
  readonly set: ReadonlySet<string>;
}

/**
 * The value ids of a discrete issue, built once per parsed issue: every table, condition and
 * impact term on the issue looks its keys up here, so checking stays linear in the file's size
 * (an issue can have 200,000 values).
 */
const valueIdCache = new WeakMap<IssueFile, ValueIds>();

function valueIdsOf(issue: IssueFile & { type: 'discrete' }): ValueIds {
  let ids = valueIdCache.get(issue);
  if (ids === undefined) {
    const list = issue.values.map((v) => v.id);
    ids = { list, set: new Set(list) };
    valueIdCache.set(issue, ids);
  }
  return ids;
}

/** The problem of a key that names no issue. */
function unknownIssue(key: string, path: DataPath, issues: IssueIndex): ProblemDraft {
  return {
    code: 'UNKNOWN_REFERENCE',
    path,
    message: `${code(key)} is not an issue id${didYouMean(key, issues.ids)}`,
    expected: `an issue id: ${listOf(issues.ids)}`,
    at: 'key',
  };
}

/**
 * Keys of a table by value id (an evaluator, an impact's term): every key a value of `issue`, and
 * every value a key; `what` names an entry ('evaluation', 'amount').
 */
function checkValueKeys(
  table: Record<string, unknown>,
  path: DataPath,
  issue: IssueFile & { type: 'discrete' },
  what: string,
  out: ProblemDraft[],
): void {
  const { list: valueIds, set } = valueIdsOf(issue);
  // Keys are distinct, so when every key is a value id and there are as many as values, no value
  // is missing: one pass over the table, without listing its keys or probing it per value.
  let known = 0;
  for (const key of factsOfTable(table).keys) {
    if (set.has(key)) known++;
    else {
      out.push({
        code: 'UNKNOWN_REFERENCE',
        path: [...path, key],
        message: `${code(key)} is not a value of issue ${code(issue.id)}${didYouMean(key, valueIds)}`,
        expected: `a value id of ${code(issue.id)}: ${listOf(valueIds)}`,
        at: 'key',
      });
    }
  }
  if (known === valueIds.length) return;
  const missing = valueIds.filter((id) => !Object.hasOwn(table, id));
  if (missing.length > 0) {
    out.push({
      code: 'SCHEMA',
      path,
      message: `no ${what} for value${missing.length > 1 ? 's' : ''} ${listOf(missing.map(code))} of issue ${code(issue.id)}`,
      expected: `an ${what} for every value: ${listOf(valueIds)}`,
      at: 'key',
    });
  }
}

/** The evaluator schemas one party is checked with, chosen by its `weightsSum`. */
interface EvaluatorSchemas {
  readonly table: typeof tableEvaluatorSchema | typeof asWrittenEvaluators.table;
  readonly numeric: typeof numericEvaluatorSchema | typeof asWrittenEvaluators.numeric;
}

const BOUNDED: EvaluatorSchemas = { table: tableEvaluatorSchema, numeric: numericEvaluatorSchema };

/** What the semantic checks found. */
export interface SemanticFindings {
  readonly drafts: ProblemDraft[];
  /**
   * Parts of the file these checks validated completely, with a schema chosen by context (an
   * evaluator by its issue's type): the generic schema's reports inside them are superseded,
   * since without the context it can only guess which kind of evaluator was meant.
   */
  readonly covered: DataPath[];
}

/**
 * Finds the cross-field problems of a parsed scenario file (any shape; malformed parts are
 * skipped). `parsedIssues`, when the file's schema accepted the whole file, are its issues as the
 * schema parsed them, so that they are not parsed a second time (an issue may have 200,000 values).
 */
export function checkSemantics(data: unknown, parsedIssues?: readonly IssueFile[]): SemanticFindings {
  const out: ProblemDraft[] = [];
  const covered: DataPath[] = [];
  if (!isRecord(data)) return { drafts: out, covered };
  const issues = indexIssues(data.issues, out, parsedIssues);
  const parties = Array.isArray(data.parties) ? data.parties : [];
  const partyIds: string[] = [];
  let partiesComplete = true;
  parties.forEach((party, j) => {
    const id = isRecord(party) && typeof party.id === 'string' ? party.id : undefined;
    if (id === undefined) partiesComplete = false;
    else if (partyIds.includes(id)) {
      out.push({
        code: 'DUPLICATE_ID',
        path: ['parties', j, 'id'],
        message: `party id ${code(id)} is used by another party`,
        expected: 'a party id used once',
      });
    } else partyIds.push(id);
    if (isRecord(party)) checkParty(party, ['parties', j], issues, out, covered);
  });
  if (isRecord(data.protocol)) checkProtocol(data.protocol, partyIds, partiesComplete, out);
  if (isRecord(data.forecast)) checkForecast(data.forecast, partyIds, partiesComplete, out);
  if (Array.isArray(data.impacts)) checkImpacts(data.impacts, issues, out);
  if (isRecord(data.outcome)) checkOutcome(data.outcome, issues, out);
  if (Array.isArray(data.todos)) checkTodoIds(data.todos, out);
  return { drafts: out, covered };
}

/** Todo ids are unique, so that a checklist (and `todos.<id>` in messages) names each one. */
function checkTodoIds(todos: readonly unknown[], out: ProblemDraft[]): void {
  const seen = new Set<string>();
  todos.forEach((t, i) => {
    const id = isRecord(t) && typeof t.id === 'string' ? t.id : undefined;
    if (id === undefined) return;
    if (seen.has(id)) {
      out.push({
        code: 'DUPLICATE_ID',
        path: ['todos', i, 'id'],
        message: `todo id ${code(id)} is used by another todo`,
        expected: 'a todo id used once',
      });
    }
    seen.add(id);
  });
}

function indexIssues(
  raw: unknown,
  out: ProblemDraft[],
  parsedIssues: readonly IssueFile[] | undefined,
): IssueIndex {
  const byId = new Map<string, KnownIssue>();
  const ids: string[] = [];
  let complete = true;
  (Array.isArray(raw) ? raw : []).forEach((item, i) => {
    const id = isRecord(item) && typeof item.id === 'string' ? item.id : undefined;
    if (id === undefined) {
      complete = false;
      return;
    }
    if (byId.has(id)) {
      out.push({
        code: 'DUPLICATE_ID',
        path: ['issues', i, 'id'],
        message: `issue id ${code(id)} is used by another issue`,
        expected: 'an issue id used once',
      });
      return;
    }
    let issue = parsedIssues?.[i];
    if (issue === undefined) {
      const parsed = issueSchema.safeParse(item);
      issue = parsed.success ? parsed.data : undefined;
    }
    if (issue?.type === 'discrete') {
      const seen = new Set<string>();
      // The ids' set (built once per issue) is smaller than the list only when some id repeats.
      const repeats = valueIdsOf(issue).set.size < issue.values.length;
      if (repeats)
        issue.values.forEach((v, k) => {
          if (seen.has(v.id)) {
            out.push({
              code: 'DUPLICATE_ID',
              path: ['issues', i, 'values', k, 'id'],
              message: `value id ${code(v.id)} appears twice in issue ${code(id)}`,
              expected: 'value ids unique within their issue',
            });
          }
          seen.add(v.id);
        });
      if (issue.statusQuo !== undefined && !issue.values.some((v) => v.id === issue?.statusQuo)) {
        const valueIds = issue.values.map((v) => v.id);
        out.push({
          code: 'UNKNOWN_REFERENCE',
          path: ['issues', i, 'statusQuo'],
          message: `${code(issue.statusQuo)} is not a value of issue ${code(id)}${didYouMean(issue.statusQuo, valueIds)}`,
          expected: `a value id of ${code(id)}: ${listOf(valueIds)}`,
        });
      }
    } else if (issue && issue.min > issue.max) {
      out.push({
        code: 'VALUE_OUT_OF_RANGE',
        path: ['issues', i, 'max'],
        message: `max ${issue.max} is below min ${issue.min}`,
        expected: `max >= min`,
      });
      issue = undefined;
    } else if (issue) checkScale(issue, i, out);
    byId.set(id, { index: i, issue });
    ids.push(id);
  });
  return { byId, ids, complete };
}

/** A numeric issue's status quo inside its range, and its scale points inside it and ascending. */
function checkScale(issue: IssueFile & { type: 'integer' | 'real' }, i: number, out: ProblemDraft[]): void {
  const range = `[${issue.min}, ${issue.max}]`;
  if (issue.statusQuo !== undefined && (issue.statusQuo < issue.min || issue.statusQuo > issue.max)) {
    out.push({
      code: 'VALUE_OUT_OF_RANGE',
      path: ['issues', i, 'statusQuo'],
      message: `the status quo ${issue.statusQuo} is outside the range of issue ${code(issue.id)}`,
      expected: `a number in ${range}`,
    });
  }
  let previous = Number.NEGATIVE_INFINITY;
  (issue.scale ?? []).forEach((point, k) => {
    const at = ['issues', i, 'scale', k, 'at'];
    if (point.at < issue.min || point.at > issue.max) {
      out.push({
        code: 'VALUE_OUT_OF_RANGE',
        path: at,
        message: `scale point ${point.at} is outside the range of issue ${code(issue.id)}`,
        expected: `a number in ${range}`,
      });
    } else if (point.at <= previous) {
      out.push({
        code: 'VALUE_OUT_OF_RANGE',
        path: at,
        message: `scale point ${point.at} comes after ${previous}: the points must be in ascending order`,
        expected: `a point above ${previous}`,
      });
    }
    previous = Math.max(previous, point.at);
  });
}

/** Keys of a map keyed by issue id: every key an issue, and (when `every`) every issue a key. */
function checkIssueKeys(
  map: Record<string, unknown>,
  path: DataPath,
  what: string,
  issues: IssueIndex,
  out: ProblemDraft[],
): void {
  for (const key of Object.keys(map)) {
    if (!issues.byId.has(key)) out.push(unknownIssue(key, [...path, key], issues));
  }
  if (!issues.complete) return;
  const missing = issues.ids.filter((id) => !Object.hasOwn(map, id));
  if (missing.length > 0) {
    out.push({
      code: 'SCHEMA',
      path,
      message: `no ${what} for issue${missing.length > 1 ? 's' : ''} ${listOf(missing.map(code))}`,
      expected: `a ${what} for every issue: ${listOf(issues.ids)}`,
      at: 'key',
    });
  }
}

function checkParty(
  party: Record<string, unknown>,
  base: DataPath,
  issues: IssueIndex,
  out: ProblemDraft[],
  covered: DataPath[],
): void {
  // GENIUS takes weights as written (total capped by the utility's clamp) and allows evaluations
  // outside [0, 1]; `asWritten` says so explicitly, so the default keeps catching authors' slips.
  const asWritten = party.weightsSum === 'asWritten';
  checkSalience(party, base, issues, out);
  if (isRecord(party.weights)) {
    const path = [...base, 'weights'];
    checkIssueKeys(party.weights, path, 'weight', issues, out);
    const parsed = partySchema.shape.weights.safeParse(party.weights);
    if (parsed.success && parsed.data !== undefined && !asWritten) {
      const sum = Object.values(parsed.data).reduce((s: number, w) => s + pointValue(w), 0);
      if (Math.abs(sum - 1) > WEIGHTS_TOLERANCE) {
        out.push({
          code: 'WEIGHTS_SUM',
          path,
          message: `the weights sum to ${differingText(sum, 1, 10)}, not 1 (uncertain weights count by their point values)`,
          expected: 'weights summing to 1, within 1e-6',
          at: 'key',
        });
      }
    }
  }
  if (isRecord(party.evaluators)) {
    checkIssueKeys(party.evaluators, [...base, 'evaluators'], 'evaluator', issues, out);
    const schemas = asWritten ? asWrittenEvaluators : BOUNDED;
    for (const [key, raw] of Object.entries(party.evaluators)) {
      const issue = issues.byId.get(key)?.issue;
      const path = [...base, 'evaluators', key];
      if (!issue) {
        // The file schema accepts evaluations outside [0, 1] (it cannot see weightsSum); where no
        // issue gives the context, the [0, 1] bound is still checked here for a default party.
        if (!asWritten && asWrittenEvaluators.any.safeParse(raw).success) {
          const bounded = evaluatorSchema.safeParse(raw);
          if (!bounded.success)
            out.push(...zodIssuesToDrafts(bounded.error.issues, evaluatorSchema, raw, path));
        }
        continue;
      }
      covered.push(path);
      checkEvaluator(raw, issue, path, out, schemas);
    }
  }
  if (Array.isArray(party.regions)) {
    party.regions.forEach((region, k) => {
      if (!isRecord(region)) return;
      // `when: {}` is the whole space, meaningful only with excluded boxes ("everywhere except").
      const hasUnless = Array.isArray(region.unless) && region.unless.length > 0;
      checkConditions(region.when, [...base, 'regions', k, 'when'], issues, out, hasUnless);
      if (Array.isArray(region.unless)) {
        region.unless.forEach((box, b) => {
          checkConditions(box, [...base, 'regions', k, 'unless', b], issues, out);
        });
      }
    });
  }
  if (Array.isArray(party.redLines)) {
    const seen = new Set<string>();
    party.redLines.forEach((line, k) => {
      if (!isRecord(line)) return;
      if (typeof line.id === 'string') {
        if (seen.has(line.id)) {
          out.push({
            code: 'DUPLICATE_ID',
            path: [...base, 'redLines', k, 'id'],
            message: `red line id ${code(line.id)} is used twice in this party`,
            expected: 'red line ids unique within their party',
          });
        }
        seen.add(line.id);
      }
      for (const kind of ['require', 'forbid'] as const) {
        if (kind in line) checkConditions(line[kind], [...base, 'redLines', k, kind], issues, out);
      }
    });
  }
}

/**
 * A party gives exactly one of `weights` and `salience`; saliences name every issue once and are
 * not all 0 (their sum divides them into weights); `weightsSum` applies to weights only.
 */
function checkSalience(
  party: Record<string, unknown>,
  base: DataPath,
  issues: IssueIndex,
  out: ProblemDraft[],
): void {
  const hasWeights = party.weights !== undefined;
  const hasSalience = party.salience !== undefined;
  if (hasWeights && hasSalience) {
    out.push({
      code: 'SCHEMA',
      path: [...base, 'salience'],
      message:
        'a party gives either weights or saliences, not both (the weights are the saliences divided by their sum)',
      expected: 'weights or salience',
      at: 'key',
    });
  } else if (!hasWeights && !hasSalience) {
    out.push({
      code: 'SCHEMA',
      path: [...base, 'weights'],
      message: 'missing required field `weights`',
      expected:
        'weights: { issue id: weight }, or salience: { issue id: salience } from which they are derived',
      at: 'key',
    });
  }
  if (!isRecord(party.salience)) return;
  const path = [...base, 'salience'];
  if (party.weightsSum !== undefined) {
    out.push({
      code: 'SCHEMA',
      path: [...base, 'weightsSum'],
      message: 'weightsSum applies to weights; saliences are always divided by their sum',
      expected: 'no weightsSum with salience',
      at: 'key',
    });
  }
  checkIssueKeys(party.salience, path, 'salience', issues, out);
  const parsed = partySchema.shape.salience.safeParse(party.salience);
  if (parsed.success && parsed.data !== undefined) {
    const sum = Object.values(parsed.data).reduce((t: number, x) => t + pointValue(x), 0);
    if (!(sum > 0)) {
      out.push({
        code: 'WEIGHTS_SUM',
        path,
        message: 'the saliences are all 0, so no weights can be derived from them',
        expected: 'at least one salience above 0',
        at: 'key',
      });
    }
  }
}

/**
 * Whether `raw` is a table of bare numbers (in [0, 1] when `bounded`): what the table schema
 * accepts in its most common form, checked without running the schema over a table that may have
 * 200,000 entries (the file's schema has already parsed it once).
 */
function isPlainTable(raw: unknown, bounded: boolean): raw is Record<string, number> {
  if (!isRecord(raw)) return false;
  const facts = factsOfTable(raw);
  return bounded ? facts.unit : facts.finite;
}

/** Whether `raw` is written as a linear or piecewise evaluator (rather than a table). */
function looksNumeric(raw: unknown, valueIds: readonly string[], schemas: EvaluatorSchemas): boolean {
  if (schemas.numeric.safeParse(raw).success) return true;
  return isRecord(raw) && ['linear', 'piecewise', 'peak'].some((k) => k in raw && !valueIds.includes(k));
}

/** An evaluator, validated by the schema its issue's type calls for. */
function checkEvaluator(
  raw: unknown,
  issue: IssueFile,
  path: DataPath,
  out: ProblemDraft[],
  schemas: EvaluatorSchemas,
): void {
  if (issue.type === 'discrete') {
    if (isPlainTable(raw, schemas === BOUNDED)) {
      checkValueKeys(raw, path, issue, 'evaluation', out);
      return;
    }
    const valueIds = valueIdsOf(issue).list;
    const table = schemas.table.safeParse(raw);
    if (!table.success) {
      if (looksNumeric(raw, valueIds, schemas)) {
        out.push({
          code: 'SCHEMA',
          path,
          message: `issue ${code(issue.id)} is discrete: its evaluator gives an evaluation to each of its values`,
          expected: `a mapping of ${listOf(valueIds)} to numbers${schemas === BOUNDED ? ' in [0, 1]' : ''}`,
          at: 'key',
        });
      } else out.push(...zodIssuesToDrafts(table.error.issues, schemas.table, raw, path));
      return;
    }
    checkValueKeys(table.data, path, issue, 'evaluation', out);
    return;
  }
  const numeric = schemas.numeric.safeParse(raw);
  if (!numeric.success) {
    if (schemas.table.safeParse(raw).success) {
      out.push({
        code: 'SCHEMA',
        path,
        message: `issue ${code(issue.id)} is ${issue.type}: its evaluator is linear, piecewise or peak, not a table of values`,
        expected: NUMERIC_EVALUATOR_FORMS,
        at: 'key',
      });
    } else out.push(...zodIssuesToDrafts(numeric.error.issues, schemas.numeric, raw, path));
    return;
  }
  if ('peak' in numeric.data) {
    // A normal is truncated to the issue's range; every other form must stay inside it.
    const at = numeric.data.peak.at;
    const dist = distributionOf(at, { min: issue.min, max: issue.max });
    const values = [pointValue(at)];
    if (dist?.kind === 'uniform' || dist?.kind === 'triangular') values.push(dist.min, dist.max);
    if (dist?.kind === 'choice') values.push(...dist.values);
    const bad = values.find((x) => x < issue.min || x > issue.max);
    if (bad !== undefined) {
      out.push({
        code: 'VALUE_OUT_OF_RANGE',
        path: [...path, 'peak', 'at'],
        message: `the peak ${bad} is outside the range of issue ${code(issue.id)}`,
        expected: `a position in [${issue.min}, ${issue.max}]`,
      });
    }
    return;
  }
  if (!('piecewise' in numeric.data)) return;
  let previous = Number.NEGATIVE_INFINITY;
  numeric.data.piecewise.forEach(([x], k) => {
    const at = [...path, 'piecewise', k, 0];
    if (x < issue.min || x > issue.max) {
      out.push({
        code: 'VALUE_OUT_OF_RANGE',
        path: at,
        message: `x = ${x} is outside the range of issue ${code(issue.id)}`,
        expected: `x in [${issue.min}, ${issue.max}]`,
      });
    } else if (x < previous) {
      out.push({
        code: 'VALUE_OUT_OF_RANGE',
        path: at,
        message: `x = ${x} comes after x = ${previous}: the points must be in ascending order of x`,
        expected: `x >= ${previous}`,
      });
    }
    previous = Math.max(previous, x);
  });
}

/** Conditions keyed by issue id (a region's `when` or `unless` box, a red line's `require` or `forbid`). */
function checkConditions(
  raw: unknown,
  path: DataPath,
  issues: IssueIndex,
  out: ProblemDraft[],
  mayBeEmpty = false,
): void {
  if (!isRecord(raw)) return;
  if (Object.keys(raw).length === 0 && !mayBeEmpty) {
    out.push({
      code: 'SCHEMA',
      path,
      message: 'needs at least one condition',
      expected: 'conditions by issue id, e.g. { eda: [restored] } or { horizon_days: { min: 0, max: 30 } }',
      at: 'key',
    });
  }
  for (const [key, condition] of Object.entries(raw)) {
    const known = issues.byId.get(key);
    if (!known) {
      out.push(unknownIssue(key, [...path, key], issues));
      continue;
    }
    const issue = known.issue;
    if (!issue) continue;
    const at = [...path, key];
    if (issue.type === 'discrete') {
      const { list: valueIds, set } = valueIdsOf(issue);
      if (!Array.isArray(condition)) {
        if (isRecord(condition)) {
          out.push({
            code: 'SCHEMA',
            path: at,
            message: `issue ${code(key)} is discrete: a condition on it lists value ids, not a range`,
            expected: `a list of ${listOf(valueIds)}`,
          });
        }
        continue;
      }
      condition.forEach((v, k) => {
        if (typeof v === 'string' && !set.has(v)) {
          out.push({
            code: 'UNKNOWN_REFERENCE',
            path: [...at, k],
            message: `${code(v)} is not a value of issue ${code(key)}${didYouMean(v, valueIds)}`,
            expected: `a value id of ${code(key)}: ${listOf(valueIds)}`,
          });
        }
      });
      continue;
    }
    if (Array.isArray(condition)) {
      out.push({
        code: 'SCHEMA',
        path: at,
        message: `issue ${code(key)} is ${issue.type}: a condition on it is a range, not a list`,
        expected: `{ min, max } inside [${issue.min}, ${issue.max}]`,
      });
      continue;
    }
    const range = rangeConditionSchema.safeParse(condition);
    if (!range.success) continue;
    const { min, max } = range.data;
    if (min === undefined && max === undefined) {
      out.push({
        code: 'SCHEMA',
        path: at,
        message: 'a range condition needs min, max or both',
        expected: `{ min, max } inside [${issue.min}, ${issue.max}]`,
      });
    }
    for (const [end, v] of [
      ['min', min],
      ['max', max],
    ] as const) {
      if (v !== undefined && (v < issue.min || v > issue.max)) {
        out.push({
          code: 'VALUE_OUT_OF_RANGE',
          path: [...at, end],
          message: `${end} ${v} is outside the range of issue ${code(key)}`,
          expected: `a number in [${issue.min}, ${issue.max}]`,
        });
      }
    }
    if (min !== undefined && max !== undefined && min > max) {
      out.push({
        code: 'VALUE_OUT_OF_RANGE',
        path: [...at, 'max'],
        message: `max ${max} is below min ${min}`,
        expected: 'max >= min',
      });
    }
  }
}

function checkProtocol(
  protocol: Record<string, unknown>,
  partyIds: readonly string[],
  partiesComplete: boolean,
  out: ProblemDraft[],
): void {
  if (protocol.mediator !== undefined && protocol.type !== 'mediated') {
    out.push({
      code: 'SCHEMA',
      path: ['protocol', 'mediator'],
      message: `a mediator chairs a mediated table only, and this protocol is ${code(String(protocol.type))}`,
      expected: 'type: mediated, or no mediator',
      at: 'key',
    });
  }
  if (Array.isArray(protocol.order)) {
    const seen = new Set<string>();
    protocol.order.forEach((id, k) => {
      if (typeof id !== 'string') return;
      if (!partyIds.includes(id)) {
        out.push({
          code: 'UNKNOWN_REFERENCE',
          path: ['protocol', 'order', k],
          message: `${code(id)} is not a party id${didYouMean(id, partyIds)}`,
          expected: `a party id: ${listOf(partyIds)}`,
        });
      } else if (seen.has(id)) {
        out.push({
          code: 'DUPLICATE_ID',
          path: ['protocol', 'order', k],
          message: `party ${code(id)} appears twice in the turn order`,
          expected: 'each party once',
        });
      }
      seen.add(id);
    });
    const missing = partyIds.filter((id) => !seen.has(id));
    if (partiesComplete && missing.length > 0) {
      out.push({
        code: 'SCHEMA',
        path: ['protocol', 'order'],
        message: `the turn order leaves out ${listOf(missing.map(code))}`,
        expected: `every party once: ${listOf(partyIds)}`,
        at: 'key',
      });
    }
  }
  const schedule = protocolSchema.shape.schedule.safeParse(protocol.schedule);
  const deadline = protocolSchema.shape.deadline.safeParse(protocol.deadline);
  if (schedule.success && schedule.data !== undefined && deadline.success) {
    // With sittings, the deadline is their sum: a sampled deadline could not stay equal to it.
    if (distributionOf(deadline.data.rounds, ROUNDS_BOUNDS) !== undefined) {
      out.push({
        code: 'SCHEDULE_MISMATCH',
        path: ['protocol', 'deadline', 'rounds'],
        message:
          'deadline.rounds cannot be uncertain when a schedule is given: make the sittings uncertain instead (the deadline is their sum)',
        expected: 'a whole number of rounds equal to the sum of the sittings',
      });
      return;
    }
    const total = schedule.data.reduce((s, session) => s + Math.round(pointValue(session.rounds)), 0);
    const rounds = Math.round(pointValue(deadline.data.rounds));
    if (total !== rounds) {
      out.push({
        code: 'SCHEDULE_MISMATCH',
        path: ['protocol', 'schedule'],
        message: `the sittings add up to ${total} rounds, but deadline.rounds is ${rounds}`,
        expected: `sittings whose rounds add up to ${rounds} (uncertain sittings count by their point values)`,
        at: 'key',
      });
    }
  }
}

/** The `forecast` section: parties exist, negotiators are registered, params fit, probabilities sum to 1. */
function checkForecast(
  forecast: Record<string, unknown>,
  partyIds: readonly string[],
  partiesComplete: boolean,
  out: ProblemDraft[],
): void {
  if (!isRecord(forecast.negotiators)) return;
  const known = new Map(listNegotiators().map((n) => [n.name, n]));
  for (const [party, options] of Object.entries(forecast.negotiators)) {
    const base = ['forecast', 'negotiators', party];
    if (partiesComplete && !partyIds.includes(party)) {
      out.push({
        code: 'UNKNOWN_REFERENCE',
        path: base,
        message: `${code(party)} is not a party id${didYouMean(party, partyIds)}`,
        expected: `a party id: ${listOf(partyIds)}`,
        at: 'key',
      });
    }
    if (!Array.isArray(options)) continue;
    let total = 0;
    let complete = true;
    options.forEach((raw, k) => {
      const parsed = strategyOptionSchema.safeParse(raw);
      if (!parsed.success) {
        complete = false;
        return;
      }
      const option = parsed.data;
      total += option.probability;
      const info = known.get(option.negotiator);
      if (!info) {
        out.push({
          code: 'UNKNOWN_NEGOTIATOR',
          path: [...base, k, 'negotiator'],
          message: `${code(option.negotiator)} is not a registered negotiator${didYouMean(option.negotiator, known.keys())}`,
          expected: `one of ${listOf([...known.keys()])}`,
        });
        return;
      }
      const declared = new Map(info.params.map((d) => [d.name, d]));
      const names = info.params.filter((d) => d.type === 'number').map((d) => d.name);
      for (const [name, value] of Object.entries(option.params ?? {})) {
        const at = [...base, k, 'params', name];
        const d = declared.get(name);
        if (d?.type !== 'number') {
          out.push({
            code: 'BAD_NEGOTIATOR_SPEC',
            path: at,
            message: `${option.negotiator} has no numeric parameter ${code(name)}${didYouMean(name, names)}`,
            expected: names.length > 0 ? `one of ${listOf(names)}` : `no parameters for ${option.negotiator}`,
            at: 'key',
          });
          continue;
        }
        const lo = d.min ?? Number.NEGATIVE_INFINITY;
        const hi = d.max ?? Number.POSITIVE_INFINITY;
        const dist = distributionOf(value, {});
        const ends = dist ? swingEnds(dist) : [pointValue(value), pointValue(value)];
        const bad = [pointValue(value), ...ends].find((v) => !(v >= lo && v <= hi));
        if (bad !== undefined) {
          out.push({
            code: 'BAD_NEGOTIATOR_SPEC',
            path: at,
            message: `${option.negotiator}:${name}=${bad} is outside what the negotiator accepts`,
            expected: `values of ${name} in [${lo}, ${hi}]`,
          });
        }
      }
      // The spec a forecast run builds from this option (at point values) must parse.
      const spec = strategySpec({
        negotiator: option.negotiator,
        params: Object.entries(option.params ?? {}).map(([name, v]) => ({
          name,
          path: '',
          value: pointValue(v),
        })),
        probability: option.probability,
        sources: [],
      });
      try {
        parseSpec(spec);
      } catch (e) {
        out.push({
          code: 'BAD_NEGOTIATOR_SPEC',
          path: [...base, k],
          message: `the spec ${code(spec)} does not parse: ${e instanceof Error ? e.message : String(e)}`,
          expected: 'parameter names that are words, e.g. e',
          at: 'key',
        });
      }
    });
    if (complete && options.length > 0 && Math.abs(total - 1) > PROBABILITY_TOLERANCE) {
      out.push({
        code: 'BAD_DISTRIBUTION',
        path: base,
        message: `the probabilities of ${code(party)}'s negotiators sum to ${differingText(total, 1, 10)}, not 1`,
        expected: 'probabilities summing to 1',
        at: 'key',
      });
    }
  }
}

/** The `impacts` list: unique ids, terms on existing issues, discrete tables listing every value. */
function checkImpacts(impacts: readonly unknown[], issues: IssueIndex, out: ProblemDraft[]): void {
  const seen = new Set<string>();
  impacts.forEach((impact, j) => {
    if (!isRecord(impact)) return;
    if (typeof impact.id === 'string') {
      if (seen.has(impact.id)) {
        out.push({
          code: 'DUPLICATE_ID',
          path: ['impacts', j, 'id'],
          message: `impact id ${code(impact.id)} is used by another impact`,
          expected: 'an impact id used once',
        });
      }
      seen.add(impact.id);
    }
    if (!isRecord(impact.perIssue)) return;
    for (const [key, term] of Object.entries(impact.perIssue)) {
      const path = ['impacts', j, 'perIssue', key];
      const known = issues.byId.get(key);
      if (!known) {
        out.push(unknownIssue(key, path, issues));
        continue;
      }
      const issue = known.issue;
      if (!issue || !isRecord(term)) continue;
      const isLinear =
        'linear' in term && (issue.type !== 'discrete' || !valueIdsOf(issue).set.has('linear'));
      if (issue.type !== 'discrete') {
        if (!isLinear) {
          out.push({
            code: 'SCHEMA',
            path,
            message: `issue ${code(key)} is ${issue.type}: its term is linear: { atMin, atMax }, not a table of values`,
            expected: 'linear: { atMin, atMax }',
            at: 'key',
          });
        }
        continue;
      }
      if (isLinear) {
        out.push({
          code: 'SCHEMA',
          path,
          message: `issue ${code(key)} is discrete: its term gives an amount to each of its values`,
          expected: `a mapping of ${listOf(valueIdsOf(issue).list)} to numbers`,
          at: 'key',
        });
        continue;
      }
      checkValueKeys(term, path, issue, 'amount', out);
    }
  });
}

/**
 * The `outcome` block: with an agreement, a value for every issue (a value id of a discrete
 * issue, a number inside an integer or real issue's range, whole for an integer issue); without
 * one, no values. Notes are keyed by issue id.
 */
function checkOutcome(outcome: Record<string, unknown>, issues: IssueIndex, out: ProblemDraft[]): void {
  const base = ['outcome'];
  const values = outcome.values;
  if (outcome.agreement === false && values !== undefined) {
    out.push({
      code: 'SCHEMA',
      path: [...base, 'values'],
      message: 'the talks ended without agreement (agreement: false), so there are no agreed values',
      expected: 'no `values` with agreement: false, or agreement: true',
      at: 'key',
    });
  } else if (outcome.agreement === true && values === undefined) {
    out.push({
      code: 'SCHEMA',
      path: [...base, 'agreement'],
      message: 'an agreement needs the agreed value of every issue under `values`',
      expected: `values: { issue id: value } for ${listOf(issues.ids)}`,
      at: 'key',
    });
  }
  if (isRecord(values) && outcome.agreement !== false) {
    checkIssueKeys(values, [...base, 'values'], 'value', issues, out);
    for (const [key, v] of Object.entries(values)) {
      const issue = issues.byId.get(key)?.issue;
      if (!issue) continue;
      const at = [...base, 'values', key];
      if (issue.type === 'discrete') {
        const valueIds = issue.values.map((x) => x.id);
        if (typeof v === 'number' || (typeof v === 'string' && !valueIds.includes(v))) {
          out.push({
            code: 'UNKNOWN_REFERENCE',
            path: at,
            message: `${code(String(v))} is not a value of issue ${code(key)}${didYouMean(String(v), valueIds)}`,
            expected: `a value id of ${code(key)}: ${listOf(valueIds)}`,
          });
        }
        continue;
      }
      if (typeof v === 'string') {
        out.push({
          code: 'SCHEMA',
          path: at,
          message: `issue ${code(key)} is ${issue.type}: its agreed value is a number, not ${code(v)}`,
          expected: `a number in [${issue.min}, ${issue.max}]`,
        });
      } else if (typeof v === 'number' && (v < issue.min || v > issue.max)) {
        out.push({
          code: 'VALUE_OUT_OF_RANGE',
          path: at,
          message: `${v} is outside the range of issue ${code(key)}`,
          expected: `a number in [${issue.min}, ${issue.max}]`,
        });
      } else if (typeof v === 'number' && issue.type === 'integer' && !Number.isInteger(v)) {
        out.push({
          code: 'VALUE_OUT_OF_RANGE',
          path: at,
          message: `issue ${code(key)} is integer, so ${v} cannot be its value`,
          expected: `a whole number in [${issue.min}, ${issue.max}]`,
        });
      }
    }
  }
  if (isRecord(outcome.notes)) {
    for (const key of Object.keys(outcome.notes)) {
      if (!issues.byId.has(key)) out.push(unknownIssue(key, [...base, 'notes', key], issues));
    }
  }
}
