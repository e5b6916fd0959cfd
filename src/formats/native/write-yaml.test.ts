/**
 * Writing scenario data as YAML: every shipped scenario reads back to the same data and keeps its
 * comments; edits (a number changed, an element removed, inserted or moved, a key added or
 * deleted) keep the comments of what they did not touch; random edits always read back exactly.
 */
import { readFileSync } from 'node:fs';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { listShippedScenarios, resolveScenarioPath } from '../scenario-files.ts';
import { readScenarioText, validateScenarioData } from './load.ts';
import { sameData, scenarioYamlText } from './write-yaml.ts';

const commentLines = (text: string) => text.split('\n').filter((l) => /^\s*#/.test(l)).length;

describe('scenarioYamlText', () => {
  it.each(listShippedScenarios())('writes %s back to the same data, comments kept', (name) => {
    const text = readFileSync(resolveScenarioPath(name), 'utf8');
    const data = parse(text);
    const out = scenarioYamlText(data, { original: text });
    expect(sameData(parse(out), data)).toBe(true);
    expect(commentLines(out)).toBe(commentLines(text));
    // The same scenario, as the reader builds it.
    const a = readScenarioText(text, `${name}.yaml`);
    const b = readScenarioText(out, `${name}.yaml`);
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok)
      expect(sameData(JSON.parse(JSON.stringify(b.file)), JSON.parse(JSON.stringify(a.file)))).toBe(true);
  });

  const original = [
    '# A scenario',
    'version: 1',
    'id: talks # the id',
    'issues:',
    '  # first issue',
    '  - id: a',
    '    label: A',
    '  # second issue',
    '  - id: b',
    '    label: B',
    '  # third issue',
    '  - id: c',
    '    label: C',
    'parties:',
    '  - id: p',
    '    weights: { a: 0.5, b: 0.5 } # even',
    '',
  ].join('\n');

  it('keeps the comments of what an edit did not touch', () => {
    const data = parse(original);
    data.parties[0].weights.a = 0.7;
    data.parties[0].weights.b = 0.3;
    data.issues.reverse();
    data.title = 'Talks';
    const out = scenarioYamlText(data, { original });
    expect(parse(out)).toEqual(data);
    expect(out).toContain('# A scenario');
    expect(out).toContain('# the id');
    // Issues matched by id: each keeps its own comment after the move (the yaml library gives a
    // comment above a list's first element to the list itself).
    expect(out.indexOf('# third issue')).toBeLessThan(out.indexOf('# second issue'));
    expect(out.indexOf('id: c')).toBeLessThan(out.indexOf('# second issue'));
    expect(out.indexOf('# second issue')).toBeLessThan(out.indexOf('id: b'));
  });

  it('drops a removed element with its comment and adds new elements', () => {
    const data = parse(original);
    data.issues.splice(1, 1);
    data.issues.push({ id: 'd', label: 'D' });
    delete data.parties[0].weights.a;
    const out = scenarioYamlText(data, { original });
    expect(parse(out)).toEqual(data);
    expect(out).not.toContain('# second issue');
    expect(out).toContain('# third issue');
  });

  it('writes plainly, with a header, when there is no original or it is JSON', () => {
    const data = { version: 1, id: 'x', notes: ['a: b', 'true', '0.5'] };
    const out = scenarioYamlText(data, { header: ['made in the studio'] });
    expect(out.startsWith('# made in the studio\n')).toBe(true);
    expect(parse(out)).toEqual(data);
    const fromJson = scenarioYamlText(data, { original: JSON.stringify(data) });
    expect(fromJson).not.toContain('{');
    expect(parse(fromJson)).toEqual(data);
  });

  it('falls back to the plain form when an anchor is shared', () => {
    const text = 'a: &x { v: 1 }\nb: *x\n';
    const data = { a: { v: 2 }, b: { v: 1 } };
    const out = scenarioYamlText(data, { original: text });
    expect(parse(out)).toEqual(data);
  });

  it('a shipped scenario validates the same after a write', () => {
    const text = readFileSync(resolveScenarioPath('london-2025'), 'utf8');
    const data = parse(text);
    data.parties[0].reservationValue = 0.31;
    const out = scenarioYamlText(data, { original: text });
    const r = validateScenarioData(parse(out), 'london.yaml');
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.scenario.parties[0]?.reservationValue).toBe(0.31);
  });
});

/** JSON-like values: what scenario data holds. */
const scalar = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);
const value = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, scalar, tie('list'), tie('map')),
  list: fc.array(tie('v'), { maxLength: 4 }),
  map: fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), tie('v'), { maxKeys: 4 }),
})).v;

test.prop([value, value], { numRuns: 200 })('any edit reads back exactly', (before, after) => {
  const original = `# kept\n${scenarioYamlText(before)}`;
  const out = scenarioYamlText(after, { original });
  expect(sameData(parse(out), after)).toBe(true);
});
