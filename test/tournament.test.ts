/**
 * Tournaments: the spec's problems with line and column, the match enumeration and seeds, a
 * tournament on the worker pool whose every match re-runs alone to the same result, errors and
 * hangs recorded while the tournament finishes, the statistics on known numbers, the progress
 * frame, and the CSV/JSON exports. The kill-and-resume test is in tournament-resume.test.ts.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { LancasterError, type Problem } from '../src/errors.ts';
import { writeFileAtomic } from '../src/formats/write-atomic.ts';
import {
  CSV_COLUMNS,
  checkTournament,
  enumerateMatches,
  loadTournamentScenarioRef,
  type MatchResult,
  matchSeed,
  pairwiseTable,
  parseTournamentSpec,
  rankNegotiators,
  renderProgress,
  roleAssignments,
  runSingleMatch,
  runTournament,
  studentTQuantile,
  summarize,
  TournamentStore,
  tournamentCsv,
  tournamentJson,
} from '../src/run/tournament/index.ts';
import { dataPath, hasData } from './support/data.ts';

const ROOT = resolve(import.meta.dirname, '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'tournament');
const TWO_ISSUES = join(FIXTURES, 'two-issues.yaml');
const MISBEHAVING = pathToFileURL(join(FIXTURES, 'misbehaving-negotiators.ts')).href;

function problemsOf(fn: () => unknown): Problem[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof LancasterError) return [...e.problems];
    throw e;
  }
  throw new Error('expected a LancasterError');
}

async function asyncProblemsOf(fn: () => Promise<unknown>): Promise<Problem[]> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof LancasterError) return [...e.problems];
    throw e;
  }
  throw new Error('expected a LancasterError');
}

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'lancaster-tournament-'));
}

/** A spec file in a fresh folder, naming the two-issue fixture by absolute path. */
function specFile(body: string): string {
  const dir = tmp();
  const file = join(dir, 't.tournament.yaml');
  writeFileSync(file, body);
  return file;
}

describe('tournament spec', () => {
  it('reports every problem with line, column and field', () => {
    const text = [
      'version: 1', // 1
      'id: bad id', // 2
      'negotiators:', // 3
      '  - boulware', // 4
      '  - { spec: conceder, nmae: c }', // 5
      'scenarios: []', // 6
      'repetitions: 0', // 7
      'deadline: [10]', // 8
    ].join('\n');
    const ps = problemsOf(() => parseTournamentSpec(text, 'bad.tournament.yaml'));
    const by = (path: string) => ps.find((p) => p.path === path);
    expect(by('id')).toMatchObject({ code: 'SCHEMA', file: 'bad.tournament.yaml', line: 2, column: 5 });
    expect(by('negotiators.1.nmae')).toMatchObject({ code: 'UNKNOWN_FIELD', line: 5, column: 23 });
    expect(by('scenarios')).toMatchObject({ code: 'SCHEMA', line: 6 });
    expect(by('repetitions')).toMatchObject({ code: 'VALUE_OUT_OF_RANGE', line: 7, column: 14 });
    expect(by('deadline')).toMatchObject({ code: 'UNKNOWN_FIELD', line: 8, column: 1 });
    expect(by('deadline')?.message).toMatch(/deadlines/); // the nearest allowed field is suggested
  });

  it('rejects another version, and repeated display names', () => {
    const v2 = problemsOf(() =>
      parseTournamentSpec('version: 2\nid: x\nnegotiators: [a, b]\nscenarios: [s]\n', 'v.yaml'),
    );
    expect(v2[0]).toMatchObject({ code: 'UNSUPPORTED_VERSION', line: 1, column: 10 });
    const dup = problemsOf(() =>
      parseTournamentSpec(
        'version: 1\nid: x\nnegotiators:\n  - boulware\n  - { spec: "boulware:e=0.1", name: boulware }\nscenarios: [s]\n',
        'd.yaml',
      ),
    );
    expect(dup[0]).toMatchObject({ code: 'DUPLICATE_ID', line: 5, path: 'negotiators.1' });
  });

  it('checks negotiators and chosen parties against the registry and the loaded scenarios', async () => {
    const file = specFile(
      [
        'version: 1',
        'id: checks',
        'negotiators:',
        '  - boulware',
        '  - "nosuch:x=1"',
        '  - "boulware:e=-3"',
        'scenarios:',
        `  - { scenario: ${JSON.stringify(TWO_ISSUES)}, parties: [buyer, sellr] }`,
      ].join('\n'),
    );
    const spec = parseTournamentSpec(readFileSync(file, 'utf8'), file);
    const ps = await asyncProblemsOf(() => checkTournament(spec, loadTournamentScenarioRef));
    expect(ps.find((p) => p.code === 'UNKNOWN_REFERENCE')).toMatchObject({
      line: 8,
      path: 'scenarios.0.parties.1',
    });
    expect(ps.find((p) => p.code === 'UNKNOWN_NEGOTIATOR')).toMatchObject({ line: 5, column: 5 });
    expect(ps.find((p) => p.code === 'BAD_NEGOTIATOR_SPEC')).toMatchObject({ line: 6, column: 5 });
  });

  it('hashes what the tournament would do, not where the spec lies', () => {
    const body = 'version: 1\nid: h\nnegotiators: [boulware, conceder]\nscenarios: [london-2025]\n';
    const a = parseTournamentSpec(body, '/a/x.yaml');
    const b = parseTournamentSpec(`# a comment\n${body}repetitions: 1\n`, '/b/y.yaml');
    const c = parseTournamentSpec(`${body}repetitions: 2\n`, '/a/x.yaml');
    expect(a.hash).toBe(b.hash);
    expect(a.hash).not.toBe(c.hash);
  });
});

