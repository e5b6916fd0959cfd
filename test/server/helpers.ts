/**
 * Shared pieces of the server tests: a fake clock with manual timers (no test sleeps), a small
 * two-party scenario whose party B carries distinctive private data (so a leak is easy to find in
 * any JSON), an app on an in-memory store, and request helpers.
 */
import type { Hono } from 'hono';
import { discreteIssue } from '../../src/model/issues.ts';
import { OutcomeSpace } from '../../src/model/outcome-space.ts';
import type { Party } from '../../src/model/party.ts';
import type { Scenario } from '../../src/model/scenario.ts';
import { table, UtilityFunction } from '../../src/model/utility.ts';
import { createApp } from '../../src/server/app.ts';
import type { RateLimitOptions } from '../../src/server/rate-limit.ts';
import {
  type ScenarioSource,
  type ServerClock,
  SessionManager,
  scenarioList,
} from '../../src/server/sessions.ts';
import type { SoftwareHost } from '../../src/server/software.ts';
import { SessionStore } from '../../src/server/store.ts';

/** A clock whose time moves only with `advance`, firing due timers in order. */
export class FakeClock implements ServerClock {
  time: number;
  private timers: { id: number; at: number; fn: () => void }[] = [];
  private next = 1;

  constructor(start = Date.UTC(2025, 5, 9, 12)) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimer(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.timers.push({ id, at: this.time + Math.max(0, ms), fn });
    return id;
  }

  clearTimer(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  /** Pending timers. */
  get pending(): number {
    return this.timers.length;
  }

  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.id - b.id);
      const t = this.timers[0];
      if (!t || t.at > end) break;
      this.timers.shift();
      this.time = Math.max(this.time, t.at);
      t.fn();
    }
    this.time = end;
  }
}

/** Distinctive private data of party B (found by substring search in anything A is shown). */
export const B_SECRETS = {
  redLineId: 'zzb-secret-line',
  redLineLabel: 'ZZB never pays express',
  regionLabel: 'ZZB bonus region',
  principalName: 'ZZB Principal',
  reservationValue: 0.123457,
  threshold: 0.0876543,
  weights: [0.314159, 0.685841],
} as const;

export interface PairOptions {
  /** Weights of B (defaults to the secret ones). */
  readonly bWeights?: readonly [number, number];
  /** Price evaluator table of B. */
  readonly bPrice?: readonly number[];
  readonly bReservation?: number;
  /** Give B a principal (public name, secret threshold). */
  readonly bPrincipal?: boolean;
  /** The threshold of B's principal (default the secret one, which approves any deal). */
  readonly bThreshold?: number;
  readonly rounds?: number;
  readonly humanTurnSeconds?: number;
  readonly timeLimitSeconds?: number;
  readonly id?: string;
  /** Budget of one negotiator action (default 60 s). */
  readonly actionBudgetMs?: number;
}

/**
 * A buyer (a) and a seller (b) over price (4 levels) and delivery (3 speeds): 12 outcomes. A's red
 * line forbids the top price. B's red line forbids the lowest price with express delivery.
 */
export function pairScenario(o: PairOptions = {}): Scenario {
  const space = new OutcomeSpace([
    discreteIssue('price', ['p1', 'p2', 'p3', 'p4']),
    discreteIssue('delivery', ['slow', 'normal', 'express']),
  ]);
  const a: Party = {
    id: 'a',
    label: 'Buyer',
    utility: new UtilityFunction(space, {
      weights: [0.6, 0.4],
      evaluators: [table([1, 0.7, 0.3, 0]), table([0, 0.5, 1])],
      redLines: [
        { id: 'a-no-top', label: 'A never pays p4', kind: 'forbid', conditions: [{ issue: 0, values: [3] }] },
      ],
    }),
    reservationValue: 0.2,
    discountFactor: 1,
    delegation: [{ name: 'Alice', role: 'buyer', lead: true }],
  };
  const b: Party = {
    id: 'b',
    label: 'Seller',
    utility: new UtilityFunction(space, {
      weights: o.bWeights ?? B_SECRETS.weights,
      evaluators: [table(o.bPrice ?? [0, 0.4, 0.8, 1]), table([1, 0.6, 0])],
      regions: [{ label: B_SECRETS.regionLabel, value: 0.05, conditions: [{ issue: 1, values: [0] }] }],
      redLines: [
        {
          id: B_SECRETS.redLineId,
          label: B_SECRETS.redLineLabel,
          kind: 'forbid',
          conditions: [
            { issue: 0, values: [0] },
            { issue: 1, values: [2] },
          ],
        },
      ],
    }),
    reservationValue: o.bReservation ?? B_SECRETS.reservationValue,
    discountFactor: 1,
    delegation: [{ name: 'Bob', role: 'seller', lead: true }],
    ...(o.bPrincipal
      ? {
          principal: {
            name: B_SECRETS.principalName,
            title: 'CEO',
            ratificationThreshold: o.bThreshold ?? B_SECRETS.threshold,
          },
        }
      : {}),
  };
  const rounds = o.rounds ?? 6;
  return {
    id: o.id ?? 'pair',
    title: 'A pair',
    space,
    parties: [a, b],
    protocol: {
      kind: 'saop',
      order: ['a', 'b'],
      rounds,
      schedule: [
        { label: 'Morning', rounds: Math.floor(rounds / 2) },
        { label: 'Afternoon', rounds: rounds - Math.floor(rounds / 2) },
      ],
      onVeto: 'end',
      actionBudgetMs: o.actionBudgetMs ?? 60_000,
      ...(o.humanTurnSeconds === undefined ? {} : { humanTurnSeconds: o.humanTurnSeconds }),
      ...(o.timeLimitSeconds === undefined ? {} : { timeLimitSeconds: o.timeLimitSeconds }),
    },
    parameters: [],
    sources: [],
  };
}

export interface TestApp {
  readonly app: Hono;
  readonly manager: SessionManager;
  readonly store: SessionStore;
  readonly clock: FakeClock;
}

/** An app on a store (in memory unless `file`), with a fake clock. */
export function testApp(
  opts: {
    scenarios?: ScenarioSource;
    file?: string;
    rateLimit?: RateLimitOptions | false;
    clock?: FakeClock;
    software?: SoftwareHost;
    /** Where the manager reports what is not the caller's fault (default: thrown, failing the test). */
    onInternalError?: (err: unknown) => void;
  } = {},
): TestApp {
  const clock = opts.clock ?? new FakeClock();
  const store = SessionStore.open(opts.file ?? ':memory:');
  const manager = new SessionManager({
    store,
    ...(opts.software ? { software: opts.software } : {}),
    scenarios: opts.scenarios ?? scenarioList([pairScenario()]),
    clock,
    onInternalError:
      opts.onInternalError ??
      ((err) => {
        throw err;
      }),
  });
  const app = createApp({
    manager,
    rateLimit: opts.rateLimit ?? false,
    now: () => clock.now(),
    logError: () => {},
  });
  return { app, manager, store, clock };
}

/** A JSON request through `app.request`: status, parsed body and headers. */
export async function call(
  app: Hono,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are read as loose JSON in tests
): Promise<{ status: number; body: any; headers: Headers; text: string }> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.raw !== undefined) body = opts.raw;
  else if (opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const res = await app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  return { status: res.status, body: parsed, headers: res.headers, text };
}

/** Removes ids, tokens and timestamps from a JSON value (for comparing two sessions). */
export function scrub(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (key, v) =>
    key === 'sessionId' || key === 'turnDeadline' || key === 'token' || key === 'observerToken' ? '#' : v,
  );
}
