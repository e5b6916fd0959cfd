/**
 * Hash routing. Everything after `#` stays in the browser (it is never sent to the server, so a
 * seat token kept there never reaches a request line or a server log), and a reload lands on the
 * same page with the same seat. Routes:
 *   #/                                  home
 *   #/play/<session>/<page>?token=<t>   a seat: page is brief | table | debrief
 *   #/watch/<session>?token=<t>         an observer's playback
 *   #/studio, #/studio/open             the scenario studio: the editor, and where a scenario is opened
 * The token is also kept in sessionStorage, so a link without it still rejoins in the same tab.
 */
import { useEffect, useState } from 'react';

export type SeatPage = 'brief' | 'table' | 'debrief';

export type Route =
  | { name: 'home' }
  | { name: 'play'; sessionId: string; page: SeatPage; token: string | null }
  | { name: 'watch'; sessionId: string; token: string | null }
  | { name: 'studio'; page: 'open' | 'edit' };

const storageKey = (sessionId: string) => `lancaster.token.${sessionId}`;

function storedToken(sessionId: string): string | null {
  try {
    return sessionStorage.getItem(storageKey(sessionId));
  } catch {
    return null;
  }
}

/** Remembers a token for this tab (sessionStorage may be unavailable in private modes). */
function rememberToken(sessionId: string, token: string): void {
  try {
    sessionStorage.setItem(storageKey(sessionId), token);
  } catch {
    // The fragment still carries the token.
  }
}

/** Parses a location hash into a route; anything unknown is home. */
export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const token = new URLSearchParams(query).get('token');
  if (parts[0] === 'play' && parts[1]) {
    const page = parts[2] === 'table' || parts[2] === 'debrief' ? parts[2] : 'brief';
    return { name: 'play', sessionId: parts[1], page, token: token ?? storedToken(parts[1]) };
  }
  if (parts[0] === 'studio') return { name: 'studio', page: parts[1] === 'open' ? 'open' : 'edit' };
  if (parts[0] === 'watch' && parts[1]) {
    return { name: 'watch', sessionId: parts[1], token: token ?? storedToken(parts[1]) };
  }
  return { name: 'home' };
}

/** The hash of a route. */
export function hrefOf(route: Route): string {
  if (route.name === 'home') return '#/';
  if (route.name === 'studio') return route.page === 'open' ? '#/studio/open' : '#/studio';
  const t = route.token ? `?token=${encodeURIComponent(route.token)}` : '';
  if (route.name === 'watch') return `#/watch/${encodeURIComponent(route.sessionId)}${t}`;
  return `#/play/${encodeURIComponent(route.sessionId)}/${route.page}${t}`;
}

/** Navigates to a route. */
export function go(route: Route): void {
  if ((route.name === 'play' || route.name === 'watch') && route.token)
    rememberToken(route.sessionId, route.token);
  location.hash = hrefOf(route);
}

/** The current route, following hash changes. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const on = () => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}
