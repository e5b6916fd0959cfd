/**
 * The Equal Gain exchange model and the power-weighted Nash solution over positions: an exchange
 * worked out by hand (two actors, two issues), determinism for a seed, the Nash point's optimality
 * (no nearby point does better) and symmetry; and, where the shared Decide data are present, the
 * compromise and the deterministic exchange run exactly as the Decide package computes them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { loadDecideFile } from '../formats/decide/load.ts';
import type { Issue } from '../model/issues.ts';
import { exchangeModel } from './exchange.ts';
import { compromisePositions, nashPositions, type SpatialProfile, spatialProfile } from './spatial.ts';

const scale = (id: string): Issue => ({ kind: 'real', id, label: id, min: 0, max: 100 });

/** A profile from positions, saliences and powers (actors × issues). */
function profile(
  positions: number[][],
  saliences: number[][],
  powers: number[],
  reservation = 0,
): SpatialProfile {
  const issues = positions[0]?.map((_, d) => scale(`i${d}`)) ?? [];
  return {
    issues,
    parties: powers.map((_, a) => ({ id: `a${a}`, label: `a${a}`, reservationValue: reservation })),
    stances: issues.map((_, d) =>
      powers.map((power, a) => ({
        position: positions[a]?.[d] as number,
        salience: saliences[a]?.[d] as number,
        power,
      })),
    ),
  };
}

describe('the Equal Gain exchange model', () => {
  it('makes the exchange worked out by hand: both gain 15, the outcomes move to 100 and 0', () => {
    // i cares about issue 0 (0.9 against 0.3), j about issue 1; they stand at opposite ends.
    const p = profile(
      [
        [100, 100],
        [0, 0],
      ],
      [
        [0.9, 0.3],
        [0.3, 0.9],
      ],
      [1, 1],
    );
    expect(compromisePositions(p)).toEqual([75, 25]);
    const r = exchangeModel(p);
    const first = r.exchanges.filter((e) => e.round === 1);
    expect(first).toHaveLength(1);
    const [e] = first;
    // j moves its vote on issue 0 from 0 to 100; i its vote on issue 1 from 100 to 0.
    expect(e).toMatchObject({ round: 1, i: 0, j: 1, p: 0, q: 1, jOnP: [0, 100], iOnQ: [100, 0] });
    // Outcome shifts of 25 each way: 0.9·25 − 0.3·25 = 15 for both.
    expect(e?.gain).toBeCloseTo(15, 12);
    expect(r.byRound[0]).toEqual([100, 0]);
    // The next round starts 0.4 × (1 − 0.3) + 0.1 = 38% of the way from each position to the vote.
    const second = r.exchanges.find((x) => x.round === 2);
    expect(second?.jOnP[0]).toBeCloseTo(38, 9);
    expect(second?.iOnQ[0]).toBeCloseTo(62, 9);
    for (const [a, b] of r.byRound) {
      expect(a).toBeCloseTo(100, 9);
      expect(b).toBeCloseTo(0, 9);
    }
    expect(r.byRound).toHaveLength(10);
  });

  it('makes no exchange between actors on the same side, or with the same relative interest', () => {
    const same = profile(
      [
        [100, 100],
        [90, 0],
        [0, 50],
      ],
      [
        [0.9, 0.3],
        [0.3, 0.9],
        [0.5, 0.5],
      ],
      [1, 1, 1],
    );
    // Actors 0 and 1 start on the same side of issue 0's outcome: no trade between them in round 1.
    expect(exchangeModel(same).exchanges.filter((e) => e.round === 1 && e.i + e.j === 1)).toEqual([]);
    const alike = profile(
      [
        [100, 100],
        [0, 0],
      ],
      [
        [0.6, 0.3],
        [0.4, 0.2],
      ],
      [1, 1],
    );
    expect(exchangeModel(alike).exchanges).toEqual([]);
  });

  it('computes in binary doubles on request, the same exchange as in decimals here', () => {
    const p = profile(
      [
        [100, 100],
        [0, 0],
      ],
      [
        [0.9, 0.3],
        [0.3, 0.9],
      ],
      [1, 1],
    );
    const bin = exchangeModel(p, { arithmetic: 'binary' });
    const dec = exchangeModel(p);
    expect(bin.exchanges.length).toBe(dec.exchanges.length);
    for (const [d, x] of bin.positions.entries()) expect(x).toBeCloseTo(dec.positions[d] as number, 9);
  });

  test.prop([fc.integer({ min: 0, max: 1000 })])('is deterministic for a seed', (seed) => {
    const p = profile(
      [
        [100, 0, 40],
        [0, 100, 60],
        [50, 50, 0],
        [20, 80, 100],
      ],
      [
        [0.9, 0.3, 0.5],
        [0.3, 0.9, 0.5],
        [0.5, 0.5, 0.9],
        [0.6, 0.6, 0.3],
      ],
      [1, 0.5, 0.5, 0.25],
    );
    expect(exchangeModel(p, { seed })).toEqual(exchangeModel(p, { seed }));
  });
});

