/**
 * The stacked alternating offers protocol (SAOP) for two or more parties, as a pure state machine:
 * `step(state, action)` returns a new `SessionState` and never touches its input, so a session can
 * be stepped one action at a time, serialised with `JSON.stringify` and resumed anywhere. The
 * parties act in a fixed rotation; the first opens with an offer; each later party accepts the
 * offer on the table, counters it (its offer replaces the table and only the proposer stands
 * behind it) or walks away. When everyone but the proposer has accepted, the delegations agree;
 * parties answering to a principal then ratify or veto. Time is `step / (rounds × parties)`, or
 * the share of the time limit spent when that is larger. Negotiator mistakes are not this
 * module's business: the runner turns them into a `fail` action, and the session ends in state
 * `error`. An action that the current state does not allow is the caller's bug and throws
 * `BAD_STATE`.
 *
 * @example
 * let s = initialState({ parties: ['us', 'cn'], rounds: 10, schedule: [], onVeto: 'end', seed: 1 });
 * s = step(s, { type: 'act', party: 0, action: { type: 'offer', outcome: [0, 2] } });
 * s = step(s, { type: 'act', party: 1, action: { type: 'accept' } });
 * s.status; // 'agreement'
 */
import { LancasterError } from '../errors.ts';
import type { ProtocolAction, SessionErrorCode, SessionEvent, SessionState } from './types.ts';

/** What `initialState` needs: the protocol part of a scenario plus the seed. */
export interface SaopSettings {
  /** Party ids in turn order; the first opens. */
  readonly parties: readonly string[];
  /** Deadline in rounds (one round = every party acts once). */
  readonly rounds: number;
  /** Optional time limit in milliseconds; null or absent for none. */
  readonly timeLimitMs?: number | null;
  /** Scheduled sittings in order, each with the rounds that fit it. */
  readonly schedule: readonly { readonly label: string; readonly rounds: number }[];
  readonly onVeto: 'end' | 'reopen';
  readonly seed: number;
  /** Ids of the parties whose principal must ratify an agreement (none when absent). */
  readonly principals?: readonly string[];
}

const ERROR_CODES: readonly SessionErrorCode[] = ['NEGOTIATOR_THREW', 'INVALID_ACTION', 'ACTION_TIMEOUT'];

function badState(message: string): never {
  throw new LancasterError({ code: 'BAD_STATE', message });
}

function badSettings(path: string, message: string, expected: string): never {
  throw new LancasterError({ code: 'BAD_OPTION', path, message, expected });
}

/**
 * The state before anyone has acted.
 *
 * @example
 * initialState({ parties: ['a', 'b'], rounds: 5, schedule: [{ label: 'day 1', rounds: 5 }], onVeto: 'end', seed: 7 });
 */
export function initialState(settings: SaopSettings): SessionState {
  const { parties, rounds, schedule, onVeto, seed } = settings;
  if (!Array.isArray(parties) || parties.length < 2) {
    badSettings(
      'parties',
      `SAOP needs at least two parties, got ${parties?.length ?? 0}`,
      'two or more party ids',
    );
  }
  if (new Set(parties).size !== parties.length)
    badSettings('parties', 'a party appears twice in the turn order', 'distinct ids');
  if (!Number.isInteger(rounds) || rounds < 1)
    badSettings('rounds', `${rounds} is not a deadline`, 'a whole number of rounds >= 1');
  const timeLimitMs = settings.timeLimitMs ?? null;
  if (timeLimitMs !== null && !(timeLimitMs > 0 && Number.isFinite(timeLimitMs))) {
    badSettings(
      'timeLimitMs',
      `${timeLimitMs} is not a time limit`,
      'a positive number of milliseconds, or null',
    );
  }
  if (!Number.isFinite(seed)) badSettings('seed', `${seed} is not a seed`, 'a finite number');
  if (onVeto !== 'end' && onVeto !== 'reopen')
    badSettings('onVeto', `'${onVeto}' is not a veto rule`, "'end' or 'reopen'");
  const principals = (settings.principals ?? []).map((id) => {
    const i = parties.indexOf(id);
    if (i < 0) badSettings('principals', `'${id}' is not a party`, `one of ${parties.join(', ')}`);
    return i;
  });
  const sittings: { label: string; firstRound: number }[] = [];
  let first = 0;
  for (const s of schedule) {
    if (!Number.isInteger(s.rounds) || s.rounds < 0) {
      badSettings('schedule', `sitting '${s.label}' has ${s.rounds} rounds`, 'a whole number >= 0');
    }
    sittings.push({ label: s.label, firstRound: first });
    first += s.rounds;
  }
  return {
    version: 1,
    protocol: 'saop',
    seed,
    parties: [...parties],
    rounds,
    timeLimitMs,
    sittings,
    onVeto,
    principals: [...new Set(principals)].sort((a, b) => a - b),
    step: 0,
    elapsedMs: 0,
    turn: 0,
    table: null,
    pendingRatification: [],
    status: 'running',
    agreement: null,
    vetoes: 0,
    events: [],
    error: null,
  };
}

