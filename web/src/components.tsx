/**
 * Small pieces shared by the pages: the status badge, the utility meter with its reservation-value
 * marker, error and notice boxes, and the package table that lists one value per issue.
 */
import type { ApiError } from './api.ts';
import { fmtU, labelOf } from './model.ts';
import type { IssueView, OutcomeRecord, Status } from './types.ts';

const STATUS_TEXT: Record<Status, string> = {
  running: 'In session',
  ratifying: 'Awaiting ratification',
  agreement: 'Agreement ratified',
  vetoed: 'Vetoed by a principal',
  deadline: 'Deadline passed: no deal',
  'walked-away': 'Walked away: no deal',
  error: 'Ended by an error',
  timeout: 'A turn timed out: no deal',
};

/** A status in words. */
export function statusText(s: Status): string {
  return STATUS_TEXT[s] ?? s;
}

/** The session status as a coloured badge. */
export function StatusBadge({ status }: { status: Status }): React.JSX.Element {
  const tone =
    status === 'agreement' ? 'good' : status === 'running' || status === 'ratifying' ? 'live' : 'bad';
  return (
    <span className={`badge badge-${tone}`} data-testid="status">
      {statusText(status)}
    </span>
  );
}

/**
 * A horizontal utility bar from 0 to 1 with a marker at the reservation value (below the bar) and,
 * when the party has a principal, at the principal's ratification threshold (above the bar).
 */
export function UtilityMeter(props: {
  value: number | null;
  reservation: number;
  threshold?: number | undefined;
  label: string;
  testId?: string;
}): React.JSX.Element {
  const v = props.value ?? 0;
  const floor = Math.max(props.reservation, props.threshold ?? 0);
  const tone =
    props.value === null ? 'below' : v >= floor ? 'above' : v >= props.reservation ? 'between' : 'below';
  const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
  const more = props.threshold !== undefined ? `; your principal ratifies from ${fmtU(props.threshold)}` : '';
  return (
    <div className={`meter-wrap ${props.threshold !== undefined ? 'has-threshold' : ''}`}>
      <meter
        className="sr-only"
        min={0}
        max={1}
        low={props.reservation}
        optimum={1}
        value={v}
        aria-label={`${props.label}: ${fmtU(props.value)}; no deal is worth ${fmtU(props.reservation)}${more}`}
      />
      {props.threshold !== undefined && (
        <span
          className="meter-mark-label above-bar"
          style={{ left: pct(props.threshold) }}
          aria-hidden="true"
        >
          veto below {fmtU(props.threshold)}
        </span>
      )}
      <div className="meter" aria-hidden="true" data-testid={props.testId}>
        <div className={`meter-fill ${tone}`} style={{ width: pct(v) }} />
        <div
          className="meter-rv"
          style={{ left: pct(props.reservation) }}
          title="No deal (your reservation value)"
        />
        {props.threshold !== undefined && (
          <div
            className="meter-rv threshold"
            style={{ left: pct(props.threshold) }}
            title="Your principal's threshold"
          />
        )}
      </div>
      <div className="meter-scale" aria-hidden="true">
        <span>0</span>
        <span className="meter-mark-label" style={{ left: pct(props.reservation) }}>
          no deal {fmtU(props.reservation)}
        </span>
        <span>1</span>
      </div>
    </div>
  );
}

/** An API error as a box with its code and its message (which says how to fix it). */
export function ErrorBox({
  error,
  onDismiss,
}: {
  error: ApiError;
  onDismiss?: () => void;
}): React.JSX.Element {
  return (
    <div className="error-box" role="alert" data-testid="error">
      <strong>{error.code === 'NETWORK' ? 'Connection lost' : 'That did not work'}:</strong> {error.message}{' '}
      <span className="muted">({error.code})</span>
      {onDismiss && (
        <button type="button" className="link" onClick={onDismiss}>
          Dismiss
        </button>
      )}
    </div>
  );
}

/** A package as a table: one row per issue, optional comparison columns. */
export function PackageTable(props: {
  issues: readonly IssueView[];
  columns: { title: string; outcome: OutcomeRecord | null; testId?: string }[];
  caption?: string;
  testId?: string;
}): React.JSX.Element {
  const first = props.columns[0]?.outcome ?? null;
  return (
    <table className="package" data-testid={props.testId}>
      {props.caption && <caption>{props.caption}</caption>}
      <thead>
        <tr>
          <th scope="col">Issue</th>
          {props.columns.map((c) => (
            <th scope="col" key={c.title}>
              {c.title}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.issues.map((issue) => (
          <tr key={issue.id}>
            <th scope="row">{issue.label}</th>
            {props.columns.map((c, k) => {
              const differs = k > 0 && first && c.outcome && c.outcome[issue.id] !== first[issue.id];
              return (
                <td key={c.title} className={differs ? 'differs' : undefined}>
                  {c.outcome ? labelOf(issue, c.outcome) : '—'}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
