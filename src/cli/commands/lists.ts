/**
 * `lancaster negotiators` and `lancaster scenarios`: what is built in and shipped.
 */

import type { RegisterCommand } from '../context.ts';

export const registerLists: RegisterCommand = (program, { io, c }) => {
  program
    .command('negotiators')
    .description('list the built-in negotiators and their parameters')
    .action(async () => {
      const { listNegotiators } = await import('../../negotiators/index.ts');
      for (const n of listNegotiators()) {
        io.out(`${c.bold(n.name.padEnd(12))} ${n.doc}`);
        // Every parameter with its default, so a spec can be written from this listing alone.
        for (const p of n.params) {
          const d = p.default;
          const shown = d === undefined ? '' : typeof d === 'object' ? `=${d.name}(…)` : `=${String(d)}`;
          io.out(`    ${c.dim(`${p.name}${shown}${p.required ? ' (required)' : ''}`)}  ${p.doc}`);
        }
      }
    });

  program
    .command('scenarios')
    .description('list the shipped scenarios')
    .action(async () => {
      const { listShippedScenarios } = await import('../../formats/scenario-files.ts');
      for (const name of listShippedScenarios()) io.out(name);
    });
};
