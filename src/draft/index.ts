/**
 * Drafting a scenario from news articles: text in, a draft scenario with evidence out. The one
 * module that loads the NLP libraries (compromise, chrono-node), so that nothing else pays for
 * them; pure (no file system, no network), so that it runs in a browser as in the CLI.
 *
 * `draftScenario` reads articles with the rules of `extract.ts` and builds the native scenario of
 * `build.ts`: `status: draft`, its `todos` (the judgements left to a person, each with evidence)
 * and a `draft` block with every item read. `compareWithScenario` (`against.ts`) sets an article
 * beside an existing scenario; `llm.ts` asks an OpenAI-compatible endpoint for the same draft.
 */
import type { DraftItemFile } from '../formats/native/schema.ts';
import { buildDraft } from './build.ts';
import { extractItems } from './extract.ts';
import { type ArticleInput, readArticle } from './text.ts';

export { compareWithScenario, type Finding } from './against.ts';
export { htmlToText } from './html.ts';
export type { ArticleInput } from './text.ts';

/** What drafting returns: the scenario data and the items read (also inside it, at `draft.items`). */
export interface DraftResult {
  /** The native scenario, as plain data: write it as YAML or JSON. */
  readonly data: Record<string, unknown>;
  readonly items: readonly DraftItemFile[];
}

/**
 * Drafts a scenario from one or more articles with the offline, rule-based reader.
 *
 * @example
 * const { data, items } = draftScenario([{ file: 'seed.txt', text, date: '2025-06-10' }]);
 * items.filter((i) => i.kind === 'person' && i.role === 'lead').map((i) => i.label); // ['Scott Bessent', 'He Lifeng']
 */
export function draftScenario(articles: readonly ArticleInput[]): DraftResult {
  const read = articles.map((a, i) => readArticle(a, i));
  const { items, parties, inferredLeads } = extractItems(read);
  const data = buildDraft({
    items,
    parties,
    articles: read.map((a) => ({
      file: a.file,
      ...(a.address !== undefined ? { address: a.address } : {}),
      ...(a.date !== undefined ? { date: a.date } : {}),
      ...(a.dateFrom !== undefined ? { dateFrom: a.dateFrom } : {}),
      mended: a.mended,
    })),
    method: 'rules',
    inferredLeads,
  });
  return { data, items };
}
