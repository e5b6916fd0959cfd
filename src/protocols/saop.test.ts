import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LancasterError } from '../errors.ts';
import {
  currentTime,
  draftOf,
  initialState,
  isFinished,
  type SaopSettings,
  step,
  stepInPlace,
  whoseTurn,
} from './saop.ts';
import type { NegotiatorAction, ProtocolAction, SaopState } from './types.ts';

const settings = (over: Partial<SaopSettings> = {}): SaopSettings => ({
  parties: ['a', 'b'],
  rounds: 3,
  schedule: [],
  onVeto: 'end',
  seed: 1,
  ...over,
});
const act = (party: number, action: NegotiatorAction, elapsedMs?: number): ProtocolAction =>
  elapsedMs === undefined ? { type: 'act', party, action } : { type: 'act', party, action, elapsedMs };
const offer = (party: number, outcome: number[], elapsedMs?: number) =>
  act(party, { type: 'offer', outcome }, elapsedMs);
const accept = (party: number) => act(party, { type: 'accept' });
const end = (party: number) => act(party, { type: 'end' });
const run = (s: SaopState, ...actions: ProtocolAction[]) => actions.reduce(step, s);

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (err) {
    return err instanceof LancasterError ? err.code : `not a LancasterError: ${String(err)}`;
  }
  return undefined;
}

function deepFreeze<T>(x: T): T {
  if (typeof x === 'object' && x !== null && !Object.isFrozen(x)) {
    Object.freeze(x);
    for (const v of Object.values(x)) deepFreeze(v);
  }
  return x;
}

describe('initialState', () => {
  it('starts running with the first party to open', () => {
    const s = initialState(
      settings({
        schedule: [
          { label: 'Mon', rounds: 1 },
          { label: 'Tue', rounds: 2 },
        ],
      }),
    );
    expect(s).toMatchObject({ status: 'running', step: 0, turn: 0, table: null, events: [], principals: [] });
    expect(s.sittings).toEqual([
      { label: 'Mon', firstRound: 0 },
      { label: 'Tue', firstRound: 1 },
    ]);
    expect(whoseTurn(s)).toBe(0);
    expect(currentTime(s)).toBe(0);
    expect(isFinished(s)).toBe(false);
  });

  it('maps principals to indices and rejects bad settings', () => {
    expect(initialState(settings({ parties: ['a', 'b', 'c'], principals: ['c', 'a'] })).principals).toEqual([
      0, 2,
    ]);
    expect(codeOf(() => initialState(settings({ parties: ['a'] })))).toBe('BAD_OPTION');
    expect(codeOf(() => initialState(settings({ parties: ['a', 'a'] })))).toBe('BAD_OPTION');
    expect(codeOf(() => initialState(settings({ rounds: 0 })))).toBe('BAD_OPTION');
    expect(codeOf(() => initialState(settings({ rounds: 1.5 })))).toBe('BAD_OPTION');
    expect(codeOf(() => initialState(settings({ principals: ['z'] })))).toBe('BAD_OPTION');
    expect(codeOf(() => initialState(settings({ timeLimitMs: -1 })))).toBe('BAD_OPTION');
  });
});

