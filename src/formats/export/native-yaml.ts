/**
 * Scenario → native YAML (format version 1), the file `lancaster validate` accepts and that loads
 * back to the same utilities for every outcome. By default the native format wants weights summing
 * to 1 (±1e-6) and every evaluation in [0, 1]. A party that fits is written exactly; one whose
 * weights sum below 1 is rescaled without changing any utility (weights divided by the sum,
 * evaluations multiplied by it), which keeps the file in the default, checked form. Any other
 * party (weights summing above 1, evaluations outside [0, 1], as some GENIUS profiles have) is
 * written as it is with `weightsSum: asWritten`, the format's explicit GENIUS rule; GENIUS
 * EXCLUDES rectangles become a region's `unless` boxes. What still cannot be written without
 * changing utilities (negative weights, a weight above 1, region values outside [-1, 1], a
 * principal with its own utility, ...) is refused with an `EXPORT_UNSUPPORTED` error naming each
 * reason. Numbers keep their provenance (sources, note, judgement, range) from
 * `Scenario.parameters` where the written number is the parameter's own.
 */
import { stringify } from 'yaml';
import { LancasterError, type Problem } from '../../errors.ts';
import type { Distribution } from '../../model/distribution.ts';
import type { Impact } from '../../model/impact.ts';
import type { Issue } from '../../model/issues.ts';
import type { Party } from '../../model/party.ts';
import type { ForecastSettings, Parameter, Scenario } from '../../model/scenario.ts';
import { type Condition, clamp01, type Evaluator, evaluate } from '../../model/utility.ts';
import { WEIGHTS_TOLERANCE } from '../native/schema-values.ts';

/** Integer issues up to this many values are written point by point when no line fits. */
const MAX_POINTS = 100_000;

type Json = unknown;

function unsupported(scenario: Scenario, reasons: string[]): never {
  throw new LancasterError(
    reasons.map(
      (message): Problem => ({
        code: 'EXPORT_UNSUPPORTED',
        file: scenario.id,
        message,
        expected: 'a scenario the native format can express (see docs/scenario-format.md)',
      }),
    ),
  );
}

class Writer {
  private readonly params: Map<string, Parameter>;
  readonly reasons: string[] = [];

  constructor(scenario: Scenario) {
    this.params = new Map(scenario.parameters.map((p) => [p.path, p]));
  }

  /** Whether the scenario lists a parameter at `path`. */
  has(path: string): boolean {
    return this.params.has(path);
  }

  /** The number as written in the format, with its provenance when it is the parameter's own. */
  num(path: string, value: number): Json {
    const p = this.params.get(path);
    if (!p || p.value !== value) return value;
    const extra = {
      ...(p.sources.length > 0 ? { sources: [...p.sources] } : {}),
      ...(p.note !== undefined ? { note: p.note } : {}),
      ...(p.judgement !== undefined ? { judgement: p.judgement } : {}),
    };
    const d = p.distribution;
    if (d && d.kind !== 'uniform') return { ...distributionForm(d), ...extra };
    if (p.range) return { range: [p.range[0], p.range[1]], ...extra };
    return Object.keys(extra).length > 0 ? { value, ...extra } : value;
  }
}

/** A non-uniform distribution as the format writes it (a uniform is written as its `range`). */
function distributionForm(d: Exclude<Distribution, { kind: 'uniform' }>): Record<string, Json> {
  switch (d.kind) {
    case 'triangular':
      return { triangular: [d.min, d.mode, d.max] };
    case 'normal': {
      // The truncation already includes the field's bounds; intersecting them again changes nothing.
      const finite = (x: number) => Math.max(-Number.MAX_VALUE, Math.min(Number.MAX_VALUE, x));
      const within =
        Number.isFinite(d.min) || Number.isFinite(d.max) ? { within: [finite(d.min), finite(d.max)] } : {};
      return { normal: { mean: d.mean, sd: d.sd }, ...within };
    }
    case 'choice':
      return { choice: d.values.map((value, k) => ({ value, p: d.probabilities[k] as number })) };
  }
}

