/**
 * Reading what a client sends as JSON (an HTTP body, a WebSocket message) before any schema sees
 * it: text that is not JSON is BAD_REQUEST, and a key named `__proto__`, `constructor` or
 * `prototype` anywhere in it is FORBIDDEN_KEY (400), with its path. No field of the API has such a
 * name, and refusing them outright means no later `record[key] = …` (zod's records, our own loops)
 * can ever set an object's prototype from a request. The walk is iterative, so a deeply nested
 * body cannot overflow the stack.
 */
import { apiError } from './machine.ts';

/** Keys refused anywhere in a request. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The dotted path of the first forbidden key in a parsed JSON value (`seats.__proto__`), or null.
 *
 * @example
 * forbiddenKeyPath(JSON.parse('{"a":[{"__proto__":1}]}')); // 'a.0.__proto__'
 */
export function forbiddenKeyPath(value: unknown): string | null {
  const stack: { v: unknown; path: string }[] = [{ v: value, path: '' }];
  while (stack.length > 0) {
    const { v, path } = stack.pop() as { v: unknown; path: string };
    if (typeof v !== 'object' || v === null) continue;
    // JSON.parse makes every key an own property, `__proto__` included.
    for (const key of Object.keys(v)) {
      const here = path === '' ? key : `${path}.${key}`;
      if (FORBIDDEN_KEYS.has(key)) return here;
      stack.push({ v: (v as Record<string, unknown>)[key], path: here });
    }
  }
  return null;
}

/**
 * Parses request JSON (`what` names it in messages: 'body', 'message'). Throws BAD_REQUEST for
 * empty or malformed text and FORBIDDEN_KEY for a prototype key.
 *
 * @example
 * parseRequestJson('{"type":"end"}', 'body'); // { type: 'end' }
 */
export function parseRequestJson(text: string, what: 'body' | 'message'): unknown {
  if (text.trim() === '') throw apiError('BAD_REQUEST', `the request needs a JSON ${what}`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw apiError('BAD_REQUEST', `the ${what} is not valid JSON`);
  }
  const path = forbiddenKeyPath(value);
  if (path !== null) {
    const key = path.slice(path.lastIndexOf('.') + 1);
    throw apiError(
      'FORBIDDEN_KEY',
      `the ${what} has a key named '${key}', which no request of this API uses; remove it`,
      path,
    );
  }
  return value;
}
