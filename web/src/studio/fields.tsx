/**
 * The studio's fields: every control is a labelled native input, select or button (so the page is
 * used with the keyboard alone), knows its path in the document, shows the problems the format's
 * checks find there (linked with aria-describedby), and changes the document only through edits.
 * `NumberField` edits any number of the format: its point value (with a slider when the field is
 * bounded), its uncertainty (range, triangular, normal or choice) and its provenance (sources,
 * note, judgement).
 */
import { createContext, useContext, useEffect, useId, useState } from 'react';
import type { Problem } from '../../../src/errors.ts';
import {
  asList,
  bodyNumbers,
  convertForm,
  formOf,
  getAt,
  type NumberBounds,
  type NumberForm,
  type Path,
  pointOf,
  provenanceOf,
  str,
  withBody,
  withPoint,
  withProvenance,
} from './doc.ts';
import { type Checked, fieldId } from './problems.ts';
import type { Edit, StudioState } from './state.ts';

/** What every field reads and writes. */
export interface StudioContextValue {
  readonly state: StudioState;
  readonly checked: Checked;
  /** Applies an edit; `group` merges repeated edits (typing) into one step of the history. */
  edit(e: Edit, opts?: { readonly group?: string; readonly label?: string }): void;
  /** Shows and focuses the field at a dotted path (from a problem or a todo). */
  goTo(key: string): void;
  /** Names of the registered negotiators, for the negotiator fields. */
  readonly negotiators: readonly string[];
  /** The field last asked for by `goTo` (pages that show one item at a time follow it). */
  readonly focusRequest: { readonly key: string; readonly nonce: number } | null;
}

export const StudioContext = createContext<StudioContextValue | null>(null);

export function useStudio(): StudioContextValue {
  const c = useContext(StudioContext);
  if (!c) throw new Error('a studio field outside the studio');
  return c;
}

/** Counts focus changes: typing merges into one history step only while one field keeps the focus. */
let focusSessions = 0;

/**
 * The history group of a field's edits: its path and the time it last took the focus, so that
 * typing into it is one step, and coming back to it later is another.
 */
export function useEditGroup(key: string): { group: string; onFocus: () => void } {
  const [session, setSession] = useState(0);
  return { group: `${key}@${session}`, onFocus: () => setSession(++focusSessions) };
}

/** The id, error id and problems of the field at `path`. */
export function useField(path: Path): {
  id: string;
  key: string;
  errId: string;
  problems: readonly Problem[];
} {
  const { checked } = useStudio();
  const key = checked.key(path);
  const id = fieldId(key);
  return { id, key, errId: `${id}-problems`, problems: checked.at(path) };
}

/** The problems of one field, under it. */
export function FieldProblems(props: { id: string; problems: readonly Problem[] }): React.JSX.Element | null {
  if (props.problems.length === 0) return null;
  return (
    <ul className="st-problems" id={props.id} data-testid="field-problems">
      {props.problems.map((p) => (
        <li key={`${p.code}${p.message}`}>
          {p.message}
          {p.expected ? <span className="muted"> (expected {p.expected})</span> : null}
        </li>
      ))}
    </ul>
  );
}

/** What follows a field: its hint, then its problems. */
function FieldFoot(props: {
  hint: string | undefined;
  hintId: string | undefined;
  errId: string;
  problems: readonly Problem[];
}): React.JSX.Element {
  return (
    <>
      {props.hint && (
        <span className="hint" id={props.hintId}>
          {props.hint}
        </span>
      )}
      <FieldProblems id={props.errId} problems={props.problems} />
    </>
  );
}

/** The problems of a group of fields (a party's weights, a red line), shown once above them. */
export function GroupProblems(props: { path: Path }): React.JSX.Element | null {
  const f = useField(props.path);
  return (
    <div id={f.id} tabIndex={-1} className="st-anchor">
      <FieldProblems id={f.errId} problems={f.problems} />
    </div>
  );
}

