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
import { bayesianModel, frequencyModel, modelAccuracy } from '../src/negotiators/index.ts';
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

/** Old cost / new cost per own action of the two formerly slow negotiators, same sessions, same run. */
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
    const play = (a: string) => opponents.map((b, k) => session(a, b, 3 + k));
    // Interleaved, so that load from other processes falls on both alike.
    let oldMs = 0;
    let newMs = 0;
    let oldResults: ReturnType<typeof play> = [];
    let newResults: ReturnType<typeof play> = [];
    for (let round = 0; round < 3; round++) {
      const o = measure(() => play(reference), 1, round === 0 ? 1 : 0);
      const n = measure(() => play(spec), 1, round === 0 ? 1 : 0);
      oldMs = round === 0 ? o.ms : Math.min(oldMs, o.ms);
      newMs = round === 0 ? n.ms : Math.min(newMs, n.ms);
      oldResults = o.result;
      newResults = n.result;
    }
    const own = newResults.reduce(
      (sum, r) => sum + (r?.events.filter((e) => e.type === 'offer' && e.party === 0).length ?? 0),
      0,
    );
    const same = oldResults.every(
      (r, k) => JSON.stringify(r?.events) === JSON.stringify(newResults[k]?.events),
    );
    rows.push({ name: `  reference (old) per own action, ${spec}`, value: oldMs / own, unit: 'ms' });
    rows.push({ name: `  new per own action, ${spec}`, value: newMs / own, unit: 'ms' });
    rows.push({
      name: `speed-up ${spec} (old / new)`,
      value: oldMs / newMs,
      unit: '×',
      note: `${own} own actions vs ${opponents.join(', ')}; transcripts ${same ? 'identical' : 'DIFFER'}`,
    });
  }
  return rows;
}
