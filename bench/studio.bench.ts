/**
 * What one edit costs in the scenario studio, on the shipped London scenario and the seed article's
 * draft: the reducer's step (a copy of the document), the format's checks of the whole document (run
 * after every edit, on the page's thread), the live analysis (in its Web Worker) and a save. Each is
 * also given as a ratio to reading the same file as YAML in the same run, the baseline.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { draftScenario } from '../src/draft/index.ts';
import { resolveScenarioPath } from '../src/formats/scenario-files.ts';
import { analyseDoc } from '../web/src/studio/analysis.ts';
import type { Doc } from '../web/src/studio/doc.ts';
import { saveText } from '../web/src/studio/files.ts';
import { checkDoc } from '../web/src/studio/problems.ts';
import { applyEdit } from '../web/src/studio/state.ts';
import { type BenchRow, measure } from './run.ts';

const SEED = '../shared/briefs/london-2025-seed-article.txt';

export function run(): BenchRow[] {
  const cases: { name: string; text: string }[] = [
    { name: 'london-2025', text: readFileSync(resolveScenarioPath('london-2025'), 'utf8') },
  ];
  try {
    const data = draftScenario([{ file: SEED, text: readFileSync(SEED, 'utf8'), date: '2025-06-10' }]).data;
    cases.push({ name: 'seed draft', text: saveText(data as Doc, null) });
  } catch {
    // Without ../shared the draft is not measured.
  }
  const rows: BenchRow[] = [];
  for (const c of cases) {
    const doc = parse(c.text) as Doc;
    const base = measure(() => parse(c.text), 20, 3).ms;
    const steps: [string, () => unknown][] = [
      ['edit (reducer step)', () => applyEdit(doc, { kind: 'set', path: ['title'], value: 'x' })],
      ['checks (validate in the page)', () => checkDoc(doc, 'studio.yaml')],
      ['live analysis (worker)', () => analyseDoc(doc)],
      ['save (YAML, comments kept)', () => saveText(doc, c.text)],
    ];
    rows.push({ name: `${c.name}: read YAML (baseline)`, value: base, unit: 'ms' });
    for (const [name, fn] of steps) {
      const ms = measure(fn, 20, 3).ms;
      rows.push({
        name: `${c.name}: ${name}`,
        value: ms,
        unit: 'ms',
        note: `${(ms / base).toFixed(2)}× the baseline`,
      });
    }
  }
  return rows;
}
