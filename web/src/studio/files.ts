/**
 * Files in and out of the studio. A native scenario (YAML or JSON, a draft from `lancaster draft`
 * included) is read here in the browser with the format's own reader: syntax errors stop it (with
 * line and column), anything else opens and shows as problems at the fields. GENIUS XML files and
 * GeniusWeb JSON go to the server's importer (the readers of `lancaster import`). Saving writes the
 * document as YAML through `scenarioYamlText`, which keeps the comments of the text it was opened
 * from and always reads back to the same data.
 */
import { parse } from 'yaml';
import type { Problem } from '../../../src/errors.ts';
import { readScenarioText } from '../../../src/formats/native/load.ts';
import { scenarioYamlText } from '../../../src/formats/native/write-yaml.ts';
import { asRecord, type Doc } from './doc.ts';

/** A file the person chose: its name (and folder, when a folder was chosen) and text. */
export interface PickedFile {
  readonly name: string;
  /** `folder/name` when the file came from a chosen folder. */
  readonly path?: string;
  readonly text: string;
}

/** What opening some files gives. */
export type Opened =
  | { readonly kind: 'native'; readonly doc: Doc; readonly file: string; readonly original: string | null }
  | {
      readonly kind: 'import';
      readonly files: readonly { readonly name: string; readonly text: string }[];
      /** The folder's name, when one was chosen. */
      readonly folder?: string;
    }
  | { readonly kind: 'problems'; readonly problems: readonly Problem[] };

const SYNTAX = new Set(['YAML_SYNTAX', 'JSON_SYNTAX']);

/**
 * A native scenario's text as a document to edit, or the syntax problems that stop it (the
 * schema's problems do not: the studio shows them at their fields).
 *
 * @example
 * const r = readNative(text, 'talks.yaml');
 * if (r.kind === 'native') dispatch({ type: 'open', doc: r.doc, file: r.file, original: r.original });
 */
export function readNative(text: string, file: string): Opened {
  const r = readScenarioText(text, file);
  if (!r.ok) {
    const syntax = r.problems.filter((p) => SYNTAX.has(p.code));
    if (syntax.length > 0) return { kind: 'problems', problems: syntax };
  }
  const data: unknown = parse(text, { maxAliasCount: 1000 });
  const doc = asRecord(data);
  if (!doc) {
    return {
      kind: 'problems',
      problems: [
        {
          code: 'SCHEMA',
          file,
          line: 1,
          column: 1,
          message: 'the file is not a scenario: it holds no mapping',
          expected: 'a scenario mapping with version, id, title, issues, parties and protocol',
        },
      ],
    };
  }
  const json = file.toLowerCase().endsWith('.json');
  return { kind: 'native', doc, file, original: json ? null : text };
}

/** Whether a JSON text is a native scenario (it says which version of the format it is). */
function nativeJson(text: string): boolean {
  try {
    return asRecord(JSON.parse(text))?.version !== undefined;
  } catch {
    // Let the native reader report the syntax error with its position.
    return true;
  }
}

/**
 * What to do with the files a person chose: one native file is read here; GENIUS XML (a domain
 * and its profiles) and GeniusWeb JSON go to the server's importer.
 */
export function openFiles(files: readonly PickedFile[]): Opened {
  const lower = (f: PickedFile) => f.name.toLowerCase();
  const xml = files.filter((f) => lower(f).endsWith('.xml'));
  const folder = files[0]?.path?.split('/').slice(-2, -1)[0];
  const forImport = (list: readonly PickedFile[]): Opened => ({
    kind: 'import',
    files: list.map((f) => ({ name: f.name, text: f.text })),
    ...(folder ? { folder } : {}),
  });
  if (xml.length > 0) return forImport(xml);
  const json = files.filter((f) => lower(f).endsWith('.json'));
  const yaml = files.filter((f) => /\.ya?ml$/.test(lower(f)));
  if (files.length === 1 && yaml.length === 1) return readNative(yaml[0]?.text ?? '', yaml[0]?.name ?? '');
  if (files.length === 1 && json.length === 1 && nativeJson(json[0]?.text ?? ''))
    return readNative(json[0]?.text ?? '', json[0]?.name ?? '');
  if (json.length > 0 && yaml.length === 0) return forImport(json);
  return {
    kind: 'problems',
    problems: [
      {
        code: 'BAD_OPTION',
        message: `cannot open ${files.map((f) => f.name).join(', ') || 'no file'} together`,
        expected:
          'one scenario file (.yaml, .yml or .json, a draft included), or a GENIUS domain with its profiles (.xml), or GeniusWeb files (.json)',
      },
    ],
  };
}

/** The comment put first in a file the studio writes from nothing. */
export const STUDIO_HEADER = [
  'Lancaster scenario (native format, version 1), made in the scenario studio.',
  'lancaster validate checks it; docs/scenario-format.md describes every field.',
];

/** The document as YAML text (comments of the original kept), ready to download. */
export function saveText(doc: Doc, original: string | null): string {
  return scenarioYamlText(doc, { original, header: STUDIO_HEADER });
}

/** The name to download a document under: its own file name as YAML, else its id. */
export function downloadName(doc: Doc, file: string): string {
  const stem = file.replace(/\.(ya?ml|json)$/i, '');
  const id = typeof doc.id === 'string' && doc.id ? doc.id : 'scenario';
  return `${stem && stem !== 'untitled' ? stem : id}.yaml`;
}
