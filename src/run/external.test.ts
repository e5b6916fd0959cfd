/**
 * External negotiators (negotiators/external.ts, run/external-process.ts) against a real child
 * process, a small Node agent (test/fixtures/external/agent.mjs) whose mode makes it play well or
 * misbehave: every line that crosses the boundary is logged and checked against the committed
 * JSON Schemas (schema/external), a slow, crashing or lying process ends its session with the
 * right recorded error, only the negotiator's own preferences are ever sent, and a resumed
 * session sends a new process the whole transcript. The same over WebSocket
 * (test/fixtures/external/ws-agent.mjs, a server in another process, since a session blocks this
 * thread while it waits for an answer): the same messages, the same schemas, the same cut-offs.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EXTERNAL_SCHEMA_DIR, renderExternalSchemaFiles } from '../../scripts/write-schema.ts';
import { mediatorSettings, type Scenario, withProtocol } from '../model/scenario.ts';
import { table, UtilityFunction } from '../model/utility.ts';
import { externalCommand } from '../negotiators/external.ts';
import { setExternalLog } from './external-process.ts';
import { runSession } from './session.ts';
import { twoIssueScenario } from './test-scenarios.ts';

const AGENT = fileURLToPath(new URL('../../test/fixtures/external/agent.mjs', import.meta.url));
const external = (mode: string) => `external:${process.execPath} ${AGENT} ${mode}`;
const WS_AGENT = fileURLToPath(new URL('../../test/fixtures/external/ws-agent.mjs', import.meta.url));

interface Logged {
  readonly pid: string;
  readonly dir: 'in' | 'out';
  readonly line: string;
}

let log = '';
beforeEach(() => {
  log = join(mkdtempSync(join(tmpdir(), 'lancaster-external-')), 'traffic.jsonl');
  setExternalLog(log);
});
afterEach(() => setExternalLog(undefined));

const traffic = (): Logged[] =>
  readFileSync(log, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Logged);

/** The committed JSON Schemas, read back as validators (so the files themselves are what is tested). */
const schemas = Object.fromEntries(
  readdirSync(EXTERNAL_SCHEMA_DIR).map((f) => [
    f.replace('.schema.json', ''),
    z.fromJSONSchema(JSON.parse(readFileSync(join(EXTERNAL_SCHEMA_DIR, f), 'utf8'))),
  ]),
);

/** The schema a line must match, from its direction and what it answers. */
function checkTraffic(lines: readonly Logged[]): Set<string> {
  const seen = new Set<string>();
  const asked = new Map<string, string>();
  for (const l of lines) {
    const msg = JSON.parse(l.line) as { type: string };
    let name: string;
    if (l.dir === 'out') {
      name = msg.type;
      asked.set(l.pid, msg.type);
    } else {
      const q = asked.get(l.pid);
      name = q === 'setup' ? 'ready' : q === 'vote' ? 'ballot' : 'action';
    }
    const schema = schemas[name];
    expect(schema, `a schema for ${name}`).toBeDefined();
    const r = (schema as z.ZodType).safeParse(msg);
    expect(r.success, `${name}: ${l.line}\n${r.error?.message ?? ''}`).toBe(true);
    seen.add(name);
  }
  return seen;
}

/** The two-issue scenario, its seller's preferences replaced by numbers found nowhere else. */
function secretSellerScenario(budgetMs = 5000): Scenario {
  const s = twoIssueScenario({ actionBudgetMs: budgetMs });
  const [buyer, seller] = s.parties as [Scenario['parties'][number], Scenario['parties'][number]];
  const secret = new UtilityFunction(s.space, {
    weights: [0.6180339, 0.3819661],
    evaluators: [
      table([0.0111, 0.2222, 0.4444, 0.6666, 0.8888, 0.9999]),
      table([0.0123, 0.5432, 0.8765, 0.9876]),
    ],
    redLines: [
      { id: 'seller-secret-line', label: 'secret', kind: 'forbid', conditions: [{ issue: 1, values: [3] }] },
    ],
  });
  return { ...s, parties: [buyer, { ...seller, utility: secret, reservationValue: 0.2718281 }] };
}

