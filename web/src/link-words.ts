/**
 * What a person is told when a link does not open what it should (a token changed or cut short, a
 * session that is not on this server): plain words and what to do, not the API's error, whose
 * message is written for programmers ("use the token POST /api/sessions returned"). Null for an
 * error that is not about the link, which is shown as it is.
 */

/** What a link was meant to open. */
export type LinkKind = 'seat' | 'watch';

/**
 * The words for an API error code met while opening a link, or null when the code is not about the link.
 *
 * @example
 * linkProblem('BAD_TOKEN', 'seat'); // 'This link does not open a seat at this table…'
 */
export function linkProblem(code: string, kind: LinkKind): string | null {
  switch (code) {
    case 'BAD_TOKEN':
      return kind === 'seat'
        ? 'This link does not open a seat at this table. Part of it may be missing or changed (links are long: copy the whole of it). Ask whoever sent it for the link again, or start a negotiation of your own.'
        : 'This link does not open this negotiation to watch. Part of it may be missing or changed (links are long: copy the whole of it). Ask whoever sent it for the link again.';
    case 'SESSION_NOT_FOUND':
    case 'BAD_REQUEST':
      return 'There is no negotiation at this link on this server. The link may be mistyped or cut short, or the negotiation was held on another server.';
    case 'SESSION_UNAVAILABLE':
      return 'This negotiation can no longer be opened: the scenario it was played on has changed since.';
    default:
      return null;
  }
}
