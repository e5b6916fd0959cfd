/**
 * Parties, one at a time: name and id, reservation value, discount, default negotiator, delegation
 * and principal (with the ratification threshold), weights (sliders kept summing to 1), each
 * value's score, red lines and linkage terms, every number with its uncertainty and sources.
 */
import { useEffect, useState } from 'react';
import {
  asList,
  asRecord,
  blankParty,
  type Doc,
  getAt,
  issuesOf,
  type Path,
  pointOf,
  str,
  uniqueId,
  valueIdsOf,
} from './doc.ts';
import {
  GroupProblems,
  IdField,
  ItemButtons,
  NumberField,
  StringListField,
  TextField,
  useField,
  useStudio,
} from './fields.tsx';
import { weightPoints } from './state.ts';

const UNIT = { min: 0, max: 1 } as const;

export function PartiesSection(): React.JSX.Element {
  const { state, edit, focusRequest } = useStudio();
  const parties = asList(state.doc.parties);
  const [chosen, setChosen] = useState(0);
  const index = Math.min(chosen, Math.max(0, parties.length - 1));
  // A problem or a todo naming a party's field shows that party.
  const wanted = focusRequest?.key.split('.');
  const wantedIndex =
    wanted?.[0] === 'parties'
      ? parties.findIndex((p, k) => asRecord(p)?.id === wanted[1] || String(k) === wanted[1])
      : -1;
  // biome-ignore lint/correctness/useExhaustiveDependencies: follows each request once, by its nonce
  useEffect(() => {
    if (wantedIndex >= 0) setChosen(wantedIndex);
  }, [focusRequest?.nonce]);
  return (
    <section aria-labelledby="st-parties-h" className="st-section">
      <h2 id="st-parties-h">Parties</h2>
      <fieldset className="st-picker">
        <legend>Party to edit</legend>
        <div className="st-wrap">
          {parties.map((p, k) => {
            const r = asRecord(p) ?? {};
            return (
              <button
                type="button"
                // biome-ignore lint/suspicious/noArrayIndexKey: ids may repeat while a file is being fixed; the position is the identity
                key={`${k}-${str(r.id)}`}
                className={`st-pick ${k === index ? 'on' : ''}`}
                aria-pressed={k === index}
                onClick={() => setChosen(k)}
                data-testid={`party-tab-${k}`}
              >
                {str(r.label) || str(r.id) || `Party ${k + 1}`}
              </button>
            );
          })}
          <button
            type="button"
            className="st-pick st-add"
            onClick={() => {
              edit({ kind: 'addParty', party: blankParty(state.doc) });
              setChosen(parties.length);
            }}
            data-testid="add-party"
          >
            Add a party
          </button>
        </div>
      </fieldset>
      {parties[index] !== undefined && (
        <PartyEditor key={index} index={index} count={parties.length} onMoved={setChosen} />
      )}
    </section>
  );
}

function PartyEditor(props: {
  index: number;
  count: number;
  onMoved: (k: number) => void;
}): React.JSX.Element {
  const { state, edit, negotiators } = useStudio();
  const i = props.index;
  const base: Path = ['parties', i];
  const party = asRecord(getAt(state.doc, base)) ?? {};
  const id = str(party.id);
  const principal = asRecord(party.principal);
  const listId = `st-negotiators-${i}`;
  return (
    <article className="card st-card" data-testid={`party-${i}`}>
      <div className="st-card-head">
        <h3>{str(party.label) || id}</h3>
        <ItemButtons
          what={`party ${str(party.label) || id}`}
          index={i}
          count={props.count}
          onMove={(to) => {
            edit({ kind: 'move', path: ['parties'], from: i, to });
            props.onMoved(to);
          }}
          onRemove={() => {
            edit({ kind: 'removeParty', party: id });
            props.onMoved(Math.max(0, i - 1));
          }}
        />
      </div>
      <GroupProblems path={base} />
      <div className="st-grid2">
        <TextField label="Name" path={[...base, 'label']} testId={`party-${i}-label`} />
        <IdField
          label="Id"
          path={[...base, 'id']}
          onRename={(to) => edit({ kind: 'renameParty', from: id, to })}
        />
      </div>
      <NumberField
        label="Reservation value (utility of no deal)"
        path={[...base, 'reservationValue']}
        bounds={UNIT}
        slider
        hint="What walking away is worth to this party, on its own 0–1 scale: its BATNA."
        testId={`party-${i}-reservation`}
      />
      <div className="st-grid2">
        <NumberField
          label="Discount factor"
          path={[...base, 'discountFactor']}
          bounds={{ min: 0, max: 1 }}
          optional
          hint="u·d^t over the talks' normalised time; empty: no discount."
        />
        <div className="st-field">
          <NegotiatorField index={i} listId={listId} />
          <datalist id={listId}>
            {negotiators.map((n) => (
              <option key={n} value={n} />
            ))}
          </datalist>
        </div>
      </div>
      <Delegation index={i} />
      <fieldset className="st-list">
        <legend>Principal</legend>
        <GroupProblems path={[...base, 'principal']} />
        <label className="st-check">
          <input
            type="checkbox"
            checked={principal !== undefined}
            onChange={(e) =>
              edit(
                e.target.checked
                  ? {
                      kind: 'set',
                      path: [...base, 'principal'],
                      value: { name: 'Principal', ratificationThreshold: 0.5 },
                    }
                  : { kind: 'remove', path: [...base, 'principal'] },
              )
            }
            data-testid={`party-${i}-has-principal`}
          />
          A principal must ratify any agreement (a two-level game)
        </label>
        {principal && (
          <>
            <div className="st-grid2">
              <TextField label="Principal's name" path={[...base, 'principal', 'name']} />
              <TextField label="Principal's title" path={[...base, 'principal', 'title']} optional />
            </div>
            <NumberField
              label="Ratification threshold"
              path={[...base, 'principal', 'ratificationThreshold']}
              bounds={UNIT}
              slider
              hint="The principal vetoes an agreement worth less than this to the party."
            />
          </>
        )}
      </fieldset>
      <Weights index={i} />
      <Scores index={i} />
      <RedLines index={i} />
      <Linkage index={i} />
    </article>
  );
}