const describedBy = (f: { errId: string; problems: readonly Problem[] }, hintId?: string) =>
  [f.problems.length > 0 ? f.errId : '', hintId ?? ''].filter(Boolean).join(' ') || undefined;

/** A text field of the document; `optional` removes the key when emptied. */
export function TextField(props: {
  label: string;
  path: Path;
  optional?: boolean;
  multiline?: boolean;
  hint?: string;
  testId?: string;
  placeholder?: string;
}): React.JSX.Element {
  const { state, edit } = useStudio();
  const f = useField(props.path);
  const hintId = props.hint ? `${f.id}-hint` : undefined;
  const value = str(getAt(state.doc, props.path));
  const g = useEditGroup(f.key);
  const onChange = (v: string) =>
    edit(
      { kind: 'set', path: props.path, value: v === '' && props.optional ? undefined : v },
      { group: g.group },
    );
  const common = {
    id: f.id,
    onFocus: g.onFocus,
    value,
    'aria-invalid': f.problems.length > 0 || undefined,
    'aria-describedby': describedBy(f, hintId),
    'data-testid': props.testId,
    placeholder: props.placeholder,
  };
  return (
    <div className="st-field">
      <label htmlFor={f.id}>{props.label}</label>
      {props.multiline ? (
        <textarea {...common} rows={3} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input type="text" {...common} onChange={(e) => onChange(e.target.value)} />
      )}
      <FieldFoot hint={props.hint} hintId={hintId} errId={f.errId} problems={f.problems} />
    </div>
  );
}

/**
 * An id: edited freely, applied when the field is left (or Enter is pressed), since renaming
 * changes every reference to it. An id already in use is not applied (the field goes back).
 */
export function IdField(props: {
  label: string;
  path: Path;
  onRename: (to: string) => void;
  hint?: string;
  testId?: string;
}): React.JSX.Element {
  const { state } = useStudio();
  const f = useField(props.path);
  const value = str(getAt(state.doc, props.path));
  const [local, setLocal] = useState(value);
  useEffect(() => setLocal(value), [value]);
  const hintId = `${f.id}-hint`;
  const commit = () => {
    const to = local.trim();
    if (to !== value && to !== '') props.onRename(to);
    setLocal(value);
  };
  return (
    <div className="st-field st-id">
      <label htmlFor={f.id}>{props.label}</label>
      <input
        type="text"
        id={f.id}
        value={local}
        spellCheck={false}
        autoCapitalize="off"
        onChange={(e) => setLocal(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            commit();
          }
        }}
        aria-invalid={f.problems.length > 0 || undefined}
        aria-describedby={describedBy(f, hintId)}
        data-testid={props.testId}
      />
      <span className="hint" id={hintId}>
        {props.hint ?? 'Renamed everywhere it is used when you leave the field.'}
      </span>
      <FieldProblems id={f.errId} problems={f.problems} />
    </div>
  );
}

/** A select of the document (`''` removes the key when `optional`). */
export function SelectField(props: {
  label: string;
  path: Path;
  options: readonly { value: string; label: string }[];
  optional?: boolean;
  hint?: string | undefined;
  testId?: string;
  onChange?: (value: string) => void;
}): React.JSX.Element {
  const { state, edit } = useStudio();
  const f = useField(props.path);
  const hintId = props.hint ? `${f.id}-hint` : undefined;
  const value = str(getAt(state.doc, props.path));
  return (
    <div className="st-field">
      <label htmlFor={f.id}>{props.label}</label>
      <select
        id={f.id}
        value={value}
        onChange={(e) => {
          const v = e.target.value;
          if (props.onChange) props.onChange(v);
          else edit({ kind: 'set', path: props.path, value: v === '' && props.optional ? undefined : v });
        }}
        aria-invalid={f.problems.length > 0 || undefined}
        aria-describedby={describedBy(f, hintId)}
        data-testid={props.testId}
      >
        {props.optional && <option value="">(not set)</option>}
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldFoot hint={props.hint} hintId={hintId} errId={f.errId} problems={f.problems} />
    </div>
  );
}

