/**
 * The time-dependent concession family (Faratin, Sierra & Jennings 1998, as in GENIUS): the
 * negotiator's target utility falls from Pmax to Pmin as normalised time t goes from 0 to 1,
 *
 *     target(t) = Pmin + (Pmax − Pmin) · (1 − F(t)),   F(t) = k + (1 − k) · t^(1/e)   (F = k when e = 0)
 *
 * which is GENIUS's convention and GENIUS's `e`, unchanged: e < 1 is Boulware (holds firm, concedes
 * late), e = 1 linear, e > 1 conceder (concedes early), e = 0 hardliner (with k = 0 the target stays
 * at Pmax). k is the share of the range conceded at t = 0. Pmax is the best own utility among the
 * outcomes that cross none of the party's red lines, Pmin the larger of the reservation value and the
 * worst such utility. NegMAS's `PolyAspiration` writes `u(t) = max · (1 − t^exponent)`, so its
 * exponent is our 1/e (see README.md in this folder for the exact mapping).
 *
 * Bidding: among own-acceptable outcomes worth at least the target, propose the one worth the LEAST
 * (nearest the target from above), ties broken with the turn's rng; when none reaches the target
 * (the target sits above the best sampled outcome, or the reservation value above every outcome),
 * propose the best. The search runs over a `BidSpace` built once per negotiator (exact for
 * enumerable spaces up to 2^22 outcomes, a seeded sample of 20,000 otherwise). Bidding uses
 * undiscounted utilities; acceptance compares discounted ones (see acceptance.ts). A party whose
 * red lines exclude every outcome has nothing to propose and walks away.
 */
import type { Party } from '../model/party.ts';
import type { NegotiatorAction } from '../protocols/types.ts';
import { type AcceptanceCondition, acNext, decideAcceptance } from './acceptance.ts';
import { type Bid, BidSpace, type RandomSource } from './bid-space.ts';
import type { Negotiator, NegotiatorContext, NegotiatorSetup } from './types.ts';

/** The shape of a time-dependent concession curve. */
export interface ConcessionCurve {
  /** Concession exponent, GENIUS convention: < 1 Boulware, 1 linear, > 1 conceder, 0 hardliner. */
  readonly e: number;
  /** Share of the range conceded at t = 0, in [0, 1]. */
  readonly k: number;
}

/**
 * F(t) = k + (1 − k) · t^(1/e), the share of the range conceded by time t (k when e = 0).
 *
 * @example
 * concession(0.5, { e: 1, k: 0 }); // 0.5
 */
export function concession(t: number, curve: ConcessionCurve): number {
  const { e, k } = curve;
  if (e === 0) return k;
  const tc = Math.min(1, Math.max(0, t));
  return k + (1 - k) * tc ** (1 / e);
}

/**
 * The target utility at time t: Pmin + (Pmax − Pmin) · (1 − F(t)).
 *
 * @example
 * timeDependentTarget(0.5, { e: 1, k: 0 }, 0.2, 1); // 0.6
 */
export function timeDependentTarget(t: number, curve: ConcessionCurve, pmin: number, pmax: number): number {
  // Algebraically Pmin + (Pmax − Pmin)(1 − F); written from Pmax so that F = 0 gives Pmax exactly.
  return pmax - (pmax - pmin) * concession(t, curve);
}

/** Longest deadline (in steps) whose concessions are memoised. */
const MEMO_MAX_STEPS = 100_000;
/** Curves memoised at once (the oldest is dropped). */
const MEMO_CURVES = 64;
/** F at t = step / total, by curve and deadline, then by step (NaN until first needed). */
const concessionMemo = new Map<string, Float64Array>();
/**
 * Curves and deadlines met once and not memoised yet: a memo pays from the second session on, and
 * a forecast that draws e for every run meets most curves only once.
 */
const metOnce = new Set<string>();

/**
 * The memo of F(step / total) for a curve and a deadline of `total` steps: in a session without a
 * time limit the time is exactly step / total, so every session of a tournament with the same curve
 * and deadline walks the same few thousand points, and each `t^(1/e)` is computed once. Null the
 * first time a curve and deadline are met (see `metOnce`).
 */
