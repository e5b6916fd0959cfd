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
  /**
   * `decimal` (default): Decide's 28-digit decimal arithmetic, which its deterministic run needs;
   * `binary`: doubles, many times faster, the same procedure but for which of two equal gains the
   * last digit ranks first (the spatial forecast's parameter draws use it).
   */
  readonly arithmetic?: 'decimal' | 'binary';
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
interface Side<T> {
  readonly actor: number;
  readonly supply: number;
  readonly demand: number;
  /** Its position on the supply issue at the round's start. */
  readonly start: T;
  /** Its vote on the supply issue before this exchange (moved by exchanges made earlier in the round). */
  from: T;
  /** Its position on the demand issue at the round's start. */
  readonly wants: T;
  readonly sSupply: T;
  readonly cSupply: T;
  readonly sDemand: T;
  move: T;
  /** Its vote on the supply issue after this exchange. */
  to: T;
  /** The moves made or planned on the supply issue this round (Decide's validity test reads them). */
  readonly moves: T[];
  other: Side<T>;
}

interface Trade<T> {
  /** i demands the first issue of the pair and supplies the second; j the reverse. */
  readonly i: Side<T>;
  readonly j: Side<T>;
  gain: T;
  valid: boolean;
  /** Votes of others moved earlier in the round, by issue: the outcome this exchange must reckon with. */
  readonly moved: Map<number, Map<number, T>>;
}

/** The arithmetic the model computes in: Decide's 28-digit decimals, or binary doubles. */
interface Num<T> {
  add(o: T): T;
  sub(o: T): T;
  mul(o: T): T;
  div(o: T): T;
  neg(): T;
  abs(): T;
  cmp(o: T): number;
  lt(o: T): boolean;
  le(o: T): boolean;
  gt(o: T): boolean;
  ge(o: T): boolean;
  sign(): number;
  isZero(): boolean;
  toNumber(): number;
}

interface Arithmetic<T extends Num<T>> {
  /** The shortest decimal printing x (a data value). */
  of(x: number): T;
  /** The exact binary value of x (a constant of Decide's code written as a float). */
  exact(x: number): T;
  readonly zero: T;
  readonly one: T;
}

/** Binary doubles behind the same interface: much faster, ties between equal gains aside. */
class Binary implements Num<Binary> {
  readonly x: number;
  constructor(x: number) {
    this.x = x;
  }
  add(o: Binary) {
    return new Binary(this.x + o.x);
  }
  sub(o: Binary) {
    return new Binary(this.x - o.x);
  }
  mul(o: Binary) {
    return new Binary(this.x * o.x);
  }
  div(o: Binary) {
    if (o.x === 0) throw new RangeError('division by zero');
    return new Binary(this.x / o.x);
  }
  neg() {
    return new Binary(-this.x);
  }
  abs() {
    return this.x < 0 ? new Binary(-this.x) : this;
  }
  cmp(o: Binary) {
    return this.x < o.x ? -1 : this.x > o.x ? 1 : 0;
  }
  lt(o: Binary) {
    return this.x < o.x;
  }
  le(o: Binary) {
    return this.x <= o.x;
  }
  gt(o: Binary) {
    return this.x > o.x;
  }
  ge(o: Binary) {
    return this.x >= o.x;
  }
  sign() {
    return Math.sign(this.x);
  }
  isZero() {
    return this.x === 0;
  }
  toNumber() {
    return this.x;
  }
}

const DECIMAL: Arithmetic<Dec> = { of: Dec.of, exact: Dec.exact, zero: Dec.ZERO, one: Dec.ONE };
const BINARY: Arithmetic<Binary> = {
  of: (x) => new Binary(x),
  exact: (x) => new Binary(x),
  zero: new Binary(0),
  one: new Binary(1),
};

/**
 * The exchange model's prediction for a spatial profile (positions, saliences, powers). Actors with
 * salience 0 on an issue take no part in it.
 *
 * @example
 * const { positions, exchanges } = exchangeModel(spatialProfile(scenario), { rounds: 10 });
 */
export function exchangeModel(profile: SpatialProfile, opts: ExchangeOptions = {}): ExchangeResult {
  return opts.arithmetic === 'binary' ? simulate(BINARY, profile, opts) : simulate(DECIMAL, profile, opts);
}