describe('a tournament under another protocol', () => {
  const body = 'version: 1\nid: p\nnegotiators: [boulware, conceder]\nscenarios: [london-2025]\n';

  it('reads `protocol` (a word or an object with the chair) and hashes it only when given', () => {
    const none = parseTournamentSpec(body, 'p.yaml');
    expect(none.protocol).toBeNull();
    const word = parseTournamentSpec(`${body}protocol: mediated\n`, 'p.yaml');
    expect(word.protocol).toEqual({
      kind: 'mediated',
      mediator: { kind: 'hill-climb', stepSize: 0.1, temperature: 0.5, patience: 0 },
    });
    const chair = parseTournamentSpec(
      `${body}protocol: { type: mediated, mediator: { type: frontier, patience: 4 } }\n`,
      'p.yaml',
    );
    expect(chair.protocol).toEqual({
      kind: 'mediated',
      mediator: { kind: 'frontier', stepSize: 0.1, temperature: 0.5, patience: 4 },
    });
    expect(parseTournamentSpec(`${body}protocol: saop\n`, 'p.yaml').protocol).toEqual({ kind: 'saop' });
    expect(new Set([none.hash, word.hash, chair.hash]).size).toBe(3);
    const [problem] = problemsOf(() =>
      parseTournamentSpec(`${body}protocol: { type: mediated, mediator: { type: oracle } }\n`, 'p.yaml'),
    );
    expect(problem).toMatchObject({ code: 'SCHEMA', line: 5 });
  });

  it('the shipped specs read, and `chaired` plays at the frontier chair’s table', () => {
    const dir = join(ROOT, 'tournaments');
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.tournament.yaml'))) {
      const spec = parseTournamentSpec(readFileSync(join(dir, name), 'utf8'), join(dir, name));
      if (name === 'chaired.tournament.yaml')
        expect(spec.protocol).toMatchObject({ mediator: { kind: 'frontier' } });
      else expect(spec.protocol).toBeNull();
    }
  });

  it('plays every match at a chair’s table, on the pool as alone', async () => {
    const file = specFile(
      [
        'version: 1',
        'id: chaired',
        'negotiators: [boulware, conceder, linear]',
        `scenarios: [{ scenario: ${JSON.stringify(TWO_ISSUES)}, name: two }]`,
        'deadlines: [12]',
        'protocol: { type: mediated, mediator: { type: annealing } }',
      ].join('\n'),
    );
    const spec = parseTournamentSpec(readFileSync(file, 'utf8'), file);
    const db = join(tmp(), 'chaired.sqlite');
    const summary = await runTournament(spec, { db, workers: 2, where: 'pool' });
    expect(summary.ran).toBe(6);
    const store = TournamentStore.open(db);
    const stored = store.matches('chaired');
    store.close();
    // At a mediated table with no early close, the text is closed at the deadline: every party votes
    // in every one of the 12 rounds (an alternating-offers session ends at the acceptance).
    const agreed = stored.filter((m) => m.result.outcome === 'agreement');
    expect(agreed.length).toBeGreaterThan(0);
    for (const m of agreed) expect(m.result.steps).toBe(24);
    for (const k of [0, 5]) expect((await runSingleMatch(spec, k)).result).toEqual(stored[k]?.result);
  });
});

