/**
 * Scenario → GENIUS XML: one domain file (`negotiation_template`) and one profile per party
 * (`utility_space`), written so that GENIUS's own rules (and our importer, which follows them)
 * give back the same utility for every outcome. Discrete evaluations are written divided by the
 * issue's largest evaluation with the weight multiplied by it, since GENIUS divides by that
 * maximum; integer evaluators become `offset`/`slope` lines when one fits every value (GENIUS
 * clamps them to [0, 1]), real evaluators `parameter0 + parameter1·v`. A party whose utility is
 * made only of region terms on integer issues becomes a `type="nonlinear"` profile (INCLUDES and
 * EXCLUDES hyperRectangles, maxutility 1). What GENIUS cannot express (red lines, regions mixed
 * with a linear part, piecewise evaluators, discrete conditions in regions) is refused with an
 * `EXPORT_UNSUPPORTED` error naming every reason.
 */
import { LancasterError, type Problem } from '../../errors.ts';
import type { Issue } from '../../model/issues.ts';
import type { Party } from '../../model/party.ts';
import type { Scenario } from '../../model/scenario.ts';
import { type Condition, clamp01, type Evaluator, evaluate } from '../../model/utility.ts';

/** The files of a GENIUS export: names (in the target folder) and their XML text. */
export interface GeniusExport {
  readonly domain: { readonly name: string; readonly xml: string };
  readonly profiles: readonly { readonly partyId: string; readonly name: string; readonly xml: string }[];
}

const TOLERANCE = 1e-12;

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Numbers in full precision (String(x) round-trips a double). */
function n(x: number): string {
  return String(x);
}

function unique(xs: readonly string[]): boolean {
  return new Set(xs).size === xs.length && xs.every((x) => x !== '');
}

/** Names written for issues and values: labels when they are unique, ids otherwise. */
function names(scenario: Scenario): { issues: string[]; values: string[][] } {
  const issues = scenario.space.issues;
  const labels = issues.map((i) => i.label);
  const issueNames = unique(labels) ? labels : issues.map((i) => i.id);
  const values = issues.map((i) => {
    if (i.kind !== 'discrete') return [];
    const ls = i.values.map((v) => v.label);
    return unique(ls) ? ls : i.values.map((v) => v.id);
  });
  return { issues: issueNames, values };
}

function issueXml(
  issue: Issue,
  name: string,
  values: string[],
  k: number,
  body: (d: number) => string,
): string {
  const index = k + 1;
  if (issue.kind === 'discrete') {
    const items = values
      .map((v, d) => `      <item index="${d + 1}" value="${esc(v)}"${body(d)}></item>`)
      .join('\n');
    return `    <issue index="${index}" etype="discrete" type="discrete" vtype="discrete" name="${esc(name)}">\n${items}\n    </issue>`;
  }
  if (issue.kind === 'integer') {
    return `    <issue index="${index}" etype="integer" type="integer" vtype="integer" name="${esc(name)}" lowerbound="${n(issue.min)}" upperbound="${n(issue.max)}">${body(-1)}</issue>`;
  }
  return `    <issue index="${index}" etype="real" type="real" vtype="real" name="${esc(name)}">\n      <range lowerbound="${n(issue.min)}" upperbound="${n(issue.max)}"/>${body(-1)}\n    </issue>`;
}

/** offset/slope of a GENIUS integer line equal to the evaluator on every value, if one exists. */
function integerLine(
  ev: Evaluator,
  issue: Issue & { kind: 'integer' },
): { offset: number; slope: number } | undefined {
  const count = issue.max - issue.min + 1;
  const y = (d: number) => evaluate(ev, issue, issue.min + d);
  const fits = (offset: number, slope: number) => {
    for (let d = 0; d < count; d++)
      if (Math.abs(clamp01(offset + slope * d) - y(d)) > TOLERANCE) return false;
    return true;
  };
  const candidates: { offset: number; slope: number }[] = [];
  if (ev.kind === 'linear') candidates.push({ offset: ev.intercept + ev.slope * issue.min, slope: ev.slope });
  // Two interior points (strictly inside (0, 1)) determine the line GENIUS would clamp.
  let a = -1;
  for (let d = 0; d < count && candidates.length < 3; d++) {
    const v = y(d);
    if (v > 0 && v < 1) {
      if (a < 0) a = d;
      else {
        const slope = (v - y(a)) / (d - a);
        candidates.push({ offset: y(a) - slope * a, slope });
        break;
      }
    }
  }
  if (count === 1) candidates.push({ offset: y(0), slope: 0 });
  else candidates.push({ offset: y(0), slope: y(1) - y(0) });
  return candidates.find((c) => Number.isFinite(c.slope) && fits(c.offset, c.slope));
}

