/**
 * Acceptance conditions, the "A" of the BOA framework: when to accept the offer on the table.
 * AC_next(a, b) accepts when `a · u(offer) + b >= u(my next bid)`, AC_const(c) when
 * `u(offer) >= c`, AC_time(t) once the normalised time reaches t; `any(...)` and `all(...)`
 * combine them. In specs they are written `next(a=1,b=0)`, `const(c=0.8)`, `time(t=0.98)`,
 * `any(next,const(c=0.8))`.
 *
 * Every condition sits behind a **rational floor**: whatever the condition says, a negotiator
 * never accepts an offer that crosses one of its own red lines or is worth less to it than its
 * reservation value (no deal is better than that). Utilities compared by a condition are the
 * party's *discounted* utilities at the current time when its discount factor is below 1 (GENIUS
 * semantics, `u · d^t`); the floor compares `u · d^t` with the reservation value discounted the
 * same way, which is the same as comparing the undiscounted numbers.
 */
import { LancasterError } from '../errors.ts';
import type { Outcome } from '../model/outcome-space.ts';
import type { Party } from '../model/party.ts';
import { discounted } from '../model/utility.ts';
import { isPositionalKey, positionalParams } from './spec.ts';
import type { NegotiatorParams, ParamValue } from './types.ts';

/** What a condition looks at: the time and the (discounted) utilities of the offer and of my next bid. */
export interface AcceptanceInput {
  readonly t: number;
  readonly offerUtility: number;
  /** Utility of the bid this negotiator would make now; null when it has nothing to propose. */
  readonly nextBidUtility: number | null;
}

/** An acceptance condition: true means accept (subject to the rational floor). */
export type AcceptanceCondition = (input: AcceptanceInput) => boolean;

/** AC_next: accept when `a · u(offer) + b >= u(next bid)`; with no next bid, accept. */
export function acNext(a = 1, b = 0): AcceptanceCondition {
  return ({ offerUtility, nextBidUtility }) =>
    nextBidUtility === null || a * offerUtility + b >= nextBidUtility;
}

/** AC_const: accept when `u(offer) >= c`. */
export function acConst(c: number): AcceptanceCondition {
  return ({ offerUtility }) => offerUtility >= c;
}

/** AC_time: accept anything (above the floor) once the normalised time reaches `t`. */
export function acTime(t: number): AcceptanceCondition {
  return (input) => input.t >= t;
}

/** Accept when any of the conditions does. */
export function acAny(...conditions: AcceptanceCondition[]): AcceptanceCondition {
  return (input) => conditions.some((c) => c(input));
}

/** Accept when all of the conditions do. */
export function acAll(...conditions: AcceptanceCondition[]): AcceptanceCondition {
  return (input) => conditions.every((c) => c(input));
}

/** The acceptance conditions a spec can name, with their parameters, for `lancaster negotiators`. */
export const ACCEPTANCE_CONDITIONS: readonly { name: string; doc: string }[] = [
  { name: 'next', doc: 'next(a=1,b=0): accept when a·u(offer) + b >= u(my next bid) (AC_next)' },
  { name: 'const', doc: 'const(c): accept when u(offer) >= c (AC_const)' },
  { name: 'time', doc: 'time(t): accept once the normalised time reaches t (AC_time)' },
  { name: 'any', doc: 'any(cond, cond, ...): accept when any condition does' },
  { name: 'all', doc: 'all(cond, cond, ...): accept when every condition does' },
];

function bad(where: string, message: string, expected: string): never {
  throw new LancasterError({ code: 'BAD_NEGOTIATOR_SPEC', path: where, message, expected });
}

function numberParam(
  where: string,
  params: NegotiatorParams,
  key: string,
  fallback: number | undefined,
  range: [number, number],
): number {
  const v = Object.hasOwn(params, key) ? params[key] : fallback;
  if (v === undefined) bad(where, `parameter '${key}' is required`, `${key}=<number>`);
  if (typeof v !== 'number' || !Number.isFinite(v) || v < range[0] || v > range[1]) {
    bad(where, `parameter '${key}' is ${JSON.stringify(v)}`, `a number in [${range[0]}, ${range[1]}]`);
  }
  return v;
}

function onlyKeys(
  where: string,
  params: NegotiatorParams,
  allowed: readonly string[],
  positional: boolean,
): void {
  for (const k of Object.keys(params)) {
    if (isPositionalKey(k) ? !positional : !allowed.includes(k)) {
      const known = allowed.length > 0 ? allowed.join(', ') : 'none';
      bad(where, `unknown parameter '${isPositionalKey(k) ? `#${k}` : k}'`, `parameters: ${known}`);
    }
  }
}

/**
 * Builds a condition from its spec value: a bare name (`'next'`) or a nested spec
 * (`{ name: 'const', params: { c: 0.8 } }`). Throws `BAD_NEGOTIATOR_SPEC` for anything else.
 *
 * @example
 * const ac = acceptanceFromSpec(parseSpec('x:accept=any(next,time(t=0.9))').params.accept as ParamValue);
 */
export function acceptanceFromSpec(value: ParamValue, where = 'accept'): AcceptanceCondition {
  const node = typeof value === 'string' ? { name: value, params: {} } : value;
  if (typeof node !== 'object' || node === null) {
    bad(
      where,
      `${JSON.stringify(value)} is not an acceptance condition`,
      ACCEPTANCE_CONDITIONS.map((c) => c.name).join(', '),
    );
  }
  const { name, params } = node;
  const here = `${where}.${name}`;
  const inf = Number.POSITIVE_INFINITY;
  switch (name) {
    case 'next':
      onlyKeys(here, params, ['a', 'b'], false);
      return acNext(
        numberParam(here, params, 'a', 1, [-inf, inf]),
        numberParam(here, params, 'b', 0, [-inf, inf]),
      );
    case 'const':
      onlyKeys(here, params, ['c'], false);
      return acConst(numberParam(here, params, 'c', undefined, [-inf, inf]));
    case 'time':
      onlyKeys(here, params, ['t'], false);
      return acTime(numberParam(here, params, 't', undefined, [0, 1]));
    case 'any':
    case 'all': {
      onlyKeys(here, params, [], true);
      const parts = positionalParams(params).map((p) => acceptanceFromSpec(p, here));
      if (parts.length === 0)
        bad(here, `${name}() needs at least one condition`, `${name}(next,time(t=0.98))`);
      return name === 'any' ? acAny(...parts) : acAll(...parts);
    }
    default:
      return bad(
        here,
        `unknown acceptance condition '${name}'`,
        `one of ${ACCEPTANCE_CONDITIONS.map((c) => c.name).join(', ')}`,
      );
  }
}

/** The rational floor: the offer crosses none of the party's red lines and is worth its reservation value. */
export function rationalFloor(party: Party, offer: Outcome): boolean {
  return party.utility.acceptable(offer) && party.utility.evaluate(offer) >= party.reservationValue;
}

/**
 * Whether `party` accepts `offer` at time `t`, given the undiscounted utility of the bid it would
 * make now (null when it has none): the rational floor first, then the condition on discounted
 * utilities.
 */
export function decideAcceptance(
  party: Party,
  offer: Outcome,
  t: number,
  nextBidUtility: number | null,
  condition: AcceptanceCondition,
): boolean {
  if (!rationalFloor(party, offer)) return false;
  const d = party.discountFactor;
  return condition({
    t,
    offerUtility: discounted(party.utility.evaluate(offer), d, t),
    nextBidUtility: nextBidUtility === null ? null : discounted(nextBidUtility, d, t),
  });
}
