/**
 * Decide data end to end: `lancaster import` of both variants (warnings with their line on
 * stderr, a native YAML file that validates and keeps the ranges), `lancaster forecast` of a
 * Decide file (each issue's position with an 80% interval by the compromise, Nash, exchange and
 * simulation methods, the same for a seed, and a report), and COP21 from ../shared/data/decide
 * when it is there.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { SpatialForecast } from '../src/run/spatial-forecast.ts';
import { lancaster } from './support/cli.ts';

const ROOT = resolve(import.meta.dirname, '..');
const SEMI = join(ROOT, 'test', 'fixtures', 'decide', 'three-blocs.csv');
const TAB = join(ROOT, 'test', 'fixtures', 'decide', 'three-blocs.tab.csv');
const COP21 = resolve(ROOT, '..', 'shared', 'data', 'decide', 'cop21-paris-2015.csv');

describe('lancaster import of Decide data', () => {
  it('writes a native scenario that validates, with the quirk as a warning naming its line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lancaster-decide-'));
    const out = join(dir, 'blocs.yaml');
    const r = lancaster(['import', SEMI, '--out', out]);
    expect(r.code).toBe(0);
    const line =
      readFileSync(SEMI, 'utf8')
        .split('\n')
        .findIndex((l) => l.startsWith('#D;Islands')) + 1;
    expect(r.stderr).toContain(`three-blocs.csv:${line}: actor "Islands" has data rows but no #A line`);
    expect(r.stdout).toContain('2 issues, 3 parties, 1 warning');
    const v = lancaster(['validate', out]);
    expect(v.code).toBe(0);
    const data = parse(readFileSync(out, 'utf8')) as { parties: { power: unknown; negotiator: string }[] };
    expect(data.parties[0]).toMatchObject({ power: { triangular: [0.8, 1, 1] }, negotiator: 'spatial' });
  });

  it('reads the quoted-tab variant to the same parties', () => {
    const a = parse(lancaster(['import', SEMI, '--stdout']).stdout) as {
      parties: { id: string; salience: unknown }[];
    };
    const b = parse(lancaster(['import', TAB, '--stdout']).stdout) as {
      parties: { id: string; salience: unknown }[];
    };
    expect(b.parties.map((p) => p.id)).toEqual(a.parties.map((p) => p.id));
    expect(b.parties.map((p) => p.salience)).toEqual(a.parties.map((p) => p.salience));
  });
});

describe('lancaster forecast of Decide data', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lancaster-decide-forecast-'));
  const run = () =>
    lancaster(['forecast', SEMI, '--runs', '40', '--seed', '2', '--json', '--report', join(dir, 'r.html')]);
  const first = run();
  const f = JSON.parse(first.stdout || '{}') as SpatialForecast;

  it('prints each issue’s position with an 80% interval for each of the four methods', () => {
    expect(first.code).toBe(0);
    expect(f.methods.map((m) => m.id)).toEqual(['compromise', 'nash', 'exchange', 'simulation']);
    expect(f.issues.map((i) => i.id)).toEqual(['ambition', 'fund']);
    for (const issue of f.issues) {
      for (const m of f.methods) {
        const p = issue.methods[m.id as keyof typeof issue.methods];
        expect(p.position).not.toBeNull();
        expect(p.low as number).toBeLessThanOrEqual(p.high as number);
        expect(p.low as number).toBeGreaterThanOrEqual(issue.min);
        expect(p.high as number).toBeLessThanOrEqual(issue.max);
      }
    }
    // The compromise at the data's values: (0.8·1·20 + 0.4·0.5·80 + 1·0.25·100) / (0.8 + 0.2 + 0.25).
    expect(f.issues[0]?.methods.compromise.position).toBeCloseTo(57 / 1.25, 9);
    expect(f.runs).toBe(40);
    expect(f.agreement.probability).toBeGreaterThan(0);
  });

  it('is the same for a seed, and writes the report', () => {
    expect(run().stdout).toBe(first.stdout);
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('id="figure-positions"');
    expect(html).toContain('Equal Gain exchange model');
  });

  it.skipIf(!existsSync(COP21))(
    'forecasts COP21 from the shared data: 13 issues by four methods',
    () => {
      const r = lancaster(['forecast', COP21, '--runs', '30', '--json', '--no-report']);
      expect(r.code).toBe(0);
      expect(r.stderr).toContain('actor "ALBA" has data rows but no #A line');
      const cop = JSON.parse(r.stdout) as SpatialForecast;
      expect(cop.issues).toHaveLength(13);
      expect(cop.issues[0]?.scale[2]?.label).toBe(
        'CBDR-Respective Capabilities in light of national circumstances',
      );
      expect(Object.keys(cop.issues[0]?.methods ?? {})).toEqual([
        'compromise',
        'nash',
        'exchange',
        'simulation',
      ]);
      const ex = cop.issues[0]?.methods.exchange;
      expect(ex?.position).toBeGreaterThanOrEqual(0);
      expect(ex?.position).toBeLessThanOrEqual(100);
      expect(ex?.low).not.toBeNull();
      // Slow: the exchange model in 28-digit decimals on COP21, then on 10 parameter draws.
    },
    300_000,
  );
});
