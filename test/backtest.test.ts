/**
 * `lancaster backtest` end to end on synthetic cases with known outcomes (test/fixtures/backtest):
 * files without an outcome are skipped, the reference models score as their definitions say (the
 * status quo is exactly right on the talks that failed, the compromise model's mean is the one
 * worked out by hand), the same seed gives the same JSON, and the report is one self-contained
 * file with the calibration plot. Bad input exits 2.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BacktestResult } from '../src/run/backtest.ts';
import { lancaster } from './support/cli.ts';

const ROOT = resolve(import.meta.dirname, '..');
const CASES = join(ROOT, 'test', 'fixtures', 'backtest');

describe('lancaster backtest', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lancaster-backtest-'));
  const report = join(dir, 'backtest.html');
  const run = lancaster(['backtest', CASES, '--runs', '60', '--seed', '3', '--json', '--report', report]);
  const result = JSON.parse(run.stdout || '{}') as BacktestResult;

  it('scores every case with an outcome and skips the others', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(result.cases.map((c) => c.id)).toEqual(['tariff-truce', 'tariff-walkout', 'three-blocs']);
    expect(result.skipped).toEqual([{ file: join(CASES, 'no-outcome.yaml'), reason: 'no outcome block' }]);
    expect(result.cases.every((c) => c.runs === 60)).toBe(true);
    expect(result.methods.map((m) => m.id)).toEqual([
      'simulation',
      'nash',
      'kalai',
      'status-quo',
      'uniform',
      'compromise',
    ]);
    expect(result.ranking.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('gives the status quo every issue of the talks that failed, and its package rank 1', () => {
    const walkout = result.cases.find((c) => c.id === 'tariff-walkout');
    expect(walkout?.issues.map((i) => i.actual)).toEqual(['high', 0]);
    const sq = walkout?.scores.find((s) => s.method === 'status-quo');
    expect(sq?.issues.map((i) => i.probability)).toEqual([1, 1]);
    expect(sq?.package).toEqual({ probability: 1, rank: 1 });
    // The simulation forecasts agreement; it is scored on it, the point models are not.
    const sim = walkout?.scores.find((s) => s.method === 'simulation');
    expect(sim?.agreement?.probability).toBeGreaterThanOrEqual(0);
    expect(walkout?.scores.find((s) => s.method === 'nash')?.agreement).toBeNull();
  });

  it('scores the compromise model on ordered issues only, with the mean worked out by hand', () => {
    const blocs = result.cases.find((c) => c.id === 'three-blocs');
    const compromise = blocs?.scores.find((s) => s.method === 'compromise');
    expect(compromise?.issues[0]?.ordered?.mean).toBeCloseTo(4.56, 12);
    expect(compromise?.issues[0]?.ordered?.absError).toBeCloseTo(0.44, 12);
    const truce = result.cases.find((c) => c.id === 'tariff-truce');
    expect(truce?.scores.find((s) => s.method === 'compromise')?.issues.map((i) => i.issue)).toEqual([
      'truce_months',
    ]);
  });

  it('is deterministic for a seed', () => {
    const again = lancaster(['backtest', CASES, '--runs', '60', '--seed', '3', '--json', '--no-report']);
    expect(again.stdout).toBe(run.stdout);
  });

  it('writes one self-contained report with the ranking, the calibration plot and every case', () => {
    const html = readFileSync(report, 'utf8');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('id="calibration"');
    expect(html).toMatch(/<figure id="figure-calibration">[\s\S]*<svg/);
    for (const id of ['tariff-truce', 'tariff-walkout', 'three-blocs'])
      expect(html).toContain(`data-case="${id}"`);
    expect(html).toContain('https://example.org/tariff-walkout-outcome');
  });

  it('prints the ranking as a table', () => {
    const text = lancaster(['backtest', join(CASES, 'tariff-walkout.yaml'), '--runs', '20', '--no-report']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Backtest: 1 case with a recorded outcome');
    expect(text.stdout).toMatch(/│ 1 │ Status quo/);
  });

  it('exits 2 when no file has an outcome, and on a bad --runs', () => {
    const decide = join(ROOT, 'test', 'fixtures', 'decide', 'three-blocs.csv');
    const none = lancaster(['backtest', join(CASES, 'no-outcome.yaml'), decide, '--no-report']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('none of the 2 scenario files has an outcome block to score against');
    const runs = lancaster(['backtest', CASES, '--runs', '0', '--no-report']);
    expect(runs.code).toBe(2);
    expect(runs.stderr).toContain('--runs');
  });
});
