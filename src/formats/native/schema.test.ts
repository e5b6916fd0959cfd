/**
 * The JSON schema for editors: the committed `schema/scenario.schema.json` must be exactly what
 * `scripts/write-schema.ts` writes from the zod schema now (so it cannot go stale), and it must
 * describe the format the loader reads (strict objects, the number-with-provenance forms).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderSchemaFile, SCHEMA_FILE } from '../../../scripts/write-schema.ts';
import { pointValue, scenarioFileSchema, scenarioJsonSchema } from './schema.ts';
import { fixtureText } from './test-support.ts';

describe('schema/scenario.schema.json', () => {
  it('is up to date with the zod schema (run `npm run schema` when this fails)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(renderSchemaFile());
  });

  it('is pretty JSON with a final newline', () => {
    const text = renderSchemaFile();
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
  });

  it('has a title and description, and rejects unknown top-level fields', () => {
    const schema = scenarioJsonSchema() as Record<string, unknown>;
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.title).toBe('Lancaster scenario (version 1)');
    expect(typeof schema.description).toBe('string');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['version', 'id', 'title', 'issues', 'parties', 'protocol']);
  });

  it('describes a number with provenance as a bare number, { value }, { range }, { triangular }, { normal } or { choice }', () => {
    const schema = scenarioJsonSchema() as {
      properties: {
        parties: { items: { properties: { reservationValue: { anyOf: Record<string, unknown>[] } } } };
      };
    };
    const forms = schema.properties.parties.items.properties.reservationValue.anyOf;
    expect(forms.map((f) => f.type)).toEqual(['number', 'object', 'object', 'object', 'object', 'object']);
    expect(forms[0]).toMatchObject({ minimum: 0, maximum: 1 });
    expect(forms[1]).toMatchObject({ required: ['value'], additionalProperties: false });
    expect(forms[2]).toMatchObject({ required: ['range'], additionalProperties: false });
    expect(forms[3]).toMatchObject({ required: ['triangular'], additionalProperties: false });
    expect(forms[4]).toMatchObject({ required: ['normal'], additionalProperties: false });
    expect(forms[5]).toMatchObject({ required: ['choice'], additionalProperties: false });
  });
});

describe('scenarioFileSchema', () => {
  it('accepts the good fixture and rejects a misspelt field', () => {
    const data = parse(fixtureText('good/small.yaml')) as Record<string, unknown>;
    expect(scenarioFileSchema.safeParse(data).success).toBe(true);
    const bad = { ...data, titel: 'x' };
    const issues = scenarioFileSchema.safeParse(bad).error?.issues ?? [];
    expect(issues).toEqual([expect.objectContaining({ code: 'unrecognized_keys', keys: ['titel'] })]);
  });

  it('takes the midpoint of a range as the point value', () => {
    expect(pointValue(0.25)).toBe(0.25);
    expect(pointValue({ value: 0.5, judgement: 'x' })).toBe(0.5);
    expect(pointValue({ range: [0.2, 0.6] })).toBeCloseTo(0.4, 15);
  });
});