/** A list of strings (sources, notes): one input each, with add and remove. */
export function StringListField(props: {
  label: string;
  path: Path;
  itemLabel: string;
  addLabel: string;
  placeholder?: string;
  testId?: string;
}): React.JSX.Element {
  const { state, edit } = useStudio();
  const f = useField(props.path);
  const list = asList(getAt(state.doc, props.path)).map(str);
  const g = useEditGroup(f.key);
  const set = (next: string[]) =>
    edit({ kind: 'set', path: props.path, value: next.length > 0 ? next : undefined }, { group: g.group });
  return (
    <fieldset className="st-list" id={f.id} data-testid={props.testId}>
      <legend>{props.label}</legend>
      {list.map((item, k) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the list's items are plain strings, edited in place
        <div className="st-row" key={k}>
          <label className="sr-only" htmlFor={`${f.id}-${k}`}>
            {props.itemLabel} {k + 1}
          </label>
          <input
            type="text"
            id={`${f.id}-${k}`}
            value={item}
            placeholder={props.placeholder}
            onFocus={g.onFocus}
            onChange={(e) => set(list.map((x, j) => (j === k ? e.target.value : x)))}
          />
          <button
            type="button"
            className="st-small"
            onClick={() => set(list.filter((_, j) => j !== k))}
            aria-label={`Remove ${props.itemLabel.toLowerCase()} ${k + 1}`}
          >
            Remove
          </button>
        </div>
      ))}
      <button type="button" className="st-small" onClick={() => set([...list, ''])}>
        {props.addLabel}
      </button>
      <FieldProblems id={f.errId} problems={f.problems} />
    </fieldset>
  );
}

const FORMS: { value: NumberForm; label: string }[] = [
  { value: 'point', label: 'A value' },
  { value: 'range', label: 'Uncertain: uniform range' },
  { value: 'triangular', label: 'Uncertain: triangular' },
  { value: 'normal', label: 'Uncertain: normal' },
  { value: 'choice', label: 'Uncertain: choice of values' },
];

/** A number typed into a text box: kept as typed while it does not parse yet. */
function NumberInput(props: {
  id: string;
  label: string;
  value: number | undefined;
  onValue: (v: number | undefined) => void;
  disabled?: boolean;
  describedBy?: string | undefined;
  invalid?: boolean;
  testId?: string;
  hideLabel?: boolean;
  step?: string;
  onFocus?: () => void;
}): React.JSX.Element {
  // Float noise (0.30000000000000004) is shown as the number people mean; typing replaces it.
  const shown = props.value === undefined ? '' : String(Number(props.value.toPrecision(12)));
  const [text, setText] = useState(shown);
  const [focused, setFocused] = useState(false);
  useEffect(() => {
    if (!focused) setText(shown);
  }, [shown, focused]);
  return (
    <>
      <label htmlFor={props.id} className={props.hideLabel ? 'sr-only' : undefined}>
        {props.label}
      </label>
      <input
        type="text"
        inputMode="decimal"
        id={props.id}
        value={focused ? text : shown}
        disabled={props.disabled}
        onFocus={() => {
          setText(shown);
          setFocused(true);
          props.onFocus?.();
        }}
        onBlur={() => setFocused(false)}
        onChange={(e) => {
          const t = e.target.value;
          setText(t);
          if (t.trim() === '') props.onValue(undefined);
          else {
            const n = Number(t);
            if (Number.isFinite(n)) props.onValue(n);
          }
        }}
        aria-invalid={props.invalid || undefined}
        aria-describedby={props.describedBy}
        data-testid={props.testId}
      />
    </>
  );
}

