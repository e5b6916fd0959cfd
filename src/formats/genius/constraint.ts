/**
 * GENIUS's constraint profiles (`<utility_space type="constraint">`, the Railway domain), read as
 * GENIUS 10.4's `ConstraintUtilitySpace` evaluates them (read from its Java source):
 *
 *   u(bid) = 0                                  when a zero-outcome constraint holds, else
 *   u(bid) = (1/N) Σ_{i in <ranks>} [term i not zeroed] · rank_i(bid_i) / maxRank_i
 *
 * with N the number of `<issue>` entries under `<ranks>` and maxRank_i the largest rank written
 * for issue i. Zero-outcome constraints (`inclusiveZeroOutcomeConstraint`,
 * `conditionalZeroOutcomeConstraint`) zero the whole utility; the others (`zeroConstraint`,
 * `conditionalZeroConstraint`, `sumZeroConstraint`, `sumZeroNotConstraint`,
 * `sumZeroConstraintList`) zero the term of the issue named by their `index`. Value tests are on
 * the value's text: equality, `contains`, or an integer read of it (`numeric=positive|negative`,
 * sums of related issues between `min` and `max`). Other constraint types are ignored, as GENIUS
 * ignores them (with a warning).
 *
 * Lancaster's model has no "zero this term" operator, but every constraint is a union of boxes of
 * the discrete space, so the profile becomes one region term per (ranked issue, value) worth
 * `rank / maxRank / N`, each excluding the boxes that zero it (its issue's constraints and every
 * zero-outcome constraint). Utilities are GENIUS's up to the order of the floating-point sum.
 *
 * A file GENIUS itself cannot evaluate (a rank missing for a domain value, a rank item without a
 * `value`, no `<constraints>`, a numeric test on a value that is not an integer, a constraint
 * naming an issue the domain lacks) is refused with `GENIUS_UNSUPPORTED`, naming the file, line and
 * field, rather than read as something GENIUS would not compute.
 */
import { LancasterError } from '../../errors.ts';
import type { OutcomeSpace } from '../../model/outcome-space.ts';
import { type Condition, type RegionTerm, UtilityFunction } from '../../model/utility.ts';
import type { GeniusDomain, GeniusIssue } from './read.ts';
import { childrenNamed, type XmlDocument, type XmlElement } from './xml.ts';

/** Largest number of value combinations a sum constraint may expand into. */
export const MAX_SUM_COMBINATIONS = 100_000;

/** Warnings sink, as `Warnings.add` of read.ts. */
export interface ConstraintWarnings {
  add(doc: XmlDocument, at: XmlElement | undefined, message: string, path?: string): void;
}

type Box = Condition[];

function unsupported(
  doc: XmlDocument,
  at: XmlElement,
  field: string,
  message: string,
  expected: string,
): never {
  throw new LancasterError({
    code: 'GENIUS_UNSUPPORTED',
    file: doc.file,
    ...doc.lines.at(at.offset),
    path: field,
    message,
    expected,
  });
}

/** Java's `Integer.valueOf` on a value's text, or undefined where it would throw. */
function javaInt(text: string): number | undefined {
  if (!/^[+-]?\d+$/.test(text)) return undefined;
  const x = Number(text);
  return x >= -2147483648 && x <= 2147483647 ? x : undefined;
}

/** Integer attribute as GENIUS reads it (`Integer.valueOf`), else refused. */
function intAttr(doc: XmlDocument, e: XmlElement, name: string, field: string): number {
  const x = javaInt(e.attrs[name] ?? '');
  if (x === undefined) {
    unsupported(
      doc,
      e,
      field,
      e.attrs[name] === undefined
        ? `<${e.name}> has no ${name} attribute, which GENIUS reads as an integer`
        : `<${e.name}> has ${name}="${e.attrs[name]}", which GENIUS cannot read as an integer`,
      `an integer ${name} attribute`,
    );
  }
  return x;
}

/**
 * Java's HashMap<Integer, …> iteration order for a few small keys: by bucket
 * `(h ^ (h >>> 16)) & 15` of a 16-slot table, then in insertion order.
 */
function javaHashOrder(keys: readonly number[]): number[] {
  const bucket = (k: number) => (k ^ (k >>> 16)) & 15;
  return keys
    .map((k, pos) => ({ k, pos }))
    .sort((a, b) => bucket(a.k) - bucket(b.k) || a.pos - b.pos)
    .map((x) => x.k);
}

