/**
 * The rules every protocol shares, written once: what a session's settings must be (parties,
 * deadline, time limit, sittings, veto rule, principals), the normalised time, the deadline test,
 * the sitting a round falls in, and how a negotiator's failure ends a session (`fail`). SAOP
 * (saop.ts) and the mediated single text (mediated.ts) build their own moves on top of these, so
 * a deadline, a time limit or an error means the same at every table.
 */
import { LancasterError } from '../errors.ts';
import type { DraftOf, ProtocolAction, SessionErrorCode, SessionEvent, SessionState } from './types.ts';

/** What every protocol's `initialState` needs: the protocol part of a scenario plus the seed. */
export interface SessionSettings {
  /** Party ids in turn order; the first opens (SAOP) or votes first (mediated). */
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

/** The fields every fresh session state starts with, in the order states serialise them. */
export interface StartFields {
  readonly version: 1;
  readonly seed: number;
  readonly parties: string[];
  readonly rounds: number;
  readonly timeLimitMs: number | null;
  readonly sittings: { label: string; firstRound: number }[];
  readonly onVeto: 'end' | 'reopen';
  readonly principals: number[];
}

const ERROR_CODES: readonly SessionErrorCode[] = ['NEGOTIATOR_THREW', 'INVALID_ACTION', 'ACTION_TIMEOUT'];

/** An action the state does not allow: the caller's bug. */
export function badState(message: string): never {
  throw new LancasterError({ code: 'BAD_STATE', message });
}

/** Settings that cannot start a session. */
export function badSettings(path: string, message: string, expected: string): never {
  throw new LancasterError({ code: 'BAD_OPTION', path, message, expected });
}

/**
 * Checks the settings every protocol shares and returns them as state fields. `name` is the
 * protocol's name in messages.
 *
 * @example
 * startFields({ parties: ['a', 'b'], rounds: 5, schedule: [], onVeto: 'end', seed: 7 }, 'SAOP');
 */
export function startFields(settings: SessionSettings, name: string): StartFields {
  const { parties, rounds, schedule, onVeto, seed } = settings;
  if (!Array.isArray(parties) || parties.length < 2) {
    badSettings(
      'parties',
      `${name} needs at least two parties, got ${parties?.length ?? 0}`,
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
    seed,
    parties: [...parties],
    rounds,
    timeLimitMs,
    sittings,
    onVeto,
    principals: [...new Set(principals)].sort((a, b) => a - b),
  };
}

/** Throws `BAD_STATE` when the session has ended: nothing is taken after the end. */
export function refuseAfterEnd(state: SessionState, action: ProtocolAction): void {
  if (hasEnded(state)) badState(`the session has ended (${state.status}); '${action?.type}' is not allowed`);
}

/**
 * A private, writable copy of a state for a protocol's in-place core: O(events) once, after which
 * each action costs O(1) instead of a copy of the whole transcript.
 */
export function draftCopy<S extends SessionState>(state: S): DraftOf<S> {
  return { ...state, events: state.events.slice() } as DraftOf<S>;
}

/**
 * A protocol's pure `step`: a copy of the state, then its in-place rules on the copy, so both paths
 * share one implementation of the rules (the input is never modified).
 */
export function stepCopy<S extends SessionState>(
  state: S,
  action: ProtocolAction,
  inPlace: (draft: DraftOf<S>, action: ProtocolAction) => void,
): S {
  refuseAfterEnd(state, action);
  const draft = draftCopy(state);
  inPlace(draft, action);
  return draft as unknown as S;
}

/** Normalised time for a step count and elapsed milliseconds: the larger fraction, capped at 1. */
export function timeAt(state: SessionState, step: number, elapsedMs: number): number {
  const byRounds = step / (state.rounds * state.parties.length);
  const byClock = state.timeLimitMs === null ? 0 : elapsedMs / state.timeLimitMs;
  return Math.min(1, Math.max(byRounds, byClock));
}

/** The round a step falls in. */
export function roundOf(state: SessionState, step: number): number {
  return Math.floor(step / state.parties.length);
}

/** Whether the session has ended (agreement, veto, deadline, walk-away or error). */
export function hasEnded(state: SessionState): boolean {
  return state.status !== 'running' && state.status !== 'ratifying';
}

/** The sitting that holds `round` (the last one starting at or before it), or -1. */
export function sittingAt(state: SessionState, round: number): number {
  let k = -1;
  for (let i = 0; i < state.sittings.length; i++) {
    if ((state.sittings[i] as { firstRound: number }).firstRound <= round) k = i;
  }
  return k;
}

/**
 * The `break` event (at `step`, when `elapsedMs` have passed) between the sittings of `round` and
 * `nextRound`, or null when both fall in the same sitting.
 */
export function breakBetween(
  state: SessionState,
  round: number,
  nextRound: number,
  step: number,
  elapsedMs: number,
): SessionEvent | null {
  if (state.sittings.length === 0 || nextRound === round) return null;
  const before = sittingAt(state, round);
  const now = sittingAt(state, nextRound);
  if (before < 0 || now <= before) return null;
  const label = (k: number) => (state.sittings[k] as { label: string }).label;
  return {
    type: 'break',
    step,
    round: nextRound,
    t: timeAt(state, step, elapsedMs),
    after: label(before),
    next: label(now),
  };
}

/** A checked duration in milliseconds (0 when absent). */
export function checkElapsed(ms: number | undefined): number {
  if (ms === undefined) return 0;
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) badState(`elapsedMs ${ms} is not a duration`);
  return ms;
}

/** Throws `BAD_STATE` unless `party` indexes a party of the session. */
export function checkParty(state: SessionState, party: number): void {
  if (!Number.isInteger(party) || party < 0 || party >= state.parties.length) {
    badState(`party ${party} is not an index of the ${state.parties.length} parties`);
  }
}

/** A deadline is due when every round has been played or the time limit is spent. */
export function deadlineDue(state: SessionState, step: number, elapsedMs: number): boolean {
  return (
    step >= state.rounds * state.parties.length ||
    (state.timeLimitMs !== null && elapsedMs >= state.timeLimitMs)
  );
}

/** A copy of an outcome (the state never shares an array with the caller). */
export function copyOutcome(o: readonly number[]): number[] {
  const n = o.length;
  const c = new Array<number>(n);
  for (let i = 0; i < n; i++) c[i] = o[i] as number;
  return c;
}

/** Whether every entry is a finite number (a hole or anything else is not). */
export function allFinite(o: readonly unknown[]): boolean {
  for (let i = 0; i < o.length; i++) {
    const v = o[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) return false;
  }
  return true;
}

/**
 * A negotiator failed (threw, made an invalid move, ran out of time): the session ends in state
 * `error`, charged to that party, whatever was under way.
 */
export function fail(s: DraftOf<SessionState>, action: Extract<ProtocolAction, { type: 'fail' }>): void {
  checkParty(s, action.party);
  if (!ERROR_CODES.includes(action.code)) badState(`unknown session error code '${action.code}'`);
  const error = { party: action.party, code: action.code, message: String(action.message) };
  const step = s.step;
  s.events.push({
    type: 'error',
    step,
    round: roundOf(s, step),
    t: timeAt(s, step, s.elapsedMs),
    party: error.party,
    code: error.code,
    message: error.message,
  });
  s.pendingRatification = [];
  s.status = 'error';
  s.error = error;
}
