/**
 * Tests of this browser's list of sessions: order, replacement, the creator's links kept when the
 * seat is opened again, the cap, forgetting, and storage that is missing, full or tampered with.
 */
import { describe, expect, it } from 'vitest';
import {
  forgetSession,
  loadSessions,
  MAX_SESSIONS,
  type MySession,
  mySeat,
  rememberSession,
  withoutSession,
  withSession,
} from './my-sessions.ts';

/** A Storage in memory. */
function memory(): Storage {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => void m.set(k, v),
  };
}

const entry = (id: string, extra: Partial<MySession> = {}): MySession => ({
  sessionId: id,
  scenarioTitle: 'London',
  kind: 'seat',
  partyLabel: 'United States',
  href: `#/play/${id}/brief?token=t-${id}`,
  invites: [],
  at: '2026-12-06T10:00:00.000Z',
  ...extra,
});

describe('withSession', () => {
  it('puts the latest first and replaces an earlier entry of the same session', () => {
    let list = withSession([], entry('a'));
    list = withSession(list, entry('b'));
    list = withSession(list, entry('a', { at: '2026-12-06T11:00:00.000Z' }));
    expect(list.map((s) => [s.sessionId, s.at])).toEqual([
      ['a', '2026-12-06T11:00:00.000Z'],
      ['b', '2026-12-06T10:00:00.000Z'],
    ]);
  });

  it('keeps the creator’s links when the seat is opened again without them', () => {
    const invites = [{ label: 'China: seat link', url: 'http://x/#/play/a/brief?token=c' }];
    const spectator = { label: 'Observer link', url: 'http://x/#/watch/a?token=s' };
    const list = withSession(withSession([], entry('a', { invites, spectator })), entry('a'));
    expect(list).toHaveLength(1);
    expect(list[0]?.invites).toEqual(invites);
    expect(list[0]?.spectator).toEqual(spectator);
  });

  it('keeps a seat and a watch of the same session apart, and at most MAX_SESSIONS in all', () => {
    const both = withSession(
      withSession([], entry('a')),
      entry('a', { kind: 'watch', href: '#/watch/a?token=o' }),
    );
    expect(both).toHaveLength(2);
    let list: MySession[] = [];
    for (let k = 0; k < MAX_SESSIONS + 5; k++) list = withSession(list, entry(`s${k}`));
    expect(list).toHaveLength(MAX_SESSIONS);
    expect(list[0]?.sessionId).toBe(`s${MAX_SESSIONS + 4}`);
    expect(withoutSession(list, 's10').some((s) => s.sessionId === 's10')).toBe(false);
  });
});

describe('storage', () => {
  it('remembers, finds a seat and forgets it', () => {
    const store = memory();
    rememberSession(entry('a'), store);
    rememberSession(entry('b'), store);
    expect(loadSessions(store).map((s) => s.sessionId)).toEqual(['b', 'a']);
    expect(mySeat('a', store)?.href).toBe('#/play/a/brief?token=t-a');
    forgetSession('a', store);
    expect(mySeat('a', store)).toBeUndefined();
  });

  it('reads nothing from missing, unreadable or tampered storage, and never a link off this app', () => {
    expect(loadSessions(null)).toEqual([]);
    const store = memory();
    store.setItem('lancaster.my-sessions.v1', '{not json');
    expect(loadSessions(store)).toEqual([]);
    store.setItem(
      'lancaster.my-sessions.v1',
      JSON.stringify([entry('ok'), { ...entry('evil'), href: 'javascript:alert(1)' }, { sessionId: 3 }]),
    );
    expect(loadSessions(store).map((s) => s.sessionId)).toEqual(['ok']);
    const full = {
      ...memory(),
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    } as Storage;
    expect(() => rememberSession(entry('a'), full)).not.toThrow();
  });
});
