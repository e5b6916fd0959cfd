/**
 * The contract between the Lancaster server and its clients (the web app, scripts, the load bench):
 * request bodies as zod schemas (the server validates every body, parameter and query with them,
 * and unknown fields are rejected), and every response and WebSocket message as a TypeScript type.
 * It imports nothing from `node:`, so the browser app can import it as it is. A seat's view holds
 * only public facts and the seat's own party's private data; analysis (frontier, Nash) reaches a
 * seat only in the debrief, after the session has ended. Documented for people in
 * docs/server-api.md.
 *
 * @example
 * const body: CreateSessionRequest = { scenario: 'london-2025', seats: { us: { kind: 'human' }, china: { kind: 'negotiator' } } };
 * const parsed = createSessionRequestSchema.parse(body);
 */
import { z } from 'zod';
import type { Problem } from '../errors.ts';
import { MEDIATOR_KINDS, type MediatorKind } from '../model/scenario.ts';
import type { Evaluator, RegionTerm } from '../model/utility.ts';
import { isExternalSpec } from '../negotiators/external.ts';
import type { SessionStatus } from '../protocols/types.ts';

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/** Every error code the API answers with, and the HTTP status that goes with it. */
export const API_ERROR_STATUS = {
  BAD_REQUEST: 400,
  FORBIDDEN_KEY: 400,
  BAD_TOKEN: 401,
  OBSERVER_ONLY: 403,
  SEAT_ONLY: 403,
  BAD_ORIGIN: 403,
  NOT_FOUND: 404,
  SESSION_NOT_FOUND: 404,
  SCENARIO_NOT_FOUND: 404,
  NOT_YOUR_TURN: 409,
  NOTHING_TO_ACCEPT: 409,
  SESSION_OVER: 409,
  STALE_STEP: 409,
  NOT_OVER: 409,
  SESSION_UNAVAILABLE: 410,
  BODY_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INVALID_OFFER: 422,
  INVALID_SCENARIO: 422,
  SCENARIO_DRAFT: 422,
  STUDIO_TOO_LONG: 422,
  BAD_SEATS: 422,
  BAD_NEGOTIATOR_SPEC: 422,
  UNKNOWN_NEGOTIATOR: 422,
  RATE_LIMITED: 429,
  TOO_MANY_SOCKETS: 429,
  STUDIO_BUSY: 429,
  INTERNAL: 500,
} as const;

/** A stable error code of the API. */
export type ApiErrorCode = keyof typeof API_ERROR_STATUS;

/** The body of every error response, and the `error` of a WebSocket error message. */
export interface ApiError {
  readonly error: {
    readonly code: ApiErrorCode;
    /** What went wrong and how to fix it; never a stack trace. */
    readonly message: string;
    /** Field path of a validation problem (`seats.us.kind`), when there is one. */
    readonly path?: string;
    /**
     * The details, when there are several: every problem of a scenario document (INVALID_SCENARIO,
     * each with its field path), or each open todo of a draft (SCENARIO_DRAFT).
     */
    readonly problems?: readonly Problem[];
  };
}

// ---------------------------------------------------------------------------------------------
// Requests (validated with these schemas; unknown fields are rejected)
// ---------------------------------------------------------------------------------------------

/** Longest token, id or spec string accepted anywhere (far above any real one). */
const MAX_WORD = 200;

/** A seat: a person at the table, or a software negotiator (registry spec; the party's default when absent). */
/** How a software seat answers questions about its preferences (src/negotiators/README.md). */
export const ANSWER_POLICIES = ['honest', 'silent', 'strategic'] as const;
export type AnswerPolicy = (typeof ANSWER_POLICIES)[number];

export const seatRequestSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('human') }),
  z.strictObject({
    kind: z.literal('negotiator'),
    spec: z
      .string()
      .min(1)
      .max(MAX_WORD)
      // A request must never start a process on the server: external negotiators are the operator's.
      .refine((s) => !isExternalSpec(s), {
        message:
          'an external negotiator (a command to run, or a URL to connect to) cannot be asked for over the network',
      })
      .optional(),
    answers: z.enum(ANSWER_POLICIES).optional(),
  }),
]);
export type SeatRequest = z.infer<typeof seatRequestSchema>;

