/**
 * The scenario template built from data that has already passed every check: what a forecast's
 * worker thread needs to hold the same template as the thread that loaded it, without reading,
 * parsing or validating the scenario again, and without loading any reader of any format (YAML,
 * GENIUS XML, ...). `loadScenarioTemplate` (scenario-template.ts) reads and validates, then builds
 * its template here; a worker given the template's `data` builds the identical one.
 */
import { type Parameter, type ProtocolChoice, type Scenario, withProtocol } from '../model/scenario.ts';
import { toScenario } from './native/convert.ts';
import type { ScenarioFile } from './native/schema.ts';

/**
 * The validated native data a template builds its scenarios from: plain data, so that it can be
 * copied to a worker thread.
 */
export interface TemplateData {
  readonly file: ScenarioFile;
  readonly raw: unknown;
  /** An imported scenario's own id and title (its native data carries the exporter's). */
  readonly rename?: Pick<Scenario, 'id' | 'title'>;
  /** The protocol every variant plays, when not the scenario's own. */
  readonly protocol?: ProtocolChoice;
}

/** A scenario with its parameters, able to build the variant for any parameter values. */
export interface ScenarioTemplate {
  /** The scenario at point values (after overrides). */
  readonly scenario: Scenario;
  /** Every numeric parameter (Scenario.parameters order, then forecast params, then impacts). */
  readonly parameters: readonly Parameter[];
  /** Those with a distribution, same order. */
  readonly uncertain: readonly Parameter[];
  /** The scenario with these values by path (others at point values); weights renormalised. */
  build(values: ReadonlyMap<string, number>): Scenario;
  /**
   * The data it was built from, for a thread that needs the same template (see `templateFromData`);
   * absent for a scenario the native format cannot express, which only its source can give again.
   */
  readonly data?: TemplateData;
}

/**
 * The template of validated native data.
 *
 * @example
 * const again = templateFromData(template.data); // in a worker: the same scenarios, no re-reading
 */
export function templateFromData(data: TemplateData): ScenarioTemplate {
  const { file, raw, rename, protocol } = data;
  const make = (values?: ReadonlyMap<string, number>): Scenario => {
    const s = toScenario(file, raw, values);
    const named = rename ? { ...s, id: rename.id, title: rename.title } : s;
    return protocol ? withProtocol(named, protocol) : named;
  };
  const scenario = make();
  return {
    scenario,
    parameters: scenario.parameters,
    uncertain: scenario.parameters.filter((p) => p.distribution !== undefined),
    build: (values) => (values.size === 0 ? scenario : make(values)),
    data,
  };
}