describe('the power-weighted Nash solution over positions', () => {
  it('lies midway between two equal parties on one issue', () => {
    const [x] = nashPositions(profile([[20], [80]], [[1], [1]], [1, 1]));
    expect(x).toBeCloseTo(50, 6);
  });

  it('leans towards the more powerful party', () => {
    const [x] = nashPositions(profile([[20], [80]], [[1], [1]], [1, 0.25]));
    expect(x as number).toBeLessThan(50);
  });

  test.prop([
    fc.array(
      fc.record({
        positions: fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 })),
        saliences: fc.tuple(
          fc.double({ min: 0.05, max: 1, noNaN: true }),
          fc.double({ min: 0.05, max: 1, noNaN: true }),
        ),
        power: fc.double({ min: 0.05, max: 1, noNaN: true }),
      }),
      { minLength: 2, maxLength: 5 },
    ),
  ])('no nearby point does better', (actors) => {
    const p = profile(
      actors.map((a) => [...a.positions]),
      actors.map((a) => [...a.saliences]),
      actors.map((a) => a.power),
    );
    const x = nashPositions(p) as number[];
    const value = (y: readonly number[]) =>
      actors.reduce((f, a) => {
        const sum = a.saliences[0] + a.saliences[1];
        const u = a.positions.reduce(
          (s, pos, d) => s + (a.saliences[d as 0 | 1] / sum) * (1 - Math.abs((y[d] as number) - pos) / 100),
          0,
        );
        return f + a.power * Math.log(u);
      }, 0);
    const best = value(x);
    for (const [dx, dy] of [
      [1, 0],
      [-1, 0],
      [0, 1],
      [0, -1],
      [0.7, 0.7],
      [-0.7, 0.7],
      [0.7, -0.7],
      [-0.7, -0.7],
    ]) {
      const y = [
        Math.min(100, Math.max(0, (x[0] as number) + (dx as number))),
        Math.min(100, Math.max(0, (x[1] as number) + (dy as number))),
      ];
      expect(value(y)).toBeLessThanOrEqual(best + 1e-9);
    }
  });
});

const SHARED = resolve(import.meta.dirname, '../../../shared/data/decide');
const REFERENCE = `${SHARED}/decide-exchange-reference-outputs.json`;

describe.skipIf(!existsSync(REFERENCE))(
  'against the Decide package’s own outputs (../shared/data/decide)',
  () => {
    const reference = JSON.parse(readFileSync(REFERENCE, 'utf8')).datasets as Record<
      string,
      Record<string, { compromise: number; exchange_deterministic: number }>
    >;
    // The reference ran COP21 from the tab-separated file; both files hold the same numbers.
    const files: Record<string, string> = {
      'cop21-paris-2015.csv': 'cop21-paris-2015.tab.csv',
      'copenhagen-2009.csv': 'copenhagen-2009.csv',
    };
    for (const [name, file] of Object.entries(files)) {
      const scenario = loadDecideFile(`${SHARED}/${file}`, { uncertainty: false }).scenario;
      const expected = Object.values(reference[name] ?? {});

      it(`${name}: gives Decide's compromise on every issue`, () => {
        const ours = compromisePositions(spatialProfile(scenario));
        expect(ours).toHaveLength(expected.length);
        for (const [d, x] of ours.entries())
          expect(x).toBeCloseTo((expected[d] as { compromise: number }).compromise, 3);
      });

      it(`${name}: gives Decide's deterministic exchange run on every issue (to 1e-3)`, () => {
        const ours = exchangeModel(spatialProfile(scenario)).positions;
        expect(ours).toHaveLength(expected.length);
        for (const [d, x] of ours.entries())
          expect(x).toBeCloseTo(
            (expected[d] as { exchange_deterministic: number }).exchange_deterministic,
            3,
          );
      }, 120_000);
    }
  },
);
