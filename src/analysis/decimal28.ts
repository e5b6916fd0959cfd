/**
 * Decimal floating-point numbers with 28 significant digits, rounded half to even after every
 * operation: the default context of Python's `decimal` module, in which the Decide package computes
 * its exchange model. The exchange model needs it because Decide's deterministic run is decided by
 * ties between exchanges of equal gain, and which of two mathematically equal gains comes out
 * larger depends on the rounding of every step (docs/forecasting.md, "The exchange model against
 * Decide's own outputs"): with binary doubles, or with more digits, the same procedure ends several
 * points away on some issues. A value is a signed integer coefficient times a power of ten; sums,
 * differences, products and quotients are exact before the one rounding, as the General Decimal
 * Arithmetic specification requires. Conversions from a number are of two kinds, as in Python: from
 * the shortest decimal that prints it (what a data file holds), or exactly from its binary value.
 *
 * @example
 * Dec.of(1).div(Dec.of(3)).toString(); // '0.3333333333333333333333333333'
 */

/** Significant digits kept (Python's default context). */
export const DECIMAL_DIGITS = 28;

const POW10: bigint[] = [1n];
function pow10(k: number): bigint {
  while (POW10.length <= k) POW10.push((POW10[POW10.length - 1] as bigint) * 10n);
  return POW10[k] as bigint;
}
const LIMIT = pow10(DECIMAL_DIGITS);

/** Decimal digits of a non-negative integer. */
function digits(a: bigint): number {
  if (a < 10n) return 1;
  // Estimate from the double nearest a, then correct by comparing with the powers of ten.
  let d = Math.floor(Math.log10(Number(a))) + 1;
  if (!Number.isFinite(d)) return a.toString().length;
  if (a >= pow10(d)) d++;
  else if (a < pow10(d - 1)) d--;
  return d;
}

/** A decimal number: `coef × 10^exp`, at most 28 significant digits. */
export class Dec {
  readonly coef: bigint;
  readonly exp: number;
  private constructor(coef: bigint, exp: number) {
    this.coef = coef;
    this.exp = exp;
  }

  static readonly ZERO = new Dec(0n, 0);
  static readonly ONE = new Dec(1n, 0);

  /** The value of `c × 10^e` rounded to 28 digits, half to even. */
  static round(c: bigint, e: number): Dec {
    if (c === 0n) return Dec.ZERO;
    const neg = c < 0n;
    const a = neg ? -c : c;
    if (a < LIMIT) return new Dec(c, e);
    const n = digits(a);
    if (n <= DECIMAL_DIGITS) return new Dec(c, e);
    const k = n - DECIMAL_DIGITS;
    const p = pow10(k);
    let q = a / p;
    const twice = 2n * (a - q * p);
    if (twice > p || (twice === p && (q & 1n) === 1n)) q += 1n;
    return new Dec(neg ? -q : q, e + k);
  }

