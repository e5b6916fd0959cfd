/**
 * The zod schema of the native scenario file (version 1, see `docs/scenario-format.md`): the one
 * description of the format's shape, used both to validate files and to produce
 * `schema/scenario.schema.json` for editors. It checks shape, types, id patterns and numeric
 * bounds; rules that need more than one field (weights summing to 1, evaluations in [0, 1] unless
 * the party sets `weightsSum: asWritten`, references between issues, parties and values, schedules
 * adding up) live in `semantics.ts`, because a JSON schema cannot
 * express them and because they must still run when some other part of the file is malformed.
 * Every object is strict so that a misspelt field is an error, never silently ignored.
 */
import { z } from 'zod';
import { type Bounds, boundedNumber } from './bounded-number.ts';
import { mediatorSchema } from './mediator-schema.ts';
import {
  boundsInterval,
  NAME_ID,
  PROBABILITY_TOLERANCE,
  ROUNDS_BOUNDS,
  truncation,
} from './schema-values.ts';

export { type Bounds, intervalOf } from './bounded-number.ts';
export {
  distributionOf,
  NAME_ID,
  PROBABILITY_TOLERANCE,
  pointValue,
  ROUNDS_BOUNDS,
  WEIGHTS_TOLERANCE,
} from './schema-values.ts';
export { mediatorSchema };

const sourcesField = z
  .array(z.string().min(1, { error: 'a source address must not be empty' }))
  .describe('Addresses (URLs) the number or statement comes from.');

const provenanceFields = {
  sources: sourcesField.optional(),
  note: z.string().describe('Free text about the number.').optional(),
  judgement: z
    .string()
    .describe(
      "Present when the number is the author's judgement rather than a sourced fact: the one-line reason.",
    )
    .optional(),
};

/** What a number with provenance looks like, for a value written in none of the accepted forms. */
const NUMBER_FORMS =
  'a number, or { value | range | triangular | normal | choice, sources?, note?, judgement? } with exactly one of value, range, triangular, normal and choice';

const badDistribution = (error: string) => ({ error, params: { lancaster: 'BAD_DISTRIBUTION' } });

/**
 * A "number with provenance": a bare number, `{ value, ... }`, or an uncertain number:
 * `{ range: [lo, hi] }` (uniform), `{ triangular: [lo, mode, hi] }`, `{ normal: { mean, sd },
 * within?: [lo, hi] }` (truncated to the field's bounds ∩ within) or `{ choice: [{ value, p }, ...] }`,
 * every end and value bound to the interval `b`. A single run uses the point value (`pointValue`);
 * a forecast samples the distribution. For an integer field the point forms must be integers and
 * the distributions' ends may be any number in the bounds (the value used is rounded).
 */
