/**
 * External negotiators: a negotiator whose body runs in another process (any language), spoken to
 * in JSON lines (protocol `lancaster-external`, version 1; docs/external-negotiators.md). This
 * module is the pure half: the messages (zod schemas, which also produce the JSON Schemas in
 * `schema/external/`), what a party's private view holds, and `ExternalNegotiator`, which turns a
 * turn into a message and the answer into an action. The process itself is owned by `run/`
 * (`run/external-process.ts`), which installs an `ExternalChannel` factory here; without one (in a
 * browser) an external spec is refused.
 *
 * Only the negotiator's own party crosses the boundary: its utility function, red lines,
 * reservation value and discount factor. Others are known by id only; the transcript sent is the
 * public one every negotiator sees.
 */
import { z } from 'zod';
import { LancasterError } from '../errors.ts';
import type { Issue } from '../model/issues.ts';
import type { Evaluator, RedLine, RegionTerm } from '../model/utility.ts';
import type { NegotiatorAction, NegotiatorVote, SessionErrorCode, SessionEvent } from '../protocols/types.ts';
import type { Negotiator, NegotiatorContext, NegotiatorSetup, VoteContext } from './types.ts';

/** The protocol's name and version, sent in the setup message. */
export const EXTERNAL_PROTOCOL = 'lancaster-external';
export const EXTERNAL_PROTOCOL_VERSION = 1;

/** How long a process may take to start and answer the setup message (ms), unless overridden. */
export const DEFAULT_EXTERNAL_STARTUP_MS = 60_000;

/** Spec prefix: `external:<command line>`, e.g. `external:python3 agents/mine.py --fast`. */
export const EXTERNAL_PREFIX = 'external:';

// ---------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------

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

