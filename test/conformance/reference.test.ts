/**
 * The independent GENIUS reference follows GENIUS exactly (issue 10, item 16): the total is capped
 * at 1 and not floored, so the conformance check can tell the model's floor at 0 from a clamp bug.
 */
import { describe, expect, it } from 'vitest';
import { refDomain, refProfile } from './reference.ts';

const DOMAIN = `<negotiation_template><utility_space><objective index="0" name="x">
  <issue index="1" name="price" type="real"><range lowerbound="0" upperbound="10"/></issue>
  <issue index="2" name="colour" type="discrete"><item index="1" value="red"/><item index="2" value="blue"/></issue>
</objective></utility_space></negotiation_template>`;

function profile(p0: number, p1: number, weights: [number, number]): string {
  return `<utility_space><objective index="0" name="x">
  <issue index="1" name="price" type="real"><evaluator ftype="linear" parameter0="${p0}" parameter1="${p1}"/></issue>
  <issue index="2" name="colour" type="discrete"><item index="1" value="red" evaluation="2"/><item index="2" value="blue" evaluation="1"/></issue>
  <weight index="1" value="${weights[0]}"/><weight index="2" value="${weights[1]}"/>
</objective></utility_space>`;
}

describe('the GENIUS reference', () => {
  const domain = refDomain(DOMAIN);

  it('leaves a negative total negative, as GENIUS does', () => {
    const u = refProfile(profile(-1, 0.05, [0.5, 0.5]), domain);
    // 0.5·(−1 + 0.05·2) + 0.5·(1/2) = −0.2
    expect(u([2, 'blue'])).toBeCloseTo(-0.2, 12);
  });

  it('caps the total at 1', () => {
    const u = refProfile(profile(0, 0.2, [0.9, 0.9]), domain);
    expect(u([10, 'red'])).toBe(1);
    expect(u([0, 'blue'])).toBeCloseTo(0.45, 12);
  });
});
