/**
 * The spatial negotiator: concession that follows power and salience, issue by issue, for the
 * multilateral talks of Decide data (and any scenario). On each issue the negotiator starts at its
 * ideal value and moves, as time passes, towards where the others stand (the mean of every other
 * party's latest offer or accepted offer on that issue), along the time-dependent curve
 *
 *     λ_i(t) = t^(1/e_i),   e_i = e · (1 − r_i) / r_i   (clamped to [0.05, 20]),   r_i = power · salience_i
 *
 * with t the normalised time counted to the start of the last round (so that λ = 1 there and the
 * last round can close a deal). So a powerful party on an issue it cares about (r near 1) is Boulware there and gives way only at
 * the end, a weak or indifferent one (r near 0) concedes at once, and r = 1/2 concedes linearly
 * (with the default e = 1). Power is the party's `power` (1 when absent); salience its absolute
 * salience when the scenario gives saliences, else its weight divided by its largest weight.
 * On an integer or real issue it proposes ideal + λ·(centre − ideal), rounded on an integer issue;
 * on a discrete issue it lowers its aspiration on its own evaluation of the issue the same way (from
 * its best value towards its mean evaluation of the others' values) and proposes the cheapest value
 * still above it, preferring the value the others offered most. Before anyone else has spoken it
 * proposes its ideal. A package crossing its own red lines or below its reservation value is replaced
 * by the cheapest own-acceptable outcome worth at least as much (or its best). It accepts an offer worth
 * at least its own next proposal minus `slack` (AC_next(1, slack)), above its rational floor.
 * Stateless: every turn is computed from the setup and the public history.
 */
import { idealValue } from '../model/ideal.ts';
import type { Issue } from '../model/issues.ts';
import type { Outcome } from '../model/outcome-space.ts';
import type { Party } from '../model/party.ts';
import { type Evaluator, evaluate } from '../model/utility.ts';
import type { NegotiatorAction } from '../protocols/types.ts';
import { acNext, decideAcceptance } from './acceptance.ts';
import { BidSpace } from './bid-space.ts';
import type { Negotiator, NegotiatorContext, NegotiatorSetup } from './types.ts';

/** Bounds of the per-issue concession exponent (0.05: concedes in the last moments; 20: at once). */
const MIN_EXPONENT = 0.05;
const MAX_EXPONENT = 20;

export interface SpatialOptions {
  /** Scale of every issue's concession exponent (GENIUS convention: larger concedes earlier). */
  readonly e: number;
  /** Acceptance slack: accept an offer worth at least the next own proposal minus this. */
  readonly slack: number;
  readonly spec?: string;
}

/**
 * The concession exponent of an issue for a resistance r = power × salience in [0, 1].
 *
 * @example
 * spatialExponent(0.5, 1); // 1: linear
 */
export function spatialExponent(r: number, e: number): number {
  if (!(r > 0)) return MAX_EXPONENT;
  return Math.min(MAX_EXPONENT, Math.max(MIN_EXPONENT, (e * (1 - Math.min(1, r))) / Math.min(1, r)));
}

export class SpatialNegotiator implements Negotiator {
  readonly spec: string;
  private readonly party: Party;
  private readonly setup: NegotiatorSetup;
  private readonly issues: readonly Issue[];
  private readonly evaluators: readonly Evaluator[];
  private readonly ideal: readonly number[];
  /** Concession exponent per issue. */
  readonly exponents: readonly number[];
  private readonly slack: number;
  /** Own evaluation of each value of each discrete issue (null for numeric issues). */
  private readonly tables: readonly (Float64Array | null)[];
  private bids: BidSpace | null = null;
  /** Scratch tables of `stances`: parties seen, sums on numeric issues, counts of discrete values. */
  private readonly seen: Uint8Array;
  private readonly sums: Float64Array;
  private readonly counts: readonly (Float64Array | null)[];

  constructor(setup: NegotiatorSetup, options: SpatialOptions) {
    this.spec = options.spec ?? `spatial:e=${options.e},slack=${options.slack}`;
    this.setup = setup;
    this.party = setup.party;
    this.issues = setup.space.issues;
    this.evaluators = this.party.utility.evaluators;
    this.slack = options.slack;
    this.ideal = this.issues.map((issue, i) => idealValue(issue, this.evaluators[i] as Evaluator));
    const weights = this.party.utility.weights;
    const top = Math.max(...weights);
    const power = this.party.power ?? 1;
    this.exponents = this.issues.map((_, i) => {
      const salience = this.party.salience?.[i] ?? (top > 0 ? (weights[i] as number) / top : 0);
      return spatialExponent(power * salience, options.e);
    });
    this.seen = new Uint8Array(setup.parties.length);
    this.sums = new Float64Array(this.issues.length);
    this.counts = this.issues.map((issue) =>
      issue.kind === 'discrete' ? new Float64Array(issue.values.length) : null,
    );
    this.tables = this.issues.map((issue, i) =>
      issue.kind === 'discrete'
        ? Float64Array.from(issue.values, (_, d) => evaluate(this.evaluators[i] as Evaluator, issue, d))
        : null,
    );
  }

