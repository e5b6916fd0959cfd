/**
 * Parties: the sides at the table. A party has a utility function, a reservation value (the
 * utility of no deal, its BATNA), a discount factor, optionally a delegation (named members with
 * roles) and a principal who must ratify any agreement. That makes a two-level game: a deal the
 * delegations accept is vetoed when the principal's own utility of it is below the principal's
 * ratification threshold.
 */
import type { Outcome } from './outcome-space.ts';
import { discounted, type UtilityFunction } from './utility.ts';

export interface DelegationMember {
  readonly name: string;
  readonly role: string;
  /** Marks the head of the delegation. */
  readonly lead?: boolean;
}

export interface Principal {
  readonly name: string;
  readonly title?: string;
  /** The principal vetoes an agreement whose utility (to the principal) is below this. */
  readonly ratificationThreshold: number;
  /** The principal's own utility function; the party's when absent. */
  readonly utility?: UtilityFunction;
}

export interface Party {
  readonly id: string;
  readonly label: string;
  readonly utility: UtilityFunction;
  readonly reservationValue: number;
  /** GENIUS semantics: utility at normalised time t is u · d^t; 1 means no discount. */
  readonly discountFactor: number;
  readonly delegation: readonly DelegationMember[];
  readonly principal?: Principal;
  /** Default negotiator for this party, as a registry spec (e.g. `boulware:e=0.2`). */
  readonly negotiator?: string;
  /**
   * Capability on a 0–1 scale (Decide's power), when the scenario gives it: spatial models weight
   * the party by it, and the spatial negotiator concedes more slowly the more it has. Default 1.
   */
  readonly power?: number;
  /**
   * Absolute saliences per issue (issue order, each in [0, 1]), when the scenario gives them
   * instead of weights: the utility's weights are these divided by their sum, and spatial models
   * compare them across parties (Decide data).
   */
  readonly salience?: readonly number[];
}

/** Utility of an outcome to the party at normalised time t (red lines give 0). */
export function partyUtility(p: Party, o: Outcome, t = 0): number {
  if (!p.utility.acceptable(o)) return 0;
  return discounted(p.utility.evaluate(o), p.discountFactor, t);
}

/** Whether the principal ratifies: its utility of the agreement reaches its threshold and no red line is crossed. */
export function ratifies(p: Party, o: Outcome): boolean {
  if (!p.principal) return true;
  const u = p.principal.utility ?? p.utility;
  return u.acceptable(o) && u.evaluate(o) >= p.principal.ratificationThreshold;
}
