/**
 * Large files (issue 10, item 6): the pieces that made validation quadratic in the number of values
 * of one issue are linear, and they still find what they found. The speed itself is measured by
 * `bench/validate.bench.ts` (no timed assertion here); these tests pin the behaviour of each
 * replacement: the fast parse gives the data the full parser gives, repeated keys are still
 * found, suggestions among many names still appear, long lists in messages are cut.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { parse, parseDocument, stringify } from 'yaml';
import { duplicateKeyOffsets } from './duplicate-keys.ts';
import { readScenarioText, validateScenarioData } from './load.ts';
import { nearestName } from './nearest.ts';
import { listOf } from './problem-draft.ts';
import { quickData } from './quick-data.ts';
import { bigScenarioData, problemsOfText } from './test-support.ts';

/** A bilateral scenario with one discrete issue of `n` values, as YAML. */
function bigScenario(n: number, evaluationKey = (i: number) => `v${i}`): string {
  return stringify(bigScenarioData(n, { evaluationKey }));
}

describe('a file with 20,000 values of one issue', () => {
  it('loads, with every value and evaluation in place', () => {
    const r = readScenarioText(bigScenario(20_000), 'big.yaml');
    if (!r.ok) throw new Error(r.problems[0]?.message);
    const [a, b] = r.scenario.parties;
    expect(r.scenario.space.size).toBe(20_000);
    expect(a?.utility.evaluate([19_999])).toBe(1);
    expect(b?.utility.evaluate([19_999])).toBe(0);
    expect(a?.utility.acceptable([2])).toBe(false);
    expect(a?.utility.acceptable([3])).toBe(true);
    // Math.max(...values) overflowed the call stack on long tables.
    expect(a?.utility.upperBound()).toBe(1);
  });

  it('reports every misspelt key with its line and a suggestion, and the values left without one', () => {
    const text = bigScenario(5_000, (i) => (i % 1000 === 7 ? `x${i}` : `v${i}`));
    const problems = problemsOfText(text, 'big.yaml');
    const unknown = problems.filter((p) => p.code === 'UNKNOWN_REFERENCE');
    expect(unknown).toHaveLength(10);
    expect(unknown[0]?.message).toBe('`x7` is not a value of issue `big`; did you mean `v7`?');
    expect(unknown[0]?.line).toBe(text.split('\n').findIndex((l) => l.trim().startsWith('x7:')) + 1);
    expect(unknown[0]?.expected).toBe(
      'a value id of `big`: v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15, v16, v17, … (5,000 in all)',
    );
    const missing = problems.filter((p) => p.code === 'SCHEMA');
    expect(missing.map((p) => p.path)).toEqual(['parties.a.evaluators.big', 'parties.b.evaluators.big']);
  });
});

describe('duplicate keys, found in one pass', () => {
  it('reports each repeat at its own offset, in every mapping', () => {
    const text = 'a: 1\nb:\n  x: 1\n  y: 2\n  x: 3\na: 4\n';
    const doc = parseDocument(text, { uniqueKeys: false });
    expect(duplicateKeyOffsets(doc)).toEqual([text.indexOf('x: 3'), text.indexOf('a: 4')]);
  });

  it('compares keys by value as the yaml library does (1 and "1" differ)', () => {
    const doc = parseDocument('1: a\n"1": b\n', { uniqueKeys: false });
    expect(duplicateKeyOffsets(doc)).toEqual([]);
  });

  it('a JSON file with a repeated key is refused at the second key', () => {
    const text = '{"version": 1,\n "id": "x", "id": "y"}';
    const problems = problemsOfText(text, 'x.json');
    expect(problems[0]).toMatchObject({ code: 'JSON_SYNTAX', line: 2, column: 13 });
    expect(problems[0]?.message).toContain('duplicate key "id"');
  });
});

