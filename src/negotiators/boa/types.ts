/**
 * The BOA contract (Baarslag et al., "Decoupling negotiating agents to explore the space of
 * negotiation strategies", 2014): a negotiator is a bidding strategy, an opponent model and an
 * acceptance strategy. On each turn the BOA negotiator brings its transcript view and its model up
 * to date, builds a `BoaTurn` and asks the bidding strategy for its bid, then the acceptance
 * strategy whether to take the offer on the table instead. Every part reads only the setup and the
 * turn, so a BOA negotiator is as replayable as the contract in ../types.ts requires.
 */
import type { Outcome } from '../../model/outcome-space.ts';
import type { Bid, BidSpace } from '../bid-space.ts';
import type { OpponentModel } from '../opponent-models/types.ts';
import type { NegotiatorContext, NegotiatorSetup } from '../types.ts';

/** An offer from the transcript with its (undiscounted) utility to this party. */
export interface RatedOffer {
  readonly t: number;
  readonly party: number;
  readonly outcome: Outcome;
  readonly utility: number;
}

/** Everything a BOA component may read on one turn. */
export interface BoaTurn {
  readonly setup: NegotiatorSetup;
  readonly ctx: NegotiatorContext;
  /** The party's own bid space (sorted own-acceptable outcomes). */
  readonly bids: BidSpace;
  /** Best own utility available (NaN when the red lines exclude everything). */
  readonly pmax: number;
  /** max(reservation value, worst own utility available). */
  readonly pmin: number;
  /** The opponent model, up to date with `ctx.history`; null when the negotiator keeps none. */
  readonly model: OpponentModel | null;
  /** The other parties' offers so far, oldest first. */
  readonly opponentOffers: readonly RatedOffer[];
  /** This party's own offers so far, oldest first. */
  readonly ownOffers: readonly RatedOffer[];
}

/** The "B" of BOA: what to propose now. */
export interface BiddingStrategy {
  readonly name: string;
  /** The bid to make on this turn; null when there is nothing this party may propose. */
  bid(turn: BoaTurn): Bid | null;
}

/** The "A" of BOA: whether to accept the offer on the table rather than make `next`. */
export interface AcceptanceStrategy {
  readonly name: string;
  /** Called only for offers that pass the rational floor (no own red line, at least the reservation value). */
  accept(turn: BoaTurn, offer: Outcome, next: Bid | null): boolean;
}
