/**
 * How well `lancaster draft` reads news reports: precision and recall per kind of item against
 * hand labels (`bench/fixtures/draft/labels.json`) of the seed article and four reports of other
 * talks (Geneva 2025, Oman 2025, Vietnam–US 2025, Doha 2024), short quotations kept with their
 * addresses. A quality measure, not a timing: nothing here asserts anything.
 *
 * Matching (each hand label matched by at most one drafted item, greedily in label order):
 * party: same id and, when labelled, the same role (mediator); person: surname within one edit,
 * same side and same role; venue: same name; sitting: same date; issue: a labelled phrase inside
 * the issue's label or words, and the same holder when labelled; linkage: the same party, and the
 * labelled phrases in what it gives and gets; red line, condition: the same party and a labelled
 * phrase in its text; signal: the speaker (surname, or party id) and the tone, and a labelled
 * phrase in its text or sentence; number: a labelled phrase in its text.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { editDistance } from '../src/draft/extract.ts';
import { draftScenario } from '../src/draft/index.ts';
import { readArticleFile } from '../src/formats/article.ts';
import { DRAFT_ITEM_KINDS, type DraftItemFile } from '../src/formats/native/schema.ts';
import type { BenchRow } from './run.ts';

interface Label {
  readonly kind: DraftItemFile['kind'];
  readonly party?: string;
  readonly role?: string;
  readonly name?: string;
  readonly label?: string;
  readonly date?: string;
  readonly any?: readonly string[];
  readonly holder?: string;
  readonly gives?: readonly string[];
  readonly gets?: readonly string[];
  readonly speaker?: string;
  readonly tone?: string;
}

interface LabelledArticle {
  readonly file: string;
  readonly talks: string;
  readonly address: string;
  readonly date: string;
  readonly items: readonly Label[];
}

const ROOT = resolve(import.meta.dirname, '..');
const KINDS: readonly DraftItemFile['kind'][] = DRAFT_ITEM_KINDS;

const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/-/g, ' ');
const has = (text: string, phrases: readonly string[] | undefined) =>
  phrases === undefined || phrases.some((p) => norm(text).includes(norm(p)));

/** Whether a drafted item matches a hand label (rules in the module comment). */
export function matches(item: DraftItemFile, label: Label, issueLabel: (id: string) => string): boolean {
  if (item.kind !== label.kind) return false;
  const text = `${item.label} ${(item.terms ?? []).join(' ')}`;
  switch (label.kind) {
    case 'party':
      return item.party === label.party && (label.role ?? undefined) === (item.role ?? undefined);
    case 'person': {
      const surname = item.label.split(' ').pop() ?? '';
      const name = (label.name ?? '').toLowerCase();
      return (
        editDistance(surname.toLowerCase(), name, 1) <= 1 &&
        item.party === label.party &&
        item.role === label.role
      );
    }
    case 'venue':
      return norm(item.label) === norm(label.label ?? '');
    case 'sitting':
      return item.date === label.date;
    case 'issue':
      return has(text, label.any) && (label.holder === undefined || item.holder === label.holder);
    case 'linkage': {
      const gives = (item.gives ?? []).map(issueLabel).join(' ');
      const gets = (item.gets ?? []).map(issueLabel).join(' ');
      return (
        item.party === label.party &&
        (label.gives ?? []).every((g) => has(gives, [g])) &&
        (label.gets ?? []).every((g) => has(gets, [g]))
      );
    }
    case 'redLine':
    case 'condition':
      return item.party === label.party && has(text, label.any);
    case 'signal': {
      const who = label.speaker ?? '';
      const speaker = (item.speaker ?? '').toLowerCase();
      const same = speaker.includes(who.toLowerCase()) || item.party === who;
      const quoted = has(`${text} ${item.evidence.map((e) => e.quote ?? '').join(' ')}`, label.any);
      return same && item.tone === label.tone && quoted;
    }
    case 'number':
      return has(`${text} ${item.evidence.map((e) => e.quote ?? '').join(' ')}`, label.any);
    default:
      return false;
  }
}

/** Counts per kind: labels, drafted items, matched. */
export function score(items: readonly DraftItemFile[], labels: readonly Label[]) {
  const issueLabel = (id: string) => {
    const i = items.find((x) => x.kind === 'issue' && x.issue === id);
    return i ? `${i.label} ${(i.terms ?? []).join(' ')}` : id;
  };
  const used = new Set<DraftItemFile>();
  const counts = new Map<string, { gold: number; drafted: number; matched: number }>();
  for (const k of KINDS) counts.set(k, { gold: 0, drafted: 0, matched: 0 });
  for (const item of items) (counts.get(item.kind) as { drafted: number }).drafted++;
  for (const label of labels) {
    const c = counts.get(label.kind) as { gold: number; matched: number };
    c.gold++;
    const hit = items.find((i) => !used.has(i) && matches(i, label, issueLabel));
    if (hit) {
      used.add(hit);
      c.matched++;
    }
  }
  return counts;
}

export function run(): BenchRow[] {
  const { articles } = JSON.parse(
    readFileSync(join(ROOT, 'bench', 'fixtures', 'draft', 'labels.json'), 'utf8'),
  ) as {
    articles: LabelledArticle[];
  };
  const total = new Map<string, { gold: number; drafted: number; matched: number }>();
  const rows: BenchRow[] = [];
  for (const a of articles) {
    const input = readArticleFile(resolve(ROOT, a.file), { date: a.date });
    const t0 = performance.now();
    const { items } = draftScenario([input]);
    const ms = performance.now() - t0;
    const counts = score(items, a.items);
    let gold = 0;
    let drafted = 0;
    let matched = 0;
    for (const [k, c] of counts) {
      const t = total.get(k) ?? { gold: 0, drafted: 0, matched: 0 };
      total.set(k, { gold: t.gold + c.gold, drafted: t.drafted + c.drafted, matched: t.matched + c.matched });
      gold += c.gold;
      drafted += c.drafted;
      matched += c.matched;
    }
    const name = a.file.split('/').pop() as string;
    rows.push({
      name: `${name}: precision`,
      value: drafted === 0 ? 1 : matched / drafted,
      unit: 'ratio',
      note: `${matched}/${drafted} drafted items right; ${a.talks}`,
    });
    rows.push({
      name: `${name}: recall`,
      value: gold === 0 ? 1 : matched / gold,
      unit: 'ratio',
      note: `${matched}/${gold} labelled items found (drafted in ${ms.toFixed(0)} ms)`,
    });
  }
  for (const k of KINDS) {
    const c = total.get(k) as { gold: number; drafted: number; matched: number };
    rows.push({
      name: `all 5 articles, ${k}: precision`,
      value: c.drafted === 0 ? Number.NaN : c.matched / c.drafted,
      unit: 'ratio',
      note: `${c.matched}/${c.drafted}`,
    });
    rows.push({
      name: `all 5 articles, ${k}: recall`,
      value: c.gold === 0 ? Number.NaN : c.matched / c.gold,
      unit: 'ratio',
      note: `${c.matched}/${c.gold}`,
    });
  }
  return rows;
}