describe('step: alternating offers', () => {
  it('reaches agreement when the other party accepts the opening offer', () => {
    const s = run(initialState(settings()), offer(0, [1, 2]), accept(1));
    expect(s.status).toBe('agreement');
    expect(s.agreement).toEqual([1, 2]);
    expect(s.step).toBe(2);
    expect(s.events.map((e) => e.type)).toEqual(['offer', 'accept', 'delegations-agree']);
    expect(s.events[2]).toMatchObject({ step: 2, round: 1, outcome: [1, 2] });
    expect(whoseTurn(s)).toBeNull();
  });

  it('needs every other party to accept; a counter-offer resets the acceptances', () => {
    let s = initialState(settings({ parties: ['a', 'b', 'c'] }));
    s = run(s, offer(0, [0]), accept(1), offer(2, [5]));
    expect(s.status).toBe('running');
    expect(s.table).toEqual({ outcome: [5], by: 2, acceptedBy: [2] });
    s = step(s, accept(0));
    expect(s.status).toBe('running');
    expect(s.table?.acceptedBy).toEqual([2, 0]);
    s = step(s, accept(1));
    expect(s.status).toBe('agreement');
    expect(s.agreement).toEqual([5]);
  });

  it('a walk-away ends the talks', () => {
    const s = run(initialState(settings()), offer(0, [1]), end(1));
    expect(s.status).toBe('walked-away');
    expect(s.events.at(-1)).toMatchObject({ type: 'end', party: 1, step: 1 });
    // The opening party may walk away too.
    expect(step(initialState(settings()), end(0)).status).toBe('walked-away');
  });

  it('ends at the deadline of rounds × parties steps, with a deadline event', () => {
    let s = initialState(settings({ rounds: 2 }));
    for (let k = 0; k < 3; k++) s = step(s, offer(k % 2, [k]));
    expect(s.status).toBe('running');
    s = step(s, offer(1, [9]));
    expect(s.status).toBe('deadline');
    expect(s.events.at(-1)).toEqual({ type: 'deadline', step: 4, round: 2, t: 1 });
    expect(currentTime(s)).toBe(1);
  });

  it('stamps every event with step, round = floor(step / parties) and t = step / (rounds × parties)', () => {
    let s = initialState(settings({ parties: ['a', 'b', 'c'], rounds: 4 }));
    for (let k = 0; k < 7; k++) s = step(s, offer(k % 3, [k]));
    s.events.forEach((e, k) => {
      expect(e).toMatchObject({ step: k, round: Math.floor(k / 3), t: k / 12 });
    });
  });

  it('never modifies its input', () => {
    let s = deepFreeze(initialState(settings({ parties: ['a', 'b', 'c'], principals: ['b'] })));
    const actions = [
      offer(0, [1]),
      accept(1),
      accept(2),
      { type: 'ratify', party: 1, approve: true } as const,
    ];
    for (const a of actions) {
      const before = JSON.stringify(s);
      const next = step(s, deepFreeze(a));
      expect(JSON.stringify(s)).toBe(before);
      expect(next).not.toBe(s);
      s = deepFreeze(next);
    }
    expect(s.status).toBe('agreement');
  });
});

describe('step: actions the state does not allow throw BAD_STATE', () => {
  const s0 = initialState(settings({ principals: ['b'] }));
  const cases: [string, SaopState, ProtocolAction][] = [
    ['accept with nothing on the table', s0, accept(0)],
    ['the wrong party', s0, offer(1, [0])],
    ['an unknown party', s0, offer(7, [0])],
    ['an unknown negotiator action', s0, act(0, { type: 'dance' } as unknown as NegotiatorAction)],
    [
      'an offer that is not an array',
      s0,
      act(0, { type: 'offer', outcome: 'x' } as unknown as NegotiatorAction),
    ],
    ['a negative elapsed time', s0, offer(0, [0], -1)],
    ['a ratification while running', s0, { type: 'ratify', party: 1, approve: true }],
    ['an act while ratifying', run(s0, offer(0, [1]), accept(1)), offer(0, [2])],
    [
      'a ratification by a party with none pending',
      run(s0, offer(0, [1]), accept(1)),
      { type: 'ratify', party: 0, approve: true },
    ],
    ['anything after the end', run(s0, end(0)), { type: 'tick', elapsedMs: 1 }],
    [
      'a fail after the end',
      run(s0, end(0)),
      { type: 'fail', party: 0, code: 'INVALID_ACTION', message: 'x' },
    ],
    [
      'an unknown error code',
      s0,
      { type: 'fail', party: 0, code: 'OOPS', message: 'x' } as unknown as ProtocolAction,
    ],
    ['an unknown protocol action', s0, { type: 'jump' } as unknown as ProtocolAction],
  ];
  it.each(cases)('%s', (_name, state, action) => {
    expect(codeOf(() => step(state, action))).toBe('BAD_STATE');
  });
});

