import { describe, expect, it } from 'vitest';
import { LancasterError } from '../errors.ts';
import { parseNegotiatorAssignments, parsePositiveInt, parseSeed } from './options.ts';

describe('CLI option parsing', () => {
  it('splits negotiator assignments only before a party id', () => {
    expect(
      parseNegotiatorAssignments('us=boulware:e=0.2,accept=next,china=conceder', ['us', 'china']),
    ).toEqual({
      us: 'boulware:e=0.2,accept=next',
      china: 'conceder',
    });
    expect(parseNegotiatorAssignments('china=timedep:e=0.5,k=0.1', ['us', 'china'])).toEqual({
      china: 'timedep:e=0.5,k=0.1',
    });
  });

  it('rejects unknown parties, duplicates and empty specs with BAD_OPTION', () => {
    for (const bad of ['mars=boulware', 'us=a,us=b', 'us=', 'boulware']) {
      try {
        parseNegotiatorAssignments(bad, ['us', 'china']);
        expect.unreachable(bad);
      } catch (e) {
        expect(e).toBeInstanceOf(LancasterError);
        expect((e as LancasterError).code).toBe('BAD_OPTION');
      }
    }
  });

  it('parses seeds and positive integers', () => {
    expect(parseSeed('0')).toBe(0);
    expect(parseSeed('123')).toBe(123);
    expect(() => parseSeed('-1')).toThrow(LancasterError);
    expect(() => parseSeed('1.5')).toThrow(/not a seed/);
    expect(parsePositiveInt('--top', '5')).toBe(5);
    expect(() => parsePositiveInt('--top', '0')).toThrow(/--top/);
  });
});
