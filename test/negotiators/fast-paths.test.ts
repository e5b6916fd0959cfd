/**
 * The fast opponent-model paths against the reference implementation they replaced
 * (test/support/reference-opponent-models.ts), on random spaces (discrete issues, small integer
 * ranges, integer ranges wide enough to be binned) and random offer sequences: the models' estimates,
 * the batch scores of bid ranges (row by row and over a prefix tree), and the estimated Nash point
 * must be the reference's numbers exactly (Object.is), not approximately.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { discreteIssue, type Issue } from '../../src/model/issues.ts';
import { OutcomeSpace } from '../../src/model/outcome-space.ts';
import type { Party } from '../../src/model/party.ts';
import { Random } from '../../src/model/random.ts';
import { table, UtilityFunction } from '../../src/model/utility.ts';
import { BidSpace, PREFIX_TREE_MIN } from '../../src/negotiators/bid-space.ts';
import { estimatedNash } from '../../src/negotiators/boa/bidding.ts';
import type { BoaTurn } from '../../src/negotiators/boa/types.ts';
import { bayesianModel } from '../../src/negotiators/opponent-models/bayesian.ts';
import { frequencyModel } from '../../src/negotiators/opponent-models/frequency.ts';
import { type OpponentModel, scoreBids } from '../../src/negotiators/opponent-models/types.ts';
import type { SessionEvent } from '../../src/protocols/types.ts';
import {
  referenceBayesianModel,
  referenceEstimatedNash,
  referenceFrequencyModel,
} from '../support/reference-opponent-models.ts';

/** An issue: discrete with 1–8 values, or an integer range of 1–40 values (binned above 20). */
const issueArb = fc.oneof(
  fc.integer({ min: 1, max: 8 }).map((m) => ({ kind: 'discrete' as const, m, min: 0 })),
  fc
    .record({ m: fc.integer({ min: 1, max: 40 }), min: fc.integer({ min: -5, max: 5 }) })
    .map((r) => ({ kind: 'integer' as const, ...r })),
);

const caseArb = fc.record({
  issues: fc.array(issueArb, { minLength: 1, maxLength: 6 }),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  offers: fc.integer({ min: 0, max: 25 }),
  opponents: fc.integer({ min: 1, max: 2 }),
  reservation: fc.double({ min: 0, max: 0.6, noNaN: true }),
});

type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

function build(c: Case) {
  // Keep spaces small enough that an exact bid space is quick to build.
  let size = 1;
  const specs = c.issues.filter((s) => {
    size *= s.m;
    return size <= 60_000;
  });
  if (specs.length === 0) specs.push({ kind: 'discrete', m: 2, min: 0 });
  const issues: Issue[] = specs.map((s, i) =>
    s.kind === 'discrete'
      ? discreteIssue(
          `d${i}`,
          Array.from({ length: s.m }, (_, v) => `v${v}`),
        )
      : { kind: 'integer', id: `n${i}`, label: `n${i}`, min: s.min, max: s.min + s.m - 1 },
  );
  const space = new OutcomeSpace(issues);
  const rng = Random.from(c.seed, 'fast-paths');
  const raw = issues.map(() => 0.05 + rng.float());
  const sum = raw.reduce((a, b) => a + b, 0);
  const party: Party = {
    id: 'me',
    label: 'me',
    utility: new UtilityFunction(space, {
      weights: raw.map((w) => w / sum),
      evaluators: specs.map((s) => table(Array.from({ length: s.m }, () => rng.float()))),
    }),
    reservationValue: c.reservation,
    discountFactor: 1,
    delegation: [{ name: 'me', role: 'lead', lead: true }],
  };
  const history: SessionEvent[] = [];
  for (let k = 0; k < c.offers; k++) {
    const t = (k + 1) / (c.offers + 1);
    history.push({ type: 'offer', step: 2 * k, round: k, t, party: 0, outcome: space.sample(rng) });
    const by = 1 + (k % c.opponents);
    history.push({ type: 'offer', step: 2 * k + 1, round: k, t, party: by, outcome: space.sample(rng) });
  }
  return { space, party, history, rng };
}

function sameNumbers(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (!Object.is(a[k], b[k])) return false;
  return true;
}

describe('fast opponent-model paths', () => {
  test.prop([caseArb], { numRuns: 60 })(
    'estimates, batch scores and the Nash point are the reference numbers exactly',
    (c) => {
      const { space, party, history, rng } = build(c);
      const bids = BidSpace.of(party, space, 1, 0);
      const pairs: [OpponentModel, OpponentModel][] = [
        [bayesianModel(space, 0), referenceBayesianModel(space, 0)],
        [
          bayesianModel(space, 0, { concession: 0.5, sigma: 0.1 }),
          referenceBayesianModel(space, 0, { concession: 0.5, sigma: 0.1 }),
        ],
        [frequencyModel(space, 0), referenceFrequencyModel(space, 0)],
        [frequencyModel(space, 0, { learn: 0.7 }), referenceFrequencyModel(space, 0, { learn: 0.7 })],
      ];
      for (const [fast, reference] of pairs) {
        // Fed in two slices, as a negotiator that acts between offers is.
        const half = Math.floor(history.length / 2);
        fast.update(history.slice(0, half));
        reference.update(history.slice(0, half));
        fast.update(history);
        reference.update(history);
        for (let j = 0; j < 20; j++) {
          const o = space.sample(rng);
          expect(Object.is(fast.utility(o), reference.utility(o))).toBe(true);
        }
        // A short range (row by row), and the whole space (a prefix tree once it is long enough).
        const ranges: [number, number][] = [
          [Math.max(0, bids.size - 50), bids.size],
          [0, bids.size],
        ];
        for (const [from, to] of ranges) {
          const got = new Float64Array(to - from);
          scoreBids(fast, bids, from, to, got);
          const want = Float64Array.from({ length: to - from }, (_, j) =>
            reference.utility(bids.outcome(from + j)),
          );
          expect(sameNumbers(got, want)).toBe(true);
        }
        const turn = { setup: { party }, bids } as unknown as BoaTurn;
        expect(estimatedNash(turn, fast)).toEqual(referenceEstimatedNash(turn, reference));
      }
    },
  );

  test('the prefix tree path is taken on long ranges', () => {
    const space = new OutcomeSpace(
      Array.from({ length: 5 }, (_, i) =>
        discreteIssue(
          `i${i}`,
          Array.from({ length: 5 }, (_, v) => `v${v}`),
        ),
      ),
    );
    const party: Party = {
      id: 'me',
      label: 'me',
      utility: new UtilityFunction(space, {
        weights: [0.3, 0.25, 0.2, 0.15, 0.1],
        evaluators: Array.from({ length: 5 }, (_, i) =>
          table([0, 0.25, 0.5, 0.75, 1].map((x) => (x * (i + 2)) % 1)),
        ),
      }),
      reservationValue: 0,
      discountFactor: 1,
      delegation: [{ name: 'me', role: 'lead', lead: true }],
    };
    const bids = BidSpace.of(party, space, 1, 0);
    expect(bids.size).toBeGreaterThan(PREFIX_TREE_MIN);
    // Built when a range is asked for again, not the first time.
    expect(bids.prefixTree(0, bids.size)).toBeNull();
    const tree = bids.prefixTree(0, bids.size);
    expect(tree).not.toBeNull();
    // Level j has at most 5^(j+1) nodes; the last level is one node per bid.
    expect(tree?.digit.map((d) => d.length)).toEqual([5, 25, 125, 625, 3125]);
    expect(bids.prefixTree(0, PREFIX_TREE_MIN - 1)).toBeNull();
  });
});
