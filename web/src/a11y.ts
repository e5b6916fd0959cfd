/**
 * Accessibility helpers of the table, pure so that they are tested without a browser: the WCAG 2
 * contrast ratio of two colours (the parties' colours are chosen to pass AA for text), and what a
 * screen reader should hear when the session moves on. The table announces events (the other
 * side's new offer, the principals deciding, the end of the talks) in a polite live region, never
 * the clock, which ticks every second and would drown them.
 */
import type { SeatView, Status } from './types.ts';

/** WCAG 2's least contrast for normal text at level AA. */
export const AA_TEXT = 4.5;

/** The relative luminance of an sRGB colour written `#rrggbb` (or `#rgb`), as WCAG 2 defines it. */
export function relativeLuminance(hex: string): number {
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  const h =
    (m[1] as string).length === 3 ? [...(m[1] as string)].map((c) => c + c).join('') : (m[1] as string);
  const channel = (k: number): number => {
    const c = Number.parseInt(h.slice(2 * k, 2 * k + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

/**
 * The contrast ratio of two colours, from 1 (none) to 21 (black on white).
 *
 * @example
 * contrastRatio('#000000', '#ffffff'); // 21
 */
export function contrastRatio(a: string, b: string): number {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** The words of a status for an announcement. */
const ENDED: Partial<Record<Status, string>> = {
  agreement: 'an agreement, ratified',
  vetoed: 'no deal: a principal vetoed the agreement',
  deadline: 'no deal: the deadline passed',
  'walked-away': 'no deal: a side walked away',
  error: 'an error',
  timeout: 'no deal: a turn ran out of time',
};

const fmt = (u: number): string => u.toFixed(2);

/**
 * What to announce when the seat's view changes from `before` to `after`, or null when nothing
 * worth interrupting for happened (the clock ticking, a reconnection, the seat's own offer going out).
 *
 * @example
 * announcement(before, after); // 'Round 3: China made a new offer, worth 0.42 to you (no deal: 0.30). Your move.'
 */
export function announcement(before: SeatView | null, after: SeatView): string | null {
  const me = after.you.party.id;
  const label = (id: string) => after.others.find((o) => o.id === id)?.label ?? id;
  const over = (s: Status) => s in ENDED;
  if (before === null) return null;
  if (!over(before.status) && over(after.status)) {
    const result = after.result ? ` Your result is worth ${fmt(after.result.utilityToYou)} to you.` : '';
    return `The talks have ended: ${ENDED[after.status]}.${result}`;
  }
  if (before.status !== 'ratifying' && after.status === 'ratifying')
    return 'The delegations agreed. The principals are deciding whether to ratify.';
  const fresh = after.offers.filter((o) => o.step > before.step && o.by !== me);
  const latest = fresh.at(-1);
  if (latest) {
    const previous = [...after.offers].reverse().find((o) => o.by === latest.by && o.step < latest.step);
    const same =
      previous !== undefined &&
      Object.keys(latest.outcome).every((k) => latest.outcome[k] === previous.outcome[k]);
    const what = same ? 'repeated its offer' : 'made a new offer';
    const turn = after.yourTurn ? ' Your move.' : '';
    // The round leads, so that the same words in a later round are still a change to announce.
    return `Round ${latest.round + 1}: ${label(latest.by)} ${what}, worth ${fmt(latest.utilityToYou)} to you (no deal: ${fmt(after.you.reservationValue)}).${turn}`;
  }
  if (!before.yourTurn && after.yourTurn && after.status === 'running') return 'Your move.';
  return null;
}
