/**
 * The table's second pass (issue 13): opening the table (which starts your clock), the clock's
 * rules as the brief states them, warnings before the last round and the end of a sitting, the
 * timeline of everything that happened (offers, acceptances, ratifications, walk-aways, lapses,
 * changes of sitting), messages beside offers, the other side's estimated concession, and the
 * improvement proposed after a deal.
 */
import { useEffect, useRef, useState } from 'react';
import { type ApiError, answerImprovement, asApiError, openTable, sendMessage } from './api.ts';
import { partyLabel } from './brief.tsx';
import { ErrorBox, PackageTable } from './components.tsx';
import { fmtU, labelOf } from './model.ts';
import { PlotFigure, timelinePlot } from './plots.tsx';
import type { MessageBody, SeatView } from './types.ts';

/** Opens the table once per page load of a seat (the server starts its clock the first time only). */
export function useOpenTable(view: SeatView, token: string | null, adopt: (v: SeatView) => void): void {
  const done = useRef(false);
  const { sessionId, status } = view;
  useEffect(() => {
    if (done.current || !token || (status !== 'running' && status !== 'ratifying')) return;
    done.current = true;
    openTable(sessionId, token).then(adopt, () => {
      done.current = false;
    });
  }, [sessionId, token, status, adopt]);
}

/** What the clock does, in words (the brief states it; the table repeats it). */
export function clockRules(view: SeatView): string {
  const turn = view.clock.turnSeconds;
  const time = turn % 60 === 0 ? `${turn / 60} minute${turn === 60 ? '' : 's'}` : `${turn} seconds`;
  const lapse =
    view.clock.lapse === 'pass'
      ? 'If it runs out, your turn passes: your last offer stands (or, before your first offer, your clock starts again).'
      : 'If it runs out, the talks end without a deal.';
  return `You have ${time} for each turn. Your clock starts when you first open the table, not while you read this brief. ${lapse}`;
}

/** The clock as the brief shows it: the rules, and whether it runs. */
export function BriefClock({ view }: { view: SeatView }): React.JSX.Element {
  const running = view.clock.started && view.yourTurn && view.turnDeadline;
  return (
    <div className="brief-clock" data-testid="brief-clock">
      <p>{clockRules(view)}</p>
      <p>
        <strong>Your clock: </strong>
        {view.clock.started ? (
          running ? (
            <Countdown deadline={view.turnDeadline as string} />
          ) : (
            'started; it runs on your turns.'
          )
        ) : (
          'not started.'
        )}
      </p>
    </div>
  );
}

/** Minutes and seconds left until a deadline, once a second (not a live region: events are announced, not the clock). */
function Countdown({ deadline }: { deadline: string }): React.JSX.Element {
  const [, setTick] = useState(0);
  useEffect(() => {
    const t = setInterval(() => setTick((k) => k + 1), 1000);
    return () => clearInterval(t);
  }, []);
  const s = Math.max(0, Math.ceil((Date.parse(deadline) - Date.now()) / 1000));
  return (
    <span data-testid="brief-countdown">
      {Math.floor(s / 60)}:{String(s % 60).padStart(2, '0')} left on this turn
    </span>
  );
}

/** The sitting a round belongs to, with its last round. */
function sittingOf(view: SeatView, round: number) {
  let found: { label: string; last: number; index: number } | null = null;
  view.schedule.forEach((s, index) => {
    if (s.firstRound <= round) found = { label: s.label, last: s.firstRound + s.rounds - 1, index };
  });
  return found as { label: string; last: number; index: number } | null;
}

