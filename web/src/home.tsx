/**
 * Home: choose a scenario (London first), the side you take, and the software opponent, then
 * start, at the scenario's own table or a chair's (mediated); the new seat's token goes into the page's fragment and this tab's sessionStorage, never
 * into a URL the server sees. A second form starts a software-vs-software session for the
 * observer's step-by-step playback.
 */
import { useEffect, useId, useState } from 'react';
import { ApiError, asApiError, createSession, fetchNegotiators, fetchScenarios } from './api.ts';
import { ErrorBox } from './components.tsx';
import { rememberSession, type SharedLink } from './my-sessions.ts';
import { go, hrefOf } from './route.ts';
import { MySessions, ShareLinks } from './share.tsx';
import type { NegotiatorSummary, ScenarioSummary } from './types.ts';

/** Value of the opponent select that leaves the choice to the scenario. */
const SCENARIO_DEFAULT = '';
/** Value of the opponent select for another person at the other seat(s). */
const PERSON = '@person';

/** The chairs a session may seat; '' keeps the scenario's own protocol. */
const TABLES = [
  { value: '', label: "The scenario's own rules" },
  { value: 'hill-climb', label: "A chair's single text: hill-climbing mediator" },
  { value: 'annealing', label: "A chair's single text: annealing mediator" },
  { value: 'frontier', label: "A chair's single text: mediator proposing from the estimated frontier" },
] as const;

/** The create request's protocol fields for a table choice. */
function tableOf(value: string): {
  protocol?: 'mediated';
  mediator?: 'hill-climb' | 'annealing' | 'frontier';
} {
  const t = TABLES.find((x) => x.value === value);
  return t && t.value !== '' ? { protocol: 'mediated', mediator: t.value } : {};
}

/** Chooses the rules of the table: the scenario's own, or a chair who proposes one text at a time. */
function TableSelect(props: {
  id: string;
  value: string;
  onChange(v: string): void;
  testId: string;
}): React.JSX.Element {
  return (
    <div className="field">
      <label htmlFor={props.id}>Table</label>
      <select
        id={props.id}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        data-testid={props.testId}
      >
        {TABLES.map((t) => (
          <option key={t.value} value={t.value}>
            {t.label}
          </option>
        ))}
      </select>
      <span className="hint">
        {props.value === ''
          ? 'As the scenario is written (London: alternating offers).'
          : 'A chair proposes one text at a time; every delegation accepts or rejects it; the last text all accepted stands.'}
      </span>
    </div>
  );
}

function NegotiatorSelect(props: {
  id: string;
  value: string;
  onChange(v: string): void;
  negotiators: readonly NegotiatorSummary[];
  testId: string;
  /** Offer "another person" as a choice (the negotiation form, not the observer's). */
  person?: boolean;
}): React.JSX.Element {
  return (
    <>
      <select
        id={props.id}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        data-testid={props.testId}
        aria-describedby={`${props.id}-desc`}
      >
        <option value={SCENARIO_DEFAULT}>The scenario's own negotiator (recommended)</option>
        {props.person && <option value={PERSON}>Another person (you get a link to send them)</option>}
        {props.negotiators.map((n) => (
          <option key={n.name} value={n.name}>
            {n.name}
          </option>
        ))}
      </select>
      <span className="hint" id={`${props.id}-desc`}>
        {props.value === SCENARIO_DEFAULT
          ? 'The negotiator the scenario gives this party, with its judged parameters.'
          : props.value === PERSON
            ? 'Each other seat gets its own secret link; whoever opens it negotiates for that side.'
            : (props.negotiators.find((n) => n.name === props.value)?.description ?? '')}
      </span>
    </>
  );
}