export function numberWithProvenance(b: Bounds, description: string) {
  const n = () => boundedNumber(b);
  // Ends and values of distributions: within the bounds; whole numbers are not required, since an
  // integer field rounds the value it uses.
  const e = () => boundedNumber({ ...b, integer: false });
  const [fieldLo, fieldHi] = boundsInterval(b);
  const range = z
    .tuple([e(), e()])
    .refine(([lo, hi]) => lo <= hi, {
      error: 'a range [lo, hi] needs lo <= hi',
      params: { lancaster: 'VALUE_OUT_OF_RANGE' },
    })
    .describe('Uncertain parameter, uniform on [lo, hi]; a single run uses its midpoint.');
  const triangular = z
    .tuple([e(), e(), e()])
    .refine(
      ([lo, mode, hi]) => lo <= mode && mode <= hi,
      badDistribution('triangular [lo, mode, hi] needs lo <= mode <= hi'),
    )
    .describe('Uncertain parameter, triangular on [lo, hi] peaking at mode; a single run uses the mode.');
  const normal = z.strictObject({
    normal: z
      .strictObject({
        mean: e(),
        sd: z.number().refine((sd) => sd > 0, badDistribution('a normal needs sd > 0')),
      })
      .describe("Normal(mean, sd), truncated to the field's bounds ∩ within; a single run uses the mean."),
    within: z
      .tuple([z.number(), z.number()])
      .refine(([lo, hi]) => lo <= hi, badDistribution('within [lo, hi] needs lo <= hi'))
      .optional()
      .describe('Truncation interval [lo, hi], intersected with the bounds of the field.'),
    ...provenanceFields,
  });
  const normalChecked = normal.superRefine((v, ctx) => {
    const [lo, hi] = truncation(b, v.within);
    if (lo > hi) {
      ctx.addIssue({
        code: 'custom',
        path: ['within'],
        message: `within [${v.within?.[0]}, ${v.within?.[1]}] lies outside the field's interval [${fieldLo}, ${fieldHi}]`,
        params: { lancaster: 'BAD_DISTRIBUTION' },
      });
    } else if (v.normal.mean < lo || v.normal.mean > hi) {
      ctx.addIssue({
        code: 'custom',
        path: ['normal', 'mean'],
        message: `the mean ${v.normal.mean} lies outside the truncation interval [${lo}, ${hi}]`,
        params: { lancaster: 'BAD_DISTRIBUTION' },
      });
    }
  });
  const choice = z
    .array(
      z.strictObject({
        value: e(),
        p: z.number().refine((p) => p > 0 && p <= 1, badDistribution('a probability p in (0, 1]')),
      }),
    )
    .min(1)
    .refine(
      (entries) => Math.abs(entries.reduce((s, c) => s + c.p, 0) - 1) <= PROBABILITY_TOLERANCE,
      badDistribution('the probabilities p of a choice must sum to 1'),
    )
    .describe('Uncertain parameter taking one of the listed values with probability p (summing to 1).');
  return z
    .union(
      [
        n(),
        z.strictObject({ value: n(), ...provenanceFields }),
        z.strictObject({ range, ...provenanceFields }),
        z.strictObject({ triangular, ...provenanceFields }),
        normalChecked,
        z.strictObject({ choice, ...provenanceFields }),
      ],
      { error: NUMBER_FORMS },
    )
    .describe(description);
}

/** The parsed form of any number with provenance. */
export type NumberWithProvenance = z.output<ReturnType<typeof numberWithProvenance>>;

const ISSUE_ID = /^[a-z0-9_]+$/;
const issueId = z
  .string()
  .regex(ISSUE_ID, { error: 'an issue id uses only a-z, 0-9 and _ (e.g. rare_earths)' })
  .describe('Issue id: [a-z0-9_]+, unique in the scenario.');
const valueId = z
  .string()
  .regex(NAME_ID, { error: 'a value id uses only a-z, 0-9, _ and - (e.g. status_quo)' })
  .describe('Value id: [a-z0-9_-]+, unique in its issue.');
const partyId = z
  .string()
  .regex(NAME_ID, { error: 'a party id uses only a-z, 0-9, _ and - (e.g. us)' })
  .describe('Party id: [a-z0-9_-]+, unique in the scenario.');

const unit = (description: string) => numberWithProvenance({ min: 0, max: 1 }, description);

const issueBase = {
  id: issueId,
  label: z.string().min(1).describe('Human name of the issue.'),
  description: z.string().optional(),
  sources: sourcesField.optional(),
};

const discreteValueSchema = z.strictObject({
  id: valueId,
  label: z.string().min(1),
  description: z.string().optional(),
});

/** The meaning of points on a numeric issue's scale (Decide's `#M` lines), ascending. */
const scaleSchema = z
  .array(
    z.strictObject({
      at: z.number().describe('A point of the scale, inside [min, max].'),
      label: z.string().min(1).describe('What an outcome at this point means.'),
    }),
  )
  .min(1)
  .describe('What points of the scale mean, in ascending order of `at`.');

const STATUS_QUO =
  'The value that holds when nothing changes (no agreement); default: the first value (discrete) or min (integer, real).';

