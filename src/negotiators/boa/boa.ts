/**
 * The BOA negotiator: a bidding strategy, an opponent model and an acceptance strategy composed by
 * name, `boa:bid=time(e=0.2),model=frequency,accept=combi(t=0.98)`. On each turn it updates its
 * transcript view and its model from `ctx.history` (caches keyed by the transcript, see
 * ../opponent-models/types.ts), asks the bidding strategy for a bid, and accepts the offer on the
 * table when it passes the rational floor (no own red line crossed, at least the reservation value)
 * and the acceptance strategy says so; else it proposes its bid, or walks away when it has none.
 * Acceptance conditions receive the history (previous own bid, the opponents' offers), so AC_prev,
 * AC_gap and AC_combi work here.
 */
import { LancasterError } from '../../errors.ts';
import type { Outcome } from '../../model/outcome-space.ts';
import type { NegotiatorAction } from '../../protocols/types.ts';
import {
  ACCEPTANCE_CONDITIONS,
  type AcceptanceCondition,
  acceptanceFromSpec,
  decideAcceptance,
  rationalFloor,
} from '../acceptance.ts';
import { type Bid, BidSpace } from '../bid-space.ts';
import { bayesianModel } from '../opponent-models/bayesian.ts';
import { frequencyModel } from '../opponent-models/frequency.ts';
import { perfectModel } from '../opponent-models/perfect.ts';
import type { OpponentEstimate, OpponentModel } from '../opponent-models/types.ts';
import type {
  Negotiator,
  NegotiatorContext,
  NegotiatorParams,
  NegotiatorSetup,
  ParamValue,
} from '../types.ts';
import { BIDDING_STRATEGIES, biddingFromSpec, numberOf, onlyKeys, specNode } from './bidding.ts';
import { TranscriptView } from './transcript.ts';
import type { AcceptanceStrategy, BiddingStrategy, BoaTurn } from './types.ts';

/** The parts of a BOA negotiator. */
export interface BoaParts {
  readonly bidding: BiddingStrategy;
  /** Makes the opponent model (once per negotiator); null keeps none. */
  readonly model: ((setup: NegotiatorSetup) => OpponentModel) | null;
  readonly acceptance: AcceptanceStrategy;
  readonly spec: string;
}

/**
 * An acceptance strategy from an acceptance condition (AC_next, AC_combi, ...), fed the history.
 *
 * @example
 * const a = acceptanceStrategy(acceptanceFromSpec('combi'), 'combi');
 */
export function acceptanceStrategy(condition: AcceptanceCondition, name: string): AcceptanceStrategy {
  return {
    name,
    accept: (turn, offer, next) =>
      decideAcceptance(turn.setup.party, offer, turn.ctx.t, next?.utility ?? null, condition, {
        previousBidUtility: turn.ownOffers.at(-1)?.utility ?? null,
        opponentOffers: turn.opponentOffers,
      }),
  };
}

/**
 * A negotiator made of BOA parts.
 *
 * @example
 * const n = new BoaNegotiator(setup, { bidding, model: (s) => frequencyModel(s.space, s.index), acceptance, spec: 'boa' });
 */
export class BoaNegotiator implements Negotiator {
  readonly spec: string;
  private readonly setup: NegotiatorSetup;
  private readonly parts: BoaParts;
  private readonly bids: BidSpace;
  private readonly pmax: number;
  private readonly pmin: number;
  private readonly view: TranscriptView;
  private readonly model: OpponentModel | null;

  constructor(setup: NegotiatorSetup, parts: BoaParts) {
    this.setup = setup;
    this.parts = parts;
    this.spec = parts.spec;
    this.bids = BidSpace.of(setup.party, setup.space, setup.seed, setup.index);
    this.pmax = this.bids.maxUtility;
    this.pmin = Math.max(setup.party.reservationValue, this.bids.minUtility);
    this.view = new TranscriptView(setup.index, setup.party.utility);
    this.model = parts.model ? parts.model(setup) : null;
  }

  /** The turn every part reads, with the caches brought up to date. */
  turn(ctx: NegotiatorContext): BoaTurn {
    this.view.update(ctx.history);
    this.model?.update(ctx.history);
    return {
      setup: this.setup,
      ctx,
      bids: this.bids,
      pmax: this.pmax,
      pmin: this.pmin,
      model: this.model,
      opponentOffers: this.view.others,
      ownOffers: this.view.own,
    };
  }

