/**
 * An independent, deliberately simple reference for GENIUS files, used to check the importer.
 * It shares no code with `src/formats/genius`: its own tiny parse (fast-xml-parser in object
 * mode) and its own formula per outcome, written straight from GENIUS 10.4's rules:
 * discrete `evaluation / max evaluation` (0 below 1e-5), integer `clamp01(offset + slope·(v − lb))`,
 * real `parameter0 + parameter1·v`, weights as written, total capped at 1; nonlinear profiles
 * `min(1, Σ rectangle utilities / maxutility)`, INCLUDES counting inside every bound, EXCLUDES
 * outside at least one. Where a file is malformed the reference applies the importer's documented
 * rules (src/formats/genius/README.md): missing evaluations are 0, unknown values and issues are ignored,
 * the last of duplicate items counts. The total is capped at 1 and nothing more, exactly as GENIUS
 * does: a negative total stays negative here (the model floors it at 0, a stated departure that
 * the conformance check accounts for separately), so a clamp in the wrong place is caught.
 */
import { XMLParser } from 'fast-xml-parser';

type Node = Record<string, unknown>;

const ARRAYS = new Set([
  'issue',
  'item',
  'weight',
  'hyperRectangle',
  'INCLUDES',
  'EXCLUDES',
  'ufun',
  'objective',
  'constraint',
  'checkassignment',
  'valueassignment',
  'condition',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false,
  parseAttributeValue: false,
  parseTagValue: false,
  isArray: (name, _path, _leaf, isAttribute) => !isAttribute && ARRAYS.has(name),
});

function list(x: unknown): Node[] {
  return Array.isArray(x) ? (x as Node[]) : [];
}

function str(n: Node, k: string): string | undefined {
  const v = n[k];
  return typeof v === 'string' ? v : undefined;
}

function numAttr(n: Node, k: string): number {
  const s = str(n, k);
  if (s === undefined || s.trim() === '') return Number.NaN;
  return Number(s);
}

/** Issues under the first objective (recursively through nested objectives). */
function objectiveIssues(holder: Node): Node[] {
  const out: Node[] = [];
  for (const o of list(holder.objective)) {
    out.push(...list(o.issue));
    out.push(...objectiveIssues(o));
  }
  return out;
}

export interface RefIssue {
  name: string;
  kind: 'discrete' | 'integer' | 'real';
  values: string[];
  lb: number;
  ub: number;
}

export function refDomain(xml: string): RefIssue[] {
  const doc = parser.parse(xml) as Node;
  const tmpl = doc.negotiation_template as Node;
  const us = tmpl.utility_space as Node;
  return objectiveIssues(us).map((i) => {
    let kind = (str(i, 'type') ?? str(i, 'vtype') ?? str(i, 'etype') ?? '').toLowerCase();
    if (kind === '' && list(i.item).length > 0) kind = 'discrete';
    const range = (i.range as Node | undefined) ?? {};
    return {
      name: str(i, 'name') ?? '',
      kind: kind as RefIssue['kind'],
      values: list(i.item).map((it) => str(it, 'value') ?? ''),
      lb: Number(str(i, 'lowerbound') ?? str(range, 'lowerbound')),
      ub: Number(str(i, 'upperbound') ?? str(range, 'upperbound')),
    };
  });
}

/** A profile's utility of an outcome given as raw values: item strings or numbers, in domain order. */
export type RefUtility = (values: readonly (string | number)[]) => number;

