/**
 * Reading a user's input file: one size cap for every format and failures as `LancasterError`s
 * that name the file. Every reader (native, GENIUS, GeniusWeb) reads its files through here.
 */
import { readFileSync, statSync } from 'node:fs';
import { LancasterError } from '../errors.ts';

/** The largest input file any reader accepts (32 MiB). */
export const MAX_INPUT_BYTES = 32 * 1024 * 1024;

/** Reads a file's text with the size cap, mapping failures to `LancasterError`. */
export function readTextFile(path: string, maxBytes = MAX_INPUT_BYTES): string {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (e) {
    const errno = (e as NodeJS.ErrnoException).code;
    throw new LancasterError({
      code: errno === 'ENOENT' ? 'FILE_NOT_FOUND' : 'FILE_UNREADABLE',
      file: path,
      message:
        errno === 'ENOENT' ? 'no such file' : `cannot read the file (${errno ?? (e as Error).message})`,
      expected: 'the path of an existing, readable file',
    });
  }
  if (size > maxBytes) {
    throw new LancasterError({
      code: 'FILE_TOO_LARGE',
      file: path,
      message: `the file has ${size} bytes, more than the ${maxBytes} accepted`,
      expected: `a file under ${Math.round(maxBytes / 1024 / 1024)} MiB`,
    });
  }
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new LancasterError({
      code: 'FILE_UNREADABLE',
      file: path,
      message: `cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      expected: 'a readable file, not a directory',
    });
  }
}
