/**
 * Forecasts end to end: a scenario whose answer is known analytically
 * (test/fixtures/forecast/known.yaml: P(agreement) = 0.6 × 0.5 = 0.3), determinism on 1 thread and
 * on 2 workers, what-ifs through `--set` and `compare`, impacts, and a GENIUS domain.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioTemplate } from '../src/formats/scenario-template.ts';
import { runForecast } from '../src/run/forecast.ts';
import { lancaster } from './support/cli.ts';
import { dataPath, hasData } from './support/data.ts';

const ROOT = resolve(import.meta.dirname, '..');
const KNOWN = join(ROOT, 'test', 'fixtures', 'forecast', 'known.yaml');
const GENIUS = dataPath('genius', 'anac2011_Camera');

describe('a forecast with a known answer', () => {
  it('matches P(agreement) = 0.3 within its 95% interval, and the swings match the analytic ends', async () => {
    const { template } = loadScenarioTemplate(KNOWN);
    const f = await runForecast(template, { runs: 2000, seed: 11, threads: 1, swingRuns: 100 });
    expect(f.agreement.ci95.low).toBeLessThanOrEqual(0.3);
    expect(f.agreement.ci95.high).toBeGreaterThanOrEqual(0.3);
    // Every failure is B's hardliner or A's high reservation value running into the deadline.
    expect(f.endings.agreement + f.endings.deadline).toBe(2000);
    // The reservation value is a choice: its swing ends are its smallest and largest values.
    const row = f.sensitivity?.tornado?.rows.find((r) => r.parameter === 'parties.a.reservationValue');
    expect(row).toMatchObject({ low: 0.2, high: 0.8, agreementAtHigh: 0 });
    // At the low end only B's strategy decides: 0.6 of the replicates.
    expect(row?.agreementAtLow).toBeGreaterThan(0.45);
    expect(row?.agreementAtLow).toBeLessThan(0.75);
    // The point value (the most probable, 0.8) leaves no zone of agreement.
    expect(f.sensitivity?.tornado?.base).toBe(0);
    // Both factors explain part of the variance of agreement; B's strategy and A's reservation value
    // are the only factors.
    const factors = f.sensitivity?.firstOrder.map((r) => r.factor).sort();
    expect(factors).toEqual(['parties.a.reservationValue', 'strategy:b']);
    for (const r of f.sensitivity?.firstOrder ?? []) expect(r.agreement).toBeGreaterThan(0.1);
  });

  it('gives each agreed package its probability, and impacts follow the declared mapping', async () => {
    const { template } = loadScenarioTemplate(KNOWN);
    const f = await runForecast(template, { runs: 1000, seed: 3, threads: 1, sensitivity: false });
    expect(f.sensitivity).toBeNull();
    // Agreements come from two deterministic paths (A's reservation value 0.2 or 0.5 against a linear B).
    expect(f.distinctPackages).toBeLessThanOrEqual(2);
    const total = f.packages.reduce((s, p) => s + p.probability, 0);
    expect(total).toBeCloseTo(f.agreement.probability, 12);
    // The impact is 100 × A's share with a deal and 0 without: its mean is the packages' weighted sum.
    const expected = f.packages.reduce(
      (s, p) => s + (p.probability * 100 * Number((p.outcome.split as string).slice(1))) / 20,
      0,
    );
    expect(f.impacts[0]?.distribution.mean).toBeCloseTo(expected, 9);
    expect(f.impacts[0]?.noDeal).toBe(0);
  });

  it('is byte-identical on 1 thread and on 2 workers', async () => {
    const { template } = loadScenarioTemplate(KNOWN);
    const opts = { runs: 700, seed: 5, swingRuns: 30, source: { pathOrName: KNOWN } };
    const one = await runForecast(template, { ...opts, threads: 1 });
    const two = await runForecast(template, { ...opts, threads: 2 });
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
    // And a different seed gives a different sample.
    const other = await runForecast(template, { ...opts, seed: 6, threads: 1 });
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(one));
  });
});

describe('lancaster forecast and compare', () => {
  it('prints JSON that is the same on 1 and 2 workers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lancaster-forecast-'));
    const a = lancaster(['forecast', KNOWN, '--runs', '300', '--json', '--no-report', '--workers', '1'], dir);
    const b = lancaster(['forecast', KNOWN, '--runs', '300', '--json', '--no-report', '--workers', '2'], dir);
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    const f = JSON.parse(a.stdout);
    expect(f.runs).toBe(300);
    expect(f.agreement.probability).toBeGreaterThan(0.15);
  });

  it('cuts --workers to the cores with a warning, and refuses more runs than it can tell apart', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lancaster-forecast-'));
    const args = ['forecast', KNOWN, '--runs', '300', '--json', '--no-report'];
    const many = lancaster([...args, '--workers', '1000'], dir);
    expect(many.code).toBe(0);
    expect(many.stderr).toMatch(
      new RegExp(
        `warning: --workers 1000 is more than this machine's ${availableParallelism()} cores; using`,
      ),
    );
    expect(many.stdout).toBe(lancaster([...args, '--workers', '1'], dir).stdout);
    const tooMany = lancaster(['forecast', KNOWN, '--runs', String(2 ** 32 + 1), '--no-report'], dir);
    expect(tooMany.code).toBe(2);
    expect(tooMany.stderr).toMatch(/BAD_OPTION/);
    expect(tooMany.stderr).toMatch(/at most 4294967296/);
    expect(tooMany.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });

  it('shows the text forecast and writes a report', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lancaster-forecast-'));
    const r = lancaster(['forecast', KNOWN, '--runs', '200'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Agreement\s+\d+\.\d%/);
    expect(r.stdout).toMatch(/Most likely packages/);
    expect(r.stdout).toMatch(/parties\.a\.reservationValue/);
    expect(existsSync(join(dir, 'reports', 'known-forecast-forecast-seed1.html'))).toBe(true);
  });

  it('compares a what-if given by --set: a low reservation value for A doubles the chance of a deal', () => {
    const r = lancaster([
      'compare',
      KNOWN,
      '--set',
      'parties.a.reservationValue=0.2',
      '--runs',
      '600',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const { comparison } = JSON.parse(r.stdout);
    // Base 0.3; variant: only B's strategy decides, 0.6.
    expect(comparison.agreement.base).toBeGreaterThan(0.2);
    expect(comparison.agreement.base).toBeLessThan(0.4);
    expect(comparison.agreement.variant).toBeGreaterThan(0.5);
    expect(comparison.agreement.variant).toBeLessThan(0.7);
    expect(comparison.agreement.ci95.low).toBeGreaterThan(0);
  });

  it('refuses a bad --set with a message naming the path, exit 2, no stack trace', () => {
    const r = lancaster(['forecast', KNOWN, '--runs', '10', '--set', 'parties.c.reservationValue=0.2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/BAD_OVERRIDE/);
    expect(r.stderr).toMatch(/parties\.c/);
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    const s = lancaster(['forecast', KNOWN, '--runs', '10', '--set', 'parties.a.reservationValue=7']);
    expect(s.code).toBe(2);
    expect(s.stderr).toMatch(/reservationValue/);
  });

  it.skipIf(!hasData('genius', 'anac2011_Camera'))(
    'forecasts a GENIUS domain, and --set moves its reservation values (skipped without the shared data, except in CI)',
    () => {
      const base = lancaster(['forecast', GENIUS, '--runs', '40', '--json', '--no-report']);
      expect(base.code).toBe(0);
      const f = JSON.parse(base.stdout);
      expect(f.runs).toBe(40);
      // With both reservation values at 1 no outcome is acceptable to both: no deal in any run.
      const ids = f.utilities.map((u: { party: string }) => u.party);
      const r = lancaster([
        'forecast',
        GENIUS,
        '--runs',
        '20',
        '--json',
        '--no-report',
        ...ids.flatMap((id: string) => ['--set', `parties.${id}.reservationValue=1`]),
      ]);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).agreement.probability).toBe(0);
    },
  );
});
