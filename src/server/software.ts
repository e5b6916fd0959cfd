/**
 * Where the server's software seats run. A `SoftwareHost` keeps one `SoftwareSeats` per session
 * (machine.ts: the runner's turn on a private draft of the state) and plays them when the session
 * manager hands it the actions it is about to log. Two hosts, one implementation:
 *
 * - `InlineSoftware` plays them in the calling thread (tests, embedding). Like `runSession`, it
 *   can only check a negotiator's time budget after the action returns.
 * - `ThreadedSoftware` plays them in worker threads (software-worker.ts), sessions spread over the
 *   threads by id, so the server's own thread never runs negotiator code. Each thread announces
 *   every negotiator action's start in shared memory, and a watchdog terminates a thread whose
 *   action has run past the scenario's `actionBudgetMs` (plus a grace of GRACE_MS), as the
 *   tournament pool does with a match: the action becomes a `fail` with ACTION_TIMEOUT, the
 *   session ends in `error`, and the sessions queued behind it on that thread are replayed on a
 *   fresh one. A looping negotiator therefore holds up only its own thread's queue, and only for
 *   its budget; requests that need no negotiator are never held up.
 *
 * A host that has lost a session (evicted, or its thread restarted) asks for the whole log and
 * replays it once; otherwise each call only carries the new actions, so its cost does not grow
 * with the session's length. Scenarios cross to the threads as plain data (`scenarioData`).
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { LancasterError } from '../errors.ts';
import { OutcomeSpace } from '../model/outcome-space.ts';
import type { Party } from '../model/party.ts';
import type { Scenario } from '../model/scenario.ts';
import { UtilityFunction, type UtilitySpec } from '../model/utility.ts';
import type { ProtocolAction } from '../protocols/types.ts';
import { siblingModule, workerThread } from '../run/pool.ts';
import { type Clock, closeNegotiators, startNegotiators, systemClock } from '../run/session.ts';
import { type ActionWatch, buildTable, type Seat, SoftwareSeats } from './machine.ts';

/** What identifies a session's software seats: its id, scenario, seats and seed. */
export interface SessionSetup {
  readonly id: string;
  readonly scenario: Scenario;
  readonly seats: readonly Seat[];
  readonly seed: number;
}

/** The actions about to be logged at positions `from`, `from + 1`, … of a session's log. */
export interface LogTail {
  readonly from: number;
  readonly actions: readonly ProtocolAction[];
}

/** Plays the software seats of sessions. */
export interface SoftwareHost {
  /**
   * Applies `tail` to the session's software seats and plays them until a person must act or the
   * session ends; resolves with the actions they took, in order. `wholeLog` gives the entire log
   * including `tail`, for a host that no longer holds the session.
   */
  play(
    setup: SessionSetup,
    tail: LogTail,
    wholeLog: () => readonly ProtocolAction[],
  ): Promise<ProtocolAction[]>;
  /** Forgets a session (it ended, or its log write failed): the next `play` starts from the whole log. */
  forget(id: string): void;
  close(): Promise<void>;
}

/** Sessions whose seats a host keeps at most (least recently played dropped first). */
export const MAX_HELD_SESSIONS = 2000;

/**
 * The sessions of one host (one thread): their `SoftwareSeats`, least recently used first.
 * `play` returns false when it cannot continue from `tail.from` (the caller sends the whole log).
 */
export class SeatsCache {
  private readonly held = new Map<string, SoftwareSeats>();
  private readonly clock: Clock;
  private readonly watch: ActionWatch | undefined;

  constructor(clock: Clock, watch?: ActionWatch) {
    this.clock = clock;
    this.watch = watch;
  }

  play(
    id: string,
    build: () => SoftwareSeats['table'],
    tail: LogTail,
    emit: (a: ProtocolAction) => void,
  ): boolean {
    let seats = this.held.get(id);
    if (seats === undefined || seats.applied !== tail.from) {
      if (tail.from !== 0) {
        this.drop(id);
        return false;
      }
      if (seats !== undefined) this.drop(id);
      const table = build();
      // Untimed, before any move: an external negotiator's process starts here (and is closed when
      // the seats are dropped; a session played again later starts a new one).
      startNegotiators(table.negotiators);
      seats = new SoftwareSeats(table, this.clock, this.watch);
    }
    this.held.delete(id);
    this.held.set(id, seats);
    if (this.held.size > MAX_HELD_SESSIONS) this.drop(this.held.keys().next().value as string);
    try {
      seats.apply(tail.actions);
      seats.play(emit);
    } catch (err) {
      this.drop(id);
      throw err;
    }
    return true;
  }

