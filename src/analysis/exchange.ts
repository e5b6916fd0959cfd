/**
 * The Equal Gain exchange model of collective decision making (Stokman & Van Oosten 1994, "The
 * exchange of voting positions"; the Equal Gain exchange rate of the Decide model, Stokman and
 * colleagues). Actors vote on every ordered issue; the expected outcome of an issue is the mean of
 * the positions weighted by salience × power (the compromise). Two actors trade votes on two issues
 * p and q when they stand on opposite sides of the expected outcome on both; the one relatively
 * more interested in p (s_p/s_q) demands p and supplies q. A move of a vote shifts the outcome by
 * move·c·s / Σ c·s; the Equal Gain rate sets the two moves so that both actors gain the same, and
 * the exchange is as large as it can be (one of the two moves all the way to the other's position),
 * cut where it would shift an outcome past the demander's own position.
 *
 * The published description leaves the procedure within a round open; where it is silent this
 * module follows the open-source Decide package (foarsitter/decide-exchange-model), whose
 * deterministic run it reproduces (docs/forecasting.md, "The exchange model against Decide's own
 * outputs"): all exchanges of a round are listed at the round's start, the one of highest gain is
 * made, every listed exchange that shares an actor's supply or demand issue with it is recomputed
 * from the new voting position, and so on until none is left; after the round each actor who
 * traded keeps its new voting position for the round's outcome and then starts the next round from
 * a point between its old position and that vote (a weight of 0.4 × (1 − salience) + 0.1 on the
 * vote). The prediction is the outcome of the voting positions of the last round. Ties between equal
 * gains go by list order (issue pairs, then actor pairs by group), or by a seeded coin as in Decide
 * when `seed` is given. The arithmetic is Decide's too: 28-digit decimals (./decimal28.ts), because
 * its deterministic run is decided by ties whose order rests on the last digit of that arithmetic.
 *
 * @example
 * exchangeModel(spatialProfile(scenario)).positions; // one predicted position per issue (null for a discrete issue)
 */
import { isOrdered } from '../model/issues.ts';
import { Random } from '../model/random.ts';
import { Dec } from './decimal28.ts';
import type { SpatialProfile, SpatialStance } from './spatial.ts';

/** Rounds of exchange when none is given (Decide's default). */
export const DEFAULT_EXCHANGE_ROUNDS = 10;

export interface ExchangeOptions {
  /** Rounds of exchange (default 10). */
  readonly rounds?: number;
  /** Break ties between equal gains with a coin drawn from this seed (default: list order). */
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
  /** j's vote on p moved from → to; i's vote on q moved from → to (on the issue's scale). */
  readonly jOnP: readonly [number, number];
  readonly iOnQ: readonly [number, number];
  /** The gain of each (equal by construction), in salience × points of the 0–100 scale. */
  readonly gain: number;
}

export interface ExchangeResult {
  /** The predicted position of each issue (null for a discrete issue or one no actor weighs). */
  readonly positions: readonly (number | null)[];
  /** The predicted position of each issue after each round. */
  readonly byRound: readonly (readonly (number | null)[])[];
  readonly exchanges: readonly Exchange[];
}

/** One actor's side of an exchange: it supplies (moves its vote on) one issue and demands the other. */
interface Side {
  readonly actor: number;
  readonly supply: number;
  readonly demand: number;
  /** Its position on the supply issue at the round's start. */
  readonly start: Dec;
  /** Its vote on the supply issue before this exchange (moved by exchanges made earlier in the round). */
  from: Dec;
  /** Its position on the demand issue at the round's start. */
  readonly wants: Dec;
  readonly sSupply: Dec;
  readonly cSupply: Dec;
  readonly sDemand: Dec;
  move: Dec;
  /** Its vote on the supply issue after this exchange. */
  to: Dec;
  /** The moves made or planned on the supply issue this round (Decide's validity test reads them). */
  readonly moves: Dec[];
  other: Side;
}

