/**
 * Negotiator specs: the one-line way to name a negotiator and its parameters, on the command line,
 * in scenario files and in tournament definitions. Grammar (spaces between tokens are ignored):
 *
 *     spec  := name [ ':' item { ',' item } ]
 *     item  := key '=' value | value                 (a bare value is positional: keys '0', '1', ...)
 *     value := number | true | false | word | word '(' [ item { ',' item } ] ')'
 *     name, key := word;  word := [A-Za-z_][A-Za-z0-9_.-]*
 *
 * so `boulware:e=0.2,accept=any(next,const(c=0.8),time(t=0.98))` parses to
 * `{ name: 'boulware', params: { e: 0.2, accept: { name: 'any', params: { 0: 'next', 1: {...}, 2: {...} } } } }`.
 * Positional values are stored under the keys `'0'`, `'1'`, ... so the parsed form stays the plain
 * `NegotiatorParams` record of the contract. A bad spec throws `BAD_NEGOTIATOR_SPEC` naming the
 * column and what was expected there.
 */
import { LancasterError } from '../errors.ts';
import type { NegotiatorParams, ParamValue } from './types.ts';

/** A parsed spec: a name and its parameters (the same shape as a nested parameter value). */
export interface SpecNode {
  readonly name: string;
  readonly params: NegotiatorParams;
}

