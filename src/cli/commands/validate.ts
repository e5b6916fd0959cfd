/**
 * `lancaster validate`: checks scenario files and reports every problem of every file at once.
 */

import { formatProblem, LancasterError } from '../../errors.ts';
import type { RegisterCommand } from '../context.ts';

export const registerValidate: RegisterCommand = (program, { io, c }) => {
  program
    .command('validate')
    .description('check scenario files and report every problem with file, line and column')
    .argument('<files...>', 'scenario files (.yaml/.yml/.json) or shipped scenario names')
    .action(async (files) => {
      const { loadScenario } = await import('../load.ts');
      const problems: unknown[] = [];
      for (const f of files) {
        try {
          const s = await loadScenario(f, { onWarning: (w) => io.err(`warning: ${formatProblem(w)}`) });
          io.out(
            `${c.green('ok')} ${f}: ${s.space.issues.length} issues, ${s.parties.length} parties, ${s.space.size} outcomes, ${s.parameters.filter((p) => p.range).length} uncertain parameters, ${s.sources.length} sources`,
          );
        } catch (err) {
          problems.push(err);
        }
      }
      if (problems.length > 0) throw problems.length === 1 ? problems[0] : mergeErrors(problems);
    });
};

/** Several files failed: one error with every problem of every file (a non-input error wins). */
function mergeErrors(errors: unknown[]): unknown {
  const other = errors.find((e) => !(e instanceof LancasterError));
  if (other) return other;
  return new LancasterError((errors as LancasterError[]).flatMap((e) => e.problems));
}
