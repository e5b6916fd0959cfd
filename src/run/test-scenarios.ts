/**
 * Small scenarios built in code, for tests across the project: a bilateral two-issue purchase with
 * red lines, a three-party talk with a principal, a family of random multilateral scenarios
 * (2–4 parties) for property tests, and one with a real-valued issue (not enumerable). Each takes
 * options for the protocol settings tests vary: deadline, schedule, veto rule, time limit, budget,
 * ratification threshold. Not part of the library API.
 */
import { type DiscreteIssue, discreteIssue, type Issue, type RealIssue } from '../model/issues.ts';
import { OutcomeSpace } from '../model/outcome-space.ts';
import type { Party, Principal } from '../model/party.ts';
import { Random } from '../model/random.ts';
import type { ProtocolSettings, Scenario } from '../model/scenario.ts';
import { type Evaluator, type RedLine, table, UtilityFunction } from '../model/utility.ts';
import type { NegotiatorContext, NegotiatorSetup } from '../negotiators/types.ts';

/** Protocol settings and party details that tests vary. */
export interface TestScenarioOptions {
  readonly rounds?: number;
  readonly schedule?: ProtocolSettings['schedule'];
  readonly onVeto?: 'end' | 'reopen';
  readonly timeLimitSeconds?: number;
  readonly actionBudgetMs?: number;
  /** Ratification threshold of the principal (two-issue: the seller's; three-party: the US's); none when absent. */
  readonly principalThreshold?: number;
  /** Discount factor of every party (1 by default). */
  readonly discountFactor?: number;
}

function protocol(
  order: readonly string[],
  o: TestScenarioOptions,
  defaultRounds: number,
  sittings: number,
): ProtocolSettings {
  const rounds = o.rounds ?? defaultRounds;
  const schedule =
    o.schedule ??
    Array.from({ length: sittings }, (_, k) => {
      const first = Math.floor((rounds * k) / sittings);
      const next = Math.floor((rounds * (k + 1)) / sittings);
      return { label: `Day ${k + 1}`, rounds: next - first };
    });
  return {
    kind: 'saop',
    order,
    rounds,
    schedule,
    onVeto: o.onVeto ?? 'end',
    actionBudgetMs: o.actionBudgetMs ?? 60_000,
    ...(o.timeLimitSeconds === undefined ? {} : { timeLimitSeconds: o.timeLimitSeconds }),
  };
}

function party(
  id: string,
  utility: UtilityFunction,
  reservationValue: number,
  o: TestScenarioOptions,
  principal?: Principal,
): Party {
  return {
    id,
    label: id.toUpperCase(),
    utility,
    reservationValue,
    discountFactor: o.discountFactor ?? 1,
    delegation: [{ name: `${id} lead`, role: 'head of delegation', lead: true }],
    ...(principal ? { principal } : {}),
  };
}

function scenario(id: string, space: OutcomeSpace, parties: Party[], p: ProtocolSettings): Scenario {
  return { id, title: id, space, parties, protocol: p, parameters: [], sources: [] };
}

/**
 * A buyer and a seller over price (6 levels) and delivery (4 speeds): 24 outcomes. The buyer's red
 * line forbids the top price, the seller's the bottom one. Order: buyer, seller; 20 rounds over two
 * days by default.
 */
export function twoIssueScenario(o: TestScenarioOptions = {}): Scenario {
  const space = new OutcomeSpace([
    discreteIssue('price', ['p0', 'p1', 'p2', 'p3', 'p4', 'p5']),
    discreteIssue('delivery', ['d0', 'd1', 'd2', 'd3']),
  ]);
  const buyer = new UtilityFunction(space, {
    weights: [0.7, 0.3],
    evaluators: [table([1, 0.8, 0.6, 0.4, 0.2, 0]), table([1, 0.7, 0.3, 0])],
    redLines: [
      {
        id: 'no-top-price',
        label: 'never the top price',
        kind: 'forbid',
        conditions: [{ issue: 0, values: [5] }],
      },
    ],
  });
  const seller = new UtilityFunction(space, {
    weights: [0.6, 0.4],
    evaluators: [table([0, 0.2, 0.4, 0.6, 0.8, 1]), table([0, 0.5, 0.8, 1])],
    redLines: [
      {
        id: 'no-bottom-price',
        label: 'never the bottom price',
        kind: 'forbid',
        conditions: [{ issue: 0, values: [0] }],
      },
    ],
  });
  const principal =
    o.principalThreshold === undefined
      ? undefined
      : { name: 'Board', ratificationThreshold: o.principalThreshold };
  return scenario(
    'two-issue',
    space,
    [party('buyer', buyer, 0.2, o), party('seller', seller, 0.2, o, principal)],
    protocol(['buyer', 'seller'], o, 20, 2),
  );
}

/**
 * Three delegations (us, cn, eu) over three issues (3 × 4 × 3 = 36 outcomes); the US answers to a
 * principal when `principalThreshold` is given. The US red line requires issue `chips` to stay at 0.
 * 30 rounds over three days by default.
 */
