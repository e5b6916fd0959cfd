/**
 * GENIUS conformance over the whole corpus (../shared/data/genius): every folder must import
 * (clean or with warnings, never fail), every outcome's utility must equal the independent
 * reference's within 1e-12 (spaces above 2·10^6 outcomes on a seeded sample here; the full run is
 * `npx tsx test/conformance/run-corpus.ts`), the Pareto frontier must equal a brute-force loop up
 * to 20,000 outcomes, and GENIUS's pareto.xml must agree with our utilities. Skips with a message
 * when the corpus is absent.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { analyzeDomain } from '../../src/analysis/analyze.ts';
import { loadGeniusFolder } from '../../src/formats/genius/folder.ts';
import { loadGeniusWeb } from '../../src/formats/geniusweb/load.ts';
import { parseGeniusWebText } from '../../src/formats/geniusweb/read.ts';
import type { SessionResult } from '../../src/protocols/types.ts';
import { runSession } from '../../src/run/session.ts';
import {
  checkFolder,
  type FolderReport,
  GENIUS_ROOT,
  GENIUSWEB_ROOT,
  geniusFolders,
  HAS_DATA,
} from './corpus.ts';

describe.skipIf(!HAS_DATA)('GENIUS corpus conformance', () => {
  test('every folder loads, matches the reference, and its frontier matches brute force', () => {
    const reports: FolderReport[] = geniusFolders().map((f) =>
      checkFolder(f, { maxEnumerate: 2_000_000, samples: 2000, maxFrontier: 20_000, searchRestarts: 60 }),
    );
    const count = (s: FolderReport['status']) => reports.filter((r) => r.status === s).length;
    const failed = reports.filter((r) => r.status === 'failed');
    console.log(
      `GENIUS conformance: ${reports.length} folders: ${count('clean')} load clean, ${count('warnings')} load with warnings, ${failed.length} fail; ` +
        `${reports.filter((r) => r.frontierChecked).length} frontiers checked by brute force; ` +
        `${reports.filter((r) => r.paretoPoints > 0).length} pareto.xml files checked`,
    );
    for (const r of failed) console.log(`FAILED ${r.folder}: ${r.error}`);
    expect(reports.length).toBeGreaterThanOrEqual(200);
    expect(failed.map((r) => `${r.folder}: ${r.error}`)).toEqual([]);
    // The pareto.xml check must have run on the exact (10-issue) files and reached their points.
    const pareto = reports.filter((r) => r.paretoPoints > 0);
    expect(pareto.length).toBeGreaterThanOrEqual(10);
    expect(pareto.some((r) => r.paretoReached > 0)).toBe(true);
    // Where GENIUS's total is negative (Travel) ours is floored at 0: the check must have met it.
    expect(
      reports.find((r) => r.folder === 'negmas_tests_scenarios_anac_y2010_Travel')?.belowZero,
    ).toBeGreaterThan(0);
    // The whole corpus (200+ folders, brute-force frontiers) passed the 60 s default alone but took 69 s on a
    // loaded two-core machine: the limit is a hang guard, not a speed check (speed is in bench/).
  }, 300_000);
});

describe.skipIf(!HAS_DATA)('GeniusWeb corpus', () => {
  const folders = HAS_DATA ? readdirSync(GENIUSWEB_ROOT).sort() : [];
  test.each(folders)('%s: a domain file brings in its profiles; utilities are weighted sums', (folder) => {
    const dir = join(GENIUSWEB_ROOT, folder);
    const domainFile = readdirSync(dir).find(
      (f) => parseGeniusWebText(readFileSync(join(dir, f), 'utf8'), f).kind === 'domain',
    ) as string;
    const { scenario, warnings } = loadGeniusWeb(join(dir, domainFile));
    expect(scenario.parties.length).toBe(2);
    console.log(`GeniusWeb ${folder}: loads with ${warnings.length} warnings (reservation bids), 0 failures`);
    // Each reservation bid is reported, with the utility it became.
    expect(warnings.filter((w) => /reservation bid/.test(w.message)).length).toBe(2);
    for (const party of scenario.parties) {
      const u = party.utility.utilities();
      // Reference: the JSON's own weights and value utilities, summed per outcome.
      const json = JSON.parse(readFileSync(join(dir, `${party.id}.json`), 'utf8')).LinearAdditiveUtilitySpace;
      for (let k = 0; k < u.length; k++) {
        const o = scenario.space.outcomeAt(k);
        let ref = 0;
        scenario.space.issues.forEach((issue, i) => {
          const name = issue.label;
          const value = issue.kind === 'discrete' ? issue.values[o[i] as number]?.label : undefined;
          ref +=
            json.issueWeights[name] * json.issueUtilities[name].discreteutils.valueUtilities[value as string];
        });
        expect(Math.abs((u[k] as number) - Math.min(1, Math.max(0, ref)))).toBeLessThanOrEqual(1e-12);
      }
      expect(party.reservationValue).toBeGreaterThan(0);
    }
  });
});

// Issue 10, items 9–11: domains Lancaster used to read as all zeros, one frontier convention for
// both exact methods, and GENIUS's own Kalai–Smorodinsky rule for GENIUS files.
describe.skipIf(!HAS_DATA)('GENIUS semantics on named domains', () => {
  const load = (folder: string) => loadGeniusFolder(join(GENIUS_ROOT, folder));

  test('other_inheritancedomain: issues outside an <objective> are read (16 frontier points, Nash as NegMAS)', () => {
    const { scenario, warnings } = load('other_inheritancedomain');
    expect(warnings.some((w) => /names no issue|is not in this profile/.test(w.message))).toBe(false);
    const a = analyzeDomain(scenario);
    expect(a.frontier.length).toBe(16);
    // NegMAS reads this domain with the same numbers: its evaluations are already at most 1 per
    // issue after GENIUS's division by the largest, so no normalisation difference shows here.
    expect(a.nash?.utilities[0]).toBeCloseTo(0.6287, 4);
    expect(a.nash?.utilities[1]).toBeCloseTo(0.6393, 4);
    expect(checkFolder('other_inheritancedomain', LIMITS).mismatches).toEqual([]);
  });

  test('genius_anac2015_group10-building_construction: the profiles with evaluations are read', () => {
    const { scenario } = load('genius_anac2015_group10-building_construction');
    const nonZero = scenario.parties.filter((p) => p.utility.upperBound() > 0).map((p) => p.id);
    // util11–19 carry evaluations and weights; util1–10 are blank in the file (all weights 0),
    // which GENIUS also reads as utility 0 everywhere.
    expect(nonZero.length).toBe(9);
    expect(checkFolder('genius_anac2015_group10-building_construction', LIMITS).mismatches).toEqual([]);
  });

  test('genius_Railway: constraint profiles load, and say they are not modelled', () => {
    const { warnings } = load('genius_Railway');
    expect(warnings.filter((w) => /type="constraint" is not modelled/.test(w.message)).length).toBe(5);
  });

  test.each([
    ['anac2011_Energy', 210, 211],
    ['anac2012_CarA', 53, 73],
    ['other_AMPOvsCity', 192, 283],
  ])(
    '%s: both exact methods give %i distinct points with %i outcomes behind them',
    (folder, points, outcomes) => {
      const { scenario } = load(folder);
      const view = (method: 'enumeration' | 'issue-merge') =>
        analyzeDomain(scenario, { method }).frontier.map((p) => [p.index, p.utilities, p.ties]);
      const enumerated = view('enumeration');
      expect(enumerated.length).toBe(points);
      expect(enumerated.reduce((s, p) => s + (p[2] as number), 0)).toBe(outcomes);
      expect(view('issue-merge')).toEqual(enumerated);
    },
  );

  test('Kalai follows GENIUS for GENIUS files: the frontier point with the smallest |u1 − u2|', () => {
    const { scenario } = load('anac2011_Camera');
    const a = analyzeDomain(scenario);
    expect(a.kalaiRule).toBe('genius');
    const asym = (p: { utilities: readonly number[] }) =>
      Math.abs((p.utilities[0] as number) - (p.utilities[1] as number));
    const best = Math.min(...a.frontier.map(asym));
    expect(a.kalai && asym(a.kalai)).toBe(best);
  });
});

test.skipIf(!HAS_DATA)(
  'anac2011_Laptop (discounted, GENIUS semantics): an agreement is worth u·d^t at the time of the accept',
  () => {
    const { scenario } = loadGeniusFolder(join(GENIUS_ROOT, 'anac2011_Laptop'));
    const d = scenario.parties.map((p) => p.discountFactor);
    expect(d.every((x) => x > 0 && x < 1)).toBe(true);
    const negotiators = Object.fromEntries(scenario.parties.map((p) => [p.id, 'conceder']));
    const result = runSession(scenario, { seed: 1, negotiators }).result as SessionResult;
    expect(result.status).toBe('agreement');
    const accept = result.events.filter((e) => e.type === 'accept').at(-1) as { t: number };
    scenario.parties.forEach((p, i) => {
      const u = p.utility.evaluate(result.agreement as number[]);
      expect(result.discountedUtilities[p.id]).toBe(u * (d[i] as number) ** accept.t);
    });
  },
);

const LIMITS = { maxEnumerate: 2_000_000, samples: 2000, maxFrontier: 20_000, searchRestarts: 60 };
