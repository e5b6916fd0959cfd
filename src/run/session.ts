/**
 * The session runner: the thin, impure shell around the pure protocol machines (SAOP, the mediated
 * single text; one interface, src/protocols/protocol.ts) and the only place that calls
 * negotiators. It asks the machine what it waits for (`nextMove`) and, for a party's move or vote,
 * builds the negotiator's context (time, step, round, the offer on the table or the chair's text
 * and the standing one, the public transcript and a per-party, per-step rng substream), calls `act`
 * or `vote` (`voteOf`: a negotiator's own, else the default from its acceptance logic) inside
 * try/catch, times it with an injected clock, checks the answer, and feeds the machine either the
 * action or a `fail` (NEGOTIATOR_THREW, INVALID_ACTION, ACTION_TIMEOUT), so a misbehaving
 * negotiator ends its session in state `error` and never throws out of here. While principals
 * ratify it feeds their decisions (`ratifies` from the model). Because negotiators are pure
 * functions of their setup and context, a session stopped with `maxSteps`, serialised, and resumed
 * from the parsed state with the same negotiator specs ends exactly as an uninterrupted run. The
 * server drives its software seats with the same `softwareMove`.
 *
 * It is built to run a negotiation in well under a millisecond: it keeps one private draft of the
 * state per call and applies actions to it in place (`stepInPlace`, the same rules as `step`),
 * builds the transcript and the rng a negotiator is shown only when it reads them, freezes events
 * only once someone has been shown them, and reads the clock once per action.
 * `session-equivalence.test.ts` holds it to the pure path, byte for byte.
 *
 * The action budget is checked after the fact: synchronous code cannot be pre-empted in its own
 * thread, so a negotiator that loops forever still hangs this call. Real pre-emption arrives with
 * the worker pool, which can terminate a worker.
 */
import { LancasterError } from '../errors.ts';
import type { OutcomeSpace } from '../model/outcome-space.ts';
import { type Party, partyUtility, ratifies } from '../model/party.ts';
import { Random } from '../model/random.ts';
import { DEFAULT_MEDIATOR, type Scenario } from '../model/scenario.ts';
import { discounted } from '../model/utility.ts';
import { ExternalFailure } from '../negotiators/external.ts';
import { createNegotiator } from '../negotiators/registry.ts';
import type { Negotiator, NegotiatorContext, NegotiatorSetup, VoteContext } from '../negotiators/types.ts';
import { voteOf } from '../negotiators/vote.ts';
import { initialState as mediatedInitialState } from '../protocols/mediated.ts';
import { currentTime, isFinished, type Move, protocolOf } from '../protocols/protocol.ts';
import { timeAt } from '../protocols/rules.ts';
import { initialState as saopInitialState } from '../protocols/saop.ts';
import type {
  DraftOf,
  IssueShape,
  NegotiatorAction,
  NegotiatorVote,
  ProtocolAction,
  SessionEvent,
  SessionResult,
  SessionState,
} from '../protocols/types.ts';
// Installs the process channel of external negotiators (`external:<command>` specs).
import './external-process.ts';

/** A source of time in milliseconds. */
export interface Clock {
  now(): number;
}

/** The real clock (`performance.now`). */
export const systemClock: Clock = { now: () => performance.now() };

/**
 * A clock for tests: each `now()` returns the current time and then moves it on by `stepMs`;
 * `advance(ms)` moves it explicitly (e.g. from inside a slow negotiator).
 *
 * @example
 * const clock = new SimulatedClock(5); // every timed action takes 5 ms
 */
export class SimulatedClock implements Clock {
  private time: number;
  private readonly stepMs: number;

  constructor(stepMs = 0, start = 0) {
    this.stepMs = stepMs;
    this.time = start;
  }

  now(): number {
    const t = this.time;
    this.time += this.stepMs;
    return t;
  }

  advance(ms: number): void {
    this.time += ms;
  }
}

/** Negotiator specs by party id; parties not listed use `party.negotiator`, else `boulware`. */
export type NegotiatorSpecs = Readonly<Record<string, string>>;

export interface CreateSessionOptions {
  readonly seed: number;
  readonly negotiators?: NegotiatorSpecs;
}

