/**
 * A safe XML reader for GENIUS files. Untrusted XML is refused before it is read when it declares a
 * DOCTYPE or an ENTITY (no external entities, no entity expansion bombs), when it is larger than a
 * size cap, or when it has more elements than a cap; entities are never processed. The result is a
 * small element tree (name, attributes, children, source offset) so that the GENIUS reader can name
 * the line and column of everything it reports. Every malformed file becomes a `LancasterError`
 * with file, line and column.
 *
 * The reader is Lancaster's own: one pass over the text with an explicit stack, so no nesting an
 * author chooses reaches the call stack. GENIUS files use a small part of XML (elements,
 * attributes, comments, an XML declaration, whitespace); it reads that part and what sits next to
 * it in the wild (CDATA, processing instructions, an attribute without a value, which reads as
 * "true"), and checks what makes a file well formed: names, `=` and quotes, distinct attribute
 * names, one root element, every element closed by its own end tag, no text outside the root.
 * Attribute values are kept as written but for surrounding whitespace, which is trimmed (some ANAC
 * files write "… jobs " in one place and "… jobs" in another); no entity reference is expanded.
 * It replaced a general XML library, 180 kB of code that every command reading a GENIUS file
 * compiled at start (issue 14.1); test/conformance/xml-reader.test.ts holds it to that library's
 * element trees on GENIUS files.
 */
import { LancasterError } from '../../errors.ts';
import { MAX_INPUT_BYTES } from '../text-file.ts';

/** Largest XML file accepted (the biggest GENIUS file of the corpus is well under 1 MiB). */
export const MAX_XML_BYTES = MAX_INPUT_BYTES;
/** Largest number of elements accepted in one file. */
export const MAX_XML_ELEMENTS = 1_000_000;
/** Deepest nesting of elements accepted (GENIUS files nest four or five deep). */
export const MAX_XML_DEPTH = 200;

/** One XML element: its name, attributes as written, child elements and where it starts. */
export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** Offset of the element's `<` in the source text. */
  readonly offset: number;
}

/** Line and column (1-based) of offsets in a text. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
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
  const roots = readElements(text, (offset, message, expected) => {
    throw new LancasterError({
      code: 'XML_SYNTAX',
      file,
      ...lines.at(offset),
      message: `malformed XML: ${message}`,
      expected,
    });
  });
  if (roots.length !== 1) {
    throw new LancasterError({
      code: 'XML_SYNTAX',
      file,
      ...lines.at(roots[1]?.offset ?? 0),
      message: roots.length === 0 ? 'the file has no XML element' : 'the file has more than one root element',
      expected: 'exactly one root element (utility_space or negotiation_template)',
    });
  }
  return { file, root: roots[0] as XmlElement, lines };
}

/** Reports a malformed place: its offset, what is wrong there, and what was expected. */
type Fail = (offset: number, message: string, expected: string) => never;

/** An element being read: its end tag has not been met yet. */
interface Open {
  readonly name: string;
  readonly attrs: Record<string, string>;
  readonly children: XmlElement[];
  readonly offset: number;
}

const GT = 62; // >
const SLASH = 47; // /
const EQ = 61; // =
const QUOTE = 34; // "
const APOS = 39; // '

/** XML whitespace: space, tab, line feed, carriage return (and a byte order mark, read as nothing). */
function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13 || c === 0xfeff;
}

/** A character that may start an XML name: a letter, `_`, `:` or any non-ASCII character. */
function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58 || c >= 0x80;
}

/** A character that may follow in an XML name: a name start, a digit, `-` or `.`. */
function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57) || c === 45 || c === 46;
}

/** The end of the name that starts at `at` (`at` itself when no name starts there). */
function nameEnd(text: string, at: number): number {
  if (at >= text.length || !isNameStart(text.charCodeAt(at))) return at;
  let i = at + 1;
  while (i < text.length && isNameChar(text.charCodeAt(i))) i++;
  return i;
}

