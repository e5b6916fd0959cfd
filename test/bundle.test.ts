/**
 * The CLI's main thread as it ships: bundle/cli.cjs compiled from its V8 code cache by
 * bin/load-cli.js (scripts/bundle.mjs). The cache that the build saved is the one V8 uses, also
 * after the folder moves; a cache made for another cli.cjs is never used, and the CLI still runs
 * without it; and a module of
 * Lancaster's that the main thread loads by URL is the copy inside cli.cjs (one `LancasterError`),
 * so its errors print as the user's errors, not as a bug.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lancaster, REPO_ROOT } from './support/cli.ts';

/** Loads the CLI with the loader in `root`/bin and prints how it used the code cache. */
function cacheUse(root: string): { use: string; main: string } {
  const r = spawnSync(
    process.execPath,
    [
      '-e',
      `const l = require(${JSON.stringify(join(root, 'bin', 'load-cli.js'))}); const cli = l.loadCli(); console.log(JSON.stringify({ use: l.codeCacheUse(), main: typeof cli.main }));`,
    ],
    { encoding: 'utf8' },
  );
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

const temp: string[] = [];
afterAll(() => {
  for (const d of temp) rmSync(d, { recursive: true, force: true });
});

describe('the code cache', () => {
  it('is used for the cli.cjs it was made from', () => {
    expect(cacheUse(REPO_ROOT)).toEqual({ use: 'used', main: 'function' });
  });

  it('goes with the folder when it moves, and is not used for another build of cli.cjs', () => {
    const root = mkdtempSync(join(tmpdir(), 'lancaster-cache-'));
    temp.push(root);
    mkdirSync(join(root, 'bin'));
    mkdirSync(join(root, 'bundle'));
    copyFileSync(join(REPO_ROOT, 'bin', 'load-cli.js'), join(root, 'bin', 'load-cli.js'));
    writeFileSync(join(root, 'bin', 'package.json'), '{ "type": "commonjs" }\n');
    copyFileSync(join(REPO_ROOT, 'package.json'), join(root, 'package.json'));
    for (const f of ['cli.cjs', 'cli.cjs.cache'])
      copyFileSync(join(REPO_ROOT, 'bundle', f), join(root, 'bundle', f));
    // A copy (new paths, new modification times) keeps its cache.
    expect(cacheUse(root)).toEqual({ use: 'used', main: 'function' });
    // Another build of the same length (its id differs): the cache is left alone, the CLI loads.
    const file = join(root, 'bundle', 'cli.cjs');
    const text = readFileSync(file, 'latin1');
    const id = /^\/\* lancaster build (\w+) \*\//.exec(text)?.[1];
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    const other = [...(id as string)].reverse().join('');
    writeFileSync(file, text.replace(id as string, other === id ? '0'.repeat(16) : other), 'latin1');
    expect(readFileSync(file).length).toBe(text.length);
    expect(cacheUse(root)).toEqual({ use: 'none', main: 'function' });
  });
});

describe('modules the main thread loads by URL', () => {
  it("are cli.cjs's own: a tournament's malformed native scenario is the user's error", () => {
    const dir = mkdtempSync(join(tmpdir(), 'lancaster-bundle-'));
    temp.push(dir);
    writeFileSync(join(dir, 'bad.yaml'), 'version: 1\nid: bad\nissues: [\n');
    writeFileSync(
      join(dir, 'spec.yaml'),
      `version: 1\nid: t\nnegotiators: [boulware, conceder]\nscenarios: [${JSON.stringify(join(dir, 'bad.yaml'))}]\nrepetitions: 1\n`,
    );
    const r = lancaster([
      'tournament',
      join(dir, 'spec.yaml'),
      '--workers',
      '1',
      '--db',
      join(dir, 'r.sqlite'),
    ]);
    expect(r.stderr).not.toMatch(/bug in Lancaster/);
    expect(r.stderr).toMatch(/bad\.yaml:\d+:\d+/);
    expect(r.code).toBe(2);
  });
});