export interface RunSessionOptions extends CreateSessionOptions {
  /** Clock used to time actions; `performance.now` by default. */
  readonly clock?: Clock;
  /** Stop after this many negotiator actions in this call (ratification does not count). */
  readonly maxSteps?: number;
  /** Called with every new event, in order. */
  readonly onEvent?: (event: SessionEvent) => void;
  /** Resume from this state (e.g. `JSON.parse` of a saved one) instead of starting afresh. */
  readonly state?: SessionState;
}

/** Default negotiator of a party without one in the scenario. */
export const DEFAULT_NEGOTIATOR = 'boulware';

/** The scenario's parties in turn order. */
export function partiesInOrder(scenario: Scenario): Party[] {
  return scenario.protocol.order.map((id, i) => {
    const p = scenario.parties.find((q) => q.id === id);
    if (!p) {
      throw new LancasterError({
        code: 'UNKNOWN_REFERENCE',
        path: `protocol.order.${i}`,
        message: `the turn order names '${id}', which is not a party`,
        expected: `one of ${scenario.parties.map((q) => q.id).join(', ')}`,
      });
    }
    return p;
  });
}

function resolveSpecs(parties: readonly Party[], given: NegotiatorSpecs | undefined): Record<string, string> {
  for (const id of Object.keys(given ?? {})) {
    if (!parties.some((p) => p.id === id)) {
      throw new LancasterError({
        code: 'BAD_OPTION',
        path: 'negotiators',
        message: `'${id}' is not a party of this scenario`,
        expected: `one of ${parties.map((p) => p.id).join(', ')}`,
      });
    }
  }
  const specs: Record<string, string> = {};
  for (const p of parties) specs[p.id] = given?.[p.id] ?? p.negotiator ?? DEFAULT_NEGOTIATOR;
  return specs;
}

/**
 * Builds the negotiator of the party at `index` (turn order) with `spec`. A bad spec is the user's
 * mistake and throws; any other failure while a negotiator sets itself up is that negotiator's
 * fault, so it becomes a stand-in that throws on its first turn and the session records
 * NEGOTIATOR_THREW. Only the party's own preferences reach it: nothing here touches another
 * party's utility function. The server builds its software seats with this too.
 */
export function buildNegotiator(
  scenario: Scenario,
  parties: readonly Party[],
  index: number,
  spec: string,
  seed: number,
): Negotiator {
  const setup: NegotiatorSetup = {
    party: parties[index] as Party,
    space: scenario.space,
    index,
    parties: parties.map((p) => p.id),
    rounds: scenario.protocol.rounds,
    seed,
    actionBudgetMs: scenario.protocol.actionBudgetMs,
  };
  try {
    return createNegotiator(spec, setup);
  } catch (err) {
    if (err instanceof LancasterError) throw err;
    return {
      spec,
      act: () => {
        throw err;
      },
    };
  }
}

function buildNegotiators(
  scenario: Scenario,
  parties: readonly Party[],
  specs: NegotiatorSpecs,
  seed: number,
): Negotiator[] {
  return parties.map((party, index) =>
    buildNegotiator(scenario, parties, index, specs[party.id] as string, seed),
  );
}

/**
 * Starts what needs starting before the first turn, untimed (an external negotiator's process:
 * loading an interpreter and a library is not a move). A failure is kept by the negotiator and
 * reported on its first turn. Whoever starts negotiators closes them (`closeNegotiators`).
 */
export function startNegotiators(negotiators: readonly (Negotiator | null)[]): void {
  for (const n of negotiators) n?.start?.();
}

/** Ends what `startNegotiators` started (external processes); never throws. */
export function closeNegotiators(negotiators: readonly (Negotiator | null)[]): void {
  for (const n of negotiators) {
    try {
      n?.close?.();
    } catch {
      // a negotiator that fails to close has nothing more to say
    }
  }
}

/**
 * The longest deadline a session runs (rounds). The transcript keeps every action, about 1.5 KB
 * of memory per round at the peak (100,000 rounds of two parties: 130 MB for `simulate`, 300 MB
 * with `--json`); a longer deadline is refused before the session starts rather than run out of
 * memory (a 10^6-round scenario peaked at 2.4 GB).
 */
export const MAX_ROUNDS = 100_000;

