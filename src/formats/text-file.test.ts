/**
 * Input text must be UTF-8 without NUL bytes (issue 10, item 8): every bad byte is an error with
 * the file, line and column where it stands, for every format, since every reader reads through
 * `readTextFile`.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioAny } from './load-any.ts';
import { problemsOf } from './native/test-support.ts';
import { decodeText, readTextFile } from './text-file.ts';

const problems = problemsOf;

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

describe('decodeText', () => {
  it('reads UTF-8, multi-byte characters and a byte order mark included', () => {
    expect(decodeText(bytes('\ufeffé – 中 😀\n'), 'x')).toBe('\ufeffé – 中 😀\n');
  });

  it('places an invalid byte by line and column (in characters)', () => {
    const p = problems(() => decodeText(bytes('a: 1\nlabel: é', [0xe9], ' x\n'), 'talks.yaml'));
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ code: 'TEXT_ENCODING', file: 'talks.yaml', line: 2, column: 9 });
    expect(p[0]?.message).toContain('byte 0xE9 is not UTF-8');
  });

  it('reports a NUL byte, and every bad place of the file', () => {
    const p = problems(() => decodeText(bytes('a', [0], 'b\n😀', [0xc3], '\n', [0xff]), 'x.xml'));
    expect(p.map((q) => [q.line, q.column])).toEqual([
      [1, 2],
      [2, 3],
      [3, 1],
    ]);
    expect(p[0]?.message).toContain('NUL');
  });

  it('refuses overlong forms, surrogates and a sequence cut at the end', () => {
    for (const bad of [
      [0xc0, 0xaf],
      [0xe0, 0x80, 0xaf],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0xe2, 0x82],
    ]) {
      expect(problems(() => decodeText(bytes('ok ', bad), 'x'))[0]).toMatchObject({ line: 1, column: 4 });
    }
  });

  it('names a UTF-16 file', () => {
    const p = problems(() => decodeText(Buffer.from('\ufeffa: 1', 'utf16le'), 'x.yaml'));
    expect(p[0]?.message).toContain('UTF-16');
  });

  it('stops listing after ten, and says how many more', () => {
    const p = problems(() => decodeText(Buffer.from(new Array(25).fill(0xff)), 'x'));
    expect(p).toHaveLength(10);
    expect(p[9]?.message).toContain('15 more bad bytes');
  });
});

describe('every format reads through readTextFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lancaster-text-'));

  it('a native scenario with a Latin-1 byte is refused with its place', () => {
    const file = join(dir, 'latin1.yaml');
    writeFileSync(file, bytes('version: 1\nid: x\ntitle: Caf', [0xe9], '\n'));
    expect(problems(() => loadScenarioAny(file))[0]).toMatchObject({
      code: 'TEXT_ENCODING',
      file,
      line: 3,
      column: 11,
    });
    expect(problems(() => readTextFile(file))[0]?.code).toBe('TEXT_ENCODING');
  });

  it('a GENIUS folder whose domain holds a NUL is refused with its place', () => {
    const genius = join(dir, 'genius');
    mkdirSync(genius);
    writeFileSync(join(genius, 'domain.xml'), bytes('<negotiation_template>\n<utility_space>', [0], '\n'));
    expect(problems(() => loadScenarioAny(genius))[0]).toMatchObject({
      code: 'TEXT_ENCODING',
      line: 2,
      column: 16,
    });
  });

  it('a GeniusWeb JSON file with an invalid byte is refused with its place', () => {
    const file = join(dir, 'profile.json');
    writeFileSync(file, bytes('{"LinearAdditiveUtilitySpace": {"name": "x', [0xfe], '"}}'));
    expect(problems(() => loadScenarioAny(file))[0]).toMatchObject({
      code: 'TEXT_ENCODING',
      line: 1,
      column: 43,
    });
  });
});
