/**
 * Where the tests and benchmarks find the shared data (GENIUS and GeniusWeb domains, Decide data):
 * `$LANCASTER_DATA` when set, else `../shared/data` beside the repository. A test that needs a part
 * of it asks `hasData(part)`: locally a missing part skips with a message, but in CI (`CI=true`)
 * it is a failure, so that CI never passes by skipping what it claims to check.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

/** The data root: `$LANCASTER_DATA`, or `../shared/data` beside the repository. */
export const DATA_ROOT = resolve(process.env.LANCASTER_DATA || join(REPO_ROOT, '..', 'shared', 'data'));

/** A path inside the data root, e.g. `dataPath('genius', 'anac2011_Camera')`. */
export function dataPath(...parts: string[]): string {
  return join(DATA_ROOT, ...parts);
}

/** Whether the process runs in CI, where missing data is an error. */
export function inCI(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
}

/**
 * Whether `dataPath(...parts)` exists. When it does not: in CI this throws (the test file fails);
 * elsewhere it warns once, naming what is skipped, and returns false.
 *
 * @example
 * describe.skipIf(!hasData('genius'))('GENIUS corpus', () => { … });
 */
export function hasData(...parts: string[]): boolean {
  const path = dataPath(...parts);
  if (existsSync(path)) return true;
  const why = `the shared data ${path} is missing (set LANCASTER_DATA to the data root, or put shared/data beside the repository)`;
  if (inCI()) throw new Error(`CI: ${why}; tests that need it cannot be skipped in CI`);
  if (!warned.has(path)) {
    warned.add(path);
    console.warn(`skipped: ${why}`);
  }
  return false;
}

const warned = new Set<string>();
