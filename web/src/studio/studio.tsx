/**
 * The scenario studio (routes `#/studio` and `#/studio/open`), loaded only when asked for: the
 * editor's state (state.ts) kept in this tab's local storage, so that a reload or a closed tab
 * loses nothing; the toolbar (open, undo, redo, download); the pages of the editor; and the live
 * panel. Ctrl+Z and Ctrl+Shift+Z (or Ctrl+Y) undo and redo from anywhere but the YAML text.
 */
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { fetchNegotiators } from '../api.ts';
import { go } from '../route.ts';
import { asList, asRecord, type Doc, str } from './doc.ts';
import { StudioContext, type StudioContextValue } from './fields.tsx';
import { downloadName, saveText } from './files.ts';
import { AnalysisBox, ProblemsBox, RunBox } from './live-panel.tsx';
import { type OpenedDoc, OpenPage } from './open.tsx';
import { checkDoc, fieldId, type Section, sectionOf } from './problems.ts';
import { IssuesSection } from './section-issues.tsx';
import { ChecklistSection, ScenarioSection, TableSection, YamlSection } from './section-other.tsx';
import { PartiesSection } from './section-parties.tsx';
import { type Edit, openState, type StudioAction, type StudioState, studioReducer } from './state.ts';
import type { StudioSimulateResponse } from './studio-api.ts';
import { useLiveAnalysis } from './use-analysis.ts';
import './studio.css';

/** Where the document is kept between visits (this browser only). */
const STORAGE_KEY = 'lancaster.studio.v1';

function restore(): StudioState | null {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as {
      doc?: unknown;
      file?: unknown;
      original?: unknown;
    } | null;
    const doc = asRecord(saved?.doc);
    if (!saved || !doc) return null;
    return openState(
      doc,
      str(saved.file) || 'untitled.yaml',
      typeof saved.original === 'string' ? saved.original : null,
    );
  } catch {
    return null;
  }
}

function reducer(s: StudioState | null, a: StudioAction): StudioState | null {
  if (a.type === 'open') return studioReducer(s ?? openState(a.doc, a.file, a.original), a);
  return s ? studioReducer(s, a) : s;
}

const SECTIONS: { id: Section; label: string }[] = [
  { id: 'scenario', label: 'Scenario' },
  { id: 'issues', label: 'Issues' },
  { id: 'parties', label: 'Parties' },
  { id: 'table', label: 'Table' },
  { id: 'checklist', label: 'Checklist' },
  { id: 'yaml', label: 'YAML' },
];

/** The studio page. */
export default function Studio(props: { page: 'open' | 'edit' }): React.JSX.Element {
  const [state, dispatch] = useReducer(reducer, null, restore);
  const page = state ? props.page : 'open';
  const title = state ? str(state.doc.title) || str(state.doc.id) || 'untitled' : null;

  useEffect(() => {
    document.title = `${page === 'open' ? 'Open' : title} · Scenario studio · Lancaster`;
  }, [page, title]);

  // Kept in this browser as it changes: a reload or a closed tab loses nothing.
  useEffect(() => {
    if (!state) return;
    const t = setTimeout(() => {
      try {
        localStorage.setItem(
          STORAGE_KEY,
          JSON.stringify({ doc: state.doc, file: state.file, original: state.original }),
        );
      } catch {
        // Storage full or unavailable: the document is still in the page, and downloadable.
      }
    }, 300);
    return () => clearTimeout(t);
  }, [state]);

  const open = (d: OpenedDoc) => {
    dispatch({ type: 'open', doc: d.doc, file: d.file, original: d.original });
    go({ name: 'studio', page: 'edit' });
  };

  if (page === 'open' || !state) {
    return (
      <OpenPage
        current={state && title !== null ? { title } : null}
        onOpen={open}
        onContinue={() => go({ name: 'studio', page: 'edit' })}
      />
    );
  }
  return <Editor state={state} dispatch={dispatch} />;
}

