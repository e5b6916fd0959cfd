/**
 * Writing a report to disk atomically (see `formats/write-atomic.ts`: temporary file in the same
 * folder, flushed, renamed over the target). Async so callers can await it like any I/O.
 */
import { writeFileAtomic } from '../formats/write-atomic.ts';

/**
 * Writes `html` to `path` atomically, creating the directory when needed.
 *
 * @example
 * await writeReportAtomically('reports/london-2025-seed1.html', renderReport(input));
 */
export async function writeReportAtomically(path: string, html: string): Promise<void> {
  writeFileAtomic(path, html);
}
