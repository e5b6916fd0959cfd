/**
 * Writing exports to disk atomically: each file is written to a temporary name in the target
 * folder and renamed into place, so a reader never sees half a file and a failed export leaves
 * what was there before.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LancasterError } from '../../errors.ts';
import type { Scenario } from '../../model/scenario.ts';
import { toGeniusXml } from './genius-xml.ts';
import { toNativeYaml } from './native-yaml.ts';

/** Writes `text` to `path` through a temporary file and a rename. */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = join(dirname(path), `.${process.pid}.${Date.now()}.tmp`);
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(tmp, text, 'utf8');
    renameSync(tmp, path);
  } catch (e) {
    throw new LancasterError({
      code: 'FILE_UNREADABLE',
      file: path,
      message: `cannot write the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      expected: 'a writable path',
    });
  }
}

/**
 * Writes the scenario as native YAML.
 *
 * @example
 * writeNativeYaml(scenario, 'camera.yaml');
 */
export function writeNativeYaml(scenario: Scenario, path: string): void {
  writeFileAtomic(path, toNativeYaml(scenario));
}

/**
 * Writes the scenario as a GENIUS folder (domain.xml and one profile per party); returns the
 * file paths written.
 *
 * @example
 * writeGeniusFolder(scenario, 'out/london'); // ['out/london/domain.xml', 'out/london/01-us.xml', ...]
 */
export function writeGeniusFolder(scenario: Scenario, dir: string): string[] {
  const files = toGeniusXml(scenario);
  const written: string[] = [];
  for (const f of [files.domain, ...files.profiles]) {
    const path = join(dir, f.name);
    writeFileAtomic(path, f.xml);
    written.push(path);
  }
  return written;
}