function NegotiatorField(props: { index: number; listId: string }): React.JSX.Element {
  const { state, edit } = useStudio();
  const path: Path = ['parties', props.index, 'negotiator'];
  const f = useField(path);
  return (
    <>
      <label htmlFor={f.id}>Negotiator (software default)</label>
      <input
        type="text"
        id={f.id}
        list={props.listId}
        value={str(getAt(state.doc, path))}
        placeholder="boulware"
        spellCheck={false}
        onChange={(e) => edit({ kind: 'set', path, value: e.target.value || undefined }, { group: f.key })}
        aria-describedby={`${f.id}-hint`}
      />
      <span className="hint" id={`${f.id}-hint`}>
        A spec as `lancaster negotiators` lists, e.g. boulware:e=0.2; empty: boulware.
      </span>
    </>
  );
}

function Delegation(props: { index: number }): React.JSX.Element {
  const { state, edit } = useStudio();
  const path: Path = ['parties', props.index, 'delegation'];
  const members = asList(getAt(state.doc, path));
  return (
    <fieldset className="st-list">
      <legend>Delegation</legend>
      <GroupProblems path={path} />
      {members.map((m, k) => {
        const member = asRecord(m) ?? {};
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: members have no ids
          <div className="st-value" key={k}>
            <div className="st-grid2">
              <TextField label={`Member ${k + 1}: name`} path={[...path, k, 'name']} />
              <TextField label={`Member ${k + 1}: role`} path={[...path, k, 'role']} />
            </div>
            <div className="st-row">
              <label className="st-check">
                <input
                  type="checkbox"
                  checked={member.lead === true}
                  onChange={(e) =>
                    edit({
                      kind: 'set',
                      path: [...path, k, 'lead'],
                      value: e.target.checked ? true : undefined,
                    })
                  }
                />
                Leads the delegation
              </label>
              <ItemButtons
                what={`member ${str(member.name) || k + 1}`}
                index={k}
                count={members.length}
                onMove={(to) => edit({ kind: 'move', path, from: k, to })}
                onRemove={() =>
                  edit(
                    members.length === 1 ? { kind: 'remove', path } : { kind: 'remove', path: [...path, k] },
                  )
                }
              />
            </div>
          </div>
        );
      })}
      <button
        type="button"
        className="st-small"
        onClick={() => edit({ kind: 'insert', path, value: { name: 'New member', role: 'Member' } })}
      >
        Add a member
      </button>
    </fieldset>
  );
}