/** `POST /api/sessions`. */
export const createSessionRequestSchema = z.strictObject({
  /** A shipped scenario id (`GET /api/scenarios`); file paths are not accepted. */
  scenario: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9_.-]+$/, 'a scenario id from GET /api/scenarios'),
  /** One seat per party of the scenario, by party id. */
  seats: z.record(z.string().min(1).max(100), seatRequestSchema),
  /** Seed of the negotiators' randomness (random when absent). */
  seed: z.number().int().min(0).max(0xffffffff).optional(),
  /** Also issue an observer token (required for a session without a human seat). */
  observer: z.boolean().optional(),
  /**
   * Also issue a spectator token, for a session with a person at the table: it sees what is public
   * (the issues, the offers, whose turn, the end), never a utility, reservation value or negotiator.
   */
  spectator: z.boolean().optional(),
  /** The rules of the table: the scenario's own when absent; `mediated` seats a chair who proposes texts. */
  protocol: z.enum(['saop', 'mediated']).optional(),
  /** The chair of a mediated table (default hill-climb); only with `protocol: "mediated"`. */
  mediator: z.enum(MEDIATOR_KINDS as [MediatorKind, ...MediatorKind[]]).optional(),
  lapse: z.enum(['pass', 'end']).optional(),
});
export type CreateSessionRequest = z.infer<typeof createSessionRequestSchema>;

/** An outcome as people and JSON see it: `{ issueId: valueId }` (discrete) or `{ issueId: number }`. */
export const outcomeRecordSchema = z.record(
  z.string().min(1).max(MAX_WORD),
  z.union([z.string().max(MAX_WORD), z.number()]),
);
export type OutcomeRecord = Record<string, string | number>;

/** Optimistic concurrency: the step the client saw; the action is refused with STALE_STEP if the session moved on. */
const expectStep = z.number().int().min(0).max(1e9).optional();

/**
 * `POST /api/sessions/:id/actions` body, and the `action` of a WebSocket action message. At an
 * alternating-offers table: offer, accept (the offer on the table) or end (walk away). At a
 * mediated table: accept or reject the chair's text, or end.
 */
export const actionRequestSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('offer'), outcome: outcomeRecordSchema, expectStep }),
  z.strictObject({ type: z.literal('accept'), expectStep }),
  z.strictObject({ type: z.literal('reject'), expectStep }),
  z.strictObject({ type: z.literal('end'), expectStep }),
]);
export type ActionRequest = z.infer<typeof actionRequestSchema>;

/** What a client may send over the WebSocket. */
/** Longest free-text message (characters). */
export const MAX_MESSAGE_TEXT = 500;

const issueId = z.string().min(1).max(MAX_WORD);

/**
 * A structured message at the table: state a priority ("X matters most to me"), ask for one ("what
 * matters most to you?"), ask whether an issue is a deal-breaker, signal a red line (or that an
 * issue is none), justify an offer, decline to say; free text only between people.
 */
export const messageBodySchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('priority'), issue: issueId }),
  z.strictObject({ kind: z.literal('ask-priority') }),
  z.strictObject({ kind: z.literal('ask-red-line'), issue: issueId }),
  z.strictObject({ kind: z.literal('red-line'), issue: issueId }),
  z.strictObject({ kind: z.literal('no-red-line'), issue: issueId }),
  z.strictObject({
    kind: z.literal('justify'),
    reason: z.enum(['concession', 'fair', 'principal', 'deadline']),
  }),
  z.strictObject({ kind: z.literal('decline') }),
  z.strictObject({ kind: z.literal('text'), text: z.string().min(1).max(MAX_MESSAGE_TEXT) }),
]);
export type MessageBody = z.infer<typeof messageBodySchema>;

export const messageRequestSchema = z.strictObject({ message: messageBodySchema });
export type MessageRequest = z.infer<typeof messageRequestSchema>;

export const improvementRequestSchema = z.strictObject({ accept: z.boolean() });
export type ImprovementRequest = z.infer<typeof improvementRequestSchema>;

export const openRequestSchema = z.strictObject({});

export const wsClientMessageSchema = z.strictObject({
  type: z.literal('action'),
  action: actionRequestSchema,
});
export type WsClientMessage = z.infer<typeof wsClientMessageSchema>;

