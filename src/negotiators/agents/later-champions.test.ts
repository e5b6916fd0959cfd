import { describe, expect, it } from 'vitest';
import type { SessionEvent } from '../../protocols/types.ts';
import { runSession, SimulatedClock } from '../../run/session.ts';
import {
  negotiatorContext,
  negotiatorSetup,
  threePartyScenario,
  twoIssueScenario,
} from '../../run/test-scenarios.ts';
import { BidSpace } from '../bid-space.ts';
import { createNegotiator, listNegotiators } from '../registry.ts';
import type { NegotiatorContext } from '../types.ts';
import { agentGGNash, agentGGThreshold } from './agentgg.ts';
import { Atlas3Record, atlas3Threshold } from './atlas3.ts';
import { CaduceusNegotiator, caduceusDecision } from './caduceus.ts';
import { PONPOKO_PATTERNS, ponPokoPattern, ponPokoThresholds } from './ponpoko.ts';

const two = twoIssueScenario({ rounds: 20 });
const buyer = negotiatorSetup(two, 'buyer');
const offer = (step: number, party: number, outcome: number[], t: number): SessionEvent => ({
  type: 'offer',
  step,
  round: Math.floor(step / 2),
  t,
  party,
  outcome,
});
const at = (t: number, history: SessionEvent[], offered: number[] | null, seed = 1): NegotiatorContext => ({
  ...negotiatorContext(t, offered, seed),
  history,
  offer: offered === null ? null : { outcome: offered, by: 1 },
});

describe('the later ANAC champions', () => {
  it('are registered by name', () => {
    const names = listNegotiators().map((n) => n.name);
    for (const n of ['atlas3', 'caduceus', 'ponpoko', 'agentgg']) expect(names).toContain(n);
    expect(() => createNegotiator('caduceus:mode=vote', buyer)).toThrow(/portfolio or crossover/);
    expect(() => createNegotiator('ponpoko:pattern=1.5', buyer)).toThrow(/whole number/);
  });
});

describe('Atlas3', () => {
  it('concedes to the expected utility of the final-offer game: q = 1/3, EU = 2/3 for C = 0.5', () => {
    const g = { df: 1, rv: 0, best: 1, compromise: 0.5, pf: 0.5 };
    const mid = atlas3Threshold({ ...g, t: 0.5 });
    expect(mid.q).toBeCloseTo(1 / 3, 12);
    expect(mid.expected).toBeCloseTo(2 / 3, 12);
    expect(mid.threshold).toBeCloseTo(2 / 3 + (1 / 3) * 0.5, 12);
    expect(atlas3Threshold({ ...g, t: 0 }).threshold).toBeCloseTo(1, 12);
    expect(atlas3Threshold({ ...g, t: 1 }).threshold).toBeCloseTo(2 / 3, 12);
    // A better compromise on the table raises the lower limit.
    expect(atlas3Threshold({ ...g, t: 1, compromise: 0.8 }).threshold).toBeGreaterThan(2 / 3);
    // Discounted: max(1 − t/δ, EU/δ^t).
    const d = atlas3Threshold({ ...g, df: 0.8, t: 0.5 });
    expect(d.threshold).toBeCloseTo(Math.max(1 - 0.5 / 0.8, d.expected / 0.8 ** 0.5), 12);
  });

  it('counts an offer as popular once every other party supports it (multilateral), any offer bilaterally', () => {
    const three = threePartyScenario();
    const us = new Atlas3Record(negotiatorSetup(three, 'us'));
    const history: SessionEvent[] = [
      offer(0, 0, [0, 3, 0], 0),
      offer(1, 1, [0, 1, 2], 0.01), // cn offers, eu counters: not popular
      offer(2, 2, [1, 2, 2], 0.02),
      { type: 'accept', step: 3, round: 1, t: 0.03, party: 0, outcome: [1, 2, 2] }, // us itself: no support
      offer(4, 1, [1, 0, 2], 0.04), // cn offers, eu accepts: popular
      { type: 'accept', step: 5, round: 1, t: 0.05, party: 2, outcome: [1, 0, 2] },
    ];
    us.update(history);
    expect(us.popular.map((p) => p.outcome)).toEqual([[1, 0, 2]]);
    expect(us.bestOffered).toBeGreaterThan(us.maxPopular);
    const bilateral = new Atlas3Record(buyer);
    bilateral.update([offer(1, 1, [3, 2], 0.1), offer(3, 1, [2, 1], 0.2)]);
    expect(bilateral.popular.map((p) => p.outcome)).toEqual([
      [2, 1],
      [3, 2],
    ]);
  });

  it('in its final phase offers the popular bids best first, then accepts', () => {
    const atlas = createNegotiator('atlas3', buyer);
    const history: SessionEvent[] = [];
    for (let k = 0; k < 8; k++) {
      history.push(offer(2 * k, 0, [0, 0], (2 * k) / 40));
      history.push(offer(2 * k + 1, 1, k < 4 ? [2, 1] : [3, 2], (2 * k + 1) / 40));
    }
    // Own turns take 0.95/9 each; two popular bids: the final phase starts at 1 − 3·0.95/9 ≈ 0.68.
    const first = atlas.act(at(0.95, history, [4, 3]));
    expect(first).toEqual({ type: 'offer', outcome: [2, 1] });
    const later = [...history, offer(16, 0, [2, 1], 0.95), offer(17, 1, [4, 3], 0.96)];
    expect(atlas.act(at(0.97, later, [4, 3]))).toEqual({ type: 'offer', outcome: [3, 2] });
    const last = [...later, offer(18, 0, [3, 2], 0.97), offer(19, 1, [4, 2], 0.98)];
    // Popular bids used up: the offer on the table, worth its reservation value, is accepted.
    expect(atlas.act(at(0.99, last, [4, 2]))).toEqual({ type: 'accept' });
  });

  it('bids at least its threshold, with the values the opponent offers most when they cost nothing', () => {
    const atlas = createNegotiator('atlas3', buyer);
    const history = [offer(1, 1, [3, 0], 0.05), offer(3, 1, [4, 0], 0.1)];
    for (let seed = 1; seed <= 10; seed++) {
      const action = atlas.act(at(0.2, history, [4, 0], seed));
      expect(action.type).toBe('offer');
      if (action.type !== 'offer') continue;
      // Delivery d0 is the buyer's best too: the opponent's favourite costs it nothing.
      expect(action.outcome[1]).toBe(0);
      expect(two.parties[0]?.utility.evaluate(action.outcome)).toBeGreaterThan(0.9);
    }
  });
});

