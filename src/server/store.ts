/**
 * The session store: one SQLite file (better-sqlite3, WAL) holding each session's setup (scenario,
 * seats, seed, hashes of its tokens) and its append-only event log: every protocol action (a
 * person's offer, accept or walk-away, a negotiator's reply, a principal's ratification or veto, a
 * timeout) in order, with the time it was logged. The log is the truth: a session's state is
 * rebuilt by replaying it. A person's action and every action it set off are appended in ONE
 * transaction before the client is answered. With WAL and `synchronous = NORMAL` a committed
 * transaction is in the WAL file, so it survives a killed process (`kill -9`); only an operating
 * system crash or power loss can lose the last commits, which NORMAL trades for speed. Rows of the
 * log are never updated or deleted; `finished_at` on the session row is a derived index for
 * resuming (set in the same transaction as the final action). Schema versioned with `user_version`.
 */
import type Database from 'better-sqlite3';
import type { ProtocolChoice } from '../model/scenario.ts';
import type { ProtocolAction } from '../protocols/types.ts';
import { closeDatabase, openDatabase } from '../run/sqlite.ts';
import type { MessageBody } from './api.ts';
import type { Seat } from './machine.ts';

/** Migration k takes the schema from version k to k + 1 (`PRAGMA user_version`); see src/run/sqlite.ts. */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    scenario TEXT NOT NULL,
    seed INTEGER NOT NULL,
    seats_json TEXT NOT NULL,
    observer_hash TEXT,
    created_at INTEGER NOT NULL,
    finished_at INTEGER
  );
  CREATE INDEX sessions_unfinished ON sessions (finished_at) WHERE finished_at IS NULL;
  CREATE TABLE actions (
    session_id TEXT NOT NULL REFERENCES sessions(id),
    seq INTEGER NOT NULL,
    action_json TEXT NOT NULL,
    at INTEGER NOT NULL,
    PRIMARY KEY (session_id, seq)
  ) WITHOUT ROWID;
  `,
  // The protocol a session chose when it is not the scenario's own (a chair at a mediated table).
  'ALTER TABLE sessions ADD COLUMN protocol_json TEXT;',
  // Session options chosen at creation (the lapse policy); notes beside the protocol log (a seat
  // opening the table, a lapsed turn, messages, answers to an improvement); the server's runs, so
  // that the time it was down is not counted against anybody's clock.
  `
  ALTER TABLE sessions ADD COLUMN options_json TEXT;
  CREATE TABLE notes (
    session_id TEXT NOT NULL REFERENCES sessions(id),
    seq INTEGER NOT NULL,
    note_json TEXT NOT NULL,
    at INTEGER NOT NULL,
    PRIMARY KEY (session_id, seq)
  ) WITHOUT ROWID;
  CREATE TABLE server_runs (
    started_at INTEGER NOT NULL,
    alive_at INTEGER NOT NULL
  );
  `,
  // The spectator token (public information only) of a session with people at the table.
  'ALTER TABLE sessions ADD COLUMN spectator_hash TEXT;',
];

/** A session's options, chosen when it is created. */
export interface SessionOptions {
  /** What a person's lapsed turn does: `pass` (the last offer stands) or `end` (the session ends, `timeout`). */
  readonly lapse: 'pass' | 'end';
}

/**
 * What the server logs beside the protocol's actions (notes never change the protocol's state):
 * a seat opened the table (its clock starts), a person's turn lapsed, a message, a seat's answer to
 * the improvement proposed after a deal.
 */
export type SessionNote =
  | { readonly kind: 'open'; readonly party: number }
  | { readonly kind: 'lapse'; readonly party: number; readonly step: number; readonly passed: boolean }
  | {
      readonly kind: 'message';
      readonly party: number;
      readonly step: number;
      readonly message: MessageBody;
      /** The message this one answers (its note seq). */
      readonly answers?: number;
    }
  | { readonly kind: 'improve'; readonly party: number; readonly accept: boolean };

/** One logged note. */
export interface LoggedNote {
  readonly seq: number;
  readonly note: SessionNote;
  readonly at: number;
}

/** When the server was not running: [from, to) in epoch ms, oldest first. */
export interface Downtime {
  readonly from: number;
  readonly to: number;
}

/** A stored seat: the model's seat plus, for a person, the SHA-256 (hex) of the seat token. */
export type StoredSeat = Seat & { readonly tokenHash?: string };

/** A session's setup row. */
export interface SessionRow {
  readonly id: string;
  readonly scenario: string;
  readonly seed: number;
  /** Seats by party id. */
  readonly seats: Readonly<Record<string, StoredSeat>>;
  readonly observerHash: string | null;
  /** SHA-256 (hex) of the spectator token, which sees public information only; null when none was issued. */
  readonly spectatorHash?: string | null;
  /** The protocol the session plays, when it is not the scenario's own (null: the scenario's). */
  readonly protocol: ProtocolChoice | null;
  /** Options chosen at creation (absent in sessions from before they existed: `end` on lapse). */
  readonly options?: SessionOptions;
  /** Epoch milliseconds (of the server's clock). */
  readonly createdAt: number;
  readonly finishedAt: number | null;
}

/** One logged protocol action. */
export interface LoggedAction {
  readonly seq: number;
  readonly action: ProtocolAction;
  /** Epoch milliseconds when it was logged: the start of the next turn. */
  readonly at: number;
}

/**
 * An open session database.
 *
 * @example
 * const store = SessionStore.open('lancaster-sessions.sqlite');
 * store.unfinished(); // sessions to resume
 */
export class SessionStore {
  readonly db: Database.Database;
  readonly file: string;
  private readonly insertAction: Database.Statement;
  private readonly finish: Database.Statement;
  private readonly countActions: Database.Statement;
  private readonly selectSession: Database.Statement;
  private readonly selectActions: Database.Statement;
  private readonly createTx: (
    row: SessionRow,
    actions: readonly ProtocolAction[],
    at: number,
    finished: boolean,
  ) => void;
  private readonly appendTx: (
    sessionId: string,
    from: number,
    actions: readonly ProtocolAction[],
    at: number,
    finished: boolean,
  ) => void;

  private constructor(db: Database.Database, file: string) {
    this.db = db;
    this.file = file;
    this.insertAction = db.prepare(
      'INSERT INTO actions (session_id, seq, action_json, at) VALUES (?, ?, ?, ?)',
    );
    this.finish = db.prepare('UPDATE sessions SET finished_at = ? WHERE id = ? AND finished_at IS NULL');
    this.countActions = db.prepare('SELECT COUNT(*) AS n FROM actions WHERE session_id = ?');
    this.selectSession = db.prepare('SELECT * FROM sessions WHERE id = ?');
    this.selectActions = db.prepare(
      'SELECT seq, action_json, at FROM actions WHERE session_id = ? ORDER BY seq',
    );
    // Statements and transactions are built once: preparing them per call would cost more than the write.
    const insertSession = db.prepare(
      'INSERT INTO sessions (id, scenario, seed, seats_json, observer_hash, created_at, finished_at, protocol_json, options_json, spectator_hash) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)',
    );
    this.createTx = db.transaction(
      (row: SessionRow, actions: readonly ProtocolAction[], at: number, finished: boolean) => {
        insertSession.run(
          row.id,
          row.scenario,
          row.seed,
          JSON.stringify(row.seats),
          row.observerHash,
          row.createdAt,
          row.protocol === null ? null : JSON.stringify(row.protocol),
          row.options === undefined ? null : JSON.stringify(row.options),
          row.spectatorHash ?? null,
        );
        this.appendRows(row.id, 0, actions, at);
        if (finished) this.finish.run(at, row.id);
      },
    );
    this.appendTx = db.transaction(
      (
        sessionId: string,
        from: number,
        actions: readonly ProtocolAction[],
        at: number,
        finished: boolean,
      ) => {
        this.appendRows(sessionId, from, actions, at);
        if (finished) this.finish.run(at, sessionId);
      },
    );
  }

  /**
   * Opens (creating and migrating as needed) the database at `file` (`:memory:` for tests), held
   * exclusively until `close`: a second server on the same file is refused (DATABASE_LOCKED), and
   * a damaged file (DATABASE_CORRUPT) is refused before any session is served.
   */
  static open(file: string): SessionStore {
    const db = openDatabase(file, {
      what: 'session database',
      writtenBy: 'lancaster serve',
      migrations: MIGRATIONS,
      exclusive: true,
      verify: damagedRow,
    });
    return new SessionStore(db, file);
  }

  close(): void {
    closeDatabase(this.db);
  }

  /** Records a new session and the actions it starts with (software seats that open), in one transaction. */
  createSession(row: SessionRow, actions: readonly ProtocolAction[], at: number, finished: boolean): void {
    this.createTx(row, actions, at, finished);
  }

  /**
   * Appends actions to a session's log at positions `from`, `from + 1`, … in one transaction (and
   * marks the session finished when `finished`). A position taken twice violates the primary key
   * and rolls the whole transaction back, so two writers can never interleave a log.
   */
  append(
    sessionId: string,
    from: number,
    actions: readonly ProtocolAction[],
    at: number,
    finished: boolean,
  ): void {
    this.appendTx(sessionId, from, actions, at, finished);
  }

  private appendRows(sessionId: string, from: number, actions: readonly ProtocolAction[], at: number): void {
    actions.forEach((a, k) => {
      this.insertAction.run(sessionId, from + k, JSON.stringify(a), at);
    });
  }

  /** Appends a note to a session's notes at position `seq`. */
  appendNote(sessionId: string, seq: number, note: SessionNote, at: number): void {
    this.db
      .prepare('INSERT INTO notes (session_id, seq, note_json, at) VALUES (?, ?, ?, ?)')
      .run(sessionId, seq, JSON.stringify(note), at);
  }

  /** A session's notes, in order. */
  notes(sessionId: string): LoggedNote[] {
    const rows = this.db
      .prepare('SELECT seq, note_json, at FROM notes WHERE session_id = ? ORDER BY seq')
      .all(sessionId) as { seq: number; note_json: string; at: number }[];
    return rows.map((r) => ({ seq: r.seq, note: JSON.parse(r.note_json) as SessionNote, at: r.at }));
  }

  /**
   * Records that a server starts using this database at `now`, and returns when it was down
   * before: the gap between each earlier run's last sign of life and the next run's start.
   */
  startRun(now: number): Downtime[] {
    const runs = this.db.prepare('SELECT started_at, alive_at FROM server_runs ORDER BY rowid').all() as {
      started_at: number;
      alive_at: number;
    }[];
    const info = this.db
      .prepare('INSERT INTO server_runs (started_at, alive_at) VALUES (?, ?)')
      .run(now, now);
    this.run = Number(info.lastInsertRowid);
    const gaps: Downtime[] = [];
    runs.forEach((r, k) => {
      const next = runs[k + 1]?.started_at ?? now;
      if (next > r.alive_at) gaps.push({ from: r.alive_at, to: next });
    });
    return gaps;
  }

  /** Records that the server of this run is still alive at `now` (a heartbeat, each write, a clean stop). */
  alive(now: number): void {
    if (this.run === null) return;
    this.db.prepare('UPDATE server_runs SET alive_at = max(alive_at, ?) WHERE rowid = ?').run(now, this.run);
  }

  private run: number | null = null;

  /** A session's setup, or null. */
  session(id: string): SessionRow | null {
    const r = this.selectSession.get(id) as RawSession | undefined;
    return r ? fromRaw(r) : null;
  }

  /** Ids of the sessions that have not ended, oldest first. */
  unfinished(): string[] {
    return (
      this.db.prepare('SELECT id FROM sessions WHERE finished_at IS NULL ORDER BY created_at, id').all() as {
        id: string;
      }[]
    ).map((r) => r.id);
  }

  /** A session's whole log, in order. */
  actions(sessionId: string): LoggedAction[] {
    const rows = this.selectActions.all(sessionId) as { seq: number; action_json: string; at: number }[];
    return rows.map((r) => ({ seq: r.seq, action: JSON.parse(r.action_json) as ProtocolAction, at: r.at }));
  }

  /** Length of a session's log. */
  actionCount(sessionId: string): number {
    return (this.countActions.get(sessionId) as { n: number }).n;
  }
}

/** The first row whose stored JSON no longer parses (SQLite's own `json_valid`), described; or null. */
function damagedRow(db: Database.Database): string | null {
  const row = db
    .prepare(
      `SELECT 'the seats of session ' || id AS what FROM sessions WHERE NOT json_valid(seats_json)
       UNION ALL
       SELECT 'action ' || seq || ' of session ' || session_id FROM actions WHERE NOT json_valid(action_json)
       UNION ALL
       SELECT 'note ' || seq || ' of session ' || session_id FROM notes WHERE NOT json_valid(note_json)
       LIMIT 1`,
    )
    .get() as { what: string } | undefined;
  return row ? `${row.what} no longer reads as JSON` : null;
}

interface RawSession {
  id: string;
  scenario: string;
  seed: number;
  seats_json: string;
  observer_hash: string | null;
  created_at: number;
  finished_at: number | null;
  protocol_json: string | null;
  options_json: string | null;
  spectator_hash: string | null;
}

function fromRaw(r: RawSession): SessionRow {
  return {
    id: r.id,
    scenario: r.scenario,
    seed: r.seed,
    seats: JSON.parse(r.seats_json) as Record<string, StoredSeat>,
    observerHash: r.observer_hash,
    spectatorHash: r.spectator_hash,
    protocol: r.protocol_json === null ? null : (JSON.parse(r.protocol_json) as ProtocolChoice),
    ...(r.options_json === null ? {} : { options: JSON.parse(r.options_json) as SessionOptions }),
    createdAt: r.created_at,
    finishedAt: r.finished_at,
  };
}
