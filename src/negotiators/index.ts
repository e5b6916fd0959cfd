/**
 * Negotiators: the time-dependent family, acceptance conditions, a random baseline, BOA
 * composition with opponent models, four ANAC agents, the spatial negotiator, spec parsing and the registry by name. Pure: they run in a browser as well as in a worker.
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
export type * from './types.ts';
