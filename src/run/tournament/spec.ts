/**
 * The tournament spec file (`*.tournament.yaml`, version 1): which negotiators meet on which
 * scenarios, how roles rotate, how often and with which deadlines. It is read like a scenario
 * file: YAML document → zod schema → checks against the loaded scenarios and the negotiator
 * registry, every problem collected with file, line, column and field path (positions come from
 * the scenario loader's `SourceMap`). Scenario references are resolved relative to the spec
 * file, so a spec and the data it names can move together; the spec's hash is taken over what
 * was written (plus defaults), not over absolute paths, for the same reason.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { LancasterError, type Problem } from '../../errors.ts';
import { mediatorSchema } from '../../formats/native/mediator-schema.ts';
import type { ProblemDraft } from '../../formats/native/problem-draft.ts';
import { SourceMap } from '../../formats/native/source-map.ts';
import { zodIssuesToDrafts } from '../../formats/native/zod-problems.ts';
import { readTextFile } from '../../formats/text-file.ts';
import {
  DEFAULT_MEDIATOR,
  mediatorSettings,
  type ProtocolChoice,
  type Scenario,
} from '../../model/scenario.ts';
import { createNegotiator } from '../../negotiators/registry.ts';
import type { ScenarioLoader } from './scenarios.ts';

const idPattern = /^[A-Za-z0-9_.-]+$/;

const negotiatorEntry = z.union(
  [
    z.string().min(1),
    z.strictObject({
      spec: z.string().min(1).describe('A negotiator spec, e.g. boulware:e=0.2'),
      name: z.string().min(1).describe('Display name in tables and exports').optional(),
    }),
  ],
  { error: 'a negotiator spec such as `boulware`, or { spec, name }' },
);

const scenarioEntry = z.union(
  [
    z.string().min(1),
    z.strictObject({
      scenario: z
        .string()
        .min(1)
        .describe('A shipped scenario name, or a scenario file or GENIUS folder relative to this spec'),
      name: z.string().min(1).describe('Display name').optional(),
      parties: z
        .array(z.string().min(1))
        .min(2)
        .describe('Which parties (profiles) of the scenario take part, in turn order')
        .optional(),
    }),
  ],
  { error: 'a scenario name or path, or { scenario, name, parties }' },
);

/** The zod schema of a tournament spec file, version 1. */
export const tournamentSpecSchema = z.strictObject({
  version: z.literal(1),
  id: z.string().regex(idPattern, { error: 'an id of letters, digits, `_`, `.` and `-`' }),
  title: z.string().optional(),
  seed: z
    .int()
    .gte(0)
    .lte(2 ** 32 - 1)
    .optional(),
  negotiators: z.array(negotiatorEntry).min(2),
  scenarios: z.array(scenarioEntry).min(1),
  selfPlay: z.boolean().optional(),
  repetitions: z.int().gte(1).lte(1_000_000).optional(),
  deadlines: z.array(z.int().gte(1).lte(10_000_000)).min(1).optional(),
  matchTimeoutSeconds: z.number().gt(0).lte(86_400).optional(),
  protocol: z
    .union(
      [
        z.enum(['saop', 'mediated']),
        z.strictObject({ type: z.enum(['saop', 'mediated']), mediator: mediatorSchema.optional() }),
      ],
      {
        error: 'saop, mediated, or { type: mediated, mediator: { type: hill-climb | annealing | frontier } }',
      },
    )
    .describe("The rules of every match's table; default: each scenario's own.")
    .optional(),
});

export type TournamentSpecFile = z.infer<typeof tournamentSpecSchema>;

/** A negotiator of the tournament: its spec string and its (unique) display name. */
export interface TournamentNegotiator {
  readonly spec: string;
  readonly name: string;
}

/** A scenario of the tournament, as written and as resolved. */
export interface TournamentScenario {
  /** What the spec says (relative path or shipped name). */
  readonly written: string;
  /** What a loader receives: an absolute path, or a shipped scenario name. */
  readonly ref: string;
  readonly name: string;
  /** Chosen parties in turn order; null = all parties of the scenario in its own turn order. */
  readonly parties: readonly string[] | null;
}

