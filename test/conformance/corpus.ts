/**
 * The conformance checks of one GENIUS folder, shared by the test suite (which caps the work per
 * domain to keep CI fast) and by `run-corpus.ts` (which runs everything): import the folder, then
 * compare every outcome's utility (or a seeded sample where the space is too large) with the
 * independent reference, check the Pareto frontier against a brute-force loop on small spaces,
 * and check GENIUS's own `pareto.xml` where present.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { paretoFrontier } from '../../src/analysis/frontier.ts';
import { LancasterError } from '../../src/errors.ts';
import { loadGeniusFolder } from '../../src/formats/genius/folder.ts';
import { Random } from '../../src/model/random.ts';
import type { Scenario } from '../../src/model/scenario.ts';
import { dataPath, hasData } from '../support/data.ts';
import {
  paretoPoints,
  type RefIssue,
  type RefUtility,
  rawOutcome,
  refDomain,
  refProfile,
  refSize,
} from './reference.ts';

export { DATA_ROOT, REPO_ROOT } from '../support/data.ts';
export const GENIUS_ROOT = dataPath('genius');
export const GENIUSWEB_ROOT = dataPath('geniusweb');
/** The corpus is there (locally it may be absent and the suite skips; in CI `hasData` throws). */
export const HAS_DATA = hasData('genius') && hasData('geniusweb');

