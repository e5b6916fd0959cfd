/**
 * The mediated table on the server: a session created with `protocol: "mediated"` seats a chair;
 * a person votes on the chair's texts (accept, reject, or walks away), sees only their own ballot
 * until the tally, cannot offer or accept a text across their own red line; a session without
 * people ends exactly as `runSession` ends it; and a restart replays the log to the same table.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mediatorSettings, withProtocol } from '../../src/model/scenario.ts';
import type { ProtocolAction } from '../../src/protocols/types.ts';
import { runSession, SimulatedClock } from '../../src/run/session.ts';
import { buildTable, replay, SoftwareSeats } from '../../src/server/machine.ts';
import { scenarioList } from '../../src/server/sessions.ts';
import { B_SECRETS, call, pairScenario, testApp } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'lancaster-mediated-server-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const chaired = { protocol: 'mediated', mediator: 'frontier' } as const;

async function seated(opts: { file?: string; bSpec?: string } = {}) {
  const t = testApp({
    scenarios: scenarioList([pairScenario({ rounds: 8 })]),
    ...(opts.file ? { file: opts.file } : {}),
  });
  const created = await call(t.app, 'POST', '/api/sessions', {
    body: {
      scenario: 'pair',
      seats: { a: { kind: 'human' }, b: { kind: 'negotiator', spec: opts.bSpec ?? 'conceder' } },
      observer: true,
      seed: 3,
      ...chaired,
    },
  });
  expect(created.status).toBe(201);
  return {
    ...t,
    id: created.body.sessionId as string,
    token: created.body.seats.a.token as string,
    observer: created.body.observerToken as string,
  };
}

describe('a person at a mediated table', () => {
  it('sees the chair’s text with its utility to them, votes on it, and sees the tally once everyone has voted', async () => {
    const { app, id, token } = await seated();
    const url = `/api/sessions/${id}`;
    const v = (await call(app, 'GET', url, { token })).body;
    expect(v.protocol).toBe('mediated');
    expect(v.yourTurn).toBe(true);
    expect(v.table).toBeNull();
    expect(v.offers).toEqual([]);
    expect(v.chair).toMatchObject({ mediator: 'frontier', standing: null, texts: [], yourVote: null });
    expect(Object.keys(v.chair.text.outcome).sort()).toEqual(['delivery', 'price']);
    expect(typeof v.chair.text.utilityToYou).toBe('number');
    // A votes first; B (software) then votes and the tally is published with both votes.
    const after = await call(app, 'POST', `${url}/actions`, {
      token,
      body: { type: 'reject', expectStep: 0 },
    });
    expect(after.status).toBe(200);
    expect(after.body.chair.texts).toHaveLength(1);
    expect(after.body.chair.texts[0]).toMatchObject({ round: 0, votes: { a: false }, adopted: false });
    expect(typeof after.body.chair.texts[0].votes.b).toBe('boolean');
    expect(after.body.step).toBe(2);
    expect(after.body.yourTurn).toBe(true);
  });

  it('cannot offer, cannot accept a text across their own red line, and may walk away', async () => {
    const { app, id, token } = await seated();
    const url = `/api/sessions/${id}`;
    const offer = await call(app, 'POST', `${url}/actions`, {
      token,
      body: { type: 'offer', outcome: { price: 'p1', delivery: 'slow' } },
    });
    expect(offer.status).toBe(400);
    expect(offer.body.error.code).toBe('BAD_REQUEST');
    expect(offer.body.error.message).toMatch(/chair writes the text/);
    // Vote until a text crossing A's red line (price p4) is on the table, then try to accept it.
    for (let k = 0; k < 8; k++) {
      const view = (await call(app, 'GET', url, { token })).body;
      if (view.status !== 'running') break;
      if (view.chair.text.outcome.price === 'p4') {
        const refused = await call(app, 'POST', `${url}/actions`, { token, body: { type: 'accept' } });
        expect(refused.status).toBe(422);
        expect(refused.body.error.code).toBe('INVALID_OFFER');
        expect(refused.body.error.message).toMatch(/A never pays p4/);
        break;
      }
      await call(app, 'POST', `${url}/actions`, { token, body: { type: 'reject' } });
    }
    const walked = await call(app, 'POST', `${url}/actions`, { token, body: { type: 'end' } });
    expect(walked.body.status).toBe('walked-away');
    expect(walked.body.result).toMatchObject({ status: 'walked-away', agreement: null });
  });

  it('never sees another seat’s ballot before the tally, nor its private data', async () => {
    const t = testApp({ scenarios: scenarioList([pairScenario({ rounds: 4 })]) });
    const created = await call(t.app, 'POST', '/api/sessions', {
      body: { scenario: 'pair', seats: { a: { kind: 'human' }, b: { kind: 'human' } }, seed: 1, ...chaired },
    });
    const url = `/api/sessions/${created.body.sessionId}`;
    const a = created.body.seats.a.token;
    const b = created.body.seats.b.token;
    const voted = await call(t.app, 'POST', `${url}/actions`, { token: a, body: { type: 'accept' } });
    expect(voted.body.chair.yourVote).toBe(true);
    const seenByB = (await call(t.app, 'GET', url, { token: b })).body;
    expect(seenByB.yourTurn).toBe(true);
    expect(seenByB.chair.yourVote).toBeNull();
    expect(seenByB.chair.texts).toEqual([]);
    expect(JSON.stringify(seenByB)).not.toMatch(/"a":true/);
    // And A never sees B's secrets.
    const seenByA = JSON.stringify((await call(t.app, 'GET', url, { token: a })).body);
    for (const secret of [
      B_SECRETS.redLineLabel,
      B_SECRETS.principalName,
      String(B_SECRETS.reservationValue),
    ])
      expect(seenByA).not.toContain(secret);
  });

  it('refuses a mediator without the mediated protocol', async () => {
    const t = testApp();
    const r = await call(t.app, 'POST', '/api/sessions', {
      body: {
        scenario: 'pair',
        seats: { a: { kind: 'human' }, b: { kind: 'negotiator' } },
        mediator: 'frontier',
      },
    });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'BAD_REQUEST', path: 'mediator' });
  });

  it('a restart replays the log to the same table, and the session goes on', async () => {
    const file = join(dir, 'restart.sqlite');
    const first = await seated({ file });
    const url = `/api/sessions/${first.id}`;
    for (let k = 0; k < 2; k++) {
      const r = await call(first.app, 'POST', `${url}/actions`, {
        token: first.token,
        body: { type: 'reject' },
      });
      expect(r.status).toBe(200);
    }
    const before = (await call(first.app, 'GET', url, { token: first.observer })).body;
    first.manager.close();
    first.store.close();
    const second = testApp({ scenarios: scenarioList([pairScenario({ rounds: 8 })]), file });
    second.manager.resumeAll();
    const after = (await call(second.app, 'GET', url, { token: first.observer })).body;
    expect(after).toEqual(before);
    expect(after.protocol).toBe('mediated');
    const next = await call(second.app, 'POST', `${url}/actions`, {
      token: first.token,
      body: { type: 'reject' },
    });
    expect(next.status).toBe(200);
    expect(next.body.chair.texts).toHaveLength(3);
  });
});

describe('software seats at a mediated table', () => {
  it('a session without people ends exactly as runSession ends it', () => {
    for (const kind of ['hill-climb', 'annealing', 'frontier'] as const) {
      const scenario = withProtocol(pairScenario({ rounds: 10, bPrincipal: true }), {
        kind: 'mediated',
        mediator: mediatorSettings({ kind }),
      });
      const specs = { a: 'conceder', b: 'hardheaded' };
      const table = buildTable(
        scenario,
        [
          { kind: 'negotiator', spec: specs.a },
          { kind: 'negotiator', spec: specs.b },
        ],
        7,
      );
      const seats = new SoftwareSeats(table, new SimulatedClock(0));
      const actions: ProtocolAction[] = [];
      seats.play((a) => actions.push(a));
      const state = seats.current;
      const reference = runSession(scenario, { seed: 7, negotiators: specs });
      expect(state.status).toBe(reference.state.status);
      expect(JSON.stringify(state.events)).toBe(JSON.stringify(reference.state.events));
      expect(replay(table, actions)).toEqual(state);
    }
  });
});
