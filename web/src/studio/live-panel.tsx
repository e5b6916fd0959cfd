/**
 * The studio's live panel: the document's problems (each a button to its field), the analysis
 * recomputed in the browser as the document changes (outcomes, zone of agreement, frontier plot,
 * Nash point), and the buttons that run and forecast the document on the server, with their
 * results. A run is drawn on the frontier plot while the document stays as it was run.
 */
import { useEffect, useId, useState } from 'react';
import type { Problem } from '../../../src/errors.ts';
import { type ApiError, asApiError } from '../api.ts';
import { ErrorBox } from '../components.tsx';
import { PlotFigure, utilitySpacePlot, type XY } from '../plots.tsx';
import type { LiveAnalysis, LivePoint } from './analysis.ts';
import { asList, asRecord, type Doc, issuesOf, str } from './doc.ts';
import { useStudio } from './fields.tsx';
import {
  forecastDocument,
  type StudioForecastResponse,
  type StudioSimulateResponse,
  simulateDocument,
} from './studio-api.ts';

const fmt = (x: number | null | undefined, digits = 2) =>
  x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits);
const count = (n: number) => (Number.isFinite(n) ? n.toLocaleString('en') : 'infinitely many');
const pct = (p: number) => `${(p * 100).toFixed(1)}%`;

/** A package in words: `issue label: value label` per issue. */
function packageText(doc: Doc, outcome: Readonly<Record<string, string | number>>): string {
  return issuesOf(doc)
    .map((issue) => {
      const v = outcome[str(issue.id)];
      const label =
        issue.type === 'discrete'
          ? str(
              asList(issue.values)
                .map(asRecord)
                .find((x) => x?.id === v)?.label,
            ) || str(v)
          : str(v);
      return `${str(issue.label) || str(issue.id)}: ${label}`;
    })
    .join('; ');
}

export function ProblemsBox(): React.JSX.Element {
  const { checked, goTo, state } = useStudio();
  const n = checked.problems.length;
  const open = asList(state.doc.todos).filter((t) => asRecord(t)?.done !== true).length;
  const draft = state.doc.status === 'draft';
  return (
    <section className="card st-live" aria-labelledby="st-problems-h" data-testid="problems">
      <h2 id="st-problems-h">
        {n === 0 ? (
          <span className="st-ok" data-testid="problem-count">
            No problems: lancaster validate accepts it
          </span>
        ) : (
          <span className="st-bad" data-testid="problem-count">
            {n} problem{n === 1 ? '' : 's'}
          </span>
        )}
      </h2>
      {draft && (
        <p className="hint" data-testid="draft-note">
          A draft with {open} open todo{open === 1 ? '' : 's'}: it cannot run until the checklist is done and
          the draft mark is cleared.
        </p>
      )}
      {n > 0 && (
        <ul className="st-problem-list" aria-live="polite">
          {checked.problems.slice(0, 30).map((p: Problem) => (
            <li key={`${p.path}|${p.code}|${p.message}`}>
              <button
                type="button"
                className="link"
                onClick={() => goTo(p.path ?? '')}
                data-testid="problem-link"
              >
                {p.path || 'the scenario'}
              </button>
              : {p.message}
              {p.expected ? <span className="muted"> (expected {p.expected})</span> : null}
            </li>
          ))}
          {n > 30 && <li className="muted">… and {n - 30} more</li>}
        </ul>
      )}
    </section>
  );
}

