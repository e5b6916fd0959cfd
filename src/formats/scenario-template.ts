/**
 * The scenario template: the one entry a forecast uses to build many variants of one scenario
 * cheaply. It loads any scenario Lancaster reads (a native file, a shipped name, a GENIUS or
 * GeniusWeb domain), applies `--set path=value` overrides to its native data, validates the result
 * with every check of the format, and then builds the scenario for any assignment of values to
 * its parameters without re-reading or re-validating. Imported domains are turned into native
 * data with the native exporter (which round-trips the whole GENIUS corpus), so the same paths
 * (`parties.<id>.reservationValue`, `parties.<id>.weights.<issue>`, ...) work on them. The load is
 * a pure function of (pathOrName, options), so a worker thread given the same arguments holds the
 * identical template.
 */
import { existsSync, statSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { LancasterError, type Problem } from '../errors.ts';
import type { RecordedOutcome } from '../model/recorded-outcome.ts';
import { type ProtocolChoice, type Scenario, withProtocol } from '../model/scenario.ts';
import { isDecideFile, isGeniusWebJson } from './detect.ts';
import { toNativeYaml } from './export/native-yaml.ts';
import { type LoadAnyOptions, loadScenarioAny } from './load-any.ts';
import { readScenarioText, type ScenarioDataResult, validateScenarioData } from './native/load.ts';
import { applyOverrides } from './native/overrides.ts';
import type { ScenarioFile } from './native/schema.ts';
import { resolveScenarioPath } from './scenario-files.ts';
import { type ScenarioTemplate, templateFromData } from './template-data.ts';
import { readTextFile } from './text-file.ts';

export type { ScenarioTemplate, TemplateData } from './template-data.ts';

/** Options of `loadScenarioTemplate`. */
export interface TemplateOptions extends LoadAnyOptions {
  /** `path=value` overrides, as given to `--set`. */
  readonly sets?: readonly string[];
  /** Play every variant under this protocol instead of the scenario's own (`--protocol`, `--mediator`). */
  readonly protocol?: ProtocolChoice;
}

/** A template over validated native data; `rename` keeps an imported scenario's own id and title. */
function templateOf(
  file: ScenarioFile,
  raw: unknown,
  protocol: ProtocolChoice | undefined,
  rename?: Pick<Scenario, 'id' | 'title'>,
): ScenarioTemplate {
  return templateFromData({
    file,
    raw,
    ...(rename ? { rename } : {}),
    ...(protocol ? { protocol } : {}),
  });
}

function orThrow(r: ScenarioDataResult): Extract<ScenarioDataResult, { ok: true }> {
  if (!r.ok) throw new LancasterError(r.problems);
  return r;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The native file `pathOrName` names, or undefined when it names an imported (GENIUS/GeniusWeb) domain. */
function nativePath(pathOrName: string): { path: string; text: string } | undefined {
  if (isDirectory(pathOrName) || pathOrName.toLowerCase().endsWith('.xml')) return undefined;
  const path = resolveScenarioPath(pathOrName);
  if (!existsSync(path)) return undefined; // let loadScenarioAny report it
  const text = readTextFile(path);
  if (isDecideFile(path, text)) return undefined;
  if (path.toLowerCase().endsWith('.json')) {
    try {
      if (isGeniusWebJson(JSON.parse(text))) return undefined;
    } catch {
      // A syntax error is reported by the native reader, with its position.
    }
  }
  return { path, text };
}

/** The label of data changed by overrides, so each problem names the `--set` behind it. */
function overriddenLabel(file: string, sets: readonly string[]): string {
  return `${file} (after ${sets.map((s) => `--set ${s}`).join(' ')})`;
}

/**
 * Loads a scenario as a template: native file → overrides → validation, or imported domain →
 * native data (by the exporter) → overrides → validation. Throws `LancasterError` with every
 * problem (exit code 2); `BAD_OVERRIDE` for a path that does not exist.
 *
 * @example
 * const { template } = loadScenarioTemplate('london-2025', { sets: ['parties.us.reservationValue=0.3'] });
 * const variant = template.build(new Map([[template.uncertain[0].path, 0.5]]));
 */
export function loadScenarioTemplate(
  pathOrName: string,
  opts: TemplateOptions = {},
): { template: ScenarioTemplate; warnings: readonly Problem[]; outcome?: RecordedOutcome } {
  const { protocol, ...rest } = opts;
  const sets = rest.sets ?? [];
  const native = nativePath(pathOrName);
  if (native) {
    const read = orThrow(readScenarioText(native.text, native.path));
    // The recorded outcome is kept apart from the template (only backtests read it).
    const outcome = read.outcome ? { outcome: read.outcome } : {};
    if (sets.length === 0)
      return { template: templateOf(read.file, read.raw, protocol), warnings: read.warnings, ...outcome };
    const data = orThrow(
      validateScenarioData(applyOverrides(read.raw, sets), overriddenLabel(native.path, sets)),
    );
    return { template: templateOf(data.file, data.raw, protocol), warnings: data.warnings, ...outcome };
  }
  const imported = loadScenarioAny(pathOrName, rest);
  const source = imported.scenario;
  let raw: unknown = imported.nativeData;
  try {
    // A reader that builds native data (Decide) keeps what the model cannot say (uncertain positions).
    raw ??= parseYaml(toNativeYaml(source));
  } catch (e) {
    // A scenario the native format cannot express still runs at its own values, without overrides.
    if (sets.length > 0 || !(e instanceof LancasterError)) throw e;
    const scenario = protocol ? withProtocol(source, protocol) : source;
    const template: ScenarioTemplate = {
      scenario,
      parameters: source.parameters,
      uncertain: source.parameters.filter((p) => p.distribution !== undefined),
      build: () => scenario,
    };
    return { template, warnings: imported.warnings };
  }
  const label = sets.length > 0 ? overriddenLabel(pathOrName, sets) : pathOrName;
  const data = orThrow(validateScenarioData(applyOverrides(raw, sets), label));
  return {
    template: templateOf(data.file, data.raw, protocol, { id: source.id, title: source.title }),
    warnings: imported.warnings,
  };
}