/** One issue: discrete (named values), integer (inclusive range) or real (interval). */
export const issueSchema = z
  .discriminatedUnion('type', [
    z.strictObject({
      ...issueBase,
      type: z.literal('discrete'),
      values: z.array(discreteValueSchema).min(1).describe('The values, at least one; ids unique.'),
      statusQuo: valueId.optional().describe(STATUS_QUO),
    }),
    z.strictObject({
      ...issueBase,
      type: z.literal('integer'),
      min: boundedNumber({ integer: true }),
      max: boundedNumber({ integer: true }),
      statusQuo: boundedNumber({ integer: true, description: STATUS_QUO }).optional(),
      scale: scaleSchema.optional(),
    }),
    z.strictObject({
      ...issueBase,
      type: z.literal('real'),
      min: z.number(),
      max: z.number(),
      statusQuo: z.number().describe(STATUS_QUO).optional(),
      scale: scaleSchema.optional(),
    }),
  ])
  .describe('An issue of the negotiation.');

/** The forms of an integer or real issue's evaluator, for messages. */
export const NUMERIC_EVALUATOR_FORMS = 'linear: { atMin, atMax }, piecewise: [[x, y], ...] or peak: { at }';

/**
 * The evaluator schemas, built twice: bounded (every evaluation in [0, 1], the default) and
 * unbounded, for a party with `weightsSum: asWritten`, whose GENIUS evaluations may leave [0, 1].
 * The file-level schema uses the unbounded ones, because which bound applies depends on a sibling
 * field; `semantics.ts` re-checks each evaluator with the set its party's `weightsSum` calls for.
 */
function evaluatorSchemas(bounded: boolean) {
  const bound = bounded ? 'in [0, 1]' : 'any number (weightsSum: asWritten)';
  const evaluation = (description: string) =>
    bounded ? unit(`${description}, ${bound}.`) : numberWithProvenance({}, `${description}, ${bound}.`);
  const linear = z.strictObject({
    linear: z.strictObject({
      atMin: evaluation('Evaluation at the issue minimum'),
      atMax: evaluation('Evaluation at the issue maximum'),
    }),
  });
  const piecewise = z.strictObject({
    piecewise: z
      .array(z.tuple([z.number(), evaluation('y, the evaluation at x')]))
      .min(2)
      .describe(`Points [x, y]: x ascending inside the issue range, y ${bound}; constant beyond the ends.`),
  });
  const peak = z.strictObject({
    peak: z
      .strictObject({
        at: numberWithProvenance(
          {},
          "The party's ideal point, inside the issue range; may be uncertain (its distribution inside the range).",
        ),
      })
      .describe(
        'Single-peaked: 1 at `at`, falling linearly with the distance from it, 1 − |x − at| / (max − min).',
      ),
  });
  const table = z
    .record(z.string(), evaluation('Evaluation of this value'))
    .describe(`Discrete issue: an evaluation ${bound} for every value id.`);
  const numeric = z
    .union([linear, piecewise, peak], { error: NUMERIC_EVALUATOR_FORMS })
    .describe('Integer or real issue: linear, piecewise linear, or single-peaked.');
  // The table first: the union stops at the first option that fits, and a table (which may have
  // 200,000 entries) tried against the other forms first would be scanned for unknown keys by
  // each of them. The forms accept disjoint data, so the order changes nothing else.
  const any = z
    .union([table, linear, piecewise, peak], {
      error: `a table of evaluations by value id, ${NUMERIC_EVALUATOR_FORMS}`,
    })
    .describe(
      `Evaluator of one issue: a table by value id (discrete), linear, piecewise or peak (integer, real); evaluations ${bound}.`,
    );
  return { linear, piecewise, peak, table, numeric, any };
}

const boundedEvaluators = evaluatorSchemas(true);
/** Evaluator schemas of a party with `weightsSum: asWritten`: evaluations may leave [0, 1]. */
export const asWrittenEvaluators = evaluatorSchemas(false);

/** `linear: { atMin, atMax }`: a straight line from (min, atMin) to (max, atMax), no clamping. */
export const linearEvaluatorSchema = boundedEvaluators.linear;

/** `piecewise: [[x, y], ...]`: linear interpolation, x ascending inside the issue range. */
export const piecewiseEvaluatorSchema = boundedEvaluators.piecewise;