function Weights(props: { index: number }): React.JSX.Element {
  const { state, edit } = useStudio();
  const i = props.index;
  const party = asRecord(getAt(state.doc, ['parties', i])) ?? {};
  const id = str(party.id);
  const salience = asRecord(party.salience) !== undefined && asRecord(party.weights) === undefined;
  const asWritten = party.weightsSum === 'asWritten';
  const key = salience ? 'salience' : 'weights';
  const w = weightPoints(party);
  const issues = issuesOf(state.doc);
  return (
    <fieldset className="st-list" data-testid={`party-${i}-weights`}>
      <legend>{salience ? 'Salience of each issue' : 'Weights: how much each issue matters'}</legend>
      <p className="hint">
        {salience
          ? 'Saliences on an absolute 0–1 scale; the weights are the saliences divided by their sum.'
          : asWritten
            ? 'Taken as written (weightsSum: asWritten, the GENIUS rule): any sum.'
            : 'Moving one weight rescales the others, so that they always sum to 1.'}
      </p>
      <GroupProblems path={['parties', i, key]} />
      {issues.map((issue) => {
        const iid = str(issue.id);
        return (
          <NumberField
            key={iid}
            label={str(issue.label) || iid}
            path={['parties', i, key, iid]}
            bounds={UNIT}
            slider
            {...(!salience && !asWritten
              ? {
                  onPoint: (v: number, group: string) =>
                    edit({ kind: 'setWeight', party: id, issue: iid, value: v }, { group }),
                }
              : {})}
            testId={`party-${i}-weight-${iid}`}
          />
        );
      })}
      {w && !salience && (
        <p className="st-sum" data-testid={`party-${i}-weights-sum`}>
          Sum of the weights: <strong>{Number(w.sum.toFixed(6))}</strong>
          {!asWritten && Math.abs(w.sum - 1) > 1e-6 && (
            <button
              type="button"
              className="st-small"
              onClick={() => edit({ kind: 'normaliseWeights', party: id })}
            >
              Make them sum to 1
            </button>
          )}
        </p>
      )}
    </fieldset>
  );
}

function Scores(props: { index: number }): React.JSX.Element {
  const { state } = useStudio();
  const i = props.index;
  const party = asRecord(getAt(state.doc, ['parties', i])) ?? {};
  const bounds = party.weightsSum === 'asWritten' ? {} : UNIT;
  return (
    <fieldset className="st-list" data-testid={`party-${i}-scores`}>
      <legend>Scores: what each value is worth to this party (0 worst, 1 best)</legend>
      <GroupProblems path={['parties', i, 'evaluators']} />
      {issuesOf(state.doc).map((issue) => {
        const iid = str(issue.id);
        const path: Path = ['parties', i, 'evaluators', iid];
        return (
          <div className="st-value" key={iid}>
            <h4>{str(issue.label) || iid}</h4>
            <GroupProblems path={path} />
            {issue.type === 'discrete' ? (
              valueIdsOf(issue).map((v) => {
                const value = asList(issue.values)
                  .map(asRecord)
                  .find((x) => x?.id === v);
                return (
                  <NumberField
                    key={v}
                    label={str(value?.label) || v}
                    path={[...path, v]}
                    bounds={bounds}
                    slider={bounds === UNIT}
                    testId={`party-${i}-score-${iid}-${v}`}
                  />
                );
              })
            ) : (
              <NumericEvaluator path={path} issue={issue} bounds={bounds} />
            )}
          </div>
        );
      })}
    </fieldset>
  );
}

function NumericEvaluator(props: {
  path: Path;
  issue: Doc;
  bounds: { min?: number; max?: number };
}): React.JSX.Element {
  const { state, edit } = useStudio();
  const ev = asRecord(getAt(state.doc, props.path)) ?? {};
  const kind = 'piecewise' in ev ? 'piecewise' : 'peak' in ev ? 'peak' : 'linear';
  const f = useField(props.path);
  const min = typeof props.issue.min === 'number' ? props.issue.min : 0;
  const max = typeof props.issue.max === 'number' ? props.issue.max : 1;
  const change = (k: string) =>
    edit({
      kind: 'set',
      path: props.path,
      value:
        k === 'linear'
          ? { linear: { atMin: 0, atMax: 1 } }
          : k === 'peak'
            ? { peak: { at: (min + max) / 2 } }
            : {
                piecewise: [
                  [min, 0],
                  [(min + max) / 2, 1],
                  [max, 0],
                ],
              },
    });
  const points = asList(ev.piecewise);
  return (
    <>
      <div className="st-field">
        <label htmlFor={`${f.id}-kind`}>Shape of the score</label>
        <select id={`${f.id}-kind`} value={kind} onChange={(e) => change(e.target.value)}>
          <option value="linear">A straight line from the minimum to the maximum</option>
          <option value="piecewise">Piecewise linear through points</option>
          <option value="peak">Single-peaked at an ideal point</option>
        </select>
      </div>
      {kind === 'linear' && (
        <div className="st-grid2">
          <NumberField
            label={`Score at ${min}`}
            path={[...props.path, 'linear', 'atMin']}
            bounds={props.bounds}
            slider
          />
          <NumberField
            label={`Score at ${max}`}
            path={[...props.path, 'linear', 'atMax']}
            bounds={props.bounds}
            slider
          />
        </div>
      )}
      {kind === 'peak' && (
        <NumberField label="Ideal point" path={[...props.path, 'peak', 'at']} bounds={{ min, max }} slider />
      )}
      {kind === 'piecewise' && (
        <div>
          {points.map((_, k) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the points are ordered by x
            <div className="st-inline" key={k}>
              <NumberField
                label={`x of point ${k + 1}`}
                path={[...props.path, 'piecewise', k, 0]}
                bounds={{ min, max }}
                plain
              />
              <NumberField
                label={`Score at point ${k + 1}`}
                path={[...props.path, 'piecewise', k, 1]}
                bounds={props.bounds}
              />
              <button
                type="button"
                className="st-small"
                disabled={points.length <= 2}
                onClick={() => edit({ kind: 'remove', path: [...props.path, 'piecewise', k] })}
              >
                Remove point {k + 1}
              </button>
            </div>
          ))}
          <button
            type="button"
            className="st-small"
            onClick={() => edit({ kind: 'insert', path: [...props.path, 'piecewise'], value: [max, 0] })}
          >
            Add a point
          </button>
        </div>
      )}
    </>
  );
}

