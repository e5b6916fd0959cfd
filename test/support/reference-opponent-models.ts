/**
 * The reference implementation of the Bayesian and frequency opponent models and of the model-driven bidding (the
 * estimated Nash point, the bid near a target, Nice Tit for Tat's target), as they were before they
 * were rewritten for speed (commit 9eaa056): plain arrays, a model evaluated outcome by outcome,
 * every candidate bid built as an array. Kept out of `src/` on purpose, for two readers only: the
 * property test that holds the fast code to it (src/negotiators/opponent-models/fast-paths.test.ts)
 * and bench/negotiators.bench.ts, which prints the speed-up against it measured in the same run.
 * `registerReferenceNegotiators()` registers `reference-nicetft` and `reference-nash-bayesian`.
 */
import type { Issue } from '../../src/model/issues.ts';
import type { Outcome, OutcomeSpace } from '../../src/model/outcome-space.ts';
import type { Random } from '../../src/model/random.ts';
import { acCombi, acNext } from '../../src/negotiators/acceptance.ts';
import type { Bid, BidSpace } from '../../src/negotiators/bid-space.ts';
import { acceptanceStrategy, BoaNegotiator } from '../../src/negotiators/boa/boa.ts';
import type { BiddingStrategy, BoaTurn } from '../../src/negotiators/boa/types.ts';
import {
  type OpponentModel,
  PerOpponentModel,
  type SingleOpponentModel,
  slotCounts,
  valueSlot,
} from '../../src/negotiators/opponent-models/types.ts';
import { listNegotiators, registerNegotiator } from '../../src/negotiators/registry.ts';
import { timeDependentTarget } from '../../src/negotiators/time-dependent.ts';
import type { NegotiatorSetup } from '../../src/negotiators/types.ts';

const FLOOR = 1e-9;
const MAX_CANDIDATES = 400;
const NASH_SEARCH_LIMIT = 4_000;

function normalise(p: number[]): void {
  let s = 0;
  for (let k = 0; k < p.length; k++) {
    p[k] = Math.max(FLOOR, p[k] as number);
    s += p[k] as number;
  }
  for (let k = 0; k < p.length; k++) p[k] = (p[k] as number) / s;
}

class ReferenceBayesianOne implements SingleOpponentModel {
  readonly rankBelief: number[][];
  readonly shapeBelief: number[][];
  private readonly space: OutcomeSpace;
  private readonly slots: number[];
  private readonly rankWeight: number[];
  private readonly concession: number;
  private readonly twoSigma2: number;
  private weights: number[] = [];
  private evals: number[][] = [];

  constructor(space: OutcomeSpace, concession: number, sigma: number) {
    this.space = space;
    this.concession = concession;
    this.twoSigma2 = 2 * sigma * sigma;
    const n = space.issues.length;
    this.slots = slotCounts(space);
    this.rankWeight = Array.from({ length: n }, (_, r) => (2 * (r + 1)) / (n * (n + 1)));
    this.rankBelief = Array.from({ length: n }, () => new Array<number>(n).fill(1 / n));
    this.shapeBelief = this.slots.map((m) => new Array<number>(m).fill(1 / m));
    this.refresh();
  }

  private shape(m: number, k: number, v: number): number {
    if (m <= 1) return 1;
    return 1 - Math.abs(v - k) / Math.max(k, m - 1 - k);
  }

  private refresh(): void {
    const n = this.slots.length;
    const w = this.rankBelief.map((p) => p.reduce((s, pr, r) => s + pr * (this.rankWeight[r] as number), 0));
    const total = w.reduce((a, b) => a + b, 0);
    this.weights = w.map((x) => x / total);
    this.evals = [];
    for (let i = 0; i < n; i++) {
      const m = this.slots[i] as number;
      const p = this.shapeBelief[i] as number[];
      const e = new Array<number>(m).fill(0);
      for (let v = 0; v < m; v++) {
        let s = 0;
        for (let k = 0; k < m; k++) s += (p[k] as number) * this.shape(m, k, v);
        e[v] = s;
      }
      this.evals.push(e);
    }
  }

