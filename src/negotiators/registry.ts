/**
 * The negotiator registry: every negotiator has a name, a one-line doc and declared parameters,
 * and is made from a spec string (`boulware:e=0.2,accept=next`). The registry parses the spec,
 * checks every parameter against the declaration (unknown names, wrong types, out-of-range numbers
 * and missing required values are `BAD_NEGOTIATOR_SPEC`; an unknown negotiator is
 * `UNKNOWN_NEGOTIATOR`, listing the known ones) and only then calls the factory, so factories can
 * trust their parameters. Built in: the time-dependent family (`boulware` e=0.2, `linear` e=1,
 * `conceder` e=2, `hardliner` e=0, `timedep` with e required), `random`, the BOA composition
 * (`boa:bid=...,model=...,accept=...`, see boa/) and eight ANAC agents (`hardheaded`, `nicetft`,
 * `agentk`, `cuhkagent`, `atlas3`, `caduceus`, `ponpoko`, `agentgg`, see agents/).
 */
import { LancasterError } from '../errors.ts';
import { ACCEPTANCE_CONDITIONS, acceptanceFromSpec, acceptanceNeedsHistory } from './acceptance.ts';
import { agentGG } from './agents/agentgg.ts';
import { agentK } from './agents/agentk.ts';
import { atlas3 } from './agents/atlas3.ts';
import { caduceus } from './agents/caduceus.ts';
import { cuhkAgent } from './agents/cuhkagent.ts';
import { hardHeaded } from './agents/hardheaded.ts';
import { niceTitForTat } from './agents/nice-tit-for-tat.ts';
import { ponPoko } from './agents/ponpoko.ts';
import { BOA_PARAMS, boaFromParams } from './boa/boa.ts';
import { ExternalNegotiator, isExternalSpec } from './external.ts';
import { RandomNegotiator } from './random.ts';
import { SpatialNegotiator } from './spatial.ts';
import { formatSpec, isPositionalKey, parseSpec } from './spec.ts';
import { TimeDependentNegotiator } from './time-dependent.ts';
import type {
  Negotiator,
  NegotiatorContext,
  NegotiatorFactory,
  NegotiatorParams,
  NegotiatorSetup,
  ParamValue,
  VoteContext,
} from './types.ts';

/** A declared parameter of a negotiator. */
export interface ParamDoc {
  readonly name: string;
  readonly doc: string;
  /**
   * `acceptance`: an acceptance condition spec (`next`, `const(c=0.8)`, `any(...)`); `spec`: a
   * nested component spec (`time(e=0.2)`) that the factory checks itself.
   */
  readonly type: 'number' | 'boolean' | 'string' | 'acceptance' | 'spec';
  readonly required?: boolean;
  readonly default?: ParamValue;
  /** Inclusive bounds for numbers. */
  readonly min?: number;
  readonly max?: number;
}

/** What `listNegotiators` says about one negotiator. */
export interface NegotiatorInfo {
  readonly name: string;
  readonly doc: string;
  readonly params: readonly ParamDoc[];
}

interface Entry extends NegotiatorInfo {
  readonly factory: NegotiatorFactory;
}

const registry = new Map<string, Entry>();

/**
 * Registers (or replaces) a negotiator. Only the declared `params` are accepted in its specs.
 *
 * @example
 * registerNegotiator('stubborn', (_p, setup) => new TimeDependentNegotiator(setup, { e: 0, k: 0 }), 'never concedes');
 */
export function registerNegotiator(
  name: string,
  factory: NegotiatorFactory,
  doc: string,
  params: readonly ParamDoc[] = [],
): void {
  if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) {
    throw new LancasterError({
      code: 'BAD_NEGOTIATOR_SPEC',
      message: `'${name}' cannot be a negotiator name`,
      expected: 'a word such as my-agent',
    });
  }
  registry.set(name, { name, doc, params, factory });
}

/** Every registered negotiator with its doc and parameters, in registration order. */
export function listNegotiators(): NegotiatorInfo[] {
  return [...registry.values()].map(({ name, doc, params }) => ({ name, doc, params }));
}

function badParam(spec: string, path: string, message: string, expected: string): never {
  throw new LancasterError({
    code: 'BAD_NEGOTIATOR_SPEC',
    path,
    message: `negotiator '${spec}': ${message}`,
    expected,
  });
}