  forget(id: string): void {
    this.drop(id);
  }

  private drop(id: string): void {
    const seats = this.held.get(id);
    this.held.delete(id);
    if (seats) closeNegotiators(seats.table.negotiators);
  }
}

/**
 * Software seats in the calling thread.
 *
 * @example
 * const manager = new SessionManager({ store, software: new InlineSoftware(new SimulatedClock(5)) });
 */
export class InlineSoftware implements SoftwareHost {
  private readonly cache: SeatsCache;

  constructor(clock: Clock = systemClock) {
    this.cache = new SeatsCache(clock);
  }

  async play(setup: SessionSetup, tail: LogTail, wholeLog: () => readonly ProtocolAction[]) {
    const out: ProtocolAction[] = [];
    const build = () => buildTable(setup.scenario, setup.seats, setup.seed);
    const emit = (a: ProtocolAction) => out.push(a);
    if (!this.cache.play(setup.id, build, tail, emit))
      this.cache.play(setup.id, build, { from: 0, actions: wholeLog() }, emit);
    return out;
  }

  forget(id: string): void {
    this.cache.forget(id);
  }

  async close(): Promise<void> {}
}

// ---------------------------------------------------------------------------------------------
// Scenarios as plain data, for worker threads
// ---------------------------------------------------------------------------------------------

interface PartyData extends Omit<Party, 'utility' | 'principal'> {
  readonly utility: UtilitySpec;
  readonly principal?: Omit<NonNullable<Party['principal']>, 'utility'> & { readonly utility?: UtilitySpec };
}

/** What a worker needs of a scenario to play it: issues, parties' preferences, protocol. */
export interface ScenarioData {
  readonly id: string;
  readonly title: string;
  readonly issues: Scenario['space']['issues'];
  readonly parties: readonly PartyData[];
  readonly protocol: Scenario['protocol'];
}

const specOf = (u: UtilityFunction): UtilitySpec => ({
  weights: u.weights,
  evaluators: u.evaluators,
  regions: u.regions,
  redLines: u.redLines,
});

/**
 * What a thread knows a played scenario by: its id and the protocol it is played under (a session
 * may play a shipped scenario at a chair's table, and the same thread may also hold it as shipped).
 */
export function playedScenarioKey(s: Scenario): string {
  return `${s.id} ${JSON.stringify(s.protocol.kind === 'mediated' ? [s.protocol.kind, s.protocol.mediator] : [s.protocol.kind])}`;
}

/** The playable part of a scenario as plain data (structured-clone safe). */
export function scenarioData(s: Scenario): ScenarioData {
  return {
    id: s.id,
    title: s.title,
    issues: s.space.issues,
    protocol: s.protocol,
    parties: s.parties.map((p) => {
      const { utility, principal, ...rest } = p;
      const data: PartyData = { ...rest, utility: specOf(utility) };
      if (!principal) return data;
      const { utility: pu, ...pr } = principal;
      return { ...data, principal: pu ? { ...pr, utility: specOf(pu) } : pr };
    }),
  };
}

