/**
 * `lancaster serve` and its database as an unlucky operator meets them (issue 10, items 2 and 3):
 * a second server on the same file exits 2 naming the file and the first one's pid, and the first
 * keeps serving; a server killed with SIGKILL leaves a stale lock file that does not keep the next
 * one out; a bit-flipped database, or one whose rows no longer read as JSON, exits 2 naming the
 * file and what to do, never starting and never "a bug".
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN } from '../support/cli.ts';
import { flipBitInPage, flipBitInText } from '../support/damage.ts';

const dir = mkdtempSync(join(tmpdir(), 'lancaster-serve-db-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Starts `lancaster serve` on a free port; resolves with its URL once it prints it. */
function serve(db: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--db', db, '--no-build'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout?.on('data', (d) => {
      out += String(d);
      const m = /Lancaster is serving on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ url: m[1] as string, child });
    });
    child.stderr?.on('data', (d) => {
      err += String(d);
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${err}`)));
  });
}

/** `lancaster serve` that is expected to refuse to start: its exit code and output (15 s at most). */
function serveRefused(db: string): { code: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, 'serve', '--port', '0', '--db', db, '--no-build'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 15_000,
  });
  return { code: r.status, stderr: r.stderr };
}

async function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await exited;
}

/** A database with a few sessions, closed cleanly. */
async function sessionsDb(name: string): Promise<string> {
  const db = join(dir, name);
  const { url, child } = await serve(db);
  for (let k = 0; k < 20; k++) {
    const res = await fetch(`${url}/api/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        scenario: 'london-2025',
        seats: { us: { kind: 'human' }, china: { kind: 'negotiator' } },
        seed: k,
      }),
    });
    expect(res.status).toBe(201);
  }
  await stop(child);
  return db;
}

describe('one server per database (item 2)', () => {
  it('a second serve on the same file exits 2 naming the file and the holder pid; the first keeps serving', async () => {
    const db = join(dir, 'shared.sqlite');
    const first = await serve(db);
    const second = serveRefused(db);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(db);
    expect(second.stderr).toContain(`pid ${first.child.pid}`);
    expect(second.stderr).toContain('DATABASE_LOCKED');
    expect(second.stderr).not.toMatch(/bug/);
    const health = await fetch(`${first.url}/api/health`);
    expect(health.status).toBe(200);
    await stop(first.child);
    expect(existsSync(`${db}.lock`)).toBe(false);
  });

  it('after a SIGKILL the stale lock file does not keep the next server out', async () => {
    const db = join(dir, 'killed.sqlite');
    const first = await serve(db);
    await stop(first.child, 'SIGKILL');
    expect(existsSync(`${db}.lock`)).toBe(true);
    const next = await serve(db);
    expect((await fetch(`${next.url}/api/health`)).status).toBe(200);
    await stop(next.child);
  });
});

describe('damaged session databases (item 3)', () => {
  it('a bit-flipped database: exit 2 naming the file and what to do', async () => {
    const db = await sessionsDb('flipped.sqlite');
    flipBitInPage(db, 2);
    const r = serveRefused(db);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(db);
    expect(r.stderr).toContain('DATABASE_CORRUPT');
    expect(r.stderr).toMatch(/backup/);
    expect(r.stderr).not.toMatch(/bug/);
  });

  it('a row whose JSON was damaged: exit 2 before any session is served', async () => {
    const db = await sessionsDb('text.sqlite');
    // A flipped bit inside a session's seats, stored as JSON: `{"us":…` → `y"us":…`.
    flipBitInText(db, '{"us":{"kind":"human","tokenHash"', 0, 1);
    const r = serveRefused(db);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('DATABASE_CORRUPT');
    expect(r.stderr).toContain(db);
  });
});
