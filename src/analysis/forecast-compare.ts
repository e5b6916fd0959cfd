/**
 * What changes between two forecasts (a base and a what-if variant): the probability of agreement
 * and its difference with a 95% interval, each package's and each issue value's probability in
 * both, expected utilities and impact indicators. The two forecasts are treated as independent
 * samples (the interval is then conservative when they share a seed). Pure.
 */
import type { ForecastSummary, Interval } from './forecast.ts';

export interface Change {
  readonly base: number;
  readonly variant: number;
  readonly difference: number;
}

export interface ProportionChange extends Change {
  /** 95% interval of the difference (Newcombe's hybrid score interval from the Wilson intervals). */
  readonly ci95: Interval;
}

export interface ForecastComparison {
  readonly runs: { readonly base: number; readonly variant: number };
  readonly agreement: ProportionChange;
  /** Packages in the top list of either forecast, by largest absolute change. */
  readonly packages: readonly (Change & { readonly outcome: Readonly<Record<string, string | number>> })[];
  /** Issue id → value id → probability given agreement in each. */
  readonly issues: readonly {
    readonly id: string;
    readonly label: string;
    readonly values: readonly (Change & { readonly id: string; readonly label: string })[];
  }[];
  readonly utilities: readonly (Change & { readonly party: string; readonly label: string })[];
  readonly impacts: readonly (Change & {
    readonly id: string;
    readonly label: string;
    readonly unit: string;
  })[];
  readonly vetoes: readonly (Change & { readonly party: string; readonly label: string })[];
  readonly roundsMean: Change;
}

const change = (base: number, variant: number): Change => ({ base, variant, difference: variant - base });

function packageKey(o: Readonly<Record<string, string | number>>): string {
  return JSON.stringify(Object.entries(o));
}

/**
 * Newcombe (1998, method 10) interval for p2 − p1 from each proportion's Wilson interval: good
 * coverage even near 0 and 1 where the plain normal interval fails.
 */
function differenceInterval(p1: number, w1: Interval, p2: number, w2: Interval): Interval {
  const d = p2 - p1;
  const lower = d - Math.sqrt((p2 - w2.low) ** 2 + (w1.high - p1) ** 2);
  const upper = d + Math.sqrt((w2.high - p2) ** 2 + (p1 - w1.low) ** 2);
  return { low: Math.max(-1, lower), high: Math.min(1, upper) };
}

/**
 * The changes from `base` to `variant`. Both must be forecasts of the same issues (a what-if may
 * change numbers, red lines or strategies, not the outcome space); packages and values are matched
 * by id.
 */
export function compareForecasts(base: ForecastSummary, variant: ForecastSummary): ForecastComparison {
  const a = base.agreement;
  const b = variant.agreement;
  const packages = new Map<
    string,
    { outcome: Readonly<Record<string, string | number>>; base: number; variant: number }
  >();
  for (const p of base.packages)
    packages.set(packageKey(p.outcome), { outcome: p.outcome, base: p.probability, variant: 0 });
  for (const p of variant.packages) {
    const key = packageKey(p.outcome);
    const e = packages.get(key);
    if (e) e.variant = p.probability;
    else packages.set(key, { outcome: p.outcome, base: 0, variant: p.probability });
  }
  // A package outside one top list may still have runs there: take its probability from the other
  // forecast's top list only when it is listed, else 0 is a lower bound, said in the output.
  const packageRows = [...packages.values()]
    .map((p) => ({ outcome: p.outcome, ...change(p.base, p.variant) }))
    .sort((x, y) => Math.abs(y.difference) - Math.abs(x.difference) || y.variant - x.variant);

  const issues = base.issues.map((issue) => {
    const other = variant.issues.find((i) => i.id === issue.id);
    return {
      id: issue.id,
      label: issue.label,
      values: issue.values.map((v) => {
        const w = other?.values.find((x) => x.id === v.id);
        return { id: v.id, label: v.label, ...change(v.givenAgreement, w?.givenAgreement ?? 0) };
      }),
    };
  });
  const utilities = base.utilities.map((u) => {
    const w = variant.utilities.find((x) => x.party === u.party);
    return { party: u.party, label: u.label, ...change(u.expected.mean, w?.expected.mean ?? Number.NaN) };
  });
  const impacts = base.impacts.map((m) => {
    const w = variant.impacts.find((x) => x.id === m.id);
    return {
      id: m.id,
      label: m.label,
      unit: m.unit,
      ...change(m.distribution.mean, w?.distribution.mean ?? Number.NaN),
    };
  });
  const vetoes = base.vetoes.map((v) => {
    const w = variant.vetoes.find((x) => x.party === v.party);
    return { party: v.party, label: v.label, ...change(v.probability, w?.probability ?? Number.NaN) };
  });
  return {
    runs: { base: base.runs, variant: variant.runs },
    agreement: {
      ...change(a.probability, b.probability),
      ci95: differenceInterval(a.probability, a.ci95, b.probability, b.ci95),
    },
    packages: packageRows,
    issues,
    utilities,
    impacts,
    vetoes,
    roundsMean: change(base.rounds.all.mean, variant.rounds.all.mean),
  };
}
