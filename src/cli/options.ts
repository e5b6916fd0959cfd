/**
 * Parsing of CLI option values that commander cannot type by itself: seeds and the
 * `--negotiators us=boulware:e=0.2,accept=next,china=conceder` assignment list, whose specs may
 * themselves contain commas (a comma starts a new assignment only before `<party id>=`).
 */
import { availableParallelism } from 'node:os';
import { LancasterError } from '../errors.ts';
import {
  MEDIATOR_KINDS,
  type MediatorKind,
  mediatorSettings,
  type ProtocolChoice,
} from '../model/scenario.ts';

/** The scenario `simulate` and `forecast` run when none is named. */
export const DEFAULT_SCENARIO = 'london-2025';
export const DEFAULT_SEED = 1;

/** Collects a repeatable option (`--set a=1 --set b=2`). */
export const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function parseSeed(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new LancasterError({
      code: 'BAD_OPTION',
      path: '--seed',
      message: `'${text}' is not a seed`,
      expected: 'a whole number from 0 to 9007199254740991, e.g. --seed 7',
    });
  }
  return n;
}

export function parsePositiveInt(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n <= 0) {
    throw new LancasterError({
      code: 'BAD_OPTION',
      path: flag,
      message: `'${text}' is not a positive whole number`,
      expected: `e.g. ${flag} 10`,
    });
  }
  return n;
}

/**
 * A number of worker threads this machine can use: more than its cores would only make the threads
 * take turns (and each costs its memory and start-up), so it is cut to the cores, with a warning.
 *
 * @example
 * usableWorkers('--workers', 1000, io.err); // 2 on a two-core machine, after a warning
 */
export function usableWorkers(
  flag: string,
  n: number,
  warn: (line: string) => void,
  cores = availableParallelism(),
): number {
  if (n <= cores) return n;
  warn(`warning: ${flag} ${n} is more than this machine's ${cores} cores; using ${cores}`);
  return cores;
}

/** Splits `a=spec,b=spec` into `{ a: spec, b: spec }` for the given party ids. */
export function parseNegotiatorAssignments(
  text: string,
  partyIds: readonly string[],
): Record<string, string> {
  const out: Record<string, string> = {};
  let current: string | null = null;
  for (const piece of text.split(',')) {
    const eq = piece.indexOf('=');
    const head = eq > 0 ? piece.slice(0, eq).trim() : '';
    if (eq > 0 && partyIds.includes(head)) {
      current = head;
      if (out[head] !== undefined) {
        throw new LancasterError({
          code: 'BAD_OPTION',
          path: '--negotiators',
          message: `party '${head}' is given twice`,
        });
      }
      out[head] = piece.slice(eq + 1).trim();
    } else if (current !== null) {
      out[current] += `,${piece}`;
    } else {
      throw new LancasterError({
        code: 'BAD_OPTION',
        path: '--negotiators',
        message: `'${piece}' does not name a party of this scenario`,
        expected: `assignments like ${partyIds.map((p) => `${p}=boulware`).join(',')} (parties: ${partyIds.join(', ')})`,
      });
    }
  }
  for (const [party, spec] of Object.entries(out)) {
    if (spec === '') {
      throw new LancasterError({
        code: 'BAD_OPTION',
        path: '--negotiators',
        message: `no negotiator given for party '${party}'`,
        expected: `${party}=boulware:e=0.2`,
      });
    }
  }
  return out;
}

/**
 * The protocol `--protocol` and `--mediator` choose, or undefined for the scenario's own.
 * `--mediator` alone implies `--protocol mediated`; with `--protocol saop` it is a mistake.
 *
 * @example
 * parseProtocolChoice('mediated', 'annealing'); // { kind: 'mediated', mediator: { kind: 'annealing', ... } }
 */
export function parseProtocolChoice(protocol?: string, mediator?: string): ProtocolChoice | undefined {
  if (protocol !== undefined && protocol !== 'saop' && protocol !== 'mediated') {
    throw new LancasterError({
      code: 'BAD_OPTION',
      path: '--protocol',
      message: `'${protocol}' is not a protocol`,
      expected:
        'saop (alternating offers) or mediated (a chair proposes a single text), e.g. --protocol mediated',
    });
  }
  if (mediator !== undefined && !(MEDIATOR_KINDS as readonly string[]).includes(mediator)) {
    throw new LancasterError({
      code: 'BAD_OPTION',
      path: '--mediator',
      message: `'${mediator}' is not a mediator`,
      expected: `one of ${MEDIATOR_KINDS.join(', ')}, e.g. --mediator frontier`,
    });
  }
  if (mediator !== undefined && protocol === 'saop') {
    throw new LancasterError({
      code: 'BAD_OPTION',
      path: '--mediator',
      message: 'a mediator chairs a mediated table, not an alternating-offers one',
      expected: '--protocol mediated with --mediator, or --protocol saop alone',
    });
  }
  if (protocol === 'saop') return { kind: 'saop' };
  if (protocol === undefined && mediator === undefined) return undefined;
  return {
    kind: 'mediated',
    mediator: mediatorSettings({ kind: (mediator ?? 'hill-climb') as MediatorKind }),
  };
}

/** The `--protocol` and `--mediator` options' help, shared by the commands that take them. */
export const PROTOCOL_HELP = {
  protocol:
    "the rules of the table: saop (alternating offers) or mediated (a chair proposes a single text; see docs/protocols.md); default: the scenario's own",
  mediator: `the chair of a mediated table: ${MEDIATOR_KINDS.join(', ')} (implies --protocol mediated; default hill-climb)`,
};