describe('the fast parse', () => {
  // Scalars where YAML 1.2's core schema has rules: both parsers must read them alike.
  const scalar = fc.constantFrom(
    '1',
    '01',
    '-7',
    '+3',
    '0x1F',
    '0o17',
    '0b11',
    '1e3',
    '1.5e-3',
    '.5',
    '1.',
    '-.inf',
    '.NaN',
    'null',
    '~',
    'Null',
    'true',
    'False',
    'yes',
    'on',
    '1_000',
    '2025-06-09',
    '"quoted: yes"',
    "'single'",
    'plain text',
    '__proto__',
    '""',
    '12:30',
  );
  const key = fc.constantFrom('a', 'b', '1', 'true', 'null', '__proto__', 'x y', '"q"');
  const node: fc.Arbitrary<string> = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, scalar, tie('map'), tie('seq')),
    map: fc
      .uniqueArray(fc.tuple(key, tie('value') as fc.Arbitrary<string>), {
        selector: ([k]) => k,
        maxLength: 4,
      })
      .map((pairs) => `{ ${pairs.map(([k, v]) => `${k}: ${v}`).join(', ')} }`),
    seq: fc.array(tie('value') as fc.Arbitrary<string>, { maxLength: 4 }).map((xs) => `[ ${xs.join(', ')} ]`),
  })).value as fc.Arbitrary<string>;

  test.prop([fc.uniqueArray(fc.tuple(key, node), { selector: ([k]) => k, minLength: 1, maxLength: 5 })], {
    numRuns: 300,
  })('gives the data the yaml library gives, whenever it reads a text', (pairs) => {
    const text = pairs.map(([k, v]) => `${k}: ${v}`).join('\n');
    const fast = quickData(text, false);
    if (fast === undefined) return;
    expect(fast.data).toEqual(parse(text, { uniqueKeys: false }));
  });

  it('leaves aliases, directives, repeated keys and empty texts to the full parser', () => {
    expect(quickData('a: &x 1\nb: *x\n', false)).toBeUndefined();
    expect(quickData('%YAML 1.1\n---\na: yes\n', false)).toBeUndefined();
    expect(quickData('a: 1\na: 2\n', false)).toBeUndefined();
    expect(quickData('', false)).toBeUndefined();
    expect(quickData('{"a": 1, "a": 2}', true)).toBeUndefined();
    expect(quickData('{"a": 1,}', true)).toBeUndefined();
    expect(quickData('\ufeff{"a": 1}', true)).toEqual({ data: { a: 1 } });
  });
});

describe('names among many', () => {
  const many = Array.from({ length: 5000 }, (_, i) => `value_${i}`);
  test.prop([
    fc.integer({ min: 0, max: 4999 }),
    fc.integer({ min: 0, max: 4 }),
    fc.integer({ min: 0, max: 8 }),
  ])('a one-edit typo finds what comparing with every name finds', (k, kind, at) => {
    const name = many[k] as string;
    const i = Math.min(at, name.length - 1);
    const typo = [
      name.slice(0, i) + name.slice(i + 1),
      `${name.slice(0, i)}q${name.slice(i)}`,
      `${name.slice(0, i)}z${name.slice(i + 1)}`,
      name.toUpperCase(),
      name.slice(0, i) + name.slice(i + 1, i + 2) + name.slice(i, i + 1) + name.slice(i + 2),
    ][kind] as string;
    const slow = nearestName(typo, new Set(many));
    const fast = nearestName(typo, many);
    if (slow !== undefined && typo.length >= 3 && editDistanceAtMostOne(typo, slow)) expect(fast).toBe(slow);
    expect(fast === undefined || editDistanceAtMostOne(typo.toLowerCase(), fast.toLowerCase())).toBe(true);
  });

  it('lists the first names of a long list and how many there are', () => {
    expect(listOf(['a', 'b', 'c'])).toBe('a, b or c');
    expect(listOf(many)).toMatch(/^value_0, value_1, .*value_17, … \(5,000 in all\)$/);
  });
});