  act(ctx: NegotiatorContext): NegotiatorAction {
    const turn = this.turn(ctx);
    const bid: Bid | null = this.parts.bidding.bid(turn);
    const offer: Outcome | undefined = ctx.offer?.outcome;
    if (offer && rationalFloor(this.setup.party, offer) && this.parts.acceptance.accept(turn, offer, bid)) {
      return { type: 'accept' };
    }
    return bid ? { type: 'offer', outcome: bid.outcome } : { type: 'end' };
  }

  opponentModel(ctx: NegotiatorContext): OpponentEstimate | null {
    if (!this.model) return null;
    this.model.update(ctx.history);
    return this.model;
  }
}

/** The opponent models a spec can name, for `lancaster negotiators`. */
export const OPPONENT_MODELS: readonly { name: string; doc: string }[] = [
  { name: 'none', doc: 'none: no model (bids nearest the target)' },
  { name: 'frequency', doc: 'frequency(learn=0.2): HardHeaded-style issue weights and value frequencies' },
  { name: 'bayesian', doc: 'bayesian(concession=0.2,sigma=0.3): Hindriks & Tykhonov, per-issue hypotheses' },
  {
    name: 'perfect',
    doc: 'perfect: the true opponent utility; baseline tournaments only (needs grantOpponentOracle)',
  },
];

/**
 * An opponent-model maker from its spec value. `perfect` is checked when the negotiator is made:
 * without an oracle grant it is BAD_NEGOTIATOR_SPEC.
 */
export function modelFromSpec(
  value: ParamValue,
  where = 'model',
): ((setup: NegotiatorSetup) => OpponentModel) | null {
  const known = `one of ${OPPONENT_MODELS.map((m) => m.name).join(', ')}`;
  const { name, params } = specNode(value, where, known);
  const here = `${where}.${name}`;
  switch (name) {
    case 'none':
      onlyKeys(here, params, []);
      return null;
    case 'frequency': {
      onlyKeys(here, params, ['learn']);
      const learn = numberOf(here, params, 'learn', 0.2, 0, 10);
      return (s) => frequencyModel(s.space, s.index, { learn });
    }
    case 'bayesian': {
      onlyKeys(here, params, ['concession', 'sigma']);
      const concession = numberOf(here, params, 'concession', 0.2, 0, 1);
      const sigma = numberOf(here, params, 'sigma', 0.3, 1e-3, 10);
      return (s) => bayesianModel(s.space, s.index, { concession, sigma });
    }
    case 'perfect':
      onlyKeys(here, params, []);
      return perfectModel;
    default:
      throw new LancasterError({
        code: 'BAD_NEGOTIATOR_SPEC',
        path: here,
        message: `unknown opponent model '${name}'`,
        expected: known,
      });
  }
}

/** Default bid window: candidates up to this much above the target are offered to the model. */
export const DEFAULT_WINDOW = 0.05;

/** The `boa` negotiator's parameters, for the registry. */
export const BOA_PARAMS = [
  {
    name: 'bid',
    doc: `bidding strategy: ${BIDDING_STRATEGIES.map((b) => b.doc).join('; ')}`,
    type: 'spec',
    default: 'time',
  },
  {
    name: 'model',
    doc: `opponent model: ${OPPONENT_MODELS.map((m) => m.doc).join('; ')}`,
    type: 'spec',
    default: 'frequency',
  },
  {
    name: 'accept',
    doc: `acceptance condition: ${ACCEPTANCE_CONDITIONS.map((c) => c.doc).join('; ')}`,
    type: 'acceptance',
    default: 'next',
  },
  {
    name: 'window',
    doc: 'candidates up to this much own utility above the target are ranked by the opponent model',
    type: 'number',
    min: 0,
    max: 1,
    default: DEFAULT_WINDOW,
  },
] as const;

/**
 * The `boa` factory: builds the parts from the parsed spec (each part checks its own parameters).
 *
 * @example
 * const n = boaFromParams(parseSpec('boa:bid=nicetft,model=bayesian').params, setup, 'boa:bid=nicetft,model=bayesian');
 */
export function boaFromParams(params: NegotiatorParams, setup: NegotiatorSetup, spec: string): BoaNegotiator {
  const window = numberOf('window', params, 'window', DEFAULT_WINDOW, 0, 1);
  const accept = params.accept ?? 'next';
  return new BoaNegotiator(setup, {
    bidding: biddingFromSpec(params.bid ?? 'time', window),
    model: modelFromSpec(params.model ?? 'frequency'),
    acceptance: acceptanceStrategy(
      acceptanceFromSpec(accept),
      typeof accept === 'object' ? accept.name : String(accept),
    ),
    spec,
  });
}