/** The first offset from `at` that is not whitespace. */
function skipSpace(text: string, at: number): number {
  let i = at;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** What a character is called in a message: itself in quotes, or "the end of the file". */
function shown(text: string, at: number): string {
  return at >= text.length ? 'the end of the file' : JSON.stringify(text[at]);
}

/** The top-level elements of an XML text, read in one pass; `fail` is called on the first fault. */
function readElements(text: string, fail: Fail): XmlElement[] {
  const roots: XmlElement[] = [];
  const stack: Open[] = [];
  const n = text.length;
  let at = 0;
  while (at < n) {
    const lt = text.indexOf('<', at);
    const textEnd = lt < 0 ? n : lt;
    if (stack.length === 0) {
      const stray = skipSpace(text, at);
      if (stray < textEnd)
        fail(
          stray,
          `text ${shown(text, stray)} outside the root element`,
          'only whitespace before and after the root element',
        );
    }
    if (lt < 0) break;
    if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt + 4);
      if (end < 0) fail(lt, 'a comment is not closed', 'a comment ending with -->');
      at = end + 3;
    } else if (text.startsWith('<![CDATA[', lt)) {
      const end = text.indexOf(']]>', lt + 9);
      if (end < 0) fail(lt, 'a CDATA section is not closed', 'a CDATA section ending with ]]>');
      if (stack.length === 0) fail(lt, 'a CDATA section outside the root element', 'CDATA inside an element');
      at = end + 3;
    } else if (text.startsWith('<?', lt)) {
      const end = text.indexOf('?>', lt + 2);
      if (end < 0) fail(lt, 'a processing instruction (<?…) is not closed', 'an instruction ending with ?>');
      if (nameEnd(text, lt + 2) === lt + 2)
        fail(lt + 2, 'a processing instruction has no name', '<?name …?>');
      at = end + 2;
    } else if (text.startsWith('<!', lt)) {
      fail(lt, 'an unknown declaration "<!"', 'a comment <!-- … -->, a CDATA section or an element');
    } else if (text.charCodeAt(lt + 1) === SLASH) {
      at = closeElement(text, lt, stack, roots, fail);
    } else {
      at = openElement(text, lt, stack, roots, fail);
    }
  }
  const open = stack.pop();
  if (open)
    fail(
      open.offset,
      `<${open.name}> is never closed`,
      `an end tag </${open.name}> before the end of the file`,
    );
  return roots;
}

/** Reads the start tag at `lt` (pushing it, or adding it when it closes itself); returns the offset after it. */
function openElement(text: string, lt: number, stack: Open[], roots: XmlElement[], fail: Fail): number {
  const end = nameEnd(text, lt + 1);
  if (end === lt + 1)
    fail(
      lt + 1,
      `${shown(text, lt + 1)} cannot start an element name`,
      'an element name (a letter, _ or :) right after <',
    );
  const name = text.slice(lt + 1, end);
  const attrs: Record<string, string> = {};
  let at = end;
  for (;;) {
    const next = skipSpace(text, at);
    const c = text.charCodeAt(next);
    if (c === GT || (c === SLASH && text.charCodeAt(next + 1) === GT)) {
      const element: Open = { name, attrs, children: [], offset: lt };
      if (c === GT) {
        if (stack.length >= MAX_XML_DEPTH)
          fail(
            lt,
            `elements are nested more than ${MAX_XML_DEPTH} deep`,
            `at most ${MAX_XML_DEPTH} levels of elements`,
          );
        stack.push(element);
        return next + 1;
      }
      (stack[stack.length - 1]?.children ?? roots).push(element);
      return next + 2;
    }
    if (next === at)
      fail(
        next,
        `${shown(text, next)} in the tag <${name}>`,
        'whitespace, then an attribute name, or > or />',
      );
    const attrEnd = nameEnd(text, next);
    if (attrEnd === next)
      fail(
        next,
        `${shown(text, next)} in the tag <${name}>`,
        'an attribute name (a letter, _ or :), or > or />',
      );
    const attr = text.slice(next, attrEnd);
    if (Object.hasOwn(attrs, attr))
      fail(next, `the attribute ${attr} appears twice in <${name}>`, 'each attribute once per element');
    const eq = skipSpace(text, attrEnd);
    if (text.charCodeAt(eq) !== EQ) {
      attrs[attr] = 'true'; // an attribute without a value, as HTML writes it
      at = attrEnd;
      continue;
    }
    const open = skipSpace(text, eq + 1);
    const quote = text.charCodeAt(open);
    if (quote !== QUOTE && quote !== APOS)
      fail(open, `the value of ${attr} in <${name}> is not quoted`, `${attr}="…"`);
    const close = text.indexOf(text[open] as string, open + 1);
    if (close < 0) fail(open, `the value of ${attr} in <${name}> has no closing quote`, `${attr}="…"`);
    attrs[attr] = text.slice(open + 1, close).trim();
    at = close + 1;
  }
}

/** Reads the end tag at `lt`, closing the innermost open element; returns the offset after it. */
function closeElement(text: string, lt: number, stack: Open[], roots: XmlElement[], fail: Fail): number {
  const end = nameEnd(text, lt + 2);
  if (end === lt + 2)
    fail(lt + 2, `${shown(text, lt + 2)} cannot start an element name`, 'an element name right after </');
  const name = text.slice(lt + 2, end);
  const gt = skipSpace(text, end);
  if (text.charCodeAt(gt) !== GT) fail(gt, `${shown(text, gt)} in the end tag </${name}>`, `</${name}>`);
  const open = stack.pop();
  if (open === undefined)
    fail(lt, `the end tag </${name}> closes no element`, 'an end tag only for an open element');
  if (open.name !== name)
    fail(lt, `the end tag </${name}> does not match <${open.name}>, still open`, `</${open.name}> first`);
  (stack[stack.length - 1]?.children ?? roots).push(open);
  return gt + 1;
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
