/**
 * What every command gets: the output channel, colours, and the shared scenario loader. Commands
 * live one per file in this folder and register themselves on the program in `index.ts`.
 */
import type { Command } from '@commander-js/extra-typings';
import { createColors } from 'picocolors';
import type { Colors } from 'picocolors/types.js';
import type { Problem } from '../errors.ts';
import { type LoadAnyOptions, loadScenarioAny } from '../formats/index.ts';
import { loadScenarioTemplate } from '../formats/scenario-template.ts';
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

/**
 * A shipped scenario name, a path to a scenario file, a GENIUS folder or XML file, or a GeniusWeb
 * JSON file, with `opts.sets` (`path=value` overrides) applied. Import warnings go to
 * `opts.onWarning` (commands print them to stderr).
 */
export function loadScenario(
  nameOrPath: string,
  opts: LoadAnyOptions & { sets?: readonly string[]; onWarning?: (p: Problem) => void } = {},
): Scenario {
  const { sets, onWarning, ...rest } = opts;
  // `--set` overrides go through the scenario template, which edits the file's data and checks it again.
  const { scenario, warnings } =
    sets && sets.length > 0
      ? (() => {
          const t = loadScenarioTemplate(nameOrPath, { ...rest, sets });
          return { scenario: t.template.scenario, warnings: t.warnings };
        })()
      : loadScenarioAny(nameOrPath, rest);
  if (onWarning) for (const w of warnings) onWarning(w);
  return scenario;
}
