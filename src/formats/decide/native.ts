/**
 * Decide data → native scenario data (the same plain data a native file parses to, checked by the
 * same schema). Each issue becomes a real issue over its scale, with the meaning of its scale points;
 * each actor a party with its power, its absolute saliences, and a single-peaked evaluator at its
 * position on each issue (`peak`); an actor without data on an issue gets salience 0 there (it does
 * not care), as Decide leaves it out of that issue. Every party plays the `spatial` negotiator
 * (concession by power and salience) on stacked alternating offers.
 *
 * The data are point estimates. Unless `uncertainty: false`, the numbers are written as ranges
 * around them, marked as judgements (a Lancaster convention, not in the data), so that a forecast
 * samples them: a position ±10% of its scale, a salience ±0.1, a power ±20%, each triangular with
 * its mode at the data's value and cut to the field's bounds. Single runs and the spatial models'
 * point forecasts use the data's values.
 */
import { slugId } from '../genius/read.ts';
import type { DecideData, DecideRow } from './read.ts';

/** Rounds of the stacked alternating offers of an imported Decide scenario (each round, every actor acts once). */
export const DEFAULT_DECIDE_ROUNDS = 40;

/** Runs of `lancaster forecast` on an imported Decide scenario (its `forecast.runs`). */
export const DEFAULT_DECIDE_RUNS = 1000;

/** The ranges written around the data's point values, and the judgement each carries. */
export const DECIDE_UNCERTAINTY = {
  position: {
    half: 0.1,
    judgement: "the data's position ±10% of the scale (Lancaster's convention for coding uncertainty)",
  },
  salience: {
    half: 0.1,
    judgement: "the data's salience ±0.1 (Lancaster's convention for coding uncertainty)",
  },
  power: { half: 0.2, judgement: "the data's power ±20% (Lancaster's convention for coding uncertainty)" },
} as const;

export interface DecideNativeOptions {
  /** Write ranges around the data's values (default true). */
  readonly uncertainty?: boolean;
  /** Deadline in rounds (default 40). */
  readonly rounds?: number;
  /** The scenario id (default: from the file name). */
  readonly id?: string;
}

const round = (x: number) => Number(x.toPrecision(12));

/** `x` as a number, or a triangular around it of half-width `half`, cut to [lo, hi], with its judgement. */
function uncertain(x: number, half: number, lo: number, hi: number, judgement: string | null): unknown {
  if (judgement === null || half <= 0) return x;
  return { triangular: [round(Math.max(lo, x - half)), x, round(Math.min(hi, x + half))], judgement };
}

/**
 * The native scenario data of Decide data, with the ids it gave each actor and issue.
 *
 * @example
 * const { native } = decideNativeData(parseDecideText(text, 'cop21.csv').data);
 */
export function decideNativeData(
  data: DecideData,
  opts: DecideNativeOptions = {},
): { native: Record<string, unknown>; actorIds: Map<string, string>; issueIds: Map<string, string> } {
  const on = opts.uncertainty !== false;
  const issueTaken = new Set<string>();
  const issueIds = new Map(data.issues.map((i) => [i.id, slugId(i.id, 'issue', issueTaken)]));
  const partyTaken = new Set<string>();
  const actorIds = new Map(data.actors.map((a) => [a.id, slugId(a.id, 'actor', partyTaken, true)]));
  const rowOf = new Map<string, DecideRow>(data.rows.map((r) => [`${r.actor}\u0000${r.issue}`, r]));
  const base = data.file.split(/[\\/]/).pop() ?? data.file;
  const id =
    opts.id ??
    (base
      .replace(/\.[^.]*$/, '')
      .replace(/\.tab$/, '')
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '') ||
      'decide');
  const issues = data.issues.map((i) => {
    const meanings = i.scale.filter((p) => p.meaning !== undefined && p.meaning.trim() !== '');
    return {
      id: issueIds.get(i.id),
      label: i.name,
      ...(i.description !== undefined ? { description: i.description } : {}),
      type: 'real',
      min: i.min,
      max: i.max,
      ...(meanings.length > 0
        ? { scale: meanings.map((p) => ({ at: p.at, label: (p.meaning as string).trim() })) }
        : {}),
    };
  });
  const parties = data.actors.map((a) => {
    const salience: Record<string, unknown> = {};
    const evaluators: Record<string, unknown> = {};
    for (const i of data.issues) {
      const key = issueIds.get(i.id) as string;
      const row = rowOf.get(`${a.id}\u0000${i.id}`);
      if (!row) {
        // No data on this issue: the actor does not take part in it (salience 0, indifferent).
        salience[key] = 0;
        evaluators[key] = { linear: { atMin: 1, atMax: 1 } };
        continue;
      }
      const u = DECIDE_UNCERTAINTY;
      salience[key] = uncertain(row.salience, u.salience.half, 0, 1, on ? u.salience.judgement : null);
      const span = i.max - i.min;
      evaluators[key] = {
        peak: {
          at: uncertain(row.position, u.position.half * span, i.min, i.max, on ? u.position.judgement : null),
        },
      };
    }
    const power = data.power.get(a.id) as number;
    return {
      id: actorIds.get(a.id),
      label: a.name,
      power: uncertain(
        power,
        DECIDE_UNCERTAINTY.power.half * power,
        0,
        1,
        on ? DECIDE_UNCERTAINTY.power.judgement : null,
      ),
      reservationValue: {
        value: 0,
        judgement: 'Decide data give no value of no agreement; any agreement is at least as good',
      },
      negotiator: 'spatial',
      salience,
      evaluators,
    };
  });
  const notes = [
    `Imported from ${base} (Decide format): ${data.actors.length} actors, ${data.issues.length} issues, positions on each issue's scale, saliences and powers in [0, 1].`,
    ...data.comments,
    ...(on
      ? [
          "The data are point estimates. The ranges around them are Lancaster's convention for coding uncertainty, not in the data (positions ±10% of the scale, saliences ±0.1, powers ±20%, triangular around the data's value): forecasts sample them; single runs and the spatial models' point forecasts use the data's values.",
        ]
      : []),
  ];
  return {
    native: {
      version: 1,
      id,
      title: data.title ?? base.replace(/\.[^.]*$/, ''),
      notes,
      issues,
      parties,
      protocol: { type: 'saop', deadline: { rounds: opts.rounds ?? DEFAULT_DECIDE_ROUNDS } },
      // Each run negotiates among every actor: 1,000 runs keep a forecast to seconds.
      forecast: { runs: DEFAULT_DECIDE_RUNS },
    },
    actorIds,
    issueIds,
  };
}
