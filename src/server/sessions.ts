/**
 * The session manager: the impure shell around the core (machine.ts, views.ts). It creates
 * sessions (one secret token per person's seat, an optional observer token; only SHA-256 hashes are
 * stored and tokens are compared in constant time), authenticates callers, checks a person's
 * action, has the software host (software.ts: worker threads with a watchdog under `serve`) play
 * the software seats after it, logs every resulting protocol action in one SQLite transaction
 * BEFORE answering, keeps one turn timer per session (a person's turn that runs out is logged as a
 * `fail` with ACTION_TIMEOUT and ends the session), tells subscribers (WebSockets) about every
 * change, and on start resumes every unfinished session by replaying its log, re-arming each timer
 * from the logged start of the turn (a turn that ran out while the server was down times out at
 * once). Clock and timers are injected, so tests never sleep.
 *
 * Changes to one session happen one at a time (a queue per session): an action waits for the one
 * before it, and is then checked against the state that one left. A session's state is one draft
 * that logged actions are applied to in place after they are written, so a turn costs the same
 * however long the session is; a failed write leaves the state as it was. A session whose log
 * cannot be replayed (a damaged row, a scenario no longer served) is SESSION_UNAVAILABLE, never a
 * 500 and never a reason not to start.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { basename } from 'node:path';
import { LancasterError } from '../errors.ts';
import { loadScenarioAny } from '../formats/load-any.ts';
import { listShippedScenarios, resolveScenarioPath } from '../formats/scenario-files.ts';
import { readTextFile } from '../formats/text-file.ts';
import { mediatorSettings, type ProtocolChoice, type Scenario, withProtocol } from '../model/scenario.ts';
import { isFinished, stepInPlace } from '../protocols/protocol.ts';
import type { DraftOf, ProtocolAction, SessionState } from '../protocols/types.ts';
import type {
  ActionRequest,
  CreateSessionRequest,
  CreateSessionResponse,
  Debrief,
  EventView,
  ImprovementRequest,
  MessageBody,
  ScenarioSummary,
  SeatView,
  SessionView,
} from './api.ts';
import { improvementOf } from './improve.ts';
import {
  apiError,
  buildTable,
  DEFAULT_HUMAN_TURN_SECONDS,
  hasSoftware,
  humanAction,
  humanToAct,
  passAction,
  replay,
  resolveSeats,
  type Seat,
  type Table,
  timeoutAction,
} from './machine.ts';
import { InlineSoftware, type LogTail, type SoftwareHost } from './software.ts';
import type {
  Downtime,
  LoggedNote,
  SessionNote,
  SessionOptions,
  SessionRow,
  SessionStore,
  StoredSeat,
} from './store.ts';
import { checkMessage, softwareAnswers } from './talk.ts';
import {
  debrief,
  debriefAnalysis,
  eventsView,
  observerView,
  publicView,
  seatView,
  type TableNotes,
} from './views.ts';

/** What a lapsed turn does when the create request does not say. */
export const DEFAULT_LAPSE: SessionOptions['lapse'] = 'pass';

/**
 * When a turn of `ms` that started at `start` runs out, not counting the time the server was down
 * (`gaps`, oldest first): the clock stops while no server runs and resumes where it was.
 */
export function dueAfter(start: number, ms: number, gaps: readonly Downtime[]): number {
  let t = start;
  let left = ms;
  for (const g of gaps) {
    if (g.to <= t) continue;
    if (g.from >= t + left) break;
    left -= Math.max(0, g.from - t);
    t = g.to;
  }
  return t + left;
}

/** Sessions kept in memory before finished, unwatched ones are dropped (they reload by replay). */
export const MAX_LIVE_SESSIONS = 10_000;

