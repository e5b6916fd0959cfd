/**
 * The SQLite opener (issue 10, items 2 and 3): a file held exclusively cannot be opened a second
 * time (DATABASE_LOCKED naming the file and the holder's pid), a lock file left by a dead process
 * does not keep anyone out, and a damaged file is DATABASE_CORRUPT naming the file and what to do,
 * found by `PRAGMA quick_check` and by the store's own content check.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { flipBitInPage, flipBitInText } from '../../test/support/damage.ts';
import { LancasterError, type Problem } from '../errors.ts';
import { closeDatabase, type DatabaseKind, lockFileOf, openDatabase } from './sqlite.ts';

const dir = mkdtempSync(join(tmpdir(), 'lancaster-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const kind: DatabaseKind = {
  what: 'notes database',
  writtenBy: 'the notes test',
  migrations: ['CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)'],
  verify: (db) => {
    const bad = db.prepare('SELECT id FROM notes WHERE NOT json_valid(body) LIMIT 1').get() as
      | { id: number }
      | undefined;
    return bad ? `note ${bad.id} is not JSON` : null;
  },
};

function problemOf(fn: () => unknown): Problem {
  try {
    fn();
  } catch (err) {
    if (err instanceof LancasterError) return err.problems[0] as Problem;
    throw err;
  }
  throw new Error('expected a LancasterError');
}

/** A closed database file with `n` notes. */
function notes(name: string, n = 400): string {
  const file = join(dir, name);
  const db = openDatabase(file, kind);
  const insert = db.prepare('INSERT INTO notes (body) VALUES (?)');
  db.transaction(() => {
    for (let k = 0; k < n; k++) insert.run(JSON.stringify({ k, text: `note number ${k}` }));
  })();
  closeDatabase(db);
  return file;
}

describe('exclusive databases (item 2)', () => {
  const exclusive: DatabaseKind = { ...kind, exclusive: true };

  it('a second opener is refused with the file and the holder pid, until the first closes', () => {
    const file = join(dir, 'held.sqlite');
    const first = openDatabase(file, exclusive);
    expect(JSON.parse(readFileSync(lockFileOf(file), 'utf8'))).toMatchObject({ pid: process.pid });
    const p = problemOf(() => openDatabase(file, exclusive));
    expect(p.code).toBe('DATABASE_LOCKED');
    expect(p.file).toBe(file);
    expect(p.message).toContain(`pid ${process.pid}`);
    // A non-exclusive opener is kept out too.
    expect(problemOf(() => openDatabase(file, kind)).code).toBe('DATABASE_LOCKED');
    closeDatabase(first);
    expect(existsSync(lockFileOf(file))).toBe(false);
    const again = openDatabase(file, exclusive);
    closeDatabase(again);
  });

  it('a lock file left by a process that died does not keep the next one out', () => {
    const file = join(dir, 'stale.sqlite');
    closeDatabase(openDatabase(file, exclusive));
    // What a killed holder leaves: its lock file, naming a pid that is no longer running.
    writeFileSync(lockFileOf(file), JSON.stringify({ pid: 2 ** 22 + 17, since: '2025-06-09T12:00:00.000Z' }));
    const db = openDatabase(file, exclusive);
    expect(JSON.parse(readFileSync(lockFileOf(file), 'utf8'))).toMatchObject({ pid: process.pid });
    closeDatabase(db);
  });
});

describe('damaged databases (item 3)', () => {
  it('a bit flipped in a b-tree page is DATABASE_CORRUPT, naming the file and what to do', () => {
    const file = notes('flipped.sqlite');
    flipBitInPage(file, 2);
    const p = problemOf(() => openDatabase(file, kind));
    expect(p.code).toBe('DATABASE_CORRUPT');
    expect(p.file).toBe(file);
    expect(`${p.message} ${p.expected}`).toMatch(/damaged/);
    expect(`${p.message} ${p.expected}`).toMatch(/backup/);
    expect(`${p.message} ${p.expected}`).not.toMatch(/bug/);
  });

  it("damage inside a row's text is found by the store's own check", () => {
    const file = notes('text.sqlite');
    // `"k":` → `"k"*`: still a well-formed page, no longer JSON.
    flipBitInText(file, '"k":17,', 3, 4);
    const p = problemOf(() => openDatabase(file, kind));
    expect(p.code).toBe('DATABASE_CORRUPT');
    expect(p.message).toContain('note 18 is not JSON');
  });

  it('an undamaged file opens; a file that is not SQLite stays FILE_UNREADABLE', () => {
    closeDatabase(openDatabase(notes('fine.sqlite'), kind));
    const text = join(dir, 'text.txt');
    writeFileSync(text, 'hello, this is not a database at all'.repeat(200));
    expect(problemOf(() => openDatabase(text, kind)).code).toBe('FILE_UNREADABLE');
  });
});
