/**
 * The chairs of the mediated single-text protocol: how a mediator writes its next text. Three
 * chairs, all pure and seeded (every draw comes from the substream (seed, 'chair', round, ...)):
 *
 * - `hill-climb`, after Klein, Faratin, Sayama & Bar-Yam (2003, "Protocols for negotiating complex
 *   contracts"): the chair keeps a working draft and proposes a variation of it that changes one
 *   issue (a discrete issue to another value, a numeric one by at most `stepSize` of its range).
 *   The draft moves to a text that won at least as many votes as the draft did; once a text is
 *   adopted (every party accepts it), it is the draft, and only a text adopted again replaces it.
 * - `annealing`, after the same authors' annealing mediator (Klein, Faratin & Bar-Yam 2002): the
 *   same variations, but the draft also moves to a text that won fewer votes, with probability
 *   exp(−Δ / (n · T)), Δ the votes lost, n the parties and T = temperature · (1 − t) falling to 0
 *   at the deadline; that lets the chair leave a local optimum early on. Departure from the paper:
 *   there the annealed contract becomes the one agents vote against; here it moves only the chair's
 *   working draft, and every party still votes against the standing text (the last text everyone
 *   accepted), so no party is ever held to a text it rejected.
 * - `frontier`: the chair estimates each party's preferences from its votes and proposes the text
 *   it has not yet proposed with the largest product of estimated utilities, which lies on the
 *   estimated Pareto frontier (a maximum of a product of positive numbers cannot be dominated).
 *
 * **Information model.** A chair never sees a utility function, a reservation value, a red line or
 * a principal's threshold. It sees the issues (how many values, which ranges), the deadline and
 * the clock, its own texts and, after each text, how each party voted on it (the tally, which is
 * public). The frontier chair's estimate is built from exactly that: per party, issue and value
 * (numeric issues in at most ten bins), a count of votes in favour and of votes; a party's
 * estimated utility of a text is the mean over issues of (in favour + 1) / (votes + 1) for the
 * text's values. The prior is optimistic (a value nobody has voted on scores 1), so the chair tries
 * what it knows nothing about before it settles. Before any text stands, a vote counts for every
 * value of the text; once a text stands, parties vote on whether a text beats it, so a vote counts
 * only for the values where the text differs from the standing one. Candidates are every text of
 * a space of at most 1,024 texts (in a seeded order, which breaks ties), else a seeded sample of
 * 256 texts, plus every one-issue variation of the working draft; once a text stands, candidates
 * estimated to beat it for every party come first.
 */
import { Random } from '../model/random.ts';
import type { ChairMemory, IssueShape, MediatedState, SessionEvent } from './types.ts';

/** Numeric issues are learnt by the frontier chair in at most this many bins. */
export const CHAIR_BINS = 10;

/** A space up to this size is a frontier chair's whole candidate set. */
export const ALL_CANDIDATES_UP_TO = 1024;

/** Otherwise the frontier chair draws this many candidate texts (plus the draft's neighbours). */
export const SAMPLED_CANDIDATES = 256;

/** Number of value bins of an issue as a frontier chair learns it. */
function binsOf(shape: IssueShape): number {
  if (shape.kind === 'discrete') return shape.size;
  if (shape.kind === 'integer') return Math.min(shape.max - shape.min + 1, CHAIR_BINS);
  return shape.max > shape.min ? CHAIR_BINS : 1;
}

/** The bin of value `v` of an issue. */
function binOf(shape: IssueShape, v: number): number {
  if (shape.kind === 'discrete') return v;
  const bins = binsOf(shape);
  const width = shape.kind === 'integer' ? shape.max - shape.min + 1 : shape.max - shape.min;
  if (width <= 0 || bins <= 1) return 0;
  return Math.min(bins - 1, Math.max(0, Math.floor(((v - shape.min) / width) * bins)));
}

/** Where each issue's bins start in a tally row, and the row's number of bins. */
function binOffsets(issues: readonly IssueShape[]): { offsets: number[]; total: number } {
  const offsets: number[] = [];
  let total = 0;
  for (const shape of issues) {
    offsets.push(total);
    total += binsOf(shape);
  }
  return { offsets, total };
}

/** Whether an issue has more than one value, so that a variation can change it. */
function variable(shape: IssueShape): boolean {
  return shape.kind === 'discrete' ? shape.size > 1 : shape.max > shape.min;
}

