/**
 * Lancaster's library API: the model, analysis, protocols, negotiators, formats and the runner.
 * The CLI (`src/cli`) is a thin shell over exactly these exports.
 */
export * from './analysis/index.ts';
export * from './errors.ts';
export * from './formats/index.ts';
export * from './model/index.ts';
export * from './negotiators/index.ts';
export * from './protocols/index.ts';
export * from './report/index.ts';
export { runSession } from './run/session.ts';
export { type Simulation, type SimulationOptions, simulate } from './run/simulate.ts';
