/**
 * The block YAML reader must read every text it accepts exactly as the general parsers do, and
 * leave everything else to them: checked on the repository's YAML files written the way Lancaster
 * writes YAML, on generated data, and on texts just outside the subset.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { CORE_SCHEMA, load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { readBlockYaml } from './block-yaml.ts';
import { readScenarioText } from './load.ts';

/** The data both general parsers read from `text` (they must agree), or 'error'. */
function reference(text: string): unknown {
  let a: unknown;
  let b: unknown;
  try {
    a = parse(text);
  } catch {
    a = 'error';
  }
  try {
    b = load(text, { schema: CORE_SCHEMA });
  } catch {
    b = 'error';
  }
  return a === 'error' || b === 'error' ? 'error' : a;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

const root = join(import.meta.dirname, '../../..');
const repoFiles = [...yamlFiles(join(root, 'scenarios')), ...yamlFiles(join(root, 'test/fixtures'))];

describe('the block YAML reader', () => {
  it('finds the repository YAML files to compare with', () => {
    expect(repoFiles.length).toBeGreaterThan(10);
  });

  it.each(repoFiles.map((f) => [f.slice(root.length + 1), f]))(
    'reads %s, written as Lancaster writes YAML, as the general parsers do',
    (_, file) => {
      const data = reference(readFileSync(file, 'utf8'));
      // Files with syntax errors (test/fixtures/bad) have no data to write.
      if (data === 'error') return;
      // The form of `lancaster import` (lineWidth 0: no folding) and of the studio (folded at 110).
      for (const lineWidth of [0, 110]) {
        const text = stringify(data, { lineWidth, aliasDuplicateObjects: false });
        const fast = readBlockYaml(text);
        if (lineWidth === 0) expect(fast).toBeDefined();
        if (fast !== undefined) expect(fast).toEqual(reference(text));
      }
    },
  );

  it('leaves hand-written files with flow collections to the general parsers', () => {
    const small = readFileSync(join(root, 'test/fixtures/good/small.yaml'), 'utf8');
    expect(readBlockYaml(small)).toBeUndefined();
  });

  // Strings and numbers where the core schema has rules, or where quoting matters.
  const scalar = fc.oneof(
    fc.constantFrom(
      'null',
      'Null',
      '~',
      'true',
      'False',
      'yes',
      'on',
      '1',
      '01',
      '-0',
      '+3',
      '0x1F',
      '1_000',
      '1e3',
      '.5',
      '.inf',
      '2025-06-09',
      '2025-06-09T13:00+01:00',
      '12:30',
      'a: b',
      'a #b',
      'a#b',
      '- x',
      '#x',
      "it's",
      'say "hi"',
      'back\\slash',
      'tab\there',
      'line\nbreak',
      ' padded ',
      '',
      '[x]',
      '{x}',
      '&a',
      '*a',
      '!t',
      '|',
      '>',
      '?',
      '%',
      '@',
      '`',
      'é',
      '\u2028',
      '\ufeff',
      '\u0085',
      '😀',
      '__proto__',
      '<<',
    ),
    fc.string({ maxLength: 12 }),
    fc.double({ noNaN: true }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
  );
  const key = fc.oneof(
    fc.constantFrom(
      'id',
      'label',
      'v1',
      '1',
      'true',
      'null',
      'a b',
      'a: b',
      '-x',
      '"q"',
      "'q'",
      '__proto__',
      '<<',
    ),
    fc.string({ maxLength: 6 }),
  );
  const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: 'small' }, scalar, tie('map'), tie('seq')),
    map: fc
      .uniqueArray(fc.tuple(key, tie('node')), { selector: ([k]) => k, maxLength: 4 })
      .map((pairs) => Object.fromEntries(pairs)),
    seq: fc.array(tie('node'), { maxLength: 4 }),
  })).node;
  const document = fc
    .uniqueArray(fc.tuple(key, value), { selector: ([k]) => k, minLength: 1, maxLength: 5 })
    .map((pairs) => Object.fromEntries(pairs));

  test.prop([document, fc.constantFrom(0, 40), fc.boolean()], { numRuns: 400 })(
    'gives the data the general parsers give, whenever it reads a generated text',
    (data, lineWidth, indentSeq) => {
      const text = stringify(data, { lineWidth, indentSeq, aliasDuplicateObjects: false });
      const fast = readBlockYaml(text);
      if (fast !== undefined) expect(fast).toEqual(reference(text));
    },
  );

  // Lines of texts, mostly in the subset, combined at random with random indentation.
  const line = fc.tuple(
    fc.constantFrom(0, 1, 2, 4, 6),
    fc.constantFrom(
      'a:',
      'a: 1',
      'b: x',
      '- 1',
      '- x',
      '-',
      '- a: 1',
      '- b:',
      '- - 1',
      'c: [1]',
      'c: []',
      'd: {}',
      '# comment',
      'e: "q" # c',
      "f: 'it''s'",
      'g: "a\\tb"',
      'h: "unterminated',
      'i: x: y',
      'j: &k 1',
      'l: *k',
      'm: |',
      '  text',
      '? q',
      '---',
      'n: -0',
      'o: 1.0',
      'p: 2025-06-09',
      'null: 1',
      '"a": 2',
      '',
      'a: 1 # c',
      'a:#x',
    ),
  );
  test.prop([fc.array(line, { minLength: 1, maxLength: 8 })], { numRuns: 1000 })(
    'reads a random text as the general parsers do, or leaves it to them',
    (lines) => {
      const text = lines.map(([indent, l]) => ' '.repeat(indent) + l).join('\n');
      const fast = readBlockYaml(text);
      if (fast === undefined) return;
      expect(fast).toEqual(reference(text));
    },
  );

  it('reads the subset', () => {
    const text = [
      '# a comment',
      'version: 1',
      'title: "A title: quoted" # and a comment',
      "note: 'it''s'",
      'escaped: "tab\\there \\u00e9"',
      'backslash: "a\\\\nb"',
      'list:',
      '- a',
      '- 2',
      'nested:',
      '  - id: x',
      '    label: X',
      '    empty:',
      '  -',
      '  - []',
      'table:',
      '  v0: 0',
      '  v1: 0.5',
      '  v2: 1e-7',
      '  "1": -2.5',
      'when: 2025-06-09',
      'none:',
    ].join('\n');
    expect(readBlockYaml(text)).toEqual({
      version: 1,
      title: 'A title: quoted',
      note: "it's",
      escaped: 'tab\there é',
      backslash: 'a\\nb',
      list: ['a', 2],
      nested: [{ id: 'x', label: 'X', empty: null }, null, []],
      table: { v0: 0, v1: 0.5, v2: 1e-7, '1': -2.5 },
      when: '2025-06-09',
      none: null,
    });
  });

  it('leaves everything outside the subset to the general parsers', () => {
    for (const text of [
      'a: 1\na: 2\n', // a repeated key: reported by the full path
      'a: &x 1\nb: *x\n',
      'a: !!str 1\n',
      'a: |\n  text\n',
      'a: long\n  folded\n',
      'a: [1, 2]\n',
      'a: {b: 1}\n',
      'a:\n\t- 1\n',
      'a: 1\r\nb: 2\r\n',
      '---\na: 1\n',
      '%YAML 1.2\n---\na: 1\n',
      '? a\n: 1\n',
      'null: 1\n',
      '~: 1\n',
      'a: -0\n',
      'a: 0x1F\n',
      'a: 1_000\n',
      'a: .5\n',
      'a: yes: no\n',
      'a:\n  b: 1\n c: 2\n',
      'a: "unterminated\n',
      'a: "\\x41"\n', // YAML escapes that JSON lacks
      'a: "\\e"\n',
      '- 1\n- 2\n',
      '  a: 1\n',
      '__proto__: 1\n',
      '<<: {}\n',
      '\ufeffa: 1\n',
      'a: b\u0007\n',
      '',
      '# only a comment\n',
    ]) {
      expect(readBlockYaml(text), JSON.stringify(text)).toBeUndefined();
    }
  });

  it('keeps the codes and positions of problems in files of the subset', () => {
    const base = [
      'version: 1',
      'id: x',
      'title: X',
      'issues:',
      '  - id: i',
      '    label: I',
      '    type: discrete',
      '    values:',
      '      - id: a',
      '        label: A',
    ];
    const repeated = readScenarioText([...base, '        label: B', ''].join('\n'), 'x.yaml');
    expect(repeated.ok).toBe(false);
    if (!repeated.ok) expect(repeated.problems[0]).toMatchObject({ code: 'YAML_SYNTAX', line: 11 });
    const indented = readScenarioText([...base, '       label: B', ''].join('\n'), 'x.yaml');
    expect(indented.ok).toBe(false);
    if (!indented.ok) expect(indented.problems[0]).toMatchObject({ code: 'YAML_SYNTAX', line: 11 });
    const unknown = readScenarioText([...base, 'colour: red', ''].join('\n'), 'x.yaml');
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) {
      expect(unknown.problems.find((p) => p.path === 'colour')).toMatchObject({
        code: 'UNKNOWN_FIELD',
        line: 11,
      });
    }
  });
});
