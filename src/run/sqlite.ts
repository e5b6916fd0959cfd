/**
 * The one way Lancaster opens an SQLite file (tournament results, server sessions): better-sqlite3
 * in WAL mode with `synchronous = NORMAL` (a committed transaction survives the process being
 * killed; only an OS crash or power loss can lose the last ones), foreign keys on, a busy timeout,
 * and the schema migrated forward one `PRAGMA user_version` step at a time, each in its own
 * transaction. A file that is not SQLite, that belongs to something else, or that a newer
 * Lancaster wrote is refused with a message naming the file and the fix.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { LancasterError } from '../errors.ts';

export interface DatabaseKind {
  /** What the file holds, for messages: 'results database'. */
  readonly what: string;
  /** Who writes such files, for messages: 'lancaster tournament'. */
  readonly writtenBy: string;
  /** Migration k takes the schema from version k to k + 1; the current version is their count. */
  readonly migrations: readonly string[];
}

/**
 * Opens (creating and migrating as needed) the database at `file` (`:memory:` for tests).
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
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
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
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    version = db.pragma('user_version', { simple: true }) as number;
  } catch (e) {
    db.close();
    throw unreadable(`not an SQLite database (${(e as Error).message})`);
  }
  const current = kind.migrations.length;
  if (version > current) {
    db.close();
    throw new LancasterError({
      code: 'UNSUPPORTED_VERSION',
      file,
      message: `the ${kind.what} has schema version ${version}; this Lancaster reads up to ${current}`,
      expected: 'a newer Lancaster, or another --db file',
    });
  }
  if (version === 0) {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all();
    if (tables.length > 0) {
      db.close();
      throw unreadable(`this SQLite file is not a Lancaster ${kind.what}`);
    }
  }
  for (let v = version; v < current; v++) {
    db.transaction(() => {
      db.exec(kind.migrations[v] as string);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return db;
}
