/**
 * How a negotiator answers the chair's text at a mediated table. A negotiator may define its own
 * `vote`; every other negotiator votes with `defaultVote`, derived from what it already knows how
 * to do, so that every negotiator can sit at a mediated table:
 *
 * 1. the rational floor first: a text that crosses one of its own red lines, or is worth less to
 *    it than its reservation value, is rejected (the same floor as every acceptance condition);
 * 2. when a text stands (every party accepted it earlier, so the talks end with it unless another
 *    is adopted), the party accepts the new text exactly when it is worth at least as much to it as
 *    the standing one: a vote for a worse text would only lower its own outcome (Klein et al.'s
 *    hill-climbing voter);
 * 3. before any text stands, the party treats the text as an offer on the table, from the chair
 *    (`offer.by` is −1), and accepts it when its own `act` would accept it: its acceptance
 *    condition (AC_next against its current bid, a time-dependent target, an ANAC agent's own
 *    rule) decides, so a Boulware negotiator holds out for a good text and a conceder takes one
 *    early.
 *
 * Utilities are undiscounted: the discount at a given time is the same factor for both texts.
 */
import type { Party } from '../model/party.ts';
import type { NegotiatorVote } from '../protocols/types.ts';
import { rationalFloor } from './acceptance.ts';
import type { Negotiator, VoteContext } from './types.ts';

const ACCEPT: NegotiatorVote = { type: 'accept' };
const REJECT: NegotiatorVote = { type: 'reject' };

/**
 * The vote of a negotiator without a `vote` of its own (see the module comment).
 *
 * @example
 * defaultVote(negotiator, party, { t: 0.5, step: 8, round: 4, text, standing: null, history, rng });
 */
export function defaultVote(negotiator: Negotiator, party: Party, ctx: VoteContext): NegotiatorVote {
  if (!rationalFloor(party, ctx.text)) return REJECT;
  if (ctx.standing !== null) {
    return party.utility.evaluate(ctx.text) >= party.utility.evaluate(ctx.standing) ? ACCEPT : REJECT;
  }
  const move = negotiator.act({
    t: ctx.t,
    step: ctx.step,
    round: ctx.round,
    offer: { outcome: ctx.text, by: -1 },
    history: ctx.history,
    rng: ctx.rng,
  });
  return move?.type === 'accept' ? ACCEPT : REJECT;
}

/**
 * The negotiator's vote: its own `vote` when it has one, else `defaultVote`.
 *
 * @example
 * const vote = voteOf(negotiator, party, ctx); // { type: 'accept' } | { type: 'reject' } | { type: 'end' }
 */
export function voteOf(negotiator: Negotiator, party: Party, ctx: VoteContext): NegotiatorVote {
  return negotiator.vote ? negotiator.vote(ctx) : defaultVote(negotiator, party, ctx);
}
