/**
 * `--set` overrides: paths by id and index, created and deleted keys, an untouched input, BAD_OVERRIDE
 * problems naming what exists, and the rebalancing of the weights not set.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { applyOverrides } from './overrides.ts';
import { problemsOf } from './test-support.ts';

const data = {
  parties: [
    {
      id: 'us',
      reservationValue: 0.3,
      redLines: [{ id: 'no_lift', forbid: { advanced_chips: ['lifted'] } }],
    },
    { id: 'china', reservationValue: 0.2 },
  ],
  protocol: {
    deadline: { rounds: 10 },
    schedule: [
      { label: 'a', rounds: 4 },
      { label: 'b', rounds: 6 },
    ],
  },
  impacts: [{ id: 'imports', noDeal: 25 }],
};

function problemOf(sets: string[]) {
  return problemsOf(() => applyOverrides(data, sets))[0];
}

describe('applyOverrides', () => {
  it('sets by id, by index, creates a missing last key and deletes on null', () => {
    const out = applyOverrides(data, [
      'parties.us.reservationValue=0.5',
      'parties.us.redLines.no_lift.forbid.advanced_chips=[lifted, h20]',
      'protocol.schedule.1.rounds={range: [4, 8]}',
      'impacts.imports.noDeal={ value: 30, sources: [https://example.org] }',
      'parties.china.discountFactor=0.9',
      'protocol.deadline=null',
    ]) as typeof data & { parties: { discountFactor?: number }[] };
    expect(out.parties[0]?.reservationValue).toBe(0.5);
    expect(out.parties[0]?.redLines?.[0]?.forbid.advanced_chips).toEqual(['lifted', 'h20']);
    expect(out.protocol.schedule[1]?.rounds).toEqual({ range: [4, 8] });
    expect(out.impacts[0]?.noDeal).toEqual({ value: 30, sources: ['https://example.org'] });
    expect(out.parties[1]?.discountFactor).toBe(0.9);
    expect('deadline' in out.protocol).toBe(false);
  });

  it('never changes its input', () => {
    const before = structuredClone(data);
    applyOverrides(data, ['parties.us.reservationValue=0.5', 'protocol.schedule.0=null']);
    expect(data).toEqual(before);
  });

  test.prop([
    fc.constantFrom(
      'parties.us.reservationValue',
      'parties.china.reservationValue',
      'protocol.schedule.0.rounds',
      'impacts.imports.noDeal',
    ),
    fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer(),
      fc.array(fc.integer(), { maxLength: 3 }),
    ),
  ])('setting then reading back gives the value', (path, value) => {
    const out = applyOverrides(data, [`${path}=${JSON.stringify(value)}`]);
    let cur: unknown = out;
    for (const seg of path.split('.')) {
      cur = Array.isArray(cur)
        ? (cur.find((x) => (x as { id?: string }).id === seg) ?? cur[Number(seg)])
        : (cur as Record<string, unknown>)[seg];
    }
    // Through JSON, as on a command line: -0 is written "0".
    expect(cur).toEqual(JSON.parse(JSON.stringify(value)));
  });

  it('names the argument, the failing segment and the alternatives', () => {
    const p = problemOf(['parties.uss.reservationValue=0.5']);
    expect(p).toMatchObject({ code: 'BAD_OVERRIDE' });
    expect(p?.message).toContain('--set parties.uss.reservationValue=0.5');
    expect(p?.message).toContain('"uss"');
    expect(p?.message).toContain('did you mean');
    expect(p?.expected).toContain('us or china');

    const q = problemOf(['parties.us.reservationValu.x=1']);
    expect(q?.message).toContain('parties.us has no key "reservationValu"');
    expect(q?.expected).toContain('reservationValue');

    expect(problemOf(['protocol.schedule.7.rounds=3'])?.expected).toContain('index 0 to 1');
    expect(problemOf(['parties.us.reservationValue.value=1'])?.message).toContain('single value');
    expect(problemOf(['parties.us.reservationValue'])?.message).toContain('no `=`');
    expect(problemOf(['parties..us=1'])?.message).toContain('empty segment');
    expect(problemOf(['parties.us.reservationValue={a: 1'])?.message).toContain('not valid YAML');
  });
});

describe('weight overrides', () => {
  const raw = {
    parties: [
      {
        id: 'us',
        weights: { a: 0.5, b: { triangular: [0.2, 0.3, 0.4] }, c: { value: 0.2, sources: ['x'] } },
      },
      { id: 'gen', weightsSum: 'asWritten', weights: { a: 0.5, b: 0.5 } },
    ],
  };

  it('rescales the weights not set so that the point values still sum to 1', () => {
    const out = applyOverrides(raw, ['parties.us.weights.a=0.75']) as typeof raw;
    const w = out.parties[0]?.weights as Record<string, unknown>;
    expect(w.a).toBe(0.75);
    // b and c shared 0.5 as 0.3 : 0.2; they now share 0.25 alike, whole distributions scaled.
    expect((w.b as { triangular: number[] }).triangular.map((x) => Number(x.toFixed(12)))).toEqual([
      0.1, 0.15, 0.2,
    ]);
    expect(w.c).toEqual({ value: 0.1, sources: ['x'] });
  });

  it('shares what is left equally when the weights not set were all 0', () => {
    const zeros = { parties: [{ id: 'p', weights: { a: 1, b: 0, c: 0 } }] };
    const out = applyOverrides(zeros, ['parties.p.weights.a=0.4']) as typeof zeros;
    expect(out.parties[0]?.weights).toEqual({ a: 0.4, b: 0.3, c: 0.3 });
  });

  it('keeps a scaled-up distribution inside [0, 1] without moving its point value', () => {
    const tight = {
      parties: [{ id: 'p', weights: { a: 0.9, b: { triangular: [0.05, 0.1, 0.15] } } }],
    };
    const out = applyOverrides(tight, ['parties.p.weights.a=0.2']) as typeof tight;
    const b = out.parties[0]?.weights.b as { triangular: number[] };
    expect(b.triangular.map((x) => Number(x.toFixed(12)))).toEqual([0.4, 0.8, 1]);
    const wide = { parties: [{ id: 'p', weights: { a: 0.8, b: { range: [0, 0.4] } } }] };
    const r = (applyOverrides(wide, ['parties.p.weights.a=0.4']) as typeof wide).parties[0]?.weights.b;
    // The midpoint 0.6 stays; the range narrows to fit.
    expect((r as { range: number[] }).range.map((x) => Number(x.toFixed(12)))).toEqual([0.2, 1]);
  });

  it('leaves a party whose weights are taken as written alone', () => {
    const out = applyOverrides(raw, ['parties.gen.weights.a=0.9']) as typeof raw;
    expect(out.parties[1]?.weights).toEqual({ a: 0.9, b: 0.5 });
  });
});
