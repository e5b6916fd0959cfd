/**
 * How a tournament turns a scenario reference into a scenario: through the any-format loader
 * (native YAML/JSON files and shipped names, GENIUS folders and XML files, GeniusWeb JSON), the
 * same one the other commands use. Import warnings (GENIUS quirks) are not errors here: the
 * tournament runs the scenario as imported, and `lancaster analyze` shows the warnings.
 */
import { loadScenarioAny } from '../../formats/load-any.ts';
import { assertRunnable, type Scenario } from '../../model/scenario.ts';

/**
 * Loads a scenario reference as the tournament spec resolved it (absolute path or shipped name).
 *
 * @example
 * const s = loadTournamentScenarioRef('/data/genius/anac2011_Camera');
 */
export function loadTournamentScenarioRef(ref: string): Scenario {
  const { scenario } = loadScenarioAny(ref);
  assertRunnable(scenario, ref); // a draft (status: draft) has placeholder judgements: never run it
  return scenario;
}
