/**
 * Atlas3, winner of ANAC 2015 (multilateral), after Mori & Ito, "Atlas3: A Negotiating Agent Based on
 * Expecting Lower Limit of Concession Function", in Modern Approaches to Agent-based Complex Automated
 * Negotiation, Springer 2017 (SCI 674, doi 10.1007/978-3-319-51563-2_11), and the agent the authors
 * released with GENIUS (`agents.anac.y2015.Atlas3`), read where the chapter's abstract leaves the
 * method open (see ../README.md for the sources and every departure). Written for any number of
 * parties; with two it is the bilateral agent.
 *
 * - The lower limit of concession comes from a game of the final-offer phase: each side either
 *   holds out or compromises. Payoffs to Atlas3: both hold out, no deal (rv·δ); it holds while the
 *   other compromises, its best (best·δ); it compromises while the other holds, the compromise C (C·δ,
 *   at least rv·δ); both compromise, C or best with probability pf each way. The opponent's
 *   evolutionarily stable mix q (its chance of holding out) solves the 2×2 game, and the expected
 *   utility of the final-offer phase is EU = q·A21 + (1 − q)·A22. C is the best offer received so far
 *   (bilateral) or the best "popular" bid (multilateral: an offer every other party has supported).
 * - Threshold: with target = EU / δ^t, `target + (best − target)(1 − t)` undiscounted, else
 *   `max(best·(1 − t/δ), target)`. It accepts an offer worth at least the threshold and walks away
 *   when its reservation value, discounted, reaches the threshold.
 * - Bids: from a random outcome, the cheapest single-issue change that reaches the threshold; failing
 *   that, the relative-utility search (from its best outcome, concede issue by issue, in random order,
 *   a value whose loss still keeps the bid above the threshold); failing that, the cheapest outcome at
 *   the threshold. Then, issue by issue in random order, the value the other parties have offered most
 *   often replaces its own when that loses it nothing.
 * - Final phase: when less time is left than its turns take times (popular bids + 1), it offers the
 *   popular bids from the best down (each once) while they beat the offer on the table, and accepts
 *   the offer on the table when they do not (or when they run out) and it is worth its reservation value.
 */
import type { Issue } from '../../model/issues.ts';
import type { Outcome, OutcomeSpace } from '../../model/outcome-space.ts';
import type { Random } from '../../model/random.ts';
import type { NegotiatorAction, SessionEvent } from '../../protocols/types.ts';
import { rationalFloor } from '../acceptance.ts';
import { BidSpace } from '../bid-space.ts';
import { TranscriptFold } from '../transcript-fold.ts';
import type { Negotiator, NegotiatorContext, NegotiatorSetup } from '../types.ts';

/** Atlas3's parameters. */
export interface Atlas3Options {
  /** Chance that Atlas3 concedes first when both sides compromise in the final-offer game (0.5). */
  readonly pf?: number;
}

/** Most values of an issue Atlas3 walks through in its searches (wider integer ranges and real issues keep their value). */
const MAX_SEARCH_VALUES = 256;

/** Inputs of the final-offer game. */
export interface FinalOfferGame {
  readonly t: number;
  /** Discount factor δ (1 when undiscounted). */
  readonly df: number;
  readonly rv: number;
  /** Atlas3's best utility (1 in GENIUS's normalised profiles). */
  readonly best: number;
  /** Utility of the compromise C: best offer received (bilateral) or best popular bid (multilateral). */
  readonly compromise: number;
  /** Chance of conceding first when both compromise. */
  readonly pf: number;
}

/**
 * Atlas3's threshold at time t: the expected utility of the final-offer game (its lower limit of
 * concession) and the concession curve above it.
 *
 * @example
 * atlas3Threshold({ t: 0.5, df: 1, rv: 0, best: 1, compromise: 0.5, pf: 0.5 }).expected; // 2/3
 */
export function atlas3Threshold(g: FinalOfferGame): { threshold: number; expected: number; q: number } {
  const { t, df, rv, best, compromise, pf } = g;
  const a11 = rv * df;
  const a12 = best * df;
  const a21 = compromise >= rv ? compromise * df : rv * df;
  const a22 = pf * a21 + (1 - pf) * a12;
  let q = 1;
  if (a12 - a22 !== 0 && 1 - (a11 - a21) / (a12 - a22) !== 0) q = 1 / (1 - (a11 - a21) / (a12 - a22));
  if (q < 0 || q > 1) q = 1;
  const expected = q * a21 + (1 - q) * a22;
  const target = expected / df ** t;
  const threshold = df === 1 ? target + (best - target) * (1 - t) : Math.max(best * (1 - t / df), target);
  return { threshold, expected, q };
}

