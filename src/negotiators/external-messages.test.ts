/**
 * The answers a process sends are checked without zod (`answerProblem` in external.ts), so that
 * sessions never load it; the zod schemas in external-messages.ts (which write the JSON Schemas in
 * schema/external/) stay the description of the protocol. Here both judge the same messages, good
 * and bad: the same verdict, and for a bad one the same first problem (path and message), which is
 * what the INVALID_ACTION error a negotiator's author reads says.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import {
  ACTION_SHAPES,
  type ActionMessage,
  type AnswerShapes,
  answerProblem,
  BALLOT_SHAPES,
  type BallotMessage,
  READY_SHAPES,
  type ReadyMessage,
} from './external.ts';
import { actionMessageSchema, ballotMessageSchema, readyMessageSchema } from './external-messages.ts';

const ANSWERS: [string, AnswerShapes, z.ZodType][] = [
  ['ready', READY_SHAPES, readyMessageSchema],
  ['action', ACTION_SHAPES, actionMessageSchema],
  ['ballot', BALLOT_SHAPES, ballotMessageSchema],
];

/** Values a field may hold in a parsed JSON line. */
const VALUES: unknown[] = [
  undefined,
  null,
  true,
  0,
  -1.5,
  '',
  'x',
  [],
  [1, 2],
  [0, 'a'],
  [1, null, true],
  [[1]],
  {},
  { a: 1 },
];

/** Messages to judge: not objects; every type each answer knows and some it does not, with every
 * value in each field those types have; and extra fields, one or several. */
function messages(): unknown[] {
  const out: unknown[] = ['x', 5, null, true, [], [{ type: 'accept' }]];
  const types = ['ready', 'offer', 'accept', 'reject', 'end', 'error', 'bogus', 'constructor', '__proto__'];
  const fields = ['name', 'outcome', 'message'];
  for (const type of [...types, 3, null, undefined]) {
    out.push({ type });
    for (const field of fields) for (const v of VALUES) out.push({ type, [field]: v });
    out.push({ type, outcome: [1], message: 'm', name: 'n' });
    out.push({ type, extra: 1 });
    out.push({ type, extra: 1, 'an "odd" key': 2, outcome: 'no' });
  }
  out.push(JSON.parse('{"type":"accept","__proto__":{"x":1}}'));
  // Numbers JSON.parse reads as infinite, which zod refuses.
  out.push(
    JSON.parse('{"type":"offer","outcome":[1e400]}'),
    JSON.parse('{"type":"offer","outcome":[0,-1e400]}'),
  );
  out.push({ type: 'offer', outcome: [Number.NaN] });
  out.push({ outcome: [1], type: 'offer' }); // fields in another order
  return out;
}

describe('the answers of an external negotiator, checked without zod', () => {
  for (const [name, shapes, schema] of ANSWERS) {
    it(`${name}: the same verdict and the same first problem as its zod schema`, () => {
      let bad = 0;
      for (const m of messages()) {
        const r = schema.safeParse(m);
        const problem = answerProblem(m, shapes);
        const issue = r.success ? null : r.error.issues[0];
        expect(problem, JSON.stringify(m)).toEqual(
          issue ? { path: issue.path, message: issue.message } : null,
        );
        if (!r.success) bad++;
      }
      // Both verdicts occur (the comparison above is not between two always-null answers).
      expect(bad).toBeGreaterThan(10);
      expect(bad).toBeLessThan(messages().length);
    });
  }

  it('types the answers as the schemas do', () => {
    expectTypeOf<ReadyMessage>().toEqualTypeOf<z.output<typeof readyMessageSchema>>();
    expectTypeOf<ActionMessage>().toEqualTypeOf<z.output<typeof actionMessageSchema>>();
    expectTypeOf<BallotMessage>().toEqualTypeOf<z.output<typeof ballotMessageSchema>>();
  });
});
