/**
 * The contract of the scenario studio's endpoints (`/api/studio/...`), beside the session API of
 * api.ts: request bodies as zod schemas (unknown fields refused) and responses as types. A
 * scenario travels as its document, the native format's data exactly as a YAML or JSON file holds
 * it; the server checks it with the same schema and semantic checks as `lancaster validate`. Like
 * api.ts it imports nothing from `node:`, so the web app imports its types. Documented for people
 * in docs/server-api.md (The scenario studio).
 *
 * @example
 * const body: StudioSimulateRequest = { scenario: data, seed: 7 };
 * studioSimulateRequestSchema.parse(body);
 */
import { z } from 'zod';
import type { ForecastSummary } from '../analysis/forecast.ts';
import type { FirstOrderRow, SwingRow } from '../analysis/sensitivity.ts';
import type { Problem } from '../errors.ts';
import type { SessionStatus } from '../protocols/types.ts';

/** What one studio request may ask for: bounds that keep a request to seconds of the server's time. */
export const STUDIO_LIMITS = {
  /** Largest body of a studio request (a scenario document, or the files of an import). */
  maxBodyBytes: 4 * 1024 * 1024,
  /** Rounds of the deadline a studio run or forecast accepts. */
  maxRounds: 2_000,
  /** Runs of one forecast's main sample. */
  maxRuns: 5_000,
  /** Runs of one forecast in all, the sensitivity swings included. */
  maxTotalRuns: 20_000,
  /** Outcomes analysed exactly for a run's metrics; larger spaces take the approximate path. */
  maxAnalysedOutcomes: 1 << 20,
  /** Files of one import. */
  maxFiles: 64,
} as const;

/** Runs of a studio forecast when the request gives none and the scenario's `forecast.runs` is larger. */
export const STUDIO_DEFAULT_RUNS = 1_000;

/** A scenario document: a JSON object, checked afterwards as a scenario file. */
const scenarioDocument = z.record(z.string(), z.unknown(), {
  error: 'a scenario document: the native format as a JSON object (see docs/scenario-format.md)',
});
const seed = z.number().int().min(0).max(0xffffffff).optional();

/** `POST /api/studio/simulate`: one run, as `lancaster simulate --seed` runs it. */
export const studioSimulateRequestSchema = z.strictObject({
  scenario: scenarioDocument,
  /** The run's seed (default 1, as the CLI's). */
  seed,
  /** Party id → negotiator spec, as `--negotiators`; parties not listed keep their own. */
  negotiators: z.record(z.string().min(1).max(100), z.string().min(1).max(200)).optional(),
});
export type StudioSimulateRequest = z.infer<typeof studioSimulateRequestSchema>;

/** `POST /api/studio/forecast`: the Monte Carlo forecast, as `lancaster forecast` computes it. */
export const studioForecastRequestSchema = z.strictObject({
  scenario: scenarioDocument,
  /** Runs of the main sample (default: the scenario's forecast.runs, at most STUDIO_DEFAULT_RUNS). */
  runs: z.number().int().min(1).max(STUDIO_LIMITS.maxRuns).optional(),
  seed,
  /** First-order indices and one-at-a-time swings (default true). */
  sensitivity: z.boolean().optional(),
});
export type StudioForecastRequest = z.infer<typeof studioForecastRequestSchema>;

/** `POST /api/studio/import`: GENIUS XML files (a domain and its profiles) or a GeniusWeb JSON file. */
export const studioImportRequestSchema = z.strictObject({
  files: z
    .array(
      z.strictObject({
        /** The file's name (no folders): GENIUS parties are named after their profile files. */
        name: z
          .string()
          .min(1)
          .max(120)
          .regex(/^[A-Za-z0-9_][A-Za-z0-9_. ()-]*\.(xml|json)$/i, 'a file name ending in .xml or .json'),
        text: z.string(),
      }),
    )
    .min(1)
    .max(STUDIO_LIMITS.maxFiles),
  /** The folder the files came from: the scenario's id and title (default: the first file's name). */
  name: z
    .string()
    .min(1)
    .max(120)
    .regex(/^[A-Za-z0-9_][A-Za-z0-9_. ()-]*$/, 'a folder name without slashes')
    .optional(),
  /** Deadline in rounds of the imported scenario (GENIUS files carry none; default 180). */
  rounds: z.number().int().min(1).max(STUDIO_LIMITS.maxRounds).optional(),
});
export type StudioImportRequest = z.infer<typeof studioImportRequestSchema>;

/** Path parameter of `GET /api/studio/scenarios/:id`. */
export const studioScenarioIdSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_.-]+$/, 'a scenario id from GET /api/scenarios');

/** `GET /api/studio/scenarios/:id`: a shipped scenario's file, to edit. */
export interface StudioDocumentResponse {
  readonly id: string;
  /** The file's name (`london-2025.yaml`). */
  readonly file: string;
  /** The file's text, comments and all. */
  readonly text: string;
}

/** `POST /api/studio/import`: the imported scenario as native YAML, and the importer's warnings. */
export interface StudioImportResponse {
  readonly file: string;
  readonly text: string;
  readonly warnings: readonly Problem[];
}

/** An outcome as people read it: issue id → value id (discrete) or number. */
export type StudioOutcome = Readonly<Record<string, string | number>>;

/** One offer of a studio run, with every party's undiscounted utility of it. */
export interface StudioOffer {
  readonly party: string;
  readonly round: number;
  readonly outcome: StudioOutcome;
  /** Utilities in the scenario's party order. */
  readonly utilities: readonly number[];
}

/** `POST /api/studio/simulate`. */
export interface StudioSimulateResponse {
  readonly scenario: { readonly id: string; readonly title: string };
  readonly seed: number;
  /** Negotiator spec per party id. */
  readonly negotiators: Readonly<Record<string, string>>;
  readonly status: SessionStatus;
  readonly agreement: StudioOutcome | null;
  readonly rounds: number;
  /** Per party, in the scenario's order: utility of the result (reservation value without a deal). */
  readonly parties: readonly {
    readonly id: string;
    readonly label: string;
    readonly utility: number;
    readonly reservationValue: number;
  }[];
  readonly metrics: {
    readonly paretoOptimal: boolean;
    readonly distanceToFrontier: number;
    readonly distanceToNash: number | null;
    readonly approximate: boolean;
  };
  /** Utilities of the Nash point, in party order; null when no outcome is individually rational. */
  readonly nash: readonly number[] | null;
  readonly offers: readonly StudioOffer[];
  readonly vetoes: number;
  /** The reason the run ended in error, when it did. */
  readonly error: string | null;
}

/** `POST /api/studio/forecast`: the forecast's summary (as `lancaster forecast --json` has it). */
export interface StudioForecastResponse extends ForecastSummary {
  readonly scenario: { readonly id: string; readonly title: string };
  readonly seed: number;
  readonly sensitivity: {
    readonly firstOrder: readonly FirstOrderRow[];
    readonly tornado: {
      readonly runsPerEnd: number;
      readonly base: number;
      readonly rows: readonly SwingRow[];
    } | null;
  } | null;
}