function issueFile(issue: Issue): Json {
  const base = {
    id: issue.id,
    label: issue.label,
    ...(issue.description !== undefined ? { description: issue.description } : {}),
  };
  if (issue.kind === 'discrete') {
    return {
      ...base,
      type: 'discrete',
      values: issue.values.map((v) => ({
        id: v.id,
        label: v.label,
        ...(v.description !== undefined ? { description: v.description } : {}),
      })),
      ...(issue.statusQuo !== undefined ? { statusQuo: issue.values[issue.statusQuo]?.id } : {}),
    };
  }
  return {
    ...base,
    type: issue.kind,
    min: issue.min,
    max: issue.max,
    ...(issue.statusQuo !== undefined ? { statusQuo: issue.statusQuo } : {}),
    ...(issue.scale !== undefined ? { scale: issue.scale.map((p) => ({ at: p.at, label: p.label })) } : {}),
  };
}

const inUnit = (x: number) => x >= 0 && x <= 1;

/** Rounding may leave a value a hair outside [0, 1]; within 1e-12 it is written as the bound. */
function snap(x: number): number {
  if (x < 0 && x > -1e-12) return 0;
  if (x > 1 && x < 1 + 1e-12) return 1;
  return x;
}

/**
 * A numeric evaluator (scaled by `scale`) as `linear` or `piecewise` with every evaluation passing
 * `fits`, or undefined when impossible.
 */
function numericEvaluator(
  ev: Evaluator,
  issue: Issue & { kind: 'integer' | 'real' },
  scale: number,
  fits: (y: number) => boolean,
): Json | undefined {
  const at = (v: number) => snap(evaluate(ev, issue, v) * scale);
  if (issue.min === issue.max) {
    const y = at(issue.min);
    return fits(y) ? { linear: { atMin: y, atMax: y } } : undefined;
  }
  const isLine =
    (ev.kind === 'linear' &&
      (!ev.clamp ||
        (inUnit(ev.intercept + ev.slope * issue.min) && inUnit(ev.intercept + ev.slope * issue.max)))) ||
    (ev.kind === 'piecewise' && ev.xs.length === 2 && ev.xs[0] === issue.min && ev.xs[1] === issue.max);
  if (isLine) {
    const a = at(issue.min);
    const b = at(issue.max);
    if (fits(a) && fits(b)) return { linear: { atMin: a, atMax: b } };
    return undefined;
  }
  let xs: number[];
  if (issue.kind === 'integer' && issue.max - issue.min + 1 <= MAX_POINTS) {
    xs = Array.from({ length: issue.max - issue.min + 1 }, (_, d) => issue.min + d);
  } else if (ev.kind === 'piecewise') {
    xs = [issue.min, ...ev.xs.filter((x) => x > issue.min && x < issue.max), issue.max];
  } else if (ev.kind === 'linear') {
    // A clamped line bends where it crosses 0 and 1.
    const cross = ev.slope === 0 ? [] : [(0 - ev.intercept) / ev.slope, (1 - ev.intercept) / ev.slope];
    xs = [issue.min, ...cross.filter((x) => x > issue.min && x < issue.max).sort((p, q) => p - q), issue.max];
  } else return undefined;
  const points = xs.map((x) => [x, at(x)] as [number, number]);
  return points.every(([, y]) => fits(y)) ? { piecewise: points } : undefined;
}

function conditionsFile(scenario: Scenario, conditions: readonly Condition[], why: string, w: Writer): Json {
  const out: Record<string, Json> = {};
  for (const c of conditions) {
    const issue = scenario.space.issues[c.issue] as Issue;
    if (issue.id in out) w.reasons.push(`${why}: two conditions on issue ${issue.id}`);
    if (issue.kind === 'discrete') {
      let allowed = issue.values.map((_, d) => d);
      if (c.values) allowed = allowed.filter((d) => c.values?.includes(d));
      if (c.min !== undefined) allowed = allowed.filter((d) => d >= (c.min as number));
      if (c.max !== undefined) allowed = allowed.filter((d) => d <= (c.max as number));
      if (allowed.length === 0) w.reasons.push(`${why}: a condition on ${issue.id} allows no value`);
      out[issue.id] = allowed.map((d) => issue.values[d]?.id);
    } else {
      if (c.values) w.reasons.push(`${why}: a value list on numeric issue ${issue.id}`);
      out[issue.id] = {
        ...(c.min !== undefined ? { min: c.min } : {}),
        ...(c.max !== undefined ? { max: c.max } : {}),
      };
    }
  }
  return out;
}

