/**
 * Analysis: the Pareto frontier, the bargaining solutions and the opposition of a domain, the
 * analysis of a whole scenario, and the metrics of a finished negotiation. Pure; no I/O.
 */
export * from './analyze.ts';
export * from './bargaining.ts';
export * from './frontier.ts';
export * from './metrics.ts';
export type * from './types.ts';