function checkParams(spec: string, entry: Entry, params: NegotiatorParams): void {
  const declared = new Map(entry.params.map((p) => [p.name, p]));
  const known = entry.params.length > 0 ? entry.params.map((p) => p.name).join(', ') : 'none';
  for (const key of Object.keys(params)) {
    const d = declared.get(key);
    if (!d) {
      const what = isPositionalKey(key)
        ? `a value without a name (position ${Number(key) + 1})`
        : `unknown parameter '${key}'`;
      badParam(spec, key, `${what} for ${entry.name}`, `parameters of ${entry.name}: ${known}`);
    }
    const v = params[key] as ParamValue;
    switch (d.type) {
      case 'number': {
        const lo = d.min ?? Number.NEGATIVE_INFINITY;
        const hi = d.max ?? Number.POSITIVE_INFINITY;
        if (typeof v !== 'number' || !(v >= lo && v <= hi)) {
          badParam(
            spec,
            key,
            `${key} is ${JSON.stringify(v)}`,
            `a number${d.min !== undefined || d.max !== undefined ? ` in [${lo}, ${hi}]` : ''}`,
          );
        }
        break;
      }
      case 'boolean':
        if (typeof v !== 'boolean') badParam(spec, key, `${key} is ${JSON.stringify(v)}`, 'true or false');
        break;
      case 'string':
        if (typeof v !== 'string') badParam(spec, key, `${key} is ${JSON.stringify(v)}`, 'a word');
        break;
      case 'acceptance':
        acceptanceFromSpec(v, key); // throws with the details
        break;
      case 'spec':
        break; // the factory reads it and throws BAD_NEGOTIATOR_SPEC with the details
    }
  }
  for (const d of entry.params) {
    if (d.required && !Object.hasOwn(params, d.name)) {
      badParam(spec, d.name, `parameter '${d.name}' is required`, `${entry.name}:${d.name}=<${d.type}>`);
    }
  }
}

/**
 * Makes a negotiator from a spec. The returned negotiator's `spec` is the canonical form of the
 * input (`formatSpec(parseSpec(spec))`).
 *
 * @example
 * const n = createNegotiator('boulware:e=0.1,accept=any(next,time(t=0.95))', setup);
 */
export function createNegotiator(spec: string, setup: NegotiatorSetup): Negotiator {
  // `external:<command line>` is a command, not a name with parameters (see external.ts).
  if (isExternalSpec(spec)) return new ExternalNegotiator(spec, setup);
  const parsed = parseSpec(spec);
  const entry = registry.get(parsed.name);
  if (!entry) {
    throw new LancasterError({
      code: 'UNKNOWN_NEGOTIATOR',
      message: `unknown negotiator '${parsed.name}'`,
      expected: `one of ${[...registry.keys()].join(', ')}`,
    });
  }
  checkParams(spec, entry, parsed.params);
  const inner = entry.factory(parsed.params, setup);
  const canonical = formatSpec(parsed);
  const model = inner.opponentModel;
  const vote = inner.vote;
  const start = inner.start;
  const close = inner.close;
  return {
    spec: canonical,
    act: (ctx) => inner.act(ctx),
    ...(vote ? { vote: (ctx: VoteContext) => vote.call(inner, ctx) } : {}),
    ...(model ? { opponentModel: (ctx: NegotiatorContext) => model.call(inner, ctx) } : {}),
    ...(start ? { start: () => start.call(inner) } : {}),
    ...(close ? { close: () => close.call(inner) } : {}),
  };
}

const TIME_DEPENDENT_PARAMS = (e: number | undefined): ParamDoc[] => [
  {
    name: 'e',
    doc: 'concession exponent, GENIUS convention: target = Pmin + (Pmax−Pmin)(1 − k − (1−k)·t^(1/e)); <1 Boulware, 1 linear, >1 conceder, 0 hardliner',
    type: 'number',
    min: 0,
    ...(e === undefined ? { required: true } : { default: e }),
  },
  {
    name: 'k',
    doc: 'share of the utility range conceded at t = 0',
    type: 'number',
    min: 0,
    max: 1,
    default: 0,
  },
  {
    name: 'accept',
    // prev, gap and combi read the history, which only BOA negotiators pass in.
    doc: `acceptance condition: ${ACCEPTANCE_CONDITIONS.filter(
      (c) => !['prev', 'gap', 'combi'].includes(c.name),
    )
      .map((c) => c.doc)
      .join('; ')}`,
    type: 'acceptance',
    default: 'next',
  },
];

