/**
 * Fidelity of Lancaster's ANAC agents against NegMAS's independent reimplementations
 * (negmas_genius_agents): the same matchups, on the same ANAC domains, in both roles and for
 * several seeds, once with our HardHeaded, AgentK, CUHKAgent and Nice Tit for Tat and once with
 * theirs seated through the external-negotiator bridge (clients/python/negmas_adapter.py). Both
 * runs use Lancaster's runner and protocol, the domains as Lancaster reads them (GENIUS's
 * normalisation), no discounting, and the same deadline in rounds, so differences come from the
 * agents. Prints the table that docs/fidelity.md discusses and writes every session to a JSON-lines
 * file (resumable: sessions already in it are not run again).
 *
 *   npx tsx scripts/fidelity.ts [--domains a,b] [--seeds N] [--rounds R] [--out FILE] [--shard k/n] [--table-only]
 *
 * Needs Debian's python3 with NegMAS's packages and ../shared/anchors/python (or $LANCASTER_ANCHORS).
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadGeniusFolder } from '../src/formats/genius/folder.ts';
import type { Scenario } from '../src/model/scenario.ts';
import { runSession } from '../src/run/session.ts';

const ROOT = resolve(import.meta.dirname, '..');
const DATA = resolve(process.env.LANCASTER_DATA || join(ROOT, '..', 'shared', 'data'));
const ANCHORS = resolve(process.env.LANCASTER_ANCHORS || join(ROOT, '..', 'shared', 'anchors', 'python'));
const PYTHON = process.env.LANCASTER_PYTHON || '/usr/bin/python3';

/** Our spec and their class, per agent. */
const AGENTS = [
  { name: 'HardHeaded', ours: 'hardheaded', theirs: 'HardHeaded' },
  { name: 'AgentK', ours: 'agentk', theirs: 'AgentK' },
  { name: 'CUHKAgent', ours: 'cuhkagent', theirs: 'CUHKAgent' },
  { name: 'NiceTitForTat', ours: 'nicetft', theirs: 'NiceTitForTat' },
] as const;

const DEFAULT_DOMAINS = [
  'anac2010_ItexvsCypress',
  'anac2010_EnglandZimbabwe',
  'anac2011_Camera',
  'anac2011_Grocery',
  'anac2011_Amsterdam',
];

const { values: args } = parseArgs({
  options: {
    domains: { type: 'string', default: DEFAULT_DOMAINS.join(',') },
    seeds: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '100' },
    out: { type: 'string', default: 'fidelity-sessions.jsonl' },
    shard: { type: 'string', default: '0/1' },
    'table-only': { type: 'boolean', default: false },
    against: { type: 'string' },
  },
});

interface Row {
  readonly key: string;
  readonly engine: 'lancaster' | 'negmas';
  readonly domain: string;
  readonly first: string;
  readonly second: string;
  readonly seed: number;
  readonly status: string;
  readonly error: string | null;
  /** Undiscounted utility of each agent (first = the party that opens). */
  readonly u1: number;
  readonly u2: number;
  readonly rounds: number;
  readonly ms: number;
}

const theirSpec = (cls: string) =>
  `external:env PYTHONPATH=${ANCHORS} ${PYTHON} ${join(ROOT, 'clients', 'python', 'negmas_adapter.py')} ${cls}`;

function domainScenario(name: string, rounds: number): Scenario {
  const { scenario } = loadGeniusFolder(join(DATA, 'genius', name));
  return {
    ...scenario,
    // No discounting (the adapter does not pass a discount on), one sitting of `rounds` rounds, and
    // time enough for a Python process on a busy machine.
    parties: scenario.parties.map((p) => ({ ...p, discountFactor: 1 })),
    protocol: {
      ...scenario.protocol,
      rounds,
      schedule: [{ label: 'Session', rounds }],
      actionBudgetMs: 30_000,
    },
  };
}

/** Index standing for the common opponent of `--against` (played by Lancaster in both engines). */
const AGAINST = -1;

