/**
 * AgentK, winner of ANAC 2010 (Kawaguchi, Fujita & Ito, "Compromising strategy based on estimated
 * maximum utility for automated negotiation agents", in New Trends in Agent-Based Complex Automated
 * Negotiations, Springer 2012), re-implemented from that description. AgentK keeps the mean μ and
 * the standard deviation σ of its own utility of the opponent's offers, and estimates the most the
 * opponent will ever offer it by assuming those offers are uniformly spread: `emax = μ + (1 − μ) · d`
 * (capped at 1), with d the spread of the offers derived from σ. Its target falls from the top towards emax:
 *
 *     target(t) = 1 − (1 − emax) · t^α          (α = 3, rescaled here to [Pmin, Pmax])
 *
 * It accepts an offer worth at least the target; below it, it accepts with probability
 * `p = t^5 / 5 + (u − emax) + (u − target)` (clamped to [0, 1]), drawn from the turn's rng, so a
 * good offer late in the session is likely taken. It bids a random outcome worth between the target
 * and the target + 0.05 (it has no opponent model to rank them), or the opponent's best offer so
 * far when that already reaches the target.
 *
 * Departures: we take d = √3 · σ, the half-width of a uniform distribution with standard deviation
 * σ (taking the full width √12 · σ made emax reach 1 against ordinary conceders in our tests, so the
 * agent never conceded). The paper's α depends on the discount factor and a tuned constant; here α is a
 * parameter (3). Utilities are mapped onto [Pmin, Pmax] (the paper works on [0, 1]) so that red lines
 * and the reservation value hold.
 */
import type { Bid } from '../bid-space.ts';
import { BoaNegotiator } from '../boa/boa.ts';
import type { BoaTurn } from '../boa/types.ts';
import type { NegotiatorSetup } from '../types.ts';

/** AgentK's estimate of the opponent and its target at this turn. */
export function agentKTarget(turn: BoaTurn, alpha: number): { target: number; emax: number } {
  const { opponentOffers, pmin, pmax } = turn;
  const span = pmax - pmin;
  const n = opponentOffers.length;
  if (n === 0 || !(span > 0)) return { target: pmax, emax: pmin };
  // Work on the [0, 1] scale of the paper: x = (u − Pmin) / (Pmax − Pmin).
  let mean = 0;
  for (const o of opponentOffers) mean += Math.max(0, (o.utility - pmin) / span);
  mean /= n;
  let v = 0;
  for (const o of opponentOffers) v += (Math.max(0, (o.utility - pmin) / span) - mean) ** 2;
  const sd = Math.sqrt(v / n);
  const emax = Math.min(1, mean + (1 - mean) * Math.sqrt(3) * sd);
  const x = 1 - (1 - emax) * turn.ctx.t ** alpha;
  return { target: pmin + span * x, emax: pmin + span * emax };
}

/**
 * @example
 * const agent = agentK(setup, { alpha: 3 });
 */
export function agentK(setup: NegotiatorSetup, options: { readonly alpha?: number } = {}): BoaNegotiator {
  const alpha = options.alpha ?? 3;
  return new BoaNegotiator(setup, {
    spec: 'agentk',
    model: null,
    bidding: {
      name: 'agentk',
      bid(turn): Bid | null {
        const { bids } = turn;
        if (bids.size === 0) return null;
        const { target } = agentKTarget(turn, alpha);
        let best: Bid | null = null;
        for (const o of turn.opponentOffers) {
          if ((best === null || o.utility > best.utility) && turn.setup.party.utility.acceptable(o.outcome)) {
            best = { outcome: [...o.outcome], utility: o.utility };
          }
        }
        if (best && best.utility >= target) return best;
        const lo = Math.min(bids.lowerBound(target), bids.size - 1);
        const hi = Math.max(lo + 1, bids.lowerBound((bids.utilities[lo] as number) + 0.05 + 1e-9));
        const k = lo + turn.ctx.rng.int(hi - lo);
        return { outcome: bids.outcome(k), utility: bids.utilities[k] as number };
      },
    },
    acceptance: {
      name: 'agentk',
      accept(turn, offer) {
        const u = turn.setup.party.utility.evaluate(offer);
        const { target, emax } = agentKTarget(turn, alpha);
        if (u >= target) return true;
        const span = turn.pmax - turn.pmin;
        if (!(span > 0)) return false;
        const x = (u - turn.pmin) / span;
        const p = turn.ctx.t ** 5 / 5 + (x - (emax - turn.pmin) / span) + (x - (target - turn.pmin) / span);
        return turn.ctx.rng.float() < Math.min(1, Math.max(0, p));
      },
    },
  });
}