/** The issues of a space as the chair of a mediated session sees them: value counts and ranges. */
export function issueShapes(space: OutcomeSpace): IssueShape[] {
  return space.issues.map((issue) =>
    issue.kind === 'discrete'
      ? { kind: 'discrete', size: issue.values.length }
      : { kind: issue.kind, min: issue.min, max: issue.max },
  );
}

/**
 * The state of a session of `scenario` before anyone has acted (parties in turn order), under its
 * protocol. A deadline above {@link MAX_ROUNDS} is a `VALUE_OUT_OF_RANGE` error.
 */
export function freshState(scenario: Scenario, parties: readonly Party[], seed: number): SessionState {
  const p = scenario.protocol;
  if (p.rounds > MAX_ROUNDS) {
    throw new LancasterError({
      code: 'VALUE_OUT_OF_RANGE',
      path: 'protocol.deadline.rounds',
      message: `a deadline of ${p.rounds.toLocaleString('en-GB')} rounds is more than a session runs (its transcript would not fit in memory)`,
      expected: `at most ${MAX_ROUNDS.toLocaleString('en-GB')} rounds`,
    });
  }
  const settings = {
    parties: parties.map((q) => q.id),
    rounds: p.rounds,
    timeLimitMs: p.timeLimitSeconds === undefined ? null : p.timeLimitSeconds * 1000,
    schedule: p.schedule,
    onVeto: p.onVeto,
    seed,
    principals: parties.filter((q) => q.principal !== undefined).map((q) => q.id),
  };
  if (p.kind === 'mediated') {
    return mediatedInitialState({
      ...settings,
      issues: issueShapes(scenario.space),
      mediator: p.mediator ?? DEFAULT_MEDIATOR,
    });
  }
  return saopInitialState(settings);
}

/**
 * A new session: its initial state and one negotiator per party, in turn order.
 *
 * @example
 * const { state, negotiators } = createSession(scenario, { seed: 1, negotiators: { us: 'conceder' } });
 */
export function createSession(
  scenario: Scenario,
  opts: CreateSessionOptions,
): { state: SessionState; negotiators: Negotiator[] } {
  const parties = partiesInOrder(scenario);
  const specs = resolveSpecs(parties, opts.negotiators);
  return {
    state: freshState(scenario, parties, opts.seed),
    negotiators: buildNegotiators(scenario, parties, specs, opts.seed),
  };
}

/** What a negotiator threw, in words (never throws itself, whatever was thrown). */
export function describeThrown(err: unknown): string {
  try {
    if (err instanceof Error) return `${err.name}: ${err.message}`;
    return `threw ${typeof err === 'string' ? JSON.stringify(err) : String(err)}`;
  } catch {
    return 'threw something that cannot be described';
  }
}

/**
 * The action as a clean plain object, or the reason it is not acceptable. The server checks its
 * software seats' actions with this too.
 */
export function checkAction(
  raw: unknown,
  party: Party,
  space: OutcomeSpace,
  state: SessionState,
): NegotiatorAction | string {
  if (typeof raw !== 'object' || raw === null)
    return `returned ${raw === null ? 'null' : typeof raw}, not an action`;
  const type = (raw as { type?: unknown }).type;
  switch (type) {
    case 'offer': {
      const o = (raw as { outcome?: unknown }).outcome;
      if (!Array.isArray(o)) return 'offered something that is not an outcome array';
      // Copy (so later mutation by the negotiator cannot reach the state) and turn -0 into 0 for JSON.
      const n = o.length;
      const outcome = new Array<number>(n);
      for (let i = 0; i < n; i++) {
        const v: unknown = o[i];
        outcome[i] = (typeof v === 'number' ? v + 0 : v) as number;
      }
      if (!space.contains(outcome))
        return `offered ${JSON.stringify(outcome)}, which is not an outcome of this space`;
      // The cheap test first; the list of crossed red lines is only needed for the message.
      if (!party.utility.acceptable(outcome)) {
        const crossed = party.utility.violatedRedLines(outcome);
        return `offered ${JSON.stringify(outcome)}, which crosses its own red line ${crossed.map((r) => `'${r.id}'`).join(', ')}`;
      }
      return { type: 'offer', outcome };
    }
    case 'accept': {
      if (state.protocol !== 'saop' || state.table === null) return 'accepted with no offer on the table';
      // A software negotiator may not accept what it could not offer: a package across its own red
      // line (a person at the table may, and is then vetoed by their principal).
      const outcome = state.table.outcome;
      if (!party.utility.acceptable(outcome)) {
        const crossed = party.utility.violatedRedLines(outcome);
        return `accepted ${JSON.stringify(outcome)}, which crosses its own red line ${crossed.map((r) => `'${r.id}'`).join(', ')}`;
      }
      return { type: 'accept' };
    }
    case 'end':
      return { type: 'end' };
    default:
      return `returned an action of unknown type ${JSON.stringify(type) ?? String(type)}`;
  }
}

