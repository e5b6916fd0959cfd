/**
 * A strict JSON syntax check that says where the first error is. JSON files are parsed with the
 * YAML parser (for node positions), but YAML accepts things JSON does not (trailing commas,
 * unquoted keys, single quotes), and `JSON.parse` gives no position for some errors on Node 20,
 * so this small recursive-descent scanner (RFC 8259) decides what is valid JSON and where not.
 */

/** The first JSON syntax error of a text: its character offset and what was expected there. */
export interface JsonSyntaxError {
  readonly offset: number;
  readonly message: string;
}

class Stop extends Error {
  readonly offset: number;
  constructor(offset: number, message: string) {
    super(message);
    this.offset = offset;
  }
}

/** Finds the first syntax error of `text` as JSON; undefined when the text is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  return scanJson(text).error;
}

/** What one scan of a JSON text found. */
export interface JsonScan {
  /** The first syntax error; undefined when the text is valid JSON. */
  readonly error: JsonSyntaxError | undefined;
  /** Whether some object repeats a key (which JSON.parse would silently resolve to the last). */
  readonly duplicateKeys: boolean;
}

/**
 * Scans `text` as JSON once: its first syntax error, and whether an object repeats a key (keys
 * compared after unescaping, one set per object, so the scan stays linear).
 *
 * @example
 * scanJson('{"a": 1, "a": 2}'); // { error: undefined, duplicateKeys: true }
 */
export function scanJson(text: string): JsonScan {
  let duplicateKeys = false;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const fail = (message: string): never => {
    const found = pos >= text.length ? 'the end of the file' : `\`${text[pos]}\``;
    throw new Stop(pos, `${message}, found ${found}`);
  };
  const space = () => {
    while (pos < text.length && ' \t\n\r'.includes(text[pos] as string)) pos++;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, pos)) pos += word.length;
    else fail('expected a value (object, array, string, number, true, false or null)');
  };
  const string = () => {
    pos++; // opening quote
    for (;;) {
      if (pos >= text.length) fail('unterminated string: expected `"`');
      const c = text.charCodeAt(pos);
      if (c === 0x22) {
        pos++;
        return;
      }
      if (c < 0x20) fail('control characters must be escaped in a string');
      if (c === 0x5c) {
        pos++;
        const e = text[pos];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(pos + 1, pos + 5)))
            fail('expected four hex digits after \\u');
          pos += 5;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) pos++;
        else fail('invalid escape in a string');
      } else pos++;
    }
  };
  const number = () => {
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(pos, pos + 400));
    if (!m || m[0] === '' || m[0] === '-') fail('expected a number');
    pos += (m as RegExpExecArray)[0].length;
    if (pos < text.length && /[0-9.eE+-]/.test(text[pos] as string)) fail('invalid number');
  };
  const value = (depth: number): void => {
    if (depth > 512) fail('nesting is too deep');
    space();
    const c = text[pos];
    if (c === '{') {
      pos++;
      space();
      if (text[pos] === '}') {
        pos++;
        return;
      }
      const keys = new Set<string>();
      for (;;) {
        space();
        if (text[pos] !== '"') fail('expected a property name in double quotes');
        const start = pos;
        string();
        if (!duplicateKeys) {
          const raw = text.slice(start + 1, pos - 1);
          const key = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
          if (keys.has(key)) duplicateKeys = true;
          else keys.add(key);
        }
        space();
        if (text[pos] !== ':') fail('expected `:` after the property name');
        pos++;
        value(depth + 1);
        space();
        if (text[pos] === ',') {
          pos++;
          space();
          if (text[pos] === '}') fail('expected a property name after `,` (JSON allows no trailing comma)');
          continue;
        }
        if (text[pos] === '}') {
          pos++;
          return;
        }
        fail('expected `,` or `}` after a property value');
      }
    }
    if (c === '[') {
      pos++;
      space();
      if (text[pos] === ']') {
        pos++;
        return;
      }
      for (;;) {
        value(depth + 1);
        space();
        if (text[pos] === ',') {
          pos++;
          space();
          if (text[pos] === ']') fail('expected a value after `,` (JSON allows no trailing comma)');
          continue;
        }
        if (text[pos] === ']') {
          pos++;
          return;
        }
        fail('expected `,` or `]` after an array element');
      }
    }
    if (c === '"') string();
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) number();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else fail('expected a value (object, array, string, number, true, false or null)');
  };
  try {
    value(0);
    space();
    if (pos < text.length) fail('unexpected text after the end of the JSON value');
    return { error: undefined, duplicateKeys };
  } catch (e) {
    if (e instanceof Stop) return { error: { offset: e.offset, message: e.message }, duplicateKeys };
    throw e;
  }
}