/** The weights and evaluators of a party as written, and what kept them from being written. */
interface UtilityPart {
  readonly weights: Record<string, Json>;
  readonly evaluators: Record<string, Json>;
  readonly reasons: string[];
}

/**
 * Weights and evaluators in the default form (weights summing to 1, evaluations in [0, 1]) or,
 * with `asWritten`, exactly as the model holds them (GENIUS's rule: any sum, any evaluation).
 */
function utilityPart(scenario: Scenario, party: Party, w: Writer, asWritten: boolean): UtilityPart {
  const base = `parties.${party.id}`;
  const u = party.utility;
  const issues = scenario.space.issues;
  const reasons: string[] = [];
  const fits = asWritten ? Number.isFinite : inUnit;
  const sum = u.weights.reduce((a, b) => a + b, 0);
  // Weights summing below 1 are normalised with evaluations scaled up by the sum: the same utility.
  let weights = [...u.weights];
  let scale = 1;
  if (asWritten) {
    // Written as they are; only the per-weight bounds of the format remain.
  } else if (sum === 0) weights = issues.map(() => 1 / issues.length);
  else if (Math.abs(sum - 1) > WEIGHTS_TOLERANCE) {
    if (sum > 1) reasons.push(`party ${party.id}: weights sum to ${sum} > 1`);
    else {
      weights = weights.map((x) => x / sum);
      scale = sum;
    }
  }
  if (weights.some((x) => x < 0)) reasons.push(`party ${party.id}: a negative weight`);
  if (weights.some((x) => x > 1)) reasons.push(`party ${party.id}: a weight above 1`);
  const zero = sum === 0 && !asWritten;
  const weightsOut: Record<string, Json> = {};
  const evaluators: Record<string, Json> = {};
  issues.forEach((issue, i) => {
    const ev = u.evaluators[i] as Evaluator;
    const path = `${base}.weights.${issue.id}`;
    weightsOut[issue.id] = scale === 1 && !zero ? w.num(path, weights[i] as number) : weights[i];
    const s = zero ? 0 : scale;
    if (issue.kind === 'discrete') {
      const table: Record<string, Json> = {};
      issue.values.forEach((v, d) => {
        const y = snap(evaluate(ev, issue, d) * s);
        if (!fits(y))
          reasons.push(`party ${party.id}: evaluation ${y} of ${issue.id}.${v.id} is outside [0, 1]`);
        table[v.id] = s === 1 ? w.num(`${base}.evaluators.${issue.id}.${v.id}`, y) : y;
      });
      evaluators[issue.id] = table;
    } else {
      const e = numericEvaluator(
        zero ? { kind: 'linear', intercept: 0, slope: 0, clamp: false } : ev,
        issue,
        s || 1,
        fits,
      );
      if (e === undefined) reasons.push(`party ${party.id}: the evaluator of ${issue.id} leaves [0, 1]`);
      evaluators[issue.id] = e ?? { linear: { atMin: 0, atMax: 0 } };
    }
  });
  return { weights: weightsOut, evaluators, reasons };
}