describe('PonPokoAgent', () => {
  it('has five threshold patterns, some of them oscillating', () => {
    expect(ponPokoThresholds(1, 0.5)).toEqual({ high: 1, low: 1 - 0.22 * 0.5 });
    expect(ponPokoThresholds(3, 0.98).low).toBeCloseTo(0.902, 12);
    expect(ponPokoThresholds(3, 0.995).low).toBeCloseTo(1 - 0.3 * 0.995, 12);
    // Pattern 4 comes back up: not monotone in time.
    expect(ponPokoThresholds(4, Math.PI / 40).low).toBeLessThan(ponPokoThresholds(4, Math.PI / 20).low);
    for (let p = 0; p < PONPOKO_PATTERNS; p++) {
      for (let t = 0; t <= 1; t += 0.01) {
        const { high, low } = ponPokoThresholds(p, t);
        expect(low).toBeLessThanOrEqual(high);
        expect(low).toBeGreaterThan(0.6);
      }
    }
  });

  it('draws its pattern from the session seed, and bids between its thresholds', () => {
    const seen = new Set<number>();
    for (let seed = 1; seed <= 60; seed++) seen.add(ponPokoPattern({ ...buyer, seed }, {}));
    expect(seen.size).toBe(PONPOKO_PATTERNS);
    const bids = BidSpace.of(buyer.party, buyer.space, 1, 0);
    const agent = createNegotiator('ponpoko:pattern=1', buyer);
    for (const t of [0.3, 0.6, 0.9]) {
      const action = agent.act(at(t, [], null));
      expect(action.type).toBe('offer');
      if (action.type !== 'offer') continue;
      const u = buyer.party.utility.evaluate(action.outcome);
      // Pattern 1: [1 − 0.22t, 1], widened to the nearest outcome below when the band is empty.
      const below = [...bids.utilities].filter((x) => x < 1 - 0.22 * t).at(-1) ?? 0;
      expect(u).toBeGreaterThanOrEqual(Math.min(1 - 0.22 * t, below) - 1e-9);
    }
    // It accepts above its low threshold (0.89 at t = 0.5), not below.
    expect(agent.act(at(0.5, [offer(1, 1, [0, 1], 0.45)], [0, 1]))).toEqual({ type: 'accept' }); // 0.91
    expect(agent.act(at(0.5, [offer(1, 1, [1, 0], 0.45)], [1, 0])).type).toBe('offer'); // 0.86
  });
});

