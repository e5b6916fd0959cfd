/**
 * The library of real cases (docs/cases): every case has a brief, a scenario written from it and a
 * recorded outcome, in that order in its doc; every scenario validates, gives every number its
 * sources or a judgement, names its status quo, and runs (a single simulation and a small forecast);
 * every outcome names valid issues and values. London has no outcome block (it is scored
 * independently).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readScenarioText } from '../src/formats/native/load.ts';
import { loadScenarioTemplate } from '../src/formats/scenario-template.ts';
import { runForecast } from '../src/run/forecast.ts';
import { simulate } from '../src/run/simulate.ts';
import { lancaster } from './support/cli.ts';

const ROOT = resolve(import.meta.dirname, '..');
const CASE_DOCS = join(ROOT, 'docs', 'cases');
const CASES = readdirSync(CASE_DOCS)
  .filter((f) => f.endsWith('.md') && f !== 'README.md')
  .map((f) => f.slice(0, -'.md'.length))
  .sort();
const scenarioPath = (id: string) => join(ROOT, 'scenarios', `${id}.yaml`);

/** Reads a case scenario through the native loader (the outcome comes back apart from the scenario). */
function readCase(id: string) {
  const path = scenarioPath(id);
  const r = readScenarioText(readFileSync(path, 'utf8'), path);
  if (!r.ok) throw new Error(`${id}: ${r.problems.map((p) => p.message).join('; ')}`);
  return r;
}

describe('the case library', () => {
  it('holds at least six cases, each with its scenario', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(6);
    for (const id of CASES) expect(existsSync(scenarioPath(id)), id).toBe(true);
    const readme = readFileSync(join(CASE_DOCS, 'README.md'), 'utf8');
    for (const id of CASES) expect(readme, `README lists ${id}`).toContain(`(${id}.md)`);
  });

  it('validates every case with the CLI', () => {
    const r = lancaster(['validate', ...CASES.map(scenarioPath)]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('ok ')).length).toBe(CASES.length);
  });

  it('gives London no outcome block', () => {
    const path = join(ROOT, 'scenarios', 'london-2025.yaml');
    const r = readScenarioText(readFileSync(path, 'utf8'), path);
    expect(r.ok && r.outcome).toBe(undefined);
  });
});

describe.each(CASES)('case %s', (id) => {
  it('has a brief, then the scenario, then the outcome in its doc', () => {
    const doc = readFileSync(join(CASE_DOCS, `${id}.md`), 'utf8');
    const brief = doc.indexOf('\n## Brief');
    const scenario = doc.indexOf('\n## The scenario');
    const outcome = doc.indexOf('\n## Outcome');
    expect(brief).toBeGreaterThan(0);
    expect(scenario).toBeGreaterThan(brief);
    expect(outcome).toBeGreaterThan(scenario);
    // Every fact of the brief carries an address.
    const facts = doc.slice(brief, scenario).split('\n- ').slice(1);
    expect(facts.length).toBeGreaterThan(3);
    for (const fact of facts) expect(fact, fact.slice(0, 60)).toMatch(/https?:\/\//);
  });

  it('gives every number its sources or a judgement, and names its status quo', () => {
    const { scenario } = readCase(id);
    expect(scenario.id).toBe(id);
    const bare = scenario.parameters.filter((p) => p.sources.length === 0 && !p.judgement);
    expect(bare.map((p) => p.path)).toEqual([]);
    // Every issue names its status quo, the first value, and the note says the same (README, status quo).
    const note = (scenario.notes ?? []).find((n) => n.startsWith('Status quo'));
    expect(note, 'a "Status quo" note').toBeDefined();
    for (const issue of scenario.space.issues) {
      if (issue.kind !== 'discrete') continue;
      expect(issue.statusQuo, issue.id).toBe(0);
      expect(note).toContain(`${issue.id}=${issue.values[0]?.id}`);
    }
  });

  it('records an outcome that names a value of every issue, with sources', () => {
    const { outcome, scenario } = readCase(id);
    expect(outcome).toBeDefined();
    expect(outcome?.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(outcome?.sources.length).toBeGreaterThan(0);
    const agreed = outcome?.agreement;
    if (agreed) {
      expect(agreed.length).toBe(scenario.space.issues.length);
      scenario.space.issues.forEach((issue, i) => {
        const v = agreed[i] as number;
        if (issue.kind === 'discrete') expect(issue.values[v], issue.id).toBeDefined();
        // Every mapping is explained.
        expect(outcome?.notes[issue.id], `note on ${issue.id}`).toBeTruthy();
      });
    }
  });

  it('runs: one simulation and a small forecast', async () => {
    const { scenario } = readCase(id);
    const sim = simulate(scenario, { seed: 1 });
    expect(['agreement', 'deadline', 'vetoed', 'walked-away']).toContain(sim.result.status);
    const { template } = loadScenarioTemplate(scenarioPath(id));
    const f = await runForecast(template, { runs: 40, seed: 3, threads: 1, sensitivity: false });
    expect(f.runs).toBe(40);
    expect(f.agreement.probability).toBeGreaterThanOrEqual(0);
    expect(f.agreement.probability).toBeLessThanOrEqual(1);
    expect(Object.values(f.endings).reduce((a, b) => a + b, 0)).toBe(40);
    expect(f.endings.error ?? 0).toBe(0);
  });
});
