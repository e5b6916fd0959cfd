/**
 * Analysis of a corpus: every domain folder under a folder (e.g. the GENIUS corpus), one summary
 * row per domain, on a worker pool (all cores by default), each domain under a time limit. A
 * domain that fails or times out becomes a row with its error; the others go on.
 */
import { readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { failedDomain } from '../analysis/summary.ts';
import type { DomainSummary } from '../analysis/types.ts';
import { analyzeDomainTask, type DomainTask } from './corpus-worker.ts';

/** Options of {@link analyzeCorpus}. */
export interface CorpusOptions {
  /** Worker threads (default: all cores); 1 analyses in this thread. */
  readonly jobs?: number;
  /** Folders with more profiles than this are analysed with their first two (default 9). */
  readonly maxParties?: number;
  readonly method?: DomainTask['method'];
  readonly seed?: number;
  /** Wall-clock limit per domain, in seconds (default 300; only with a pool). */
  readonly timeoutSeconds?: number;
  /** Called as each domain finishes (in completion order). */
  readonly onRow?: (row: DomainSummary) => void;
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Analyses every domain folder under `dir` (see the module comment); rows sorted by domain name.
 *
 * @example
 * const rows = await analyzeCorpus('../shared/data/genius', { jobs: 2 });
 * rows.filter((r) => r.error).length; // domains that failed
 */
export async function analyzeCorpus(dir: string, opts: CorpusOptions = {}): Promise<DomainSummary[]> {
  const domains = readdirSync(dir)
    .filter((n) => isDir(join(dir, n)))
    .sort();
  const tasks: DomainTask[] = domains.map((domain) => ({
    dir: resolve(dir, domain),
    domain,
    maxParties: opts.maxParties ?? 9,
    method: opts.method ?? 'auto',
    seed: opts.seed ?? 0,
  }));
  const jobs = Math.min(opts.jobs ?? availableParallelism(), tasks.length);
  const rows: DomainSummary[] = [];
  const done = (row: DomainSummary) => {
    rows.push(row);
    opts.onRow?.(row);
  };
  if (jobs <= 1) {
    for (const t of tasks) done(await analyzeDomainTask(t));
  } else {
    const { siblingModule, workerPool } = await import('./pool.ts');
    const pool = workerPool({
      filename: siblingModule(import.meta.url, './corpus-worker'),
      threads: jobs,
    });
    const limitMs = (opts.timeoutSeconds ?? 300) * 1000;
    try {
      // Largest-first would balance better, but sizes are unknown before loading; the name order
      // interleaves big (anac2014_*) and small folders well enough.
      await Promise.all(
        tasks.map(async (t) => {
          const controller = new AbortController();
          const timer = setTimeout(() => controller.abort(), limitMs);
          const t0 = performance.now();
          try {
            done((await pool.run(t, { signal: controller.signal })) as DomainSummary);
          } catch (err) {
            done(
              failedDomain(
                t.domain,
                controller.signal.aborted
                  ? {
                      code: 'TIMEOUT',
                      message: `no result within ${limitMs / 1000} s; the worker was stopped`,
                    }
                  : { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) },
                performance.now() - t0,
              ),
            );
          } finally {
            clearTimeout(timer);
          }
        }),
      );
    } finally {
      await pool.destroy();
    }
  }
  return rows.sort((a, b) => (a.domain < b.domain ? -1 : a.domain > b.domain ? 1 : 0));
}
