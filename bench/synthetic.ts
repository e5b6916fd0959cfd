/**
 * Synthetic bilateral domains for benchmarks: discrete issues of given sizes and two random
 * linear-additive profiles, opposed on the first four issues and sharing an interest on the rest
 * (with noise), so that the domain has a real zone of agreement. Seeded: the same arguments give
 * the same scenario.
 */
import { discreteIssue } from '../src/model/issues.ts';
import { OutcomeSpace } from '../src/model/outcome-space.ts';
import type { Party } from '../src/model/party.ts';
import { Random } from '../src/model/random.ts';
import { defaultProtocol, type Scenario } from '../src/model/scenario.ts';
import { table, UtilityFunction } from '../src/model/utility.ts';

export interface SyntheticOptions {
  readonly id: string;
  readonly title: string;
  /** Random substream key: keeps each benchmark's domain what it always was. */
  readonly key: string;
  readonly seed: number;
  readonly radices: readonly number[];
  readonly partyIds: readonly [string, string];
  readonly reservationValue: number;
  readonly rounds: number;
}

export function syntheticBilateral(o: SyntheticOptions): Scenario {
  const rng = Random.from(o.seed, 'bench', o.key);
  const issues = o.radices.map((r, i) =>
    discreteIssue(
      `issue${i}`,
      Array.from({ length: r }, (_, v) => `v${v}`),
    ),
  );
  const space = new OutcomeSpace(issues);
  const party = (id: string, opposed: boolean): Party => {
    const raw = issues.map(() => 0.2 + rng.float());
    const sum = raw.reduce((a, b) => a + b, 0);
    const evaluators = o.radices.map((r, i) =>
      table(
        Array.from({ length: r }, (_, v) => {
          const base = v / (r - 1);
          const pref = opposed && i < 4 ? 1 - base : base;
          return Math.min(1, Math.max(0, pref + 0.3 * (rng.float() - 0.5)));
        }),
      ),
    );
    return {
      id,
      label: id,
      utility: new UtilityFunction(space, { weights: raw.map((w) => w / sum), evaluators }),
      reservationValue: o.reservationValue,
      discountFactor: 1,
      delegation: [],
    };
  };
  const [a, b] = o.partyIds;
  return {
    id: o.id,
    title: o.title,
    space,
    parties: [party(a, false), party(b, true)],
    protocol: { ...defaultProtocol(o.partyIds, o.rounds), schedule: [], actionBudgetMs: 1000 },
    parameters: [],
    sources: [],
  };
}