describe('matches and seeds', () => {
  fcTest.prop([fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 3 }), fc.boolean()])(
    'role assignments are every ordered choice, distinct unless self-play',
    (n, roles, selfPlay) => {
      const all = roleAssignments(n, roles, selfPlay);
      let expected = selfPlay ? n ** roles : 1;
      if (!selfPlay) for (let k = 0; k < roles; k++) expected *= Math.max(0, n - k);
      expect(all.length).toBe(expected);
      expect(new Set(all.map((a) => a.join(','))).size).toBe(all.length);
      if (!selfPlay) for (const a of all) expect(new Set(a).size).toBe(roles);
    },
  );

  it('enumerates scenarios × deadlines × assignments × repetitions with seeds from (tournament, index)', () => {
    const spec = parseTournamentSpec(
      'version: 1\nid: e\nseed: 9\nnegotiators: [a, b, c]\nscenarios: [s1, s2]\nrepetitions: 3\ndeadlines: [10, 20]\n',
      'e.yaml',
    );
    const ms = enumerateMatches(spec, [2, 3]);
    expect(ms.length).toBe(2 * 3 * 3 * 2 + 2 * 3 * 6 * 1);
    ms.forEach((m, i) => {
      expect(m.index).toBe(i);
      expect(m.seed).toBe(matchSeed(9, 'e', i));
    });
    expect(new Set(ms.map((m) => m.seed)).size).toBe(ms.length);
    expect(matchSeed(9, 'e', 4)).not.toBe(matchSeed(9, 'other', 4));
  });
});

