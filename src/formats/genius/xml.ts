/**
 * A safe XML reader for GENIUS files. Untrusted XML is refused before any parser sees it when it
 * declares a DOCTYPE or an ENTITY (no external entities, no entity expansion bombs), when it is
 * larger than a size cap, or when it has more elements than a cap; entities are never processed.
 * The result is a small element tree (name, attributes, children, source offset) so that the
 * GENIUS reader can name the line and column of everything it reports. Every malformed file
 * becomes a `LancasterError` with file, line and column.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { LancasterError } from '../../errors.ts';
import { MAX_INPUT_BYTES } from '../text-file.ts';

/** Largest XML file accepted (the biggest GENIUS file of the corpus is well under 1 MiB). */
export const MAX_XML_BYTES = MAX_INPUT_BYTES;
/** Largest number of elements accepted in one file. */
export const MAX_XML_ELEMENTS = 1_000_000;

/** One XML element: its name, attributes as written, child elements and where it starts. */
export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** Concatenated text content directly inside the element (trimmed). */
  readonly text: string;
  /** Offset of the element's `<` in the source text. */
  readonly offset: number;
}

/** Line and column (1-based) of offsets in a text. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  /** 1-based line and column of `offset`. */
  at(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (this.starts[lo] as number) + 1 };
  }
}

/** A parsed XML document: its root element and a line index for positions. */
export interface XmlDocument {
  readonly file: string;
  readonly root: XmlElement;
  readonly lines: LineIndex;
}

const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

function xmlError(file: string, lines: LineIndex, offset: number, message: string, expected?: string): never {
  throw new LancasterError({
    code: 'XML_SYNTAX',
    file,
    ...lines.at(offset),
    message,
    ...(expected !== undefined ? { expected } : {}),
  });
}

/**
 * Parses XML text safely into an element tree. Throws `LancasterError` (`XML_UNSAFE` for a
 * DOCTYPE/ENTITY declaration, `FILE_TOO_LARGE` over the caps, `XML_SYNTAX` for malformed XML).
 *
 * @example
 * const doc = parseXml('<utility_space><objective/></utility_space>', 'profile.xml');
 * doc.root.name; // 'utility_space'
 */
export function parseXml(text: string, file: string): XmlDocument {
  const lines = new LineIndex(text);
  if (text.length > MAX_XML_BYTES) {
    throw new LancasterError({
      code: 'FILE_TOO_LARGE',
      file,
      message: `the file has ${text.length} characters, more than the ${MAX_XML_BYTES} accepted`,
      expected: 'a GENIUS XML file under 32 MiB',
    });
  }
  // Refuse DTDs outright: GENIUS files never need them, and they are how XXE and entity bombs arrive.
  const dtd = /<!\s*(DOCTYPE|ENTITY)/i.exec(text);
  if (dtd) {
    throw new LancasterError({
      code: 'XML_UNSAFE',
      file,
      ...lines.at(dtd.index),
      message: `the file declares <!${dtd[1]?.toUpperCase()}>, which is refused (no DTDs or entities are read)`,
      expected: 'a GENIUS XML file without DOCTYPE or ENTITY declarations (delete the declaration)',
    });
  }
  let elements = 0;
  for (let i = text.indexOf('<'); i >= 0; i = text.indexOf('<', i + 1)) {
    if (++elements > MAX_XML_ELEMENTS) {
      throw new LancasterError({
        code: 'FILE_TOO_LARGE',
        file,
        ...lines.at(i),
        message: `the file has more than ${MAX_XML_ELEMENTS} tags`,
        expected: 'a GENIUS XML file of reasonable size',
      });
    }
  }
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: true });
  if (valid !== true) {
    throw new LancasterError({
      code: 'XML_SYNTAX',
      file,
      line: valid.err.line,
      column: valid.err.col,
      message: `malformed XML: ${valid.err.msg}`,
      expected: 'well-formed XML (check the element named here and its closing tag)',
    });
  }
  const parser = new XMLParser({
    preserveOrder: true,
    captureMetaData: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    allowBooleanAttributes: true,
    processEntities: false,
    parseTagValue: false,
    parseAttributeValue: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    trimValues: true,
    maxNestedTags: 200,
  });
  let raw: unknown;
  try {
    raw = parser.parse(text);
  } catch (e) {
    xmlError(file, lines, 0, `malformed XML: ${(e as Error).message}`, 'well-formed XML');
  }
  const roots = toElements(raw);
  if (roots.length !== 1) {
    xmlError(
      file,
      lines,
      roots[1]?.offset ?? 0,
      roots.length === 0 ? 'the file has no XML element' : 'the file has more than one root element',
      'exactly one root element (utility_space or negotiation_template)',
    );
  }
  return { file, root: roots[0] as XmlElement, lines };
}

/** Converts fast-xml-parser's ordered output into our element tree. */
function toElements(nodes: unknown): XmlElement[] {
  if (!Array.isArray(nodes)) return [];
  const out: XmlElement[] = [];
  for (const node of nodes) {
    if (typeof node !== 'object' || node === null) continue;
    const rec = node as Record<string | symbol, unknown>;
    const name = Object.keys(rec).find((k) => k !== ':@' && k !== '#text' && k !== '#comment');
    if (name === undefined) continue;
    const attrsRaw = rec[':@'];
    const attrs: Record<string, string> = {};
    if (typeof attrsRaw === 'object' && attrsRaw !== null) {
      for (const [k, v] of Object.entries(attrsRaw)) attrs[k] = typeof v === 'string' ? v : String(v);
    }
    const meta = rec[META] as { startIndex?: number } | undefined;
    const kids = rec[name];
    const text = Array.isArray(kids)
      ? kids
          .map((k) => (typeof k === 'object' && k !== null && '#text' in k ? String(k['#text']) : ''))
          .join('')
      : '';
    out.push({ name, attrs, children: toElements(kids), text, offset: meta?.startIndex ?? 0 });
  }
  return out;
}

/** Child elements with a given name. */
export function childrenNamed(e: XmlElement, name: string): XmlElement[] {
  return e.children.filter((c) => c.name === name);
}

/** Every descendant element with a given name, in document order. */
export function descendantsNamed(e: XmlElement, name: string, into: XmlElement[] = []): XmlElement[] {
  for (const c of e.children) {
    if (c.name === name) into.push(c);
    descendantsNamed(c, name, into);
  }
  return into;
}
