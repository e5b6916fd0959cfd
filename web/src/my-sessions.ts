/**
 * The sessions started or joined in this browser, kept in its local storage so that the home page
 * can list them with links to resume them, and so that a session's creator can show its invite and
 * spectator links again (the server keeps only the tokens' hashes: it cannot show them). The links
 * hold seat tokens: they stay in this browser, never reach the server in a URL, and "Forget" on the
 * home page removes them. The list logic is pure (`withSession`, `withoutSession`); reading and
 * writing go through a `Storage` that may be missing (private modes), in which case nothing is kept.
 */

/** A link to share: a seat's invitation, or the spectator's public view. */
export interface SharedLink {
  readonly label: string;
  readonly url: string;
}

/** One session as this browser remembers it. */
export interface MySession {
  readonly sessionId: string;
  readonly scenarioTitle: string;
  /** `seat`: you sit at the table (as `partyLabel`); `watch`: you watch a software run. */
  readonly kind: 'seat' | 'watch';
  readonly partyLabel?: string;
  /** The route (`#/play/…` or `#/watch/…`, with its token) that resumes the session here. */
  readonly href: string;
  /** Links for the other seats, shown to the creator (empty when you joined by a link). */
  readonly invites: readonly SharedLink[];
  /** The spectator's link (public information only), when the session has one. */
  readonly spectator?: SharedLink;
  /** ISO time it was started or joined here. */
  readonly at: string;
}

/** Most sessions remembered: the oldest are dropped beyond. */
export const MAX_SESSIONS = 30;

const KEY = 'lancaster.my-sessions.v1';

/**
 * The list with `entry` first (replacing an earlier entry of the same session and kind, whose
 * invites it keeps when it has none of its own), at most MAX_SESSIONS long.
 *
 * @example
 * withSession([], { sessionId: 's1', scenarioTitle: 'London', kind: 'seat', href: '#/play/s1/brief?token=t', invites: [], at: '2026-01-01T00:00:00Z' });
 */
export function withSession(list: readonly MySession[], entry: MySession): MySession[] {
  const earlier = list.find((s) => s.sessionId === entry.sessionId && s.kind === entry.kind);
  const merged: MySession =
    earlier && entry.invites.length === 0
      ? {
          ...entry,
          invites: earlier.invites,
          ...((entry.spectator ?? earlier.spectator)
            ? { spectator: entry.spectator ?? earlier.spectator }
            : {}),
        }
      : entry;
  return [merged, ...list.filter((s) => s !== earlier)].slice(0, MAX_SESSIONS);
}

/** The list without a session. */
export function withoutSession(list: readonly MySession[], sessionId: string): MySession[] {
  return list.filter((s) => s.sessionId !== sessionId);
}

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** The remembered sessions, latest first; [] when storage is unavailable or its content unreadable. */
export function loadSessions(store: Storage | null = storage()): MySession[] {
  if (!store) return [];
  try {
    const parsed: unknown = JSON.parse(store.getItem(KEY) ?? '[]');
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (s): s is MySession =>
        typeof s === 'object' &&
        s !== null &&
        typeof (s as MySession).sessionId === 'string' &&
        typeof (s as MySession).href === 'string' &&
        (s as MySession).href.startsWith('#/') &&
        Array.isArray((s as MySession).invites),
    );
  } catch {
    return [];
  }
}

function save(list: readonly MySession[], store: Storage | null): void {
  try {
    store?.setItem(KEY, JSON.stringify(list));
  } catch {
    // Full or unavailable: the session still runs; it is only not listed.
  }
}

/** Remembers a session in this browser. */
export function rememberSession(entry: MySession, store: Storage | null = storage()): void {
  save(withSession(loadSessions(store), entry), store);
}

/** Forgets a session in this browser (its links with it). */
export function forgetSession(sessionId: string, store: Storage | null = storage()): void {
  save(withoutSession(loadSessions(store), sessionId), store);
}

/** The remembered entry of a session where you sit, if any. */
export function mySeat(sessionId: string, store: Storage | null = storage()): MySession | undefined {
  return loadSessions(store).find((s) => s.sessionId === sessionId && s.kind === 'seat');
}
