/**
 * The spatial negotiator: its concession exponent from power × salience, and what it does at the
 * table: a party strong on an issue it cares about ends nearer its ideal there than a weak one.
 * (Validity, determinism, red lines and resumption are the conformance suite's.)
 */
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../formats/native/load-file.ts';
import { fixturePath } from '../formats/native/test-support.ts';
import { runSession, SimulatedClock } from '../run/session.ts';
import { spatialExponent } from './spatial.ts';

describe('the spatial negotiator', () => {
  it('concedes linearly at r = 1/2, Boulware when strong, at once when indifferent', () => {
    expect(spatialExponent(0.5, 1)).toBe(1);
    expect(spatialExponent(0.9, 1)).toBeCloseTo(1 / 9, 12);
    expect(spatialExponent(1, 1)).toBe(0.05);
    expect(spatialExponent(0, 1)).toBe(20);
    expect(spatialExponent(0.5, 2)).toBe(2);
  });

  it('gives the stronger party more of what it wants, and agrees in a three-party session', () => {
    // test/fixtures/spatial/three-actors.yaml: the North (power 1) wants ambition 30, the South
    // (0.5) 80 and the islands (0.2) 100.
    const scenario = loadScenarioFile(fixturePath('spatial/three-actors.yaml'));
    const all = { north: 'spatial', south: 'spatial', islands: 'spatial' };
    const run = (negotiators: Record<string, string>) =>
      runSession(scenario, { seed: 3, negotiators, clock: new SimulatedClock(0) }).result;
    const result = run(all);
    expect(result?.status).toBe('agreement');
    const ambition = result?.agreement?.[0] as number;
    // Nearer the North's 30 than the unweighted mean of the three ideals (70).
    expect(ambition).toBeLessThan(70);
    // With the North weak, the agreement moves away from it.
    const weak = {
      ...scenario,
      parties: scenario.parties.map((p) => (p.id === 'north' ? { ...p, power: 0.05 } : p)),
    };
    const weakened = runSession(weak, { seed: 3, negotiators: all, clock: new SimulatedClock(0) }).result;
    expect(weakened?.agreement?.[0] as number).toBeGreaterThan(ambition);
  });
});
