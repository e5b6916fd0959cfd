/**
 * Reading a native scenario file from disk: the one part of loading that needs the file system,
 * kept apart from load.ts so that the reader itself stays pure and runs in a browser too (the web
 * app's scenario studio checks documents with it).
 */
import { LancasterError } from '../../errors.ts';
import type { Scenario } from '../../model/scenario.ts';
import { readTextFile } from '../text-file.ts';
import { parseScenarioText } from './load.ts';

/**
 * Reads and parses a scenario file (through `readTextFile`: size cap, UTF-8 without NUL). A
 * missing file is `FILE_NOT_FOUND`, an unreadable one `FILE_UNREADABLE`; otherwise as
 * `parseScenarioText`.
 *
 * @example
 * const scenario = loadScenarioFile('scenarios/london-2025.yaml');
 */
export function loadScenarioFile(path: string): Scenario {
  let text: string;
  try {
    text = readTextFile(path);
  } catch (e) {
    if (!(e instanceof LancasterError) || e.code !== 'FILE_NOT_FOUND') throw e;
    throw new LancasterError({
      code: 'FILE_NOT_FOUND',
      file: path,
      message: 'no such scenario file',
      expected:
        'the path of an existing .yaml, .yml or .json scenario file (check the spelling and directory)',
    });
  }
  return parseScenarioText(text, path);
}
