/**
 * The debrief, once the talks are over: where the result sits in the utility space (every
 * possible package, the Pareto frontier, the Nash and Kalai–Smorodinsky points, both reservation
 * values, both sides' offer trajectories, the agreement), the agreement beside the Nash package,
 * and "what you left on the table": the frontier package best for you among those the other side
 * would also have preferred to what it got.
 */
import { useEffect, useState } from 'react';
import { type ApiError, asApiError, fetchDebrief } from './api.ts';
import { ErrorBox, PackageTable, StatusBadge } from './components.tsx';
import { fmtU } from './model.ts';
import { COLORS, PlotFigure, timelinePlot, utilitySpacePlot, type XY } from './plots.tsx';
import { Ratification } from './table.tsx';
import type { Debrief as DebriefData, DebriefPoint, SeatView } from './types.ts';

/** Loads a debrief (for a seat: only once the talks are over). */
export function useDebrief(sessionId: string, token: string | null, ready: boolean) {
  const [debrief, setDebrief] = useState<DebriefData | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    if (!token || !ready) return;
    let live = true;
    fetchDebrief(sessionId, token).then(
      (d) => live && setDebrief(d),
      (e: unknown) => live && setError(asApiError(e)),
    );
    return () => {
      live = false;
    };
  }, [sessionId, token, ready]);
  return { debrief, error };
}

/** Points of a debrief in a two-party utility space. */
export function debriefSpace(d: DebriefData, xParty: string, yParty: string) {
  const xs = d.outcomes.utilities[xParty] ?? [];
  const ys = d.outcomes.utilities[yParty] ?? [];
  const outcomes: XY[] = xs.map((x, k) => ({ x, y: ys[k] ?? 0 }));
  const pt = (p: DebriefPoint | null): XY | null =>
    p ? { x: p.utilities[xParty] ?? 0, y: p.utilities[yParty] ?? 0 } : null;
  const traj = (party: string): XY[] =>
    (d.trajectories[party] ?? []).map((s) => ({
      x: s.utilities[xParty] ?? 0,
      y: s.utilities[yParty] ?? 0,
      title: `step ${s.step}`,
    }));
  return {
    outcomes,
    frontier: d.frontier.map((p) => pt(p) as XY),
    nash: pt(d.nash),
    kalai: pt(d.kalai),
    reservation: { x: d.reservationValues[xParty] ?? 0, y: d.reservationValues[yParty] ?? 0 },
    trajectoryA: traj(xParty),
    trajectoryB: traj(yParty),
    agreement: pt(d.agreement),
  };
}

/** The legend of the utility-space chart, drawn in HTML from the same colours as the marks. */
export function SpaceLegend(props: { a: string; b: string; left?: boolean }): React.JSX.Element {
  const item = (swatch: React.ReactNode, text: string) => (
    <li>
      {swatch}
      {text}
    </li>
  );
  return (
    <ul className="space-legend" aria-label="Legend">
      {item(<span className="dot" style={{ background: COLORS.outcomes }} />, 'a possible package')}
      {item(<span className="line" style={{ background: COLORS.frontier }} />, 'Pareto frontier')}
      {item(<span className="diamond" style={{ background: COLORS.nash }} />, 'Nash point')}
      {item(<span className="square" style={{ background: COLORS.kalai }} />, 'Kalai point')}
      {item(<span className="ring" style={{ borderColor: COLORS.a }} />, props.a)}
      {item(<span className="ring" style={{ borderColor: COLORS.b }} />, props.b)}
      {item(<span className="star">★</span>, 'agreement')}
      {props.left && item(<span className="tri">▲</span>, 'what you left on the table')}
      {item(<span className="dash" />, 'no-deal values')}
    </ul>
  );
}

