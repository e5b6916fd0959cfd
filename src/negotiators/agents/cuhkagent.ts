/**
 * CUHKAgent, winner of ANAC 2012 (Hao & Leung, "ABiNeS: an adaptive bilateral negotiating strategy
 * over multiple items", IAT 2012; the CUHKAgent chapter in Novel Insights in Agent-based Complex
 * Automated Negotiation, Springer 2014), re-implemented from those descriptions:
 *
 * - non-exploitation point λ: until time λ it exploits the opponent (its acceptance threshold falls
 *   slowly), after it the threshold stays at its floor. λ = λ0 + (1 − λ0) · c, where c, the
 *   opponent's concession degree, is the share of distinct outcomes among its offers: the more it
 *   concedes, the later CUHKAgent stops exploiting (λ ≤ 0.98);
 * - acceptance threshold l(t) = Pmax − (Pmax − floor) · (t / λ)^α before λ, the floor after, with
 *   floor = max(Pmin, best opponent offer so far, Pmin + (Pmax − Pmin) · δ^(1−λ)): δ is the discount
 *   factor (a virtual 0.5 for undiscounted domains, see below);
 * - bidding: among its outcomes worth at least l(t) (and at most 0.05 above it) the one its
 *   frequency model rates best for the opponent; with probability ε = 0.1 (turn rng) a random one
 *   of those instead, to explore; in the end game (t ≥ 0.95) it offers back the opponent's best offer
 *   so far when that is worth at least Pmin;
 * - acceptance: the offer reaches l(t) or its next bid; in the end game also any offer at least as
 *   good as the best the opponent has made.
 *
 * Departures: with δ = 1 the paper's threshold never leaves Pmax; we use a virtual δ = 0.5 there so
 * that the agent concedes a little. The paper's reinforcement-learning opponent model is the
 * frequency model here; λ0 (0.7) and α (2) are parameters.
 */
import type { Bid } from '../bid-space.ts';
import { bidNearTarget } from '../boa/bidding.ts';
import { BoaNegotiator } from '../boa/boa.ts';
import type { BoaTurn, RatedOffer } from '../boa/types.ts';
import { frequencyModel } from '../opponent-models/frequency.ts';
import type { NegotiatorSetup } from '../types.ts';

/** CUHKAgent's parameters. */
export interface CuhkOptions {
  readonly lambda0?: number;
  readonly alpha?: number;
  readonly epsilon?: number;
}

const END_GAME = 0.95;
const WINDOW = 0.05;

/** What CUHKAgent reads of the opponents' offers: distinct outcomes, and the best acceptable one. */
interface OfferStats {
  seen: number;
  first: RatedOffer | undefined;
  last: RatedOffer | undefined;
  readonly distinct: Set<string>;
  best: Bid | null;
}

/**
 * Kept per offer list (a negotiator's transcript view, which grows in place and is rebuilt with new
 * objects when the transcript changes), so each offer is read once rather than twice per turn.
 */
const statsCache = new WeakMap<readonly RatedOffer[], OfferStats>();

function offerStats(turn: BoaTurn): OfferStats {
  const offers = turn.opponentOffers;
  let s = statsCache.get(offers);
  if (
    s === undefined ||
    s.seen > offers.length ||
    (s.seen > 0 && (offers[0] !== s.first || offers[s.seen - 1] !== s.last))
  ) {
    s = { seen: 0, first: undefined, last: undefined, distinct: new Set(), best: null };
    statsCache.set(offers, s);
  }
  for (; s.seen < offers.length; s.seen++) {
    const o = offers[s.seen] as RatedOffer;
    if (s.seen === 0) s.first = o;
    s.last = o;
    s.distinct.add(o.outcome.join(','));
    if ((s.best === null || o.utility > s.best.utility) && turn.setup.party.utility.acceptable(o.outcome)) {
      s.best = { outcome: [...o.outcome], utility: o.utility };
    }
  }
  return s;
}

function bestOpponentOffer(turn: BoaTurn): Bid | null {
  const best = offerStats(turn).best;
  return best === null ? null : { outcome: [...best.outcome], utility: best.utility };
}

/** CUHKAgent's acceptance threshold and floor at this turn. */
export function cuhkThreshold(
  turn: BoaTurn,
  lambda0: number,
  alpha: number,
): { threshold: number; floor: number } {
  const { opponentOffers, pmin, pmax } = turn;
  const distinct = offerStats(turn).distinct.size;
  const c = opponentOffers.length > 0 ? distinct / opponentOffers.length : 0;
  const lambda = Math.min(0.98, lambda0 + (1 - lambda0) * c);
  const d = turn.setup.party.discountFactor < 1 ? turn.setup.party.discountFactor : 0.5;
  const best = bestOpponentOffer(turn)?.utility ?? pmin;
  const floor = Math.min(pmax, Math.max(pmin, best, pmin + (pmax - pmin) * d ** (1 - lambda)));
  const t = turn.ctx.t;
  const threshold = t >= lambda ? floor : pmax - (pmax - floor) * (t / lambda) ** alpha;
  return { threshold, floor };
}

/**
 * @example
 * const agent = cuhkAgent(setup);
 */
export function cuhkAgent(setup: NegotiatorSetup, options: CuhkOptions = {}): BoaNegotiator {
  const lambda0 = options.lambda0 ?? 0.7;
  const alpha = options.alpha ?? 2;
  const epsilon = options.epsilon ?? 0.1;
  return new BoaNegotiator(setup, {
    spec: 'cuhkagent',
    model: (s) => frequencyModel(s.space, s.index),
    bidding: {
      name: 'cuhkagent',
      bid(turn): Bid | null {
        const { bids } = turn;
        if (bids.size === 0) return null;
        const { threshold } = cuhkThreshold(turn, lambda0, alpha);
        if (turn.ctx.t >= END_GAME) {
          const best = bestOpponentOffer(turn);
          if (best && best.utility >= turn.pmin) return best;
        }
        if (turn.ctx.rng.float() < epsilon) {
          const lo = Math.min(bids.lowerBound(threshold), bids.size - 1);
          const hi = Math.max(lo + 1, bids.lowerBound((bids.utilities[lo] as number) + WINDOW + 1e-9));
          const k = lo + turn.ctx.rng.int(hi - lo);
          return { outcome: bids.outcome(k), utility: bids.utilities[k] as number };
        }
        return bidNearTarget(bids, threshold, turn.model, turn.ctx.rng, WINDOW);
      },
    },
    acceptance: {
      name: 'cuhkagent',
      accept(turn, offer, next) {
        const u = turn.setup.party.utility.evaluate(offer);
        const { threshold } = cuhkThreshold(turn, lambda0, alpha);
        if (u >= threshold || next === null || u >= next.utility) return true;
        if (turn.ctx.t < END_GAME) return false;
        const best = bestOpponentOffer(turn);
        return best !== null && u >= best.utility;
      },
    },
  });
}
