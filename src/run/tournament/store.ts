/**
 * The results store: one SQLite file (better-sqlite3, WAL) holding tournaments and their finished
 * matches, written by the main thread as results arrive, one transaction per match, so a killed
 * tournament loses at most the matches that were running. A match row is unique per
 * (tournament, match index), and storing a match already held does nothing: a resume can only add
 * the missing ones, and a match whose result arrives twice (a queued chunk run again after its
 * worker was lost) is stored once. Each match keeps its whole
 * result as JSON, plus indexed numeric columns for queries, and one row per role in
 * `match_parties`. The schema is versioned with `PRAGMA user_version` and migrated forward.
 */
import type Database from 'better-sqlite3';
import { openDatabase } from '../sqlite.ts';
import type { MatchResult } from './match.ts';
import type { MatchDescriptor } from './matches.ts';

/** Migration k takes the schema from version k to k + 1 (`PRAGMA user_version`); see src/run/sqlite.ts. */
const MIGRATIONS: readonly string[] = [
  // 0 → 1
  `
  CREATE TABLE tournaments (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    spec_hash TEXT NOT NULL,
    spec_json TEXT NOT NULL,
    total_matches INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    finished_at TEXT
  );
  CREATE TABLE matches (
    tournament_id TEXT NOT NULL REFERENCES tournaments(id),
    match_index INTEGER NOT NULL,
    scenario TEXT NOT NULL,
    deadline INTEGER,
    repetition INTEGER NOT NULL,
    seed INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('done', 'error')),
    outcome TEXT NOT NULL,
    error_code TEXT,
    agreement INTEGER,
    social_welfare REAL,
    distance_frontier REAL,
    distance_nash REAL,
    rounds INTEGER,
    duration_ms REAL NOT NULL,
    assignment_json TEXT NOT NULL,
    result_json TEXT NOT NULL,
    metrics_json TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    UNIQUE (tournament_id, match_index)
  );
  CREATE INDEX matches_status ON matches (tournament_id, status);
  CREATE INDEX matches_scenario ON matches (tournament_id, scenario);
  CREATE TABLE match_parties (
    tournament_id TEXT NOT NULL,
    match_index INTEGER NOT NULL,
    role INTEGER NOT NULL,
    party TEXT NOT NULL,
    negotiator TEXT NOT NULL,
    utility REAL NOT NULL,
    discounted_utility REAL NOT NULL,
    advantage REAL NOT NULL,
    model_accuracy REAL,
    PRIMARY KEY (tournament_id, match_index, role),
    FOREIGN KEY (tournament_id, match_index) REFERENCES matches (tournament_id, match_index)
  );
  CREATE INDEX match_parties_negotiator ON match_parties (tournament_id, negotiator);
  `,
];

/** A tournament's row. */
export interface TournamentRow {
  readonly id: string;
  readonly title: string;
  readonly specHash: string;
  readonly totalMatches: number;
  readonly createdAt: string;
  readonly finishedAt: string | null;
}

/** A stored match: its descriptor's parts, the result, and how long it took. */
export interface StoredMatch {
  readonly matchIndex: number;
  readonly scenario: string;
  readonly deadline: number | null;
  readonly repetition: number;
  readonly seed: number;
  readonly assignment: readonly string[];
  readonly result: MatchResult;
  readonly durationMs: number;
}

/**
 * An open results database.
 *
 * @example
 * const store = TournamentStore.open('results/quick.sqlite');
 * store.doneIndices('quick'); // Set of finished match indices
 */
export class TournamentStore {
  readonly db: Database.Database;
  readonly file: string;

  private constructor(db: Database.Database, file: string) {
    this.db = db;
    this.file = file;
  }

  /** Opens (creating and migrating as needed) the database at `file`. */
  static open(file: string): TournamentStore {
    const db = openDatabase(file, {
      what: 'results database',
      writtenBy: 'lancaster tournament',
      migrations: MIGRATIONS,
    });
    return new TournamentStore(db, file);
  }

  close(): void {
    this.db.close();
  }

  tournament(id: string): TournamentRow | null {
    const r = this.db
      .prepare(
        'SELECT id, title, spec_hash, total_matches, created_at, finished_at FROM tournaments WHERE id = ?',
      )
      .get(id) as
      | {
          id: string;
          title: string;
          spec_hash: string;
          total_matches: number;
          created_at: string;
          finished_at: string | null;
        }
      | undefined;
    return r
      ? {
          id: r.id,
          title: r.title,
          specHash: r.spec_hash,
          totalMatches: r.total_matches,
          createdAt: r.created_at,
          finishedAt: r.finished_at,
        }
      : null;
  }

