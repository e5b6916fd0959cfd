/**
 * What every command gets: the output channel and colours. Commands live one per file in this
 * folder and register themselves on the program in `index.ts`; each loads what its action needs
 * when it runs (the scenario loader is `../load.ts`), so that `lancaster --help` loads almost nothing.
 */
import type { Command } from '@commander-js/extra-typings';
import { createColors } from 'picocolors';
import type { Colors } from 'picocolors/types.js';

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
