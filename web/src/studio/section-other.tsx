/**
 * The other pages of the studio's editor: the scenario's own fields (id, title, description,
 * notes); the table (turn order, deadline, sittings, what a veto does, time per turn); the draft's
 * checklist (every todo with the article's evidence, ticked by a person: an edit like any other);
 * and the document as YAML, which can also be edited as text (for what has no control here).
 */
import { useEffect, useState } from 'react';
import type { Problem } from '../../../src/errors.ts';
import { asList, asRecord, type Doc, type Path, partiesOf, str } from './doc.ts';
import {
  GroupProblems,
  IdField,
  ItemButtons,
  NumberField,
  SelectField,
  StringListField,
  TextField,
  useStudio,
} from './fields.tsx';
import { readNative, saveText } from './files.ts';

export function ScenarioSection(): React.JSX.Element {
  const { state, edit } = useStudio();
  const draft = state.doc.status === 'draft';
  return (
    <section aria-labelledby="st-scenario-h" className="st-section">
      <h2 id="st-scenario-h">Scenario</h2>
      <div className="card st-card">
        <TextField label="Title" path={['title']} testId="scenario-title" />
        <IdField
          label="Id"
          path={['id']}
          onRename={(to) => edit({ kind: 'set', path: ['id'], value: to })}
          hint="a-z, 0-9 and -, e.g. london-2025; the file is saved under it."
          testId="scenario-id"
        />
        <TextField label="Description" path={['description']} optional multiline />
        <StringListField label="Notes" path={['notes']} itemLabel="Note" addLabel="Add a note" />
        <label className="st-check">
          <input
            type="checkbox"
            checked={draft}
            onChange={(e) =>
              edit({ kind: 'set', path: ['status'], value: e.target.checked ? 'draft' : undefined })
            }
            data-testid="status-draft"
          />
          Draft (status: draft): simulate and forecast refuse it until this is cleared
        </label>
      </div>
    </section>
  );
}

