/**
 * How many negotiations one core runs per second: Boulware (e = 0.2) against conceder (e = 2)
 * with a 1,000-round deadline on a Camera-sized domain (six discrete issues of 5 × 4 × 3 × 3 × 5 × 4
 * = 3,600 outcomes, two random linear-additive profiles, as in ANAC 2011's Camera), and on the real
 * GENIUS files when the importer and ../shared/data are there. The baseline in the same process is
 * the pure path: a loop that builds each turn's context itself and feeds the pure `step`, which
 * copies the state (and its transcript) on every action, as the runner did before it got its own
 * in-place core. Both use the same negotiators, so the ratio measures the runner alone; it is the
 * number that travels between machines. Rows for the mediated protocol (each chair, 100 rounds)
 * give the same runner's rate at a chair's table.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Random } from '../src/model/random.ts';
import { MEDIATOR_KINDS, mediatorSettings, type Scenario, withProtocol } from '../src/model/scenario.ts';
import type { Negotiator, NegotiatorContext } from '../src/negotiators/types.ts';
import { currentTime, isFinished, step } from '../src/protocols/saop.ts';
import type { SaopState } from '../src/protocols/types.ts';
import { createSession, runSession } from '../src/run/session.ts';
import { DATA_ROOT } from '../test/support/data.ts';
import type { BenchRow } from './run.ts';
import { syntheticBilateral } from './synthetic.ts';

const NEGOTIATORS = { boulware: 'boulware:e=0.2', conceder: 'conceder:e=2' };
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ROUNDS = 1000;
const MEDIATED_ROUNDS = 100;

/** Six discrete issues with Camera's radices and two partly opposed random linear-additive profiles. */
export function cameraLikeScenario(seed: number): Scenario {
  return syntheticBilateral({
    id: 'camera-like',
    title: 'Camera-sized synthetic domain',
    key: 'camera-like',
    seed,
    radices: [5, 4, 3, 3, 5, 4],
    partyIds: ['buyer', 'seller'],
    reservationValue: 0,
    rounds: ROUNDS,
  });
}

/**
 * The baseline: the pure path. Each turn builds the negotiator's context from the state and the
 * pure `step` returns a new state (copying the transcript), with no budget checks or freezing:
 * the cheapest possible driver of the pure machine.
 */
function runPure(scenario: Scenario, seed: number, specs: Record<string, string>): SaopState {
  const created = createSession(scenario, { seed, negotiators: specs });
  let state = created.state as SaopState;
  while (!isFinished(state)) {
    const i = state.turn;
    const ctx: NegotiatorContext = {
      t: currentTime(state),
      step: state.step,
      round: Math.floor(state.step / state.parties.length),
      offer: state.table ? { outcome: [...state.table.outcome], by: state.table.by } : null,
      history: state.events,
      rng: Random.from(state.seed, 'negotiator', i, state.step),
    };
    const action = (created.negotiators[i] as Negotiator).act(ctx);
    state = step(state, { type: 'act', party: i, action, elapsedMs: 0 });
  }
  return state;
}

/**
 * Negotiations per CPU-second of `one(seed)` over `count` seeds: the best of `repeats` batches,
 * after one unmeasured batch. CPU time (user + system of this process) rather than wall time, and
 * the best batch rather than the median, so that other work on a shared machine disturbs the
 * number as little as it can: it is the rate of one core.
 */
function rate(one: (seed: number) => unknown, count: number, repeats: number): number {
  const batch = () => {
    const c0 = process.cpuUsage();
    for (let seed = 0; seed < count; seed++) one(seed);
    const c = process.cpuUsage(c0);
    return (c.user + c.system) / 1000;
  };
  batch();
  const best = Math.min(...Array.from({ length: repeats }, batch));
  return (count * 1000) / best;
}

/** Finds ../shared/data beside the repository, or null. */
function sharedData(): string | null {
  const dir = DATA_ROOT;
  return existsSync(dir) ? dir : null;
}

