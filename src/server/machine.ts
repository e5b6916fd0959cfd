/**
 * The core of a served session: a "table" (scenario, seats, seed, negotiators rebuilt from their
 * specs), the checks that turn a person's request into a protocol action, and `SoftwareSeats`,
 * which plays the software seats and principals of one session with the runner's own move
 * (`softwareMove` of run/session.ts: the same context, rng substreams, action and vote checks,
 * per-action time budget and ratification). The state is a private draft stepped in place
 * (`stepInPlace`, the rules of `step`), so a turn costs the same at step 1000 as at step 1. Nothing
 * here does I/O: the session manager (sessions.ts) logs every action and replays the log through
 * `replay` after a restart. Because negotiators are pure functions of their setup and context, a
 * table rebuilt from the same (scenario, seats, seed) drives its software seats exactly as before,
 * so replaying the log and carrying on gives the same session as an uninterrupted run, and a
 * session without people ends exactly as `runSession` would end it. Both protocols are served: at
 * an SAOP table a person offers, accepts or walks away; at a mediated table a person votes on the
 * chair's text (accept or reject) or walks away.
 */
import { LancasterError, type ProblemCode } from '../errors.ts';
import type { Issue } from '../model/issues.ts';
import type { Party } from '../model/party.ts';
import type { Scenario } from '../model/scenario.ts';
import type { Negotiator } from '../negotiators/types.ts';
import { draftOf, isFinished, nextMove, stepInPlace } from '../protocols/protocol.ts';
import type {
  DraftOf,
  NegotiatorAction,
  NegotiatorVote,
  ProtocolAction,
  SessionState,
} from '../protocols/types.ts';
import {
  ActionTimer,
  buildNegotiator,
  type Clock,
  DEFAULT_NEGOTIATOR,
  freshState,
  partiesInOrder,
  softwareMove,
  Transcript,
} from '../run/session.ts';
import type { ActionRequest, AnswerPolicy, OutcomeRecord, SeatRequest } from './api.ts';

/** Default seconds a person has for one turn when the scenario does not say. */
export const DEFAULT_HUMAN_TURN_SECONDS = 180;

/** A seat as stored: a person, or a software negotiator with its resolved spec. */
export type Seat =
  | { readonly kind: 'human' }
  | { readonly kind: 'negotiator'; readonly spec: string; readonly answers?: AnswerPolicy };

/** How a software seat answers questions when its request does not say. */
export const DEFAULT_ANSWER_POLICY: AnswerPolicy = 'strategic';

/** Everything needed to drive a session, rebuilt identically from (scenario, seats, seed). */
export interface Table {
  readonly scenario: Scenario;
  /** Parties in turn order. */
  readonly parties: readonly Party[];
  /** Seats in turn order. */
  readonly seats: readonly Seat[];
  /** Software negotiators in turn order (null at a person's seat). */
  readonly negotiators: readonly (Negotiator | null)[];
  readonly seed: number;
  /** Milliseconds a person has for one turn. */
  readonly humanTurnMs: number;
}

/** A user-caused failure of the server API (mapped to an HTTP status by app.ts). */
export function apiError(code: ProblemCode, message: string, path?: string): LancasterError {
  return new LancasterError(path === undefined ? { code, message } : { code, message, path });
}

/**
 * Resolves the requested seats against the scenario: every party needs exactly one seat, and a
 * software seat gets its spec (the request's, else the party's default, else boulware).
 * Throws BAD_SEATS for a missing or unknown party.
 */
export function resolveSeats(scenario: Scenario, requested: Readonly<Record<string, SeatRequest>>): Seat[] {
  const parties = partiesInOrder(scenario);
  const ids = parties.map((p) => p.id);
  for (const id of Object.keys(requested)) {
    if (!ids.includes(id))
      throw apiError(
        'BAD_SEATS',
        `'${id}' is not a party of this scenario; its parties are ${ids.join(', ')}`,
        `seats.${id}`,
      );
  }
  return parties.map((p) => {
    const r = requested[p.id];
    if (!r) {
      throw apiError(
        'BAD_SEATS',
        `party '${p.id}' has no seat; give every party (${ids.join(', ')}) a seat: { "kind": "human" } or { "kind": "negotiator" }`,
        `seats.${p.id}`,
      );
    }
    return r.kind === 'human'
      ? { kind: 'human' }
      : {
          kind: 'negotiator',
          spec: r.spec ?? p.negotiator ?? DEFAULT_NEGOTIATOR,
          answers: r.answers ?? DEFAULT_ANSWER_POLICY,
        };
  });
}

