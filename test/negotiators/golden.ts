/**
 * Golden transcripts of the negotiators that keep an opponent model (Bayesian: Nice Tit for Tat and
 * BOA compositions; frequency: HardHeaded, CUHKAgent, BOA), recorded before their models were
 * rewritten for speed so that the fast code can be held to the old results byte for byte. Each case
 * is one session (a domain, negotiator specs by party, a seed); its record is the compact transcript,
 * the result, and every model-keeping negotiator's estimate of its opponents at the end on a seeded
 * sample of outcomes. Domains: GENIUS folders of ../shared/data (skipped with a message when absent),
 * the shipped London scenario, and scenarios built in code (always run).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenarioAny } from '../../src/formats/load-any.ts';
import { Random } from '../../src/model/random.ts';
import type { Scenario } from '../../src/model/scenario.ts';
import type { NegotiatorContext } from '../../src/negotiators/types.ts';
import type { SessionEvent } from '../../src/protocols/types.ts';
import { createSession, runSession, SimulatedClock } from '../../src/run/session.ts';
import { randomScenario, realIssueScenario } from '../../src/run/test-scenarios.ts';
import { GENIUS_ROOT, HAS_DATA, REPO_ROOT } from '../conformance/corpus.ts';

export const FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'negotiators', 'golden-transcripts.json');

/** A domain of the golden set: where it comes from, and how to load it. */
interface GoldenDomain {
  readonly name: string;
  /** True when it needs ../shared/data. */
  readonly needsData: boolean;
  readonly load: () => Scenario;
}

const ROUNDS = 60;

function genius(folder: string): GoldenDomain {
  return {
    name: folder,
    needsData: true,
    load: () => loadScenarioAny(join(GENIUS_ROOT, folder), { rounds: ROUNDS }).scenario,
  };
}

export const DOMAINS: readonly GoldenDomain[] = [
  genius('anac2011_Camera'),
  genius('anac2012_AcquisitionC'),
  genius('anac2010_ItexvsCypress'),
  genius('anac2016_Grandma'),
  genius('anac2015_group9-vacation'),
  genius('genius_2nd_hand_car'),
  genius('other_IntegerDomain'),
  { name: 'london-2025', needsData: false, load: () => loadScenarioAny('london-2025').scenario },
  { name: 'random-2', needsData: false, load: () => randomScenario(5, 2, { rounds: ROUNDS }) },
  { name: 'random-3', needsData: false, load: () => randomScenario(6, 3, { rounds: 30 }) },
  { name: 'real-issue', needsData: false, load: () => realIssueScenario({ rounds: 30 }) },
];

/** Negotiators that keep an opponent model: the ones the golden set is about. */
export const MODEL_USERS: readonly string[] = [
  'nicetft',
  'boa:bid=nash(e=0.5),model=bayesian',
  'boa:bid=tft(kind=absolute),model=bayesian(concession=0.4,sigma=0.2),accept=combi(t=0.9)',
  'hardheaded',
  'cuhkagent',
  'boa:bid=time(e=0.5),model=frequency(learn=0.5)',
];
/** Their opponents, rotated over the cases. */
export const OPPONENTS: readonly string[] = [
  'boulware',
  'conceder',
  'random:p=0.05',
  'nicetft',
  'hardheaded',
];
export const SEEDS: readonly number[] = [1, 2];

/** One session of the golden set. */
export interface GoldenCase {
  readonly key: string;
  readonly domain: string;
  readonly seed: number;
  /** Negotiator spec of each party, in turn order. */
  readonly specs: readonly string[];
}

/** What a session produced. */
export interface GoldenRecord extends GoldenCase {
  readonly status: string;
  readonly agreement: readonly number[] | null;
  readonly steps: number;
  /** The transcript, one word per event: `<party><o|a|e|r|x><outcome or detail>`, or the event type. */
  readonly events: string;
  /** Per party with a model: its estimate of its opponents on the probe outcomes. */
  readonly estimates: Readonly<Record<string, readonly number[]>>;
}

/** Every case over the domains: each model user in each role, two seeds, a rotated opponent. */
export function goldenCases(domain: GoldenDomain, scenario: Scenario): GoldenCase[] {
  const order = scenario.protocol.order;
  const cases: GoldenCase[] = [];
  MODEL_USERS.forEach((user, u) => {
    for (const seed of SEEDS) {
      for (let role = 0; role < order.length; role++) {
        const specs = order.map((_, p) =>
          p === role ? user : (OPPONENTS[(u + seed + role + p) % OPPONENTS.length] as string),
        );
        const key = `${domain.name}|${specs.join('|')}|${seed}`;
        // A user that meets itself gives the same session in both roles: keep it once.
        if (!cases.some((c) => c.key === key)) cases.push({ key, domain: domain.name, seed, specs });
      }
    }
  });
  return cases;
}

function compactEvent(scenario: Scenario, e: SessionEvent): string {
  const outcome = (o: readonly number[]) =>
    scenario.space.enumerable ? String(scenario.space.indexOf(o)) : o.join(',');
  switch (e.type) {
    case 'offer':
      return `${e.party}o${outcome(e.outcome)}`;
    case 'accept':
      return `${e.party}a${outcome(e.outcome)}`;
    case 'end':
      return `${e.party}e`;
    case 'ratify':
      return `${e.party}r${e.approve ? 1 : 0}`;
    case 'error':
      return `${e.party}x${e.code}`;
    default:
      return e.type;
  }
}

/** Runs one case and records what it produced. */
export function runGolden(scenario: Scenario, c: GoldenCase): GoldenRecord {
  const order = scenario.protocol.order;
  const negotiators = Object.fromEntries(order.map((id, p) => [id, c.specs[p] as string]));
  const { result } = runSession(scenario, { seed: c.seed, negotiators, clock: new SimulatedClock(1) });
  if (!result) throw new Error(`${c.key}: the session did not finish`);
  // The models' final estimates, read from freshly built negotiators (as a tournament would).
  const probeRng = Random.from(c.seed, 'golden-probe');
  const probes = Array.from({ length: 12 }, () => scenario.space.sample(probeRng));
  const built = createSession(scenario, { seed: c.seed, negotiators }).negotiators;
  const ctx: NegotiatorContext = {
    t: result.t,
    step: result.steps,
    round: result.rounds,
    offer: null,
    history: result.events,
    rng: Random.from(c.seed, 'golden-ctx'),
  };
  const estimates: Record<string, number[]> = {};
  built.forEach((n, p) => {
    const model = n.opponentModel?.(ctx);
    if (model) estimates[order[p] as string] = probes.map((o) => model.utility(o));
  });
  return {
    ...c,
    status: result.status,
    agreement: result.agreement,
    steps: result.steps,
    events: result.events.map((e) => compactEvent(scenario, e)).join(' '),
    estimates,
  };
}

/** The domains that can run here, and a note for those that cannot. */
export function availableDomains(): { domains: GoldenDomain[]; missing: string[] } {
  const ok = (d: GoldenDomain) => !d.needsData || (HAS_DATA && existsSync(join(GENIUS_ROOT, d.name)));
  return {
    domains: DOMAINS.filter(ok),
    missing: DOMAINS.filter((d) => !ok(d)).map((d) => d.name),
  };
}