function memoFor(curve: ConcessionCurve, total: number): Float64Array | null {
  if (!(total >= 1 && total <= MEMO_MAX_STEPS && Number.isInteger(total))) return null;
  const key = `${curve.e}:${curve.k}:${total}`;
  let memo = concessionMemo.get(key);
  if (!memo) {
    if (!metOnce.has(key)) {
      if (metOnce.size >= 4 * MEMO_CURVES) metOnce.clear();
      metOnce.add(key);
      return null;
    }
    metOnce.delete(key);
    memo = new Float64Array(total + 1).fill(Number.NaN);
    if (concessionMemo.size >= MEMO_CURVES)
      concessionMemo.delete(concessionMemo.keys().next().value as string);
    concessionMemo.set(key, memo);
  }
  return memo;
}

/** Options of a time-dependent negotiator. */
export interface TimeDependentOptions extends ConcessionCurve {
  /** Acceptance condition; AC_next(1, 0) when absent. */
  readonly acceptance?: AcceptanceCondition;
  /** The spec it was made from, for transcripts. */
  readonly spec?: string;
}

/**
 * A time-dependent negotiator for one party.
 *
 * @example
 * const boulware = new TimeDependentNegotiator(setup, { e: 0.2, k: 0 });
 * boulware.target(0.5); // still close to Pmax
 */
export class TimeDependentNegotiator implements Negotiator {
  readonly spec: string;
  readonly curve: ConcessionCurve;
  /** Best own utility available (NaN when the red lines exclude everything). */
  readonly pmax: number;
  /** max(reservation value, worst own utility available). */
  readonly pmin: number;
  private readonly party: Party;
  private readonly bids: BidSpace;
  private readonly acceptance: AcceptanceCondition;
  /** Deadline in steps, and the shared memo of F at its step fractions (null when not memoised). */
  private readonly totalSteps: number;
  private readonly memo: Float64Array | null;

  constructor(setup: NegotiatorSetup, options: TimeDependentOptions) {
    this.spec = options.spec ?? `timedep:e=${options.e},k=${options.k}`;
    this.curve = { e: options.e, k: options.k };
    this.party = setup.party;
    this.acceptance = options.acceptance ?? acNext(1, 0);
    this.bids = BidSpace.of(setup.party, setup.space, setup.seed, setup.index);
    this.pmax = this.bids.maxUtility;
    this.pmin = Math.max(setup.party.reservationValue, this.bids.minUtility);
    this.totalSteps = setup.rounds * setup.parties.length;
    this.memo = memoFor(this.curve, this.totalSteps);
  }

  /** Target utility at normalised time t. */
  target(t: number): number {
    return timeDependentTarget(t, this.curve, this.pmin, this.pmax);
  }

  /**
   * The bid this negotiator makes at time t (null when it has nothing it may propose); ties are
   * broken with `rng`, or with the rng of the context given instead, read only on a tie.
   */
  bid(t: number, rng: RandomSource): Bid | null {
    return this.bids.atLeast(this.target(t), rng);
  }

  /** `target(ctx.t)`, from the memo when the time is exactly the step's share of the deadline. */
  private targetNow(ctx: NegotiatorContext): number {
    const { t, step } = ctx;
    const memo = this.memo;
    if (
      memo === null ||
      !Number.isInteger(step) ||
      !(step >= 0 && step < memo.length) ||
      t !== step / this.totalSteps
    )
      return this.target(t);
    let f = memo[step] as number;
    if (Number.isNaN(f)) {
      f = concession(t, this.curve);
      memo[step] = f;
    }
    // The same expression as timeDependentTarget, so both give the same bits.
    return this.pmax - (this.pmax - this.pmin) * f;
  }

  act(ctx: NegotiatorContext): NegotiatorAction {
    const bids = this.bids;
    const k = bids.positionAtLeast(this.targetNow(ctx), ctx);
    const utility = k < 0 ? null : (bids.utilities[k] as number);
    if (ctx.offer && decideAcceptance(this.party, ctx.offer.outcome, ctx.t, utility, this.acceptance)) {
      return { type: 'accept' };
    }
    if (k < 0) return { type: 'end' };
    return { type: 'offer', outcome: bids.outcome(k) };
  }
}