/** A uniformly random text. */
function randomText(issues: readonly IssueShape[], rng: Random): number[] {
  return issues.map((shape) => {
    if (shape.kind === 'discrete') return rng.int(shape.size);
    if (shape.kind === 'integer') return shape.min + rng.int(shape.max - shape.min + 1);
    return rng.uniform(shape.min, shape.max);
  });
}

/** The largest move of one variation on a numeric issue. */
function stepOf(shape: IssueShape, stepSize: number): number {
  if (shape.kind === 'discrete') return 1;
  const w = stepSize * (shape.max - shape.min);
  return shape.kind === 'integer' ? Math.max(1, Math.round(w)) : w;
}

/**
 * A variation of `base` that changes one issue chosen at random: a discrete issue to another of
 * its values, an integer issue by 1 to `step` either way, a real one by up to `step` either way
 * (reflected or clamped into its range). `base` itself when no issue can change.
 */
function vary(
  issues: readonly IssueShape[],
  base: readonly number[],
  stepSize: number,
  rng: Random,
): number[] {
  const text = [...base];
  const free: number[] = [];
  issues.forEach((shape, i) => {
    if (variable(shape)) free.push(i);
  });
  if (free.length === 0) return text;
  const i = free[rng.int(free.length)] as number;
  const shape = issues[i] as IssueShape;
  const v = base[i] as number;
  if (shape.kind === 'discrete') {
    const w = rng.int(shape.size - 1);
    text[i] = w >= v ? w + 1 : w;
  } else if (shape.kind === 'integer') {
    const d = (1 + rng.int(stepOf(shape, stepSize))) * (rng.int(2) === 0 ? 1 : -1);
    const up = v + d;
    const moved = up >= shape.min && up <= shape.max ? up : v - d;
    text[i] = Math.min(shape.max, Math.max(shape.min, moved));
  } else {
    const w = stepOf(shape, stepSize);
    text[i] = Math.min(shape.max, Math.max(shape.min, v + rng.uniform(-w, w)));
  }
  return text;
}

/** The chair's memory before the first text. */
export function freshMemory(
  kind: MediatedState['mediator']['kind'],
  issues: readonly IssueShape[],
  parties: number,
): ChairMemory {
  const { total } = binOffsets(issues);
  return {
    base: null,
    failures: 0,
    tallies:
      kind === 'frontier'
        ? Array.from({ length: parties }, () => new Array<number>(2 * total).fill(0))
        : null,
  };
}

/** The chair's opening text: a random one (every chair knows nothing yet). */
export function openingText(state: Pick<MediatedState, 'seed' | 'issues'>): number[] {
  return randomText(state.issues, Random.from(state.seed, 'chair', 0, 'text'));
}

/**
 * What the chair remembers after the tally of `text` (round `round`, normalised time `t`): its
 * working draft, the failures since a text last stood, and (frontier chair) the vote tallies.
 * `standing` is the standing text before this tally.
 */
export function rememberTally(
  state: Pick<MediatedState, 'seed' | 'mediator' | 'issues' | 'chair'>,
  text: readonly number[],
  votes: readonly boolean[],
  standing: readonly number[] | null,
  round: number,
  t: number,
): ChairMemory {
  const { mediator, chair, issues } = state;
  const n = votes.length;
  let accepts = 0;
  for (const v of votes) if (v) accepts++;
  const adopted = accepts === n;
  let base = chair.base;
  if (base === null || accepts >= base.accepts) {
    base = { outcome: [...text], accepts };
  } else if (mediator.kind === 'annealing') {
    const temperature = mediator.temperature * (1 - t);
    const lost = base.accepts - accepts;
    const rng = Random.from(state.seed, 'chair', round, 'anneal');
    if (temperature > 0 && rng.float() < Math.exp(-lost / (n * temperature))) {
      base = { outcome: [...text], accepts };
    }
  }
  const failures = adopted ? 0 : standing !== null ? chair.failures + 1 : 0;
  let tallies = chair.tallies;
  if (tallies !== null) {
    const { offsets } = binOffsets(issues);
    tallies = tallies.map((row, p) => {
      const next = [...row];
      const inFavour = votes[p] === true;
      issues.forEach((shape, i) => {
        const b = binOf(shape, text[i] as number);
        // Against a standing text, a vote says something only about the values that differ from it.
        if (standing !== null && binOf(shape, standing[i] as number) === b) return;
        const at = 2 * ((offsets[i] as number) + b);
        next[at] = (next[at] as number) + (inFavour ? 1 : 0);
        next[at + 1] = (next[at + 1] as number) + 1;
      });
      return next;
    });
  }
  return { base, failures, tallies };
}