/** Path parameter `:id` of every session route. */
export const sessionIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'a session id as returned by POST /api/sessions');

/** Query of the WebSocket route. */
export const wsQuerySchema = z.strictObject({ token: z.string().min(1).max(MAX_WORD) });

// ---------------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------------

/** `GET /api/health`. */
export interface HealthResponse {
  readonly ok: true;
  readonly version: string;
}

/** One shipped scenario in `GET /api/scenarios`. */
export interface ScenarioSummary {
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  readonly parties: readonly { readonly id: string; readonly label: string }[];
  /** Size of the outcome space (may be Infinity for a real issue: sent as null). */
  readonly outcomes: number | null;
  /** Deadline in rounds. */
  readonly rounds: number;
  /** Seconds a person has for one turn. */
  readonly humanTurnSeconds: number;
  /** The scenario's own protocol (a session may choose another). */
  readonly protocol: 'saop' | 'mediated';
}

/** `GET /api/scenarios` (London first). */
export interface ScenariosResponse {
  readonly scenarios: readonly ScenarioSummary[];
}

/** A declared parameter of a negotiator. */
export interface NegotiatorParamInfo {
  readonly name: string;
  readonly doc: string;
  readonly type: 'number' | 'boolean' | 'string' | 'acceptance' | 'spec';
  readonly required?: boolean;
  readonly default?: unknown;
  readonly min?: number;
  readonly max?: number;
}

/** `GET /api/negotiators`. */
export interface NegotiatorsResponse {
  readonly negotiators: readonly {
    readonly name: string;
    readonly description: string;
    readonly params: readonly NegotiatorParamInfo[];
  }[];
}

/** `POST /api/sessions` → 201. Tokens are secrets: one per human seat, shown once. */
export interface CreateSessionResponse {
  readonly sessionId: string;
  readonly seats: Readonly<Record<string, { readonly token: string }>>;
  readonly observerToken?: string;
  /** With `spectator: true`: the token of the public view (`role: "public"`). */
  readonly spectatorToken?: string;
}

/** Status of a session as clients see it: the protocol's, plus `timeout` (a person's turn ran out). */
export type SessionStatusView = SessionStatus | 'timeout';

/** An issue, exactly as the model has it (`new OutcomeSpace(view.issues)` rebuilds the space). */
export interface IssueView {
  readonly id: string;
  readonly label: string;
  readonly description?: string;
  readonly kind: 'discrete' | 'integer' | 'real';
  readonly values?: readonly { readonly id: string; readonly label: string; readonly description?: string }[];
  readonly min?: number;
  readonly max?: number;
}

/** A sitting of the talks, with the first round it holds. */
export interface ScheduleEntryView {
  readonly label: string;
  readonly rounds: number;
  readonly start?: string;
  readonly end?: string;
  readonly firstRound: number;
}

export interface DelegationMemberView {
  readonly name: string;
  readonly role: string;
  readonly lead?: boolean;
}

/** Public facts about a party. */
export interface PartyPublicView {
  readonly id: string;
  readonly label: string;
  readonly delegation: readonly DelegationMemberView[];
  readonly principal?: { readonly name: string; readonly title?: string };
  /** A software seat's declared policy for answering questions about its preferences. */
  readonly answers?: AnswerPolicy;
}

/** A condition of a region term or red line, in engine values (discrete: value index). */
export interface ConditionView {
  readonly issue: number;
  readonly values?: readonly number[];
  readonly min?: number;
  readonly max?: number;
}

/**
 * The seat's own utility function as plain JSON: exactly the model's `UtilitySpec`, so
 * `new UtilityFunction(new OutcomeSpace(view.issues), view.you.utility)` computes any package's
 * utility in the browser, bit for bit as the server does.
 */
export interface UtilitySpecView {
  readonly weights: readonly number[];
  readonly evaluators: readonly Evaluator[];
  readonly regions: readonly RegionTerm[];
  readonly redLines: readonly {
    readonly id: string;
    readonly label: string;
    readonly kind: 'forbid' | 'require';
    readonly conditions: readonly ConditionView[];
  }[];
}