/** Wall-clock time and timers, injected so that tests control time. */
export interface ServerClock {
  /** Epoch milliseconds. */
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

/** The real clock; timers do not keep the process alive. */
export const systemServerClock: ServerClock = {
  now: () => Date.now(),
  setTimer: (fn, ms) => {
    const t = setTimeout(fn, Math.min(Math.max(ms, 0), 2 ** 31 - 1));
    t.unref();
    return t;
  },
  clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** Where scenarios come from, by id. */
export interface ScenarioSource {
  list(): readonly Scenario[];
  get(id: string): Scenario | undefined;
  /** The text of a scenario's own file, for the studio to edit (absent: the studio exports one). */
  document?(id: string): { readonly file: string; readonly text: string } | undefined;
}

/**
 * The scenarios shipped in the repository's `scenarios/` folder, loaded once (London first).
 * Only these can be played: a request names an id, never a path.
 */
export function shippedScenarios(): ScenarioSource {
  let cache: Map<string, Scenario> | null = null;
  const files = new Map<string, string>();
  const load = () => {
    if (cache) return cache;
    const loaded: Scenario[] = [];
    for (const name of listShippedScenarios()) {
      try {
        const scenario = loadScenarioAny(name).scenario;
        loaded.push(scenario);
        files.set(scenario.id, resolveScenarioPath(name));
      } catch (err) {
        process.stderr.write(`lancaster serve: skipping scenario ${name}: ${(err as Error).message}\n`);
      }
    }
    loaded.sort((a, b) =>
      a.id === 'london-2025' ? -1 : b.id === 'london-2025' ? 1 : a.id.localeCompare(b.id),
    );
    cache = new Map(loaded.map((s) => [s.id, s]));
    return cache;
  };
  return {
    list: () => [...load().values()],
    get: (id) => load().get(id),
    document: (id) => {
      const path = load().has(id) ? files.get(id) : undefined;
      return path === undefined ? undefined : { file: basename(path), text: readTextFile(path) };
    },
  };
}

/** A fixed list of scenarios (tests, embedding). */
export function scenarioList(scenarios: readonly Scenario[]): ScenarioSource {
  const byId = new Map(scenarios.map((s) => [s.id, s]));
  return { list: () => scenarios, get: (id) => byId.get(id) };
}

/**
 * The protocol a create request asks for, or null for the scenario's own. A mediator without
 * `protocol: "mediated"` is a BAD_REQUEST.
 */
function protocolChoice(req: CreateSessionRequest): ProtocolChoice | null {
  if (req.mediator !== undefined && req.protocol !== 'mediated')
    throw apiError(
      'BAD_REQUEST',
      'a mediator chairs a mediated table only; add "protocol": "mediated"',
      'mediator',
    );
  if (req.protocol === 'mediated')
    return { kind: 'mediated', mediator: mediatorSettings({ kind: req.mediator ?? 'hill-climb' }) };
  return req.protocol === 'saop' ? { kind: 'saop' } : null;
}

/** Who is calling: a seat (party index in turn order) or the observer. */
export type Caller =
  | { readonly kind: 'seat'; readonly index: number }
  | { readonly kind: 'observer' }
  | { readonly kind: 'spectator' };

/** What subscribers hear: the session changed (they rebuild their own view). */
export type SessionListener = () => void;

interface Live {
  readonly row: SessionRow;
  readonly table: Table;
  /** Token hashes of the seats in turn order (undefined for software seats). */
  readonly hashes: readonly (Buffer | undefined)[];
  readonly observerHash: Buffer | null;
  readonly spectatorHash: Buffer | null;
  /** The state, advanced in place as actions are logged. */
  readonly state: DraftOf<SessionState>;
  /** The change being made (tail of this session's queue). */
  queue: Promise<unknown>;
  /** Changes queued or under way. */
  busy: number;
  /** Number of logged actions (the next action's position). */
  logLength: number;
  /** When the current turn started (epoch ms): the time of the last logged action. */
  turnStartedAt: number;
  /** When the current turn's clock restarted after a lapse with nothing to pass (epoch ms), or 0. */
  clockFrom: number;
  /** When each seat (turn order) first opened the table (epoch ms), or null: its clock has not started. */
  readonly opened: (number | null)[];
  readonly notes: LoggedNote[];
  readonly options: SessionOptions;
  timer: unknown;
  readonly listeners: Set<SessionListener>;
}

/** A fresh secret: 32 random bytes, base64url. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** SHA-256 of a token (hex), as stored. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function sameHash(a: Buffer, b: Buffer | null | undefined): boolean {
  return b !== null && b !== undefined && a.length === b.length && timingSafeEqual(a, b);
}

export interface SessionManagerOptions {
  readonly store: SessionStore;
  readonly scenarios?: ScenarioSource;
  readonly clock?: ServerClock;
  /** Sessions kept in memory (default MAX_LIVE_SESSIONS). */
  readonly maxLiveSessions?: number;
  /** Called with errors that are not the caller's fault (e.g. a failed timer write). */
  readonly onInternalError?: (err: unknown) => void;
  /** Where software seats are played (default: in this thread, `InlineSoftware`). */
  readonly software?: SoftwareHost;
  /**
   * Milliseconds between the server's signs of life in the store (0 or absent: only at each write
   * and at a clean stop). After a crash, the time since the last one is counted as time down.
   */
  readonly heartbeatMs?: number;
}

/**
 * Sessions: creation, authentication, actions, views, timers, resume.
 *
 * @example
 * const m = new SessionManager({ store: SessionStore.open(':memory:') });
 * const { sessionId, seats } = await m.create({ scenario: 'london-2025', seats: { us: { kind: 'human' }, china: { kind: 'negotiator' } } });
 * const caller = m.authenticate(sessionId, seats.us.token);
 * await m.act(sessionId, caller, { type: 'offer', outcome: { ... } });
 */
export class SessionManager {
  readonly store: SessionStore;
  readonly scenarios: ScenarioSource;
  private readonly clock: ServerClock;
  private readonly live = new Map<string, Live>();
  private readonly onInternalError: (err: unknown) => void;
  private closed = false;
  private readonly maxLive: number;
  private readonly software: SoftwareHost;
  /** When the server was down before this run (clocks do not run then). */
  private readonly gaps: Downtime[];
  private heartbeat: unknown = null;