/** What Atlas3 keeps of the transcript: best offer, popular bids, value frequencies, own offer times. */
export class Atlas3Record extends TranscriptFold {
  /** Best own utility among the other parties' offers (0 before any). */
  bestOffered = 0;
  /** Popular bids (supported by every other party), own-acceptable ones only, best first. */
  popular: { outcome: number[]; utility: number }[] = [];
  /** Best own utility among popular bids, own-acceptable or not (0 before any). */
  maxPopular = 0;
  /** Per issue, how often each value appeared in the other parties' offers. */
  counts: Map<number, number>[] = [];
  /** Times of this party's own offers. */
  ownTimes: number[] = [];
  private table: number[] | null = null;
  private supporters = 0;
  private readonly seenPopular = new Set<string>();
  private readonly setup: NegotiatorSetup;

  constructor(setup: NegotiatorSetup) {
    super();
    this.setup = setup;
    this.reset();
  }

  protected reset(): void {
    this.bestOffered = 0;
    this.popular = [];
    this.maxPopular = 0;
    this.counts = this.setup.space.issues.map(() => new Map());
    this.ownTimes = [];
    this.table = null;
    this.supporters = 0;
    this.seenPopular.clear();
  }

  protected fold(e: SessionEvent): void {
    const self = this.setup.index;
    if (e.type === 'offer') {
      if (e.party === self) {
        this.ownTimes.push(e.t);
        this.table = null;
        return;
      }
      const u = this.setup.party.utility.evaluate(e.outcome);
      if (u > this.bestOffered) this.bestOffered = u;
      e.outcome.forEach((v, i) => {
        const c = this.counts[i] as Map<number, number>;
        c.set(v, (c.get(v) ?? 0) + 1);
      });
      this.table = e.outcome;
      this.supporters = 1;
      this.checkPopular();
    } else if (e.type === 'accept' && e.party !== self && this.table !== null) {
      this.supporters++;
      this.checkPopular();
    }
  }

  private checkPopular(): void {
    const outcome = this.table as number[];
    if (this.supporters !== this.setup.parties.length - 1) return;
    const key = outcome.join(',');
    if (this.seenPopular.has(key)) return;
    this.seenPopular.add(key);
    const utility = this.setup.party.utility;
    const u = utility.evaluate(outcome);
    this.maxPopular = Math.max(this.maxPopular, u);
    if (!utility.acceptable(outcome)) return;
    this.popular.push({ outcome: [...outcome], utility: u });
    // Stable: equal utilities keep the order in which they became popular.
    this.popular.sort((a, b) => b.utility - a.utility);
  }
}

/** The values Atlas3's searches try on an issue (null: too many, or real; the issue keeps its value). */
function searchValues(issue: Issue): number[] | null {
  if (issue.kind === 'discrete') return issue.values.map((_, d) => d);
  if (issue.kind === 'integer' && issue.max - issue.min + 1 <= MAX_SEARCH_VALUES)
    return Array.from({ length: issue.max - issue.min + 1 }, (_, d) => issue.min + d);
  return null;
}

function shuffled<T>(items: readonly T[], rng: Random): T[] {
  const a = [...items];
  for (let k = a.length - 1; k > 0; k--) {
    const j = rng.int(k + 1);
    [a[k], a[j]] = [a[j] as T, a[k] as T];
  }
  return a;
}

/**
 * The Atlas3 negotiator.
 *
 * @example
 * const agent = new Atlas3Negotiator(setup, { pf: 0.5 });
 */
export class Atlas3Negotiator implements Negotiator {
  readonly spec = 'atlas3';
  private readonly setup: NegotiatorSetup;
  private readonly space: OutcomeSpace;
  private readonly bids: BidSpace;
  private readonly record: Atlas3Record;
  private readonly pf: number;
  private readonly values: (number[] | null)[];
  /** Loss of own utility from putting each value into the best outcome, per issue (relative utility). */
  private relative: Map<number, number>[] | null = null;

  constructor(setup: NegotiatorSetup, options: Atlas3Options = {}) {
    this.setup = setup;
    this.space = setup.space;
    this.bids = BidSpace.of(setup.party, setup.space, setup.seed, setup.index);
    this.record = new Atlas3Record(setup);
    this.pf = options.pf ?? 0.5;
    this.values = setup.space.issues.map(searchValues);
  }

  /** The threshold now (exported for tests through `atlas3Threshold`). */
  threshold(t: number): number {
    const party = this.setup.party;
    const r = this.record;
    return atlas3Threshold({
      t,
      df: party.discountFactor,
      rv: party.reservationValue,
      best: this.bids.maxUtility,
      compromise: this.setup.parties.length === 2 ? r.bestOffered : r.maxPopular,
      pf: this.pf,
    }).threshold;
  }

