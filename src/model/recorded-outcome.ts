/**
 * The recorded outcome of a real negotiation: what was agreed on each issue (or that the talks
 * ended without agreement), when, and where that is recorded. It is data about the world, kept
 * apart from the scenario on purpose: a scenario describes the talks as they looked before they
 * opened, and nothing that simulates, forecasts or analyses a scenario may read what happened.
 * Only backtests (src/analysis/backtest.ts) compare forecasts with it.
 */
import type { Outcome } from './outcome-space.ts';

export interface RecordedOutcome {
  /** When the result was agreed or announced (ISO date, YYYY-MM-DD). */
  readonly date: string;
  /**
   * The agreed package as engine values in issue order (a discrete issue's value index, an
   * integer or real issue's number), or null when the talks ended without agreement.
   */
  readonly agreement: Outcome | null;
  /** Why a recorded result maps to the value chosen, by issue id (the author's judgements). */
  readonly notes: Readonly<Record<string, string>>;
  /** Where the outcome is recorded: at least one address. */
  readonly sources: readonly string[];
  readonly note?: string;
}