/** The utility space of two parties: outcomes, frontier, Nash and Kalai, and a run when there is one. */
function FrontierPlot(props: {
  analysis: Extract<LiveAnalysis, { ok: true }>;
  run: StudioSimulateResponse | null;
}): React.JSX.Element {
  const a = props.analysis;
  const ids = useId();
  const [axes, setAxes] = useState<[number, number]>([0, 1]);
  const [x, y] = [Math.min(axes[0], a.parties.length - 1), Math.min(axes[1], a.parties.length - 1)];
  const xy = (p: LivePoint | null): XY | null =>
    p ? { x: p.utilities[x] as number, y: p.utilities[y] as number } : null;
  const outcomes: XY[] = [];
  const ux = a.points.utils[x] ?? [];
  const uy = a.points.utils[y] ?? [];
  ux.forEach((v, k) => {
    if (a.points.feasible[k]) outcomes.push({ x: v, y: uy[k] as number });
  });
  const frontier = a.frontier.map((p) => xy(p) as XY);
  const run = props.run;
  const partyIds = a.parties.map((p) => p.id);
  const sameParties = run !== null && run.parties.map((p) => p.id).join() === partyIds.join();
  const offersOf = (id: string | undefined) =>
    sameParties && run
      ? run.offers
          .filter((o) => o.party === id)
          .map((o) => ({ x: o.utilities[x] as number, y: o.utilities[y] as number }))
      : [];
  const agreement =
    sameParties && run?.agreement
      ? { x: run.parties[x]?.utility as number, y: run.parties[y]?.utility as number }
      : null;
  const label = (k: number) => a.parties[k]?.label ?? a.parties[k]?.id ?? '';
  const deps = [a, run, x, y];
  return (
    <>
      {a.parties.length > 2 && (
        <div className="st-grid2">
          {(['Across', 'Up'] as const).map((dir, k) => (
            <div className="st-field" key={dir}>
              <label htmlFor={`${ids}-${dir}`}>{dir}: utility of</label>
              <select
                id={`${ids}-${dir}`}
                value={axes[k]}
                onChange={(e) =>
                  setAxes((c) => (k === 0 ? [Number(e.target.value), c[1]] : [c[0], Number(e.target.value)]))
                }
              >
                {a.parties.map((p, j) => (
                  <option key={p.id} value={j}>
                    {p.label}
                  </option>
                ))}
              </select>
            </div>
          ))}
        </div>
      )}
      <PlotFigure
        testId="frontier-plot"
        label={`Utility space: every feasible package by its utility to ${label(x)} (across) and ${label(y)} (up), the Pareto frontier${a.nash ? ', the Nash point' : ''}${agreement ? ' and the last run' : ''}`}
        deps={deps}
        render={(width) =>
          utilitySpacePlot({
            xLabel: label(x),
            yLabel: label(y),
            outcomes,
            frontier,
            nash: xy(a.nash),
            kalai: xy(a.kalai),
            reservation: { x: a.parties[x]?.reservationValue ?? 0, y: a.parties[y]?.reservationValue ?? 0 },
            trajectoryA: offersOf(partyIds[x]),
            trajectoryB: offersOf(partyIds[y]),
            agreement,
            width,
            height: Math.min(420, Math.max(240, Math.round(width * 0.8))),
          })
        }
      />
    </>
  );
}