export function TableSection(): React.JSX.Element {
  const { state, edit } = useStudio();
  const protocol = asRecord(state.doc.protocol) ?? {};
  const schedule = asList(protocol.schedule);
  const order = asList(protocol.order).map(str);
  const parties = partiesOf(state.doc).map((p) => str(p.id));
  const shownOrder = order.length > 0 ? order : parties;
  return (
    <section aria-labelledby="st-table-h" className="st-section">
      <h2 id="st-table-h">The table</h2>
      <div className="card st-card">
        <SelectField
          label="How the table works"
          path={['protocol', 'type']}
          options={[
            { value: 'saop', label: 'Alternating offers: each party in turn accepts or counters' },
            { value: 'mediated', label: 'A chair proposes one text at a time; the parties vote on it' },
          ]}
          onChange={(type) => {
            const { mediator: _m, ...rest } = protocol;
            edit({
              kind: 'set',
              path: ['protocol'],
              value: type === 'mediated' ? { ...protocol, type } : { ...rest, type },
            });
          }}
          hint={
            protocol.type === 'mediated'
              ? "The chair's method (mediator) is set on the YAML page; default hill-climb (docs/protocols.md)."
              : undefined
          }
          testId="protocol-type"
        />
        <fieldset className="st-list">
          <legend>Turn order</legend>
          <GroupProblems path={['protocol', 'order']} />
          <p className="hint">Who offers first, then next; by default the order of the parties.</p>
          <ol className="st-order">
            {shownOrder.map((id, k) => (
              <li key={id}>
                <span>{str(partiesOf(state.doc).find((p) => p.id === id)?.label) || id}</span>
                <ItemButtons
                  what={`${id} in the turn order`}
                  index={k}
                  count={shownOrder.length}
                  onMove={(to) => {
                    const next = [...shownOrder];
                    const [x] = next.splice(k, 1);
                    next.splice(to, 0, x as string);
                    edit({ kind: 'set', path: ['protocol', 'order'], value: next });
                  }}
                />
              </li>
            ))}
          </ol>
        </fieldset>
        <NumberField
          label="Deadline in rounds"
          path={['protocol', 'deadline', 'rounds']}
          bounds={{ min: 1, integer: true }}
          disabled={schedule.length > 0}
          hint={
            schedule.length > 0
              ? 'The sum of the sittings below (set their rounds).'
              : 'One round: every party acts once.'
          }
          testId="deadline-rounds"
        />
        <NumberField
          label="Time limit in seconds"
          path={['protocol', 'deadline', 'timeSeconds']}
          bounds={{ min: 0 }}
          plain
          optional
        />
        <fieldset className="st-list">
          <legend>Sittings</legend>
          <GroupProblems path={['protocol', 'schedule']} />
          {schedule.map((raw, k) => {
            const sp: Path = ['protocol', 'schedule', k];
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: sittings have no ids
              <div className="st-value" key={k}>
                <TextField label={`Sitting ${k + 1}`} path={[...sp, 'label']} />
                <div className="st-grid2">
                  <TextField
                    label="Starts"
                    path={[...sp, 'start']}
                    optional
                    placeholder="2025-06-09T13:00+01:00"
                  />
                  <TextField label="Ends" path={[...sp, 'end']} optional />
                </div>
                <NumberField
                  label={`Rounds in sitting ${k + 1}`}
                  path={[...sp, 'rounds']}
                  bounds={{ min: 1, integer: true }}
                  onValue={(value, group) => edit({ kind: 'setSittingRounds', index: k, value }, { group })}
                />
                <ItemButtons
                  what={`sitting ${str(asRecord(raw)?.label) || k + 1}`}
                  index={k}
                  count={schedule.length}
                  onMove={(to) => edit({ kind: 'move', path: ['protocol', 'schedule'], from: k, to })}
                  onRemove={() => edit({ kind: 'removeSitting', index: k })}
                />
              </div>
            );
          })}
          <button type="button" className="st-small" onClick={() => edit({ kind: 'addSitting' })}>
            Add a sitting
          </button>
        </fieldset>
        <SelectField
          label="What a principal's veto does"
          path={['protocol', 'onVeto']}
          optional
          options={[
            { value: 'end', label: 'Ends the talks' },
            { value: 'reopen', label: 'Reopens the talks' },
          ]}
        />
        <div className="st-grid2">
          <NumberField
            label="Seconds a person has per turn"
            path={['protocol', 'humanTurnSeconds']}
            bounds={{ min: 0 }}
            plain
            optional
          />
          <NumberField
            label="Milliseconds a negotiator has per action"
            path={['protocol', 'actionBudgetMs']}
            bounds={{ min: 0 }}
            plain
            optional
          />
        </div>
      </div>
    </section>
  );
}

/** A sentence with the words that matched marked. */
function Evidence(props: { sentence: string; quote: string }): React.JSX.Element {
  const k = props.quote ? props.sentence.indexOf(props.quote) : -1;
  if (k < 0) return <>{props.sentence}</>;
  return (
    <>
      {props.sentence.slice(0, k)}
      <mark>{props.quote}</mark>
      {props.sentence.slice(k + props.quote.length)}
    </>
  );
}

