/**
 * `lancaster backtest`: forecasts of talks whose outcome is on record, scored against it, with the
 * reference models beside Lancaster's simulation (src/run/backtest.ts), as a ranking in the
 * terminal, JSON, and a self-contained HTML report with the calibration plot.
 */
import type { RegisterCommand } from '../context.ts';
import { DEFAULT_SEED, parsePositiveInt, parseSeed } from '../options.ts';

export const registerBacktest: RegisterCommand = (program, { io, c }) => {
  program
    .command('backtest')
    .description(
      'score forecasts against recorded outcomes: the simulation and reference models (Nash, Kalai, status quo, uniform, compromise), ranked, with a calibration plot',
    )
    .argument(
      '<scenarios...>',
      'scenario files with an `outcome` block, folders of them, or shipped names (files without an outcome are skipped)',
    )
    .option('--runs <n>', "simulation runs per case (default: the scenario's forecast.runs, else 2000)")
    .option('--seed <n>', 'random seed of the simulations', String(DEFAULT_SEED))
    .option('--json', 'print the result as JSON')
    .option('--report <file>', 'where to write the HTML report (default reports/backtest-seed<seed>.html)')
    .option('--no-report', 'do not write the HTML report')
    .action(async (scenarios, opts) => {
      const seed = parseSeed(opts.seed);
      const runs = opts.runs === undefined ? undefined : parsePositiveInt('--runs', opts.runs);
      const { runBacktest } = await import('../../run/backtest.ts');
      const result = await runBacktest(scenarios, {
        seed,
        ...(runs !== undefined ? { runs } : {}),
        ...(opts.json ? {} : { onCase: (k, n, file) => io.err(c.dim(`[${k + 1}/${n}] ${file}`)) }),
      });
      let reportPath: string | null = null;
      if (opts.report !== false) {
        reportPath = typeof opts.report === 'string' ? opts.report : `reports/backtest-seed${seed}.html`;
        const { renderBacktestReport } = await import('../../report/backtest.ts');
        const { writeReportAtomically } = await import('../../report/write.ts');
        await writeReportAtomically(reportPath, renderBacktestReport(result));
      }
      if (opts.json) {
        io.out(JSON.stringify(result, null, 2));
        return;
      }
      const { backtestText } = await import('../backtest-text.ts');
      io.out(backtestText(result, c));
      if (reportPath) io.out(`\nReport: ${reportPath}`);
    });
};
