/**
 * A software thread of the server (started by `ThreadedSoftware`, software.ts): it keeps the
 * software seats of the sessions sent to it and plays them on request, posting each action as soon
 * as it is taken, so that what was played before a negotiator got stuck is not lost when the
 * watchdog terminates this thread. Before each negotiator action it writes the action's start,
 * budget, party and request into the shared watch array. It imports the negotiator modules it was
 * given before its first message. Nothing here is trusted to the main thread but plain messages.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { LancasterError } from '../errors.ts';
import type { Scenario } from '../model/scenario.ts';
import { importIntoWorker } from '../run/own-modules.ts';
import { systemClock } from '../run/session.ts';
import { type ActionWatch, buildTable } from './machine.ts';
import {
  type FromSoftwareThread,
  SeatsCache,
  type SoftwareThreadData,
  scenarioFromData,
  type ToSoftwareThread,
  WATCH_BUDGET,
  WATCH_PARTY,
  WATCH_REQ,
  WATCH_START,
} from './software.ts';

const data = workerData as SoftwareThreadData;
const port = parentPort as NonNullable<typeof parentPort>;
const view = new BigInt64Array(data.watch);

const watch: ActionWatch = {
  start(party, budgetMs) {
    Atomics.store(view, WATCH_PARTY, BigInt(party));
    Atomics.store(view, WATCH_BUDGET, BigInt(Math.ceil(budgetMs)));
    Atomics.store(view, WATCH_START, BigInt(Date.now()));
  },
  stop() {
    Atomics.store(view, WATCH_START, 0n);
  },
};

const scenarios = new Map<string, Scenario>();
const cache = new SeatsCache(systemClock, watch);
const send = (m: FromSoftwareThread) => port.postMessage(m);

function handle(m: ToSoftwareThread): void {
  switch (m.kind) {
    case 'scenario':
      scenarios.set(m.key, scenarioFromData(m.data));
      return;
    case 'forget':
      cache.forget(m.session);
      return;
    case 'play': {
      Atomics.store(view, WATCH_REQ, BigInt(m.req));
      try {
        const scenario = scenarios.get(m.scenario);
        if (!scenario) throw new Error(`scenario '${m.scenario}' was not sent before its session`);
        const played = cache.play(
          m.session,
          () => buildTable(scenario, m.seats, m.seed),
          m.tail,
          (action) => send({ kind: 'action', req: m.req, action }),
        );
        send(played ? { kind: 'done', req: m.req } : { kind: 'resync', req: m.req });
      } catch (err) {
        send({
          kind: 'failed',
          req: m.req,
          message: (err as Error)?.message ?? String(err),
          ...(err instanceof LancasterError ? { code: err.code } : {}),
        });
      }
    }
  }
}

// Messages wait for the modules; they are then handled strictly in order.
let failure: string | null = null;
let queue: Promise<void> = Promise.all(data.negotiatorModules.map(importIntoWorker)).then(
  () => undefined,
  (err: unknown) => {
    failure = `a negotiator module could not be loaded: ${(err as Error)?.message ?? err}`;
  },
);
port.on('message', (m: ToSoftwareThread) => {
  queue = queue.then(() => {
    if (failure !== null && m.kind === 'play') send({ kind: 'failed', req: m.req, message: failure });
    else handle(m);
  });
});