function Editor(props: { state: StudioState; dispatch: (a: StudioAction) => void }): React.JSX.Element {
  const { state, dispatch } = props;
  const [section, setSection] = useState<Section>(() =>
    asList(state.doc.todos).length > 0 ? 'checklist' : 'issues',
  );
  const [negotiators, setNegotiators] = useState<readonly string[]>([]);
  const [run, setRun] = useState<StudioSimulateResponse | null>(null);
  const focus = useRef<string | null>(null);
  const [focusRequest, setFocusRequest] = useState<{ key: string; nonce: number } | null>(null);
  const focusNonce = focusRequest?.nonce ?? 0;

  useEffect(() => {
    fetchNegotiators().then(
      (list) => setNegotiators(list.map((n) => n.name)),
      () => setNegotiators([]),
    );
  }, []);

  const checked = useMemo(() => checkDoc(state.doc, state.file), [state.doc, state.file]);
  const live = useLiveAnalysis(state.doc);

  const edit = useCallback(
    (e: Edit, opts: { group?: string; label?: string } = {}) =>
      dispatch({
        type: 'edit',
        edit: e,
        ...(opts.group !== undefined ? { group: opts.group, at: Date.now() } : {}),
        ...(opts.label !== undefined ? { label: opts.label } : {}),
      }),
    [dispatch],
  );

  const goTo = useCallback((key: string) => {
    setSection(sectionOf(key));
    focus.current = key;
    setFocusRequest((r) => ({ key, nonce: (r?.nonce ?? 0) + 1 }));
  }, []);

  // Focus the field asked for once its page is shown (a party's page may need a frame to switch).
  useEffect(() => {
    const key = focus.current;
    if (focusNonce === 0 || key === null) return;
    let tries = 0;
    let frame = 0;
    const attempt = () => {
      const parts = key.split('.');
      for (let n = parts.length; n > 0; n--) {
        const el = document.getElementById(fieldId(parts.slice(0, n).join('.')));
        if (el) {
          el.scrollIntoView({ block: 'center' });
          (el as HTMLElement).focus({ preventScroll: true });
          focus.current = null;
          return;
        }
      }
      if (++tries < 10) frame = requestAnimationFrame(attempt);
    };
    frame = requestAnimationFrame(attempt);
    return () => cancelAnimationFrame(frame);
  }, [focusNonce]);

  // Undo and redo from the keyboard, anywhere but in the YAML text being edited.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      const target = e.target as HTMLElement | null;
      if (target instanceof HTMLTextAreaElement && !target.readOnly && target.id === 'st-yaml') return;
      const k = e.key.toLowerCase();
      if (k === 'z' && !e.shiftKey) dispatch({ type: 'undo' });
      else if ((k === 'z' && e.shiftKey) || k === 'y') dispatch({ type: 'redo' });
      else return;
      e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [dispatch]);

  const context: StudioContextValue = { state, checked, edit, goTo, negotiators, focusRequest };
  const openTodos = asList(state.doc.todos).filter((t) => asRecord(t)?.done !== true).length;
  const countFor = (s: Section) => checked.problems.filter((p) => sectionOf(p.path) === s).length;
  const lastUndo = state.past[state.past.length - 1]?.label;
  const lastRedo = state.future[state.future.length - 1]?.label;

  const download = () => {
    const text = saveText(state.doc, state.original);
    const url = URL.createObjectURL(new Blob([text], { type: 'application/yaml' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = downloadName(state.doc as Doc, state.file);
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  return (
    <StudioContext.Provider value={context}>
      <main className="st-main" data-testid="studio">
        <div className="st-toolbar" role="toolbar" aria-label="Scenario file">
          <span className="st-file" title={state.file}>
            {str(state.doc.title) || state.file}
          </span>
          <button type="button" onClick={() => go({ name: 'studio', page: 'open' })} data-testid="to-open">
            Open…
          </button>
          <button
            type="button"
            onClick={() => dispatch({ type: 'undo' })}
            disabled={!lastUndo}
            title={lastUndo ? `Undo: ${lastUndo} (Ctrl+Z)` : 'Nothing to undo'}
            aria-keyshortcuts="Control+Z"
            data-testid="undo"
          >
            Undo
          </button>
          <button
            type="button"
            onClick={() => dispatch({ type: 'redo' })}
            disabled={!lastRedo}
            title={lastRedo ? `Redo: ${lastRedo} (Ctrl+Shift+Z)` : 'Nothing to redo'}
            aria-keyshortcuts="Control+Shift+Z Control+Y"
            data-testid="redo"
          >
            Redo
          </button>
          <button type="button" className="primary" onClick={download} data-testid="download">
            Download YAML
          </button>
        </div>
        <nav className="st-tabs" aria-label="Studio pages">
          {SECTIONS.map((s) => {
            const n = countFor(s.id);
            const extra = s.id === 'checklist' && openTodos > 0 ? ` (${openTodos} open)` : '';
            return (
              <button
                type="button"
                key={s.id}
                className={`st-tab ${section === s.id ? 'current' : ''}`}
                aria-current={section === s.id ? 'page' : undefined}
                onClick={() => setSection(s.id)}
                data-testid={`tab-${s.id}`}
              >
                {s.label}
                {extra}
                {n > 0 && (
                  <span className="st-count" title={`${n} problem${n === 1 ? '' : 's'}`}>
                    {n}
                    <span className="sr-only"> problem{n === 1 ? '' : 's'}</span>
                  </span>
                )}
              </button>
            );
          })}
        </nav>
        <div className="st-layout">
          <div className="st-editor">
            {section === 'scenario' && <ScenarioSection />}
            {section === 'issues' && <IssuesSection />}
            {section === 'parties' && <PartiesSection />}
            {section === 'table' && <TableSection />}
            {section === 'checklist' && <ChecklistSection />}
            {section === 'yaml' && <YamlSection />}
          </div>
          <aside className="st-side" aria-label="Live checks, deals and runs">
            <ProblemsBox />
            <AnalysisBox analysis={live.analysis} computing={live.computing} run={run} />
            <RunBox run={run} onRun={setRun} />
          </aside>
        </div>
      </main>
    </StudioContext.Provider>
  );
}
