/**
 * Nice Tit for Tat (Baarslag, Hindriks & Jonker, "A tit for tat negotiation strategy for real-time
 * bilateral negotiations", in Complex Automated Negotiations, Springer 2013), re-implemented from
 * that description:
 *
 * - opponent model: Bayesian (Hindriks & Tykhonov; here the per-issue approximation of
 *   ../opponent-models/bayesian.ts);
 * - bidding: it reciprocates in the utility space: the opponent's concession is measured with the
 *   model as the share of the way from the opponent's first offer to the estimated Nash point, and
 *   Nice TFT concedes the same share of the way from its own best outcome to its utility of the
 *   Nash point, never beyond it ("nice": it starts cooperative and aims at Nash, not at exploiting);
 *   among the outcomes at that target it offers the one the model rates best for the opponent;
 * - acceptance: AC_next, and near the deadline (t ≥ 0.98) any offer at least as good as the best the
 *   opponent offered in the last window (AC_combi MaxW), standing in for the paper's "expected
 *   utility of waiting" test.
 *
 * Departures: the paper estimates the remaining offers' distribution for its end-game acceptance;
 * we use AC_combi(MaxW) instead. The Nash point is searched among the party's best 4,000 outcomes.
 */
import { acCombi } from '../acceptance.ts';
import { niceTitForTatTarget, targetBidder } from '../boa/bidding.ts';
import { acceptanceStrategy, BoaNegotiator } from '../boa/boa.ts';
import { bayesianModel } from '../opponent-models/bayesian.ts';
import type { NegotiatorSetup } from '../types.ts';

/**
 * @example
 * const agent = niceTitForTat(setup);
 */
export function niceTitForTat(
  setup: NegotiatorSetup,
  options: { readonly acceptFrom?: number } = {},
): BoaNegotiator {
  return new BoaNegotiator(setup, {
    spec: 'nicetft',
    model: (s) => bayesianModel(s.space, s.index),
    bidding: targetBidder('nicetft', 0.05, niceTitForTatTarget),
    acceptance: acceptanceStrategy(acCombi(options.acceptFrom ?? 0.98, 'maxw'), 'combi'),
  });
}