/** Normalised time for a step count and elapsed milliseconds: the larger fraction, capped at 1. */
function timeAt(state: SessionState, step: number, elapsedMs: number): number {
  const byRounds = step / (state.rounds * state.parties.length);
  const byClock = state.timeLimitMs === null ? 0 : elapsedMs / state.timeLimitMs;
  return Math.min(1, Math.max(byRounds, byClock));
}

/** Normalised time of the session now, in [0, 1]. */
export function currentTime(state: SessionState): number {
  return timeAt(state, state.step, state.elapsedMs);
}

/** Index of the party that must act now, or null when nobody may act (ratifying or finished). */
export function whoseTurn(state: SessionState): number | null {
  return state.status === 'running' ? state.turn : null;
}

/** Whether the session has ended (agreement, veto, deadline, walk-away or error). */
export function isFinished(state: SessionState): boolean {
  return state.status !== 'running' && state.status !== 'ratifying';
}

/** The sitting that holds `round` (the last one starting at or before it), or -1. */
function sittingAt(state: SessionState, round: number): number {
  let k = -1;
  for (let i = 0; i < state.sittings.length; i++) {
    if ((state.sittings[i] as { firstRound: number }).firstRound <= round) k = i;
  }
  return k;
}

function clock(
  state: SessionState,
  step: number,
  elapsedMs: number,
): { step: number; round: number; t: number } {
  return { step, round: Math.floor(step / state.parties.length), t: timeAt(state, step, elapsedMs) };
}

function checkElapsed(ms: number | undefined): number {
  if (ms === undefined) return 0;
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) badState(`elapsedMs ${ms} is not a duration`);
  return ms;
}

function checkParty(state: SessionState, party: number): void {
  if (!Number.isInteger(party) || party < 0 || party >= state.parties.length) {
    badState(`party ${party} is not an index of the ${state.parties.length} parties`);
  }
}

/** A deadline is due when every round has been played or the time limit is spent. */
function deadlineDue(state: SessionState, step: number, elapsedMs: number): boolean {
  return (
    step >= state.rounds * state.parties.length ||
    (state.timeLimitMs !== null && elapsedMs >= state.timeLimitMs)
  );
}

/**
 * Applies one action and returns the new state (the input is never modified).
 * Throws `BAD_STATE` for an action the current state does not allow.
 *
 * @example
 * const next = step(state, { type: 'act', party: whoseTurn(state) ?? 0, action: { type: 'end' } });
 */
export function step(state: SessionState, action: ProtocolAction): SessionState {
  if (isFinished(state))
    badState(`the session has ended (${state.status}); '${action?.type}' is not allowed`);
  switch (action?.type) {
    case 'act':
      return act(state, action);
    case 'ratify':
      return ratify(state, action);
    case 'fail':
      return fail(state, action);
    case 'tick':
      return tick(state, action);
    default:
      return badState(`unknown protocol action '${(action as { type?: unknown })?.type}'`);
  }
}

