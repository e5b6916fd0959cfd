/**
 * `lancaster simulate`: one negotiation with software negotiators, its transcript, result and HTML report.
 */

import { formatProblem } from '../../errors.ts';
import type { RegisterCommand } from '../context.ts';
import {
  collect,
  DEFAULT_SCENARIO,
  DEFAULT_SEED,
  PROTOCOL_HELP,
  parseNegotiatorAssignments,
  parsePositiveInt,
  parseProtocolChoice,
  parseSeed,
} from '../options.ts';

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
    .option('--protocol <kind>', PROTOCOL_HELP.protocol)
    .option('--mediator <kind>', PROTOCOL_HELP.mediator)
    .option('--json', 'print the result as JSON instead of text')
    .option('--report <file>', 'where to write the HTML report (default reports/<scenario>-seed<seed>.html)')
    .option('--no-report', 'do not write the HTML report')
    .option('--full', 'show every offer in the transcript, including repeated ones')
    .option(
      '--set <path=value>',
      'override a scenario value, e.g. --set parties.us.reservationValue=0.45 (repeatable)',
      collect,
      [] as string[],
    )
    .option(
      '--forecast [runs]',
      "after the single run, the Monte Carlo forecast (default runs: the scenario's forecast.runs, else 2000)",
    )
    .action(async (scenarioArg, opts) => {
      const seed = parseSeed(opts.seed);
      const protocol = parseProtocolChoice(opts.protocol, opts.mediator);
      const chosen = protocol ? { protocol } : {};
      const { loadScenario } = await import('../load.ts');
      const { simulate } = await import('../../run/simulate.ts');
      const { impactsText, resultText, transcriptText } = await import('../render.ts');
      const { forecastSummaryText } = await import('../forecast-text.ts');
      const { simulationJson } = await import('../json.ts');
      const { forecastOf } = await import('./forecast.ts');
      const scenario = await loadScenario(scenarioArg, {
        sets: opts.set,
        ...chosen,
        onWarning: (w) => io.err(`warning: ${formatProblem(w)}`),
      });
      const { assertRunnable } = await import('../../model/scenario.ts');
      assertRunnable(scenario, scenarioArg);
      const reportPath =
        opts.report === false
          ? null
          : typeof opts.report === 'string'
            ? opts.report
            : `reports/${scenario.id}-seed${seed}.html`;
      if (reportPath) (await import('../../formats/output-path.ts')).checkOutputPath(reportPath, '--report');
      const forecastRuns =
        typeof opts.forecast === 'string' ? parsePositiveInt('--forecast', opts.forecast) : undefined;
      // The forecast runs first so that its progress bar does not land in the middle of the transcript.
      const fc = opts.forecast
        ? await forecastOf(
            {
              scenario: scenarioArg,
              sets: opts.set,
              seed,
              ...(forecastRuns !== undefined ? { runs: forecastRuns } : {}),
              sensitivity: true,
              progress: !opts.json,
              ...chosen,
            },
            io,
          )
        : null;
      const negotiators = opts.negotiators
        ? parseNegotiatorAssignments(
            opts.negotiators,
            scenario.parties.map((p) => p.id),
          )
        : undefined;
      const sim = simulate(scenario, negotiators ? { seed, negotiators } : { seed });
      if (reportPath) {
        // Loaded on demand: the plotting stack (d3, Plot, linkedom) is the slowest import of the CLI.
        const { renderReport, writeReportAtomically } = await import('../../report/index.ts');
        // A simulation is already a report's input; the forecast joins it when there is one.
        const html = renderReport(fc ? { ...sim, forecast: fc.forecast } : sim);
        await writeReportAtomically(reportPath, html);
      }
      if (opts.json) {
        const body = simulationJson(sim, reportPath) as Record<string, unknown>;
        io.out(JSON.stringify(fc ? { ...body, forecast: fc.forecast } : body, null, 2));
        return;
      }
      const names = sim.order.map((id) => `${id}: ${sim.result.negotiators[id]}`).join(', ');
      const pr = scenario.protocol;
      const table =
        pr.kind === 'mediated' ? `mediated by the ${pr.mediator?.kind ?? 'hill-climb'} chair; ` : '';
      io.out(c.bold(`${scenario.title}`));
      io.out(
        c.dim(
          `seed ${seed}; ${table}negotiators ${names}; deadline ${pr.rounds} rounds over ${pr.schedule.map((s) => s.label).join(', ')}`,
        ),
      );
      io.out('');
      io.out(transcriptText(scenario, sim.result, sim.order, c, Boolean(opts.full)));
      io.out('');
      io.out(resultText(scenario, sim.result, sim.metrics, sim.analysis, c));
      const impacts = impactsText(scenario, sim.result.agreement, c);
      if (impacts) io.out(`\n${impacts}`);
      if (fc) {
        io.out('');
        io.out(forecastSummaryText(fc.forecast, c, { elapsedMs: fc.elapsedMs, workers: fc.workers }));
      }
      if (reportPath) io.out(`\nReport: ${reportPath}`);
    });
};
