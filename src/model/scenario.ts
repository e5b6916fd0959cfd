/**
 * A scenario: issues, parties and protocol settings, plus provenance (the sources of every
 * number) and uncertainty (parameters written as distributions). The model keeps the point value
 * a single run uses (a range's midpoint, a triangular's mode, ...) and, separately, the list of
 * every numeric parameter with its distribution, range, sources and judgement note, for forecasts,
 * reports and sensitivity.
 */
import { LancasterError, type Problem } from '../errors.ts';
import type { Distribution } from './distribution.ts';
import type { Impact } from './impact.ts';
import type { OutcomeSpace } from './outcome-space.ts';
import type { Party } from './party.ts';

/** One scheduled sitting of the talks, e.g. "Day 1, 9 June, 13:00–20:00". */
export interface ScheduledSession {
  readonly label: string;
  /** Rounds of offers that fit this sitting. */
  readonly rounds: number;
  readonly start?: string;
  readonly end?: string;
}

/** The protocols Lancaster runs: stacked alternating offers, and the mediated single negotiating text. */
export type ProtocolKind = 'saop' | 'mediated';

/** The chairs (mediators) of the mediated protocol; see docs/protocols.md. */
export type MediatorKind = 'hill-climb' | 'annealing' | 'frontier';

/** Every mediator, in the order `lancaster` lists them. */
export const MEDIATOR_KINDS: readonly MediatorKind[] = ['hill-climb', 'annealing', 'frontier'];

/** How the chair of a mediated session works (every field set: defaults come from `mediatorSettings`). */
export interface MediatorSettings {
  readonly kind: MediatorKind;
  /** Largest move of one variation on an integer or real issue, as a share of its range (0, 1]. */
  readonly stepSize: number;
  /** Starting temperature of the annealing chair (>= 0); the other chairs ignore it. */
  readonly temperature: number;
  /**
   * Once a text stands, the chair closes it after this many proposals in a row fail to win every
   * vote; 0 closes it only at the deadline.
   */
  readonly patience: number;
}

/** Defaults of the mediator settings not given. */
export const DEFAULT_MEDIATOR: MediatorSettings = {
  kind: 'hill-climb',
  stepSize: 0.1,
  temperature: 0.5,
  patience: 0,
};

/**
 * Mediator settings with defaults for what is not given.
 *
 * @example
 * mediatorSettings({ kind: 'annealing' }); // { kind: 'annealing', stepSize: 0.1, temperature: 0.5, patience: 0 }
 */
export function mediatorSettings(given: Partial<MediatorSettings> = {}): MediatorSettings {
  return {
    kind: given.kind ?? DEFAULT_MEDIATOR.kind,
    stepSize: given.stepSize ?? DEFAULT_MEDIATOR.stepSize,
    temperature: given.temperature ?? DEFAULT_MEDIATOR.temperature,
    patience: given.patience ?? DEFAULT_MEDIATOR.patience,
  };
}

/** A protocol chosen from outside the scenario (`--protocol`, a tournament's `protocol`). */
export type ProtocolChoice =
  | { readonly kind: 'saop' }
  | { readonly kind: 'mediated'; readonly mediator: MediatorSettings };

/**
 * The scenario played under another protocol: the same parties, order, deadline, sittings and
 * veto rule, with the rules of the table replaced.
 *
 * @example
 * const chaired = withProtocol(scenario, { kind: 'mediated', mediator: mediatorSettings({ kind: 'frontier' }) });
 */
export function withProtocol(scenario: Scenario, choice: ProtocolChoice): Scenario {
  const { mediator: _old, ...rest } = scenario.protocol;
  const protocol: ProtocolSettings =
    choice.kind === 'mediated'
      ? { ...rest, kind: 'mediated', mediator: choice.mediator }
      : { ...rest, kind: 'saop' };
  return { ...scenario, protocol };
}

export interface ProtocolSettings {
  /** `saop`: parties take turns to offer; `mediated`: a chair proposes one text and the parties vote. */
  readonly kind: ProtocolKind;
  /** The chair of a mediated session (present when `kind` is `mediated`). */
  readonly mediator?: MediatorSettings;
  /** Party ids in turn order (the voting order at a mediated table); the first proposes first. */
  readonly order: readonly string[];
  /** Deadline in rounds (one round = every party acts once). */
  readonly rounds: number;
  /** Optional wall-clock limit in seconds; normalised time is the larger of the two fractions. */
  readonly timeLimitSeconds?: number;
  /** Sittings in order; their rounds add up to `rounds`. */
  readonly schedule: readonly ScheduledSession[];
  /** What a principal's veto does: end the talks, or send the delegations back to the table. */
  readonly onVeto: 'end' | 'reopen';
  /** Wall-clock budget of one negotiator action, in milliseconds. */
  readonly actionBudgetMs: number;
  /** Seconds a person has for one turn at the table (`lancaster serve`), when the file sets it. */
  readonly humanTurnSeconds?: number;
}

/** Default wall-clock budget of one negotiator action, in milliseconds. */
export const DEFAULT_ACTION_BUDGET_MS = 5000;

/**
 * Plain stacked alternating offers: the given turn order, a deadline in rounds, one sitting, a
 * veto ending the talks. What imported domains (GENIUS, GeniusWeb) get, since they carry no protocol.
 */
