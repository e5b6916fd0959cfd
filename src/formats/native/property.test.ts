/**
 * Property tests of the loader: random small valid scenario files, written as YAML and as JSON,
 * load without problems; the utilities the model computes agree with an independent evaluation
 * written here straight from the file's numbers and stay in [0, 1]; and every number of the file
 * is listed as a parameter.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { stringify } from 'yaml';
import { Random } from '../../model/random.ts';
import { parseScenarioText } from './load.ts';

type Num = number | { value: number; note?: string } | { range: [number, number]; sources?: string[] };

interface IssueSpec {
  id: string;
  label: string;
  type: 'discrete' | 'integer' | 'real';
  values?: { id: string; label: string }[];
  min?: number;
  max?: number;
}

const mid = (n: Num) => (typeof n === 'number' ? n : 'value' in n ? n.value : (n.range[0] + n.range[1]) / 2);

/** Doubles in [min, max] without -0, which JSON cannot write (it becomes 0) but YAML can. */
const real = (min: number, max: number) => fc.double({ min, max, noNaN: true }).map((x) => x + 0);

const unit = real(0, 1);

/** A number with provenance whose point value is exactly `v` (ranges are symmetric around `v` within [lo, hi]). */
function provenanced(v: number, lo: number, hi: number): fc.Arbitrary<Num> {
  return fc.oneof(
    fc.constant(v),
    fc.constant({ value: v, note: 'generated' }),
    real(0, 1).map((f): Num => {
      const d = Math.min(v - lo, hi - v) * f;
      return { range: [v - d, v + d], sources: ['https://example.org/generated'] };
    }),
  );
}

const issueArb = (i: number): fc.Arbitrary<IssueSpec> =>
  fc.oneof(
    fc.integer({ min: 1, max: 4 }).map((n) => ({
      id: `issue_${i}`,
      label: `Issue ${i}`,
      type: 'discrete' as const,
      values: Array.from({ length: n }, (_, k) => ({ id: `v${k}`, label: `Value ${k}` })),
    })),
    fc.tuple(fc.integer({ min: -5, max: 5 }), fc.integer({ min: 0, max: 8 })).map(([min, span]) => ({
      id: `issue_${i}`,
      label: `Issue ${i}`,
      type: 'integer' as const,
      min,
      max: min + span,
    })),
    // Spans below 1e-6 (down to subnormals) are not scenarios anyone writes, and sampling inside
    // them is dominated by rounding, which the reference and the engine resolve differently.
    fc.tuple(real(-10, 10), real(1e-6, 10)).map(([min, span]) => ({
      id: `issue_${i}`,
      label: `Issue ${i}`,
      type: 'real' as const,
      min,
      max: min + span,
    })),
  );

function evaluatorArb(issue: IssueSpec): fc.Arbitrary<unknown> {
  if (issue.type === 'discrete') {
    const ids = (issue.values ?? []).map((v) => v.id);
    return fc
      .tuple(...ids.map(() => unit.chain((v) => provenanced(v, 0, 1))))
      .map((vals) => Object.fromEntries(ids.map((id, k) => [id, vals[k]])));
  }
  const lo = issue.min as number;
  const hi = issue.max as number;
  const linear = fc
    .tuple(
      unit.chain((v) => provenanced(v, 0, 1)),
      unit,
    )
    .map(([atMin, atMax]) => ({ linear: { atMin, atMax } }));
  const piecewise = fc
    .array(fc.tuple(real(lo, hi), unit), { minLength: 2, maxLength: 4 })
    .map((points) => ({ piecewise: points.sort((a, b) => a[0] - b[0]) }));
  return fc.oneof(linear, piecewise);
}