  act(ctx: NegotiatorContext): NegotiatorAction {
    this.record.update(ctx.history);
    if (this.bids.size === 0) return { type: 'end' };
    const party = this.setup.party;
    const utility = party.utility;
    const rv = party.reservationValue;
    const offer = ctx.offer?.outcome ?? null;
    const offered = offer === null ? 0 : utility.evaluate(offer);
    const rational = offer !== null && rationalFloor(party, offer);
    const r = this.record;

    // Final phase: the time left is less than its turns take, one per popular bid and one more.
    const timeScale = ctx.t / (r.ownTimes.length + 1);
    const phaseStart = 1 - timeScale * (r.popular.length + 1);
    if (ctx.t > phaseStart) {
      const k = r.ownTimes.filter((t) => t > phaseStart).length;
      const next = r.popular[k];
      if (next === undefined) {
        if (rational) return { type: 'accept' };
      } else if (next.utility > offered && next.utility > rv) {
        return { type: 'offer', outcome: [...next.outcome] };
      } else if (rational && offered > rv) {
        return { type: 'accept' };
      }
    }

    const threshold = this.threshold(ctx.t);
    if (rational && offered >= threshold) return { type: 'accept' };
    if (rv * party.discountFactor ** ctx.t >= threshold) return { type: 'end' };
    return { type: 'offer', outcome: this.bid(threshold, ctx.rng) };
  }

  /** A bid worth at least the threshold (see the module comment), improved by the others' frequent values. */
  bid(threshold: number, rng: Random): number[] {
    const utility = this.setup.party.utility;
    let bid = this.neighbourhood(this.space.sample(rng), threshold, rng);
    if (bid === null) {
      const relative = this.relativeSearch(threshold, rng);
      if (utility.acceptable(relative) && utility.evaluate(relative) >= threshold) bid = relative;
    }
    if (bid === null) bid = (this.bids.atLeast(threshold, rng) as { outcome: number[] }).outcome;
    return this.byFrequency(bid, rng);
  }

  /** Among single-issue changes of `base`, the cheapest own-acceptable one reaching the threshold. */
  private neighbourhood(base: Outcome, threshold: number, rng: Random): number[] | null {
    const utility = this.setup.party.utility;
    let best: number[][] = [];
    let bestU = Number.POSITIVE_INFINITY;
    this.values.forEach((values, i) => {
      if (values === null) return;
      for (const v of values) {
        const o = [...base];
        o[i] = v;
        if (!utility.acceptable(o)) continue;
        const u = utility.evaluate(o);
        if (u < threshold) continue;
        if (u < bestU) {
          bestU = u;
          best = [o];
        } else if (u === bestU) best.push(o);
      }
    });
    return best.length === 0 ? null : (best[rng.int(best.length)] as number[]);
  }

  /** From the best outcome, concede issue by issue (random order) while staying above the threshold. */
  private relativeSearch(threshold: number, rng: Random): number[] {
    const top = this.bids.outcome(this.bids.size - 1);
    const utility = this.setup.party.utility;
    if (this.relative === null) {
      const u0 = utility.evaluate(top);
      this.relative = this.values.map((values, i) => {
        const m = new Map<number, number>();
        for (const v of values ?? []) {
          const o = [...top];
          o[i] = v;
          m.set(v, utility.evaluate(o) - u0);
        }
        return m;
      });
    }
    const bid = [...top];
    const allowed = threshold - this.bids.maxUtility;
    let conceded = 0;
    for (const i of shuffled(
      this.values.map((_, i) => i),
      rng,
    )) {
      const rel = this.relative[i] as Map<number, number>;
      for (const v of shuffled([...rel.keys()], rng)) {
        const loss = rel.get(v) as number;
        if (allowed <= conceded + loss) {
          bid[i] = v;
          conceded += loss;
          break;
        }
      }
    }
    return bid;
  }

  /** Issue by issue (random order), the others' most frequent value replaces its own when that loses nothing. */
  private byFrequency(bid: number[], rng: Random): number[] {
    const utility = this.setup.party.utility;
    let current = bid;
    let currentU = utility.evaluate(current);
    for (const i of shuffled(
      this.values.map((_, i) => i),
      rng,
    )) {
      const values = this.values[i];
      if (!values) continue;
      const counts = this.record.counts[i] as Map<number, number>;
      let top = -1;
      let tied: number[] = [];
      for (const v of values) {
        const c = counts.get(v) ?? 0;
        if (c > top) {
          top = c;
          tied = [v];
        } else if (c === top) tied.push(v);
      }
      const next = [...current];
      next[i] = tied[rng.int(tied.length)] as number;
      if (!utility.acceptable(next)) continue;
      const u = utility.evaluate(next);
      if (u >= currentU) {
        current = next;
        currentU = u;
      }
    }
    return current;
  }
}

/**
 * @example
 * const agent = atlas3(setup);
 */
export function atlas3(setup: NegotiatorSetup, options: Atlas3Options = {}): Atlas3Negotiator {
  return new Atlas3Negotiator(setup, options);
}
