/**
 * Tournaments: many negotiators × scenarios × role assignments × repetitions × deadlines, run on
 * all cores, stored in SQLite, resumable, ranked with confidence intervals. The CLI command
 * `lancaster tournament` is a thin shell over this.
 */
export * from './export.ts';
export * from './match.ts';
export * from './matches.ts';
export * from './progress.ts';
export * from './run.ts';
export * from './scenarios.ts';
export * from './spec.ts';
export * from './stats.ts';
export * from './store.ts';
export * from './tables.ts';
