/**
 * Bidding strategies, the "B" of BOA. Each computes a target utility for this turn from the setup
 * and the transcript only (so it is recomputed, never carried), and `bidNearTarget` turns a target
 * into a bid: among the own-acceptable outcomes worth at least the target and at most `window`
 * more, the one the opponent model rates highest (that is what makes a model matter); without a
 * model, the cheapest one at the target, as the time-dependent family does.
 *
 * - `time(e, k)`: the time-dependent target of ../time-dependent.ts (GENIUS's `e`).
 * - `tft(kind=absolute|relative)`: tit for tat in this party's utility space (Faratin et al. 1998):
 *   the target starts at Pmax and, each time an opponent offer beats its best so far for this
 *   party, falls by the same amount (absolute) or the same ratio (relative), within [Pmin, Pmax].
 * - `nicetft`: Nice Tit for Tat (Baarslag, Hindriks & Jonker 2013): the opponent's concession,
 *   measured with the opponent model as the share of the way from its first offer to the estimated
 *   Nash point, is matched by the same share of the way from Pmax to this party's Nash utility; it
 *   never goes below the estimated Nash point.
 * - `nash(e)`: a time-dependent curve from Pmax down to the estimated Nash point (never below it).
 * - `walk(step)`: a seeded random walk from Pmax with a drift that would reach Pmin by the deadline.
 */
import { LancasterError } from '../../errors.ts';
import type { Outcome } from '../../model/outcome-space.ts';
import { Random } from '../../model/random.ts';
import type { Bid, BidSpace, RandomSource } from '../bid-space.ts';
import { type OpponentModel, scoreBids } from '../opponent-models/types.ts';
import { timeDependentTarget } from '../time-dependent.ts';
import type { NegotiatorParams, ParamValue } from '../types.ts';
import type { BiddingStrategy, BoaTurn } from './types.ts';

/** Most candidates the opponent model is asked about per bid. */
export const MAX_CANDIDATES = 400;
/** Most outcomes searched (from the top of the own bid space) for the estimated Nash point. */
export const NASH_SEARCH_LIMIT = 4_000;

/**
 * Room for the scores of one search, reused: a Nice Tit for Tat turn scores up to
 * `NASH_SEARCH_LIMIT` bids, and a fresh array each turn cost more (allocating, zeroing, collecting)
 * than the search. Every search writes the scores it reads (`scoreBids` sets each one) before
 * reading them, and none calls another, so one buffer serves every negotiator of the thread.
 */
let scoreRoom = new Float64Array(NASH_SEARCH_LIMIT);

/** The reusable score buffer, at least `n` long. */
function scoreBuffer(n: number): Float64Array {
  if (scoreRoom.length < n) scoreRoom = new Float64Array(n);
  return scoreRoom;
}

/**
 * The bid for a target: the outcome the model rates highest among those worth [target, target +
 * window] to this party (at most `MAX_CANDIDATES`, nearest the target first; ties to the cheaper);
 * without a model the cheapest at the target (ties by rng, or by the rng of a turn's context given
 * instead, read only on a tie). Null when nothing may be proposed.
 *
 * @example
 * const bid = bidNearTarget(turn.bids, 0.8, turn.model, turn.ctx, 0.05);
 */
export function bidNearTarget(
  bids: BidSpace,
  target: number,
  model: OpponentModel | null,
  rng: RandomSource,
  window: number,
): Bid | null {
  const n = bids.size;
  if (n === 0) return null;
  const start = bids.lowerBound(target);
  if (model === null || start >= n) return bids.atLeast(target, rng);
  const u = bids.utilities;
  const top = (u[start] as number) + window;
  let end = start;
  while (end < n && end < start + MAX_CANDIDATES && (u[end] as number) <= top + 1e-12) end++;
  const scores = scoreBuffer(end - start);
  scoreBids(model, bids, start, end, scores);
  let bestK = start;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let k = start; k < end; k++) {
    const score = scores[k - start] as number;
    if (score > bestScore + 1e-12) {
      bestScore = score;
      bestK = k;
    }
  }
  return { outcome: bids.outcome(bestK), utility: u[bestK] as number };
}

/**
 * The estimated Nash point: own-acceptable outcome maximising (u − reservation) · û_opponent, searched
 * from the top of the bid space down to the reservation value (at most `NASH_SEARCH_LIMIT` bids; the
 * first maximum from the top wins), the best own outcome when none reaches the reservation value.
 * The model scores the whole range at once (for an additive model, over a prefix tree of the bids).
 */
