/**
 * The observer's view of a software-vs-software session, played back step by step: a slider and
 * play/pause over the protocol's events, the utility space with both trajectories drawn up to the
 * current step and the current offer ringed, each side's utility of every offer over time, and the
 * event under the cursor in words with both sides' utilities.
 */
import { useEffect, useMemo, useState } from 'react';
import { type ApiError, asApiError, fetchEvents } from './api.ts';
import { ErrorBox, PackageTable, StatusBadge } from './components.tsx';
import { debriefSpace, SpaceLegend, useDebrief } from './debrief.tsx';
import { LinkProblem } from './link-problem.tsx';
import { fmtU } from './model.ts';
import { PlotFigure, timelinePlot, utilitySpacePlot, type XY } from './plots.tsx';
import { useLiveView } from './session.ts';
import type { EventView, ObserverView, PublicView } from './types.ts';

/** Milliseconds between steps while playing. */
const PLAY_INTERVAL_MS = 600;

function describe(e: EventView, label: (id: string | undefined) => string): string {
  switch (e.type) {
    case 'propose':
      return 'The chair proposes a text';
    case 'tally': {
      const votes = Object.entries(e.votes ?? {})
        .map(([id, yes]) => `${label(id)} ${yes ? 'accepts' : 'rejects'}`)
        .join(', ');
      return `${votes}: the text is ${e.adopted ? 'adopted' : 'rejected'}`;
    }
    case 'offer':
      return `${label(e.party)} offers a package`;
    case 'accept':
      return `${label(e.party)} accepts`;
    case 'end':
      return `${label(e.party)} walks away`;
    case 'break':
      return `Break: ${e.after ?? ''} ends${e.next ? `, ${e.next} begins` : ''}`;
    case 'delegations-agree':
      return 'The delegations agree; the principals must ratify';
    case 'ratify':
      return `${label(e.party)}'s principal ${e.approve ? 'approves' : 'vetoes'}`;
    case 'deadline':
      return 'The deadline passes without agreement';
    case 'timeout':
      return `${label(e.party)} ran out of time`;
    case 'message':
      return `${label(e.party)} says: ${e.message ?? ''}`;
    case 'error':
      return `Error (${e.code ?? ''}): ${e.message ?? ''}`;
  }
}

