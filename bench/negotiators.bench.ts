/**
 * How fast the BOA negotiators and ANAC agents play, and how well their opponent models learn: each
 * agent against a Boulware opponent on a random linear-additive domain of 6 issues × 6 values (46,656
 * outcomes) with a 500-round deadline, timed per session and per own action; then the Pearson and
 * Kendall accuracy of the frequency and Bayesian models at the end of such a session (sampled pairs,
 * seeded). A deliberately mid-sized domain: big enough that per-turn costs (model updates, the
 * Nash search, candidate ranking) show, small enough to run in seconds.
 *
 * The two negotiators that were slow (Nice TFT and `boa:bid=nash,model=bayesian`) are also timed
 * against their reference implementation from before the speed rewrite
 * (test/support/reference-opponent-models.ts), in the same run and on the same sessions: the rows
 * `speed-up …` print old cost / new cost per own action, and say whether both played the same
 * transcript (they must).
 */
import { discreteIssue } from '../src/model/issues.ts';
import { OutcomeSpace } from '../src/model/outcome-space.ts';
import type { Party } from '../src/model/party.ts';
import { Random } from '../src/model/random.ts';
import type { Scenario } from '../src/model/scenario.ts';
import { table, UtilityFunction } from '../src/model/utility.ts';
import {
  bayesianModel,
  createNegotiator,
  frequencyModel,
  listNegotiators,
  modelAccuracy,
  registerNegotiator,
} from '../src/negotiators/index.ts';
import { runSession, SimulatedClock } from '../src/run/session.ts';
import { registerReferenceNegotiators } from '../test/support/reference-opponent-models.ts';
import { type BenchRow, measure } from './run.ts';

export function domain(seed: number): Scenario {
  const rng = Random.from(seed, 'bench', 'negotiators');
  const issues = Array.from({ length: 6 }, (_, i) =>
    discreteIssue(
      `i${i}`,
      Array.from({ length: 6 }, (_, v) => `v${v}`),
    ),
  );
  const space = new OutcomeSpace(issues);
  const party = (id: string): Party => {
    const raw = issues.map(() => 0.1 + rng.float());
    const sum = raw.reduce((a, b) => a + b, 0);
    return {
      id,
      label: id,
      utility: new UtilityFunction(space, {
        weights: raw.map((w) => w / sum),
        evaluators: issues.map(() => table(Array.from({ length: 6 }, () => rng.float()))),
      }),
      reservationValue: 0.2,
      discountFactor: 1,
      delegation: [{ name: id, role: 'lead', lead: true }],
    };
  };
  return {
    id: 'bench-negotiators',
    title: 'bench',
    space,
    parties: [party('a'), party('b')],
    protocol: {
      kind: 'saop',
      order: ['a', 'b'],
      rounds: 500,
      schedule: [{ label: 'Day 1', rounds: 500 }],
      onVeto: 'end',
      actionBudgetMs: 60_000,
    },
    parameters: [],
    sources: [],
  };
}

export function run(): BenchRow[] {
  const scenario = domain(1);
  const rows: BenchRow[] = [];
  for (const spec of [
    'boulware',
    'boa:bid=time(e=0.2),model=frequency',
    'boa:bid=nash,model=bayesian',
    'hardheaded',
    'nicetft',
    'agentk',
    'cuhkagent',
    'atlas3',
    'caduceus',
    'ponpoko',
    'agentgg',
  ]) {
    const { ms, result } = measure(
      () =>
        runSession(scenario, {
          seed: 3,
          clock: new SimulatedClock(0),
          negotiators: { a: spec, b: 'boulware' },
        }),
      3,
    );
    const own = result.result?.events.filter((e) => e.type === 'offer' && e.party === 0).length ?? 0;
    rows.push({
      name: `session ${spec} vs boulware`,
      value: ms,
      unit: 'ms',
      note: `${result.result?.status}, ${own} own offers`,
    });
    rows.push({ name: `  per own action, ${spec}`, value: own > 0 ? ms / own : 0, unit: 'ms' });
  }
  rows.push(...speedUps(scenario));
  const { result } = runSession(scenario, {
    seed: 3,
    clock: new SimulatedClock(0),
    negotiators: { a: 'boulware', b: 'linear' },
  });
  const events = result?.events ?? [];
  const truth = (scenario.parties[1] as Party).utility;
  const sampleRng = Random.from(5, 'bench', 'accuracy-sample');
  const outcomes = Array.from({ length: 5000 }, () => scenario.space.sample(sampleRng));
  for (const [name, model] of [
    ['frequency', frequencyModel(scenario.space, 0)],
    ['bayesian', bayesianModel(scenario.space, 0)],
  ] as const) {
    model.update(events);
    const acc = modelAccuracy(
      (o) => model.utility(o),
      (o) => truth.evaluate(o),
      outcomes,
    );
    rows.push({
      name: `${name} model vs linear opponent: pearson`,
      value: acc.pearson,
      unit: 'r',
      note: `${events.length} events`,
    });
    rows.push({ name: `${name} model vs linear opponent: kendall tau-b`, value: acc.kendall, unit: 'tau' });
  }
  return rows;
}

