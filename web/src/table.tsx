/**
 * The table: where the delegation negotiates. The offer builder (one choice per issue) shows the
 * utility of the package being built, live, against the reservation value, and warns before a
 * package that crosses a red line (which the server would refuse) or is worth less than no deal.
 * Beside it: the other side's offer on the table with its utility to you, Accept, and Walk away
 * (confirmed first); the clock (round k of N, the sitting, the countdown of your turn); the
 * ratification step when the delegations agree; and the timeline of offers with your utility of each.
 * At a mediated table (`view.chair`) the page is the chair's text and the vote instead (chair.tsx).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { UtilityFunction } from '../../src/model/utility.ts';
import { Announcer } from './announcer.tsx';
import { partyLabel, principalName } from './brief.tsx';
import { ChairTable } from './chair.tsx';
import { ErrorBox, PackageTable, StatusBadge, statusText, UtilityMeter } from './components.tsx';
import { bestAcceptable, fmtU, toOutcome } from './model.ts';
import { PlotFigure, timelinePlot } from './plots.tsx';
import { useReplyIntoView } from './reply-into-view.ts';
import type { useSeat } from './session.ts';
import { isOver } from './session.ts';
import {
  HistoryList,
  ImprovementPanel,
  Messages,
  OpponentEstimate,
  RoundWarning,
  useOpenTable,
} from './talk.tsx';
import type { SeatView } from './types.ts';

/** Seconds left until an ISO deadline, ticking once a second; null without a deadline. */
function useCountdown(deadline: string | null): number | null {
  // The state only makes the clock re-render every second; the time itself is read at render, so a
  // new turn's countdown starts right (a clock stopped during the other side's turn would be stale).
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!deadline) return;
    const t = setInterval(() => setTick((k) => k + 1), 1000);
    return () => clearInterval(t);
  }, [deadline]);
  if (!deadline) return null;
  const ms = Date.parse(deadline) - Date.now();
  return Number.isFinite(ms) ? Math.max(0, Math.ceil(ms / 1000)) : null;
}