  constructor(opts: SessionManagerOptions) {
    this.store = opts.store;
    this.software = opts.software ?? new InlineSoftware();
    this.scenarios = opts.scenarios ?? shippedScenarios();
    this.clock = opts.clock ?? systemServerClock;
    this.maxLive = opts.maxLiveSessions ?? MAX_LIVE_SESSIONS;
    this.onInternalError =
      opts.onInternalError ??
      ((err) => process.stderr.write(`lancaster serve: ${(err as Error)?.stack ?? err}\n`));
    this.gaps = this.store.startRun(this.clock.now());
    const beat = opts.heartbeatMs ?? 0;
    if (beat > 0) {
      const tick = () => {
        if (this.closed) return;
        try {
          this.store.alive(this.clock.now());
        } catch (err) {
          this.onInternalError(err);
        }
        this.heartbeat = this.clock.setTimer(tick, beat);
      };
      this.heartbeat = this.clock.setTimer(tick, beat);
    }
  }

  /** The playable scenarios, for `GET /api/scenarios`. */
  scenarioSummaries(): ScenarioSummary[] {
    return this.scenarios.list().map((s) => ({
      id: s.id,
      title: s.title,
      ...(s.description ? { description: s.description } : {}),
      parties: s.protocol.order.map((id) => ({ id, label: s.parties.find((p) => p.id === id)?.label ?? id })),
      outcomes: Number.isFinite(s.space.size) ? s.space.size : null,
      rounds: s.protocol.rounds,
      humanTurnSeconds: s.protocol.humanTurnSeconds ?? DEFAULT_HUMAN_TURN_SECONDS,
      protocol: s.protocol.kind,
    }));
  }