function partyFile(scenario: Scenario, party: Party, w: Writer): Json {
  const base = `parties.${party.id}`;
  const u = party.utility;
  // The default form when it fits; otherwise GENIUS's rule, stated in the file as weightsSum.
  let part = utilityPart(scenario, party, w, false);
  const asWritten = part.reasons.length > 0;
  if (asWritten) part = utilityPart(scenario, party, w, true);
  w.reasons.push(...part.reasons);
  const regions = u.regions.map((r, k) => {
    if (r.value < -1 || r.value > 1)
      w.reasons.push(`party ${party.id}: region ${k + 1} value ${r.value} is outside [-1, 1]`);
    const why = `party ${party.id} region ${k + 1}`;
    const unless = (r.excludes ?? []).map((box) => conditionsFile(scenario, box, `${why} unless`, w));
    return {
      ...(r.label !== undefined ? { label: r.label } : {}),
      value: w.num(`${base}.regions.${k}.value`, r.value),
      when: conditionsFile(scenario, r.conditions, why, w),
      ...(unless.length > 0 ? { unless } : {}),
    };
  });
  const redLines = u.redLines.map((r) => ({
    id: r.id,
    label: r.label,
    [r.kind]: conditionsFile(scenario, r.conditions, `party ${party.id} red line ${r.id}`, w),
  }));
  if (!inUnit(party.reservationValue)) w.reasons.push(`party ${party.id}: reservation value outside [0, 1]`);
  if (!(party.discountFactor > 0 && party.discountFactor <= 1))
    w.reasons.push(`party ${party.id}: discount factor outside (0, 1]`);
  const p = party.principal;
  // Saliences, when the party has them, are written instead of the weights derived from them.
  const salience = party.salience
    ? Object.fromEntries(
        scenario.space.issues.map((issue, i) => [
          issue.id,
          w.num(`${base}.salience.${issue.id}`, party.salience?.[i] as number),
        ]),
      )
    : undefined;
  return {
    id: party.id,
    label: party.label,
    ...(party.delegation.length > 0 ? { delegation: party.delegation.map((m) => ({ ...m })) } : {}),
    ...(p
      ? {
          principal: {
            name: p.name,
            ...(p.title !== undefined ? { title: p.title } : {}),
            ratificationThreshold: w.num(`${base}.principal.ratificationThreshold`, p.ratificationThreshold),
          },
        }
      : {}),
    reservationValue: w.num(`${base}.reservationValue`, clamp01(party.reservationValue)),
    ...(party.discountFactor !== 1
      ? { discountFactor: w.num(`${base}.discountFactor`, party.discountFactor) }
      : {}),
    ...(party.negotiator !== undefined ? { negotiator: party.negotiator } : {}),
    ...(party.power !== undefined ? { power: w.num(`${base}.power`, party.power) } : {}),
    ...(asWritten && !salience ? { weightsSum: 'asWritten' } : {}),
    ...(salience ? { salience } : { weights: part.weights }),
    evaluators: part.evaluators,
    ...(regions.length > 0 ? { regions } : {}),
    ...(redLines.length > 0 ? { redLines } : {}),
  };
}

/** Reasons a scenario cannot be written as native YAML without changing it (empty when it can). */
export function nativeExportProblems(scenario: Scenario): string[] {
  const w = new Writer(scenario);
  scenarioObject(scenario, w);
  return w.reasons;
}

function scenarioObject(scenario: Scenario, w: Writer): Json {
  if (scenario.parties.length < 2)
    w.reasons.push(
      `the native format needs at least two parties (this scenario has ${scenario.parties.length})`,
    );
  const principalUtility = scenario.parties.some((p) => p.principal?.utility !== undefined);
  if (principalUtility) w.reasons.push('a principal with its own utility function');
  const pr = scenario.protocol;
  // No sitting, or the one default sitting: the file leaves the schedule out (a written `[]` is invalid).
  const single =
    pr.schedule.length === 0 ||
    (pr.schedule.length === 1 && pr.schedule[0]?.label === 'Session' && !pr.schedule[0].start);
  return {
    version: 1,
    id: /^[a-z0-9-]+$/.test(scenario.id)
      ? scenario.id
      : scenario.id.toLowerCase().replace(/[^a-z0-9-]+/g, '-') || 'scenario',
    title: scenario.title,
    ...(scenario.description !== undefined ? { description: scenario.description } : {}),
    ...(scenario.notes !== undefined && scenario.notes.length > 0 ? { notes: [...scenario.notes] } : {}),
    issues: scenario.space.issues.map(issueFile),
    parties: scenario.parties.map((p) => partyFile(scenario, p, w)),
    protocol: {
      type: pr.kind,
      ...(pr.kind === 'mediated' && pr.mediator
        ? {
            mediator: {
              type: pr.mediator.kind,
              stepSize: pr.mediator.stepSize,
              temperature: pr.mediator.temperature,
              patience: pr.mediator.patience,
            },
          }
        : {}),
      order: [...pr.order],
      deadline: {
        rounds: w.num('protocol.deadline.rounds', pr.rounds),
        ...(pr.timeLimitSeconds !== undefined ? { timeSeconds: pr.timeLimitSeconds } : {}),
      },
      ...(single
        ? {}
        : {
            schedule: pr.schedule.map((s, k) => ({
              ...s,
              rounds: w.num(`protocol.schedule.${k}.rounds`, s.rounds),
            })),
          }),
      onVeto: pr.onVeto,
      actionBudgetMs: pr.actionBudgetMs,
      ...(pr.humanTurnSeconds !== undefined ? { humanTurnSeconds: pr.humanTurnSeconds } : {}),
    },
    ...(scenario.forecast ? { forecast: forecastFile(scenario.forecast, w) } : {}),
    ...(scenario.impacts && scenario.impacts.length > 0
      ? { impacts: scenario.impacts.map((m) => impactFile(scenario, m, w)) }
      : {}),
  };
}

