/**
 * Loading GENIUS scenarios from disk: a folder (one domain file, any number of profile files,
 * and other files such as `pareto.xml`, all told apart by content, never by name) or a single
 * profile file whose domain is found among its sibling files. Parties are the profiles in sorted
 * file-name order (the order NegMAS loads them); the protocol is SAOP with a deadline in rounds.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { LancasterError, type Problem } from '../../errors.ts';
import { OutcomeSpace } from '../../model/outcome-space.ts';
import { defaultProtocol, type Parameter, type Scenario } from '../../model/scenario.ts';
import { readTextFile } from '../text-file.ts';
import {
  classifyGeniusXml,
  type GeniusDomain,
  partyIdFromFile,
  profileIssues,
  readGeniusDomain,
  readGeniusProfile,
  slugId,
  toParty,
  Warnings,
} from './read.ts';
import { parseXml, type XmlDocument } from './xml.ts';

/** Default deadline of an imported GENIUS scenario, in rounds (GENIUS files carry none). */
export const DEFAULT_GENIUS_ROUNDS = 180;

/** Options of a GENIUS import. */
export interface GeniusImportOptions {
  /** Deadline in rounds (default 180). */
  readonly rounds?: number;
  /** Profile file names (as in the folder) to use as parties, in this order; all when absent. */
  readonly parties?: readonly string[];
}

/** A scenario read from a foreign format, with the warnings the reader raised. */
export interface ImportResult {
  readonly scenario: Scenario;
  readonly warnings: readonly Problem[];
  /**
   * The native scenario data the reader built, when it builds native data rather than a model
   * (Decide): imports write them as they are, and forecasts build their variants from them.
   */
  readonly nativeData?: unknown;
}

/** `pareto.xml` as GENIUS writes it: lines of comma-separated utilities, no XML at all. */
export function looksLikeParetoPoints(text: string): boolean {
  const t = text.trim();
  return t === '' || /^[-+0-9.eE,\s]+$/.test(t);
}

/** Sorts by code unit order, as Python's `sorted` does for NegMAS. */
function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface Classified {
  readonly domains: XmlDocument[];
  readonly profiles: Map<string, XmlDocument>;
}

