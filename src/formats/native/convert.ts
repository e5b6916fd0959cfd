/**
 * Builds the model `Scenario` from a scenario file that has passed every check. Discrete values
 * become their index, ranges their midpoint, `linear { atMin, atMax }` an unclamped line over the
 * engine value, a region's `unless` boxes its `excludes`, and every number of the file that a
 * forecast or sensitivity analysis may vary is listed as a `Parameter` with its path, range and
 * provenance. `weightsSum` needs nothing here: both settings give u = clamp01(Σ…) with the weights
 * as written; it only changes what the semantic checks accept. Nothing here validates: it runs
 * only on files the schema and the semantic checks accepted, so lookups cannot miss.
 */
import { swingEnds } from '../../model/distribution.ts';
import type { Impact, ImpactTerm } from '../../model/impact.ts';
import type { Issue } from '../../model/issues.ts';
import { OutcomeSpace } from '../../model/outcome-space.ts';
import type { DelegationMember, Party, Principal } from '../../model/party.ts';
import {
  DEFAULT_ACTION_BUDGET_MS,
  DEFAULT_MEDIATOR,
  type ForecastSettings,
  mediatorSettings,
  type Parameter,
  type ProtocolSettings,
  type Scenario,
  type ScheduledSession,
  type StrategyOption,
} from '../../model/scenario.ts';
import {
  type Condition,
  type Evaluator,
  type RedLine,
  type RegionTerm,
  UtilityFunction,
} from '../../model/utility.ts';
import { holdsNoObject } from './plain-tables.ts';
import type {
  Bounds,
  ConditionsFile,
  EvaluatorFile,
  ImpactFile,
  IssueFile,
  NumberWithProvenance,
  PartyFile,
  ScenarioFile,
  StrategyOptionFile,
} from './schema.ts';
import { distributionOf, pointValue, ROUNDS_BOUNDS } from './schema-values.ts';

/** Bounds of the fields, for the truncation of normals and the swing ends. */
const UNIT: Bounds = { min: 0, max: 1 };
const FREE: Bounds = {};
const REGION: Bounds = { min: -1, max: 1 };
const DISCOUNT: Bounds = { min: 0, max: 1, minExclusive: true };

/** What a parameter keeps from its file entry whatever the run's values: provenance and distribution. */
interface FixedPart {
  readonly point: number;
  readonly parameter: Omit<Parameter, 'path' | 'value'>;
}

/**
 * The fixed part of each number, computed once per parsed file entry: a forecast builds thousands
 * of variants from the same parsed file, and a normal's swing ends cost two quantiles.
 */
const fixedParts = new WeakMap<object, FixedPart>();

function fixedPart(n: NumberWithProvenance, bounds: Bounds, integer: boolean): FixedPart {
  if (typeof n === 'number') {
    return {
      point: integer ? Math.round(n) : n,
      parameter: integer ? { sources: [], integer } : { sources: [] },
    };
  }
  let f = fixedParts.get(n);
  if (f === undefined) {
    const distribution = distributionOf(n, bounds);
    const point = pointValue(n);
    f = {
      point: integer ? Math.round(point) : point,
      parameter: {
        sources: n.sources ?? [],
        ...(n.note !== undefined ? { note: n.note } : {}),
        ...(n.judgement !== undefined ? { judgement: n.judgement } : {}),
        ...(distribution !== undefined ? { range: swingEnds(distribution), distribution } : {}),
        ...(integer ? { integer } : {}),
      },
    };
    fixedParts.set(n, f);
  }
  return f;
}

/** The sources of a bare number: none, one shared empty list for every entry of a large table. */
const NO_SOURCES: readonly string[] = Object.freeze([]);

/**
 * A file's parameters at point values and the position of each by path. Every build of a file
 * meets its numbers in the same order, whatever the values (which numbers are parameters depends
 * on the file alone), so the build of a forecast run finds its values by position instead of
 * looking up every path it meets, and keeps the point build's record of each number it leaves as is.
 */
interface PointParameters {
  readonly parameters: readonly Parameter[];
  readonly positions: ReadonlyMap<string, number>;
}

/**
 * Collects parameters while the scenario is built, and applies the values of a forecast run:
 * a parameter whose path is in `values` takes that value instead of its point value.
 */
class Provenances {
  readonly parameters: Parameter[] = [];
  /** By position, the value given for the parameter, or undefined; none when no value is given. */
  private readonly given: readonly (number | undefined)[] | undefined;
  private readonly point: readonly Parameter[] | undefined;
  /** How many numbers met so far took a given value. */
  overrides = 0;