/** The seat's own party: the only private data a seat ever sees before the end. */
export interface YouView {
  readonly party: PartyPublicView & {
    readonly principal?: {
      readonly name: string;
      readonly title?: string;
      readonly ratificationThreshold: number;
    };
  };
  readonly reservationValue: number;
  readonly discountFactor: number;
  readonly utility: UtilitySpecView;
  readonly redLines: readonly {
    readonly id: string;
    readonly label: string;
    readonly kind: 'forbid' | 'require';
    /** Human-readable, e.g. "never: Advanced AI chips = Restrictions lifted, all advanced chips". */
    readonly text: string;
  }[];
  /** Issue weights, largest first (for the brief). */
  readonly priorities: readonly { readonly issue: string; readonly weight: number }[];
}

/** An offer made in the session, with its utility to the viewing seat. */
export interface SeatOfferView {
  readonly step: number;
  readonly round: number;
  readonly by: string;
  readonly outcome: OutcomeRecord;
  readonly utilityToYou: number;
}

/** An offer as an observer sees it: every party's utility. */
export interface ObserverOfferView {
  readonly step: number;
  readonly round: number;
  readonly by: string;
  readonly outcome: OutcomeRecord;
  readonly utilities: Readonly<Record<string, number>>;
}

/** The ratification stage: the package the delegations agreed, who still has to decide, and the decisions so far. */
export interface RatificationView {
  readonly agreed: OutcomeRecord | null;
  readonly pending: readonly string[];
  readonly decisions: readonly { readonly party: string; readonly approve: boolean }[];
}

/** A text of the chair at a mediated table, with utilities as the viewer may see them (`U`). */
export type ChairTextView<U> = { readonly round: number; readonly outcome: OutcomeRecord } & U;

/**
 * A mediated table as a viewer sees it: the text under vote, the standing text (the last one
 * every party accepted, which the talks end with unless another is adopted) and every tallied text
 * with its votes. Votes on the text under vote are secret until the last one is in.
 */
export interface ChairView<U> {
  readonly mediator: MediatorKind;
  readonly text: ChairTextView<U> | null;
  readonly standing: ChairTextView<U> | null;
  readonly texts: readonly (ChairTextView<U> & {
    readonly votes: Readonly<Record<string, boolean>>;
    readonly adopted: boolean;
  })[];
}

/** What the view shares by both seat and observer. */
/** A message at the table, as every seat and the observer see it. */
export interface MessageView {
  /** Its position among the session's notes (answers name it). */
  readonly seq: number;
  readonly party: string;
  readonly step: number;
  readonly round: number;
  readonly at: string;
  readonly message: MessageBody;
  /** The `seq` of the message this one answers. */
  readonly answers?: number;
  /** The message in plain words (issue labels), as the table shows it. */
  readonly text: string;
}

/** What happened at the table, in order, as a seat may see it (the table's timeline). */
export interface HistoryEntryView {
  readonly type:
    | 'offer'
    | 'accept'
    | 'end'
    | 'break'
    | 'delegations-agree'
    | 'ratify'
    | 'error'
    | 'timeout'
    | 'lapse'
    | 'deadline'
    | 'tally';
  readonly step: number;
  readonly round: number;
  readonly party?: string;
  readonly outcome?: OutcomeRecord;
  /** Your utility of its outcome (a seat's view), or every party's (the observer's). */
  readonly utilityToYou?: number;
  readonly approve?: boolean;
  readonly after?: string;
  readonly next?: string;
  /** A lapse: whether the seat's last offer was made again (pass) or there was none. */
  readonly passed?: boolean;
}

/** The clock of the table. */
export interface ClockView {
  /** What a person's lapsed turn does: `pass` (the last offer stands) or `end` (the talks end). */
  readonly lapse: 'pass' | 'end';
  /** Seconds a person has for one turn. */
  readonly turnSeconds: number;
  /** Whether your clock has started (you opened the table); null for the observer. */
  readonly started: boolean | null;
}

/** The opponent's concession as the frequency opponent model estimates it from its offers alone. */
export interface OpponentEstimateView {
  readonly party: string;
  /** Estimated issue priorities (weights summing to 1), highest first. */
  readonly priorities: readonly { readonly issue: string; readonly weight: number }[];
  /** Each of its offers with its estimated utility to it (0..1). */
  readonly offers: readonly { readonly step: number; readonly round: number; readonly utility: number }[];
}

