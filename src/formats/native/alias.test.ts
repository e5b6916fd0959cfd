/**
 * YAML anchors and aliases in scenario files: an alias to no anchor is a positioned YAML_SYNTAX
 * problem, a resolvable one gives its anchor's value.
 */
import { describe, expect, it } from 'vitest';
import { readScenarioText } from './load.ts';

describe('YAML aliases', () => {
  it('an alias to no anchor is a YAML_SYNTAX problem at the alias, not a crash', () => {
    const r = readScenarioText('version: 1\nid: x\ntitle: *missing\n', 'a.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ code: 'YAML_SYNTAX', file: 'a.yaml', line: 3, column: 8 });
    expect(r.problems[0]?.message).toMatch(/\*missing/);
  });

  it('a resolvable alias is fine', () => {
    const r = readScenarioText('version: 1\nid: &name x\ntitle: *name\n', 'b.yaml');
    expect(r.ok).toBe(false); // incomplete scenario, but only schema problems
    if (r.ok) return;
    expect(r.problems.every((p) => p.code !== 'YAML_SYNTAX')).toBe(true);
    // `title: *name` resolved to 'x', a valid title: no problem names the title.
    expect(r.problems.some((p) => p.path === 'title')).toBe(false);
  });
});
