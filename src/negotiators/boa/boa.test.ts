import { describe, expect, it } from 'vitest';
import { LancasterError } from '../../errors.ts';
import { Random } from '../../model/random.ts';
import type { SessionEvent } from '../../protocols/types.ts';
import { runSession, SimulatedClock } from '../../run/session.ts';
import { negotiatorContext, negotiatorSetup, twoIssueScenario } from '../../run/test-scenarios.ts';
import {
  acCombi,
  acceptanceFromSpec,
  acceptanceNeedsHistory,
  acGap,
  acPrev,
  decideAcceptance,
} from '../acceptance.ts';
import { BidSpace } from '../bid-space.ts';
import type { OpponentModel } from '../opponent-models/types.ts';
import { createNegotiator } from '../registry.ts';
import { parseSpec } from '../spec.ts';
import type { NegotiatorContext, ParamValue } from '../types.ts';
import { bidNearTarget, niceTitForTatTarget, randomWalkTarget, titForTatTarget } from './bidding.ts';
import type { BoaTurn, RatedOffer } from './types.ts';

const scenario = twoIssueScenario();
const buyer = negotiatorSetup(scenario, 'buyer');
const rated = (utilities: number[]): RatedOffer[] =>
  utilities.map((utility, k) => ({ t: k / 10, party: 1, outcome: [0, 0], utility }));
const turn = (over: Partial<BoaTurn>): BoaTurn => ({
  setup: buyer,
  ctx: negotiatorContext(0.5, null),
  bids: BidSpace.of(buyer.party, buyer.space, 1, 0),
  pmax: 1,
  pmin: 0.2,
  model: null,
  opponentOffers: [],
  ownOffers: [],
  ...over,
});

/** A model that says the opponent likes a high delivery index. */
const likesSlowDelivery: OpponentModel = {
  name: 'fixed',
  update: () => {},
  utilityOf: (_p, o) => (o[1] as number) / 3,
  opponents: () => [1],
  utility: (o) => (o[1] as number) / 3,
};

describe('history-reading acceptance conditions', () => {
  const input = { t: 0.5, offerUtility: 0.6, nextBidUtility: 0.9 };
  it('AC_prev and AC_gap compare with the previous own bid and never fire before one', () => {
    expect(acPrev()({ ...input, previousBidUtility: 0.6 })).toBe(true);
    expect(acPrev()({ ...input, previousBidUtility: 0.61 })).toBe(false);
    expect(acPrev(1.1)({ ...input, previousBidUtility: 0.65 })).toBe(true);
    expect(acPrev()({ ...input, previousBidUtility: null })).toBe(false);
    expect(acPrev()(input)).toBe(false);
    expect(acGap(0.05)({ ...input, previousBidUtility: 0.65 })).toBe(true);
    expect(acGap(0.05)({ ...input, previousBidUtility: 0.66 })).toBe(false);
  });

  it('AC_combi: AC_next, or after T at least the best (MaxW) / mean (Avg) offer of the last window', () => {
    // At t = 0.9 the window is [0.8, 0.9]: the 0.7 offer at t = 0.5 is outside it.
    const opponentOffers = [
      { t: 0.5, utility: 0.7 },
      { t: 0.82, utility: 0.5 },
      { t: 0.88, utility: 0.6 },
    ];
    const at = (t: number, offerUtility: number) => ({
      t,
      offerUtility,
      nextBidUtility: 0.95,
      opponentOffers,
    });
    expect(acCombi(0.85, 'maxw')(at(0.9, 0.6))).toBe(true);
    expect(acCombi(0.85, 'maxw')(at(0.9, 0.59))).toBe(false);
    expect(acCombi(0.85, 'avg')(at(0.9, 0.55))).toBe(true);
    expect(acCombi(0.85, 'avg')(at(0.9, 0.54))).toBe(false);
    expect(acCombi(0.95, 'maxw')(at(0.9, 0.6))).toBe(false); // before T
    expect(acCombi(0.5)({ t: 0.9, offerUtility: 0.96, nextBidUtility: 0.95 })).toBe(true); // AC_next
  });

  it('parse from specs, and are flagged as needing the history', () => {
    const spec = (s: string) => parseSpec(`x:accept=${s}`).params.accept as ParamValue;
    expect(acceptanceNeedsHistory(spec('any(next,combi(t=0.9,kind=avg))'))).toBe(true);
    expect(acceptanceNeedsHistory(spec('gap(c=0.1)'))).toBe(true);
    expect(acceptanceNeedsHistory(spec('any(next,time(t=0.9))'))).toBe(false);
    expect(() => acceptanceFromSpec(spec('combi(kind=median)'))).toThrow(/maxw or avg/);
    expect(() => acceptanceFromSpec(spec('gap'))).toThrow(/required/);
    expect(() => createNegotiator('boulware:accept=combi', buyer)).toThrow(/only BOA negotiators/);
  });

  it('decideAcceptance passes the history, discounted like the offer', () => {
    const party = { ...buyer.party, discountFactor: 0.5 };
    const seen: unknown[] = [];
    decideAcceptance(
      party,
      [0, 0],
      1,
      0.9,
      (i) => {
        seen.push(i);
        return true;
      },
      { previousBidUtility: 0.8, opponentOffers: [{ t: 0.2, utility: 0.6 }] },
    );
    expect(seen[0]).toEqual({
      t: 1,
      offerUtility: 0.5,
      nextBidUtility: 0.45,
      previousBidUtility: 0.4,
      opponentOffers: [{ t: 0.2, utility: 0.3 }],
    });
  });
});