/** A validated tournament spec with defaults applied and references resolved. */
export interface TournamentSpec {
  readonly id: string;
  readonly title: string;
  readonly seed: number;
  readonly negotiators: readonly TournamentNegotiator[];
  readonly scenarios: readonly TournamentScenario[];
  readonly selfPlay: boolean;
  readonly repetitions: number;
  /** Deadlines in rounds; null = each scenario's own. */
  readonly deadlines: readonly number[] | null;
  readonly matchTimeoutMs: number;
  /** The protocol every match is played under; null = each scenario's own. */
  readonly protocol: ProtocolChoice | null;
  /** sha256 of the canonical spec (as written, defaults applied): changes when the tournament would. */
  readonly hash: string;
  /** Where the spec was read from (for messages). */
  readonly file: string;
}

/** Default per-match wall-clock limit: generous, since a match includes loading its scenario. */
export const DEFAULT_MATCH_TIMEOUT_SECONDS = 120;

/** A spec-relative reference as the loader wants it: an absolute path when it names a file or folder. */
export function resolveScenarioRef(written: string, specDir: string): string {
  if (isAbsolute(written)) return written;
  const candidate = resolve(specDir, written);
  if (existsSync(candidate)) return candidate;
  // Plain words are shipped scenario names; anything path-like stays a (missing) path, so the
  // loader reports it as a file that does not exist rather than an unknown name.
  return /^[A-Za-z0-9_.-]+$/.test(written) && !/\.(ya?ml|json)$/i.test(written) ? written : candidate;
}