/** Discrete evaluator: one evaluation in [0, 1] per value id. */
export const tableEvaluatorSchema = boundedEvaluators.table;

/** Evaluator of an integer or real issue. */
export const numericEvaluatorSchema = boundedEvaluators.numeric;

/** Any evaluator; which kind an issue needs is checked against its type in `semantics.ts`. */
export const evaluatorSchema = boundedEvaluators.any;

/** Condition on a discrete issue: the value ids allowed. */
export const valueListConditionSchema = z
  .array(z.string())
  .min(1)
  .describe('Discrete issue: the value ids allowed.');

/** Condition on an integer or real issue: the closed range [min, max] (either end may be left open). */
export const rangeConditionSchema = z
  .strictObject({ min: z.number().optional(), max: z.number().optional() })
  .describe('Integer or real issue: the closed range [min, max]; either end may be left out.');

/** A condition on one issue: a list of value ids (discrete) or `{ min?, max? }` (numeric). */
export const conditionSchema = z
  .union([valueListConditionSchema, rangeConditionSchema], {
    error: 'a list of value ids (discrete issue) or { min, max } (integer or real issue)',
  })
  .describe('Condition on one issue.');

/** Conditions keyed by issue id; an outcome satisfies them when every one holds. */
export const conditionsSchema = z.record(z.string(), conditionSchema);

/**
 * A hyper-rectangle term: `value` is added to the utility when every condition of `when` holds
 * and the outcome lies in none of the `unless` boxes (GENIUS's EXCLUDES rectangles: a value over a
 * box except inside smaller boxes, which a list of plain regions could only approximate).
 */
export const regionSchema = z.strictObject({
  label: z.string().optional(),
  value: numberWithProvenance(
    { min: -1, max: 1 },
    'Added to the utility when every condition holds and no `unless` box contains the outcome, in [-1, 1].',
  ),
  when: conditionsSchema.describe(
    'Conditions by issue id; all must hold. May be {} (the whole space) when `unless` lists boxes.',
  ),
  unless: z
    .array(conditionsSchema)
    .min(1)
    .optional()
    .describe('Excluded boxes, each conditions by issue id: the term does not apply inside any of them.'),
});

const redLineBase = {
  id: partyId.describe('Red line id, unique in its party.'),
  label: z.string().min(1),
  sources: sourcesField.optional(),
  note: z.string().optional(),
};

/** A red line: `require` (the outcome must satisfy every condition) or `forbid` (must not satisfy all). */
export const redLineSchema = z
  .union(
    [
      z.strictObject({
        ...redLineBase,
        require: conditionsSchema.describe('The outcome must satisfy every condition.'),
      }),
      z.strictObject({
        ...redLineBase,
        forbid: conditionsSchema.describe('The outcome must not satisfy all conditions.'),
      }),
    ],
    { error: 'a red line with an id, a label and exactly one of require or forbid' },
  )
  .describe('A hard constraint: an outcome crossing it is unacceptable to the party.');

