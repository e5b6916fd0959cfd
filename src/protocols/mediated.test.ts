import { describe, expect, it } from 'vitest';
import { type MediatorKind, mediatorSettings, withProtocol } from '../model/scenario.ts';
import { runSession } from '../run/session.ts';
import { threePartyScenario, twoIssueScenario } from '../run/test-scenarios.ts';
import { initialState, type MediatedSettings, step, whoseTurn } from './mediated.ts';
import type { IssueShape, MediatedState, NegotiatorVote, ProtocolAction, SessionEvent } from './types.ts';

const issues: IssueShape[] = [
  { kind: 'discrete', size: 4 },
  { kind: 'integer', min: 0, max: 20 },
  { kind: 'real', min: 0, max: 1 },
];

const settings = (over: Partial<MediatedSettings> = {}): MediatedSettings => ({
  parties: ['a', 'b', 'c'],
  rounds: 6,
  schedule: [],
  onVeto: 'end',
  seed: 1,
  issues,
  mediator: mediatorSettings({ kind: 'hill-climb' }),
  ...over,
});

const vote = (party: number, type: NegotiatorVote['type'], elapsedMs?: number): ProtocolAction =>
  elapsedMs === undefined
    ? { type: 'vote', party, vote: { type } }
    : { type: 'vote', party, vote: { type }, elapsedMs };

/** Every party votes `votes[i]` on the text under vote (true = accept). */
function round(s: MediatedState, votes: readonly boolean[]): MediatedState {
  return votes.reduce<MediatedState>((st, v, i) => step(st, vote(i, v ? 'accept' : 'reject')), s);
}

const texts = (s: MediatedState) =>
  s.events
    .filter((e): e is Extract<SessionEvent, { type: 'propose' }> => e.type === 'propose')
    .map((e) => e.outcome);

/** A matcher for the LancasterError with `code`. */
const lancasterError = (code: string) => expect.objectContaining({ name: 'LancasterError', code });

