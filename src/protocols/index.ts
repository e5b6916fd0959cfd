/** Protocols: the rules of the table as pure, serialisable state machines, and the contract types they share. */
export * from './saop.ts';
export type * from './types.ts';
