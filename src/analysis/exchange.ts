/**
 * The Equal Gain exchange model of collective decision making (Stokman & Van Oosten 1994, "The
 * exchange of voting positions"; the Equal Gain exchange rate of the Decide model, Stokman and
 * colleagues), written from the published description. Actors vote on every ordered issue with a
 * voting position (at first their policy position); the expected outcome of an issue is the mean of
 * the voting positions weighted by salience × power (the compromise). Two actors i and j trade
 * votes on two issues p and q when
 *   1. they stand on opposite sides of the expected outcome on both issues (i's policy position
 *      against j's voting position), so that each can pull the other's vote its way, and
 *   2. i cares relatively more about p and j about q: s_ip / s_iq > s_jp / s_jq.
 * j then moves its vote on p towards i's policy position and i its vote on q towards j's. A move
 * of j by a on p shifts the outcome by a·c_jp·s_jp / Σ_k c_kp·s_kp; each actor values an outcome
 * shift by its salience, so i gains s_ip·ΔO_p − s_iq·ΔO_q and j the mirror. The Equal Gain rate
 * sets the two moves so that both gain the same, and the exchange is as large as it can be: one of
 * the two moves all the way to the other's position. Within a round the outcomes stay those of the
 * round's start; the exchange with the largest gain is made first, and every other exchange in
 * which an actor takes part on an issue where its vote has already moved this round is withdrawn
 * (as demander or supplier), and so on until none is left; the next round starts from the new
 * voting positions. After the last round the prediction of each issue is the mean of the voting
 * positions weighted by salience × power. Exchanges of exactly equal gain are taken in list order
 * (issue pairs in issue order, then actor pairs in actor order), or in an order drawn with a seeded
 * generator when `seed` is given: deterministic either way.
 *
 * Where the published description leaves a choice open, docs/forecasting.md ("The exchange model
 * against Decide's own outputs") says which was made and how far the result lies from the Decide
 * package's own run on the same data.
 *
 * @example
 * exchangeModel(spatialProfile(scenario)).positions; // one predicted position per issue (null for a discrete issue)
 */
import { isOrdered } from '../model/issues.ts';
import { Random } from '../model/random.ts';
import type { SpatialProfile, SpatialStance } from './spatial.ts';

/** Rounds of exchange when none is given (Decide's default). */
export const DEFAULT_EXCHANGE_ROUNDS = 10;

/** Gains this close are a tie. */
const TIE = 1e-12;

export interface ExchangeOptions {
  /** Rounds of exchange (default 10). */
  readonly rounds?: number;
  /** Break ties between equal gains with this seed (default: list order). */
  readonly seed?: number;
}

/** One exchange made: who moved where, and what each gained. */
export interface Exchange {
  readonly round: number;
  /** Actor indices: i demands issue p (and supplies q), j demands q (and supplies p). */
  readonly i: number;
  readonly j: number;
  /** Issue indices. */
  readonly p: number;
  readonly q: number;
  /** j's vote on p moved from → to; i's vote on q moved from → to. */
  readonly jOnP: readonly [number, number];
  readonly iOnQ: readonly [number, number];
  /** The gain of each (equal by construction). */
  readonly gain: number;
}

export interface ExchangeResult {
  /** The predicted position of each issue (null for a discrete issue or one no actor weighs). */
  readonly positions: readonly (number | null)[];
  /** The predicted position of each issue after each round. */
  readonly byRound: readonly (readonly (number | null)[])[];
  readonly exchanges: readonly Exchange[];
}

interface Candidate {
  readonly i: number;
  readonly j: number;
  readonly p: number;
  readonly q: number;
  /** Moves of j on p and of i on q (signed), and the equal gain. */
  readonly a: number;
  readonly b: number;
  readonly gain: number;
  /** Position in list order. */
  readonly order: number;
}

/**
 * The exchange model's prediction for a spatial profile (positions, saliences, powers). Actors with
 * salience 0 on an issue take no part in it.
 *
 * @example
 * const { positions, exchanges } = exchangeModel(spatialProfile(scenario), { rounds: 10 });
 */
