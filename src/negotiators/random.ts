/**
 * A random negotiator, for tests and as a baseline: on each turn it accepts the offer on the table
 * with probability p when the offer passes its rational floor (no own red line crossed, worth at
 * least its reservation value), and otherwise proposes an outcome drawn uniformly from the ones
 * that cross none of its red lines. Every draw comes from the turn's rng, so it is as reproducible
 * as any other negotiator. For spaces too large to list it draws from the whole space and keeps the
 * first own-acceptable draw (falling back on its seeded candidate sample after 100 misses).
 */
import type { NegotiatorAction } from '../protocols/types.ts';
import { rationalFloor } from './acceptance.ts';
import { BidSpace } from './bid-space.ts';
import type { Negotiator, NegotiatorContext, NegotiatorSetup } from './types.ts';

/** Draws from the whole space before falling back on the candidate sample. */
const REJECTION_TRIES = 100;

/**
 * @example
 * const n = new RandomNegotiator(setup, { p: 0.1 });
 */
export class RandomNegotiator implements Negotiator {
  readonly spec: string;
  /** Probability of accepting an offer that passes the rational floor. */
  readonly p: number;
  private readonly setup: NegotiatorSetup;
  private readonly bids: BidSpace;

  constructor(setup: NegotiatorSetup, options: { readonly p?: number; readonly spec?: string } = {}) {
    this.p = options.p ?? 0.1;
    this.spec = options.spec ?? `random:p=${this.p}`;
    this.setup = setup;
    this.bids = BidSpace.of(setup.party, setup.space, setup.seed, setup.index);
  }

  act(ctx: NegotiatorContext): NegotiatorAction {
    const { party, space } = this.setup;
    if (ctx.offer && rationalFloor(party, ctx.offer.outcome) && ctx.rng.float() < this.p)
      return { type: 'accept' };
    let outcome: number[] | null = null;
    if (this.bids.exact) {
      outcome = this.bids.any(ctx.rng);
    } else {
      for (let i = 0; i < REJECTION_TRIES && outcome === null; i++) {
        const o = space.sample(ctx.rng);
        if (party.utility.acceptable(o)) outcome = o;
      }
      outcome ??= this.bids.any(ctx.rng);
    }
    return outcome ? { type: 'offer', outcome } : { type: 'end' };
  }
}
