import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LancasterError } from '../errors.ts';
import { formatSpec, parseSpec, positionalParams, type SpecNode } from './spec.ts';
import type { NegotiatorParams, ParamValue } from './types.ts';

describe('parseSpec', () => {
  it('parses names, numbers, booleans, words and nested specs', () => {
    expect(parseSpec('boulware')).toEqual({ name: 'boulware', params: {} });
    expect(parseSpec('timedep:e=0.5,k=-1e-3,fast=true,slow=false,label=day-1')).toEqual({
      name: 'timedep',
      params: { e: 0.5, k: -0.001, fast: true, slow: false, label: 'day-1' },
    });
    expect(parseSpec('boulware:e=0.2,accept=next(a=1,b=0)')).toEqual({
      name: 'boulware',
      params: { e: 0.2, accept: { name: 'next', params: { a: 1, b: 0 } } },
    });
  });

  it('parses positional nested specs for combinators', () => {
    const s = parseSpec('linear:accept=any(next,const(c=0.8),time(t=0.98))');
    const accept = s.params.accept as { name: string; params: NegotiatorParams };
    expect(accept.name).toBe('any');
    expect(positionalParams(accept.params)).toEqual([
      'next',
      { name: 'const', params: { c: 0.8 } },
      { name: 'time', params: { t: 0.98 } },
    ]);
  });

  it('ignores spaces between tokens and accepts empty nested parameter lists', () => {
    expect(parseSpec('  boulware : e = 0.2 , accept = all( next() , time(t=1) ) ')).toEqual(
      parseSpec('boulware:e=0.2,accept=all(next(),time(t=1))'),
    );
    expect(parseSpec('x:a=f()').params.a).toEqual({ name: 'f', params: {} });
  });

  const bad: [string, number, RegExp][] = [
    ['', 1, /negotiator name/],
    ['boulware:', 10, /value/],
    ['boulware:e=', 12, /value/],
    ['boulware:e=0.2,', 16, /value/],
    ['boulware:e=0.2x', 15, /delimiter/],
    ['boulware:e=0.2,e=0.3', 16, /given twice/],
    ['boulware:accept=any(next', 25, /',' or '\)'/],
    ['boulware:accept=any(next))', 26, /',' or the end/],
    ['boulware e=1', 10, /',' or the end/],
    ['boulware(e=1)', 9, /':' before the parameters/],
    ['9lives', 1, /negotiator name/],
    ['x:a=-', 5, /value/],
    ['x:a=1e999', 5, /finite/],
    ['x:__proto__=1', 3, /__proto__/],
  ];
  it.each(bad)('rejects %j at column %i', (spec, column, expected) => {
    let err: unknown;
    try {
      parseSpec(spec);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LancasterError);
    const problem = (err as LancasterError).problems[0];
    expect(problem?.code).toBe('BAD_NEGOTIATOR_SPEC');
    expect(problem?.column).toBe(column);
    expect(`${problem?.message} ${problem?.expected}`).toMatch(expected);
    expect(problem?.message).toContain(`column ${column}`);
  });
});

describe('formatSpec', () => {
  it('writes the canonical form', () => {
    expect(formatSpec({ name: 'boulware', params: {} })).toBe('boulware');
    expect(
      formatSpec({
        name: 'b',
        params: { e: 0.2, accept: { name: 'any', params: { 1: { name: 'f', params: {} }, 0: 'next' } } },
      }),
    ).toBe('b:e=0.2,accept=any(next,f())');
  });

  it('refuses what cannot be parsed back', () => {
    const cases: SpecNode[] = [
      { name: 'x', params: { a: 'two words' } },
      { name: 'x', params: { a: 'true' } },
      { name: 'x', params: { a: Number.NaN } },
      { name: 'x y', params: {} },
      { name: 'x', params: { 1: 2 } },
    ];
    for (const c of cases) expect(() => formatSpec(c)).toThrow(LancasterError);
  });

  const word = fc
    .stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,6}$/)
    .filter((w) => w !== 'true' && w !== 'false');
  const value: fc.Arbitrary<ParamValue> = fc.letrec<{ value: ParamValue; params: NegotiatorParams }>(
    (tie) => ({
      value: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => x + 0), // -0 prints as 0
        fc.boolean(),
        word,
        fc.record({ name: word, params: tie('params') }),
      ),
      params: fc
        .tuple(
          fc.array(tie('value'), { maxLength: 3 }),
          fc.dictionary(
            word.filter((w) => w !== '__proto__'),
            tie('value'),
            { maxKeys: 3 },
          ),
        )
        .map(([positional, named]) => {
          const p: Record<string, ParamValue> = {};
          positional.forEach((v, i) => {
            p[String(i)] = v;
          });
          return Object.assign(p, named);
        }),
    }),
  ).value;

  it('round-trips: parseSpec(formatSpec(s)) equals s', () => {
    fc.assert(
      fc.property(
        word,
        fc.dictionary(
          word.filter((w) => w !== '__proto__'),
          value,
          { maxKeys: 4 },
        ),
        (name, params) => {
          const spec: SpecNode = { name, params };
          const text = formatSpec(spec);
          expect(parseSpec(text)).toEqual(spec);
          expect(formatSpec(parseSpec(text))).toBe(text);
        },
      ),
      { numRuns: 300 },
    );
  });
});
