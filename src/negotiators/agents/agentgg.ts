/**
 * AgentGG, winner of ANAC 2019 (automated negotiation league, negotiation under preference
 * uncertainty; Shaobo Xu and Peihao Ren, University of Southampton), from the ANAC 2019 results
 * (Aydoğan et al., "Challenges and Main Results of the Automated Negotiating Agents Competition (ANAC)
 * 2019", EUMAS/AT 2020, doi 10.1007/978-3-030-66412-1_23) and the agent its authors released with
 * GENIUS (`agents.anac.y2019.agentgg`), its fullest published description (see ../README.md for the
 * sources and every departure).
 *
 * AgentGG reasons in "importance": how good an outcome is for it, as a share of the way from its
 * worst to its best outcome, and, for the opponent, how often the opponent has offered each value
 * (summed over issues; counted during the first 30% of the session).
 *
 * - It opens with its best outcome.
 * - It estimates the Nash point from the opponent's opening offers: with m the best share it has seen
 *   in them, `nash = m + (1 − m)/1.7` (an assumed frontier shape between a straight line, /2, and a
 *   circle, /√2).
 * - Its lower threshold falls piecewise with time: 0.9999 (t < 0.01), 0.99 (t < 0.02), then down to
 *   0.9 by t = 0.2, to 30% of the way from the Nash estimate to 1 by t = 0.5, to 15% by 0.9, 5% by
 *   0.98, the Nash estimate by 0.995, 35% below it by 0.9989 and 40% below after; from t = 0.9 never
 *   below the reservation share + 0.3, + 0.25 and + 0.2. The upper threshold is 0.1 above it.
 * - It accepts an offer at or above its previous lower threshold, and in the very last moment
 *   (t ≥ 0.9989) one worth more than the reservation share + 0.2.
 * - It bids, among its outcomes between the thresholds, a random one before t = 0.2, and afterwards
 *   the one the opponent has offered most (highest importance to the opponent).
 */
import type { Outcome } from '../../model/outcome-space.ts';
import type { Random } from '../../model/random.ts';
import type { Bid, BidSpace } from '../bid-space.ts';
import { BoaNegotiator } from '../boa/boa.ts';
import type { BoaTurn, RatedOffer } from '../boa/types.ts';
import { AdditiveTable } from '../opponent-models/additive-table.ts';
import { valueSlot } from '../opponent-models/types.ts';
import type { NegotiatorSetup } from '../types.ts';

/** AgentGG's parameters. */
export interface AgentGGOptions {
  /** Divisor of the Nash estimate `m + (1 − m)/frontier` (1.7; 2 is a straight frontier, √2 a circle). */
  readonly frontier?: number;
}

/** The opponent's values are counted until this time. */
const COUNT_UNTIL = 0.3;
/** Share of the session over which the opponent's opening offers are read for the Nash estimate. */
const NASH_WINDOW = 0.003;
/** Candidates scored per bid at most (a strided sample of the window beyond that). */
const MAX_SCORED = 20_000;

/**
 * AgentGG's lower threshold (as a share from worst to best) at time t.
 *
 * @example
 * agentGGThreshold(0.1, 0.7, 0); // 0.95
 */
export function agentGGThreshold(t: number, nash: number, reserve: number): number {
  const toward = (share: number) => share * (1 - nash) + nash;
  const line = (t0: number, t1: number, a: number, b: number) => a - ((a - b) / (t1 - t0)) * (t - t0);
  if (t < 0.01) return 0.9999;
  if (t < 0.02) return 0.99;
  if (t < 0.2) return 0.99 - 0.5 * (t - 0.02);
  if (t < 0.5) return line(0.2, 0.5, 0.9, toward(0.3));
  if (t < 0.9) return line(0.5, 0.9, toward(0.3), toward(0.15));
  if (t < 0.98) return Math.max(line(0.9, 0.98, toward(0.15), toward(0.05)), reserve + 0.3);
  if (t < 0.995) return Math.max(line(0.98, 0.995, toward(0.05), toward(0)), reserve + 0.25);
  if (t < 0.999) return Math.max(line(0.995, 0.9989, toward(0), toward(-0.35)), reserve + 0.25);
  return Math.max(toward(-0.4), reserve + 0.2);
}

/**
 * The Nash estimate from the opponents' opening offers: the best share among the offers made within
 * `NASH_WINDOW` of the first one (at least that first offer); 0 before any offer.
 */