  observe(outcome: Outcome, t: number): void {
    const n = this.slots.length;
    const s = this.space.issues.map((issue, i) => valueSlot(issue, outcome[i] as number));
    const expected = 1 - this.concession * t;
    const like = (u: number) => Math.exp(-((u - expected) ** 2) / this.twoSigma2);
    let base = 0;
    for (let i = 0; i < n; i++)
      base += (this.weights[i] as number) * ((this.evals[i] as number[])[s[i] as number] as number);
    for (let i = 0; i < n; i++) {
      const m = this.slots[i] as number;
      const wi = this.weights[i] as number;
      const ei = (this.evals[i] as number[])[s[i] as number] as number;
      const rest = base - wi * ei;
      const shapes = this.shapeBelief[i] as number[];
      for (let k = 0; k < m; k++)
        shapes[k] = (shapes[k] as number) * like(rest + wi * this.shape(m, k, s[i] as number));
      normalise(shapes);
      const ranks = this.rankBelief[i] as number[];
      for (let r = 0; r < n; r++)
        ranks[r] = (ranks[r] as number) * like(rest + (this.rankWeight[r] as number) * ei);
      normalise(ranks);
    }
    this.refresh();
  }

  utility(o: Outcome): number {
    let u = 0;
    for (let i = 0; i < this.slots.length; i++) {
      u +=
        (this.weights[i] as number) *
        ((this.evals[i] as number[])[valueSlot(this.space.issues[i] as Issue, o[i] as number)] as number);
    }
    return u;
  }
}

/** The reference Bayesian model (same options and defaults as `bayesianModel`). */
export function referenceBayesianModel(
  space: OutcomeSpace,
  self: number,
  options: { concession?: number; sigma?: number } = {},
): PerOpponentModel {
  const concession = options.concession ?? 0.2;
  const sigma = options.sigma ?? 0.3;
  return new PerOpponentModel('bayesian', self, () => new ReferenceBayesianOne(space, concession, sigma));
}

class ReferenceFrequencyOne implements SingleOpponentModel {
  readonly weights: number[];
  readonly counts: number[][];
  private readonly top: number[];
  private previous: Outcome | null = null;
  private readonly space: OutcomeSpace;
  private readonly step: number;

  constructor(space: OutcomeSpace, learn: number) {
    this.space = space;
    const n = space.issues.length;
    this.step = learn / n;
    this.weights = new Array<number>(n).fill(1 / n);
    this.counts = slotCounts(space).map((m) => new Array<number>(m).fill(1));
    this.top = new Array<number>(n).fill(1);
  }

  observe(outcome: Outcome, _t: number): void {
    const issues = this.space.issues;
    if (this.previous) {
      let total = 0;
      for (let i = 0; i < issues.length; i++) {
        const issue = issues[i] as Issue;
        if (valueSlot(issue, this.previous[i] as number) === valueSlot(issue, outcome[i] as number)) {
          this.weights[i] = (this.weights[i] as number) + this.step;
        }
        total += this.weights[i] as number;
      }
      for (let i = 0; i < issues.length; i++) this.weights[i] = (this.weights[i] as number) / total;
    }
    for (let i = 0; i < issues.length; i++) {
      const c = this.counts[i] as number[];
      const s = valueSlot(issues[i] as Issue, outcome[i] as number);
      c[s] = (c[s] as number) + 1;
      if ((c[s] as number) > (this.top[i] as number)) this.top[i] = c[s] as number;
    }
    this.previous = [...outcome];
  }

  utility(o: Outcome): number {
    const issues = this.space.issues;
    let u = 0;
    for (let i = 0; i < issues.length; i++) {
      const c = this.counts[i] as number[];
      const s = valueSlot(issues[i] as Issue, o[i] as number);
      u += ((this.weights[i] as number) * (c[s] as number)) / (this.top[i] as number);
    }
    return u;
  }
}

/** The reference frequency model (same options and defaults as `frequencyModel`). */
export function referenceFrequencyModel(
  space: OutcomeSpace,
  self: number,
  options: { learn?: number } = {},
): PerOpponentModel {
  const learn = options.learn ?? 0.2;
  return new PerOpponentModel('frequency', self, () => new ReferenceFrequencyOne(space, learn));
}

function referenceBidNearTarget(
  bids: BidSpace,
  target: number,
  model: OpponentModel | null,
  rng: Random,
  window: number,
): Bid | null {
  const n = bids.size;
  if (n === 0) return null;
  const start = bids.lowerBound(target);
  if (model === null || start >= n) return bids.atLeast(target, rng);
  const u = bids.utilities;
  const top = (u[start] as number) + window;
  let bestK = start;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let k = start; k < n && k < start + MAX_CANDIDATES && (u[k] as number) <= top + 1e-12; k++) {
    const score = model.utility(bids.outcome(k));
    if (score > bestScore + 1e-12) {
      bestScore = score;
      bestK = k;
    }
  }
  return { outcome: bids.outcome(bestK), utility: u[bestK] as number };
}

