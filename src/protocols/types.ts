/**
 * The contract between protocols, negotiators, the runner and everything that reads a session:
 * actions, events, the serialisable session state of each protocol (stacked alternating offers,
 * and the mediated single text) and the result. A session state is plain JSON:
 * `JSON.parse(JSON.stringify(state))` resumes exactly where it stopped.
 */
import type { Outcome } from '../model/outcome-space.ts';
import type { MediatorSettings } from '../model/scenario.ts';

/** What a negotiator may do on its turn. */
export type NegotiatorAction =
  /** Propose an outcome (on a reply turn: reject the offer on the table and counter with this). */
  | { readonly type: 'offer'; readonly outcome: Outcome }
  /** Accept the offer on the table (only on a reply turn). */
  | { readonly type: 'accept' }
  /** Walk away: the talks end with no agreement. */
  | { readonly type: 'end' };

/**
 * How a party answers the chair's text at a mediated table: accept it, reject it, or walk away
 * (the talks end with no agreement).
 */
export type NegotiatorVote =
  | { readonly type: 'accept' }
  | { readonly type: 'reject' }
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
  /** A vote on the chair's text (mediated protocol only). */
  | {
      readonly type: 'vote';
      readonly party: number;
      readonly vote: NegotiatorVote;
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

/**
 * One line of the transcript. `step` counts negotiator actions (offers, acceptances, votes);
 * `round` = floor(step / parties). Every event is public: each negotiator sees the transcript.
 */
export type SessionEvent =
  /** The chair tables a text (mediated protocol); the parties then vote on it in turn order. */
  | {
      readonly type: 'propose';
      readonly step: number;
      readonly round: number;
      readonly t: number;
      readonly outcome: number[];
    }
  /**
   * Every party has voted on the chair's text: the votes in turn order (true = accept), published
   * together once the last vote is in (ballots are secret until then), and whether the text was
   * adopted (accepted by every party), which makes it the standing text.
   */
  | {
      readonly type: 'tally';
      readonly step: number;
      readonly round: number;
      readonly t: number;
      readonly outcome: number[];
      readonly votes: boolean[];
      readonly adopted: boolean;
    }
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

/** What every protocol's session state holds. */
interface SessionStateBase {
  readonly version: 1;
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
  /** Index (in `parties`) of who acts (SAOP) or votes (mediated) next while the talks run. */
  readonly turn: number;
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

/** The serialisable state of a stacked alternating offers session. */
export interface SaopState extends SessionStateBase {
  readonly protocol: 'saop';
  /** The offer on the table, who made it, and who has accepted it since. */
  readonly table: {
    readonly outcome: number[];
    readonly by: number;
    readonly acceptedBy: readonly number[];
  } | null;
}

/**
 * The shape of one issue as the chair of a mediated session sees it: how many values a discrete
 * issue has, or the range of a numeric one. Labels are not the chair's business.
 */
export type IssueShape =
  | { readonly kind: 'discrete'; readonly size: number }
  | { readonly kind: 'integer' | 'real'; readonly min: number; readonly max: number };

/**
 * What the chair remembers between texts: public facts only (its own texts and the votes on
 * them), never a party's utilities. See src/protocols/mediators.ts.
 */
export interface ChairMemory {
  /** The chair's working draft, which it varies, and how many parties accepted it. */
  readonly base: { readonly outcome: number[]; readonly accepts: number } | null;
  /** Texts in a row that failed to win every vote since a text last stood (for `patience`). */
  readonly failures: number;
  /**
   * The frontier chair's vote tallies: per party (turn order), per issue and value bin, the pair
   * (votes in favour, votes); null for the other chairs.
   */
  readonly tallies: readonly (readonly number[])[] | null;
}

/** The serialisable state of a mediated single-text session. */
export interface MediatedState extends SessionStateBase {
  readonly protocol: 'mediated';
  readonly mediator: MediatorSettings;
  /** The issues as the chair sees them (it writes texts over these). */
  readonly issues: readonly IssueShape[];
  /** The chair's text under vote now; null while principals ratify and once the talks are over. */
  readonly text: number[] | null;
  /** Votes cast on `text` so far, in turn order (secret until the tally). */
  readonly ballot: readonly boolean[];
  /** The last text every party accepted (the standing text), and the round it was adopted in. */
  readonly standing: { readonly outcome: number[]; readonly round: number } | null;
  readonly chair: ChairMemory;
}

/** The serialisable state of one session, whichever its protocol (`state.protocol` says which). */
export type SessionState = SaopState | MediatedState;

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

/**
 * A session state that a protocol's in-place core may change: the same fields (and the same JSON),
 * with the scalars writable and the transcript an array that grows in place. Nested objects are
 * never changed in place, only replaced, so a shallow copy plus a copy of `events` is a private
 * draft of any state.
 */
export type DraftOf<S extends SessionState> = {
  -readonly [K in keyof S]: K extends 'events' ? SessionEvent[] : S[K];
};