describe('bidding', () => {
  const bids = BidSpace.of(buyer.party, buyer.space, 1, 0);
  it('among bids near the target, offers the one the opponent model rates highest', () => {
    const rng = Random.from(1, 'x');
    const plain = bidNearTarget(bids, 0.5, null, rng, 0.2);
    const modelled = bidNearTarget(bids, 0.5, likesSlowDelivery, rng, 0.2);
    expect(plain && modelled).toBeTruthy();
    expect(modelled?.utility).toBeGreaterThanOrEqual(0.5 - 1e-9);
    expect(modelled?.utility).toBeLessThanOrEqual((plain?.utility ?? 0) + 0.2 + 1e-9);
    expect(modelled?.outcome[1]).toBeGreaterThan(plain?.outcome[1] ?? 0);
    // With no window it is the cheapest at the target, like the time-dependent family.
    expect(bidNearTarget(bids, 0.5, likesSlowDelivery, rng, 0)?.utility).toBe(plain?.utility);
  });

  it('absolute tit for tat concedes what the opponent conceded beyond its best; relative by the same ratio', () => {
    expect(titForTatTarget('absolute')(turn({ opponentOffers: rated([0.3, 0.4, 0.45]) }))).toBeCloseTo(
      0.85,
      12,
    );
    expect(titForTatTarget('relative')(turn({ opponentOffers: rated([0.3, 0.4, 0.5]) }))).toBeCloseTo(
      0.6,
      12,
    );
    // A retraction is not reciprocated, nor a return to an earlier level paid for twice.
    expect(titForTatTarget('absolute')(turn({ opponentOffers: rated([0.5, 0.3]) }))).toBe(1);
    expect(titForTatTarget('absolute')(turn({ opponentOffers: rated([0.3, 0.5, 0.2, 0.5]) }))).toBeCloseTo(
      0.8,
      12,
    );
    expect(titForTatTarget('relative')(turn({ opponentOffers: rated([0.3, 0.6, 0.1, 0.6]) }))).toBeCloseTo(
      0.5,
      12,
    );
    // It never falls below Pmin.
    expect(titForTatTarget('absolute')(turn({ opponentOffers: rated([0, 1]) }))).toBe(0.2);
  });

  it('Nice TFT concedes the share of the way to Nash the opponent conceded, and no further', () => {
    /** The opponent likes a high price and a slow delivery, equally. */
    const model: OpponentModel = {
      ...likesSlowDelivery,
      utility: (o) => 0.5 * ((o[0] as number) / 5) + 0.5 * ((o[1] as number) / 3),
    };
    const offers = (o: number[][]) => o.map((outcome, k) => ({ t: k / 10, party: 1, outcome, utility: 0 }));
    const target = (o: number[][]) => niceTitForTatTarget(turn({ model, opponentOffers: offers(o) }));
    expect(target([[5, 3]])).toBe(1);
    const some = target([
      [5, 3],
      [4, 3],
    ]);
    const more = target([
      [5, 3],
      [3, 2],
    ]);
    expect(some).toBeLessThan(1);
    expect(more).toBeLessThan(some);
    // Past the estimated Nash point a bigger concession changes nothing.
    expect(
      target([
        [5, 3],
        [1, 0],
      ]),
    ).toBe(
      target([
        [5, 3],
        [0, 0],
      ]),
    );
    expect(
      target([
        [5, 3],
        [0, 0],
      ]),
    ).toBeLessThan(more);
    expect(
      target([
        [5, 3],
        [0, 0],
      ]),
    ).toBeGreaterThan(0.2);
  });

  it('the random walk replays the same path from the setup seed, and depends on it', () => {
    const own = (n: number) => rated(new Array(n).fill(0.5));
    const walk = randomWalkTarget(0.1);
    const a = [1, 2, 3, 8].map((n) => walk(turn({ ownOffers: own(n) })));
    const b = [1, 2, 3, 8].map((n) => walk(turn({ ownOffers: own(n) })));
    expect(a).toEqual(b);
    const other = [1, 2, 3, 8].map((n) => walk(turn({ setup: { ...buyer, seed: 99 }, ownOffers: own(n) })));
    expect(other).not.toEqual(a);
    for (const x of a) expect(x >= 0.2 && x <= 1).toBe(true);
  });
});

