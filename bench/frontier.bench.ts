/**
 * How fast the Pareto frontier and the utilities behind it are: 10^6 random bilateral outcomes,
 * a real linear-additive space of 10^6 outcomes (utilities() per party, then the frontier), the
 * adversarial cases (every outcome on the frontier; few distinct values), three parties on 10^5
 * outcomes, and the speed-up over the naive pairwise frontier measured on the same 20,000 outcomes
 * in the same process, which is the number that travels between machines.
 */
import { analyzeDomain, bruteForceFrontier, paretoFrontier, utilityMatrix } from '../src/analysis/index.ts';
import type { Party } from '../src/model/party.ts';
import { Random } from '../src/model/random.ts';
import type { Scenario } from '../src/model/scenario.ts';
import { type BenchRow, measure } from './run.ts';
import { syntheticBilateral } from './synthetic.ts';

function randomUtils(parties: number, n: number, seed: number): Float64Array[] {
  const rng = Random.from(seed, 'bench', 'frontier', parties, n);
  return Array.from({ length: parties }, () => Float64Array.from({ length: n }, () => rng.float()));
}

/** Random points with utilities summing to 1 (a line for 2 parties, a simplex for 3): all undominated. */
function zeroSumUtils(parties: number, n: number, seed: number): Float64Array[] {
  const rng = Random.from(seed, 'bench', 'zero-sum', parties, n);
  const utils = Array.from({ length: parties }, () => new Float64Array(n));
  for (let k = 0; k < n; k++) {
    const raw = utils.map(() => -Math.log(1 - rng.float()));
    const sum = raw.reduce((a, b) => a + b, 0);
    raw.forEach((x, i) => {
      (utils[i] as Float64Array)[k] = x / sum;
    });
  }
  return utils;
}

/** Six issues of ten values (10^6 outcomes), two parties with partly opposed random tables. */
function linearScenario(seed: number): Scenario {
  return syntheticBilateral({
    id: 'bench-linear',
    title: 'bench',
    key: 'linear',
    seed,
    radices: [10, 10, 10, 10, 10, 10],
    partyIds: ['a', 'b'],
    reservationValue: 0.3,
    rounds: 100,
  });
}

/** Measurements; see the module comment. */
export function run(): BenchRow[] {
  const rows: BenchRow[] = [];
  const M = 1_000_000;

  const random2 = randomUtils(2, M, 1);
  const r2 = measure(() => paretoFrontier(random2), 7);
  rows.push({
    name: 'paretoFrontier, 2 parties, 10^6 uniform random',
    value: r2.ms,
    unit: 'ms',
    note: `frontier ${r2.result.length}`,
  });

  const s = linearScenario(2);
  const [pa, pb] = s.parties as [Party, Party];
  const ut = measure(() => pa.utility.utilities(), 7);
  rows.push({
    name: 'utilities(), linear additive 10^6 (6 issues × 10)',
    value: ut.ms,
    unit: 'ms',
    note: 'one party',
  });
  const linear = [ut.result, pb.utility.utilities()];
  const rl = measure(() => paretoFrontier(linear), 7);
  rows.push({
    name: 'paretoFrontier, linear additive 10^6',
    value: rl.ms,
    unit: 'ms',
    note: `frontier ${rl.result.length}`,
  });
  const am = measure(() => utilityMatrix(s), 3);
  const ad = measure(() => analyzeDomain(s, { matrix: am.result }), 3);
  rows.push({ name: 'utilityMatrix, linear additive 10^6, 2 parties', value: am.ms, unit: 'ms' });
  rows.push({
    name: 'analyzeDomain given the matrix, same space',
    value: ad.ms,
    unit: 'ms',
    note: `IR ${ad.result.individuallyRational}`,
  });

  const line = Float64Array.from({ length: M }, (_, k) => k / M);
  const zeroSum = [line, Float64Array.from(line, (x) => 1 - x)];
  const rz = measure(() => paretoFrontier(zeroSum), 5);
  rows.push({
    name: 'paretoFrontier, 10^6 zero-sum (all on frontier)',
    value: rz.ms,
    unit: 'ms',
    note: `frontier ${rz.result.length}`,
  });
  const coarse = randomUtils(2, M, 3).map((u) => u.map((x) => Math.floor(x * 5) / 4));
  const rc = measure(() => paretoFrontier(coarse), 5);
  rows.push({
    name: 'paretoFrontier, 10^6 with 5 distinct values each',
    value: rc.ms,
    unit: 'ms',
    note: `frontier ${rc.result.length}`,
  });

  const random3 = randomUtils(3, 100_000, 4);
  const r3 = measure(() => paretoFrontier(random3), 5);
  rows.push({
    name: 'paretoFrontier, 3 parties, 10^5 uniform random',
    value: r3.ms,
    unit: 'ms',
    note: `frontier ${r3.result.length}`,
  });

  // Baselines: the naive pairwise frontier (with an early exit once a point is found dominated) on
  // the same 20,000 outcomes. Random points are the naive method's easy case; points that are all
  // on the frontier (a zero-sum line, a simplex) are its worst case, and ours for 3+ parties.
  const N = 20_000;
  const cases: [string, Float64Array[]][] = [
    ['2 parties, 20,000 random', randomUtils(2, N, 5)],
    ['3 parties, 20,000 random', randomUtils(3, N, 6)],
    ['2 parties, 20,000 zero-sum', zeroSumUtils(2, N, 7)],
    ['3 parties, 20,000 on a simplex', zeroSumUtils(3, N, 8)],
  ];
  for (const [label, utils] of cases) {
    // Warm the naive code on a 2,000-outcome prefix: a full warm-up run would take seconds.
    bruteForceFrontier(
      utils,
      Uint32Array.from({ length: 2000 }, (_, k) => k),
    );
    const naive = measure(() => bruteForceFrontier(utils), 1, 0);
    const fast = measure(() => paretoFrontier(utils), 9, 2);
    rows.push({
      name: `naive pairwise frontier, ${label}`,
      value: naive.ms,
      unit: 'ms',
      note: `frontier ${naive.result.length}`,
    });
    rows.push({
      name: `paretoFrontier, ${label}`,
      value: fast.ms,
      unit: 'ms',
      note: `frontier ${fast.result.length}`,
    });
    rows.push({
      name: `speed-up over naive, ${label}`,
      value: naive.ms / fast.ms,
      unit: '×',
      note: 'same process',
    });
  }
  return rows;
}