  /**
   * Creates a session: resolves seats, runs software seats until a person must act (or to the end
   * when nobody is human), logs it all in one transaction, and returns the tokens (shown once).
   */
  async create(req: CreateSessionRequest): Promise<CreateSessionResponse> {
    const scenario = this.scenarios.get(req.scenario);
    if (!scenario) {
      throw new LancasterError({
        code: 'SCENARIO_NOT_FOUND',
        path: 'scenario',
        message: `no scenario '${req.scenario}' is served; use an id from GET /api/scenarios (${this.scenarios
          .list()
          .map((s) => s.id)
          .join(', ')})`,
      });
    }
    const protocol = protocolChoice(req);
    const played = protocol ? withProtocol(scenario, protocol) : scenario;
    const seats = resolveSeats(played, req.seats);
    const humans = seats.some((s) => s.kind === 'human');
    if (!humans && req.observer !== true) {
      throw apiError(
        'BAD_REQUEST',
        'a session without a human seat runs to its end at once and only an observer can see it; add "observer": true',
        'observer',
      );
    }
    const seed = req.seed ?? randomBytes(4).readUInt32LE(0);
    const table = buildTable(played, seats, seed);
    const id = randomBytes(16).toString('base64url');
    const actions = await this.playSoftware(id, table, { from: 0, actions: [] }, () => []);
    const state = replay(table, actions);
    const tokens: Record<string, { token: string }> = {};
    const stored: Record<string, StoredSeat> = {};
    table.parties.forEach((p, i) => {
      const seat = seats[i] as Seat;
      if (seat.kind === 'human') {
        const token = newToken();
        tokens[p.id] = { token };
        stored[p.id] = { kind: 'human', tokenHash: hashToken(token) };
      } else stored[p.id] = seat;
    });
    const observerToken = req.observer ? newToken() : undefined;
    // Public information only: worth issuing where people sit (a software-only run is over at once).
    const spectatorToken = req.spectator && humans ? newToken() : undefined;
    const now = this.clock.now();
    const row: SessionRow = {
      id,
      scenario: scenario.id,
      seed,
      seats: stored,
      observerHash: observerToken ? hashToken(observerToken) : null,
      spectatorHash: spectatorToken ? hashToken(spectatorToken) : null,
      protocol,
      options: { lapse: req.lapse ?? DEFAULT_LAPSE },
      createdAt: now,
      finishedAt: null,
    };
    try {
      this.store.createSession(row, actions, now, isFinished(state));
    } catch (err) {
      this.software.forget(id);
      throw err;
    }
    if (isFinished(state)) this.software.forget(id);
    const live = this.makeLive(row, table, state, actions.length, now, []);
    this.remember(id, live);
    this.arm(live);
    return {
      sessionId: id,
      seats: tokens,
      ...(observerToken ? { observerToken } : {}),
      ...(spectatorToken ? { spectatorToken } : {}),
    };
  }

  /** What the software seats do after `tail` (nothing to ask when the table has none). */
  private playSoftware(
    id: string,
    table: Table,
    tail: LogTail,
    wholeLog: () => readonly ProtocolAction[],
  ): Promise<ProtocolAction[]> {
    if (!hasSoftware(table)) return Promise.resolve([]);
    return this.software.play(
      { id, scenario: table.scenario, seats: table.seats, seed: table.seed },
      tail,
      wholeLog,
    );
  }

  private makeLive(
    row: SessionRow,
    table: Table,
    state: DraftOf<SessionState>,
    logLength: number,
    at: number,
    notes: LoggedNote[],
  ): Live {
    const opened: (number | null)[] = table.parties.map(() => null);
    let clockFrom = 0;
    for (const n of notes) {
      if (n.note.kind === 'open' && opened[n.note.party] === null) opened[n.note.party] = n.at;
      if (n.note.kind === 'lapse' && !n.note.passed) clockFrom = n.at;
    }
    const hashes = table.parties.map((p) => {
      const h = row.seats[p.id]?.tokenHash;
      return h ? Buffer.from(h, 'hex') : undefined;
    });
    return {
      row,
      table,
      hashes,
      observerHash: row.observerHash ? Buffer.from(row.observerHash, 'hex') : null,
      spectatorHash: row.spectatorHash ? Buffer.from(row.spectatorHash, 'hex') : null,
      state,
      queue: Promise.resolve(),
      busy: 0,
      logLength,
      turnStartedAt: at,
      clockFrom,
      opened,
      notes,
      // Sessions from before the lapse policy existed ended on a lapse.
      options: row.options ?? { lapse: 'end' },
      timer: null,
      listeners: new Set(),
    };
  }