/** The utility-space chart in words (the tables beside it list the packages themselves). */
export function spaceSummary(d: DebriefData, me: string, other: string, otherLabel: string): string {
  const at = (p: DebriefPoint | null) =>
    p ? `${fmtU(p.utilities[me])} to you and ${fmtU(p.utilities[other])} to ${otherLabel}` : null;
  const parts = [
    `${d.outcomes.count.toLocaleString('en')} possible packages, ${d.frontier.length} of them on the Pareto frontier (no package beats them for both sides).`,
    d.agreement
      ? `The agreement gives ${at(d.agreement)}.`
      : `No deal: ${fmtU(d.reservationValues[me])} to you and ${fmtU(d.reservationValues[other])} to ${otherLabel}.`,
    d.nash ? `The Nash point gives ${at(d.nash)}.` : '',
    d.kalai ? `The Kalai point gives ${at(d.kalai)}.` : '',
    d.leftOnTable ? `What you left on the table gives ${at(d.leftOnTable)}.` : '',
  ];
  return parts.filter(Boolean).join(' ');
}

/** The debrief page of a seat. */
export function Debrief(props: { view: SeatView; token: string | null }): React.JSX.Element {
  const { view } = props;
  const me = view.you.party.id;
  const other = view.others[0];
  const { debrief, error } = useDebrief(view.sessionId, props.token, true);
  if (error) return <ErrorBox error={error} />;
  if (!debrief || !other) return <p className="muted">Loading the debrief…</p>;
  const space = debriefSpace(debrief, me, other.id);
  const left = debrief.leftOnTable;
  const mine = (p: DebriefPoint | null) => (p ? p.utilities[me] : undefined);
  const theirs = (p: DebriefPoint | null) => (p ? p.utilities[other.id] : undefined);
  const result = view.result;
  const rv = view.you.reservationValue;
  return (
    <main className="debrief" data-testid="debrief">
      <div className="debrief-head">
        <h1>Debrief</h1>
        <StatusBadge status={view.status} />
      </div>
      <section className="card summary" data-testid="result">
        {debrief.agreement ? (
          <p>
            <strong>Agreement</strong> after {result?.rounds ?? view.round} rounds, worth{' '}
            <strong data-testid="result-utility">{fmtU(mine(debrief.agreement))}</strong> to you (no deal:{' '}
            {fmtU(rv)}) and {fmtU(theirs(debrief.agreement))} to {other.label}.
            {debrief.nash && (
              <>
                {' '}
                The Nash point would give you {fmtU(mine(debrief.nash))} and {other.label}{' '}
                {fmtU(theirs(debrief.nash))}.
              </>
            )}
          </p>
        ) : (
          <p>
            <strong>No deal</strong> ({view.status === 'walked-away' ? 'a side walked away' : view.status}).
            You keep your reservation value, <strong data-testid="result-utility">{fmtU(rv)}</strong>.
            {debrief.nash && (
              <>
                {' '}
                A deal at the Nash point would have given you {fmtU(mine(debrief.nash))} and {other.label}{' '}
                {fmtU(theirs(debrief.nash))}.
              </>
            )}
          </p>
        )}
      </section>
      <div className="debrief-grid">
        <section className="card" aria-labelledby="d-space">
          <h2 id="d-space">The utility space</h2>
          <p className="hint">
            Every possible package{debrief.outcomes.sampled ? ' (a uniform sample)' : ''} by its worth to you
            (across) and to {other.label} (up). Packages that cross a red line are left out.
          </p>
          <PlotFigure
            testId="debrief-plot"
            label="Utility space: possible packages, frontier, Nash and Kalai points, offers and agreement"
            summary={spaceSummary(debrief, me, other.id, other.label)}
            deps={[debrief]}
            render={(w) =>
              utilitySpacePlot({
                ...space,
                xLabel: 'Utility to you',
                yLabel: `Utility to ${other.label}`,
                leftOnTable: left ? { x: left.utilities[me] ?? 0, y: left.utilities[other.id] ?? 0 } : null,
                thresholds: { x: debrief.thresholds[me], y: debrief.thresholds[other.id] },
                before: debrief.agreementBefore
                  ? {
                      x: debrief.agreementBefore.utilities[me] ?? 0,
                      y: debrief.agreementBefore.utilities[other.id] ?? 0,
                    }
                  : null,
                width: Math.min(w, 640),
                height: Math.round(Math.min(w, 640) * 0.8),
              })
            }
          />
          <SpaceLegend a="your offers" b={`offers by ${other.label}`} left={left !== null} />
          {Object.keys(debrief.thresholds).length > 0 && (
            <p className="hint" data-testid="threshold-note">
              Dotted lines: the ratification thresholds of{' '}
              {Object.entries(debrief.thresholds)
                .map(
                  ([id, t]) => `${id === me ? 'your principal' : `${other.label}'s principal`} (${fmtU(t)})`,
                )
                .join(' and ')}
              . A package left of (or below) a dotted line would be vetoed.
            </p>
          )}
          <Explainer />
        </section>
        <div className="col">
          <section className="card left-on-table" aria-labelledby="d-left" data-testid="left-on-table">
            <h2 id="d-left">What you left on the table</h2>
            {left ? (
              <p>
                A package on the frontier that every principal would have ratified would have given you{' '}
                <strong data-testid="left-gain">+{fmtU(left.gainToYou)}</strong> more (
                {fmtU(left.utilities[me])} instead of{' '}
                {fmtU(result?.utilityToYou ?? mine(debrief.agreement) ?? rv)}), and {other.label} would have
                preferred it too ({fmtU(left.utilities[other.id])}). It is marked ▲ on the chart and listed
                below.
              </p>
            ) : (
              <p>
                Nothing: no package that every principal would ratify would have been better for you and
                preferred by {other.label} too.
              </p>
            )}
          </section>
          <section className="card" aria-labelledby="d-compare">
            <h2 id="d-compare">Your result against the benchmarks</h2>
            <PackageTable
              issues={view.issues}
              testId="agreement-table"
              columns={[
                { title: 'Agreement', outcome: debrief.agreement?.outcome ?? null },
                { title: 'Nash', outcome: debrief.nash?.outcome ?? null },
                ...(left ? [{ title: 'Left on table', outcome: left.outcome }] : []),
              ]}
            />
            <table className="scores">
              <thead>
                <tr>
                  <th scope="col" />
                  <th scope="col">You</th>
                  <th scope="col">{other.label}</th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  <th scope="row">Agreement</th>
                  <td>{debrief.agreement ? fmtU(mine(debrief.agreement)) : `no deal (${fmtU(rv)})`}</td>
                  <td>
                    {debrief.agreement
                      ? fmtU(theirs(debrief.agreement))
                      : `no deal (${fmtU(debrief.reservationValues[other.id])})`}
                  </td>
                </tr>
                <tr>
                  <th scope="row">Nash point</th>
                  <td>{fmtU(mine(debrief.nash))}</td>
                  <td>{fmtU(theirs(debrief.nash))}</td>
                </tr>
                <tr>
                  <th scope="row">Kalai point</th>
                  <td>{fmtU(mine(debrief.kalai))}</td>
                  <td>{fmtU(theirs(debrief.kalai))}</td>
                </tr>
                {left && (
                  <tr>
                    <th scope="row">Left on table</th>
                    <td>{fmtU(left.utilities[me])}</td>
                    <td>{fmtU(left.utilities[other.id])}</td>
                  </tr>
                )}
              </tbody>
            </table>
          </section>
          <Ratification view={view} />
          {debrief.improvement && <ImprovedDeal debrief={debrief} view={view} />}
          <TrueConcession debrief={debrief} view={view} />
        </div>
      </div>
    </main>
  );
}

