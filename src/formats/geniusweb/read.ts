/**
 * GeniusWeb JSON → Lancaster model. A domain file is `{ name, issuesValues }` where each issue
 * has discrete `values` or a numeric `range` (`low`, `high`, `step`); a profile is
 * `{ LinearAdditiveUtilitySpace: { issueUtilities, issueWeights, domain, name, reservationBid } }`
 * with `discreteutils.valueUtilities` or `numberutils` (a line from (lowValue, lowUtility) to
 * (highValue, highUtility), 0 outside it, as GeniusWeb's NumberValueSetUtilities). GeniusWeb has
 * no reservation value, only a reservation bid (the least acceptable bid): its utility becomes the
 * party's reservation value, reported as a warning so the reader knows. Files are told apart by
 * content, never by name. Malformed files become `LancasterError`s with file, line and column.
 */
import { LancasterError, type Problem } from '../../errors.ts';
import type { DiscreteValue, Issue } from '../../model/issues.ts';
import { OutcomeSpace } from '../../model/outcome-space.ts';
import type { Party } from '../../model/party.ts';
import { defaultProtocol, type Parameter, type Scenario } from '../../model/scenario.ts';
import { type Evaluator, UtilityFunction } from '../../model/utility.ts';
import { slugId } from '../genius/read.ts';
import { LineIndex } from '../genius/xml.ts';
import { findJsonSyntaxError } from '../native/json-syntax.ts';
import { differingText } from '../number-text.ts';

/** Largest GeniusWeb numeric range turned into an enumerated issue. */
const MAX_RANGE_VALUES = 1_000_000;

/** A parsed GeniusWeb JSON text with what it is. */
export type GeniusWebFile =
  | { readonly kind: 'domain'; readonly file: string; readonly domain: GeniusWebDomain }
  | { readonly kind: 'profile'; readonly file: string; readonly profile: GeniusWebProfile };

/** A GeniusWeb domain: its name and issues, with the raw value texts for matching. */
export interface GeniusWebDomain {
  readonly name: string;
  readonly issues: readonly {
    readonly name: string;
    readonly raw: readonly string[];
    readonly issue: Issue;
  }[];
}

/** A GeniusWeb linear-additive profile as read (utilities resolved against its own domain). */
export interface GeniusWebProfile {
  readonly name: string;
  readonly domain: GeniusWebDomain;
  readonly json: Record<string, unknown>;
}

type Json = Record<string, unknown>;