describe('mediated: the chair tables a text, the parties vote', () => {
  it('opens with the chair’s text on the table and the first party to vote', () => {
    const s = initialState(settings());
    expect(s).toMatchObject({ protocol: 'mediated', status: 'running', step: 0, turn: 0, standing: null });
    expect(s.events).toEqual([{ type: 'propose', step: 0, round: 0, t: 0, outcome: s.text }]);
    expect(whoseTurn(s)).toBe(0);
    const text = s.text as number[];
    expect(Number.isInteger(text[0]) && (text[0] as number) < 4).toBe(true);
    expect(Number.isInteger(text[1]) && (text[1] as number) >= 0 && (text[1] as number) <= 20).toBe(true);
    expect((text[2] as number) >= 0 && (text[2] as number) <= 1).toBe(true);
  });

  it('keeps ballots secret until the last vote, then publishes the tally in turn order', () => {
    let s = initialState(settings());
    s = step(s, vote(0, 'accept'));
    s = step(s, vote(1, 'reject'));
    expect(s.events.map((e) => e.type)).toEqual(['propose']);
    expect(s.ballot).toEqual([true, false]);
    expect(whoseTurn(s)).toBe(2);
    const text = s.text;
    s = step(s, vote(2, 'accept'));
    expect(s.events[1]).toEqual({
      type: 'tally',
      step: 2,
      round: 0,
      t: 2 / 18,
      outcome: text,
      votes: [true, false, true],
      adopted: false,
    });
    expect(s.events[2]).toMatchObject({ type: 'propose', step: 3, round: 1 });
    expect(s.standing).toBeNull();
    expect(s.step).toBe(3);
    expect(whoseTurn(s)).toBe(0);
  });

  it('a text every party accepts stands, and the talks end with the last one standing', () => {
    let s = initialState(settings({ rounds: 3 }));
    const first = s.text;
    s = round(s, [true, true, true]);
    expect(s.standing).toEqual({ outcome: first, round: 0 });
    const second = s.text;
    s = round(s, [true, true, true]);
    expect(s.standing).toEqual({ outcome: second, round: 1 });
    s = round(s, [true, false, true]);
    expect(s.status).toBe('agreement');
    expect(s.agreement).toEqual(second);
    expect(s.events.at(-1)).toEqual({ type: 'delegations-agree', step: 9, round: 3, t: 1, outcome: second });
  });

  it('with no text standing at the deadline the talks end with no agreement', () => {
    let s = initialState(settings({ rounds: 2 }));
    s = round(s, [true, false, true]);
    s = round(s, [false, true, true]);
    expect(s.status).toBe('deadline');
    expect(s.agreement).toBeNull();
    expect(s.text).toBeNull();
    expect(s.events.at(-1)).toEqual({ type: 'deadline', step: 6, round: 2, t: 1 });
  });

  it('a party may walk away instead of voting, which ends the talks', () => {
    let s = initialState(settings());
    s = round(s, [true, true, true]);
    s = step(s, vote(0, 'end'));
    expect(s.status).toBe('walked-away');
    expect(s.agreement).toBeNull();
    expect(s.events.at(-1)).toMatchObject({ type: 'end', party: 0, step: 3 });
  });

  it('the chair closes early when its patience runs out once a text stands', () => {
    let s = initialState(
      settings({ rounds: 20, mediator: mediatorSettings({ kind: 'hill-climb', patience: 2 }) }),
    );
    s = round(s, [false, true, true]);
    s = round(s, [false, true, true]);
    expect(s.status).toBe('running'); // no text stands yet: patience does not count
    s = round(s, [true, true, true]);
    s = round(s, [false, true, true]);
    expect(s.status).toBe('running');
    s = round(s, [true, false, true]);
    expect(s.status).toBe('agreement');
    expect(s.step).toBe(15);
  });

  it('sittings break between rounds', () => {
    let s = initialState(
      settings({
        rounds: 2,
        schedule: [
          { label: 'Mon', rounds: 1 },
          { label: 'Tue', rounds: 1 },
        ],
      }),
    );
    s = round(s, [false, false, false]);
    expect(s.events.map((e) => e.type)).toEqual(['propose', 'tally', 'break', 'propose']);
    expect(s.events[2]).toMatchObject({ type: 'break', after: 'Mon', next: 'Tue', round: 1 });
  });

  it('a vote landing after the time limit is not counted; the standing text is the agreement', () => {
    let s = initialState(settings({ rounds: 50, timeLimitMs: 100 }));
    const first = s.text;
    s = [true, true, true].reduce<MediatedState>(
      (st, v, i) => step(st, vote(i, v ? 'accept' : 'reject', 10)),
      s,
    );
    s = step(s, vote(0, 'reject', 10));
    s = step(s, vote(1, 'reject', 100));
    expect(s.status).toBe('agreement');
    expect(s.agreement).toEqual(first);
    expect(s.step).toBe(4);
  });

  it('principals ratify the standing text; a veto with reopen drops it and the chair goes on', () => {
    let s = initialState(
      settings({
        rounds: 4,
        principals: ['b'],
        onVeto: 'reopen',
        mediator: mediatorSettings({ patience: 1 }),
      }),
    );
    s = round(s, [true, true, true]);
    s = round(s, [false, true, true]);
    expect(s.status).toBe('ratifying');
    expect(s.pendingRatification).toEqual([1]);
    expect(() => step(s, vote(0, 'accept'))).toThrow(lancasterError('BAD_STATE'));
    s = step(s, { type: 'ratify', party: 1, approve: false });
    expect(s.status).toBe('running');
    expect(s.standing).toBeNull();
    expect(s.vetoes).toBe(1);
    expect(s.events.at(-1)).toMatchObject({ type: 'propose', step: 6, round: 2 });
    s = round(s, [true, true, true]);
    s = round(s, [false, false, false]);
    expect(s.status).toBe('ratifying');
    s = step(s, { type: 'ratify', party: 1, approve: true });
    expect(s.status).toBe('agreement');
  });

  it('refuses offers, votes out of turn and bad votes without changing anything', () => {
    const s = initialState(settings());
    const before = JSON.stringify(s);
    expect(() => step(s, { type: 'act', party: 0, action: { type: 'end' } })).toThrow(
      lancasterError('BAD_STATE'),
    );
    expect(() => step(s, vote(1, 'accept'))).toThrow(lancasterError('BAD_STATE'));
    expect(() => step(s, { type: 'vote', party: 0, vote: { type: 'maybe' } as never })).toThrow(
      lancasterError('BAD_STATE'),
    );
    expect(() => step(s, { type: 'ratify', party: 0, approve: true })).toThrow(lancasterError('BAD_STATE'));
    expect(JSON.stringify(s)).toBe(before);
  });

  it('checks its settings', () => {
    expect(() => initialState(settings({ issues: [] }))).toThrow(lancasterError('BAD_OPTION'));
    expect(() => initialState(settings({ parties: ['a'] }))).toThrow(lancasterError('BAD_OPTION'));
    expect(() =>
      initialState(settings({ mediator: { ...mediatorSettings(), kind: 'oracle' as MediatorKind } })),
    ).toThrow(lancasterError('BAD_OPTION'));
    expect(() => initialState(settings({ mediator: mediatorSettings({ stepSize: 0 }) }))).toThrow(
      lancasterError('BAD_OPTION'),
    );
    expect(() => initialState(settings({ issues: [{ kind: 'integer', min: 3, max: 1 }] }))).toThrow(
      lancasterError('BAD_OPTION'),
    );
  });
});