  /** The decimal written as `s` (e.g. '0.26', '-1.5e-3'), exactly (as Python's `Decimal('0.26')`). */
  static parse(s: string): Dec {
    const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s.trim());
    if (!m || `${m[2] ?? ''}${m[3] ?? ''}` === '') throw new Error(`not a decimal number: ${s}`);
    const frac = m[3] ?? '';
    const c = BigInt(`${m[2] ?? ''}${frac}` || '0');
    return new Dec(m[1] === '-' ? -c : c, Number(m[4] ?? 0) - frac.length);
  }

  /** The shortest decimal that prints `x` (as Python's `Decimal('0.26')` reads a data file's '0.26'). */
  static of(x: number): Dec {
    if (!Number.isFinite(x)) throw new Error(`not a finite number: ${x}`);
    return Number.isInteger(x) && Math.abs(x) < 2 ** 53 ? new Dec(BigInt(x), 0) : Dec.parse(String(x));
  }

  /** The exact binary value of `x`, unrounded (as Python's `Decimal(0.4)`). */
  static exact(x: number): Dec {
    if (!Number.isFinite(x)) throw new Error(`not a finite number: ${x}`);
    if (x === 0) return Dec.ZERO;
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, x);
    const hi = view.getUint32(0);
    const lo = view.getUint32(4);
    const biased = (hi >>> 20) & 0x7ff;
    let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
    let e2: number;
    if (biased === 0) e2 = -1074;
    else {
      mant |= 1n << 52n;
      e2 = biased - 1075;
    }
    const sign = x < 0 ? -1n : 1n;
    if (e2 >= 0) return new Dec(sign * (mant << BigInt(e2)), 0);
    // m·2^e2 = m·5^(−e2) · 10^e2, exactly.
    return new Dec(sign * mant * 5n ** BigInt(-e2), e2);
  }

  add(o: Dec): Dec {
    if (o.coef === 0n) return this.coef === 0n ? Dec.ZERO : Dec.round(this.coef, this.exp);
    if (this.coef === 0n) return Dec.round(o.coef, o.exp);
    if (this.exp === o.exp) return Dec.round(this.coef + o.coef, this.exp);
    if (this.exp < o.exp) return Dec.round(this.coef + o.coef * pow10(o.exp - this.exp), this.exp);
    return Dec.round(this.coef * pow10(this.exp - o.exp) + o.coef, o.exp);
  }

  sub(o: Dec): Dec {
    return this.add(o.neg());
  }

  mul(o: Dec): Dec {
    return Dec.round(this.coef * o.coef, this.exp + o.exp);
  }

  /** The quotient rounded to 28 digits; throws on division by zero, as Python does. */
  div(o: Dec): Dec {
    if (o.coef === 0n) throw new RangeError('decimal division by zero');
    if (this.coef === 0n) return Dec.ZERO;
    const a = this.coef < 0n ? -this.coef : this.coef;
    const b = o.coef < 0n ? -o.coef : o.coef;
    // Scale the dividend so that the quotient has at least 29 digits; a remainder becomes a sticky
    // last digit, so that rounding half to even sees whether the dropped part is exactly one half.
    const shift = Math.max(0, DECIMAL_DIGITS + 1 + digits(b) - digits(a));
    const scaled = a * pow10(shift);
    let q = scaled / b;
    let e = this.exp - o.exp - shift;
    if (q * b !== scaled) {
      q = q * 10n + 1n;
      e -= 1;
    }
    return Dec.round(this.coef < 0n !== o.coef < 0n ? -q : q, e);
  }

  neg(): Dec {
    return this.coef === 0n ? this : new Dec(-this.coef, this.exp);
  }

  abs(): Dec {
    return this.coef < 0n ? new Dec(-this.coef, this.exp) : this;
  }

  /** −1, 0 or 1 as this is below, equal to or above `o` (exact). */
  cmp(o: Dec): number {
    const sa = this.coef < 0n ? -1 : this.coef > 0n ? 1 : 0;
    const sb = o.coef < 0n ? -1 : o.coef > 0n ? 1 : 0;
    if (sa !== sb) return sa < sb ? -1 : 1;
    if (sa === 0) return 0;
    let x = this.coef;
    let y = o.coef;
    if (this.exp < o.exp) y *= pow10(o.exp - this.exp);
    else if (this.exp > o.exp) x *= pow10(this.exp - o.exp);
    return x < y ? -1 : x > y ? 1 : 0;
  }

  lt(o: Dec): boolean {
    return this.cmp(o) < 0;
  }
  le(o: Dec): boolean {
    return this.cmp(o) <= 0;
  }
  gt(o: Dec): boolean {
    return this.cmp(o) > 0;
  }
  ge(o: Dec): boolean {
    return this.cmp(o) >= 0;
  }
  isZero(): boolean {
    return this.coef === 0n;
  }
  sign(): number {
    return this.coef < 0n ? -1 : this.coef > 0n ? 1 : 0;
  }

  /** The nearest double. */
  toNumber(): number {
    return Number(`${this.coef}e${this.exp}`);
  }

  toString(): string {
    if (this.exp >= 0) return `${this.coef}${'0'.repeat(this.exp)}`;
    const neg = this.coef < 0n;
    const s = (neg ? -this.coef : this.coef).toString().padStart(1 - this.exp, '0');
    const cut = s.length + this.exp;
    const frac = s.slice(cut);
    return `${neg ? '-' : ''}${s.slice(0, cut)}${frac ? `.${frac}` : ''}`;
  }
}
