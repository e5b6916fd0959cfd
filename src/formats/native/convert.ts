/**
 * Builds the model `Scenario` from a scenario file that has passed every check. Discrete values
 * become their index, ranges their midpoint, `linear { atMin, atMax }` an unclamped line over the
 * engine value, a region's `unless` boxes its `excludes`, and every number of the file that a
 * forecast or sensitivity analysis may vary is listed as a `Parameter` with its path, range and
 * provenance. `weightsSum` needs nothing here: both settings give u = clamp01(Σ…) with the weights
 * as written; it only changes what the semantic checks accept. Nothing here validates: it runs
 * only on files the schema and the semantic checks accepted, so lookups cannot miss.
 */
import type { Issue } from '../../model/issues.ts';
import { OutcomeSpace } from '../../model/outcome-space.ts';
import type { DelegationMember, Party, Principal } from '../../model/party.ts';
import {
  DEFAULT_ACTION_BUDGET_MS,
  type Parameter,
  type ProtocolSettings,
  type Scenario,
  type ScheduledSession,
} from '../../model/scenario.ts';
import {
  type Condition,
  type Evaluator,
  type RedLine,
  type RegionTerm,
  UtilityFunction,
} from '../../model/utility.ts';
import {
  type ConditionsFile,
  type EvaluatorFile,
  type IssueFile,
  type NumberWithProvenance,
  type PartyFile,
  pointValue,
  type ScenarioFile,
} from './schema.ts';

/** Collects parameters and cited sources while the scenario is built. */
class Provenances {
  readonly parameters: Parameter[] = [];

  /** Records `n` as the parameter at `path` and returns its point value. */
  number(path: string, n: NumberWithProvenance): number {
    const value = pointValue(n);
    if (typeof n === 'number') {
      this.parameters.push({ path, value, sources: [] });
      return value;
    }
    this.parameters.push({
      path,
      value,
      sources: n.sources ?? [],
      ...(n.note !== undefined ? { note: n.note } : {}),
      ...(n.judgement !== undefined ? { judgement: n.judgement } : {}),
      ...('range' in n ? { range: [n.range[0], n.range[1]] as const } : {}),
    });
    return value;
  }
}

function toIssue(f: IssueFile): Issue {
  const base = {
    id: f.id,
    label: f.label,
    ...(f.description !== undefined ? { description: f.description } : {}),
  };
  if (f.type === 'discrete') {
    return {
      ...base,
      kind: 'discrete',
      values: f.values.map((v) => ({
        id: v.id,
        label: v.label,
        ...(v.description !== undefined ? { description: v.description } : {}),
      })),
    };
  }
  return { ...base, kind: f.type, min: f.min, max: f.max };
}

function toEvaluator(f: EvaluatorFile, issue: Issue, path: string, prov: Provenances): Evaluator {
  if (issue.kind === 'discrete') {
    const table = f as Record<string, NumberWithProvenance>;
    return {
      kind: 'table',
      values: issue.values.map((v) => prov.number(`${path}.${v.id}`, table[v.id] as NumberWithProvenance)),
    };
  }
  if ('linear' in f && typeof f.linear === 'object' && f.linear !== null && 'atMin' in f.linear) {
    const atMin = prov.number(`${path}.linear.atMin`, f.linear.atMin);
    const atMax = prov.number(`${path}.linear.atMax`, f.linear.atMax);
    // A one-point issue has no slope; its only value gets atMin.
    const slope = issue.max > issue.min ? (atMax - atMin) / (issue.max - issue.min) : 0;
    // intercept + slope·v loses all precision when the range is tiny next to its distance from 0
    // (slope·v huge, or infinite for a subnormal span); the same line as two points stays exact.
    if (
      !Number.isFinite(slope) ||
      Math.abs(slope) * Math.max(Math.abs(issue.min), Math.abs(issue.max)) > 1e6
    ) {
      return { kind: 'piecewise', xs: [issue.min, issue.max], ys: [atMin, atMax] };
    }
    return { kind: 'linear', intercept: atMin - slope * issue.min, slope, clamp: false };
  }
  const points = (f as { piecewise: [number, number][] }).piecewise;
  return {
    kind: 'piecewise',
    xs: points.map(([x]) => x),
    ys: points.map(([, y], k) => prov.number(`${path}.piecewise.${k}.1`, y)),
  };
}

function toConditions(f: ConditionsFile, space: OutcomeSpace): Condition[] {
  return Object.entries(f).map(([issueId, c]) => {
    const i = space.issueIndex(issueId);
    const issue = space.issues[i] as Issue;
    if (Array.isArray(c)) {
      const ids = issue.kind === 'discrete' ? issue.values.map((v) => v.id) : [];
      return { issue: i, values: c.map((id) => ids.indexOf(id)) };
    }
    return {
      issue: i,
      ...(c.min !== undefined ? { min: c.min } : {}),
      ...(c.max !== undefined ? { max: c.max } : {}),
    };
  });
}

