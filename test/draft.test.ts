/**
 * `lancaster draft` as a user runs it: the seed article to a draft file that `validate` accepts and
 * lists the todos of, that `simulate` and `forecast` refuse with exit 2 and the same list; JSON;
 * HTML input; `--against london-2025`; bad input; and `--llm` against a fixture chat-completions
 * server on the loopback address (no network), answering a valid draft, an invalid one and junk.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BIN, lancaster, REPO_ROOT } from './support/cli.ts';

const SEED = resolve(REPO_ROOT, '..', 'shared', 'briefs', 'london-2025-seed-article.txt');
const dir = mkdtempSync(join(tmpdir(), 'lancaster-draft-'));
const draftFile = join(dir, 'seed-draft.yaml');

describe('lancaster draft', () => {
  beforeAll(() => {
    const r = lancaster(['draft', SEED, '--date', '2025-06-10', '--out', draftFile]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^draft us-china-2025-draft: 2 party, 6 person, 2 venue, 2 sitting, 4 issue/);
  });

  it('writes a draft that validate accepts and whose todos it lists', () => {
    const text = readFileSync(draftFile, 'utf8');
    expect(text).not.toMatch(/[&*]a\d+\b/); // plain data for editors: no YAML anchors or aliases
    const data = parse(text);
    expect(data.status).toBe('draft');
    const r = lancaster(['validate', draftFile]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ok .*seed-draft\.yaml: 4 issues, 2 parties, 16 outcomes/);
    expect(r.stdout).toContain(`draft: ${data.todos.length} open todos of ${data.todos.length}`);
    for (const t of data.todos) expect(r.stdout).toContain(`[ ] ${t.id} (${t.kind}):`);
  });

  it('is refused by simulate and forecast with exit 2 and the list of todos', () => {
    for (const args of [
      ['simulate', draftFile, '--no-report'],
      ['forecast', draftFile, '--runs', '10', '--no-report'],
    ]) {
      const r = lancaster(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/is a draft with \d+ open todos: it cannot run yet/);
      expect(r.stderr).toMatch(/todos\.us-weights: todo \(weights\)/);
      expect(r.stderr).toMatch(/\[SCENARIO_DRAFT\]/);
      expect(r.stdout).toBe('');
    }
  });

  it('is refused by a tournament that names it', () => {
    const spec = join(dir, 'draft.tournament.yaml');
    writeFileSync(
      spec,
      `version: 1\nid: t\ntitle: t\nseed: 1\nnegotiators: [boulware, conceder]\nscenarios: [${JSON.stringify(draftFile)}]\nrepetitions: 1\n`,
    );
    const r = lancaster(['tournament', spec, '--db', join(dir, 't.sqlite')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is a draft with \d+ open todos.*\[SCENARIO_DRAFT\]/);
  });

  it('runs once every todo is done and status: draft is removed', () => {
    const data = parse(readFileSync(draftFile, 'utf8'));
    delete data.status;
    for (const t of data.todos) t.done = true;
    const done = join(dir, 'done.json');
    writeFileSync(done, JSON.stringify(data));
    const r = lancaster(['simulate', done, '--no-report', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).status).toMatch(/agreement|deadline|vetoed/);
  });

  it('prints JSON with --json, items and todos with evidence', () => {
    const r = lancaster(['draft', SEED, '--date', '2025-06-10', '--json']);
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout);
    const article = readFileSync(SEED, 'utf8');
    for (const item of data.draft.items)
      for (const e of item.evidence) expect(article.slice(e.start, e.end)).toBe(e.sentence);
    expect(data.todos.every((t: { evidence: unknown[] }) => Array.isArray(t.evidence))).toBe(true);
    expect(r.stderr).toMatch(/^draft us-china-2025-draft/);
  });

  it('reads HTML, with the date and address of its head', () => {
    const html = join(dir, 'seed.html');
    const text = readFileSync(SEED, 'utf8')
      .split('\n')
      .map((p) => `<p>${p.replace(/&/g, '&amp;')}</p>`)
      .join('');
    writeFileSync(
      html,
      `<html><head><meta property="article:published_time" content="2025-06-10"><link rel="canonical" href="https://news.example/london"><script>evil()</script></head><body>${text}</body></html>`,
    );
    const r = lancaster(['draft', html, '--json']);
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout);
    expect(data.draft.articles[0]).toMatchObject({
      address: 'https://news.example/london',
      date: '2025-06-10',
      dateFrom: 'article',
    });
    expect(data.protocol.schedule.map((s: { start: string }) => s.start)).toEqual([
      '2025-06-09',
      '2025-06-10',
    ]);
    expect(r.stdout).not.toContain('evil');
  });

  it('compares the seed with london-2025: nothing left to settle', () => {
    const r = lancaster(['draft', SEED, '--date', '2025-06-10', '--against', 'london-2025']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /against scenarios\/london-2025\.yaml: 0 contradiction\(s\), 0 gap\(s\), \d+ item\(s\) the scenario has/,
    );
  });

  it('names the line of a contradiction in a scenario file', () => {
    const london = readFileSync(join(REPO_ROOT, 'scenarios', 'london-2025.yaml'), 'utf8');
    const loose = join(dir, 'loose.yaml');
    writeFileSync(
      loose,
      london.replace('advanced_chips: [h20_case_by_case, lifted]', 'advanced_chips: [lifted]'),
    );
    const r = lancaster(['draft', SEED, '--date', '2025-06-10', '--against', loose, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const f = out.findings.find((x: { item: string }) => x.item === 'redLine');
    expect(f).toMatchObject({ kind: 'contradiction', item: 'redLine' });
    // With H20 licensing allowed again, the condition on any easing reaches the chips too.
    expect(out.findings.map((x: { kind: string; item: string }) => `${x.kind} ${x.item}`).sort()).toEqual([
      'contradiction redLine',
      'gap condition',
    ]);
    expect(london.split('\n')[f.scenario.line - 1]).toContain('id: advanced_chips_stay_restricted');
    expect(f.article.sentence).toContain('H2O AI chips');
  });

  it('fails with exit 2 on bad input', () => {
    const badDate = lancaster(['draft', SEED, '--date', '10/06/2025']);
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toMatch(/--date: "10\/06\/2025" is not a date.*\[BAD_OPTION\]/);
    const missing = lancaster(['draft', join(dir, 'nope.txt')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.txt: no such file.*\[FILE_NOT_FOUND\]/);
    const empty = join(dir, 'empty.txt');
    writeFileSync(empty, '   \n');
    expect(lancaster(['draft', empty]).stderr).toMatch(/\[ARTICLE_EMPTY\]/);
  });
});

/** Runs lancaster without blocking this process, so that the fixture server here can answer it. */
function lancasterAsync(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += String(d);
    });
    child.stderr.on('data', (d) => {
      stderr += String(d);
    });
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

