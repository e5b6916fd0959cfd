/**
 * Counts as text, the same on every machine: no locale data is read (the first `toLocaleString`
 * of a process costs about 20 ms of ICU set-up, a tenth of a small `lancaster analyze`).
 */

/** `1234567` → `1,234,567`, independent of the machine's locale. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? '∞' : String(n);
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
