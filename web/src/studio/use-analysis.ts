/**
 * The live analysis as a React hook: each new document goes to the analysis worker; while it
 * works, only the latest document waits (edits in between are skipped, not queued), and the page
 * shows the last answer with a "computing" mark. Where workers are unavailable it computes in the
 * page, after a short pause in typing.
 */
import { useEffect, useRef, useState } from 'react';
import { analyseDoc, type LiveAnalysis } from './analysis.ts';
import type { Doc } from './doc.ts';

export interface LiveState {
  readonly analysis: LiveAnalysis | null;
  readonly computing: boolean;
}

export function useLiveAnalysis(doc: Doc): LiveState {
  const [state, setState] = useState<LiveState>({ analysis: null, computing: true });
  const worker = useRef<Worker | null>(null);
  const busy = useRef(false);
  const pending = useRef<{ seq: number; doc: Doc } | null>(null);
  const seq = useRef(0);

  useEffect(() => {
    let w: Worker | null = null;
    try {
      w = new Worker(new URL('./analysis-worker.ts', import.meta.url), { type: 'module' });
    } catch {
      w = null;
    }
    worker.current = w;
    if (w) {
      w.onmessage = (e: MessageEvent<{ seq: number; analysis: LiveAnalysis }>) => {
        busy.current = false;
        const next = pending.current;
        pending.current = null;
        if (next) {
          busy.current = true;
          w?.postMessage(next);
        }
        if (e.data.seq === seq.current) setState({ analysis: e.data.analysis, computing: false });
        else setState((s) => ({ analysis: e.data.analysis, computing: s.computing }));
      };
    }
    return () => {
      w?.terminate();
      worker.current = null;
      busy.current = false;
      pending.current = null;
    };
  }, []);

  useEffect(() => {
    const mine = ++seq.current;
    setState((s) => ({ ...s, computing: true }));
    const w = worker.current;
    if (w) {
      const msg = { seq: mine, doc };
      if (busy.current) pending.current = msg;
      else {
        busy.current = true;
        w.postMessage(msg);
      }
      return;
    }
    const t = setTimeout(() => {
      if (mine === seq.current) setState({ analysis: analyseDoc(doc), computing: false });
    }, 150);
    return () => clearTimeout(t);
  }, [doc]);

  return state;
}
