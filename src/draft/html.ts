/**
 * Text from an HTML page, safely: the markup is parsed (linkedom, no script ever runs, no resource
 * is fetched), scripts, styles, templates, forms, navigation and embedded objects are dropped,
 * block elements become line breaks, entities are decoded. The article's `<meta>` date and
 * canonical address are kept, since evidence and relative dates need them.
 */
import { parseHTML } from 'linkedom';

const DROP =
  'script, style, noscript, template, iframe, object, embed, svg, canvas, form, nav, footer, header, aside, button, select';
const BLOCK =
  /^(P|DIV|H[1-6]|LI|UL|OL|BR|TR|TD|TH|SECTION|ARTICLE|BLOCKQUOTE|PRE|FIGCAPTION|DD|DT|TABLE|MAIN)$/;

/** The text of an HTML document and what its head says about the article. */
export interface HtmlText {
  readonly text: string;
  readonly address?: string;
  readonly date?: string;
}

/**
 * Extracts an article's text from HTML.
 *
 * @example
 * htmlToText('<p>Talks &amp; more</p><script>x()</script>').text; // 'Talks & more'
 */
export function htmlToText(html: string): HtmlText {
  // A bare fragment gets a document around it, so that linkedom parses it as a body.
  const source = /<html[\s>]/i.test(html)
    ? html
    : `<!doctype html><html><head></head><body>${html}</body></html>`;
  const { document } = parseHTML(source);
  const meta = (sel: string) => document.querySelector(sel)?.getAttribute('content') ?? undefined;
  const date =
    meta('meta[property="article:published_time"]') ??
    meta('meta[name="date"]') ??
    meta('meta[name="pubdate"]');
  const address =
    document.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? meta('meta[property="og:url"]');
  for (const el of [...document.querySelectorAll(DROP)]) el.remove();
  const root = document.querySelector('article') ?? document.body ?? document.documentElement;
  const parts: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeType === 3) {
      parts.push((node.textContent ?? '').replace(/\s+/g, ' '));
      return;
    }
    if (node.nodeType !== 1) return;
    const tag = (node as Element).tagName.toUpperCase();
    const block = BLOCK.test(tag);
    if (block) parts.push('\n');
    for (const child of [...node.childNodes]) walk(child);
    if (block) parts.push('\n');
  };
  if (root) walk(root);
  const text = parts
    .join('')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .join('\n');
  const isoDate = date !== undefined ? /^\d{4}-\d{2}-\d{2}/.exec(date)?.[0] : undefined;
  return {
    text,
    ...(address !== undefined && /^https?:\/\//.test(address) ? { address } : {}),
    ...(isoDate !== undefined ? { date: isoDate } : {}),
  };
}