export function threePartyScenario(o: TestScenarioOptions = {}): Scenario {
  const space = new OutcomeSpace([
    discreteIssue('chips', ['restricted', 'eased', 'open']),
    discreteIssue('rare_earths', ['none', 'some', 'most', 'all']),
    discreteIssue('tariffs', ['high', 'mid', 'low']),
  ]);
  const us = new UtilityFunction(space, {
    weights: [0.4, 0.4, 0.2],
    evaluators: [table([1, 0.5, 0]), table([0, 0.4, 0.8, 1]), table([0.2, 0.6, 1])],
    redLines: [
      {
        id: 'chips',
        label: 'advanced chips stay restricted',
        kind: 'require',
        conditions: [{ issue: 0, values: [0, 1] }],
      },
    ],
  });
  const cn = new UtilityFunction(space, {
    weights: [0.5, 0.2, 0.3],
    evaluators: [table([0, 0.6, 1]), table([1, 0.7, 0.3, 0]), table([0, 0.5, 1])],
  });
  const eu = new UtilityFunction(space, {
    weights: [0.2, 0.5, 0.3],
    evaluators: [table([0.5, 1, 0.7]), table([0, 0.5, 0.9, 1]), table([0, 0.4, 1])],
  });
  const principal =
    o.principalThreshold === undefined
      ? undefined
      : { name: 'President', ratificationThreshold: o.principalThreshold };
  return scenario(
    'three-party',
    space,
    [party('us', us, 0.3, o, principal), party('cn', cn, 0.25, o), party('eu', eu, 0.2, o)],
    protocol(['us', 'cn', 'eu'], o, 30, 3),
  );
}

/**
 * A random scenario with `parties` parties (ids p0, p1, ...) over 2–3 discrete issues, each party
 * with random weights and tables, a reservation value in [0, 0.4] and one red line forbidding one
 * value of one issue (so every party keeps acceptable outcomes). Principals (when
 * `principalThreshold` is given) sit behind every second party.
 */
export function randomScenario(seed: number, parties: number, o: TestScenarioOptions = {}): Scenario {
  const rng = Random.from(seed, 'test-scenario');
  const issueCount = 2 + rng.int(2);
  const issues: DiscreteIssue[] = Array.from({ length: issueCount }, (_, i) =>
    discreteIssue(
      `i${i}`,
      Array.from({ length: 2 + rng.int(4) }, (_, v) => `v${v}`),
    ),
  );
  const space = new OutcomeSpace(issues);
  const list: Party[] = [];
  for (let k = 0; k < parties; k++) {
    const raw = issues.map(() => 0.05 + rng.float());
    const sum = raw.reduce((a, b) => a + b, 0);
    const evaluators: Evaluator[] = issues.map((issue) =>
      table(issue.values.map(() => Math.round(rng.float() * 100) / 100)),
    );
    const forbidden = rng.int(issueCount);
    const redLines: RedLine[] = [
      {
        id: `rl${k}`,
        label: 'a forbidden value',
        kind: 'forbid',
        conditions: [
          { issue: forbidden, values: [rng.int((issues[forbidden] as DiscreteIssue).values.length)] },
        ],
      },
    ];
    const utility = new UtilityFunction(space, { weights: raw.map((w) => w / sum), evaluators, redLines });
    const principal =
      o.principalThreshold !== undefined && k % 2 === 1
        ? { name: `principal ${k}`, ratificationThreshold: o.principalThreshold }
        : undefined;
    list.push(party(`p${k}`, utility, Math.round(rng.float() * 40) / 100, o, principal));
  }
  return scenario(
    `random-${seed}-${parties}`,
    space,
    list,
    protocol(
      list.map((p) => p.id),
      o,
      10,
      2,
    ),
  );
}

/** Two parties over a real-valued price in [0, 100] and a discrete term: not enumerable. */
export function realIssueScenario(o: TestScenarioOptions = {}): Scenario {
  const price: RealIssue = { kind: 'real', id: 'price', label: 'price', min: 0, max: 100 };
  const issues: Issue[] = [price, discreteIssue('term', ['short', 'long'])];
  const space = new OutcomeSpace(issues);
  const buyer = new UtilityFunction(space, {
    weights: [0.8, 0.2],
    evaluators: [{ kind: 'linear', intercept: 1, slope: -0.01, clamp: true }, table([0, 1])],
    redLines: [{ id: 'cap', label: 'price at most 90', kind: 'forbid', conditions: [{ issue: 0, min: 90 }] }],
  });
  const seller = new UtilityFunction(space, {
    weights: [0.8, 0.2],
    evaluators: [{ kind: 'piecewise', xs: [0, 20, 100], ys: [0, 0.1, 1] }, table([1, 0])],
    redLines: [
      { id: 'floor', label: 'price at least 10', kind: 'forbid', conditions: [{ issue: 0, max: 10 }] },
    ],
  });
  return scenario(
    'real-issue',
    space,
    [party('buyer', buyer, 0.1, o), party('seller', seller, 0.1, o)],
    protocol(['buyer', 'seller'], o, 20, 1),
  );
}

/** The setup the runner would give the negotiator of `partyId` (turn order from the scenario). */
export function negotiatorSetup(scenario: Scenario, partyId: string, seed = 1): NegotiatorSetup {
  const order = scenario.protocol.order;
  const party = scenario.parties.find((p) => p.id === partyId);
  if (!party) throw new Error(`no party '${partyId}' in ${scenario.id}`);
  return {
    party,
    space: scenario.space,
    index: order.indexOf(partyId),
    parties: order,
    rounds: scenario.protocol.rounds,
    seed,
  };
}

/** A negotiator context for unit tests: time t, an optional offer, and an rng from `rngSeed`. */
export function negotiatorContext(
  t: number,
  offer: readonly number[] | null,
  rngSeed = 1,
): NegotiatorContext {
  return {
    t,
    step: 0,
    round: 0,
    offer: offer === null ? null : { outcome: offer, by: 0 },
    history: [],
    rng: Random.from(rngSeed, 'test-context'),
  };
}