export function exchangeModel(profile: SpatialProfile, opts: ExchangeOptions = {}): ExchangeResult {
  const rounds = opts.rounds ?? DEFAULT_EXCHANGE_ROUNDS;
  const issues = profile.issues.map((issue, d) => ({ d, ordered: isOrdered(issue) }));
  const m = profile.issues.length;
  const n = profile.parties.length;
  // Flat tables by d·n + a: salience, salience × power, policy position, and taking part.
  const S = new Float64Array(m * n);
  const W = new Float64Array(m * n);
  const X = new Float64Array(m * n);
  const IN = new Uint8Array(m * n);
  for (let d = 0; d < m; d++) {
    for (let a = 0; a < n; a++) {
      const st = (profile.stances[d] as readonly SpatialStance[])[a] as SpatialStance;
      S[d * n + a] = st.salience;
      W[d * n + a] = st.salience * st.power;
      X[d * n + a] = st.position;
      IN[d * n + a] = issues[d]?.ordered && st.salience > 0 ? 1 : 0;
    }
  }
  const weight = (d: number, a: number) => W[d * n + a] as number;
  const present = (d: number, a: number) => IN[d * n + a] === 1;
  const policy = (d: number, a: number) => X[d * n + a] as number;
  // Voting positions, changed by exchanges.
  const vote = Array.from({ length: m }, (_, d) => Float64Array.from({ length: n }, (_, a) => policy(d, a)));
  const total = Array.from({ length: m }, (_, d) => {
    let s = 0;
    for (let a = 0; a < n; a++) if (present(d, a)) s += weight(d, a);
    return s;
  });
  const outcome = (d: number): number | null => {
    if (!((total[d] as number) > 0)) return null;
    let num = 0;
    for (let a = 0; a < n; a++) if (present(d, a)) num += weight(d, a) * (vote[d]?.[a] as number);
    return num / (total[d] as number);
  };
  const rng = opts.seed === undefined ? null : Random.from(opts.seed, 'exchange-model');
  const exchanges: Exchange[] = [];
  const byRound: (number | null)[][] = [];
  for (let round = 1; round <= rounds; round++) {
    const O = issues.map(({ d }) => outcome(d));
    let candidates = candidatesOf(O);
    if (rng) candidates = shuffleTies(candidates, rng);
    // Whether actor a's vote on issue d has moved this round (index a·m + d).
    const moved = new Uint8Array(n * m);
    for (const e of candidates) {
      // An actor whose vote on an issue has moved takes no further part in exchanges on it this
      // round; the others' positions and the round's outcomes are unchanged, so they still hold.
      if (moved[e.i * m + e.p] || moved[e.i * m + e.q] || moved[e.j * m + e.p] || moved[e.j * m + e.q])
        continue;
      const vp = vote[e.p] as Float64Array;
      const vq = vote[e.q] as Float64Array;
      const jFrom = vp[e.j] as number;
      const iFrom = vq[e.i] as number;
      vp[e.j] = jFrom + e.a;
      vq[e.i] = iFrom + e.b;
      moved[e.j * m + e.p] = 1;
      moved[e.i * m + e.q] = 1;
      exchanges.push({
        round,
        i: e.i,
        j: e.j,
        p: e.p,
        q: e.q,
        jOnP: [jFrom, vp[e.j] as number],
        iOnQ: [iFrom, vq[e.i] as number],
        gain: e.gain,
      });
    }
    byRound.push(issues.map(({ d }) => outcome(d)));
  }
  return { positions: issues.map(({ d }) => outcome(d)), byRound, exchanges };

  /** Every possible exchange at the round's outcomes, best first (ties in list order). */
  function candidatesOf(O: readonly (number | null)[]): Candidate[] {
    const out: Candidate[] = [];
    for (let p = 0; p < m; p++) {
      for (let q = p + 1; q < m; q++) {
        const Op = O[p];
        const Oq = O[q];
        if (Op === null || Op === undefined || Oq === null || Oq === undefined) continue;
        for (let x = 0; x < n; x++) {
          for (let y = x + 1; y < n; y++) {
            const c = candidate(x, y, p, q, Op, Oq, out.length);
            if (c) out.push(c);
          }
        }
      }
    }
    return out.sort((u, v) =>
      Math.abs(u.gain - v.gain) <= TIE * Math.max(1, u.gain) ? u.order - v.order : v.gain - u.gain,
    );
  }

  function candidate(
    x: number,
    y: number,
    p: number,
    q: number,
    Op: number,
    Oq: number,
    order: number,
  ): Candidate | null {
    if (!(present(p, x) && present(q, x) && present(p, y) && present(q, y))) return null;
    const rx = (S[p * n + x] as number) / (S[q * n + x] as number);
    const ry = (S[p * n + y] as number) / (S[q * n + y] as number);
    if (rx === ry) return null;
    // i is the one relatively more interested in p.
    const i = rx > ry ? x : y;
    const j = rx > ry ? y : x;
    const vp = vote[p] as Float64Array;
    const vq = vote[q] as Float64Array;
    // Opposite sides of the outcome: the demander's policy position against the supplier's vote.
    if ((policy(p, i) - Op) * ((vp[j] as number) - Op) >= 0) return null;
    if ((policy(q, j) - Oq) * ((vq[i] as number) - Oq) >= 0) return null;
    const sip = S[p * n + i] as number;
    const siq = S[q * n + i] as number;
    const sjp = S[p * n + j] as number;
    const sjq = S[q * n + j] as number;
    // Outcome shift per unit of j's move on p and of i's move on q.
    const A = weight(p, j) / (total[p] as number);
    const B = weight(q, i) / (total[q] as number);
    // Equal gain: A·a·(s_ip + s_jp) = B·b·(s_iq + s_jq).
    const ratio = (A * (sip + sjp)) / (B * (siq + sjq));
    let a = Math.abs(policy(p, i) - (vp[j] as number));
    let b = a * ratio;
    const maxB = Math.abs(policy(q, j) - (vq[i] as number));
    if (b > maxB) {
      b = maxB;
      a = b / ratio;
    }
    const gain = (A * a * (sip * sjq - siq * sjp)) / (siq + sjq);
    if (!(gain > 0) || !Number.isFinite(gain)) return null;
    return {
      i,
      j,
      p,
      q,
      a: Math.sign(policy(p, i) - (vp[j] as number)) * a,
      b: Math.sign(policy(q, j) - (vq[i] as number)) * b,
      gain,
      order,
    };
  }
}

/** The candidates with each run of equal gains in an order drawn from `rng`. */
function shuffleTies(sorted: readonly Candidate[], rng: Random): Candidate[] {
  const out = [...sorted];
  for (let start = 0; start < out.length; ) {
    let end = start + 1;
    const g = (out[start] as Candidate).gain;
    while (end < out.length && Math.abs((out[end] as Candidate).gain - g) <= TIE * Math.max(1, g)) end++;
    for (let k = end - 1; k > start; k--) {
      const r = start + rng.int(k - start + 1);
      [out[k], out[r]] = [out[r] as Candidate, out[k] as Candidate];
    }
    start = end;
  }
  return out;
}