/** Lancaster → negotiator: its move at an alternating-offers table. */
export const turnMessageSchema = z
  .strictObject({
    type: z.literal('turn'),
    t: z.number().min(0).max(1),
    step: z.int().min(0),
    round: z.int().min(0),
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
    t: z.number().min(0).max(1),
    step: z.int().min(0),
    round: z.int().min(0),
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

// ---------------------------------------------------------------------------------------------
// The private view
// ---------------------------------------------------------------------------------------------

const wireIssue = (issue: Issue): SetupMessage['issues'][number] =>
  issue.kind === 'discrete'
    ? {
        id: issue.id,
        label: issue.label,
        kind: 'discrete',
        values: issue.values.map((v) => ({ id: v.id, label: v.label })),
      }
    : { id: issue.id, label: issue.label, kind: issue.kind, min: issue.min, max: issue.max };

const wireEvaluator = (e: Evaluator): SetupMessage['you']['utility']['evaluators'][number] =>
  e.kind === 'table'
    ? { kind: 'table', values: [...e.values] }
    : e.kind === 'linear'
      ? { kind: 'linear', intercept: e.intercept, slope: e.slope, clamp: e.clamp }
      : { kind: 'piecewise', xs: [...e.xs], ys: [...e.ys] };

const wireCondition = (c: RegionTerm['conditions'][number]) => ({
  issue: c.issue,
  ...(c.values ? { values: [...c.values] } : {}),
  ...(c.min !== undefined ? { min: c.min } : {}),
  ...(c.max !== undefined ? { max: c.max } : {}),
});

const wireRedLine = (r: RedLine) => ({ id: r.id, kind: r.kind, conditions: r.conditions.map(wireCondition) });

/**
 * The setup message: the negotiator's private view. Built from `setup.party` alone (the other
 * parties appear as ids), so nothing of another party's preferences can reach the process.
 *
 * @example
 * setupMessage(setup).you.utility.weights; // this party's weights, nobody else's
 */
export function setupMessage(setup: NegotiatorSetup): SetupMessage {
  const u = setup.party.utility;
  return {
    type: 'setup',
    protocol: EXTERNAL_PROTOCOL,
    version: EXTERNAL_PROTOCOL_VERSION,
    you: {
      id: setup.party.id,
      index: setup.index,
      reservationValue: setup.party.reservationValue,
      discountFactor: setup.party.discountFactor,
      utility: {
        weights: [...u.weights],
        evaluators: u.evaluators.map(wireEvaluator),
        regions: u.regions.map((r) => ({
          value: r.value,
          conditions: r.conditions.map(wireCondition),
          ...(r.excludes ? { excludes: r.excludes.map((b) => b.map(wireCondition)) } : {}),
        })),
        redLines: u.redLines.map(wireRedLine),
      },
    },
    parties: [...setup.parties],
    issues: setup.space.issues.map(wireIssue),
    rounds: setup.rounds,
    actionBudgetMs: setup.actionBudgetMs ?? 5000,
    seed: setup.seed,
  };
}

// ---------------------------------------------------------------------------------------------
// The channel and the negotiator
// ---------------------------------------------------------------------------------------------

/**
 * Why an external negotiator failed, with the session error code the runner records:
 * ACTION_TIMEOUT (too slow), INVALID_ACTION (malformed JSON, a message that breaks the protocol),
 * NEGOTIATOR_THREW (it crashed, exited, could not start, or said `error`).
 */
export class ExternalFailure extends Error {
  readonly code: SessionErrorCode;
  constructor(code: SessionErrorCode, message: string) {
    super(message);
    this.name = 'ExternalFailure';
    this.code = code;
  }
}

/**
 * A line-oriented, synchronous conversation with one process. `request` sends one JSON line and
 * returns the one line that answers it, or throws `ExternalFailure` (timeout, exit, …); `send`
 * sends a line that needs no answer; `close` ends the process. Implemented in run/.
 */
export interface ExternalChannel {
  request(line: string, timeoutMs: number): string;
  send(line: string): void;
  close(): void;
}

/** Opens a channel to a new process running `command` (program and arguments). */
export type ExternalChannelFactory = (command: readonly string[]) => ExternalChannel;

let channelFactory: ExternalChannelFactory | null = null;

/** Installs how external processes are started (run/external-process.ts does, under Node). */
export function setExternalChannelFactory(f: ExternalChannelFactory | null): void {
  channelFactory = f;
}

/** Whether `text` is a WebSocket URL (`ws://…` or `wss://…`), the other transport of an external spec. */
export function isWebSocketUrl(text: string): boolean {
  return /^wss?:\/\//i.test(text);
}

/** Whether a spec names an external negotiator (`external:<command>` or `external:ws://…`). */
export function isExternalSpec(spec: string): boolean {
  return spec.trimStart().startsWith(EXTERNAL_PREFIX);
}

/**
 * The command line of an external spec, split into program and arguments: words separated by
 * spaces, with '…' or "…" quoting a word that holds spaces.
 *
 * @example
 * externalCommand('external:python3 "my agent.py" --fast'); // ['python3', 'my agent.py', '--fast']
 */
export function externalCommand(spec: string): string[] {
  const text = spec.trimStart().slice(EXTERNAL_PREFIX.length);
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: string | null = null;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = null;
      else word += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote) {
    throw new LancasterError({
      code: 'BAD_NEGOTIATOR_SPEC',
      message: `negotiator '${spec}': a quote (${quote}) is not closed`,
      expected: `external:python3 "path with spaces/agent.py"`,
    });
  }
  if (inWord) words.push(word);
  const first = words[0];
  if (first !== undefined && isWebSocketUrl(first)) {
    let ok = words.length === 1;
    try {
      new URL(first);
    } catch {
      ok = false;
    }
    if (!ok) {
      throw new LancasterError({
        code: 'BAD_NEGOTIATOR_SPEC',
        message: `negotiator '${spec}': a WebSocket negotiator is named by one URL and nothing else`,
        expected: 'external:ws://127.0.0.1:8765/agent',
      });
    }
  }
  if (words.length === 0) {
    throw new LancasterError({
      code: 'BAD_NEGOTIATOR_SPEC',
      message: `negotiator '${spec}': no command after 'external:'`,
      expected: 'external:python3 path/to/agent.py',
    });
  }
  return words;
}

function parseLine<T>(line: string, schema: z.ZodType<T>, what: string): T {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    throw new ExternalFailure('INVALID_ACTION', `sent malformed JSON as its ${what}: ${clip(line)}`);
  }
  const r = schema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    const at = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw new ExternalFailure(
      'INVALID_ACTION',
      `sent a message that is not a valid ${what}${at} (${issue?.message ?? 'invalid'}): ${clip(line)}`,
    );
  }
  return r.data;
}

const clip = (s: string) => (s.length > 200 ? `${s.slice(0, 200)}…` : s);

/** Events as they cross the boundary: plain copies (frozen events serialise as they are). */
const eventsSince = (history: readonly SessionEvent[], from: number) => history.slice(from);

