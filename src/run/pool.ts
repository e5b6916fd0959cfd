/**
 * The one way Lancaster starts a worker pool (tournaments, forecasts, corpus analysis, queue
 * workers): piscina with a fixed number of threads; and a single long-lived worker thread
 * (`workerThread`, the server's software seats) where a pool's tasks do not fit. Installed Lancaster runs compiled JavaScript
 * from `bundle/` (or `dist/`, imported as a library), so its workers are plain modules that start in milliseconds. Only when the caller
 * itself runs from TypeScript source (the test runner, `tsx`) is the worker a `.ts` file, and then
 * tsx's loader, passed by its resolved URL, compiles it in the thread.
 */
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Piscina } from 'piscina';

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

/**
 * The URL of the module `name` (without extension) beside the calling module `callerUrl`, with the
 * caller's own extension: `.js` in the compiled build, `.ts` when running from source.
 *
 * @example
 * siblingModule(import.meta.url, './worker-thread'); // file:///…/bundle/run/worker-thread.js
 */
export function siblingModule(callerUrl: string, name: string): string {
  const ext = callerUrl.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`${name}${ext}`, callerUrl).href;
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

/**
 * Imports a module (URL or absolute path; e.g. one that registers negotiators) into a worker
 * thread's module graph. Under tsx a worker's own modules are compiled to CommonJS, and only
 * `require` reaches that graph (and its registry); a dynamic `import()` of a .ts file is not even
 * resolved there. Plain ES modules cannot be required on Node 20, so those are imported.
 */
export async function importIntoWorker(m: string): Promise<void> {
  const path = m.startsWith('file:') ? fileURLToPath(m) : m;
  try {
    createRequire(import.meta.url)(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ERR_REQUIRE_ESM') throw err;
    await import(m.startsWith('file:') ? m : `file://${path}`);
  }
}

/**
 * Loads one of Lancaster's own modules on demand (a URL from {@link siblingModule}), so that a
 * thread pays for a module only when it needs it. Compiled, and under the test runner or tsx's
 * main thread, that is `import()`. Under tsx in a worker thread the modules are compiled to
 * CommonJS, where `import()` of a .ts file fails and only `require` reaches the graph the static
 * imports loaded (one copy of each module, so `instanceof` and registries still hold).
 *
 * @example
 * const { loadScenarioAny } = await importOwnModule<typeof import('../formats/load-any.ts')>(
 *   siblingModule(import.meta.url, '../formats/load-any'),
 * );
 */
export async function importOwnModule<T>(url: string): Promise<T> {
  if (url.endsWith('.ts') && typeof require === 'function') {
    try {
      return require(fileURLToPath(url)) as T;
    } catch (err) {
      // The test runner's modules have a `require` too, one that cannot read TypeScript: its
      // own `import()` can.
      if ((err as Error).name !== 'SyntaxError') throw err;
    }
  }
  return (await import(url)) as T;
}
