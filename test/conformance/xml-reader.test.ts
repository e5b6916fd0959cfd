/**
 * Lancaster's own XML reader (src/formats/genius/xml.ts) against fast-xml-parser, the library it
 * replaced (kept as a development dependency; the independent GENIUS reference reads with it too).
 * On every XML file of the GENIUS corpus and on generated documents the two give the same element
 * trees (names, attributes as written, children, offsets); on mutated corpus files, whenever both
 * read a file they read it the same; and malformed XML fails with XML_SYNTAX at the right place.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, test } from 'vitest';
import { LancasterError } from '../../src/errors.ts';
import { parseXml, type XmlElement } from '../../src/formats/genius/xml.ts';
import { GENIUS_ROOT, HAS_DATA } from './corpus.ts';

/** An element tree as plain data, for comparing. */
interface Tree {
  name: string;
  attrs: Record<string, string>;
  offset: number;
  children: Tree[];
}

function plain(e: XmlElement): Tree {
  return { name: e.name, attrs: { ...e.attrs }, offset: e.offset, children: e.children.map(plain) };
}

const FXP = new XMLParser({
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
const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

/** fast-xml-parser's trees for a text, or undefined where it finds the text malformed. */
function reference(text: string): Tree[] | undefined {
  if (XMLValidator.validate(text, { allowBooleanAttributes: true }) !== true) return undefined;
  let raw: unknown;
  try {
    raw = FXP.parse(text);
  } catch {
    return undefined;
  }
  const convert = (nodes: unknown): Tree[] =>
    (Array.isArray(nodes) ? nodes : []).flatMap((node) => {
      const rec = node as Record<string | symbol, unknown>;
      const name = Object.keys(rec).find((k) => k !== ':@' && k !== '#text' && k !== '#comment');
      if (name === undefined) return [];
      const attrs: Record<string, string> = {};
      for (const [k, v] of Object.entries((rec[':@'] ?? {}) as object)) attrs[k] = String(v);
      const offset = (rec[META] as { startIndex: number }).startIndex;
      return [{ name, attrs, offset, children: convert(rec[name]) }];
    });
  return convert(raw);
}

/** Ours: the root as a one-tree list, or the error. */
function ours(text: string): Tree[] | LancasterError {
  try {
    return [plain(parseXml(text, 'x.xml').root)];
  } catch (e) {
    if (e instanceof LancasterError) return e;
    throw e;
  }
}

function xmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? xmlFiles(join(dir, d.name)) : d.name.endsWith('.xml') ? [join(dir, d.name)] : [],
  );
}

describe.skipIf(!HAS_DATA)('on the GENIUS corpus', () => {
  const files = HAS_DATA ? xmlFiles(GENIUS_ROOT).sort() : [];
  const texts = files.map((f) => readFileSync(f, 'utf8'));

  test('every XML file: the same element tree as fast-xml-parser, or malformed for both', () => {
    expect(files.length).toBeGreaterThan(1000);
    const differ: string[] = [];
    let read = 0;
    texts.forEach((text, i) => {
      const want = reference(text);
      const got = ours(text);
      if (
        want === undefined
          ? Array.isArray(got)
          : !(Array.isArray(got) && JSON.stringify(got) === JSON.stringify(want))
      )
        differ.push(files[i] as string);
      if (Array.isArray(got)) read++;
    });
    expect(differ).toEqual([]);
    // 17 pareto.xml files (ANAC 2014 and a few others) have text outside their root; all else reads.
    expect(read).toBeGreaterThan(files.length - 20);
  });

  test('mutated files: whenever both read one, they read it the same', () => {
    const sample = texts.filter((_, i) => i % 40 === 0);
    let both = 0;
    fc.assert(
      fc.property(
        fc.nat({ max: sample.length - 1 }),
        fc.nat(),
        fc.constantFrom('<', '>', '/', '"', "'", '=', ' ', '<!--', '-->', '<a>', '</a>', '<?x?>', 'x', ''),
        fc.nat({ max: 3 }),
        (which, where, junk, cut) => {
          const text = sample[which] as string;
          const at = where % (text.length + 1);
          const mutated = text.slice(0, at) + junk + text.slice(at + cut);
          const want = reference(mutated);
          const got = ours(mutated);
          if (want !== undefined && Array.isArray(got)) {
            both++;
            expect(got).toEqual(want);
          }
        },
      ),
      { numRuns: 2000, seed: 14 },
    );
    expect(both).toBeGreaterThan(200);
  });
});

