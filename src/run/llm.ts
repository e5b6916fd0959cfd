/**
 * The network half of `lancaster draft --llm URL`: posts the request to the user's
 * OpenAI-compatible chat-completions endpoint and returns the decoded answer. Failures a user can
 * fix (nothing listening, an HTTP error, a body that is not JSON) are `LLM_UNREACHABLE` errors
 * naming the address. A time limit keeps a hung server from hanging the command.
 */
import { LancasterError } from '../errors.ts';

/** Milliseconds `postChat` waits for an answer. */
export const LLM_TIMEOUT_MS = 120_000;

/**
 * Posts `body` as JSON to `url` (a chat-completions endpoint, e.g. http://127.0.0.1:8080/v1/chat/completions).
 *
 * @example
 * const answer = await postChat('http://127.0.0.1:8080/v1/chat/completions', llmRequest(articles, schema, 'local'));
 */
export async function postChat(url: string, body: unknown, timeoutMs = LLM_TIMEOUT_MS): Promise<unknown> {
  const fail = (message: string) =>
    new LancasterError({
      code: 'LLM_UNREACHABLE',
      file: url,
      message,
      expected:
        'an OpenAI-compatible chat-completions endpoint you run, e.g. http://127.0.0.1:8080/v1/chat/completions',
    });
  if (!/^https?:\/\//.test(url)) throw fail('not an http(s) address');
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    throw fail(
      `no answer (${(e as Error).cause instanceof Error ? ((e as Error).cause as Error).message : (e as Error).message})`,
    );
  }
  const text = await res.text();
  if (!res.ok) throw fail(`HTTP ${res.status}: ${text.slice(0, 200)}`);
  try {
    return JSON.parse(text);
  } catch {
    throw fail(`the answer is not JSON: ${text.slice(0, 120)}`);
  }
}
