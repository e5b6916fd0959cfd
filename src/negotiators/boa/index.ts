/**
 * BOA composition: bidding strategies, acceptance strategies and the negotiator that composes them
 * with an opponent model (`boa:bid=...,model=...,accept=...`).
 */
export * from './bidding.ts';
export * from './boa.ts';
export * from './transcript.ts';
export type * from './types.ts';
