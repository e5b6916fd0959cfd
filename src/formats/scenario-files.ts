/**
 * Where scenarios are found: a path the user gives, or the name of a scenario shipped in the
 * repository's `scenarios/` folder (`london-2025` → `scenarios/london-2025.yaml`). The folder is
 * located from this source file, not from the working directory, so `lancaster simulate
 * london-2025` works from anywhere.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LancasterError } from '../errors.ts';

/** The `scenarios/` folder of the repository (two levels above `src/formats/`). */
export const SHIPPED_SCENARIOS_DIR = fileURLToPath(new URL('../../scenarios/', import.meta.url));

/** File extensions of scenario files, in the order they are tried for a name. */
export const SCENARIO_EXTENSIONS = ['.yaml', '.yml', '.json'] as const;

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Names of the scenarios shipped in `dir` (default: the repository's `scenarios/`), sorted.
 *
 * @example
 * listShippedScenarios(); // ['london-2025', ...]
 */
export function listShippedScenarios(dir: string = SHIPPED_SCENARIOS_DIR): string[] {
  if (!existsSync(dir)) return [];
  const names = new Set<string>();
  for (const entry of readdirSync(dir)) {
    const ext = SCENARIO_EXTENSIONS.find((e) => entry.toLowerCase().endsWith(e));
    if (ext && isFile(join(dir, entry))) names.add(entry.slice(0, -ext.length));
  }
  return [...names].sort();
}

/**
 * The file to load for `nameOrPath`: the path itself when it is an existing file, else the shipped
 * scenario of that name in `dir`. Throws `SCENARIO_NOT_FOUND` (listing the shipped names) otherwise.
 *
 * @example
 * resolveScenarioPath('london-2025'); // '/…/scenarios/london-2025.yaml'
 * resolveScenarioPath('./my-talks.yaml'); // './my-talks.yaml'
 */
export function resolveScenarioPath(nameOrPath: string, dir: string = SHIPPED_SCENARIOS_DIR): string {
  if (isFile(nameOrPath)) return nameOrPath;
  for (const ext of SCENARIO_EXTENSIONS) {
    const candidate = join(dir, `${nameOrPath}${ext}`);
    // Only plain names are looked up, so `../x` cannot reach outside the scenarios folder.
    if (/^[A-Za-z0-9_.-]+$/.test(nameOrPath) && isFile(candidate)) return candidate;
  }
  const shipped = listShippedScenarios(dir);
  throw new LancasterError({
    code: 'SCENARIO_NOT_FOUND',
    file: nameOrPath,
    message: `no scenario file or shipped scenario named ${JSON.stringify(nameOrPath)}`,
    expected:
      shipped.length > 0
        ? `a path to a .yaml, .yml or .json file, or a shipped scenario: ${shipped.join(', ')}`
        : 'a path to a .yaml, .yml or .json file (no scenarios are shipped in this installation)',
  });
}
