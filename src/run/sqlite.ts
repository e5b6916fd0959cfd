/**
 * The one way Lancaster opens an SQLite file (tournament results, server sessions): better-sqlite3
 * in WAL mode with `synchronous = NORMAL` (a committed transaction survives the process being
 * killed; only an OS crash or power loss can lose the last ones), foreign keys on, a busy timeout,
 * and the schema migrated forward one `PRAGMA user_version` step at a time, each in its own
 * transaction. A file that is not SQLite, that belongs to something else, or that a newer
 * Lancaster wrote is refused with a message naming the file and the fix.
 *
 * Every file is checked on open: `PRAGMA quick_check` (the structure of every b-tree page, in time
 * linear in the file) and then the kind's own `verify` (e.g. that stored JSON still parses), so a
 * damaged file is DATABASE_CORRUPT naming the file and what to do, before anything reads or writes
 * it. Damage that leaves the pages well formed and the JSON valid (a changed digit) cannot be seen.
 *
 * An `exclusive` kind (the server's sessions) is held for the connection's life: SQLite's
 * EXCLUSIVE locking mode keeps every other connection, in this process or another, from reading or
 * writing it, and the operating system drops that lock when the process dies, so it can never go
 * stale. Beside it, `<file>.lock` names the holder (pid, host, start time) for the message a second
 * opener gets (DATABASE_LOCKED). The lock file is only information: a new holder overwrites one a
 * dead process left behind, since holding the SQLite lock proves its writer is gone.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { LancasterError } from '../errors.ts';
import { writeFileAtomic } from '../formats/write-atomic.ts';

export interface DatabaseKind {
  /** What the file holds, for messages: 'results database'. */
  readonly what: string;
  /** Who writes such files, for messages: 'lancaster tournament'. */
  readonly writtenBy: string;
  /** Migration k takes the schema from version k to k + 1; the current version is their count. */
  readonly migrations: readonly string[];
  /** Hold the file exclusively while it is open (see the module comment). */
  readonly exclusive?: boolean;
  /**
   * A check of the content after `quick_check` and the migrations: a description of the first
   * damage found (`session x: its seats are not JSON`), or null.
   */
  readonly verify?: (db: Database.Database) => string | null;
}

/** Who holds an exclusive database, as its lock file says. */
interface LockHolder {
  readonly pid: number;
  readonly host?: string;
  readonly since?: string;
}

/** Lock files of the databases this process holds, by connection. */
const held = new WeakMap<Database.Database, string>();

/** The lock file beside an exclusive database: `<file>.lock`. */
export function lockFileOf(file: string): string {
  return `${file}.lock`;
}

function readHolder(file: string): LockHolder | null {
  try {
    const h = JSON.parse(readFileSync(lockFileOf(file), 'utf8')) as LockHolder;
    return Number.isInteger(h?.pid) ? h : null;
  } catch {
    return null;
  }
}

function lockedError(file: string, kind: DatabaseKind): LancasterError {
  const h = readHolder(file);
  const who = h
    ? `pid ${h.pid}${h.host && h.host !== hostname() ? ` on ${h.host}` : ''}${h.since ? `, since ${h.since}` : ''}`
    : 'a process that left no lock file saying which';
  return new LancasterError({
    code: 'DATABASE_LOCKED',
    file,
    message: `the ${kind.what} is in use by another process (${who}); two processes writing one ${kind.what} would corrupt each other's work`,
    expected: `that process stopped first, or another --db file for this one`,
  });
}

function corruptError(file: string, kind: DatabaseKind, detail: string): LancasterError {
  const first = detail.split('\n').find((l) => l.trim() !== '' && !l.startsWith('***')) ?? detail;
  return new LancasterError({
    code: 'DATABASE_CORRUPT',
    file,
    message: `the ${kind.what} is damaged (${first.trim().slice(0, 300)}); nothing in it was read or changed`,
    expected: `an undamaged file: restore it from a backup, or save what is readable with \`sqlite3 ${file} .recover | sqlite3 recovered.sqlite\`, or move it aside and start with a new --db file`,
  });
}