/** Conditions on a non-empty subset of the issues, each inside its issue. */
function conditionsArb(issues: IssueSpec[]): fc.Arbitrary<Record<string, unknown>> {
  const one = (issue: IssueSpec): fc.Arbitrary<unknown> =>
    issue.type === 'discrete'
      ? fc.subarray(
          (issue.values ?? []).map((v) => v.id),
          { minLength: 1 },
        )
      : fc
          .tuple(
            real(issue.min as number, issue.max as number),
            real(issue.min as number, issue.max as number),
          )
          .map(([a, b]) => ({ min: Math.min(a, b), max: Math.max(a, b) }));
  return fc
    .subarray(issues, { minLength: 1 })
    .chain((chosen) =>
      fc.tuple(...chosen.map(one)).map((cs) => Object.fromEntries(chosen.map((c, k) => [c.id, cs[k]]))),
    );
}

function partyArb(id: string, issues: IssueSpec[]) {
  const weights = fc
    .array(fc.integer({ min: 1, max: 10 }), { minLength: issues.length, maxLength: issues.length })
    .chain((counts) => {
      const total = counts.reduce((a, b) => a + b, 0);
      return fc.tuple(...counts.map((c) => provenanced(c / total, 0, 1)));
    })
    .map((ws) => Object.fromEntries(issues.map((issue, k) => [issue.id, ws[k]])));
  const evaluators = fc
    .tuple(...issues.map(evaluatorArb))
    .map((evs) => Object.fromEntries(issues.map((issue, k) => [issue.id, evs[k]])));
  const regions = fc.array(
    fc.record({
      value: real(-1, 1).chain((v) => provenanced(v, -1, 1)),
      when: conditionsArb(issues),
    }),
    { maxLength: 2 },
  );
  const redLines = fc.array(
    fc.tuple(fc.boolean(), conditionsArb(issues)).map(([forbid, conditions]) => ({
      label: 'generated red line',
      ...(forbid ? { forbid: conditions } : { require: conditions }),
    })),
    { maxLength: 2 },
  );
  return fc
    .record({
      reservationValue: unit.chain((v) => provenanced(v, 0, 1)),
      discountFactor: fc.option(real(0.01, 1), { nil: undefined }),
      weights,
      evaluators,
      regions,
      redLines,
    })
    .map((p) => ({
      id,
      label: `Party ${id}`,
      reservationValue: p.reservationValue,
      ...(p.discountFactor !== undefined ? { discountFactor: p.discountFactor } : {}),
      weights: p.weights,
      evaluators: p.evaluators,
      ...(p.regions.length > 0 ? { regions: p.regions } : {}),
      ...(p.redLines.length > 0 ? { redLines: p.redLines.map((r, k) => ({ id: `line_${k}`, ...r })) } : {}),
    }));
}

const scenarioArb = fc
  .tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 2, max: 3 }))
  .chain(([nIssues, nParties]) =>
    fc.tuple(...Array.from({ length: nIssues }, (_, i) => issueArb(i))).chain((issues) =>
      fc
        .tuple(
          fc.tuple(...Array.from({ length: nParties }, (_, j) => partyArb(`p${j}`, issues))),
          fc.integer({ min: 1, max: 40 }),
          fc.boolean(),
        )
        .map(([parties, rounds, split]) => ({
          version: 1,
          id: 'generated',
          title: 'Generated scenario',
          issues,
          parties,
          protocol: {
            type: 'saop',
            deadline: { rounds },
            ...(split && rounds > 1
              ? {
                  schedule: [
                    { label: 'A', rounds: Math.floor(rounds / 2) },
                    { label: 'B', rounds: rounds - Math.floor(rounds / 2) },
                  ],
                }
              : {}),
          },
        })),
    ),
  );

type File = { issues: IssueSpec[]; parties: Record<string, unknown>[] };

