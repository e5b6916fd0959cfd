/**
 * Black-box tests of `lancaster analyze` on GENIUS data: a corpus folder (a few small domains
 * linked into a temporary folder, plus one broken domain) and single domains with `--parties`.
 * Skipped, with a message, when the shared data is absent (a failure in CI: test/support/data.ts).
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lancaster } from './support/cli.ts';
import { dataPath, hasData } from './support/data.ts';

const GENIUS = dataPath('genius');
const HAVE_DATA = hasData('genius');

const DOMAINS = ['anac2011_Laptop', 'anac2016_Caduceus', 'anac2014_10issues', 'genius_SON_with_discount'];

function corpus(withBroken: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'lancaster-corpus-'));
  for (const d of DOMAINS) symlinkSync(join(GENIUS, d), join(dir, d));
  if (withBroken) {
    mkdirSync(join(dir, 'broken'));
    writeFileSync(join(dir, 'broken', 'domain.xml'), '<negotiation_template><utility_space>');
  }
  return dir;
}

describe.skipIf(!HAVE_DATA)('lancaster analyze on GENIUS data', () => {
  it('analyses every domain of a corpus folder, one JSON row each, exact or labelled approximate', () => {
    const r = lancaster(['analyze', corpus(false), '--json', '--jobs', '1']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      version: number;
      failed: number;
      domains: {
        domain: string;
        parties: string[];
        outcomes: number | null;
        frontierSize: number;
        nash: number[] | null;
        method: string;
        approximate: boolean;
      }[];
    };
    expect(out.version).toBe(1);
    expect(out.failed).toBe(0);
    expect(out.domains.map((d) => d.domain)).toEqual([...DOMAINS].sort());
    const by = Object.fromEntries(out.domains.map((d) => [d.domain, d]));
    expect(by.anac2011_Laptop).toMatchObject({ outcomes: 27, method: 'enumeration', approximate: false });
    // Caduceus: three parties, each point with three utilities.
    expect(by.anac2016_Caduceus?.parties).toHaveLength(3);
    expect(by.anac2016_Caduceus?.nash).toHaveLength(3);
    // 10^10 outcomes with hyper-rectangle utilities: found by search and labelled so.
    expect(by.anac2014_10issues).toMatchObject({ outcomes: 1e10, method: 'search', approximate: true });
    // Real issues: exact on a grid only, so approximate; the outcome count is infinite (null).
    expect(by.genius_SON_with_discount).toMatchObject({
      outcomes: null,
      method: 'issue-merge',
      approximate: true,
    });
    for (const d of out.domains) expect(d.frontierSize).toBeGreaterThan(0);
  });

  it('goes on past a broken domain, marks it FAILED with its error, and exits 1', () => {
    const r = lancaster(['analyze', corpus(true), '--jobs', '2']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^broken\s.*FAILED/m);
    expect(r.stdout).toMatch(/^anac2011_Laptop\s+2\s+27\s/m);
    expect(r.stdout).toMatch(/5 domains .*: 4 analysed \(2 approximate\), 1 failed/);
    expect(r.stderr).toMatch(/1 of 5 domains failed/);
  });

  it('picks profiles of a multilateral folder with --parties', () => {
    const dir = join(GENIUS, 'anac2016_Caduceus');
    const all = lancaster(['analyze', dir, '--json']);
    const two = lancaster([
      'analyze',
      dir,
      '--json',
      '--parties',
      'Smart_Grid_util1.xml,Smart_Grid_util3.xml',
    ]);
    expect(all.code).toBe(0);
    expect(two.code).toBe(0);
    const a = JSON.parse(all.stdout) as { reservationValues: Record<string, number>; frontierSize: number };
    const b = JSON.parse(two.stdout) as {
      reservationValues: Record<string, number>;
      nash: { utilities: Record<string, number> };
    };
    expect(Object.keys(a.reservationValues)).toHaveLength(3);
    expect(Object.keys(b.reservationValues)).toHaveLength(2);
    expect(Object.keys(b.nash.utilities)).toHaveLength(2);
    const bad = lancaster(['analyze', dir, '--parties', 'nope.xml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/nope/);
  });
});