function simulate<T extends Num<T>>(
  K: Arithmetic<T>,
  profile: SpatialProfile,
  opts: ExchangeOptions,
): ExchangeResult {
  const HUNDRED = K.of(100);
  const TINY = K.exact(1e-10);
  /** Gains closer than this are a tie for the seeded coin (Decide's threshold). */
  const TIE = K.exact(1e-20);
  /** The weights of the new start position (Decide's SALIENCE_WEIGHT and FIXED_WEIGHT, floats in its code). */
  const SALIENCE_WEIGHT = K.exact(0.4);
  const FIXED_WEIGHT = K.exact(0.1);
  const rounds = opts.rounds ?? DEFAULT_EXCHANGE_ROUNDS;
  const n = profile.parties.length;
  // The ordered issues, each normalised to 0–100 as Decide does.
  const dims = profile.issues.flatMap((issue, d) => {
    if (!isOrdered(issue)) return [];
    const span = issue.max - issue.min;
    return [{ d, lower: K.of(issue.min), step: span !== 0 ? K.exact(100 / span) : K.zero }];
  });
  const m = dims.length;
  const stance = (k: number, a: number) =>
    (profile.stances[(dims[k] as { d: number }).d] as readonly SpatialStance[])[a] as SpatialStance;
  const present = dims.map((_, k) => Array.from({ length: n }, (_, a) => stance(k, a).salience > 0));
  const sal = dims.map((_, k) => Array.from({ length: n }, (_, a) => K.of(stance(k, a).salience)));
  const pow = dims.map((_, k) => Array.from({ length: n }, (_, a) => K.of(stance(k, a).power)));
  // Positions on 0–100, changed after each round.
  const pos = dims.map(({ lower, step }, k) =>
    Array.from({ length: n }, (_, a) => K.of(stance(k, a).position).sub(lower).mul(step)),
  );
  const members = dims.map((_, k) => Array.from({ length: n }, (_, a) => a).filter((a) => present[k]?.[a]));
  // Σ salience × power of each issue.
  const weight = dims.map((_, k) =>
    (members[k] as number[]).reduce((s, a) => s.add(sal[k]?.[a]?.mul(pow[k]?.[a] as T) as T), K.zero),
  );
  const total = (k: number) => weight[k] as T;
  const salOf = (k: number, a: number) => sal[k]?.[a] as T;
  const powOf = (k: number, a: number) => pow[k]?.[a] as T;
  const posOf = (k: number, a: number) => pos[k]?.[a] as T;
  const denormalise = (k: number, v: T): number => {
    const { lower, step } = dims[k] as { lower: T; step: T };
    return (v.isZero() || step.isZero() ? lower : v.div(step).add(lower)).toNumber();
  };

  /** x·s·c of each actor at its position, kept up to date as positions change. */
  const term = (k: number, a: number, x: T) => x.mul(salOf(k, a)).mul(powOf(k, a));
  const terms = dims.map((_, k) => Array.from({ length: n }, (_, a) => term(k, a, posOf(k, a))));
  const setPosition = (k: number, a: number, x: T) => {
    (pos[k] as T[])[a] = x;
    (terms[k] as T[])[a] = term(k, a, x);
  };

  /**
   * Σ x·s·c over issue k's actors in order (the order matters for the rounding), at the positions
   * except where `vote` gives another.
   */
  const weighted = (k: number, vote?: (a: number) => T | undefined): T => {
    let num = K.zero;
    const own = terms[k] as T[];
    for (const a of members[k] as number[]) {
      const x = vote?.(a);
      num = num.add(x === undefined ? (own[a] as T) : term(k, a, x));
    }
    return num;
  };

  /** The outcome of issue k (the compromise, Σ x·s·c / Σ s·c), with the votes `vote` gives. */
  const outcome = (k: number, vote?: (a: number) => T | undefined): T =>
    total(k).isZero() ? K.zero : weighted(k, vote).div(total(k));

  /** The outcome of a side's supply issue if it voted `at`, the others' votes moved so far included. */
  const outcomeIf = (t: Trade<T>, side: Side<T>, at: T): T => {
    const moved = t.moved.get(side.supply);
    return outcome(side.supply, (a) => (a === side.actor ? at : moved?.get(a)));
  };

  /**
   * The move of a side's vote, from where it stands, that brings its supply issue's outcome to
   * `target`, the others' votes moved so far included (a moved vote of the side itself recorded
   * there counts as where it stands, as in Decide).
   */
  const moveToReach = (t: Trade<T>, side: Side<T>, target: T): T => {
    const k = side.supply;
    const moved = t.moved.get(k);
    const now = weighted(k, (a) => moved?.get(a) ?? (a === side.actor ? side.from : undefined));
    return target
      .mul(total(k))
      .sub(now)
      .div(salOf(k, side.actor).mul(powOf(k, side.actor)));
  };

  /** The outcome shift (exchange rate) of a supplier moving all the way to its partner's demand. */
  const fullShift = (side: Side<T>): T =>
    side.other.wants.sub(side.from).abs().mul(side.sSupply).mul(side.cSupply).div(total(side.supply));
  /** The partner's shift that gives both sides equal gain, given the supplier's shift. */
  const equalGainShift = (side: Side<T>, shift: T): T =>
    side.sSupply.add(side.other.sDemand).div(side.sDemand.add(side.other.sSupply)).mul(shift);
  /** The move of a side's vote that shifts its supply issue's outcome by `shift`. */
  const moveFor = (side: Side<T>, shift: T): T =>
    shift.mul(total(side.supply)).div(side.cSupply.mul(side.sSupply));
  /** A side's gain from the shift of its demand issue less its loss on its supply issue. */
  const gainOf = (side: Side<T>, demandShift: T, supplyShift: T): T =>
    demandShift.mul(side.sSupply).sub(supplyShift.mul(side.sDemand)).abs();

  /** Decide's test of a move: within the scale and a single direction over the round's moves. */
  const moveValid = (side: Side<T>): boolean => {
    const size = side.move.abs();
    if (size.gt(HUNDRED) || size.le(TINY)) return false;
    const at = side.from.add(side.move);
    if (at.sign() < 0 || at.gt(HUNDRED)) return false;
    let sum = K.zero;
    let lo = side.moves[0] as T;
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
  const direct = (t: Trade<T>) => {
    const { i, j } = t;
    if (i.from.gt(j.wants)) i.move = i.move.neg();
    if (j.from.gt(i.wants)) j.move = j.move.neg();
  };

  /**
   * Cut an exchange whose move of `side` would shift its supply issue's outcome past the partner's
   * position: `side` moves so that the outcome lands there, and the partner's move is set for
   * equal gain.
   */
  const cutAtPartner = (t: Trade<T>, side: Side<T>) => {
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
  const calculate = (t: Trade<T>) => {
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
  const keepMoved = (side: Side<T>, recorded: T): T =>
    side.start.le(recorded)
      ? recorded.lt(side.to)
        ? recorded
        : side.to
      : recorded.gt(side.to)
        ? recorded
        : side.to;

  /** Bring exchange `t` up to date after exchange `made`; it is recomputed if the two share an actor's issue. */
  const update = (t: Trade<T>, made: Trade<T>) => {
    // Every link below is through an actor of both exchanges.
    const a = made.i.actor;
    const b = made.j.actor;
    if (t.i.actor !== a && t.i.actor !== b && t.j.actor !== a && t.j.actor !== b) return;
    let redo = false;
    for (const side of [t.i, t.j]) {
      const same = [made.i, made.j].find((s) => s.actor === side.actor && s.supply === side.supply);
      if (same) {
        side.from = same.to;
        side.moves.push(same.moves[same.moves.length - 1] as T);
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
      const moved = t.moved.get(demander.demand) ?? new Map<number, T>();
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

  const side = (actor: number, supply: number, demand: number): Side<T> => {
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
      move: K.zero,
      to: posOf(supply, actor),
      moves: [],
    } as Omit<Side<T>, 'other'> as Side<T>;
    return s;
  };

  /** Every exchange open at the round's start, in list order. */
  const open = (): Trade<T>[] => {
    const left = dims.map((_, k) => {
      const o = outcome(k);
      return Array.from({ length: n }, (_, a) => posOf(k, a).le(o));
    });
    const out: Trade<T>[] = [];
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
              const t: Trade<T> = { i, j, gain: K.zero, valid: true, moved: new Map() };
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
  const restart = (s: Side<T>): T => {
    const pull = K.one.sub(s.sSupply).mul(SALIENCE_WEIGHT);
    return pull.mul(s.to).add(FIXED_WEIGHT.mul(s.to)).add(K.one.sub(pull).sub(FIXED_WEIGHT).mul(s.start));
  };

  const rng = opts.seed === undefined ? null : Random.from(opts.seed, 'exchange-model');
  const exchanges: Exchange[] = [];
  const byRound: (number | null)[][] = [];
  const result = (): (number | null)[] => {
    const out: (number | null)[] = profile.issues.map(() => null);
    dims.forEach(({ d }, k) => {
      if (!total(k).isZero()) out[d] = denormalise(k, outcome(k));
    });
    return out;
  };
  let last: (number | null)[] = result();
  for (let round = 1; round <= rounds; round++) {
    let list = open();
    const made: Trade<T>[] = [];
    while (list.length > 0) {
      // Highest gain first; the sort is stable, so equal gains keep their list order.
      list.sort((u, v) => v.gain.cmp(u.gain));
      let pick = 0;
      if (
        rng &&
        list.length > 1 &&
        list[0]?.gain
          .sub(list[1]?.gain as T)
          .abs()
          .lt(TIE) &&
        rng.float() >= 0.5
      )
        pick = 1;
      const [t] = list.splice(pick, 1) as [Trade<T>];
      made.push(t);
      const next: Trade<T>[] = [];
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
    for (const t of made) for (const s of [t.i, t.j]) setPosition(s.supply, s.actor, s.to);
    last = result();
    byRound.push(last);
    for (const t of made) for (const s of [t.i, t.j]) setPosition(s.supply, s.actor, restart(s));
  }
  return { positions: last, byRound, exchanges };
}
