/**
 * One domain of a corpus analysis: load the folder (any format `loadScenarioAny` reads), pick the
 * parties, analyse, and return the summary row, or a row carrying the error, never a throw. It is
 * both a plain function (one job at a time) and the piscina task of `analyzeCorpus` (its default
 * export), so the two paths cannot drift apart. Tasks and rows are plain data.
 */
import { analyzeDomain } from '../analysis/analyze.ts';
import { failedDomain, summarizeAnalysis } from '../analysis/summary.ts';
import type { DomainSummary } from '../analysis/types.ts';
import { LancasterError } from '../errors.ts';
import { loadScenarioAny } from '../formats/load-any.ts';

/** What the corpus runner sends for one domain. */
export interface DomainTask {
  readonly dir: string;
  readonly domain: string;
  /** Folders with more profiles than this are analysed with their first two (sorted by file name). */
  readonly maxParties: number;
  readonly method: 'auto' | 'enumeration' | 'issue-merge' | 'search';
  readonly seed: number;
}

/**
 * Loads and analyses one domain folder; failures become the row's `error`.
 *
 * @example
 * analyzeDomainTask({ dir: '/data/genius/anac2011_Laptop', domain: 'anac2011_Laptop', maxParties: 9, method: 'auto', seed: 0 });
 */
export function analyzeDomainTask(task: DomainTask): DomainSummary {
  const t0 = performance.now();
  try {
    const { scenario, warnings } = loadScenarioAny(task.dir);
    const profiles = scenario.parties.length;
    const parties = profiles > task.maxParties ? scenario.parties.slice(0, 2) : scenario.parties;
    const chosen =
      parties === scenario.parties
        ? scenario
        : { ...scenario, parties, protocol: { ...scenario.protocol, order: parties.map((p) => p.id) } };
    const analysis = analyzeDomain(chosen, { method: task.method, seed: task.seed });
    return summarizeAnalysis(task.domain, profiles, analysis, performance.now() - t0, warnings.length);
  } catch (err) {
    const error =
      err instanceof LancasterError
        ? { code: err.code, message: err.message }
        : { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
    return failedDomain(task.domain, error, performance.now() - t0);
  }
}

export default analyzeDomainTask;
