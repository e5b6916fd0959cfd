/**
 * Reading a user's input file: one size cap for every format, the text checked to be UTF-8
 * without NUL bytes, and failures as `LancasterError`s that name the file. Every reader (native,
 * GENIUS, GeniusWeb, tournament specs) reads its files through here, so that no format silently
 * accepts a byte it cannot read: Node's decoder would turn an invalid byte into U+FFFD and carry
 * on, and a NUL would end up inside an id or a label.
 */

import { isUtf8 } from 'node:buffer';
import { readFileSync, statSync } from 'node:fs';
import { LancasterError, type Problem } from '../errors.ts';

/** The largest input file any reader accepts (32 MiB). */
export const MAX_INPUT_BYTES = 32 * 1024 * 1024;

/** How many bad places of one file are reported (each with its line and column). */
const REPORTED = 10;

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
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new LancasterError({
      code: 'FILE_UNREADABLE',
      file: path,
      message: `cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      expected: 'a readable file, not a directory',
    });
  }
  return decodeText(bytes, path);
}

/**
 * The text of `bytes` as UTF-8, or a `TEXT_ENCODING` error for each invalid byte sequence and NUL
 * byte (up to 10), with the line and column (in characters) where it stands. A UTF-16 file is
 * named as such, since it is the usual way to get here (an editor's "Unicode").
 *
 * @example
 * decodeText(Buffer.from('a: 1\n'), 'x.yaml'); // 'a: 1\n'
 * decodeText(Buffer.from([0x61, 0xff]), 'x.yaml'); // throws: x.yaml:1:2: byte 0xFF is not UTF-8 ...
 */
export function decodeText(bytes: Buffer, file: string): string {
  if (isUtf8(bytes) && bytes.indexOf(0) === -1) return bytes.toString('utf8');
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new LancasterError({
      code: 'TEXT_ENCODING',
      file,
      line: 1,
      column: 1,
      message: 'the file is UTF-16 (it starts with a UTF-16 byte order mark)',
      expected: 'a UTF-8 text file: save it again as UTF-8',
    });
  }
  const problems: Problem[] = [];
  let line = 1;
  let column = 1;
  let count = 0;
  let k = 0;
  while (k < bytes.length) {
    const b = bytes[k] as number;
    const n = sequenceLength(bytes, k);
    if (n === 0 || b === 0) {
      count++;
      if (problems.length < REPORTED) {
        const hex = `0x${b.toString(16).toUpperCase().padStart(2, '0')}`;
        problems.push({
          code: 'TEXT_ENCODING',
          file,
          line,
          column,
          message:
            b === 0
              ? 'a NUL byte (0x00) in the text'
              : `byte ${hex} is not UTF-8 (the file may be in another encoding, e.g. Latin-1 or Windows-1252)`,
          expected: 'a UTF-8 text file without NUL bytes: save it again as UTF-8',
        });
      }
      column++;
      k += 1;
      continue;
    }
    if (b === 0x0a) {
      line++;
      column = 1;
    } else {
      // A character outside the BMP is two UTF-16 units, as columns elsewhere count them.
      column += n === 4 ? 2 : 1;
    }
    k += n;
  }
  if (count > problems.length) {
    const last = problems[problems.length - 1] as Problem;
    problems[problems.length - 1] = {
      ...last,
      message: `${last.message}; ${count - problems.length} more bad bytes not listed`,
    };
  }
  throw new LancasterError(problems);
}

/** Length of the valid UTF-8 sequence at `k` (1–4), or 0 when the byte there starts none. */
function sequenceLength(bytes: Buffer, k: number): number {
  const b = bytes[k] as number;
  if (b < 0x80) return 1;
  const cont = (i: number) => {
    const c = bytes[k + i];
    return c !== undefined && c >= 0x80 && c <= 0xbf;
  };
  const c1 = bytes[k + 1] ?? 0;
  if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
  if (b >= 0xe0 && b <= 0xef) {
    // No overlong forms (E0 needs A0..BF) and no surrogates (ED needs 80..9F).
    if (b === 0xe0 && c1 < 0xa0) return 0;
    if (b === 0xed && c1 > 0x9f) return 0;
    return cont(1) && cont(2) ? 3 : 0;
  }
  if (b >= 0xf0 && b <= 0xf4) {
    if (b === 0xf0 && c1 < 0x90) return 0;
    if (b === 0xf4 && c1 > 0x8f) return 0;
    return cont(1) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}
