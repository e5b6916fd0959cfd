/**
 * Resuming a killed tournament, as a user meets it: `lancaster tournament` runs in a child
 * process, is killed with SIGKILL once some matches are stored, and `--resume` finishes it. Every
 * match must then be stored exactly once, with results identical to an uninterrupted run of the
 * same spec into another database.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { lancaster } from './support/cli.ts';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'lancaster.js');
const TWO_ISSUES = join(ROOT, 'test', 'fixtures', 'tournament', 'two-issues.yaml');

function stored(db: string): { match_index: number; result_json: string }[] {
  const d = new Database(db, { readonly: true });
  try {
    return d
      .prepare('SELECT match_index, result_json FROM matches WHERE tournament_id = ? ORDER BY match_index')
      .all('resume') as { match_index: number; result_json: string }[];
  } finally {
    d.close();
  }
}

function count(db: string): number {
  try {
    const d = new Database(db, { readonly: true, fileMustExist: true });
    try {
      return (d.prepare('SELECT count(*) AS n FROM matches').get() as { n: number }).n;
    } finally {
      d.close();
    }
  } catch {
    return 0; // not created yet, or its schema not yet written
  }
}

describe('lancaster tournament --resume', () => {
  it('finishes a SIGKILLed tournament with every match exactly once, as an uninterrupted run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lancaster-resume-'));
    const spec = join(dir, 'resume.tournament.yaml');
    // 4 negotiators, 12 ordered pairs, 60 repetitions: 720 matches of up to 1,000 rounds on one
    // worker take a few seconds, long enough to kill the run part-way through (results are
    // written in batches every 250 ms or 64 matches, so the first rows appear well before the end).
    writeFileSync(
      spec,
      [
        'version: 1',
        'id: resume',
        'negotiators: [boulware, conceder, linear, hardliner]',
        `scenarios: [${JSON.stringify(TWO_ISSUES)}]`,
        'repetitions: 60',
        'deadlines: [1000]',
      ].join('\n'),
    );
    const total = 720;
    const db = join(dir, 'killed.sqlite');
    const child = spawn(process.execPath, [BIN, 'tournament', spec, '--db', db, '--workers', '1'], {
      cwd: dir,
      stdio: 'ignore',
      env: { ...process.env, NO_COLOR: '1' },
    });
    const exited = new Promise<void>((ok) => child.on('exit', () => ok()));
    let atKill = 0;
    for (let i = 0; i < 1200; i++) {
      atKill = count(db);
      if (atKill >= 1) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    child.kill('SIGKILL');
    await exited;
    expect(atKill, 'some matches were stored before the kill').toBeGreaterThanOrEqual(1);
    const afterKill = count(db);
    expect(afterKill, 'the tournament was still unfinished when killed (make it longer)').toBeLessThan(total);

    const again = lancaster(['tournament', spec, '--db', db], dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/TOURNAMENT_EXISTS/);
    expect(again.stderr).toMatch(/--resume/);

    const resumed = lancaster(['tournament', spec, '--db', db, '--resume', '--json'], dir);
    expect(resumed.stderr).not.toMatch(/error/i);
    expect(resumed.code).toBe(0);
    const summary = JSON.parse(resumed.stdout);
    expect(summary.total).toBe(total);
    expect(summary.ran).toBe(total - afterKill);

    const fresh = join(dir, 'fresh.sqlite');
    const exported = join(dir, 'out', 'fresh.json');
    const full = lancaster(
      ['tournament', spec, '--db', fresh, '--workers', '2', '--json', '--export', 'json', '--out', exported],
      dir,
    );
    expect(full.code).toBe(0);
    const file = JSON.parse(readFileSync(exported, 'utf8'));
    expect(file.version).toBe(1);
    expect(file.matches.length).toBe(total);

    const a = stored(db);
    const b = stored(fresh);
    expect(a.map((r) => r.match_index)).toEqual([...Array(total).keys()]);
    expect(a).toEqual(b);
    expect(JSON.parse(full.stdout).ranking).toEqual(summary.ranking);
  });
});