describe('external negotiators over stdio', () => {
  it('plays a session to its end, and every line sent or received validates against its JSON Schema', () => {
    const s = twoIssueScenario();
    const { result } = runSession(s, {
      seed: 3,
      negotiators: { buyer: external('good'), seller: 'boulware' },
    });
    expect(result?.status).toBe('agreement');
    expect(result?.error).toBeFalsy();
    expect(result?.negotiators.buyer).toBe(external('good'));
    const seen = checkTraffic(traffic());
    expect([...seen].sort()).toEqual(['action', 'close', 'ready', 'setup', 'turn']);
  });

  it('votes on a chair’s text at a mediated table', () => {
    const s = withProtocol(twoIssueScenario(), { kind: 'mediated', mediator: mediatorSettings({}) });
    const { result } = runSession(s, {
      seed: 2,
      negotiators: { buyer: external('good'), seller: 'conceder' },
    });
    expect(result?.error).toBeFalsy();
    expect(['agreement', 'deadline']).toContain(result?.status);
    const seen = checkTraffic(traffic());
    expect(seen.has('vote') && seen.has('ballot')).toBe(true);
  });

  it('never sends another party’s preferences: only its own utility, red lines and reservation value', () => {
    const s = secretSellerScenario();
    runSession(s, { seed: 5, negotiators: { buyer: external('good'), seller: 'boulware' } });
    const out = traffic().filter((l) => l.dir === 'out');
    expect(out.length).toBeGreaterThan(2);
    const all = out.map((l) => l.line).join('\n');
    for (const secret of [
      '0.6180339',
      '0.3819661',
      '0.0111',
      '0.9999',
      '0.5432',
      '0.9876',
      '0.2718281',
      'seller-secret-line',
    ]) {
      expect(all).not.toContain(secret);
    }
    const setup = JSON.parse(out[0]?.line as string);
    expect(setup.type).toBe('setup');
    expect(setup.you.id).toBe('buyer');
    expect(setup.you.utility.weights).toEqual([0.7, 0.3]);
    expect(setup.you.utility.redLines.map((r: { id: string }) => r.id)).toEqual(['no-top-price']);
    expect(setup.parties).toEqual(['buyer', 'seller']);
    // The seller's process, likewise, is sent the seller's own view and nothing of the buyer's.
    runSession(s, { seed: 5, negotiators: { buyer: 'boulware', seller: external('good') } });
    const sellerSetup = traffic().find(
      (l) => l.dir === 'out' && l.line.includes('"setup"') && JSON.parse(l.line).you.id === 'seller',
    );
    const view = JSON.parse(sellerSetup?.line as string);
    expect(view.you.id).toBe('seller');
    expect(view.you.utility.weights).toEqual([0.6180339, 0.3819661]);
    expect(sellerSetup?.line).not.toContain('no-top-price');
  });

  const failures: [string, string, RegExp][] = [
    ['slow', 'ACTION_TIMEOUT', /did not answer within 400 ms/],
    ['crash', 'NEGOTIATOR_THREW', /exited with code 3.*boom/],
    ['malformed', 'INVALID_ACTION', /malformed JSON/],
    ['outside', 'INVALID_ACTION', /not an outcome of this space/],
    ['illegal', 'INVALID_ACTION', /accepted with no offer on the table/],
    ['wrongtype', 'INVALID_ACTION', /not a valid action/],
    ['error', 'NEGOTIATOR_THREW', /my model failed to load/],
  ];
  for (const [mode, code, message] of failures) {
    it(`a ${mode} process is cut off with ${code} recorded, and the session ends as the rules say`, () => {
      const s = twoIssueScenario({ actionBudgetMs: 400 });
      const { state, result } = runSession(s, {
        seed: 1,
        negotiators: { buyer: external(mode), seller: 'boulware' },
      });
      expect(result?.status).toBe('error');
      expect(result?.error?.code).toBe(code);
      expect(result?.error?.party).toBe(0);
      expect(result?.error?.message).toMatch(message);
      expect(state.events.at(-1)?.type).toBe('error');
    });
  }

  it('a command that cannot run is NEGOTIATOR_THREW, not a crash of the runner', () => {
    const s = twoIssueScenario();
    const { result } = runSession(s, {
      seed: 1,
      negotiators: { buyer: 'external:/nonexistent/agent --x', seller: 'boulware' },
    });
    expect(result?.error?.code).toBe('NEGOTIATOR_THREW');
    expect(result?.error?.message).toMatch(/nonexistent/);
  });

  it('a resumed session starts a new process and sends it the whole transcript on its first turn', () => {
    const s = twoIssueScenario();
    const negotiators = { buyer: external('good'), seller: 'boulware' };
    const whole = runSession(s, { seed: 9, negotiators });
    const half = runSession(s, { seed: 9, negotiators, maxSteps: 3 });
    expect(half.result).toBeNull();
    setExternalLog(`${log}.2`);
    log = `${log}.2`;
    const rest = runSession(s, { seed: 9, negotiators, state: JSON.parse(JSON.stringify(half.state)) });
    expect(rest.result?.agreement).toEqual(whole.result?.agreement);
    const firstTurn = traffic().find((l) => l.dir === 'out' && l.line.startsWith('{"type":"turn"'));
    const sent = JSON.parse(firstTurn?.line as string).events;
    expect(sent.length).toBeGreaterThan(half.state.events.length);
    expect(sent.slice(0, half.state.events.length)).toEqual(JSON.parse(JSON.stringify(half.state.events)));
  });

  it('the committed JSON Schemas are what the zod schemas produce (npm run schema)', () => {
    for (const f of renderExternalSchemaFiles()) expect(readFileSync(f.file, 'utf8')).toBe(f.text);
  });

  it('splits a command line with quotes', () => {
    expect(externalCommand(`external:python3 "my agent.py" --x 'a b'`)).toEqual([
      'python3',
      'my agent.py',
      '--x',
      'a b',
    ]);
    expect(() => externalCommand('external:  ')).toThrow(/no command/);
    expect(() => externalCommand('external:python3 "a')).toThrow(/not closed/);
  });
});

