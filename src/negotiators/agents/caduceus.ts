/**
 * Caduceus, winner of ANAC 2016 (multilateral; Taha D. Güneş and Emir Arditi, Özyeğin University),
 * after Güneş, Arditi & Aydoğan, "Collective Voice of Experts in Multilateral Negotiation", PRIMA
 * 2017 (LNCS 10621, pp. 450–458, doi 10.1007/978-3-319-69131-2_27), and the agent the authors
 * released with GENIUS (`agents.anac.y2016.caduceus`), read where the paper's abstract leaves the
 * method open (see ../README.md for the sources and every departure). It works with any number of
 * parties, as its experts do.
 *
 * Caduceus is a portfolio of expert negotiators, each with an expertise weight. Until a share `best`
 * of the session (times the discount factor) it offers its best outcome. After that every expert is
 * asked what it would do on this turn; the weights of the experts that would accept and of those
 * that would offer are summed, and the larger side wins (a tie offers its best outcome). When the
 * offering side wins:
 *
 * - `mode=portfolio` (the ANAC 2016 agent, the paper's "incremental portfolio"): one expert's bid is
 *   drawn with probability proportional to its weight;
 * - `mode=crossover` (the paper's "crossover strategy", which its authors' 2017 agent CaduceusDC16
 *   used): the bid is built issue by issue, each issue taking the value with the most expert weight
 *   behind it among the experts' bids (ties to the heavier expert); when that outcome crosses one of
 *   its red lines or falls below its reservation value, the portfolio draw is used instead.
 *
 * Experts here (the original's ParsAgent, RandomDance and Kawaii do not exist in Lancaster): Atlas3
 * (weight 500), HardHeaded (10), CUHKAgent (5), AgentK (3) and Boulware (1), the original weights
 * normalised to sum to 1.
 */

import type { NegotiatorAction } from '../../protocols/types.ts';
import { rationalFloor } from '../acceptance.ts';
import { BidSpace } from '../bid-space.ts';
import { TimeDependentNegotiator } from '../time-dependent.ts';
import type { Negotiator, NegotiatorContext, NegotiatorSetup } from '../types.ts';
import { agentK } from './agentk.ts';
import { atlas3 } from './atlas3.ts';
import { cuhkAgent } from './cuhkagent.ts';
import { hardHeaded } from './hardheaded.ts';

/** How Caduceus turns its experts' bids into one. */
export type CaduceusMode = 'portfolio' | 'crossover';

/** Caduceus's parameters. */
export interface CaduceusOptions {
  readonly mode?: CaduceusMode;
  /** Share of the session (times the discount factor) during which it offers its best outcome (0.83). */
  readonly best?: number;
}

/** An expert of the portfolio: its name, its expertise weight (before normalising) and its maker. */
export interface CaduceusExpert {
  readonly name: string;
  readonly weight: number;
  readonly make: (setup: NegotiatorSetup) => Negotiator;
}

/** The default portfolio, heaviest first (the original's weights 500, 10, 5, 3, 1). */
export const CADUCEUS_EXPERTS: readonly CaduceusExpert[] = [
  { name: 'atlas3', weight: 500, make: (s) => atlas3(s) },
  { name: 'hardheaded', weight: 10, make: (s) => hardHeaded(s) },
  { name: 'cuhkagent', weight: 5, make: (s) => cuhkAgent(s) },
  { name: 'agentk', weight: 3, make: (s) => agentK(s) },
  {
    name: 'boulware',
    weight: 1,
    make: (s) => new TimeDependentNegotiator(s, { e: 0.2, k: 0, spec: 'boulware' }),
  },
];

/** The experts' answers on one turn, with their normalised weights. */
export interface ExpertVotes {
  readonly actions: readonly NegotiatorAction[];
  readonly weights: readonly number[];
}

/**
 * Caduceus's decision from its experts' answers: accept, or the bid it offers (null: its best).
 * `draw` is a uniform number in [0, 1) for the portfolio draw.
 *
 * @example
 * caduceusDecision({ actions, weights }, 'portfolio', 0.3);
 */