/** The utility of an outcome computed directly from the file's numbers, as the format defines it. */
function referenceUtility(file: File, partyIndex: number, outcome: readonly number[]): number {
  const party = file.parties[partyIndex] as {
    weights: Record<string, Num>;
    evaluators: Record<string, Record<string, unknown>>;
    regions?: { value: Num; when: Record<string, unknown> }[];
  };
  const holds = (when: Record<string, unknown>) =>
    Object.entries(when).every(([issueId, c]) => {
      const i = file.issues.findIndex((x) => x.id === issueId);
      const issue = file.issues[i] as IssueSpec;
      const v = outcome[i] as number;
      if (Array.isArray(c)) return c.includes(issue.values?.[v]?.id);
      const r = c as { min: number; max: number };
      return v >= r.min && v <= r.max;
    });
  let u = 0;
  file.issues.forEach((issue, i) => {
    const v = outcome[i] as number;
    const ev = party.evaluators[issue.id] as Record<string, unknown>;
    let e: number;
    if (issue.type === 'discrete') e = mid(ev[issue.values?.[v]?.id as string] as Num);
    else if ('linear' in ev) {
      const { atMin, atMax } = ev.linear as { atMin: Num; atMax: number };
      const span = (issue.max as number) - (issue.min as number);
      e = span > 0 ? mid(atMin) + ((atMax - mid(atMin)) * (v - (issue.min as number))) / span : mid(atMin);
    } else {
      const pts = ev.piecewise as [number, number][];
      const first = pts[0] as [number, number];
      const last = pts[pts.length - 1] as [number, number];
      if (v <= first[0]) e = first[1];
      else if (v >= last[0]) e = last[1];
      else {
        let k = 1;
        while ((pts[k] as [number, number])[0] < v) k++;
        const [x0, y0] = pts[k - 1] as [number, number];
        const [x1, y1] = pts[k] as [number, number];
        e = x1 === x0 ? y1 : y0 + ((y1 - y0) * (v - x0)) / (x1 - x0);
      }
    }
    u += mid(party.weights[issue.id] as Num) * e;
  });
  for (const r of party.regions ?? []) if (holds(r.when)) u += mid(r.value);
  return Math.min(1, Math.max(0, u));
}

describe('random valid scenarios', () => {
  test.prop([scenarioArb, fc.integer()], { numRuns: 150 })(
    'load from YAML and JSON, with utilities in [0, 1] that match the file',
    (file, seed) => {
      const fromYaml = parseScenarioText(stringify(file), 'generated.yaml');
      const fromJson = parseScenarioText(JSON.stringify(file, null, 2), 'generated.json');
      expect(fromJson.parameters).toEqual(fromYaml.parameters);
      const rng = Random.from(seed);
      for (let k = 0; k < 10; k++) {
        const outcome = fromYaml.space.sample(rng);
        fromYaml.parties.forEach((party, j) => {
          const u = party.utility.evaluate(outcome);
          expect(u).toBeGreaterThanOrEqual(0);
          expect(u).toBeLessThanOrEqual(1);
          expect(u).toBeCloseTo(referenceUtility(file as File, j, outcome), 9);
          expect(fromJson.parties[j]?.utility.evaluate(outcome)).toBe(u);
        });
      }
    },
  );

  test.prop([scenarioArb], { numRuns: 100 })('list every number of the file as a parameter', (file) => {
    const s = parseScenarioText(stringify(file), 'generated.yaml');
    let expected = 0;
    for (const p of file.parties as Record<string, unknown>[]) {
      expected += 1 + ('discountFactor' in p ? 1 : 0) + file.issues.length; // reservation, discount, weights
      expected += ((p.regions as unknown[] | undefined) ?? []).length;
      for (const issue of file.issues) {
        const ev = (p.evaluators as Record<string, Record<string, unknown>>)[issue.id] as Record<
          string,
          unknown
        >;
        if (issue.type === 'discrete') expected += (issue.values ?? []).length;
        else if ('linear' in ev) expected += 2;
        else expected += (ev.piecewise as unknown[]).length;
      }
    }
    expect(s.parameters).toHaveLength(expected);
    expect(new Set(s.parameters.map((p) => p.path)).size).toBe(expected);
    const cited = JSON.stringify(file).includes('https://example.org/generated');
    expect(s.sources).toEqual(cited ? ['https://example.org/generated'] : []);
  });
});
