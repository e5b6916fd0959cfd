/**
 * Loading GeniusWeb scenarios from disk. A domain file (or a folder holding one) brings in every
 * sibling profile over the same domain, in sorted file-name order; a profile file alone is a
 * one-party scenario (its domain travels inside it). Kinds are told apart by content.
 */
import { readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { LancasterError } from '../../errors.ts';
import { DEFAULT_GENIUS_ROUNDS, type ImportResult } from '../genius/folder.ts';
import { slugId } from '../genius/read.ts';
import { readTextFile } from '../text-file.ts';
import { type GeniusWebInput, geniusWebScenario, parseGeniusWebText } from './read.ts';

/** Options of a GeniusWeb import. */
export interface GeniusWebImportOptions {
  readonly rounds?: number;
  /** Profile file names to use as parties, in this order; all matching profiles when absent. */
  readonly parties?: readonly string[];
}

function input(path: string): GeniusWebInput {
  const text = readTextFile(path);
  return { file: path, text, parsed: parseGeniusWebText(text, path) };
}

function scenarioId(name: string): string {
  return slugId(name.replace(/_/g, '-'), 'geniusweb', new Set(), true).replace(/_/g, '-');
}

/** Every GeniusWeb JSON file of a folder, parsed; files that are not GeniusWeb are skipped. */
function folderInputs(dir: string): GeniusWebInput[] {
  const out: GeniusWebInput[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (!name.toLowerCase().endsWith('.json')) continue;
    try {
      out.push(input(join(dir, name)));
    } catch (e) {
      // A sibling that is not GeniusWeb (or is broken) is not part of this scenario.
      if (!(e instanceof LancasterError)) throw e;
    }
  }
  return out;
}

function pick(
  dir: string,
  profiles: GeniusWebInput[],
  wanted: readonly string[] | undefined,
): GeniusWebInput[] {
  if (!wanted) return profiles;
  return wanted.map((w) => {
    const p = profiles.find((x) => basename(x.file) === w || basename(x.file) === `${w}.json`);
    if (!p) {
      throw new LancasterError({
        code: 'UNKNOWN_REFERENCE',
        file: dir,
        message: `no GeniusWeb profile "${w}"`,
        expected: `one of ${profiles.map((x) => basename(x.file)).join(', ')}`,
      });
    }
    return p;
  });
}

/**
 * Loads a GeniusWeb domain or profile file (or a folder with one domain).
 *
 * @example
 * const { scenario } = loadGeniusWeb('data/geniusweb/FlightBooking/flightbooking.json');
 * scenario.parties.length; // 2
 */
export function loadGeniusWeb(path: string, opts: GeniusWebImportOptions = {}): ImportResult {
  const rounds = opts.rounds ?? DEFAULT_GENIUS_ROUNDS;
  const isDir = !path.toLowerCase().endsWith('.json');
  const main = isDir ? undefined : input(path);
  if (main?.parsed.kind === 'profile' && !opts.parties) {
    const stem = basename(path).replace(/\.json$/i, '');
    return geniusWebScenario(scenarioId(stem), stem, [main], rounds);
  }
  const dir = isDir ? path : resolve(path, '..');
  const all = folderInputs(dir);
  const domainInput = main ?? all.find((x) => x.parsed.kind === 'domain');
  const domainName = domainInput?.parsed.kind === 'domain' ? domainInput.parsed.domain.name : undefined;
  const profiles = all.filter(
    (x) =>
      x.parsed.kind === 'profile' &&
      (domainName === undefined || x.parsed.profile.domain.name === domainName),
  );
  const title = domainName || basename(resolve(dir));
  return geniusWebScenario(
    scenarioId(title),
    title,
    pick(dir, profiles, opts.parties),
    rounds,
    domainInput?.parsed.kind === 'domain' ? domainInput : undefined,
  );
}
