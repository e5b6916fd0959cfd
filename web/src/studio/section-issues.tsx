/**
 * Issues and their values: labels, ids (renamed everywhere they are used), types, descriptions,
 * sources, the status quo, and the range of a numeric issue. Adding an issue gives every party a
 * weight of 0 and a default evaluator for it; removing one removes what named it.
 */
import { asList, asRecord, blankIssue, str, valueIdsOf } from './doc.ts';
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

const TYPES = [
  { value: 'discrete', label: 'Named values (discrete)' },
  { value: 'integer', label: 'Whole numbers in a range (integer)' },
  { value: 'real', label: 'Any number in an interval (real)' },
] as const;

export function IssuesSection(): React.JSX.Element {
  const { state, edit } = useStudio();
  const issues = asList(state.doc.issues);
  return (
    <section aria-labelledby="st-issues-h" className="st-section">
      <h2 id="st-issues-h">Issues</h2>
      <p className="hint">
        What is being negotiated: each issue takes one value in an agreement. Every party weighs each issue
        and scores its values (on the Parties page).
      </p>
      {issues.map((raw, i) => {
        const issue = asRecord(raw) ?? {};
        const id = str(issue.id);
        const type = str(issue.type);
        const what = `issue ${str(issue.label) || id || i + 1}`;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: ids may repeat while a file is being fixed; the position is the identity
          <article className="card st-card" key={`${i}-${id}`} data-testid={`issue-${i}`}>
            <div className="st-card-head">
              <h3>{str(issue.label) || id || `Issue ${i + 1}`}</h3>
              <ItemButtons
                what={what}
                index={i}
                count={issues.length}
                onMove={(to) => edit({ kind: 'move', path: ['issues'], from: i, to })}
                onRemove={() => edit({ kind: 'removeIssue', issue: id })}
                removeTestId={`issue-${i}-remove`}
              />
            </div>
            <GroupProblems path={['issues', i]} />
            <div className="st-grid2">
              <TextField label="Label" path={['issues', i, 'label']} testId={`issue-${i}-label`} />
              <IdField
                label="Id"
                path={['issues', i, 'id']}
                onRename={(to) => edit({ kind: 'renameIssue', from: id, to })}
                testId={`issue-${i}-id`}
              />
            </div>
            <SelectField
              label="Type"
              path={['issues', i, 'type']}
              options={TYPES}
              onChange={(t) =>
                edit({ kind: 'setIssueType', issue: id, type: t as 'discrete' | 'integer' | 'real' })
              }
              hint="Changing between named values and numbers resets the parties' scores of this issue."
              testId={`issue-${i}-type`}
            />
            <TextField label="Description" path={['issues', i, 'description']} optional multiline />
            <StringListField
              label="Sources of this issue"
              path={['issues', i, 'sources']}
              itemLabel="Source"
              addLabel="Add a source"
              placeholder="https://…"
            />
            {type === 'discrete' ? (
              <Values index={i} />
            ) : (
              <div className="st-grid3">
                <NumberField
                  label="Minimum"
                  path={['issues', i, 'min']}
                  bounds={{ integer: type === 'integer' }}
                  plain
                />
                <NumberField
                  label="Maximum"
                  path={['issues', i, 'max']}
                  bounds={{ integer: type === 'integer' }}
                  plain
                />
                <NumberField
                  label="Status quo"
                  path={['issues', i, 'statusQuo']}
                  bounds={{ integer: type === 'integer' }}
                  plain
                  optional
                  hint="What holds without an agreement (default: the minimum)."
                />
              </div>
            )}
          </article>
        );
      })}
      <div className="actions st-wrap">
        {TYPES.map((t) => (
          <button
            type="button"
            className="secondary"
            key={t.value}
            onClick={() => edit({ kind: 'addIssue', issue: blankIssue(state.doc, t.value) })}
            data-testid={`add-issue-${t.value}`}
          >
            Add an issue: {t.label.split(' (')[0]?.toLowerCase()}
          </button>
        ))}
      </div>
    </section>
  );
}

function Values(props: { index: number }): React.JSX.Element {
  const { state, edit } = useStudio();
  const i = props.index;
  const issue = asRecord(asList(state.doc.issues)[i]) ?? {};
  const id = str(issue.id);
  const values = asList(issue.values);
  return (
    <>
      <fieldset className="st-list">
        <legend>Values</legend>
        <GroupProblems path={['issues', i, 'values']} />
        {values.map((raw, k) => {
          const v = asRecord(raw) ?? {};
          const vid = str(v.id);
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: ids may repeat while a file is being fixed; the position is the identity
            <div className="st-value" key={`${k}-${vid}`} data-testid={`issue-${i}-value-${k}`}>
              <div className="st-grid2">
                <TextField
                  label={`Value ${k + 1}`}
                  path={['issues', i, 'values', k, 'label']}
                  testId={`issue-${i}-value-${k}-label`}
                />
                <IdField
                  label={`Id of value ${k + 1}`}
                  path={['issues', i, 'values', k, 'id']}
                  onRename={(to) => edit({ kind: 'renameValue', issue: id, from: vid, to })}
                />
              </div>
              <TextField
                label={`Description of value ${k + 1}`}
                path={['issues', i, 'values', k, 'description']}
                optional
              />
              <ItemButtons
                what={`value ${str(v.label) || vid}`}
                index={k}
                count={values.length}
                onMove={(to) => edit({ kind: 'move', path: ['issues', i, 'values'], from: k, to })}
                onRemove={() => edit({ kind: 'removeValue', issue: id, value: vid })}
              />
            </div>
          );
        })}
        <button
          type="button"
          className="st-small"
          onClick={() => edit({ kind: 'addValue', issue: id })}
          data-testid={`issue-${i}-add-value`}
        >
          Add a value
        </button>
      </fieldset>
      <SelectField
        label="Status quo"
        path={['issues', i, 'statusQuo']}
        optional
        options={valueIdsOf(issue).map((v) => ({ value: v, label: v }))}
        hint="The value that holds when nothing changes (default: the first)."
      />
    </>
  );
}
