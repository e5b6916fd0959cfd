/**
 * The mediated table: the chair proposes one text a round and every delegation votes on it. The
 * page shows the text under vote beside the standing text (the last one every party accepted,
 * which the talks end with unless another is adopted), each with its utility to you against no
 * deal and your principal's threshold; Accept, Reject and Walk away (confirmed first); a warning
 * when the text crosses your red line (the server refuses to accept it); and every tallied text
 * with each delegation's vote. Kept small: the web table is reworked as a whole later.
 */
import { useState } from 'react';
import type { UtilityFunction } from '../../src/model/utility.ts';
import { partyLabel, principalName } from './brief.tsx';
import { PackageTable, UtilityMeter } from './components.tsx';
import { fmtU, labelOf, toOutcome } from './model.ts';
import type { useSeat } from './session.ts';
import type { SeatView } from './types.ts';

type Chair = NonNullable<SeatView['chair']>;

/** The text under vote, the standing text, and the vote. */
function Vote(props: {
  view: SeatView;
  chair: Chair;
  utility: UtilityFunction | null;
  busy: boolean;
  act: ReturnType<typeof useSeat>['act'];
}): React.JSX.Element {
  const { view, chair, utility } = props;
  const [confirmWalk, setConfirmWalk] = useState(false);
  const text = chair.text;
  const rv = view.you.reservationValue;
  const principal = view.you.party.principal;
  const canVote = view.yourTurn && !props.busy && view.status === 'running';
  const outcome = text && utility ? toOutcome(utility.space, text.outcome) : null;
  const crossed = outcome && utility ? utility.violatedRedLines(outcome) : [];
  return (
    <section className="card on-table" aria-labelledby="c-text" data-testid="chair-text">
      <h2 id="c-text">The chair’s text</h2>
      {text === null ? (
        <p className="muted">No text is under vote now.</p>
      ) : (
        <>
          <p>
            Round {text.round + 1}. Worth to you:{' '}
            <strong data-testid="text-utility" className={text.utilityToYou < rv ? 'below' : 'above'}>
              {fmtU(text.utilityToYou)}
            </strong>
            {chair.standing
              ? `; the standing text is worth ${fmtU(chair.standing.utilityToYou)}.`
              : '; no text stands yet (without one the talks end with no deal).'}
          </p>
          <UtilityMeter
            value={text.utilityToYou}
            reservation={rv}
            threshold={principal?.ratificationThreshold}
            label="Your utility of the chair's text"
          />
          <PackageTable
            issues={view.issues}
            columns={[
              { title: 'This text', outcome: text.outcome },
              ...(chair.standing ? [{ title: 'Standing text', outcome: chair.standing.outcome }] : []),
            ]}
            testId="chair-package"
          />
          {crossed.length > 0 && (
            <div className="warn redline" role="alert" data-testid="chair-redline">
              <strong>Crosses your red line:</strong> {crossed.map((r) => r.label).join('; ')}. You cannot
              accept it.
            </div>
          )}
          {principal && text.utilityToYou < principal.ratificationThreshold && crossed.length === 0 && (
            <div className="warn" role="status">
              {principalName(principal)} ratifies only texts worth at least{' '}
              {fmtU(principal.ratificationThreshold)}.
            </div>
          )}
          {chair.yourVote !== null && (
            <p className="muted" data-testid="your-vote">
              You voted to {chair.yourVote ? 'accept' : 'reject'} this text; the others are voting.
            </p>
          )}
        </>
      )}
      <div className="actions">
        <button
          type="button"
          className="accept"
          disabled={!canVote || crossed.length > 0}
          onClick={() => void props.act({ type: 'accept' })}
          data-testid="vote-accept"
        >
          Accept this text
        </button>
        <button
          type="button"
          className="secondary"
          disabled={!canVote}
          onClick={() => void props.act({ type: 'reject' })}
          data-testid="vote-reject"
        >
          Reject it
        </button>
        {!confirmWalk ? (
          <button
            type="button"
            className="danger-outline"
            disabled={!canVote}
            onClick={() => setConfirmWalk(true)}
            data-testid="walk-away"
          >
            Walk away
          </button>
        ) : (
          <div className="confirm" role="alertdialog" aria-labelledby="c-walk" data-testid="walk-confirm">
            <span id="c-walk">End the talks with no deal? No deal is worth {fmtU(rv)} to you.</span>
            <button
              type="button"
              className="danger"
              disabled={!canVote}
              onClick={() => {
                setConfirmWalk(false);
                void props.act({ type: 'end' });
              }}
              data-testid="confirm-walk-away"
            >
              Yes, walk away
            </button>
            <button type="button" className="link" onClick={() => setConfirmWalk(false)}>
              Stay at the table
            </button>
          </div>
        )}
      </div>
    </section>
  );
}

/** Every tallied text, latest first, with each delegation's vote. */
function Texts({ view, chair }: { view: SeatView; chair: Chair }): React.JSX.Element {
  const ids = [view.you.party.id, ...view.others.map((o) => o.id)];
  return (
    <section className="card timeline" aria-labelledby="c-texts" data-testid="chair-texts">
      <h2 id="c-texts">Texts so far</h2>
      {chair.texts.length === 0 ? (
        <p className="muted">No text has been voted on yet.</p>
      ) : (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard to scroll it.
        <div className="offer-list" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">Round</th>
                <th scope="col">Text</th>
                <th scope="col" className="num">
                  Your utility
                </th>
                <th scope="col">Votes</th>
              </tr>
            </thead>
            <tbody data-testid="text-rows">
              {[...chair.texts].reverse().map((t) => (
                <tr key={t.round} className={t.adopted ? 'mine' : 'theirs'}>
                  <td>{t.round + 1}</td>
                  <td className="pkg">{view.issues.map((i) => labelOf(i, t.outcome)).join(' · ')}</td>
                  <td className="num">{fmtU(t.utilityToYou)}</td>
                  <td>
                    {ids.map((id) => `${partyLabel(view, id)} ${t.votes[id] ? '✓' : '✗'}`).join(', ')}
                    {t.adopted ? ' — adopted' : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** The mediated table: the vote and the texts so far. */
export function ChairTable(props: {
  seat: ReturnType<typeof useSeat>;
  view: SeatView;
  chair: Chair;
  utility: UtilityFunction | null;
  busy: boolean;
}): React.JSX.Element {
  return (
    <div className="table-grid">
      <div className="col">
        <Vote
          view={props.view}
          chair={props.chair}
          utility={props.utility}
          busy={props.busy}
          act={props.seat.act}
        />
      </div>
      <div className="col">
        <Texts view={props.view} chair={props.chair} />
      </div>
    </div>
  );
}
