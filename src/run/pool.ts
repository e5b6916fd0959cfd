/**
 * The one way Lancaster starts a worker pool (tournaments, corpus analysis): piscina with a fixed
 * number of threads whose modules are TypeScript, compiled by tsx. tsx's loader is passed by its
 * resolved URL, since a bare `--import tsx` would be resolved from the user's working directory.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';

export interface PoolOptions {
  /** URL of the worker module (its default export is the task function). */
  readonly filename: string;
  readonly threads: number;
  readonly workerData?: unknown;
}

/**
 * A pool of `threads` TypeScript workers. A worker that cannot start fails the task it was given;
 * the pool's own `error` event is silenced so that it cannot crash the caller.
 */
export function typescriptPool(o: PoolOptions): Piscina {
  const pool = new Piscina({
    filename: o.filename,
    execArgv: ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href],
    minThreads: o.threads,
    maxThreads: o.threads,
    ...(o.workerData === undefined ? {} : { workerData: o.workerData }),
  });
  pool.on('error', () => {});
  return pool;
}
