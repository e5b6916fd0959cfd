/**
 * Fixtures of the negotiator conformance suite (conformance.test.ts) and of the protocol
 * conformance suite (../protocols/conformance-suite.ts): a small two-party scenario whose first
 * party has a red line on its otherwise most valuable value, and scripted opponents registered
 * under the `conformance-` prefix: one that accepts whatever is on the table (and votes with the
 * default vote, which then accepts any text above its floor), one that keeps offering a fixed
 * outcome (the "gift"), one that always throws, one that breaks the purity contract on purpose (to
 * show that the suite catches it), and one that tries to cross its own red line at every chance
 * (the "red-line breaker"). Not part of the library API; kept out of `listNegotiators()` runs by
 * the prefix.
 */
import { discreteIssue } from '../model/issues.ts';
import { OutcomeSpace } from '../model/outcome-space.ts';
import type { Party } from '../model/party.ts';
import type { Scenario } from '../model/scenario.ts';
import { table, UtilityFunction } from '../model/utility.ts';
import { BidSpace } from './bid-space.ts';
import { type NegotiatorInfo, registerNegotiator } from './registry.ts';

/** Names of the scripted opponents start with this. */
export const CONFORMANCE_PREFIX = 'conformance-';

/**
 * Two parties, `a` (under test, first to move) and `b`, over three issues (4 × 3 × 3 = 36
 * outcomes). `a` values x = 3 most but its red line forbids it, so a negotiator that ignores red
 * lines gets caught; `b` wants the opposite and forbids y = 2 together with z = 2.
 */
export function conformanceScenario(rounds = 20): Scenario {
  const space = new OutcomeSpace([
    discreteIssue('x', ['x0', 'x1', 'x2', 'x3']),
    discreteIssue('y', ['y0', 'y1', 'y2']),
    discreteIssue('z', ['z0', 'z1', 'z2']),
  ]);
  const a = new UtilityFunction(space, {
    weights: [0.5, 0.3, 0.2],
    evaluators: [table([0, 0.3, 0.7, 1]), table([1, 0.5, 0]), table([1, 0.6, 0])],
    redLines: [{ id: 'no-x3', label: 'never x3', kind: 'forbid', conditions: [{ issue: 0, values: [3] }] }],
  });
  const b = new UtilityFunction(space, {
    weights: [0.4, 0.3, 0.3],
    evaluators: [table([1, 0.7, 0.3, 0]), table([0, 0.5, 1]), table([0, 0.4, 1])],
    redLines: [
      {
        id: 'not-both-top',
        label: 'not y2 with z2',
        kind: 'forbid',
        conditions: [
          { issue: 1, values: [2] },
          { issue: 2, values: [2] },
        ],
      },
    ],
  });
  const party = (id: string, utility: UtilityFunction): Party => ({
    id,
    label: id,
    utility,
    reservationValue: 0.1,
    discountFactor: 1,
    delegation: [{ name: `${id} lead`, role: 'head of delegation', lead: true }],
  });
  return {
    id: 'conformance',
    title: 'conformance',
    space,
    parties: [party('a', a), party('b', b)],
    protocol: {
      kind: 'saop',
      order: ['a', 'b'],
      rounds,
      schedule: [{ label: 'Day 1', rounds }],
      onVeto: 'end',
      actionBudgetMs: 60_000,
    },
    parameters: [],
    sources: [],
  };
}

let registered = false;

/** Registers the scripted opponents (once per process). */
export function registerConformanceOpponents(): void {
  if (registered) return;
  registered = true;
  registerNegotiator(
    `${CONFORMANCE_PREFIX}acceptor`,
    (_p, setup) => {
      const bids = BidSpace.of(setup.party, setup.space, setup.seed, setup.index);
      return {
        spec: `${CONFORMANCE_PREFIX}acceptor`,
        act: (ctx) =>
          ctx.offer ? { type: 'accept' } : { type: 'offer', outcome: bids.outcome(bids.size - 1) },
      };
    },
    'test opponent: accepts any offer',
  );
  registerNegotiator(
    `${CONFORMANCE_PREFIX}gift`,
    (params, setup) => {
      const outcome = setup.space.outcomeAt(params.k as number);
      return { spec: `${CONFORMANCE_PREFIX}gift`, act: () => ({ type: 'offer', outcome }) };
    },
    'test opponent: always offers the outcome with index k',
    [{ name: 'k', doc: 'outcome index', type: 'number', min: 0, required: true }],
  );
  registerNegotiator(
    `${CONFORMANCE_PREFIX}hidden-state`,
    (_p, setup) => {
      // Deliberately broken: it concedes by how often it has been called, not by the context, so a
      // rebuilt instance behaves differently. The suite must catch it.
      const bids = BidSpace.of(setup.party, setup.space, setup.seed, setup.index);
      let calls = 0;
      return {
        spec: `${CONFORMANCE_PREFIX}hidden-state`,
        act: () => ({ type: 'offer', outcome: bids.outcome(Math.max(0, bids.size - 1 - calls++)) }),
      };
    },
    'test opponent: keeps hidden state (breaks the purity contract on purpose)',
  );
  registerNegotiator(
    `${CONFORMANCE_PREFIX}red-line-breaker`,
    (_p, setup) => {
      const own = setup.party.utility;
      // The first outcome that crosses its own red line (its best one when none does).
      let crossing: number[] | null = null;
      for (let k = 0; k < setup.space.size && crossing === null; k++) {
        const o = setup.space.outcomeAt(k);
        if (!own.acceptable(o)) crossing = o;
      }
      const bids = BidSpace.of(setup.party, setup.space, setup.seed, setup.index);
      const offer = crossing ?? bids.outcome(bids.size - 1);
      return {
        spec: `${CONFORMANCE_PREFIX}red-line-breaker`,
        act: (ctx) =>
          ctx.offer && !own.acceptable(ctx.offer.outcome)
            ? { type: 'accept' }
            : { type: 'offer', outcome: offer },
        vote: () => ({ type: 'accept' }),
      };
    },
    'test opponent: offers, accepts and votes for outcomes that cross its own red line',
  );
  registerNegotiator(
    `${CONFORMANCE_PREFIX}thrower`,
    () => ({
      spec: `${CONFORMANCE_PREFIX}thrower`,
      act: () => {
        throw new Error('this opponent always throws');
      },
    }),
    'test opponent: throws on every turn',
  );
}

/** A spec for a registered negotiator: its name, plus a value for each required parameter. */
export function exampleSpec(info: NegotiatorInfo): string {
  const required = info.params.filter((p) => p.required);
  if (required.length === 0) return info.name;
  const values = required.map((p) => {
    switch (p.type) {
      case 'number':
        return `${p.name}=${Math.min(p.max ?? 0.5, Math.max(p.min ?? 0.5, 0.5))}`;
      case 'boolean':
        return `${p.name}=true`;
      case 'acceptance':
        return `${p.name}=next`;
      default:
        return `${p.name}=x`;
    }
  });
  return `${info.name}:${values.join(',')}`;
}