/** Warns before the last round of the talks and before a sitting ends. */
export function RoundWarning({ view }: { view: SeatView }): React.JSX.Element | null {
  if (view.status !== 'running') return null;
  const round = view.round;
  if (round >= view.rounds - 1) {
    return (
      <div className="warn round-warning" role="status" data-testid="last-round">
        <strong>Last round:</strong> accept or the talks end without a deal.
      </div>
    );
  }
  const sitting = sittingOf(view, round);
  const start = sitting ? view.schedule[sitting.index] : undefined;
  if (sitting && start && sitting.index > 0 && round === start.firstRound && sitting.last > round) {
    return (
      <div className="warn round-warning" role="status" data-testid="sitting-begins">
        <strong>{sitting.label} begins:</strong> a new sitting, rounds {start.firstRound + 1}–
        {sitting.last + 1}.
      </div>
    );
  }
  if (sitting && round === sitting.last && sitting.index < view.schedule.length - 1) {
    const next = view.schedule[sitting.index + 1];
    return (
      <div className="warn round-warning" role="status" data-testid="sitting-ends">
        <strong>Last round of {sitting.label}:</strong> the sitting ends after this round
        {next ? `; the talks resume at ${next.label}` : ''}.
      </div>
    );
  }
  return null;
}

/** One row of the timeline in words. */
function historyText(view: SeatView, h: SeatView['history'][number]): string {
  const who = h.party ? partyLabel(view, h.party) : '';
  switch (h.type) {
    case 'offer':
      return `${who} offers`;
    case 'accept':
      return `${who} accepts`;
    case 'delegations-agree':
      return 'The delegations agree';
    case 'ratify':
      return `${who}'s principal ${h.approve ? 'ratifies' : 'vetoes'}`;
    case 'end':
      return `${who} walks away`;
    case 'timeout':
      return `${who}'s time ran out: the talks end`;
    case 'lapse':
      return h.passed
        ? `${who}'s time ran out: the last offer stands`
        : `${who}'s time ran out: the turn passes`;
    case 'break':
      return `${h.after} ends; ${h.next} begins`;
    case 'deadline':
      return 'The deadline is reached';
    case 'tally':
      return "The chair's text is voted on";
    default:
      return `${who} (${h.type})`;
  }
}

