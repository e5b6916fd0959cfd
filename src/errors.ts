/**
 * Problems are data. Every failure a user can cause is a `Problem` with a stable `code`, the
 * place (file, line, column, field path) and a message that names the fix; a `LancasterError`
 * carries one or more of them. The CLI maps codes to exit codes in one place (`cli/exit.ts`);
 * the server will map them to HTTP statuses. Nothing below the CLI prints or exits.
 */

export type ProblemCode =
  | 'FILE_NOT_FOUND'
  | 'FILE_UNREADABLE'
  | 'FILE_UNWRITABLE'
  | 'YAML_SYNTAX'
  | 'JSON_SYNTAX'
  | 'SCHEMA'
  | 'UNKNOWN_FIELD'
  | 'WEIGHTS_SUM'
  | 'UNKNOWN_REFERENCE'
  | 'VALUE_OUT_OF_RANGE'
  | 'DUPLICATE_ID'
  | 'SCHEDULE_MISMATCH'
  | 'UNSUPPORTED_VERSION'
  | 'SCENARIO_NOT_FOUND'
  | 'BAD_NEGOTIATOR_SPEC'
  | 'UNKNOWN_NEGOTIATOR'
  | 'BAD_OPTION'
  | 'BAD_STATE'
  | 'TOURNAMENT_EXISTS'
  | 'SPEC_CHANGED'
  | 'XML_SYNTAX'
  | 'XML_UNSAFE'
  | 'FILE_TOO_LARGE'
  // Input text that is not UTF-8, or holds a NUL byte (src/formats/text-file.ts).
  | 'TEXT_ENCODING'
  | 'GENIUS_FORMAT'
  | 'GENIUS_QUIRK'
  // A GENIUS file that GENIUS itself cannot evaluate, or a feature Lancaster's model cannot hold.
  | 'GENIUS_UNSUPPORTED'
  | 'GENIUSWEB_FORMAT'
  // Decide-format data (src/formats/decide): a malformed file, and quirks read by rule (warnings).
  | 'DECIDE_FORMAT'
  | 'DECIDE_QUIRK'
  | 'EXPORT_UNSUPPORTED'
  // Uncertain numbers and --set overrides of scenario files (src/formats/native).
  | 'BAD_DISTRIBUTION'
  | 'BAD_OVERRIDE'
  // The server API (src/server): refused requests, mapped to HTTP statuses in src/server/api.ts.
  | 'BAD_REQUEST'
  | 'BAD_TOKEN'
  | 'BAD_SEATS'
  | 'SESSION_NOT_FOUND'
  | 'NOT_YOUR_TURN'
  | 'NOTHING_TO_ACCEPT'
  | 'SESSION_OVER'
  | 'STALE_STEP'
  | 'NOT_OVER'
  | 'OBSERVER_ONLY'
  | 'SEAT_ONLY'
  | 'INVALID_OFFER'
  | 'RATE_LIMITED'
  | 'BODY_TOO_LARGE'
  | 'FORBIDDEN_KEY'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'BAD_ORIGIN'
  | 'TOO_MANY_SOCKETS'
  | 'SESSION_UNAVAILABLE'
  // SQLite files (src/run/sqlite.ts): held by another process, or damaged.
  | 'DATABASE_LOCKED'
  | 'DATABASE_CORRUPT'
  // The distributed queue (src/run/queue.ts): Redis not answering at the address given.
  | 'QUEUE_UNREACHABLE'
  // Drafts (src/draft, lancaster draft): a draft refused by a command that runs it; articles and --llm.
  | 'SCENARIO_DRAFT'
  // The web studio's endpoints (src/server/studio.ts): a document with problems, a forecast already running.
  | 'INVALID_SCENARIO'
  | 'STUDIO_BUSY'
  | 'STUDIO_TOO_LONG'
  | 'ARTICLE_EMPTY'
  | 'LLM_UNREACHABLE'
  | 'LLM_BAD_ANSWER';

export interface Problem {
  readonly code: ProblemCode;
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  /** Field path inside the file, e.g. `parties.us.weights` (dot-separated, indices as numbers). */
  readonly path?: string;
  /** What was expected there, when that is not already in the message. */
  readonly expected?: string;
  /** `warning` problems do not stop the job; `error` problems do. */
  readonly severity?: 'error' | 'warning';
}

/** A user-caused failure: bad input or bad usage (exit code 2). */
export class LancasterError extends Error {
  readonly problems: readonly Problem[];

  constructor(problems: Problem | readonly Problem[]) {
    const list = Array.isArray(problems) ? (problems as readonly Problem[]) : [problems as Problem];
    super(list.map(formatProblem).join('\n'));
    this.name = 'LancasterError';
    this.problems = list;
  }

  get code(): ProblemCode {
    return (this.problems[0] as Problem).code;
  }
}

/** `file:line:column: path: message [CODE]`, leaving out the parts that are unknown. */
export function formatProblem(p: Problem): string {
  let where = '';
  if (p.file) {
    where = p.file;
    if (p.line !== undefined) where += `:${p.line}`;
    if (p.line !== undefined && p.column !== undefined) where += `:${p.column}`;
    where += ': ';
  }
  const path = p.path ? `${p.path}: ` : '';
  const expected = p.expected ? ` (expected ${p.expected})` : '';
  return `${where}${path}${p.message}${expected} [${p.code}]`;
}
