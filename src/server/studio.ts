/**
 * The scenario studio's side of the server: a shipped scenario's file to edit, GENIUS/GeniusWeb
 * imports, and the runs and forecasts of scenario documents, which studio-jobs.ts checks and runs
 * (one at a time, bounded). Imports go through the same readers as `lancaster import`, over the
 * uploaded files put in a private temporary folder for the length of the request (GENIUS pairs a
 * domain with its profiles by folder, and names the scenario after the folder), and come back as
 * native YAML with the folder's path taken out of every source and message.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LancasterError, type Problem } from '../errors.ts';
import { toNativeYaml } from '../formats/export/native-yaml.ts';
import { loadScenarioAny } from '../formats/load-any.ts';
import { apiError } from './machine.ts';
import type { ScenarioSource } from './sessions.ts';
import type { StudioDocumentResponse, StudioImportRequest, StudioImportResponse } from './studio-api.ts';
import { InlineStudioRunner, type StudioRunner } from './studio-jobs.ts';

/**
 * The name files sent without their folder's go under: what their names share (`laptop_domain.xml`,
 * `laptop_buyer_utility.xml` → `laptop`), else the first file's name.
 */
export function commonStem(names: readonly string[]): string {
  const stems = names.map((n) => n.replace(/\.(xml|json)$/i, ''));
  let prefix = stems[0] ?? '';
  for (const s of stems) while (!s.startsWith(prefix)) prefix = prefix.slice(0, -1);
  prefix = prefix.replace(/[\s._-]+$/, '');
  return /^[A-Za-z0-9_]/.test(prefix) && prefix.length >= 2 ? prefix : (stems[0] ?? 'imported');
}

/** The studio's endpoints, over the scenarios the server plays. */
export class Studio {
  private readonly scenarios: ScenarioSource;
  /** Where runs and forecasts happen (one at a time). */
  readonly runner: StudioRunner;

  constructor(scenarios: ScenarioSource, runner: StudioRunner = new InlineStudioRunner()) {
    this.scenarios = scenarios;
    this.runner = runner;
  }

  /** A served scenario's file: the shipped file's own text, or the scenario written as native YAML. */
  document(id: string): StudioDocumentResponse {
    const scenario = this.scenarios.get(id);
    if (!scenario) {
      throw apiError(
        'SCENARIO_NOT_FOUND',
        `no scenario '${id}' is served; use an id from GET /api/scenarios`,
        'id',
      );
    }
    const doc = this.scenarios.document?.(id);
    return doc ? { id, ...doc } : { id, file: `${id}.yaml`, text: toNativeYaml(scenario) };
  }

  /**
   * GENIUS XML files (a domain and its profiles) or GeniusWeb JSON files, read by the readers of
   * `lancaster import` and written as native YAML.
   */
  importFiles(req: StudioImportRequest): StudioImportResponse {
    const names = req.files.map((f) => f.name);
    const twice = names.find((n, i) => names.indexOf(n) !== i);
    if (twice !== undefined) throw apiError('BAD_REQUEST', `the file ${twice} is sent twice`, 'files');
    const xml = names.some((n) => n.toLowerCase().endsWith('.xml'));
    const tmp = mkdtempSync(join(tmpdir(), 'lancaster-import-'));
    const domainStem = req.name ?? commonStem(names);
    // The folder's name becomes the scenario's id and title, as for `lancaster import <folder>`.
    const dir = join(tmp, domainStem);
    const hide = (s: string) => s.split(`${dir}/`).join('').split(dir).join(domainStem);
    try {
      mkdirSync(dir, { mode: 0o700 });
      for (const f of req.files) writeFileSync(join(dir, f.name), f.text, { mode: 0o600 });
      const target = xml || req.files.length > 1 ? dir : join(dir, names[0] as string);
      const { scenario, warnings } = loadScenarioAny(
        target,
        req.rounds !== undefined ? { rounds: req.rounds } : {},
      );
      const text = hide(toNativeYaml(scenario));
      const seen = (p: Problem): Problem => ({
        ...p,
        ...(p.file !== undefined ? { file: hide(p.file) } : {}),
        message: hide(p.message),
      });
      return { file: `${scenario.id}.yaml`, text, warnings: warnings.map(seen) };
    } catch (e) {
      if (!(e instanceof LancasterError)) throw e;
      const problems = e.problems.map((p) => ({
        ...p,
        ...(p.file !== undefined ? { file: hide(p.file) } : {}),
        message: hide(p.message),
      }));
      throw new LancasterError([
        {
          code: 'INVALID_SCENARIO',
          message: `the files cannot be imported (${problems.length} problem${problems.length === 1 ? '' : 's'} listed in \`problems\`): send a GENIUS domain file with its profile files, or one GeniusWeb file`,
        },
        ...problems,
      ]);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
}