describe('tournament on the worker pool', () => {
  it('stores every match once, and each match re-run alone gives its stored result', async () => {
    const file = specFile(
      [
        'version: 1',
        'id: pool',
        'negotiators: [boulware, conceder, { spec: "linear", name: lin }]',
        `scenarios: [{ scenario: ${JSON.stringify(TWO_ISSUES)}, name: two }]`,
        'repetitions: 2',
        'deadlines: [15, 40]',
      ].join('\n'),
    );
    const spec = parseTournamentSpec(readFileSync(file, 'utf8'), file);
    const db = join(tmp(), 'pool.sqlite');
    const seen: number[] = [];
    const summary = await runTournament(spec, {
      db,
      workers: 2,
      where: 'pool',
      onProgress: (s) => seen.push(s.done),
    });
    expect(summary.total).toBe(2 * 6 * 2);
    expect(summary.ran).toBe(summary.total);
    expect(seen[seen.length - 1]).toBe(summary.total);
    const store = TournamentStore.open(db);
    const stored = store.matches('pool');
    store.close();
    expect(stored.map((m) => m.matchIndex)).toEqual([...Array(summary.total).keys()]);
    for (const k of [0, 7, summary.total - 1]) {
      const alone = await runSingleMatch(spec, k);
      expect(alone.result).toEqual(stored[k]?.result);
    }
    // Each negotiator plays 2 deadlines × 4 matches × 2 repetitions = 16 sessions.
    for (const r of summary.ranking) expect(r.sessions).toBe(16);
    // Running it again reports the finished tournament without running anything.
    const again = await runTournament(spec, { db, workers: 1 });
    expect(again.ran).toBe(0);
    expect(again.ranking).toEqual(summary.ranking);
    // A changed spec is refused against the same database.
    const changed = parseTournamentSpec(`${readFileSync(file, 'utf8')}\nselfPlay: true\n`, file);
    const ps = await asyncProblemsOf(() => runTournament(changed, { db, resume: true }));
    expect(ps[0]?.code).toBe('SPEC_CHANGED');
  });

  it('gives byte-identical results, ranking and pairwise table in this thread, on 1 worker and on 2', async () => {
    // Negotiators with opponent models too, so that per-thread caches (domain analysis, model
    // tables) would show if they leaked from one match into the next on the same thread.
    const file = specFile(
      [
        'version: 1',
        'id: same',
        'seed: 11',
        'negotiators: [boulware, conceder, hardheaded, nicetft]',
        `scenarios: [{ scenario: ${JSON.stringify(TWO_ISSUES)}, name: two }]`,
        'repetitions: 2',
        'deadlines: [20]',
      ].join('\n'),
    );
    const spec = parseTournamentSpec(readFileSync(file, 'utf8'), file);
    const runOn = async (workers: number, where: 'auto' | 'pool' = 'pool') => {
      const db = join(tmp(), `w${workers}-${where}.sqlite`);
      const summary = await runTournament(spec, {
        db,
        workers,
        where,
        onProgress: (p) => shown.add(p.workers),
      });
      const store = TournamentStore.open(db);
      // Everything stored but the wall-clock duration of each match.
      const stored = store.matches('same').map(({ durationMs: _, ...m }) => m);
      store.close();
      return JSON.stringify({ stored, ranking: summary.ranking, pairwise: summary.pairwise });
    };
    const shown = new Set<number>();
    const here = await runOn(2, 'auto'); // 24 short matches: never worth a pool
    expect([...shown]).toEqual([1]); // played in this thread
    const one = await runOn(1);
    const two = await runOn(2);
    expect(JSON.parse(one).stored).toHaveLength(24);
    expect(two).toBe(one);
    expect(here).toBe(one);
  });

  it('records a negotiator that throws and one that hangs, and finishes the tournament', async () => {
    const file = specFile(
      [
        'version: 1',
        'id: misbehaving',
        'negotiators: [boulware, test-hang, test-throw]',
        `scenarios: [${JSON.stringify(TWO_ISSUES)}]`,
        'matchTimeoutSeconds: 1.5',
      ].join('\n'),
    );
    const spec = parseTournamentSpec(readFileSync(file, 'utf8'), file);
    const db = join(tmp(), 'm.sqlite');
    const summary = await runTournament(spec, { db, workers: 2, negotiatorModules: [MISBEHAVING] });
    expect(summary.total).toBe(6);
    const store = TournamentStore.open(db);
    const stored = store.matches('misbehaving');
    store.close();
    expect(stored.length).toBe(6);
    for (const m of stored) {
      const codes = m.result.error?.code ?? null;
      // The buyer moves first: a hang is reached unless the thrower moves before it.
      if (
        m.assignment[0] === 'test-hang' ||
        (m.assignment[0] === 'boulware' && m.assignment[1] === 'test-hang')
      ) {
        expect(codes, JSON.stringify(m.result.error)).toBe('MATCH_TIMEOUT');
        expect(m.result.status).toBe('error');
      } else if (m.assignment.includes('test-throw')) {
        expect(codes).toBe('NEGOTIATOR_THREW');
        expect(m.result.parties.length).toBe(2);
      }
    }
    const thrower = summary.ranking.find((r) => r.negotiator === 'test-throw');
    expect(thrower?.faults).toBeGreaterThanOrEqual(3);
    const hanger = summary.ranking.find((r) => r.negotiator === 'test-hang');
    expect(hanger?.matchFailures).toBe(3);
  });
});

