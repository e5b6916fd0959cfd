/**
 * Opponent models, the "O" of BOA: frequency (HardHeaded-style), Bayesian (Hindriks & Tykhonov),
 * the perfect oracle (opt-in baselines only), and `modelAccuracy` to score any of them.
 */
export * from './accuracy.ts';
export * from './bayesian.ts';
export * from './frequency.ts';
export * from './perfect.ts';
export * from './types.ts';
