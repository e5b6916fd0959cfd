import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  negotiatorContext,
  negotiatorSetup,
  randomScenario,
  realIssueScenario,
  twoIssueScenario,
} from '../run/test-scenarios.ts';
import { RandomNegotiator } from './random.ts';

describe('RandomNegotiator', () => {
  it('proposes only well-formed outcomes that cross none of its red lines', () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.integer({ min: 2, max: 4 }), fc.nat(10_000), (seed, parties, rngSeed) => {
        const s = randomScenario(seed, parties);
        for (const p of s.parties) {
          const a = new RandomNegotiator(negotiatorSetup(s, p.id, seed)).act(
            negotiatorContext(0.5, null, rngSeed),
          );
          if (a.type !== 'offer') return expect.unreachable(`expected an offer, got ${a.type}`);
          expect(s.space.contains(a.outcome)).toBe(true);
          expect(p.utility.acceptable(a.outcome)).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('works on spaces that cannot be listed', () => {
    const s = realIssueScenario();
    const n = new RandomNegotiator(negotiatorSetup(s, 'seller'));
    const seen = new Set<string>();
    for (let k = 0; k < 50; k++) {
      const a = n.act(negotiatorContext(0.2, null, k));
      if (a.type !== 'offer') return expect.unreachable('expected an offer');
      expect(s.space.contains(a.outcome)).toBe(true);
      expect(s.parties[1]?.utility.acceptable(a.outcome)).toBe(true);
      seen.add(a.outcome.join(','));
    }
    expect(seen.size).toBe(50);
  });

  it('accepts with probability p, and never below its floor', () => {
    const s = twoIssueScenario();
    const setup = negotiatorSetup(s, 'buyer');
    const rate = (p: number, offer: number[]) => {
      const n = new RandomNegotiator(setup, { p });
      let yes = 0;
      for (let k = 0; k < 2000; k++) if (n.act(negotiatorContext(0.5, offer, k)).type === 'accept') yes++;
      return yes / 2000;
    };
    expect(rate(0, [0, 0])).toBe(0);
    expect(rate(1, [0, 0])).toBe(1);
    expect(rate(0.3, [0, 0])).toBeGreaterThan(0.25);
    expect(rate(0.3, [0, 0])).toBeLessThan(0.35);
    expect(rate(1, [5, 0])).toBe(0); // crosses the buyer's red line
    expect(rate(1, [4, 3])).toBe(0); // below its reservation value
  });

  it('is reproducible: same context, same action', () => {
    const s = twoIssueScenario();
    const n = new RandomNegotiator(negotiatorSetup(s, 'seller'));
    for (let k = 0; k < 20; k++) {
      expect(n.act(negotiatorContext(0.5, [2, 2], k))).toEqual(n.act(negotiatorContext(0.5, [2, 2], k)));
    }
  });
});