function result(
  parties: [string, number][],
  outcome = 'agreement',
  error: MatchResult['error'] = null,
): MatchResult {
  return {
    status: error ? 'error' : 'done',
    outcome,
    error,
    agreement: outcome === 'agreement' ? [0] : null,
    parties: parties.map(([negotiator, utility], i) => ({
      party: `p${i}`,
      negotiator,
      spec: negotiator,
      utility,
      discountedUtility: utility,
      reservationValue: 0.1,
      advantage: utility - 0.1,
      modelAccuracy: null,
    })),
    socialWelfare: parties.reduce((a, [, u]) => a + u, 0),
    distanceToFrontier: 0,
    distanceToNash: 0.1,
    paretoOptimal: true,
    rounds: 5,
    steps: 10,
    t: 0.5,
  };
}

describe('statistics', () => {
  it('t quantiles match published tables', () => {
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.7062, 3);
    expect(studentTQuantile(0.975, 2)).toBeCloseTo(4.3027, 4);
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.2281, 4);
    expect(studentTQuantile(0.975, 30)).toBeCloseTo(2.0423, 4);
    expect(studentTQuantile(0.975, 1000)).toBeCloseTo(1.9623, 4);
    expect(studentTQuantile(0.95, 5)).toBeCloseTo(2.015, 3);
  });

  it('summarize gives the mean and the t-interval half-width', () => {
    const s = summarize([1, 2, 3, 4]);
    expect(s.mean).toBe(2.5);
    // sd = 1.2910, se = 0.6455, t(0.975, 3) = 3.1824
    expect(s.ci95).toBeCloseTo(3.1824 * 0.645497, 3);
    expect(summarize([5])).toEqual({ n: 1, mean: 5, ci95: null });
    expect(summarize([])).toEqual({ n: 0, mean: null, ci95: null });
  });

  it('ranks by mean utility and fills the pairwise table from both roles', () => {
    const matches = [
      {
        assignment: ['a', 'b'],
        result: result([
          ['a', 0.8],
          ['b', 0.4],
        ]),
      },
      {
        assignment: ['b', 'a'],
        result: result([
          ['b', 0.5],
          ['a', 0.6],
        ]),
      },
      {
        assignment: ['a', 'c'],
        result: result(
          [
            ['a', 0.1],
            ['c', 0.1],
          ],
          'deadline',
        ),
      },
      {
        assignment: ['c', 'b'],
        result: result(
          [
            ['c', 0.1],
            ['b', 0.1],
          ],
          'error',
          { code: 'NEGOTIATOR_THREW', message: 'x', party: 'p0' },
        ),
      },
      {
        assignment: ['b', 'c'],
        result: { ...result([]), status: 'error', outcome: 'timeout' } as MatchResult,
      },
    ];
    const ranking = rankNegotiators(['c', 'b', 'a'], matches);
    expect(ranking.map((r) => r.negotiator)).toEqual(['a', 'b', 'c']);
    const a = ranking[0];
    expect(a?.sessions).toBe(3);
    expect(a?.utility.mean).toBeCloseTo(0.5, 12);
    expect(a?.agreementRate).toBeCloseTo(2 / 3, 12);
    expect(a?.utility.ci95).toBeCloseTo(studentTQuantile(0.975, 2) * Math.sqrt(0.13 / 3), 9);
    const c = ranking.find((r) => r.negotiator === 'c');
    expect(c?.faults).toBe(1);
    expect(c?.matchFailures).toBe(1);
    const p = pairwiseTable(['a', 'b', 'c'], matches);
    expect(p.meanUtility[0]?.[1]).toBeCloseTo(0.7, 12); // a against b: 0.8 and 0.6
    expect(p.meanUtility[1]?.[0]).toBeCloseTo(0.45, 12);
    expect(p.meanUtility[0]?.[0]).toBeNull();
    expect(p.sessions[1]?.[2]).toBe(1); // the timeout has no utilities
  });
});

