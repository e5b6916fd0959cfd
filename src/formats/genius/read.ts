/**
 * GENIUS XML → Lancaster model, from texts (no file system here; `folder.ts` reads the files).
 * A domain file (root `negotiation_template`) gives the issues; each profile file (root
 * `utility_space`) gives one party. GENIUS 10.4's own rules are followed exactly:
 * discrete items `evaluation / max evaluation of the issue` (0 when that maximum is below 1e-5),
 * integer `clamp01(offset + slope·(v − lowerbound))`, real `parameter0 + parameter1·v`, weights as
 * written with the total capped at 1, `<reservation>` and `<discount_factor>` (utility `u·d^t`
 * with t the normalised time, GENIUS semantics, not NegMAS's per-round discount), and for
 * `type="nonlinear"` profiles `min(1, Σ rectangle utilities / maxutility)` where an INCLUDES
 * rectangle counts when the bid lies inside every bound and an EXCLUDES rectangle when it lies
 * outside at least one. Quirks of real files are handled by documented rules (see
 * `src/formats/genius/README.md`), each reported as a warning with file and line; nothing is guessed
 * silently and nothing but a `LancasterError` is thrown.
 */
import { LancasterError, type Problem } from '../../errors.ts';
import type { Issue } from '../../model/issues.ts';
import type { OutcomeSpace } from '../../model/outcome-space.ts';
import type { Party } from '../../model/party.ts';
import {
  type Condition,
  clamp01,
  type Evaluator,
  type RegionTerm,
  UtilityFunction,
} from '../../model/utility.ts';
import { differingText } from '../number-text.ts';
import { readConstraintProfile } from './constraint.ts';
import { childrenNamed, descendantsNamed, type XmlDocument, type XmlElement } from './xml.ts';

/** What a GENIUS XML file is, told from its content. */
export type GeniusFileKind = 'domain' | 'profile' | 'other';

/** Below this maximum evaluation GENIUS gives every item of a discrete issue 0. */
const MIN_MAX_EVALUATION = 1e-5;
/** Integer issues up to this many values get an exact table evaluator. */
const MAX_TABLE_VALUES = 100_000;

/** Tells a domain file from a profile by its root element. */
export function classifyGeniusXml(doc: XmlDocument): GeniusFileKind {
  if (doc.root.name === 'negotiation_template') return 'domain';
  if (doc.root.name === 'utility_space') return 'profile';
  return 'other';
}

/** An issue of a GENIUS domain, as written, with its model issue. */
export interface GeniusIssue {
  /** The `index` attribute (GENIUS's issue number, used by weights and rectangles). */
  readonly number: number | undefined;
  /** The name as written, which profiles use to refer to the issue. */
  readonly name: string;
  /** Item values as written (discrete issues). */
  readonly rawValues: readonly string[];
  readonly issue: Issue;
}

/** A parsed GENIUS domain. */
export interface GeniusDomain {
  readonly file: string;
  readonly name: string;
  readonly issues: readonly GeniusIssue[];
}

/** Collects warnings with file and position. */
export class Warnings {
  readonly list: Problem[] = [];

  add(doc: XmlDocument, at: XmlElement | undefined, message: string, path?: string): void {
    this.list.push({
      code: 'GENIUS_QUIRK',
      severity: 'warning',
      file: doc.file,
      ...(at ? doc.lines.at(at.offset) : {}),
      ...(path !== undefined ? { path } : {}),
      message,
    });
  }
}

function formatError(doc: XmlDocument, at: XmlElement | undefined, message: string, expected: string): never {
  throw new LancasterError({
    code: 'GENIUS_FORMAT',
    file: doc.file,
    ...(at ? doc.lines.at(at.offset) : {}),
    message,
    expected,
  });
}