function act(state: SessionState, action: Extract<ProtocolAction, { type: 'act' }>): SessionState {
  if (state.status !== 'running') badState(`party ${action.party} acted while principals are ratifying`);
  checkParty(state, action.party);
  if (action.party !== state.turn) badState(`it is party ${state.turn}'s turn, not party ${action.party}'s`);
  const move = action.action;
  const n = state.parties.length;
  const me = state.turn;
  // Validate the move before anything else, so that a bad call never slips through as "too late".
  let table = state.table;
  switch (move?.type) {
    case 'offer': {
      const o = move.outcome;
      if (!Array.isArray(o) || o.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
        badState(`party ${me} offered something that is not an outcome`);
      }
      table = { outcome: [...o], by: me, acceptedBy: [me] };
      break;
    }
    case 'accept':
      if (table === null) badState(`party ${me} accepted with no offer on the table`);
      if (table.acceptedBy.includes(me)) badState(`party ${me} already stands behind the offer on the table`);
      table = { outcome: table.outcome, by: table.by, acceptedBy: [...table.acceptedBy, me] };
      break;
    case 'end':
      break;
    default:
      badState(`unknown negotiator action '${(move as { type?: unknown })?.type}'`);
  }

  const elapsedMs = state.elapsedMs + checkElapsed(action.elapsedMs);
  const events: SessionEvent[] = [...state.events];
  // An action that lands after the time limit is discarded: the limit struck while it was being made.
  if (state.timeLimitMs !== null && elapsedMs > state.timeLimitMs) {
    events.push({ type: 'deadline', ...clock(state, state.step, elapsedMs) });
    return { ...state, elapsedMs, status: 'deadline', events };
  }

  const at = clock(state, state.step, elapsedMs);
  const nextStep = state.step + 1;
  const after = clock(state, nextStep, elapsedMs);
  let status: SessionState['status'] = 'running';
  let pendingRatification: readonly number[] = [];
  let agreement: number[] | null = null;

  if (move.type === 'offer') {
    events.push({ type: 'offer', ...at, party: me, outcome: [...(table as { outcome: number[] }).outcome] });
  } else if (move.type === 'accept') {
    const t = table as NonNullable<SessionState['table']>;
    events.push({ type: 'accept', ...at, party: me, outcome: [...t.outcome] });
    if (t.acceptedBy.length === n) {
      events.push({ type: 'delegations-agree', ...after, outcome: [...t.outcome] });
      if (state.principals.length === 0) {
        status = 'agreement';
        agreement = [...t.outcome];
      } else {
        status = 'ratifying';
        pendingRatification = [...state.principals];
      }
    }
  } else {
    events.push({ type: 'end', ...at, party: me });
    status = 'walked-away';
  }

  if (status === 'running' && deadlineDue(state, nextStep, elapsedMs)) {
    events.push({ type: 'deadline', ...after });
    status = 'deadline';
  }
  if (status === 'running' || status === 'ratifying') {
    const before = sittingAt(state, at.round);
    const now = sittingAt(state, after.round);
    if (before >= 0 && now > before) {
      const label = (k: number) => (state.sittings[k] as { label: string }).label;
      events.push({ type: 'break', ...after, after: label(before), next: label(now) });
    }
  }
  return {
    ...state,
    step: nextStep,
    elapsedMs,
    turn: (me + 1) % n,
    table,
    pendingRatification,
    status,
    agreement,
    events,
  };
}

function ratify(state: SessionState, action: Extract<ProtocolAction, { type: 'ratify' }>): SessionState {
  if (state.status !== 'ratifying')
    badState(`party ${action.party} ratified while the talks are ${state.status}`);
  checkParty(state, action.party);
  if (!state.pendingRatification.includes(action.party)) {
    badState(`party ${action.party} has no ratification pending`);
  }
  if (typeof action.approve !== 'boolean') badState('a ratification must approve (true) or veto (false)');
  const at = clock(state, state.step, state.elapsedMs);
  const events: SessionEvent[] = [
    ...state.events,
    { type: 'ratify', ...at, party: action.party, approve: action.approve },
  ];
  const table = state.table as NonNullable<SessionState['table']>;
  if (action.approve) {
    const pendingRatification = state.pendingRatification.filter((p) => p !== action.party);
    if (pendingRatification.length > 0) return { ...state, pendingRatification, events };
    return { ...state, pendingRatification, status: 'agreement', agreement: [...table.outcome], events };
  }
  const vetoes = state.vetoes + 1;
  if (state.onVeto === 'end') return { ...state, pendingRatification: [], status: 'vetoed', vetoes, events };
  // Reopen: the package is off the table and the rotation simply continues, so the turn stays with
  // the party after the last acceptor (in SAOP that is the proposer of the vetoed package).
  if (deadlineDue(state, state.step, state.elapsedMs)) {
    events.push({ type: 'deadline', ...at });
    return { ...state, table: null, pendingRatification: [], status: 'deadline', vetoes, events };
  }
  return { ...state, table: null, pendingRatification: [], status: 'running', vetoes, events };
}

function fail(state: SessionState, action: Extract<ProtocolAction, { type: 'fail' }>): SessionState {
  checkParty(state, action.party);
  if (!ERROR_CODES.includes(action.code)) badState(`unknown session error code '${action.code}'`);
  const error = { party: action.party, code: action.code, message: String(action.message) };
  const events: SessionEvent[] = [
    ...state.events,
    { type: 'error', ...clock(state, state.step, state.elapsedMs), ...error },
  ];
  return { ...state, pendingRatification: [], status: 'error', error, events };
}

function tick(state: SessionState, action: Extract<ProtocolAction, { type: 'tick' }>): SessionState {
  const elapsedMs = state.elapsedMs + checkElapsed(action.elapsedMs);
  // Delegations that agreed in time keep their agreement while principals deliberate.
  if (state.status === 'running' && state.timeLimitMs !== null && elapsedMs >= state.timeLimitMs) {
    const events: SessionEvent[] = [
      ...state.events,
      { type: 'deadline', ...clock(state, state.step, elapsedMs) },
    ];
    return { ...state, elapsedMs, status: 'deadline', events };
  }
  return { ...state, elapsedMs };
}
