/**
 * Black-box tests of the `lancaster` binary as a user runs it: real processes, real files,
 * assertions on exit codes, output and the report file.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lancaster } from './support/cli.ts';

function noStackTrace(text: string): void {
  expect(text).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
}

describe('lancaster simulate', () => {
  it('runs the London scenario by default, prints the transcript and result, and writes the report', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lancaster-cli-'));
    const r = lancaster(['simulate', '--seed', '3'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/London/);
    expect(r.stdout).toMatch(/R\s+1 us\s+offers/);
    expect(r.stdout).toMatch(/AGREEMENT|NO DEAL|ERROR/);
    expect(r.stdout).toMatch(/reservation/);
    expect(r.stdout).toMatch(/Nash/);
    const report = join(dir, 'reports', 'london-2025-seed3.html');
    expect(r.stdout).toContain('reports/london-2025-seed3.html');
    expect(existsSync(report)).toBe(true);
    const html = readFileSync(report, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>') || html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script[^>]+src=/);
  });

  it('--json gives a complete, deterministic machine result', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lancaster-cli-'));
    const a = lancaster(['simulate', 'london-2025', '--seed', '11', '--json', '--no-report'], dir);
    const b = lancaster(['simulate', 'london-2025', '--seed', '11', '--json', '--no-report'], dir);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const j = JSON.parse(a.stdout);
    expect(j.version).toBe(1);
    expect(j.scenario.id).toBe('london-2025');
    expect(['agreement', 'deadline', 'walked-away', 'vetoed', 'error']).toContain(j.status);
    expect(j.parties.map((p: { id: string }) => p.id).sort()).toEqual(['china', 'us']);
    for (const p of j.parties) {
      expect(p.utility).toBeGreaterThanOrEqual(0);
      expect(p.utility).toBeLessThanOrEqual(1);
      if (j.status === 'agreement') expect(p.utility).toBeGreaterThanOrEqual(p.reservationValue - 1e-12);
    }
    expect(j.transcript.length).toBeGreaterThan(0);
    expect(j.transcript[0].type).toBe('offer');
    expect(typeof j.transcript[0].party).toBe('string');
    expect(j.analysis.outcomes).toBeGreaterThan(1);
    expect(j.analysis.frontierSize).toBeGreaterThan(0);
    expect(j.report).toBeNull();
  });

  it('honours --negotiators, with specs that contain commas', () => {
    const r = lancaster([
      'simulate',
      'london-2025',
      '--json',
      '--no-report',
      '--negotiators',
      'us=conceder,china=timedep:e=0.5,k=0',
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.negotiators).toEqual({ us: 'conceder', china: 'timedep:e=0.5,k=0' });
  });

  it('rejects a bad seed, a bad negotiator list and an unknown negotiator with exit code 2', () => {
    for (const args of [
      ['simulate', '--seed', 'abc', '--no-report'],
      ['simulate', '--negotiators', 'mars=boulware', '--no-report'],
      ['simulate', '--negotiators', 'us=telepath', '--no-report'],
      ['simulate', '--no-such-flag'],
    ]) {
      const r = lancaster(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.length).toBeGreaterThan(0);
      noStackTrace(r.stderr);
    }
  });

  it('a missing scenario is a clear error', () => {
    const r = lancaster(['simulate', 'no-such-scenario', '--no-report']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/SCENARIO_NOT_FOUND|FILE_NOT_FOUND/);
    expect(r.stderr).toMatch(/london-2025/);
    noStackTrace(r.stderr);
  });
});

describe('lancaster analyze', () => {
  it('prints the domain analysis', () => {
    const r = lancaster(['analyze', 'london-2025']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/outcomes: \d+/);
    expect(r.stdout).toMatch(/Pareto frontier: \d+/);
    expect(r.stdout).toMatch(/Kalai/);
  });

  it('--json gives the frontier and the bargaining points', () => {
    const r = lancaster(['analyze', 'london-2025', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.frontier.length).toBe(j.frontierSize);
    expect(j.individuallyRational).toBeLessThanOrEqual(j.feasible);
    expect(j.feasible).toBeLessThanOrEqual(j.outcomes);
    if (j.nash) {
      for (const [id, u] of Object.entries(j.nash.utilities))
        expect(u as number).toBeGreaterThanOrEqual(j.reservationValues[id]);
    }
  });
});

describe('lancaster validate', () => {
  it('accepts the shipped scenario', () => {
    const r = lancaster(['validate', 'scenarios/london-2025.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ok scenarios\/london-2025.yaml: \d+ issues, 2 parties/);
  });

  it('reports every problem of a bad file with line and column, exit 2, no stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lancaster-cli-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      [
        'version: 1',
        'id: bad',
        'title: Bad',
        'issues:',
        '  - { id: a, label: A, type: discrete, values: [{ id: x, label: X }, { id: y, label: Y }] }',
        'parties:',
        '  - id: p',
        '    label: P',
        '    reservationValue: 0.2',
        '    weigths: { a: 1 }',
        '    evaluators: { a: { x: 0, y: 1 } }',
        '  - id: q',
        '    label: Q',
        '    reservationValue: 1.5',
        '    weights: { a: 1 }',
        '    evaluators: { a: { x: 1, y: 0 } }',
        'protocol: { type: saop, deadline: { rounds: 10 } }',
        '',
      ].join('\n'),
    );
    const r = lancaster(['validate', file]);
    expect(r.code).toBe(2);
    noStackTrace(r.stderr);
    expect(r.stderr).toContain(`${file}:10:5`); // the misspelt field
    expect(r.stderr).toMatch(/weigths/);
    expect(r.stderr).toContain(`${file}:14:`); // reservation value out of [0, 1]
  });

  it('a missing file gives exit 2 and names the file', () => {
    const r = lancaster(['validate', '/nonexistent/scenario.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\/nonexistent\/scenario.yaml/);
    noStackTrace(r.stderr);
  });
});

describe('lancaster (no command) and helpers', () => {
  it('prints help', () => {
    const r = lancaster([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/simulate/);
    expect(r.stdout).toMatch(/analyze/);
  });

  it('lists negotiators and scenarios', () => {
    const negotiators = lancaster(['negotiators']).stdout;
    for (const name of ['boulware', 'hardheaded', 'atlas3', 'caduceus', 'ponpoko', 'agentgg'])
      expect(negotiators).toMatch(new RegExp(`^${name} `, 'm'));
    expect(lancaster(['scenarios']).stdout).toMatch(/london-2025/);
  });
});