/**
 * Builds the table of a session. A bad negotiator spec throws (UNKNOWN_NEGOTIATOR or
 * BAD_NEGOTIATOR_SPEC); a negotiator that fails while setting itself up becomes a stand-in that
 * throws on its first turn, which ends the session with NEGOTIATOR_THREW (as in the runner).
 */
export function buildTable(scenario: Scenario, seats: readonly Seat[], seed: number): Table {
  const parties = partiesInOrder(scenario);
  if (seats.length !== parties.length)
    throw apiError('BAD_SEATS', `expected ${parties.length} seats, got ${seats.length}`);
  // Software seats are built exactly as the runner builds them (only their own party's preferences).
  const negotiators = parties.map((_, index): Negotiator | null => {
    const seat = seats[index] as Seat;
    return seat.kind === 'human' ? null : buildNegotiator(scenario, parties, index, seat.spec, seed);
  });
  const seconds = scenario.protocol.humanTurnSeconds ?? DEFAULT_HUMAN_TURN_SECONDS;
  return { scenario, parties, seats, negotiators, seed, humanTurnMs: seconds * 1000 };
}

/** The state before anyone has acted. */
export function startState(table: Table): SessionState {
  return freshState(table.scenario, table.parties, table.seed);
}

/**
 * The state after the logged actions, applied in order from the start (the log is the truth; the
 * state is derived), as a private draft that later actions are applied to in place. Throws
 * BAD_STATE if the log does not fit the table.
 */
export function replay(table: Table, actions: readonly ProtocolAction[]): DraftOf<SessionState> {
  const state = draftOf(startState(table));
  for (const a of actions) stepInPlace(state, a);
  return state;
}

/** Whether the seat at `index` is a person's. */
export function isHumanSeat(table: Table, index: number): boolean {
  return table.seats[index]?.kind === 'human';
}

/** Index of the person whose move or vote it is, or null (a negotiator's turn, ratifying, or over). */
export function humanToAct(table: Table, state: SessionState): number | null {
  const move = nextMove(state);
  if (move === null || move.kind === 'ratify') return null;
  return isHumanSeat(table, move.party) ? move.party : null;
}

/** What a seat's offer means in engine values, or an INVALID_OFFER naming what is wrong. */
export function outcomeFromRecord(scenario: Scenario, party: Party, record: OutcomeRecord): number[] {
  const issues = scenario.space.issues;
  for (const key of Object.keys(record)) {
    if (!issues.some((i) => i.id === key)) {
      throw apiError(
        'INVALID_OFFER',
        `'${key}' is not an issue of this scenario; the issues are ${issues.map((i) => i.id).join(', ')}`,
        `outcome.${key}`,
      );
    }
  }
  const outcome = issues.map((issue: Issue) => {
    const raw = record[issue.id];
    const path = `outcome.${issue.id}`;
    if (raw === undefined)
      throw apiError(
        'INVALID_OFFER',
        `the offer leaves out issue '${issue.id}'; an offer sets every issue`,
        path,
      );
    if (issue.kind === 'discrete') {
      const k = issue.values.findIndex((v) => v.id === raw);
      if (k < 0) {
        throw apiError(
          'INVALID_OFFER',
          `${JSON.stringify(raw)} is not a value of '${issue.id}'; use one of ${issue.values.map((v) => v.id).join(', ')}`,
          path,
        );
      }
      return k;
    }
    const ok =
      typeof raw === 'number' &&
      Number.isFinite(raw) &&
      raw >= issue.min &&
      raw <= issue.max &&
      (issue.kind === 'real' || Number.isInteger(raw));
    if (!ok) {
      throw apiError(
        'INVALID_OFFER',
        `${JSON.stringify(raw)} is not a value of '${issue.id}'; use ${issue.kind === 'integer' ? 'a whole number' : 'a number'} from ${issue.min} to ${issue.max}`,
        path,
      );
    }
    return (raw as number) + 0;
  });
  if (!party.utility.acceptable(outcome)) {
    const crossed = party.utility.violatedRedLines(outcome);
    throw apiError(
      'INVALID_OFFER',
      `this offer crosses your own red line ${crossed.map((r) => `'${r.label}'`).join(', ')}; change the issues it names`,
      'outcome',
    );
  }
  return outcome;
}

