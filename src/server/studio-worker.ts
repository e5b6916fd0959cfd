/**
 * The studio thread of the server (started by `ThreadedStudioRunner`, studio-jobs.ts): runs and
 * forecasts scenario documents one at a time and posts each answer back, a user's mistake as its
 * problems, anything else as a fault. It imports the negotiator modules it was given before its
 * first job, so that documents naming their negotiators check as they do in the main thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { LancasterError } from '../errors.ts';
import { importIntoWorker } from '../run/own-modules.ts';
import {
  type FromStudioThread,
  runStudioJob,
  type StudioThreadData,
  type ToStudioThread,
} from './studio-jobs.ts';

const data = workerData as StudioThreadData;
const port = parentPort as NonNullable<typeof parentPort>;
const ready = (async () => {
  for (const m of data.negotiatorModules) await importIntoWorker(m);
})();

port.on('message', (m: ToStudioThread) => {
  const send = (answer: FromStudioThread) => port.postMessage(answer);
  ready
    .then(() => runStudioJob(m.job))
    .then(
      (result) => send({ id: m.id, ok: true, result }),
      (err: unknown) =>
        send(
          err instanceof LancasterError
            ? { id: m.id, ok: false, problems: err.problems }
            : { id: m.id, ok: false, fault: (err as Error)?.stack ?? String(err) },
        ),
    );
});