describe('step: ratification', () => {
  const agreed = (over: Partial<SaopSettings> = {}) =>
    run(
      initialState(settings({ parties: ['a', 'b', 'c'], principals: ['a', 'c'], rounds: 3, ...over })),
      offer(0, [4]),
      accept(1),
      accept(2),
    );

  it('waits for every principal, then records the agreement', () => {
    let s = agreed();
    expect(s.status).toBe('ratifying');
    expect(s.pendingRatification).toEqual([0, 2]);
    expect(s.agreement).toBeNull();
    s = step(s, { type: 'ratify', party: 2, approve: true });
    expect(s.status).toBe('ratifying');
    expect(s.pendingRatification).toEqual([0]);
    s = step(s, { type: 'ratify', party: 0, approve: true });
    expect(s.status).toBe('agreement');
    expect(s.agreement).toEqual([4]);
    expect(s.events.filter((e) => e.type === 'ratify')).toHaveLength(2);
  });

  it('a veto ends the talks when onVeto is end', () => {
    const s = step(agreed(), { type: 'ratify', party: 0, approve: false });
    expect(s.status).toBe('vetoed');
    expect(s.vetoes).toBe(1);
    expect(s.agreement).toBeNull();
    expect(s.events.at(-1)).toMatchObject({ type: 'ratify', party: 0, approve: false });
  });

  it('a veto reopens the talks when onVeto is reopen: table cleared, the rotation continues', () => {
    let s = step(agreed({ onVeto: 'reopen' }), { type: 'ratify', party: 2, approve: false });
    expect(s.status).toBe('running');
    expect(s.vetoes).toBe(1);
    expect(s.table).toBeNull();
    expect(s.pendingRatification).toEqual([]);
    // The last acceptor was party 2, so party 0 (the party after it) opens again.
    expect(whoseTurn(s)).toBe(0);
    s = run(s, offer(0, [3]), offer(1, [2]), offer(2, [1]));
    expect(s.status).toBe('running');
    s = run(s, offer(0, [3]), offer(1, [2]), offer(2, [1]));
    expect(s.status).toBe('deadline');
    expect(s.step).toBe(9);
  });

  it('after a reopen the party after the last acceptor (here the proposer, party 1) opens', () => {
    let s = initialState(
      settings({ parties: ['a', 'b', 'c'], principals: ['c'], onVeto: 'reopen', rounds: 5 }),
    );
    s = run(s, offer(0, [1]), offer(1, [2]), accept(2), accept(0));
    expect(s.status).toBe('ratifying');
    s = step(s, { type: 'ratify', party: 2, approve: false });
    expect(whoseTurn(s)).toBe(1);
    expect(codeOf(() => step(s, offer(0, [1])))).toBe('BAD_STATE');
    expect(step(s, offer(1, [7])).table).toEqual({ outcome: [7], by: 1, acceptedBy: [1] });
  });

  it('a veto at the last step with reopen ends at the deadline', () => {
    let s = initialState(settings({ rounds: 1, principals: ['a'], onVeto: 'reopen' }));
    s = run(s, offer(0, [1]), accept(1));
    expect(s.status).toBe('ratifying');
    s = step(s, { type: 'ratify', party: 0, approve: false });
    expect(s.status).toBe('deadline');
    expect(s.events.slice(-2).map((e) => e.type)).toEqual(['ratify', 'deadline']);
  });
});

describe('step: sittings', () => {
  it('emits a break when the round crosses into the next sitting', () => {
    const schedule = [
      { label: 'Day 1', rounds: 1 },
      { label: 'Day 2', rounds: 2 },
    ];
    let s = initialState(settings({ schedule }));
    s = run(s, offer(0, [0]), offer(1, [1]));
    expect(s.events.at(-1)).toEqual({
      type: 'break',
      step: 2,
      round: 1,
      t: 2 / 6,
      after: 'Day 1',
      next: 'Day 2',
    });
    for (let k = 0; k < 4; k++) s = step(s, offer(k % 2, [k]));
    expect(s.status).toBe('deadline');
    expect(s.events.filter((e) => e.type === 'break')).toHaveLength(1);
  });

  it('skips empty sittings and never breaks after the deadline', () => {
    const schedule = [
      { label: 'A', rounds: 1 },
      { label: 'B', rounds: 0 },
      { label: 'C', rounds: 1 },
      { label: 'D', rounds: 1 },
    ];
    let s = initialState(settings({ rounds: 2, schedule }));
    for (let k = 0; k < 4; k++) s = step(s, offer(k % 2, [k]));
    const breaks = s.events.filter((e) => e.type === 'break');
    expect(breaks).toEqual([expect.objectContaining({ after: 'A', next: 'C', round: 1 })]);
  });
});