/** Short text of an uncertain number: "range 0.3–0.5", "triangular 0.1, 0.2, 0.4", … */
function formSummary(n: unknown): string {
  const b = bodyNumbers(n);
  const list = (x: unknown) => asList(x).map(str).join(', ');
  switch (formOf(n)) {
    case 'range':
      return `range ${list(b.range)}`;
    case 'triangular':
      return `triangular ${list(b.triangular)}`;
    case 'normal': {
      const nm = b.normal as { mean?: unknown; sd?: unknown } | undefined;
      return `normal mean ${str(nm?.mean)}, sd ${str(nm?.sd)}`;
    }
    case 'choice':
      return `choice of ${asList(b.choice).length}`;
    default:
      return '';
  }
}

/**
 * A number of the format. `onPoint` replaces how the point value is set (a weight rescales the
 * others); `onValue` how the whole number is set (a sitting's rounds move the deadline).
 */
export function NumberField(props: {
  label: string;
  path: Path;
  bounds: NumberBounds;
  hint?: string;
  testId?: string;
  slider?: boolean;
  optional?: boolean;
  disabled?: boolean;
  /** Sets the point value; `group` is the field's history group (typing merges into one step). */
  onPoint?: (v: number, group: string) => void;
  /** Sets the whole number; `group` as for `onPoint`. */
  onValue?: (value: unknown, group: string) => void;
  /** No uncertainty or provenance (fields of the format that are plain numbers). */
  plain?: boolean;
}): React.JSX.Element {
  const { state, edit } = useStudio();
  const f = useField(props.path);
  const under = useStudio()
    .checked.under(props.path)
    .filter((p) => !f.problems.includes(p));
  const [open, setOpen] = useState(false);
  const detailsId = useId();
  const hintId = props.hint ? `${f.id}-hint` : undefined;
  const raw = getAt(state.doc, props.path);
  const form = formOf(raw);
  const point = pointOf(raw);
  const prov = provenanceOf(raw);
  const g = useEditGroup(f.key);
  const setValue = (value: unknown) =>
    props.onValue
      ? props.onValue(value, g.group)
      : edit({ kind: 'set', path: props.path, value }, { group: g.group });
  const setPoint = (v: number | undefined) => {
    if (v === undefined) {
      if (props.optional) setValue(undefined);
      return;
    }
    if (props.bounds.integer) v = Math.round(v);
    if (props.onPoint) props.onPoint(v, g.group);
    else setValue(props.plain ? v : withPoint(raw, v));
  };
  const { min, max } = props.bounds;
  const extras = [
    form !== 'point' ? formSummary(raw) : '',
    prov.sources?.length ? `${prov.sources.length} source${prov.sources.length === 1 ? '' : 's'}` : '',
    prov.note ? 'note' : '',
    prov.judgement ? 'judgement' : '',
  ].filter(Boolean);
  return (
    <div className={`st-field st-number ${props.disabled ? 'st-disabled' : ''}`}>
      <div className="st-number-row">
        <div className="st-number-main">
          <NumberInput
            id={f.id}
            label={props.label}
            value={point}
            onValue={setPoint}
            onFocus={g.onFocus}
            disabled={(form !== 'point' && !props.onPoint) || props.disabled === true}
            describedBy={describedBy(f, hintId)}
            invalid={f.problems.length > 0}
            {...(props.testId ? { testId: props.testId } : {})}
          />
        </div>
        {props.slider && min !== undefined && max !== undefined && (
          <input
            type="range"
            className="st-slider"
            min={min}
            max={max}
            step={(max - min) / 100}
            value={point ?? min}
            disabled={props.disabled}
            onChange={(e) => setPoint(Number(e.target.value))}
            aria-label={`${props.label} (slider)`}
            data-testid={props.testId ? `${props.testId}-slider` : undefined}
          />
        )}
        {!props.plain && (
          <button
            type="button"
            className={`st-small st-more ${extras.length > 0 ? 'st-has' : ''}`}
            aria-expanded={open}
            aria-controls={detailsId}
            onClick={() => setOpen((o) => !o)}
            title="Uncertainty, sources, note and judgement"
            data-testid={props.testId ? `${props.testId}-more` : undefined}
          >
            {extras.length > 0 ? extras.join(' · ') : '± sources'}
            <span className="sr-only"> of {props.label}</span>
          </button>
        )}
      </div>
      <FieldFoot hint={props.hint} hintId={hintId} errId={f.errId} problems={f.problems} />
      <FieldProblems id={`${f.errId}-inner`} problems={under} />
      {open && !props.plain && (
        <div className="st-details" id={detailsId}>
          <div className="st-field">
            <label htmlFor={`${detailsId}-form`}>Form of {props.label.toLowerCase()}</label>
            <select
              id={`${detailsId}-form`}
              value={form}
              onChange={(e) => setValue(convertForm(raw, e.target.value as NumberForm, props.bounds))}
              data-testid={props.testId ? `${props.testId}-form` : undefined}
            >
              {FORMS.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
            <span className="hint">
              A single run uses the point value; a forecast samples the distribution
              {min !== undefined || max !== undefined ? `, inside [${min ?? '−∞'}, ${max ?? '∞'}]` : ''}.
            </span>
          </div>
          <DistributionFields raw={raw} id={detailsId} label={props.label} setValue={setValue} />
          <SourcesEditor
            id={`${detailsId}-sources`}
            sources={prov.sources ?? []}
            onChange={(sources) => setValue(withProvenance(raw, { ...prov, sources }))}
          />
          <div className="st-field">
            <label htmlFor={`${detailsId}-note`}>Note</label>
            <input
              type="text"
              id={`${detailsId}-note`}
              value={prov.note ?? ''}
              onChange={(e) => setValue(withProvenance(raw, { ...prov, note: e.target.value }))}
            />
          </div>
          <div className="st-field">
            <label htmlFor={`${detailsId}-judgement`}>Judgement (why, when it is not a sourced fact)</label>
            <input
              type="text"
              id={`${detailsId}-judgement`}
              value={prov.judgement ?? ''}
              onChange={(e) => setValue(withProvenance(raw, { ...prov, judgement: e.target.value }))}
            />
          </div>
        </div>
      )}
    </div>
  );
}

/** The numbers of a distribution, one input each. */
function DistributionFields(props: {
  raw: unknown;
  id: string;
  label: string;
  setValue: (v: unknown) => void;
}): React.JSX.Element | null {
  const { raw, id, setValue } = props;
  const body = bodyNumbers(raw);
  const num = (x: unknown) => (typeof x === 'number' ? x : undefined);
  const tuple = (key: string, names: readonly string[]) => {
    const values = asList(body[key]);
    return (
      <div className="st-inline">
        {names.map((name, k) => (
          <div className="st-field" key={name}>
            <NumberInput
              id={`${id}-${key}-${k}`}
              label={name}
              value={num(values[k])}
              onValue={(v) =>
                setValue(
                  withBody(raw, { ...body, [key]: names.map((_, j) => (j === k ? (v ?? 0) : values[j])) }),
                )
              }
            />
          </div>
        ))}
      </div>
    );
  };
  switch (formOf(raw)) {
    case 'range':
      return tuple('range', ['Low', 'High']);
    case 'triangular':
      return tuple('triangular', ['Low', 'Most likely', 'High']);
    case 'normal': {
      const normal = (body.normal ?? {}) as Record<string, unknown>;
      const set = (k: 'mean' | 'sd', v: number | undefined) =>
        setValue(withBody(raw, { ...body, normal: { ...normal, [k]: v ?? 0 } }));
      return (
        <div className="st-inline">
          <div className="st-field">
            <NumberInput
              id={`${id}-mean`}
              label="Mean"
              value={num(normal.mean)}
              onValue={(v) => set('mean', v)}
            />
          </div>
          <div className="st-field">
            <NumberInput
              id={`${id}-sd`}
              label="Standard deviation"
              value={num(normal.sd)}
              onValue={(v) => set('sd', v)}
            />
          </div>
        </div>
      );
    }
    case 'choice': {
      const choice = asList(body.choice).map((c) => (c ?? {}) as Record<string, unknown>);
      const set = (next: Record<string, unknown>[]) => setValue(withBody(raw, { ...body, choice: next }));
      return (
        <fieldset className="st-list">
          <legend>Values and their probabilities (summing to 1)</legend>
          {choice.map((c, k) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a choice's entries have no ids
            <div className="st-inline" key={k}>
              <div className="st-field">
                <NumberInput
                  id={`${id}-cv-${k}`}
                  label={`Value ${k + 1}`}
                  value={num(c.value)}
                  onValue={(v) => set(choice.map((x, j) => (j === k ? { ...x, value: v ?? 0 } : x)))}
                />
              </div>
              <div className="st-field">
                <NumberInput
                  id={`${id}-cp-${k}`}
                  label={`Probability ${k + 1}`}
                  value={num(c.p)}
                  onValue={(v) => set(choice.map((x, j) => (j === k ? { ...x, p: v ?? 0 } : x)))}
                />
              </div>
              <button
                type="button"
                className="st-small"
                onClick={() => set(choice.filter((_, j) => j !== k))}
                disabled={choice.length <= 1}
              >
                Remove value {k + 1}
              </button>
            </div>
          ))}
          <button type="button" className="st-small" onClick={() => set([...choice, { value: 0, p: 0 }])}>
            Add a value
          </button>
        </fieldset>
      );
    }
    default:
      return null;
  }
}