describe('external negotiators over WebSocket', () => {
  let agentProcess: ChildProcess;
  let port = 0;
  const wsExternal = (mode: string) => `external:ws://127.0.0.1:${port}/${mode}`;

  beforeAll(async () => {
    agentProcess = spawn(process.execPath, [WS_AGENT], { stdio: ['ignore', 'pipe', 'inherit'] });
    port = await new Promise<number>((resolve, reject) => {
      let out = '';
      agentProcess.stdout?.setEncoding('utf8');
      agentProcess.stdout?.on('data', (d: string) => {
        out += d;
        const m = /listening (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      agentProcess.on('exit', (code) => reject(new Error(`ws-agent.mjs exited with code ${code}`)));
    });
  });
  afterAll(() => {
    agentProcess?.kill();
  });

  it('plays a session to its end, every frame validating against the same JSON Schemas', () => {
    const s = twoIssueScenario();
    const { result } = runSession(s, {
      seed: 3,
      negotiators: { buyer: wsExternal('good'), seller: 'boulware' },
    });
    expect(result?.error).toBeFalsy();
    expect(result?.status).toBe('agreement');
    expect(result?.negotiators.buyer).toBe(wsExternal('good'));
    const seen = checkTraffic(traffic());
    expect([...seen].sort()).toEqual(['action', 'close', 'ready', 'setup', 'turn']);
    // The same agreement as the same agent's logic reached over stdio.
    const overStdio = runSession(s, {
      seed: 3,
      negotiators: { buyer: external('good'), seller: 'boulware' },
    });
    expect(result?.agreement).toEqual(overStdio.result?.agreement);
  });

  it('votes on a chair’s text at a mediated table', () => {
    const s = withProtocol(twoIssueScenario(), { kind: 'mediated', mediator: mediatorSettings({}) });
    const { result } = runSession(s, {
      seed: 2,
      negotiators: { buyer: wsExternal('good'), seller: 'conceder' },
    });
    expect(result?.error).toBeFalsy();
    expect(['agreement', 'deadline']).toContain(result?.status);
    const seen = checkTraffic(traffic());
    expect(seen.has('vote') && seen.has('ballot')).toBe(true);
  });

  it('never sends another party’s preferences', () => {
    const s = secretSellerScenario();
    runSession(s, { seed: 5, negotiators: { buyer: wsExternal('good'), seller: 'boulware' } });
    const out = traffic().filter((l) => l.dir === 'out');
    expect(out.length).toBeGreaterThan(2);
    const all = out.map((l) => l.line).join('\n');
    for (const secret of [
      '0.6180339',
      '0.3819661',
      '0.0111',
      '0.9999',
      '0.5432',
      '0.9876',
      '0.2718281',
      'seller-secret-line',
    ])
      expect(all).not.toContain(secret);
    const setup = JSON.parse(out[0]?.line as string);
    expect(setup.you.id).toBe('buyer');
    expect(setup.you.utility.weights).toEqual([0.7, 0.3]);
  });

  const failures: [string, string, RegExp][] = [
    ['slow', 'ACTION_TIMEOUT', /did not answer within 400 ms; the connection was closed/],
    ['crash', 'NEGOTIATOR_THREW', /closed the connection .*code 1006/],
    ['malformed', 'INVALID_ACTION', /malformed JSON/],
    ['outside', 'INVALID_ACTION', /not an outcome of this space/],
    ['wrongtype', 'INVALID_ACTION', /not a valid action/],
    ['error', 'NEGOTIATOR_THREW', /my model failed to load/],
    ['refuse', 'NEGOTIATOR_THREW', /code 1008: not today/],
    ['huge', 'INVALID_ACTION', /sent a message longer than 4194304/],
  ];
  for (const [mode, code, message] of failures) {
    it(`a ${mode} peer is cut off with ${code} recorded, and the session ends as the rules say`, () => {
      const s = twoIssueScenario({ actionBudgetMs: 400 });
      const { state, result } = runSession(s, {
        seed: 1,
        negotiators: { buyer: wsExternal(mode), seller: 'boulware' },
      });
      expect(result?.status).toBe('error');
      expect(result?.error?.code).toBe(code);
      expect(result?.error?.party).toBe(0);
      expect(result?.error?.message).toMatch(message);
      expect(state.events.at(-1)?.type).toBe('error');
    });
  }

  it('a URL where nothing listens is NEGOTIATOR_THREW (could not connect)', async () => {
    const free = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => resolve(p));
      });
    });
    const s = twoIssueScenario();
    const { result } = runSession(s, {
      seed: 1,
      negotiators: { buyer: `external:ws://127.0.0.1:${free}/good`, seller: 'boulware' },
    });
    expect(result?.error?.code).toBe('NEGOTIATOR_THREW');
    expect(result?.error?.message).toMatch(/could not connect to ws:\/\/127\.0\.0\.1.*ECONNREFUSED/);
  });

  it('a WebSocket spec is one URL and nothing else', () => {
    expect(externalCommand('external:ws://127.0.0.1:8765/agent')).toEqual(['ws://127.0.0.1:8765/agent']);
    expect(externalCommand('external:wss://example.org/a?x=1')).toEqual(['wss://example.org/a?x=1']);
    expect(() => externalCommand('external:ws://127.0.0.1:8765/agent --fast')).toThrow(/one URL/);
    expect(() => externalCommand('external:ws://')).toThrow(/one URL/);
  });
});
