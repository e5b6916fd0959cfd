/**
 * Analysis: the Pareto frontier, the bargaining solutions and the opposition of a domain, the
 * analysis of a whole scenario, the metrics of a finished negotiation, the spatial models (compromise,
 * power-weighted Nash over positions, the Equal Gain exchange model) and backtest scoring. Pure; no I/O.
 */
export * from './analyze.ts';
export * from './backtest.ts';
export * from './bargaining.ts';
export * from './exchange.ts';
export * from './frontier.ts';
export * from './frontier-quality.ts';
export * from './issue-grid.ts';
export * from './linear-frontier.ts';
export * from './metrics.ts';
export * from './search-frontier.ts';
export * from './spatial.ts';
export * from './summary.ts';
export type * from './types.ts';
