/**
 * The one way Lancaster starts a worker pool (tournaments, forecasts, corpus analysis, queue
 * workers): piscina with a fixed number of threads; and a single long-lived worker thread
 * (`workerThread`, the server's software seats) where a pool's tasks do not fit. Installed Lancaster runs compiled JavaScript
 * from `bundle/` (or `dist/`, imported as a library), so its workers are plain modules that start in milliseconds. Only when the caller
 * itself runs from TypeScript source (the test runner, `tsx`) is the worker a `.ts` file, and then
 * tsx's loader, passed by its resolved URL, compiles it in the thread. How a thread finds and loads
 * Lancaster's own modules (`siblingModule`, `importOwnModule`) is in own-modules.ts, which does not
 * load piscina: a pool's threads and a tournament playing in its own thread need those, not a pool.
 */
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Piscina } from 'piscina';

export { importIntoWorker, importOwnModule, siblingModule } from './own-modules.ts';

export interface PoolOptions {
  /** URL of the worker module (its default export is the task function): see {@link siblingModule}. */
  readonly filename: string;
  readonly threads: number;
  readonly workerData?: unknown;
  /**
   * Tasks a thread is handed at once (default 1). More lets a thread start its next task while the
   * pool's owner is busy and cannot hand it one (a forecast runs tasks in the owner's thread too).
   */
  readonly tasksPerThread?: number;
}

/** tsx's loader, for worker threads whose module is TypeScript (development and tests only). */
function tsxLoader(): string[] {
  return ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href];
}

/**
 * A pool of `threads` workers running `o.filename`. A worker that cannot start fails the task it
 * was given; the pool's own `error` event is reported through `onError` (default: stderr) rather
 * than crashing the caller.
 */
export function workerPool(o: PoolOptions, onError: (err: Error) => void = reportPoolError): Piscina {
  const pool = new Piscina({
    filename: o.filename,
    ...(o.filename.endsWith('.ts') ? { execArgv: tsxLoader() } : {}),
    minThreads: o.threads,
    maxThreads: o.threads,
    ...(o.tasksPerThread === undefined ? {} : { concurrentTasksPerWorker: o.tasksPerThread }),
    ...(o.workerData === undefined ? {} : { workerData: o.workerData }),
  });
  pool.on('error', onError);
  return pool;
}

const shared = new Map<string, Piscina>();

/**
 * The process's pool of `threads` workers running `o.filename`: started on the first call and
 * reused by every later one with the same module and size (a `compare` runs two forecasts on the
 * same threads, and their modules stay loaded and compiled). Idle piscina threads never keep the
 * process alive, so nobody needs to close it.
 *
 * @example
 * const pool = sharedPool({ filename: siblingModule(import.meta.url, './worker-thread'), threads: 2 });
 */
export function sharedPool(o: Omit<PoolOptions, 'workerData'>): Piscina {
  const key = `${o.threads} ${o.tasksPerThread ?? 1} ${o.filename}`;
  let pool = shared.get(key);
  if (!pool) {
    pool = workerPool(o);
    shared.set(key, pool);
  }
  return pool;
}

function reportPoolError(err: Error): void {
  process.stderr.write(`lancaster: a worker thread failed: ${err.message}\n`);
}

/**
 * One worker thread running the module at `filename` (a URL from {@link siblingModule}), with
 * tsx's loader when it is TypeScript.
 */
export function workerThread(filename: string, workerData?: unknown): Worker {
  const data = workerData === undefined ? {} : { workerData };
  // tsx's hooks reach what a CommonJS entry requires, not the entry itself: a TypeScript module is
  // required from a one-line entry, as piscina does with its tasks' modules.
  if (filename.endsWith('.ts')) {
    return new Worker(new URL('./ts-worker-entry.cjs', import.meta.url), {
      execArgv: tsxLoader(),
      argv: [fileURLToPath(filename)],
      ...data,
    });
  }
  return new Worker(new URL(filename), data);
}