/** The estimated Nash point as it was searched: bid by bid, each outcome built. */
export function referenceEstimatedNash(
  turn: BoaTurn,
  model: OpponentModel,
): { outcome: Outcome; utility: number } | null {
  const { bids } = turn;
  const n = bids.size;
  if (n === 0) return null;
  const rv = turn.setup.party.reservationValue;
  let best: { outcome: Outcome; utility: number } | null = null;
  let bestProduct = Number.NEGATIVE_INFINITY;
  for (let k = n - 1; k >= Math.max(0, n - NASH_SEARCH_LIMIT); k--) {
    const u = bids.utilities[k] as number;
    if (u < rv) break;
    const o = bids.outcome(k);
    const p = (u - rv) * model.utility(o);
    if (p > bestProduct) {
      bestProduct = p;
      best = { outcome: o, utility: u };
    }
  }
  return best ?? { outcome: bids.outcome(n - 1), utility: bids.utilities[n - 1] as number };
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

function referenceNiceTitForTatTarget(turn: BoaTurn): number {
  const { model, opponentOffers, pmax, pmin } = turn;
  if (!model || opponentOffers.length === 0) return pmax;
  const nash = referenceEstimatedNash(turn, model);
  if (!nash) return pmax;
  const nashOwn = clamp(nash.utility, pmin, pmax);
  const first = model.utility((opponentOffers[0] as (typeof opponentOffers)[number]).outcome);
  const last = model.utility(
    (opponentOffers[opponentOffers.length - 1] as (typeof opponentOffers)[number]).outcome,
  );
  const nashOpp = model.utility(nash.outcome);
  const room = first - nashOpp;
  const share = room > 1e-9 ? clamp((first - last) / room, 0, 1) : 0;
  return pmax - share * (pmax - nashOwn);
}

function referenceNashTarget(e: number): (turn: BoaTurn) => number {
  return (turn) => {
    const floor = turn.model ? (referenceEstimatedNash(turn, turn.model)?.utility ?? turn.pmin) : turn.pmin;
    return timeDependentTarget(turn.ctx.t, { e, k: 0 }, clamp(floor, turn.pmin, turn.pmax), turn.pmax);
  };
}

function referenceBidder(name: string, target: (turn: BoaTurn) => number): BiddingStrategy {
  return {
    name,
    bid: (turn) =>
      turn.bids.size === 0
        ? null
        : referenceBidNearTarget(turn.bids, target(turn), turn.model, turn.ctx.rng, 0.05),
  };
}

/** Nice Tit for Tat as it was: the reference Bayesian model, the reference bidding, AC_combi(MaxW). */
export function referenceNiceTitForTat(setup: NegotiatorSetup): BoaNegotiator {
  return new BoaNegotiator(setup, {
    spec: 'reference-nicetft',
    model: (s) => referenceBayesianModel(s.space, s.index),
    bidding: referenceBidder('nicetft', referenceNiceTitForTatTarget),
    acceptance: acceptanceStrategy(acCombi(0.98, 'maxw'), 'combi'),
  });
}

/** `boa:bid=nash,model=bayesian` as it was (AC_next acceptance, window 0.05). */
export function referenceNashBayesian(setup: NegotiatorSetup): BoaNegotiator {
  return new BoaNegotiator(setup, {
    spec: 'reference-nash-bayesian',
    model: (s) => referenceBayesianModel(s.space, s.index),
    bidding: referenceBidder('nash', referenceNashTarget(0.2)),
    acceptance: acceptanceStrategy(acNext(), 'next'),
  });
}

/** Registers `reference-nicetft` and `reference-nash-bayesian` (once per process). */
export function registerReferenceNegotiators(): void {
  if (listNegotiators().some((n) => n.name === 'reference-nicetft')) return;
  registerNegotiator(
    'reference-nicetft',
    (_p, setup) => referenceNiceTitForTat(setup),
    'Nice TFT before the speed rewrite (bench and tests only)',
  );
  registerNegotiator(
    'reference-nash-bayesian',
    (_p, setup) => referenceNashBayesian(setup),
    'boa:bid=nash,model=bayesian before the speed rewrite (bench and tests only)',
  );
}