export function AnalysisBox(props: {
  analysis: LiveAnalysis | null;
  computing: boolean;
  run: StudioSimulateResponse | null;
}): React.JSX.Element {
  const { state } = useStudio();
  const a = props.analysis;
  return (
    <section
      className="card st-live"
      aria-labelledby="st-analysis-h"
      data-testid="analysis"
      aria-busy={props.computing}
    >
      <h2 id="st-analysis-h">
        Deals{' '}
        <span className="muted st-computing" aria-live="polite">
          {props.computing ? '(updating…)' : ''}
        </span>
      </h2>
      {!a && <p className="muted">Computing…</p>}
      {a && !a.ok && (
        <p className="muted" data-testid="analysis-waiting">
          No analysis while the scenario has problems ({a.reason}).
        </p>
      )}
      {a?.ok && (
        <>
          <dl className="st-facts">
            <dt>Packages</dt>
            <dd data-testid="outcome-count">{count(a.outcomes)}</dd>
            <dt>Crossing no red line</dt>
            <dd data-testid="feasible-count">
              {count(a.feasible)}
              {a.sampleSize !== undefined ? ` of a sample of ${count(a.sampleSize)}` : ''}
            </dd>
            <dt>Zone of agreement</dt>
            <dd data-testid="zopa-count">
              {count(a.individuallyRational)} package{a.individuallyRational === 1 ? '' : 's'} every party
              prefers to no deal
            </dd>
            <dt>Pareto frontier</dt>
            <dd data-testid="frontier-size">
              {a.frontierSize} point{a.frontierSize === 1 ? '' : 's'}
              {a.approximate ? ' (approximate: found by search)' : ''}
            </dd>
            <dt>Nash point</dt>
            <dd data-testid="nash">
              {a.nash
                ? `${a.parties.map((p, k) => `${p.label} ${fmt(a.nash?.utilities[k])}`).join(', ')}: ${packageText(state.doc, a.nash.outcome)}`
                : 'none: no package is better than no deal for every party'}
            </dd>
          </dl>
          <FrontierPlot analysis={a} run={props.run} />
          <p className="hint">
            {a.sampled ? 'Dots: a sample of the packages. ' : 'Dots: every package crossing no red line. '}
            Line: the Pareto frontier; diamond: Nash; square: Kalai–Smorodinsky; dashed: no deal; star: the
            last run's agreement. Computed in this browser in {Math.round(a.ms)} ms ({a.method}).
          </p>
        </>
      )}
    </section>
  );
}

