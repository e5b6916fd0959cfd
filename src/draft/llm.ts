/**
 * The optional language-model drafter (`lancaster draft --llm URL`), its pure half: the request to
 * an OpenAI-compatible chat-completions endpoint (the same draft schema the rule-based drafter
 * writes, given as JSON Schema) and the reading of its answer (JSON, possibly in a code fence).
 * The answer is then checked by the same zod schema and rules as any scenario file; the call
 * itself lives in `run/llm.ts`. The rule-based drafter stays the default.
 */
import type { ArticleInput } from './text.ts';

/** The body of a chat-completions request asking for a draft of the given articles. */
export function llmRequest(
  articles: readonly ArticleInput[],
  schema: object,
  model: string,
): Record<string, unknown> {
  const system = [
    'You draft negotiation scenarios for Lancaster from news articles.',
    'Answer with one JSON object only: a Lancaster scenario that validates against the JSON Schema below,',
    'with "status": "draft", facts from the articles only, and every judgement a person must still make',
    '(weights, evaluators, reservation values, ratification thresholds, linkage sizes, rounds, strategies)',
    'given a placeholder value and listed in "todos", each todo with "evidence": the sentence, its',
    'character offsets (start, end) in the article, and the article file.',
    `JSON Schema: ${JSON.stringify(schema)}`,
  ].join('\n');
  const user = articles
    .map((a) => `Article file: ${a.file}${a.date ? `\nArticle date: ${a.date}` : ''}\n---\n${a.text}\n---`)
    .join('\n\n');
  return {
    model,
    temperature: 0,
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: user },
    ],
    response_format: { type: 'json_object' },
  };
}

/** The JSON the model answered, or a one-line reason why there is none. */
export function llmAnswerJson(answer: unknown): { ok: true; data: unknown } | { ok: false; reason: string } {
  const choices = (answer as { choices?: { message?: { content?: unknown } }[] } | null)?.choices;
  const content = Array.isArray(choices) ? choices[0]?.message?.content : undefined;
  if (typeof content !== 'string')
    return { ok: false, reason: 'the answer has no choices[0].message.content text' };
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(content);
  const json = (fenced?.[1] ?? content).trim();
  try {
    return { ok: true, data: JSON.parse(json) };
  } catch (e) {
    return { ok: false, reason: `its content is not JSON (${(e as Error).message})` };
  }
}