  /** Loads a session from the store by replaying its log (once; then it stays in memory). */
  private load(id: string): Live | null {
    const cached = this.live.get(id);
    if (cached) return cached;
    const row = this.store.session(id);
    if (!row) return null;
    const unavailable = (why: string) =>
      apiError('SESSION_UNAVAILABLE', `session ${id} cannot be played any more: ${why}`);
    const scenario = this.scenarios.get(row.scenario);
    if (!scenario) throw unavailable(`its scenario '${row.scenario}' is no longer served`);
    let live: Live;
    try {
      const seats = scenario.protocol.order.map((pid) => {
        const s = row.seats[pid];
        if (!s) throw new Error(`it has no seat for party '${pid}'`);
        return s.kind === 'human'
          ? ({ kind: 'human' } as const)
          : ({ kind: 'negotiator', spec: s.spec, ...(s.answers ? { answers: s.answers } : {}) } as const);
      });
      const table = buildTable(
        row.protocol ? withProtocol(scenario, row.protocol) : scenario,
        seats,
        row.seed,
      );
      const log = this.store.actions(id);
      const state = replay(
        table,
        log.map((l) => l.action),
      );
      live = this.makeLive(
        row,
        table,
        state,
        log.length,
        log.at(-1)?.at ?? row.createdAt,
        this.store.notes(id),
      );
    } catch (err) {
      // The log no longer fits the scenario: a damaged row, or a scenario file changed since.
      this.onInternalError(new Error(`session ${id} cannot be replayed: ${(err as Error).message}`));
      throw unavailable(
        'its record in the session database does not replay (damaged, or its scenario changed); the server log says more',
      );
    }
    this.remember(id, live);
    return live;
  }

  /**
   * Keeps a session in memory. Above MAX_LIVE_SESSIONS, finished sessions nobody is watching are
   * dropped (oldest first): they are in the store and reload by replay when asked for again.
   */
  private remember(id: string, live: Live): void {
    this.live.set(id, live);
    if (this.live.size <= this.maxLive) return;
    for (const [key, l] of this.live) {
      if (this.live.size <= this.maxLive) break;
      if (key !== id && isFinished(l.state) && l.listeners.size === 0) this.live.delete(key);
    }
  }

  private get(id: string): Live {
    const live = this.load(id);
    if (!live)
      throw apiError('SESSION_NOT_FOUND', `there is no session '${id}'; create one with POST /api/sessions`);
    return live;
  }

  /**
   * Who holds `token` in session `id`: a seat or the observer. Throws SESSION_NOT_FOUND or BAD_TOKEN.
   */
  authenticate(id: string, token: string | undefined): Caller {
    const live = this.get(id);
    if (!token)
      throw apiError(
        'BAD_TOKEN',
        'this needs a token: send "Authorization: Bearer <token>" (WebSocket: ?token=)',
      );
    const h = Buffer.from(hashToken(token), 'hex');
    let found: Caller | null = null;
    // Compare with every hash (no early exit), so the time taken does not say which one matched.
    live.hashes.forEach((s, index) => {
      if (sameHash(h, s)) found = { kind: 'seat', index };
    });
    if (sameHash(h, live.observerHash)) found = { kind: 'observer' };
    if (sameHash(h, live.spectatorHash)) found = { kind: 'spectator' };
    if (!found)
      throw apiError(
        'BAD_TOKEN',
        'this token does not belong to this session; use the token POST /api/sessions returned',
      );
    return found;
  }

  /**
   * When the current person's turn runs out (epoch ms), or null: nobody's turn, or the person to
   * act has not opened the table yet (a seat's clock starts when it first opens the table). The
   * time the server was down is not counted.
   */
  private humanDue(live: Live): number | null {
    const index = humanToAct(live.table, live.state);
    if (index === null) return null;
    const opened = live.opened[index];
    if (opened === null || opened === undefined) return null;
    const start = Math.max(live.turnStartedAt, opened, live.clockFrom);
    return dueAfter(start, live.table.humanTurnMs, this.gaps);
  }

  private turnDeadline(live: Live): string | null {
    const due = this.humanDue(live);
    return due === null ? null : new Date(due).toISOString();
  }

  /** What views show beside the protocol's state: the clock, messages, the improvement. */
  private notesOf(live: Live): TableNotes {
    return {
      lapse: live.options.lapse,
      opened: live.opened.map((o) => o !== null),
      notes: live.notes,
      improvement: improvementOf(live.table, live.state, live.notes),
    };
  }

