/**
 * The one way Lancaster writes a user-facing file (reports, exports, tournament results): the text
 * goes to a temporary file in the target's own folder (same file system, so the rename is atomic),
 * is flushed to disk, and is renamed over the target. A reader never sees half a file; a crash or a
 * full disk leaves the old file, or none, and no stray temporary file.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { LancasterError } from '../errors.ts';

/** Temporary files written by this module instance (one per thread) so far: part of the next one's name. */
let written = 0;

/**
 * Writes `text` to `path` atomically, creating its folder when needed. A failure (no permission,
 * the target is a folder, a full disk) is a `FILE_UNWRITABLE` error naming the path.
 *
 * @example
 * writeFileAtomic('reports/london-2025-seed1.html', html);
 */
export function writeFileAtomic(path: string, text: string): void {
  const dir = dirname(path);
  // Unique to this process and write; the random part keeps the threads of one process, and two
  // processes that reuse a pid, apart. The name needs no secrecy: it is created exclusively ('wx',
  // which neither follows a symbolic link nor opens a file already there), so nobody can make it
  // point elsewhere. (Not node:crypto's randomBytes: loading that module costs every command
  // several milliseconds.)
  const unique = `${process.pid}.${++written}.${Math.random().toString(36).slice(2, 10)}`;
  const tmp = join(dir, `.${basename(path)}.${unique}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    const fd = openSync(tmp, 'wx');
    try {
      writeSync(fd, text, null, 'utf8');
      // Flush before the rename: otherwise a crash can leave the new name pointing at an empty file.
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new LancasterError({
      code: 'FILE_UNWRITABLE',
      file: path,
      message: `cannot write the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      expected: 'a writable path whose folder exists or can be created, not an existing folder',
    });
  }
}