/** The GENIUS domains, when the importer and the shared data are both there (else none). */
async function geniusScenarios(): Promise<[string, Scenario][]> {
  const data = sharedData();
  const loaderPath = resolve(ROOT, 'src', 'formats', 'load-any.ts');
  if (!data || !existsSync(loaderPath)) {
    console.error('session bench: no ../shared/data or no GENIUS importer; synthetic domain only');
    return [];
  }
  // Imported at run time, so that this bench needs nothing beyond the engine to run.
  const loader = (await import(pathToFileURL(loaderPath).href)) as {
    loadScenarioAny: (path: string, opts?: { rounds?: number }) => { scenario: Scenario };
  };
  const out: [string, Scenario][] = [];
  for (const name of ['anac2011_Camera', 'anac2012_TravelA']) {
    let scenario: Scenario;
    try {
      scenario = loader.loadScenarioAny(resolve(data, 'genius', name), { rounds: ROUNDS }).scenario;
    } catch (err) {
      console.error(`session bench: cannot load ${name}, skipped: ${String(err)}`);
      continue;
    }
    // Rounds only (no wall-clock limit), so that every run of a seed is the same negotiation.
    const { timeLimitSeconds: _limit, ...protocol } = scenario.protocol;
    out.push([
      `${name}, ${scenario.space.size.toLocaleString('en-GB')} outcomes`,
      { ...scenario, protocol: { ...protocol, rounds: ROUNDS, schedule: [] } },
    ]);
  }
  return out;
}

/** Measurements; see the module comment. */
export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const scenarios: [string, Scenario][] = [
    ['Camera-like synthetic, 3,600 outcomes', cameraLikeScenario(1)],
    ...(await geniusScenarios()),
  ];
  const specsOf = (scenario: Scenario) => {
    const [a, b] = scenario.protocol.order as [string, string];
    return { [a]: NEGOTIATORS.boulware, [b]: NEGOTIATORS.conceder };
  };
  // Every runner measurement before any baseline one: the baseline feeds the negotiators other
  // context objects, and the type feedback it leaves behind in V8 would slow the runner down.
  const fast = scenarios.map(([, scenario]) => {
    const specs = specsOf(scenario);
    let actions = 0;
    let agreements = 0;
    const count = 500;
    const repeats = 7;
    const value = rate(
      (seed) => {
        const r = runSession(scenario, { seed, negotiators: specs }).result;
        actions += r?.steps ?? 0;
        agreements += r?.status === 'agreement' ? 1 : 0;
      },
      count,
      repeats,
    );
    const runs = count * (repeats + 1);
    const note = `${Math.round(actions / runs)} actions per negotiation, ${Math.round((agreements / runs) * 100)}% agreements`;
    return { value, note };
  });
  scenarios.forEach(([label, scenario], i) => {
    const { value, note } = fast[i] as { value: number; note: string };
    const specs = specsOf(scenario);
    const pure = rate((seed) => runPure(scenario, seed, specs), 200, 3);
    rows.push({ name: `runSession, ${label}`, value: Math.round(value), unit: 'negotiations/cpu-s', note });
    rows.push({
      name: `pure step path, ${label}`,
      value: Math.round(pure),
      unit: 'negotiations/cpu-s',
      note,
    });
    rows.push({
      name: `runSession over pure path, ${label}`,
      value: value / pure,
      unit: '×',
      note: 'same process',
    });
  });
  // The same runner at a chair's table: every session runs to its deadline (no early close), so
  // the rate is given per vote as well. A 100-round deadline on the Camera-like domain.
  const camera = cameraLikeScenario(1);
  for (const kind of MEDIATOR_KINDS) {
    const chaired = withProtocol(
      { ...camera, protocol: { ...camera.protocol, rounds: MEDIATED_ROUNDS, schedule: [] } },
      { kind: 'mediated', mediator: mediatorSettings({ kind }) },
    );
    let votes = 0;
    const specs = specsOf(chaired);
    const count = 50;
    const repeats = 5;
    const value = rate(
      (seed) => {
        votes += runSession(chaired, { seed, negotiators: specs }).result?.steps ?? 0;
      },
      count,
      repeats,
    );
    const perVote = votes / (count * (repeats + 1));
    rows.push({
      name: `runSession, mediated (${kind}), Camera-like, ${MEDIATED_ROUNDS} rounds`,
      value: Math.round(value),
      unit: 'negotiations/cpu-s',
      note: `${Math.round(perVote)} votes per negotiation, ${Math.round(value * perVote).toLocaleString('en-GB')} votes/cpu-s`,
    });
  }
  return rows;
}