export function caduceusDecision(
  votes: ExpertVotes,
  mode: CaduceusMode,
  draw: number,
  acceptable: (o: number[]) => boolean = () => true,
): { type: 'accept' } | { type: 'offer'; outcome: number[] | null } {
  let accept = 0;
  let offer = 0;
  const offers: { outcome: number[]; weight: number }[] = [];
  votes.actions.forEach((a, k) => {
    const w = votes.weights[k] as number;
    if (a.type === 'accept') accept += w;
    else if (a.type === 'offer') {
      offer += w;
      offers.push({ outcome: [...a.outcome], weight: w });
    }
  });
  if (accept > offer) return { type: 'accept' };
  if (offer <= accept) return { type: 'offer', outcome: null };
  if (mode === 'crossover') {
    const crossed = crossover(offers);
    if (acceptable(crossed)) return { type: 'offer', outcome: crossed };
  }
  let acc = 0;
  for (const o of offers) {
    acc += o.weight / offer;
    if (draw < acc) return { type: 'offer', outcome: o.outcome };
  }
  return { type: 'offer', outcome: (offers.at(-1) as { outcome: number[] }).outcome };
}

/** Issue by issue, the value with the most weight behind it (ties to the value of the heavier expert). */
function crossover(offers: readonly { outcome: number[]; weight: number }[]): number[] {
  const n = (offers[0] as { outcome: number[] }).outcome.length;
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const tally = new Map<number, { sum: number; heaviest: number }>();
    for (const o of offers) {
      const v = o.outcome[i] as number;
      const t = tally.get(v) ?? { sum: 0, heaviest: 0 };
      t.sum += o.weight;
      t.heaviest = Math.max(t.heaviest, o.weight);
      tally.set(v, t);
    }
    let best: [number, { sum: number; heaviest: number }] | null = null;
    for (const entry of tally) {
      if (
        best === null ||
        entry[1].sum > best[1].sum ||
        (entry[1].sum === best[1].sum && entry[1].heaviest > best[1].heaviest)
      )
        best = entry;
    }
    out[i] = (best as [number, unknown])[0];
  }
  return out;
}

/**
 * The Caduceus negotiator.
 *
 * @example
 * const agent = new CaduceusNegotiator(setup, { mode: 'crossover' });
 */
export class CaduceusNegotiator implements Negotiator {
  readonly spec = 'caduceus';
  private readonly setup: NegotiatorSetup;
  private readonly bids: BidSpace;
  private readonly experts: Negotiator[];
  private readonly weights: number[];
  private readonly mode: CaduceusMode;
  private readonly bestShare: number;

  constructor(
    setup: NegotiatorSetup,
    options: CaduceusOptions = {},
    experts: readonly CaduceusExpert[] = CADUCEUS_EXPERTS,
  ) {
    this.setup = setup;
    this.bids = BidSpace.of(setup.party, setup.space, setup.seed, setup.index);
    this.experts = experts.map((e) => e.make(setup));
    const total = experts.reduce((s, e) => s + e.weight, 0);
    this.weights = experts.map((e) => e.weight / total);
    this.mode = options.mode ?? 'portfolio';
    this.bestShare = options.best ?? 0.83;
  }

  act(ctx: NegotiatorContext): NegotiatorAction {
    const party = this.setup.party;
    if (this.bids.size === 0) return { type: 'end' };
    const best = this.bids.outcome(this.bids.size - 1);
    if (ctx.t < this.bestShare * party.discountFactor) return { type: 'offer', outcome: best };
    const actions = this.experts.map((e) => e.act(ctx));
    const decision = caduceusDecision({ actions, weights: this.weights }, this.mode, ctx.rng.float(), (o) =>
      rationalFloor(party, o),
    );
    if (decision.type === 'accept') {
      const offer = ctx.offer?.outcome;
      if (offer && rationalFloor(party, offer)) return { type: 'accept' };
      return { type: 'offer', outcome: best };
    }
    return { type: 'offer', outcome: decision.outcome ?? best };
  }
}

/**
 * @example
 * const agent = caduceus(setup, { mode: 'portfolio' });
 */
export function caduceus(setup: NegotiatorSetup, options: CaduceusOptions = {}): CaduceusNegotiator {
  return new CaduceusNegotiator(setup, options);
}
