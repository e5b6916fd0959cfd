import { describe, expect, it } from 'vitest';
import { Random } from '../model/random.ts';
import type { NegotiatorAction } from '../protocols/types.ts';
import { negotiatorSetup, twoIssueScenario } from '../run/test-scenarios.ts';
import { CONFORMANCE_PREFIX, registerConformanceOpponents } from './conformance-fixtures.ts';
import { createNegotiator } from './registry.ts';
import type { Negotiator, NegotiatorContext, VoteContext } from './types.ts';
import { defaultVote, voteOf } from './vote.ts';

const scenario = twoIssueScenario();
const buyer = scenario.parties[0] as (typeof scenario.parties)[number];

const ctx = (text: number[], standing: number[] | null, t = 0.5): VoteContext => ({
  t,
  step: 10,
  round: 5,
  text,
  standing,
  history: [],
  rng: Random.from(1, 'vote-test'),
});

/** A negotiator that answers every offer with `answer` and records what it was shown. */
function scripted(answer: NegotiatorAction['type']): Negotiator & { seen: NegotiatorContext[] } {
  const seen: NegotiatorContext[] = [];
  return {
    spec: 'scripted',
    seen,
    act: (c) => {
      seen.push(c);
      return answer === 'offer' ? { type: 'offer', outcome: [0, 0] } : { type: answer };
    },
  };
}

describe('defaultVote', () => {
  it('rejects a text below its floor whatever its acceptance logic says', () => {
    const yes = scripted('accept');
    // Price p5 crosses the buyer's red line; p4 with d3 is worth 0.7·0.2 = 0.14, below its 0.2.
    expect(defaultVote(yes, buyer, ctx([5, 0], null))).toEqual({ type: 'reject' });
    expect(defaultVote(yes, buyer, ctx([4, 3], null))).toEqual({ type: 'reject' });
    expect(yes.seen).toEqual([]);
  });

  it('before any text stands, votes as its own acceptance logic answers the text as an offer from the chair', () => {
    const yes = scripted('accept');
    expect(defaultVote(yes, buyer, ctx([1, 1], null, 0.25))).toEqual({ type: 'accept' });
    expect(yes.seen[0]).toMatchObject({ t: 0.25, step: 10, round: 5, offer: { outcome: [1, 1], by: -1 } });
    expect(defaultVote(scripted('offer'), buyer, ctx([1, 1], null))).toEqual({ type: 'reject' });
    expect(defaultVote(scripted('end'), buyer, ctx([1, 1], null))).toEqual({ type: 'reject' });
  });

  it('once a text stands, accepts exactly the texts worth at least as much to it', () => {
    const no = scripted('offer');
    const standing = [2, 1]; // 0.7·0.6 + 0.3·0.7 = 0.63 to the buyer
    expect(defaultVote(no, buyer, ctx([1, 1], standing))).toEqual({ type: 'accept' }); // 0.77
    expect(defaultVote(no, buyer, ctx([2, 1], standing))).toEqual({ type: 'accept' }); // the same
    expect(defaultVote(scripted('accept'), buyer, ctx([3, 1], standing))).toEqual({ type: 'reject' }); // 0.49
    expect(no.seen).toEqual([]);
  });

  it('a time-dependent negotiator holds out early and takes a fair text late', () => {
    const boulware = createNegotiator('boulware', negotiatorSetup(scenario, 'buyer'));
    const fair = [2, 1];
    expect(defaultVote(boulware, buyer, ctx(fair, null, 0.05))).toEqual({ type: 'reject' });
    expect(defaultVote(boulware, buyer, ctx(fair, null, 0.99))).toEqual({ type: 'accept' });
  });
});

describe('voteOf', () => {
  it('uses the negotiator’s own vote when it has one, else the default', () => {
    const own: Negotiator = { spec: 'own', act: () => ({ type: 'end' }), vote: () => ({ type: 'end' }) };
    expect(voteOf(own, buyer, ctx([1, 1], null))).toEqual({ type: 'end' });
    expect(voteOf(scripted('accept'), buyer, ctx([1, 1], null))).toEqual({ type: 'accept' });
  });

  it('the registry keeps a negotiator’s own vote (and adds none to one without)', () => {
    registerConformanceOpponents();
    const breaker = createNegotiator(
      `${CONFORMANCE_PREFIX}red-line-breaker`,
      negotiatorSetup(scenario, 'buyer'),
    );
    expect(breaker.vote?.(ctx([5, 0], null))).toEqual({ type: 'accept' });
    expect(createNegotiator('boulware', negotiatorSetup(scenario, 'buyer')).vote).toBeUndefined();
  });
});