/** One party: its utility function (weights, evaluators, regions), red lines, BATNA and principal. */
export const partySchema = z.strictObject({
  id: partyId,
  label: z.string().min(1),
  delegation: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        role: z.string().min(1),
        lead: z.boolean().optional(),
      }),
    )
    .optional(),
  principal: z
    .strictObject({
      name: z.string().min(1),
      title: z.string().optional(),
      ratificationThreshold: unit(
        'The principal vetoes an agreement whose utility is below this, in [0, 1].',
      ),
    })
    .optional(),
  reservationValue: unit('Utility of no deal (the BATNA), in [0, 1].'),
  discountFactor: numberWithProvenance(
    { min: 0, max: 1, minExclusive: true },
    'GENIUS discount u·d^t with t the normalised time, in (0, 1]; default 1 (no discount).',
  ).optional(),
  negotiator: z.string().min(1).describe('Default negotiator spec, e.g. boulware:e=0.2.').optional(),
  weightsSum: z
    .enum(['one', 'asWritten'])
    .optional()
    .describe(
      'one (default): weights sum to 1 (±1e-6), evaluations in [0, 1]. asWritten: GENIUS rule, weights ' +
        'taken as written (any sum), evaluations may leave [0, 1]; the utility is still clamped to [0, 1].',
    ),
  power: unit(
    'Capability on a 0–1 scale (1: the most powerful actor), as in Decide data; weights the party in the ' +
      'compromise, power-weighted Nash and exchange models and sets how slowly the spatial negotiator concedes. Default 1.',
  ).optional(),
  weights: z
    .record(z.string(), unit('Weight of this issue, in [0, 1].'))
    .optional()
    .describe(
      'One weight per issue id, every issue listed; midpoints sum to 1 (±1e-6) unless weightsSum: asWritten. ' +
        'Required unless `salience` is given.',
    ),
  salience: z
    .record(z.string(), unit('How much this issue matters to the party, in [0, 1].'))
    .optional()
    .describe(
      'Instead of weights: one salience per issue id on an absolute 0–1 scale (Decide data); the weights are ' +
        'the saliences divided by their sum, and spatial models compare saliences across parties.',
    ),
  evaluators: z
    .record(z.string(), asWrittenEvaluators.any)
    .describe(
      'One evaluator per issue id, every issue listed; evaluations in [0, 1] unless weightsSum: asWritten.',
    ),
  regions: z.array(regionSchema).optional().describe('Hyper-rectangle terms, also used for linkage.'),
  redLines: z.array(redLineSchema).optional(),
});

/** One sitting of the talks and the rounds of offers that fit in it. */
export const scheduledSessionSchema = z.strictObject({
  label: z.string().min(1),
  start: z.string().optional().describe('ISO 8601 date-time, e.g. 2025-06-09T13:00+01:00.'),
  end: z.string().optional(),
  rounds: numberWithProvenance(
    ROUNDS_BOUNDS,
    'Rounds of offers in this sitting, an integer >= 1; an uncertain count is rounded when used.',
  ),
});

/** The rules of the table: protocol, turn order, deadline, schedule, veto handling. */
export const protocolSchema = z.strictObject({
  type: z
    .enum(['saop', 'mediated'])
    .describe(
      'saop: stacked alternating offers; mediated: a chair proposes one text at a time and the parties vote on it (docs/protocols.md).',
    ),
  mediator: mediatorSchema
    .optional()
    .describe('The chair of a mediated table (type: mediated only); default { type: hill-climb }.'),
  order: z
    .array(z.string())
    .optional()
    .describe(
      'Turn order (the voting order at a mediated table) by party id; default: the order of `parties`.',
    ),
  deadline: z.strictObject({
    rounds: numberWithProvenance(
      ROUNDS_BOUNDS,
      'One round = every party acts once; an integer >= 1 (an uncertain count is rounded when used). ' +
        'Not uncertain when a schedule is given: make the sittings uncertain instead.',
    ),
    timeSeconds: boundedNumber({
      min: 0,
      minExclusive: true,
      description: 'Optional wall-clock limit in seconds.',
    }).optional(),
  }),
  schedule: z
    .array(scheduledSessionSchema)
    .min(1)
    .optional()
    .describe('Sittings in order; their rounds add up to deadline.rounds. Default: one sitting.'),
  onVeto: z.enum(['end', 'reopen']).optional().describe("What a principal's veto does; default end."),
  actionBudgetMs: boundedNumber({
    min: 0,
    minExclusive: true,
    description: 'Wall-clock budget of one negotiator action in milliseconds; default 5000.',
  }).optional(),
  humanTurnSeconds: boundedNumber({
    min: 0,
    minExclusive: true,
    description: 'Seconds a person has for one turn at the table (lancaster serve).',
  }).optional(),
});

/** One strategy of a party's negotiator mix in a forecast. */
export const strategyOptionSchema = z.strictObject({
  negotiator: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, { error: 'a registered negotiator name, e.g. boulware' })
    .describe('A registered negotiator name (see `lancaster negotiators`).'),
  params: z
    .record(z.string(), numberWithProvenance({}, 'A numeric parameter of the negotiator; may be uncertain.'))
    .optional()
    .describe('Numeric parameters by name, e.g. e: { triangular: [0.1, 0.2, 0.4] }.'),
  probability: boundedNumber({
    min: 0,
    max: 1,
    minExclusive: true,
    description: 'In (0, 1]; per party they sum to 1.',
  }),
  judgement: z.string().optional(),
  sources: sourcesField.optional(),
});

