/**
 * Where a scenario comes into the studio: a blank one, a file (a native scenario or a draft made
 * by `lancaster draft`, read here; GENIUS XML or GeniusWeb JSON, read by the server's importer),
 * a folder of GENIUS files, or a scenario the server ships.
 */
import { useEffect, useId, useState } from 'react';
import type { Problem } from '../../../src/errors.ts';
import { type ApiError, asApiError, fetchScenarios } from '../api.ts';
import { ErrorBox } from '../components.tsx';
import type { ScenarioSummary } from '../types.ts';
import { blankScenario, type Doc } from './doc.ts';
import { type Opened, openFiles, type PickedFile, readNative } from './files.ts';
import { fetchScenarioDocument, importFiles } from './studio-api.ts';

export interface OpenedDoc {
  readonly doc: Doc;
  readonly file: string;
  readonly original: string | null;
}

async function picked(list: FileList | null): Promise<PickedFile[]> {
  return Promise.all(
    [...(list ?? [])].map(async (f) => ({
      name: f.name,
      ...(f.webkitRelativePath ? { path: f.webkitRelativePath } : {}),
      text: await f.text(),
    })),
  );
}

export function OpenPage(props: {
  current: { title: string } | null;
  onOpen: (d: OpenedDoc) => void;
  onContinue: () => void;
}): React.JSX.Element {
  const ids = useId();
  const [scenarios, setScenarios] = useState<readonly ScenarioSummary[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [problems, setProblems] = useState<readonly Problem[]>([]);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    fetchScenarios().then(setScenarios, (e: unknown) => setError(asApiError(e)));
  }, []);

  const settle = async (opened: Opened) => {
    if (opened.kind === 'native') props.onOpen(opened);
    else if (opened.kind === 'problems') setProblems(opened.problems);
    else {
      const r = await importFiles({
        files: [...opened.files],
        ...(opened.folder ? { name: opened.folder } : {}),
      });
      const again = readNative(r.text, r.file);
      if (again.kind === 'native') props.onOpen({ ...again, original: r.text });
      else if (again.kind === 'problems') setProblems(again.problems);
    }
  };
  const guarded = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setProblems([]);
    try {
      await work();
    } catch (e) {
      const err = asApiError(e);
      setError(err);
      setProblems(err.problems);
    } finally {
      setBusy(false);
    }
  };
  const onFiles = (list: FileList | null) => guarded(async () => settle(openFiles(await picked(list))));

  return (
    <main className="st-open" data-testid="studio-open">
      <section className="intro">
        <h1>Scenario studio</h1>
        <p>
          Create or edit a negotiation scenario without writing YAML: issues and values, parties, their
          weights and scores, red lines and linkage, the sittings, the uncertainty and the source of every
          number. Problems show at their field as you type; the deals the scenario allows are recomputed in
          this browser; a run and a forecast are one click away; the result downloads as YAML that{' '}
          <code>lancaster validate</code> accepts.
        </p>
      </section>
      {error && <ErrorBox error={error} onDismiss={() => setError(null)} />}
      {problems.length > 0 && (
        <ul className="st-problems" role="alert" data-testid="open-problems">
          {problems.map((p) => (
            <li key={`${p.file}:${p.line}:${p.column}:${p.message}`}>
              {p.file ? `${p.file}${p.line ? `:${p.line}:${p.column ?? 1}` : ''}: ` : ''}
              {p.message}
              {p.expected ? ` (expected ${p.expected})` : ''}
            </li>
          ))}
        </ul>
      )}
      <div className="st-open-grid">
        <section className="card" aria-labelledby={`${ids}-new`}>
          <h2 id={`${ids}-new`}>Start</h2>
          {props.current && (
            <p>
              <button type="button" className="primary" onClick={props.onContinue} data-testid="continue">
                Continue with {props.current.title}
              </button>
            </p>
          )}
          <p>
            <button
              type="button"
              className={props.current ? 'secondary' : 'primary'}
              onClick={() => props.onOpen({ doc: blankScenario(), file: 'untitled.yaml', original: null })}
              data-testid="new-blank"
            >
              A blank scenario
            </button>
          </p>
          <p className="hint">Two parties and one issue to begin with; add what the talks are about.</p>
        </section>
        <section className="card" aria-labelledby={`${ids}-file`}>
          <h2 id={`${ids}-file`}>Open files</h2>
          <div className="st-field">
            <label htmlFor={`${ids}-files`}>A scenario, a draft, or GENIUS / GeniusWeb files</label>
            <input
              id={`${ids}-files`}
              type="file"
              multiple
              accept=".yaml,.yml,.json,.xml"
              disabled={busy}
              onChange={(e) => void onFiles(e.target.files)}
              data-testid="open-file"
              aria-describedby={`${ids}-files-hint`}
            />
            <span className="hint" id={`${ids}-files-hint`}>
              A .yaml or .json scenario, or a draft made by <code>lancaster draft</code> (its todos become a
              checklist with their evidence); or a GENIUS domain file with its profile files (.xml, chosen
              together), or GeniusWeb files (.json), which the server imports as <code>lancaster import</code>{' '}
              does.
            </span>
          </div>
          <div className="st-field">
            <label htmlFor={`${ids}-folder`}>Or a GENIUS or GeniusWeb folder</label>
            <input
              id={`${ids}-folder`}
              type="file"
              disabled={busy}
              onChange={(e) => void onFiles(e.target.files)}
              {...{ webkitdirectory: '' }}
            />
          </div>
        </section>
        <section className="card" aria-labelledby={`${ids}-shipped`}>
          <h2 id={`${ids}-shipped`}>Edit a shipped scenario</h2>
          {scenarios === null && !error && <p className="muted">Loading…</p>}
          <ul className="st-plain st-shipped">
            {(scenarios ?? []).map((s) => (
              <li key={s.id}>
                <button
                  type="button"
                  className="link"
                  disabled={busy}
                  onClick={() =>
                    void guarded(async () => {
                      const d = await fetchScenarioDocument(s.id);
                      await settle(readNative(d.text, d.file));
                    })
                  }
                  data-testid={`open-${s.id}`}
                >
                  {s.title}
                </button>
              </li>
            ))}
          </ul>
          <p className="hint">
            A copy: what you change here is downloaded, never written over the shipped file.
          </p>
        </section>
      </div>
      {busy && (
        <p className="muted" aria-live="polite">
          Opening…
        </p>
      )}
    </main>
  );
}