/** Everything that happened at the table, latest first: offers, acceptances, ratifications, walk-aways, lapses, sittings. */
export function HistoryList({ view }: { view: SeatView }): React.JSX.Element {
  const me = view.you.party.id;
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard to scroll it.
    <section className="offer-list" tabIndex={0} aria-label="What happened, latest first">
      <table>
        <thead>
          <tr>
            <th scope="col">Round</th>
            <th scope="col">What</th>
            <th scope="col">Package</th>
            <th scope="col" className="num">
              Your utility
            </th>
          </tr>
        </thead>
        <tbody data-testid="offer-rows">
          {view.history
            .map((h, position) => ({ h, position }))
            .reverse()
            .map(({ h, position }) => (
              <tr
                key={position}
                className={`${h.party === me ? 'mine' : 'theirs'} row-${h.type}`}
                data-testid={`row-${h.type}`}
              >
                <td>{h.round + 1}</td>
                <td>{historyText(view, h)}</td>
                <td className="pkg">
                  {h.outcome ? view.issues.map((i) => labelOf(i, h.outcome)).join(' · ') : ''}
                </td>
                <td className="num">{h.utilityToYou !== undefined ? fmtU(h.utilityToYou) : ''}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </section>
  );
}

/** The other side's concession as the frequency model estimates it, with its estimated priorities. */
export function OpponentEstimate({ view }: { view: SeatView }): React.JSX.Element | null {
  const est = view.estimates[0];
  if (!est) return null;
  const label = partyLabel(view, est.party);
  const issueLabel = (id: string) => view.issues.find((i) => i.id === id)?.label ?? id;
  const parties = view.others.length + 1;
  return (
    <section className="card estimate" aria-labelledby="t-estimate" data-testid="opponent-estimate">
      <h2 id="t-estimate">{label}'s concession (an estimate)</h2>
      <p className="hint">
        Estimated from {label}'s offers alone by a frequency opponent model (an issue it keeps unchanged is
        taken to matter to it; a value it offers often, to be one it likes). It is a guess, not {label}'s real
        utility: the true curve is in the debrief after the talks.
      </p>
      {est.offers.length === 0 ? (
        <p className="muted">No offers by {label} yet.</p>
      ) : (
        <PlotFigure
          testId="estimate-plot"
          label={`${label}'s estimated utility of its own offers, by round: ${est.offers.map((o) => fmtU(o.utility)).join(', ')}`}
          deps={[est.offers.length, view.step]}
          render={(w) =>
            timelinePlot({
              points: est.offers.map((o) => ({
                time: o.step / parties,
                utility: o.utility,
                side: 'b' as const,
                title: `round ${o.round + 1}: estimated ${fmtU(o.utility)} to ${label}`,
              })),
              reservation: 0,
              deadline: view.rounds,
              yLabel: `estimated utility to ${label}`,
              width: w,
              height: 150,
            })
          }
        />
      )}
      <h3>Estimated priorities of {label}</h3>
      <ol className="weights-legend" data-testid="estimated-priorities">
        {est.priorities.map((p) => (
          <li key={p.issue}>
            <span>{issueLabel(p.issue)}</span>{' '}
            <span className="num">{Math.round(p.weight * 100)}% (est.)</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

type Kind = MessageBody['kind'];

const KINDS: readonly { kind: Kind; label: string; issue?: boolean }[] = [
  { kind: 'priority', label: '… matters most to me', issue: true },
  { kind: 'ask-priority', label: 'What matters most to you?' },
  { kind: 'ask-red-line', label: 'Is … a deal-breaker for you?', issue: true },
  { kind: 'red-line', label: '… is a red line for me', issue: true },
  { kind: 'no-red-line', label: '… is not a red line for me', issue: true },
  { kind: 'justify', label: 'Justify my offer' },
  { kind: 'decline', label: "I'd rather not say" },
];

const REASONS = [
  { reason: 'concession', label: 'I have made a real concession' },
  { reason: 'fair', label: 'It splits the difference fairly' },
  { reason: 'principal', label: 'My principal needs this' },
  { reason: 'deadline', label: 'Time is short' },
] as const;

/** Messages beside offers: the conversation so far and a structured composer (free text between people). */
export function Messages(props: {
  view: SeatView;
  token: string | null;
  adopt(v: SeatView): void;
}): React.JSX.Element {
  const { view } = props;
  const [kind, setKind] = useState<Kind>('ask-priority');
  const [issue, setIssue] = useState(view.issues[0]?.id ?? '');
  const [reason, setReason] = useState<(typeof REASONS)[number]['reason']>('concession');
  const [text, setText] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const over = view.status !== 'running' && view.status !== 'ratifying';
  const kinds = view.freeText ? [...KINDS, { kind: 'text' as Kind, label: 'Free text' }] : KINDS;
  const needsIssue = KINDS.find((k) => k.kind === kind)?.issue === true;
  const body = (): MessageBody =>
    kind === 'text'
      ? { kind, text }
      : kind === 'justify'
        ? { kind, reason }
        : needsIssue
          ? ({ kind, issue } as MessageBody)
          : ({ kind } as MessageBody);
  const send = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!props.token) return;
    setBusy(true);
    try {
      props.adopt(await sendMessage(view.sessionId, props.token, body()));
      setError(null);
      setText('');
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };
  const policy = view.others.find((o) => o.answers)?.answers;
  return (
    <section className="card messages" aria-labelledby="t-messages" data-testid="messages">
      <h2 id="t-messages">Talk</h2>
      {policy && (
        <p className="hint" data-testid="answer-policy">
          The software across the table answers questions{' '}
          {policy === 'honest'
            ? 'honestly'
            : policy === 'silent'
              ? 'never (it stays silent)'
              : 'strategically: it tells only what it expects to help it'}
          . What people say is theirs to say, true or not.
        </p>
      )}
      <ol className="message-list" aria-live="polite" data-testid="message-list">
        {view.messages.map((m) => (
          <li key={m.seq} className={m.party === view.you.party.id ? 'mine' : 'theirs'}>
            <strong>{m.party === view.you.party.id ? 'You' : partyLabel(view, m.party)}:</strong> {m.text}
          </li>
        ))}
      </ol>
      {error && <ErrorBox error={error} onDismiss={() => setError(null)} />}
      {!over && (
        <form onSubmit={send} className="message-form">
          <label>
            Say
            <select value={kind} onChange={(e) => setKind(e.target.value as Kind)} data-testid="message-kind">
              {kinds.map((k) => (
                <option key={k.kind} value={k.kind}>
                  {k.label}
                </option>
              ))}
            </select>
          </label>
          {needsIssue && (
            <label>
              Issue
              <select value={issue} onChange={(e) => setIssue(e.target.value)} data-testid="message-issue">
                {view.issues.map((i) => (
                  <option key={i.id} value={i.id}>
                    {i.label}
                  </option>
                ))}
              </select>
            </label>
          )}
          {kind === 'justify' && (
            <label>
              Because
              <select value={reason} onChange={(e) => setReason(e.target.value as typeof reason)}>
                {REASONS.map((r) => (
                  <option key={r.reason} value={r.reason}>
                    {r.label}
                  </option>
                ))}
              </select>
            </label>
          )}
          {kind === 'text' && (
            <label>
              Message
              <input
                type="text"
                maxLength={500}
                value={text}
                onChange={(e) => setText(e.target.value)}
                data-testid="message-text"
              />
            </label>
          )}
          <button
            type="submit"
            className="secondary"
            disabled={busy || (kind === 'text' && text.trim() === '')}
            data-testid="send-message"
          >
            Send
          </button>
        </form>
      )}
    </section>
  );
}

/** The improvement proposed after the deal: the package, what it is worth to you, Accept and Decline. */
export function ImprovementPanel(props: {
  view: SeatView;
  token: string | null;
  adopt(v: SeatView): void;
}): React.JSX.Element | null {
  const { view } = props;
  const imp = view.improvement;
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  if (!imp) return null;
  const me = view.you.party.id;
  const mine = imp.decisions[me];
  const deal =
    view.result?.before ??
    (view.result ? { agreement: view.result.agreement, utilityToYou: view.result.utilityToYou } : null);
  const answer = async (accept: boolean) => {
    if (!props.token) return;
    setBusy(true);
    try {
      props.adopt(await answerImprovement(view.sessionId, props.token, accept));
      setError(null);
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card improvement" aria-labelledby="t-improve" data-testid="improvement">
      <h2 id="t-improve">Improve the deal together</h2>
      <p>
        There is a package better for every side than the deal you made, which every principal would ratify.
        It is worth <strong data-testid="improvement-utility">{fmtU(imp.utilityToYou)}</strong> to you,
        against {fmtU(deal?.utilityToYou)} for the deal. It replaces the deal only if every side accepts it.
      </p>
      <p className="hint">How it was chosen: {imp.rule}.</p>
      <PackageTable
        issues={view.issues}
        testId="improvement-table"
        columns={[
          { title: 'The deal', outcome: deal?.agreement ?? null },
          { title: 'Improved', outcome: imp.outcome },
        ]}
      />
      <ul className="decisions">
        {Object.entries(imp.decisions).map(([party, d]) => (
          <li key={party}>
            {party === me ? 'You' : partyLabel(view, party)}:{' '}
            {d === null ? 'deciding…' : d ? 'accepts' : 'declines'}
          </li>
        ))}
      </ul>
      <p role="status" data-testid="improvement-status">
        {imp.status === 'adopted'
          ? 'Every side accepted: the improved package is now the deal.'
          : imp.status === 'declined'
            ? 'A side declined: the deal stands as it was made.'
            : mine === null
              ? 'Do you accept it?'
              : 'Waiting for the other side to answer.'}
      </p>
      {error && <ErrorBox error={error} onDismiss={() => setError(null)} />}
      {imp.status === 'open' && mine === null && (
        <div className="actions">
          <button
            type="button"
            className="accept"
            disabled={busy}
            onClick={() => void answer(true)}
            data-testid="improvement-accept"
          >
            Accept the improvement
          </button>
          <button
            type="button"
            className="link"
            disabled={busy}
            onClick={() => void answer(false)}
            data-testid="improvement-decline"
          >
            Keep the deal as it is
          </button>
        </div>
      )}
    </section>
  );
}
