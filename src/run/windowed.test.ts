import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { runWindowed } from './windowed.ts';

/** Tasks that finish after the given delays (ms), recording how many were in flight at most. */
function delayed(delays: readonly number[]) {
  let inFlight = 0;
  let most = 0;
  const start = (t: number) => {
    inFlight++;
    most = Math.max(most, inFlight);
    return new Promise<number>((resolve) =>
      setTimeout(() => {
        inFlight--;
        resolve(t * 10);
      }, delays[t] ?? 0),
    );
  };
  return { start, most: () => most };
}

describe('runWindowed', () => {
  test.prop([fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 40 }), fc.integer({ min: 1, max: 6 })])(
    'hands every result over in task order, with at most `window` tasks unaccepted',
    async (delays, window) => {
      const tasks = delayed(delays);
      const got: [number, number][] = [];
      await runWindowed({
        count: delays.length,
        window,
        ordered: true,
        start: tasks.start,
        accept: (t, r) => got.push([t, r]),
      });
      expect(got).toEqual(delays.map((_, t) => [t, t * 10]));
      expect(tasks.most()).toBeLessThanOrEqual(window);
    },
  );

  it('unordered, hands results over as they come and keeps the window full', async () => {
    const tasks = delayed([30, 1, 1, 1, 1]);
    const got: number[] = [];
    await runWindowed({
      count: 5,
      window: 2,
      ordered: false,
      start: tasks.start,
      accept: (t) => got.push(t),
    });
    // Task 0 is slow: the others pass it while it runs.
    expect(got[got.length - 1]).toBe(0);
    expect([...got].sort()).toEqual([0, 1, 2, 3, 4]);
    expect(tasks.most()).toBe(2);
  });

  it('stops at the first failure, of a task or of accept, and starts nothing after it', async () => {
    const started: number[] = [];
    await expect(
      runWindowed({
        count: 100,
        window: 3,
        ordered: true,
        start: async (t) => {
          started.push(t);
          if (t === 4) throw new Error('task 4 failed');
          return t;
        },
        accept: () => {},
      }),
    ).rejects.toThrow('task 4 failed');
    expect(Math.max(...started)).toBeLessThan(8);
    await expect(
      runWindowed({
        count: 10,
        window: 2,
        ordered: false,
        start: async (t) => t,
        accept: (t) => {
          if (t === 1) throw new Error('cannot take 1');
        },
      }),
    ).rejects.toThrow('cannot take 1');
    await expect(
      runWindowed({ count: 0, window: 1, ordered: true, start: async () => 0, accept: () => {} }),
    ).resolves.toBeUndefined();
  });
});
