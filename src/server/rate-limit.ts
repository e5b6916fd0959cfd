/**
 * Rate limits: one token bucket per key (a token's hash, or a client address for requests without
 * a token). A bucket holds up to `burst` requests and refills at `perSecond`; a request that finds
 * it empty is refused with the seconds until the next one is allowed (429 RATE_LIMITED with
 * Retry-After). Buckets that have refilled completely are forgotten, so memory follows the number
 * of active clients, not of all clients ever seen. Time is injected.
 */

/** Requests per second and burst size. */
export interface RateLimitOptions {
  readonly perSecond: number;
  readonly burst: number;
}

/** The default: 20 requests a second, bursts of 40. */
export const DEFAULT_RATE_LIMIT: RateLimitOptions = { perSecond: 20, burst: 40 };

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token buckets by key.
 *
 * @example
 * const limiter = new RateLimiter({ perSecond: 20, burst: 40 }, () => Date.now());
 * limiter.take('ip:127.0.0.1'); // 0 when allowed, else seconds to wait
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly opts: RateLimitOptions;
  private readonly now: () => number;
  private lastSweep = 0;

  constructor(opts: RateLimitOptions, now: () => number) {
    if (!(opts.perSecond > 0) || !(opts.burst >= 1))
      throw new RangeError('rate limit needs perSecond > 0 and burst >= 1');
    this.opts = opts;
    this.now = now;
  }

  /** Takes one request from `key`'s bucket: 0 when allowed, else the whole seconds to wait (>= 1). */
  take(key: string): number {
    const now = this.now();
    this.sweep(now);
    const { perSecond, burst } = this.opts;
    const b = this.buckets.get(key) ?? { tokens: burst, at: now };
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * perSecond);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / perSecond));
  }

  /** Number of keys tracked (for tests). */
  get size(): number {
    return this.buckets.size;
  }

  /** Drops full buckets, at most once a minute. */
  private sweep(now: number): void {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    const { perSecond, burst } = this.opts;
    for (const [k, b] of this.buckets) {
      if (b.tokens + ((now - b.at) / 1000) * perSecond >= burst) this.buckets.delete(k);
    }
  }
}