describe('step: time and failures', () => {
  it('time is the larger of the step and clock fractions', () => {
    let s = initialState(settings({ rounds: 10, timeLimitMs: 1000 }));
    s = step(s, offer(0, [1], 600));
    expect(currentTime(s)).toBeCloseTo(0.6);
    expect(s.events[0]).toMatchObject({ t: 0.6 });
    s = step(s, { type: 'tick', elapsedMs: 100 });
    expect(s.elapsedMs).toBe(700);
    expect(s.status).toBe('running');
    s = step(s, { type: 'tick', elapsedMs: 300 });
    expect(s.status).toBe('deadline');
    expect(s.events.at(-1)).toMatchObject({ type: 'deadline', t: 1 });
  });

  it('an action that lands after the time limit is discarded', () => {
    let s = initialState(settings({ rounds: 10, timeLimitMs: 1000 }));
    s = step(s, offer(0, [1], 400));
    s = step(s, accept(1));
    expect(s.status).toBe('agreement');
    let late = initialState(settings({ rounds: 10, timeLimitMs: 1000 }));
    late = run(late, offer(0, [1], 400), act(1, { type: 'accept' }, 700));
    expect(late.status).toBe('deadline');
    expect(late.events.map((e) => e.type)).toEqual(['offer', 'deadline']);
  });

  it('fail ends the session in state error with the reason', () => {
    const s = step(step(initialState(settings()), offer(0, [1])), {
      type: 'fail',
      party: 1,
      code: 'ACTION_TIMEOUT',
      message: 'took 5 s',
    });
    expect(s.status).toBe('error');
    expect(s.error).toEqual({ party: 1, code: 'ACTION_TIMEOUT', message: 'took 5 s' });
    expect(s.events.at(-1)).toMatchObject({ type: 'error', party: 1, code: 'ACTION_TIMEOUT', step: 1 });
  });

  it('resumes from JSON exactly', () => {
    const s = run(
      initialState(settings({ parties: ['a', 'b', 'c'], principals: ['b'] })),
      offer(0, [1]),
      accept(1),
    );
    const copy = JSON.parse(JSON.stringify(s)) as SaopState;
    expect(step(copy, accept(2))).toEqual(step(s, accept(2)));
  });
});

/**
 * Model-based test: a deliberately simple reference model of the rules, driven with random
 * sequences of valid and invalid actions. Valid ones must move the machine exactly as the model
 * moves; invalid ones must throw BAD_STATE and leave the state as it was.
 */
