import { describe, expect, it } from 'vitest';
import { LancasterError } from '../errors.ts';
import type { Party } from '../model/party.ts';
import { twoIssueScenario } from '../run/test-scenarios.ts';
import {
  acAll,
  acAny,
  acConst,
  acceptanceFromSpec,
  acNext,
  acTime,
  decideAcceptance,
  rationalFloor,
} from './acceptance.ts';
import { parseSpec } from './spec.ts';
import type { ParamValue } from './types.ts';

const input = (t: number, offerUtility: number, nextBidUtility: number | null) => ({
  t,
  offerUtility,
  nextBidUtility,
});

describe('acceptance conditions', () => {
  it('AC_next compares a·u(offer) + b with the next bid', () => {
    expect(acNext()(input(0, 0.7, 0.7))).toBe(true);
    expect(acNext()(input(0, 0.69, 0.7))).toBe(false);
    expect(acNext(1, 0.05)(input(0, 0.66, 0.7))).toBe(true);
    expect(acNext(1.1, 0)(input(0, 0.6, 0.7))).toBe(false);
    expect(acNext(1.2, 0)(input(0, 0.6, 0.7))).toBe(true);
    expect(acNext()(input(0, 0.1, null))).toBe(true);
  });

  it('AC_const and AC_time', () => {
    expect(acConst(0.8)(input(0, 0.8, 1))).toBe(true);
    expect(acConst(0.8)(input(1, 0.79, 0))).toBe(false);
    expect(acTime(0.9)(input(0.89, 1, 0))).toBe(false);
    expect(acTime(0.9)(input(0.9, 0, 1))).toBe(true);
  });

  it('any and all combine', () => {
    const any = acAny(acConst(0.9), acTime(0.5));
    const all = acAll(acConst(0.5), acTime(0.5));
    expect(any(input(0.1, 0.95, 1))).toBe(true);
    expect(any(input(0.6, 0.1, 1))).toBe(true);
    expect(any(input(0.1, 0.1, 1))).toBe(false);
    expect(all(input(0.6, 0.6, 1))).toBe(true);
    expect(all(input(0.4, 0.6, 1))).toBe(false);
    expect(all(input(0.6, 0.4, 1))).toBe(false);
  });
});

describe('acceptanceFromSpec', () => {
  const from = (text: string) =>
    acceptanceFromSpec(parseSpec(`x:accept=${text}`).params.accept as ParamValue);

  it('builds conditions from spec values, with defaults', () => {
    expect(from('next')(input(0, 0.5, 0.5))).toBe(true);
    expect(from('next(b=0.1)')(input(0, 0.45, 0.5))).toBe(true);
    expect(from('const(c=0.8)')(input(0, 0.79, 0))).toBe(false);
    const combo = from('any(next,const(c=0.8),time(t=0.98))');
    expect(combo(input(0.5, 0.81, 1))).toBe(true);
    expect(combo(input(0.99, 0, 1))).toBe(true);
    expect(combo(input(0.5, 0.5, 0.9))).toBe(false);
    expect(from('all(time(t=0.5),const(c=0.3))')(input(0.6, 0.2, 0))).toBe(false);
  });

  it.each([
    ['nope', /unknown acceptance condition 'nope'/],
    ['const', /'c' is required/],
    ['const(c=high)', /'c' is "high"/],
    ['time(t=2)', /\[0, 1\]/],
    ['next(z=1)', /unknown parameter 'z'/],
    ['next(1)', /unknown parameter '#0'/],
    ['any()', /at least one condition/],
    ['any(next,bogus)', /unknown acceptance condition 'bogus'/],
    ['any(c=1)', /unknown parameter 'c'/],
    ['3', /not an acceptance condition/],
  ])('rejects %s', (text, message) => {
    let err: unknown;
    try {
      from(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LancasterError);
    expect((err as LancasterError).code).toBe('BAD_NEGOTIATOR_SPEC');
    expect((err as LancasterError).message).toMatch(message);
  });
});

describe('the rational floor and discounting', () => {
  const s = twoIssueScenario();
  const buyer = s.parties[0] as Party;
  const alwaysYes = acConst(Number.NEGATIVE_INFINITY);

  it('never accepts an offer that crosses a red line or is below the reservation value', () => {
    expect(rationalFloor(buyer, [5, 0])).toBe(false); // red line: top price
    expect(rationalFloor(buyer, [4, 3])).toBe(false); // 0.14 < 0.2
    expect(rationalFloor(buyer, [3, 0])).toBe(true);
    expect(decideAcceptance(buyer, [5, 0], 1, null, alwaysYes)).toBe(false);
    expect(decideAcceptance(buyer, [4, 3], 1, 0, acTime(0))).toBe(false);
    expect(decideAcceptance(buyer, [3, 0], 1, 1, alwaysYes)).toBe(true);
  });

  it('conditions see discounted utilities when the discount factor is below 1', () => {
    const discountedBuyer: Party = { ...buyer, discountFactor: 0.5 };
    const offer = [1, 0]; // u = 0.7·0.8 + 0.3·1 = 0.86
    const u = buyer.utility.evaluate(offer);
    expect(u).toBeCloseTo(0.86, 12);
    expect(decideAcceptance(discountedBuyer, offer, 0, null, acConst(0.8))).toBe(true);
    expect(decideAcceptance(discountedBuyer, offer, 1, null, acConst(0.8))).toBe(false); // 0.43 at t = 1
    expect(decideAcceptance(discountedBuyer, offer, 1, null, acConst(u * 0.5))).toBe(true);
    // AC_next discounts both sides alike, so its verdict does not move with time.
    expect(decideAcceptance(discountedBuyer, offer, 1, u, acNext())).toBe(true);
    expect(decideAcceptance(discountedBuyer, offer, 1, u + 0.01, acNext())).toBe(false);
    // Undiscounted parties are unaffected.
    expect(decideAcceptance(buyer, offer, 1, null, acConst(0.8))).toBe(true);
  });
});