/** The `forecast` section: default run count and negotiator mixes by party id. */
export const forecastSchema = z
  .strictObject({
    runs: boundedNumber({
      min: 1,
      integer: true,
      description: 'Default number of runs of `lancaster forecast`.',
    }).optional(),
    negotiators: z
      .record(z.string(), z.array(strategyOptionSchema).min(1))
      .optional()
      .describe('Mix of strategies per party id; parties not listed keep their own negotiator.'),
  })
  .describe('Settings of the Monte Carlo forecast.');

const impactNumber = (description: string) => numberWithProvenance({}, description);

/** One issue's term of an impact indicator: a table by value id, or a line over the issue range. */
export const impactTermSchema = z
  .union(
    [
      z.strictObject({
        linear: z.strictObject({
          atMin: impactNumber('Amount at the issue minimum.'),
          atMax: impactNumber('Amount at the issue maximum.'),
        }),
      }),
      z.record(z.string(), impactNumber('Amount added when the issue takes this value.')),
    ],
    { error: 'a table of amounts by value id (discrete issue) or linear: { atMin, atMax } (integer, real)' },
  )
  .describe('How one issue moves the indicator.');

/** An impact indicator: a quantity outside the utilities that outcomes move. */
export const impactSchema = z.strictObject({
  id: issueId.describe('Indicator id: [a-z0-9_]+, unique.'),
  label: z.string().min(1),
  unit: z.string().min(1).describe('Unit of the indicator, e.g. "% of the monthly level before April 2025".'),
  description: z.string().optional(),
  sources: sourcesField.optional(),
  note: z.string().optional(),
  noDeal: impactNumber('The indicator if the talks end without a deal.'),
  base: impactNumber('Constant added to every deal; default 0.').optional(),
  perIssue: z
    .record(z.string(), impactTermSchema)
    .describe('Terms by issue id; an issue left out does not move the indicator.'),
});

/**
 * The `outcome` block: what was actually agreed (or that nothing was), when, and where that is
 * recorded. It is kept apart from the scenario: the loader checks it and then removes it, so
 * `simulate`, `forecast` and `analyze` never see it; only `lancaster backtest` reads it.
 */
export const outcomeSchema = z
  .strictObject({
    date: z.iso
      .date({ error: 'an ISO date YYYY-MM-DD, quoted (e.g. "2025-05-12")' })
      .describe('When the result was agreed or announced, as an ISO date ("2025-05-12").'),
    agreement: z.boolean().describe('true: the talks ended in an agreement; false: without one.'),
    values: z
      .record(
        z.string(),
        z.union([z.string(), z.number()], {
          error: 'a value id (discrete issue) or a number (integer or real issue)',
        }),
      )
      .optional()
      .describe(
        'Required when agreement is true, absent otherwise: every issue id → a value id (discrete) or a number (integer, real).',
      ),
    notes: z
      .record(z.string(), z.string())
      .optional()
      .describe('Issue id → why the recorded result maps to that value (a judgement).'),
    sources: sourcesField.min(1).describe('Addresses (URLs) where the outcome is recorded; at least one.'),
    note: z.string().optional().describe('Free text about the outcome.'),
  })
  .describe(
    'The recorded outcome of the talks, for backtests only: never read by simulate, forecast or analyze.',
  );
// ---- Drafts (`lancaster draft`): status, todos and the evidence they carry -------------------
// Self-contained: a scenario may be marked `status: draft`, list the judgements a person must still
// make (`todos`), and keep what was drafted from which article (`draft`). See docs/scenario-format.md.