/**
 * A negotiator played by another process. The process is started by `start()` (the runner calls
 * it before the first turn, so starting, e.g. a Python interpreter loading NegMAS, is not timed as
 * a move), answers `setup` with `ready`, then one line per `turn` or `vote`, each within the action
 * budget. Every turn message carries the public events the process has not been sent yet, so a
 * process started on a resumed session is sent the whole transcript on its first turn. A failure
 * closes the process and is thrown again on every later call (the runner records the first).
 */
export class ExternalNegotiator implements Negotiator {
  readonly spec: string;
  readonly #command: readonly string[];
  readonly #setup: NegotiatorSetup;
  readonly #startupMs: number;
  #channel: ExternalChannel | null = null;
  #failure: ExternalFailure | null = null;
  #sent = 0;

  constructor(spec: string, setup: NegotiatorSetup, startupMs = DEFAULT_EXTERNAL_STARTUP_MS) {
    this.spec = `${EXTERNAL_PREFIX}${spec.trimStart().slice(EXTERNAL_PREFIX.length).trim()}`;
    this.#command = externalCommand(spec);
    this.#setup = setup;
    this.#startupMs = startupMs;
  }

  /** Starts the process and exchanges setup/ready; a failure is kept for the first turn. */
  start(): void {
    if (this.#channel || this.#failure) return;
    if (!channelFactory) {
      this.#failure = new ExternalFailure(
        'NEGOTIATOR_THREW',
        'external negotiators run only where Lancaster can start processes (Node: the CLI, tournaments, the server)',
      );
      return;
    }
    try {
      this.#channel = channelFactory(this.#command);
      const reply = this.#channel.request(JSON.stringify(setupMessage(this.#setup)), this.#startupMs);
      parseLine(reply, readyMessageSchema, 'answer to setup (expected {"type":"ready"})');
    } catch (err) {
      try {
        this.#fail(err); // kept, and thrown again on the first turn
      } catch {
        // start() never throws
      }
    }
  }

  act(ctx: NegotiatorContext): NegotiatorAction {
    const history = ctx.history;
    const message = {
      type: 'turn',
      t: ctx.t,
      step: ctx.step,
      round: ctx.round,
      offer: ctx.offer ? { outcome: [...ctx.offer.outcome], by: ctx.offer.by } : null,
      events: eventsSince(history, this.#sent),
    };
    const answer = this.#ask(message, actionMessageSchema, 'action', history.length);
    if (answer.type === 'error')
      this.#fail(new ExternalFailure('NEGOTIATOR_THREW', `said: ${answer.message}`));
    return answer as NegotiatorAction;
  }

  vote(ctx: VoteContext): NegotiatorVote {
    const history = ctx.history;
    const message = {
      type: 'vote',
      t: ctx.t,
      step: ctx.step,
      round: ctx.round,
      text: [...ctx.text],
      standing: ctx.standing ? [...ctx.standing] : null,
      events: eventsSince(history, this.#sent),
    };
    const answer = this.#ask(message, ballotMessageSchema, 'ballot', history.length);
    if (answer.type === 'error')
      this.#fail(new ExternalFailure('NEGOTIATOR_THREW', `said: ${answer.message}`));
    return answer as NegotiatorVote;
  }

  /** Tells the process the session is over for it and ends it. */
  close(): void {
    const channel = this.#channel;
    this.#channel = null;
    if (!channel) return;
    try {
      channel.send(JSON.stringify({ type: 'close' }));
    } catch {
      // already gone
    }
    channel.close();
  }

  #ask<T>(message: object, schema: z.ZodType<T>, what: string, seen: number): T {
    this.start();
    if (this.#failure) throw this.#failure;
    const channel = this.#channel as ExternalChannel;
    try {
      const line = channel.request(JSON.stringify(message), this.#setup.actionBudgetMs ?? 5000);
      this.#sent = seen;
      return parseLine(line, schema, what);
    } catch (err) {
      return this.#fail(err);
    }
  }

  #fail(err: unknown): never {
    const failure =
      err instanceof ExternalFailure
        ? err
        : new ExternalFailure('NEGOTIATOR_THREW', err instanceof Error ? err.message : String(err));
    this.#failure = failure;
    const channel = this.#channel;
    this.#channel = null;
    channel?.close();
    throw failure;
  }
}
