/**
 * The negotiators that keep an opponent model reproduce their golden transcripts exactly: the same
 * events, result and final model estimates (to the last bit) as the code they were recorded with
 * (see ./golden.ts). Domains of ../shared/data are skipped with a message when it is absent; London
 * and the scenarios built in code always run. Re-record only for an intended change of behaviour:
 * `LANCASTER_RECORD_GOLDEN=1 npx vitest run test/negotiators/golden-transcripts.test.ts`,
 * then `npm run format`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { availableDomains, DOMAINS, FIXTURE, type GoldenRecord, goldenCases, runGolden } from './golden.ts';

const record = process.env.LANCASTER_RECORD_GOLDEN === '1';
const { domains, missing } = availableDomains();

describe('golden transcripts of the opponent-model negotiators', () => {
  if (record) {
    it('records the fixture', () => {
      expect(missing).toEqual([]);
      const out: GoldenRecord[] = [];
      for (const d of DOMAINS) {
        const scenario = d.load();
        for (const c of goldenCases(d, scenario)) out.push(runGolden(scenario, c));
      }
      writeFileSync(FIXTURE, `${JSON.stringify(out, null, 0).replaceAll('},{', '},\n{')}\n`);
    });
    return;
  }

  const golden = JSON.parse(readFileSync(FIXTURE, 'utf8')) as GoldenRecord[];
  const byKey = new Map(golden.map((g) => [g.key, g]));

  it('the fixture covers every case of every domain', () => {
    expect(new Set(golden.map((g) => g.domain))).toEqual(new Set(DOMAINS.map((d) => d.name)));
    expect(byKey.size).toBe(golden.length);
    if (missing.length > 0)
      console.warn(`golden transcripts: ../shared/data absent, skipping ${missing.join(', ')}`);
  });

  for (const d of domains) {
    it(`${d.name}: every session reproduces its golden transcript`, () => {
      const scenario = d.load();
      const cases = goldenCases(d, scenario);
      expect(cases.length).toBe(golden.filter((g) => g.domain === d.name).length);
      for (const c of cases) {
        const want = byKey.get(c.key);
        expect(want, c.key).toBeDefined();
        expect(runGolden(scenario, c), c.key).toEqual(want);
      }
    });
  }
});
