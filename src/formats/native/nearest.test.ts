/** "Did you mean" suggestions: close typos are found, unrelated names are not suggested. */
import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance, nearestName } from './nearest.ts';

describe('nearestName', () => {
  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('weigths', 'weights')).toBe(1);
    expect(editDistance('abc', 'abc')).toBe(0);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('suggests close names and nothing for unrelated ones', () => {
    const fields = ['weights', 'evaluators', 'regions', 'redLines'];
    expect(nearestName('weigths', fields)).toBe('weights');
    expect(nearestName('Evaluators', fields)).toBe('evaluators');
    expect(nearestName('redlines', fields)).toBe('redLines');
    expect(nearestName('principal', fields)).toBeUndefined();
    expect(nearestName('x', ['y'])).toBe('y');
    expect(didYouMean('colour', ['price'])).toBe('');
    expect(didYouMean('pricee', ['price'])).toBe('; did you mean `price`?');
  });
});