export function agentGGNash(
  offers: readonly RatedOffer[],
  share: (u: number) => number,
  frontier: number,
): number {
  const first = offers[0];
  if (first === undefined) return 0;
  let m = Number.NEGATIVE_INFINITY;
  for (const o of offers) {
    if (o.t > first.t + NASH_WINDOW && m > Number.NEGATIVE_INFINITY) break;
    m = Math.max(m, share(o.utility));
  }
  return m + (1 - m) / frontier;
}

/** The opponents' value counts (offers before `COUNT_UNTIL`), as an additive table of importance. */
function opponentImportance(turn: BoaTurn, table: AdditiveTable): void {
  const issues = turn.setup.space.issues;
  table.cells.fill(0);
  for (const o of turn.opponentOffers) {
    if (o.t >= COUNT_UNTIL) break;
    o.outcome.forEach((v, i) => {
      const slot = valueSlot(issues[i] as (typeof issues)[number], v);
      table.set(i, slot, table.get(i, slot) + 1);
    });
  }
}

/** Among bids [from, to), the one the table rates highest (ties by rng); a strided sample when many. */
function mostImportant(bids: BidSpace, from: number, to: number, table: AdditiveTable, rng: Random): number {
  const stride = Math.max(1, Math.ceil((to - from) / MAX_SCORED));
  const offset = stride > 1 ? rng.int(stride) : 0;
  const scratch = new Array<number>(bids.issues).fill(0);
  const scores = new Float64Array(stride === 1 ? to - from : 1);
  if (stride === 1) table.addUtilityOfBids(bids, from, to, scores, scratch);
  let best = Number.NEGATIVE_INFINITY;
  let tied: number[] = [];
  for (let k = from + offset; k < to; k += stride) {
    let score: number;
    if (stride === 1) score = scores[k - from] as number;
    else {
      scores[0] = 0;
      table.addUtilityOfBids(bids, k, k + 1, scores, scratch);
      score = scores[0] as number;
    }
    if (score > best) {
      best = score;
      tied = [k];
    } else if (score === best) tied.push(k);
  }
  return tied.length === 1 ? (tied[0] as number) : (tied[rng.int(tied.length)] as number);
}

/**
 * @example
 * const agent = agentGG(setup);
 */
export function agentGG(setup: NegotiatorSetup, options: AgentGGOptions = {}): BoaNegotiator {
  const frontier = options.frontier ?? 1.7;
  const table = new AdditiveTable(setup.space);
  // Shares run from the worst to the best outcome it may propose.
  const scale = (turn: BoaTurn) => {
    const lo = turn.bids.minUtility;
    const span = turn.pmax - lo;
    return {
      share: (u: number) => (span > 0 ? (u - lo) / span : 1),
      utility: (share: number) => lo + share * span,
    };
  };
  const thresholdAt = (turn: BoaTurn, t: number) => {
    const { share } = scale(turn);
    const nash = agentGGNash(turn.opponentOffers, share, frontier);
    return agentGGThreshold(t, nash, share(turn.setup.party.reservationValue));
  };
  return new BoaNegotiator(setup, {
    spec: 'agentgg',
    model: null,
    bidding: {
      name: 'agentgg',
      bid(turn): Bid | null {
        const { bids, ctx } = turn;
        if (bids.size === 0) return null;
        if (turn.opponentOffers.length === 0)
          return { outcome: bids.outcome(bids.size - 1), utility: turn.pmax };
        const { utility } = scale(turn);
        const low = thresholdAt(turn, ctx.t);
        const from = bids.lowerBound(utility(low));
        const to = bids.lowerBound(utility(low + 0.1) + 2e-9);
        let k: number;
        if (from >= to) {
          // Nothing between the thresholds: any outcome above the lower one, or the best.
          k = from >= bids.size ? bids.size - 1 : from + ctx.rng.int(bids.size - from);
        } else if (ctx.t < 0.2) {
          k = from + ctx.rng.int(to - from);
        } else {
          opponentImportance(turn, table);
          k = mostImportant(bids, from, to, table, ctx.rng);
        }
        return { outcome: bids.outcome(k), utility: bids.utilities[k] as number };
      },
    },
    acceptance: {
      name: 'agentgg',
      accept(turn, offer: Outcome) {
        const { share } = scale(turn);
        const u = share(turn.setup.party.utility.evaluate(offer));
        // The lower threshold it set on its previous turn (1 before it has set one).
        const previous = turn.ownOffers.at(-1);
        const heard = turn.opponentOffers[0];
        const standing = previous && heard && heard.t < previous.t ? thresholdAt(turn, previous.t) : 1;
        if (u >= standing) return true;
        return turn.ctx.t >= 0.9989 && u > share(turn.setup.party.reservationValue) + 0.2;
      },
    },
  });
}