/** A generated element, written out with varied but well-formed XML. */
const NAME = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.:-]{0,8}$/);
const VALUE = fc.stringMatching(/^[^"'<&]{0,10}$/);
interface Gen {
  name: string;
  attrs: [string, string, boolean][];
  children: Gen[];
  comment: boolean;
}
/** Elements nested at most `depth` deep below the one generated. */
function gen(depth: number): fc.Arbitrary<Gen> {
  return fc.record({
    name: NAME,
    attrs: fc.uniqueArray(fc.tuple(NAME, VALUE, fc.boolean()), { maxLength: 3, selector: (a) => a[0] }),
    children: depth === 0 ? fc.constant([]) : fc.array(gen(depth - 1), { maxLength: 3 }),
    comment: fc.boolean(),
  });
}
const GEN = gen(4);

function write(g: Gen, gap: string): string {
  const attrs = g.attrs.map(([k, v, single]) => ` ${k}=${single ? `'${v}'` : `"${v}"`}`).join('');
  const inner = g.children.map((c) => gap + write(c, gap)).join('') + (g.comment ? '<!-- note <a> -->' : '');
  return inner === '' ? `<${g.name}${attrs}${gap}/>` : `<${g.name}${attrs}>${inner}${gap}</${g.name}>`;
}

test('generated documents: the same trees as fast-xml-parser', () => {
  fc.assert(
    fc.property(GEN, fc.constantFrom('', ' ', '\n  ', '\r\n\t'), fc.boolean(), (g, gap, declared) => {
      const text = `${declared ? '<?xml version="1.0" encoding="UTF-8"?>\n' : ''}${write(g, gap)}\n`;
      const got = ours(text);
      expect(got).toEqual(reference(text));
    }),
    { numRuns: 500, seed: 7 },
  );
});

describe('malformed XML: XML_SYNTAX at the place of the fault', () => {
  test.each([
    ['<a>\n  <b>\n</a>', 3, 1, /<\/a> does not match <b>/],
    ['<a>\n<b x="1" x="2"/>\n</a>', 2, 10, /x appears twice/],
    ['<a x="1"y="2"/>', 1, 9, /"y" in the tag <a>/],
    ['<a x=1/>', 1, 6, /not quoted/],
    ['<a x="1/>', 1, 6, /no closing quote/],
    ['<a>\n<1b/></a>', 2, 2, /"1" cannot start an element name/],
    ['< a/>', 1, 2, /" " cannot start/],
    ['<a></ a>', 1, 6, /cannot start/],
    ['x<a/>', 1, 1, /text "x" outside the root/],
    ['<a>\n<!-- open\n</a>', 2, 1, /comment is not closed/],
    ['<a>\n  <b>', 2, 3, /<b> is never closed/],
    ['</a>', 1, 1, /closes no element/],
    ['<a></a  x>', 1, 9, /"x" in the end tag/],
    ['<?xml version="1.0"', 1, 1, /not closed/],
  ])('%j', (text, line, column, message) => {
    try {
      parseXml(text, 'bad.xml');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(LancasterError);
      const p = (e as LancasterError).problems[0];
      expect(p).toMatchObject({ code: 'XML_SYNTAX', file: 'bad.xml', line, column });
      expect(p?.message).toMatch(message);
      expect(reference(text), 'fast-xml-parser finds it malformed too').toBeUndefined();
    }
  });

  test('where fast-xml-parser was lenient, the reader follows XML', () => {
    // Text after the root, which fast-xml-parser ignored.
    expect(reference('<a/>\ny')).toBeDefined();
    expect(() => parseXml('<a/>\ny', 'after.xml')).toThrow(/2:1: malformed XML: text "y" outside the root/);
    // A declaration that is none of comment, CDATA or DOCTYPE, which it read as an element "!foo".
    expect(reference('<a><!foo></a>')).toBeDefined();
    expect(() => parseXml('<a><!foo></a>', 'decl.xml')).toThrow(/1:4: malformed XML: an unknown declaration/);
  });
});
