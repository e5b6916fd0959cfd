/**
 * How a tournament turns a scenario reference into a scenario, and the scenario a match runs.
 * References load through the any-format loader (native YAML/JSON files and shipped names,
 * GENIUS folders and XML files, GeniusWeb JSON, Decide files), the same one the other commands
 * use; GENIUS folders and XML files, the common case of a tournament, load through the GENIUS
 * reader alone, so that a worker thread need not load (and compile) the native format's schema
 * stack it will not use. Import warnings (GENIUS quirks) are not errors here: the tournament runs
 * the scenario as imported, and `lancaster analyze` shows the warnings.
 */
import { importOptions, scenarioFormatOf } from '../../formats/detect.ts';
import { loadGeniusFolder, loadGeniusXmlFile } from '../../formats/genius/folder.ts';
import { assertRunnable, type ProtocolChoice, type Scenario, withProtocol } from '../../model/scenario.ts';
import { importOwnModule, siblingModule } from '../own-modules.ts';

/** Loads a scenario reference: the function the tournament uses, swappable in tests. */
export type ScenarioLoader = (ref: string) => Scenario | Promise<Scenario>;

/**
 * Loads a scenario reference as the tournament spec resolved it (absolute path or shipped name).
 *
 * @example
 * const s = await loadTournamentScenarioRef('/data/genius/anac2011_Camera');
 */
export async function loadTournamentScenarioRef(ref: string): Promise<Scenario> {
  const format = scenarioFormatOf(ref);
  let scenario: Scenario;
  if (format.kind === 'genius-folder') {
    scenario = loadGeniusFolder(format.path, importOptions({})).scenario;
  } else if (format.kind === 'genius-xml') {
    scenario = loadGeniusXmlFile(format.path, importOptions({})).scenario;
  } else {
    const { loadScenarioAny } = await importOwnModule<typeof import('../../formats/load-any.ts')>(
      siblingModule(import.meta.url, '../../formats/load-any'),
    );
    scenario = loadScenarioAny(ref).scenario;
  }
  assertRunnable(scenario, ref); // a draft (status: draft) has placeholder judgements: never run it
  return scenario;
}

/**
 * The scenario a match runs: the chosen parties only (in the chosen turn order), when the
 * tournament sets one the deadline in rounds (as a single sitting, since a scenario's schedule
 * is written for its own deadline), and the tournament's protocol when it chooses one.
 */
export function tournamentScenario(
  base: Scenario,
  parties: readonly string[] | null,
  deadline: number | null,
  protocol: ProtocolChoice | null = null,
): Scenario {
  let s = protocol ? withProtocol(base, protocol) : base;
  if (parties) {
    s = {
      ...s,
      parties: parties.map((id) => s.parties.find((p) => p.id === id) as Scenario['parties'][number]),
      protocol: { ...s.protocol, order: [...parties] },
    };
  }
  if (deadline !== null) {
    s = {
      ...s,
      protocol: {
        ...s.protocol,
        rounds: deadline,
        schedule: [{ label: `${deadline} rounds`, rounds: deadline }],
      },
    };
  }
  return s;
}
