/**
 * Vitest global setup: the black-box tests run the `lancaster` binary, which runs the compiled
 * JavaScript bundled in bundle/. Rebuild both (tsc incrementally, then the bundle: about 4 s when
 * nothing changed) before any test, so a test never runs yesterday's build of today's source.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { REPO_ROOT } from './cli.ts';

export default function buildOnce(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    throw new Error(`the compiled build (tsc -p tsconfig.build.json) failed:\n${r.stdout}${r.stderr}`);
  }
  const b = spawnSync(process.execPath, ['scripts/bundle.mjs'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (b.status !== 0) throw new Error(`the bundle (node scripts/bundle.mjs) failed:\n${b.stdout}${b.stderr}`);
}
