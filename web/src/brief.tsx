/**
 * The brief: what a delegation knows before it sits down. The issues and their values with how
 * much each value is worth to you, your priorities (the issue weights as one bar), your linked
 * terms, your red lines, your reservation value (what no deal is worth), your principal and the
 * threshold below which they veto, the deadline and the sittings, and who sits across the table.
 */
import type { UtilityFunction } from '../../src/model/utility.ts';
import { sittingTime } from './brief-time.ts';
import { fmtU, valueScore } from './model.ts';
import { BriefClock } from './talk.tsx';
import type { SeatView } from './types.ts';

const PALETTE = ['#1d5fbf', '#2f855a', '#b7791f', '#7b3fb5', '#c53030', '#2c7a7b', '#975a16', '#553c9a'];

/** The brief page. */
export function Brief(props: {
  view: SeatView;
  utility: UtilityFunction | null;
  onTable(): void;
}): React.JSX.Element {
  const { view, utility } = props;
  const you = view.you;
  const issueById = new Map(view.issues.map((i, k) => [i.id, { issue: i, index: k }]));
  // Who opens comes from the protocol (the turn order), not from whose turn it is now.
  const first = view.firstMover;
  const principal = you.party.principal;

  return (
    <main className="brief" data-testid="brief">
      <div className="brief-head">
        <div>
          <h1>Your brief: {you.party.label}</h1>
          {view.scenario.description && <p className="lede">{view.scenario.description}</p>}
        </div>
        <button type="button" className="primary" onClick={props.onTable} data-testid="to-table">
          Go to the table →
        </button>
      </div>

      <div className="brief-grid">
        <section className="card" aria-labelledby="b-prio">
          <h2 id="b-prio">Your priorities</h2>
          <p className="hint">How much each issue weighs in your utility (weights sum to 1).</p>
          {/* The bar repeats the list below for the eye; screen readers get the list. */}
          <div className="weights-bar" data-testid="priorities" aria-hidden="true">
            {you.priorities.map((p, k) => {
              const label = issueById.get(p.issue)?.issue.label ?? p.issue;
              return (
                <div
                  key={p.issue}
                  className="weight-seg"
                  style={{ flexGrow: p.weight, background: PALETTE[k % PALETTE.length] }}
                  title={`${label}: ${Math.round(p.weight * 100)}%`}
                />
              );
            })}
          </div>
          <ol className="weights-legend">
            {you.priorities.map((p, k) => (
              <li key={p.issue}>
                <span className="swatch" style={{ background: PALETTE[k % PALETTE.length] }} />
                <span>{issueById.get(p.issue)?.issue.label ?? p.issue}</span>
                <span className="num">{Math.round(p.weight * 100)}%</span>
              </li>
            ))}
          </ol>
        </section>

        <section className="card" aria-labelledby="b-lines">
          <h2 id="b-lines">Your limits</h2>
          <dl className="facts">
            <dt>Reservation value</dt>
            <dd data-testid="reservation-value">
              <strong>{fmtU(you.reservationValue)}</strong>: what no deal is worth to you. A deal below it
              leaves you worse off than walking away.
            </dd>
            {principal && (
              <>
                <dt>Principal</dt>
                <dd data-testid="principal">
                  {principalName(principal)} must ratify any deal, and vetoes one worth less than{' '}
                  <strong>{fmtU(principal.ratificationThreshold)}</strong> to them.
                </dd>
              </>
            )}
            <dt>Red lines</dt>
            <dd>
              {you.redLines.length === 0 ? (
                'None.'
              ) : (
                <ul className="redlines" data-testid="red-lines">
                  {you.redLines.map((r) => (
                    <li key={r.id}>
                      <strong>{r.label}</strong>
                      <br />
                      <span className="muted">{r.text}</span>
                    </li>
                  ))}
                </ul>
              )}
            </dd>
            {view.you.discountFactor < 1 && (
              <>
                <dt>Cost of delay</dt>
                <dd>
                  Discount factor {view.you.discountFactor}: a deal is worth less the later it comes (u·d^t).
                </dd>
              </>
            )}
          </dl>
        </section>

        <section className="card" aria-labelledby="b-clock">
          <h2 id="b-clock">Deadline and schedule</h2>
          <p>
            <strong>{view.rounds} rounds</strong> in all; a round is one move by each side.{' '}
            <span data-testid="first-mover">
              {first === null
                ? 'The chair opens each round with a text.'
                : first === you.party.id
                  ? 'You move first.'
                  : `${partyLabel(view, first)} moves first.`}
            </span>
          </p>
          <BriefClock view={view} />
          <table className="schedule" data-testid="schedule">
            <thead>
              <tr>
                <th scope="col">Sitting</th>
                <th scope="col">Time</th>
                <th scope="col">Rounds</th>
              </tr>
            </thead>
            <tbody>
              {view.schedule.map((s) => (
                <tr key={s.label}>
                  <td>{s.label}</td>
                  <td>{sittingTime(s.start, s.end)}</td>
                  <td>
                    {s.firstRound + 1}–{s.firstRound + s.rounds}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>Across the table</h3>
          {view.others.map((o) => (
            <p key={o.id}>
              <strong>{o.label}</strong>: {delegationText(o.delegation)}
              {o.principal ? `; answers to ${principalName(o.principal)}` : ''}.
            </p>
          ))}
          <h3>Your delegation</h3>
          <p>{delegationText(you.party.delegation)}</p>
        </section>
      </div>

      <section className="card" aria-labelledby="b-issues">
        <h2 id="b-issues">The issues, and what each value is worth to you</h2>
        <p className="hint">
          Bars show each value's score on its issue (0 to 1); the issue's weight turns it into utility.
        </p>
        <div className="issues-grid" data-testid="issues">
          {view.issues.map((issue, i) => {
            const w = utility?.weights[i];
            return (
              <div className="issue" key={issue.id} data-testid={`brief-issue-${issue.id}`}>
                <h3>
                  {issue.label}
                  {w !== undefined && <span className="weight-tag">weight {Math.round(w * 100)}%</span>}
                </h3>
                {issue.kind === 'discrete' ? (
                  <ul className="values">
                    {(issue.values ?? []).map((v, d) => {
                      const ev = utility ? valueScore(utility, i, d) : null;
                      const crossing = utility?.redLines.some(
                        (r) =>
                          r.kind === 'forbid' &&
                          r.conditions.length === 1 &&
                          r.conditions[0]?.issue === i &&
                          r.conditions[0]?.values?.includes(d),
                      );
                      return (
                        <li key={v.id} title={v.description}>
                          <span className="value-label">
                            {v.label}
                            {crossing && <span className="redline-tag">red line</span>}
                          </span>
                          <span className="value-bar" aria-hidden="true">
                            <span style={{ width: `${Math.max(0, Math.min(1, ev ?? 0)) * 100}%` }} />
                          </span>
                          <span className="num">{ev === null ? '' : fmtU(ev)}</span>
                        </li>
                      );
                    })}
                  </ul>
                ) : (
                  <p>
                    A number from {issue.min} to {issue.max}.
                  </p>
                )}
              </div>
            );
          })}
        </div>
        {utility && utility.regions.length > 0 && (
          <>
            <h3>Linked terms</h3>
            <p className="hint">Added to your utility when a package falls in the stated case.</p>
            <ul className="linkage" data-testid="linkage">
              {utility.regions.map((r, k) => (
                <li key={r.label ?? k}>
                  <span className={r.value < 0 ? 'neg num' : 'pos num'}>
                    {r.value > 0 ? '+' : ''}
                    {r.value.toFixed(2)}
                  </span>{' '}
                  {r.label ?? 'Linked term'}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </main>
  );
}

/** A party's label by id. */
export function partyLabel(view: SeatView, id: string): string {
  if (view.you.party.id === id) return view.you.party.label;
  return view.others.find((o) => o.id === id)?.label ?? id;
}

/** A principal as people name them, e.g. "President Donald Trump". */
export function principalName(p: { name: string; title?: string }): string {
  return p.title ? `${p.title} ${p.name}` : p.name;
}

/** A delegation's members with their roles, the lead marked. */
function delegationText(members: readonly { name: string; role: string; lead?: boolean }[]): string {
  return members.map((m) => `${m.name} (${m.role}${m.lead ? ', lead' : ''})`).join(', ');
}