const sqliteCode = (e: unknown) => (e as { code?: string }).code ?? '';

/**
 * Opens (creating and migrating as needed) the database at `file` (`:memory:` for tests). Close it
 * with `closeDatabase`, which also gives up an exclusive hold.
 *
 * @example
 * const db = openDatabase('results/quick.sqlite', { what: 'results database', writtenBy: 'lancaster tournament', migrations });
 */
export function openDatabase(file: string, kind: DatabaseKind): Database.Database {
  const unreadable = (message: string) =>
    new LancasterError({
      code: 'FILE_UNREADABLE',
      file,
      message,
      expected: `a ${kind.what} written by ${kind.writtenBy}, or a new file`,
    });
  const memory = file === ':memory:';
  const exclusive = kind.exclusive === true && !memory;
  if (!memory) mkdirSync(dirname(file), { recursive: true });
  let db: Database.Database;
  try {
    db = new Database(file);
  } catch (e) {
    throw new LancasterError({
      code: 'FILE_UNREADABLE',
      file,
      message: `cannot open the ${kind.what} (${(e as Error).message})`,
      expected: 'a writable path for an SQLite file',
    });
  }
  let version: number;
  try {
    // EXCLUSIVE must be set before the first read, and the lock is taken by the first write:
    // the empty transaction takes it now rather than at the first real write.
    if (exclusive) db.pragma('locking_mode = EXCLUSIVE');
    // A short wait while opening: a file held exclusively by another process stays held.
    db.pragma('busy_timeout = 250');
    db.pragma('journal_mode = WAL');
    if (exclusive) db.exec('BEGIN EXCLUSIVE; COMMIT');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    version = db.pragma('user_version', { simple: true }) as number;
  } catch (e) {
    db.close();
    if (sqliteCode(e) === 'SQLITE_BUSY') throw lockedError(file, kind);
    if (sqliteCode(e) === 'SQLITE_CORRUPT') throw corruptError(file, kind, (e as Error).message);
    throw unreadable(`not an SQLite database (${(e as Error).message})`);
  }
  const fail = (err: LancasterError): never => {
    db.close();
    throw err;
  };
  try {
    const rows = db.pragma('quick_check') as { quick_check: string }[];
    const report = rows.map((r) => r.quick_check).join('\n');
    if (report !== 'ok') fail(corruptError(file, kind, report));
  } catch (e) {
    if (e instanceof LancasterError) throw e;
    fail(corruptError(file, kind, (e as Error).message));
  }
  const current = kind.migrations.length;
  if (version > current) {
    fail(
      new LancasterError({
        code: 'UNSUPPORTED_VERSION',
        file,
        message: `the ${kind.what} has schema version ${version}; this Lancaster reads up to ${current}`,
        expected: 'a newer Lancaster, or another --db file',
      }),
    );
  }
  if (version === 0) {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all();
    if (tables.length > 0) fail(unreadable(`this SQLite file is not a Lancaster ${kind.what}`));
  }
  for (let v = version; v < current; v++) {
    db.transaction(() => {
      db.exec(kind.migrations[v] as string);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  if (kind.verify) {
    let damage: string | null;
    try {
      damage = kind.verify(db);
    } catch (e) {
      damage = (e as Error).message;
    }
    if (damage !== null) fail(corruptError(file, kind, damage));
  }
  if (exclusive) {
    try {
      const holder: LockHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
      writeFileAtomic(lockFileOf(file), `${JSON.stringify(holder)}\n`);
    } catch (e) {
      fail(e as LancasterError);
    }
    held.set(db, lockFileOf(file));
  }
  return db;
}

/** Closes a database opened by `openDatabase` and, if it was held exclusively, removes its lock file. */
export function closeDatabase(db: Database.Database): void {
  if (db.open) db.close();
  const lock = held.get(db);
  if (lock === undefined) return;
  held.delete(db);
  // Only our own: after a crash and a restart another process may own the file by now.
  if (readHolder(lock.slice(0, -'.lock'.length))?.pid === process.pid) rmSync(lock, { force: true });
}