/** The chart's terms in plain words. */
function Explainer(): React.JSX.Element {
  return (
    <dl className="explainer" data-testid="explainer">
      <dt>Pareto frontier</dt>
      <dd>
        The packages nobody can improve on for one side without making it worse for the other. A deal below
        the line left something that both sides could have shared.
      </dd>
      <dt>Nash point</dt>
      <dd>
        The package that makes the product of both sides' gains over no deal largest: a split where neither
        side can gain much more without the other losing proportionally more.
      </dd>
      <dt>Kalai point</dt>
      <dd>
        The package where each side gets the same share of the most it could hope for (above what no deal
        gives it): equal proportional gains.
      </dd>
    </dl>
  );
}

/** The deal before and after the improvement proposed after it. */
function ImprovedDeal(props: { debrief: DebriefData; view: SeatView }): React.JSX.Element {
  const { debrief, view } = props;
  const imp = debrief.improvement as NonNullable<DebriefData['improvement']>;
  const before = debrief.agreementBefore ?? debrief.agreement;
  const me = view.you.party.id;
  const other = view.others[0];
  return (
    <section className="card" aria-labelledby="d-improve" data-testid="improved-deal">
      <h2 id="d-improve">The deal, before and after</h2>
      <p>
        {imp.status === 'adopted'
          ? 'Every side accepted the improvement: it replaced the deal.'
          : imp.status === 'declined'
            ? 'The improvement was declined: the deal stands as it was made.'
            : 'The improvement is still open.'}{' '}
        Rule: {imp.rule}.
      </p>
      <PackageTable
        issues={view.issues}
        testId="before-after-table"
        columns={[
          { title: 'Before', outcome: before?.outcome ?? null },
          { title: 'Improvement', outcome: imp.outcome },
        ]}
      />
      <table className="scores">
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">You</th>
            <th scope="col">{other?.label}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Before</th>
            <td>{fmtU(before?.utilities[me])}</td>
            <td>{fmtU(other ? before?.utilities[other.id] : undefined)}</td>
          </tr>
          <tr>
            <th scope="row">Improvement</th>
            <td>{fmtU(imp.utilities[me])}</td>
            <td>{fmtU(other ? imp.utilities[other.id] : undefined)}</td>
          </tr>
        </tbody>
      </table>
    </section>
  );
}