/** The `forecast:` section: runs and each party's strategy mix, parameters with their distributions. */
function forecastFile(f: ForecastSettings, w: Writer): Json {
  const negotiators: Record<string, Json> = {};
  for (const [party, options] of Object.entries(f.negotiators)) {
    negotiators[party] = options.map((o) => ({
      negotiator: o.negotiator,
      ...(o.params.length > 0
        ? { params: Object.fromEntries(o.params.map((p) => [p.name, w.num(p.path, p.value)])) }
        : {}),
      probability: o.probability,
      ...(o.judgement !== undefined ? { judgement: o.judgement } : {}),
      ...(o.sources.length > 0 ? { sources: [...o.sources] } : {}),
    }));
  }
  return { ...(f.runs !== undefined ? { runs: f.runs } : {}), negotiators };
}

/** One impact indicator: its provenance, no-deal value, base and per-issue terms. */
function impactFile(scenario: Scenario, m: Impact, w: Writer): Json {
  const path = `impacts.${m.id}`;
  const perIssue: Record<string, Json> = {};
  m.terms.forEach((term, i) => {
    const issue = scenario.space.issues[i] as Issue;
    if (term === null) return;
    const at = `${path}.perIssue.${issue.id}`;
    if (term.kind === 'table' && issue.kind === 'discrete') {
      perIssue[issue.id] = Object.fromEntries(
        issue.values.map((v, k) => [v.id, w.num(`${at}.${v.id}`, term.values[k] as number)]),
      );
    } else if (term.kind === 'linear') {
      perIssue[issue.id] = {
        linear: {
          atMin: w.num(`${at}.linear.atMin`, term.atMin),
          atMax: w.num(`${at}.linear.atMax`, term.atMax),
        },
      };
    }
  });
  return {
    id: m.id,
    label: m.label,
    unit: m.unit,
    ...(m.description !== undefined ? { description: m.description } : {}),
    ...(m.sources.length > 0 ? { sources: [...m.sources] } : {}),
    ...(m.note !== undefined ? { note: m.note } : {}),
    noDeal: w.num(`${path}.noDeal`, m.noDeal),
    ...(m.base !== 0 || w.has(`${path}.base`) ? { base: w.num(`${path}.base`, m.base) } : {}),
    perIssue,
  };
}

/**
 * The scenario as native YAML text. Throws `EXPORT_UNSUPPORTED` (every reason at once) when the
 * native format cannot express it without changing a utility.
 *
 * @example
 * const text = toNativeYaml(loadGeniusFolder('anac2011_Camera').scenario);
 * parseScenarioText(text, 'camera.yaml'); // the same utilities
 */
export function toNativeYaml(scenario: Scenario): string {
  const w = new Writer(scenario);
  const data = scenarioObject(scenario, w);
  if (w.reasons.length > 0) unsupported(scenario, w.reasons);
  const header = `# Lancaster scenario (native format, version 1), exported from ${scenario.id}\n`;
  return header + stringify(data, { lineWidth: 0, aliasDuplicateObjects: false });
}