/** The package proposed after a deal: better for every party, ratified by every principal. */
export interface ImprovementView {
  /** How it was chosen. */
  readonly rule: string;
  readonly outcome: OutcomeRecord;
  /** `open` while a person has yet to answer; `adopted` when every seat accepted; `declined`. */
  readonly status: 'open' | 'adopted' | 'declined';
  /** Each seat's answer (null: not yet); software seats accept any strict improvement. */
  readonly decisions: Readonly<Record<string, boolean | null>>;
}

interface ViewBase {
  readonly sessionId: string;
  /** The rules of the table: alternating offers, or a chair's single text (see `chair`). */
  readonly protocol: 'saop' | 'mediated';
  readonly scenario: { readonly id: string; readonly title: string; readonly description?: string };
  readonly status: SessionStatusView;
  /** Actions taken so far (offers, accepts, walk-aways). */
  readonly step: number;
  readonly round: number;
  /** Deadline in rounds. */
  readonly rounds: number;
  /** Normalised time, 0..1 (by rounds unless the scenario has a time limit). */
  readonly time: number;
  readonly schedule: readonly ScheduleEntryView[];
  /** Label of the current sitting ('' when the scenario has no schedule). */
  readonly sitting: string;
  /** Party whose turn it is; null while principals ratify or after the end. */
  readonly turn: string | null;
  /** When the current person's turn times out (ISO time); null when a negotiator or nobody is to act. */
  readonly turnDeadline: string | null;
  readonly issues: readonly IssueView[];
  readonly others: readonly PartyPublicView[];
  readonly ratification: RatificationView | null;
  /** The party that moves first (alternating offers); null at a mediated table (the chair opens). */
  readonly firstMover: string | null;
  readonly clock: ClockView;
  readonly messages: readonly MessageView[];
  /** Which free-form messages may be sent: `text` only when every seat is a person's. */
  readonly freeText: boolean;
}

/** What a seat sees: public facts, its own party's private data, and utilities to itself only. */
export interface SeatView extends ViewBase {
  readonly role: 'seat';
  readonly yourTurn: boolean;
  readonly you: YouView;
  readonly offers: readonly SeatOfferView[];
  readonly table: {
    readonly outcome: OutcomeRecord;
    readonly by: string;
    readonly utilityToYou: number;
  } | null;
  /** The mediated table (null at an SAOP table), with your own vote on the text under vote once cast. */
  readonly chair:
    | (ChairView<{ readonly utilityToYou: number }> & { readonly yourVote: boolean | null })
    | null;
  readonly result: null | {
    readonly status: SessionStatusView;
    readonly agreement: OutcomeRecord | null;
    /** Undiscounted utility of the agreement to you (your reservation value if there is no deal). */
    readonly utilityToYou: number;
    readonly rounds: number;
    /** The deal as first agreed, when an improvement replaced it. */
    readonly before?: { readonly agreement: OutcomeRecord; readonly utilityToYou: number };
  };
  /** Public events in order, with your utility of each outcome: the table's timeline. */
  readonly history: readonly HistoryEntryView[];
  /** The other parties' concession, estimated from their offers (an estimate, not their utility). */
  readonly estimates: readonly OpponentEstimateView[];
  /** The improvement proposed after the deal, with your utility of it. */
  readonly improvement: (ImprovementView & { readonly utilityToYou: number }) | null;
}

/** What an observer sees: every party's reservation value, negotiator and utilities. */
export interface ObserverView extends ViewBase {
  readonly role: 'observer';
  readonly parties: readonly {
    readonly id: string;
    readonly label: string;
    readonly reservationValue: number;
    /** The negotiator spec, absent for a person. */
    readonly negotiator?: string;
  }[];
  readonly offers: readonly ObserverOfferView[];
  readonly table: {
    readonly outcome: OutcomeRecord;
    readonly by: string;
    readonly utilities: Readonly<Record<string, number>>;
  } | null;
  /** The mediated table (null at an SAOP table). */
  readonly chair: ChairView<{ readonly utilities: Readonly<Record<string, number>> }> | null;
  readonly result: null | {
    readonly status: SessionStatusView;
    readonly agreement: OutcomeRecord | null;
    readonly utilities: Readonly<Record<string, number>>;
    readonly rounds: number;
    readonly before?: {
      readonly agreement: OutcomeRecord;
      readonly utilities: Readonly<Record<string, number>>;
    };
  };
  readonly improvement: (ImprovementView & { readonly utilities: Readonly<Record<string, number>> }) | null;
}