/**
 * A vote on the chair's `text` as a clean plain object, or the reason it is not acceptable: a vote
 * to accept a text that crosses the party's own red line is refused, as an offer that crosses it is.
 */
export function checkVote(raw: unknown, party: Party, text: readonly number[]): NegotiatorVote | string {
  if (typeof raw !== 'object' || raw === null)
    return `returned ${raw === null ? 'null' : typeof raw}, not a vote`;
  const type = (raw as { type?: unknown }).type;
  switch (type) {
    case 'accept':
      if (!party.utility.acceptable(text)) {
        const crossed = party.utility.violatedRedLines(text);
        return `voted to accept ${JSON.stringify(text)}, which crosses its own red line ${crossed.map((r) => `'${r.id}'`).join(', ')}`;
      }
      return { type: 'accept' };
    case 'reject':
      return { type: 'reject' };
    case 'end':
      return { type: 'end' };
    default:
      return `returned a vote of unknown type ${JSON.stringify(type) ?? String(type)}; a vote is accept, reject or end`;
  }
}

/** Normalised time of the last acceptance that completed an agreement, if the transcript has one. */
function agreementTime(events: readonly SessionEvent[]): number | undefined {
  for (let k = events.length - 1; k >= 0; k--) {
    const e = events[k] as SessionEvent;
    if (e.type === 'delegations-agree') return e.t;
  }
  return undefined;
}

/** A plain, writable copy of an outcome (also of a frozen one). */
function copyOf(o: readonly number[]): number[] {
  const n = o.length;
  const c = new Array<number>(n);
  for (let i = 0; i < n; i++) c[i] = o[i] as number;
  return c;
}

/**
 * The transcript as the runner shares it. Events are frozen when they are first shown to anyone (a
 * negotiator reading its history, an `onEvent` listener), so that an attempt to rewrite history
 * throws inside `act`, where it becomes NEGOTIATOR_THREW like any other throw; events nobody has
 * seen yet cost nothing.
 */
export class Transcript {
  readonly events: SessionEvent[];
  private frozen = 0;

  constructor(events: SessionEvent[]) {
    this.events = events;
  }

  /** Freezes the first `n` events (and their outcomes). */
  freezeTo(n: number): void {
    const events = this.events;
    for (; this.frozen < n; this.frozen++) {
      const e = events[this.frozen] as SessionEvent;
      if ('outcome' in e) Object.freeze(e.outcome);
      Object.freeze(e);
    }
  }

  /** A frozen copy of the first `n` events, themselves frozen. */
  snapshot(n: number): readonly SessionEvent[] {
    this.freezeTo(n);
    return Object.freeze(this.events.slice(0, n));
  }
}

/**
 * What every turn tells a negotiator lazily. The transcript and the rng substream are built only
 * when the negotiator reads them (most strategies read neither on most turns): `history` is a
 * frozen copy of the first `length` events of the session's transcript, so a context kept for later
 * still shows the transcript as it was on that turn; `rng` is the (seed, 'negotiator', party, step)
 * substream, the same object on every read.
 */
class LazyTurn {
  readonly t: number;
  readonly step: number;
  readonly round: number;
  readonly #transcript: Transcript;
  readonly #length: number;
  readonly #seed: number;
  readonly #party: number;
  #history: readonly SessionEvent[] | null = null;
  #rng: Random | null = null;

