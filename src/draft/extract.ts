/**
 * The rule-based reader: from an article's tagged sentences to the items a careful analyst would
 * note, each with its evidence. Parties and sides, delegations (titles, who leads), principals who
 * must approve, officials quoted; venue and sittings resolved to dates (chrono-node, relative to the
 * article's date); candidate issues grouped per issue with who holds the measure; exchanges ("X in
 * exchange for Y"); red lines, conditions, signals with their speaker; context numbers. Every rule
 * reads words and tags (compromise) and the lists of `lexicon.ts`; nothing here knows any one
 * negotiation. Deterministic: the same text gives the same items.
 */
import * as chrono from 'chrono-node';
import { DRAFT_ITEM_KINDS, type DraftItemFile, type EvidenceFile } from '../formats/native/schema.ts';
import {
  APPROVAL_WORDS,
  CITIES,
  CONDITION_WORDS,
  EXCHANGE_WORDS,
  GENERIC_WORDS,
  HEAD_OF_STATE_TITLES,
  MARKET_MOVE,
  MEASURE_NOUNS,
  POLITIES,
  type Polity,
  RED_LINE_WORDS,
  SPEECH_VERBS,
  SYNONYMS,
  TITLE_HEADS,
  TITLE_MODIFIERS,
  TONE_WORDS,
  VENUE_HEADS,
} from './lexicon.ts';
import type { ReadArticle, Sentence, Token } from './text.ts';

/** Items of every article, in a stable order (kind, then first evidence). */
export interface Extraction {
  readonly items: DraftItemFile[];
  /** Negotiating parties in order of first mention (ids and labels). */
  readonly parties: readonly { readonly id: string; readonly label: string }[];
  /** People taken as a delegation's lead only because they were named first: a judgement to check. */
  readonly inferredLeads: readonly string[];
}

type Evidence = EvidenceFile;

function evidence(a: ReadArticle, s: Sentence, quote?: string): Evidence {
  const q = quote?.trim();
  return {
    file: a.address ?? a.file,
    start: s.start,
    end: s.end,
    sentence: s.text,
    ...(q !== undefined && q.length > 0 && q !== s.text ? { quote: q } : {}),
  };
}

/** The words of the article between two offsets, as written. */
const span = (a: ReadArticle, start: number, end: number) => a.text.slice(start, end);

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// ---- polities ---------------------------------------------------------------------------------

interface Mention {
  readonly polity: Polity;
  readonly start: number;
  readonly end: number;
  readonly kind: 'name' | 'adjective' | 'seat';
  /** A seat used as an actor ("Beijing's limits", "Washington seeks"), not as a place. */
  readonly actor: boolean;
  readonly possessive: boolean;
}

const POLITY_PATTERNS = POLITIES.flatMap((polity) =>
  (
    [
      ...polity.names.map((w) => ['name', w] as const),
      ...polity.adjectives.map((w) => ['adjective', w] as const),
      ...polity.seats.map((w) => ['seat', w] as const),
    ] as const
  ).map(([kind, word]) => ({
    polity,
    kind,
    word,
    // Short all-capital names (US, UK, EU) only as capitals: "us" is a pronoun.
    re: new RegExp(
      `(?<![A-Za-z.])${escapeRegExp(word)}(?![A-Za-z])`,
      /^[A-Z.]+$/.test(word) && word.length <= 5 ? 'g' : 'gi',
    ),
  })),
).sort((x, y) => y.word.length - x.word.length);

/** Offsets inside double quotes: words someone said, which are no actor's mention. */
function quotedRanges(norm: string, offset: number): [number, number][] {
  const out: [number, number][] = [];
  for (const m of norm.matchAll(/"[^"]*"/g))
    out.push([offset + (m.index ?? 0), offset + (m.index ?? 0) + m[0].length]);
  return out;
}

const inRanges = (at: number, ranges: readonly [number, number][]) =>
  ranges.some(([a, b]) => at >= a && at < b);

function polityMentions(s: Sentence): Mention[] {
  const taken: [number, number][] = [];
  const quotes = quotedRanges(s.norm, s.start);
  const out: Mention[] = [];
  for (const pat of POLITY_PATTERNS) {
    for (const m of s.norm.matchAll(pat.re)) {
      const start = s.start + (m.index ?? 0);
      const end = start + m[0].length;
      if (taken.some(([a, b]) => start < b && end > a)) continue;
      if (inRanges(start, quotes)) continue;
      taken.push([start, end]);
      const after = s.norm.slice(end - s.start, end - s.start + 12);
      const before = s.norm.slice(Math.max(0, start - s.start - 12), start - s.start).toLowerCase();
      const possessive = /^'s\b/.test(after);
      const locative = /\b(in|at|from|to|into|near|outside|inside|visit(?:ed)?)\s+(the\s+)?$/.test(before);
      const next = s.tokens.find((t) => t.start >= end);
      const verbNext = next?.tags.has('Verb') === true && !next.tags.has('Gerund');
      const actor = pat.kind !== 'seat' || possessive || (!locative && verbNext);
      out.push({ polity: pat.polity, start, end, kind: pat.kind, actor, possessive });
    }
  }
  return out.sort((x, y) => x.start - y.start);
}

// ---- people -----------------------------------------------------------------------------------

type Role = 'lead' | 'member' | 'principal' | 'official' | 'mediator';

interface Person {
  name: string;
  surname: string;
  title?: string;
  party?: string;
  role?: Role;
  readonly evidence: Evidence[];
  /** Offsets of every mention, by article, for pronoun resolution and speaker attribution. */
  readonly mentions: { article: number; start: number; end: number }[];
  approval: boolean;
}

/** Words that continue a title after "of": ministries and offices ("Minister of Industry and Trade"). */
const OFFICE_WORDS = new Set([
  'industry',
  'trade',
  'commerce',
  'finance',
  'foreign',
  'affairs',
  'state',
  'defense',
  'defence',
  'economy',
  'economic',
  'treasury',
  'energy',
  'agriculture',
  'justice',
  'health',
  'interior',
  'security',
  'development',
  'planning',
  'investment',
  'external',
  'relations',
  'labour',
  'labor',
  'transport',
  'environment',
  'science',
  'technology',
  'education',
  'home',
  'the',
  'and',
  'international',
  'national',
  'council',
  'administration',
]);
const OF_TITLES = new Set(['minister', 'secretary', 'commissioner', 'director', 'governor', 'head', 'chief']);
const LOWER_TITLE_HEADS = new Set([
  'envoy',
  'chief',
  'adviser',
  'advisor',
  'negotiator',
  'spokesperson',
  'spokesman',
  'spokeswoman',
  'head',
  'mediator',
  'coordinator',
]);
const NOT_NAMES = new Set([
  'the',
  'a',
  'an',
  'on',
  'in',
  'and',
  'but',
  'while',
  'who',
  'said',
  'told',
  'has',
  'have',
  'was',
  'is',
  'will',
  'would',
  'also',
  'met',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
]);

function isPolityWord(t: Token): boolean {
  return POLITY_PATTERNS.some((p) => p.word.toLowerCase() === t.lower);
}

/** Optimal string alignment distance, capped: for spelling noise in names. */
export function editDistance(a: string, b: string, cap = 3): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = d[i] as number[];
      const prev = d[i - 1] as number[];
      let v = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, ((d[i - 2] as number[])[j - 2] as number) + 1);
      }
      row[j] = v;
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

const sameName = (a: string, b: string) =>
  a.toLowerCase() === b.toLowerCase() ||
  (a.length >= 6 && b.length >= 6 && editDistance(a.toLowerCase(), b.toLowerCase(), 1) <= 1);

interface NameHit {
  readonly name: string;
  readonly title?: string;
  readonly titleStart: number;
  readonly start: number;
  readonly end: number;
  readonly tokenIndex: number;
}

