/**
 * Setting large plain parts aside must not change what the file schema says: the same verdict, the
 * same issues (paths, codes, messages), and once the parts are back, the same parsed file.
 */
import { describe, expect, it } from 'vitest';
import { readBlockYaml } from './block-yaml.ts';
import { factsOfTable, forgetTableFacts, holdsNoObject, setAsidePlainTables } from './plain-tables.ts';
import { quickData } from './quick-data.ts';
import { scenarioFileSchema } from './schema.ts';
import { bigScenarioData } from './test-support.ts';

/** Scenario data with one discrete issue of `n` values and a table of evaluations per party. */
const scenario = (n: number) => bigScenarioData(n, { redLines: false });

/** The schema's result on `data` directly and with the plain parts set aside (then restored). */
function bothWays(data: unknown) {
  const before = structuredClone(data);
  forgetTableFacts();
  const direct = scenarioFileSchema.safeParse(data);
  const { forSchema, restore } = setAsidePlainTables(data);
  const aside = scenarioFileSchema.safeParse(forSchema);
  if (aside.success) restore(aside.data);
  // The data itself is never changed.
  expect(data).toEqual(before);
  return { direct, aside, forSchema };
}

// biome-ignore lint/suspicious/noExplicitAny: the edits reach into untyped scenario data.
type Edit = (d: Record<string, any>) => void;

describe('large plain parts set aside from the schema', () => {
  it('give the same parsed file once put back', () => {
    const data = scenario(200);
    const { direct, aside, forSchema } = bothWays(data);
    expect(direct.success).toBe(true);
    expect(aside.data).toEqual(direct.data);
    // Both tables and the value list were set aside, and are known to hold no object.
    const parties = (forSchema as { parties: { evaluators: { big: object } }[] }).parties;
    expect(parties.map((p) => Object.keys(p.evaluators.big).length)).toEqual([0, 0]);
    const d = data as { issues: { values: object }[]; parties: { evaluators: { big: object } }[] };
    expect(holdsNoObject(d.issues[0]?.values as object)).toBe(true);
    expect(holdsNoObject(d.parties[0]?.evaluators.big as object)).toBe(true);
  });

  const edits: [string, Edit][] = [
    ['an unknown field in a party', (d) => (d.parties[0].colour = 'red')],
    ['a missing protocol', (d) => delete d.protocol],
    ['a weight out of range', (d) => (d.parties[1].weights.big = 2)],
    ['a value id with a capital', (d) => (d.issues[0].values[5].id = 'V5')],
    ['a value with an empty label', (d) => (d.issues[0].values[7].label = '')],
    ['a value with an unknown field', (d) => (d.issues[0].values[9].colour = 'red')],
    ['a value with a numeric description', (d) => (d.issues[0].values[3].description = 3)],
    ['an evaluation written as a string', (d) => (d.parties[0].evaluators.big.v3 = 'high')],
    ['an evaluation that is not finite', (d) => (d.parties[0].evaluators.big.v4 = Number.NaN)],
    [
      'an evaluation with provenance',
      (d) => (d.parties[0].evaluators.big.v4 = { value: 0.5, sources: ['x'] }),
    ],
    [
      'an evaluation out of [0, 1] (the file schema leaves it to semantics)',
      (d) => (d.parties[0].evaluators.big.v4 = 3),
    ],
    ['a misspelt evaluation key', (d) => (d.parties[0].evaluators.big.w4 = d.parties[0].evaluators.big.v4)],
    ['no issues at all', (d) => delete d.issues],
    ['a party that is not a mapping', (d) => (d.parties[1] = 'b')],
  ];
  it.each(edits)('report the same problems with %s', (_, edit) => {
    const data = scenario(120);
    edit(data);
    const { direct, aside } = bothWays(data);
    expect(aside.success).toBe(direct.success);
    if (direct.success) expect(aside.data).toEqual(direct.data);
    else expect(aside.error?.issues).toEqual(direct.error.issues);
  });

  it('leave small tables and lists to the schema', () => {
    const data = scenario(10);
    expect(setAsidePlainTables(data).forSchema).toBe(data);
  });
});

describe('the keys the readers keep for the checks', () => {
  const table = (keys: readonly string[]) => keys.map((k, i) => `  "${k}": ${i / keys.length}`).join('\n');
  const words = Array.from({ length: 100 }, (_, i) => `v${i}`);
  it.each([
    ['words', words],
    ['words then an index-like key', [...words, '7']],
    ['an index-like key first', ['12', ...words]],
  ])('are the keys Object.keys lists (%s), in YAML and JSON', (_, keys) => {
    forgetTableFacts();
    const yaml = readBlockYaml(`t:\n${table(keys)}\n`);
    const fromYaml = yaml?.t as Record<string, unknown>;
    expect(factsOfTable(fromYaml).keys).toEqual(Object.keys(fromYaml));
    forgetTableFacts();
    const json = quickData(JSON.stringify({ t: Object.fromEntries(keys.map((k, i) => [k, i])) }), true);
    expect(json).toBeDefined();
    const fromJson = (json?.data as { t: Record<string, unknown> } | undefined)?.t as Record<string, unknown>;
    expect(factsOfTable(fromJson).keys).toEqual(Object.keys(fromJson));
  });
});
