/** Times of the sittings in the brief, as people read them; pure, so it is tested without a browser. */

/**
 * A sitting's time as people read it: "13:00–20:00 (UTC+01:00)". The clock times are shown as
 * written in the scenario (local time where the talks are held), not in the reader's time zone.
 */
export function sittingTime(start?: string, end?: string): string {
  const parse = (iso?: string) => {
    const m = iso ? /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2})?(Z|[+-]\d{2}:\d{2})?$/.exec(iso) : null;
    return m ? { date: m[1], time: m[2], zone: m[3] === 'Z' ? '+00:00' : m[3] } : null;
  };
  const a = parse(start);
  const b = parse(end);
  if (!a && !b) return [start, end].filter(Boolean).join(' – ') || '—';
  const zone = a?.zone ?? b?.zone;
  const span =
    a && b && a.date === b.date ? `${a.time}–${b.time}` : [a?.time, b?.time].filter(Boolean).join('–');
  return zone ? `${span} (UTC${zone})` : span;
}