function timeDependent(defaultE: number | undefined): NegotiatorFactory {
  return (params, setup) => {
    if (params.accept !== undefined && acceptanceNeedsHistory(params.accept)) {
      throw new LancasterError({
        code: 'BAD_NEGOTIATOR_SPEC',
        path: 'accept',
        message:
          'prev, gap and combi read the negotiation history, which only BOA negotiators pass to acceptance',
        expected: `boa:bid=time(e=${params.e ?? defaultE ?? 0.2}),model=none,accept=... or next/const/time here`,
      });
    }
    return new TimeDependentNegotiator(setup, {
      e: (params.e as number | undefined) ?? (defaultE as number),
      k: (params.k as number | undefined) ?? 0,
      acceptance: acceptanceFromSpec(params.accept ?? 'next'),
    });
  };
}

registerNegotiator(
  'boulware',
  timeDependent(0.2),
  'time-dependent, concedes late (e=0.2)',
  TIME_DEPENDENT_PARAMS(0.2),
);
registerNegotiator(
  'linear',
  timeDependent(1),
  'time-dependent, concedes at a steady rate (e=1)',
  TIME_DEPENDENT_PARAMS(1),
);
registerNegotiator(
  'conceder',
  timeDependent(2),
  'time-dependent, concedes early (e=2)',
  TIME_DEPENDENT_PARAMS(2),
);
registerNegotiator(
  'hardliner',
  timeDependent(0),
  'never concedes: always bids its best (e=0)',
  TIME_DEPENDENT_PARAMS(0),
);
registerNegotiator(
  'timedep',
  timeDependent(undefined),
  'time-dependent with your own exponent (e required)',
  TIME_DEPENDENT_PARAMS(undefined),
);
registerNegotiator(
  'random',
  (params, setup) => new RandomNegotiator(setup, { p: (params.p as number | undefined) ?? 0.1 }),
  'random own-acceptable offers; accepts a rational offer with probability p (for tests)',
  [
    {
      name: 'p',
      doc: 'probability of accepting an offer above its floor',
      type: 'number',
      min: 0,
      max: 1,
      default: 0.1,
    },
  ],
);

