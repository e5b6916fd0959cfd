/**
 * Damaging an SQLite file as a failing disk or a stray write would: one bit flipped at a chosen
 * place. `flipBitInPage` flips a bit of a b-tree page's header (its cell count), damage that
 * `PRAGMA quick_check` must find; `flipBitAt` flips any byte's bit; `flipBitInText` damages a
 * row's text.
 */
import { readFileSync, writeFileSync } from 'node:fs';

/** The page size of an SQLite file, from its header (bytes 16–17, big-endian; 1 means 65,536). */
export function pageSizeOf(file: string): number {
  const head = readFileSync(file).subarray(16, 18);
  const n = head.readUInt16BE(0);
  return n === 1 ? 65_536 : n;
}

/** Flips bit `bit` (0–7) of the byte at `offset`. */
export function flipBitAt(file: string, offset: number, bit = 4): void {
  const buf = readFileSync(file);
  if (offset < 0 || offset >= buf.length) throw new RangeError(`offset ${offset} is outside ${file}`);
  buf[offset] = (buf[offset] as number) ^ (1 << bit);
  writeFileSync(file, buf);
}

/** Flips a bit of the cell count in the header of page `page` (1-based; page 1's header follows the file header). */
export function flipBitInPage(file: string, page = 2): void {
  const size = pageSizeOf(file);
  const start = (page - 1) * size + (page === 1 ? 100 : 0);
  flipBitAt(file, start + 3, 4);
}

/**
 * Flips bit `bit` of the byte at `index` within every occurrence of `text` in the file: SQLite
 * leaves stale copies of moved rows in the free space of its pages, so only flipping them all is
 * sure to reach the live one. Returns how many were flipped (throws when there is none).
 */
export function flipBitInText(file: string, text: string, index: number, bit = 4): number {
  const buf = readFileSync(file);
  const needle = Buffer.from(text, 'utf8');
  let n = 0;
  for (let k = buf.indexOf(needle); k >= 0; k = buf.indexOf(needle, k + 1)) {
    buf[k + index] = (buf[k + index] as number) ^ (1 << bit);
    n++;
  }
  if (n === 0) throw new Error(`'${text}' is not in ${file}`);
  writeFileSync(file, buf);
  return n;
}