  constructor(values: ReadonlyMap<string, number> | undefined, point: PointParameters | undefined) {
    if (values === undefined || values.size === 0 || point === undefined) return;
    const given = new Array<number | undefined>(point.parameters.length);
    for (const [path, value] of values) {
      const k = point.positions.get(path);
      if (k !== undefined) given[k] = value;
    }
    this.given = given;
    this.point = point.parameters;
  }

  /** Records `n` as the parameter at `path` and returns the value used (point value or given value). */
  number(path: string, n: NumberWithProvenance, bounds: Bounds, integer = false): number {
    const k = this.parameters.length;
    const given = this.given?.[k];
    if (given === undefined && this.point !== undefined) {
      // At its point value: the same record as the point build's.
      const kept = this.point[k] as Parameter;
      this.parameters.push(kept);
      return kept.value;
    }
    if (given !== undefined) this.overrides++;
    if (typeof n === 'number' && !integer) {
      // The common case (a bare number, as in every entry of a large table), without the copies.
      const value = given ?? n;
      this.parameters.push({ path, value, sources: NO_SOURCES });
      return value;
    }
    const fixed = fixedPart(n, bounds, integer);
    const value = given === undefined ? fixed.point : integer ? Math.round(given) : given;
    this.parameters.push({ path, value, ...fixed.parameter });
    return value;
  }

  /** Replaces the recorded value of the parameter at position `k` (after renormalisation). */
  setValue(k: number, value: number): void {
    this.parameters[k] = { ...(this.parameters[k] as Parameter), value };
  }
}

function toIssue(f: IssueFile): Issue {
  const base = {
    id: f.id,
    label: f.label,
    ...(f.description !== undefined ? { description: f.description } : {}),
  };
  if (f.type === 'discrete') {
    const statusQuo = f.statusQuo === undefined ? -1 : f.values.findIndex((v) => v.id === f.statusQuo);
    return {
      ...base,
      kind: 'discrete',
      // Two literals rather than a spread of an optional part: an issue may have 200,000 values.
      values: f.values.map((v) =>
        v.description !== undefined
          ? { id: v.id, label: v.label, description: v.description }
          : { id: v.id, label: v.label },
      ),
      ...(statusQuo >= 0 ? { statusQuo } : {}),
    };
  }
  return {
    ...base,
    kind: f.type,
    min: f.min,
    max: f.max,
    ...(f.statusQuo !== undefined ? { statusQuo: f.statusQuo } : {}),
    ...(f.scale !== undefined ? { scale: f.scale.map((p) => ({ at: p.at, label: p.label })) } : {}),
  };
}

/** A discrete issue's table by value id, as numbers in value order, each recorded at `path.<value id>`. */
function tableOf(
  table: Record<string, NumberWithProvenance>,
  issue: Issue & { kind: 'discrete' },
  path: string,
  prov: Provenances,
  bounds: Bounds,
): number[] {
  return issue.values.map((v) => prov.number(`${path}.${v.id}`, table[v.id] as NumberWithProvenance, bounds));
}

