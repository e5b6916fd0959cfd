/**
 * The scenario loader every command shares: a shipped name or a file in any format Lancaster
 * reads, with `--set` overrides applied. Only the reader the input needs is loaded.
 */
import type { Problem } from '../errors.ts';
import { type LoadAnyOptions, loadScenarioAnyLazily } from '../formats/detect.ts';
import { type ProtocolChoice, type Scenario, withProtocol } from '../model/scenario.ts';

/**
 * A shipped scenario name, a path to a scenario file, a GENIUS folder or XML file, or a GeniusWeb
 * JSON file, with `opts.sets` (`path=value` overrides) applied, played under `opts.protocol` when
 * given (`--protocol`, `--mediator`). Import warnings go to `opts.onWarning` (commands print them to
 * stderr).
 */
export async function loadScenario(
  nameOrPath: string,
  opts: LoadAnyOptions & {
    sets?: readonly string[];
    protocol?: ProtocolChoice;
    onWarning?: (p: Problem) => void;
  } = {},
): Promise<Scenario> {
  const { sets, protocol, onWarning, ...rest } = opts;
  let loaded: { scenario: Scenario; warnings: readonly Problem[] };
  if (sets && sets.length > 0) {
    // `--set` overrides go through the scenario template, which edits the file's data and checks it again.
    const { loadScenarioTemplate } = await import('../formats/scenario-template.ts');
    const t = loadScenarioTemplate(nameOrPath, { ...rest, sets });
    loaded = { scenario: t.template.scenario, warnings: t.warnings };
  } else {
    loaded = await loadScenarioAnyLazily(nameOrPath, rest);
  }
  if (onWarning) for (const w of loaded.warnings) onWarning(w);
  return protocol ? withProtocol(loaded.scenario, protocol) : loaded.scenario;
}
