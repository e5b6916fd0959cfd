/**
 * An article as the drafter reads it: its text as written (evidence quotes it), a normalised copy
 * of exactly the same length (curly quotes straightened, product codes with an
 * O for a zero mended: the seed article's "H2O" for Nvidia's H20), so that every offset found in the
 * copy is an offset in the article, and its sentences and words from compromise's tokenizer and
 * tagger. Metadata lines (`Address:`, `Date:`, `Source:`) are read, then blanked in the copy so
 * that they are not read as sentences.
 */
import nlp from 'compromise';

/** One article given to the drafter. */
export interface ArticleInput {
  /** The file name as the user gave it (evidence names it). */
  readonly file: string;
  /** The article's text (for HTML, the text extracted from it). */
  readonly text: string;
  /** YYYY-MM-DD that relative dates ("on Tuesday") resolve against; else read from the article. */
  readonly date?: string;
}

/** A word as compromise tagged it, with its offsets in the article. */
export interface Token {
  readonly text: string;
  /** Lower case, from the normalised copy (H2O → h20). */
  readonly lower: string;
  readonly start: number;
  readonly end: number;
  readonly tags: ReadonlySet<string>;
  /** Punctuation and space after the word ("," "'s" are kept apart: see `possessive`). */
  readonly post: string;
  readonly possessive: boolean;
  /** Starts with a capital letter or is an acronym. */
  readonly cap: boolean;
}

export interface Sentence {
  readonly article: number;
  readonly index: number;
  readonly start: number;
  readonly end: number;
  /** As written in the article. */
  readonly text: string;
  /** The normalised copy of the same span. */
  readonly norm: string;
  readonly tokens: readonly Token[];
}

export interface ReadArticle {
  readonly file: string;
  readonly text: string;
  readonly norm: string;
  readonly sentences: readonly Sentence[];
  readonly address?: string;
  readonly date?: string;
  readonly dateFrom?: 'option' | 'article';
  /** Spelling the drafter mended, e.g. "H2O → H20", for the draft's notes. */
  readonly mended: readonly string[];
}

const META_LINE = /^[ \t]*(address|url|source|date|published|updated|title|by|note)[ \t]*:[ \t]*(.*)$/gim;
const ISO_DATE = /\b(\d{4})-(\d{2})-(\d{2})\b/;
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const CHIP_CONTEXT = /\b(chips?|semiconductors?|gpus?|processors?|nvidia|amd|intel|ai|accelerators?)\b/i;

/** A same-length copy of `text` with the character `at` replaced. */
function replaceAt(s: string, at: number, replacement: string): string {
  return s.slice(0, at) + replacement + s.slice(at + replacement.length);
}

/** Reads a full date written in words or ISO form ("June 10, 2025", "10 June 2025", "2025-06-10"). */
export function parseWrittenDate(s: string): string | undefined {
  const iso = ISO_DATE.exec(s);
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  const m1 = /\b([A-Za-z]+)\.? (\d{1,2}),? (\d{4})\b/.exec(s);
  const m2 = /\b(\d{1,2}) ([A-Za-z]+)\.? (\d{4})\b/.exec(s);
  const found: [string, string, string][] = [];
  if (m1) found.push([m1[1] as string, m1[2] as string, m1[3] as string]);
  if (m2) found.push([m2[2] as string, m2[1] as string, m2[3] as string]);
  for (const [month, day, year] of found) {
    const k = MONTHS.findIndex((name) => name.startsWith(month.toLowerCase()) && month.length >= 3);
    if (k >= 0) return `${year}-${String(k + 1).padStart(2, '0')}-${day.padStart(2, '0')}`;
  }
  return undefined;
}

/**
 * The normalised copy: the same length as `text`, so offsets carry over. Returns the mended
 * spellings too.
 */