function mmss(s: number): string {
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** The clock: round, sitting, whose turn, and the countdown of a person's turn. */
function Clock({ view }: { view: SeatView }): React.JSX.Element {
  const left = useCountdown(view.yourTurn ? view.turnDeadline : null);
  const over = isOver(view.status);
  const round = Math.min(view.round + 1, view.rounds);
  return (
    // Not a live region: the countdown changes every second. Events are announced by <Announcer>.
    <div className="clock" data-testid="clock">
      <span className="clock-round" data-testid="round">
        Round <strong>{round}</strong> of {view.rounds}
      </span>
      {view.sitting && <span className="clock-sitting">{view.sitting}</span>}
      <span className="progress" aria-hidden="true">
        <span style={{ width: `${Math.min(1, view.time) * 100}%` }} />
      </span>
      {over ? (
        <StatusBadge status={view.status} />
      ) : view.status === 'ratifying' ? (
        <span className="turn">Principals are deciding…</span>
      ) : view.yourTurn ? (
        <span className={`turn yours ${left !== null && left <= 30 ? 'hurry' : ''}`} data-testid="your-turn">
          Your move{left !== null ? ` · ${mmss(left)} left` : ''}
        </span>
      ) : (
        <span className="turn theirs">
          {view.turn ? `${partyLabel(view, view.turn)} is considering…` : 'Waiting…'}
        </span>
      )}
    </div>
  );
}

/** The offer builder and its live utility. */
function OfferBuilder(props: {
  view: SeatView;
  utility: UtilityFunction | null;
  draft: number[];
  setDraft(d: number[]): void;
  onSend(): void;
  busy: boolean;
}): React.JSX.Element {
  const { view, utility, draft } = props;
  const u = utility ? utility.evaluate(draft) : null;
  const crossed = utility ? utility.violatedRedLines(draft) : [];
  const rv = view.you.reservationValue;
  const principal = view.you.party.principal;
  const canAct = view.yourTurn && !props.busy && view.status === 'running';
  const counter = view.table !== null && view.table.by !== view.you.party.id;
  const set = (i: number, v: number) => {
    const next = [...draft];
    next[i] = v;
    props.setDraft(next);
  };
  return (
    <section className="card builder" aria-labelledby="t-builder" data-testid="offer-builder">
      <h2 id="t-builder">{counter ? 'Your counter-offer' : 'Your offer'}</h2>
      <div className="builder-issues">
        {view.issues.map((issue, i) => (
          <fieldset key={issue.id} className="issue-choice" data-testid={`issue-${issue.id}`}>
            <legend>{issue.label}</legend>
            {issue.kind === 'discrete' ? (
              <div className="segmented wrap">
                {(issue.values ?? []).map((v, d) => (
                  <label key={v.id} className={draft[i] === d ? 'on' : ''} title={v.description}>
                    <input
                      type="radio"
                      name={`issue-${issue.id}`}
                      checked={draft[i] === d}
                      onChange={() => set(i, d)}
                      data-testid={`value-${issue.id}-${v.id}`}
                    />
                    {v.label}
                  </label>
                ))}
              </div>
            ) : (
              <input
                type="number"
                min={issue.min}
                max={issue.max}
                step={issue.kind === 'integer' ? 1 : 'any'}
                value={draft[i] ?? issue.min ?? 0}
                onChange={(e) => set(i, Number(e.target.value))}
                data-testid={`value-${issue.id}`}
                aria-label={issue.label}
              />
            )}
          </fieldset>
        ))}
      </div>
      <div className="live">
        <div className="live-number">
          <span>Worth to you</span>
          <strong data-testid="live-utility" className={u !== null && u < rv ? 'below' : ''}>
            {fmtU(u)}
          </strong>
        </div>
        <UtilityMeter
          value={u}
          reservation={rv}
          threshold={principal?.ratificationThreshold}
          label="Your utility of this package"
          testId="live-meter"
        />
      </div>
      {crossed.length > 0 && (
        <div className="warn redline" role="alert" data-testid="redline-warning">
          <strong>Crosses your red line:</strong> {crossed.map((r) => r.label).join('; ')}. Your principal
          forbids this package; change the highlighted issue before sending.
        </div>
      )}
      {crossed.length === 0 && u !== null && u < rv && (
        <div className="warn" role="status" data-testid="below-rv-warning">
          Worth less to you than no deal ({fmtU(rv)}). Offering it invites an agreement you would regret.
        </div>
      )}
      {crossed.length === 0 && u !== null && u >= rv && principal && u < principal.ratificationThreshold && (
        <div className="warn" role="status" data-testid="veto-warning">
          {principalName(principal)} ratifies only packages worth at least{' '}
          {fmtU(principal.ratificationThreshold)}: this one would likely be vetoed if agreed.
        </div>
      )}
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={!canAct || crossed.length > 0}
          onClick={props.onSend}
          data-testid="send-offer"
        >
          {counter ? 'Reject theirs and send this' : 'Send this offer'}
        </button>
        {utility && (
          <button
            type="button"
            className="link"
            onClick={() => {
              const best = bestAcceptable(utility);
              if (best) props.setDraft(best);
            }}
            data-testid="reset-best"
          >
            Reset to my best package
          </button>
        )}
      </div>
    </section>
  );
}

/** A button ref that takes the focus whenever `on` turns true. */
function useFocusWhen(on: boolean): React.RefObject<HTMLButtonElement | null> {
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (on) ref.current?.focus();
  }, [on]);
  return ref;
}

