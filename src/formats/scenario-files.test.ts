/** Finding scenario files: paths as given, shipped scenarios by name, and a helpful error otherwise. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LancasterError } from '../errors.ts';
import { fixturePath } from './native/test-support.ts';
import { listShippedScenarios, resolveScenarioPath, SHIPPED_SCENARIOS_DIR } from './scenario-files.ts';

const dir = mkdtempSync(join(tmpdir(), 'lancaster-scenarios-'));
writeFileSync(join(dir, 'alpha.yaml'), 'version: 1\n');
writeFileSync(join(dir, 'beta.json'), '{}\n');
writeFileSync(join(dir, 'gamma.yml'), 'version: 1\n');
writeFileSync(join(dir, 'notes.txt'), 'not a scenario\n');
mkdirSync(join(dir, 'delta.yaml'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('scenario files', () => {
  it('lists the scenarios of a folder by name, sorted, ignoring other files and folders', () => {
    expect(listShippedScenarios(dir)).toEqual(['alpha', 'beta', 'gamma']);
    expect(listShippedScenarios(join(dir, 'missing'))).toEqual([]);
  });

  it('uses an existing path as it is', () => {
    const path = fixturePath('good/small.yaml');
    expect(resolveScenarioPath(path, dir)).toBe(path);
  });

  it('finds a shipped scenario by name, whatever its extension', () => {
    expect(resolveScenarioPath('alpha', dir)).toBe(join(dir, 'alpha.yaml'));
    expect(resolveScenarioPath('beta', dir)).toBe(join(dir, 'beta.json'));
    expect(resolveScenarioPath('gamma', dir)).toBe(join(dir, 'gamma.yml'));
  });

  it('is SCENARIO_NOT_FOUND, listing the shipped names, for anything else', () => {
    for (const name of ['omega', 'delta', '../alpha', 'missing/file.yaml']) {
      let error: unknown;
      try {
        resolveScenarioPath(name, dir);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(LancasterError);
      const problem = (error as LancasterError).problems[0];
      expect(problem?.code).toBe('SCENARIO_NOT_FOUND');
      expect(problem?.expected).toContain('alpha, beta, gamma');
    }
  });

  it('looks in the repository scenarios folder by default', () => {
    expect(SHIPPED_SCENARIOS_DIR.replaceAll('\\', '/')).toMatch(/\/scenarios\/?$/);
    for (const name of listShippedScenarios()) {
      expect(resolveScenarioPath(name).startsWith(SHIPPED_SCENARIOS_DIR.replace(/\/$/, ''))).toBe(true);
    }
  });
});
