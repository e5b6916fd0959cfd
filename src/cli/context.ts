/**
 * What every command gets: the output channel, colours, and the shared scenario loader. Commands
 * live one per file in this folder and register themselves on the program in `index.ts`.
 */
import type { Command } from '@commander-js/extra-typings';
import { createColors } from 'picocolors';
import type { Colors } from 'picocolors/types.js';
import { loadScenarioFile, resolveScenarioPath } from '../formats/index.ts';
import type { Scenario } from '../model/scenario.ts';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Whether stdout is a colour-capable terminal. */
  readonly color: boolean;
}

export interface CommandContext {
  readonly io: Io;
  readonly c: Colors;
}

export type RegisterCommand = (program: Command, ctx: CommandContext) => void;

export function commandContext(io: Io): CommandContext {
  return { io, c: createColors(io.color) };
}

/** A shipped scenario name or a path to a scenario file. */
export function loadScenario(nameOrPath: string): Scenario {
  return loadScenarioFile(resolveScenarioPath(nameOrPath));
}
