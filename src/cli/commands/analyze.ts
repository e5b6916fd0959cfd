/**
 * `lancaster analyze`: the domain analysis of a scenario (frontier, bargaining solutions, opposition).
 */

import { analyzeDomain } from '../../analysis/index.ts';
import type { RegisterCommand } from '../context.ts';
import { loadScenario } from '../context.ts';
import { analysisJson } from '../json.ts';
import { parsePositiveInt } from '../options.ts';
import { analysisText } from '../render.ts';

export const registerAnalyze: RegisterCommand = (program, { io, c }) => {
  program
    .command('analyze')
    .description(
      'analyse a scenario: outcomes, red lines, zone of possible agreement, Pareto frontier, Nash, Kalai, opposition',
    )
    .argument('<scenario>', 'a shipped scenario name or a scenario file')
    .option('--json', 'print the analysis as JSON, with the whole frontier')
    .option('--top <n>', 'frontier points to list in the text output', '10')
    .action((scenarioArg, opts) => {
      const top = parsePositiveInt('--top', opts.top);
      const scenario = loadScenario(scenarioArg);
      const analysis = analyzeDomain(scenario);
      if (opts.json) {
        io.out(
          JSON.stringify(
            {
              version: 1,
              scenario: { id: scenario.id, title: scenario.title },
              ...(analysisJson(scenario, analysis, true) as object),
            },
            null,
            2,
          ),
        );
        return;
      }
      io.out(analysisText(scenario, analysis, c, top));
    });
};