describe('step: model-based', () => {
  /** Coverage of the interesting paths, so the property cannot pass by never reaching them. */
  const reached = new Set<string>();
  interface Model {
    n: number;
    rounds: number;
    principals: number[];
    onVeto: 'end' | 'reopen';
    step: number;
    turn: number;
    table: { outcome: number[]; by: number; accepted: number[] } | null;
    status: SaopState['status'];
    pending: number[];
    vetoes: number;
    agreement: number[] | null;
  }
  interface Real {
    state: SaopState;
  }
  const running = (m: Model) => m.status === 'running' || m.status === 'ratifying';
  const deadline = (m: Model) => {
    if (m.status === 'running' && m.step >= m.rounds * m.n) m.status = 'deadline';
  };

  function expectSame(m: Model, s: SaopState): void {
    expect(s.status).toBe(m.status);
    expect(s.step).toBe(m.step);
    if (m.status === 'running') expect(s.turn).toBe(m.turn);
    expect(
      s.table === null ? null : { outcome: s.table.outcome, by: s.table.by, accepted: s.table.acceptedBy },
    ).toEqual(m.table);
    expect(s.pendingRatification).toEqual(m.pending);
    expect(s.vetoes).toBe(m.vetoes);
    expect(s.agreement).toEqual(m.agreement);
    const last = s.events.at(-1);
    if (last) expect(last.round).toBe(Math.floor(last.step / m.n));
  }

  /** Applies `action` to the real machine: as a model move when `apply` is given, else expecting BAD_STATE. */
  function check(m: Model, r: Real, action: ProtocolAction, apply: (() => void) | null): void {
    const before = JSON.stringify(r.state);
    if (apply === null) {
      expect(codeOf(() => step(r.state, action))).toBe('BAD_STATE');
      expect(JSON.stringify(r.state)).toBe(before);
      return;
    }
    const next = step(r.state, action);
    expect(JSON.stringify(r.state)).toBe(before);
    apply();
    r.state = next;
    expectSame(m, r.state);
  }

  class Act implements fc.Command<Model, Real> {
    readonly offset: number;
    readonly kind: 'offer' | 'accept' | 'end';
    readonly value: number;
    constructor(offset: number, kind: 'offer' | 'accept' | 'end', value: number) {
      this.offset = offset;
      this.kind = kind;
      this.value = value;
    }
    check = () => true;
    run(m: Model, r: Real): void {
      const party = (m.turn + this.offset) % m.n;
      const action: NegotiatorAction =
        this.kind === 'offer' ? { type: 'offer', outcome: [this.value] } : { type: this.kind };
      const valid =
        m.status === 'running' && party === m.turn && (this.kind !== 'accept' || m.table !== null);
      check(m, r, act(party, action), valid ? () => this.apply(m) : null);
    }
    apply(m: Model): void {
      const me = m.turn;
      m.step++;
      m.turn = (me + 1) % m.n;
      if (this.kind === 'end') {
        m.status = 'walked-away';
        return;
      }
      if (this.kind === 'offer') {
        m.table = { outcome: [this.value], by: me, accepted: [me] };
      } else if (m.table) {
        m.table = { ...m.table, accepted: [...m.table.accepted, me] };
        if (m.table.accepted.length === m.n) {
          if (m.principals.length === 0) {
            m.status = 'agreement';
            m.agreement = [...m.table.outcome];
          } else {
            m.status = 'ratifying';
            m.pending = [...m.principals];
          }
        }
      }
      deadline(m);
    }
    toString = () => `act(+${this.offset}, ${this.kind}, ${this.value})`;
  }

  class Ratify implements fc.Command<Model, Real> {
    readonly pick: number;
    readonly approve: boolean;
    /** Pick among the pending principals (when any) rather than among all parties. */
    readonly pending: boolean;
    constructor(pick: number, approve: boolean, pending: boolean) {
      this.pick = pick;
      this.approve = approve;
      this.pending = pending;
    }
    check = () => true;
    run(m: Model, r: Real): void {
      const party =
        this.pending && m.pending.length > 0
          ? (m.pending[this.pick % m.pending.length] as number)
          : this.pick % m.n;
      const valid = m.status === 'ratifying' && m.pending.includes(party);
      check(
        m,
        r,
        { type: 'ratify', party, approve: this.approve },
        valid ? () => this.apply(m, party) : null,
      );
    }
    apply(m: Model, party: number): void {
      if (this.approve) {
        m.pending = m.pending.filter((p) => p !== party);
        if (m.pending.length === 0) {
          m.status = 'agreement';
          m.agreement = [...(m.table as { outcome: number[] }).outcome];
        }
        return;
      }
      m.vetoes++;
      m.pending = [];
      if (m.onVeto === 'end') {
        m.status = 'vetoed';
        return;
      }
      m.status = 'running';
      m.table = null;
      deadline(m);
      if (m.status === 'running' && m.turn !== 0) reached.add('reopened elsewhere');
    }
    toString = () => `ratify(${this.pick}, ${this.approve}, ${this.pending})`;
  }

  class Tick implements fc.Command<Model, Real> {
    readonly ms: number;
    constructor(ms: number) {
      this.ms = ms;
    }
    check = () => true;
    run(m: Model, r: Real): void {
      check(m, r, { type: 'tick', elapsedMs: this.ms }, running(m) ? () => {} : null);
    }
    toString = () => `tick(${this.ms})`;
  }

  class Fail implements fc.Command<Model, Real> {
    readonly pick: number;
    constructor(pick: number) {
      this.pick = pick;
    }
    check = () => true;
    run(m: Model, r: Real): void {
      const party = this.pick % m.n;
      const apply = () => {
        m.status = 'error';
        m.pending = [];
      };
      const valid = running(m);
      check(m, r, { type: 'fail', party, code: 'NEGOTIATOR_THREW', message: 'boom' }, valid ? apply : null);
      if (valid) expect(r.state.error).toEqual({ party, code: 'NEGOTIATOR_THREW', message: 'boom' });
    }
    toString = () => `fail(${this.pick})`;
  }

  const actCmd = fc
    .tuple(
      // Mostly the right party, sometimes the wrong one.
      fc.oneof(
        { weight: 6, arbitrary: fc.constant(0) },
        { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }) },
      ),
      fc.constantFrom<'offer' | 'accept' | 'end'>(
        'offer',
        'offer',
        'accept',
        'accept',
        'accept',
        'accept',
        'end',
      ),
      fc.integer({ min: 0, max: 9 }),
    )
    .map(([o, k, v]): fc.Command<Model, Real> => new Act(o, k, v));
  const ratifyCmd = fc
    .tuple(fc.nat(3), fc.boolean(), fc.boolean())
    .map(([p, a, pending]): fc.Command<Model, Real> => new Ratify(p, a, pending));
  // A failure ends everything, so it stays rare next to ticks.
  const otherCmd = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.integer({ min: 0, max: 50 }).map((ms): fc.Command<Model, Real> => new Tick(ms)),
    },
    { weight: 1, arbitrary: fc.nat(3).map((p): fc.Command<Model, Real> => new Fail(p)) },
  );
  // fc.commands picks uniformly among these arbitraries: repeats set the mix.
  const commands = [
    actCmd,
    actCmd,
    actCmd,
    actCmd,
    actCmd,
    actCmd,
    ratifyCmd,
    ratifyCmd,
    ratifyCmd,
    otherCmd,
  ];

  it('agrees with the reference model on random action sequences', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 4 }),
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
        fc.constantFrom<'end' | 'reopen'>('end', 'reopen'),
        fc.commands(commands, { maxCommands: 80 }),
        (n, rounds, hasPrincipal, onVeto, cmds) => {
          const parties = ['p0', 'p1', 'p2', 'p3'].slice(0, n);
          const principals = parties.filter((_, i) => hasPrincipal[i]);
          const state = initialState({ parties, rounds, schedule: [], onVeto, seed: 3, principals });
          const model: Model = {
            n,
            rounds,
            principals: principals.map((p) => parties.indexOf(p)),
            onVeto,
            step: 0,
            turn: 0,
            table: null,
            status: 'running',
            pending: [],
            vetoes: 0,
            agreement: null,
          };
          const real: Real = { state };
          fc.modelRun(() => ({ model, real }), cmds);
          // However it went, the session never outlives its deadline.
          expect(real.state.step).toBeLessThanOrEqual(rounds * n);
          // At the last step the talks are over, or the principals are deciding on a last-minute deal.
          if (real.state.step === rounds * n) expect(real.state.status).not.toBe('running');
          reached.add(real.state.status);
          if (real.state.vetoes > 0 && onVeto === 'reopen') reached.add('reopened');
        },
      ),
      {
        numRuns: 400,
        // A path random runs reach only now and then: a reopen that hands the turn to party 1.
        examples: [
          [
            3,
            5,
            [false, false, true, false],
            'reopen',
            [
              new Act(0, 'offer', 1),
              new Act(0, 'offer', 2),
              new Act(0, 'accept', 0),
              new Act(0, 'accept', 0),
              new Ratify(0, false, true),
              new Act(0, 'offer', 3),
              new Act(1, 'offer', 3),
            ],
          ],
          // Random runs reach a veto that ends the talks only now and then (it needs a principal,
          // a full acceptance and then a refusal): one example so every run covers it.
          [
            2,
            5,
            [true, false, false, false],
            'end',
            [new Act(0, 'offer', 1), new Act(0, 'accept', 0), new Ratify(0, false, true)],
          ],
          // And a deadline reached by offers alone.
          [2, 1, [false, false, false, false], 'end', [new Act(0, 'offer', 1), new Act(0, 'offer', 2)]],
        ],
      },
    );
    expect([...reached].sort()).toEqual(
      [
        'agreement',
        'deadline',
        'error',
        'reopened',
        'reopened elsewhere',
        'running',
        'vetoed',
        'walked-away',
        'ratifying',
      ].sort(),
    );
  });
});

