/**
 * External negotiators: a negotiator whose body runs in another process (any language), spoken to
 * in JSON lines (protocol `lancaster-external`, version 1; docs/external-negotiators.md). This
 * module is the pure half: what a party's private view holds, the checks of the answers a process
 * sends, and `ExternalNegotiator`, which turns a turn into a message and the answer into an action.
 * The messages' zod schemas (and the JSON Schemas in `schema/external/` written from them) are in
 * external-messages.ts, which sessions never load. The process itself is owned by `run/`
 * (`run/external-process.ts`), which installs an `ExternalChannel` factory here; without one (in a
 * browser) an external spec is refused.
 *
 * Only the negotiator's own party crosses the boundary: its utility function, red lines,
 * reservation value and discount factor. Others are known by id only; the transcript sent is the
 * public one every negotiator sees.
 */
import { LancasterError } from '../errors.ts';
import type { Issue } from '../model/issues.ts';
import type { Evaluator, RedLine, RegionTerm } from '../model/utility.ts';
import type { NegotiatorAction, NegotiatorVote, SessionErrorCode, SessionEvent } from '../protocols/types.ts';
import type { SetupMessage } from './external-messages.ts';
import type { Negotiator, NegotiatorContext, NegotiatorSetup, VoteContext } from './types.ts';

/** The protocol's name and version, sent in the setup message. */
export const EXTERNAL_PROTOCOL = 'lancaster-external';
export const EXTERNAL_PROTOCOL_VERSION = 1;

/** How long a process may take to start and answer the setup message (ms), unless overridden. */
export const DEFAULT_EXTERNAL_STARTUP_MS = 60_000;

/** Spec prefix: `external:<command line>`, e.g. `external:python3 agents/mine.py --fast`. */
export const EXTERNAL_PREFIX = 'external:';

// ---------------------------------------------------------------------------------------------
// The answers
// ---------------------------------------------------------------------------------------------

// The messages' shapes are zod schemas in external-messages.ts (which write schema/external/).
// Sessions do not load zod for the three answers a process sends: these checks give the same
// verdict and the same first problem (path and message) as those schemas, which
// external-messages.test.ts holds them to.

/** Negotiator → Lancaster: the answer to setup. */
export type ReadyMessage = { type: 'ready'; name?: string | undefined };

/** Negotiator → Lancaster: the answer to a turn. */
export type ActionMessage =
  | { type: 'offer'; outcome: number[] }
  | { type: 'accept' }
  | { type: 'end' }
  | { type: 'error'; message: string };

/** Negotiator → Lancaster: the answer to a vote. */
export type BallotMessage =
  | { type: 'accept' }
  | { type: 'reject' }
  | { type: 'end' }
  | { type: 'error'; message: string };

/** A field of an answer besides `type`: a string, a string that may be absent, or an array of numbers. */
type AnswerField = 'string' | 'string?' | 'numbers';

/** The answers to one request: for each `type` allowed, its other fields; no other field may appear. */
export type AnswerShapes = Readonly<Record<string, Readonly<Record<string, AnswerField>>>>;

export const READY_SHAPES: AnswerShapes = { ready: { name: 'string?' } };
export const ACTION_SHAPES: AnswerShapes = {
  offer: { outcome: 'numbers' },
  accept: {},
  end: {},
  error: { message: 'string' },
};
export const BALLOT_SHAPES: AnswerShapes = { accept: {}, reject: {}, end: {}, error: { message: 'string' } };

/** What is wrong with an answer: where (keys and indices), and what. */
export interface AnswerProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** The name of a JSON value's type, as zod's messages say it (a number too large for a double is Infinity). */
const typeName = (v: unknown): string =>
  v === null
    ? 'null'
    : Array.isArray(v)
      ? 'array'
      : typeof v === 'number' && !Number.isFinite(v)
        ? String(v)
        : typeof v;

/**
 * The first thing wrong with a parsed answer, in the order zod's schema finds it (not an object;
 * the `type`; each field in order; unknown fields), or null when it is one of `shapes`.
 *
 * @example
 * answerProblem({ type: 'offer', outcome: [1, 'x'] }, ACTION_SHAPES);
 * // { path: ['outcome', 1], message: 'Invalid input: expected number, received string' }
 */
export function answerProblem(json: unknown, shapes: AnswerShapes): AnswerProblem | null {
  if (typeName(json) !== 'object')
    return { path: [], message: `Invalid input: expected object, received ${typeName(json)}` };
  const message = json as Record<string, unknown>;
  const types = Object.keys(shapes);
  const fields =
    typeof message.type === 'string' && Object.hasOwn(shapes, message.type)
      ? shapes[message.type]
      : undefined;
  if (fields === undefined) {
    const expected =
      types.length === 1
        ? `Invalid input: expected "${types[0]}"`
        : `Invalid discriminator value. Expected ${types.map((t) => `'${t}'`).join(' | ')}`;
    return { path: ['type'], message: expected };
  }
  for (const [key, field] of Object.entries(fields)) {
    const v = message[key];
    if (field === 'numbers') {
      if (!Array.isArray(v))
        return { path: [key], message: `Invalid input: expected array, received ${typeName(v)}` };
      const i = v.findIndex((x) => !Number.isFinite(x));
      if (i >= 0)
        return { path: [key, i], message: `Invalid input: expected number, received ${typeName(v[i])}` };
    } else if (typeof v !== 'string' && !(field === 'string?' && v === undefined)) {
      return { path: [key], message: `Invalid input: expected string, received ${typeName(v)}` };
    }
  }
  const unknown = Object.keys(message).filter((k) => k !== 'type' && !Object.hasOwn(fields, k));
  if (unknown.length > 0) {
    const keys = unknown.map((k) => `"${k}"`).join(', ');
    return { path: [], message: `Unrecognized key${unknown.length > 1 ? 's' : ''}: ${keys}` };
  }
  return null;
}

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

/** The answer in `line`, one of `shapes`, or an INVALID_ACTION failure saying what is wrong with it. */
function parseLine<T>(line: string, shapes: AnswerShapes, what: string): T {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    throw new ExternalFailure('INVALID_ACTION', `sent malformed JSON as its ${what}: ${clip(line)}`);
  }
  const problem = answerProblem(json, shapes);
  if (problem) {
    const at = problem.path.length > 0 ? ` at ${problem.path.join('.')}` : '';
    throw new ExternalFailure(
      'INVALID_ACTION',
      `sent a message that is not a valid ${what}${at} (${problem.message}): ${clip(line)}`,
    );
  }
  return json as T;
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
      parseLine<ReadyMessage>(reply, READY_SHAPES, 'answer to setup (expected {"type":"ready"})');
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
    const answer = this.#ask<ActionMessage>(message, ACTION_SHAPES, 'action', history.length);
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
    const answer = this.#ask<BallotMessage>(message, BALLOT_SHAPES, 'ballot', history.length);
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

  #ask<T>(message: object, shapes: AnswerShapes, what: string, seen: number): T {
    this.start();
    if (this.#failure) throw this.#failure;
    const channel = this.#channel as ExternalChannel;
    try {
      const line = channel.request(JSON.stringify(message), this.#setup.actionBudgetMs ?? 5000);
      this.#sent = seen;
      return parseLine<T>(line, shapes, what);
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
