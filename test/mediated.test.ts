/**
 * The mediated single-text protocol as a user runs it: a scenario file that asks for a chair,
 * `--protocol` / `--mediator` on simulate, forecast and compare (a multilateral data set forecast
 * under a chair's text, the same on 1 and 2 workers), the transcript of texts and votes in text,
 * JSON and the HTML report, and bad choices refused with exit 2. A multilateral GENIUS domain
 * (ANAC 2015, three profiles) is forecast with a chair when ../shared/data is present.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lancaster } from './support/cli.ts';

const ROOT = resolve(import.meta.dirname, '..');
const FOUR = join(ROOT, 'test', 'fixtures', 'mediated', 'four-party-chair.yaml');
const DINNER = resolve(ROOT, '..', 'shared', 'data', 'genius', 'anac2015_group2-dinner');

const tmp = () => mkdtempSync(join(tmpdir(), 'lancaster-mediated-'));

describe('lancaster simulate at a chair’s table', () => {
  it('runs a scenario whose file asks for a chair: one line per text with its votes, and the report', () => {
    const dir = tmp();
    const r = lancaster(['simulate', FOUR, '--seed', '2'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/mediated by the frontier chair/);
    expect(r.stdout).toMatch(
      /R\s+1 chair\s+text\s+target=\w+ finance=\d+ review=\w+ .* north (yes|no) south (yes|no) islands (yes|no) producers (yes|no)/,
    );
    expect(r.stdout).toMatch(/Week 1 ends; Week 2 begins/);
    const html = readFileSync(join(dir, 'reports', 'four-party-chair-seed2.html'), 'utf8');
    expect(html).toContain(
      'Mediated single negotiating text, chaired by the <strong>frontier</strong> mediator',
    );
    expect(html.match(/data-event="propose"/g)?.length).toBe(24);
    expect(html.match(/data-event="tally"/g)?.length).toBe(24);
    expect(html).toMatch(/North (accepts|<strong>rejects<\/strong>), /);
  });

  it('--protocol mediated --mediator puts any scenario under a chair; --json names the votes by party', () => {
    const args = [
      'simulate',
      'london-2025',
      '--seed',
      '4',
      '--protocol',
      'mediated',
      '--mediator',
      'annealing',
      '--json',
      '--no-report',
    ];
    const a = lancaster(args);
    expect(a.code).toBe(0);
    expect(lancaster(args).stdout).toBe(a.stdout);
    const j = JSON.parse(a.stdout);
    expect(j.protocol).toEqual({
      kind: 'mediated',
      mediator: { kind: 'annealing', stepSize: 0.1, temperature: 0.5, patience: 0 },
    });
    expect(j.transcript[0].type).toBe('propose');
    const tally = j.transcript.find((e: { type: string }) => e.type === 'tally');
    expect(Object.keys(tally.votes).sort()).toEqual(['china', 'us']);
    expect(typeof tally.outcome.rare_earths).toBe('string');
    // No party offers at a chair's table.
    expect(j.transcript.some((e: { type: string }) => e.type === 'offer')).toBe(false);
    // --protocol saop puts the chaired file back at an alternating-offers table.
    const saop = JSON.parse(
      lancaster(['simulate', FOUR, '--protocol', 'saop', '--json', '--no-report']).stdout,
    );
    expect(saop.protocol).toEqual({ kind: 'saop' });
    expect(saop.transcript[0].type).toBe('offer');
  });

  it('refuses an unknown protocol or mediator, and a mediator at an alternating-offers table (exit 2)', () => {
    for (const [args, path] of [
      [['--protocol', 'auction'], '--protocol'],
      [['--mediator', 'oracle'], '--mediator'],
      [['--protocol', 'saop', '--mediator', 'frontier'], '--mediator'],
    ] as const) {
      const r = lancaster(['simulate', 'london-2025', '--no-report', ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/BAD_OPTION/);
      expect(r.stderr).toContain(path);
      expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    }
  });
});

describe('lancaster forecast at a chair’s table', () => {
  it('forecasts a multilateral scenario under a chair, the same on 1 and 2 workers', () => {
    const dir = tmp();
    const base = ['forecast', FOUR, '--runs', '150', '--json', '--no-report', '--no-sensitivity'];
    const one = lancaster([...base, '--workers', '1', '--mediator', 'hill-climb'], dir);
    const two = lancaster([...base, '--workers', '2', '--mediator', 'hill-climb'], dir);
    expect(one.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    const f = JSON.parse(one.stdout);
    expect(f.runs).toBe(150);
    expect(f.agreement.probability).toBeGreaterThan(0);
    // The text is closed at the deadline: every agreement comes in the last round.
    expect(f.rounds.agreement.p50).toBe(24);
    // The file's own chair (frontier) gives another forecast than the hill-climbing one.
    const own = lancaster(base, dir);
    expect(own.code).toBe(0);
    expect(own.stdout).not.toBe(one.stdout);
  });

  it('compare shows how a chair changes the forecast of an alternating-offers scenario', () => {
    const r = lancaster(['compare', FOUR, '--protocol', 'saop', '--runs', '150', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.variant).toContain('--protocol saop');
    expect(j.comparison.agreement.base).not.toBe(j.comparison.agreement.variant);
  });

  it.skipIf(!existsSync(DINNER))(
    'forecasts a three-party GENIUS domain (ANAC 2015 dinner) with a chair’s text',
    () => {
      const r = lancaster([
        'forecast',
        DINNER,
        '--mediator',
        'frontier',
        '--runs',
        '40',
        '--json',
        '--no-report',
      ]);
      expect(r.code).toBe(0);
      const f = JSON.parse(r.stdout);
      expect(f.utilities.map((u: { party: string }) => u.party)).toHaveLength(3);
      expect(f.agreement.probability).toBeGreaterThan(0.5);
    },
  );
});