/**
 * The protocol action for a person's request at seat `index`, or the API error that refuses it:
 * SESSION_OVER, STALE_STEP (when `expectStep` is not the current step), NOT_YOUR_TURN,
 * NOTHING_TO_ACCEPT, INVALID_OFFER. `elapsedMs` is passed on only when the scenario has a time limit.
 */
export function humanAction(
  table: Table,
  state: SessionState,
  index: number,
  req: ActionRequest,
  elapsedMs?: number,
): ProtocolAction {
  if (isFinished(state))
    throw apiError('SESSION_OVER', `the session has ended (${state.status}); no more actions are taken`);
  if (req.expectStep !== undefined && req.expectStep !== state.step) {
    throw apiError(
      'STALE_STEP',
      `the session is at step ${state.step}, not ${req.expectStep}; fetch the view again and decide on what is on the table now`,
      'expectStep',
    );
  }
  if (state.status !== 'running' || state.turn !== index) {
    const who =
      state.status === 'running' ? `'${state.parties[state.turn]}'` : 'nobody (the principals are deciding)';
    throw apiError('NOT_YOUR_TURN', `it is not your turn: ${who} acts now; wait for the next view`);
  }
  const timed = state.timeLimitMs !== null && elapsedMs !== undefined && elapsedMs > 0;
  if (state.protocol === 'mediated') {
    const vote = humanVote(table, state, index, req);
    return timed ? { type: 'vote', party: index, vote, elapsedMs } : { type: 'vote', party: index, vote };
  }
  let action: NegotiatorAction;
  if (req.type === 'offer') {
    action = {
      type: 'offer',
      outcome: outcomeFromRecord(table.scenario, table.parties[index] as Party, req.outcome),
    };
  } else if (req.type === 'accept') {
    if (state.table === null)
      throw apiError('NOTHING_TO_ACCEPT', 'there is no offer on the table to accept; make an offer instead');
    if (state.table.acceptedBy.includes(index))
      throw apiError(
        'NOTHING_TO_ACCEPT',
        'you already stand behind the offer on the table; make an offer or walk away',
      );
    action = { type: 'accept' };
  } else if (req.type === 'reject') {
    throw apiError(
      'BAD_REQUEST',
      'at an alternating-offers table you reject an offer by making a counter-offer ("offer"), or walk away ("end")',
      'type',
    );
  } else {
    action = { type: 'end' };
  }
  return timed ? { type: 'act', party: index, action, elapsedMs } : { type: 'act', party: index, action };
}

/** A person's vote on the chair's text, or the API error that refuses it (mediated tables). */
function humanVote(
  table: Table,
  state: Extract<SessionState, { protocol: 'mediated' }>,
  index: number,
  req: ActionRequest,
): NegotiatorVote {
  if (req.type === 'offer') {
    throw apiError(
      'BAD_REQUEST',
      'at a mediated table the chair writes the text; vote on it with "accept" or "reject", or walk away with "end"',
      'type',
    );
  }
  if (req.type === 'accept') {
    const party = table.parties[index] as Party;
    const text = state.text as number[];
    if (!party.utility.acceptable(text)) {
      const crossed = party.utility.violatedRedLines(text);
      throw apiError(
        'INVALID_OFFER',
        `this text crosses your own red line ${crossed.map((r) => `'${r.label}'`).join(', ')}; you cannot accept it: vote reject`,
        'type',
      );
    }
  }
  return { type: req.type };
}