/** The observer page. */
export function Observer(props: { sessionId: string; token: string | null }): React.JSX.Element {
  const live = useLiveView<ObserverView | PublicView>(props.sessionId, props.token);
  const full = live.view?.role === 'observer';
  const view = full ? (live.view as ObserverView) : null;
  const { debrief, error: debriefError } = useDebrief(props.sessionId, props.token, view !== null);
  const [events, setEvents] = useState<readonly EventView[] | null>(null);
  const [eventsError, setEventsError] = useState<ApiError | null>(null);
  const [pos, setPos] = useState(0);
  const [playing, setPlaying] = useState(false);

  // Reload the events whenever the session moves on (a running session grows its log).
  const progress = view ? `${view.step}:${view.status}` : null;
  const publicView = live.view?.role === 'public' ? live.view : null;
  useEffect(() => {
    if (!props.token || progress === null) return;
    let on = true;
    fetchEvents(props.sessionId, props.token).then(
      (ev) => on && setEvents(ev),
      (e: unknown) => on && setEventsError(asApiError(e)),
    );
    return () => {
      on = false;
    };
  }, [props.sessionId, props.token, progress]);

  const n = events?.length ?? 0;
  useEffect(() => {
    if (!playing) return;
    const t = setInterval(() => {
      setPos((p) => {
        if (p >= n) {
          setPlaying(false);
          return p;
        }
        return p + 1;
      });
    }, PLAY_INTERVAL_MS);
    return () => clearInterval(t);
  }, [playing, n]);

  const parties = view?.parties ?? [];
  const a = parties[0];
  const b = parties[1];
  const label = (id: string | undefined) => parties.find((p) => p.id === id)?.label ?? id ?? '';

  const shown = useMemo(() => (events ?? []).slice(0, pos), [events, pos]);
  const offers = shown.filter((e) => (e.type === 'offer' || e.type === 'accept') && e.utilities);
  const current = shown[shown.length - 1] ?? null;
  const lastIndex = shown.findLastIndex((e) => e.outcome !== undefined);
  const lastOffer = shown[lastIndex] ?? null;
  // A package the delegations agreed may have been vetoed since.
  const vetoed = shown.slice(lastIndex + 1).some((e) => e.type === 'ratify' && e.approve === false);

  if (!props.token)
    return <p className="error-box">This link has no observer token; start a new run from the home page.</p>;
  if (publicView) return <PublicWatch view={publicView} />;
  if (live.error && !view) return <LinkProblem error={live.error} kind="watch" />;
  if (!view || !a || !b) return <p className="muted">Loading the session…</p>;

  const pt = (e: EventView): XY => ({ x: e.utilities?.[a.id] ?? 0, y: e.utilities?.[b.id] ?? 0 });
  const space = debrief ? debriefSpace(debrief, a.id, b.id) : null;
  const offersBy = (id: string) => offers.filter((e) => e.type === 'offer' && e.party === id).map(pt);
  const finished = pos >= n && n > 0;
  const loadError = eventsError ?? debriefError;
  const timeline = (valuer: string, rv: number, who: string, width: number) =>
    timelinePlot({
      points: offers
        .filter((e) => e.type === 'offer')
        .map((e) => ({
          time: e.step / parties.length,
          utility: e.utilities?.[valuer] ?? 0,
          side: e.party === a.id ? ('a' as const) : ('b' as const),
        })),
      reservation: rv,
      breaks: view.schedule
        .filter((x) => x.firstRound > 0)
        .map((x) => ({ time: x.firstRound, label: x.label })),
      deadline: view.rounds,
      yLabel: `utility to ${who}`,
      width,
      height: 160,
      cursor: current ? current.step / parties.length : null,
    });

  return (
    <main className="observer" data-testid="observer">
      <div className="debrief-head">
        <h1>Watching: {view.scenario.title}</h1>
        {/* How the talks ended is not told before the playback gets there. */}
        <StatusBadge status={finished ? view.status : 'running'} />
      </div>
      {loadError && <ErrorBox error={loadError} />}
      <p className="lede">
        {parties
          .map((p) => `${p.label}: ${p.negotiator ?? 'a person'} (no deal ${fmtU(p.reservationValue)})`)
          .join(' · ')}
      </p>
      <div className="player card" data-testid="player">
        <button
          type="button"
          onClick={() => setPos((p) => Math.max(0, p - 1))}
          disabled={pos === 0}
          aria-label="Step back"
          data-testid="step-back"
        >
          ◀
        </button>
        <button
          type="button"
          className="primary"
          onClick={() => {
            if (finished) setPos(0);
            setPlaying((p) => !p);
          }}
          disabled={n === 0}
          data-testid="play"
        >
          {playing ? 'Pause' : finished ? 'Replay' : 'Play'}
        </button>
        <button
          type="button"
          onClick={() => setPos((p) => Math.min(n, p + 1))}
          disabled={pos >= n}
          aria-label="Step forward"
          data-testid="step-forward"
        >
          ▶
        </button>
        <input
          type="range"
          min={0}
          max={n}
          value={pos}
          onChange={(e) => {
            setPlaying(false);
            setPos(Number(e.target.value));
          }}
          aria-label="Playback position"
          aria-valuetext={`event ${pos} of ${n}`}
          data-testid="playback-slider"
        />
        <span className="num" data-testid="playback-position">
          {pos} / {n}
        </span>
      </div>
      <div className="now card" aria-live="polite" data-testid="current-event">
        {current ? (
          <>
            <strong>
              Round {Math.min(current.round + 1, view.rounds)}: {describe(current, label)}
            </strong>
            {current.utilities && (
              <span>
                {' '}
                · worth {fmtU(current.utilities[a.id])} to {a.label}, {fmtU(current.utilities[b.id])} to{' '}
                {b.label}
              </span>
            )}
          </>
        ) : (
          <span className="muted">Press Play, or step through the {n} events one at a time.</span>
        )}
      </div>
      <div className="debrief-grid">
        <section className="card" aria-labelledby="o-space">
          <h2 id="o-space">Utility space</h2>
          {space ? (
            <>
              <PlotFigure
                testId="observer-plot"
                label="Utility space with both sides' offers up to the current step"
                deps={[debrief, pos]}
                render={(w) =>
                  utilitySpacePlot({
                    ...space,
                    trajectoryA: offersBy(a.id),
                    trajectoryB: offersBy(b.id),
                    agreement: finished || current?.type === 'delegations-agree' ? space.agreement : null,
                    current: current?.utilities ? pt(current) : null,
                    xLabel: `Utility to ${a.label}`,
                    yLabel: `Utility to ${b.label}`,
                    width: Math.min(w, 600),
                    height: Math.round(Math.min(w, 600) * 0.8),
                  })
                }
              />
              <SpaceLegend a={`offers by ${a.label}`} b={`offers by ${b.label}`} />
            </>
          ) : (
            <p className="muted">Loading the analysis…</p>
          )}
        </section>
        <div className="col">
          <section className="card" aria-labelledby="o-time">
            <h2 id="o-time">Each side's utility of every offer</h2>
            <PlotFigure
              testId="observer-timeline-a"
              label={`Utility to ${a.label} of each offer`}
              deps={[pos, events]}
              render={(w) => timeline(a.id, a.reservationValue, a.label, w)}
            />
            <PlotFigure
              testId="observer-timeline-b"
              label={`Utility to ${b.label} of each offer`}
              deps={[pos, events]}
              render={(w) => timeline(b.id, b.reservationValue, b.label, w)}
            />
          </section>
          {lastOffer?.outcome && (
            <section className="card" aria-labelledby="o-pkg">
              <h2 id="o-pkg">The package in play</h2>
              <PackageTable
                issues={view.issues}
                columns={[
                  {
                    title: `${
                      lastOffer.type === 'offer'
                        ? `Offered by ${label(lastOffer.party)}`
                        : lastOffer.type === 'accept'
                          ? `Accepted by ${label(lastOffer.party)}`
                          : vetoed
                            ? 'Agreed by the delegations, then vetoed'
                            : 'Agreed by the delegations'
                    }, round ${Math.min(lastOffer.round + 1, view.rounds)}`,
                    outcome: lastOffer.outcome,
                  },
                ]}
              />
            </section>
          )}
        </div>
      </div>
    </main>
  );
}