/** Conditions by issue id: the values allowed of a discrete issue, a [min, max] of a numeric one. */
function Conditions(props: { path: Path; legend: string }): React.JSX.Element {
  const { state, edit } = useStudio();
  const conditions = asRecord(getAt(state.doc, props.path)) ?? {};
  return (
    <fieldset className="st-list st-conditions">
      <legend>{props.legend}</legend>
      <GroupProblems path={props.path} />
      {issuesOf(state.doc).map((issue) => {
        const iid = str(issue.id);
        const label = str(issue.label) || iid;
        const c = conditions[iid];
        const on = c !== undefined;
        const ids = valueIdsOf(issue);
        const cPath: Path = [...props.path, iid];
        return (
          <div className="st-condition" key={iid}>
            <label className="st-check">
              <input
                type="checkbox"
                checked={on}
                onChange={(e) =>
                  edit(
                    e.target.checked
                      ? {
                          kind: 'set',
                          path: cPath,
                          value:
                            issue.type === 'discrete' ? ids.slice(0, 1) : { min: pointOf(issue.min) ?? 0 },
                        }
                      : { kind: 'remove', path: cPath },
                  )
                }
              />
              {label}
            </label>
            {on && issue.type === 'discrete' && (
              <fieldset className="st-wrap">
                <legend className="sr-only">Values of {label}</legend>
                {ids.map((v) => {
                  const list = asList(c).map(str);
                  const vl =
                    str(
                      asList(issue.values)
                        .map(asRecord)
                        .find((x) => x?.id === v)?.label,
                    ) || v;
                  return (
                    <label className="st-check" key={v}>
                      <input
                        type="checkbox"
                        checked={list.includes(v)}
                        onChange={(e) => {
                          const next = e.target.checked
                            ? ids.filter((x) => x === v || list.includes(x))
                            : list.filter((x) => x !== v);
                          edit(
                            next.length > 0
                              ? { kind: 'set', path: cPath, value: next }
                              : { kind: 'remove', path: cPath },
                          );
                        }}
                      />
                      {vl}
                    </label>
                  );
                })}
              </fieldset>
            )}
            {on && issue.type !== 'discrete' && (
              <div className="st-grid2">
                <NumberField
                  label={`${label}: at least`}
                  path={[...cPath, 'min']}
                  bounds={{}}
                  plain
                  optional
                />
                <NumberField
                  label={`${label}: at most`}
                  path={[...cPath, 'max']}
                  bounds={{}}
                  plain
                  optional
                />
              </div>
            )}
          </div>
        );
      })}
    </fieldset>
  );
}