/** Names with a title before them, and two-word names the tagger knows as people. */
function namesIn(s: Sentence): NameHit[] {
  const out: NameHit[] = [];
  const toks = s.tokens;
  const used = new Set<number>();
  for (let i = 0; i < toks.length; i++) {
    const head = toks[i] as Token;
    if (!TITLE_HEADS.has(head.lower)) continue;
    if (!head.cap && !LOWER_TITLE_HEADS.has(head.lower)) continue;
    if (/[,.;:!?)"\u2014]/.test(head.post.trim())) continue;
    // "Minister of Industry and Trade Nguyen Hong Dien": the office, then the name.
    let j = i + 1;
    if (OF_TITLES.has(head.lower) && (toks[j]?.lower === 'of' || toks[j]?.lower === 'for')) {
      let k = j + 1;
      while (
        k < toks.length &&
        OFFICE_WORDS.has((toks[k] as Token).lower) &&
        (toks[k] as Token).post.trim() === ''
      )
        k++;
      if (k === j + 1) continue;
      j = k;
    }
    const nameToks: Token[] = [];
    while (j < toks.length && nameToks.length < 4) {
      const t = toks[j] as Token;
      if (!t.cap || NOT_NAMES.has(t.lower) || TITLE_HEADS.has(t.lower) || isPolityWord(t)) break;
      if (!/^[A-Z][A-Za-z'-]*$/.test(t.text)) break;
      nameToks.push(t);
      j++;
      if (t.possessive || t.post.trim() !== '') break;
    }
    if (nameToks.length === 0) continue;
    if (
      nameToks.length === 1 &&
      !(nameToks[0] as Token).tags.has('Person') &&
      !(nameToks[0] as Token).tags.has('ProperNoun')
    )
      continue;
    // The title: the head and what precedes it (capitalised words, title words, a country).
    let k = i - 1;
    while (k >= 0) {
      const t = toks[k] as Token;
      if (t.possessive || /[,.;:!?"\u2014]/.test(t.post.trim())) break;
      if (!(t.cap || TITLE_MODIFIERS.has(t.lower))) break;
      if (NOT_NAMES.has(t.lower)) break;
      k--;
    }
    const titleStart = (toks[k + 1] as Token).start;
    const first = nameToks[0] as Token;
    const last = nameToks[nameToks.length - 1] as Token;
    out.push({
      name: nameToks.map((t) => t.text).join(' '),
      title: s.norm.slice(titleStart - s.start, head.end - s.start).replace(/\s+/g, ' '),
      titleStart,
      start: first.start,
      end: last.end,
      tokenIndex: i,
    });
    for (let u = i; u < j; u++) used.add(u);
  }
  // Untitled names: a first name the tagger knows, followed by a capitalised surname.
  for (let i = 0; i + 1 < toks.length; i++) {
    if (used.has(i)) continue;
    const a = toks[i] as Token;
    const b = toks[i + 1] as Token;
    if (!a.tags.has('FirstName') || !b.cap || a.post.trim() !== '') continue;
    if (!(b.tags.has('LastName') || b.tags.has('Person') || b.tags.has('ProperNoun'))) continue;
    const prev = toks[i - 1];
    if (prev && ['of', 'at', 'from'].includes(prev.lower)) continue;
    out.push({ name: `${a.text} ${b.text}`, titleStart: a.start, start: a.start, end: b.end, tokenIndex: i });
    used.add(i);
    used.add(i + 1);
  }
  return out.sort((x, y) => x.start - y.start);
}

// ---- issues -----------------------------------------------------------------------------------

interface IssueCandidate {
  readonly phrase: string;
  readonly key: readonly string[];
  readonly start: number;
  readonly end: number;
  readonly sentence: Sentence;
  readonly article: ReadArticle;
  holder?: string;
  /** Candidates named as examples of this one ("X, such as Y"): the same issue. */
  group?: number;
  readonly redLine?: boolean;
}

/** Measures that are the issue themselves when no goods are named ("tariffs", "sanctions"). */
const MEASURE_AS_ISSUE = new Set(['tariff', 'tariffs', 'sanctions', 'quotas', 'embargo', 'duties', 'levies']);
const NP_STOP = new Set([
  'like',
  'including',
  'such',
  'in',
  'with',
  'for',
  'from',
  'to',
  'by',
  'that',
  'which',
  'who',
  'while',
  'as',
  'at',
  'after',
  'before',
  'since',
  'amid',
  'despite',
  'than',
  'would',
  'will',
  'could',
  'was',
  'were',
  'is',
  'are',
  'be',
  'been',
  'has',
  'have',
  'had',
  'but',
  'or',
  'and',
  'if',
  'because',
]);
const DETERMINERS = new Set([
  'the',
  'a',
  'an',
  'its',
  'their',
  'his',
  'her',
  'this',
  'these',
  'those',
  'any',
  'all',
  'some',
]);

function keyOf(words: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of words) {
    for (const part of raw
      .toLowerCase()
      .replace(/'s$/, '')
      .split(/[-\s/]+/)) {
      if (part.length === 0) continue;
      const w = SYNONYMS[part] ?? part;
      if (GENERIC_WORDS.has(w) || DETERMINERS.has(w) || (MEASURE_NOUNS.has(w) && !MEASURE_AS_ISSUE.has(part)))
        continue;
      if (POLITY_PATTERNS.some((p) => p.word.toLowerCase() === w)) continue;
      if (!/[a-z0-9]/.test(w)) continue;
      out.push(w);
    }
  }
  return out;
}

/** A noun phrase from token `i`: nouns, adjectives, acronyms, numbers; stops at a clause word. */
function nounPhrase(toks: readonly Token[], i: number): { from: number; to: number } | undefined {
  let j = i;
  while (j < toks.length && DETERMINERS.has((toks[j] as Token).lower)) j++;
  const from = j;
  while (j < toks.length) {
    const t = toks[j] as Token;
    if (NP_STOP.has(t.lower) || DETERMINERS.has(t.lower)) break;
    const nounish =
      (t.tags.has('Verb') && toks[j + 1]?.tags.has('Noun') === true && t.post.trim() === '') ||
      t.tags.has('Noun') ||
      t.tags.has('Adjective') ||
      t.tags.has('Acronym') ||
      t.tags.has('Value') ||
      t.tags.has('ProperNoun') ||
      /\d/.test(t.lower) ||
      ['most', 'advanced', 'rare'].includes(t.lower);
    if (!nounish) break;
    const compound =
      toks[j + 1]?.tags.has('Noun') === true && t.post.trim() === '' && /^[a-z]+$/.test(t.lower);
    if (t.tags.has('Verb') && !t.tags.has('Noun') && !t.tags.has('Adjective') && !compound) break;
    if (t.tags.has('Gerund') || (j === from && /ing$/.test(t.lower) && t.tags.has('Verb'))) break;
    j++;
    if (/[,.;:!?)"\u2014]/.test(t.post.trim())) break;
  }
  return j > from ? { from, to: j } : undefined;
}

/** Items of a list after "like", "such as", "including": NP (, NP)* (and|or NP). */
function listAfter(toks: readonly Token[], i: number): { from: number; to: number }[] {
  const out: { from: number; to: number }[] = [];
  let j = i;
  while (j < toks.length) {
    const np = nounPhrase(toks, j);
    if (!np) break;
    out.push(np);
    j = np.to;
    const prev = toks[j - 1] as Token;
    const next = toks[j];
    if (next && (next.lower === 'and' || next.lower === 'or')) {
      const after = toks[j + 1];
      if (!after || after.possessive || isPolityWord(after) || DETERMINERS.has(after.lower)) break;
      j++;
      continue;
    }
    if (prev.post.trim() === ',' && next && !NP_STOP.has(next.lower) && !isPolityWord(next)) continue;
    break;
  }
  return out;
}

const EXAMPLE_WORDS = (toks: readonly Token[], j: number): number => {
  const t = toks[j];
  if (!t) return 0;
  if (t.lower === 'like' || t.lower === 'including') return 1;
  if (t.lower === 'such' && toks[j + 1]?.lower === 'as') return 2;
  if (t.lower === 'e.g.') return 1;
  return 0;
};

// ---- the reader -------------------------------------------------------------------------------

/**
 * Reads every article and returns its items.
 *
 * @example
 * const { items } = extractItems([readArticle({ file: 'a.txt', text, date: '2025-06-10' }, 0)]);
 * items.filter((i) => i.kind === 'person').map((i) => i.label);
 */
export function extractItems(articles: readonly ReadArticle[]): Extraction {
  const people: Person[] = [];
  const polityCounts = new Map<
    string,
    { polity: Polity; count: number; first: number; evidence: Evidence[] }
  >();
  const negotiating = new Map<string, Evidence[]>();
  const mediators = new Map<string, Evidence[]>();
  const candidates: IssueCandidate[] = [];
  const items: DraftItemFile[] = [];
  const mentionsBySentence = new Map<Sentence, Mention[]>();
  let order = 0;

  const addParty = (map: Map<string, Evidence[]>, id: string, ev: Evidence) => {
    const list = map.get(id) ?? [];
    if (!list.some((e) => e.start === ev.start && e.file === ev.file)) list.push(ev);
    map.set(id, list);
  };

  const findPerson = (name: string): Person | undefined => {
    const parts = name.split(' ');
    const surname = parts[parts.length - 1] as string;
    return people.find(
      (p) =>
        sameName(p.name, name) ||
        (sameName(p.surname, surname) &&
          (parts.length === 1 ||
            p.name.split(' ').length === 1 ||
            sameName(p.name.split(' ')[0] as string, parts[0] as string))),
    );
  };

  // Pass 1: polities, people and their titles.
  for (const a of articles) {
    for (const s of a.sentences) {
      const mentions = polityMentions(s);
      mentionsBySentence.set(s, mentions);
      for (const m of mentions) {
        const rec = polityCounts.get(m.polity.id) ?? {
          polity: m.polity,
          count: 0,
          first: order,
          evidence: [],
        };
        rec.count++;
        if (rec.evidence.length < 3 && !rec.evidence.some((e) => e.start === s.start))
          rec.evidence.push(evidence(a, s));
        polityCounts.set(m.polity.id, rec);
      }
      order++;
      // "between the United States and China", "X and Y held talks"
      const between = /\bbetween (?:the )?(.{2,40}?) and (?:the )?([^,.;]{2,40})/i.exec(s.norm);
      if (
        between &&
        /\b(talks|negotiations?|discussions|trade|deal|agreement|meeting|consultations?|dialogue|dispute|war|ceasefire|truce)\b/i.test(
          s.norm,
        )
      ) {
        for (const m of mentions) {
          const at = m.start - s.start;
          if (at >= between.index && at <= between.index + between[0].length && m.kind !== 'seat') {
            addParty(negotiating, m.polity.id, evidence(a, s, between[0]));
          }
        }
      }
      for (const m of mentions) {
        const after = s.norm.slice(m.end - s.start, m.end - s.start + 40);
        const mediating = /\b(mediat\w*|intermediar\w*|facilitat\w*)\b/i.test(s.norm);
        const from = /\b(delegations?|negotiators|negotiating teams?|representatives) from\b[^.;:]*$/i.test(
          s.norm.slice(Math.max(0, m.start - s.start - 60), m.start - s.start),
        );
        if (from && m.kind !== 'seat') addParty(negotiating, m.polity.id, evidence(a, s));
        if (!mediating && /^('s)?\s+(delegation|negotiators|negotiating team|side)\b/i.test(after)) {
          addParty(
            negotiating,
            m.polity.id,
            evidence(a, s, span(a, m.start, m.end + (/^('s)?\s+\w+/.exec(after)?.[0].length ?? 0))),
          );
        }
        const around = s.norm.slice(Math.max(0, m.start - s.start - 60), m.end - s.start + 60);
        if (
          /\b(mediat\w*|facilitat\w*|intermediar\w*|host(?:s|ed|ing)?|brokered)\b/i.test(around) &&
          m.kind !== 'seat'
        ) {
          addParty(mediators, m.polity.id, evidence(a, s));
        }
      }
      for (const hit of namesIn(s)) {
        const ev = evidence(a, s, span(a, hit.titleStart, hit.end));
        let person = findPerson(hit.name);
        if (!person) {
          const parts = hit.name.split(' ');
          person = {
            name: hit.name,
            surname: parts[parts.length - 1] as string,
            evidence: [],
            mentions: [],
            approval: false,
          };
          people.push(person);
        } else if (hit.name.split(' ').length > person.name.split(' ').length) {
          person.name = hit.name;
        }
        if (hit.title !== undefined && person.title === undefined) person.title = hit.title;
        if (!person.evidence.some((e) => e.start === ev.start)) person.evidence.push(ev);
        person.mentions.push({ article: s.article, start: hit.start, end: hit.end });
      }
    }
  }

  // Later mentions by surname ("Lutnick's involvement", "Trump signaled").
  for (const a of articles) {
    for (const s of a.sentences) {
      for (const t of s.tokens) {
        if (!t.cap) continue;
        for (const p of people) {
          if (!sameName(p.surname, t.lower) || p.surname.length < 3) continue;
          if (p.mentions.some((m) => m.article === s.article && t.start >= m.start && t.start < m.end))
            continue;
          p.mentions.push({ article: s.article, start: t.start, end: t.end });
          if (!p.evidence.some((e) => e.start === s.start)) p.evidence.push(evidence(a, s, t.text));
        }
      }
    }
  }
  for (const p of people) p.mentions.sort((x, y) => x.article - y.article || x.start - y.start);

  /** The person spoken of last before `at` (for "he told reporters"). */
  const lastPersonBefore = (article: number, at: number): Person | undefined => {
    let best: Person | undefined;
    let bestAt = -1;
    for (const p of people) {
      for (const m of p.mentions) {
        if (m.article === article && m.start < at && m.start > bestAt) {
          best = p;
          bestAt = m.start;
        }
      }
    }
    return best;
  };

  function titleSide(p: Person): string | undefined {
    for (const ev of p.evidence) {
      const art = articles.find((x) => (x.address ?? x.file) === ev.file);
      const s = art?.sentences.find((x) => x.start === ev.start);
      if (!s) continue;
      const first = p.mentions.find((m) => m.article === s.article && m.start >= s.start && m.start < s.end);
      const hit = first ? namesIn(s).find((h) => h.start === first.start) : undefined;
      if (!first || !hit) continue;
      const inTitle = (mentionsBySentence.get(s) ?? []).find(
        (m) => m.start >= hit.titleStart && m.end <= first.start,
      );
      if (inTitle) return inTitle.polity.id;
    }
    return undefined;
  }
  // Pass 2: sides and roles. A country or office in the title decides first ("US Trade Representative").
  for (const p of people) {
    const side = titleSide(p);
    if (side !== undefined) p.party = side;
  }
  for (const a of articles) {
    for (const s of a.sentences) {
      const mentions = mentionsBySentence.get(s) ?? [];
      const inSentence = people.filter((p) =>
        p.mentions.some((m) => m.article === s.article && m.start >= s.start && m.start < s.end),
      );
      const firstMention = (p: Person) =>
        p.mentions.find((m) => m.article === s.article && m.start >= s.start && m.start < s.end)?.start ??
        s.start;
      // "The US delegation was led by A, B and C": A leads, B and C are members.
      const deleg =
        /\b([A-Za-z.]+(?: [A-Za-z]+)?)('s)? (delegation|negotiating team|team)\b.*?\b(led by|headed by|included|including|comprised|consisting of)\b/i.exec(
          s.norm,
        );
      const side = /\bon the ([A-Za-z. ]+?) side\b/i.exec(s.norm);
      for (const hit of [deleg, side]) {
        if (!hit) continue;
        const at = s.start + hit.index;
        const m = mentions.find((x) => x.start >= at && x.end <= at + hit[0].length);
        if (!m) continue;
        addParty(negotiating, m.polity.id, evidence(a, s, hit[0]));
        const listed = inSentence
          .filter((p) => firstMention(p) > m.end)
          .sort((x, y) => firstMention(x) - firstMention(y));
        const leads = hit === deleg && /led by|headed by/i.test(hit[4] ?? '');
        listed.forEach((p, k) => {
          p.party ??= m.polity.id;
          if (leads && k === 0) p.role = 'lead';
          else if (p.role === undefined || p.role === 'official') p.role = 'member';
        });
      }
      for (const p of inSentence) {
        const at = firstMention(p);
        const clause = s.norm.slice(at - s.start, Math.min(s.norm.length, at - s.start + 80));
        if (
          /^[^,.;]*?\b(?:will |would )?(?:lead|leads|led|is leading|heads|headed|represented)\b/i.test(
            clause.slice(p.name.length),
          )
        ) {
          const rest = clause.slice(p.name.length);
          const verbAt = /\b(lead|leads|led|is leading|heads|headed|represented)\b/i.exec(rest);
          if (verbAt && !/\bby\b/i.test(rest.slice(0, verbAt.index))) {
            p.role = 'lead';
            const target = mentions.find((m) => m.start > at + p.name.length + verbAt.index);
            const near =
              target !== undefined &&
              target.start - (at + p.name.length + verbAt.index + verbAt[0].length) < 12;
            if (target && near && !p.party) p.party = target.polity.id;
          }
        }
        if (/\b(chief|top|lead) negotiator\b/i.test(p.title ?? '')) p.role = 'lead';
        // "Trump must approve any deal": the approval words right after the person's name.
        if (APPROVAL_WORDS.test(clause.slice(0, 60))) p.approval = true;
      }
      // "A, accompanied by B": B is a member on A's side.
      const acc = /\baccompanied by\b/i.exec(s.norm);
      if (acc) {
        const at = s.start + acc.index;
        const before = inSentence.filter((p) => firstMention(p) < at).pop();
        for (const p of inSentence.filter((q) => firstMention(q) > at)) {
          p.role ??= 'member';
          if (before?.party) p.party ??= before.party;
        }
      }
    }
  }
  // Sides from an owner ("Trump's envoy"), the sentence, or the sentence before.
  for (const p of people) {
    for (const ev of p.evidence) {
      if (p.party) break;
      const art = articles.find((x) => (x.address ?? x.file) === ev.file);
      const s = art?.sentences.find((x) => x.start === ev.start);
      if (!art || !s) continue;
      const mentions = mentionsBySentence.get(s) ?? [];
      const first = p.mentions.find((m) => m.article === s.article && m.start >= s.start && m.start < s.end);
      if (!first) continue;
      const hit = namesIn(s).find((h) => h.start === first.start);
      const titleStart = hit?.titleStart ?? first.start;
      const inTitle = mentions.find((m) => m.start >= titleStart && m.end <= first.start);
      if (inTitle) {
        p.party = inTitle.polity.id;
        break;
      }
      const before = s.norm.slice(0, titleStart - s.start);
      const owner = /([A-Z][a-z]+)'s\s+(?:[a-z]+\s+){0,3}$/.exec(before);
      const ownerPerson = owner
        ? people.find((q) => q !== p && sameName(q.surname, owner[1] as string))
        : undefined;
      if (ownerPerson?.party) {
        p.party = ownerPerson.party;
        break;
      }
      const near = mentions
        .filter((m) => m.start < first.start || m.kind === 'seat')
        .sort((x, y) => Math.abs(x.start - first.start) - Math.abs(y.start - first.start))[0];
      if (near && mentions.length > 0) {
        const one = new Set(mentions.map((m) => m.polity.id)).size === 1;
        if (one || near.kind === 'seat' || near.kind === 'adjective') p.party = near.polity.id;
      }
      // An official introduced right after the office speaks ("The White House said ... spokesperson").
      const prev = art.sentences[s.index - 1];
      const actors = prev ? (mentionsBySentence.get(prev) ?? []).filter((m) => m.actor) : [];
      if (!p.party && mentions.length === 0 && new Set(actors.map((m) => m.polity.id)).size === 1) {
        p.party = (actors[0] as Mention).polity.id;
      }
    }
  }
  for (const p of people) {
    const t = (p.title ?? '').toLowerCase();
    const head = HEAD_OF_STATE_TITLES.some((h) => new RegExp(`(^|\\s)${h}$`).test(t) || t === h);
    if (p.role === undefined || p.role === 'official') {
      // A head of state or government outside the delegation, or whoever "must approve", ratifies.
      if ((head && !/\bvice\b/.test(t)) || p.approval) p.role = 'principal';
      else p.role = 'official';
    }
    if (p.party && mediators.has(p.party) && !negotiating.has(p.party)) p.role = 'mediator';
    if (p.party && (p.role === 'lead' || p.role === 'member')) {
      for (const ev of p.evidence.slice(0, 1)) addParty(negotiating, p.party, ev);
    }
  }

  // The negotiating parties: named between, with a delegation, or the most mentioned.
  let partyIds = [...negotiating.keys()].filter(
    (id) => !mediators.has(id) || (negotiating.get(id)?.length ?? 0) > 1,
  );
  if (partyIds.length < 2) {
    const more = [...polityCounts.values()]
      .filter((r) => !partyIds.includes(r.polity.id) && !mediators.has(r.polity.id) && r.count >= 2)
      .sort((x, y) => y.count - x.count || x.first - y.first);
    for (const r of more) {
      if (partyIds.length >= 2) break;
      partyIds.push(r.polity.id);
      negotiating.set(r.polity.id, r.evidence);
    }
  }
  partyIds = partyIds.sort((x, y) => (polityCounts.get(x)?.first ?? 0) - (polityCounts.get(y)?.first ?? 0));
  // A negotiating party with people but no lead: the first named (not a spokesperson) leads.
  const inferredLeads: string[] = [];
  for (const id of partyIds) {
    const side = people.filter((p) => p.party === id && (p.role === 'member' || p.role === 'official'));
    if (people.some((p) => p.party === id && p.role === 'lead')) continue;
    const first = side
      .filter((p) => !/\b(spokes\w*|adviser|advisor|chief of staff)\b/i.test(p.title ?? ''))
      .sort(
        (x, y) =>
          (x.mentions[0]?.article ?? 0) - (y.mentions[0]?.article ?? 0) ||
          (x.mentions[0]?.start ?? 0) - (y.mentions[0]?.start ?? 0),
      )[0];
    if (first) {
      first.role = 'lead';
      inferredLeads.push(first.name);
    }
  }

  const parties = partyIds.map((id) => ({ id, label: POLITIES.find((p) => p.id === id)?.label ?? id }));
  for (const { id, label } of parties) {
    items.push({ kind: 'party', label, party: id, evidence: negotiating.get(id) ?? [] });
  }
  for (const [id, ev] of mediators) {
    if (partyIds.includes(id)) continue;
    items.push({
      kind: 'party',
      label: POLITIES.find((p) => p.id === id)?.label ?? id,
      party: id,
      role: 'mediator',
      evidence: ev,
    });
  }
  for (const p of people) {
    if (p.evidence.length === 0) continue;
    items.push({
      kind: 'person',
      label: p.name,
      ...(p.party !== undefined ? { party: p.party } : {}),
      ...(p.title !== undefined ? { title: p.title } : {}),
      ...(p.role !== undefined ? { role: p.role } : {}),
      evidence: p.evidence,
    });
  }

  // Pass 3: venue, sittings, issues, stances, numbers.
  const sittings = new Map<string, DraftItemFile>();
  const venues = new Map<string, DraftItemFile>();
  for (const a of articles) {
    const ref = a.date;
    for (const s of a.sentences) {
      const talk =
        /\b(talks|negotiations?|discussions|meeting|met|meet|session|round|consultations?|resum\w+|continu\w+|began|begin|held)\b/i.test(
          s.norm,
        );
      if (talk) readVenue(a, s, venues);
      if (talk && ref !== undefined) readSittings(a, s, ref, sittings);
      readIssueCandidates(a, s, mentionsBySentence.get(s) ?? [], candidates, people);
    }
  }
  items.push(...venues.values());
  items.push(...[...sittings.values()].sort((x, y) => (x.date ?? '').localeCompare(y.date ?? '')));

  // Group candidates into issues.
  const groups = groupIssues(candidates, partyIds);
  items.push(...groups.map((g) => g.item));

  const speakerOf = (s: Sentence): { name?: string; party?: string } => {
    const inS = people
      .map((p) => ({
        p,
        m: p.mentions.find((m) => m.article === s.article && m.start >= s.start && m.start < s.end),
      }))
      .filter((x) => x.m !== undefined)
      .sort((x, y) => (x.m?.start ?? 0) - (y.m?.start ?? 0));
    const verb = SPEECH_VERBS.exec(s.norm);
    const verbAt = verb ? s.start + verb.index : s.end;
    const before = inS.filter((x) => (x.m?.start ?? 0) < verbAt).pop() ?? inS[0];
    if (before && !/^\s*"/.test(s.norm))
      return { name: before.p.name, ...(before.p.party ? { party: before.p.party } : {}) };
    if (
      verb &&
      /\b(he|she)\b/i.test(s.norm.slice(Math.max(0, verb.index - 12), verb.index + verb[0].length + 6))
    ) {
      const p = lastPersonBefore(s.article, s.start);
      if (p) return { name: p.name, ...(p.party ? { party: p.party } : {}) };
    }
    if (before) return { name: before.p.name, ...(before.p.party ? { party: before.p.party } : {}) };
    const group = /\b([A-Za-z.]+) (officials|negotiators|delegation|side)\b/.exec(s.norm);
    if (group) {
      const m = (mentionsBySentence.get(s) ?? []).find((x) => x.start === s.start + group.index);
      if (m) return { name: `${group[1]} ${group[2]}`, party: m.polity.id };
    }
    return {};
  };

  const issueIn = (s: Sentence, from = s.start, to = s.end) =>
    groups.filter((g) => g.members.some((c) => c.sentence === s && c.start >= from && c.start < to));

  for (const a of articles) {
    for (const s of a.sentences) {
      const speaker = speakerOf(s);
      const who = {
        ...(speaker.party !== undefined ? { party: speaker.party } : {}),
        ...(speaker.name !== undefined ? { speaker: speaker.name } : {}),
      };
      let stance = false;
      const red = RED_LINE_WORDS.exec(s.norm);
      if (red) {
        const issues = issueIn(s);
        const redGroup =
          issues.find((g) => g.members.some((c) => c.sentence === s && c.redLine)) ?? issues[0];
        const holder = redGroup?.item.holder ?? speaker.party;
        items.push({
          kind: 'redLine',
          label: redLineLabel(s, red),
          ...(holder !== undefined ? { party: holder } : {}),
          ...(speaker.name !== undefined ? { speaker: speaker.name } : {}),
          ...(redGroup ? { issue: redGroup.id } : {}),
          terms: productCodes(s),
          evidence: [evidence(a, s, span(a, s.start + red.index, s.start + red.index + red[0].length))],
        });
        stance = true;
      }
      const cond = CONDITION_WORDS.exec(s.norm);
      if (cond) {
        const clause = clauseAround(s.norm, cond.index);
        const issues = issueIn(s);
        items.push({
          kind: 'condition',
          label: clause,
          ...who,
          ...(issues[0] ? { issue: issues[0].id } : {}),
          evidence: [evidence(a, s, clause)],
        });
        stance = true;
      }
      const ex = EXCHANGE_WORDS.exec(s.norm);
      if (ex) {
        const cut = s.start + ex.index;
        const gives = issueIn(s, s.start, cut);
        const gets = issueIn(s, cut, s.end);
        const leftParty = (mentionsBySentence.get(s) ?? []).filter((m) => m.start < cut && m.actor).pop();
        if (gives.length > 0 && gets.length > 0) {
          const party = gives[0]?.item.holder ?? leftParty?.polity.id;
          items.push({
            kind: 'linkage',
            label: `${gives.map((g) => g.item.label).join(' and ')} ${ex[0]} ${gets.map((g) => g.item.label).join(' and ')}`,
            ...(party !== undefined ? { party } : {}),
            gives: gives.map((g) => g.id),
            gets: gets.map((g) => g.id),
            evidence: [evidence(a, s, ex[0])],
          });
        }
      }
      // Signals: quoted words with a tone, or a speech verb with a tone word.
      // Quoted words (a quote may open or close in a neighbouring sentence).
      const quotes = [...s.norm.matchAll(/"([^"]{2,300})"|^([^"]{2,300})"(?=[^"]*$)|"([^"]{2,300})$/g)].map(
        (q) => {
          const words = q[1] ?? q[2] ?? q[3] ?? '';
          return { words, at: s.start + (q.index ?? 0) + q[0].indexOf(words) };
        },
      );
      if (quotes.length > 0) {
        for (const q of quotes) {
          const tone = toneOf(q.words) ?? toneOf(s.norm);
          if (tone === undefined) continue;
          items.push({
            kind: 'signal',
            label: span(a, q.at, q.at + q.words.length).replace(/[,.]$/, ''),
            ...who,
            tone,
            evidence: [evidence(a, s, span(a, q.at, q.at + q.words.length))],
          });
        }
      } else if (!stance && SPEECH_VERBS.test(s.norm)) {
        const verb = SPEECH_VERBS.exec(s.norm) as RegExpExecArray;
        const clause = clauseAround(s.norm, verb.index);
        const tone = toneOf(clause);
        if (
          tone !== undefined &&
          (speaker.name !== undefined || speaker.party !== undefined || /officials/i.test(clause))
        ) {
          items.push({ kind: 'signal', label: clause, ...who, tone, evidence: [evidence(a, s, clause)] });
        }
      } else if (stance && /\bhint\w*|signal\w*|concessions?\b/i.test(s.norm)) {
        const m = /\b(hinted|signal(?:l)?ed)\b[^,.;]*?(?=\s+but\b|[,.;]|$)/i.exec(s.norm);
        if (m) {
          const tone = toneOf(m[0]);
          if (tone)
            items.push({ kind: 'signal', label: m[0], ...who, tone, evidence: [evidence(a, s, m[0])] });
        }
      }
      readNumbers(a, s, items);
    }
  }

  return { items: mergeRedLines(sortItems(items)), parties, inferredLeads };

  function redLineLabel(s: Sentence, red: RegExpExecArray): string {
    const clause = clauseAround(s.norm, red.index, true);
    return clause.length > 0 ? clause : red[0];
  }
}

/** Product codes named in a sentence (H20, MI308): what a red line names. */
function productCodes(s: Sentence): string[] {
  return [...new Set([...s.norm.matchAll(/\b[A-Z]{1,3}\d{1,4}[A-Z]?\b/g)].map((m) => m[0]))];
}

function toneOf(text: string): 'positive' | 'negative' | 'cautious' | undefined {
  for (const { tone, re } of TONE_WORDS) if (re.test(text)) return tone;
  return undefined;
}

/** The clause around `at`: from the previous "that", comma or start to the next full stop. */
function clauseAround(norm: string, at: number, fromThat = false): string {
  const before = norm.slice(0, at);
  const thatAt = fromThat ? before.search(/\bthat\s[^"]*$/) : -1;
  const comma = before.lastIndexOf(', ');
  const cut = Math.max(
    thatAt >= 0 ? thatAt + 5 : -1,
    before.lastIndexOf(';') + 1,
    fromThat && thatAt >= 0 ? 0 : comma >= 0 ? comma + 2 : 0,
    0,
  );
  const end = norm.slice(at).search(/[.;]\s|[.;]$|$/);
  return norm
    .slice(cut, at + (end < 0 ? norm.length - at : end))
    .replace(/^[\s,"]+|[\s,"]+$/g, '')
    .replace(/\s+/g, ' ');
}

/** Red lines of one party on one issue (or on none) are one red line with several passages. */
function mergeRedLines(items: DraftItemFile[]): DraftItemFile[] {
  const out: DraftItemFile[] = [];
  for (const item of items) {
    const same =
      item.kind === 'redLine'
        ? out.find((x) => x.kind === 'redLine' && x.party === item.party && x.issue === item.issue)
        : undefined;
    if (same) {
      same.evidence.push(...item.evidence);
      if (same.speaker === undefined && item.speaker !== undefined) same.speaker = item.speaker;
      same.terms = [...new Set([...(same.terms ?? []), ...(item.terms ?? [])])];
      if (/red line\.?"?$/i.test(same.label) && !/red line\.?"?$/i.test(item.label)) same.label = item.label;
    } else out.push(item);
  }
  return out;
}

/** Items in the order of `DRAFT_ITEM_KINDS` (parties first), stable within a kind. */
function sortItems(items: DraftItemFile[]): DraftItemFile[] {
  const kinds: readonly string[] = DRAFT_ITEM_KINDS;
  return items
    .map((item, i) => ({ item, i }))
    .sort((x, y) => kinds.indexOf(x.item.kind) - kinds.indexOf(y.item.kind) || x.i - y.i)
    .map((x) => x.item);
}

// ---- venue and sittings -----------------------------------------------------------------------

function readVenue(a: ReadArticle, s: Sentence, venues: Map<string, DraftItemFile>): void {
  const add = (label: string, quote: string) => {
    const k = label.toLowerCase();
    const existing = venues.get(k);
    const ev = evidence(a, s, quote);
    if (existing) {
      if (!existing.evidence.some((e) => e.start === ev.start && e.file === ev.file))
        existing.evidence.push(ev);
    } else venues.set(k, { kind: 'venue', label, evidence: [ev] });
  };
  // A building: "held at the historic Lancaster House".
  for (const m of s.norm.matchAll(
    /\b(?:at|in) (?:the )?(?:historic |famous |luxury |grand )?((?:[A-Z][\w'-]+ ){0,4}[A-Z][\w'-]+)/g,
  )) {
    const name = m[1] as string;
    if (VENUE_HEADS.test(name) && !/White House/.test(name)) {
      const at = s.start + (m.index ?? 0);
      add(name, span(a, at, at + m[0].length));
    }
  }
  // A city: "resumed in London", "talks in Geneva".
  for (const city of CITIES) {
    const re = new RegExp(`\\b(?:in|to) (${escapeRegExp(city)})\\b`);
    const m = re.exec(s.norm);
    if (m) {
      const at = s.start + m.index;
      add(city, span(a, at, at + m[0].length));
    }
  }
}

const DATE_WORDS =
  /\b(mon|tues|wednes|thurs|fri|satur|sun)day|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|\d\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|\b(today|tomorrow|yesterday)\b|\d{4}-\d{2}-\d{2}/i;
const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
};

function isoDay(y: number, m: number, d: number): string {
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** "Mon 9 June 2025" for a YYYY-MM-DD date. */
export function dayLabel(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wd = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return `${DAY_NAMES[wd]} ${d} ${MONTH_NAMES[m - 1]} ${y}`;
}

function readSittings(a: ReadArticle, s: Sentence, ref: string, sittings: Map<string, DraftItemFile>): void {
  const [y, mo, d] = ref.split('-').map(Number) as [number, number, number];
  const instant = new Date(Date.UTC(y, mo - 1, d, 12));
  const refMs = instant.getTime();
  const add = (date: string, quote: string, extra: { time?: string; hours?: number }) => {
    const ev = evidence(a, s, quote);
    const existing = sittings.get(date);
    if (existing) {
      if (!existing.evidence.some((e) => e.start === ev.start && e.file === ev.file))
        existing.evidence.push(ev);
      if (extra.time !== undefined) existing.time ??= extra.time;
      if (extra.hours !== undefined) existing.hours ??= extra.hours;
      return;
    }
    sittings.set(date, { kind: 'sitting', label: dayLabel(date), date, ...extra, evidence: [ev] });
  };
  const hoursM =
    /\b(?:over|for|about|some|nearly|more than|lasted|lasting)\s+(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+hours\b/i.exec(
      s.norm,
    );
  const hours = hoursM ? Number(hoursM[1]) || NUMBER_WORDS[(hoursM[1] as string).toLowerCase()] : undefined;
  for (const r of chrono.parse(s.norm, { instant, timezone: 0 })) {
    if (!DATE_WORDS.test(r.text)) continue; // "for a second" is a time, not a sitting
    // "Hamas said Wednesday": the day of a statement, not of a sitting.
    if (/\b(said|says|told|announced|stated|added|reported)\s+(on\s+)?$/i.test(s.norm.slice(0, r.index)))
      continue;
    const known = (c: 'weekday' | 'day') => r.start.isCertain(c);
    if (!known('weekday') && !known('day')) continue;
    const dates: string[] = [];
    const first = isoDay(
      r.start.get('year') as number,
      r.start.get('month') as number,
      r.start.get('day') as number,
    );
    dates.push(first);
    if (r.end?.isCertain('day')) {
      const last = isoDay(
        r.end.get('year') as number,
        r.end.get('month') as number,
        r.end.get('day') as number,
      );
      for (let t = Date.parse(first) + 86400000; t <= Date.parse(last) && dates.length < 14; t += 86400000) {
        dates.push(new Date(t).toISOString().slice(0, 10));
      }
    }
    const time =
      /\b(morning|afternoon|evening|night)\b/i.exec(r.text)?.[1]?.toLowerCase() ??
      (r.start.isCertain('hour') && /\d(:\d\d|\s?[ap]\.?m)/i.test(r.text)
        ? `${String(r.start.get('hour')).padStart(2, '0')}:${String(r.start.get('minute') ?? 0).padStart(2, '0')}`
        : undefined);
    for (const date of dates) {
      if (Math.abs(Date.parse(date) + 12 * 3600000 - refMs) > 10 * 86400000) continue;
      add(date, r.text, {
        ...(time !== undefined && date === first ? { time } : {}),
        ...(hours !== undefined && dates.length === 1 ? { hours } : {}),
      });
    }
  }
  // "for a second day" on the article's date.
  const nth = /\b(?:for )?(?:a|the) (second|third|fourth|fifth) (?:straight |consecutive )?day\b/i.exec(
    s.norm,
  );
  if (nth && /\b(resum\w+|continu\w+|talks|negotiat\w+)\b/i.test(s.norm)) add(ref, nth[0], {});
}

// ---- issues -----------------------------------------------------------------------------------

function holderBefore(toks: readonly Token[], i: number, mentions: readonly Mention[]): string | undefined {
  // A possessive or adjective polity right before the measure ("Beijing's limits", "US export controls").
  for (let k = i - 1; k >= Math.max(0, i - 4); k--) {
    const t = toks[k] as Token;
    const m = mentions.find((x) => t.start >= x.start && t.start < x.end);
    if (m && (m.possessive || m.kind !== 'seat' || m.actor)) return m.polity.id;
    if (!(t.tags.has('Adjective') || t.tags.has('Noun')) || t.possessive) break;
  }
  return undefined;
}

function readIssueCandidates(
  a: ReadArticle,
  s: Sentence,
  mentions: readonly Mention[],
  out: IssueCandidate[],
  people: readonly Person[],
): void {
  const toks = s.tokens;
  const add = (
    from: number,
    to: number,
    holder: string | undefined,
    extra: { group?: number; redLine?: boolean } = {},
  ) => {
    const words = toks.slice(from, to).map((t) => t.lower);
    const key = keyOf(words);
    if (key.length === 0) return undefined;
    const start = (toks[from] as Token).start;
    const end = (toks[to - 1] as Token).end;
    const c: IssueCandidate = {
      phrase: a.norm.slice(start, end),
      key,
      start,
      end,
      sentence: s,
      article: a,
      ...(holder !== undefined ? { holder } : {}),
      ...(extra.group !== undefined ? { group: extra.group } : {}),
      ...(extra.redLine ? { redLine: true } : {}),
    };
    out.push(c);
    return out.length - 1;
  };
  // The actor of the clause before token i: the last polity mentioned as an actor before it.
  const clauseActor = (i: number): string | undefined => {
    const at = (toks[i] as Token).start;
    const clauseStart = Math.max(
      s.start,
      ...[...s.norm.matchAll(/\b(in exchange for|in return for|while|but|whereas)\b|;/gi)]
        .map((m) => s.start + (m.index ?? 0))
        .filter((x) => x < at),
    );
    const m = mentions.filter((x) => x.start >= clauseStart && x.start < at && x.actor).pop();
    return m?.polity.id;
  };
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as Token;
    if (!MEASURE_NOUNS.has(t.lower)) continue;
    const holder = holderBefore(toks, i, mentions) ?? clauseActor(i);
    let found = false;
    // Goods before the measure: "rare earth constraints".
    let k = i - 1;
    while (k >= 0) {
      const b = toks[k] as Token;
      if (b.possessive || DETERMINERS.has(b.lower) || isPolityWord(b) || b.post.trim() !== '') break;
      if (!(b.tags.has('Noun') || b.tags.has('Adjective') || b.tags.has('Acronym'))) break;
      if (b.tags.has('Verb') && !b.tags.has('Noun')) break;
      k--;
    }
    while (k + 1 < i && /ing$/.test((toks[k + 1] as Token).lower)) k++;
    if (k + 1 < i && add(k + 1, i, holder) !== undefined) found = true;
    // Goods after: "restrictions on chip design software and jet engine parts".
    const prep = toks[i + 1]?.lower;
    if (t.post.trim() === '' && prep !== undefined && ['on', 'over', 'for', 'against', 'of'].includes(prep)) {
      const np = nounPhrase(toks, i + 2);
      if (np) {
        const generic = keyOf(toks.slice(np.from, np.to).map((x) => x.lower)).length === 0;
        const ex = EXAMPLE_WORDS(toks, np.to);
        if (ex > 0) {
          const first = generic ? undefined : add(np.from, np.to, holder);
          for (const item of listAfter(toks, np.to + ex)) {
            if (add(item.from, item.to, holder, first !== undefined ? { group: first } : {}) !== undefined)
              found = true;
          }
          if (first !== undefined) found = true;
        } else {
          for (const item of listAfter(toks, i + 2))
            if (add(item.from, item.to, holder) !== undefined) found = true;
        }
      }
    }
    if (!found && MEASURE_AS_ISSUE.has(t.lower)) add(i, i + 1, holder);
  }
  /** Noun phrases from the word at or after `offset`; a possessive polity first is their holder. */
  const phrasesAt = (offset: number, fallbackHolder?: string, one = false) => {
    const i = toks.findIndex((x) => x.start >= offset);
    if (i < 0) return;
    let j = i;
    let holder = fallbackHolder;
    const first = toks[j] as Token;
    const mm = mentions.find((x) => first.start >= x.start && first.start < x.end);
    if (mm && first.possessive) {
      holder = mm.polity.id;
      j++;
    }
    if (one) {
      const np = nounPhrase(toks, j);
      if (np) add(np.from, np.to, holder);
      return;
    }
    for (const item of listAfter(toks, j)) add(item.from, item.to, holder);
  };
  // What the talks are about: "Gaza cease-fire talks", "nuclear negotiations".
  for (let i = 0; i < toks.length; i++) {
    if (!/^(talks|negotiations|negotiation)$/.test((toks[i] as Token).lower)) continue;
    let k = i - 1;
    while (k >= 0) {
      const b = toks[k] as Token;
      if (b.possessive || DETERMINERS.has(b.lower) || isPolityWord(b) || b.post.trim() !== '') break;
      if (!(b.tags.has('Noun') || b.tags.has('Adjective'))) break;
      k--;
    }
    if (k + 1 < i) add(k + 1, i, undefined);
  }
  // Demands and aims: "wants Washington to lower tariffs", "a deal to limit Tehran's nuclear program",
  // "we need to see the hostages released", "its nuclear program is the only issue".
  for (const m of s.norm.matchAll(
    /\b(?:seek(?:s|ing)?|wants?|wanted|demand(?:s|ed|ing)?|call(?:s|ed)? for|insist(?:s|ed)? on|urg(?:es|ed)|deal|agreement|talks|aimed at)\b([^.;]{0,40}?)\bto (?:lower|cut|reduce|lift|ease|remove|end|renounce|limit|curb|halt|stop|restrict|freeze|cap|withdraw|resolve)\s/gi,
  )) {
    const between = s.start + (m.index ?? 0);
    const actor = mentions.find(
      (x) => x.start > between && x.start < between + m[0].length && x.kind !== 'adjective',
    );
    phrasesAt(between + m[0].length, actor?.polity.id, true);
  }
  for (const m of s.norm.matchAll(/\bneed to see\s/gi)) phrasesAt(s.start + (m.index ?? 0) + m[0].length);
  for (const m of s.norm.matchAll(
    /\b(?:is|are) the (?:only|main|key|central|core|biggest|major) (?:issue|sticking point|question)/gi,
  )) {
    const at = s.start + (m.index ?? 0);
    const end = toks.findIndex((x) => x.start >= at);
    let k = end - 1;
    while (
      k >= 0 &&
      !DETERMINERS.has((toks[k] as Token).lower) &&
      !(toks[k] as Token).possessive &&
      (toks[k] as Token).post.trim() === ''
    )
      k--;
    if (k + 1 < end) add(k + 1, end, clauseActor(end));
  }
  // "talks over Tehran's nuclear program", "friction over X and Y".
  for (const m of s.norm.matchAll(
    /\b(talks|negotiations|discussions|friction|tensions?|disputes?|deal|agreement)\s+(over|on|about)\s/gi,
  )) {
    const at = s.start + (m.index ?? 0) + m[0].length;
    const i = toks.findIndex((x) => x.start >= at);
    if (i < 0) continue;
    let j = i;
    let holder: string | undefined;
    const first = toks[j] as Token;
    const mm = mentions.find((x) => first.start >= x.start && first.start < x.end);
    if (mm && first.possessive) {
      holder = mm.polity.id;
      j++;
    }
    for (const item of listAfter(toks, j)) add(item.from, item.to, holder);
  }
  // A red line: "the most advanced semiconductor technology, such as X, would remain restricted".
  const red = /\b(would|will|must|should|can) (?:never |not )?(remain|stay|be|exist)\b/i.exec(s.norm);
  if (red && RED_LINE_WORDS.test(s.norm)) {
    const at = s.start + red.index;
    const before = s.norm.slice(0, red.index);
    const thatAt = before.search(/\bthat\s[\s\S]*$/);
    const from = s.start + (thatAt >= 0 ? thatAt + 5 : 0);
    const i = toks.findIndex((x) => x.start >= from);
    const speakerParty = people.find((p) =>
      p.mentions.some((m) => m.article === s.article && m.start >= s.start && m.start < at),
    )?.party;
    if (i >= 0) {
      const np = nounPhrase(toks, i);
      if (np && (toks[np.to - 1] as Token).end <= at) {
        const first = add(np.from, np.to, speakerParty, { redLine: true });
        const ex = EXAMPLE_WORDS(toks, np.to);
        if (ex > 0) {
          for (const item of listAfter(toks, np.to + ex)) {
            if ((toks[item.from] as Token).start < at)
              add(item.from, item.to, speakerParty, {
                redLine: true,
                ...(first !== undefined ? { group: first } : {}),
              });
          }
        }
      }
    }
  }
}

interface IssueGroup {
  readonly id: string;
  readonly item: DraftItemFile;
  readonly members: readonly IssueCandidate[];
}

const ADJECTIVE_ONLY = (key: readonly string[], c: IssueCandidate) =>
  key.every((w) =>
    c.sentence.tokens.some((t) => t.lower === w && t.tags.has('Adjective') && !t.tags.has('Noun')),
  );

/** Label words dropped at the ends of a phrase ("recent", "shipments"). */
const LABEL_TRIM_LEAD =
  /^(?:(?:the|a|an|most|more|recent|new|current|growing|key|select|certain|various|other|its|their)\s+)+/i;
const LABEL_TRIM_TAIL =
  /(?:\s+(?:shipments?|supplies|supply|exports?|imports?|sales|items|goods|products|material|materials))+$/i;

function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/\([^)]*\)/g, '')
    .replace(/'s\b/g, '')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 40)
    .replace(/_+$/, '');
}

function groupIssues(candidates: readonly IssueCandidate[], partyIds: readonly string[]): IssueGroup[] {
  const groupOf: number[] = [];
  const groups: { members: number[]; key: Set<string>; heads: Set<string> }[] = [];
  const head = (c: IssueCandidate) => c.key[c.key.length - 1] as string;
  const generic = candidates.map((c) => ADJECTIVE_ONLY(c.key, c));
  candidates.forEach((c, i) => {
    if (generic[i]) return;
    let g = c.group !== undefined ? groupOf[c.group] : undefined;
    if (g === undefined) {
      g = groups.findIndex((x) => {
        const shared = c.key.filter((w) => x.key.has(w)).length;
        const subset = c.key.every((w) => x.key.has(w));
        if (x.heads.has(head(c))) return subset || shared >= 2 || (shared >= 1 && c.key.length > 1);
        return shared >= 2 && (subset || [...x.key].every((w) => c.key.includes(w)));
      });
      if (g < 0) g = undefined;
    }
    if (g === undefined) {
      groups.push({ members: [i], key: new Set(c.key), heads: new Set([head(c)]) });
      groupOf[i] = groups.length - 1;
    } else {
      const grp = groups[g] as (typeof groups)[number];
      grp.members.push(i);
      for (const w of c.key) grp.key.add(w);
      grp.heads.add(head(c));
      groupOf[i] = g;
    }
  });
  // Generic candidates ("advanced tech exports") join a group sharing their words.
  candidates.forEach((c, i) => {
    if (!generic[i]) return;
    const g = groups.findIndex((x) => c.key.every((w) => x.key.has(w)));
    if (g >= 0) (groups[g] as (typeof groups)[number]).members.push(i);
  });
  const ids = new Set<string>();
  return groups.map((g) => {
    const sorted = [...g.members].sort((x, y) => x - y);
    const members = sorted.map((i) => candidates[i] as IssueCandidate);
    const mainAt =
      sorted.find((i) => !generic[i] && (candidates[i] as IssueCandidate).group === undefined) ?? sorted[0];
    const main = candidates[mainAt as number] as IssueCandidate;
    let label = main.phrase.replace(LABEL_TRIM_LEAD, '').replace(LABEL_TRIM_TAIL, '');
    const examples = members.filter((m) => m.group !== undefined && m !== main).map((m) => m.phrase);
    if (examples.length > 0) label += ` (e.g. ${[...new Set(examples)].join(', ')})`;
    label = label.charAt(0).toUpperCase() + label.slice(1);
    let id = slug(main.phrase.replace(LABEL_TRIM_LEAD, '').replace(LABEL_TRIM_TAIL, '')) || 'issue';
    while (ids.has(id)) id += '_2';
    ids.add(id);
    const votes = new Map<string, number>();
    for (const m of members) if (m.holder !== undefined) votes.set(m.holder, (votes.get(m.holder) ?? 0) + 1);
    const holder = [...votes.entries()].sort((x, y) => y[1] - x[1])[0]?.[0];
    const wantsChange = holder !== undefined ? partyIds.filter((p) => p !== holder) : [];
    const ev: EvidenceFile[] = [];
    for (const m of members) {
      const e = evidence(m.article, m.sentence, m.phrase);
      const same = ev.find((x) => x.start === e.start && x.file === e.file);
      if (!same) ev.push(e);
      else if (e.quote && same.quote && !same.quote.includes(e.quote))
        (same as { quote?: string }).quote = `${same.quote}; ${e.quote}`;
    }
    const terms = [...new Set(members.map((m) => m.phrase))];
    return {
      id,
      members,
      item: {
        kind: 'issue' as const,
        label,
        issue: id,
        ...(holder !== undefined ? { holder } : {}),
        ...(wantsChange.length > 0 ? { wantsChange } : {}),
        terms,
        evidence: ev,
      },
    };
  });
}

// ---- numbers ----------------------------------------------------------------------------------

const NUMBER_RE =
  /(?:US)?\$\s?(\d[\d,]*(?:\.\d+)?)\s?(trillion|billion|million|bn|m|k)?\b|\b(\d[\d,]*(?:\.\d+)?)\s?(%|percent|per cent)|\b(\d[\d,]*(?:\.\d+)?)\s?(trillion|billion|million)?\s?(tonnes|tons|barrels|students|people|jobs|vehicles|units|dollars|euros|yuan|hostages|prisoners|troops|soldiers|refugees|civilians|deaths|workers)\b/gi;

function readNumbers(a: ReadArticle, s: Sentence, items: DraftItemFile[]): void {
  for (const m of s.norm.matchAll(NUMBER_RE)) {
    const at = s.start + (m.index ?? 0);
    const raw = (m[1] ?? m[3] ?? m[5] ?? '').replace(/,/g, '');
    const value = Number(raw);
    if (!Number.isFinite(value) || raw === '') continue;
    let unit: string;
    if (m[1] !== undefined) unit = `$${m[2] ? ` ${m[2].toLowerCase()}` : ''}`;
    else if (m[3] !== undefined) unit = '%';
    else unit = `${m[6] ? `${m[6].toLowerCase()} ` : ''}${(m[7] as string).toLowerCase()}`;
    // What the number is of: the words after it, up to a comma or full stop.
    const tail = /^(?:\s+[^\s,.;]+){0,6}/.exec(s.norm.slice(at - s.start + m[0].length))?.[0] ?? '';
    const label = `${m[0].trim()}${tail.replace(/\s+$/, '')}`;
    items.push({
      kind: 'number',
      label,
      value,
      unit,
      evidence: [evidence(a, s, span(a, at, at + label.length))],
    });
  }
  const mv = MARKET_MOVE.exec(s.norm);
  if (mv) {
    const at = s.start + mv.index;
    const up = /r[io]se|rising|climb|jump|surg|gain|rall/i.test(mv[2] as string);
    items.push({
      kind: 'number',
      label: mv[0],
      unit: up ? 'up' : 'down',
      evidence: [evidence(a, s, span(a, at, at + mv[0].length))],
    });
  }
}
