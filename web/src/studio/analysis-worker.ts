/**
 * The Web Worker of the live analysis: receives documents (`{ seq, doc }`), answers
 * `{ seq, analysis }` for each, so that the page keeps only the answer to its latest edit.
 */
import { analyseDoc } from './analysis.ts';
import type { Doc } from './doc.ts';

self.onmessage = (e: MessageEvent<{ seq: number; doc: Doc }>) => {
  const { seq, doc } = e.data;
  let analysis: ReturnType<typeof analyseDoc>;
  try {
    analysis = analyseDoc(doc);
  } catch (err) {
    analysis = { ok: false, reason: `the analysis failed: ${(err as Error).message}` };
  }
  (self as unknown as Worker).postMessage({ seq, analysis });
};