registerNegotiator(
  'spatial',
  (params, setup) =>
    new SpatialNegotiator(setup, {
      e: (params.e as number | undefined) ?? 1,
      slack: (params.slack as number | undefined) ?? 0.02,
    }),
  'multilateral spatial concession: moves each issue towards where the others stand, slower the more power × salience (Decide data)',
  [
    {
      name: 'e',
      doc: 'scale of the concession exponents e·(1 − r)/r, r = power × salience (larger concedes earlier)',
      type: 'number',
      min: 0.01,
      max: 100,
      default: 1,
    },
    {
      name: 'slack',
      doc: 'accepts an offer worth at least its own next proposal minus this',
      type: 'number',
      min: 0,
      max: 1,
      default: 0.02,
    },
  ],
);
registerNegotiator(
  'boa',
  (params, setup) => boaFromParams(params, setup, 'boa'),
  'BOA composition: bidding strategy + opponent model + acceptance condition, e.g. boa:bid=time(e=0.2),model=frequency,accept=combi(t=0.98)',
  BOA_PARAMS,
);
registerNegotiator(
  'hardheaded',
  (params, setup) => hardHeaded(setup, { e: (params.e as number | undefined) ?? 0.05 }),
  'HardHeaded (ANAC 2011): very Boulware, frequency model, offers back the best opponent bid',
  [{ name: 'e', doc: 'concession exponent (GENIUS e)', type: 'number', min: 0, max: 1, default: 0.05 }],
);
registerNegotiator(
  'nicetft',
  (params, setup) => niceTitForTat(setup, { acceptFrom: (params.t as number | undefined) ?? 0.98 }),
  'Nice Tit for Tat (Baarslag et al. 2013): mirrors concessions towards the estimated Nash point, Bayesian model',
  [
    {
      name: 't',
      doc: 'time from which AC_combi(MaxW) also accepts',
      type: 'number',
      min: 0,
      max: 1,
      default: 0.98,
    },
  ],
);
registerNegotiator(
  'agentk',
  (params, setup) => agentK(setup, { alpha: (params.alpha as number | undefined) ?? 3 }),
  'AgentK (ANAC 2010): target from the estimated maximum opponent offer, probabilistic acceptance',
  [
    {
      name: 'alpha',
      doc: 'exponent of the target curve 1 − (1 − emax)·t^alpha',
      type: 'number',
      min: 0.01,
      max: 100,
      default: 3,
    },
  ],
);
registerNegotiator(
  'cuhkagent',
  (params, setup) => cuhkAgent(setup, { lambda0: (params.lambda0 as number | undefined) ?? 0.7 }),
  'CUHKAgent (ANAC 2012): adaptive non-exploitation point, frequency model, exploring bids',
  [
    {
      name: 'lambda0',
      doc: 'earliest non-exploitation time',
      type: 'number',
      min: 0,
      max: 0.98,
      default: 0.7,
    },
  ],
);
registerNegotiator(
  'atlas3',
  (params, setup) => atlas3(setup, { pf: (params.pf as number | undefined) ?? 0.5 }),
  'Atlas3 (ANAC 2015, multilateral): concedes to the expected utility of a final-offer game, then offers back popular bids',
  [
    {
      name: 'pf',
      doc: 'chance of conceding first when both sides compromise in the final-offer game',
      type: 'number',
      min: 0,
      max: 1,
      default: 0.5,
    },
  ],
);
registerNegotiator(
  'caduceus',
  (params, setup) => {
    const mode = params.mode ?? 'portfolio';
    if (mode !== 'portfolio' && mode !== 'crossover') {
      throw new LancasterError({
        code: 'BAD_NEGOTIATOR_SPEC',
        path: 'mode',
        message: `negotiator 'caduceus': mode is ${JSON.stringify(mode)}`,
        expected: 'portfolio or crossover',
      });
    }
    return caduceus(setup, { mode, best: (params.best as number | undefined) ?? 0.83 });
  },
  'Caduceus (ANAC 2016, multilateral): a weighted portfolio of expert negotiators votes on each move',
  [
    {
      name: 'mode',
      doc: "portfolio: one expert's bid drawn by weight (ANAC 2016); crossover: each issue's value by weighted majority",
      type: 'string',
      default: 'portfolio',
    },
    {
      name: 'best',
      doc: 'share of the session (times the discount factor) during which it offers its best outcome',
      type: 'number',
      min: 0,
      max: 1,
      default: 0.83,
    },
  ],
);
registerNegotiator(
  'ponpoko',
  (params, setup) => {
    const pattern = params.pattern as number | undefined;
    if (pattern !== undefined && !Number.isInteger(pattern)) {
      throw new LancasterError({
        code: 'BAD_NEGOTIATOR_SPEC',
        path: 'pattern',
        message: `negotiator 'ponpoko': pattern is ${pattern}`,
        expected: 'a whole number from 0 to 4',
      });
    }
    return ponPoko(setup, pattern === undefined ? {} : { pattern });
  },
  'PonPokoAgent (ANAC 2017): one of five oscillating threshold patterns, random bids between the thresholds',
  [
    {
      name: 'pattern',
      doc: 'concession pattern 0-4 (default: drawn from the session seed)',
      type: 'number',
      min: 0,
      max: 4,
    },
  ],
);
registerNegotiator(
  'agentgg',
  (params, setup) => agentGG(setup, { frontier: (params.frontier as number | undefined) ?? 1.7 }),
  "AgentGG (ANAC 2019): piecewise thresholds around an estimated Nash point, bids the opponent's most frequent values",
  [
    {
      name: 'frontier',
      doc: 'Nash estimate m + (1 − m)/frontier from the best share m in the opening offers (2: straight frontier, √2: circle)',
      type: 'number',
      min: 1,
      max: 4,
      default: 1.7,
    },
  ],
);

/** The negotiators this module registers, as registered (a later `registerNegotiator` may replace one). */
const BUILT_IN: ReadonlyMap<string, Entry> = new Map(registry);

/**
 * Whether `spec` names one of Lancaster's own negotiators, as shipped: not an external command, nor
 * a negotiator registered (or replaced) by other code. A tournament runs such matches in its own
 * thread when that is faster, since Lancaster's negotiators finish every turn.
 *
 * @example
 * isBuiltInSpec('boulware:e=0.1'); // true
 * isBuiltInSpec('external:python3 agent.py'); // false
 */
export function isBuiltInSpec(spec: string): boolean {
  if (isExternalSpec(spec)) return false;
  try {
    const name = parseSpec(spec).name;
    return BUILT_IN.get(name) !== undefined && registry.get(name) === BUILT_IN.get(name);
  } catch {
    return false;
  }
}