export function refProfile(xml: string, domain: RefIssue[]): RefUtility {
  const doc = parser.parse(xml) as Node;
  const us = doc.utility_space as Node;
  const clamp = (x: number) => Math.min(1, Math.max(0, x));
  // GENIUS reads a profile's levels from the root down: issues may stand outside any objective.
  const issues = [...list(us.issue), ...objectiveIssues(us)];
  if (str(us, 'type') === 'nonlinear') {
    const objective = list(us.objective)[0] as Node;
    const utility = objective.utility as Node;
    const max = numAttr(utility, 'maxutility');
    // Issue numbers (index attributes) → domain position, by name.
    const pos = new Map<number, number>();
    for (const i of issues)
      pos.set(
        numAttr(i, 'index'),
        domain.findIndex((d) => d.name === str(i, 'name')),
      );
    const rects: { u: number; inc: boolean; bounds: [number, number, number][] }[] = [];
    const walk = (uf: Node, w: number) => {
      for (const r of list(uf.hyperRectangle)) {
        const exc = list(r.EXCLUDES);
        const inc = list(r.INCLUDES);
        const b = (exc.length > 0 ? exc : inc).map(
          (x) =>
            [pos.get(numAttr(x, 'index')) as number, numAttr(x, 'min'), numAttr(x, 'max')] as [
              number,
              number,
              number,
            ],
        );
        const rw = Number.isNaN(numAttr(r, 'weight')) ? 1 : numAttr(r, 'weight');
        rects.push({ u: numAttr(r, 'utility') * w * rw, inc: exc.length === 0, bounds: b });
      }
      for (const inner of list(uf.ufun))
        walk(inner, w * (Number.isNaN(numAttr(inner, 'weight')) ? 1 : numAttr(inner, 'weight')));
    };
    for (const uf of list(utility.ufun))
      walk(uf, Number.isNaN(numAttr(uf, 'weight')) ? 1 : numAttr(uf, 'weight'));
    return (values) => {
      let sum = 0;
      for (const r of rects) {
        const inside = r.bounds.every(([i, lo, hi]) => {
          const v = values[i] as number;
          return v >= lo && v <= hi;
        });
        if (r.bounds.length === 0 || (r.inc ? inside : !inside)) sum += r.u;
      }
      return Math.min(1, sum / max);
    };
  }
  if (str(us, 'type') === 'constraint') return refConstraint(us, issues, domain);
  const byIndex = new Map<number, Node>();
  for (const i of issues) byIndex.set(numAttr(i, 'index'), i);
  const weightOf = new Map<string, number>();
  const weights = list((list(us.objective)[0] as Node | undefined)?.weight).concat(list(us.weight));
  for (const w of weights) {
    const issue = byIndex.get(numAttr(w, 'index'));
    // Only issue numbers count: an objective's own weight is not part of the additive utility.
    const name = issue ? str(issue, 'name') : undefined;
    const x = numAttr(w, 'value');
    if (name !== undefined && Number.isFinite(x)) weightOf.set(name, x);
  }
  const parts = domain.map((d) => {
    const issue = issues.find((i) => str(i, 'name') === d.name);
    const w = weightOf.get(d.name) ?? 0;
    if (!issue) return (_: string | number) => 0;
    if (d.kind === 'discrete') {
      const evals = new Map<string, number>();
      for (const it of list(issue.item)) {
        const e = numAttr(it, 'evaluation');
        evals.set(str(it, 'value') ?? '', Number.isFinite(e) ? e : 0);
      }
      let max = Number.NEGATIVE_INFINITY;
      for (const [v, e] of evals) if (d.values.includes(v) && e > max) max = e;
      return (v: string | number) => (max < 1e-5 ? 0 : (w * (evals.get(v as string) ?? 0)) / max);
    }
    const ev = issue.evaluator as Node | undefined;
    if (!ev || (str(ev, 'ftype') ?? 'linear') !== 'linear') return () => 0;
    if (d.kind === 'integer') {
      const slope = numAttr(ev, 'slope');
      const offset = numAttr(ev, 'offset');
      if (Number.isFinite(slope) && Number.isFinite(offset)) {
        return (v: string | number) => w * clamp(offset + slope * ((v as number) - d.lb));
      }
      const p0 = numAttr(ev, 'parameter0');
      const p1 = numAttr(ev, 'parameter1');
      if (Number.isFinite(p0) && Number.isFinite(p1))
        return (v: string | number) => w * clamp(p0 + p1 * (v as number));
      return () => 0;
    }
    const p0 = numAttr(ev, 'parameter0');
    const p1 = numAttr(ev, 'parameter1');
    if (!Number.isFinite(p0) || !Number.isFinite(p1)) return () => 0;
    return (v: string | number) => w * (p0 + p1 * (v as number));
  });
  return (values) => {
    let sum = 0;
    for (let i = 0; i < parts.length; i++)
      sum += (parts[i] as (v: string | number) => number)(values[i] as string | number);
    return Math.min(1, sum);
  };
}

/** Raw values of the outcome with mixed-radix index k (first issue most significant). */
export function rawOutcome(domain: RefIssue[], k: number): (string | number)[] {
  const out = new Array<string | number>(domain.length);
  let rest = k;
  for (let i = domain.length - 1; i >= 0; i--) {
    const d = domain[i] as RefIssue;
    const r = d.kind === 'discrete' ? d.values.length : d.ub - d.lb + 1;
    const digit = rest % r;
    rest = Math.floor(rest / r);
    out[i] = d.kind === 'discrete' ? (d.values[digit] as string) : d.lb + digit;
  }
  return out;
}

