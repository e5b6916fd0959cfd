/**
 * The shared-data helper (issue 10, item 19): LANCASTER_DATA moves the data root, and in CI a
 * missing corpus fails instead of skipping.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const HELPER = pathToFileURL(join(import.meta.dirname, 'data.ts')).href;

/** `hasData('genius')` in a fresh process with the given environment. */
function probe(env: Record<string, string>): { code: number; out: string } {
  const base = { ...process.env };
  delete base.CI;
  delete base.LANCASTER_DATA;
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      TSX,
      '-e',
      `import(${JSON.stringify(HELPER)}).then((m) => console.log(m.hasData('genius'), m.DATA_ROOT))`,
    ],
    { env: { ...base, ...env }, encoding: 'utf8' },
  );
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

describe('the shared data root', () => {
  const root = mkdtempSync(join(tmpdir(), 'lancaster-data-'));
  mkdirSync(join(root, 'genius'));
  const missing = join(root, 'nowhere');

  it('LANCASTER_DATA points at another data root', () => {
    const r = probe({ LANCASTER_DATA: root });
    expect(r.code).toBe(0);
    expect(r.out).toContain(`true ${root}`);
  });

  it('outside CI a missing corpus is a skip with a message', () => {
    const r = probe({ LANCASTER_DATA: missing });
    expect(r.code).toBe(0);
    expect(r.out).toContain('false');
    expect(r.out).toContain('skipped: the shared data');
  });

  it('in CI a missing corpus is a failure', () => {
    const r = probe({ LANCASTER_DATA: missing, CI: 'true' });
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('CI: the shared data');
  });
});