/** A passage of an article that bears on an item or a todo: the sentence, its offsets, the file. */
export const evidenceSchema = z
  .strictObject({
    file: z.string().min(1).describe('The article file as given to `lancaster draft` (or its address).'),
    start: z.int().gte(0).describe("Offset of the sentence's first character in the article text."),
    end: z.int().gte(0).describe('Offset just past its last character (JavaScript string indices).'),
    sentence: z.string().min(1).describe('The sentence, as written in the article.'),
    quote: z.string().optional().describe('The words of the sentence that matched, when narrower.'),
  })
  .describe('Evidence from an article.');

/** Kinds of judgement a draft leaves to a person, in the order a checklist shows them. */
export const TODO_KINDS = [
  'parties',
  'delegation',
  'principal',
  'issue',
  'values',
  'weights',
  'evaluator',
  'redLine',
  'linkage',
  'reservationValue',
  'ratificationThreshold',
  'schedule',
  'strategy',
  'impact',
] as const;

/** One judgement a person must still make before the scenario can run. */
export const todoSchema = z
  .strictObject({
    id: z
      .string()
      .regex(NAME_ID, { error: 'a todo id uses only a-z, 0-9, _ and - (e.g. us-weights)' })
      .describe('Todo id: [a-z0-9_-]+, unique in the scenario.'),
    kind: z.enum(TODO_KINDS).describe('What kind of judgement it is.'),
    task: z.string().min(1).describe('What the person must decide, in one or two sentences.'),
    paths: z
      .array(z.string().min(1))
      .optional()
      .describe('Fields of the scenario it concerns, as `--set` paths (e.g. parties.us.weights).'),
    evidence: z.array(evidenceSchema).describe('The passages that bear on it (may be empty).'),
    done: z.boolean().optional().describe('True once a person has made the judgement; default false.'),
  })
  .describe('A judgement a person must still make.');

/** Kinds of item the drafter extracts from an article. */
export const DRAFT_ITEM_KINDS = [
  'party',
  'person',
  'venue',
  'sitting',
  'issue',
  'linkage',
  'redLine',
  'condition',
  'signal',
  'number',
] as const;

/** One thing the drafter read in an article, with its evidence and where it went in the scenario. */
export const draftItemSchema = z
  .strictObject({
    kind: z.enum(DRAFT_ITEM_KINDS),
    label: z.string().min(1).describe('What was found, in a few words (a name, a place, a measure).'),
    party: z.string().optional().describe('Party id: the side of a person, the holder of a stance.'),
    title: z.string().optional().describe("A person's title as written."),
    role: z
      .enum(['lead', 'member', 'principal', 'official', 'mediator'])
      .optional()
      .describe("A person's role: delegation lead or member, principal who must approve, official quoted."),
    issue: z.string().optional().describe('Issue id the item concerns (red lines, conditions, linkage).'),
    holder: z.string().optional().describe('Issue: the party id that holds the measure.'),
    wantsChange: z.array(z.string()).optional().describe('Issue: party ids that want the measure changed.'),
    gives: z.array(z.string()).optional().describe('Linkage: issue ids the party would ease.'),
    gets: z.array(z.string()).optional().describe('Linkage: issue ids it would get eased in return.'),
    date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'a date YYYY-MM-DD' })
      .optional()
      .describe('Sitting: its date, resolved against the article date.'),
    time: z.string().optional().describe('Sitting: a time of day as written (morning, 10:00).'),
    hours: z.number().optional().describe('Sitting: its length in hours, when the article gives one.'),
    speaker: z.string().optional().describe('Who said it (signals, red lines, conditions).'),
    tone: z.enum(['positive', 'negative', 'cautious']).optional().describe('Signal: its tone.'),
    value: z.number().optional().describe('Number: its value.'),
    unit: z.string().optional().describe('Number: its unit (%, $bn, t, ...), or a direction (up, down).'),
    terms: z.array(z.string()).optional().describe('Issue: the words of the article grouped into it.'),
    paths: z.array(z.string()).optional().describe('Where the item went in the scenario (`--set` paths).'),
    evidence: z.array(evidenceSchema).min(1),
  })
  .describe('An item extracted from an article.');