function toParty(f: PartyFile, space: OutcomeSpace, prov: Provenances): Party {
  const base = `parties.${f.id}`;
  // Parameters are listed in the order a reader meets them in the documented layout.
  const principal: Principal | undefined = f.principal && {
    name: f.principal.name,
    ...(f.principal.title !== undefined ? { title: f.principal.title } : {}),
    ratificationThreshold: prov.number(
      `${base}.principal.ratificationThreshold`,
      f.principal.ratificationThreshold,
    ),
  };
  const reservationValue = prov.number(`${base}.reservationValue`, f.reservationValue);
  const discountFactor =
    f.discountFactor === undefined ? 1 : prov.number(`${base}.discountFactor`, f.discountFactor);
  const weights = space.issues.map((issue) =>
    prov.number(`${base}.weights.${issue.id}`, f.weights[issue.id] as NumberWithProvenance),
  );
  const evaluators = space.issues.map((issue) =>
    toEvaluator(f.evaluators[issue.id] as EvaluatorFile, issue, `${base}.evaluators.${issue.id}`, prov),
  );
  const regions: RegionTerm[] = (f.regions ?? []).map((r, k) => ({
    value: prov.number(`${base}.regions.${k}.value`, r.value),
    conditions: toConditions(r.when, space),
    ...(r.unless !== undefined && r.unless.length > 0
      ? { excludes: r.unless.map((box) => toConditions(box, space)) }
      : {}),
    ...(r.label !== undefined ? { label: r.label } : {}),
  }));
  const redLines: RedLine[] = (f.redLines ?? []).map((r) => ({
    id: r.id,
    label: r.label,
    kind: 'require' in r ? 'require' : 'forbid',
    conditions: toConditions('require' in r ? r.require : r.forbid, space),
  }));
  const delegation: DelegationMember[] = (f.delegation ?? []).map((m) => ({
    name: m.name,
    role: m.role,
    ...(m.lead !== undefined ? { lead: m.lead } : {}),
  }));
  return {
    id: f.id,
    label: f.label,
    utility: new UtilityFunction(space, { weights, evaluators, regions, redLines }),
    reservationValue,
    discountFactor,
    delegation,
    ...(principal ? { principal } : {}),
    ...(f.negotiator !== undefined ? { negotiator: f.negotiator } : {}),
  };
}

function toProtocol(f: ScenarioFile): ProtocolSettings {
  const p = f.protocol;
  const rounds = p.deadline.rounds;
  const schedule: ScheduledSession[] = (p.schedule ?? [{ label: 'Session', rounds }]).map((s) => ({
    label: s.label,
    rounds: s.rounds,
    ...('start' in s && s.start !== undefined ? { start: s.start } : {}),
    ...('end' in s && s.end !== undefined ? { end: s.end } : {}),
  }));
  return {
    kind: 'saop',
    order: p.order ?? f.parties.map((party) => party.id),
    rounds,
    ...(p.deadline.timeSeconds !== undefined ? { timeLimitSeconds: p.deadline.timeSeconds } : {}),
    schedule,
    onVeto: p.onVeto ?? 'end',
    actionBudgetMs: p.actionBudgetMs ?? DEFAULT_ACTION_BUDGET_MS,
  };
}

/** Every source address under `data`, in document order, first use only. */
function citedSources(data: unknown, into: string[]): string[] {
  if (Array.isArray(data)) for (const item of data) citedSources(item, into);
  else if (typeof data === 'object' && data !== null) {
    for (const [key, value] of Object.entries(data)) {
      if (key === 'sources' && Array.isArray(value)) {
        for (const s of value) if (typeof s === 'string' && !into.includes(s)) into.push(s);
      } else if (key !== 'when' && key !== 'unless' && key !== 'require' && key !== 'forbid') {
        // Conditions are keyed by issue id, so an issue named `sources` must not be read as citations.
        citedSources(value, into);
      }
    }
  }
  return into;
}

/**
 * The model scenario of a valid scenario file. `raw` is the file's data in document order (zod's
 * output orders keys by the schema), used to list sources in the order they are first cited.
 */
export function toScenario(f: ScenarioFile, raw: unknown): Scenario {
  const space = new OutcomeSpace(f.issues.map(toIssue));
  const prov = new Provenances();
  const parties = f.parties.map((p) => toParty(p, space, prov));
  return {
    id: f.id,
    title: f.title,
    ...(f.description !== undefined ? { description: f.description } : {}),
    space,
    parties,
    protocol: toProtocol(f),
    parameters: prov.parameters,
    sources: citedSources(raw, []),
    ...(f.notes !== undefined ? { notes: f.notes } : {}),
  };
}