function ErrorDetails(props: { error: ApiError }): React.JSX.Element {
  const { goTo } = useStudio();
  return (
    <>
      <ErrorBox error={props.error} />
      {props.error.problems.length > 0 && (
        <ul className="st-problem-list" data-testid="run-problems">
          {props.error.problems.slice(0, 20).map((p) => (
            <li key={`${p.path}|${p.message}`}>
              {p.path ? (
                <button type="button" className="link" onClick={() => goTo(p.path ?? '')}>
                  {p.path}
                </button>
              ) : null}
              {p.path ? ': ' : ''}
              {p.message}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function RunBox(props: {
  run: StudioSimulateResponse | null;
  onRun: (r: StudioSimulateResponse | null) => void;
}): React.JSX.Element {
  const { state } = useStudio();
  const ids = useId();
  const [seed, setSeed] = useState('1');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [forecast, setForecast] = useState<StudioForecastResponse | null>(null);
  const [runs, setRuns] = useState('500');
  const [sensitivity, setSensitivity] = useState(true);
  // Results belong to the document they were computed for.
  const [ranVersion, setRanVersion] = useState(-1);
  const stale = ranVersion !== state.version;
  // biome-ignore lint/correctness/useExhaustiveDependencies: an edit clears the last refusal
  useEffect(() => setError(null), [state.version]);
  const seedNumber = Number(seed);
  const validSeed = Number.isInteger(seedNumber) && seedNumber >= 0 && seedNumber <= 0xffffffff;
  const go = async (what: 'simulate' | 'forecast') => {
    setBusy(true);
    setError(null);
    try {
      const version = state.version;
      if (what === 'simulate') {
        props.onRun(await simulateDocument({ scenario: state.doc, seed: seedNumber }));
      } else {
        setForecast(
          await forecastDocument({
            scenario: state.doc,
            seed: seedNumber,
            runs: Number(runs) || 500,
            sensitivity,
          }),
        );
      }
      setRanVersion(version);
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };
  const run = props.run;
  return (
    <section className="card st-live" aria-labelledby="st-run-h" data-testid="run">
      <h2 id="st-run-h">Run it</h2>
      <p className="hint">
        On the server, as <code>lancaster simulate</code> and <code>lancaster forecast</code> run the saved
        file.
      </p>
      <div className="st-grid2">
        <div className="st-field">
          <label htmlFor={`${ids}-seed`}>Seed</label>
          <input
            id={`${ids}-seed`}
            type="text"
            inputMode="numeric"
            value={seed}
            onChange={(e) => setSeed(e.target.value)}
            aria-invalid={!validSeed || undefined}
          />
        </div>
        <div className="st-field">
          <label htmlFor={`${ids}-runs`}>Forecast runs</label>
          <input
            id={`${ids}-runs`}
            type="text"
            inputMode="numeric"
            value={runs}
            onChange={(e) => setRuns(e.target.value)}
          />
        </div>
      </div>
      <label className="st-check">
        <input type="checkbox" checked={sensitivity} onChange={(e) => setSensitivity(e.target.checked)} />
        Forecast which assumptions matter most (sensitivity)
      </label>
      <div className="actions st-wrap">
        <button
          type="button"
          className="primary"
          disabled={busy || !validSeed}
          onClick={() => void go('simulate')}
          data-testid="simulate"
        >
          {busy ? 'Working…' : 'Simulate one run'}
        </button>
        <button
          type="button"
          className="secondary"
          disabled={busy || !validSeed}
          onClick={() => void go('forecast')}
          data-testid="forecast"
        >
          Forecast
        </button>
      </div>
      {error && <ErrorDetails error={error} />}
      {run && (
        <div className="st-result" data-testid="run-result">
          <h3>
            One run, seed {run.seed}
            {stale ? <span className="muted"> (before your last edits)</span> : null}
          </h3>
          <p data-testid="run-status">
            <strong>{run.agreement ? 'Agreement' : `No agreement (${run.status})`}</strong> after {run.rounds}{' '}
            round
            {run.rounds === 1 ? '' : 's'}
            {run.error ? `: ${run.error}` : ''}.
          </p>
          {run.agreement && <p>{packageText(state.doc, run.agreement)}</p>}
          <ul className="st-plain">
            {run.parties.map((p) => (
              <li key={p.id}>
                {p.label}: {fmt(p.utility)} (no deal {fmt(p.reservationValue)}) with {run.negotiators[p.id]}
              </li>
            ))}
          </ul>
          <p className="hint">
            Distance to the frontier {fmt(run.metrics.distanceToFrontier, 3)}, to Nash{' '}
            {fmt(run.metrics.distanceToNash, 3)}
            {run.metrics.paretoOptimal ? '; Pareto-optimal' : ''}; {run.offers.length} offers.
          </p>
        </div>
      )}
      {forecast && (
        <div className="st-result" data-testid="forecast-result">
          <h3>
            Forecast, {forecast.runs.toLocaleString('en')} runs
            {stale ? <span className="muted"> (before your last edits)</span> : null}
          </h3>
          <p>
            Agreement in <strong>{pct(forecast.agreement.probability)}</strong> of runs (95% interval{' '}
            {pct(forecast.agreement.ci95.low)}–{pct(forecast.agreement.ci95.high)}).
          </p>
          {forecast.packages.length > 0 && (
            <>
              <h4>Most likely packages</h4>
              <ol className="st-plain">
                {forecast.packages.slice(0, 3).map((p) => (
                  <li key={JSON.stringify(p.outcome)}>
                    {pct(p.probability)}:{' '}
                    {packageText(state.doc, p.outcome as Record<string, string | number>)}
                  </li>
                ))}
              </ol>
            </>
          )}
          <h4>Expected utility</h4>
          <ul className="st-plain">
            {forecast.utilities.map((u) => (
              <li key={u.party}>
                {u.label}: {fmt(u.expected.mean)}
              </li>
            ))}
          </ul>
          {forecast.sensitivity && forecast.sensitivity.firstOrder.length > 0 && (
            <>
              <h4>What matters most</h4>
              <ol className="st-plain">
                {forecast.sensitivity.firstOrder.slice(0, 5).map((row) => (
                  <li key={row.factor}>
                    {row.label}: {fmt(row.agreement)} of the variance of agreement
                  </li>
                ))}
              </ol>
            </>
          )}
        </div>
      )}
    </section>
  );
}
