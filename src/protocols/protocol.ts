/**
 * One interface over every protocol, so that the runner, the server and the conformance suite
 * drive a session without knowing its rules: `protocolOf(state)` gives the protocol of a state,
 * and `nextMove(state)` says what the session waits for (a party's move at an SAOP table, a party's
 * vote on the chair's text, a principal's ratification), or null once it has ended. The functions
 * below (`step`, `stepInPlace`, `draftOf`, `isFinished`, `currentTime`) dispatch on
 * `state.protocol`; each protocol's own module (saop.ts, mediated.ts) holds its rules.
 *
 * @example
 * let state: SessionState = saop.initialState(settings);
 * for (let move = nextMove(state); move; move = nextMove(state)) state = step(state, decide(move));
 */
import * as mediated from './mediated.ts';
import { badState } from './rules.ts';
import * as saop from './saop.ts';
import type { DraftOf, MediatedState, ProtocolAction, SaopState, SessionState } from './types.ts';

/** What a session waits for. */
export type Move =
  /** SAOP: the party offers, accepts the offer on the table, or walks away. */
  | { readonly kind: 'act'; readonly party: number }
  /** Mediated: the party votes on the chair's `text`; `standing` is the last text everyone accepted. */
  | {
      readonly kind: 'vote';
      readonly party: number;
      readonly text: readonly number[];
      readonly standing: readonly number[] | null;
    }
  /** The party's principal ratifies or vetoes `outcome`, which the delegations agreed on. */
  | { readonly kind: 'ratify'; readonly party: number; readonly outcome: readonly number[] };

/** The rules of one kind of table, as a pure, serialisable state machine. */
export interface Protocol<S extends SessionState = SessionState> {
  readonly kind: S['protocol'];
  /** Applies one action and returns the new state; throws BAD_STATE for an action not allowed now. */
  step(state: S, action: ProtocolAction): S;
  /** A private writable copy of a state, for `stepInPlace`. */
  draftOf(state: S): DraftOf<S>;
  /** `step`'s rules applied to a draft in place (the runner's fast path). */
  stepInPlace(draft: DraftOf<S>, action: ProtocolAction): void;
  isFinished(state: S): boolean;
  /** Normalised time in [0, 1]. */
  currentTime(state: S): number;
  /** What the session waits for now; null once it has ended. */
  nextMove(state: S): Move | null;
}

/** The ratification pending, if any. */
function ratification(state: SessionState, outcome: readonly number[] | undefined): Move | null {
  const party = state.pendingRatification[0];
  return party === undefined || outcome === undefined ? null : { kind: 'ratify', party, outcome };
}

/** The `act` move of each party, made once: the runner asks for one on every SAOP turn. */
const ACT_MOVES: Move[] = [];
const actMove = (party: number): Move => {
  let move = ACT_MOVES[party];
  if (move === undefined) {
    move = Object.freeze({ kind: 'act', party });
    ACT_MOVES[party] = move;
  }
  return move;
};

/** Stacked alternating offers (saop.ts). */
export const SAOP: Protocol<SaopState> = {
  kind: 'saop',
  step: saop.step,
  draftOf: saop.draftOf,
  stepInPlace: saop.stepInPlace,
  isFinished: saop.isFinished,
  currentTime: saop.currentTime,
  nextMove: (state) => {
    if (state.status === 'running') return actMove(state.turn);
    return state.status === 'ratifying' ? ratification(state, state.table?.outcome) : null;
  },
};

/** The mediated single negotiating text (mediated.ts). */
export const MEDIATED: Protocol<MediatedState> = {
  kind: 'mediated',
  step: mediated.step,
  draftOf: mediated.draftOf,
  stepInPlace: mediated.stepInPlace,
  isFinished: mediated.isFinished,
  currentTime: mediated.currentTime,
  nextMove: (state) => {
    if (state.status === 'running' && state.text !== null)
      return { kind: 'vote', party: state.turn, text: state.text, standing: state.standing?.outcome ?? null };
    return state.status === 'ratifying' ? ratification(state, state.standing?.outcome) : null;
  },
};

/** The protocol whose rules a state follows. Throws BAD_STATE for a state of no known protocol. */
export function protocolOf(state: SessionState): Protocol {
  switch (state?.protocol) {
    case 'saop':
      return SAOP as Protocol;
    case 'mediated':
      return MEDIATED as Protocol;
    default:
      return badState(
        `not a session state of a known protocol (${JSON.stringify((state as { protocol?: unknown })?.protocol)}); expected 'saop' or 'mediated'`,
      );
  }
}

/**
 * Applies one action to a session of any protocol and returns the new state.
 *
 * @example
 * const next = step(state, { type: 'ratify', party: 0, approve: true });
 */
export function step(state: SessionState, action: ProtocolAction): SessionState {
  return protocolOf(state).step(state, action);
}

/** A private writable copy of a state of any protocol. */
export function draftOf(state: SessionState): DraftOf<SessionState> {
  return protocolOf(state).draftOf(state);
}

/** Applies one action to a draft of any protocol, in place. */
export function stepInPlace(draft: DraftOf<SessionState>, action: ProtocolAction): void {
  protocolOf(draft).stepInPlace(draft, action);
}

/** Whether a session of any protocol has ended. */
export function isFinished(state: SessionState): boolean {
  return protocolOf(state).isFinished(state);
}

/** Normalised time of a session of any protocol, in [0, 1]. */
export function currentTime(state: SessionState): number {
  return protocolOf(state).currentTime(state);
}

/** What a session of any protocol waits for now; null once it has ended. */
export function nextMove(state: SessionState): Move | null {
  return protocolOf(state).nextMove(state);
}