  /** The caller's view of the session. */
  view(id: string, caller: Caller): SessionView {
    const live = this.get(id);
    const input = {
      sessionId: id,
      table: live.table,
      state: live.state,
      turnDeadline: this.turnDeadline(live),
      notes: this.notesOf(live),
    };
    if (caller.kind === 'seat') return seatView(input, caller.index);
    return caller.kind === 'observer' ? observerView(input) : publicView(input);
  }

  /**
   * A person's action: checked, followed by the software seats' turns, all logged in one
   * transaction, then subscribers are told. Resolves with the caller's new view.
   */
  act(id: string, caller: Caller, req: ActionRequest): Promise<SeatView> {
    const live = this.get(id);
    return this.serial(live, async () => {
      await this.perform(live, caller, req);
      return this.view(id, caller) as SeatView;
    });
  }

  /** `act` without building the caller's view (a socket's reply is the view pushed to it). */
  submit(id: string, caller: Caller, req: ActionRequest): Promise<void> {
    const live = this.get(id);
    return this.serial(live, () => this.perform(live, caller, req));
  }

  private async perform(live: Live, caller: Caller, req: ActionRequest): Promise<void> {
    if (caller.kind !== 'seat') throw apiError('SEAT_ONLY', 'observers cannot act; use a seat token');
    const id = live.row.id;
    const now = this.clock.now();
    const first = humanAction(live.table, live.state, caller.index, req, now - live.turnStartedAt);
    const tail = { from: live.logLength, actions: [first] };
    const after = await this.playSoftware(id, live.table, tail, () => [
      ...this.store.actions(id).map((l) => l.action),
      first,
    ]);
    this.commit(live, [first, ...after], this.clock.now());
  }

  /**
   * A seat opens the table: the first time, its turn clock starts (the brief alone starts nothing).
   * Resolves with the seat's view.
   */
  open(id: string, caller: Caller): Promise<SessionView> {
    const live = this.get(id);
    return this.serial(live, async () => {
      if (caller.kind === 'seat' && live.opened[caller.index] === null && !isFinished(live.state)) {
        this.note(live, { kind: 'open', party: caller.index });
      }
      return this.view(id, caller);
    });
  }

  /**
   * A message of a seat at the table (logged as a note, public to every seat and the observer),
   * followed by the software seats' answers under their declared policies. Refused once the
   * session has ended (SESSION_OVER) and, for free text, unless every seat is a person's.
   */
  message(id: string, caller: Caller, body: MessageBody): Promise<SessionView> {
    const live = this.get(id);
    return this.serial(live, async () => {
      if (caller.kind !== 'seat')
        throw apiError('SEAT_ONLY', 'observers cannot speak at the table; use a seat token');
      if (isFinished(live.state))
        throw apiError(
          'SESSION_OVER',
          `the session has ended (${live.state.status}); no more messages are taken`,
        );
      checkMessage(live.table, caller.index, body);
      const step = live.state.step;
      const seq = this.note(live, { kind: 'message', party: caller.index, step, message: body });
      for (const answer of softwareAnswers(live.table, live.state, caller.index, body)) {
        this.note(live, {
          kind: 'message',
          party: answer.party,
          step,
          message: answer.message,
          answers: seq,
        });
      }
      return this.view(id, caller);
    });
  }

  /**
   * A seat's answer to the improvement proposed after the deal. NOT_OVER when there is none to
   * answer (no deal yet, or none better for everyone); SESSION_OVER once it is decided.
   */
  improve(id: string, caller: Caller, req: ImprovementRequest): Promise<SessionView> {
    const live = this.get(id);
    return this.serial(live, async () => {
      if (caller.kind !== 'seat') throw apiError('SEAT_ONLY', 'observers cannot answer; use a seat token');
      const current = improvementOf(live.table, live.state, live.notes);
      if (current === null)
        throw apiError(
          'NOT_OVER',
          'there is no improvement to answer: one is proposed only after a deal, when a package better for every party exists',
        );
      if (current.status !== 'open' || current.decisions[caller.index] !== null)
        throw apiError(
          'SESSION_OVER',
          `the improvement is already ${current.status === 'open' ? 'answered by you' : current.status}`,
        );
      this.note(live, { kind: 'improve', party: caller.index, accept: req.accept });
      return this.view(id, caller);
    });
  }