describe('boa specs', () => {
  it('rejects unknown parts and bad parameters with BAD_NEGOTIATOR_SPEC naming the place', () => {
    for (const [spec, where] of [
      ['boa:bid=magic', 'bid.magic'],
      ['boa:bid=time(e=-1)', 'bid.time.e'],
      ['boa:bid=tft(kind=sideways)', 'bid.tft.kind'],
      ['boa:model=psychic', 'model.psychic'],
      ['boa:model=frequency(rate=2)', 'model.frequency.rate'],
      ['boa:accept=later', 'accept.later'],
      ['boa:window=2', 'window'],
    ] as const) {
      let caught: unknown;
      try {
        createNegotiator(spec, buyer);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(LancasterError);
      expect((caught as LancasterError).code).toBe('BAD_NEGOTIATOR_SPEC');
      expect((caught as LancasterError).problems[0]?.path).toBe(where);
    }
  });

  it('exposes its opponent model for accuracy scoring; model=none exposes null', () => {
    const n = createNegotiator('boa:model=frequency', buyer);
    const history: SessionEvent[] = [
      { type: 'offer', step: 1, round: 0, t: 0.05, party: 1, outcome: [4, 3] },
    ];
    const ctx: NegotiatorContext = { ...negotiatorContext(0.1, [4, 3]), history };
    expect(n.opponentModel?.(ctx)?.utility([4, 3])).toBeGreaterThan(
      n.opponentModel?.(ctx)?.utility([0, 0]) ?? 1,
    );
    expect(createNegotiator('boa:model=none', buyer).opponentModel?.(ctx)).toBeNull();
    expect(createNegotiator('boulware', buyer).opponentModel).toBeUndefined();
  });

  it('a learning model changes the bids (model=frequency against model=none)', () => {
    const run = (model: string) =>
      runSession(scenario, {
        seed: 2,
        clock: new SimulatedClock(1),
        negotiators: { buyer: `boa:bid=time(e=1),model=${model},window=0.3`, seller: 'boulware' },
      }).result?.events.filter((e) => e.type === 'offer' && e.party === 0);
    expect(JSON.stringify(run('frequency'))).not.toBe(JSON.stringify(run('none')));
  });
});