  constructor(state: SessionState, transcript: Transcript, party: number) {
    this.t = timeAt(state, state.step, state.elapsedMs);
    this.step = state.step;
    this.round = Math.floor(state.step / state.parties.length);
    this.#transcript = transcript;
    this.#length = state.events.length;
    this.#seed = state.seed;
    this.#party = party;
  }

  get history(): readonly SessionEvent[] {
    if (this.#history === null) this.#history = this.#transcript.snapshot(this.#length);
    return this.#history;
  }

  get rng(): Random {
    if (this.#rng === null) this.#rng = Random.from(this.#seed, 'negotiator', this.#party, this.step);
    return this.#rng;
  }
}

/** What a negotiator is told on its turn at an SAOP table. */
class TurnContext extends LazyTurn implements NegotiatorContext {
  readonly offer: NegotiatorContext['offer'];

  constructor(state: SessionState, transcript: Transcript, party: number) {
    super(state, transcript, party);
    const table = state.protocol === 'saop' ? state.table : null;
    // A copy: a negotiator that scribbles on what it was shown cannot reach the state. By hand,
    // because the table's outcome is frozen once its event has been shown, and V8's `slice` of a
    // frozen array takes a slow generic path.
    this.offer = table ? { outcome: copyOf(table.outcome), by: table.by } : null;
  }
}

/** What a negotiator is told when it votes on the chair's text (copies, as for an offer). */
class VoteTurnContext extends LazyTurn implements VoteContext {
  readonly text: readonly number[];
  readonly standing: readonly number[] | null;

  constructor(state: SessionState, transcript: Transcript, move: Extract<Move, { kind: 'vote' }>) {
    super(state, transcript, move.party);
    this.text = copyOf(move.text);
    this.standing = move.standing ? copyOf(move.standing) : null;
  }
}

/**
 * Times negotiator actions with one clock reading per action where it can: the reading that ends
 * one action starts the next, unless something other than the runner's own bookkeeping ran in
 * between (an `onEvent` callback, a principal's decision), after which the clock is read afresh.
 * With a `SimulatedClock` every action still spends exactly its `stepMs` (plus what it advanced).
 */
export class ActionTimer {
  private readonly clock: Clock;
  private mark = Number.NaN;

  constructor(clock: Clock) {
    this.clock = clock;
  }

  /** The time an action starts. */
  start(): number {
    if (Number.isNaN(this.mark)) this.mark = this.clock.now();
    return this.mark;
  }

  /** The time an action ends (and the next one starts). */
  stop(): number {
    this.mark = this.clock.now();
    return this.mark;
  }

  /** Forget the last reading: time passed that is no negotiator's. */
  reset(): void {
    this.mark = Number.NaN;
  }
}

/** The principal's decision on the agreement pending ratification (ratifies, from the model). */
function ratification(party: Party, move: Extract<Move, { kind: 'ratify' }>): ProtocolAction {
  const judge = party.principal?.utility ?? party.utility;
  return {
    type: 'ratify',
    party: move.party,
    approve: ratifies(party, move.outcome),
    utility: judge.evaluate(move.outcome),
  };
}

/** What drives a session's software seats: the scenario, its parties and negotiators in turn order. */
export interface TableSeats {
  readonly scenario: Scenario;
  readonly parties: readonly Party[];
  /** Null at a person's seat (the server); never asked for a move there. */
  readonly negotiators: readonly (Negotiator | null)[];
}

/**
 * The protocol action that answers `move` (what the session waits for) at a software seat: the
 * negotiator's move or vote, checked, or a principal's ratification. A throw is NEGOTIATOR_THREW,
 * an answer over the action budget ACTION_TIMEOUT, an answer the checks refuse INVALID_ACTION.
 * `transcript` shares frozen snapshots of the state's events between turns (one is made when
 * absent); with `timer` the negotiator is timed against the action budget and the time spent rides
 * on the action. Never throws for the negotiator's sake. The
 * runner and the server's software seats both move through here, so a session reads the same in both.
 *
 * @example
 * const move = nextMove(state);
 * if (move) state = step(state, softwareMove({ scenario, parties, negotiators }, state, move));
 */
export function softwareMove(
  seats: TableSeats,
  state: SessionState,
  move: Move,
  transcript: Transcript = new Transcript(state.events as SessionEvent[]),
  timer: ActionTimer | null = null,
): ProtocolAction {
  const index = move.party;
  const party = seats.parties[index] as Party;
  if (move.kind === 'ratify') return ratification(party, move);
  const negotiator = seats.negotiators[index] as Negotiator;
  // One body for a move and a vote (no closures: this runs on every action of every session).
  const vote = move.kind === 'vote' ? move : null;
  const ctx = vote ? new VoteTurnContext(state, transcript, vote) : new TurnContext(state, transcript, index);
  const start = timer ? timer.start() : 0;
  let raw: unknown;
  let thrown: { err: unknown } | null = null;
  try {
    raw = vote ? voteOf(negotiator, party, ctx as VoteTurnContext) : negotiator.act(ctx as TurnContext);
  } catch (err) {
    thrown = { err };
  }
  const spent = timer ? timer.stop() - start : 0;
  const elapsedMs = Number.isFinite(spent) && spent > 0 ? spent : 0;
  if (thrown) {
    const err = thrown.err;
    // An external negotiator's failure says what it was: too slow, a lie, or a crash.
    return err instanceof ExternalFailure
      ? { type: 'fail', party: index, code: err.code, message: err.message }
      : { type: 'fail', party: index, code: 'NEGOTIATOR_THREW', message: describeThrown(err) };
  }
  const budget = seats.scenario.protocol.actionBudgetMs;
  if (timer && elapsedMs > budget) {
    return {
      type: 'fail',
      party: index,
      code: 'ACTION_TIMEOUT',
      message: `took ${elapsedMs} ms; the budget is ${budget} ms`,
    };
  }
  let checked: NegotiatorAction | NegotiatorVote | string;
  try {
    checked = vote ? checkVote(raw, party, vote.text) : checkAction(raw, party, seats.scenario.space, state);
  } catch (err) {
    // A hostile return value (a throwing getter, a proxy) is still just an invalid action.
    checked = `returned an action that could not be read (${describeThrown(err)})`;
  }
  if (typeof checked === 'string')
    return { type: 'fail', party: index, code: 'INVALID_ACTION', message: checked };
  // Without a timer (the server's software seats) time is not the negotiator's to spend.
  if (vote) {
    const v = checked as NegotiatorVote;
    return timer
      ? { type: 'vote', party: index, vote: v, elapsedMs }
      : { type: 'vote', party: index, vote: v };
  }
  const action = checked as NegotiatorAction;
  return timer ? { type: 'act', party: index, action, elapsedMs } : { type: 'act', party: index, action };
}

function checkResumable(
  state: SessionState,
  scenario: Scenario,
  parties: readonly Party[],
  seed: number,
): void {
  const ids = parties.map((p) => p.id);
  const kind = scenario.protocol.kind;
  if (state?.version !== 1 || state.protocol !== kind) {
    throw new LancasterError({
      code: 'BAD_STATE',
      message: `the saved session is not a version 1 ${kind === 'saop' ? 'SAOP' : 'mediated'} session, as this scenario's protocol is`,
    });
  }
  if (state.parties.length !== ids.length || state.parties.some((id, i) => id !== ids[i])) {
    throw new LancasterError({
      code: 'BAD_STATE',
      message: `the saved session's parties (${state.parties.join(', ')}) are not this scenario's (${ids.join(', ')})`,
    });
  }
  if (state.seed !== seed) {
    throw new LancasterError({
      code: 'BAD_STATE',
      message: `the saved session used seed ${state.seed}, not ${seed}`,
    });
  }
}

/**
 * Runs a session to its end (or for `maxSteps` negotiator actions), from the start or from a saved
 * state (resume with the same seed and negotiator specs). `result` is null when the session
 * stopped before its end. The returned transcript is frozen, and so is every event a negotiator or
 * `onEvent` has been shown.
 *
 * @example
 * const { result } = runSession(scenario, { seed: 7, negotiators: { us: 'boulware', cn: 'conceder' } });
 * const half = runSession(scenario, { seed: 7, maxSteps: 10 });
 * const rest = runSession(scenario, { seed: 7, state: JSON.parse(JSON.stringify(half.state)) });
 */
export function runSession(
  scenario: Scenario,
  opts: RunSessionOptions,
): { state: SessionState; result: SessionResult | null } {
  const parties = partiesInOrder(scenario);
  const specs = resolveSpecs(parties, opts.negotiators);
  if (opts.state) checkResumable(opts.state, scenario, parties, opts.seed);
  // One private draft for the whole call: each action is applied in place (O(1), where the pure
  // `step` copies the transcript), through the same rules as `step`.
  const start = opts.state ?? freshState(scenario, parties, opts.seed);
  const protocol = protocolOf(start);
  const state: DraftOf<SessionState> = protocol.draftOf(start);
  const negotiators = buildNegotiators(scenario, parties, specs, state.seed);
  startNegotiators(negotiators);
  const seats: TableSeats = { scenario, parties, negotiators };
  const timer = new ActionTimer(opts.clock ?? systemClock);
  const onEvent = opts.onEvent;
  const maxSteps = opts.maxSteps ?? Number.POSITIVE_INFINITY;
  if (!(maxSteps >= 0)) {
    throw new LancasterError({
      code: 'BAD_OPTION',
      path: 'maxSteps',
      message: `${maxSteps} is not a number of steps`,
      expected: 'a number >= 0',
    });
  }
  const transcript = new Transcript(state.events);
  let seen = state.events.length;
  const apply = (action: ProtocolAction) => {
    protocol.stepInPlace(state, action);
    if (onEvent) {
      const events = transcript.events;
      for (; seen < events.length; seen++) {
        transcript.freezeTo(seen + 1);
        onEvent(events[seen] as SessionEvent);
      }
      timer.reset();
    }
  };

  let taken = 0;
  try {
    for (let move = protocol.nextMove(state); move !== null; move = protocol.nextMove(state)) {
      if (move.kind === 'ratify') {
        apply(softwareMove(seats, state, move, transcript));
        timer.reset();
        continue;
      }
      if (taken >= maxSteps) break;
      apply(softwareMove(seats, state, move, transcript, timer));
      taken++;
    }
  } finally {
    // External processes end with the call; a resumed session starts them again.
    closeNegotiators(negotiators);
  }
  Object.freeze(state.events);
  if (!isFinished(state)) return { state, result: null };
  const used: Record<string, string> = {};
  parties.forEach((p, i) => {
    used[p.id] = (negotiators[i] as Negotiator).spec;
  });
  return { state, result: resultOf(scenario, state, used) };
}

/**
 * The result of a finished session: status, agreement, each party's utility (undiscounted, and
 * discounted at the end time; a party's reservation value, discounted the same way, when there is
 * no agreement), rounds begun, steps, time and transcript. Throws `BAD_STATE` if it is not finished.
 */
export function resultOf(
  scenario: Scenario,
  state: SessionState,
  negotiatorSpecs: NegotiatorSpecs,
): SessionResult {
  if (!isFinished(state)) {
    throw new LancasterError({
      code: 'BAD_STATE',
      message: `the session is still ${state.status}; it has no result yet`,
    });
  }
  const parties = partiesInOrder(scenario);
  const t = currentTime(state);
  // An agreement is discounted at the time of the acceptance that made it (GENIUS: d^t at the
  // time of the accepting action), not at the next step; no deal, at the time the talks ended.
  const agreedAt = state.agreement ? (agreementTime(state.events) ?? t) : t;
  const utilities: Record<string, number> = {};
  const discountedUtilities: Record<string, number> = {};
  const negotiators: Record<string, string> = {};
  for (const p of parties) {
    const a = state.agreement;
    utilities[p.id] = a ? partyUtility(p, a, 0) : p.reservationValue;
    discountedUtilities[p.id] = a
      ? partyUtility(p, a, agreedAt)
      : discounted(p.reservationValue, p.discountFactor, t);
    negotiators[p.id] = negotiatorSpecs[p.id] ?? p.negotiator ?? DEFAULT_NEGOTIATOR;
  }
  return {
    scenarioId: scenario.id,
    seed: state.seed,
    negotiators,
    status: state.status as SessionResult['status'],
    agreement: state.agreement ? [...state.agreement] : null,
    utilities,
    discountedUtilities,
    rounds: Math.ceil(state.step / state.parties.length),
    steps: state.step,
    t,
    vetoes: state.vetoes,
    events: state.events,
    error: state.error,
  };
}
