/**
 * The crash test: `lancaster serve` as a child process, a London session scripted over HTTP as the
 * US against a software China, the server killed with SIGKILL mid-way, restarted on the same
 * database, and the session finished. The event log must equal that of an uninterrupted run with
 * the same seed and the same (view-driven, hence identical) actions. The US script rebuilds its
 * utility function from the view alone, as the web app does.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { Issue } from '../../src/model/issues.ts';
import { OutcomeSpace } from '../../src/model/outcome-space.ts';
import { UtilityFunction } from '../../src/model/utility.ts';
import type { SeatView } from '../../src/server/api.ts';
import { BIN } from '../support/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'lancaster-crash-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Starts `lancaster serve` on a free port and resolves with its URL once it prints it. */
function serve(db: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--port', '0', '--db', db, '--no-build', '--rate-limit', '1000'],
    {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`no URL within 30 s; stderr: ${err}`)), 30_000);
    child.stdout?.on('data', (d) => {
      out += String(d);
      const m = /Lancaster is serving on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1] as string, child });
      }
    });
    child.stderr?.on('data', (d) => {
      err += String(d);
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${err}`)));
  });
}

async function json(url: string, init: { method?: string; token?: string; body?: unknown } = {}) {
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are read as loose JSON in tests
  const body = (await res.json()) as any;
  if (res.status >= 400) throw new Error(`${res.status} ${JSON.stringify(body)}`);
  return body;
}

/**
 * The US's move, a function of the view alone: accept an offer worth at least its current aim,
 * else offer the best package (for the US) whose utility is near that aim. The aim concedes
 * slowly from 1 to the reservation value over the deadline.
 */
function usMove(view: SeatView): unknown {
  const space = new OutcomeSpace(view.issues as Issue[]);
  const u = new UtilityFunction(space, view.you.utility);
  const aim = Math.max(view.you.reservationValue + 0.05, 1 - 0.6 * view.time);
  if (view.table && view.table.by !== 'us' && view.table.utilityToYou >= aim)
    return { type: 'accept', expectStep: view.step };
  let best: number[] | null = null;
  let bestGap = Number.POSITIVE_INFINITY;
  for (const o of space.enumerate()) {
    if (!u.acceptable(o)) continue;
    const x = u.evaluate(o);
    if (x + 1e-9 < aim) continue;
    if (x - aim < bestGap) {
      bestGap = x - aim;
      best = o;
    }
  }
  return { type: 'offer', outcome: space.toRecord(best as number[]), expectStep: view.step };
}

/** Plays until the session ends or `maxActions` actions have been acknowledged; returns the last view. */
async function play(url: string, id: string, token: string, maxActions: number): Promise<SeatView> {
  let view = (await json(`${url}/api/sessions/${id}`, { token })) as SeatView;
  for (let k = 0; k < maxActions && view.status === 'running'; k++) {
    view = (await json(`${url}/api/sessions/${id}/actions`, {
      method: 'POST',
      token,
      body: usMove(view),
    })) as SeatView;
  }
  return view;
}

function log(db: string): string[] {
  const d = new Database(db, { readonly: true });
  const rows = d.prepare('SELECT action_json FROM actions ORDER BY session_id, seq').all() as {
    action_json: string;
  }[];
  d.close();
  return rows.map((r) => r.action_json);
}

const body = {
  scenario: 'london-2025',
  seats: { us: { kind: 'human' }, china: { kind: 'negotiator' } },
  seed: 20250609,
};

describe('crash and resume', () => {
  it('SIGKILL mid-session loses no acknowledged action; the resumed log equals an uninterrupted run', async () => {
    // Uninterrupted run.
    const dbA = join(dir, 'uninterrupted.sqlite');
    const a = await serve(dbA);
    const sa = await json(`${a.url}/api/sessions`, { method: 'POST', body });
    const endA = await play(a.url, sa.sessionId, sa.seats.us.token, 1000);
    expect(endA.status).not.toBe('running');
    a.child.kill('SIGTERM');
    await new Promise((r) => a.child.once('exit', r));
    expect(a.child.exitCode).toBe(0); // SIGTERM closes cleanly

    // Killed after a few actions, restarted, finished.
    const dbB = join(dir, 'crashed.sqlite');
    const b1 = await serve(dbB);
    const sb = await json(`${b1.url}/api/sessions`, { method: 'POST', body });
    const mid = await play(b1.url, sb.sessionId, sb.seats.us.token, 5);
    expect(mid.status).toBe('running');
    b1.child.kill('SIGKILL');
    await new Promise((r) => b1.child.once('exit', r));
    expect(b1.child.signalCode).toBe('SIGKILL');
    // Every acknowledged action is in the file the killed process left.
    expect(log(dbB).filter((l) => l.includes('"type":"act"'))).toHaveLength(mid.step);

    const b2 = await serve(dbB);
    const resumed = (await json(`${b2.url}/api/sessions/${sb.sessionId}`, {
      token: sb.seats.us.token,
    })) as SeatView;
    expect(resumed.step).toBe(mid.step);
    expect(resumed.offers).toEqual(mid.offers);
    const endB = await play(b2.url, sb.sessionId, sb.seats.us.token, 1000);
    b2.child.kill('SIGTERM');
    await new Promise((r) => b2.child.once('exit', r));

    expect(endB.status).toBe(endA.status);
    expect(endB.result).toEqual(endA.result);
    expect(endB.offers).toEqual(endA.offers);
    expect(log(dbB)).toEqual(log(dbA));
    expect(log(dbA).length).toBeGreaterThan(10);
  });
});
