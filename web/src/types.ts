/**
 * The shapes the web app exchanges with the Lancaster server, taken (type-only, so nothing of the
 * server reaches the bundle) from the server's own contract in `src/server/api.ts`, with the few
 * short names the pages use.
 */
import type { NegotiatorsResponse } from '../../src/server/api.ts';

export type {
  ActionRequest as Action,
  CreateSessionRequest,
  CreateSessionResponse,
  Debrief,
  DebriefPoint,
  EventView,
  IssueView,
  MessageBody,
  ObserverView,
  OutcomeRecord,
  PublicView,
  ScenarioSummary,
  SeatView,
  SessionStatusView as Status,
} from '../../src/server/api.ts';

/** One built-in negotiator, for choosing the software opponent. */
export type NegotiatorSummary = NegotiatorsResponse['negotiators'][number];