function tasks(domains: readonly string[], seeds: number, against: string | undefined) {
  const out: { engine: Row['engine']; domain: string; a: number; b: number; seed: number; key: string }[] =
    [];
  if (against !== undefined) {
    // Each agent (ours, then theirs) against the same negotiator of ours, in both roles.
    for (let seed = 1; seed <= seeds; seed++)
      for (const domain of domains)
        for (let a = 0; a < AGENTS.length; a++)
          for (const [x, y] of [
            [a, AGAINST],
            [AGAINST, a],
          ] as const)
            for (const engine of ['lancaster', 'negmas'] as const)
              out.push({
                engine,
                domain,
                a: x,
                b: y,
                seed,
                key: `${engine}|${domain}|${x}|${y}|${seed}|${against}`,
              });
    return out;
  }
  // Seed-major, so that a run stopped early still covers every domain and matchup evenly.
  for (let seed = 1; seed <= seeds; seed++)
    for (let a = 0; a < AGENTS.length; a++)
      for (const domain of domains)
        for (let b = 0; b < AGENTS.length; b++) {
          if (a === b) continue; // both orders of every pair: both roles
          for (const engine of ['lancaster', 'negmas'] as const)
            out.push({ engine, domain, a, b, seed, key: `${engine}|${domain}|${a}|${b}|${seed}` });
        }
  return out;
}

function readRows(file: string): Row[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Row);
}

function run(): void {
  const domains = (args.domains as string).split(',');
  const seeds = Number(args.seeds);
  const rounds = Number(args.rounds);
  const [k, n] = (args.shard as string).split('/').map(Number) as [number, number];
  const done = new Set(readRows(args.out as string).map((r) => r.key));
  const scenarios = new Map(domains.map((d) => [d, domainScenario(d, rounds)]));
  // Tasks alternate engines: shard by pair of tasks so that every shard gets its share of Python sessions.
  const todo = tasks(domains, seeds, args.against).filter(
    (t, i) => Math.floor(i / 2) % n === k && !done.has(t.key),
  );
  console.error(`${todo.length} sessions to run (shard ${k}/${n})`);
  for (const [i, t] of todo.entries()) {
    const s = scenarios.get(t.domain) as Scenario;
    const [p1, p2] = s.protocol.order as [string, string];
    const common = { name: `ours:${args.against}`, ours: args.against as string, theirs: '' };
    const agent = (i: number) => (i === AGAINST ? common : (AGENTS[i] as (typeof AGENTS)[number]));
    const A = agent(t.a);
    const B = agent(t.b);
    const spec = (x: { name: string; ours: string; theirs: string }) =>
      t.engine === 'lancaster' || x === common ? x.ours : theirSpec(x.theirs);
    const start = performance.now();
    const { result } = runSession(s, { seed: t.seed, negotiators: { [p1]: spec(A), [p2]: spec(B) } });
    const row: Row = {
      key: t.key,
      engine: t.engine,
      domain: t.domain,
      first: A.name,
      second: B.name,
      seed: t.seed,
      status: result?.status ?? 'unfinished',
      error: result?.error ? `${result.error.code}: ${result.error.message.slice(0, 300)}` : null,
      u1: result?.utilities[p1] ?? 0,
      u2: result?.utilities[p2] ?? 0,
      rounds: result?.rounds ?? 0,
      ms: Math.round(performance.now() - start),
    };
    appendFileSync(args.out as string, `${JSON.stringify(row)}\n`);
    if (i % 10 === 0) console.error(`${i + 1}/${todo.length} ${t.key} ${row.status} ${row.ms} ms`);
  }
}

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);
function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (s[lo] as number) + ((s[hi] as number) - (s[lo] as number)) * (pos - lo);
}
const f2 = (x: number) => (Number.isNaN(x) ? '–' : x.toFixed(2));
const pct = (x: number) => (Number.isNaN(x) ? '–' : `${Math.round(100 * x)}%`);

/** Per engine: agreement rate, each agent's mean utility, rounds (median and quartiles), errors. */
function summary(rows: readonly Row[]) {
  const agreed = rows.filter((r) => r.status === 'agreement');
  const rounds = rows.map((r) => r.rounds);
  return {
    n: rows.length,
    agree: agreed.length / rows.length,
    errors: rows.filter((r) => r.status === 'error').length,
    rounds: `${f2(quantile(rounds, 0.5)).replace('.00', '')} [${quantile(rounds, 0.25).toFixed(0)}–${quantile(rounds, 0.75).toFixed(0)}]`,
  };
}