/**
 * What a lapsed turn does under the `pass` policy: at an alternating-offers table the seat's own
 * last offer is made again (it stands), or nothing when it has made none (null: the turn's clock
 * simply starts again); at a mediated table the seat votes against the text (the standing text
 * stands).
 */
export function passAction(state: SessionState, index: number): ProtocolAction | null {
  if (state.protocol === 'mediated') return { type: 'vote', party: index, vote: { type: 'reject' } };
  for (let k = state.events.length - 1; k >= 0; k--) {
    const e = state.events[k];
    if (e?.type === 'offer' && e.party === index)
      return { type: 'act', party: index, action: { type: 'offer', outcome: e.outcome.slice() } };
  }
  return null;
}

/** The `fail` action recorded when a person's turn runs out. */
export function timeoutAction(table: Table, index: number): ProtocolAction {
  return {
    type: 'fail',
    party: index,
    code: 'ACTION_TIMEOUT',
    message: `no action within the turn's ${table.humanTurnMs / 1000} s`,
  };
}

/** Whether a session of this table ever needs `SoftwareSeats`: a software seat, or a principal to ratify. */
export function hasSoftware(table: Table): boolean {
  return table.negotiators.some((n) => n !== null) || table.parties.some((p) => p.principal !== undefined);
}

/** Announces each negotiator action as it starts and ends (the worker's watchdog listens). */
export interface ActionWatch {
  start(party: number, budgetMs: number): void;
  stop(): void;
}

/**
 * The software seats of one session: a private draft of its state, advanced by the actions the
 * session logs (`apply`) and by the turns it plays itself (`play`), with the transcript and clock
 * the runner shows negotiators. `applied` counts the log actions behind the draft, so the caller
 * can tell whether it is in step with the log.
 *
 * @example
 * const seats = new SoftwareSeats(table, systemClock);
 * seats.apply([personsOffer]);
 * seats.play((action) => log.push(action)); // the software reply, and any ratifications
 */
export class SoftwareSeats {
  readonly table: Table;
  private readonly state: DraftOf<SessionState>;
  private readonly transcript: Transcript;
  private readonly timer: ActionTimer;
  private readonly watch: ActionWatch | undefined;
  /** Number of log actions applied so far. */
  applied = 0;

  constructor(table: Table, clock: Clock, watch?: ActionWatch) {
    this.table = table;
    this.state = draftOf(startState(table));
    this.transcript = new Transcript(this.state.events);
    this.timer = new ActionTimer(clock);
    this.watch = watch;
  }

  /** Applies logged actions (a person's, a timeout) in order. */
  apply(actions: readonly ProtocolAction[]): void {
    for (const a of actions) {
      stepInPlace(this.state, a);
      this.applied++;
    }
  }

  /**
   * Plays software seats and principals' ratifications until a person must act or the session
   * ends, handing each action to `emit` as soon as it is applied (to be logged). The time a turn
   * took is kept in its action only when the scenario has a time limit, the only case it changes
   * anything, so that logs of untimed sessions do not depend on the machine's speed.
   */
  play(emit: (action: ProtocolAction) => void): void {
    const { table, state } = this;
    // Time since the last call was not spent by any negotiator.
    this.timer.reset();
    for (let move = nextMove(state); move !== null; move = nextMove(state)) {
      let action: ProtocolAction;
      if (move.kind === 'ratify') {
        action = softwareMove(table, state, move, this.transcript);
        this.timer.reset();
      } else {
        if (!table.negotiators[move.party]) break;
        this.watch?.start(move.party, table.scenario.protocol.actionBudgetMs);
        try {
          action = softwareMove(table, state, move, this.transcript, this.timer);
        } finally {
          this.watch?.stop();
        }
        if (
          (action.type === 'act' || action.type === 'vote') &&
          state.timeLimitMs === null &&
          action.elapsedMs !== undefined
        ) {
          const { elapsedMs: _, ...untimed } = action;
          action = untimed;
        }
      }
      stepInPlace(state, action);
      this.applied++;
      emit(action);
    }
  }

  /** The driver's state (read-only; for tests). */
  get current(): SessionState {
    return this.state;
  }
}