/** Every GENIUS domain folder of the corpus, sorted. */
export function geniusFolders(): string[] {
  return readdirSync(GENIUS_ROOT, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

export interface FolderReport {
  readonly folder: string;
  readonly status: 'clean' | 'warnings' | 'failed';
  readonly error?: string;
  readonly warnings: number;
  readonly outcomes: number;
  /** Outcomes compared per party (all, or a sample). */
  readonly compared: number;
  readonly maxDiff: number;
  readonly mismatches: string[];
  /** Outcomes (times parties) whose GENIUS utility is negative, where ours is floored at 0. */
  readonly belowZero: number;
  readonly frontierChecked: boolean;
  readonly paretoPoints: number;
  readonly paretoReached: number;
  /** pareto.xml points that an outcome we found beats for both parties. */
  readonly paretoDominated: number;
}

/** Largest space whose pareto.xml is taken as GENIUS's exact frontier. */
export const EXACT_PARETO_LIMIT = 1e10;

export interface CheckLimits {
  /** Spaces above this many outcomes are sampled instead of enumerated. */
  readonly maxEnumerate: number;
  /** Sample size for sampled spaces. */
  readonly samples: number;
  /** Brute-force frontier check up to this many outcomes. */
  readonly maxFrontier: number;
  /** Local-search restarts for the pareto.xml check. */
  readonly searchRestarts: number;
}

export const TOLERANCE = 1e-12;

function profileFiles(scenario: Scenario): string[] {
  // The importer's sources list the domain first, then each profile in party order.
  return scenario.sources.slice(1).map((f) => resolve(f));
}

/** Engine outcome of the raw values (discrete: index of the value; numbers as they are). */
function engineOutcome(domain: RefIssue[], raw: readonly (string | number)[]): number[] {
  return raw.map((v, i) => {
    const d = domain[i] as RefIssue;
    return d.kind === 'discrete' ? d.values.indexOf(v as string) : (v as number);
  });
}

function randomRaw(domain: RefIssue[], rng: Random): (string | number)[] {
  return domain.map((d) => {
    if (d.kind === 'discrete') return d.values[rng.int(d.values.length)] as string;
    if (d.kind === 'integer') return d.lb + rng.int(d.ub - d.lb + 1);
    return rng.uniform(d.lb, d.ub);
  });
}

/** Brute-force Pareto frontier: every outcome no other outcome dominates. */
function bruteFrontier(utils: Float64Array[]): number[] {
  const n = (utils[0] as Float64Array).length;
  const out: number[] = [];
  for (let p = 0; p < n; p++) {
    let dominated = false;
    for (let q = 0; q < n && !dominated; q++) {
      let geq = true;
      let gt = false;
      for (const u of utils) {
        const a = u[q] as number;
        const b = u[p] as number;
        if (a < b) {
          geq = false;
          break;
        }
        if (a > b) gt = true;
      }
      dominated = geq && gt;
    }
    if (!dominated) out.push(p);
  }
  return out;
}

/** Coordinate ascent on λ·u1 + (1−λ)·u2 from random starts: outcomes near the frontier. */
function searchFrontier(scenario: Scenario, restarts: number, rng: Random): number[][] {
  const [a, b] = scenario.parties;
  if (!a || !b) return [];
  const issues = scenario.space.issues;
  const found: number[][] = [];
  for (let r = 0; r < restarts; r++) {
    const lambda = (r % 11) / 10;
    const o = scenario.space.sample(rng);
    const score = (x: number[]) => lambda * a.utility.evaluate(x) + (1 - lambda) * b.utility.evaluate(x);
    let best = score(o);
    for (let improved = true, sweeps = 0; improved && sweeps < 50; sweeps++) {
      improved = false;
      for (let i = 0; i < issues.length; i++) {
        const issue = issues[i];
        if (!issue || issue.kind === 'real') continue;
        const lo = issue.kind === 'integer' ? issue.min : 0;
        const hi = issue.kind === 'integer' ? issue.max : issue.values.length - 1;
        const keep = o[i] as number;
        let arg = keep;
        for (let v = lo; v <= hi; v++) {
          o[i] = v;
          const s = score(o);
          if (s > best + 1e-15) {
            best = s;
            arg = v;
            improved = true;
          }
        }
        o[i] = arg;
      }
    }
    found.push([a.utility.evaluate(o), b.utility.evaluate(o)]);
  }
  return found;
}

/** Runs every conformance check on one folder. */
export function checkFolder(folder: string, limits: CheckLimits): FolderReport {
  const dir = join(GENIUS_ROOT, folder);
  let scenario: Scenario;
  let warnings: number;
  try {
    const r = loadGeniusFolder(dir);
    scenario = r.scenario;
    warnings = r.warnings.length;
  } catch (e) {
    const error = e instanceof LancasterError ? e.message : `NOT A LancasterError: ${(e as Error).stack}`;
    return {
      folder,
      status: 'failed',
      error,
      warnings: 0,
      outcomes: 0,
      compared: 0,
      maxDiff: Number.NaN,
      mismatches: [],
      belowZero: 0,
      frontierChecked: false,
      paretoPoints: 0,
      paretoReached: 0,
      paretoDominated: 0,
    };
  }
  const domainFile = scenario.sources[0] as string;
  const domain = refDomain(readFileSync(domainFile, 'utf8'));
  const refs: RefUtility[] = profileFiles(scenario).map((f) => refProfile(readFileSync(f, 'utf8'), domain));
  const size = refSize(domain);
  const mismatches: string[] = [];
  let maxDiff = 0;
  let compared = 0;
  let belowZero = 0;
  const note = (party: number, k: string, ours: number, theirs: number) => {
    // GENIUS leaves a negative total negative; Lancaster's utilities are in [0, 1] (DESIGN.md), so
    // there, and only there, ours must be exactly 0.
    if (theirs < 0) belowZero++;
    const d = Math.abs(ours - Math.max(theirs, 0));
    if (!(d <= maxDiff)) maxDiff = d;
    if (!(d <= TOLERANCE) && mismatches.length < 5) {
      mismatches.push(`${scenario.parties[party]?.id} outcome ${k}: ours ${ours}, reference ${theirs}`);
    }
  };
  let allUtils: Float64Array[] | undefined;
  if (size <= limits.maxEnumerate && scenario.space.enumerable) {
    allUtils = scenario.parties.map((p) => p.utility.utilities());
    compared = size;
    for (let k = 0; k < size; k++) {
      const raw = rawOutcome(domain, k);
      refs.forEach((ref, j) => {
        note(j, String(k), (allUtils as Float64Array[])[j]?.[k] as number, ref(raw));
      });
    }
  } else {
    const rng = Random.from(7);
    compared = limits.samples;
    for (let s = 0; s < limits.samples; s++) {
      const raw = randomRaw(domain, rng);
      const o = engineOutcome(domain, raw);
      refs.forEach((ref, j) => {
        note(j, JSON.stringify(raw), scenario.parties[j]?.utility.evaluate(o) as number, ref(raw));
      });
    }
  }
  let frontierChecked = false;
  if (allUtils && size <= limits.maxFrontier) {
    const ours = [...paretoFrontier(allUtils)].sort((x, y) => x - y);
    const brute = bruteFrontier(allUtils);
    frontierChecked = true;
    if (ours.length !== brute.length || ours.some((x, i) => x !== brute[i])) {
      mismatches.push(`frontier: paretoFrontier has ${ours.length} outcomes, brute force ${brute.length}`);
    }
  }
  let nPareto = 0;
  let reached = 0;
  let dominated = 0;
  const paretoFile = join(dir, 'pareto.xml');
  if (existsSync(paretoFile) && scenario.parties.length === 2) {
    const points = paretoPoints(readFileSync(paretoFile, 'utf8'));
    nPareto = points.length;
    const maxUtil = profileFiles(scenario).map((f) => {
      const m = /maxutility="([0-9.eE+-]+)"/.exec(readFileSync(f, 'utf8'));
      return m ? Number(m[1]) : Number.NaN;
    });
    // GENIUS writes single-precision utilities; times maxutility they are whole rectangle sums.
    for (const p of points) {
      p.forEach((u, j) => {
        const m = maxUtil[j] as number;
        if (!(u >= 0 && u <= 1)) mismatches.push(`pareto.xml: utility ${u} outside [0, 1]`);
        if (Number.isFinite(m) && Math.abs(u * m - Math.round(u * m)) > 1e-6 * m) {
          mismatches.push(`pareto.xml: ${u}·${m} is not a whole rectangle sum`);
        }
      });
    }
    let candidates: number[][];
    if (allUtils) {
      candidates = [...paretoFrontier(allUtils)].map((k) => allUtils.map((u) => u[k] as number));
    } else {
      candidates = searchFrontier(scenario, limits.searchRestarts, Random.from(11));
    }
    const beats = (c: number[], p: number[]) =>
      (c[0] as number) > (p[0] as number) + 1e-6 && (c[1] as number) > (p[1] as number) + 1e-6;
    dominated = points.filter((p) => candidates.some((c) => beats(c, p))).length;
    reached = points.filter((p) =>
      candidates.some(
        (c) =>
          Math.abs((c[0] as number) - (p[0] as number)) < 1e-6 &&
          Math.abs((c[1] as number) - (p[1] as number)) < 1e-6,
      ),
    ).length;
    // Up to 10^10 outcomes GENIUS's list is exact: nothing we find may beat it (our utilities would
    // be too high), and the search must land on some of its points (ours would be too low or
    // shifted). Beyond that GENIUS only approximated the frontier, so better outcomes are expected.
    if (size <= EXACT_PARETO_LIMIT) {
      if (dominated > 0)
        mismatches.push(`pareto.xml: our outcomes dominate ${dominated} of its ${points.length} points`);
      if (reached === 0) mismatches.push('pareto.xml: local search reached none of its points');
    }
  }
  return {
    folder,
    status: mismatches.length > 0 ? 'failed' : warnings > 0 ? 'warnings' : 'clean',
    ...(mismatches.length > 0 ? { error: mismatches.join('; ') } : {}),
    warnings,
    outcomes: size,
    compared,
    maxDiff,
    mismatches,
    belowZero,
    frontierChecked,
    paretoPoints: nPareto,
    paretoReached: reached,
    paretoDominated: dominated,
  };
}
