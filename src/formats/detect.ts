/**
 * Which reader a scenario a user names needs, decided from the path and the content without
 * parsing it, in a module that loads no reader, and `loadScenarioAnyLazily`, which loads only the
 * reader it needs (a command line's start-up should not pay for the readers it does not use).
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { looksLikeDecide } from './decide/read.ts';
import type { ImportResult } from './genius/folder.ts';
import { resolveScenarioPath } from './scenario-files.ts';
import { readTextFile } from './text-file.ts';

/** Options of `loadScenarioAny`. */
export interface LoadAnyOptions {
  /** Profile file names to use as parties (multilateral GENIUS/GeniusWeb folders); all when absent. */
  readonly parties?: readonly string[];
  /** Deadline in rounds for imported scenarios (default 180 for GENIUS/GeniusWeb, 40 for Decide). */
  readonly rounds?: number;
}

/**
 * Whether `path` is a folder of domain folders: it holds sub-folders and no scenario file itself.
 *
 * @example
 * isCorpusFolder('../shared/data/genius'); // true
 */
export function isCorpusFolder(path: string): boolean {
  let names: string[];
  try {
    if (!statSync(path).isDirectory()) return false;
    names = readdirSync(path);
  } catch {
    return false;
  }
  if (names.some((n) => /\.(xml|json|ya?ml)$/i.test(n))) return false;
  return names.some((n) => isDirectory(join(path, n)));
}

/** Whether parsed JSON looks like a GeniusWeb domain or profile (for format dispatch). */
export function isGeniusWebJson(data: unknown): boolean {
  const isObj = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  return isObj(data) && (isObj(data.issuesValues) || isObj(data.LinearAdditiveUtilitySpace));
}

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

/** What a name or path holds, as far as choosing its reader goes (decided without parsing it). */
export type ScenarioFormat =
  | { readonly kind: 'genius-folder' | 'geniusweb' | 'genius-xml' | 'decide'; readonly path: string }
  | { readonly kind: 'native'; readonly path: string; readonly text: string };

/**
 * Whether a file is Decide data: a `.csv` file, or a `.txt` file whose first record is a Decide
 * tag (`#A`, `#P`, …; the format's own sample files are `.txt`).
 *
 * @example
 * isDecideFile('cop21.csv', text); // true
 */
export function isDecideFile(path: string, text: string): boolean {
  const lower = path.toLowerCase();
  return lower.endsWith('.csv') || (lower.endsWith('.txt') && looksLikeDecide(text));
}

/**
 * Which reader `pathOrName` needs: a folder with XML files is GENIUS, a folder of JSON files is
 * GeniusWeb, an `.xml` file is GENIUS, a `.json` file is GeniusWeb when its content says so, a
 * `.csv` file (or a `.txt` file of Decide records) is Decide data, and anything else (a file or a
 * shipped name) is native. Native and GeniusWeb-by-content files are
 * read here once, so the reader gets the text.
 */
export function scenarioFormatOf(pathOrName: string): ScenarioFormat {
  if (isDirectory(pathOrName)) {
    const names = readdirSync(pathOrName);
    const xml = names.some((n) => n.toLowerCase().endsWith('.xml'));
    if (!xml && names.some((n) => n.toLowerCase().endsWith('.json')))
      return { kind: 'geniusweb', path: pathOrName };
    return { kind: 'genius-folder', path: pathOrName };
  }
  if (pathOrName.toLowerCase().endsWith('.xml')) return { kind: 'genius-xml', path: pathOrName };
  const path = resolveScenarioPath(pathOrName);
  const text = readTextFile(path);
  if (path.toLowerCase().endsWith('.json') && looksGeniusWeb(text)) return { kind: 'geniusweb', path };
  if (isDecideFile(path, text)) return { kind: 'decide', path };
  return { kind: 'native', path, text };
}

/** The options of a Decide import: only the deadline applies. */
export function decideOptions(opts: LoadAnyOptions): { rounds?: number } {
  return opts.rounds !== undefined ? { rounds: opts.rounds } : {};
}

/** The options a foreign-format reader takes. */
export function importOptions(opts: LoadAnyOptions) {
  return {
    ...(opts.parties ? { parties: opts.parties } : {}),
    ...(opts.rounds !== undefined ? { rounds: opts.rounds } : {}),
  };
}

/**
 * `loadScenarioAny` (./load-any.ts) for a command line: the same result, but only the reader the input
 * needs is loaded (a GENIUS folder never loads the native format's schema stack).
 */
export async function loadScenarioAnyLazily(
  pathOrName: string,
  opts: LoadAnyOptions = {},
): Promise<ImportResult> {
  const format = scenarioFormatOf(pathOrName);
  const o = importOptions(opts);
  switch (format.kind) {
    case 'genius-folder':
      return (await import('./genius/folder.ts')).loadGeniusFolder(format.path, o);
    case 'genius-xml':
      return (await import('./genius/folder.ts')).loadGeniusXmlFile(format.path, o);
    case 'geniusweb':
      return (await import('./geniusweb/load.ts')).loadGeniusWeb(format.path, o);
    case 'decide':
      return (await import('./decide/load.ts')).loadDecideFile(format.path, decideOptions(opts));
    case 'native': {
      const { parseScenarioText } = await import('./native/load.ts');
      return { scenario: parseScenarioText(format.text, format.path), warnings: [] };
    }
  }
}