function linearProfile(
  scenario: Scenario,
  party: Party,
  nm: ReturnType<typeof names>,
  reasons: string[],
): string {
  const u = party.utility;
  const weights: number[] = [];
  const issues = scenario.space.issues.map((issue, k) => {
    const ev = u.evaluators[k] as Evaluator;
    const w = u.weights[k] as number;
    if (issue.kind === 'discrete') {
      const evals = issue.values.map((_, d) => evaluate(ev, issue, d));
      const max = Math.max(...evals);
      // GENIUS divides by the largest evaluation: write them normalised (so the largest written is
      // 1, clear of GENIUS's 1e-5 floor) and carry the scale in the weight.
      weights.push(max > 0 ? w * max : 0);
      return issueXml(issue, nm.issues[k] as string, nm.values[k] as string[], k, (d) =>
        d < 0 ? '' : ` evaluation="${n(max > 0 ? (evals[d] as number) / max : 0)}"`,
      );
    }
    weights.push(w);
    if (issue.kind === 'integer') {
      const line = integerLine(ev, issue);
      if (!line)
        reasons.push(`party ${party.id}: the evaluator of integer issue ${issue.id} is not a clamped line`);
      const l = line ?? { offset: 0, slope: 0 };
      return issueXml(
        issue,
        nm.issues[k] as string,
        [],
        k,
        () =>
          `\n      <evaluator ftype="linear" offset="${n(l.offset)}" slope="${n(l.slope)}"></evaluator>\n    `,
      );
    }
    let p0 = 0;
    let p1 = 0;
    if (
      ev.kind === 'linear' &&
      (!ev.clamp ||
        (inUnit(ev.intercept + ev.slope * issue.min) && inUnit(ev.intercept + ev.slope * issue.max)))
    ) {
      p0 = ev.intercept;
      p1 = ev.slope;
    } else if (ev.kind === 'piecewise' && ev.xs.length === 2 && (ev.xs[1] as number) > (ev.xs[0] as number)) {
      const [x0, x1] = ev.xs as [number, number];
      const [y0, y1] = ev.ys as [number, number];
      if (x0 <= issue.min && x1 >= issue.max) {
        p1 = (y1 - y0) / (x1 - x0);
        p0 = y0 - p1 * x0;
      } else
        reasons.push(
          `party ${party.id}: the piecewise evaluator of real issue ${issue.id} bends inside the range`,
        );
    } else reasons.push(`party ${party.id}: the evaluator of real issue ${issue.id} is not a straight line`);
    return issueXml(
      issue,
      nm.issues[k] as string,
      [],
      k,
      () => `\n      <evaluator ftype="linear" parameter0="${n(p0)}" parameter1="${n(p1)}"></evaluator>`,
    );
  });
  const ws = weights.map((w, k) => `    <weight index="${k + 1}" value="${n(w)}"></weight>`).join('\n');
  return `<utility_space number_of_issues="${scenario.space.issues.length}">\n  <objective index="0" etype="objective" type="objective" description="" name="${esc(scenario.title)}">\n${issues.join('\n')}\n${ws}\n  </objective>\n${tail(party)}</utility_space>\n`;
}

const inUnit = (x: number) => x >= 0 && x <= 1;

function tail(party: Party): string {
  return `  <reservation value="${n(party.reservationValue)}"/>\n  <discount_factor value="${n(party.discountFactor)}"/>\n`;
}

function bounds(
  scenario: Scenario,
  cs: readonly Condition[],
  tag: string,
  why: string,
  reasons: string[],
): string {
  return cs
    .map((c) => {
      const issue = scenario.space.issues[c.issue] as Issue;
      if (issue.kind !== 'integer' || c.values !== undefined) {
        reasons.push(`${why}: GENIUS rectangles bound integer issues by min/max only (issue ${issue.id})`);
        return '';
      }
      const lo = c.min ?? issue.min;
      const hi = c.max ?? issue.max;
      return `        <${tag} index="${c.issue + 1}" min="${n(lo)}" max="${n(hi)}"/>`;
    })
    .join('\n');
}

