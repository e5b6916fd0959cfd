/**
 * The messages of the external-negotiator protocol (`lancaster-external`, version 1;
 * docs/external-negotiators.md) as zod schemas: the one description of their shape, from which
 * `npm run schema` writes the JSON Schemas in `schema/external/`. Kept apart from
 * negotiators/external.ts so that running sessions never loads zod: the answers a process sends
 * are checked there by `answerProblem`, which external-messages.test.ts holds to these schemas
 * (the same verdict and the same first problem, path and message, for every case it tries).
 */
import { z } from 'zod';
import { EXTERNAL_PROTOCOL, EXTERNAL_PROTOCOL_VERSION } from './external.ts';

const outcomeSchema = z
  .array(z.number())
  .describe(
    'one value per issue, in issue order: the index of the value (from 0) for a discrete issue, the number itself for an integer or real issue',
  );

const conditionSchema = z.object({
  issue: z.int().min(0).describe('issue index'),
  values: z.array(z.number()).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
});

const evaluatorSchema = z.discriminatedUnion('kind', [
  z
    .object({ kind: z.literal('table'), values: z.array(z.number()) })
    .describe('by value index (discrete) or by v − min (integer)'),
  z
    .object({ kind: z.literal('linear'), intercept: z.number(), slope: z.number(), clamp: z.boolean() })
    .describe('intercept + slope · v, clamped to [0, 1] when clamp'),
  z
    .object({ kind: z.literal('piecewise'), xs: z.array(z.number()), ys: z.array(z.number()) })
    .describe('linear interpolation between points, constant beyond the ends'),
]);

const issueSchema = z.discriminatedUnion('kind', [
  z.object({
    id: z.string(),
    label: z.string(),
    kind: z.literal('discrete'),
    values: z.array(z.object({ id: z.string(), label: z.string() })),
  }),
  z.object({ id: z.string(), label: z.string(), kind: z.literal('integer'), min: z.int(), max: z.int() }),
  z.object({ id: z.string(), label: z.string(), kind: z.literal('real'), min: z.number(), max: z.number() }),
]);

const utilitySchema = z
  .object({
    weights: z.array(z.number()),
    evaluators: z.array(evaluatorSchema),
    regions: z.array(
      z.object({
        value: z.number(),
        conditions: z.array(conditionSchema),
        excludes: z.array(z.array(conditionSchema)).optional(),
      }),
    ),
    redLines: z.array(
      z.object({
        id: z.string(),
        kind: z.enum(['forbid', 'require']),
        conditions: z.array(conditionSchema),
      }),
    ),
  })
  .describe(
    'u(ω) = clamp01(Σ_i weights[i]·evaluators[i](ω_i) + Σ_r regions[r].value·[ω in region r]); an outcome crossing a red line is unacceptable',
  );

const eventSchema = z
  .looseObject({
    type: z.string(),
    step: z.int().min(0),
    round: z.int().min(0),
    t: z.number(),
  })
  .describe(
    'a public event of the transcript (offer, accept, end, propose, tally, break, deadline, error, …)',
  );

/** Lancaster → negotiator: once, first. */
export const setupMessageSchema = z
  .strictObject({
    type: z.literal('setup'),
    protocol: z.literal(EXTERNAL_PROTOCOL),
    version: z.literal(EXTERNAL_PROTOCOL_VERSION),
    you: z.strictObject({
      id: z.string(),
      index: z.int().min(0),
      reservationValue: z.number(),
      discountFactor: z.number(),
      utility: utilitySchema,
    }),
    parties: z.array(z.string()).describe('party ids in turn order'),
    issues: z.array(issueSchema),
    rounds: z.int().min(1),
    actionBudgetMs: z.number().positive(),
    seed: z.int(),
  })
  .meta({ title: 'setup (Lancaster → negotiator)' });

/** Where a session stands when Lancaster asks for a move or a vote (fresh schemas at every call). */
function clockFields() {
  return { t: z.number().min(0).max(1), step: z.int().min(0), round: z.int().min(0) };
}

/** Lancaster → negotiator: its move at an alternating-offers table. */
export const turnMessageSchema = z
  .strictObject({
    type: z.literal('turn'),
    ...clockFields(),
    offer: z
      .strictObject({ outcome: outcomeSchema, by: z.int().min(-1) })
      .nullable()
      .describe('the offer on the table, null when this party opens'),
    events: z.array(eventSchema).describe('public events since the last message sent to this negotiator'),
  })
  .meta({ title: 'turn (Lancaster → negotiator)' });

/** Lancaster → negotiator: its vote on the chair's text at a mediated table. */
export const voteMessageSchema = z
  .strictObject({
    type: z.literal('vote'),
    ...clockFields(),
    text: outcomeSchema,
    standing: outcomeSchema.nullable(),
    events: z.array(eventSchema),
  })
  .meta({ title: 'vote (Lancaster → negotiator)' });

/** Lancaster → negotiator: the session is over for this process; no answer expected. */
export const closeMessageSchema = z
  .strictObject({ type: z.literal('close') })
  .meta({ title: 'close (Lancaster → negotiator)' });

/** Negotiator → Lancaster: the answer to setup. */
export const readyMessageSchema = z
  .strictObject({ type: z.literal('ready'), name: z.string().optional() })
  .meta({ title: 'ready (negotiator → Lancaster)' });

/** Negotiator → Lancaster: the answer to a turn. */
export const actionMessageSchema = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('offer'), outcome: outcomeSchema }),
    z.strictObject({ type: z.literal('accept') }),
    z.strictObject({ type: z.literal('end') }),
    z.strictObject({ type: z.literal('error'), message: z.string() }),
  ])
  .meta({ title: 'action (negotiator → Lancaster)' });

/** Negotiator → Lancaster: the answer to a vote. */
export const ballotMessageSchema = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('accept') }),
    z.strictObject({ type: z.literal('reject') }),
    z.strictObject({ type: z.literal('end') }),
    z.strictObject({ type: z.literal('error'), message: z.string() }),
  ])
  .meta({ title: 'ballot (negotiator → Lancaster)' });

/** Every message, by the name of its schema file (`schema/external/<name>.schema.json`). */
export const EXTERNAL_MESSAGE_SCHEMAS = {
  setup: setupMessageSchema,
  turn: turnMessageSchema,
  vote: voteMessageSchema,
  close: closeMessageSchema,
  ready: readyMessageSchema,
  action: actionMessageSchema,
  ballot: ballotMessageSchema,
} as const;

export type ExternalMessageName = keyof typeof EXTERNAL_MESSAGE_SCHEMAS;

/** The JSON Schema of one message, as written to `schema/external/<name>.schema.json`. */
export function externalMessageJsonSchemaText(name: ExternalMessageName): string {
  const schema = z.toJSONSchema(EXTERNAL_MESSAGE_SCHEMAS[name], { io: 'input', target: 'draft-2020-12' });
  return `${JSON.stringify(schema, null, 2)}\n`;
}

export type SetupMessage = z.infer<typeof setupMessageSchema>;
