/**
 * One entry point for every scenario a user can name: a GENIUS folder, a GENIUS XML file (a
 * profile, whose domain is found among its siblings, or a domain, which loads its folder), a
 * GeniusWeb JSON file or folder, a Decide `.csv` file, a native YAML/JSON file, or a shipped
 * scenario name. What a file
 * is comes from its content (a JSON file is GeniusWeb when it has `issuesValues` or a
 * `LinearAdditiveUtilitySpace`, native otherwise), so renamed files still load.
 */
import type { Problem } from '../errors.ts';
import { loadDecideFile } from './decide/load.ts';
import { decideOptions, importOptions, type LoadAnyOptions, scenarioFormatOf } from './detect.ts';
import { type ImportResult, loadGeniusFolder, loadGeniusXmlFile } from './genius/folder.ts';
import { loadGeniusWeb } from './geniusweb/load.ts';
import { parseScenarioText } from './native/load.ts';

export type { ImportResult, LoadAnyOptions };

/**
 * Loads any scenario Lancaster reads, with the warnings its reader raised (none for native files).
 *
 * @example
 * const { scenario, warnings } = loadScenarioAny('../shared/data/genius/anac2011_Laptop');
 * loadScenarioAny('london-2025').scenario.parties.map((p) => p.id); // ['us', 'china']
 */
export function loadScenarioAny(pathOrName: string, opts: LoadAnyOptions = {}): ImportResult {
  const format = scenarioFormatOf(pathOrName);
  const o = importOptions(opts);
  switch (format.kind) {
    case 'genius-folder':
      return loadGeniusFolder(format.path, o);
    case 'genius-xml':
      return loadGeniusXmlFile(format.path, o);
    case 'geniusweb':
      return loadGeniusWeb(format.path, o);
    case 'decide':
      return loadDecideFile(format.path, decideOptions(opts));
    case 'native':
      return { scenario: parseScenarioText(format.text, format.path), warnings: [] as Problem[] };
  }
}
