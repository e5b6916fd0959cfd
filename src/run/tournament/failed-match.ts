/**
 * The result of a match that produced no session (timed out, or failed before or around it): apart
 * from the match runner, so that the thread that stores results need not load what runs matches.
 */
import type { MatchErrorCode, MatchResult } from './match.ts';

/** A result for a match that produced no session (timed out, or failed before or around it). */
export function failedMatch(code: MatchErrorCode, message: string): MatchResult {
  return {
    status: 'error',
    outcome: code === 'MATCH_TIMEOUT' ? 'timeout' : 'failed',
    error: { code, message, party: null },
    agreement: null,
    parties: [],
    socialWelfare: null,
    distanceToFrontier: null,
    distanceToNash: null,
    paretoOptimal: null,
    rounds: null,
    steps: null,
    t: null,
  };
}
