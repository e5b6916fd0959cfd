/**
 * HardHeaded, winner of ANAC 2011 (van Krimpen, Looije & Hajizadeh, "HardHeaded", in Complex
 * Automated Negotiations, Springer 2013), re-implemented from that description:
 *
 * - bidding: a very Boulware time-dependent target (the paper's e = 0.05, with a small initial
 *   concession Ka = 0.05) that never falls below a floor (the paper's minimum bid utility 0.585,
 *   here the larger of that and Pmin); among the outcomes in a window above the target it offers
 *   the one its frequency model rates best for the opponent; once the opponent's best offer so far
 *   is worth at least the target, it offers that back instead (HardHeaded's "best bid of the
 *   opponent" move);
 * - opponent model: the frequency model of ../opponent-models/frequency.ts (learning rate 0.2);
 * - acceptance: the offer is worth at least its next bid, or at least the worst bid it has made so far.
 *
 * Departures: the paper's window search over a sorted bid list with a growing window is one fixed
 * window here (`window`, 0.05); the floor is capped at Pmax so a party whose best outcome is below
 * 0.585 still bids; discounting is left to the acceptance floor.
 */
import type { Bid } from '../bid-space.ts';
import { bidNearTarget } from '../boa/bidding.ts';
import { BoaNegotiator } from '../boa/boa.ts';
import type { BoaTurn, RatedOffer } from '../boa/types.ts';
import { frequencyModel } from '../opponent-models/frequency.ts';
import { timeDependentTarget } from '../time-dependent.ts';
import type { NegotiatorSetup } from '../types.ts';

/** HardHeaded's parameters. */
export interface HardHeadedOptions {
  /** Concession exponent (0.05). */
  readonly e?: number;
  /** Initial concession (0.05). */
  readonly ka?: number;
  /** Lowest utility it bids (0.585). */
  readonly floor?: number;
  /** Bid window above the target (0.05). */
  readonly window?: number;
}

/**
 * @example
 * const agent = hardHeaded(setup, { e: 0.05 });
 */
export function hardHeaded(setup: NegotiatorSetup, options: HardHeadedOptions = {}): BoaNegotiator {
  const e = options.e ?? 0.05;
  const ka = options.ka ?? 0.05;
  const floorUtility = options.floor ?? 0.585;
  const window = options.window ?? 0.05;
  const target = (turn: BoaTurn) => {
    const floor = Math.min(turn.pmax, Math.max(turn.pmin, floorUtility));
    return timeDependentTarget(turn.ctx.t, { e, k: ka }, floor, turn.pmax);
  };
  return new BoaNegotiator(setup, {
    spec: 'hardheaded',
    model: (s) => frequencyModel(s.space, s.index, { learn: 0.2 }),
    bidding: {
      name: 'hardheaded',
      bid(turn): Bid | null {
        if (turn.bids.size === 0) return null;
        const goal = target(turn);
        // The opponent's best offer so far (the first of equals) that crosses no own red line.
        let best: RatedOffer | null = null;
        for (const o of turn.opponentOffers) {
          if ((best === null || o.utility > best.utility) && turn.setup.party.utility.acceptable(o.outcome)) {
            best = o;
          }
        }
        if (best && best.utility >= goal) return { outcome: [...best.outcome], utility: best.utility };
        return bidNearTarget(turn.bids, goal, turn.model, turn.ctx, window);
      },
    },
    acceptance: {
      name: 'hardheaded',
      accept(turn, offer, next) {
        const u = turn.setup.party.utility.evaluate(offer);
        if (next === null || u >= next.utility) return true;
        let lowest = Number.POSITIVE_INFINITY;
        for (const o of turn.ownOffers) lowest = Math.min(lowest, o.utility);
        return u >= lowest;
      },
    },
  });
}