/** Reads one constraint profile into a region-only utility function. */
export function readConstraintProfile(
  doc: XmlDocument,
  domain: GeniusDomain,
  space: OutcomeSpace,
  numberToDomain: ReadonlyMap<number, number>,
  w: ConstraintWarnings,
): UtilityFunction {
  const n = domain.issues.length;
  // GENIUS: the rules of the first child element of the root.
  const first = doc.root.children[0];
  const rules = first ? childrenNamed(first, 'rules')[0] : undefined;
  const ranks = rules ? childrenNamed(rules, 'ranks')[0] : undefined;
  const constraints = rules ? childrenNamed(rules, 'constraints')[0] : undefined;
  if (!rules || !ranks || !constraints) {
    const missing = !rules ? '<rules>' : !ranks ? '<ranks>' : '<constraints>';
    unsupported(
      doc,
      rules ?? first ?? doc.root,
      'rules',
      `a constraint profile without ${missing} in its first element: GENIUS cannot load it`,
      '<objective> holding <rules> with <ranks> and <constraints>',
    );
  }

  /** Domain position of a GENIUS issue number, or refused. */
  const issueAt = (e: XmlElement, attr: string, field: string): number => {
    const k = intAttr(doc, e, attr, field);
    const i = numberToDomain.get(k);
    if (i === undefined) {
      unsupported(
        doc,
        e,
        field,
        `issue number ${k} is not an issue of the domain ${domain.file}`,
        'the index of a domain issue',
      );
    }
    const issue = domain.issues[i] as GeniusIssue;
    if (issue.issue.kind !== 'discrete') {
      // GENIUS compares the text of integer and real values too; Lancaster reads constraint
      // profiles over discrete issues only, rather than guess how a number is written.
      unsupported(
        doc,
        e,
        field,
        `issue "${issue.name}" is ${issue.issue.kind}: Lancaster reads constraint profiles over discrete issues only`,
        'ranks and constraints on discrete issues',
      );
    }
    return i;
  };
  const gi = (i: number) => domain.issues[i] as GeniusIssue;
  const digitsWhere = (i: number, test: (text: string) => boolean): number[] => {
    const out: number[] = [];
    gi(i).rawValues.forEach((text, d) => {
      if (test(text)) out.push(d);
    });
    return out;
  };
  const numericValues = (e: XmlElement, i: number, field: string): number[] => {
    const values = gi(i).rawValues.map(javaInt);
    const bad = values.indexOf(undefined);
    if (gi(i).issue.kind !== 'discrete' || bad >= 0) {
      unsupported(
        doc,
        e,
        field,
        `a numeric test on issue "${gi(i).name}", whose value "${gi(i).rawValues[bad] ?? ''}" is not an integer (GENIUS fails on it)`,
        'numeric tests only on issues whose values are all integers',
      );
    }
    return values as number[];
  };

  // Ranks: the issues in the order written (N counts every entry), the last ranking of an issue.
  const rankOrder: number[] = [];
  const rankOf = new Map<number, { ranks: Map<string, number>; max: number; at: XmlElement }>();
  for (const re of childrenNamed(ranks, 'issue')) {
    const i = issueAt(re, 'index', 'rules.ranks.issue.index');
    rankOrder.push(i);
    const map = new Map<string, number>();
    let max = 0;
    for (const it of childrenNamed(re, 'item')) {
      const r = intAttr(doc, it, 'rank', `rules.ranks.issue[${gi(i).name}].item.rank`);
      const value = it.attrs.value;
      if (value === undefined) {
        unsupported(
          doc,
          it,
          `rules.ranks.issue[${gi(i).name}].item.value`,
          `a rank item of issue "${gi(i).name}" has no value attribute: GENIUS ranks values by their text, so it cannot evaluate this profile`,
          '<item value="..." rank="..."/> naming a value of the issue',
        );
      }
      map.set(value, r);
      if (r > max) max = r;
    }
    for (const v of gi(i).rawValues) {
      if (!map.has(v)) {
        unsupported(
          doc,
          re,
          `rules.ranks.issue[${gi(i).name}]`,
          `value "${v}" of issue "${gi(i).name}" has no rank: GENIUS cannot evaluate a bid holding it`,
          'a rank for every value of the issue',
        );
      }
    }
    if (max <= 0) {
      unsupported(
        doc,
        re,
        `rules.ranks.issue[${gi(i).name}]`,
        `the ranks of issue "${gi(i).name}" are all at most 0: GENIUS divides by the largest`,
        'a positive largest rank',
      );
    }
    rankOf.set(i, { ranks: map, max, at: re });
  }
  if (rankOrder.length === 0) {
    unsupported(
      doc,
      ranks,
      'rules.ranks',
      'a constraint profile ranks no issue',
      'at least one <issue> under <ranks>',
    );
  }

  const outcomeBoxes: Box[] = [];
  const termBoxes = new Map<number, Box[]>();
  const addTermBox = (i: number, box: Box | undefined) => {
    if (!box) return;
    const list = termBoxes.get(i) ?? [];
    list.push(box);
    termBoxes.set(i, list);
  };
  /** A box, or undefined when some condition admits no value (the constraint never applies). */
  const box = (conds: Condition[]): Box | undefined =>
    conds.some((c) => c.values !== undefined && c.values.length === 0) ? undefined : conds;
  /** `<tag index value>` children as a map issue → text, the last one of an issue counting. */
  const assignments = (
    c: XmlElement,
    tag: string,
    attr: string,
    type: string,
  ): Map<number, [string, XmlElement]> => {
    const m = new Map<number, [string, XmlElement]>();
    for (const a of childrenNamed(c, tag)) {
      const v = a.attrs[attr];
      if (v === undefined) {
        unsupported(
          doc,
          a,
          `rules.constraints.${type}.${tag}.${attr}`,
          `<${tag}> has no ${attr}`,
          `<${tag} index="..." ${attr}="..."/>`,
        );
      }
      m.set(issueAt(a, 'index', `rules.constraints.${type}.${tag}.index`), [v, a]);
    }
    return m;
  };
  const equalsBox = (m: Map<number, [string, XmlElement]>): Condition[] =>
    [...m].map(([i, [v]]) => ({ issue: i, values: digitsWhere(i, (t) => t === v) }));

  for (const c of childrenNamed(constraints, 'constraint')) {
    const type = c.attrs.type ?? '';
    const field = `rules.constraints.${type || 'constraint'}`;
    switch (type) {
      case 'inclusiveZeroOutcomeConstraint': {
        const m = assignments(c, 'checkassignment', 'condition', type);
        const conds = [...m].map(([i, [cond, a]]): Condition => {
          if (!cond.includes('numeric')) return { issue: i, values: digitsWhere(i, (t) => t.includes(cond)) };
          const nums = numericValues(a, i, `${field}.checkassignment`);
          const keep = (x: number) =>
            cond.includes('positive') ? !(x < 0) : cond.includes('negative') ? !(x > 0) : true;
          return { issue: i, values: nums.flatMap((x, d) => (keep(x) ? [d] : [])) };
        });
        const b = box(conds);
        if (b) outcomeBoxes.push(b);
        break;
      }
      case 'conditionalZeroOutcomeConstraint': {
        const m = assignments(c, 'checkassignment', 'condition', type);
        if (m.size !== 2) {
          unsupported(
            doc,
            c,
            field,
            `a conditionalZeroOutcomeConstraint with ${m.size} checked issue(s): GENIUS reads exactly two`,
            'two <checkassignment>s on different issues',
          );
        }
        const [i0, i1] = javaHashOrder([...m.keys()]) as [number, number];
        const [c0, a0] = m.get(i0) as [string, XmlElement];
        const [c1] = m.get(i1) as [string, XmlElement];
        if (c0 !== 'numeric=positive' && c0 !== 'numeric=negative') break;
        const nums = numericValues(a0, i0, `${field}.checkassignment`);
        const first = gi(i0)
          .rawValues.map((_, d) => d)
          .filter((d) => (c0 === 'numeric=positive' ? (nums[d] as number) > 0 : (nums[d] as number) < 0));
        const b = box([
          { issue: i0, values: first },
          { issue: i1, values: digitsWhere(i1, (t) => !t.includes(c1)) },
        ]);
        if (b) outcomeBoxes.push(b);
        break;
      }
      case 'zeroConstraint': {
        const i = issueAt(c, 'index', `${field}.index`);
        addTermBox(i, box(equalsBox(assignments(c, 'valueassignment', 'value', type))));
        break;
      }
      case 'conditionalZeroConstraint': {
        const i = issueAt(c, 'index', `${field}.index`);
        const value = c.attrs.value;
        if (value === undefined)
          unsupported(doc, c, `${field}.value`, 'a conditionalZeroConstraint has no value', 'value="..."');
        const conds = equalsBox(assignments(c, 'valueassignment', 'value', type));
        conds.push({ issue: i, values: digitsWhere(i, (t) => !t.includes(value)) });
        addTermBox(i, box(conds));
        break;
      }
      case 'sumZeroConstraint':
      case 'sumZeroNotConstraint':
      case 'sumZeroConstraintList': {
        const i = issueAt(c, 'index', `${field}.index`);
        const min = intAttr(doc, c, 'min', `${field}.min`);
        const max = intAttr(doc, c, 'max', `${field}.max`);
        let test: (t: string) => boolean;
        if (type === 'sumZeroConstraintList') {
          const wanted = childrenNamed(c, 'condition').map((x) => {
            const v = x.attrs.value;
            if (v === undefined)
              unsupported(doc, x, `${field}.condition.value`, 'a <condition> has no value', 'value="..."');
            return v;
          });
          test = (t) => wanted.some((v) => t.includes(v));
        } else {
          const v = c.attrs.value;
          if (v === undefined) unsupported(doc, c, `${field}.value`, `a ${type} has no value`, 'value="..."');
          // sumZeroNotConstraint zeroes when the value is absent; sumZeroConstraint, whose test
          // sumZeroNotConstraint negates, when it is present (GENIUS 10.4 ships both).
          test = type === 'sumZeroNotConstraint' ? (t) => !t.includes(v) : (t) => t.includes(v);
        }
        const related = childrenNamed(c, 'item').map((x) => issueAt(x, 'index', `${field}.item.index`));
        const distinct = [...new Set(related)];
        const times = distinct.map((r) => related.filter((x) => x === r).length);
        const nums = distinct.map((r) => numericValues(c, r, `${field}.item`));
        let combos = 1;
        for (const r of distinct) combos *= gi(r).rawValues.length;
        if (combos > MAX_SUM_COMBINATIONS) {
          unsupported(
            doc,
            c,
            field,
            `a sum over issues with ${combos} combinations of values (Lancaster expands a sum into boxes, at most ${MAX_SUM_COMBINATIONS})`,
            'a sum over fewer values',
          );
        }
        const target: Condition = { issue: i, values: digitsWhere(i, test) };
        if (target.values?.length === 0) break;
        const digits = distinct.map(() => 0);
        for (let k = 0; k < combos; k++) {
          let rest = k;
          let total = 0;
          for (let j = distinct.length - 1; j >= 0; j--) {
            const r = gi(distinct[j] as number).rawValues.length;
            digits[j] = rest % r;
            rest = Math.floor(rest / r);
            total += (times[j] as number) * ((nums[j] as number[])[digits[j] as number] as number);
          }
          if (total < min || total > max) continue;
          addTermBox(i, [...distinct.map((r, j) => ({ issue: r, values: [digits[j] as number] })), target]);
        }
        break;
      }
      default:
        w.add(
          doc,
          c,
          `constraint type="${type}" is not one GENIUS reads: ignored, as GENIUS ignores it`,
          field,
        );
    }
  }

  const regions: RegionTerm[] = [];
  const N = rankOrder.length;
  for (const i of rankOrder) {
    const { ranks: rk, max } = rankOf.get(i) as { ranks: Map<string, number>; max: number };
    const excludes = [...(termBoxes.get(i) ?? []), ...outcomeBoxes];
    gi(i).rawValues.forEach((text, d) => {
      const value = (rk.get(text) as number) / max / N;
      if (value === 0) return;
      regions.push({
        value,
        conditions: [{ issue: i, values: [d] }],
        ...(excludes.length > 0 ? { excludes } : {}),
        label: `${gi(i).name} = ${text}`,
      });
    });
  }
  return new UtilityFunction(space, {
    weights: new Array<number>(n).fill(0),
    evaluators: domain.issues.map(() => ({ kind: 'linear', intercept: 0, slope: 0, clamp: false })),
    regions,
  });
}