describe('mediated: the chairs', () => {
  it('hill-climb varies one issue of its working draft at a time', () => {
    let s = initialState(settings({ rounds: 30 }));
    for (let r = 0; r < 20; r++) {
      const draft = s.chair.base?.outcome ?? null;
      s = round(s, [r % 3 === 0, true, r % 2 === 0]);
      const text = s.text as number[];
      const base = s.chair.base?.outcome as number[];
      if (draft !== null) {
        const changed = text.filter((v, i) => v !== base[i]).length;
        expect(changed).toBeLessThanOrEqual(1);
        expect(Math.abs((text[1] as number) - (base[1] as number))).toBeLessThanOrEqual(2);
        expect(Math.abs((text[2] as number) - (base[2] as number))).toBeLessThanOrEqual(0.1 + 1e-12);
      }
    }
  });

  it('hill-climb moves its draft only to texts with at least as many votes; annealing sometimes to fewer, early', () => {
    const moves = (kind: MediatorKind) => {
      let down = 0;
      for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
        let s = initialState(
          settings({ seed, rounds: 40, mediator: mediatorSettings({ kind, temperature: 2 }) }),
        );
        for (let r = 0; r < 20; r++) {
          const before = s.chair.base;
          const votes = [r % 2 === 0, r % 3 !== 0, false];
          s = round(s, votes);
          const accepts = votes.filter(Boolean).length;
          if (before && accepts < before.accepts && s.chair.base?.accepts === accepts) down++;
        }
      }
      return down;
    };
    expect(moves('hill-climb')).toBe(0);
    expect(moves('annealing')).toBeGreaterThan(0);
  });

  it('the frontier chair learns from votes: it proposes what a party accepted and avoids what it rejected', () => {
    // Party 0 accepts exactly the texts whose first issue is value 2; the others accept everything.
    let s = initialState(
      settings({
        rounds: 40,
        issues: [
          { kind: 'discrete', size: 4 },
          { kind: 'discrete', size: 5 },
        ],
        mediator: mediatorSettings({ kind: 'frontier' }),
      }),
    );
    for (let r = 0; r < 30 && s.status === 'running'; r++) {
      const text = s.text as number[];
      s = round(s, [text[0] === 2, true, true]);
    }
    const order = texts(s).slice(0, 20);
    // It never proposes the same text twice while unproposed candidates remain (20 texts, 30 rounds).
    expect(new Set(order.map((t) => t.join(','))).size).toBe(20);
    // The five texts party 0 accepts come early (in a random order their mean position would be 9.5).
    const positions = order.flatMap((t, k) => (t[0] === 2 ? [k] : []));
    expect(positions).toHaveLength(5);
    expect(positions.reduce((a, b) => a + b, 0) / positions.length).toBeLessThan(7);
  });

  it('the chair sees no utilities: the same votes give the same texts whoever the parties are', () => {
    const chaired = (scenario: ReturnType<typeof twoIssueScenario>, kind: MediatorKind) =>
      withProtocol(scenario, { kind: 'mediated', mediator: mediatorSettings({ kind }) });
    for (const kind of ['hill-climb', 'annealing', 'frontier'] as const) {
      const a = runSession(chaired(twoIssueScenario(), kind), {
        seed: 5,
        negotiators: { buyer: 'conceder', seller: 'linear' },
      });
      // Replay the same votes on a state built from a scenario with other preferences.
      const other = chaired(twoIssueScenario({ discountFactor: 0.5 }), kind);
      let s = runSession(other, { seed: 5, maxSteps: 0 }).state as MediatedState;
      for (const e of a.result?.events ?? []) {
        if (e.type !== 'tally') continue;
        expect(s.text).toEqual(e.outcome);
        if (s.status === 'running') s = round(s, e.votes);
      }
    }
  });

  it('with default votes every adopted text is at least as good for every party as the one it replaces', () => {
    for (const kind of ['hill-climb', 'annealing', 'frontier'] as const) {
      for (const seed of [1, 2, 3]) {
        const scenario = withProtocol(threePartyScenario({ rounds: 40 }), {
          kind: 'mediated',
          mediator: mediatorSettings({ kind }),
        });
        const { result } = runSession(scenario, {
          seed,
          negotiators: { us: 'conceder', cn: 'linear', eu: 'conceder' },
        });
        const adopted = (result?.events ?? []).filter(
          (e): e is Extract<SessionEvent, { type: 'tally' }> => e.type === 'tally' && e.adopted,
        );
        for (let k = 1; k < adopted.length; k++) {
          for (const p of scenario.parties) {
            expect(p.utility.evaluate((adopted[k] as { outcome: number[] }).outcome)).toBeGreaterThanOrEqual(
              p.utility.evaluate((adopted[k - 1] as { outcome: number[] }).outcome),
            );
          }
        }
      }
    }
  });
});