function nonlinearProfile(
  scenario: Scenario,
  party: Party,
  nm: ReturnType<typeof names>,
  reasons: string[],
): string {
  const rects = party.utility.regions.map((r, k) => {
    const why = `party ${party.id} region ${k + 1}`;
    const ex = r.excludes ?? [];
    if (ex.length > 0) {
      if (r.conditions.length > 0 || ex.length > 1) {
        reasons.push(`${why}: GENIUS EXCLUDES rectangles have no INCLUDES bounds and one excluded box`);
      }
      return `      <hyperRectangle utility="${n(r.value)}">\n${bounds(scenario, ex[0] ?? [], 'EXCLUDES', why, reasons)}\n      </hyperRectangle>`;
    }
    if (r.conditions.length === 0) {
      reasons.push(`${why}: a region without conditions (GENIUS would read an empty rectangle)`);
    }
    return `      <hyperRectangle utility="${n(r.value)}">\n${bounds(scenario, r.conditions, 'INCLUDES', why, reasons)}\n      </hyperRectangle>`;
  });
  const issues = scenario.space.issues.map((issue, k) =>
    issueXml(issue, nm.issues[k] as string, [], k, () => ''),
  );
  return `<utility_space type="nonlinear">\n  <objective index="0" etype="objective" type="objective" description="" name="${esc(scenario.title)}">\n${issues.join('\n')}\n    <utility maxutility="1">\n      <ufun type="PlainUfun" weight="1" aggregation="sum">\n${rects.join('\n')}\n      </ufun>\n    </utility>\n  </objective>\n${tail(party)}</utility_space>\n`;
}

/**
 * The scenario as GENIUS XML files. Throws `EXPORT_UNSUPPORTED` with every reason when GENIUS
 * cannot express it.
 *
 * @example
 * const files = toGeniusXml(scenario);
 * writeFileSync(join(dir, files.domain.name), files.domain.xml);
 */
export function toGeniusXml(scenario: Scenario): GeniusExport {
  const reasons: string[] = [];
  const nm = names(scenario);
  const issuesXml = scenario.space.issues
    .map((issue, k) => issueXml(issue, nm.issues[k] as string, nm.values[k] as string[], k, () => ''))
    .join('\n');
  const domainXml = `<negotiation_template>\n<utility_space number_of_issues="${scenario.space.issues.length}">\n  <objective index="0" etype="objective" type="objective" description="" name="${esc(scenario.title)}">\n${issuesXml}\n  </objective>\n</utility_space>\n</negotiation_template>\n`;
  const profiles = scenario.parties.map((party, k) => {
    const u = party.utility;
    if (u.redLines.length > 0) reasons.push(`party ${party.id}: red lines (GENIUS has no hard constraints)`);
    if (party.principal) reasons.push(`party ${party.id}: a principal (GENIUS has no ratification)`);
    const linearPart = u.weights.some((w) => w !== 0);
    let xml: string;
    if (u.regions.length > 0 && !linearPart) {
      if (scenario.space.issues.some((i) => i.kind !== 'integer')) {
        reasons.push(`party ${party.id}: GENIUS rectangle profiles need integer issues only`);
      }
      xml = nonlinearProfile(scenario, party, nm, reasons);
    } else {
      if (u.regions.length > 0)
        reasons.push(
          `party ${party.id}: region terms together with weights (GENIUS profiles are one or the other)`,
        );
      xml = linearProfile(scenario, party, nm, reasons);
    }
    // File names sort in party order, so a re-import keeps the parties' order.
    const name = `${String(k + 1).padStart(2, '0')}-${party.id}.xml`;
    return { partyId: party.id, name, xml };
  });
  if (reasons.length > 0) {
    throw new LancasterError(
      reasons.map(
        (message): Problem => ({
          code: 'EXPORT_UNSUPPORTED',
          file: scenario.id,
          message,
          expected:
            'a scenario GENIUS can express (linear-additive or integer hyper-rectangles, no red lines)',
        }),
      ),
    );
  }
  return { domain: { name: 'domain.xml', xml: domainXml }, profiles };
}
