/** The model: issues, outcome space, utility functions, parties and scenarios. Pure; no I/O. */

export * from './distribution.ts';
export * from './ideal.ts';
export * from './impact.ts';
export * from './issues.ts';
export * from './outcome-space.ts';
export * from './party.ts';
export * from './random.ts';
export type * from './recorded-outcome.ts';
export * from './scenario.ts';
export * from './utility.ts';