/** Sources (addresses) of a number or an item. */
export function SourcesEditor(props: {
  id: string;
  sources: readonly string[];
  onChange: (sources: string[]) => void;
}): React.JSX.Element {
  const list = [...props.sources];
  return (
    <fieldset className="st-list">
      <legend>Sources</legend>
      {list.map((s, k) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: sources are plain strings, edited in place
        <div className="st-row" key={k}>
          <label className="sr-only" htmlFor={`${props.id}-${k}`}>
            Source {k + 1}
          </label>
          <input
            type="url"
            id={`${props.id}-${k}`}
            value={s}
            placeholder="https://…"
            onChange={(e) => props.onChange(list.map((x, j) => (j === k ? e.target.value : x)))}
          />
          <button
            type="button"
            className="st-small"
            onClick={() => props.onChange(list.filter((_, j) => j !== k))}
            aria-label={`Remove source ${k + 1}`}
          >
            Remove
          </button>
        </div>
      ))}
      <button type="button" className="st-small" onClick={() => props.onChange([...list, ''])}>
        Add a source
      </button>
    </fieldset>
  );
}

/** Up, down and remove buttons of a list element. */
export function ItemButtons(props: {
  what: string;
  index: number;
  count: number;
  onMove: (to: number) => void;
  onRemove?: () => void;
  removeTestId?: string;
}): React.JSX.Element {
  return (
    <div className="st-item-buttons">
      <button
        type="button"
        className="st-small"
        disabled={props.index === 0}
        onClick={() => props.onMove(props.index - 1)}
        aria-label={`Move ${props.what} up`}
      >
        ↑
      </button>
      <button
        type="button"
        className="st-small"
        disabled={props.index >= props.count - 1}
        onClick={() => props.onMove(props.index + 1)}
        aria-label={`Move ${props.what} down`}
      >
        ↓
      </button>
      {props.onRemove && (
        <button
          type="button"
          className="st-small danger-outline"
          onClick={props.onRemove}
          aria-label={`Remove ${props.what}`}
          data-testid={props.removeTestId}
        >
          Remove
        </button>
      )}
    </div>
  );
}