  createTournament(t: {
    id: string;
    title: string;
    specHash: string;
    specJson: string;
    totalMatches: number;
  }): void {
    this.db
      .prepare(
        'INSERT INTO tournaments (id, title, spec_hash, spec_json, total_matches, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(t.id, t.title, t.specHash, t.specJson, t.totalMatches, new Date().toISOString());
  }

  markFinished(id: string): void {
    this.db.prepare('UPDATE tournaments SET finished_at = ? WHERE id = ?').run(new Date().toISOString(), id);
  }

  /** Indices of the matches already stored (finished, with or without error). */
  doneIndices(id: string): Set<number> {
    const rows = this.db
      .prepare('SELECT match_index FROM matches WHERE tournament_id = ?')
      .pluck()
      .all(id) as number[];
    return new Set(rows);
  }

  private insertStatements?: {
    match: Database.Statement;
    party: Database.Statement;
    tx: Database.Transaction;
  };

  /** Stores one finished match and its roles in one transaction (nothing if the match is already stored). */
  insertMatch(
    tournamentId: string,
    d: MatchDescriptor,
    scenario: string,
    assignment: readonly string[],
    result: MatchResult,
    durationMs: number,
  ): void {
    if (!this.insertStatements) {
      const match =
        this.db.prepare(`INSERT INTO matches (tournament_id, match_index, scenario, deadline, repetition, seed,
        status, outcome, error_code, agreement, social_welfare, distance_frontier, distance_nash, rounds, duration_ms,
        assignment_json, result_json, metrics_json, finished_at)
        VALUES (@t, @i, @scenario, @deadline, @repetition, @seed, @status, @outcome, @errorCode, @agreement, @welfare,
        @frontier, @nash, @rounds, @duration, @assignment, @result, @metrics, @finished)
        ON CONFLICT (tournament_id, match_index) DO NOTHING`);
      const party =
        this.db.prepare(`INSERT INTO match_parties (tournament_id, match_index, role, party, negotiator,
        utility, discounted_utility, advantage, model_accuracy) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
      const tx = this.db.transaction((rows: { m: Record<string, unknown>; p: unknown[][] }) => {
        // Already stored: the first result stands (matches are deterministic, so it is the same).
        if (match.run(rows.m).changes === 0) return;
        for (const p of rows.p) party.run(...p);
      });
      this.insertStatements = { match, party, tx };
    }
    const metrics = {
      socialWelfare: result.socialWelfare,
      distanceToFrontier: result.distanceToFrontier,
      distanceToNash: result.distanceToNash,
      paretoOptimal: result.paretoOptimal,
      rounds: result.rounds,
      parties: result.parties.map((p) => ({
        party: p.party,
        negotiator: p.negotiator,
        utility: p.utility,
        discountedUtility: p.discountedUtility,
        advantage: p.advantage,
        modelAccuracy: p.modelAccuracy,
      })),
    };
    this.insertStatements.tx({
      m: {
        t: tournamentId,
        i: d.index,
        scenario,
        deadline: d.deadline,
        repetition: d.repetition,
        seed: d.seed,
        status: result.status,
        outcome: result.outcome,
        errorCode: result.error?.code ?? null,
        agreement: result.outcome === 'agreement' ? 1 : result.parties.length > 0 ? 0 : null,
        welfare: result.socialWelfare,
        frontier: result.distanceToFrontier,
        nash: result.distanceToNash,
        rounds: result.rounds,
        duration: durationMs,
        assignment: JSON.stringify(assignment),
        result: JSON.stringify(result),
        metrics: JSON.stringify(metrics),
        finished: new Date().toISOString(),
      },
      p: result.parties.map((p, role) => [
        tournamentId,
        d.index,
        role,
        p.party,
        p.negotiator,
        p.utility,
        p.discountedUtility,
        p.advantage,
        p.modelAccuracy,
      ]),
    });
  }

  /**
   * Stores several finished matches in one transaction: a tournament buffers results briefly and
   * writes them together, since one commit per match costs more than the match itself on fast
   * domains. All of them are stored, or (on a crash) none, in which case resume re-runs them.
   */
  insertMatches(
    tournamentId: string,
    rows: readonly {
      readonly d: MatchDescriptor;
      readonly scenario: string;
      readonly assignment: readonly string[];
      readonly result: MatchResult;
      readonly durationMs: number;
    }[],
  ): void {
    if (rows.length === 0) return;
    this.db.transaction(() => {
      for (const r of rows)
        this.insertMatch(tournamentId, r.d, r.scenario, r.assignment, r.result, r.durationMs);
    })();
  }

  /** Every stored match of a tournament, by index. */
  matches(id: string): StoredMatch[] {
    const rows = this.db
      .prepare(
        `SELECT match_index, scenario, deadline, repetition, seed, assignment_json, result_json, duration_ms
         FROM matches WHERE tournament_id = ? ORDER BY match_index`,
      )
      .all(id) as {
      match_index: number;
      scenario: string;
      deadline: number | null;
      repetition: number;
      seed: number;
      assignment_json: string;
      result_json: string;
      duration_ms: number;
    }[];
    return rows.map((r) => ({
      matchIndex: r.match_index,
      scenario: r.scenario,
      deadline: r.deadline,
      repetition: r.repetition,
      seed: r.seed,
      assignment: JSON.parse(r.assignment_json) as string[],
      result: JSON.parse(r.result_json) as MatchResult,
      durationMs: r.duration_ms,
    }));
  }
}
