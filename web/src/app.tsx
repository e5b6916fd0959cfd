/**
 * The app shell: the header, and the page the hash route asks for. A seat's pages (brief, table,
 * debrief) share one live view of the session, so switching between them never loses the
 * connection; the seat's utility function is rebuilt from that view once.
 */
import { lazy, Suspense, useEffect, useMemo } from 'react';
import { Brief } from './brief.tsx';
import { StatusBadge } from './components.tsx';
import { Debrief } from './debrief.tsx';
import { Home } from './home.tsx';
import { LinkProblem } from './link-problem.tsx';
import { spaceOf, utilityOf } from './model.ts';
import { rememberSession } from './my-sessions.ts';
import { Observer } from './observer.tsx';
import { go, hrefOf, type SeatPage, useRoute } from './route.ts';
import { isOver, useSeat } from './session.ts';
import { ShareAgain } from './share.tsx';
import { Table } from './table.tsx';

/** The scenario studio, loaded only when its route is opened (it brings the format's checks). */
const Studio = lazy(() => import('./studio/studio.tsx'));

function Header(props: { children?: React.ReactNode; tagline?: string }): React.JSX.Element {
  return (
    <header className="top">
      <a href="#/" className="brand" data-testid="home-link">
        Lancaster
      </a>
      <span className="tagline">{props.tagline ?? 'negotiation table'}</span>
      <div className="top-rest">{props.children}</div>
    </header>
  );
}

const PAGES: { page: SeatPage; label: string }[] = [
  { page: 'brief', label: 'Brief' },
  { page: 'table', label: 'Table' },
  { page: 'debrief', label: 'Debrief' },
];

function SeatShell(props: { sessionId: string; page: SeatPage; token: string | null }): React.JSX.Element {
  const seat = useSeat(props.sessionId, props.token);
  const view = seat.view;
  const issues = view?.issues;
  const spec = view?.you.utility;
  // The issues and the utility never change during a session; rebuild only when they arrive.
  const utility = useMemo(() => (issues && spec ? utilityOf(spaceOf(issues), spec) : null), [issues, spec]);
  const over = view ? isOver(view.status) : false;
  const title = view
    ? `${PAGES.find((p) => p.page === props.page)?.label ?? ''} · ${view.you.party.label} · Lancaster`
    : null;
  useEffect(() => {
    if (title) document.title = title;
  }, [title]);
  // A seat opened here (by its creator or by an invite link) is listed on this browser's home page.
  const scenarioTitle = view?.scenario.title;
  const partyLabel = view?.you.party.label;
  useEffect(() => {
    if (!scenarioTitle || !partyLabel || !props.token) return;
    rememberSession({
      sessionId: props.sessionId,
      scenarioTitle,
      kind: 'seat',
      partyLabel,
      href: hrefOf({ name: 'play', sessionId: props.sessionId, page: 'brief', token: props.token }),
      invites: [],
      at: new Date().toISOString(),
    });
  }, [props.sessionId, props.token, scenarioTitle, partyLabel]);
  const to = (page: SeatPage) => go({ name: 'play', sessionId: props.sessionId, page, token: props.token });

  let body: React.ReactNode;
  if (!props.token) {
    body = (
      <div className="error-box" role="alert">
        This link has no seat token. Start a new negotiation from the <a href="#/">home page</a>.
      </div>
    );
  } else if (!view) {
    body = seat.error ? (
      <LinkProblem error={seat.error} kind="seat" />
    ) : (
      <p className="muted">Joining the table…</p>
    );
  } else if (props.page === 'brief') {
    body = <Brief view={view} utility={utility} onTable={() => to('table')} />;
  } else if (props.page === 'debrief' && over) {
    body = <Debrief view={view} token={props.token} />;
  } else {
    body = (
      <Table seat={seat} view={view} utility={utility} token={props.token} onDebrief={() => to('debrief')} />
    );
  }

  return (
    <>
      <Header>
        {view && (
          <>
            <span className="who">
              {view.scenario.title.split(',')[0]} · you are <strong>{view.you.party.label}</strong>
            </span>
            <nav aria-label="Session pages">
              {PAGES.map((p) => {
                const disabled = p.page === 'debrief' && !over;
                return disabled ? (
                  <span
                    key={p.page}
                    className="tab disabled"
                    title="Available when the talks end"
                    aria-disabled="true"
                  >
                    {p.label}
                  </span>
                ) : (
                  <a
                    key={p.page}
                    className={`tab ${props.page === p.page ? 'current' : ''}`}
                    aria-current={props.page === p.page ? 'page' : undefined}
                    href={hrefOf({
                      name: 'play',
                      sessionId: props.sessionId,
                      page: p.page,
                      token: props.token,
                    })}
                    data-testid={`tab-${p.page}`}
                  >
                    {p.label}
                  </a>
                );
              })}
            </nav>
            <StatusBadge status={view.status} />
            <span
              className={`conn conn-${seat.state}`}
              title="Connection to the server"
              data-testid="connection"
            >
              {seat.state === 'live' ? 'live' : seat.state === 'connecting' ? 'connecting…' : 'reconnecting…'}
            </span>
          </>
        )}
      </Header>
      {view && props.page !== 'debrief' && <ShareAgain sessionId={props.sessionId} />}
      {body}
    </>
  );
}

/** The whole app. */
export function App(): React.JSX.Element {
  const route = useRoute();
  useEffect(() => {
    if (route.name === 'home') document.title = 'Lancaster negotiation table';
    if (route.name === 'watch') document.title = 'Watching · Lancaster';
  }, [route.name]);
  if (route.name === 'play') {
    return (
      <SeatShell key={route.sessionId} sessionId={route.sessionId} page={route.page} token={route.token} />
    );
  }
  if (route.name === 'studio') {
    return (
      <>
        <Header tagline="scenario studio" />
        <Suspense fallback={<p className="muted">Loading the studio…</p>}>
          <Studio page={route.page} />
        </Suspense>
      </>
    );
  }
  if (route.name === 'watch') {
    return (
      <>
        <Header />
        <Observer key={route.sessionId} sessionId={route.sessionId} token={route.token} />
      </>
    );
  }
  return (
    <>
      <Header />
      <Home />
    </>
  );
}
