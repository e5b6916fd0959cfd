/**
 * Runs the `lancaster` binary as a user does, for the black-box tests: a real process, no colour,
 * a two-minute limit, and the exit code with both output streams.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
export const BIN = join(REPO_ROOT, 'bin', 'lancaster.js');

/** `lancaster …args` in `cwd` (default: the repository root). */
export function lancaster(
  args: readonly string[],
  cwd = REPO_ROOT,
): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