function RedLines(props: { index: number }): React.JSX.Element {
  const { state, edit } = useStudio();
  const i = props.index;
  const path: Path = ['parties', i, 'redLines'];
  const lines = asList(getAt(state.doc, path));
  return (
    <fieldset className="st-list" data-testid={`party-${i}-redlines`}>
      <legend>Red lines: outcomes this party can never accept</legend>
      <GroupProblems path={path} />
      {lines.map((raw, k) => {
        const line = asRecord(raw) ?? {};
        const kind = 'require' in line ? 'require' : 'forbid';
        const lp: Path = [...path, k];
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: ids may repeat while a file is being fixed; the position is the identity
          <div className="st-value" key={`${k}-${str(line.id)}`}>
            <GroupProblems path={lp} />
            <div className="st-grid2">
              <TextField label={`Red line ${k + 1}`} path={[...lp, 'label']} />
              <TextField label={`Id of red line ${k + 1}`} path={[...lp, 'id']} />
            </div>
            <div className="st-field">
              <label htmlFor={`st-rl-${i}-${k}`}>Kind</label>
              <select
                id={`st-rl-${i}-${k}`}
                value={kind}
                onChange={(e) => {
                  const { require: r, forbid: f, ...rest } = line;
                  edit({ kind: 'set', path: lp, value: { ...rest, [e.target.value]: r ?? f ?? {} } });
                }}
              >
                <option value="forbid">Forbid: no agreement may meet all of these</option>
                <option value="require">Require: every agreement must meet all of these</option>
              </select>
            </div>
            <Conditions path={[...lp, kind]} legend="Conditions" />
            <StringListField
              label="Sources"
              path={[...lp, 'sources']}
              itemLabel="Source"
              addLabel="Add a source"
              placeholder="https://…"
            />
            <TextField label="Note" path={[...lp, 'note']} optional />
            <ItemButtons
              what={`red line ${str(line.label) || k + 1}`}
              index={k}
              count={lines.length}
              onMove={(to) => edit({ kind: 'move', path, from: k, to })}
              onRemove={() =>
                edit(lines.length === 1 ? { kind: 'remove', path } : { kind: 'remove', path: lp })
              }
            />
          </div>
        );
      })}
      <button
        type="button"
        className="st-small"
        onClick={() => {
          const first = issuesOf(state.doc)[0];
          const iid = str(first?.id);
          const cond =
            first?.type === 'discrete' ? valueIdsOf(first).slice(-1) : { min: pointOf(first?.max) ?? 0 };
          const ids = lines.map((l) => str(asRecord(l)?.id));
          edit({
            kind: 'insert',
            path,
            value: {
              id: uniqueId('red-line', ids, '-'),
              label: 'New red line',
              forbid: iid ? { [iid]: cond } : {},
            },
          });
        }}
        data-testid={`party-${i}-add-redline`}
      >
        Add a red line
      </button>
    </fieldset>
  );
}

function Linkage(props: { index: number }): React.JSX.Element {
  const { state, edit } = useStudio();
  const i = props.index;
  const path: Path = ['parties', i, 'regions'];
  const regions = asList(getAt(state.doc, path));
  return (
    <fieldset className="st-list" data-testid={`party-${i}-linkage`}>
      <legend>Linkage: worth added (or taken) when issues move together</legend>
      <GroupProblems path={path} />
      <p className="hint">
        A term adds its value to the utility when every condition holds ("easing chip software is worth 0.1
        more only if rare-earth licences are approved").
      </p>
      {regions.map((raw, k) => {
        const region = asRecord(raw) ?? {};
        const rp: Path = [...path, k];
        const unless = asList(region.unless).length;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: regions have no ids
          <div className="st-value" key={k}>
            <GroupProblems path={rp} />
            <TextField label={`Linkage term ${k + 1}`} path={[...rp, 'label']} optional />
            <NumberField
              label={`Value of term ${k + 1}`}
              path={[...rp, 'value']}
              bounds={{ min: -1, max: 1 }}
              slider
            />
            <Conditions path={[...rp, 'when']} legend="When" />
            {unless > 0 && (
              <p className="hint">
                {unless} excluded box{unless === 1 ? '' : 'es'} (`unless`): edit them on the YAML page.
              </p>
            )}
            <ItemButtons
              what={`linkage term ${k + 1}`}
              index={k}
              count={regions.length}
              onMove={(to) => edit({ kind: 'move', path, from: k, to })}
              onRemove={() =>
                edit(regions.length === 1 ? { kind: 'remove', path } : { kind: 'remove', path: rp })
              }
            />
          </div>
        );
      })}
      <button
        type="button"
        className="st-small"
        onClick={() => {
          const [a, b] = issuesOf(state.doc);
          const when: Record<string, unknown> = {};
          for (const issue of [a, b]) {
            if (!issue) continue;
            when[str(issue.id)] =
              issue.type === 'discrete' ? valueIdsOf(issue).slice(-1) : { min: pointOf(issue.max) ?? 0 };
          }
          edit({ kind: 'insert', path, value: { label: 'New linkage', value: 0.1, when } });
        }}
      >
        Add a linkage term
      </button>
    </fieldset>
  );
}