/** The frontier chair's candidate texts with their keys and, per text and issue, the tally cell of its value. */
interface Candidates {
  readonly texts: readonly (readonly number[])[];
  readonly keys: readonly string[];
  /** `cells[t * issues + i]`: the bin index (offset included) of text t's value of issue i. */
  readonly cells: Int32Array;
}

/** Candidates per (seed, issues): pure, so kept across calls (a few, most recent). */
const candidateCache = new Map<string, Candidates>();

/** The same, by the identity of a session's issue list (which every state of a run shares). */
const candidatesByIssues = new WeakMap<
  readonly IssueShape[],
  { readonly seed: number; readonly candidates: Candidates }
>();

/** The tally cells of a text's values, written into `into` from `at`. */
function cellsOf(
  issues: readonly IssueShape[],
  offsets: readonly number[],
  text: readonly number[],
  into: Int32Array,
  at: number,
): void {
  for (let i = 0; i < issues.length; i++)
    into[at + i] = (offsets[i] as number) + binOf(issues[i] as IssueShape, text[i] as number);
}

function sampledCandidates(seed: number, issues: readonly IssueShape[]): Candidates {
  const known = candidatesByIssues.get(issues);
  if (known?.seed === seed) return known.candidates;
  const cacheKey = `${seed}|${JSON.stringify(issues)}`;
  const cached = candidateCache.get(cacheKey);
  if (cached) {
    candidatesByIssues.set(issues, { seed, candidates: cached });
    return cached;
  }
  const rng = Random.from(seed, 'chair', 'candidates');
  let size = 1;
  for (const shape of issues) {
    size *=
      shape.kind === 'discrete'
        ? shape.size
        : shape.kind === 'integer'
          ? shape.max - shape.min + 1
          : Number.POSITIVE_INFINITY;
  }
  let texts: number[][];
  if (size <= ALL_CANDIDATES_UP_TO) {
    texts = [];
    for (let k = 0; k < size; k++) {
      let rest = k;
      const text = new Array<number>(issues.length);
      for (let i = issues.length - 1; i >= 0; i--) {
        const shape = issues[i] as IssueShape;
        const m = shape.kind === 'discrete' ? shape.size : shape.max - shape.min + 1;
        const d = rest % m;
        rest = Math.floor(rest / m);
        text[i] = shape.kind === 'discrete' ? d : shape.min + d;
      }
      texts.push(text);
    }
    // A seeded order, so that ties (every estimate equal before any vote) go to a random text.
    for (let k = texts.length - 1; k > 0; k--) {
      const j = rng.int(k + 1);
      [texts[k], texts[j]] = [texts[j] as number[], texts[k] as number[]];
    }
  } else {
    texts = Array.from({ length: SAMPLED_CANDIDATES }, () => randomText(issues, rng));
  }
  const { offsets } = binOffsets(issues);
  const cells = new Int32Array(texts.length * issues.length);
  texts.forEach((t, k) => {
    cellsOf(issues, offsets, t, cells, k * issues.length);
  });
  const candidates: Candidates = { texts, keys: texts.map(keyOf), cells };
  if (candidateCache.size >= 64) candidateCache.clear();
  candidateCache.set(cacheKey, candidates);
  candidatesByIssues.set(issues, { seed, candidates });
  return candidates;
}

/** Every one-issue variation of `base`: each other discrete value, numeric moves of ±1 and ±2 steps. */
function neighbours(issues: readonly IssueShape[], base: readonly number[], stepSize: number): number[][] {
  const out: number[][] = [];
  issues.forEach((shape, i) => {
    const v = base[i] as number;
    const values: number[] = [];
    if (shape.kind === 'discrete') {
      for (let w = 0; w < shape.size; w++) if (w !== v) values.push(w);
    } else {
      const w = stepOf(shape, stepSize);
      for (const d of [-2 * w, -w, w, 2 * w]) {
        const x = Math.min(shape.max, Math.max(shape.min, v + d));
        if (x !== v && !values.includes(x)) values.push(x);
      }
    }
    for (const x of values) {
      const text = [...base];
      text[i] = x;
      out.push(text);
    }
  });
  return out;
}

const keyOf = (o: readonly number[]) => o.join(',');

/** Keys of the chair's texts, memoised per (immutable) propose event. */
const proposeKeys = new WeakMap<SessionEvent, string>();

/** The key of a propose event's text. */
function proposeKey(e: Extract<SessionEvent, { type: 'propose' }>): string {
  let key = proposeKeys.get(e);
  if (key === undefined) {
    key = keyOf(e.outcome);
    proposeKeys.set(e, key);
  }
  return key;
}