describe('progress frame', () => {
  it('shows done/total, rate, ETA and leaders; colour only when asked', () => {
    const frame = renderProgress(
      {
        title: 'quick',
        done: 30,
        total: 100,
        doneThisRun: 20,
        errors: 2,
        elapsedMs: 10_000,
        workers: 2,
        leaders: [
          { name: 'boulware', mean: 0.7123, sessions: 12 },
          { name: 'conceder', mean: 0.5, sessions: 12 },
        ],
      },
      { color: false, width: 10 },
    );
    expect(frame).toContain('30/100 (30.0%)');
    expect(frame).toContain('2.0/s'); // 20 this run in 10 s
    expect(frame).toContain('ETA 35s'); // 70 left at 2/s
    expect(frame).toContain('2 errors');
    expect(frame).toMatch(/1\. boulware 0\.712 \(12\)\s+2\. conceder 0\.500/);
    expect(frame).toContain('███░░░░░░░');
    expect(frame.includes('\u001b[')).toBe(false);
    const colored = renderProgress(
      { title: 'q', done: 1, total: 2, doneThisRun: 1, errors: 0, elapsedMs: 1, workers: 1, leaders: [] },
      { color: true },
    );
    expect(colored.includes('\u001b[')).toBe(true);
  });
});

describe('exports', () => {
  it('writes CSV with one row per role and JSON with every match, atomically', () => {
    const matches = [
      {
        matchIndex: 0,
        scenario: 'two, "quoted"',
        deadline: 10,
        repetition: 0,
        seed: 42,
        assignment: ['a', 'b'],
        result: result([
          ['a', 0.8],
          ['b', 0.4],
        ]),
        durationMs: 1.5,
      },
      {
        matchIndex: 1,
        scenario: 's',
        deadline: null,
        repetition: 0,
        seed: 43,
        assignment: ['b', 'a'],
        result: { ...result([]), status: 'error', outcome: 'timeout' } as MatchResult,
        durationMs: 2,
      },
    ];
    const csv = tournamentCsv('t', matches);
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines.length).toBe(1 + 2 + 1);
    expect(lines[1]).toContain('"two, ""quoted"""');
    const col = (line: string, name: string) => {
      const cells = line.replace('"two, ""quoted"""', 'X').split(',');
      return cells[CSV_COLUMNS.indexOf(name as (typeof CSV_COLUMNS)[number])];
    };
    expect(col(lines[2] as string, 'negotiator')).toBe('b');
    expect(col(lines[2] as string, 'utility')).toBe('0.4');
    expect(col(lines[3] as string, 'outcome')).toBe('timeout');
    const dir = tmp();
    const out = join(dir, 'sub', 'r.csv');
    writeFileAtomic(out, csv);
    expect(readFileSync(out, 'utf8')).toBe(csv);
    const json = tournamentJson({ id: 't', title: 't', total: 2, specHash: 'h' }, matches, [], {
      names: [],
      meanUtility: [],
      sessions: [],
    }) as { version: number; matches: unknown[] };
    expect(json.version).toBe(1);
    expect(JSON.parse(JSON.stringify(json)).matches).toEqual(matches);
  });
});

const LAPTOP = dataPath('genius', 'anac2011_Laptop');
const hasGenius = hasData('genius', 'anac2011_Laptop');

describe.skipIf(!hasGenius)('GENIUS folders in a tournament', () => {
  it('loads a folder relative to the spec, and `parties` sets the roles and their turn order', async () => {
    const dir = tmp();
    const file = join(dir, 'g.tournament.yaml');
    writeFileSync(
      file,
      [
        'version: 1',
        'id: genius',
        'negotiators: [boulware, conceder]',
        'scenarios:',
        `  - { scenario: ${JSON.stringify(relative(dir, LAPTOP))}, parties: [laptop_seller, laptop_buyer] }`,
        'deadlines: [50]',
      ].join('\n'),
    );
    const spec = parseTournamentSpec(readFileSync(file, 'utf8'), file);
    const m = await runSingleMatch(spec, 1);
    expect(m.task.roles.map((r) => [r.party, r.negotiator])).toEqual([
      ['laptop_seller', 'conceder'],
      ['laptop_buyer', 'boulware'],
    ]);
    expect(m.result.parties.map((p) => p.party)).toEqual(['laptop_seller', 'laptop_buyer']);
    expect(m.result.rounds).toBeLessThanOrEqual(50);
    expect(m.result.status).toBe('done');
  });
});