/** Milliseconds spent inside `act` by the negotiators made through `timed(spec)`, by spec. */
const actMs = new Map<string, number>();

/** A registered name for `spec` whose negotiators add the time they spend in `act` to `actMs`. */
function timed(spec: string): string {
  const name = `bench-timed-${spec.replace(/[^A-Za-z0-9]+/g, '-')}`;
  if (!listNegotiators().some((n) => n.name === name)) {
    registerNegotiator(
      name,
      (_p, setup) => {
        const inner = createNegotiator(spec, setup);
        return {
          spec,
          act: (ctx) => {
            const t0 = performance.now();
            const action = inner.act(ctx);
            actMs.set(spec, (actMs.get(spec) ?? 0) + performance.now() - t0);
            return action;
          },
        };
      },
      `bench only: ${spec}, timed`,
    );
  }
  return name;
}

/**
 * Old cost / new cost per own action of the two formerly slow negotiators, on the same sessions in
 * the same run (interleaved, best of three): per own action of the whole session (the negotiator,
 * its Boulware/Conceder/random opponent and the runner, as the issue measured it), and of the
 * negotiator's own `act` calls alone.
 */
function speedUps(scenario: Scenario): BenchRow[] {
  registerReferenceNegotiators();
  const rows: BenchRow[] = [];
  for (const [spec, reference] of [
    ['nicetft', 'reference-nicetft'],
    ['boa:bid=nash,model=bayesian', 'reference-nash-bayesian'],
  ] as const) {
    const session = (a: string, b: string, seed: number) =>
      runSession(scenario, { seed, clock: new SimulatedClock(0), negotiators: { a, b } }).result;
    const opponents = ['boulware', 'conceder', 'random:p=0.02'];
    const play = (a: string) => opponents.map((b, k) => session(timed(a), b, 3 + k));
    const best = { old: Number.POSITIVE_INFINITY, new: Number.POSITIVE_INFINITY };
    const bestAct = { old: Number.POSITIVE_INFINITY, new: Number.POSITIVE_INFINITY };
    let oldResults: ReturnType<typeof play> = [];
    let newResults: ReturnType<typeof play> = [];
    for (let round = 0; round < 3; round++) {
      for (const [side, which] of [
        ['old', reference],
        ['new', spec],
      ] as const) {
        if (round === 0) play(which); // warm-up
        actMs.set(which, 0);
        const { ms, result } = measure(() => play(which), 1, 0);
        best[side] = Math.min(best[side], ms);
        bestAct[side] = Math.min(bestAct[side], actMs.get(which) ?? 0);
        if (side === 'old') oldResults = result;
        else newResults = result;
      }
    }
    const own = newResults.reduce(
      (sum, r) => sum + (r?.events.filter((e) => e.type === 'offer' && e.party === 0).length ?? 0),
      0,
    );
    const same = oldResults.every(
      (r, k) => JSON.stringify(r?.events) === JSON.stringify(newResults[k]?.events),
    );
    rows.push({ name: `  reference (old) per own action, ${spec}`, value: best.old / own, unit: 'ms' });
    rows.push({ name: `  new per own action, ${spec}`, value: best.new / own, unit: 'ms' });
    rows.push({
      name: `speed-up ${spec}, whole session (old / new)`,
      value: best.old / best.new,
      unit: '×',
      note: `${own} own actions vs ${opponents.join(', ')}; transcripts ${same ? 'identical' : 'DIFFER'}`,
    });
    rows.push({ name: `  reference (old) act only, ${spec}`, value: bestAct.old / own, unit: 'ms' });
    rows.push({ name: `  new act only, ${spec}`, value: bestAct.new / own, unit: 'ms' });
    rows.push({
      name: `speed-up ${spec}, its own act calls (old / new)`,
      value: bestAct.old / bestAct.new,
      unit: '×',
    });
  }
  return rows;
}
