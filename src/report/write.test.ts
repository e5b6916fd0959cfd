/**
 * Tests of the atomic report writer on a real temporary directory: the target gets the whole
 * content, directories are created, an existing report is replaced, and no temporary file is
 * left behind, on success or on failure.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeReportAtomically } from './write.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lancaster-report-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeReportAtomically', () => {
  it('creates the directory and writes the whole content, leaving no temporary file', async () => {
    const target = join(dir, 'a', 'b', 'report.html');
    const html = `<!doctype html><p>${'é'.repeat(300_000)}</p>`;
    await writeReportAtomically(target, html);
    expect(await readFile(target, 'utf8')).toBe(html);
    expect(await readdir(join(dir, 'a', 'b'))).toEqual(['report.html']);
  });

  it('replaces an existing report', async () => {
    const target = join(dir, 'report.html');
    await writeFile(target, 'old');
    await writeReportAtomically(target, 'new');
    expect(await readFile(target, 'utf8')).toBe('new');
    expect(await readdir(dir)).toEqual(['report.html']);
  });

  it('fails without leaving a temporary file when the target cannot be replaced', async () => {
    const target = join(dir, 'taken');
    await mkdir(join(target, 'inside'), { recursive: true });
    await expect(writeReportAtomically(target, 'x')).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['taken']);
  });
});