/** The offer on the table, its utility to you, Accept and Walk away. */
function OnTheTable(props: {
  view: SeatView;
  draft: number[];
  onAccept(): void;
  onWalk(): void;
  onCopy(): void;
  busy: boolean;
  utility: UtilityFunction | null;
}): React.JSX.Element {
  const { view } = props;
  const [confirmWalk, setConfirmWalk] = useState(false);
  const [confirmAccept, setConfirmAccept] = useState(false);
  // Opening a confirmation moves focus to its safe choice, so Enter does not accept or walk away by accident.
  const keepRef = useFocusWhen(confirmAccept);
  const stayRef = useFocusWhen(confirmWalk);
  // A confirmation belongs to the offer it was asked about: close it when the table moves on.
  const step = view.step;
  useEffect(() => {
    if (step >= 0) {
      setConfirmAccept(false);
      setConfirmWalk(false);
    }
  }, [step]);
  const t = view.table;
  const theirs = t !== null && t.by !== view.you.party.id;
  const canAct = view.yourTurn && !props.busy && view.status === 'running';
  const rv = view.you.reservationValue;
  const principal = view.you.party.principal;
  const tableOutcome = t && props.utility ? toOutcome(props.utility.space, t.outcome) : null;
  const crossed = tableOutcome && props.utility ? props.utility.violatedRedLines(tableOutcome) : [];
  // Accepting below no deal, or below what the principal ratifies, is asked twice.
  const regret =
    t === null
      ? null
      : t.utilityToYou < rv
        ? `This package is worth ${fmtU(t.utilityToYou)} to you, less than no deal (${fmtU(rv)}).`
        : principal && t.utilityToYou < principal.ratificationThreshold
          ? `${principalName(principal)} ratifies only packages worth at least ${fmtU(principal.ratificationThreshold)}; this one is worth ${fmtU(t.utilityToYou)}.`
          : null;
  const draftRec = props.utility ? props.utility.space.toRecord(props.draft) : null;
  return (
    <section className="card on-table" aria-labelledby="t-table" data-testid="on-table">
      <h2 id="t-table">On the table</h2>
      {t === null ? (
        <p className="muted">No offer yet.</p>
      ) : (
        <>
          <p>
            {theirs ? (
              <>
                <strong>{partyLabel(view, t.by)}</strong> offers this package. Worth to you:{' '}
                <strong data-testid="table-utility" className={t.utilityToYou < rv ? 'below' : 'above'}>
                  {fmtU(t.utilityToYou)}
                </strong>{' '}
                {t.utilityToYou < rv
                  ? `(worse than no deal, ${fmtU(rv)})`
                  : principal && t.utilityToYou < principal.ratificationThreshold
                    ? `(better than no deal, but below the ${fmtU(principal.ratificationThreshold)} ${principalName(principal)} needs to ratify)`
                    : '(better than no deal)'}
                {crossed.length > 0 && (
                  <span className="redline-note" data-testid="table-redline">
                    {' '}
                    It crosses your red line: {crossed.map((r) => r.label).join('; ')}.
                  </span>
                )}
              </>
            ) : (
              <>
                Your offer is on the table (worth <strong>{fmtU(t.utilityToYou)}</strong> to you).
                {view.status === 'running' ? ' Waiting for the other side.' : ''}
              </>
            )}
          </p>
          <PackageTable
            issues={view.issues}
            columns={[
              { title: theirs ? 'Their offer' : 'Your offer', outcome: t.outcome },
              ...(theirs && draftRec ? [{ title: 'Your draft', outcome: draftRec }] : []),
            ]}
            testId="table-offer"
          />
        </>
      )}
      {/* Once the talks are over there is nothing to accept and nowhere to walk away from. */}
      <div className="actions" style={isOver(view.status) ? { display: 'none' } : undefined}>
        {theirs && (
          <>
            <button
              type="button"
              className="accept"
              disabled={!canAct}
              onClick={() => (regret ? setConfirmAccept(true) : props.onAccept())}
              data-testid="accept"
            >
              Accept this package
            </button>
            <button type="button" className="link" onClick={props.onCopy} data-testid="copy-offer">
              Build my counter from it
            </button>
          </>
        )}
        {confirmAccept && regret && (
          <div className="confirm" role="alertdialog" aria-labelledby="accept-q" data-testid="accept-confirm">
            <span id="accept-q">{regret} Accept anyway?</span>
            <button
              type="button"
              className="accept"
              disabled={!canAct}
              onClick={() => {
                setConfirmAccept(false);
                props.onAccept();
              }}
              data-testid="confirm-accept"
            >
              Yes, accept
            </button>
            <button type="button" className="link" onClick={() => setConfirmAccept(false)} ref={keepRef}>
              Keep negotiating
            </button>
          </div>
        )}
        {!confirmWalk ? (
          <button
            type="button"
            className="danger-outline"
            disabled={!canAct}
            onClick={() => setConfirmWalk(true)}
            data-testid="walk-away"
          >
            Walk away
          </button>
        ) : (
          <div className="confirm" role="alertdialog" aria-labelledby="walk-q" data-testid="walk-confirm">
            <span id="walk-q">
              End the talks with no deal? No deal is worth {fmtU(rv)} to you, and it cannot be undone.
            </span>
            <button
              type="button"
              className="danger"
              disabled={!canAct}
              onClick={() => {
                setConfirmWalk(false);
                props.onWalk();
              }}
              data-testid="confirm-walk-away"
            >
              Yes, walk away
            </button>
            <button type="button" className="link" onClick={() => setConfirmWalk(false)} ref={stayRef}>
              Stay at the table
            </button>
          </div>
        )}
      </div>
    </section>
  );
}