export function ChecklistSection(): React.JSX.Element {
  const { state, edit, goTo } = useStudio();
  const todos = asList(state.doc.todos).map((t) => asRecord(t) ?? {});
  const open = todos.filter((t) => t.done !== true).length;
  const draft = state.doc.status === 'draft';
  return (
    <section aria-labelledby="st-checklist-h" className="st-section">
      <h2 id="st-checklist-h">Checklist</h2>
      <p className="hint" data-testid="todo-count">
        {todos.length === 0
          ? 'No todos: this scenario lists no judgements still to make.'
          : `${open} of ${todos.length} todo${todos.length === 1 ? '' : 's'} open. Each is a judgement the draft left to a person, with the sentences of the article that bear on it.`}
      </p>
      {draft && (
        <div className="warn" role="note">
          This is a draft: simulate and forecast refuse it.{' '}
          {open === 0 ? 'Every todo is done: ' : 'When the todos are done, '}
          <button
            type="button"
            className="link"
            onClick={() => edit({ kind: 'remove', path: ['status'] })}
            data-testid="finish-draft"
          >
            clear the draft mark (status: draft)
          </button>
          .
        </div>
      )}
      <ol className="st-todos">
        {todos.map((t, k) => {
          const id = str(t.id);
          const evidence = asList(t.evidence).map((e) => asRecord(e) ?? {});
          const paths = asList(t.paths).map(str);
          return (
            <li key={id || k} className={t.done === true ? 'done' : ''} data-testid={`todo-${id}`}>
              <label className="st-check st-todo">
                <input
                  type="checkbox"
                  checked={t.done === true}
                  onChange={(e) => edit({ kind: 'setTodoDone', todo: id, done: e.target.checked })}
                  data-testid={`todo-${id}-done`}
                />
                <span>
                  <span className="st-kind">{str(t.kind)}</span> {str(t.task)}
                </span>
              </label>
              <GroupProblems path={['todos', k]} />
              {paths.length > 0 && (
                <p className="st-wrap st-paths">
                  Fields:{' '}
                  {paths.map((p) => (
                    <button type="button" className="link" key={p} onClick={() => goTo(p)}>
                      {p}
                    </button>
                  ))}
                </p>
              )}
              {evidence.length > 0 && (
                <details>
                  <summary>
                    Evidence ({evidence.length} passage{evidence.length === 1 ? '' : 's'})
                  </summary>
                  <ul className="st-evidence">
                    {evidence.map((e, j) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: passages have no ids
                      <li key={j}>
                        <blockquote>
                          <Evidence sentence={str(e.sentence)} quote={str(e.quote)} />
                        </blockquote>
                        <span className="hint">
                          {str(e.file)}, characters {str(e.start)}–{str(e.end)}
                        </span>
                      </li>
                    ))}
                  </ul>
                </details>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

export function YamlSection(): React.JSX.Element {
  const { state, edit } = useStudio();
  const text = saveText(state.doc, state.original);
  const [draft, setDraft] = useState<string | null>(null);
  const [problems, setProblems] = useState<readonly Problem[]>([]);
  useEffect(() => {
    if (draft === null) setProblems([]);
  }, [draft]);
  const apply = () => {
    if (draft === null) return;
    const r = readNative(draft, state.file);
    if (r.kind !== 'native') {
      setProblems(r.kind === 'problems' ? r.problems : []);
      return;
    }
    edit({ kind: 'replace', doc: r.doc as Doc });
    setDraft(null);
  };
  const other = Object.keys(state.doc).filter(
    (k) =>
      ![
        'version',
        'id',
        'title',
        'description',
        'notes',
        'issues',
        'parties',
        'protocol',
        'status',
        'todos',
      ].includes(k),
  );
  return (
    <section aria-labelledby="st-yaml-h" className="st-section">
      <h2 id="st-yaml-h">YAML</h2>
      <p className="hint">
        The file as it will be saved (comments of the file you opened are kept).
        {other.length > 0 ? ` Parts with no page of their own are edited here: ${other.join(', ')}.` : ''}
      </p>
      <label htmlFor="st-yaml" className="sr-only">
        The scenario as YAML
      </label>
      <textarea
        id="st-yaml"
        className="st-yaml"
        value={draft ?? text}
        readOnly={draft === null}
        spellCheck={false}
        onChange={(e) => setDraft(e.target.value)}
        rows={24}
        data-testid="yaml-text"
      />
      {problems.length > 0 && (
        <ul className="st-problems" role="alert">
          {problems.map((p) => (
            <li key={`${p.line}:${p.column}:${p.message}`}>
              line {p.line}, column {p.column}: {p.message}
            </li>
          ))}
        </ul>
      )}
      <div className="actions st-wrap">
        {draft === null ? (
          <button type="button" className="secondary" onClick={() => setDraft(text)} data-testid="yaml-edit">
            Edit as text
          </button>
        ) : (
          <>
            <button type="button" className="primary" onClick={apply} data-testid="yaml-apply">
              Apply the text
            </button>
            <button type="button" onClick={() => setDraft(null)}>
              Cancel
            </button>
          </>
        )}
      </div>
    </section>
  );
}