/** The home page. */
export function Home(): React.JSX.Element {
  const [scenarios, setScenarios] = useState<readonly ScenarioSummary[] | null>(null);
  const [negotiators, setNegotiators] = useState<readonly NegotiatorSummary[]>([]);
  const [scenarioId, setScenarioId] = useState('');
  const [side, setSide] = useState('');
  const [opponent, setOpponent] = useState(SCENARIO_DEFAULT);
  const [watchSpecs, setWatchSpecs] = useState<Record<string, string>>({});
  const [table, setTable] = useState('');
  const [lapse, setLapse] = useState<'pass' | 'end'>('pass');
  const [answers, setAnswers] = useState<'honest' | 'silent' | 'strategic'>('strategic');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  /** After creating a session with people at the other seats: their links, and the way to your seat. */
  const [invite, setInvite] = useState<{
    links: SharedLink[];
    spectator: SharedLink | undefined;
    enter: () => void;
  } | null>(null);
  const ids = useId();

  useEffect(() => {
    fetchScenarios().then(
      (list) => {
        setScenarios(list);
        const first = list[0];
        if (first) {
          setScenarioId(first.id);
          setSide(first.parties[0]?.id ?? '');
        }
      },
      (e: unknown) => setError(asApiError(e)),
    );
    fetchNegotiators().then(setNegotiators, (e: unknown) => setError(asApiError(e)));
  }, []);

  const scenario = scenarios?.find((s) => s.id === scenarioId);

  const chooseScenario = (id: string) => {
    setScenarioId(id);
    setSide(scenarios?.find((s) => s.id === id)?.parties[0]?.id ?? '');
    setWatchSpecs({});
  };

  const start = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!scenario || !side) return;
    setBusy(true);
    setError(null);
    try {
      const seats: Record<
        string,
        { kind: 'human' } | { kind: 'negotiator'; spec?: string; answers?: typeof answers }
      > = {};
      for (const p of scenario.parties) {
        seats[p.id] =
          p.id === side || opponent === PERSON
            ? { kind: 'human' }
            : opponent === SCENARIO_DEFAULT
              ? { kind: 'negotiator', answers }
              : { kind: 'negotiator', spec: opponent, answers };
      }
      const res = await createSession({
        scenario: scenario.id,
        seats,
        lapse,
        spectator: true,
        ...tableOf(table),
      });
      const token = res.seats[side]?.token;
      if (!token)
        throw new ApiError('NO_TOKEN', 'The server created the session but returned no seat token.', 0);
      const seat = { name: 'play', sessionId: res.sessionId, page: 'brief', token } as const;
      const enter = () => go(seat);
      // The other seats' and the spectator's tokens are links to send; the server keeps only their
      // hashes, so this browser keeps the links to show them again (my-sessions.ts).
      const base = `${location.origin}${location.pathname}`;
      const links =
        opponent === PERSON
          ? scenario.parties
              .filter((p) => p.id !== side)
              .map((p) => {
                const t = res.seats[p.id]?.token ?? '';
                return {
                  label: `${p.label}: seat link`,
                  url: `${base}${hrefOf({ name: 'play', sessionId: res.sessionId, page: 'brief', token: t })}`,
                };
              })
          : [];
      const spectator = res.spectatorToken
        ? {
            label: 'Observer link (public information only)',
            url: `${base}${hrefOf({ name: 'watch', sessionId: res.sessionId, token: res.spectatorToken })}`,
          }
        : undefined;
      rememberSession({
        sessionId: res.sessionId,
        scenarioTitle: scenario.title,
        kind: 'seat',
        partyLabel: scenario.parties.find((p) => p.id === side)?.label ?? side,
        href: hrefOf(seat),
        invites: links,
        ...(spectator ? { spectator } : {}),
        at: new Date().toISOString(),
      });
      if (opponent !== PERSON) enter();
      else setInvite({ links, spectator, enter });
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const watch = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!scenario) return;
    setBusy(true);
    setError(null);
    try {
      const seats: Record<string, { kind: 'negotiator'; spec?: string }> = {};
      for (const p of scenario.parties) {
        const spec = watchSpecs[p.id] ?? SCENARIO_DEFAULT;
        seats[p.id] = spec === SCENARIO_DEFAULT ? { kind: 'negotiator' } : { kind: 'negotiator', spec };
      }
      const res = await createSession({ scenario: scenario.id, seats, observer: true, ...tableOf(table) });
      if (!res.observerToken) throw new ApiError('NO_TOKEN', 'The server returned no observer token.', 0);
      const route = { name: 'watch', sessionId: res.sessionId, token: res.observerToken } as const;
      rememberSession({
        sessionId: res.sessionId,
        scenarioTitle: scenario.title,
        kind: 'watch',
        href: hrefOf(route),
        invites: [],
        at: new Date().toISOString(),
      });
      go(route);
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="home" data-testid="home">
      <section className="intro">
        <h1>Take a seat at the table</h1>
        <p>
          Negotiate as one delegation against a software negotiator, or against another person. You see only
          your own side's priorities and red lines; the other side's stay private, as they would in the room.
          When the talks end, the debrief shows every possible deal, the efficient ones, and what you left on
          the table.
        </p>
        <p>
          To model other talks, or change these, open the{' '}
          <a href="#/studio/open" data-testid="studio-link">
            scenario studio
          </a>
          : build a scenario without writing YAML, from blank, from a draft of a news article, from a shipped
          scenario or from GENIUS files, and run it.
        </p>
      </section>
      {error && <ErrorBox error={error} onDismiss={() => setError(null)} />}
      {invite && (
        <section className="card invite" data-testid="invite" aria-live="polite">
          <h2>Send the other delegation its link</h2>
          <p className="hint">
            Each link is that seat's secret: whoever opens it negotiates for that side. This browser keeps the
            links: they are under "Links to invite" on your seat's pages, and your session is listed on this
            page.
          </p>
          <ShareLinks invites={invite.links} spectator={invite.spectator} />
          <button type="button" className="primary" onClick={invite.enter} data-testid="enter">
            Go to your seat
          </button>
        </section>
      )}
      {!invite && <MySessions />}
      {scenarios === null && !error && <p className="muted">Loading scenarios…</p>}
      {scenarios && (
        <div className="home-grid">
          <form className="card" onSubmit={start} aria-labelledby={`${ids}-play`}>
            <h2 id={`${ids}-play`}>Negotiate</h2>
            <fieldset>
              <legend>Scenario</legend>
              <div className="choices">
                {scenarios.map((s) => (
                  <label key={s.id} className={`choice ${s.id === scenarioId ? 'chosen' : ''}`}>
                    <input
                      type="radio"
                      name="scenario"
                      value={s.id}
                      checked={s.id === scenarioId}
                      onChange={() => chooseScenario(s.id)}
                      data-testid={`scenario-${s.id}`}
                    />
                    <span className="choice-title">{s.title}</span>
                    <span className="choice-meta">
                      {s.parties.map((p) => p.label).join(' – ')} · {s.rounds} rounds
                      {s.outcomes !== null ? ` · ${s.outcomes.toLocaleString('en')} possible packages` : ''}
                    </span>
                    {s.description && <span className="choice-desc">{s.description}</span>}
                  </label>
                ))}
              </div>
            </fieldset>
            {scenario && (
              <>
                <fieldset>
                  <legend>Your side</legend>
                  <div className="segmented">
                    {scenario.parties.map((p) => (
                      <label key={p.id} className={p.id === side ? 'on' : ''}>
                        <input
                          type="radio"
                          name="side"
                          value={p.id}
                          checked={p.id === side}
                          onChange={() => setSide(p.id)}
                          data-testid={`side-${p.id}`}
                        />
                        {p.label}
                      </label>
                    ))}
                  </div>
                </fieldset>
                <div className="field">
                  <label htmlFor={`${ids}-opp`}>Opponent</label>
                  <NegotiatorSelect
                    id={`${ids}-opp`}
                    value={opponent}
                    onChange={setOpponent}
                    negotiators={negotiators}
                    testId="opponent"
                    person
                  />
                  <p className="hint">
                    You have {scenario.humanTurnSeconds} seconds per turn.
                    {opponent === PERSON ? '' : ' The software opponent answers at once.'}
                  </p>
                </div>
                <div className="field">
                  <label htmlFor={`${ids}-lapse`}>When a turn's time runs out</label>
                  <select
                    id={`${ids}-lapse`}
                    value={lapse}
                    onChange={(e) => setLapse(e.target.value as 'pass' | 'end')}
                    data-testid="lapse"
                  >
                    <option value="pass">Pass: your last offer stands (recommended)</option>
                    <option value="end">End: the talks end without a deal</option>
                  </select>
                </div>
                {opponent !== PERSON && (
                  <div className="field">
                    <label htmlFor={`${ids}-answers`}>How the software answers questions</label>
                    <select
                      id={`${ids}-answers`}
                      value={answers}
                      onChange={(e) => setAnswers(e.target.value as typeof answers)}
                      data-testid="answers"
                    >
                      <option value="strategic">Strategic: tells only what helps it</option>
                      <option value="honest">Honest: always tells the truth</option>
                      <option value="silent">Silent: never says</option>
                    </select>
                  </div>
                )}
                <TableSelect id={`${ids}-table`} value={table} onChange={setTable} testId="table-rules" />
                <button type="submit" className="primary" disabled={busy || !side} data-testid="start">
                  {busy
                    ? 'Starting…'
                    : `Start as ${scenario.parties.find((p) => p.id === side)?.label ?? '…'}`}
                </button>
              </>
            )}
          </form>
          {scenario && (
            <form className="card" onSubmit={watch} aria-labelledby={`${ids}-watch`}>
              <h2 id={`${ids}-watch`}>Watch software negotiate</h2>
              <p className="hint">
                Runs {scenario.title.split(',')[0]} between two software negotiators and plays it back step by
                step, with both sides' utilities.
              </p>
              {scenario.parties.map((p) => (
                <div className="field" key={p.id}>
                  <label htmlFor={`${ids}-w-${p.id}`}>{p.label}</label>
                  <NegotiatorSelect
                    id={`${ids}-w-${p.id}`}
                    value={watchSpecs[p.id] ?? SCENARIO_DEFAULT}
                    onChange={(v) => setWatchSpecs((w) => ({ ...w, [p.id]: v }))}
                    negotiators={negotiators}
                    testId={`watch-${p.id}`}
                  />
                </div>
              ))}
              <TableSelect
                id={`${ids}-wtable`}
                value={table}
                onChange={setTable}
                testId="watch-table-rules"
              />
              <button type="submit" className="secondary" disabled={busy} data-testid="watch">
                Run and watch
              </button>
            </form>
          )}
        </div>
      )}
    </main>
  );
}
