/**
 * `lancaster validate`: checks scenario files and reports every problem of every file at once.
 */

import type { Colors } from 'picocolors/types.js';
import { formatProblem, LancasterError } from '../../errors.ts';
import type { Scenario } from '../../model/scenario.ts';
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
          if (s.status === 'draft' || (s.todos ?? []).some((t) => !t.done)) io.out(todoListText(s, c));
        } catch (err) {
          problems.push(err);
        }
      }
      if (problems.length > 0) throw problems.length === 1 ? problems[0] : mergeErrors(problems);
    });
};

/** A draft's checklist: its status and every todo, open ones first, each with the fields it concerns. */
function todoListText(s: Scenario, c: Colors): string {
  const todos = s.todos ?? [];
  const open = todos.filter((t) => !t.done);
  const head =
    s.status === 'draft'
      ? `  draft: ${open.length} open todo${open.length === 1 ? '' : 's'} of ${todos.length}; simulate and forecast refuse it until they are done and \`status: draft\` is removed`
      : `  ${open.length} open todo${open.length === 1 ? '' : 's'} (not a draft: it runs)`;
  const lines = [...open, ...todos.filter((t) => t.done)].map(
    (t) =>
      `  ${t.done ? c.green('[x]') : '[ ]'} ${t.id} (${t.kind}): ${t.task}${t.paths.length > 0 ? ` [${t.paths.join(', ')}]` : ''}`,
  );
  return [head, ...lines].join('\n');
}

/** Several files failed: one error with every problem of every file (a non-input error wins). */
function mergeErrors(errors: unknown[]): unknown {
  const other = errors.find((e) => !(e instanceof LancasterError));
  if (other) return other;
  return new LancasterError((errors as LancasterError[]).flatMap((e) => e.problems));
}
