/**
 * The strict JSON syntax check agrees with `JSON.parse` on what is valid JSON, and reports the
 * first error at the place where it is.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError } from './json-syntax.ts';

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('findJsonSyntaxError', () => {
  test.prop([fc.json()])('accepts whatever JSON.stringify writes', (text) => {
    expect(findJsonSyntaxError(text)).toBeUndefined();
  });

  const jsonish = fc.string({
    unit: fc.constantFrom(...'{}[],:"0123456789.-+eEtrufalsn\\ \n'.split('')),
    maxLength: 24,
  });
  test.prop([jsonish], { numRuns: 2000 })('agrees with JSON.parse on near-JSON text', (text) => {
    expect(findJsonSyntaxError(text) === undefined).toBe(parses(text));
  });

  test.prop([fc.json(), fc.nat(), fc.constantFrom(',', '}', ']', ':', '"', 'x')])(
    'agrees with JSON.parse when one character is inserted into valid JSON',
    (text, at, char) => {
      const i = at % (text.length + 1);
      const broken = text.slice(0, i) + char + text.slice(i);
      expect(findJsonSyntaxError(broken) === undefined).toBe(parses(broken));
    },
  );

  it.each([
    ['{"a": 1,}', 8, 'trailing comma'],
    ['[1, 2,]', 6, 'trailing comma'],
    ['{a: 1}', 1, 'property name in double quotes'],
    ['{"a": 01}', 7, 'invalid number'],
    ['{"a": 1} x', 9, 'after the end'],
    ['{"a": "x', 8, 'unterminated string'],
    ['', 0, 'expected a value'],
  ])('%j fails at offset %i (%s)', (text, offset, words) => {
    const e = findJsonSyntaxError(text);
    expect(e?.offset).toBe(offset);
    expect(e?.message).toContain(words);
  });
});
