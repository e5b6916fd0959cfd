/**
 * `loadScenarioAny` dispatches on what a path is, by content: a GENIUS folder, a GENIUS profile
 * (domain found among its siblings), a GeniusWeb JSON file, a native file, a shipped name. The
 * fixtures are written to a temporary folder, so the test needs no corpus.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { LancasterError } from '../errors.ts';
import { loadScenarioAny } from './load-any.ts';

const DOMAIN = `<negotiation_template><utility_space><objective index="0" name="Toy">
  <issue index="1" type="discrete" name="Fruit"><item index="1" value="apple"/><item index="2" value="pear"/></issue>
  <issue index="2" type="integer" name="Count" lowerbound="1" upperbound="3"/>
</objective></utility_space></negotiation_template>`;

function profile(apple: number, pear: number, slope: number, reservation?: number): string {
  return `<utility_space><objective index="0" name="Toy">
  <issue index="1" type="discrete" name="Fruit"><item index="1" value="apple" evaluation="${apple}"/><item index="2" value="pear" evaluation="${pear}"/></issue>
  <issue index="2" type="integer" name="Count" lowerbound="1" upperbound="3"><evaluator ftype="linear" offset="0" slope="${slope}"/></issue>
  <weight index="1" value="0.6"/><weight index="2" value="0.4"/>
</objective>${reservation === undefined ? '' : `<reservation value="${reservation}"/>`}</utility_space>`;
}

function geniusFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lancaster-any-'));
  // Names that say nothing: the kinds are found from the content.
  writeFileSync(join(dir, 'b.xml'), DOMAIN);
  writeFileSync(join(dir, 'z_seller_utility.xml'), profile(1, 3, 0.5, 0.2));
  writeFileSync(join(dir, 'a_buyer_utility.xml'), profile(4, 2, -0.5));
  writeFileSync(join(dir, 'pareto.xml'), '0.5, 1.0\n1.0, 0.5\n');
  return dir;
}

describe('loadScenarioAny', () => {
  test('a GENIUS folder: parties in sorted file-name order, SAOP, default deadline, warnings', () => {
    const { scenario, warnings } = loadScenarioAny(geniusFolder(), { rounds: 40 });
    expect(scenario.parties.map((p) => p.id)).toEqual(['a_buyer', 'z_seller']);
    expect(scenario.protocol.order).toEqual(['a_buyer', 'z_seller']);
    expect(scenario.protocol.rounds).toBe(40);
    expect(scenario.space.size).toBe(6);
    expect(warnings.map((w) => w.message)).toEqual([
      'no <reservation>: reservation value 0 (as GENIUS and NegMAS)',
    ]);
    const seller = scenario.parties[1];
    expect(seller?.reservationValue).toBe(0.2);
    // pear (3/3) and count 3 → 0.6 + 0.4·clamp01(0.5·2)
    expect(seller?.utility.evaluate([1, 3])).toBeCloseTo(1, 15);
    expect(seller?.utility.evaluate([0, 1])).toBeCloseTo(0.6 / 3, 15);
  });

  test('--parties picks profiles of a multilateral folder by file name', () => {
    const { scenario } = loadScenarioAny(geniusFolder(), { parties: ['z_seller_utility.xml'] });
    expect(scenario.parties.map((p) => p.id)).toEqual(['z_seller']);
    expect(() => loadScenarioAny(geniusFolder(), { parties: ['nobody.xml'] })).toThrow(LancasterError);
  });

  test('a GENIUS profile file finds its domain among its siblings', () => {
    const dir = geniusFolder();
    const { scenario } = loadScenarioAny(join(dir, 'a_buyer_utility.xml'));
    expect(scenario.parties.map((p) => p.id)).toEqual(['a_buyer']);
    expect(scenario.space.issues.map((i) => i.id)).toEqual(['fruit', 'count']);
  });

  test('GeniusWeb JSON is told from native JSON by content', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lancaster-gw-'));
    const domain = {
      name: 'toy',
      issuesValues: { fruit: { values: ['apple', 'pear'] }, count: { range: { low: 1, high: 3, step: 1 } } },
    };
    const prof = (name: string, w: number) => ({
      LinearAdditiveUtilitySpace: {
        name,
        domain,
        issueWeights: { fruit: w, count: 1 - w },
        issueUtilities: {
          fruit: { discreteutils: { valueUtilities: { apple: 1, pear: 0.5 } } },
          count: { numberutils: { lowValue: 1, lowUtility: 0, highValue: 3, highUtility: 1 } },
        },
        reservationBid: { issuevalues: { fruit: 'pear', count: 2 } },
      },
    });
    writeFileSync(join(dir, 'toy.json'), JSON.stringify(domain));
    writeFileSync(join(dir, 'toy1.json'), JSON.stringify(prof('toy1', 0.7)));
    writeFileSync(join(dir, 'toy2.json'), JSON.stringify(prof('toy2', 0.2)));
    const { scenario, warnings } = loadScenarioAny(join(dir, 'toy.json'));
    expect(scenario.parties.map((p) => p.id)).toEqual(['toy1', 'toy2']);
    expect(scenario.space.issues.map((i) => i.kind)).toEqual(['discrete', 'integer']);
    // The reservation bid's utility is the reservation value: 0.7·0.5 + 0.3·0.5.
    expect(scenario.parties[0]?.reservationValue).toBeCloseTo(0.5, 15);
    expect(warnings.filter((w) => /reservation bid/.test(w.message))).toHaveLength(2);
    expect(scenario.parties[1]?.utility.evaluate([0, 3])).toBeCloseTo(0.2 + 0.8, 15);
  });

  test('shipped names and native files load as before, with no warnings', () => {
    const r = loadScenarioAny('london-2025');
    expect(r.warnings).toEqual([]);
    expect(r.scenario.parties.map((p) => p.id)).toEqual(['us', 'china']);
  });

  test('a folder with no domain is a LancasterError naming the fix', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lancaster-empty-'));
    writeFileSync(join(dir, 'p.xml'), profile(1, 2, 0.1));
    expect(() => loadScenarioAny(dir)).toThrow(/no GENIUS domain file/);
  });
});
