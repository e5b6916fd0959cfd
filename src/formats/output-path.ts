/**
 * Checking where a command will write before it does the work: a report, an export, a results or
 * sessions database. A forecast of an hour must not fail at the end because `--report` names a
 * folder or a file inside a file; every command that takes an output path checks it here first,
 * and `writeFileAtomic` then writes it.
 */
import { accessSync, constants, type Stats, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LancasterError } from '../errors.ts';

/** What kind of output a path names: a file to write, or a folder to fill. */
export type OutputKind = 'file' | 'folder';

function fail(path: string, option: string, message: string, expected: string): never {
  throw new LancasterError({ code: 'FILE_UNWRITABLE', file: path, path: option, message, expected });
}

/** The stat of `path`, or undefined when nothing is there (also when a parent is a file). */
function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw e;
  }
}

function isWritable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Throws `FILE_UNWRITABLE` (exit 2), naming `option`, unless `path` can be written as `kind`: an
 * existing file must be a writable file (not a folder), an existing folder a writable folder, and
 * a path that does not exist yet must have as its nearest existing ancestor a writable folder
 * (missing folders are created when writing).
 *
 * @example
 * checkOutputPath('reports/talks.html', '--report'); // fine in a writable working folder
 * checkOutputPath('/etc', '--report'); // throws: /etc is a folder, not a file
 */
export function checkOutputPath(path: string, option: string, kind: OutputKind = 'file'): void {
  const target = resolve(path);
  const stat = statOf(target);
  if (stat) {
    if (kind === 'file' && stat.isDirectory())
      fail(path, option, 'is a folder, not a file', `the path of a file to write, e.g. ${path}/out`);
    if (kind === 'folder' && !stat.isDirectory())
      fail(path, option, 'is a file, not a folder', 'the path of a folder to write into');
    if (!isWritable(target)) fail(path, option, 'cannot be written (no permission)', 'a writable path');
    return;
  }
  let ancestor = dirname(target);
  for (;;) {
    const s = statOf(ancestor);
    if (s) {
      if (!s.isDirectory())
        fail(
          path,
          option,
          `${ancestor} is a file, so nothing can be written inside it`,
          'a path inside a folder',
        );
      if (!isWritable(ancestor))
        fail(path, option, `the folder ${ancestor} cannot be written (no permission)`, 'a writable folder');
      return;
    }
    const up = dirname(ancestor);
    if (up === ancestor) return;
    ancestor = up;
  }
}