/** A number attribute, or undefined when absent or not a finite number. */
function num(e: XmlElement, name: string): number | undefined {
  const raw = e.attrs[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const x = Number(raw);
  return Number.isFinite(x) ? x : undefined;
}

/** A slug made of a-z, 0-9, `_` (and `-` when allowed), never empty, unique within `taken`. */
export function slugId(text: string, fallback: string, taken: Set<string>, dash = false): string {
  const pattern = dash ? /[^a-z0-9_-]+/g : /[^a-z0-9_]+/g;
  let base = text
    .toLowerCase()
    .replace(pattern, '_')
    .replace(/^_+|_+$/g, '');
  if (base === '') base = fallback;
  let id = base;
  for (let k = 2; taken.has(id); k++) id = `${base}_${k}`;
  taken.add(id);
  return id;
}

/** The issues of a file: direct `<issue>` children of `<objective>`s (not issues named in constraints). */
export function objectiveIssues(root: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (const o of descendantsNamed(root, 'objective')) out.push(...childrenNamed(o, 'issue'));
  return out;
}

/**
 * The issues of a profile: as `objectiveIssues`, plus the direct `<issue>` children of the
 * `<utility_space>` root. GENIUS reads a profile's tree from the root down, taking the weights
 * and issues of each level (its `loadTreeRecursive`), so a profile may list its issues without an
 * `<objective>` (other_inheritancedomain does); they are matched to the domain's issues as usual.
 */
export function profileIssues(root: XmlElement): XmlElement[] {
  return [...childrenNamed(root, 'issue'), ...objectiveIssues(root)];
}

function issueType(e: XmlElement): string {
  return (e.attrs.type ?? e.attrs.vtype ?? e.attrs.etype ?? '').toLowerCase();
}

/**
 * Reads the issues of a GENIUS domain file.
 *
 * @example
 * const domain = readGeniusDomain(parseXml(text, 'laptop_domain.xml'));
 * domain.issues.map((i) => i.name); // ['Laptop', 'Harddisk', 'External Monitor']
 */
export function readGeniusDomain(doc: XmlDocument, warnings = new Warnings()): GeniusDomain {
  if (classifyGeniusXml(doc) !== 'domain') {
    formatError(doc, doc.root, `<${doc.root.name}> is not a GENIUS domain`, 'a <negotiation_template> root');
  }
  const issueIds = new Set<string>();
  const names = new Set<string>();
  const issues: GeniusIssue[] = [];
  for (const e of objectiveIssues(doc.root)) {
    const name = e.attrs.name ?? '';
    if (name === '') formatError(doc, e, 'an issue has no name', 'a name="..." attribute on every <issue>');
    if (names.has(name)) formatError(doc, e, `issue "${name}" is declared twice`, 'unique issue names');
    names.add(name);
    const id = slugId(name, `issue_${issues.length + 1}`, issueIds);
    const numberAttr = num(e, 'index');
    let type = issueType(e);
    if (type === '' && childrenNamed(e, 'item').length > 0) {
      warnings.add(doc, e, `issue "${name}" has no type attribute but has items: read as discrete`);
      type = 'discrete';
    }
    if (type === 'discrete') {
      // Direct children only: items nested in a similarity_function are not the issue's values.
      const items = childrenNamed(e, 'item');
      if (items.length === 0)
        formatError(doc, e, `discrete issue "${name}" has no items`, 'at least one <item value="...">');
      const valueIds = new Set<string>();
      const seen = new Set<string>();
      const rawValues: string[] = [];
      const values = items.map((it, k) => {
        const raw = it.attrs.value;
        if (raw === undefined)
          formatError(doc, it, `an item of issue "${name}" has no value`, 'a value="..." attribute');
        if (seen.has(raw))
          formatError(doc, it, `issue "${name}" lists value "${raw}" twice`, 'unique item values');
        seen.add(raw);
        rawValues.push(raw);
        const description = it.attrs.description;
        return {
          id: slugId(raw, `v${k + 1}`, valueIds, true),
          label: raw === '' ? `(empty ${k + 1})` : raw,
          ...(description !== undefined && description !== raw && description !== '' ? { description } : {}),
        };
      });
      issues.push({
        number: numberAttr,
        name,
        rawValues,
        issue: { kind: 'discrete', id, label: name, values },
      });
      continue;
    }
    const range = childrenNamed(e, 'range')[0];
    const lo = num(e, 'lowerbound') ?? (range && num(range, 'lowerbound'));
    const hi = num(e, 'upperbound') ?? (range && num(range, 'upperbound'));
    if (lo === undefined || hi === undefined || hi < lo) {
      formatError(
        doc,
        e,
        `issue "${name}" has no valid lowerbound/upperbound`,
        'numeric lowerbound <= upperbound, on the issue or in a <range>',
      );
    }
    if (type === 'integer') {
      if (!Number.isInteger(lo) || !Number.isInteger(hi)) {
        formatError(
          doc,
          e,
          `integer issue "${name}" has non-integer bounds`,
          'integer lowerbound and upperbound',
        );
      }
      issues.push({
        number: numberAttr,
        name,
        rawValues: [],
        issue: { kind: 'integer', id, label: name, min: lo, max: hi },
      });
    } else if (type === 'real') {
      issues.push({
        number: numberAttr,
        name,
        rawValues: [],
        issue: { kind: 'real', id, label: name, min: lo, max: hi },
      });
    } else {
      formatError(
        doc,
        e,
        `issue "${name}" has unknown type "${type}"`,
        'type="discrete", "integer" or "real"',
      );
    }
  }
  if (issues.length === 0) formatError(doc, doc.root, 'the domain has no issues', 'at least one <issue>');
  const objective = descendantsNamed(doc.root, 'objective')[0];
  return { file: doc.file, name: objective?.attrs.name ?? '', issues };
}

/** One profile read into a party (without its id, which the caller gives). */
export interface GeniusProfile {
  readonly utility: UtilityFunction;
  readonly reservationValue: number;
  readonly discountFactor: number;
  /** True for `type="nonlinear"` (hyper-rectangle) profiles. */
  readonly nonlinear: boolean;
}

/** Reads `<reservation>` and `<discount_factor>` with GENIUS's rules, warning on each quirk. */
function readReservationAndDiscount(
  doc: XmlDocument,
  w: Warnings,
): { reservation: number; discount: number } {
  const resEl = descendantsNamed(doc.root, 'reservation')[0];
  let reservation = 0;
  if (!resEl) {
    w.add(doc, doc.root, 'no <reservation>: reservation value 0 (as GENIUS and NegMAS)', 'reservation');
  } else {
    const r = num(resEl, 'value');
    if (r === undefined) {
      w.add(
        doc,
        resEl,
        `<reservation value="${resEl.attrs.value ?? ''}"> is not a number: reservation value 0`,
        'reservation',
      );
    } else if (r < 0 || r > 1) {
      reservation = clamp01(r);
      w.add(
        doc,
        resEl,
        `reservation value ${r} is outside [0, 1]: clamped to ${reservation} (utilities lie in [0, 1], so acceptance is unchanged)`,
        'reservation',
      );
    } else reservation = r;
  }
  const discEl = descendantsNamed(doc.root, 'discount_factor')[0];
  let discount = 1;
  if (discEl) {
    const d = num(discEl, 'value');
    if (d === undefined) {
      w.add(
        doc,
        discEl,
        `<discount_factor value="${discEl.attrs.value ?? ''}"> is not a number: no discount (1)`,
        'discount_factor',
      );
    } else if (d <= 0 || d > 1) {
      // GENIUS's validateDiscount turns a factor outside (0, 1] into 1 (no discount).
      w.add(
        doc,
        discEl,
        `discount factor ${d} is outside (0, 1]: no discount (1), as GENIUS does`,
        'discount_factor',
      );
    } else discount = d;
  }
  return { reservation, discount };
}

/** Maps a profile issue element to the domain issue of the same name. */
function matchIssues(
  doc: XmlDocument,
  domain: GeniusDomain,
  w: Warnings,
): { byDomain: (XmlElement | undefined)[]; numberToDomain: Map<number, number> } {
  const byName = new Map(domain.issues.map((gi, i) => [gi.name, i]));
  const byDomain: (XmlElement | undefined)[] = domain.issues.map(() => undefined);
  const numberToDomain = new Map<number, number>();
  for (const e of profileIssues(doc.root)) {
    const name = e.attrs.name ?? '';
    const i = byName.get(name);
    if (i === undefined) {
      w.add(doc, e, `issue "${name}" is not in the domain ${domain.file}: ignored`, `issue.${name}`);
      continue;
    }
    byDomain[i] = e;
    const n = num(e, 'index');
    if (n !== undefined) numberToDomain.set(n, i);
  }
  // Rectangles and weights without a profile issue element fall back to the domain's numbering.
  domain.issues.forEach((gi, i) => {
    if (gi.number !== undefined && !numberToDomain.has(gi.number)) numberToDomain.set(gi.number, i);
  });
  return { byDomain, numberToDomain };
}

function discreteEvaluator(doc: XmlDocument, gi: GeniusIssue, e: XmlElement, w: Warnings): Evaluator {
  const raw = new Map<string, number>();
  const unevaluated: XmlElement[] = [];
  for (const it of childrenNamed(e, 'item')) {
    const value = it.attrs.value ?? '';
    if (raw.has(value)) {
      w.add(
        doc,
        it,
        `value "${value}" of issue "${gi.name}" has a second item: the last one counts, as in GENIUS`,
        `issue.${gi.name}`,
      );
    }
    if (!gi.rawValues.includes(value)) {
      w.add(
        doc,
        it,
        `value "${value}" of issue "${gi.name}" is not in the domain: ignored`,
        `issue.${gi.name}`,
      );
      continue;
    }
    const ev = num(it, 'evaluation');
    if (ev === undefined) {
      unevaluated.push(it);
      raw.set(value, 0);
    } else raw.set(value, ev);
  }
  const first = unevaluated[0];
  if (first) {
    const what =
      first.attrs.evaluation === undefined ? 'no evaluation' : `evaluation="${first.attrs.evaluation}"`;
    w.add(
      doc,
      first,
      `${unevaluated.length} item(s) of issue "${gi.name}" have no numeric evaluation (the first has ${what}): evaluation 0`,
      `issue.${gi.name}`,
    );
  }
  for (const v of gi.rawValues) {
    if (!raw.has(v)) {
      w.add(
        doc,
        e,
        `value "${v}" of issue "${gi.name}" has no item in the profile: evaluation 0`,
        `issue.${gi.name}`,
      );
    }
  }
  let max = Number.NEGATIVE_INFINITY;
  for (const x of raw.values()) if (x > max) max = x;
  const normalise = max >= MIN_MAX_EVALUATION;
  return {
    kind: 'table',
    values: gi.rawValues.map((v) => (normalise ? (raw.get(v) ?? 0) / max : 0)),
  };
}

function numericEvaluator(doc: XmlDocument, gi: GeniusIssue, e: XmlElement, w: Warnings): Evaluator {
  const issue = gi.issue as Exclude<Issue, { kind: 'discrete' }>;
  const ev = childrenNamed(e, 'evaluator')[0];
  if (!ev) {
    w.add(doc, e, `issue "${gi.name}" has no <evaluator>: evaluation 0`, `issue.${gi.name}`);
    return { kind: 'linear', intercept: 0, slope: 0, clamp: false };
  }
  const ftype = ev.attrs.ftype ?? 'linear';
  if (ftype !== 'linear') {
    w.add(
      doc,
      ev,
      `evaluator ftype="${ftype}" of issue "${gi.name}" is not supported: evaluation 0`,
      `issue.${gi.name}`,
    );
    return { kind: 'linear', intercept: 0, slope: 0, clamp: false };
  }
  if (issue.kind === 'integer') {
    let slope = num(ev, 'slope');
    let offset = num(ev, 'offset');
    if (slope === undefined || offset === undefined) {
      const p0 = num(ev, 'parameter0');
      const p1 = num(ev, 'parameter1');
      if (p0 !== undefined && p1 !== undefined) {
        // Older files write an integer line as a real one: p0 + p1·v, on the value itself.
        w.add(
          doc,
          ev,
          `integer evaluator of issue "${gi.name}" has parameter0/parameter1 instead of offset/slope: read as clamp01(parameter0 + parameter1·v)`,
          `issue.${gi.name}`,
        );
        slope = p1;
        offset = p0 + p1 * issue.min;
      } else {
        w.add(
          doc,
          ev,
          `integer evaluator of issue "${gi.name}" has no numeric slope/offset: evaluation 0`,
          `issue.${gi.name}`,
        );
        return { kind: 'linear', intercept: 0, slope: 0, clamp: false };
      }
    }
    const n = issue.max - issue.min + 1;
    if (n <= MAX_TABLE_VALUES) {
      // A table reproduces GENIUS's arithmetic exactly: offset + slope·(v − lowerbound), clamped.
      const s = slope;
      const o = offset;
      return { kind: 'table', values: Array.from({ length: n }, (_, d) => clamp01(o + s * d)) };
    }
    return { kind: 'linear', intercept: offset - slope * issue.min, slope, clamp: true };
  }
  const p0 = num(ev, 'parameter0');
  const p1 = num(ev, 'parameter1');
  if (p0 === undefined || p1 === undefined) {
    w.add(
      doc,
      ev,
      `real evaluator of issue "${gi.name}" has no numeric parameter0/parameter1: evaluation 0`,
      `issue.${gi.name}`,
    );
    return { kind: 'linear', intercept: 0, slope: 0, clamp: false };
  }
  return { kind: 'linear', intercept: p0, slope: p1, clamp: false };
}

/** Hyper-rectangles of a nonlinear profile as region terms, values divided by maxutility. */
function readRectangles(
  doc: XmlDocument,
  domain: GeniusDomain,
  numberToDomain: Map<number, number>,
  w: Warnings,
): RegionTerm[] {
  const utilityEl = descendantsNamed(doc.root, 'utility')[0];
  if (!utilityEl)
    formatError(
      doc,
      doc.root,
      'a nonlinear profile has no <utility>',
      '<utility maxutility="..."> with <ufun> and <hyperRectangle>s',
    );
  const maxUtility = num(utilityEl, 'maxutility');
  if (maxUtility === undefined || maxUtility <= 0) {
    formatError(
      doc,
      utilityEl,
      `maxutility="${utilityEl.attrs.maxutility ?? ''}" is not a positive number`,
      'a positive maxutility',
    );
  }
  const regions: RegionTerm[] = [];
  const walk = (ufun: XmlElement, weight: number): void => {
    for (const c of ufun.children) {
      if (c.name === 'ufun') {
        const agg = c.attrs.aggregation ?? 'sum';
        if (agg !== 'sum') w.add(doc, c, `ufun aggregation="${agg}" is not supported: read as sum`);
        walk(c, weight * (num(c, 'weight') ?? 1));
      } else if (c.name === 'hyperRectangle') {
        const u = num(c, 'utility');
        if (u === undefined)
          formatError(doc, c, 'a hyperRectangle has no numeric utility', 'utility="<number>"');
        const value = (u * weight * (num(c, 'weight') ?? 1)) / maxUtility;
        const inc = c.children.filter((b) => b.name === 'INCLUDES');
        const exc = c.children.filter((b) => b.name === 'EXCLUDES');
        // GENIUS: a rectangle with EXCLUDES bounds is exclusive (its INCLUDES, if any, are dropped).
        if (inc.length > 0 && exc.length > 0) {
          w.add(
            doc,
            c,
            'a hyperRectangle has both INCLUDES and EXCLUDES: read as EXCLUDES only, as GENIUS does',
          );
        }
        const bounds = (exc.length > 0 ? exc : inc).map((b): Condition => {
          const n = num(b, 'index');
          const i = n === undefined ? undefined : numberToDomain.get(n);
          const lo = num(b, 'min');
          const hi = num(b, 'max');
          if (i === undefined || lo === undefined || hi === undefined) {
            formatError(
              doc,
              b,
              `a bound refers to issue index ${b.attrs.index ?? '?'} or has no numeric min/max`,
              'index of a domain issue and numeric min, max',
            );
          }
          if ((domain.issues[i] as GeniusIssue).issue.kind === 'discrete') {
            formatError(
              doc,
              b,
              'a hyperRectangle bound is on a discrete issue',
              'bounds on integer issues only',
            );
          }
          return { issue: i, min: lo, max: hi };
        });
        if (exc.length > 0) regions.push({ value, conditions: [], excludes: [bounds] });
        else regions.push({ value, conditions: bounds });
        if (u < 0)
          w.add(
            doc,
            c,
            `negative rectangle utility ${u}: GENIUS lets the total go below 0, Lancaster clamps it at 0`,
          );
      }
    }
  };
  const top = utilityEl.children.filter((c) => c.name === 'ufun');
  for (const t of top) walk(t, num(t, 'weight') ?? 1);
  return regions;
}

/**
 * Reads one GENIUS profile against its domain's outcome space.
 *
 * @example
 * const p = readGeniusProfile(parseXml(text, 'buyer.xml'), domain, space, warnings);
 * p.utility.evaluate([0, 1, 2]);
 */
export function readGeniusProfile(
  doc: XmlDocument,
  domain: GeniusDomain,
  space: OutcomeSpace,
  w: Warnings,
): GeniusProfile {
  if (classifyGeniusXml(doc) !== 'profile') {
    formatError(doc, doc.root, `<${doc.root.name}> is not a GENIUS profile`, 'a <utility_space> root');
  }
  const type = doc.root.attrs.type;
  const { reservation, discount } = readReservationAndDiscount(doc, w);
  const { byDomain, numberToDomain } = matchIssues(doc, domain, w);
  const n = domain.issues.length;
  if (type === 'nonlinear') {
    const regions = readRectangles(doc, domain, numberToDomain, w);
    const utility = new UtilityFunction(space, {
      weights: new Array<number>(n).fill(0),
      evaluators: domain.issues.map(() => ({ kind: 'linear', intercept: 0, slope: 0, clamp: false })),
      regions,
    });
    return { utility, reservationValue: reservation, discountFactor: discount, nonlinear: true };
  }
  if (type === 'constraint') {
    const utility = readConstraintProfile(doc, domain, space, numberToDomain, w);
    return { utility, reservationValue: reservation, discountFactor: discount, nonlinear: true };
  }
  if (type !== undefined && type !== 'UNCERTAIN' && type !== 'any') {
    w.add(
      doc,
      doc.root,
      `utility_space type="${type}" is not modelled: only its weights and item evaluations are read, so its utilities may not match GENIUS`,
    );
  } else if (type === 'UNCERTAIN') {
    w.add(
      doc,
      doc.root,
      'utility_space type="UNCERTAIN": read as the linear-additive profile it contains (the uncertainty settings are ignored)',
    );
  }
  const weights = new Array<number>(n).fill(0);
  const weightSeen = new Array<boolean>(n).fill(false);
  // A weight's index names an issue of this profile; the index of an <objective> is the
  // objective's own weight, which GENIUS's additive utility does not use.
  const profileNumbers = new Map<number, number>();
  profileIssues(doc.root).forEach((e) => {
    const k = num(e, 'index');
    const i = domain.issues.findIndex((gi) => gi.name === e.attrs.name);
    if (k !== undefined && i >= 0) profileNumbers.set(k, i);
  });
  const objectiveNumbers = new Set(descendantsNamed(doc.root, 'objective').map((o) => num(o, 'index')));
  for (const we of descendantsNamed(doc.root, 'weight')) {
    const k = num(we, 'index');
    const i = k === undefined ? undefined : profileNumbers.get(k);
    if (i === undefined && objectiveNumbers.has(k)) continue;
    if (i === undefined) {
      w.add(doc, we, `weight index="${we.attrs.index ?? ''}" names no issue of the domain: ignored`);
      continue;
    }
    const x = num(we, 'value');
    if (x === undefined) {
      w.add(doc, we, `weight of issue "${domain.issues[i]?.name}" is not a number: weight 0`);
      continue;
    }
    weights[i] = x;
    weightSeen[i] = true;
  }
  const evaluators = domain.issues.map((gi, i): Evaluator => {
    const e = byDomain[i];
    if (!e) {
      if (weightSeen[i] && weights[i] !== 0) {
        w.add(
          doc,
          doc.root,
          `domain issue "${gi.name}" has a weight but no evaluation in this profile: it contributes 0`,
        );
      } else if (!weightSeen[i]) {
        w.add(doc, doc.root, `domain issue "${gi.name}" is not in this profile: weight 0`);
      }
      weights[i] = 0;
      return { kind: 'linear', intercept: 0, slope: 0, clamp: false };
    }
    if (!weightSeen[i]) w.add(doc, e, `issue "${gi.name}" has no <weight>: weight 0`);
    return gi.issue.kind === 'discrete' ? discreteEvaluator(doc, gi, e, w) : numericEvaluator(doc, gi, e, w);
  });
  const sum = weights.reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 1) > 1e-9) {
    w.add(
      doc,
      descendantsNamed(doc.root, 'weight')[0] ?? doc.root,
      `weights sum to ${differingText(sum, 1)}, not 1: taken as written, the total utility capped at 1 (GENIUS rule)`,
      'weights',
    );
  }
  const utility = new UtilityFunction(space, { weights, evaluators });
  return { utility, reservationValue: reservation, discountFactor: discount, nonlinear: false };
}

/** The party id for a profile file name: `laptop_buyer_utility.xml` → `laptop_buyer`. */
export function partyIdFromFile(fileName: string, taken: Set<string>): string {
  const stem = fileName.replace(/^.*[\\/]/, '').replace(/\.xml$/i, '');
  const trimmed = stem.replace(/[_-]?utility$/i, '');
  return slugId(trimmed === '' ? stem : trimmed, 'party', taken, true);
}

/** Builds a party from a profile. */
export function toParty(id: string, label: string, p: GeniusProfile): Party {
  return {
    id,
    label,
    utility: p.utility,
    reservationValue: p.reservationValue,
    discountFactor: p.discountFactor,
    delegation: [],
  };
}
