/**
 * The perfect opponent model: an oracle that knows the opponents' true utility functions. It exists
 * only as a baseline ("how well would this strategy do if its model were exact?") and is opt-in by
 * construction: a `NegotiatorSetup` carries only the party's own preferences, and the oracle can be
 * reached only through `grantOpponentOracle`, which returns a *new* setup object registered in a
 * module-private WeakMap. Nothing about the grant is visible on the setup itself (it serialises
 * and spreads like any other), a setup the runner builds normally has no grant, and `model=perfect`
 * without one is a `BAD_NEGOTIATOR_SPEC` error rather than a silent fallback. A tournament that
 * wants the baseline calls `grantOpponentOracle(setup, { [index]: utility })` for that negotiator
 * only, so the other parties' privacy is a property of the default path, not of good manners.
 */
import { LancasterError } from '../../errors.ts';
import type { Outcome } from '../../model/outcome-space.ts';
import type { UtilityFunction } from '../../model/utility.ts';
import type { SessionEvent } from '../../protocols/types.ts';
import type { NegotiatorSetup } from '../types.ts';
import type { OpponentModel } from './types.ts';

const grants = new WeakMap<NegotiatorSetup, ReadonlyMap<number, UtilityFunction>>();

/**
 * A copy of `setup` that may use the perfect model: `truths` maps opponent party indices to their
 * true utility functions. For baseline tournaments only.
 *
 * @example
 * const oracleSetup = grantOpponentOracle(setup, { 1: scenario.parties[1].utility });
 * createNegotiator('boa:bid=time(e=0.2),model=perfect', oracleSetup);
 */
export function grantOpponentOracle(
  setup: NegotiatorSetup,
  truths: Readonly<Record<number, UtilityFunction>>,
): NegotiatorSetup {
  const copy: NegotiatorSetup = { ...setup };
  const map = new Map<number, UtilityFunction>();
  for (const [k, u] of Object.entries(truths)) {
    const index = Number(k);
    if (index !== setup.index) map.set(index, u);
  }
  grants.set(copy, map);
  return copy;
}

/** The true opponent utilities granted to this setup, if any. */
export function grantedOracle(setup: NegotiatorSetup): ReadonlyMap<number, UtilityFunction> | undefined {
  return grants.get(setup);
}

/** The perfect model for a setup that was granted the oracle; throws `BAD_NEGOTIATOR_SPEC` otherwise. */
export function perfectModel(setup: NegotiatorSetup): OpponentModel {
  const truths = grants.get(setup);
  if (!truths || truths.size === 0) {
    throw new LancasterError({
      code: 'BAD_NEGOTIATOR_SPEC',
      path: 'model',
      message:
        "model=perfect needs the opponents' true utilities, which a normal session never gives a negotiator",
      expected:
        'a learning model (frequency, bayesian), or a baseline tournament that grants the oracle (grantOpponentOracle)',
    });
  }
  const list = [...truths.entries()].sort((a, b) => a[0] - b[0]);
  return {
    name: 'perfect',
    update(_history: readonly SessionEvent[]): void {},
    utilityOf(party: number, o: Outcome): number {
      const u = truths.get(party);
      return u ? u.evaluate(o) : 0.5;
    },
    opponents: () => list.map(([k]) => k),
    utility(o: Outcome): number {
      let s = 0;
      for (const [, u] of list) s += u.evaluate(o);
      return s / list.length;
    },
  };
}
