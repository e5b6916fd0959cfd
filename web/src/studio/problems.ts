/**
 * The document's problems, found in the browser by the format's own checks (the zod schema and the
 * semantic rules of `lancaster validate`, src/formats/native), and indexed by field so that each
 * field shows its own. A problem's `path` is the dotted path people read (`parties.us.weights`,
 * list elements named by their id): fields compute theirs with the same `displayPath`.
 */
import type { Problem } from '../../../src/errors.ts';
import { displayPath, validateScenarioData } from '../../../src/formats/native/load.ts';
import type { Doc, Path } from './doc.ts';

/** The problems of a document, by field. */
export interface Checked {
  readonly problems: readonly Problem[];
  /** Problems at exactly this field. */
  at(path: Path): readonly Problem[];
  /** Problems at this field or inside it. */
  under(path: Path): readonly Problem[];
  /** The dotted path of a field, as problems name it. */
  key(path: Path): string;
}

/**
 * Checks a document as `lancaster validate` checks a file.
 *
 * @example
 * const checked = checkDoc(doc, 'talks.yaml');
 * checked.at(['parties', 0, 'reservationValue']); // problems of that field
 */
export function checkDoc(doc: Doc, file: string): Checked {
  const r = validateScenarioData(doc, file);
  const problems = r.ok ? [] : r.problems;
  const byPath = new Map<string, Problem[]>();
  for (const p of problems) {
    const key = p.path ?? '';
    byPath.set(key, [...(byPath.get(key) ?? []), p]);
  }
  const key = (path: Path) => displayPath(doc, path);
  return {
    problems,
    key,
    at: (path) => byPath.get(key(path)) ?? [],
    under: (path) => {
      const k = key(path);
      return problems.filter((p) => p.path === k || (p.path ?? '').startsWith(`${k}.`) || k === '');
    },
  };
}

/** The studio section where a field of the document is edited. */
export type Section = 'scenario' | 'issues' | 'parties' | 'table' | 'checklist' | 'yaml';

/** Which section edits the field at a dotted path. */
export function sectionOf(path: string | undefined): Section {
  const head = (path ?? '').split('.')[0];
  if (head === 'issues') return 'issues';
  if (head === 'parties') return 'parties';
  if (head === 'protocol') return 'table';
  if (head === 'todos' || head === 'status') return 'checklist';
  if (head === 'forecast' || head === 'impacts' || head === 'outcome' || head === 'draft') return 'yaml';
  return 'scenario';
}

/** The element id of a field, from its dotted path. */
export function fieldId(key: string): string {
  return `st-field-${key.replace(/[^A-Za-z0-9_-]/g, (c) => `~${c.charCodeAt(0).toString(36)}`)}`;
}