  /** Logs a note, tells subscribers, re-arms the timer; returns its seq. */
  private note(live: Live, note: SessionNote): number {
    const seq = live.notes.length;
    const at = this.clock.now();
    this.store.appendNote(live.row.id, seq, note, at);
    this.store.alive(at);
    live.notes.push({ seq, note, at });
    if (note.kind === 'open' && live.opened[note.party] === null) live.opened[note.party] = at;
    if (note.kind === 'lapse' && !note.passed) live.clockFrom = at;
    this.arm(live);
    this.tell(live);
    return seq;
  }

  private tell(live: Live): void {
    for (const l of [...live.listeners]) {
      try {
        l();
      } catch (err) {
        this.onInternalError(err);
      }
    }
  }

  /**
   * Runs `change` after every change of the session queued before it; the turn timer is re-armed
   * when it is done (a timer that fell due meanwhile then fires).
   */
  private serial<T>(live: Live, change: () => Promise<T>): Promise<T> {
    live.busy++;
    const run = live.queue.then(change).finally(() => {
      live.busy--;
      this.arm(live);
    });
    live.queue = run.catch(() => {});
    return run;
  }

  /**
   * Logs actions (one transaction) and applies them to the state in place; then updates timers
   * and subscribers. A failed write leaves the state as it was (and the software host forgets the
   * session, which it had played ahead).
   */
  private commit(live: Live, actions: readonly ProtocolAction[], now: number): void {
    const state = live.state;
    // `stepInPlace` replaces the fields it changes and only appends to `events`, so a shallow copy
    // and the transcript's length are enough to undo it.
    const before = { ...state };
    const length = state.events.length;
    try {
      for (const a of actions) stepInPlace(state, a);
      this.store.append(live.row.id, live.logLength, actions, now, isFinished(state));
      this.store.alive(now);
    } catch (err) {
      Object.assign(state, before);
      state.events.length = length;
      this.software.forget(live.row.id);
      throw err;
    }
    if (isFinished(state)) this.software.forget(live.row.id);
    live.logLength += actions.length;
    live.turnStartedAt = now;
    this.arm(live);
    this.tell(live);
  }

  /**
   * (Re-)arms the session's timer: a person's turn runs out `humanTurnMs` after it started; a
   * scenario with a time limit also ends when the limit is spent (the time people took is on the
   * log, negotiators' time counts as nothing). Cleared when neither applies.
   */
  private arm(live: Live): void {
    if (live.timer !== null) this.clock.clearTimer(live.timer);
    live.timer = null;
    if (this.closed) return;
    const { state, table } = live;
    const index = humanToAct(table, state);
    const humanDue = this.humanDue(live) ?? Number.POSITIVE_INFINITY;
    const limitLeft =
      state.timeLimitMs === null ? Number.POSITIVE_INFINITY : state.timeLimitMs - state.elapsedMs;
    const limitDue =
      state.status === 'running' ? live.turnStartedAt + Math.max(0, limitLeft) : Number.POSITIVE_INFINITY;
    const due = Math.min(humanDue, limitDue);
    if (!Number.isFinite(due)) return;
    const armedAt = live.logLength;
    live.timer = this.clock.setTimer(() => {
      live.timer = null;
      // Only the turn it was set for: any logged action since then re-armed a new timer. While a
      // change is under way the timer waits for it (it re-arms the timer when it is done).
      if (live.logLength !== armedAt || this.closed || live.busy > 0) return;
      try {
        if (limitDue <= humanDue) {
          this.commit(live, [{ type: 'tick', elapsedMs: Math.max(0, limitLeft) }], this.clock.now());
        } else if (live.options.lapse === 'end') {
          this.commit(live, [timeoutAction(table, index as number)], this.clock.now());
        } else {
          this.lapse(live, index as number).catch((err) => this.onInternalError(err));
        }
      } catch (err) {
        this.onInternalError(err);
      }
    }, due - this.clock.now());
  }

