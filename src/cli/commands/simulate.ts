/**
 * `lancaster simulate`: one negotiation with software negotiators, its transcript, result and HTML report.
 */

import { formatProblem } from '../../errors.ts';
import { simulate } from '../../run/simulate.ts';
import type { RegisterCommand } from '../context.ts';
import { loadScenario } from '../context.ts';
import { simulationJson } from '../json.ts';
import { parseNegotiatorAssignments, parseSeed } from '../options.ts';
import { resultText, transcriptText } from '../render.ts';

export const DEFAULT_SCENARIO = 'london-2025';
export const DEFAULT_SEED = 1;

export const registerSimulate: RegisterCommand = (program, { io, c }) => {
  program
    .command('simulate')
    .description(
      'run a scenario with software negotiators: transcript, agreement, utilities, place against the frontier; writes an HTML report',
    )
    .argument('[scenario]', 'a shipped scenario name or a scenario file (.yaml/.yml/.json)', DEFAULT_SCENARIO)
    .option('--seed <n>', 'random seed: the same seed gives the same run', String(DEFAULT_SEED))
    .option(
      '--negotiators <list>',
      'negotiator per party, e.g. us=boulware:e=0.2,china=conceder (see `lancaster negotiators`)',
    )
    .option('--json', 'print the result as JSON instead of text')
    .option('--report <file>', 'where to write the HTML report (default reports/<scenario>-seed<seed>.html)')
    .option('--no-report', 'do not write the HTML report')
    .option('--full', 'show every offer in the transcript, including repeated ones')
    .action(async (scenarioArg, opts) => {
      const seed = parseSeed(opts.seed);
      const scenario = loadScenario(scenarioArg, {
        onWarning: (w) => io.err(`warning: ${formatProblem(w)}`),
      });
      const negotiators = opts.negotiators
        ? parseNegotiatorAssignments(
            opts.negotiators,
            scenario.parties.map((p) => p.id),
          )
        : undefined;
      const sim = simulate(scenario, negotiators ? { seed, negotiators } : { seed });
      let reportPath: string | null = null;
      if (opts.report !== false) {
        reportPath =
          typeof opts.report === 'string' ? opts.report : `reports/${scenario.id}-seed${seed}.html`;
        // Loaded on demand: the plotting stack (d3, Plot, linkedom) is the slowest import of the CLI.
        const { renderReport, writeReportAtomically } = await import('../../report/index.ts');
        const html = renderReport({
          scenario,
          analysis: sim.analysis,
          result: sim.result,
          metrics: sim.metrics,
          order: sim.order,
          ...(sim.points ? { points: sim.points } : {}),
        });
        await writeReportAtomically(reportPath, html);
      }
      if (opts.json) {
        io.out(JSON.stringify(simulationJson(sim, reportPath), null, 2));
        return;
      }
      const names = sim.order.map((id) => `${id}: ${sim.result.negotiators[id]}`).join(', ');
      io.out(c.bold(`${scenario.title}`));
      io.out(
        c.dim(
          `seed ${seed}; negotiators ${names}; deadline ${scenario.protocol.rounds} rounds over ${scenario.protocol.schedule.map((s) => s.label).join(', ')}`,
        ),
      );
      io.out('');
      io.out(transcriptText(scenario, sim.result, sim.order, c, Boolean(opts.full)));
      io.out('');
      io.out(resultText(scenario, sim.result, sim.metrics, sim.analysis, c));
      if (reportPath) io.out(`\nReport: ${reportPath}`);
    });
};