export function normalise(text: string): { norm: string; mended: string[] } {
  let norm = text
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\u2013/g, '-')
    .replace(/[\u00a0\u2009\u202f]/g, ' ');
  const mended: string[] = [];
  // Product codes where an O stands for a zero (H2O for H20), only near words about chips, so
  // that water stays water in an article about anything else.
  for (const m of norm.matchAll(/\b([A-Z]{1,3})([0-9O]*[0-9][0-9O]*)\b/g)) {
    if (!m[2]?.includes('O')) continue;
    const at = m.index ?? 0;
    const around = norm.slice(Math.max(0, at - 200), at + 200);
    if (!CHIP_CONTEXT.test(around)) continue;
    const fixed = `${m[1]}${m[2].replace(/O/g, '0')}`;
    norm = replaceAt(norm, at, fixed);
    mended.push(`${m[0]} → ${fixed}`);
  }
  return { norm, mended };
}

/**
 * Reads an article: metadata, normalised copy, sentences and tagged words.
 *
 * @example
 * const a = readArticle({ file: 'seed.txt', text: 'Talks resumed in London on Tuesday.', date: '2025-06-10' }, 0);
 * a.sentences.length; // 1
 */
export function readArticle(input: ArticleInput, index: number): ReadArticle {
  const { norm: normalised, mended } = normalise(input.text);
  let norm = normalised;
  let address: string | undefined;
  let date: string | undefined;
  for (const m of normalised.matchAll(META_LINE)) {
    const key = (m[1] ?? '').toLowerCase();
    const value = (m[2] ?? '').trim();
    const url = /https?:\/\/\S+/.exec(value)?.[0];
    if (url !== undefined && address === undefined && key !== 'date') address = url;
    if (['date', 'published', 'updated'].includes(key)) date ??= parseWrittenDate(value);
    const at = m.index ?? 0;
    norm = norm.slice(0, at) + ' '.repeat(m[0].length) + norm.slice(at + m[0].length);
  }
  // A date written near the top ("June 10, 2025", a dateline) when no metadata gave one.
  date ??= parseWrittenDate(normalised.slice(0, 300));
  const dateFrom = input.date !== undefined ? 'option' : date !== undefined ? 'article' : undefined;
  const sentences = splitSentences(input.text, norm, index);
  return {
    file: input.file,
    text: input.text,
    norm,
    sentences,
    ...(address !== undefined ? { address } : {}),
    ...((input.date ?? date) !== undefined ? { date: (input.date ?? date) as string } : {}),
    ...(dateFrom !== undefined ? { dateFrom } : {}),
    mended,
  };
}

interface CompromiseTerm {
  text: string;
  post: string;
  pre: string;
  tags: string[];
  normal: string;
  offset: { start: number; length: number };
}

function splitSentences(text: string, norm: string, article: number): Sentence[] {
  const doc = nlp(norm);
  const json = doc.json({ offset: true, terms: { offset: true } }) as {
    offset: { start: number; length: number };
    terms: CompromiseTerm[];
  }[];
  const out: Sentence[] = [];
  for (const s of json) {
    let start = s.offset.start;
    let end = start + s.offset.length;
    while (start < end && /\s/.test(norm[start] ?? '')) start++;
    while (end > start && /\s/.test(norm[end - 1] ?? '')) end--;
    if (end <= start || !/[A-Za-z]/.test(norm.slice(start, end))) continue;
    const tokens = s.terms.map((t): Token => {
      const tStart = t.offset.start;
      const tEnd = tStart + t.offset.length;
      const raw = norm.slice(tStart, tEnd);
      const possessive = /'s$/i.test(raw) || /^'s/.test(t.post);
      const word = raw.replace(/'s$/i, '');
      return {
        text: text.slice(tStart, tEnd).replace(/['\u2019]s$/i, ''),
        lower: word.toLowerCase(),
        start: tStart,
        end: tStart + word.length,
        tags: new Set(t.tags),
        post: t.post,
        possessive,
        cap: /^[A-Z]/.test(word),
      };
    });
    out.push({
      article,
      index: out.length,
      start,
      end,
      text: text.slice(start, end),
      norm: norm.slice(start, end),
      tokens,
    });
  }
  return out;
}
