/**
 * Tests of parameter paths in words, on the shipped London scenario (whose labels are known from
 * its file) and on every parameter of every shipped scenario (none left as a bare path).
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../formats/native/load-file.ts';
import { parameterLabel } from './labels.ts';

const SCENARIOS = fileURLToPath(new URL('../../scenarios/', import.meta.url));
const london = loadScenarioFile(`${SCENARIOS}london-2025.yaml`);

describe('parameterLabel', () => {
  it.each([
    ['parties.us.weights.rare_earths', 'United States: weight of Rare-earth and magnet export licences'],
    [
      'parties.us.evaluators.advanced_chips.h20_case_by_case',
      'United States: score of “H20-class licensed case by case” on Advanced AI chips (H20 and above)',
    ],
    ['parties.china.reservationValue', 'China: reservation value'],
    ['parties.us.principal.ratificationThreshold', 'Donald Trump’s ratification threshold (United States)'],
    [
      'parties.us.regions.0.value',
      'United States: linked term “Restoring COMAC engine licences while rare earths stay at status quo”',
    ],
    ['protocol.schedule.1.rounds', 'Rounds of the sitting “Day 2 (Tue 10 June)”'],
    ['forecast.negotiators.us.0.params.e', 'United States: parameter e of the boulware strategy'],
    ['impacts.us_ethane_exports_to_china.noDeal', 'US ethane exports to China, without a deal'],
    [
      'impacts.us_magnet_imports.perIssue.rare_earths.selective',
      'US imports of rare-earth magnets from China, if Rare-earth and magnet export licences is “Faster approvals for selected firms”',
    ],
  ])('%s', (path, words) => {
    expect(parameterLabel(london, path)).toBe(words);
  });

  it('falls back to the owner and the rest of the path, or the path itself, for what it does not know', () => {
    expect(parameterLabel(london, 'parties.us.somethingNew')).toBe('United States: somethingNew');
    expect(parameterLabel(london, 'parties.nobody.reservationValue')).toBe('parties.nobody.reservationValue');
    expect(parameterLabel(london, 'elsewhere.x')).toBe('elsewhere.x');
  });

  it('puts every parameter of every shipped scenario into words (no raw path, no id of a value)', () => {
    for (const file of readdirSync(SCENARIOS).filter((f) => f.endsWith('.yaml'))) {
      const scenario = loadScenarioFile(`${SCENARIOS}${file}`);
      for (const p of scenario.parameters) {
        const words = parameterLabel(scenario, p.path);
        expect(words, `${file}: ${p.path}`).not.toBe(p.path);
        // A value's id (snake_case) never shows: its label does.
        expect(words, `${file}: ${p.path}`).not.toMatch(/\b[a-z0-9]+_[a-z0-9_]+\b/);
        expect(words).not.toMatch(/\.(weights|evaluators|regions)\./);
      }
    }
  });
});