function isObj(x: unknown): x is Json {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

class Ctx {
  readonly lines: LineIndex;
  readonly file: string;
  readonly text: string;

  constructor(file: string, text: string) {
    this.file = file;
    this.text = text;
    this.lines = new LineIndex(text);
  }

  /** Position of the first occurrence of `"key"` (JSON.parse keeps no positions). */
  where(key: string | undefined): { line?: number; column?: number } {
    if (key === undefined) return {};
    const i = this.text.indexOf(JSON.stringify(key));
    return i < 0 ? {} : this.lines.at(i);
  }

  fail(key: string | undefined, message: string, expected: string): never {
    throw new LancasterError({
      code: 'GENIUSWEB_FORMAT',
      file: this.file,
      ...this.where(key),
      message,
      expected,
    });
  }
}

/** Reads a number written as a JSON number or a numeric string (GeniusWeb writes BigDecimals both ways). */
function toNumber(x: unknown): number | undefined {
  if (typeof x === 'number' && Number.isFinite(x)) return x;
  if (typeof x === 'string' && x.trim() !== '') {
    const n = Number(x);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

function readDomain(ctx: Ctx, d: unknown): GeniusWebDomain {
  if (!isObj(d) || !isObj(d.issuesValues))
    ctx.fail('issuesValues', 'no issuesValues object', '"issuesValues": { issue: { "values": [...] } }');
  const ids = new Set<string>();
  const issues = Object.entries(d.issuesValues).map(([name, spec]) => {
    const id = slugId(name, `issue_${ids.size + 1}`, ids);
    if (isObj(spec) && Array.isArray(spec.values)) {
      const valueIds = new Set<string>();
      const raw = spec.values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
      if (raw.length === 0) ctx.fail(name, `issue "${name}" has no values`, 'at least one value');
      if (new Set(raw).size !== raw.length)
        ctx.fail(name, `issue "${name}" lists a value twice`, 'unique values');
      const values: DiscreteValue[] = raw.map((r, k) => ({
        id: slugId(r, `v${k + 1}`, valueIds, true),
        label: r,
      }));
      return { name, raw, issue: { kind: 'discrete', id, label: name, values } as Issue };
    }
    if (isObj(spec) && isObj(spec.range)) {
      const low = toNumber(spec.range.low);
      const high = toNumber(spec.range.high);
      const step = toNumber(spec.range.step);
      if (low === undefined || high === undefined || step === undefined || step <= 0 || high < low) {
        ctx.fail(
          name,
          `issue "${name}" has an invalid range`,
          'range { low, high, step } with low <= high and step > 0',
        );
      }
      const count = Math.floor((high - low) / step + 1e-9) + 1;
      if (count > MAX_RANGE_VALUES)
        ctx.fail(name, `issue "${name}" has ${count} values`, `at most ${MAX_RANGE_VALUES} values`);
      if (Number.isInteger(low) && Number.isInteger(high) && step === 1) {
        return { name, raw: [], issue: { kind: 'integer', id, label: name, min: low, max: high } as Issue };
      }
      // A stepped range is a finite set of numbers: a discrete issue whose values are the numbers.
      const valueIds = new Set<string>();
      const raw = Array.from({ length: count }, (_, k) => String(low + k * step));
      const values = raw.map((r, k) => ({ id: slugId(r, `v${k + 1}`, valueIds, true), label: r }));
      return { name, raw, issue: { kind: 'discrete', id, label: name, values } as Issue };
    }
    return ctx.fail(
      name,
      `issue "${name}" has neither values nor range`,
      '"values": [...] or "range": { low, high, step }',
    );
  });
  if (issues.length === 0) ctx.fail('issuesValues', 'the domain has no issues', 'at least one issue');
  return { name: typeof d.name === 'string' ? d.name : '', issues };
}

/**
 * Parses a GeniusWeb JSON text (domain or linear-additive profile).
 *
 * @example
 * const f = parseGeniusWebText(text, 'flightbooking1.json');
 * if (f.kind === 'profile') f.profile.domain.issues.length; // 3
 */
export function parseGeniusWebText(text: string, file: string): GeniusWebFile {
  const ctx = new Ctx(file, text);
  const syntax = findJsonSyntaxError(text);
  if (syntax) {
    throw new LancasterError({
      code: 'JSON_SYNTAX',
      file,
      ...ctx.lines.at(syntax.offset),
      message: syntax.message,
    });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new LancasterError({
      code: 'JSON_SYNTAX',
      file,
      line: 1,
      column: 1,
      message: (e as Error).message,
    });
  }
  if (isObj(data) && isObj(data.issuesValues)) return { kind: 'domain', file, domain: readDomain(ctx, data) };
  if (isObj(data) && isObj(data.LinearAdditiveUtilitySpace)) {
    const p = data.LinearAdditiveUtilitySpace;
    return {
      kind: 'profile',
      file,
      profile: { name: typeof p.name === 'string' ? p.name : '', domain: readDomain(ctx, p.domain), json: p },
    };
  }
  const key = isObj(data) ? Object.keys(data)[0] : undefined;
  return ctx.fail(
    key,
    key
      ? `"${key}" is not a GeniusWeb domain or a LinearAdditiveUtilitySpace profile`
      : 'not a GeniusWeb object',
    'a GeniusWeb domain ({ name, issuesValues }) or { "LinearAdditiveUtilitySpace": {...} }',
  );
}

/** Builds a party from a profile over `domain` (which must have the profile's issues). */
function profileParty(
  ctx: Ctx,
  profile: GeniusWebProfile,
  domain: GeniusWebDomain,
  space: OutcomeSpace,
  id: string,
  warnings: Problem[],
  parameters: Parameter[],
): Party {
  const p = profile.json;
  const utils = isObj(p.issueUtilities)
    ? p.issueUtilities
    : ctx.fail('issueUtilities', 'no issueUtilities', '"issueUtilities": { issue: {...} }');
  const weightsJ = isObj(p.issueWeights)
    ? p.issueWeights
    : ctx.fail('issueWeights', 'no issueWeights', '"issueWeights": { issue: number }');
  const weights = domain.issues.map((gi) => {
    const w = toNumber(weightsJ[gi.name]);
    if (w === undefined)
      ctx.fail(gi.name, `no numeric weight for issue "${gi.name}"`, 'a weight for every issue');
    return w;
  });
  const evaluators = domain.issues.map((gi): Evaluator => {
    const u = utils[gi.name];
    if (isObj(u) && isObj(u.discreteutils) && isObj(u.discreteutils.valueUtilities)) {
      const vu = u.discreteutils.valueUtilities;
      return {
        kind: 'table',
        values: gi.raw.map((r) => {
          const x = toNumber(vu[r]);
          if (x === undefined)
            ctx.fail(r, `no utility for value "${r}" of issue "${gi.name}"`, 'a number for every value');
          return x;
        }),
      };
    }
    if (isObj(u) && isObj(u.numberutils)) {
      const n = u.numberutils;
      const lv = toNumber(n.lowValue);
      const lu = toNumber(n.lowUtility);
      const hv = toNumber(n.highValue);
      const hu = toNumber(n.highUtility);
      if (lv === undefined || lu === undefined || hv === undefined || hu === undefined) {
        ctx.fail(
          gi.name,
          `numberutils of issue "${gi.name}" need lowValue, lowUtility, highValue, highUtility`,
          'four numbers',
        );
      }
      const at = (x: number) =>
        x < lv || x > hv ? 0 : hv === lv ? lu : lu + ((hu - lu) * (x - lv)) / (hv - lv);
      const issue = gi.issue;
      const xs =
        issue.kind === 'integer'
          ? Array.from({ length: issue.max - issue.min + 1 }, (_, d) => issue.min + d)
          : gi.raw.map(Number);
      return { kind: 'table', values: xs.map(at) };
    }
    return ctx.fail(
      gi.name,
      `issue "${gi.name}" has no discreteutils or numberutils`,
      'a utility for every issue',
    );
  });
  const utility = new UtilityFunction(space, { weights, evaluators });
  const sum = weights.reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 1) > 1e-9) {
    warnings.push({
      code: 'GENIUS_QUIRK',
      severity: 'warning',
      file: ctx.file,
      ...ctx.where('issueWeights'),
      message: `weights sum to ${differingText(sum, 1)}, not 1: taken as written, the total utility capped at 1`,
    });
  }
  let reservationValue = 0;
  const bid =
    isObj(p.reservationBid) && isObj(p.reservationBid.issuevalues) ? p.reservationBid.issuevalues : undefined;
  if (bid) {
    const outcome = domain.issues.map((gi, i) => {
      const v = bid[gi.name];
      const issue = gi.issue;
      if (issue.kind === 'discrete') {
        const k = gi.raw.indexOf(typeof v === 'string' ? v : JSON.stringify(v));
        if (k < 0)
          ctx.fail(
            'reservationBid',
            `reservation bid value of "${gi.name}" is not in the domain`,
            'a domain value',
          );
        return k;
      }
      const x = toNumber(v);
      if (x === undefined || x < issue.min || x > issue.max || !Number.isInteger(x)) {
        ctx.fail(
          'reservationBid',
          `reservation bid value of "${gi.name}" is not in the domain`,
          `an integer in [${issue.min}, ${issue.max}]`,
        );
      }
      void i;
      return x;
    });
    reservationValue = utility.evaluate(outcome);
    warnings.push({
      code: 'GENIUS_QUIRK',
      severity: 'warning',
      file: ctx.file,
      ...ctx.where('reservationBid'),
      message: `GeniusWeb gives a reservation bid, not a value: its utility ${Number(reservationValue.toPrecision(10))} is the reservation value`,
    });
  } else {
    warnings.push({
      code: 'GENIUS_QUIRK',
      severity: 'warning',
      file: ctx.file,
      message: 'no reservationBid: reservation value 0',
    });
  }
  parameters.push({ path: `parties.${id}.reservationValue`, value: reservationValue, sources: [ctx.file] });
  domain.issues.forEach((gi, i) => {
    parameters.push({
      path: `parties.${id}.weights.${gi.issue.id}`,
      value: weights[i] as number,
      sources: [ctx.file],
    });
  });
  return { id, label: profile.name || id, utility, reservationValue, discountFactor: 1, delegation: [] };
}

/** One GeniusWeb file with its text, for building a scenario. */
export interface GeniusWebInput {
  readonly file: string;
  readonly text: string;
  readonly parsed: GeniusWebFile;
}

function sameIssues(a: GeniusWebDomain, b: GeniusWebDomain): boolean {
  return (
    a.issues.length === b.issues.length &&
    a.issues.every((x, i) => {
      const y = b.issues[i];
      return (
        y !== undefined &&
        y.name === x.name &&
        y.raw.join('\u0000') === x.raw.join('\u0000') &&
        y.issue.kind === x.issue.kind
      );
    })
  );
}

/**
 * Builds a scenario from GeniusWeb profiles (sorted by the caller), over the first profile's
 * domain (or `domain` when given); every profile must have the same issues.
 */
export function geniusWebScenario(
  id: string,
  title: string,
  profiles: readonly GeniusWebInput[],
  rounds: number,
  domainInput?: GeniusWebInput,
): { scenario: Scenario; warnings: Problem[] } {
  const first = profiles[0];
  if (first?.parsed.kind !== 'profile') {
    throw new LancasterError({
      code: 'GENIUSWEB_FORMAT',
      file: domainInput?.file ?? title,
      message: 'no GeniusWeb profile to build parties from',
      expected: 'at least one LinearAdditiveUtilitySpace profile next to the domain',
    });
  }
  const domain =
    domainInput?.parsed.kind === 'domain' ? domainInput.parsed.domain : first.parsed.profile.domain;
  const space = new OutcomeSpace(domain.issues.map((gi) => gi.issue));
  const warnings: Problem[] = [];
  const parameters: Parameter[] = [];
  const taken = new Set<string>();
  const parties = profiles.map((input) => {
    const ctx = new Ctx(input.file, input.text);
    if (input.parsed.kind !== 'profile')
      return ctx.fail(undefined, 'not a profile', 'a LinearAdditiveUtilitySpace');
    if (!sameIssues(input.parsed.profile.domain, domain)) {
      ctx.fail(
        'domain',
        "the profile's domain differs from the scenario's domain",
        'the same issues and values in every profile',
      );
    }
    const stem = input.file.replace(/^.*[\\/]/, '').replace(/\.json$/i, '');
    const pid = slugId(stem, 'party', taken, true);
    return profileParty(ctx, input.parsed.profile, domain, space, pid, warnings, parameters);
  });
  return {
    scenario: {
      id,
      title,
      space,
      parties,
      protocol: defaultProtocol(
        parties.map((p) => p.id),
        rounds,
      ),
      parameters,
      sources: [...(domainInput ? [domainInput.file] : []), ...profiles.map((p) => p.file)],
      notes: ['Imported from GeniusWeb JSON; reservation values are the utilities of the reservation bids.'],
    },
    warnings,
  };
}