function canonicalJson(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(canonicalJson).join(',')}]`;
  if (x !== null && typeof x === 'object') {
    const keys = Object.keys(x).sort();
    return `{${keys
      .filter((k) => (x as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((x as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(x);
}

function syntaxProblems(doc: ReturnType<typeof parseDocument>, map: SourceMap, file: string): Problem[] {
  return doc.errors.map((e) => ({
    code: 'YAML_SYNTAX' as const,
    file,
    ...map.positionOf(e.pos[0]),
    message: e.message.split('\n')[0] ?? e.message,
  }));
}

/**
 * Parses and validates a spec's text (shape only: scenarios and negotiators are checked by
 * `checkTournament` once the scenarios are loaded). Throws a `LancasterError` with every problem.
 *
 * @example
 * const spec = parseTournamentSpec(readFileSync(f, 'utf8'), f);
 */
export function parseTournamentSpec(text: string, file: string): TournamentSpec {
  const lines = new LineCounter();
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, lineCounter: lines });
  const map = new SourceMap(doc, lines);
  const syntax = syntaxProblems(doc, map, file);
  if (syntax.length > 0) throw new LancasterError(syntax);
  const data: unknown = doc.toJS({ maxAliasCount: 1000 });
  const parsed = tournamentSpecSchema.safeParse(data ?? {});
  const drafts: ProblemDraft[] = parsed.success
    ? []
    : zodIssuesToDrafts(parsed.error.issues, tournamentSpecSchema, data ?? {});
  if (parsed.success) drafts.push(...duplicateNames(parsed.data));
  if (drafts.length > 0 || !parsed.success) {
    throw new LancasterError(
      drafts
        .map(
          (d): Problem => ({
            code:
              d.code === 'UNSUPPORTED_VERSION' || (d.path.length === 1 && d.path[0] === 'version')
                ? 'UNSUPPORTED_VERSION'
                : d.code,
            file,
            ...map.locate(d.path, d.at),
            ...(d.path.length > 0 ? { path: d.path.join('.') } : {}),
            message:
              d.path.length === 1 && d.path[0] === 'version' && d.code !== 'SCHEMA'
                ? 'tournament spec version is not supported; this Lancaster reads version 1'
                : d.message,
            ...(d.expected !== undefined ? { expected: d.expected } : {}),
          }),
        )
        .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0)),
    );
  }
  const s = parsed.data;
  const specDir = dirname(resolve(file));
  const negotiators = s.negotiators.map((n) =>
    typeof n === 'string' ? { spec: n, name: n } : { spec: n.spec, name: n.name ?? n.spec },
  );
  const scenarios = s.scenarios.map((e): TournamentScenario => {
    const written = typeof e === 'string' ? e : e.scenario;
    const parties = typeof e === 'string' ? null : (e.parties ?? null);
    const name =
      (typeof e === 'string' ? undefined : e.name) ?? basename(written).replace(/\.(ya?ml|json)$/i, '');
    return { written, ref: resolveScenarioRef(written, specDir), name, parties };
  });
  const protocol = protocolChoiceOf(s.protocol);
  const normalized = {
    version: 1,
    id: s.id,
    seed: s.seed ?? 1,
    negotiators,
    scenarios: scenarios.map(({ written, name, parties }) => ({ written, name, parties })),
    selfPlay: s.selfPlay ?? false,
    repetitions: s.repetitions ?? 1,
    deadlines: s.deadlines ?? null,
    matchTimeoutSeconds: s.matchTimeoutSeconds ?? DEFAULT_MATCH_TIMEOUT_SECONDS,
    // Only when given, so that the hash of every spec written before protocols could be chosen stays.
    ...(protocol ? { protocol } : {}),
  };
  return {
    id: s.id,
    title: s.title ?? s.id,
    seed: normalized.seed,
    negotiators,
    scenarios,
    selfPlay: normalized.selfPlay,
    repetitions: normalized.repetitions,
    deadlines: normalized.deadlines,
    matchTimeoutMs: normalized.matchTimeoutSeconds * 1000,
    protocol,
    hash: createHash('sha256').update(canonicalJson(normalized)).digest('hex'),
    file,
  };
}

/** The protocol a spec's `protocol` field chooses (defaults applied), or null when it has none. */
function protocolChoiceOf(p: TournamentSpecFile['protocol']): ProtocolChoice | null {
  if (p === undefined) return null;
  const type = typeof p === 'string' ? p : p.type;
  if (type === 'saop') return { kind: 'saop' };
  const m = typeof p === 'string' ? undefined : p.mediator;
  return {
    kind: 'mediated',
    mediator: mediatorSettings({
      kind: m?.type ?? DEFAULT_MEDIATOR.kind,
      ...(m?.stepSize !== undefined ? { stepSize: m.stepSize } : {}),
      ...(m?.temperature !== undefined ? { temperature: m.temperature } : {}),
      ...(m?.patience !== undefined ? { patience: m.patience } : {}),
    }),
  };
}

function duplicateNames(s: TournamentSpecFile): ProblemDraft[] {
  const out: ProblemDraft[] = [];
  const seen = new Map<string, number>();
  s.negotiators.forEach((n, i) => {
    const name = typeof n === 'string' ? n : (n.name ?? n.spec);
    const first = seen.get(name);
    if (first !== undefined) {
      out.push({
        code: 'DUPLICATE_ID',
        path: ['negotiators', i],
        message: `negotiator name '${name}' is used twice (entries ${first + 1} and ${i + 1})`,
        expected: 'a distinct `name` for each entry, e.g. { spec: boulware:e=0.1, name: boulware-0.1 }',
      });
    } else seen.set(name, i);
  });
  const names = new Map<string, number>();
  s.scenarios.forEach((e, i) => {
    const written = typeof e === 'string' ? e : e.scenario;
    const name =
      (typeof e === 'string' ? undefined : e.name) ?? basename(written).replace(/\.(ya?ml|json)$/i, '');
    const first = names.get(name);
    if (first !== undefined) {
      out.push({
        code: 'DUPLICATE_ID',
        path: ['scenarios', i],
        message: `scenario name '${name}' is used twice (entries ${first + 1} and ${i + 1})`,
        expected: 'a distinct `name` for each entry',
      });
    } else names.set(name, i);
  });
  return out;
}

/**
 * Reads a spec file (through `readTextFile`: size cap, UTF-8 without NUL). A missing file is
 * `FILE_NOT_FOUND`; otherwise as `parseTournamentSpec`.
 *
 * @example
 * const spec = loadTournamentSpec('tournaments/quick.tournament.yaml');
 */
export function loadTournamentSpec(file: string): TournamentSpec {
  return parseTournamentSpec(readTextFile(file), file);
}

/** Position of a field of the spec file, for problems found after parsing (scenario checks). */
function locateInSpec(file: string, path: (string | number)[]): { line?: number; column?: number } {
  try {
    const text = readFileSync(file, 'utf8');
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
    return new SourceMap(doc, lines).locate(path);
  } catch {
    return {};
  }
}

/**
 * Checks the spec against what it names: every scenario loads, chosen parties exist (and are
 * distinct), every negotiator spec is valid (made once for the first party of the first
 * scenario). Returns each scenario's party ids in turn order. Throws with every problem found.
 */
export async function checkTournament(spec: TournamentSpec, load: ScenarioLoader): Promise<string[][]> {
  const problems: Problem[] = [];
  const partyLists: string[][] = [];
  const at = (path: (string | number)[]) => ({
    file: spec.file,
    ...locateInSpec(spec.file, path),
    path: path.join('.'),
  });
  let first: Scenario | undefined;
  for (const [i, sc] of spec.scenarios.entries()) {
    let scenario: Scenario;
    try {
      scenario = await load(sc.ref);
    } catch (err) {
      if (!(err instanceof LancasterError)) throw err;
      for (const p of err.problems) {
        // A problem inside the scenario file keeps its own place; one about the reference itself
        // (no such file or name) points at the spec's entry.
        problems.push(
          p.line === undefined
            ? { ...p, ...at(['scenarios', i]), message: `${sc.written}: ${p.message}` }
            : { ...p, message: `${p.message} (scenario ${i + 1} of ${spec.file})` },
        );
      }
      partyLists.push([]);
      continue;
    }
    first ??= scenario;
    const ids = scenario.parties.map((p) => p.id);
    if (sc.parties) {
      sc.parties.forEach((id, k) => {
        if (!ids.includes(id)) {
          problems.push({
            code: 'UNKNOWN_REFERENCE',
            ...at(['scenarios', i, 'parties', k]),
            message: `'${id}' is not a party of scenario '${sc.name}'`,
            expected: `one of ${ids.join(', ')}`,
          });
        } else if (sc.parties?.indexOf(id) !== k) {
          problems.push({
            code: 'DUPLICATE_ID',
            ...at(['scenarios', i, 'parties', k]),
            message: `party '${id}' is chosen twice`,
          });
        }
      });
      partyLists.push([...sc.parties]);
    } else {
      const order = scenario.protocol.order;
      partyLists.push(order.length === ids.length ? [...order] : ids);
    }
    const n = partyLists[partyLists.length - 1]?.length ?? 0;
    if (!spec.selfPlay && n > spec.negotiators.length) {
      problems.push({
        code: 'BAD_OPTION',
        ...at(['scenarios', i]),
        message: `scenario '${sc.name}' has ${n} parties but there are only ${spec.negotiators.length} negotiators and selfPlay is off`,
        expected: 'more negotiators, `selfPlay: true`, or `parties:` choosing fewer parties',
      });
    }
  }
  if (first) {
    const party = first.parties[0] as Scenario['parties'][number];
    for (const [i, n] of spec.negotiators.entries()) {
      try {
        createNegotiator(n.spec, {
          party,
          space: first.space,
          index: 0,
          parties: first.parties.map((p) => p.id),
          rounds: first.protocol.rounds,
          seed: 0,
        });
      } catch (err) {
        if (!(err instanceof LancasterError)) continue; // its own fault: recorded per session instead
        for (const p of err.problems) {
          problems.push({ ...p, ...at(['negotiators', i]), message: p.message });
        }
      }
    }
  }
  if (problems.length > 0) {
    const spot = (p: Problem) => (p.file === spec.file ? 0 : 1);
    throw new LancasterError(
      problems.sort(
        (a, b) => spot(a) - spot(b) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0),
      ),
    );
  }
  return partyLists;
}
