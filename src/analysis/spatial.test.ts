/**
 * The spatial reading of a scenario: ideal positions read from any evaluator, saliences (absolute
 * when given, weights otherwise), powers, and the compromise model worked out by hand on the
 * backtest fixture test/fixtures/backtest/three-blocs.yaml.
 */
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../formats/native/load.ts';
import { fixturePath } from '../formats/native/test-support.ts';
import { compromisePositions, idealPosition, spatialProfile } from './spatial.ts';

describe('the spatial profile', () => {
  const blocs = loadScenarioFile(fixturePath('backtest/three-blocs.yaml'));

  it('reads positions from peaks, absolute saliences and powers', () => {
    const p = spatialProfile(blocs);
    expect(p.stances[0]?.map((s) => s.position)).toEqual([2, 8, 10]);
    expect(p.stances[1]?.map((s) => s.position)).toEqual([0, 40, 30]);
    expect(p.stances[0]?.map((s) => s.salience)).toEqual([0.8, 0.4, 1]);
    expect(p.stances[0]?.map((s) => s.power)).toEqual([1, 0.5, 0.25]);
  });

  it('gives the compromise: positions weighted by salience × power', () => {
    const [ambition, fund] = compromisePositions(spatialProfile(blocs));
    // (0.8·1·2 + 0.4·0.5·8 + 1·0.25·10) / (0.8 + 0.2 + 0.25) = 5.7 / 1.25
    expect(ambition).toBeCloseTo(4.56, 12);
    // (0.5·1·0 + 1·0.5·40 + 0.6·0.25·30) / (0.5 + 0.5 + 0.15) = 24.5 / 1.15
    expect(fund).toBeCloseTo(24.5 / 1.15, 12);
  });

  it('reads ideal positions from tables and lines, with weights as saliences and power 1 by default', () => {
    const trade = loadScenarioFile(fixturePath('backtest/tariff-truce.yaml'));
    const [a, b] = trade.parties;
    if (!a || !b) throw new Error('two parties');
    expect(idealPosition(a, trade, 0)).toBe(2); // low
    expect(idealPosition(b, trade, 0)).toBe(0); // high
    expect(idealPosition(a, trade, 1)).toBe(6); // linear rising
    expect(idealPosition(b, trade, 1)).toBe(0);
    const p = spatialProfile(trade);
    expect(p.stances[1]?.map((s) => [s.salience, s.power])).toEqual([
      [0.3, 1],
      [0.4, 1],
    ]);
    // No compromise on a discrete issue; (0.3·6 + 0.4·0) / 0.7 on the months.
    expect(compromisePositions(p)).toEqual([null, expect.closeTo(1.8 / 0.7, 12)]);
  });
});