/** The scenario `scenarioData` describes (without its provenance, which playing does not need). */
export function scenarioFromData(d: ScenarioData): Scenario {
  const space = new OutcomeSpace(d.issues);
  return {
    id: d.id,
    title: d.title,
    space,
    protocol: d.protocol,
    parameters: [],
    sources: [],
    parties: d.parties.map((p): Party => {
      const { utility, principal, ...rest } = p;
      const party: Party = { ...rest, utility: new UtilityFunction(space, utility) };
      if (!principal) return party;
      const { utility: pu, ...pr } = principal;
      return { ...party, principal: pu ? { ...pr, utility: new UtilityFunction(space, pu) } : pr };
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Worker threads
// ---------------------------------------------------------------------------------------------

/** Messages to a software thread. */
export type ToSoftwareThread =
  | { readonly kind: 'scenario'; readonly key: string; readonly data: ScenarioData }
  | {
      readonly kind: 'play';
      readonly req: number;
      readonly session: string;
      readonly scenario: string;
      readonly seats: readonly Seat[];
      readonly seed: number;
      readonly tail: LogTail;
    }
  | { readonly kind: 'forget'; readonly session: string };

/** Messages from a software thread. */
export type FromSoftwareThread =
  | { readonly kind: 'action'; readonly req: number; readonly action: ProtocolAction }
  | { readonly kind: 'done'; readonly req: number }
  | { readonly kind: 'resync'; readonly req: number }
  | { readonly kind: 'failed'; readonly req: number; readonly message: string; readonly code?: string };

/** What a software thread is started with. */
export interface SoftwareThreadData {
  /**
   * BigInt64 slots: the running negotiator action's start (epoch ms, 0 when none), its budget
   * (ms), its party, and the request being played.
   */
  readonly watch: SharedArrayBuffer;
  readonly negotiatorModules: readonly string[];
}

/** Slots of the watch array. */
export const WATCH_START = 0;
export const WATCH_BUDGET = 1;
export const WATCH_PARTY = 2;
export const WATCH_REQ = 3;
const WATCH_SLOTS = 4;

/** Time a negotiator action may run past its budget before its thread is terminated. */
export const GRACE_MS = 250;
/** How often the watchdog looks at a busy thread. */
const WATCHDOG_MS = 50;

interface Pending {
  readonly req: number;
  readonly setup: SessionSetup;
  tail: LogTail;
  readonly wholeLog: () => readonly ProtocolAction[];
  readonly actions: ProtocolAction[];
  readonly resolve: (a: ProtocolAction[]) => void;
  readonly reject: (e: unknown) => void;
}

/** One software thread: its worker (started on demand), its queue, its watchdog. */
class SoftwareThread {
  private worker: Worker | null = null;
  private readonly watch = new SharedArrayBuffer(WATCH_SLOTS * 8);
  private readonly view = new BigInt64Array(this.watch);
  private scenarios = new Set<string>();
  private readonly pending = new Map<number, Pending>();
  private dog: ReturnType<typeof setInterval> | null = null;
  private closed = false;
  private readonly modules: readonly string[];
  private readonly onStopped: (message: string) => void;

  constructor(modules: readonly string[], onStopped: (message: string) => void) {
    this.modules = modules;
    this.onStopped = onStopped;
  }

  private start(): Worker {
    const data: SoftwareThreadData = { watch: this.watch, negotiatorModules: this.modules };
    const w = workerThread(siblingModule(import.meta.url, './software-worker'), data);
    w.on('message', (m: FromSoftwareThread) => this.receive(m));
    w.on('error', (err) => this.lost(w, err));
    w.on('exit', (code) => this.lost(w, new Error(`the software thread exited (code ${code})`)));
    this.worker = w;
    this.scenarios = new Set();
    Atomics.store(this.view, WATCH_START, 0n);
    return w;
  }

  private send(p: Pending): void {
    const w = this.worker ?? this.start();
    // The thread keeps the process alive only while it has work.
    w.ref();
    const s = p.setup.scenario;
    const key = playedScenarioKey(s);
    if (!this.scenarios.has(key)) {
      w.postMessage({ kind: 'scenario', key, data: scenarioData(s) } satisfies ToSoftwareThread);
      this.scenarios.add(key);
    }
    w.postMessage({
      kind: 'play',
      req: p.req,
      session: p.setup.id,
      scenario: key,
      seats: p.setup.seats,
      seed: p.setup.seed,
      tail: p.tail,
    } satisfies ToSoftwareThread);
    this.dog ??= setInterval(() => this.sniff(), WATCHDOG_MS);
    this.dog.unref?.();
  }

  play(p: Pending): void {
    this.pending.set(p.req, p);
    this.send(p);
  }

  forget(session: string): void {
    this.worker?.postMessage({ kind: 'forget', session } satisfies ToSoftwareThread);
  }

  private receive(m: FromSoftwareThread): void {
    const p = this.pending.get(m.req);
    if (!p) return;
    switch (m.kind) {
      case 'action':
        p.actions.push(m.action);
        return;
      case 'resync':
        p.tail = { from: 0, actions: p.wholeLog() };
        this.send(p);
        return;
      case 'done':
        this.finish(p);
        p.resolve(p.actions);
        return;
      case 'failed':
        this.finish(p);
        p.reject(
          m.code === undefined
            ? new Error(`software seats failed: ${m.message}`)
            : new LancasterError({ code: m.code as never, message: m.message }),
        );
    }
  }

  private finish(p: Pending): void {
    this.pending.delete(p.req);
    if (this.pending.size === 0) this.idle();
  }

  private idle(): void {
    this.worker?.unref();
    if (this.dog !== null) clearInterval(this.dog);
    this.dog = null;
  }

  /** The watchdog: terminates the thread when a negotiator action has run past its budget. */
  private sniff(): void {
    const started = Number(Atomics.load(this.view, WATCH_START));
    if (started === 0 || this.worker === null) return;
    const budget = Number(Atomics.load(this.view, WATCH_BUDGET));
    const ran = Date.now() - started;
    if (ran <= budget + GRACE_MS) return;
    const party = Number(Atomics.load(this.view, WATCH_PARTY));
    const stuck = this.pending.get(Number(Atomics.load(this.view, WATCH_REQ)));
    const w = this.worker;
    this.worker = null;
    void w.terminate();
    this.onStopped(`a negotiator ran ${ran} ms, over its budget of ${budget} ms; its thread was stopped`);
    if (stuck) {
      this.finish(stuck);
      stuck.actions.push({
        type: 'fail',
        party,
        code: 'ACTION_TIMEOUT',
        message: `took more than ${budget} ms (the budget); it was stopped after ${ran} ms`,
      });
      stuck.resolve(stuck.actions);
    }
    this.restartQueue();
  }

  /** Sends every request still waiting to a fresh thread, from the start of its log. */
  private restartQueue(): void {
    for (const p of this.pending.values()) {
      p.actions.length = 0;
      p.tail = { from: 0, actions: p.wholeLog() };
      this.send(p);
    }
    if (this.pending.size === 0) this.idle();
  }

  /** The thread died by itself (not terminated by the watchdog): its requests fail. */
  private lost(w: Worker, err: unknown): void {
    if (this.worker !== w) return;
    this.worker = null;
    if (this.closed) return;
    for (const p of [...this.pending.values()]) {
      this.finish(p);
      p.reject(err);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.idle();
    for (const p of [...this.pending.values()]) {
      this.finish(p);
      p.reject(new Error('the server is closing'));
    }
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }
}

export interface ThreadedSoftwareOptions {
  /** Worker threads (default: the machine's cores, from 2 to 4). */
  readonly threads?: number;
  /** Modules (URLs or absolute paths) each thread imports first, to register negotiators. */
  readonly negotiatorModules?: readonly string[];
  /** Told when a thread was stopped for a negotiator over its budget (default: stderr). */
  readonly log?: (line: string) => void;
}

/** A session's thread: the same one every time, by a hash of its id. */
function slotOf(id: string, n: number): number {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return (h >>> 0) % n;
}

/**
 * Software seats in worker threads, with a watchdog on every negotiator action.
 *
 * @example
 * const software = new ThreadedSoftware({ threads: 2 });
 * const manager = new SessionManager({ store, software });
 * // … on shutdown
 * await software.close();
 */
export class ThreadedSoftware implements SoftwareHost {
  private readonly threads: SoftwareThread[];
  private next = 1;

  constructor(opts: ThreadedSoftwareOptions = {}) {
    const n = opts.threads ?? Math.min(4, Math.max(2, availableParallelism()));
    const log = opts.log ?? ((line: string) => process.stderr.write(`lancaster serve: ${line}\n`));
    this.threads = Array.from(
      { length: Math.max(1, n) },
      () => new SoftwareThread(opts.negotiatorModules ?? [], log),
    );
  }

  play(setup: SessionSetup, tail: LogTail, wholeLog: () => readonly ProtocolAction[]) {
    return new Promise<ProtocolAction[]>((resolve, reject) => {
      const thread = this.threads[slotOf(setup.id, this.threads.length)] as SoftwareThread;
      thread.play({ req: this.next++, setup, tail, wholeLog, actions: [], resolve, reject });
    });
  }

  forget(id: string): void {
    this.threads[slotOf(id, this.threads.length)]?.forget(id);
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.close()));
  }
}
