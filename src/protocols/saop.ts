/**
 * The stacked alternating offers protocol (SAOP) for two or more parties, as a pure state machine:
 * `step(state, action)` returns a new `SaopState` and never touches its input, so a session can
 * be stepped one action at a time, serialised with `JSON.stringify` and resumed anywhere. The rules
 * themselves live in `stepInPlace`, which applies an action to a private writable copy (`draftOf`)
 * and appends to its transcript; `step` is that copy plus `stepInPlace`, and the session runner
 * keeps one draft for a whole run, so that an action costs O(1) there instead of a copy of the
 * transcript, under exactly the same rules. The parties act in a fixed rotation; the first opens
 * with an offer; each later party accepts the offer on the table, counters it (its offer replaces
 * the table and only the proposer stands behind it) or walks away. When everyone but the proposer
 * has accepted, the delegations agree; parties answering to a principal then ratify or veto. Time
 * is `step / (rounds × parties)`, or the share of the time limit spent when that is larger.
 * Negotiator mistakes are not this module's business: the runner turns them into a `fail` action,
 * and the session ends in state `error`. An action that the current state does not allow is the
 * caller's bug and throws `BAD_STATE`.
 *
 * @example
 * let s = initialState({ parties: ['us', 'cn'], rounds: 10, schedule: [], onVeto: 'end', seed: 1 });
 * s = step(s, { type: 'act', party: 0, action: { type: 'offer', outcome: [0, 2] } });
 * s = step(s, { type: 'act', party: 1, action: { type: 'accept' } });
 * s.status; // 'agreement'
 */
import {
  allFinite,
  badState,
  breakBetween,
  checkElapsed,
  checkParty,
  copyOutcome,
  deadlineDue,
  draftCopy,
  fail,
  hasEnded,
  refuseAfterEnd,
  roundOf,
  type SessionSettings,
  startFields,
  stepCopy,
  timeAt,
} from './rules.ts';
import type { DraftOf, ProtocolAction, SaopState } from './types.ts';

/** What `initialState` needs: the protocol part of a scenario plus the seed. */
export type SaopSettings = SessionSettings;

/**
 * The state before anyone has acted.
 *
 * @example
 * initialState({ parties: ['a', 'b'], rounds: 5, schedule: [{ label: 'day 1', rounds: 5 }], onVeto: 'end', seed: 7 });
 */