const WORD = /[A-Za-z_][A-Za-z0-9_.-]*/y;
const NUMBER = /[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?/y;
const WORD_ONLY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const POSITIONAL_KEY = /^(?:0|[1-9]\d*)$/;

/** Whether a parameter key is positional (`'0'`, `'1'`, ...). */
export function isPositionalKey(key: string): boolean {
  return POSITIONAL_KEY.test(key);
}

/** The positional values of a parameter record, in order. */
export function positionalParams(params: NegotiatorParams): ParamValue[] {
  const out: ParamValue[] = [];
  for (let i = 0; params[String(i)] !== undefined; i++) out.push(params[String(i)] as ParamValue);
  return out;
}

class SpecParser {
  private pos = 0;
  private readonly src: string;

  constructor(src: string) {
    this.src = src;
  }

  parse(): SpecNode {
    this.skip();
    const name = this.word('a negotiator name');
    let params: NegotiatorParams = {};
    this.skip();
    if (this.peek() === ':') {
      this.pos++;
      params = this.items(null);
    }
    this.skip();
    if (this.pos < this.src.length)
      this.fail(this.peek() === '(' ? "':' before the parameters" : "',' or the end");
    return { name, params };
  }

  /** Items up to `close` (a ')' for nested specs, null for the end of the input). */
  private items(close: ')' | null): NegotiatorParams {
    const params: Record<string, ParamValue> = {};
    let positional = 0;
    this.skip();
    if (close !== null && this.peek() === close) return params;
    for (;;) {
      this.skip();
      const start = this.pos;
      const word = this.tryWord();
      this.skip();
      if (word !== null && this.peek() === '=') {
        if (word === '__proto__' || Object.hasOwn(params, word)) {
          this.pos = start;
          this.fail(
            word === '__proto__'
              ? 'a parameter name other than __proto__'
              : `a parameter other than '${word}' (it is given twice)`,
          );
        }
        this.pos++;
        this.skip();
        params[word] = this.value();
      } else {
        this.pos = start;
        params[String(positional++)] = this.value();
      }
      this.skip();
      const c = this.peek();
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (close !== null && c === close) return params;
      if (close === null && c === undefined) return params;
      this.fail(close === null ? "',' or the end" : "',' or ')'");
    }
  }

  private value(): ParamValue {
    this.skip();
    const c = this.peek();
    if (c === undefined) this.fail('a value');
    NUMBER.lastIndex = this.pos;
    const num = NUMBER.exec(this.src);
    if (num) {
      const v = Number(num[0]);
      if (!Number.isFinite(v)) this.fail('a finite number');
      this.pos += num[0].length;
      if (/[A-Za-z0-9_.]/.test(this.peek() ?? '')) this.fail('a delimiter after the number');
      return v;
    }
    const word = this.word('a value (number, true, false, word or fn(...))');
    this.skip();
    if (this.peek() === '(') {
      this.pos++;
      const params = this.items(')');
      this.pos++; // the ')'
      return { name: word, params };
    }
    if (word === 'true') return true;
    if (word === 'false') return false;
    return word;
  }

  private tryWord(): string | null {
    WORD.lastIndex = this.pos;
    const m = WORD.exec(this.src);
    if (!m) return null;
    this.pos += m[0].length;
    return m[0];
  }

  private word(what: string): string {
    const w = this.tryWord();
    if (w === null) this.fail(what);
    return w;
  }

  private peek(): string | undefined {
    return this.src[this.pos];
  }

  private skip(): void {
    while (this.pos < this.src.length && /\s/.test(this.src[this.pos] as string)) this.pos++;
  }

  private fail(expected: string): never {
    const found = this.pos < this.src.length ? `'${this.src[this.pos]}'` : 'the end';
    throw new LancasterError({
      code: 'BAD_NEGOTIATOR_SPEC',
      column: this.pos + 1,
      message: `bad negotiator spec '${this.src}': at column ${this.pos + 1} found ${found}`,
      expected,
    });
  }
}

/**
 * Parses a negotiator spec.
 *
 * @example
 * parseSpec('boulware:e=0.2,accept=next(a=1,b=0)');
 * // { name: 'boulware', params: { e: 0.2, accept: { name: 'next', params: { a: 1, b: 0 } } } }
 */
export function parseSpec(spec: string): SpecNode {
  if (typeof spec !== 'string') {
    throw new LancasterError({
      code: 'BAD_NEGOTIATOR_SPEC',
      message: `a negotiator spec must be text, not ${typeof spec}`,
    });
  }
  return new SpecParser(spec).parse();
}

function badFormat(message: string): never {
  throw new LancasterError({ code: 'BAD_NEGOTIATOR_SPEC', message: `cannot write spec: ${message}` });
}

function formatValue(v: ParamValue): string {
  switch (typeof v) {
    case 'number':
      if (!Number.isFinite(v)) badFormat(`${v} is not a finite number`);
      return String(v);
    case 'boolean':
      return String(v);
    case 'string':
      if (!WORD_ONLY.test(v) || v === 'true' || v === 'false')
        badFormat(`'${v}' cannot be written as a bare word`);
      return v;
    default:
      return `${checkedName(v.name)}(${formatItems(v.params)})`;
  }
}

function checkedName(name: string): string {
  if (!WORD_ONLY.test(name)) badFormat(`'${name}' is not a name`);
  return name;
}

function formatItems(params: NegotiatorParams): string {
  const keys = Object.keys(params);
  const positional = positionalParams(params);
  const named = keys.filter((k) => !isPositionalKey(k));
  if (positional.length + named.length !== keys.length)
    badFormat('positional parameters must be numbered 0, 1, 2, ...');
  return [
    ...positional.map(formatValue),
    ...named.map((k) => `${checkedName(k)}=${formatValue(params[k] as ParamValue)}`),
  ].join(',');
}

/**
 * Writes a spec back as text: positional values first, then `key=value` in insertion order.
 * `parseSpec(formatSpec(s))` deep-equals `s` for every spec that can be written.
 *
 * @example
 * formatSpec({ name: 'timedep', params: { e: 0.5, accept: { name: 'const', params: { c: 0.8 } } } });
 * // 'timedep:e=0.5,accept=const(c=0.8)'
 */
export function formatSpec(spec: SpecNode): string {
  const items = formatItems(spec.params);
  return items === '' ? checkedName(spec.name) : `${checkedName(spec.name)}:${items}`;
}
