/**
 * Analysis: the Pareto frontier, the bargaining solutions and the opposition of a domain, the
 * analysis of a whole scenario, and the metrics of a finished negotiation. Pure; no I/O.
 */
export * from './analyze.ts';
export * from './bargaining.ts';
export * from './frontier.ts';
export * from './frontier-quality.ts';
export * from './issue-grid.ts';
export * from './linear-frontier.ts';
export * from './metrics.ts';
export * from './search-frontier.ts';
export * from './summary.ts';
export type * from './types.ts';
