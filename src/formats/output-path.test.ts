/** Output paths are checked before a job runs (issue 10, item 13). */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LancasterError } from '../errors.ts';
import { checkOutputPath } from './output-path.ts';

function problem(fn: () => void) {
  try {
    fn();
  } catch (e) {
    if (e instanceof LancasterError) return e.problems[0];
    throw e;
  }
  return undefined;
}

describe('checkOutputPath', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lancaster-out-'));
  const file = join(dir, 'file.txt');
  writeFileSync(file, 'x');
  mkdirSync(join(dir, 'folder'));

  it('accepts a new file in an existing or missing folder, an existing file, an existing folder to fill', () => {
    expect(problem(() => checkOutputPath(join(dir, 'new.html'), '--report'))).toBeUndefined();
    expect(problem(() => checkOutputPath(join(dir, 'a', 'b', 'new.html'), '--report'))).toBeUndefined();
    expect(problem(() => checkOutputPath(file, '--out'))).toBeUndefined();
    expect(problem(() => checkOutputPath(join(dir, 'folder'), '--genius', 'folder'))).toBeUndefined();
    expect(problem(() => checkOutputPath(join(dir, 'new-folder'), '--genius', 'folder'))).toBeUndefined();
  });

  it('refuses a folder given as a file, a file given as a folder, and a path inside a file', () => {
    expect(problem(() => checkOutputPath(join(dir, 'folder'), '--report'))).toMatchObject({
      code: 'FILE_UNWRITABLE',
      path: '--report',
      message: 'is a folder, not a file',
    });
    expect(problem(() => checkOutputPath(file, '--genius', 'folder'))?.message).toBe(
      'is a file, not a folder',
    );
    expect(problem(() => checkOutputPath(join(file, 'x', 'y.csv'), '--out'))?.message).toContain(
      'is a file, so nothing can be written inside it',
    );
  });
});
