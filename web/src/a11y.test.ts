/**
 * Tests of the table's accessibility helpers: the contrast ratio against WCAG's own reference
 * values, the parties' colours (in the charts and in the style sheet) against AA on every
 * background they are written on, and what the live region says as a session moves on.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AA_TEXT, announcement, contrastRatio, relativeLuminance } from './a11y.ts';
import type { SeatView } from './types.ts';

const CSS = readFileSync(new URL('./styles.css', import.meta.url), 'utf8');
/** The charts' colours, read from plots.tsx (a .tsx module the root type-check does not compile). */
const PLOTS = readFileSync(new URL('./plots.tsx', import.meta.url), 'utf8');
const chartColour = (key: string): string => {
  const m = new RegExp(`\\n\\s*${key}: '(#[0-9a-fA-F]{6})'`).exec(PLOTS);
  if (!m) throw new Error(`COLORS.${key} is not set in plots.tsx`);
  return m[1] as string;
};
const COLORS = { a: chartColour('a'), b: chartColour('b') };
const cssVar = (name: string): string => {
  const m = new RegExp(`--${name}:\\s*(#[0-9a-fA-F]{3,6})`).exec(CSS);
  if (!m) throw new Error(`--${name} is not set in styles.css`);
  return m[1] as string;
};

describe('contrastRatio', () => {
  it('gives WCAG’s reference values', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 10);
    expect(contrastRatio('#fff', '#ffffff')).toBe(1);
    expect(relativeLuminance('#ffffff')).toBe(1);
    expect(relativeLuminance('#000')).toBe(0);
    // Mid grey #777 on white is the classic just-failing pair (4.48:1).
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    // The orange the issue measured: 4.05:1 on white, which fails AA.
    expect(contrastRatio('#d4571c', '#ffffff')).toBeCloseTo(4.05, 2);
    // Symmetric.
    expect(contrastRatio('#ffffff', '#1d5fbf')).toBe(contrastRatio('#1d5fbf', '#ffffff'));
  });

  it('refuses what is not a colour', () => {
    expect(() => relativeLuminance('orange')).toThrow(/not a #rrggbb/);
  });

  it('passes AA for both parties’ colours, in the charts and the style sheet, on every background they sit on', () => {
    const backgrounds = ['#ffffff', cssVar('bg'), '#eef0f3'];
    expect(cssVar('orange').toLowerCase()).toBe(COLORS.b);
    expect(cssVar('blue').toLowerCase()).toBe(COLORS.a);
    for (const colour of [COLORS.a, COLORS.b])
      for (const bg of backgrounds)
        expect(contrastRatio(colour, bg), `${colour} on ${bg}`).toBeGreaterThanOrEqual(AA_TEXT);
  });
});

/** A seat view of the US at London with the given offers (China is the other side). */
function view(over: Partial<SeatView> & { offers?: SeatView['offers'] } = {}): SeatView {
  return {
    role: 'seat',
    sessionId: 's',
    step: over.offers?.at(-1)?.step ?? -1,
    status: 'running',
    yourTurn: true,
    you: { party: { id: 'us', label: 'United States' }, reservationValue: 0.3 },
    others: [{ id: 'china', label: 'China' }],
    offers: [],
    table: null,
    chair: null,
    result: null,
    ...over,
  } as unknown as SeatView;
}

const offer = (step: number, by: string, eda: string, u: number) => ({
  step,
  round: Math.floor(step / 2),
  by,
  outcome: { eda, rare: 'slow' },
  utilityToYou: u,
});

describe('announcement', () => {
  it('announces the other side’s new offer with its worth, and whose move it is', () => {
    const before = view({ offers: [offer(0, 'us', 'halted', 1)], yourTurn: false });
    const after = view({ offers: [offer(0, 'us', 'halted', 1), offer(1, 'china', 'restored', 0.42)] });
    expect(announcement(before, after)).toBe(
      'Round 1: China made a new offer, worth 0.42 to you (no deal: 0.30). Your move.',
    );
  });

  it('says when the other side only repeated its offer', () => {
    const offers = [offer(1, 'china', 'restored', 0.42), offer(2, 'us', 'halted', 1)];
    const after = view({ offers: [...offers, offer(3, 'china', 'restored', 0.42)] });
    expect(announcement(view({ offers, yourTurn: false }), after)).toBe(
      'Round 2: China repeated its offer, worth 0.42 to you (no deal: 0.30). Your move.',
    );
  });

  it('says nothing for a tick of the clock, a reconnection or the seat’s own offer', () => {
    const v = view({ offers: [offer(0, 'china', 'restored', 0.4)] });
    expect(announcement(null, v)).toBeNull();
    expect(announcement(v, { ...v })).toBeNull();
    const mine = view({
      offers: [offer(0, 'china', 'restored', 0.4), offer(1, 'us', 'halted', 1)],
      yourTurn: false,
    });
    expect(announcement(v, mine)).toBeNull();
  });

  it('announces the principals deciding and the end of the talks, with the result', () => {
    const v = view({ offers: [offer(0, 'china', 'restored', 0.5)] });
    expect(announcement(v, { ...v, status: 'ratifying', yourTurn: false })).toBe(
      'The delegations agreed. The principals are deciding whether to ratify.',
    );
    const ended = {
      ...v,
      status: 'agreement' as const,
      yourTurn: false,
      result: { status: 'agreement' as const, agreement: null, utilityToYou: 0.5, rounds: 3 },
    };
    expect(announcement({ ...v, status: 'ratifying' }, ended)).toBe(
      'The talks have ended: an agreement, ratified. Your result is worth 0.50 to you.',
    );
  });
});