/** The `draft` block: how the draft was made and what was read, item by item. */
export const draftInfoSchema = z
  .strictObject({
    method: z.string().min(1).describe('`rules` (the offline drafter) or `llm <endpoint model>`.'),
    articles: z
      .array(
        z.strictObject({
          file: z.string().min(1),
          address: z.string().optional().describe('The address the article names for itself, if any.'),
          date: z
            .string()
            .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'a date YYYY-MM-DD' })
            .optional()
            .describe('The date relative dates were resolved against.'),
          dateFrom: z.enum(['option', 'article']).optional().describe('Where that date came from.'),
        }),
      )
      .min(1),
    items: z.array(draftItemSchema),
  })
  .describe('What `lancaster draft` read, item by item, with evidence.');

/** The whole scenario file. */
export const scenarioFileSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Path or URL of this JSON schema, for editors.'),
    version: z.literal(1).describe('Format version; the only version is 1.'),
    id: z
      .string()
      .regex(/^[a-z0-9-]+$/, { error: 'a scenario id uses only a-z, 0-9 and - (e.g. london-2025)' })
      .describe('Scenario id: [a-z0-9-]+.'),
    title: z.string().min(1),
    description: z.string().optional(),
    notes: z.array(z.string()).optional().describe('Caveats, authorship.'),
    issues: z.array(issueSchema).min(1).describe('At least one issue.'),
    parties: z.array(partySchema).min(2).describe('At least two parties.'),
    protocol: protocolSchema,
    forecast: forecastSchema.optional(),
    impacts: z.array(impactSchema).optional().describe('Impact indicators that outcomes move.'),
    outcome: outcomeSchema.optional(),
    status: z
      .literal('draft')
      .optional()
      .describe(
        '`draft`: made by `lancaster draft`; validate lists its todos, simulate and forecast refuse it.',
      ),
    todos: z.array(todoSchema).optional().describe('Judgements a person must still make (a checklist).'),
    draft: draftInfoSchema.optional(),
  })
  .meta({
    title: 'Lancaster scenario (version 1)',
    description:
      'A negotiation scenario for Lancaster: issues, parties with their utility functions, red lines and ' +
      'principals, and protocol settings. Numbers may carry sources, notes, judgements and ranges. ' +
      'See docs/scenario-format.md.',
  });

/** A todo as parsed from the file. */
export type TodoFile = z.output<typeof todoSchema>;
/** A draft's evidence as parsed from the file. */
export type EvidenceFile = z.output<typeof evidenceSchema>;
/** An item of a draft's `draft.items`. */
export type DraftItemFile = z.output<typeof draftItemSchema>;
/** The `draft` block. */
export type DraftInfoFile = z.output<typeof draftInfoSchema>;
/** A scenario file as parsed by `scenarioFileSchema`. */
export type ScenarioFile = z.output<typeof scenarioFileSchema>;
/** An issue as parsed from the file. */
export type IssueFile = z.output<typeof issueSchema>;
/** A party as parsed from the file. */
export type PartyFile = z.output<typeof partySchema>;
/** An evaluator as parsed from the file. */
export type EvaluatorFile = z.output<typeof evaluatorSchema>;
/** A strategy option of the forecast's negotiator mix, as parsed from the file. */
export type StrategyOptionFile = z.output<typeof strategyOptionSchema>;
/** An impact indicator as parsed from the file. */
export type ImpactFile = z.output<typeof impactSchema>;
/** The recorded outcome block, as parsed from the file. */
export type OutcomeFile = z.output<typeof outcomeSchema>;
/** Conditions by issue id, as parsed from the file. */
export type ConditionsFile = z.output<typeof conditionsSchema>;

/**
 * The JSON Schema (draft 2020-12) of the scenario file, for editors and yaml-language-server.
 *
 * @example
 * const schema = scenarioJsonSchema();
 * (schema as { title: string }).title; // 'Lancaster scenario (version 1)'
 */
export function scenarioJsonSchema(): object {
  return z.toJSONSchema(scenarioFileSchema, { io: 'input', target: 'draft-2020-12' });
}

/** `scenarioJsonSchema()` as the text of `schema/scenario.schema.json`: pretty JSON and a final newline. */
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