/** The other side's true concession (its own utility of its offers), beside the estimate made during the talks. */
function TrueConcession(props: { debrief: DebriefData; view: SeatView }): React.JSX.Element | null {
  const { debrief, view } = props;
  const other = view.others[0];
  if (!other) return null;
  const parties = view.others.length + 1;
  const truth = (debrief.trajectories[other.id] ?? []).map((s) => ({
    time: s.step / parties,
    utility: s.utilities[other.id] ?? 0,
    side: 'b' as const,
    title: `true: ${fmtU(s.utilities[other.id])}`,
  }));
  const estimate = (view.estimates.find((e) => e.party === other.id)?.offers ?? []).map((o) => ({
    time: o.step / parties,
    utility: o.utility,
    side: 'a' as const,
    title: `estimated: ${fmtU(o.utility)}`,
  }));
  if (truth.length === 0) return null;
  return (
    <section className="card" aria-labelledby="d-true" data-testid="true-concession">
      <h2 id="d-true">{other.label}'s concession: the truth and the estimate</h2>
      <p className="hint">
        Orange: {other.label}'s own utility of each of its offers, now revealed. Blue: what the frequency
        model estimated during the talks from its offers alone.
      </p>
      <PlotFigure
        testId="true-concession-plot"
        label={`${other.label}'s true utility of its offers: ${truth.map((t) => fmtU(t.utility)).join(', ')}`}
        deps={[debrief]}
        render={(w) =>
          timelinePlot({
            points: [...estimate, ...truth],
            reservation: debrief.reservationValues[other.id] ?? 0,
            deadline: view.rounds,
            yLabel: `utility to ${other.label}`,
            width: w,
            height: 170,
          })
        }
      />
    </section>
  );
}
