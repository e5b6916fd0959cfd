/**
 * The schema walk of `zod-problems.ts` reads zod's public `.def` (issue 10, item 17). These tests pin
 * down every part of a definition it reads, on the kinds of schema the scenario format uses, so
 * that a zod upgrade that changes them fails here rather than degrading messages silently.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defOf, schemaAt } from './zod-problems.ts';

describe('zod definitions as zod-problems reads them', () => {
  it('exposes type, shape, element, items, valueType, options, discriminator and values', () => {
    const obj = z.strictObject({ a: z.number() });
    expect(defOf(obj).type).toBe('object');
    expect(Object.keys(defOf(obj).shape ?? {})).toEqual(['a']);
    expect(defOf(z.array(z.string())).element).toBeDefined();
    expect(defOf(z.tuple([z.number(), z.string()])).items).toHaveLength(2);
    expect(defOf(z.record(z.string(), z.number())).valueType).toBeDefined();
    expect(defOf(z.union([z.number(), z.string()])).options).toHaveLength(2);
    const tagged = z.discriminatedUnion('k', [
      z.object({ k: z.literal('a') }),
      z.object({ k: z.literal('b') }),
    ]);
    expect(defOf(tagged).discriminator).toBe('k');
    expect(defOf(z.literal('a')).values).toEqual(['a']);
    expect(defOf(z.enum(['x', 'y'])).type).toBe('enum');
  });

  it('unwraps optional, default, pipe and lazy to the schema inside', () => {
    expect(defOf(z.number().optional()).innerType).toBeDefined();
    expect(defOf(z.number().default(1)).innerType).toBeDefined();
    expect(defOf(z.string().pipe(z.string())).in).toBeDefined();
    expect(typeof defOf(z.lazy(() => z.number())).getter).toBe('function');
  });

  it('finds the schema at a path through objects, records, arrays, tuples and unions', () => {
    const inner = z.strictObject({ x: z.number() });
    const root = z.strictObject({
      list: z.array(z.record(z.string(), z.union([z.number(), inner]))).optional(),
      pair: z.tuple([z.string(), z.lazy(() => inner)]),
    });
    const data = { list: [{ k: { x: 1 } }], pair: ['a', { x: 2 }] };
    expect(schemaAt(root, ['list', 0, 'k'], data)).toBe(inner);
    expect(defOf(schemaAt(root, ['pair', 1, 'x'], data) as z.ZodType).type).toBe('number');
    expect(schemaAt(root, ['nope'], data)).toBeUndefined();
  });
});