function editDistanceAtMostOne(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const rest = (x: string, k: number) => x.slice(k);
  return (
    rest(a, i + 1) === rest(b, i + 1) ||
    rest(a, i) === rest(b, i + 1) ||
    rest(a, i + 1) === rest(b, i) ||
    (a[i] === b[i + 1] && a[i + 1] === b[i] && rest(a, i + 2) === rest(b, i + 2))
  );
}

describe('validation reads each value a fixed number of times, whatever their number', () => {
  /**
   * Scenario data with one issue of `n` values whose value list and evaluation tables are proxies
   * counting every read the checks make of them (property reads, key listings, descriptors).
   * Linear validation reads each entry a fixed number of times; anything that rescans a table per
   * entry (a quadratic) multiplies the reads per entry as `n` grows.
   */
  function readsPerValue(n: number): number {
    let reads = 0;
    const count = <T extends object>(target: T): T =>
      new Proxy(target, {
        get(t, k, r) {
          reads++;
          return Reflect.get(t, k, r);
        },
        ownKeys(t) {
          reads++;
          return Reflect.ownKeys(t);
        },
        getOwnPropertyDescriptor(t, k) {
          reads++;
          return Reflect.getOwnPropertyDescriptor(t, k);
        },
        has(t, k) {
          reads++;
          return Reflect.has(t, k);
        },
      });
    const data = bigScenarioData(n, { redLines: false }) as {
      issues: { values: object }[];
      parties: { evaluators: { big: object } }[];
    };
    for (const issue of data.issues) issue.values = count(issue.values);
    for (const party of data.parties) party.evaluators.big = count(party.evaluators.big);
    const r = validateScenarioData(data, 'counted');
    if (!r.ok) throw new Error(r.problems[0]?.message);
    return reads / n;
  }

  it('the same reads per value at 2,000 and 16,000 values, and few of them', () => {
    const small = readsPerValue(2_000);
    const large = readsPerValue(16_000);
    // Linear: the reads per value do not grow with n (a quadratic would multiply them by 8).
    expect(large).toBeLessThanOrEqual(small * 1.01);
    // The schema, the semantic checks and the model each read an entry a few times: 20 reads per
    // value in all. The evaluator union trying the other forms on a table before the table form
    // (each scanning its keys for unknown ones) made it 26.
    expect(large).toBeLessThanOrEqual(22);
  });
});

describe('the fast JSON parse', () => {
  it('reads JSON whose strings hold colons, quotes and backslashes', () => {
    const text = '{"a:b": "c:\\"d:\\\\", "e": {"f": ["g:", 1]}, "h\\\\": ":"}';
    expect(quickData(text, true)).toEqual({ data: JSON.parse(text) });
  });

  it('leaves a key repeated in a nested object, and deep nesting, to the full parser', () => {
    expect(quickData('{"x": {"a": 1}, "y": {"a": 1, "a": 2}}', true)).toBeUndefined();
    expect(quickData('{"x": [{"a": 1, "b": {"c": 2, "c": 3}}]}', true)).toBeUndefined();
    expect(quickData(`${'['.repeat(600)}1${']'.repeat(600)}`, true)).toBeUndefined();
    expect(quickData('{"__proto__": 1, "__proto__": 2}', true)).toBeUndefined();
  });
});

describe('suggestions for many misspelt names', () => {
  it('read the list of names once, not once per misspelt name', () => {
    let reads = 0;
    const names = Array.from({ length: 20_000 }, (_, i) => `value_${i}`);
    const counted = new Proxy(names, {
      get(t, k, r) {
        reads++;
        return Reflect.get(t, k, r);
      },
    });
    expect(nearestName('valeu_1', counted)).toBe('value_1');
    const afterIndex = reads;
    // 2,000 misspelt names, each one edit from a name: found with a bounded number of reads of
    // the list each (the name returned), where comparing with every name reads it 20,000 times.
    for (let i = 0; i < 2_000; i++) expect(nearestName(`vlaue_${i * 7}`, counted)).toBe(`value_${i * 7}`);
    expect(reads - afterIndex).toBeLessThanOrEqual(2 * 2_000);
  });
});