/**
 * The ratification step: the package the delegations agreed and each principal's decision. After
 * a veto that sends the delegations back to the table, it stays on show, in the past tense.
 */
export function Ratification({ view }: { view: SeatView }): React.JSX.Element | null {
  const r = view.ratification;
  if (!r) return null;
  const principalOf = (id: string) => {
    const p =
      id === view.you.party.id ? view.you.party.principal : view.others.find((o) => o.id === id)?.principal;
    return p ? `${principalName(p)} (${partyLabel(view, id)})` : partyLabel(view, id);
  };
  const vetoed = r.decisions.some((d) => !d.approve);
  const lead =
    view.status === 'ratifying'
      ? 'The delegations agreed. Each principal must now approve the package.'
      : vetoed
        ? view.status === 'running'
          ? 'The delegations agreed, but the package was vetoed: the talks go on.'
          : 'The delegations agreed, but the package was vetoed.'
        : 'The delegations agreed, and the package was ratified.';
  return (
    <section className="card ratification" aria-labelledby="t-ratify" data-testid="ratification">
      <h2 id="t-ratify">Ratification</h2>
      <p>{lead}</p>
      <ul>
        {r.decisions.map((d) => (
          <li key={d.party} className={d.approve ? 'ok' : 'no'}>
            {d.approve ? '✓' : '✗'} {principalOf(d.party)} {d.approve ? 'approved' : 'vetoed'}
          </li>
        ))}
        {r.pending.map((p) => (
          <li key={p} className="pending">
            … {principalOf(p)} is deciding
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The timeline chart in words, for those who cannot see it; the list beside it has every offer. */
function timelineSummary(view: SeatView): string {
  const me = view.you.party.id;
  const range = (us: number[]) => {
    if (us.length === 0) return 'none yet';
    const first = us[0] as number;
    const last = us.at(-1) as number;
    return `${us.length}, from ${fmtU(first)} to ${fmtU(last)} to you`;
  };
  const mine = view.offers.filter((o) => o.by === me).map((o) => o.utilityToYou);
  const theirs = view.offers.filter((o) => o.by !== me).map((o) => o.utilityToYou);
  return `Your offers: ${range(mine)}. Offers by ${view.others[0]?.label ?? 'the other side'}: ${range(theirs)}. No deal is worth ${fmtU(view.you.reservationValue)} to you.`;
}

/** The timeline: a chart and a list of every offer with your utility. */
function Timeline({ view }: { view: SeatView }): React.JSX.Element {
  const me = view.you.party.id;
  const parties = view.others.length + 1;
  const points = view.offers.map((o) => ({
    time: o.step / parties,
    utility: o.utilityToYou,
    side: o.by === me ? ('a' as const) : ('b' as const),
    title: `${partyLabel(view, o.by)}, round ${o.round + 1}: ${fmtU(o.utilityToYou)}`,
  }));
  const other = view.others[0]?.label ?? 'Other side';
  return (
    <section className="card timeline" aria-labelledby="t-timeline" data-testid="timeline">
      <h2 id="t-timeline">Offers so far</h2>
      <div className="legend-row" aria-hidden="true">
        <span className="key key-a" /> your offers <span className="key key-b" /> offers by {other}{' '}
        <span className="key key-rv" /> no deal
        {view.you.party.principal && (
          <>
            <span className="key key-veto" /> veto below
          </>
        )}
      </div>
      <PlotFigure
        testId="timeline-plot"
        label={`Your utility of each offer, by round; ${view.offers.length} offers`}
        summary={timelineSummary(view)}
        deps={[view.step, view.offers.length]}
        render={(w) =>
          timelinePlot({
            points,
            reservation: view.you.reservationValue,
            threshold: view.you.party.principal?.ratificationThreshold,
            breaks: view.schedule
              .filter((x) => x.firstRound > 0)
              .map((x) => ({ time: x.firstRound, label: x.label })),
            deadline: view.rounds,
            yLabel: 'your utility',
            width: w,
            height: 170,
          })
        }
      />
      {view.history.length === 0 ? <p className="muted">No offers yet.</p> : <HistoryList view={view} />}
    </section>
  );
}

/** The table page. */
export function Table(props: {
  seat: ReturnType<typeof useSeat>;
  view: SeatView;
  utility: UtilityFunction | null;
  token: string | null;
  onDebrief(): void;
}): React.JSX.Element {
  const { seat, view, utility } = props;
  useOpenTable(view, props.token, seat.adopt);
  // The draft survives a reload: it is kept in this tab; a new tab starts from your last offer (so
  // sending it withdraws nothing), and only before your first offer from your best package.
  const me = view.you.party.id;
  const draftKey = `lancaster.draft.${view.sessionId}.${me}`;
  const lastOwn = [...view.offers].reverse().find((o) => o.by === me)?.outcome ?? null;
  const initial = useMemo(() => {
    if (!utility) return null;
    try {
      const kept = sessionStorage.getItem(draftKey);
      const parsed = kept ? (JSON.parse(kept) as number[]) : null;
      if (Array.isArray(parsed) && parsed.length === utility.space.issues.length) return parsed;
    } catch {
      // Storage may be unavailable (private mode); fall through.
    }
    return (lastOwn && toOutcome(utility.space, lastOwn)) ?? bestAcceptable(utility);
  }, [utility, draftKey, lastOwn]);
  const [draft, setDraftState] = useState<number[] | null>(null);
  const setDraft = (d: number[]) => {
    setDraftState(d);
    try {
      sessionStorage.setItem(draftKey, JSON.stringify(d));
    } catch {
      // Not kept: the draft still starts from your last offer after a reload.
    }
  };
  const current = draft ?? initial ?? view.issues.map((i) => (i.kind === 'discrete' ? 0 : (i.min ?? 0)));
  const over = isOver(view.status);
  const sent = useReplyIntoView(view);
  const send = () => {
    if (!utility) return;
    sent();
    void seat.act({ type: 'offer', outcome: utility.space.toRecord(current) });
  };
  const copy = () => {
    if (!utility || !view.table) return;
    const o = toOutcome(utility.space, view.table.outcome);
    if (o) setDraft(o);
  };
  return (
    <main className="table-page" data-testid="table" data-step={view.step} data-status={view.status}>
      <h1 className="sr-only">
        The table: {view.scenario.title}, as {view.you.party.label}
      </h1>
      <Announcer view={view} />
      <Clock view={view} />
      <RoundWarning view={view} />
      {seat.error && <ErrorBox error={seat.error} onDismiss={() => seat.setError(null)} />}
      {over && (
        <div
          className={`banner ${view.status === 'agreement' ? 'good' : 'bad'}`}
          role="status"
          data-testid="ended"
        >
          <span>
            <strong>The talks have ended: {statusText(view.status)}.</strong>{' '}
            {view.result && `Your result is worth ${fmtU(view.result.utilityToYou)} to you.`}
          </span>
          <button type="button" className="primary" onClick={props.onDebrief} data-testid="to-debrief">
            See the debrief →
          </button>
        </div>
      )}
      {!utility && (
        <div className="warn" role="status">
          Your utility function could not be read from the server, so live utilities are not shown.
        </div>
      )}
      {view.chair ? (
        <>
          <Ratification view={view} />
          <ChairTable seat={seat} view={view} chair={view.chair} utility={utility} busy={seat.busy || over} />
          <ImprovementPanel view={view} token={props.token} adopt={seat.adopt} />
          <Messages view={view} token={props.token} adopt={seat.adopt} />
        </>
      ) : (
        <div className="table-grid">
          <div className="col">
            <OfferBuilder
              view={view}
              utility={utility}
              draft={current}
              setDraft={setDraft}
              onSend={send}
              busy={seat.busy || over}
            />
          </div>
          <div className="col">
            <Ratification view={view} />
            <OnTheTable
              view={view}
              draft={current}
              utility={utility}
              busy={seat.busy || over}
              onAccept={() => void seat.act({ type: 'accept' })}
              onWalk={() => void seat.act({ type: 'end' })}
              onCopy={copy}
            />
            <ImprovementPanel view={view} token={props.token} adopt={seat.adopt} />
            <Timeline view={view} />
            <OpponentEstimate view={view} />
            <Messages view={view} token={props.token} adopt={seat.adopt} />
          </div>
        </div>
      )}
    </main>
  );
}