/** Number of outcomes (Infinity with a real issue). */
export function refSize(domain: RefIssue[]): number {
  return domain.reduce(
    (s, d) =>
      s *
      (d.kind === 'discrete'
        ? d.values.length
        : d.kind === 'integer'
          ? d.ub - d.lb + 1
          : Number.POSITIVE_INFINITY),
    1,
  );
}

/** Points of a GENIUS pareto.xml (comma-separated utilities, one point per line). */
export function paretoPoints(text: string): number[][] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((l) => l.split(',').map((x) => Number(x.trim())));
}

/**
 * GENIUS's ConstraintUtilitySpace, bid by bid as its getUtility does: 0 when a zero-outcome
 * constraint holds, else the mean over the ranked issues of rank/maxRank, a term counting 0 when
 * one of its issue's constraints holds. Value tests on the value's text. `sumZeroConstraint`
 * zeroes when the value is present (the test `sumZeroNotConstraint` negates).
 */
function refConstraint(us: Node, issues: Node[], domain: RefIssue[]): RefUtility {
  const objective = list(us.objective)[0] as Node;
  const rules = objective.rules as Node;
  const posOf = new Map<string, number>();
  for (const i of issues)
    posOf.set(
      str(i, 'index') as string,
      domain.findIndex((d) => d.name === str(i, 'name')),
    );
  const text = (values: readonly (string | number)[], index: string | undefined): string =>
    String(values[posOf.get(index ?? '') as number]);
  const ranked = list((rules.ranks as Node).issue).map((ri) => {
    const ranks = new Map<string, number>();
    let max = 0;
    for (const it of list(ri.item)) {
      const r = Number(str(it, 'rank'));
      ranks.set(str(it, 'value') as string, r);
      max = Math.max(max, r);
    }
    return { index: str(ri, 'index'), ranks, max };
  });
  const cons = list((rules.constraints as Node).constraint);
  const zeroOutcome = (v: readonly (string | number)[]): boolean =>
    cons.some((c) => {
      const checks = list(c.checkassignment).map(
        (a) => [str(a, 'index'), str(a, 'condition') as string] as const,
      );
      if (str(c, 'type') === 'inclusiveZeroOutcomeConstraint') {
        return checks.every(([i, cond]) => {
          const t = text(v, i);
          if (!cond.includes('numeric')) return t.includes(cond);
          if (cond.includes('positive')) return !(Number(t) < 0);
          if (cond.includes('negative')) return !(Number(t) > 0);
          return true;
        });
      }
      if (str(c, 'type') === 'conditionalZeroOutcomeConstraint') {
        // Both Railway constraints list the numeric issue first, at the lower issue number.
        const [[i0, c0], [i1, c1]] = [...checks].sort((a, b) => Number(a[0]) - Number(b[0])) as [
          readonly [string, string],
          readonly [string, string],
        ];
        const x = Number(text(v, i0));
        if ((c0 === 'numeric=positive' && x > 0) || (c0 === 'numeric=negative' && x < 0))
          return !text(v, i1).includes(c1);
      }
      return false;
    });
  const termZeroed = (index: string | undefined, v: readonly (string | number)[]): boolean =>
    cons.some((c) => {
      if (str(c, 'index') !== index) return false;
      const type = str(c, 'type');
      const assigned = list(c.valueassignment).every((a) => text(v, str(a, 'index')) === str(a, 'value'));
      const own = text(v, index);
      if (type === 'zeroConstraint') return assigned;
      if (type === 'conditionalZeroConstraint') return assigned && !own.includes(str(c, 'value') as string);
      if (
        type === 'sumZeroConstraint' ||
        type === 'sumZeroNotConstraint' ||
        type === 'sumZeroConstraintList'
      ) {
        const total = list(c.item).reduce((s, it) => s + Number(text(v, str(it, 'index'))), 0);
        if (total < Number(str(c, 'min')) || total > Number(str(c, 'max'))) return false;
        if (type === 'sumZeroConstraintList')
          return list(c.condition).some((x) => own.includes(str(x, 'value') as string));
        const has = own.includes(str(c, 'value') as string);
        return type === 'sumZeroConstraint' ? has : !has;
      }
      return false;
    });
  return (v) => {
    if (zeroOutcome(v)) return 0;
    let sum = 0;
    for (const r of ranked) {
      if (!termZeroed(r.index, v)) sum += (r.ranks.get(text(v, r.index)) as number) / r.max;
    }
    return sum / ranked.length;
  };
}
