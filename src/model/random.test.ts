import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { mixSeed, Random } from './random.ts';

describe('Random (xoshiro128**)', () => {
  test('matches the reference xoshiro128** sequence from state [1, 2, 3, 4]', () => {
    const r = Random.restore([1, 2, 3, 4]);
    // First outputs of the reference C implementation, derived by hand from its definition.
    expect([r.nextUint32(), r.nextUint32(), r.nextUint32()]).toEqual([11520, 0, 5927040]);
  });

  test('golden values: a dependency upgrade must never change recorded results', () => {
    const r = Random.from(42);
    expect([r.nextUint32(), r.nextUint32(), r.nextUint32(), r.float(), r.int(10)]).toEqual([
      1628055014, 1588739611, 4141494641, 0.4193431223172296, 5,
    ]);
    const s = Random.from(42, 'session', 3);
    expect([s.nextUint32(), s.nextUint32()]).toEqual([628115249, 3352923953]);
  });

  test('substreams differ by key and repeat for the same key', () => {
    expect(mixSeed(1, 'a', 2)).toBe(mixSeed(1, 'a', 2));
    expect(mixSeed(1, 'a', 2)).not.toBe(mixSeed(1, 'a', 3));
    expect(mixSeed(1, 'a')).not.toBe(mixSeed(1, 'b'));
    expect(mixSeed(1)).not.toBe(mixSeed(2));
  });

  test.prop([fc.integer(), fc.integer({ min: 1, max: 1000 })])(
    'int(n) stays in [0, n) and float in [0, 1)',
    (seed, n) => {
      const r = Random.from(seed);
      for (let i = 0; i < 50; i++) {
        const k = r.int(n);
        expect(Number.isInteger(k) && k >= 0 && k < n).toBe(true);
        const x = r.float();
        expect(x >= 0 && x < 1).toBe(true);
      }
    },
  );

  test.prop([fc.integer()])('state() and restore() continue the same sequence', (seed) => {
    const r = Random.from(seed);
    r.nextUint32();
    const copy = Random.restore(r.state());
    expect([copy.nextUint32(), copy.float()]).toEqual([r.nextUint32(), r.float()]);
  });

  test('int(n) is roughly uniform', () => {
    const r = Random.from(7);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 60000; i++) counts[r.int(6)]++;
    for (const c of counts) expect(Math.abs(c - 10000)).toBeLessThan(500);
  });
});
