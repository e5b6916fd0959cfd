/**
 * Negotiators: the time-dependent family, acceptance conditions, a random baseline, BOA
 * composition with opponent models, eight ANAC agents, the spatial negotiator, spec parsing, the
 * registry by name, and how a negotiator votes on a chair's text (vote.ts). Pure: they run in a
 * browser as well as in a worker.
 */
export * from './acceptance.ts';
export * from './agents/index.ts';
export * from './bid-space.ts';
export * from './boa/index.ts';
export * from './opponent-models/index.ts';
export * from './random.ts';
export * from './registry.ts';
export * from './spatial.ts';
export * from './spec.ts';
export * from './time-dependent.ts';
export * from './transcript-fold.ts';
export type * from './types.ts';
export * from './vote.ts';