describe('AgentGG', () => {
  it('follows its piecewise threshold around the Nash estimate, above the reservation floors', () => {
    expect(agentGGThreshold(0.005, 0.7, 0)).toBe(0.9999);
    expect(agentGGThreshold(0.1, 0.7, 0)).toBeCloseTo(0.95, 12);
    expect(agentGGThreshold(0.5, 0.7, 0)).toBeCloseTo(0.79, 12); // 30% of the way from Nash to 1
    expect(agentGGThreshold(0.9, 0.7, 0)).toBeCloseTo(0.745, 12); // 15%
    expect(agentGGThreshold(0.995, 0.7, 0)).toBeCloseTo(0.7, 12); // the Nash estimate
    expect(agentGGThreshold(0.9995, 0.7, 0)).toBeCloseTo(0.58, 12); // 40% below
    expect(agentGGThreshold(0.95, 0.3, 0.6)).toBeCloseTo(0.9, 12); // reservation share + 0.3
    let last = 1;
    for (let t = 0; t < 1; t += 0.001) {
      const x = agentGGThreshold(t, 0.6, 0.1);
      expect(x).toBeLessThanOrEqual(last + 1e-12);
      last = x;
    }
    const offers = [0.3, 0.5, 0.4].map((utility, k) => ({ t: k / 1000, party: 1, outcome: [0, 0], utility }));
    expect(agentGGNash(offers, (u) => u, 1.7)).toBeCloseTo(0.5 + 0.5 / 1.7, 12);
  });

  it("opens with its best outcome, and later bids the opponent's favourite values among its candidates", () => {
    const gg = createNegotiator('agentgg', buyer);
    expect(gg.act(at(0, [], null))).toEqual({ type: 'offer', outcome: [0, 0] });
    // The opponent insists on delivery d2 (before t = 0.3, when AgentGG counts). At t = 0.7 AgentGG's
    // band holds [1, 1] (0.77) and [0, 2] (0.79); the opponent's favourite value picks [0, 2].
    const history: SessionEvent[] = [];
    for (let k = 0; k < 10; k++) {
      history.push(offer(2 * k, 0, [0, 0], (2 * k) / 40));
      history.push(offer(2 * k + 1, 1, [k % 2 === 0 ? 4 : 3, 2], (2 * k + 1) / 40));
    }
    for (let seed = 1; seed <= 5; seed++)
      expect(gg.act(at(0.7, history, [3, 2], seed))).toEqual({ type: 'offer', outcome: [0, 2] });
  });
});

describe('Caduceus', () => {
  const weights = [0.9, 0.06, 0.04];
  it('votes: accept when the accepting experts weigh more; else a bid drawn by weight or crossed over', () => {
    const accept = { type: 'accept' } as const;
    const o = (outcome: number[]) => ({ type: 'offer', outcome }) as const;
    expect(caduceusDecision({ actions: [accept, o([1, 1]), o([2, 2])], weights }, 'portfolio', 0.5)).toEqual(
      accept,
    );
    const actions = [o([1, 1]), accept, o([2, 3])];
    expect(caduceusDecision({ actions, weights }, 'portfolio', 0.5)).toEqual(o([1, 1]));
    expect(caduceusDecision({ actions, weights }, 'portfolio', 0.99)).toEqual(o([2, 3]));
    // Crossover: per issue, the value with the most weight behind it.
    const three = [o([1, 1]), o([2, 1]), o([2, 3])];
    expect(caduceusDecision({ actions: three, weights: [0.4, 0.35, 0.25] }, 'crossover', 0)).toEqual(
      o([2, 1]),
    );
    // A crossed outcome it may not propose falls back to the weighted draw.
    expect(
      caduceusDecision({ actions: three, weights: [0.4, 0.35, 0.25] }, 'crossover', 0, () => false),
    ).toEqual(o([1, 1]));
    // Nobody offers or accepts: its best outcome.
    expect(caduceusDecision({ actions: [{ type: 'end' }], weights: [1] }, 'portfolio', 0)).toEqual({
      type: 'offer',
      outcome: null,
    });
  });

  it('offers its best outcome until 83% of the session, then follows its experts', () => {
    const cad = new CaduceusNegotiator(buyer);
    const gift = [offer(1, 1, [0, 0], 0.5)];
    expect(cad.act(at(0.5, gift, [0, 0]))).toEqual({ type: 'offer', outcome: [0, 0] });
    expect(cad.act(at(0.9, gift, [0, 0]))).toEqual({ type: 'accept' });
  });

  it('negotiates multilaterally through its experts', () => {
    const three = threePartyScenario({ rounds: 30 });
    let deals = 0;
    for (const seed of [1, 2, 3]) {
      for (const mode of ['portfolio', 'crossover']) {
        const { result } = runSession(three, {
          seed,
          clock: new SimulatedClock(1),
          negotiators: { us: `caduceus:mode=${mode}`, cn: 'atlas3', eu: 'conceder' },
        });
        expect(result?.error).toBeNull();
        if (result?.status === 'agreement') deals++;
      }
    }
    expect(deals).toBeGreaterThan(0);
  });
});