describe('lancaster draft --llm (fixture server on 127.0.0.1)', () => {
  let server: Server;
  let url = '';
  const requests: { model: string; messages: { role: string; content: string }[] }[] = [];
  let answer: (draft: Record<string, unknown>) => unknown = () => ({});
  let valid: Record<string, unknown>;

  beforeAll(async () => {
    valid = parse(readFileSync(draftFile, 'utf8'));
    valid.draft = { ...(valid.draft as object), method: 'llm fixture' };
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => {
        body += String(d);
      });
      req.on('end', () => {
        requests.push(JSON.parse(body));
        const out = answer(valid);
        res.writeHead(typeof out === 'string' ? 500 : 200, { 'content-type': 'application/json' });
        res.end(typeof out === 'string' ? out : JSON.stringify(out));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/chat/completions`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const chat = (content: string) => ({ choices: [{ message: { role: 'assistant', content } }] });

  it('asks for the draft schema with the article, and accepts a valid draft in a code fence', async () => {
    answer = (d) => chat(`Here it is:\n\`\`\`json\n${JSON.stringify(d)}\n\`\`\``);
    const r = await lancasterAsync([
      'draft',
      SEED,
      '--date',
      '2025-06-10',
      '--llm',
      url,
      '--llm-model',
      'fixture-model',
      '--json',
    ]);
    expect(r.stderr).toMatch(/^draft us-china-2025-draft/);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).draft.method).toBe('llm fixture');
    const req = requests.at(-1);
    expect(req?.model).toBe('fixture-model');
    expect(req?.messages[0]?.content).toContain('"todos"');
    expect(req?.messages[1]?.content).toContain('Lancaster House');
    expect(req?.messages[1]?.content).toContain('Article date: 2025-06-10');
  });

  it('refuses an answer that fails the scenario schema, with its problems', async () => {
    answer = (d) => chat(JSON.stringify({ ...d, parties: [(d.parties as unknown[])[0]] }));
    const r = await lancasterAsync(['draft', SEED, '--llm', url]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/does not validate.*\[LLM_BAD_ANSWER\]/);
    expect(r.stderr).toMatch(/parties.*at least 2|parties.*>=2|too_small|Too small/i);
  });

  it('refuses a scenario that is not a draft, junk, and a server error', async () => {
    answer = (d) => chat(JSON.stringify({ ...d, status: undefined }));
    expect((await lancasterAsync(['draft', SEED, '--llm', url])).stderr).toMatch(
      /without status: draft.*\[LLM_BAD_ANSWER\]/,
    );
    answer = () => chat('I cannot do that.');
    expect((await lancasterAsync(['draft', SEED, '--llm', url])).stderr).toMatch(
      /not JSON.*\[LLM_BAD_ANSWER\]/,
    );
    answer = () => 'overloaded';
    const r = await lancasterAsync(['draft', SEED, '--llm', url]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/HTTP 500: overloaded.*\[LLM_UNREACHABLE\]/);
  });

  it('says so when nothing answers at the address', async () => {
    const r = await lancasterAsync(['draft', SEED, '--llm', 'http://127.0.0.1:9/v1/chat/completions']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no answer.*\[LLM_UNREACHABLE\]/);
  });
});
