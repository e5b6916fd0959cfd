import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { discreteIssue, type Issue } from '../model/issues.ts';
import { OutcomeSpace } from '../model/outcome-space.ts';
import type { Party } from '../model/party.ts';
import { Random } from '../model/random.ts';
import { table, UtilityFunction } from '../model/utility.ts';
import { BidSpace } from './bid-space.ts';

/** A party over one discrete and one integer issue (values min..max), with random tables. */
function mixedParty(seed: number, min: number, width: number, values: number): Party {
  const rng = Random.from(seed, 'bid-space-test');
  const issues: Issue[] = [
    discreteIssue(
      'd',
      Array.from({ length: values }, (_, v) => `v${v}`),
    ),
    { kind: 'integer', id: 'n', label: 'n', min, max: min + width - 1 },
  ];
  const space = new OutcomeSpace(issues);
  // Coarse values, so that ties (and the rng that breaks them) are common.
  const tab = (r: number) => table(Array.from({ length: r }, () => Math.round(rng.float() * 4) / 4));
  const utility = new UtilityFunction(space, { weights: [0.5, 0.5], evaluators: [tab(values), tab(width)] });
  return { id: 'p', label: 'p', utility, reservationValue: 0, discountFactor: 1, delegation: [] };
}

const partyArb = fc
  .record({
    seed: fc.nat(),
    min: fc.integer({ min: -5, max: 5 }),
    // Now and then an issue of more than 256 values, which is decoded by division, not by table.
    width: fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: 1, max: 6 }) },
      fc.integer({ min: 257, max: 262 }),
    ),
    values: fc.integer({ min: 1, max: 5 }),
  })
  .map(({ seed, min, width, values }) => mixedParty(seed, min, width, values));

describe('BidSpace (exact)', () => {
  it('lists every outcome once, by ascending utility, decoded as the space decodes its indices', () => {
    fc.assert(
      fc.property(partyArb, (party) => {
        const space = party.utility.space;
        const bids = BidSpace.of(party, space, 1, 0);
        expect(bids.exact).toBe(true);
        expect(bids.size).toBe(space.size);
        const seen = new Set<number>();
        for (let k = 0; k < bids.size; k++) {
          const o = bids.outcome(k);
          const index = space.indexOf(o);
          expect(space.outcomeAt(index)).toEqual(o);
          expect(party.utility.evaluate(o)).toBe(bids.utilities[k]);
          if (k > 0) expect(bids.utilities[k]).toBeGreaterThanOrEqual(bids.utilities[k - 1] as number);
          seen.add(index);
        }
        expect(seen.size).toBe(space.size);
        expect(() => bids.outcome(bids.size)).toThrow(RangeError);
      }),
      { numRuns: 60 },
    );
  });

  it('positionAtLeast picks what atLeast picks, from a generator or from a context holding one', () => {
    fc.assert(
      fc.property(partyArb, fc.double({ min: -0.2, max: 1.2, noNaN: true }), fc.nat(), (party, target, s) => {
        const bids = BidSpace.of(party, party.utility.space, 1, 0);
        const k = bids.positionAtLeast(target, Random.from(s, 'tie'));
        const bid = bids.atLeast(target, { rng: Random.from(s, 'tie') });
        expect(bid?.outcome).toEqual(bids.outcome(k));
        expect(bid?.utility).toBe(bids.utilities[k]);
        // The cheapest outcome worth the target (within the 1e-9 allowed for a computed target), or
        // the best when none is.
        const reach = target - 1e-9;
        const u = bids.utilities[k] as number;
        if (u >= reach) expect(bids.utilities.some((x) => x >= reach && x < u - 1e-12)).toBe(false);
        else expect(u).toBe(bids.maxUtility);
      }),
      { numRuns: 150 },
    );
  });

  it('reads the rng of a context only on a tie', () => {
    const party = mixedParty(3, 0, 4, 3);
    const bids = BidSpace.of(party, party.utility.space, 1, 0);
    const u = bids.utilities;
    let reads = 0;
    const ctx = {
      get rng() {
        reads++;
        return Random.from(9, 'tie');
      },
    };
    for (let k = 0; k < u.length; k++) {
      const before = reads;
      bids.positionAtLeast(u[k] as number, ctx);
      const tied = u.filter((x) => Math.abs(x - (u[k] as number)) <= 1e-12).length > 1;
      expect(reads - before).toBe(tied ? 1 : 0);
    }
    expect(reads).toBeGreaterThan(0);
  });
});
