/**
 * One entry point for every scenario a user can name: a GENIUS folder, a GENIUS XML file (a
 * profile, whose domain is found among its siblings, or a domain, which loads its folder), a
 * GeniusWeb JSON file or folder, a native YAML/JSON file, or a shipped scenario name. What a file
 * is comes from its content (a JSON file is GeniusWeb when it has `issuesValues` or a
 * `LinearAdditiveUtilitySpace`, native otherwise), so renamed files still load.
 */
import { readdirSync, statSync } from 'node:fs';
import type { Problem } from '../errors.ts';
import { type ImportResult, loadGeniusFolder, loadGeniusXmlFile, readTextFile } from './genius/folder.ts';
import { loadGeniusWeb } from './geniusweb/load.ts';
import { isGeniusWebJson } from './geniusweb/read.ts';
import { parseScenarioText } from './native/load.ts';
import { resolveScenarioPath } from './scenario-files.ts';

/** Options of `loadScenarioAny`. */
export interface LoadAnyOptions {
  /** Profile file names to use as parties (multilateral GENIUS/GeniusWeb folders); all when absent. */
  readonly parties?: readonly string[];
  /** Deadline in rounds for imported GENIUS/GeniusWeb scenarios (default 180). */
  readonly rounds?: number;
}

export type { ImportResult };

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Reads JSON loosely to tell GeniusWeb from native (syntax errors are left to the real reader). */
function looksGeniusWeb(text: string): boolean {
  try {
    return isGeniusWebJson(JSON.parse(text));
  } catch {
    return false;
  }
}

/**
 * Loads any scenario Lancaster reads, with the warnings its reader raised (none for native files).
 *
 * @example
 * const { scenario, warnings } = loadScenarioAny('../shared/data/genius/anac2011_Laptop');
 * loadScenarioAny('london-2025').scenario.parties.map((p) => p.id); // ['us', 'china']
 */
export function loadScenarioAny(pathOrName: string, opts: LoadAnyOptions = {}): ImportResult {
  const importOpts = {
    ...(opts.parties ? { parties: opts.parties } : {}),
    ...(opts.rounds !== undefined ? { rounds: opts.rounds } : {}),
  };
  if (isDirectory(pathOrName)) {
    const names = readdirSync(pathOrName);
    const xml = names.some((n) => n.toLowerCase().endsWith('.xml'));
    if (!xml && names.some((n) => n.toLowerCase().endsWith('.json')))
      return loadGeniusWeb(pathOrName, importOpts);
    return loadGeniusFolder(pathOrName, importOpts);
  }
  const lower = pathOrName.toLowerCase();
  if (lower.endsWith('.xml')) return loadGeniusXmlFile(pathOrName, importOpts);
  const path = resolveScenarioPath(pathOrName);
  const text = readTextFile(path);
  if (path.toLowerCase().endsWith('.json') && looksGeniusWeb(text)) return loadGeniusWeb(path, importOpts);
  const warnings: Problem[] = [];
  return { scenario: parseScenarioText(text, path), warnings };
}
