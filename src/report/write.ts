/**
 * Writing a report to disk so that a reader never sees half a file: the HTML goes to a temporary
 * file in the target's own directory (same file system, so the rename is atomic), is flushed, and
 * is then renamed over the target. A crash or a full disk leaves the old report, or none, and no
 * stray temporary file. This is the one module of the report that touches the file system.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `html` to `path` atomically, creating the directory when needed.
 *
 * @example
 * await writeReportAtomically('reports/london-2025-seed1.html', renderReport(input));
 */
export async function writeReportAtomically(path: string, html: string): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const file = await open(tmp, 'wx');
    try {
      await file.writeFile(html, 'utf8');
      // Flush before the rename: otherwise a crash can leave the new name pointing at an empty file.
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => {});
    throw err;
  }
}
