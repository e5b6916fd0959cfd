/**
 * The whole GENIUS corpus, and how good the approximate frontier is.
 *
 * 1. `analyzeCorpus` over every folder of ../shared/data/genius on all cores (one run: it takes
 *    tens of seconds), with the sum of the per-domain times (what one core would need) and the
 *    slowest domain.
 * 2. Search against the exact frontier: on enumerable domains the frontier found by
 *    `method: 'search'` is compared with the exact one (enumeration or issue merge): hypervolume
 *    difference above (0, 0) in percent of the reference's (`HV Δ %`: 0 = as good, negative =
 *    area missed, positive = area the reference misses; two parties only), mean distance of exact points to the found set (IGD), share of exact
 *    frontier vectors found.
 * 3. Against GENIUS's `pareto.xml` (ANAC 2014 and the S-1 domains, 10^10–10^50 outcomes, where
 *    Lancaster can only search): the same measures with the file's points as reference (they are
 *    float32, so "found" means within 1e-6 on every utility), and how many of the file's points a
 *    found point strictly dominates.
 * Skips with a message when ../shared/data is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeDomain } from '../src/analysis/analyze.ts';
import { dominatesPoint } from '../src/analysis/frontier.ts';
import { frontierQuality } from '../src/analysis/frontier-quality.ts';
import { loadScenarioAny } from '../src/formats/load-any.ts';
import { analyzeCorpus } from '../src/run/corpus.ts';
import { dataPath } from '../test/support/data.ts';
import type { BenchRow } from './run.ts';

const _ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DATA = dataPath('genius');

/** Enumerable domains on which the search is checked against the exact frontier. */
const CHECKED = [
  'anac2010_Travel',
  'anac2011_Camera',
  'anac2011_Energy',
  'anac2012_CarA',
  'genius_6issues',
  'other_AMPOvsCity',
  'anac2015_group2-dinner',
];

function paretoXml(domain: string): number[][] | null {
  const path = join(DATA, domain, 'pareto.xml');
  if (!existsSync(path)) return null;
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^[0-9.eE+-]+\s*,/.test(l))
    .map((l) => l.split(',').map(Number));
}

const pct = (x: number) => Math.round(x * 1000) / 10;

export async function run(): Promise<BenchRow[]> {
  if (!existsSync(DATA)) {
    console.error(`corpus bench skipped: no GENIUS data at ${DATA}`);
    return [];
  }
  const rows: BenchRow[] = [];
  const jobs = availableParallelism();
  const t0 = performance.now();
  const corpus = await analyzeCorpus(DATA, { jobs });
  const wall = performance.now() - t0;
  const failed = corpus.filter((r) => r.error).length;
  const cpu = corpus.reduce((s, r) => s + r.ms, 0);
  const slowest = corpus.reduce((a, b) => (b.ms > a.ms ? b : a));
  rows.push({
    name: `whole corpus, ${jobs} workers`,
    value: wall / 1000,
    unit: 's',
    note: `${corpus.length} domains, ${failed} failed`,
  });
  rows.push({
    name: '  sum of per-domain times',
    value: cpu / 1000,
    unit: 's',
    note: `slowest ${slowest.domain} ${(slowest.ms / 1000).toFixed(1)} s`,
  });

  for (const domain of CHECKED) {
    const { scenario } = loadScenarioAny(join(DATA, domain));
    const exact = analyzeDomain(scenario);
    const t = performance.now();
    const found = analyzeDomain(scenario, { method: 'search', sampleSize: 1000 });
    const ms = performance.now() - t;
    // Distinct vectors: the enumeration lists every outcome of a tied frontier vector.
    const ref = [...new Set(exact.frontier.map((p) => p.utilities.join(',')))].map((k) =>
      k.split(',').map(Number),
    );
    const q = frontierQuality(
      ref,
      found.frontier.map((p) => p.utilities),
    );
    const distinct = ref.length;
    const note = `IGD ${q.meanDistance.toFixed(4)}, found ${q.found}/${distinct} (${pct(q.found / distinct)}%), ${scenario.parties.length} parties, ${Math.round(ms)} ms`;
    rows.push({
      name: `search vs exact ${domain}`,
      value: q.hypervolumeRatio === null ? Number.NaN : 100 * (q.hypervolumeRatio - 1),
      unit: 'HV Δ %',
      note,
    });
  }

  rows.push(...paretoRows(corpus.filter((r) => !r.error).map((r) => r.domain)));
  return rows;
}

/** Section 3 of the module comment, for the given domain folders (those without pareto.xml are skipped). */
export function paretoRows(domains: readonly string[]): BenchRow[] {
  const rows: BenchRow[] = [];
  for (const domain of domains) {
    const ref = paretoXml(domain);
    if (!ref) continue;
    const { scenario } = loadScenarioAny(join(DATA, domain));
    const a = analyzeDomain(scenario);
    const mine = a.frontier.map((p) => p.utilities);
    const q = frontierQuality(ref, mine);
    const near = ref.filter((p) =>
      mine.some((m) => m.every((x, i) => Math.abs(x - (p[i] as number)) <= 1e-6)),
    ).length;
    const beaten = ref.filter((p) =>
      mine.some((m) =>
        dominatesPoint(
          m,
          p.map((x) => x + 1e-6),
        ),
      ),
    ).length;
    rows.push({
      name: `${a.method} vs pareto.xml ${domain}`,
      value: q.hypervolumeRatio === null ? Number.NaN : 100 * (q.hypervolumeRatio - 1),
      unit: 'HV Δ %',
      note: `IGD ${q.meanDistance.toFixed(4)}, found ${near}/${ref.length}, beat ${beaten}, ours ${mine.length}`,
    });
  }
  return rows;
}