export function estimatedNash(
  turn: BoaTurn,
  model: OpponentModel,
): { outcome: Outcome; utility: number } | null {
  const { bids } = turn;
  const n = bids.size;
  if (n === 0) return null;
  const rv = turn.setup.party.reservationValue;
  const u = bids.utilities;
  const lo = Math.max(n - NASH_SEARCH_LIMIT, firstAtLeast(u, rv));
  let bestK = n - 1;
  if (lo < n) {
    const scores = scoreBuffer(n - lo);
    scoreBids(model, bids, lo, n, scores);
    let bestProduct = Number.NEGATIVE_INFINITY;
    for (let k = n - 1; k >= lo; k--) {
      const p = ((u[k] as number) - rv) * (scores[k - lo] as number);
      if (p > bestProduct) {
        bestProduct = p;
        bestK = k;
      }
    }
  }
  return { outcome: bids.outcome(bestK), utility: u[bestK] as number };
}

/** First position of an ascending array whose value is at least x (exact comparison). */
function firstAtLeast(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/** A bidding strategy that computes a target and bids near it. */
export function targetBidder(
  name: string,
  window: number,
  target: (turn: BoaTurn) => number,
): BiddingStrategy {
  return {
    name,
    bid: (turn) =>
      turn.bids.size === 0 ? null : bidNearTarget(turn.bids, target(turn), turn.model, turn.ctx, window),
  };
}

/** Time-dependent target (GENIUS's `e`, see ../README.md). */
export function timeTarget(e: number, k: number): (turn: BoaTurn) => number {
  return (turn) => timeDependentTarget(turn.ctx.t, { e, k }, turn.pmin, turn.pmax);
}

/**
 * Tit-for-tat target over this party's utility of the opponents' offers. The opponent's concession
 * is measured on its best offer so far: a retraction is not reciprocated, and returning to an
 * earlier level is not paid for twice (with a plain step-by-step mirror, the clamp at Pmax turns
 * the noise of an opponent's tie-breaking into a ratchet that concedes on its own).
 */
export function titForTatTarget(kind: 'absolute' | 'relative'): (turn: BoaTurn) => number {
  return ({ opponentOffers, pmin, pmax }) => {
    let target = pmax;
    let best = Number.NaN;
    for (const o of opponentOffers) {
      if (Number.isNaN(best)) {
        best = o.utility;
        continue;
      }
      if (o.utility <= best) continue;
      if (kind === 'absolute') target -= o.utility - best;
      else if (o.utility > 0) target *= best / o.utility;
      best = o.utility;
      target = clamp(target, pmin, pmax);
    }
    return target;
  };
}

/** Nice Tit for Tat's target (needs an opponent model; without one it holds Pmax). */
export function niceTitForTatTarget(turn: BoaTurn): number {
  const { model, opponentOffers, pmax, pmin } = turn;
  if (!model || opponentOffers.length === 0) return pmax;
  const nash = estimatedNash(turn, model);
  if (!nash) return pmax;
  const nashOwn = clamp(nash.utility, pmin, pmax);
  const first = model.utility((opponentOffers[0] as (typeof opponentOffers)[number]).outcome);
  const last = model.utility(
    (opponentOffers[opponentOffers.length - 1] as (typeof opponentOffers)[number]).outcome,
  );
  const nashOpp = model.utility(nash.outcome);
  const room = first - nashOpp;
  const share = room > 1e-9 ? clamp((first - last) / room, 0, 1) : 0;
  return pmax - share * (pmax - nashOwn);
}

/** Time-dependent target that stops at the estimated Nash point. */
export function nashTarget(e: number): (turn: BoaTurn) => number {
  return (turn) => {
    const floor = turn.model ? (estimatedNash(turn, turn.model)?.utility ?? turn.pmin) : turn.pmin;
    return timeDependentTarget(turn.ctx.t, { e, k: 0 }, clamp(floor, turn.pmin, turn.pmax), turn.pmax);
  };
}

/** Seeded random-walk target: one step per own offer made, replayed from the start each turn. */
export function randomWalkTarget(step: number): (turn: BoaTurn) => number {
  return ({ setup, ownOffers, pmin, pmax }) => {
    const rng = Random.from(setup.seed, 'random-walk', setup.index);
    const drift = (pmax - pmin) / Math.max(1, setup.rounds);
    let target = pmax;
    for (let j = 0; j < ownOffers.length; j++)
      target = clamp(target + step * (2 * rng.float() - 1) - drift, pmin, pmax);
    return target;
  };
}

/** The bidding strategies a spec can name, for `lancaster negotiators`. */
export const BIDDING_STRATEGIES: readonly { name: string; doc: string }[] = [
  { name: 'time', doc: 'time(e=0.2,k=0): time-dependent target, GENIUS e' },
  { name: 'tft', doc: 'tft(kind=absolute|relative): tit for tat in own utility (default relative)' },
  {
    name: 'nicetft',
    doc: 'nicetft: Nice Tit for Tat, mirrors the opponent concession towards the estimated Nash point',
  },
  { name: 'nash', doc: 'nash(e=0.2): time-dependent down to the estimated Nash point, not below' },
  { name: 'walk', doc: 'walk(step=0.05): seeded random walk drifting from Pmax towards Pmin' },
];

function bad(where: string, message: string, expected: string): never {
  throw new LancasterError({ code: 'BAD_NEGOTIATOR_SPEC', path: where, message, expected });
}

/** Reads a named node (`'time'` or `{ name: 'time', params }`) or throws BAD_NEGOTIATOR_SPEC. */
export function specNode(
  value: ParamValue,
  where: string,
  known: string,
): { name: string; params: NegotiatorParams } {
  if (typeof value === 'string') return { name: value, params: {} };
  if (typeof value === 'object' && value !== null) return value;
  return bad(where, `${JSON.stringify(value)} is not a name`, known);
}

/** A number parameter of a component spec, checked. */
export function numberOf(
  where: string,
  params: NegotiatorParams,
  key: string,
  fallback: number,
  lo: number,
  hi: number,
): number {
  const v = Object.hasOwn(params, key) ? params[key] : fallback;
  if (typeof v !== 'number' || !(v >= lo && v <= hi))
    bad(`${where}.${key}`, `${key} is ${JSON.stringify(v)}`, `a number in [${lo}, ${hi}]`);
  return v;
}

/** Rejects parameters a component does not declare. */
export function onlyKeys(where: string, params: NegotiatorParams, allowed: readonly string[]): void {
  for (const k of Object.keys(params)) {
    if (!allowed.includes(k))
      bad(
        `${where}.${k}`,
        `unknown parameter '${k}'`,
        allowed.length ? `parameters: ${allowed.join(', ')}` : 'no parameters',
      );
  }
}

/**
 * A bidding strategy from its spec value (`time(e=0.2)`, `tft(kind=absolute)`, `nicetft`, ...).
 *
 * @example
 * const b = biddingFromSpec({ name: 'time', params: { e: 0.2 } }, 0.02);
 */
export function biddingFromSpec(value: ParamValue, window: number, where = 'bid'): BiddingStrategy {
  const known = `one of ${BIDDING_STRATEGIES.map((b) => b.name).join(', ')}`;
  const { name, params } = specNode(value, where, known);
  const here = `${where}.${name}`;
  switch (name) {
    case 'time':
      onlyKeys(here, params, ['e', 'k']);
      return targetBidder(
        'time',
        window,
        timeTarget(numberOf(here, params, 'e', 0.2, 0, 1e6), numberOf(here, params, 'k', 0, 0, 1)),
      );
    case 'tft': {
      onlyKeys(here, params, ['kind']);
      const kind = params.kind ?? 'relative';
      if (kind !== 'absolute' && kind !== 'relative')
        bad(`${here}.kind`, `kind is ${JSON.stringify(kind)}`, 'absolute or relative');
      return targetBidder('tft', window, titForTatTarget(kind));
    }
    case 'nicetft':
      onlyKeys(here, params, []);
      return targetBidder('nicetft', window, niceTitForTatTarget);
    case 'nash':
      onlyKeys(here, params, ['e']);
      return targetBidder('nash', window, nashTarget(numberOf(here, params, 'e', 0.2, 0, 1e6)));
    case 'walk':
      onlyKeys(here, params, ['step']);
      return targetBidder('walk', window, randomWalkTarget(numberOf(here, params, 'step', 0.05, 0, 1)));
    default:
      return bad(here, `unknown bidding strategy '${name}'`, known);
  }
}
