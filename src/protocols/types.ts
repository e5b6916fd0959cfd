/**
 * The contract between protocols, negotiators, the runner and everything that reads a session:
 * actions, events, the serialisable session state and the result. A session state is plain JSON:
 * `JSON.parse(JSON.stringify(state))` resumes exactly where it stopped.
 */
import type { Outcome } from '../model/outcome-space.ts';

/** What a negotiator may do on its turn. */
export type NegotiatorAction =
  /** Propose an outcome (on a reply turn: reject the offer on the table and counter with this). */
  | { readonly type: 'offer'; readonly outcome: Outcome }
  /** Accept the offer on the table (only on a reply turn). */
  | { readonly type: 'accept' }
  /** Walk away: the talks end with no agreement. */
  | { readonly type: 'end' };

/** Why a session ended with an error. */
export type SessionErrorCode = 'NEGOTIATOR_THREW' | 'INVALID_ACTION' | 'ACTION_TIMEOUT';

/** Everything that can be fed to the state machine. */
export type ProtocolAction =
  | {
      readonly type: 'act';
      readonly party: number;
      readonly action: NegotiatorAction;
      readonly elapsedMs?: number;
    }
  | { readonly type: 'ratify'; readonly party: number; readonly approve: boolean; readonly utility?: number }
  | {
      readonly type: 'fail';
      readonly party: number;
      readonly code: SessionErrorCode;
      readonly message: string;
    }
  /** Advance the clock (time-limited sessions): ends the session when the time is up. */
  | { readonly type: 'tick'; readonly elapsedMs: number };

/** One line of the transcript. `step` counts negotiator actions; `round` = floor(step / parties). */
export type SessionEvent =
  | {
      readonly type: 'offer';
      readonly step: number;
      readonly round: number;
      readonly t: number;
      readonly party: number;
      readonly outcome: number[];
    }
  | {
      readonly type: 'accept';
      readonly step: number;
      readonly round: number;
      readonly t: number;
      readonly party: number;
      readonly outcome: number[];
    }
  | {
      readonly type: 'end';
      readonly step: number;
      readonly round: number;
      readonly t: number;
      readonly party: number;
    }
  | {
      readonly type: 'break';
      readonly step: number;
      readonly round: number;
      readonly t: number;
      readonly after: string;
      readonly next: string;
    }
  | {
      readonly type: 'delegations-agree';
      readonly step: number;
      readonly round: number;
      readonly t: number;
      readonly outcome: number[];
    }
  | {
      readonly type: 'ratify';
      readonly step: number;
      readonly round: number;
      readonly t: number;
      readonly party: number;
      readonly approve: boolean;
    }
  | {
      readonly type: 'error';
      readonly step: number;
      readonly round: number;
      readonly t: number;
      readonly party: number;
      readonly code: SessionErrorCode;
      readonly message: string;
    }
  | { readonly type: 'deadline'; readonly step: number; readonly round: number; readonly t: number };

export type SessionStatus =
  | 'running'
  /** Delegations agreed; waiting for principals' ratify actions. */
  | 'ratifying'
  /** Agreed and ratified by every principal. */
  | 'agreement'
  /** A principal vetoed and the scenario says a veto ends the talks. */
  | 'vetoed'
  /** The deadline passed without agreement. */
  | 'deadline'
  /** A party walked away. */
  | 'walked-away'
  /** A negotiator threw, made an invalid move or ran out of time. */
  | 'error';

/** The serialisable state of one session. */
export interface SessionState {
  readonly version: 1;
  readonly protocol: 'saop';
  readonly seed: number;
  /** Party ids in turn order. */
  readonly parties: readonly string[];
  /** Deadline in rounds. */
  readonly rounds: number;
  readonly timeLimitMs: number | null;
  /** Round at which each scheduled sitting starts, with its label. */
  readonly sittings: readonly { readonly label: string; readonly firstRound: number }[];
  readonly onVeto: 'end' | 'reopen';
  /** Indices (in `parties`, ascending) of the parties whose principal must ratify an agreement. */
  readonly principals: readonly number[];
  /** Number of negotiator actions taken so far. */
  readonly step: number;
  /** Wall-clock (or simulated) milliseconds spent so far. */
  readonly elapsedMs: number;
  /** Index (in `parties`) of whose turn it is. */
  readonly turn: number;
  /** The offer on the table, who made it, and who has accepted it since. */
  readonly table: {
    readonly outcome: number[];
    readonly by: number;
    readonly acceptedBy: readonly number[];
  } | null;
  /** Principals still to decide while `status === 'ratifying'`. */
  readonly pendingRatification: readonly number[];
  readonly status: SessionStatus;
  readonly agreement: number[] | null;
  readonly vetoes: number;
  readonly events: readonly SessionEvent[];
  readonly error: {
    readonly party: number;
    readonly code: SessionErrorCode;
    readonly message: string;
  } | null;
}

/** The outcome of a finished session, for reports and analysis. */
export interface SessionResult {
  readonly scenarioId: string;
  readonly seed: number;
  readonly negotiators: Readonly<Record<string, string>>;
  readonly status: Exclude<SessionStatus, 'running' | 'ratifying'>;
  readonly agreement: number[] | null;
  /** Each party's undiscounted utility of the agreement (its reservation value when there is none). */
  readonly utilities: Readonly<Record<string, number>>;
  /** The same, discounted at the time of agreement. */
  readonly discountedUtilities: Readonly<Record<string, number>>;
  readonly rounds: number;
  readonly steps: number;
  /** Normalised time at the end, in [0, 1]. */
  readonly t: number;
  readonly vetoes: number;
  readonly events: readonly SessionEvent[];
  readonly error: SessionState['error'];
}