/**
 * What a spectator sees: public facts only. The offers and texts are there as packages, without
 * anyone's utility; no party's reservation value, preferences, principal's threshold or negotiator.
 */
export interface PublicView extends ViewBase {
  readonly role: 'public';
  readonly offers: readonly {
    readonly step: number;
    readonly round: number;
    readonly by: string;
    readonly outcome: OutcomeRecord;
  }[];
  readonly table: { readonly outcome: OutcomeRecord; readonly by: string } | null;
  /** The mediated table (null at an SAOP table), texts and votes without utilities. */
  readonly chair: ChairView<Record<never, never>> | null;
  readonly result: null | {
    readonly status: SessionStatusView;
    readonly agreement: OutcomeRecord | null;
    readonly rounds: number;
  };
}

/** `GET /api/sessions/:id` and the `view` of a WebSocket view message. */
export type SessionView = SeatView | ObserverView | PublicView;

/** An outcome with every party's (undiscounted) utility. */
export interface DebriefPoint {
  readonly outcome: OutcomeRecord;
  readonly utilities: Readonly<Record<string, number>>;
}

/** `GET /api/sessions/:id/debrief`. */
export interface Debrief {
  readonly sessionId: string;
  /** The party the debrief is written for (null for an observer). */
  readonly you: string | null;
  /** Every feasible outcome's utilities, one array per party in the same order (a uniform sample above 20,000). */
  readonly outcomes: {
    readonly utilities: Readonly<Record<string, readonly number[]>>;
    readonly count: number;
    readonly sampled: boolean;
  };
  readonly frontier: readonly DebriefPoint[];
  readonly nash: DebriefPoint | null;
  readonly kalai: DebriefPoint | null;
  readonly reservationValues: Readonly<Record<string, number>>;
  /** Each party's offers in order, with every party's utility of each. */
  readonly trajectories: Readonly<
    Record<string, readonly { readonly step: number; readonly utilities: Readonly<Record<string, number>> }[]>
  >;
  readonly agreement: DebriefPoint | null;
  readonly status: SessionStatusView;
  /** The deal as first agreed, when an improvement after the deal replaced it. */
  readonly agreementBefore: DebriefPoint | null;
  /** The improvement proposed after the deal (whatever its fate). */
  readonly improvement: (ImprovementView & DebriefPoint) | null;
  /** Each principal's ratification threshold (in its own utility; the party's unless it has its own). */
  readonly thresholds: Readonly<Record<string, number>>;
  /**
   * For a seat: the frontier outcome best for you among those every other party likes at least as
   * much as the agreement (or its reservation value if there was no deal) and that every principal
   * would ratify; null when nothing beats your result. Always null for an observer.
   */
  readonly leftOnTable: null | (DebriefPoint & { readonly gainToYou: number });
}

/** One protocol event with every party's utility, for step-by-step playback (`GET /api/sessions/:id/events`). */
export interface EventView {
  readonly type:
    | 'propose'
    | 'tally'
    | 'offer'
    | 'accept'
    | 'end'
    | 'break'
    | 'delegations-agree'
    | 'ratify'
    | 'error'
    | 'timeout'
    | 'deadline'
    | 'message';
  readonly step: number;
  readonly round: number;
  readonly t: number;
  readonly party?: string;
  readonly outcome?: OutcomeRecord;
  readonly utilities?: Readonly<Record<string, number>>;
  readonly approve?: boolean;
  /** A tally's votes by party id (true = accept), and whether the text was adopted. */
  readonly votes?: Readonly<Record<string, boolean>>;
  readonly adopted?: boolean;
  readonly after?: string;
  readonly next?: string;
  readonly code?: string;
  readonly message?: string;
}

/** `GET /api/sessions/:id/events` (observer token only). */
export interface EventsResponse {
  readonly events: readonly EventView[];
}

/** What the server sends over the WebSocket. */
export type WsServerMessage =
  | { readonly type: 'view'; readonly view: SessionView }
  | { readonly type: 'error'; readonly error: ApiError['error'] };
