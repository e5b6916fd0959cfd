/**
 * A domain analysis in brief, as one row of a corpus table: the numbers a researcher scans across
 * two hundred GENIUS domains (size, frontier, Nash, Kalai, opposition, how exact, how long).
 *
 * @example
 * summarizeAnalysis('anac2011_Laptop', 2, analysis, 12.5, 0);
 */
import type { DomainAnalysis, DomainSummary } from './types.ts';

/**
 * The row of one analysed domain.
 *
 * @example
 * const row = summarizeAnalysis(folderName, profileCount, analyzeDomain(scenario), ms, warnings.length);
 */
export function summarizeAnalysis(
  domain: string,
  profiles: number,
  a: DomainAnalysis,
  ms: number,
  warnings: number,
): DomainSummary {
  return {
    domain,
    profiles,
    parties: a.partyIds,
    outcomes: a.outcomes,
    frontierSize: a.frontier.length,
    nash: a.nash?.utilities ?? null,
    kalai: a.kalai?.utilities ?? null,
    utilitarian: a.utilitarian?.utilities ?? null,
    opposition: a.opposition,
    method: a.method ?? (a.approximate ? 'sample' : 'enumeration'),
    approximate: a.approximate,
    ms,
    warnings,
  };
}

/**
 * The row of a domain that failed to load or analyse.
 *
 * @example
 * failedDomain('broken', { code: 'GENIUS_FORMAT', message: 'no domain file' }, 3);
 */
export function failedDomain(
  domain: string,
  error: { code: string; message: string },
  ms: number,
): DomainSummary {
  return {
    domain,
    profiles: 0,
    parties: [],
    outcomes: 0,
    frontierSize: 0,
    nash: null,
    kalai: null,
    utilitarian: null,
    opposition: Number.NaN,
    method: 'enumeration',
    approximate: false,
    ms,
    warnings: 0,
    error,
  };
}
