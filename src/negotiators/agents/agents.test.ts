import { describe, expect, it } from 'vitest';
import type { SessionEvent } from '../../protocols/types.ts';
import { runSession, SimulatedClock } from '../../run/session.ts';
import { negotiatorContext, negotiatorSetup, twoIssueScenario } from '../../run/test-scenarios.ts';
import { BidSpace } from '../bid-space.ts';
import type { BoaTurn, RatedOffer } from '../boa/types.ts';
import { createNegotiator, listNegotiators } from '../registry.ts';
import { agentKTarget } from './agentk.ts';
import { cuhkThreshold } from './cuhkagent.ts';

const scenario = twoIssueScenario();
const buyer = negotiatorSetup(scenario, 'buyer');
const offers = (utilities: number[], outcomes?: number[][]): RatedOffer[] =>
  utilities.map((utility, k) => ({ t: k / 20, party: 1, outcome: outcomes?.[k] ?? [k % 6, 0], utility }));
const turn = (t: number, opponentOffers: RatedOffer[]): BoaTurn => ({
  setup: buyer,
  ctx: negotiatorContext(t, null),
  bids: BidSpace.of(buyer.party, buyer.space, 1, 0),
  pmax: 1,
  pmin: 0,
  model: null,
  opponentOffers,
  ownOffers: [],
});

describe('the ANAC agents', () => {
  it('are registered by name', () => {
    const names = listNegotiators().map((n) => n.name);
    for (const n of ['hardheaded', 'nicetft', 'agentk', 'cuhkagent']) expect(names).toContain(n);
  });

  it('AgentK: emax = μ + (1 − μ)·√3·σ and target = 1 − (1 − emax)·t^α', () => {
    const flat = agentKTarget(turn(0.5, offers([0.4, 0.4])), 3);
    expect(flat.emax).toBeCloseTo(0.4, 12);
    expect(flat.target).toBeCloseTo(1 - 0.6 * 0.125, 12);
    expect(agentKTarget(turn(1, offers([0.4, 0.4])), 3).target).toBeCloseTo(0.4, 12);
    const spread = agentKTarget(turn(1, offers([0.2, 0.6])), 3);
    expect(spread.emax).toBeCloseTo(0.4 + 0.6 * Math.sqrt(3) * 0.2, 12);
    expect(agentKTarget(turn(0.3, []), 3).target).toBe(1);
  });

  it('CUHKAgent: the threshold never rises with time, and a conceding opponent keeps it higher', () => {
    const stubborn = offers(
      [0.3, 0.3, 0.3, 0.3],
      [
        [4, 3],
        [4, 3],
        [4, 3],
        [4, 3],
      ],
    );
    const conceding = offers(
      [0.3, 0.3, 0.3, 0.3],
      [
        [4, 3],
        [4, 2],
        [3, 3],
        [3, 2],
      ],
    );
    let last = Number.POSITIVE_INFINITY;
    for (let t = 0; t <= 1; t += 0.05) {
      const x = cuhkThreshold(turn(t, stubborn), 0.7, 2).threshold;
      expect(x).toBeLessThanOrEqual(last + 1e-12);
      expect(x).toBeGreaterThanOrEqual(0.3);
      last = x;
    }
    expect(cuhkThreshold(turn(0.8, conceding), 0.7, 2).threshold).toBeGreaterThan(
      cuhkThreshold(turn(0.8, stubborn), 0.7, 2).threshold,
    );
  });

  it("HardHeaded offers back the opponent's best offer once it reaches its target", () => {
    const hh = createNegotiator('hardheaded', buyer);
    const history: SessionEvent[] = [
      { type: 'offer', step: 0, round: 0, t: 0, party: 0, outcome: [0, 0] },
      { type: 'offer', step: 1, round: 0, t: 0.05, party: 1, outcome: [0, 1] },
      { type: 'offer', step: 2, round: 1, t: 0.1, party: 0, outcome: [0, 0] },
      { type: 'offer', step: 3, round: 1, t: 0.15, party: 1, outcome: [4, 3] },
    ];
    // [0, 1] is worth 0.91 to the buyer: below its target early on, above it late.
    const early = hh.act({ ...negotiatorContext(0.2, [4, 3]), history });
    expect(early).not.toEqual({ type: 'offer', outcome: [0, 1] });
    const late = hh.act({ ...negotiatorContext(0.97, [4, 3]), history });
    expect(late).toEqual({ type: 'offer', outcome: [0, 1] });
  });

  it('each agent reaches agreements against a conceder over a longer session', () => {
    const long = twoIssueScenario({ rounds: 60 });
    for (const agent of ['hardheaded', 'nicetft', 'agentk', 'cuhkagent']) {
      let deals = 0;
      for (const seed of [1, 2, 3]) {
        const { result } = runSession(long, {
          seed,
          clock: new SimulatedClock(1),
          negotiators: { buyer: agent, seller: 'conceder' },
        });
        if (result?.status === 'agreement') {
          deals++;
          expect(result.utilities.buyer).toBeGreaterThanOrEqual(0.2);
        }
      }
      expect(deals, agent).toBeGreaterThan(0);
    }
  });
});
