/**
 * Where the Python side of the external-negotiator tests lives: Debian's python3 (`$LANCASTER_PYTHON`,
 * else /usr/bin/python3, else python3 on the PATH) and the NegMAS anchors (`$LANCASTER_ANCHORS`, else
 * ../shared/anchors/python beside the repository). Missing ones skip a test locally with a message
 * and fail it in CI (CI=true), as missing data does (data.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { inCI, REPO_ROOT } from './data.ts';

export const PYTHON =
  process.env.LANCASTER_PYTHON || (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');

export const ANCHORS = resolve(
  process.env.LANCASTER_ANCHORS || join(REPO_ROOT, '..', 'shared', 'anchors', 'python'),
);

export const CLIENTS = join(REPO_ROOT, 'clients', 'python');

const warned = new Set<string>();

function available(what: string, check: () => boolean, why: string): boolean {
  if (check()) return true;
  if (inCI()) throw new Error(`CI: ${why}; tests that need it cannot be skipped in CI`);
  if (!warned.has(what)) {
    warned.add(what);
    console.warn(`skipped: ${why}`);
  }
  return false;
}

const runs = (args: string[], env: NodeJS.ProcessEnv = process.env) =>
  spawnSync(PYTHON, args, { env, encoding: 'utf8', timeout: 60_000 }).status === 0;

/** Whether python3 (3.9 or later) runs. */
export function hasPython(): boolean {
  return available(
    'python',
    () => runs(['-c', 'import sys; assert sys.version_info >= (3, 9)']),
    `${PYTHON} (3.9 or later) is missing (install Debian's python3, or set LANCASTER_PYTHON)`,
  );
}

/** Whether NegMAS and negmas_genius_agents import from the anchors with this python. */
export function hasNegmas(): boolean {
  return available(
    'negmas',
    () =>
      existsSync(ANCHORS) &&
      runs(['-c', 'import negmas.sao, negmas_genius_agents'], { ...process.env, PYTHONPATH: ANCHORS }),
    `NegMAS cannot be imported from ${ANCHORS} with ${PYTHON} (install the Debian packages listed in its README, or set LANCASTER_ANCHORS)`,
  );
}

/** An `external:` spec running the NegMAS adapter on `negotiatorClass`. */
export function negmasSpec(negotiatorClass: string): string {
  return `external:env PYTHONPATH=${ANCHORS} ${PYTHON} ${join(CLIENTS, 'negmas_adapter.py')} ${negotiatorClass}`;
}
