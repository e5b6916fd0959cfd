/**
 * Reading a native scenario file from disk: the one part of loading that needs the file system,
 * kept apart from load.ts so that the reader itself stays pure and runs in a browser too.
 */
import { readFileSync } from 'node:fs';
import { LancasterError } from '../../errors.ts';
import type { Scenario } from '../../model/scenario.ts';
import { parseScenarioText } from './load.ts';

/**
 * Reads and parses a scenario file. A missing file is `FILE_NOT_FOUND`, an unreadable one
 * `FILE_UNREADABLE`; otherwise as `parseScenarioText`.
 *
 * @example
 * const scenario = loadScenarioFile('scenarios/london-2025.yaml');
 */
export function loadScenarioFile(path: string): Scenario {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const errno = (e as NodeJS.ErrnoException).code;
    if (errno === 'ENOENT') {
      throw new LancasterError({
        code: 'FILE_NOT_FOUND',
        file: path,
        message: 'no such scenario file',
        expected:
          'the path of an existing .yaml, .yml or .json scenario file (check the spelling and directory)',
      });
    }
    throw new LancasterError({
      code: 'FILE_UNREADABLE',
      file: path,
      message: `cannot read the file (${errno ?? (e as Error).message})`,
      expected: 'a readable scenario file, not a directory',
    });
  }
  return parseScenarioText(text, path);
}
