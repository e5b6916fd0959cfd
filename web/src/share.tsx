/**
 * Links to share and the sessions of this browser: a link with a Copy button (the clipboard API,
 * else the selected text and the browser's copy command), the invite and spectator links of a new
 * session, the same links again on the creator's seat pages (from my-sessions.ts), and the home
 * page's list of this browser's sessions with links to resume them.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { forgetSession, loadSessions, type MySession, mySeat, type SharedLink } from './my-sessions.ts';

/** Copies text: the asynchronous clipboard where the page may use it, else the input's selection. */
async function copyText(text: string, input: HTMLInputElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    input?.select();
    return document.execCommand?.('copy') ?? false;
  }
}

/** One link in a read-only field, with a Copy button that says when it has copied. */
export function CopyLink(props: { link: SharedLink; testId: string; hint?: string }): React.JSX.Element {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<boolean | null>(null);
  useEffect(() => {
    if (copied === null) return;
    const t = setTimeout(() => setCopied(null), 2500);
    return () => clearTimeout(t);
  }, [copied]);
  return (
    <div className="field copy-link">
      <label htmlFor={id}>{props.link.label}</label>
      <div className="copy-row">
        <input
          id={id}
          ref={input}
          type="text"
          readOnly
          value={props.link.url}
          onFocus={(e) => e.currentTarget.select()}
          data-testid={props.testId}
        />
        <button
          type="button"
          className="secondary"
          onClick={() => void copyText(props.link.url, input.current).then(setCopied)}
          aria-label={`Copy the link: ${props.link.label}`}
          data-testid={`${props.testId}-copy`}
        >
          {copied === true ? 'Copied ✓' : 'Copy'}
        </button>
      </div>
      {props.hint && <span className="hint">{props.hint}</span>}
      <span className="sr-only" role="status">
        {copied === true
          ? 'Link copied'
          : copied === false
            ? 'Could not copy: select the link and copy it'
            : ''}
      </span>
    </div>
  );
}

/** The links of a session: one per other seat, and the spectator's. */
export function ShareLinks(props: { invites: readonly SharedLink[]; spectator?: SharedLink | undefined }) {
  return (
    <>
      {props.invites.map((l) => (
        <CopyLink key={l.url} link={l} testId="invite-link" />
      ))}
      {props.spectator && (
        <CopyLink
          link={props.spectator}
          testId="spectator-link"
          hint="Public information only: the offers and the outcome, never a side's utilities, reservation value or red lines."
        />
      )}
    </>
  );
}

/** On a seat's pages: the creator's links again, folded away (nothing when this browser has none). */
export function ShareAgain(props: { sessionId: string }): React.JSX.Element | null {
  const [entry] = useState(() => mySeat(props.sessionId));
  if (!entry || (entry.invites.length === 0 && !entry.spectator)) return null;
  return (
    <details className="card share-again" data-testid="share-again">
      <summary>Links to invite the other side, or to watch</summary>
      <p className="hint">
        Kept in this browser only. Each invite link is that seat's secret: whoever opens it negotiates for
        that side.
      </p>
      <ShareLinks invites={entry.invites} spectator={entry.spectator} />
    </details>
  );
}

/** The home page's list of the sessions started or joined in this browser. */
export function MySessions(): React.JSX.Element | null {
  const [list, setList] = useState<MySession[]>(() => loadSessions());
  if (list.length === 0) return null;
  return (
    <section className="card my-sessions" aria-labelledby="my-sessions-h" data-testid="my-sessions">
      <h2 id="my-sessions-h">Your sessions in this browser</h2>
      <ul>
        {list.map((s) => (
          <li key={`${s.kind}:${s.sessionId}`} data-testid="my-session">
            <a href={s.href} data-testid="my-session-link">
              {s.kind === 'seat' ? 'Resume' : 'Watch'}: {s.scenarioTitle}
              {s.partyLabel ? `, as ${s.partyLabel}` : ''}
            </a>{' '}
            <span className="muted">
              {s.kind === 'watch' ? 'software run · ' : ''}
              last opened{' '}
              {new Date(s.at).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}
            </span>{' '}
            <button
              type="button"
              className="link"
              onClick={() => {
                forgetSession(s.sessionId);
                setList(loadSessions());
              }}
              aria-label={`Forget ${s.scenarioTitle} in this browser`}
            >
              Forget
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