function classifyFolder(dir: string, w: Warnings): Classified {
  let names: string[];
  try {
    names = readdirSync(dir).sort(byName);
  } catch (e) {
    throw new LancasterError({
      code: 'FILE_UNREADABLE',
      file: dir,
      message: `cannot list the folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      expected: 'a readable GENIUS folder',
    });
  }
  const domains: XmlDocument[] = [];
  const profiles = new Map<string, XmlDocument>();
  for (const name of names) {
    if (!name.toLowerCase().endsWith('.xml')) continue;
    const path = join(dir, name);
    if (!statSync(path).isFile()) continue;
    const text = readTextFile(path);
    if (!text.includes('<')) {
      // GENIUS's pareto.xml holds utility points as plain text; any other tagless file is noted.
      if (!looksLikeParetoPoints(text)) {
        w.list.push({ code: 'GENIUS_QUIRK', severity: 'warning', file: path, message: 'not XML: ignored' });
      }
      continue;
    }
    const doc = parseXml(text, path);
    const kind = classifyGeniusXml(doc);
    if (kind === 'domain') domains.push(doc);
    else if (kind === 'profile') profiles.set(name, doc);
    else {
      w.list.push({
        code: 'GENIUS_QUIRK',
        severity: 'warning',
        file: path,
        message: `root element <${doc.root.name}> is neither a GENIUS domain nor a profile: ignored`,
      });
    }
  }
  return { domains, profiles };
}

function scenarioId(name: string): string {
  return slugId(name.replace(/_/g, '-'), 'genius', new Set(), true).replace(/_/g, '-');
}

function buildScenario(
  id: string,
  title: string,
  domain: GeniusDomain,
  profiles: readonly [string, XmlDocument][],
  w: Warnings,
  opts: GeniusImportOptions,
  skipUnreadable = false,
): Scenario {
  const space = new OutcomeSpace(domain.issues.map((gi) => gi.issue));
  const taken = new Set<string>();
  const parameters: Parameter[] = [];
  const sources: string[] = [domain.file];
  // Reading a whole folder, a profile that GENIUS itself cannot evaluate (GENIUS_UNSUPPORTED) is
  // left out with a warning carrying its error, so that the folder's other profiles still load
  // (genius_Railway ships two such drafts beside its three profiles); named profiles must all read.
  const readable: [string, XmlDocument, ReturnType<typeof readGeniusProfile>][] = [];
  let firstError: LancasterError | undefined;
  for (const [name, doc] of profiles) {
    try {
      readable.push([name, doc, readGeniusProfile(doc, domain, space, w)]);
    } catch (e) {
      if (!skipUnreadable || !(e instanceof LancasterError) || e.code !== 'GENIUS_UNSUPPORTED') throw e;
      firstError ??= e;
      const p = e.problems[0] as Problem;
      w.list.push({ ...p, severity: 'warning', message: `profile left out: ${p.message}` });
    }
  }
  if (readable.length === 0 && firstError) throw firstError;
  const parties = readable.map(([name, doc, p]) => {
    const pid = partyIdFromFile(name, taken);
    sources.push(doc.file);
    const src = [doc.file];
    parameters.push({ path: `parties.${pid}.reservationValue`, value: p.reservationValue, sources: src });
    parameters.push({ path: `parties.${pid}.discountFactor`, value: p.discountFactor, sources: src });
    if (!p.nonlinear) {
      space.issues.forEach((issue, i) => {
        parameters.push({
          path: `parties.${pid}.weights.${issue.id}`,
          value: p.utility.weights[i] as number,
          sources: src,
        });
      });
    }
    return toParty(pid, name.replace(/\.xml$/i, ''), p);
  });
  const rounds = opts.rounds ?? DEFAULT_GENIUS_ROUNDS;
  return {
    id,
    title,
    space,
    parties,
    protocol: defaultProtocol(
      parties.map((p) => p.id),
      rounds,
    ),
    parameters,
    sources,
    semantics: 'genius',
    notes: [
      `Imported from GENIUS XML (${domain.file}). Discounting follows GENIUS: u·d^t with t the normalised time in [0, 1].`,
    ],
  };
}

function pickProfiles(
  dir: string,
  profiles: Map<string, XmlDocument>,
  wanted: readonly string[] | undefined,
): [string, XmlDocument][] {
  if (!wanted) return [...profiles.entries()];
  return wanted.map((name) => {
    const doc = profiles.get(name) ?? profiles.get(`${name}.xml`);
    if (!doc) {
      throw new LancasterError({
        code: 'UNKNOWN_REFERENCE',
        file: dir,
        message: `no profile "${name}" in the folder`,
        expected: `one of ${[...profiles.keys()].join(', ')}`,
      });
    }
    return [basename(doc.file), doc];
  });
}

/**
 * Loads a GENIUS folder: its one domain file and its profiles (all, or `opts.parties`).
 *
 * @example
 * const { scenario, warnings } = loadGeniusFolder('data/genius/anac2011_Laptop');
 * scenario.parties.map((p) => p.id); // ['laptop_buyer', 'laptop_seller']
 */
export function loadGeniusFolder(dir: string, opts: GeniusImportOptions = {}): ImportResult {
  const w = new Warnings();
  const { domains, profiles } = classifyFolder(dir, w);
  if (domains.length !== 1) {
    throw new LancasterError({
      code: 'GENIUS_FORMAT',
      file: dir,
      message:
        domains.length === 0
          ? 'the folder has no GENIUS domain file (root <negotiation_template>)'
          : `the folder has ${domains.length} domain files (${domains.map((d) => basename(d.file)).join(', ')})`,
      expected: 'exactly one domain file; load a profile file directly to choose among several domains',
    });
  }
  const domain = readGeniusDomain(domains[0] as XmlDocument, w);
  const chosen = pickProfiles(dir, profiles, opts.parties);
  if (chosen.length === 0) {
    throw new LancasterError({
      code: 'GENIUS_FORMAT',
      file: dir,
      message: 'the folder has no profile file (root <utility_space>)',
      expected: 'at least one GENIUS profile next to the domain',
    });
  }
  const folder = basename(resolve(dir));
  const scenario = buildScenario(scenarioId(folder), folder, domain, chosen, w, opts, !opts.parties);
  return { scenario, warnings: w.list };
}

/**
 * Loads one GENIUS profile file as a one-party scenario, its domain found among the sibling
 * files by content (the domain whose issue names the profile uses). A domain file given here
 * loads the whole folder.
 */
export function loadGeniusXmlFile(path: string, opts: GeniusImportOptions = {}): ImportResult {
  const w = new Warnings();
  const doc = parseXml(readTextFile(path), path);
  const kind = classifyGeniusXml(doc);
  const dir = resolve(path, '..');
  if (kind === 'domain') return loadGeniusFolder(dir, opts);
  if (kind !== 'profile') {
    throw new LancasterError({
      code: 'GENIUS_FORMAT',
      file: path,
      line: 1,
      message: `root element <${doc.root.name}> is neither a GENIUS domain nor a profile`,
      expected: '<negotiation_template> (domain) or <utility_space> (profile)',
    });
  }
  const { domains } = classifyFolder(dir, new Warnings());
  const names = new Set(profileIssues(doc.root).map((e) => e.attrs.name ?? ''));
  const candidates = domains
    .map((d) => readGeniusDomain(d, new Warnings()))
    .filter((d) => d.issues.every((gi) => names.has(gi.name)) || domains.length === 1);
  const domain = candidates[0];
  if (!domain) {
    throw new LancasterError({
      code: 'GENIUS_FORMAT',
      file: path,
      message: 'no domain file among the sibling files matches this profile',
      expected: 'a GENIUS domain file (root <negotiation_template>) with the same issues in the same folder',
    });
  }
  const name = basename(path);
  const stem = name.replace(/\.xml$/i, '');
  const scenario = buildScenario(scenarioId(stem), stem, domain, [[name, doc]], w, opts);
  return { scenario, warnings: w.list };
}