  /**
   * Every other party's latest stance (its last offer, or the offer it last accepted): how many
   * there are, with their sum on each numeric issue and their count of each value of each discrete
   * issue written into the scratch tables (reused between turns; nothing carries over).
   */
  private stances(ctx: NegotiatorContext): number {
    const others = this.setup.parties.length - 1;
    const seen = this.seen;
    seen.fill(0);
    this.sums.fill(0);
    for (const c of this.counts) c?.fill(0);
    let found = 0;
    // Backwards: in a round every party acts once, so the last few events hold everyone's latest.
    for (let k = ctx.history.length - 1; k >= 0 && found < others; k--) {
      const e = ctx.history[k];
      if (!e || (e.type !== 'offer' && e.type !== 'accept')) continue;
      if (e.party === this.setup.index || seen[e.party] === 1) continue;
      seen[e.party] = 1;
      found++;
      const o = e.outcome;
      for (let i = 0; i < this.issues.length; i++) {
        const v = o[i] as number;
        const c = this.counts[i];
        if (c) c[v] = (c[v] as number) + 1;
        else this.sums[i] = (this.sums[i] as number) + v;
      }
    }
    return found;
  }

  /** The package this negotiator aims at now, issue by issue. */
  target(ctx: NegotiatorContext): number[] {
    const found = this.stances(ctx);
    // Time runs to the start of the last round, so that the last round can close a deal.
    const end = this.setup.rounds > 1 ? 1 - 1 / this.setup.rounds : 1;
    const t = Math.min(1, Math.max(0, ctx.t / end));
    const out = new Array<number>(this.issues.length);
    for (let i = 0; i < this.issues.length; i++) {
      const issue = this.issues[i] as Issue;
      const ideal = this.ideal[i] as number;
      if (found === 0) {
        out[i] = ideal;
        continue;
      }
      const lambda = t ** (1 / (this.exponents[i] as number));
      if (issue.kind === 'discrete') {
        out[i] = this.discreteTarget(i, found, lambda);
        continue;
      }
      const centre = (this.sums[i] as number) / found;
      const x = Math.min(issue.max, Math.max(issue.min, ideal + lambda * (centre - ideal)));
      out[i] = issue.kind === 'integer' ? Math.round(x) : x;
    }
    return out;
  }

  /** A discrete issue: the cheapest value above the lowered aspiration, preferring the others' favourite. */
  private discreteTarget(i: number, found: number, lambda: number): number {
    const table = this.tables[i] as Float64Array;
    const counts = this.counts[i] as Float64Array;
    const best = table[this.ideal[i] as number] as number;
    let mean = 0;
    for (let v = 0; v < table.length; v++) mean += (counts[v] as number) * (table[v] as number);
    mean /= found;
    const level = best - lambda * (best - Math.min(best, mean)) - 1e-12;
    let pick = this.ideal[i] as number;
    for (let v = 0; v < table.length; v++) {
      const y = table[v] as number;
      if (y < level) continue;
      const py = table[pick] as number;
      if (y < py - 1e-12 || (Math.abs(y - py) <= 1e-12 && (counts[v] as number) > (counts[pick] as number)))
        pick = v;
    }
    return pick;
  }

  act(ctx: NegotiatorContext): NegotiatorAction {
    let proposal: Outcome | null = this.target(ctx);
    let utility = this.party.utility.evaluate(proposal);
    if (!this.party.utility.acceptable(proposal) || utility < this.party.reservationValue) {
      // Cross no own red line and stay above the reservation value: the nearest listed outcome.
      this.bids ??= BidSpace.of(this.party, this.setup.space, this.setup.seed, this.setup.index);
      const bid = this.bids.atLeast(Math.max(utility, this.party.reservationValue), ctx);
      proposal = bid?.outcome ?? null;
      utility = bid?.utility ?? Number.NaN;
    }
    if (
      ctx.offer &&
      decideAcceptance(this.party, ctx.offer.outcome, ctx.t, proposal ? utility : null, acNext(1, this.slack))
    ) {
      return { type: 'accept' };
    }
    if (proposal === null) return { type: 'end' };
    return { type: 'offer', outcome: [...proposal] };
  }
}