function table(): void {
  const rows = readRows(args.out as string);
  const groups = new Map<string, { lancaster: Row[]; negmas: Row[] }>();
  const add = (key: string, r: Row) => {
    const g = groups.get(key) ?? { lancaster: [], negmas: [] };
    g[r.engine].push(r);
    groups.set(key, g);
  };
  // A pair regardless of who opens; utilities are given per agent (the pair's first-named agent, A).
  for (const r of rows) {
    const [x, y] = [r.first, r.second].sort() as [string, string];
    const ux = r.first === x ? r.u1 : r.u2;
    const uy = r.first === x ? r.u2 : r.u1;
    add(`${x} vs ${y}`, { ...r, u1: ux, u2: uy });
  }
  const lines: string[] = [];
  lines.push(
    '| matchup (A vs B) | sessions | agreement L / N | mean u(A) L / N | mean u(B) L / N | rounds median [IQR] L | rounds median [IQR] N | errors L / N |',
  );
  lines.push('| --- | --- | --- | --- | --- | --- | --- | --- |');
  const line = (label: string, g: { lancaster: Row[]; negmas: Row[] }) => {
    const L = summary(g.lancaster);
    const N = summary(g.negmas);
    lines.push(
      `| ${label} | ${L.n} / ${N.n} | ${pct(L.agree)} / ${pct(N.agree)} | ${f2(mean(g.lancaster.map((r) => r.u1)))} / ${f2(mean(g.negmas.map((r) => r.u1)))} | ${f2(mean(g.lancaster.map((r) => r.u2)))} / ${f2(mean(g.negmas.map((r) => r.u2)))} | ${L.rounds} | ${N.rounds} | ${L.errors} / ${N.errors} |`,
    );
  };
  for (const [key, g] of [...groups.entries()].sort()) line(key, g);
  console.log(lines.join('\n'));

  // Per agent: its mean utility over all its sessions, and agreement rate of its sessions.
  console.log(
    '\n| agent | sessions L / N | agreement L / N | mean own utility L / N | mean opponent utility L / N |',
  );
  console.log('| --- | --- | --- | --- | --- |');
  for (const a of AGENTS) {
    const own = (engine: Row['engine']) =>
      rows.filter((r) => r.engine === engine && (r.first === a.name || r.second === a.name));
    const u = (rs: Row[], mine: boolean) =>
      mean(rs.map((r) => ((r.first === a.name) === mine ? r.u1 : r.u2)));
    const L = own('lancaster');
    const N = own('negmas');
    const ag = (rs: Row[]) => rs.filter((r) => r.status === 'agreement').length / rs.length;
    console.log(
      `| ${a.name} | ${L.length} / ${N.length} | ${pct(ag(L))} / ${pct(ag(N))} | ${f2(u(L, true))} / ${f2(u(N, true))} | ${f2(u(L, false))} / ${f2(u(N, false))} |`,
    );
  }

  // Per domain.
  console.log(
    '\n| domain | agreement L / N | mean u(opener) L / N | mean u(responder) L / N | rounds median L / N |',
  );
  console.log('| --- | --- | --- | --- | --- |');
  const domains = [...new Set(rows.map((r) => r.domain))].sort();
  for (const d of domains) {
    const L = rows.filter((r) => r.engine === 'lancaster' && r.domain === d);
    const N = rows.filter((r) => r.engine === 'negmas' && r.domain === d);
    console.log(
      `| ${d} | ${pct(summary(L).agree)} / ${pct(summary(N).agree)} | ${f2(mean(L.map((r) => r.u1)))} / ${f2(mean(N.map((r) => r.u1)))} | ${f2(mean(L.map((r) => r.u2)))} / ${f2(mean(N.map((r) => r.u2)))} | ${quantile(
        L.map((r) => r.rounds),
        0.5,
      )} / ${quantile(
        N.map((r) => r.rounds),
        0.5,
      )} |`,
    );
  }
  const errs = rows.filter((r) => r.error);
  if (errs.length > 0) {
    console.log('\nErrors:');
    for (const r of errs.slice(0, 20)) console.log(`- ${r.key}: ${r.error}`);
  }
}

if (!args['table-only']) run();
table();
