/**
 * `lancaster tournament --resume` and a results database that is not what it should be (issue 10,
 * item 3): a bit-flipped file is exit 2 naming the file and what to do (never exit 1 with "this is
 * a bug"), and a `--db` file that does not exist is exit 2, not a silent fresh start.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lancaster } from './support/cli.ts';
import { flipBitInPage } from './support/damage.ts';

const TWO_ISSUES = resolve(import.meta.dirname, 'fixtures', 'tournament', 'two-issues.yaml');
const dir = mkdtempSync(join(tmpdir(), 'lancaster-tournament-db-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const spec = join(dir, 'small.tournament.yaml');
writeFileSync(
  spec,
  [
    'version: 1',
    'id: small',
    'negotiators: [boulware, conceder, linear]',
    `scenarios: [${JSON.stringify(TWO_ISSUES)}]`,
    'repetitions: 20',
    'deadlines: [50]',
  ].join('\n'),
);

describe('tournament results databases', () => {
  it('--resume on a bit-flipped database: exit 2 naming the file, not "this is a bug"', () => {
    const db = join(dir, 'flipped.sqlite');
    const first = lancaster(['tournament', spec, '--db', db, '--workers', '1', '--json']);
    expect(first.code, first.stderr).toBe(0);
    flipBitInPage(db, 3);
    const r = lancaster(['tournament', spec, '--db', db, '--resume', '--workers', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(db);
    expect(r.stderr).toContain('DATABASE_CORRUPT');
    expect(r.stderr).toMatch(/backup/);
    expect(r.stderr).not.toMatch(/bug/);
  });

  it('--resume with a database file that does not exist: exit 2, nothing created', () => {
    const db = join(dir, 'missing', 'nothing-here.sqlite');
    const r = lancaster(['tournament', spec, '--db', db, '--resume', '--workers', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(db);
    expect(r.stderr).toContain('--resume');
    expect(existsSync(db)).toBe(false);
  });
});