/**
 * What a spectator sees (a `public` view, for a session with people at the table): how far the
 * talks are, the package on the table and every offer in words, and the end once it comes; never
 * anyone's utility or private value, which the server does not send to this token.
 */
function PublicWatch({ view }: { view: PublicView }): React.JSX.Element {
  const label = (id: string) => view.others.find((p) => p.id === id)?.label ?? id;
  const words = (o: Record<string, string | number>) =>
    view.issues
      .map((i) => {
        const v = o[i.id];
        return i.kind === 'discrete' ? (i.values?.find((x) => x.id === v)?.label ?? String(v)) : String(v);
      })
      .join(' · ');
  const onTable = view.chair ? (view.chair.text ?? view.chair.standing) : view.table;
  const over = view.result !== null;
  return (
    <main className="observer public-watch" data-testid="public-watch">
      <div className="debrief-head">
        <h1>Watching: {view.scenario.title}</h1>
        <StatusBadge status={view.status} />
      </div>
      <p className="lede" data-testid="public-note">
        You are watching {view.others.map((p) => p.label).join(' and ')} negotiate. This link shows what is
        public: the packages offered and how the talks end. Each side's priorities, red lines and what a deal
        is worth to it stay private.
      </p>
      <section className="card" aria-labelledby="pw-now">
        <h2 id="pw-now">
          {over
            ? `The talks ended after ${view.result?.rounds ?? view.round} rounds`
            : `Round ${Math.min(view.round + 1, view.rounds)} of ${view.rounds}${view.sitting ? ` · ${view.sitting}` : ''}`}
        </h2>
        {!over && (
          <p data-testid="public-turn">
            {view.turn ? `${label(view.turn)} is to move.` : 'The principals are deciding.'}
          </p>
        )}
        {onTable && (
          <PackageTable
            issues={view.issues}
            columns={[
              {
                title: view.chair
                  ? "The chair's text"
                  : `${over && view.result?.agreement ? 'Agreed' : 'On the table'}: offer by ${label((onTable as { by: string }).by)}`,
                outcome: over && view.result?.agreement ? view.result.agreement : onTable.outcome,
              },
            ]}
            testId="public-table"
          />
        )}
      </section>
      <section className="card" aria-labelledby="pw-offers">
        <h2 id="pw-offers">Offers, latest first</h2>
        {view.offers.length === 0 ? (
          <p className="muted">No offers yet.</p>
        ) : (
          <ol className="public-offers" data-testid="public-offers" reversed>
            {[...view.offers].reverse().map((o) => (
              <li key={o.step}>
                <strong>
                  Round {o.round + 1}, {label(o.by)}:
                </strong>{' '}
                {words(o.outcome)}
              </li>
            ))}
          </ol>
        )}
      </section>
    </main>
  );
}
