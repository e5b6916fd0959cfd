/**
 * The negotiator contract. A negotiator sees only its own party (its utility function, red lines
 * and reservation value), the outcome space, the public history and the clock: never another
 * party's preferences. `act` (its move at an SAOP table) and `vote` (its answer to the chair's
 * text at a mediated table) must depend only on the setup and the context they are given (caches
 * are fine, hidden state is not), so a session replayed or resumed from JSON ends the same way.
 * `vote` is optional: without it a negotiator votes by its own acceptance logic (see vote.ts).
 */
import type { OutcomeSpace } from '../model/outcome-space.ts';
import type { Party } from '../model/party.ts';
import type { Random } from '../model/random.ts';
import type { NegotiatorAction, NegotiatorVote, SessionEvent } from '../protocols/types.ts';
import type { OpponentEstimate } from './opponent-models/types.ts';

/** What a negotiator is told once, when it is created. */
export interface NegotiatorSetup {
  readonly party: Party;
  readonly space: OutcomeSpace;
  /** This party's index in the turn order, and all party ids in that order. */
  readonly index: number;
  readonly parties: readonly string[];
  /** Deadline in rounds. */
  readonly rounds: number;
  /** The session seed; a negotiator derives its own substreams from it. */
  readonly seed: number;
  /** The protocol's budget for one action (ms), when the runner knows it (external negotiators wait this long). */
  readonly actionBudgetMs?: number;
}

/** What a negotiator is told on each of its turns. */
export interface NegotiatorContext {
  /** Normalised time in [0, 1]. */
  readonly t: number;
  readonly step: number;
  readonly round: number;
  /**
   * The offer on the table (null when this party opens), and the index of who made it (−1 when the
   * chair of a mediated session tabled it: see `defaultVote`).
   */
  readonly offer: { readonly outcome: readonly number[]; readonly by: number } | null;
  /** Public transcript so far (offers, accepts, breaks, vetoes): no private data of anyone. */
  readonly history: readonly SessionEvent[];
  /** A substream for this party and this step: same seed, same draws. */
  readonly rng: Random;
}

/** What a negotiator is told when it votes on the chair's text (mediated protocol). */
export interface VoteContext {
  /** Normalised time in [0, 1]. */
  readonly t: number;
  readonly step: number;
  readonly round: number;
  /** The chair's text under vote. */
  readonly text: readonly number[];
  /** The standing text (the last one every party accepted), which this text would replace; null when none stands. */
  readonly standing: readonly number[] | null;
  /** Public transcript so far (the chair's texts, tallies of earlier votes, breaks, vetoes). */
  readonly history: readonly SessionEvent[];
  /** A substream for this party and this step: same seed, same draws. */
  readonly rng: Random;
}

export interface Negotiator {
  /** The registry spec this negotiator was made from, e.g. `boulware:e=0.2`. */
  readonly spec: string;
  act(ctx: NegotiatorContext): NegotiatorAction;
  /**
   * Optional: the vote on the chair's text at a mediated table. Without it the negotiator votes
   * with `defaultVote` (its rational floor, the standing text and its own acceptance logic).
   */
  vote?(ctx: VoteContext): NegotiatorVote;
  /**
   * Optional: the negotiator's current estimate of its opponents' utility, brought up to date with
   * `ctx.history`, so tournaments can score model accuracy (`modelAccuracy`). Null when it keeps no model.
   */
  opponentModel?(ctx: NegotiatorContext): OpponentEstimate | null;
  /**
   * Optional: called by the runner once before the first turn, untimed (an external negotiator
   * starts its process here). A failure must not throw: it is reported on the first turn.
   */
  start?(): void;
  /** Optional: called by the runner when it is done with the negotiator (ends an external process). */
  close?(): void;
}

/** Makes a negotiator from its parameters and setup. */
export type NegotiatorFactory = (params: NegotiatorParams, setup: NegotiatorSetup) => Negotiator;

/** Parsed parameters: `boulware:e=0.2,accept=next(a=1,b=0)` → `{ e: 0.2, accept: { name: 'next', params: { a: 1, b: 0 } } }`. */
export type ParamValue =
  | number
  | string
  | boolean
  | { readonly name: string; readonly params: NegotiatorParams };
export type NegotiatorParams = Readonly<Record<string, ParamValue>>;
