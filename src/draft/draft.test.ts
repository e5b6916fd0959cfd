/**
 * The drafter on the seed article (what the issue says it must yield, item by item, with evidence
 * that quotes the article at its offsets), on spelling noise, HTML and Markdown, without a date;
 * the draft validates as a scenario and lists its todos; `--against` finds a contradiction the
 * London scenario had before it was settled.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blankMarkdown } from '../formats/article.ts';
import { validateScenarioData } from '../formats/native/load.ts';
import type { DraftItemFile } from '../formats/native/schema.ts';
import { compareWithScenario, draftScenario, htmlToText } from './index.ts';
import { normalise } from './text.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const SEED_PATH = resolve(ROOT, '..', 'shared', 'briefs', 'london-2025-seed-article.txt');
const SEED = readFileSync(SEED_PATH, 'utf8');
const LONDON = readFileSync(resolve(ROOT, 'scenarios', 'london-2025.yaml'), 'utf8');

const seed = draftScenario([{ file: 'seed.txt', text: SEED, date: '2025-06-10' }]);
const of = (kind: DraftItemFile['kind']) => seed.items.filter((i) => i.kind === kind);
const person = (name: string) => of('person').find((p) => p.label.endsWith(name));

describe('the seed article', () => {
  it('yields the United States and China as the parties', () => {
    expect(of('party').map((p) => [p.party, p.label])).toEqual([
      ['us', 'United States'],
      ['china', 'China'],
    ]);
  });

  it('yields the delegations: Bessent leading Lutnick and Greer, He Lifeng leading China', () => {
    expect(person('Bessent')).toMatchObject({
      label: 'Scott Bessent',
      party: 'us',
      role: 'lead',
      title: 'Treasury Secretary',
    });
    expect(person('Lutnick')).toMatchObject({ label: 'Howard Lutnick', party: 'us', role: 'member' });
    expect(person('Greer')).toMatchObject({ label: 'Jamieson Greer', party: 'us', role: 'member' });
    expect(person('Lifeng')).toMatchObject({
      label: 'He Lifeng',
      party: 'china',
      role: 'lead',
      title: 'Vice Premier',
    });
  });

  it('yields Trump as the principal whose approval a deal needs, and Hassett as an official quoted', () => {
    expect(person('Trump')).toMatchObject({ label: 'Donald Trump', party: 'us', role: 'principal' });
    expect(person('Hassett')).toMatchObject({ party: 'us', role: 'official' });
    const hassett = seed.items.filter((i) => i.speaker === 'Kevin Hassett').map((i) => i.kind);
    expect(hassett).toContain('redLine');
    expect(hassett).toContain('signal');
  });

  it('yields Lancaster House, London, on 9 and 10 June 2025', () => {
    expect(
      of('venue')
        .map((v) => v.label)
        .sort(),
    ).toEqual(['Lancaster House', 'London']);
    expect(of('sitting').map((s) => s.date)).toEqual(['2025-06-09', '2025-06-10']);
    expect(of('sitting')[0]?.hours).toBe(6);
    expect(of('sitting')[1]?.time).toBe('morning');
  });

  it('yields the four issues, each held by one side and wanted changed by the other', () => {
    const issues = of('issue');
    const find = (re: RegExp) => issues.find((i) => re.test(i.label));
    expect(find(/chip design software/i)).toMatchObject({ holder: 'us', wantsChange: ['china'] });
    expect(find(/jet engine parts/i)).toMatchObject({ holder: 'us' });
    expect(find(/rare earth/i)).toMatchObject({ holder: 'china', wantsChange: ['us'] });
    const chips = find(/advanced semiconductor/i);
    expect(chips).toMatchObject({ holder: 'us' });
    expect(chips?.terms?.join(' ')).toMatch(/H20 AI chips/);
    expect(issues).toHaveLength(4);
  });

  it('yields the red line on the most advanced chips, the H20 named although the article writes H2O', () => {
    const [red] = of('redLine');
    const chips = of('issue').find((i) => /semiconductor/i.test(i.label));
    expect(red).toMatchObject({ party: 'us', issue: chips?.issue, terms: ['H20'] });
    expect(red?.label).toMatch(/most advanced semiconductor technology.*would remain restricted/);
    // The evidence quotes the article as written.
    expect(red?.evidence[0]?.sentence).toContain('H2O');
  });

  it('yields the condition on any easing and the exchange of chip software and engine parts for rare earths', () => {
    expect(of('condition')).toEqual([
      expect.objectContaining({
        party: 'us',
        speaker: 'Donald Trump',
        label: expect.stringMatching(/any easing of export rules would be conditional/),
      }),
    ]);
    const [link] = of('linkage');
    const ids = (re: RegExp) =>
      of('issue')
        .filter((i) => re.test(i.label))
        .map((i) => i.issue);
    expect(link).toMatchObject({
      party: 'us',
      gives: [...ids(/chip design/i), ...ids(/jet engine/i)],
      gets: ids(/rare earth/i),
    });
  });

  it('yields signals with their speakers and the market move', () => {
    const signals = of('signal').map((s) => [s.speaker, s.tone, s.label.replace('’', "'")]);
    expect(signals).toContainEqual(['Donald Trump', 'negative', "China's not easy"]);
    expect(signals).toContainEqual(['Donald Trump', 'positive', 'only good reports']);
    expect(signals).toContainEqual(['Donald Trump', 'cautious', "We'll see"]);
    expect(of('number')).toEqual([expect.objectContaining({ label: 'oil prices drop', unit: 'down' })]);
  });

  it('gives every item evidence whose offsets are the sentence in the article', () => {
    for (const item of seed.items) {
      expect(item.evidence.length).toBeGreaterThan(0);
      for (const e of item.evidence) {
        expect(SEED.slice(e.start, e.end)).toBe(e.sentence);
        if (e.quote !== undefined) expect(e.sentence).toContain(e.quote.split('; ')[0]);
      }
    }
  });

  it('is a draft scenario that validates, with a todo for every judgement, each with evidence', () => {
    const r = validateScenarioData(seed.data, 'seed draft');
    expect(r.ok ? [] : r.problems).toEqual([]);
    if (!r.ok) return;
    expect(r.scenario.status).toBe('draft');
    const kinds = new Set((r.scenario.todos ?? []).map((t) => t.kind));
    for (const k of [
      'values',
      'weights',
      'evaluator',
      'reservationValue',
      'ratificationThreshold',
      'strategy',
      'redLine',
      'linkage',
      'schedule',
      'impact',
    ])
      expect(kinds).toContain(k);
    const todos = seed.data.todos as { id: string; evidence: unknown[] }[];
    expect(todos.find((t) => t.id === 'us-principal-threshold')?.evidence.length).toBeGreaterThan(0);
    expect(todos.find((t) => t.id === 'us-weights')?.evidence.length).toBeGreaterThan(0);
    // The red line is in the scenario, forbidding the eased value.
    const us = r.file.parties.find((p) => p.id === 'us');
    expect(us?.redLines?.[0]).toMatchObject({ forbid: { advanced_semiconductor_technology: ['eased'] } });
    expect(us?.delegation?.[0]).toMatchObject({ name: 'Scott Bessent', lead: true });
    expect(r.file.protocol.schedule?.map((s) => s.start)).toEqual(['2025-06-09', '2025-06-10']);
  });

  it('is deterministic', () => {
    const again = draftScenario([{ file: 'seed.txt', text: SEED, date: '2025-06-10' }]);
    expect(JSON.stringify(again.data)).toBe(JSON.stringify(seed.data));
  });
});

describe('reading', () => {
  it('mends an O for a zero in product codes near chip words only, keeping the length', () => {
    const chips = normalise('Nvidia’s H2O AI chips and the MI3O8.');
    expect(chips.norm).toBe("Nvidia's H20 AI chips and the MI308.");
    expect(chips.mended).toEqual(['H2O → H20', 'MI3O8 → MI308']);
    expect(normalise('Water is H2O.').norm).toBe('Water is H2O.');
  });

  it('leaves relative days unresolved without a date, and says so in a todo', () => {
    const d = draftScenario([{ file: 'x.txt', text: SEED }]);
    expect(d.items.filter((i) => i.kind === 'sitting')).toEqual([]);
    const todo = (d.data.todos as { id: string; task: string }[]).find((t) => t.id === 'schedule');
    expect(todo?.task).toMatch(/--date/);
  });

  it('reads the date from the article when it has one', () => {
    const d = draftScenario([{ file: 'x.txt', text: `Date: 2025-06-10\n${SEED}` }]);
    expect(d.items.filter((i) => i.kind === 'sitting').map((i) => i.date)).toEqual([
      '2025-06-09',
      '2025-06-10',
    ]);
    expect((d.data.draft as { articles: unknown[] }).articles[0]).toMatchObject({
      date: '2025-06-10',
      dateFrom: 'article',
    });
  });

  it('strips HTML safely: scripts and styles dropped, entities decoded, meta date and address kept', () => {
    const h = htmlToText(
      '<html><head><meta property="article:published_time" content="2025-06-10T08:00:00Z"><link rel="canonical" href="https://example.org/a"><style>p{}</style></head>' +
        '<body><nav>Menu</nav><article><p>Talks &amp; more resumed in London.</p><script>alert(1)</script><p>Second <b>para</b>.</p></article></body></html>',
    );
    expect(h).toEqual({
      text: 'Talks & more resumed in London.\nSecond para.',
      address: 'https://example.org/a',
      date: '2025-06-10',
    });
  });

  it('blanks Markdown markup without moving offsets', () => {
    const md = '# Title\n\nTalks at [Lancaster House](https://x.y/z) were **fruitful**.';
    const b = blankMarkdown(md);
    expect(b).toHaveLength(md.length);
    expect(b.replace(/\s+/g, ' ').trim()).toBe('Title Talks at Lancaster House were fruitful .');
  });
});

describe('another negotiation (an invented report)', () => {
  const text =
    'Date: 2025-03-03\nTalks between Japan and India resumed in Tokyo on Monday. The Indian delegation was led by ' +
    'Commerce Minister Piyush Goyal. Prime Minister Narendra Modi must approve any deal, officials said. Japanese Trade ' +
    'Minister Yoji Muto called the talks constructive. India wants Japan to lower tariffs on steel.';
  const d = draftScenario([{ file: 'invented.txt', text }]);
  const people = d.items.filter((i) => i.kind === 'person').map((p) => [p.label, p.party, p.role]);

  it('reads its parties, delegations, principal, sitting, signal and issue by the same rules', () => {
    expect(d.items.filter((i) => i.kind === 'party').map((p) => p.party)).toEqual(['japan', 'india']);
    expect(people).toEqual([
      ['Piyush Goyal', 'india', 'lead'],
      ['Narendra Modi', 'india', 'principal'],
      ['Yoji Muto', 'japan', 'lead'],
    ]);
    expect(d.items.find((i) => i.kind === 'sitting')?.date).toBe('2025-03-03');
    expect(d.items.find((i) => i.kind === 'signal')).toMatchObject({
      speaker: 'Yoji Muto',
      tone: 'positive',
    });
    expect(d.items.find((i) => i.kind === 'issue')).toMatchObject({
      label: 'Steel',
      holder: 'japan',
      wantsChange: ['india'],
    });
  });

  it('asks a person to check a lead the article never names', () => {
    const todo = (d.data.todos as { id: string; task: string }[]).find((t) => t.id === 'japan-lead');
    expect(todo?.task).toMatch(/says no one leads it, and the draft took the first named, Yoji Muto/);
    expect((d.data.todos as { id: string }[]).some((t) => t.id === 'india-lead')).toBe(false);
  });
});

describe('--against', () => {
  it('finds no gap or contradiction between the seed and the settled London scenario', () => {
    const { findings, matched } = compareWithScenario(seed.items, LONDON, 'london.yaml');
    expect(findings).toEqual([]);
    expect(matched.length).toBeGreaterThan(20);
  });

  it('finds the red line London did not enforce before it was settled, with the article sentence and the line', () => {
    const before = LONDON.replace('advanced_chips: [h20_case_by_case, lifted]', 'advanced_chips: [lifted]');
    const { findings } = compareWithScenario(seed.items, before, 'london.yaml');
    const red = findings.find((f) => f.item === 'redLine');
    expect(red?.kind).toBe('contradiction');
    expect(red?.message).toMatch(/H20.*allows advanced_chips=h20_case_by_case/);
    expect(red?.article.sentence).toMatch(/^White House Economic Council chief Kevin Hassett/);
    const lines = before.split('\n');
    expect(lines[(red?.scenario.line ?? 0) - 1]).toMatch(/id: advanced_chips_stay_restricted/);
  });

  it('finds what a scenario lacks: a person, a venue, an issue', () => {
    const bare = LONDON.replace(/Lancaster House/g, 'the venue')
      .replace(/Hassett/g, 'an adviser')
      .replace(/- id: eda\n/, '- id: software_x\n')
      .replace(/Chip-design \(EDA\) software/g, 'Something')
      .replace(/chip-design software/gi, 'something');
    const kinds = compareWithScenario(seed.items, bare, 's.yaml').findings.map((f) => `${f.kind} ${f.item}`);
    expect(kinds).toContain('gap venue');
    expect(kinds).toContain('gap person');
    expect(kinds).toContain('gap issue');
  });
});