describe('stepInPlace: the core that step wraps', () => {
  /** Any action, allowed or not, with party indices and outcomes drawn near the valid ones. */
  const actionArb: fc.Arbitrary<ProtocolAction> = fc.oneof(
    {
      weight: 8,
      arbitrary: fc
        .tuple(
          fc.nat(4),
          fc.constantFrom('offer', 'accept', 'end'),
          fc.array(fc.nat(3), { minLength: 1, maxLength: 2 }),
          fc.option(fc.nat(40), { nil: undefined }),
        )
        .map(([party, type, outcome, ms]) =>
          act(party, type === 'offer' ? { type, outcome } : { type: type as 'accept' | 'end' }, ms),
        ),
    },
    {
      weight: 3,
      arbitrary: fc
        .tuple(fc.nat(4), fc.boolean())
        .map(([party, approve]): ProtocolAction => ({ type: 'ratify', party, approve })),
    },
    { weight: 1, arbitrary: fc.nat(60).map((ms): ProtocolAction => ({ type: 'tick', elapsedMs: ms })) },
    {
      weight: 1,
      arbitrary: fc
        .nat(4)
        .map((party): ProtocolAction => ({ type: 'fail', party, code: 'INVALID_ACTION', message: 'x' })),
    },
  );

  it('one draft stepped in place matches the chain of pure steps after every action, throws alike, and a throw changes nothing', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 4 }),
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
        fc.constantFrom<'end' | 'reopen'>('end', 'reopen'),
        fc.option(fc.integer({ min: 20, max: 400 }), { nil: null }),
        fc.array(actionArb, { maxLength: 60 }),
        (n, rounds, hasPrincipal, onVeto, timeLimitMs, actions) => {
          const parties = ['p0', 'p1', 'p2', 'p3'].slice(0, n);
          const principals = parties.filter((_, i) => hasPrincipal[i]);
          const schedule = [
            { label: 'one', rounds: Math.ceil(rounds / 2) },
            { label: 'two', rounds: Math.floor(rounds / 2) },
          ];
          let pure = deepFreeze(
            initialState({ parties, rounds, schedule, onVeto, seed: 5, principals, timeLimitMs }),
          );
          const draft = draftOf(pure);
          for (const action of actions) {
            const before = JSON.stringify(draft);
            const pureCode = codeOf(() => {
              pure = deepFreeze(step(pure, action));
            });
            expect(codeOf(() => stepInPlace(draft, action))).toBe(pureCode);
            if (pureCode !== undefined) expect(JSON.stringify(draft)).toBe(before);
            expect(JSON.stringify(draft)).toBe(JSON.stringify(pure));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('draftOf copies the transcript, so stepping the draft leaves the state it came from alone', () => {
    const s = deepFreeze(step(initialState(settings()), offer(0, [1, 2])));
    const draft = draftOf(s);
    stepInPlace(draft, accept(1));
    expect(draft.status).toBe('agreement');
    expect(draft.events).toHaveLength(3);
    expect(s.events).toHaveLength(1);
    expect(s.status).toBe('running');
  });
});
