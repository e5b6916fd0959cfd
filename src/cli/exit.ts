/**
 * The one place that maps failures to exit codes and to what the user reads: 0 success, 1 the
 * job failed, 2 bad usage or bad input. A `LancasterError` prints its problems (file, line,
 * column, field, fix) and never a stack trace; an unexpected error prints one line and, only
 * when LANCASTER_DEBUG is set, its stack.
 */
import { CommanderError } from 'commander';
import { formatProblem, LancasterError } from '../errors.ts';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_BAD_INPUT = 2;

/**
 * Code of the CommanderError a command throws when its job ran but failed in part (e.g. some
 * domains of a corpus analysis failed), after printing its results: exit code 1, message as given.
 */
export const JOB_FAILED = 'lancaster.jobFailed';

export interface ErrorOutput {
  readonly exitCode: number;
  readonly text: string;
}

/** How an error thrown by a command is reported. */
export function describeError(err: unknown): ErrorOutput {
  if (err instanceof LancasterError) {
    const errors = err.problems.filter((p) => p.severity !== 'warning');
    const n = errors.length;
    const head = n > 1 ? `${n} problems:\n` : '';
    return {
      exitCode: EXIT_BAD_INPUT,
      text: `${head}${err.problems.map((p) => `error: ${formatProblem(p)}`).join('\n')}`,
    };
  }
  if (err instanceof CommanderError) {
    if (err.code === JOB_FAILED) return { exitCode: EXIT_FAILURE, text: err.message };
    return { exitCode: err.exitCode === 0 ? EXIT_OK : EXIT_BAD_INPUT, text: '' };
  }
  const message = err instanceof Error ? err.message : String(err);
  const stack = process.env.LANCASTER_DEBUG && err instanceof Error ? `\n${err.stack}` : '';
  return {
    exitCode: EXIT_FAILURE,
    text: `error: ${message}${stack}\n(this is a bug in Lancaster, not in your input; set LANCASTER_DEBUG=1 for details)`,
  };
}