function toEvaluator(
  f: EvaluatorFile,
  issue: Issue,
  path: string,
  prov: Provenances,
  bounds: Bounds,
): Evaluator {
  if (issue.kind === 'discrete') {
    return {
      kind: 'table',
      values: tableOf(f as Record<string, NumberWithProvenance>, issue, path, prov, bounds),
    };
  }
  if ('linear' in f && typeof f.linear === 'object' && f.linear !== null && 'atMin' in f.linear) {
    const atMin = prov.number(`${path}.linear.atMin`, f.linear.atMin, bounds);
    const atMax = prov.number(`${path}.linear.atMax`, f.linear.atMax, bounds);
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
  if ('peak' in f && typeof f.peak === 'object' && f.peak !== null && 'at' in f.peak) {
    const at = prov.number(`${path}.peak.at`, f.peak.at, { min: issue.min, max: issue.max });
    return peakEvaluator(issue, at);
  }
  const points = (f as { piecewise: [number, NumberWithProvenance][] }).piecewise;
  return {
    kind: 'piecewise',
    xs: points.map(([x]) => x),
    ys: points.map(([, y], k) => prov.number(`${path}.piecewise.${k}.1`, y, bounds)),
  };
}

/**
 * The single-peaked evaluator 1 − |x − at| / (max − min) as the piecewise line it is (a one-point
 * issue: 1 everywhere). Written as piecewise so that everything that reads evaluators (bid spaces,
 * grids of real issues, exports) knows it already; the peak is the point with the largest y.
 */
export function peakEvaluator(issue: { readonly min: number; readonly max: number }, at: number): Evaluator {
  const span = issue.max - issue.min;
  if (!(span > 0)) return { kind: 'piecewise', xs: [issue.min, issue.max], ys: [1, 1] };
  const xs = [issue.min, at, issue.max].filter((x, k, all) => k === 0 || x > (all[k - 1] as number));
  return { kind: 'piecewise', xs, ys: xs.map((x) => 1 - Math.abs(x - at) / span) };
}

/** A discrete issue's value indices by id, built once per issue (conditions may list thousands of values). */
const valueIndexCache = new WeakMap<Issue, ReadonlyMap<string, number>>();

function valueIndex(issue: Issue): ReadonlyMap<string, number> {
  let index = valueIndexCache.get(issue);
  if (index === undefined) {
    index = new Map(issue.kind === 'discrete' ? issue.values.map((v, d) => [v.id, d]) : []);
    valueIndexCache.set(issue, index);
  }
  return index;
}

/**
 * What a build makes of the parts of a file that no value can change (conditions, red lines, the
 * delegation), per outcome space and file entry: the variants of a forecast share them, and so
 * does what is cached by them (the outcomes inside a box, see `UtilityFunction`).
 */
const unchanging = new WeakMap<OutcomeSpace, WeakMap<object, unknown>>();

/** `make()` the first time `entry` is built in `space`, the same object afterwards. */
function once<T>(space: OutcomeSpace, entry: object, make: () => T): T {
  let built = unchanging.get(space);
  if (built === undefined) {
    built = new WeakMap();
    unchanging.set(space, built);
  }
  let value = built.get(entry) as T | undefined;
  if (value === undefined) {
    value = make();
    built.set(entry, value);
  }
  return value;
}

function toConditions(f: ConditionsFile, space: OutcomeSpace): readonly Condition[] {
  return once(space, f, () => conditionsOf(f, space));
}

function conditionsOf(f: ConditionsFile, space: OutcomeSpace): Condition[] {
  return Object.entries(f).map(([issueId, c]) => {
    const i = space.issueIndex(issueId);
    const issue = space.issues[i] as Issue;
    if (Array.isArray(c)) {
      const ids = valueIndex(issue);
      return { issue: i, values: c.map((id) => ids.get(id) ?? -1) };
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
      UNIT,
    ),
  };
  const reservationValue = prov.number(`${base}.reservationValue`, f.reservationValue, UNIT);
  const discountFactor =
    f.discountFactor === undefined ? 1 : prov.number(`${base}.discountFactor`, f.discountFactor, DISCOUNT);
  const power = f.power === undefined ? undefined : prov.number(`${base}.power`, f.power, UNIT);
  let salience: number[] | undefined;
  let weights: number[];
  const firstWeight = prov.parameters.length;
  const overridesBefore = prov.overrides;
  if (f.salience !== undefined) {
    const given = f.salience;
    const drawn = space.issues.map((issue) =>
      prov.number(`${base}.salience.${issue.id}`, given[issue.id] as NumberWithProvenance, UNIT),
    );
    // A drawn set may sum to 0 (every salience drawn at 0): the party then cares equally about all.
    const sum = drawn.reduce((a, b) => a + b, 0);
    weights = drawn.map((x) => (sum > 0 ? x / sum : 1 / drawn.length));
    salience = drawn;
  } else {
    const given = f.weights ?? {};
    weights = space.issues.map((issue) =>
      prov.number(`${base}.weights.${issue.id}`, given[issue.id] as NumberWithProvenance, UNIT),
    );
  }
  const reweighted = f.salience === undefined && prov.overrides > overridesBefore;
  const asWritten = f.weightsSum === 'asWritten';
  if (reweighted && !asWritten) {
    // Weights drawn one by one no longer sum to 1; dividing by their sum keeps their proportions.
    const sum = weights.reduce((a, b) => a + b, 0);
    if (sum > 0) {
      for (let k = 0; k < weights.length; k++) {
        weights[k] = (weights[k] as number) / sum;
        prov.setValue(firstWeight + k, weights[k] as number);
      }
    }
  }
  const evaluatorBounds = asWritten ? FREE : UNIT;
  const evaluators = space.issues.map((issue) =>
    toEvaluator(
      f.evaluators[issue.id] as EvaluatorFile,
      issue,
      `${base}.evaluators.${issue.id}`,
      prov,
      evaluatorBounds,
    ),
  );
  const regions: RegionTerm[] = (f.regions ?? []).map((r, k) => ({
    value: prov.number(`${base}.regions.${k}.value`, r.value, REGION),
    conditions: toConditions(r.when, space),
    ...(r.unless !== undefined && r.unless.length > 0
      ? { excludes: r.unless.map((box) => toConditions(box, space)) }
      : {}),
    ...(r.label !== undefined ? { label: r.label } : {}),
  }));
  const { redLines, delegation } = once(space, f, () => ({
    redLines: (f.redLines ?? []).map(
      (r): RedLine => ({
        id: r.id,
        label: r.label,
        kind: 'require' in r ? 'require' : 'forbid',
        conditions: toConditions('require' in r ? r.require : r.forbid, space),
      }),
    ),
    delegation: (f.delegation ?? []).map(
      (m): DelegationMember => ({
        name: m.name,
        role: m.role,
        ...(m.lead !== undefined ? { lead: m.lead } : {}),
      }),
    ),
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
    ...(power !== undefined ? { power } : {}),
    ...(salience !== undefined ? { salience } : {}),
  };
}

function toProtocol(f: ScenarioFile, prov: Provenances): ProtocolSettings {
  const p = f.protocol;
  // A count written as a bare number is a plain setting, as it always was; written with
  // provenance or a distribution, it is a parameter like any other number.
  const count = (path: string, n: NumberWithProvenance) =>
    typeof n === 'number' ? n : prov.number(path, n, ROUNDS_BOUNDS, true);
  const deadline = count('protocol.deadline.rounds', p.deadline.rounds);
  const sittings = p.schedule?.map(
    (s, k): ScheduledSession => ({
      label: s.label,
      rounds: count(`protocol.schedule.${k}.rounds`, s.rounds),
      ...(s.start !== undefined ? { start: s.start } : {}),
      ...(s.end !== undefined ? { end: s.end } : {}),
    }),
  );
  // With sittings the deadline is their sum, which sampled sittings move.
  const rounds = sittings ? sittings.reduce((sum, s) => sum + s.rounds, 0) : deadline;
  const mediator = p.mediator;
  return {
    kind: p.type,
    ...(p.type === 'mediated'
      ? {
          mediator: mediatorSettings({
            kind: mediator?.type ?? DEFAULT_MEDIATOR.kind,
            ...(mediator?.stepSize !== undefined ? { stepSize: mediator.stepSize } : {}),
            ...(mediator?.temperature !== undefined ? { temperature: mediator.temperature } : {}),
            ...(mediator?.patience !== undefined ? { patience: mediator.patience } : {}),
          }),
        }
      : {}),
    order: p.order ?? f.parties.map((party) => party.id),
    rounds,
    ...(p.deadline.timeSeconds !== undefined ? { timeLimitSeconds: p.deadline.timeSeconds } : {}),
    schedule: sittings ?? [{ label: 'Session', rounds }],
    onVeto: p.onVeto ?? 'end',
    actionBudgetMs: p.actionBudgetMs ?? DEFAULT_ACTION_BUDGET_MS,
    ...(p.humanTurnSeconds !== undefined ? { humanTurnSeconds: p.humanTurnSeconds } : {}),
  };
}

function toForecast(f: NonNullable<ScenarioFile['forecast']>, prov: Provenances): ForecastSettings {
  const negotiators: Record<string, readonly StrategyOption[]> = {};
  for (const [party, options] of Object.entries(f.negotiators ?? {})) {
    negotiators[party] = options.map(
      (o: StrategyOptionFile, k): StrategyOption => ({
        negotiator: o.negotiator,
        params: Object.entries(o.params ?? {}).map(([name, n]) => {
          const path = `forecast.negotiators.${party}.${k}.params.${name}`;
          return { name, path, value: prov.number(path, n, FREE) };
        }),
        probability: o.probability,
        ...(o.judgement !== undefined ? { judgement: o.judgement } : {}),
        sources: o.sources ?? [],
      }),
    );
  }
  return { ...(f.runs !== undefined ? { runs: f.runs } : {}), negotiators };
}

function toImpact(f: ImpactFile, space: OutcomeSpace, prov: Provenances): Impact {
  const base = `impacts.${f.id}`;
  const noDeal = prov.number(`${base}.noDeal`, f.noDeal, FREE);
  const baseValue = f.base === undefined ? 0 : prov.number(`${base}.base`, f.base, FREE);
  const terms = space.issues.map((issue): ImpactTerm => {
    const term = f.perIssue[issue.id];
    if (term === undefined) return null;
    const path = `${base}.perIssue.${issue.id}`;
    if (issue.kind === 'discrete') {
      return {
        kind: 'table',
        values: tableOf(term as Record<string, NumberWithProvenance>, issue, path, prov, FREE),
      };
    }
    const line = (term as { linear: { atMin: NumberWithProvenance; atMax: NumberWithProvenance } }).linear;
    return {
      kind: 'linear',
      atMin: prov.number(`${path}.linear.atMin`, line.atMin, FREE),
      atMax: prov.number(`${path}.linear.atMax`, line.atMax, FREE),
    };
  });
  return {
    id: f.id,
    label: f.label,
    unit: f.unit,
    ...(f.description !== undefined ? { description: f.description } : {}),
    sources: f.sources ?? [],
    ...(f.note !== undefined ? { note: f.note } : {}),
    noDeal,
    base: baseValue,
    terms,
  };
}

/** Every source address under `data`, in document order, first use only. */
function citedSources(data: unknown, into: Set<string>): Set<string> {
  // A table of numbers or a plain value list that the checks saw holds no sources.
  if (typeof data === 'object' && data !== null && holdsNoObject(data)) return into;
  if (Array.isArray(data)) {
    for (const item of data) if (typeof item === 'object' && item !== null) citedSources(item, into);
  } else if (typeof data === 'object' && data !== null) {
    const record = data as Record<string, unknown>;
    // for…in, not Object.entries: a table of 200,000 evaluations should not be copied to be read.
    for (const key in record) {
      const value = record[key];
      if (typeof value !== 'object' || value === null) continue;
      if (key === 'sources' && Array.isArray(value)) {
        for (const s of value) if (typeof s === 'string') into.add(s);
      } else if (key !== 'when' && key !== 'unless' && key !== 'require' && key !== 'forbid') {
        // Conditions are keyed by issue id, so an issue named `sources` must not be read as citations.
        citedSources(value, into);
      }
    }
  }
  return into;
}

const spaces = new WeakMap<ScenarioFile, OutcomeSpace>();
const sourcesCache = new WeakMap<object, readonly string[]>();

/** `citedSources` of `raw`, computed once per data object (a forecast builds from one object many times). */
function sourcesOf(raw: unknown): readonly string[] {
  if (typeof raw !== 'object' || raw === null) return [];
  let s = sourcesCache.get(raw);
  if (s === undefined) {
    s = [...citedSources(raw, new Set())];
    sourcesCache.set(raw, s);
  }
  return s;
}

const pointParameterCache = new WeakMap<ScenarioFile, PointParameters>();

/** The parameters of `f` at point values, by position and path (see `PointParameters`). */
function pointParametersOf(f: ScenarioFile, raw: unknown): PointParameters {
  let point = pointParameterCache.get(f);
  if (point === undefined) {
    const parameters = toScenario(f, raw).parameters;
    point = { parameters, positions: new Map(parameters.map((p, k) => [p.path, k])) };
    pointParameterCache.set(f, point);
  }
  return point;
}

/**
 * The model scenario of a valid scenario file. `raw` is the file's data in document order (zod's
 * output orders keys by the schema), used to list sources in the order they are first cited.
 * `values` (a forecast run's draws, by parameter path) replaces the point values of those
 * parameters: counts of rounds are rounded, and a party with an overridden weight (unless
 * `weightsSum: asWritten`) gets its weights divided by their sum. Parameters are listed parties
 * first, then the protocol, the forecast's negotiator params and the impacts.
 */
export function toScenario(f: ScenarioFile, raw: unknown, values?: ReadonlyMap<string, number>): Scenario {
  // Issues are never uncertain: every build of one parsed file shares its outcome space.
  let space = spaces.get(f);
  if (space === undefined) {
    space = new OutcomeSpace(f.issues.map(toIssue));
    spaces.set(f, space);
  }
  const point = values !== undefined && values.size > 0 ? pointParametersOf(f, raw) : undefined;
  const prov = new Provenances(values, point);
  const parties = f.parties.map((p) => toParty(p, space, prov));
  const protocol = toProtocol(f, prov);
  const forecast = f.forecast === undefined ? undefined : toForecast(f.forecast, prov);
  const impacts = f.impacts?.map((impact) => toImpact(impact, space, prov));
  return {
    id: f.id,
    title: f.title,
    ...(f.description !== undefined ? { description: f.description } : {}),
    space,
    parties,
    protocol,
    parameters: prov.parameters,
    sources: sourcesOf(raw),
    ...(f.notes !== undefined ? { notes: f.notes } : {}),
    ...(forecast !== undefined ? { forecast } : {}),
    ...(impacts !== undefined ? { impacts } : {}),
    ...(f.status !== undefined ? { status: f.status } : {}),
    ...(f.todos !== undefined
      ? {
          todos: f.todos.map((t) => ({
            id: t.id,
            kind: t.kind,
            task: t.task,
            paths: t.paths ?? [],
            done: t.done ?? false,
          })),
        }
      : {}),
  };
}
