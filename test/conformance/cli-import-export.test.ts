/**
 * Black-box tests of `lancaster import` and `lancaster export` as a user runs them: real
 * processes and files, exit codes, warnings on stderr, and `lancaster validate` accepting what
 * import wrote.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lancaster } from '../support/cli.ts';
import { GENIUS_ROOT, HAS_DATA } from './corpus.ts';

describe('lancaster import / export', () => {
  it('imports a GENIUS folder to YAML that validate accepts, and exports it back to GENIUS', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lancaster-imp-'));
    const src = join(dir, 'toy');
    const out = join(dir, 'toy.yaml');
    // A tiny folder written here, so the test runs without the corpus.
    mkdirSync(src);
    writeFileSync(
      join(src, 'domain.xml'),
      '<negotiation_template><utility_space><objective index="0" name="Toy"><issue index="1" type="discrete" name="Fruit"><item index="1" value="apple"/><item index="2" value="pear"/></issue></objective></utility_space></negotiation_template>',
    );
    for (const [name, a, b] of [
      ['buyer.xml', 1, 2],
      ['seller.xml', 2, 1],
    ] as const) {
      writeFileSync(
        join(src, name),
        `<utility_space><objective index="0" name="Toy"><issue index="1" type="discrete" name="Fruit"><item index="1" value="apple" evaluation="${a}"/><item index="2" value="pear" evaluation="${b}"/></issue><weight index="1" value="1"/></objective></utility_space>`,
      );
    }
    const imp = lancaster(['import', src, '--out', out]);
    expect(imp.code).toBe(0);
    expect(imp.stdout).toMatch(/wrote .*toy\.yaml: 1 issues, 2 parties, 2 warnings/);
    expect(imp.stderr).toMatch(/warning: .*buyer\.xml.*no <reservation>/);
    const val = lancaster(['validate', out]);
    expect(val.code).toBe(0);
    expect(val.stdout).toMatch(/ok .*2 parties, 2 outcomes/);
    const exp = lancaster(['export', out, '--genius', join(dir, 'back')]);
    expect(exp.code).toBe(0);
    expect(readdirSync(join(dir, 'back')).sort()).toEqual(['01-buyer.xml', '02-seller.xml', 'domain.xml']);
    // The exported folder is itself a scenario every command accepts.
    const an = lancaster(['analyze', join(dir, 'back'), '--json']);
    expect(an.code).toBe(0);
    expect(JSON.parse(an.stdout).scenario.id).toBe('back');
  });

  it('bad input exits 2 with file, line and column; export needs a target', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lancaster-bad-'));
    writeFileSync(
      join(dir, 'domain.xml'),
      '<negotiation_template>\n<utility_space>\n</negotiation_template>',
    );
    const r = lancaster(['import', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/domain\.xml:3:\d+: malformed XML/);
    expect(r.stderr).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
    const e = lancaster(['export', 'london-2025']);
    expect(e.code).toBe(2);
    const g = lancaster(['export', 'london-2025', '--genius', join(dir, 'g')]);
    expect(g.code).toBe(2);
    expect(g.stderr).toMatch(/red lines \(GENIUS has no hard constraints\).*EXPORT_UNSUPPORTED/);
    expect(existsSync(join(dir, 'g'))).toBe(false);
  });

  it.skipIf(!HAS_DATA)('imports a corpus folder and a GeniusWeb file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lancaster-corp-'));
    const r = lancaster(['import', join(GENIUS_ROOT, 'anac2011_Camera'), '--out', join(dir, 'camera.yaml')]);
    expect(r.code).toBe(0);
    expect(lancaster(['validate', join(dir, 'camera.yaml')]).code).toBe(0);
    const gw = lancaster(['import', join(GENIUS_ROOT, '..', 'geniusweb', 'Party', 'party.json'), '--stdout']);
    expect(gw.code).toBe(0);
    expect(gw.stdout).toMatch(/^version: 1$/m);
    expect(gw.stderr).toMatch(/reservation bid/);
  });
});
