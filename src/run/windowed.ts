/**
 * Runs numbered tasks with a bounded window in flight: the scheduler of the forecast's queue and
 * the tournament's queue (a forecast on threads uses `runAlongsidePool` in forecast.ts, which also
 * runs tasks in the calling thread). At most `window` tasks are started beyond the first
 * one not yet accepted, so memory stays bounded however many tasks there are (a forecast of a
 * billion runs has four million). `ordered` hands results over in task order (a result that
 * arrives early waits, and counts against the window); otherwise each as it arrives.
 */

export interface WindowedOptions<R> {
  /** Tasks 0 … count − 1. */
  readonly count: number;
  /** Most tasks started and not yet accepted. */
  readonly window: number;
  /** Hand results over in task order. */
  readonly ordered: boolean;
  /** Starts task t. */
  readonly start: (t: number) => Promise<R>;
  /** Takes task t's result (in task order when `ordered`); a throw stops the run. */
  readonly accept: (t: number, result: R) => void;
}

/**
 * Runs every task; rejects with the first failure (of a task or of `accept`), after which no task
 * is started and late results are dropped.
 *
 * @example
 * await runWindowed({ count: 100, window: 8, ordered: true, start: (t) => pool.run(t), accept: (t, r) => merge(r) });
 */
export function runWindowed<R>(o: WindowedOptions<R>): Promise<void> {
  if (o.count === 0) return Promise.resolve();
  const window = Math.max(1, o.window);
  return new Promise<void>((resolve, reject) => {
    let next = 0;
    let accepted = 0;
    let failed = false;
    const ready = new Map<number, R>();
    const fail = (e: unknown) => {
      if (failed) return;
      failed = true;
      reject(e);
    };
    const take = (t: number, r: R) => {
      o.accept(t, r);
      accepted++;
    };
    const pump = () => {
      while (!failed && next < o.count && next - accepted < window) {
        const t = next++;
        let started: Promise<R>;
        try {
          started = o.start(t);
        } catch (e) {
          fail(e);
          return;
        }
        started.then((r) => {
          if (failed) return;
          try {
            if (!o.ordered) take(t, r);
            else {
              ready.set(t, r);
              while (ready.has(accepted)) {
                const x = ready.get(accepted) as R;
                ready.delete(accepted);
                take(accepted, x);
              }
            }
          } catch (e) {
            fail(e);
            return;
          }
          if (accepted === o.count) resolve();
          else pump();
        }, fail);
      }
    };
    pump();
  });
}
