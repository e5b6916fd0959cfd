/**
 * Seeded randomness for everything in Lancaster that draws a number: xoshiro128** seeded through
 * splitmix32, with independent substreams derived by hashing (seed, key, key, ...). Our own ~60
 * lines rather than a dependency, so that no upgrade can ever change a recorded result; golden
 * values in `random.test.ts` pin the sequence.
 *
 * @example
 * const rng = Random.from(42, 'session', 3);
 * rng.float(); // in [0, 1)
 */

/** One step of splitmix32: a well-mixed 32-bit hash of a 32-bit state. */
function splitmix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Hash a string to 32 bits (FNV-1a), for use as a substream key. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Mix a seed with any number of keys (numbers or strings) into one 32-bit stream seed. */
export function mixSeed(seed: number, ...keys: ReadonlyArray<number | string>): number {
  return mixKeys(seed, keys);
}

/** `mixSeed` with the keys as one array (no copy of them for a call that already has one). */
function mixKeys(seed: number, keys: ReadonlyArray<number | string>): number {
  let h = splitmix32((seed >>> 0) ^ Math.floor(seed / 2 ** 32));
  for (const k of keys) {
    const v = typeof k === 'number' ? splitmix32((k >>> 0) ^ Math.floor(k / 2 ** 32)) : hashString(k);
    h = splitmix32(h ^ v);
  }
  return h;
}

/** The serialisable state of a generator: four 32-bit words. */
export type RandomState = [number, number, number, number];

/** xoshiro128** generator. Instances are mutable; `state()` / `Random.restore` serialise them. */
export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  private constructor(s0: number, s1: number, s2: number, s3: number) {
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** A generator for the substream (seed, ...keys). */
  static from(seed: number, ...keys: ReadonlyArray<number | string>): Random {
    // A session draws one substream per negotiator turn: no array on the way.
    const x = mixKeys(seed, keys);
    const s0 = splitmix32(x);
    const s1 = splitmix32(s0 + 1);
    const s2 = splitmix32(s1 + 2);
    return new Random(s0, s1, s2, splitmix32(s2 + 3));
  }

  static restore(state: RandomState): Random {
    return new Random(state[0], state[1], state[2], state[3]);
  }

  state(): RandomState {
    return [this.s0, this.s1, this.s2, this.s3];
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A float in [0, 1) with 53 bits of randomness. */
  float(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** An integer in [0, n), unbiased, for 0 < n <= 2^53. */
  int(n: number): number {
    if (n <= 0x100000000) {
      // Lemire-style rejection on 32 bits.
      const limit = 0x100000000 - (0x100000000 % n);
      let x = this.nextUint32();
      while (x >= limit) x = this.nextUint32();
      return x % n;
    }
    return Math.floor(this.float() * n);
  }

  /** A float in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.float();
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
