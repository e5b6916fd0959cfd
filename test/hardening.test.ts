/**
 * Black-box tests of the bounds issue 10 asked for (items 7, 12 and 13): valid scenarios too large
 * to enumerate run everywhere on the approximate path, never as "a bug".
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lancaster, REPO_ROOT } from './support/cli.ts';

const WIDE = join(REPO_ROOT, 'test', 'fixtures', 'good', 'wide-integer.yaml');

describe('an integer issue of 10^12 values (item 7)', () => {
  it('analyze: exit 0, an approximate frontier on a grid, labelled, in text and JSON', () => {
    const text = lancaster(['analyze', WIDE]);
    expect(text.stderr).not.toMatch(/bug/);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/APPROXIMATE/);
    const json = lancaster(['analyze', WIDE, '--json']);
    expect(json.code).toBe(0);
    const a = JSON.parse(json.stdout) as { approximate: boolean; outcomes: number; frontier: unknown[] };
    expect(a.approximate).toBe(true);
    expect(a.outcomes).toBe(2 * (1e12 + 1));
    expect(a.frontier.length).toBeGreaterThan(1);
    expect(a.frontier.length).toBeLessThan(1000);
  });

  it('simulate and forecast (with sensitivity) finish, the analysis in them approximate', () => {
    const sim = lancaster(['simulate', WIDE, '--json', '--no-report']);
    expect(sim.stderr).not.toMatch(/bug/);
    expect(sim.code).toBe(0);
    expect(JSON.parse(sim.stdout).analysis.approximate).toBe(true);
    const fc = lancaster(['forecast', WIDE, '--runs', '12', '--swing-runs', '4', '--json', '--no-report']);
    expect(fc.stderr).not.toMatch(/bug/);
    expect(fc.code).toBe(0);
    const f = JSON.parse(fc.stdout) as { issues: { id: string; values: { id: string }[] }[] };
    // Only the amounts some run agreed on are listed, not 10^12 of them.
    expect(f.issues.find((i) => i.id === 'amount')?.values.length).toBeLessThanOrEqual(12);
  });
});

describe('a deadline of a million rounds (item 12)', () => {
  const LONG = join(REPO_ROOT, 'test', 'fixtures', 'bad', 'too-many-rounds.yaml');

  it('is refused before it runs, exit 2, naming the field and the limit', () => {
    for (const command of [
      ['simulate', LONG, '--no-report'],
      ['forecast', LONG, '--runs', '3'],
    ]) {
      const r = lancaster(command);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /protocol\.deadline\.rounds: a deadline of 1,000,000 rounds .*at most 100,000 rounds.*VALUE_OUT_OF_RANGE/,
      );
    }
  });

  it('the limit itself runs', () => {
    const r = lancaster([
      'simulate',
      LONG,
      '--no-report',
      '--set',
      'protocol.deadline.rounds=100000',
      '--negotiators',
      'a=hardliner,b=hardliner',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/after 100000 rounds/);
  });
});

describe('output paths are checked before the job starts (item 13)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lancaster-outputs-'));
  const folder = join(dir, 'a-folder');
  mkdirSync(folder);
  const file = join(dir, 'a-file');
  writeFileSync(file, '');
  const inside = join(file, 'out.x');

  it.each([
    ['simulate', ['simulate', 'london-2025', '--report', folder], '--report'],
    ['forecast', ['forecast', 'london-2025', '--runs', '100000', '--report', inside], '--report'],
    [
      'import',
      ['import', join(REPO_ROOT, 'test', 'fixtures', 'good', 'small.yaml'), '--out', folder],
      '--out',
    ],
    ['export --genius', ['export', 'london-2025', '--genius', file], '--genius'],
    ['export --yaml', ['export', 'london-2025', '--yaml', folder], '--yaml'],
    ['tournament --db', ['tournament', 'tournaments/quick.tournament.yaml', '--db', folder], '--db'],
    [
      'tournament --out',
      [
        'tournament',
        'tournaments/quick.tournament.yaml',
        '--db',
        join(dir, 't.sqlite'),
        '--export',
        'csv',
        '--out',
        inside,
      ],
      '--out',
    ],
  ])('%s: exit 2 naming the option, and nothing ran', (_, args, option) => {
    const r = lancaster(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${option}:`);
    expect(r.stderr).toContain('[FILE_UNWRITABLE]');
    // No transcript, no progress bar, no results file: the job never started.
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(/░|█|R\s+1/);
    expect(existsSync(join(dir, 't.sqlite'))).toBe(false);
  });
});
