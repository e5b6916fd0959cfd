/**
 * Writing exports to disk atomically: each file is written to a temporary name in the target
 * folder and renamed into place, so a reader never sees half a file and a failed export leaves
 * what was there before.
 */
import { join } from 'node:path';
import type { Scenario } from '../../model/scenario.ts';
import { writeFileAtomic } from '../write-atomic.ts';
import { toGeniusXml } from './genius-xml.ts';
import { toNativeYaml } from './native-yaml.ts';

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