export function defaultProtocol(order: readonly string[], rounds: number): ProtocolSettings {
  return {
    kind: 'saop',
    order,
    rounds,
    schedule: [{ label: 'Session', rounds }],
    onVeto: 'end',
    actionBudgetMs: DEFAULT_ACTION_BUDGET_MS,
  };
}

/** Where a number came from and why it is what it is. */
export interface Provenance {
  readonly sources: readonly string[];
  readonly note?: string;
  /** Present when the number is a judgement rather than a fact: the one-line reason. */
  readonly judgement?: string;
}

/** A numeric parameter of the scenario, its point value and its uncertainty. */
export interface Parameter extends Provenance {
  /** Dotted path in the scenario file, e.g. `parties.us.weights.rare_earths`. */
  readonly path: string;
  readonly value: number;
  /** Low and high ends: a `range`'s ends, or `swingEnds(distribution)` for other distributions. */
  readonly range?: readonly [number, number];
  /** The distribution a forecast samples; absent for a number written as a point. */
  readonly distribution?: Distribution;
  /** True for whole-number parameters (round counts): the value used is Math.round of the draw. */
  readonly integer?: boolean;
}

/** One strategy a party may play in a forecast, with its probability. */
export interface StrategyOption {
  /** Registry name, e.g. 'boulware'. */
  readonly negotiator: string;
  /** Parameters with the point values of this scenario build (sampled values in a forecast run), in file order. */
  readonly params: readonly { readonly name: string; readonly path: string; readonly value: number }[];
  readonly probability: number;
  readonly judgement?: string;
  readonly sources: readonly string[];
}

/** The file's `forecast` section: default run count and the negotiator mix of each party. */
export interface ForecastSettings {
  /** Default number of runs for `lancaster forecast` (file's `forecast.runs`), if given. */
  readonly runs?: number;
  /** Mix of strategies per party id; parties not listed keep their own negotiator. */
  readonly negotiators: Readonly<Record<string, readonly StrategyOption[]>>;
}

/**
 * The negotiator spec string of an option with the given param values, e.g. 'boulware:e=0.2'
 * (format accepted by src/negotiators/spec.ts; numbers printed with String()).
 *
 * @example
 * strategySpec({ negotiator: 'boulware', params: [{ name: 'e', path: '…', value: 0.2 }], probability: 1, sources: [] }); // 'boulware:e=0.2'
 */
export function strategySpec(o: StrategyOption, values?: readonly number[]): string {
  if (o.params.length === 0) return o.negotiator;
  const parts = o.params.map((p, i) => `${p.name}=${String(values?.[i] ?? p.value)}`);
  return `${o.negotiator}:${parts.join(',')}`;
}

/** A judgement a person must still make before a draft can run (a scenario file's `todos`). */
export interface Todo {
  readonly id: string;
  /** What kind of judgement: weights, evaluator, reservationValue, strategy, ... */
  readonly kind: string;
  /** What the person must decide. */
  readonly task: string;
  /** Fields of the scenario it concerns, as `--set` paths. */
  readonly paths: readonly string[];
  readonly done: boolean;
}

export interface Scenario {
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  readonly space: OutcomeSpace;
  readonly parties: readonly Party[];
  readonly protocol: ProtocolSettings;
  readonly parameters: readonly Parameter[];
  /** Every source address cited anywhere in the scenario, in order of first use. */
  readonly sources: readonly string[];
  /** Free-form provenance of the scenario as a whole (authors, date, caveats). */
  readonly notes?: readonly string[];
  /** The file's `forecast` section, when present. */
  readonly forecast?: ForecastSettings;
  /** Impact indicators the outcomes move, when the file lists any. */
  readonly impacts?: readonly Impact[];
  /**
   * `genius` when the scenario was read from GENIUS files: analysis then follows GENIUS's own
   * definitions where they differ from Lancaster's (the Kalai–Smorodinsky point).
   */
  readonly semantics?: 'genius';
  /** `draft`: made by `lancaster draft` and not yet finished by a person; it must not run. */
  readonly status?: 'draft';
  /** The judgements a person must still make (the file's `todos`), done or not. */
  readonly todos?: readonly Todo[];
}

/** The todos of a scenario not yet marked done. */
export function openTodos(s: Scenario): readonly Todo[] {
  return (s.todos ?? []).filter((t) => !t.done);
}

/**
 * Refuses to run a draft (`status: draft`): a `SCENARIO_DRAFT` error listing its open todos, one
 * problem each, so that the person sees what is left to decide. Commands that run a scenario
 * (simulate, forecast, compare, tournament) call it; validate and analyze do not.
 *
 * @example
 * assertRunnable(scenario, 'scenarios/my-talks.yaml'); // throws for a draft
 */
export function assertRunnable(s: Scenario, file?: string): void {
  if (s.status !== 'draft') return;
  const open = openTodos(s);
  const where = file !== undefined ? { file } : {};
  const head: Problem = {
    code: 'SCENARIO_DRAFT',
    ...where,
    path: 'status',
    message: `scenario ${s.id} is a draft with ${open.length} open todo${open.length === 1 ? '' : 's'}: it cannot run yet`,
    expected:
      'every judgement of its todos made (mark each `done: true`), then the line `status: draft` removed; `lancaster validate` lists them',
  };
  const todos = open.map(
    (t): Problem => ({
      code: 'SCENARIO_DRAFT',
      ...where,
      path: `todos.${t.id}`,
      message: `todo (${t.kind}): ${t.task}`,
    }),
  );
  throw new LancasterError([head, ...todos]);
}
