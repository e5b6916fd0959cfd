/**
 * Helpers shared by the loader tests: reading fixtures, collecting the problems a load reports,
 * and finding where a piece of text sits in a fixture, so that expected line and column numbers
 * come from the fixture itself and cannot drift when a fixture is edited.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LancasterError, type Problem } from '../../errors.ts';
import { parseScenarioText } from './load.ts';

/** Absolute path of a file under `test/fixtures/`. */
export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`../../../test/fixtures/${name}`, import.meta.url));
}

/** Text of a file under `test/fixtures/`. */
export function fixtureText(name: string): string {
  return readFileSync(fixturePath(name), 'utf8');
}

/** The problems `fn` throws as a `LancasterError`; fails the test when it throws nothing or something else. */
export function problemsOf(fn: () => unknown): readonly Problem[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof LancasterError) return e.problems;
    throw e;
  }
  throw new Error('expected a LancasterError, but nothing was thrown');
}

/** Problems of parsing `text` as the file `file`. */
export function problemsOfText(text: string, file = 'test.yaml'): readonly Problem[] {
  return problemsOf(() => parseScenarioText(text, file));
}

/**
 * 1-based line and column of `needle` on the only line of `text` that contains `lineMarker`
 * (`needle` defaults to the marker itself). Throws when the marker is not on exactly one line.
 */
export function positionIn(
  text: string,
  lineMarker: string,
  needle = lineMarker,
): { line: number; column: number } {
  const lines = text.split('\n');
  const hits = lines.flatMap((l, i) => (l.includes(lineMarker) ? [i] : []));
  if (hits.length !== 1)
    throw new Error(`${JSON.stringify(lineMarker)} is on ${hits.length} lines, expected 1`);
  const i = hits[0] as number;
  const column = (lines[i] as string).indexOf(needle);
  if (column < 0)
    throw new Error(`${JSON.stringify(needle)} is not on the line of ${JSON.stringify(lineMarker)}`);
  return { line: i + 1, column: column + 1 };
}

/** Replaces the only occurrence of `from` in `text`; throws when it is not there exactly once. */
export function replaceOnce(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0)
    throw new Error(`${JSON.stringify(from)} must occur exactly once`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/**
 * A bilateral scenario's data with one discrete issue `big` of `n` values (`v0`, `v1`, …) and a table
 * of evaluations per party (party `b` mirrors `a`), for the tests of large files. `evaluationKey`
 * names the table's keys (a misspelt key tests the suggestions); `redLines: false` leaves out each
 * party's red line on the three lowest values.
 */
export function bigScenarioData(
  n: number,
  { evaluationKey = (i: number) => `v${i}`, redLines = true } = {},
): Record<string, unknown> {
  const ids = Array.from({ length: n }, (_, i) => `v${i}`);
  const party = (id: string, flip: boolean) => ({
    id,
    label: id,
    reservationValue: 0.1,
    weights: { big: 1 },
    evaluators: {
      big: Object.fromEntries(ids.map((_, i) => [evaluationKey(i), flip ? 1 - i / (n - 1) : i / (n - 1)])),
    },
    ...(redLines
      ? { redLines: [{ id: 'no-low', label: 'no low values', forbid: { big: ids.slice(0, 3) } }] }
      : {}),
  });
  return {
    version: 1,
    id: 'big',
    title: 'Big',
    issues: [{ id: 'big', label: 'Big', type: 'discrete', values: ids.map((id) => ({ id, label: id })) }],
    parties: [party('a', false), party('b', true)],
    protocol: { type: 'saop', deadline: { rounds: 10 } },
  };
}