  /**
   * A person's turn lapsed under the `pass` policy: the seat's last offer is made again (it
   * stands; at a mediated table, a vote against the text) and the software seats answer; with no
   * offer of its own yet, nothing is played and the turn's clock starts again. Logged as a note.
   */
  private lapse(live: Live, index: number): Promise<void> {
    return this.serial(live, async () => {
      if (humanToAct(live.table, live.state) !== index || isFinished(live.state)) return;
      const id = live.row.id;
      const pass = passAction(live.state, index);
      const step = live.state.step;
      if (pass === null) {
        this.note(live, { kind: 'lapse', party: index, step, passed: false });
        return;
      }
      const tail = { from: live.logLength, actions: [pass] };
      const after = await this.playSoftware(id, live.table, tail, () => [
        ...this.store.actions(id).map((l) => l.action),
        pass,
      ]);
      this.note(live, { kind: 'lapse', party: index, step, passed: true });
      this.commit(live, [pass, ...after], this.clock.now());
    });
  }

  /** The debrief: for a seat only once the session has ended; for the observer at any time. */
  debrief(id: string, caller: Caller): Debrief {
    const live = this.get(id);
    if (caller.kind === 'spectator')
      throw apiError(
        'OBSERVER_ONLY',
        'the debrief shows every side’s utilities, which a spectator token does not see; it is for the seats (after the end) and the observer',
      );
    if (caller.kind === 'seat' && !isFinished(live.state))
      throw apiError('NOT_OVER', 'the debrief opens when the session has ended; finish or walk away first');
    const analysis = debriefAnalysis(live.table.scenario);
    return debrief(
      id,
      live.table,
      live.state,
      analysis,
      caller.kind === 'seat' ? caller.index : null,
      this.notesOf(live),
    );
  }

  /** Every protocol event with all utilities (observer only). */
  events(id: string, caller: Caller): EventView[] {
    const live = this.get(id);
    if (caller.kind !== 'observer')
      throw apiError(
        'OBSERVER_ONLY',
        "the event list with every party's utilities is for the observer token only; seats get GET /debrief after the end",
      );
    return eventsView(live.table, live.state, live.notes);
  }

  /** Listens to changes of a session; returns the unsubscribe function. */
  subscribe(id: string, listener: SessionListener): () => void {
    const live = this.get(id);
    live.listeners.add(listener);
    return () => live.listeners.delete(listener);
  }

  /** Resolves when every change of session `id` queued so far (a lapsed turn's pass included) is done. */
  async settled(id: string): Promise<void> {
    await this.get(id).queue;
  }

  /** Number of sessions held in memory. */
  get liveCount(): number {
    return this.live.size;
  }

  /** The current state (read-only; for tests and tools). */
  stateOf(id: string): SessionState {
    return this.get(id).state;
  }

  /**
   * Resumes every unfinished session from the store: replays its log, runs software seats if the
   * log stops on their turn, and re-arms the turn timer from the logged start of the turn (a turn
   * that ran out while the server was down times out now). Returns how many were resumed.
   */
  async resumeAll(): Promise<number> {
    const ids = this.store.unfinished();
    let resumed = 0;
    for (const id of ids) {
      // One session that cannot be replayed (its scenario was removed or changed) must not keep
      // the others, or the server, from starting: it is reported and left in the store as it is.
      try {
        const live = this.load(id);
        if (!live) continue;
        if (!isFinished(live.state) && humanToAct(live.table, live.state) === null) {
          await this.serial(live, async () => {
            const tail = { from: live.logLength, actions: [] };
            const actions = await this.playSoftware(id, live.table, tail, () =>
              this.store.actions(id).map((l) => l.action),
            );
            if (actions.length > 0) this.commit(live, actions, this.clock.now());
          });
        }
        this.arm(live);
        resumed++;
      } catch (err) {
        this.live.delete(id);
        this.onInternalError(new Error(`session ${id} could not be resumed: ${(err as Error).message}`));
      }
    }
    return resumed;
  }

  /** Stops every timer and forgets listeners (the store is closed by its owner). */
  close(): void {
    if (!this.closed) {
      try {
        this.store.alive(this.clock.now());
      } catch {
        // The store may already be closed by its owner.
      }
    }
    if (this.heartbeat !== null) this.clock.clearTimer(this.heartbeat);
    this.heartbeat = null;
    this.closed = true;
    for (const live of this.live.values()) {
      if (live.timer !== null) this.clock.clearTimer(live.timer);
      live.timer = null;
      live.listeners.clear();
    }
  }
}