export function initialState(settings: SaopSettings): SaopState {
  const start = startFields(settings, 'SAOP');
  return {
    version: 1,
    protocol: 'saop',
    seed: start.seed,
    parties: start.parties,
    rounds: start.rounds,
    timeLimitMs: start.timeLimitMs,
    sittings: start.sittings,
    onVeto: start.onVeto,
    principals: start.principals,
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

/** Normalised time of the session now, in [0, 1]. */
export function currentTime(state: SaopState): number {
  return timeAt(state, state.step, state.elapsedMs);
}

/** Index of the party that must act now, or null when nobody may act (ratifying or finished). */
export function whoseTurn(state: SaopState): number | null {
  return state.status === 'running' ? state.turn : null;
}

/** Whether the session has ended (agreement, veto, deadline, walk-away or error). */
export function isFinished(state: SaopState): boolean {
  return hasEnded(state);
}

/**
 * A SAOP state that the in-place core may change (see `DraftOf`): nested objects (`table`,
 * `pendingRatification`, `agreement`, `error`, and the outcome arrays, which the table and its
 * offer event share) are never changed in place, only replaced.
 */
export type SessionDraft = DraftOf<SaopState>;

/**
 * A private, writable copy of `state` for `stepInPlace`: O(events) once, after which each action
 * costs O(1) instead of a copy of the whole transcript.
 *
 * @example
 * const draft = draftOf(state);
 * stepInPlace(draft, { type: 'act', party: draft.turn, action: { type: 'end' } });
 */
export function draftOf(state: SaopState): SessionDraft {
  return draftCopy(state);
}

/**
 * Applies one action and returns the new state (the input is never modified): a copy of the
 * state, then `stepInPlace` on the copy, so both share one implementation of the rules.
 * Throws `BAD_STATE` for an action the current state does not allow.
 *
 * @example
 * const next = step(state, { type: 'act', party: whoseTurn(state) ?? 0, action: { type: 'end' } });
 */
export function step(state: SaopState, action: ProtocolAction): SaopState {
  return stepCopy(state, action, stepInPlace);
}

/**
 * Applies one action to a draft in place (the rules of SAOP, used by `step` and by the runner):
 * new events are appended to `draft.events`, and nothing else that the draft shares with an
 * earlier state is modified. Throws `BAD_STATE` for an action the current state does not allow,
 * before changing anything.
 *
 * @example
 * const draft = draftOf(initialState(settings));
 * stepInPlace(draft, { type: 'act', party: 0, action: { type: 'offer', outcome: [0, 2] } });
 */
export function stepInPlace(draft: SessionDraft, action: ProtocolAction): void {
  refuseAfterEnd(draft, action);
  switch (action?.type) {
    case 'act':
      act(draft, action);
      break;
    case 'ratify':
      ratify(draft, action);
      break;
    case 'fail':
      fail(draft, action);
      break;
    case 'tick':
      tick(draft, action);
      break;
    default:
      badState(`unknown protocol action '${(action as { type?: unknown })?.type}'`);
  }
}

// Event builders: explicit fields in one fixed order, so that every transcript serialises the same.
function act(s: SessionDraft, action: Extract<ProtocolAction, { type: 'act' }>): void {
  if (s.status !== 'running') badState(`party ${action.party} acted while principals are ratifying`);
  checkParty(s, action.party);
  if (action.party !== s.turn) badState(`it is party ${s.turn}'s turn, not party ${action.party}'s`);
  const move = action.action;
  const n = s.parties.length;
  const me = s.turn;
  // Validate the move before anything else, so that a bad call never slips through as "too late".
  let table = s.table;
  switch (move?.type) {
    case 'offer': {
      // Copy, then check the copy: what is checked is what is kept.
      const outcome = Array.isArray(move.outcome) ? copyOutcome(move.outcome) : null;
      if (outcome === null || !allFinite(outcome))
        badState(`party ${me} offered something that is not an outcome`);
      table = { outcome, by: me, acceptedBy: [me] };
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

  const elapsedMs = s.elapsedMs + checkElapsed(action.elapsedMs);
  const events = s.events;
  const step = s.step;
  // An action that lands after the time limit is discarded: the limit struck while it was being made.
  if (s.timeLimitMs !== null && elapsedMs > s.timeLimitMs) {
    events.push({ type: 'deadline', step, round: roundOf(s, step), t: timeAt(s, step, elapsedMs) });
    s.elapsedMs = elapsedMs;
    s.status = 'deadline';
    return;
  }

  const round = roundOf(s, step);
  const t = timeAt(s, step, elapsedMs);
  const nextStep = step + 1;
  const nextRound = roundOf(s, nextStep);
  let status: SaopState['status'] = 'running';
  let pendingRatification: readonly number[] = [];
  let agreement: number[] | null = null;

  if (move.type === 'offer') {
    // The event and the table share the (already copied) outcome: neither is ever changed in place.
    const outcome = (table as { outcome: number[] }).outcome;
    events.push({ type: 'offer', step, round, t, party: me, outcome });
  } else if (move.type === 'accept') {
    const tb = table as NonNullable<SaopState['table']>;
    events.push({ type: 'accept', step, round, t, party: me, outcome: copyOutcome(tb.outcome) });
    if (tb.acceptedBy.length === n) {
      // The agreement dates from the acceptance that completed it: its time is the accept's
      // (a discounted utility is u·d^t at that time, as in GENIUS).
      events.push({
        type: 'delegations-agree',
        step: nextStep,
        round: nextRound,
        t,
        outcome: copyOutcome(tb.outcome),
      });
      if (s.principals.length === 0) {
        status = 'agreement';
        agreement = copyOutcome(tb.outcome);
      } else {
        status = 'ratifying';
        pendingRatification = [...s.principals];
      }
    }
  } else {
    events.push({ type: 'end', step, round, t, party: me });
    status = 'walked-away';
  }

  if (status === 'running' && deadlineDue(s, nextStep, elapsedMs)) {
    events.push({ type: 'deadline', step: nextStep, round: nextRound, t: timeAt(s, nextStep, elapsedMs) });
    status = 'deadline';
  }
  if (status === 'running' || status === 'ratifying') {
    const pause = breakBetween(s, round, nextRound, nextStep, elapsedMs);
    if (pause) events.push(pause);
  }
  s.step = nextStep;
  s.elapsedMs = elapsedMs;
  s.turn = (me + 1) % n;
  s.table = table;
  // Keep the array that is already there when both are empty: no allocation on an ordinary turn.
  if (pendingRatification.length > 0 || s.pendingRatification.length > 0)
    s.pendingRatification = pendingRatification;
  s.status = status;
  s.agreement = agreement;
}

function ratify(s: SessionDraft, action: Extract<ProtocolAction, { type: 'ratify' }>): void {
  if (s.status !== 'ratifying') badState(`party ${action.party} ratified while the talks are ${s.status}`);
  checkParty(s, action.party);
  if (!s.pendingRatification.includes(action.party)) {
    badState(`party ${action.party} has no ratification pending`);
  }
  if (typeof action.approve !== 'boolean') badState('a ratification must approve (true) or veto (false)');
  const step = s.step;
  const round = roundOf(s, step);
  const t = timeAt(s, step, s.elapsedMs);
  s.events.push({ type: 'ratify', step, round, t, party: action.party, approve: action.approve });
  const table = s.table as NonNullable<SaopState['table']>;
  if (action.approve) {
    s.pendingRatification = s.pendingRatification.filter((p) => p !== action.party);
    if (s.pendingRatification.length === 0) {
      s.status = 'agreement';
      s.agreement = copyOutcome(table.outcome);
    }
    return;
  }
  s.vetoes += 1;
  s.pendingRatification = [];
  if (s.onVeto === 'end') {
    s.status = 'vetoed';
    return;
  }
  // Reopen: the package is off the table and the rotation simply continues, so the turn stays with
  // the party after the last acceptor (in SAOP that is the proposer of the vetoed package).
  s.table = null;
  if (deadlineDue(s, step, s.elapsedMs)) {
    s.events.push({ type: 'deadline', step, round, t });
    s.status = 'deadline';
    return;
  }
  s.status = 'running';
}

function tick(s: SessionDraft, action: Extract<ProtocolAction, { type: 'tick' }>): void {
  const elapsedMs = s.elapsedMs + checkElapsed(action.elapsedMs);
  s.elapsedMs = elapsedMs;
  // Delegations that agreed in time keep their agreement while principals deliberate.
  if (s.status === 'running' && s.timeLimitMs !== null && elapsedMs >= s.timeLimitMs) {
    const step = s.step;
    s.events.push({ type: 'deadline', step, round: roundOf(s, step), t: timeAt(s, step, elapsedMs) });
    s.status = 'deadline';
  }
}