/** The keys of every text the chair has proposed in `events`. */
function proposedKeys(events: readonly SessionEvent[]): Set<string> {
  const keys = new Set<string>();
  for (const e of events) if (e.type === 'propose') keys.add(proposeKey(e));
  return keys;
}

/** The frontier chair's next text, or null when it has proposed every candidate. */
function frontierText(state: MediatedState, base: readonly number[]): number[] | null {
  const { issues, chair } = state;
  const tallies = chair.tallies ?? [];
  const { offsets } = binOffsets(issues);
  const n = tallies.length;
  const k = issues.length;
  // Scores of every (party, cell), party-major: (in favour + 1) / (votes + 1).
  const width = offsets.length > 0 ? binOffsets(issues).total : 0;
  const scores = new Float64Array(n * width);
  tallies.forEach((row, p) => {
    for (let b = 0; b < width; b++)
      scores[p * width + b] = ((row[2 * b] as number) + 1) / ((row[2 * b + 1] as number) + 1);
  });
  const estimate = (cells: Int32Array, at: number, out: Float64Array) => {
    for (let p = 0; p < n; p++) {
      let sum = 0;
      for (let i = 0; i < k; i++) sum += scores[p * width + (cells[at + i] as number)] as number;
      out[p] = k > 0 ? sum / k : 0;
    }
  };
  const proposed = proposedKeys(state.events);
  let reference: Float64Array | null = null;
  if (state.standing) {
    const cells = new Int32Array(k);
    cellsOf(issues, offsets, state.standing.outcome, cells, 0);
    reference = new Float64Array(n);
    estimate(cells, 0, reference);
  }
  const sampled = sampledCandidates(state.seed, issues);
  const near = neighbours(issues, base, state.mediator.stepSize);
  const nearCells = new Int32Array(near.length * k);
  near.forEach((t, j) => {
    cellsOf(issues, offsets, t, nearCells, j * k);
  });
  const u = new Float64Array(n);
  let best: readonly number[] | null = null;
  let bestScore = Number.NEGATIVE_INFINITY;
  let bestBeats = false;
  const consider = (text: readonly number[], key: string, cells: Int32Array, at: number) => {
    if (proposed.has(key)) return;
    estimate(cells, at, u);
    let product = 1;
    let beats = true;
    for (let p = 0; p < n; p++) {
      product *= u[p] as number;
      if (reference && (u[p] as number) < (reference[p] as number)) beats = false;
    }
    // Texts estimated to beat the standing one for everybody come first; then the largest product.
    if ((beats && !bestBeats) || (beats === bestBeats && product > bestScore)) {
      best = text;
      bestScore = product;
      bestBeats = beats;
    }
  };
  sampled.texts.forEach((t, j) => {
    consider(t, sampled.keys[j] as string, sampled.cells, j * k);
  });
  // A neighbour that is also a candidate scores the same, and only a larger score replaces the best.
  near.forEach((t, j) => {
    consider(t, keyOf(t), nearCells, j * k);
  });
  return best ? [...(best as readonly number[])] : null;
}

/** Variations a hill-climbing or annealing chair draws at most to find one it has not tried. */
const VARIATION_TRIES = 8;

/** Keys of the texts proposed since a text was last adopted (all of them when none was). */
function triedSinceAdoption(events: readonly SessionEvent[]): Set<string> {
  const tried = new Set<string>();
  for (let k = events.length - 1; k >= 0; k--) {
    const e = events[k] as SessionEvent;
    if (e.type === 'tally' && e.adopted) break;
    if (e.type === 'propose') tried.add(proposeKey(e));
  }
  return tried;
}

/**
 * The chair's text for round `round`: a variation of its working draft (hill-climb, annealing;
 * one not tried since a text was last adopted, when one of a few draws is), or the best estimated
 * text not yet proposed (frontier; a variation once it has proposed them all).
 */
export function nextText(state: MediatedState, round: number): number[] {
  const rng = Random.from(state.seed, 'chair', round, 'text');
  const base = state.chair.base?.outcome ?? state.standing?.outcome ?? openingText(state);
  if (state.mediator.kind === 'frontier') {
    const text = frontierText(state, base);
    if (text) return text;
  }
  const tried = triedSinceAdoption(state.events);
  let text = vary(state.issues, base, state.mediator.stepSize, rng);
  for (let k = 1; k < VARIATION_TRIES && tried.has(keyOf(text)); k++) {
    text = vary(state.issues, base, state.mediator.stepSize, rng);
  }
  return text;
}
