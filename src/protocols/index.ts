/**
 * Protocols: the rules of the table as pure, serialisable state machines (stacked alternating
 * offers, the mediated single text), one interface over both, and the contract types they share.
 * `step`, `isFinished`, `currentTime`, `nextMove` work on a session of either protocol; the
 * `saop` and `mediated` namespaces hold each protocol's own functions (`saop.initialState`, ...).
 */

export * as mediated from './mediated.ts';
export * from './protocol.ts';
export * as saop from './saop.ts';
export type * from './types.ts';
