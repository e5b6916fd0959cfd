/**
 * A recorded outcome never reaches a run: the forecast of a scenario (its JSON and its HTML
 * report) is byte-identical with or without an `outcome` block, and `validate` checks the block.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lancaster } from './support/cli.ts';

const ROOT = resolve(import.meta.dirname, '..');
const WITH = join(ROOT, 'test', 'fixtures', 'outcome', 'small-with-outcome.yaml');
const KNOWN = join(ROOT, 'test', 'fixtures', 'forecast', 'known.yaml');

/** An outcome block for known.yaml, with a source cited nowhere else. */
const KNOWN_OUTCOME = `outcome:
  date: "2024-11-30"
  agreement: true
  values: { split: s08 }
  notes: { split: "Invented for the test." }
  sources: [https://example.org/recorded-outcome]
`;

describe('a scenario with a recorded outcome', () => {
  it('forecasts byte-identically with and without its outcome block', () => {
    // The same file name in two folders, so that nothing but the outcome block differs.
    const a = mkdtempSync(join(tmpdir(), 'lancaster-outcome-a-'));
    const b = mkdtempSync(join(tmpdir(), 'lancaster-outcome-b-'));
    writeFileSync(join(a, 'talks.yaml'), `${readFileSync(KNOWN, 'utf8')}${KNOWN_OUTCOME}`);
    copyFileSync(KNOWN, join(b, 'talks.yaml'));
    const run = (dir: string) =>
      lancaster(
        ['forecast', 'talks.yaml', '--runs', '300', '--seed', '4', '--json', '--report', 'r.html'],
        dir,
      );
    const withOutcome = run(a);
    const without = run(b);
    expect(withOutcome.stderr).toBe('');
    expect(withOutcome.code).toBe(0);
    expect(JSON.parse(withOutcome.stdout).runs).toBe(300);
    expect(withOutcome.stdout).toBe(without.stdout);
    const reportA = readFileSync(join(a, 'r.html'), 'utf8');
    // The report lists the scenario's sources: the outcome's would show there if it leaked.
    expect(reportA).toContain('https://example.org/test');
    expect(reportA).not.toContain('recorded-outcome');
    expect(reportA).toBe(readFileSync(join(b, 'r.html'), 'utf8'));
  });

  it('is checked by validate, with the line of the mistake', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lancaster-outcome-'));
    const text = readFileSync(WITH, 'utf8').replace('tariffs: medium', 'tariffs: lowest');
    writeFileSync(join(dir, 'talks.yaml'), text);
    const r = lancaster(['validate', 'talks.yaml'], dir);
    expect(r.code).toBe(2);
    const line = text.split('\n').findIndex((l) => l.includes('tariffs: lowest')) + 1;
    expect(r.stderr).toContain(`talks.yaml:${line}:14: outcome.values.tariffs: \`lowest\` is not a value`);
    expect(r.stderr).toContain('high, medium or low');
  });
});
