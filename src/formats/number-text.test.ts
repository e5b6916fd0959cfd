/** A number that differs from its target never prints as the target (issue 10, item 11). */
import { describe, expect, it } from 'vitest';
import { differingText } from './number-text.ts';

describe('differingText', () => {
  it('adds digits until the difference shows', () => {
    expect(differingText(1.00000005, 1)).toBe('1.00000005');
    expect(differingText(1 + 2e-10, 1)).toBe('1.0000000002');
    expect(differingText(1 + Number.EPSILON, 1)).toBe(String(1 + Number.EPSILON));
    expect(differingText(0.9999998123, 1)).toBe('0.99999981');
    expect(differingText(1.9, 1)).toBe('1.9');
    expect(differingText(1, 1)).toBe('1');
  });
});
