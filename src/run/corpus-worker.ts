/**
 * One domain of a corpus analysis: load the folder (any format `loadScenarioAny` reads), pick the
 * parties, analyse, and return the summary row, or a row carrying the error, never a throw. It is
 * both a plain function (one job at a time) and the piscina task of `analyzeCorpus` (its default
 * export), so the two paths cannot drift apart. Tasks and rows are plain data. GENIUS folders and
 * files, a corpus's usual domains, load through the GENIUS reader alone, so that a worker thread
 * loads the other formats (the native one's YAML and zod among them) only for a domain in one.
 */
import { analyzeDomain } from '../analysis/analyze.ts';
import { failedDomain, summarizeAnalysis } from '../analysis/summary.ts';
import type { DomainSummary } from '../analysis/types.ts';
import { LancasterError } from '../errors.ts';
import { importOptions, scenarioFormatOf } from '../formats/detect.ts';
import { type ImportResult, loadGeniusFolder, loadGeniusXmlFile } from '../formats/genius/folder.ts';
import { importOwnModule, siblingModule } from './own-modules.ts';

/** What the corpus runner sends for one domain. */
export interface DomainTask {
  readonly dir: string;
  readonly domain: string;
  /** Folders with more profiles than this are analysed with their first two (sorted by file name). */
  readonly maxParties: number;
  readonly method: 'auto' | 'enumeration' | 'issue-merge' | 'search';
  readonly seed: number;
}

/** Loads a domain as `loadScenarioAny` does, a GENIUS one without loading that (see above). */
async function loadDomain(dir: string): Promise<ImportResult> {
  const format = scenarioFormatOf(dir);
  if (format.kind === 'genius-folder') return loadGeniusFolder(format.path, importOptions({}));
  if (format.kind === 'genius-xml') return loadGeniusXmlFile(format.path, importOptions({}));
  const { loadScenarioAny } = await importOwnModule<typeof import('../formats/load-any.ts')>(
    siblingModule(import.meta.url, '../formats/load-any'),
  );
  return loadScenarioAny(dir);
}

/**
 * Loads and analyses one domain folder; failures become the row's `error`.
 *
 * @example
 * await analyzeDomainTask({ dir: '/data/genius/anac2011_Laptop', domain: 'anac2011_Laptop', maxParties: 9, method: 'auto', seed: 0 });
 */
export async function analyzeDomainTask(task: DomainTask): Promise<DomainSummary> {
  const t0 = performance.now();
  try {
    const { scenario, warnings } = await loadDomain(task.dir);
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
