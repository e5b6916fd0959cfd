/**
 * The token bucket: a burst, then one request per 1/perSecond seconds; Retry-After in whole
 * seconds; separate keys; full buckets forgotten.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/server/rate-limit.ts';

describe('RateLimiter', () => {
  it('allows a burst, then refills at the rate', () => {
    let now = 0;
    const r = new RateLimiter({ perSecond: 2, burst: 4 }, () => now);
    expect([r.take('k'), r.take('k'), r.take('k'), r.take('k')]).toEqual([0, 0, 0, 0]);
    expect(r.take('k')).toBe(1);
    expect(r.take('other')).toBe(0);
    now += 500;
    expect(r.take('k')).toBe(0);
    expect(r.take('k')).toBe(1);
  });

  it('forgets full buckets', () => {
    let now = 0;
    const r = new RateLimiter({ perSecond: 1, burst: 2 }, () => now);
    r.take('a');
    r.take('b');
    now = 120_000;
    r.take('c');
    expect(r.size).toBe(1);
  });

  test.prop([fc.array(fc.integer({ min: 0, max: 3000 }), { maxLength: 200 })])(
    'never allows more than burst + rate × time',
    (gaps) => {
      let now = 0;
      const r = new RateLimiter({ perSecond: 5, burst: 10 }, () => now);
      let allowed = 0;
      for (const g of gaps) {
        now += g;
        if (r.take('k') === 0) allowed++;
        expect(allowed).toBeLessThanOrEqual(10 + (5 * now) / 1000 + 1e-9);
      }
    },
  );
});