interface Trade {
  /** i demands the first issue of the pair and supplies the second; j the reverse. */
  readonly i: Side;
  readonly j: Side;
  gain: Dec;
  valid: boolean;
  /** Votes of others moved earlier in the round, by issue: the outcome this exchange must reckon with. */
  readonly moved: Map<number, Map<number, Dec>>;
}

const HUNDRED = Dec.of(100);
const TINY = Dec.exact(1e-10);
/** Gains closer than this are a tie for the seeded coin (Decide's threshold). */
const TIE = Dec.exact(1e-20);
/** The weights of the new start position (Decide's SALIENCE_WEIGHT and FIXED_WEIGHT, as binary doubles). */
const SALIENCE_WEIGHT = Dec.exact(0.4);
const FIXED_WEIGHT = Dec.exact(0.1);

/**
 * The exchange model's prediction for a spatial profile (positions, saliences, powers). Actors with
 * salience 0 on an issue take no part in it.
 *
 * @example
 * const { positions, exchanges } = exchangeModel(spatialProfile(scenario), { rounds: 10 });
 */
export function exchangeModel(profile: SpatialProfile, opts: ExchangeOptions = {}): ExchangeResult {
  const rounds = opts.rounds ?? DEFAULT_EXCHANGE_ROUNDS;
  const n = profile.parties.length;
  // The ordered issues, each normalised to 0–100 as Decide does.
  const dims = profile.issues.flatMap((issue, d) => {
    if (!isOrdered(issue)) return [];
    const span = issue.max - issue.min;
    return [{ d, lower: Dec.of(issue.min), step: span !== 0 ? Dec.exact(100 / span) : Dec.ZERO }];
  });
  const m = dims.length;
  const stance = (k: number, a: number) =>
    (profile.stances[(dims[k] as { d: number }).d] as readonly SpatialStance[])[a] as SpatialStance;
  const present = dims.map((_, k) => Array.from({ length: n }, (_, a) => stance(k, a).salience > 0));
  const sal = dims.map((_, k) => Array.from({ length: n }, (_, a) => Dec.of(stance(k, a).salience)));
  const pow = dims.map((_, k) => Array.from({ length: n }, (_, a) => Dec.of(stance(k, a).power)));
  // Positions on 0–100, changed after each round.
  const pos = dims.map(({ lower, step }, k) =>
    Array.from({ length: n }, (_, a) => Dec.of(stance(k, a).position).sub(lower).mul(step)),
  );
  const members = dims.map((_, k) => Array.from({ length: n }, (_, a) => a).filter((a) => present[k]?.[a]));
  // Σ salience × power of each issue.
  const weight = dims.map((_, k) =>
    (members[k] as number[]).reduce((s, a) => s.add(sal[k]?.[a]?.mul(pow[k]?.[a] as Dec) as Dec), Dec.ZERO),
  );
  const total = (k: number) => weight[k] as Dec;
  const salOf = (k: number, a: number) => sal[k]?.[a] as Dec;
  const powOf = (k: number, a: number) => pow[k]?.[a] as Dec;
  const posOf = (k: number, a: number) => pos[k]?.[a] as Dec;
  const denormalise = (k: number, v: Dec): number => {
    const { lower, step } = dims[k] as { lower: Dec; step: Dec };
    return (v.isZero() || step.isZero() ? lower : v.div(step).add(lower)).toNumber();
  };

  /** The outcome of issue k with the given votes (the compromise, Σ x·s·c / Σ s·c). */
  const outcome = (k: number, vote: (a: number) => Dec): Dec => {
    if (total(k).isZero()) return Dec.ZERO;
    let num = Dec.ZERO;
    for (const a of members[k] as number[]) num = num.add(vote(a).mul(salOf(k, a)).mul(powOf(k, a)));
    return num.div(total(k));
  };

  /** The outcome of a side's supply issue if it voted `at`, the others' votes moved so far included. */
  const outcomeIf = (t: Trade, side: Side, at: Dec): Dec => {
    const moved = t.moved.get(side.supply);
    return outcome(side.supply, (a) => (a === side.actor ? at : (moved?.get(a) ?? posOf(side.supply, a))));
  };

  /**
   * The move of a side's vote, from where it stands, that brings its supply issue's outcome to
   * `target`, the others' votes moved so far included (a moved vote of the side itself recorded
   * there counts as where it stands, as in Decide).
   */
  const moveToReach = (t: Trade, side: Side, target: Dec): Dec => {
    const k = side.supply;
    const moved = t.moved.get(k);
    let now = Dec.ZERO;
    for (const a of members[k] as number[]) {
      const at = moved?.get(a) ?? (a === side.actor ? side.from : posOf(k, a));
      now = now.add(at.mul(salOf(k, a)).mul(powOf(k, a)));
    }
    return target
      .mul(total(k))
      .sub(now)
      .div(salOf(k, side.actor).mul(powOf(k, side.actor)));
  };

  /** The outcome shift (exchange rate) of a supplier moving all the way to its partner's demand. */
  const fullShift = (side: Side): Dec =>
    side.other.wants.sub(side.from).abs().mul(side.sSupply).mul(side.cSupply).div(total(side.supply));
  /** The partner's shift that gives both sides equal gain, given the supplier's shift. */
  const equalGainShift = (side: Side, shift: Dec): Dec =>
    side.sSupply.add(side.other.sDemand).div(side.sDemand.add(side.other.sSupply)).mul(shift);
  /** The move of a side's vote that shifts its supply issue's outcome by `shift`. */
  const moveFor = (side: Side, shift: Dec): Dec =>
    shift.mul(total(side.supply)).div(side.cSupply.mul(side.sSupply));
  /** A side's gain from the shift of its demand issue less its loss on its supply issue. */
  const gainOf = (side: Side, demandShift: Dec, supplyShift: Dec): Dec =>
    demandShift.mul(side.sSupply).sub(supplyShift.mul(side.sDemand)).abs();

  /** Decide's test of a move: within the scale and a single direction over the round's moves. */
  const moveValid = (side: Side): boolean => {
    const size = side.move.abs();
    if (size.gt(HUNDRED) || size.le(TINY)) return false;
    const at = side.from.add(side.move);
    if (at.sign() < 0 || at.gt(HUNDRED)) return false;
    let sum = Dec.ZERO;
    let lo = side.moves[0] as Dec;
    let hi = lo;
    for (const mv of side.moves) {
      sum = sum.add(mv);
      if (mv.lt(lo)) lo = mv;
      if (mv.gt(hi)) hi = mv;
    }
    if (sum.gt(HUNDRED)) return false;
    return (lo.sign() < 0 && hi.sign() < 0) || (lo.sign() > 0 && hi.sign() > 0);
  };

  /** Set both moves from the supplier shifts, towards the partner. */
  const direct = (t: Trade) => {
    const { i, j } = t;
    if (i.from.gt(j.wants)) i.move = i.move.neg();
    if (j.from.gt(i.wants)) j.move = j.move.neg();
  };

  /**
   * Cut an exchange whose move of `side` would shift its supply issue's outcome past the partner's
   * position: `side` moves so that the outcome lands there, and the partner's move is set for
   * equal gain.
   */
  const cutAtPartner = (t: Trade, side: Side) => {
    const other = side.other;
    const target = other.wants;
    const before = target.sub(outcomeIf(t, side, side.from)).sign();
    const after = target.sub(outcomeIf(t, side, side.to)).sign();
    if ((before >= 0 && after >= 0) || (before <= 0 && after <= 0)) return;
    const size = moveToReach(t, side, target).abs();
    const shift = size.mul(side.sSupply).mul(side.cSupply).div(total(side.supply));
    const otherShift = equalGainShift(side, shift);
    other.move = moveFor(other, otherShift).abs();
    side.move = size;
    if (other.from.gt(side.wants)) other.move = other.move.neg();
    if (side.from.gt(other.wants)) side.move = side.move.neg();
    other.moves[other.moves.length - 1] = other.move;
    side.moves[side.moves.length - 1] = side.move;
    other.to = other.from.add(other.move);
    side.to = side.from.add(side.move);
    t.gain = gainOf(other, otherShift, shift);
  };

  /** Work out an exchange at its sides' current votes. */
  const calculate = (t: Trade) => {
    const { i, j } = t;
    // First j moves all the way to i's position on p, i as far as equal gain asks on q …
    let dp = fullShift(j);
    let dq = equalGainShift(j, dp);
    i.move = moveFor(i, dq);
    j.move = i.wants.sub(j.from).abs();
    // … unless i would pass j's position: then i moves all the way and j as far as equal gain asks.
    if (i.move.abs().gt(j.wants.sub(i.from).abs())) {
      dq = fullShift(i);
      dp = equalGainShift(i, dq);
      i.move = j.wants.sub(i.from).abs();
      j.move = moveFor(j, dp);
    }
    direct(t);
    i.moves.push(i.move);
    j.moves.push(j.move);
    i.to = i.from.add(i.move);
    j.to = j.from.add(j.move);
    t.gain = gainOf(i, dq, dp);
    t.valid = moveValid(i) && moveValid(j) && !t.gain.lt(TINY);
    if (!t.valid) return;
    cutAtPartner(t, i);
    cutAtPartner(t, j);
    t.valid = moveValid(i) && moveValid(j);
  };

  /** Where a recorded vote of another actor stands after a further exchange of that actor. */
  const keepMoved = (side: Side, recorded: Dec): Dec =>
    side.start.le(recorded)
      ? recorded.lt(side.to)
        ? recorded
        : side.to
      : recorded.gt(side.to)
        ? recorded
        : side.to;

  /** Bring exchange `t` up to date after exchange `made`; it is recomputed if the two share an actor's issue. */
  const update = (t: Trade, made: Trade) => {
    let redo = false;
    for (const side of [t.i, t.j]) {
      const same = [made.i, made.j].find((s) => s.actor === side.actor && s.supply === side.supply);
      if (same) {
        side.from = same.to;
        side.moves.push(same.moves[same.moves.length - 1] as Dec);
        redo = true;
      }
    }
    if (redo) {
      t.i.moves.pop();
      t.j.moves.pop();
    }
    for (const [demander, supplier] of [
      [made.j, made.i],
      [made.i, made.j],
    ] as const) {
      if (![t.i, t.j].some((s) => s.actor === demander.actor && s.demand === demander.demand)) continue;
      const moved = t.moved.get(demander.demand) ?? new Map<number, Dec>();
      t.moved.set(demander.demand, moved);
      const recorded = moved.get(supplier.actor);
      moved.set(supplier.actor, recorded === undefined ? supplier.to : keepMoved(supplier, recorded));
      if (!redo) {
        t.i.moves.pop();
        t.j.moves.pop();
        redo = true;
      }
    }
    if (redo) calculate(t);
  };

  const side = (actor: number, supply: number, demand: number): Side => {
    const s = {
      actor,
      supply,
      demand,
      start: posOf(supply, actor),
      from: posOf(supply, actor),
      wants: posOf(demand, actor),
      sSupply: salOf(supply, actor),
      cSupply: powOf(supply, actor),
      sDemand: salOf(demand, actor),
      move: Dec.ZERO,
      to: posOf(supply, actor),
      moves: [],
    } as Omit<Side, 'other'> as Side;
    return s;
  };

  /** Every exchange open at the round's start, in list order. */
  const open = (): Trade[] => {
    const left = dims.map((_, k) => {
      const o = outcome(k, (a) => posOf(k, a));
      return Array.from({ length: n }, (_, a) => posOf(k, a).le(o));
    });
    const out: Trade[] = [];
    for (let p = 0; p < m; p++) {
      for (let q = p + 1; q < m; q++) {
        // Groups by side of the outcome: right of both, left of p only, left of q only, left of both.
        const groups: number[][] = [[], [], [], []];
        for (let a = 0; a < n; a++) {
          if (!(present[p]?.[a] && present[q]?.[a])) continue;
          groups[(left[p]?.[a] ? 1 : 0) | (left[q]?.[a] ? 2 : 0)]?.push(a);
        }
        for (const [g, h] of [
          [0, 3],
          [1, 2],
        ] as const) {
          for (const x of groups[g] as number[]) {
            for (const y of groups[h] as number[]) {
              // The actor relatively more interested in p demands p (x when the ratios are equal).
              const xFirst = !salOf(p, x)
                .div(salOf(q, x))
                .lt(salOf(p, y).div(salOf(q, y)));
              const [a, b] = xFirst ? [x, y] : [y, x];
              const i = side(a, q, p);
              const j = side(b, p, q);
              i.other = j;
              j.other = i;
              const t: Trade = { i, j, gain: Dec.ZERO, valid: true, moved: new Map() };
              calculate(t);
              if (t.valid) out.push(t);
            }
          }
        }
      }
    }
    return out;
  };

  /** A new start position: part of the way from the round's start to the vote. */
  const restart = (s: Side): Dec => {
    const pull = Dec.ONE.sub(s.sSupply).mul(SALIENCE_WEIGHT);
    return pull.mul(s.to).add(FIXED_WEIGHT.mul(s.to)).add(Dec.ONE.sub(pull).sub(FIXED_WEIGHT).mul(s.start));
  };

  const rng = opts.seed === undefined ? null : Random.from(opts.seed, 'exchange-model');
  const exchanges: Exchange[] = [];
  const byRound: (number | null)[][] = [];
  const result = (): (number | null)[] => {
    const out: (number | null)[] = profile.issues.map(() => null);
    dims.forEach(({ d }, k) => {
      if (!total(k).isZero())
        out[d] = denormalise(
          k,
          outcome(k, (a) => posOf(k, a)),
        );
    });
    return out;
  };
  let last: (number | null)[] = result();
  for (let round = 1; round <= rounds; round++) {
    let list = open();
    const made: Trade[] = [];
    while (list.length > 0) {
      // Highest gain first; the sort is stable, so equal gains keep their list order.
      list.sort((u, v) => v.gain.cmp(u.gain));
      let pick = 0;
      if (
        rng &&
        list.length > 1 &&
        list[0]?.gain
          .sub(list[1]?.gain as Dec)
          .abs()
          .lt(TIE) &&
        rng.float() >= 0.5
      )
        pick = 1;
      const [t] = list.splice(pick, 1) as [Trade];
      made.push(t);
      const next: Trade[] = [];
      for (const u of list) {
        update(u, t);
        if (u.valid) next.push(u);
      }
      list = next;
      const p = dims[t.i.demand]?.d as number;
      const q = dims[t.i.supply]?.d as number;
      exchanges.push({
        round,
        i: t.i.actor,
        j: t.j.actor,
        p,
        q,
        jOnP: [denormalise(t.j.supply, t.j.from), denormalise(t.j.supply, t.j.to)],
        iOnQ: [denormalise(t.i.supply, t.i.from), denormalise(t.i.supply, t.i.to)],
        gain: t.gain.toNumber(),
      });
    }
    // The round's outcome is that of the votes; the next round starts part of the way towards them.
    for (const t of made) for (const s of [t.i, t.j]) (pos[s.supply] as Dec[])[s.actor] = s.to;
    last = result();
    byRound.push(last);
    for (const t of made) for (const s of [t.i, t.j]) (pos[s.supply] as Dec[])[s.actor] = restart(s);
  }
  return { positions: last, byRound, exchanges };
}
