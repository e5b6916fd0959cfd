/**
 * Reading a news article for `lancaster draft`: plain text as it is, Markdown with its markup
 * blanked to spaces (so that offsets stay offsets in the file), HTML through `htmlToText` (offsets
 * are then in the extracted text, whose sentences the evidence quotes). Through `readTextFile`,
 * with its size cap and errors naming the file.
 */

import { htmlToText } from '../draft/html.ts';
import type { ArticleInput } from '../draft/text.ts';
import { LancasterError } from '../errors.ts';
import { readTextFile } from './text-file.ts';

/** The largest article accepted (4 MiB of text is a book, not a news report). */
export const MAX_ARTICLE_BYTES = 4 * 1024 * 1024;

/** Markdown markup replaced by spaces of the same length: links keep their text, not their address. */
export function blankMarkdown(md: string): string {
  const blank = (s: string) => ' '.repeat(s.length);
  return md
    .replace(/!?\[([^\]]*)\]\(([^)]*)\)/g, (m, text: string) => ` ${text}${blank(m.slice(text.length + 1))}`)
    .replace(
      /^(\s{0,3})(#{1,6}|>|[-*+]|\d+\.)(\s)/gm,
      (_m, a: string, b: string, c: string) => `${a}${blank(b)}${c}`,
    )
    .replace(/(\*\*|__|\*|`)/g, (m) => blank(m));
}

/**
 * Reads an article file (.txt, .md, .html/.htm; anything else as plain text).
 *
 * @example
 * const a = readArticleFile('../shared/briefs/london-2025-seed-article.txt', { date: '2025-06-10' });
 */
export function readArticleFile(
  path: string,
  opts: { date?: string } = {},
): ArticleInput & { address?: string } {
  const raw = readTextFile(path, MAX_ARTICLE_BYTES);
  let text = raw;
  let address: string | undefined;
  const date = opts.date;
  if (/\.html?$/i.test(path)) {
    // The head's address and date become the metadata lines the reader takes them from.
    const html = htmlToText(raw);
    const meta = [
      ...(html.address !== undefined ? [`Address: ${html.address}`] : []),
      ...(html.date !== undefined ? [`Date: ${html.date}`] : []),
    ];
    text = [...meta, html.text].join('\n');
    address = html.address;
  } else if (/\.(md|markdown)$/i.test(path)) {
    text = blankMarkdown(raw);
  }
  if (!/[A-Za-z]{2}/.test(text)) {
    throw new LancasterError({
      code: 'ARTICLE_EMPTY',
      file: path,
      message: 'the article has no text to read',
      expected: 'a news article as .txt, .md or .html with at least one sentence',
    });
  }
  return {
    file: path,
    text,
    ...(date !== undefined ? { date } : {}),
    ...(address !== undefined ? { address } : {}),
  };
}
