/**
 * Acceptance conditions, the "A" of the BOA framework: when to accept the offer on the table.
 * AC_next(a, b) accepts when `a · u(offer) + b >= u(my next bid)`, AC_const(c) when
 * `u(offer) >= c`, AC_time(t) once the normalised time reaches t; AC_prev and AC_gap compare with my
 * previous bid and AC_combi (MaxW / Avg) with the opponents' recent offers (these three read the
 * history, which BOA negotiators pass in); `any(...)` and `all(...)` combine them. In specs they are written `next(a=1,b=0)`, `const(c=0.8)`, `time(t=0.98)`,
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
  /**
   * Utility of the bid this negotiator made last (null when it has made none). Only BOA
   * negotiators fill it in; AC_prev and AC_gap never fire without it.
   */
  readonly previousBidUtility?: number | null;
  /**
   * The opponents' offers so far, oldest first, with their time and their utility to this party
   * (discounted like `offerUtility`). Only BOA negotiators fill it in; AC_combi without it is AC_next.
   */
  readonly opponentOffers?: readonly { readonly t: number; readonly utility: number }[];
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

/** AC_prev: accept when `a · u(offer) + b >= u(my previous bid)`; never before my first bid. */
export function acPrev(a = 1, b = 0): AcceptanceCondition {
  return ({ offerUtility, previousBidUtility }) =>
    previousBidUtility !== undefined &&
    previousBidUtility !== null &&
    a * offerUtility + b >= previousBidUtility;
}

/** AC_gap: accept when `u(offer) + c >= u(my previous bid)`; never before my first bid. */
export function acGap(c: number): AcceptanceCondition {
  return acPrev(1, c);
}

/**
 * AC_combi (Baarslag, Hindriks & Jonker 2011, "Acceptance conditions in automated negotiation"):
 * AC_next(a, b), or, from time `t` on, accept when the offer is worth at least α, where α summarises
 * the opponents' offers in the window W = [2·now − 1, now] (a window as long as the time left):
 * their best (`maxw`, AC_combi(T, MAX^W)) or their mean (`avg`, AC_combi(T, AVG^W)). An empty
 * window leaves only AC_next.
 */
export function acCombi(t: number, kind: 'maxw' | 'avg' = 'maxw', a = 1, b = 0): AcceptanceCondition {
  const next = acNext(a, b);
  return (input) => {
    if (next(input)) return true;
    if (input.t < t || !input.opponentOffers) return false;
    const from = 2 * input.t - 1;
    let best = Number.NEGATIVE_INFINITY;
    let sum = 0;
    let n = 0;
    for (const o of input.opponentOffers) {
      if (o.t < from) continue;
      best = Math.max(best, o.utility);
      sum += o.utility;
      n++;
    }
    if (n === 0) return false;
    return input.offerUtility >= (kind === 'maxw' ? best : sum / n);
  };
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
  {
    name: 'prev',
    doc: 'prev(a=1,b=0): accept when a·u(offer) + b >= u(my previous bid) (AC_prev; BOA negotiators only)',
  },
  {
    name: 'gap',
    doc: 'gap(c): accept when u(offer) + c >= u(my previous bid) (AC_gap; BOA negotiators only)',
  },
  {
    name: 'combi',
    doc: 'combi(t=0.98,kind=maxw|avg,a=1,b=0): AC_next, or from time t an offer at least the best (maxw) or mean (avg) opponent offer of the last window as long as the time left (AC_combi; BOA negotiators only)',
  },
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
    case 'prev':
      onlyKeys(here, params, ['a', 'b'], false);
      return acPrev(
        numberParam(here, params, 'a', 1, [-inf, inf]),
        numberParam(here, params, 'b', 0, [-inf, inf]),
      );
    case 'gap':
      onlyKeys(here, params, ['c'], false);
      return acGap(numberParam(here, params, 'c', undefined, [-inf, inf]));
    case 'combi': {
      onlyKeys(here, params, ['t', 'kind', 'a', 'b'], false);
      const kind = params.kind ?? 'maxw';
      if (kind !== 'maxw' && kind !== 'avg') bad(here, `kind is ${JSON.stringify(kind)}`, 'maxw or avg');
      return acCombi(
        numberParam(here, params, 't', 0.98, [0, 1]),
        kind,
        numberParam(here, params, 'a', 1, [-inf, inf]),
        numberParam(here, params, 'b', 0, [-inf, inf]),
      );
    }
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

/**
 * Whether an acceptance spec uses a condition that reads the negotiation's history (prev, gap,
 * combi), which only BOA negotiators supply.
 */
export function acceptanceNeedsHistory(value: ParamValue): boolean {
  if (typeof value === 'string') return value === 'prev' || value === 'gap' || value === 'combi';
  if (typeof value !== 'object' || value === null) return false;
  if (value.name === 'prev' || value.name === 'gap' || value.name === 'combi') return true;
  return positionalParams(value.params).some(acceptanceNeedsHistory);
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
  history?: {
    /** Undiscounted utility of my previous bid, null when I have made none. */
    readonly previousBidUtility: number | null;
    /** The opponents' offers so far with their undiscounted utility to me. */
    readonly opponentOffers: readonly { readonly t: number; readonly utility: number }[];
  },
): boolean {
  // The rational floor (as `rationalFloor`), evaluating the offer once: this is the hot path.
  if (!party.utility.acceptable(offer)) return false;
  const u = party.utility.evaluate(offer);
  if (!(u >= party.reservationValue)) return false;
  const d = party.discountFactor;
  const offerUtility = discounted(u, d, t);
  const next = nextBidUtility === null ? null : discounted(nextBidUtility, d, t);
  if (!history) return condition({ t, offerUtility, nextBidUtility: next });
  return condition({
    t,
    offerUtility,
    nextBidUtility: next,
    previousBidUtility:
      history.previousBidUtility === null ? null : discounted(history.previousBidUtility, d, t),
    // Undiscounted (d = 1), the offers are their own discounted copies: no copy of the whole list
    // on every turn.
    opponentOffers:
      d >= 1
        ? history.opponentOffers
        : history.opponentOffers.map((o) => ({ t: o.t, utility: discounted(o.utility, d, t) })),
  });
}
