/**
 * PonPokoAgent, winner of ANAC 2017 (repeated multilateral league, individual utility; Takaki Matsune,
 * Tokyo University of Agriculture and Technology). It has no paper of its own that we could find:
 * the ANAC 2017 report (Aydoğan et al., "ANAC 2017: Repeated Multilateral Negotiation League", in
 * Advances in Automated Negotiations, Springer 2021, doi 10.1007/978-981-15-5869-6_7) names it, and
 * the agent its author released with GENIUS (`agents.anac.y2017.ponpokoagent`) is its published
 * description (see ../README.md for the sources and every departure).
 *
 * At the start it draws one of five concession patterns; each gives, at time t, an upper and a
 * lower utility threshold, some of them oscillating (|sin(20t)|, |sin(40t)|) so that an opponent
 * cannot read its concession:
 *
 *   0: high 1 − 0.1t,            low 1 − 0.1t − 0.1·|sin 40t|
 *   1: high 1,                   low 1 − 0.22t
 *   2: high 1 − 0.1t,            low 1 − 0.1t − 0.15·|sin 20t|
 *   3: high 1 − 0.05t,           low 1 − 0.1t (1 − 0.3t after t = 0.99)
 *   4: high 1 − 0.15t·|sin 20t|, low 1 − 0.21t·|sin 20t|
 *
 * It accepts an offer worth more than the low threshold and otherwise offers an outcome drawn
 * uniformly among its outcomes worth between the two thresholds, lowering the low one in steps of
 * 0.0001 until there is one. No opponent model. Thresholds are on the scale of its best outcome
 * (×Pmax: the same numbers as the agent's when its best outcome is worth 1, as in GENIUS profiles).
 */
import { Random } from '../../model/random.ts';
import type { Bid } from '../bid-space.ts';
import { BoaNegotiator } from '../boa/boa.ts';
import type { NegotiatorSetup } from '../types.ts';

/** PonPokoAgent's parameters. */
export interface PonPokoOptions {
  /** The concession pattern, 0–4; drawn from the session seed when absent. */
  readonly pattern?: number;
}

/** Number of concession patterns. */
export const PONPOKO_PATTERNS = 5;
/** Step by which the low threshold falls until an outcome lies between the thresholds. */
const STEP = 0.0001;

/**
 * The two thresholds of a pattern at time t, on the scale where the best outcome is worth 1.
 *
 * @example
 * ponPokoThresholds(1, 0.5); // { high: 1, low: 0.89 }
 */
export function ponPokoThresholds(pattern: number, t: number): { high: number; low: number } {
  const s20 = Math.abs(Math.sin(t * 20));
  const s40 = Math.abs(Math.sin(t * 40));
  switch (pattern) {
    case 0:
      return { high: 1 - 0.1 * t, low: 1 - 0.1 * t - 0.1 * s40 };
    case 1:
      return { high: 1, low: 1 - 0.22 * t };
    case 2:
      return { high: 1 - 0.1 * t, low: 1 - 0.1 * t - 0.15 * s20 };
    case 3:
      return { high: 1 - 0.05 * t, low: t > 0.99 ? 1 - 0.3 * t : 1 - 0.1 * t };
    default:
      return { high: 1 - 0.15 * t * s20, low: 1 - 0.21 * t * s20 };
  }
}

/** The pattern of a negotiator: the given one, or one drawn from its session seed and index. */
export function ponPokoPattern(setup: NegotiatorSetup, options: PonPokoOptions): number {
  return options.pattern ?? Random.from(setup.seed, 'ponpoko-pattern', setup.index).int(PONPOKO_PATTERNS);
}

/**
 * @example
 * const agent = ponPoko(setup, { pattern: 1 });
 */
export function ponPoko(setup: NegotiatorSetup, options: PonPokoOptions = {}): BoaNegotiator {
  const pattern = ponPokoPattern(setup, options);
  return new BoaNegotiator(setup, {
    spec: 'ponpoko',
    model: null,
    bidding: {
      name: 'ponpoko',
      bid(turn): Bid | null {
        const { bids, pmax } = turn;
        if (bids.size === 0) return null;
        const { high, low } = ponPokoThresholds(pattern, turn.ctx.t);
        const hi = high * pmax;
        let lo = low * pmax;
        // Outcomes worth at most `hi`: [0, end). None at all: its cheapest outcome.
        const end = bids.lowerBound(hi + 2e-9);
        if (end === 0) return { outcome: bids.outcome(0), utility: bids.utilities[0] as number };
        const top = bids.utilities[end - 1] as number;
        // Lower the low threshold in the agent's steps until the best outcome under `hi` is inside.
        if (top < lo) lo -= STEP * Math.ceil((lo - top) / STEP);
        const start = Math.min(bids.lowerBound(lo), end - 1);
        const k = start + turn.ctx.rng.int(end - start);
        return { outcome: bids.outcome(k), utility: bids.utilities[k] as number };
      },
    },
    acceptance: {
      name: 'ponpoko',
      accept(turn, offer) {
        const { low } = ponPokoThresholds(pattern, turn.ctx.t);
        return turn.setup.party.utility.evaluate(offer) > low * turn.pmax;
      },
    },
  });
}
