/**
 * `lancaster worker --redis URL [--concurrency N]`: takes forecast tasks and chunks of tournament
 * matches from the BullMQ queue in that Redis (queued by `lancaster forecast --queue URL` and
 * `lancaster tournament --queue URL` on any machine) and returns their results. It prints
 * `Lancaster worker <name> is waiting for jobs …` once connected (scripts and tests read that line),
 * runs until SIGINT or SIGTERM, then finishes the tasks in hand and stops; a second signal stops at
 * once and leaves those tasks to other workers.
 */
import { availableParallelism } from 'node:os';
import type { RegisterCommand } from '../context.ts';
import { parsePositiveInt, usableWorkers } from '../options.ts';

export const registerWorker: RegisterCommand = (program, { io }) => {
  program
    .command('worker')
    .description(
      'take forecast tasks and tournament matches from a Redis queue (forecast --queue, tournament --queue) and run them on this machine',
    )
    .requiredOption(
      '--redis <url>',
      'the Redis of the queue, e.g. redis://host:6379 or unix:///run/redis.sock',
    )
    .option(
      '--concurrency <n>',
      'tasks run at once, each on a thread (default and most: the number of cores)',
    )
    .option(
      '--lock-duration <ms>',
      'how long a task stays claimed without a heartbeat from this worker before another worker takes it over',
      '30000',
    )
    .option('--name <name>', 'the name of this worker in messages (default host:pid)')
    .action(async (opts) => {
      const concurrency =
        opts.concurrency === undefined
          ? availableParallelism()
          : usableWorkers('--concurrency', parsePositiveInt('--concurrency', opts.concurrency), io.err);
      const lockDurationMs = parsePositiveInt('--lock-duration', opts.lockDuration);
      // Loaded on demand: only workers and queued runs need BullMQ.
      const { TASK_QUEUE, startTaskWorker } = await import('../../run/queue.ts');
      const worker = await startTaskWorker({
        url: opts.redis,
        concurrency,
        lockDurationMs,
        ...(opts.name !== undefined ? { name: opts.name } : {}),
        log: (line) => io.err(line),
      });
      io.out(
        `Lancaster worker ${worker.name} is waiting for jobs (forecasts, tournaments) on ${opts.redis} (queue ${TASK_QUEUE}, ${concurrency} at once)`,
      );
      await new Promise<void>((done) => {
        let stopping = false;
        const stop = () => {
          if (stopping) {
            // A second signal: leave the tasks in hand to other workers.
            worker.close(true).then(done, done);
            return;
          }
          stopping = true;
          io.err('finishing the tasks in hand (signal again to stop at once)');
          worker.close().then(done, done);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
};
