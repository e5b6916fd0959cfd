/**
 * The `lancaster` command line: a thin shell over the library. Each command loads its input
 * through `formats/`, calls one library function, and renders the result as text or JSON.
 * Errors go through `describeError` (the one place that picks exit codes); output goes through
 * an injectable `Io` so that tests can run commands in-process as well as through the binary.
 */
import { Command, CommanderError, Option } from '@commander-js/extra-typings';
import { createColors } from 'picocolors';
import { analyzeDomain } from '../analysis/index.ts';
import type { DomainAnalysis, UtilityPoint } from '../analysis/types.ts';
import { LancasterError } from '../errors.ts';
import { listShippedScenarios, loadScenarioFile, resolveScenarioPath } from '../formats/index.ts';
import type { Scenario } from '../model/scenario.ts';
import { listNegotiators } from '../negotiators/index.ts';
import type { SessionEvent } from '../protocols/types.ts';
import { renderReport, writeReportAtomically } from '../report/index.ts';
import { type Simulation, simulate } from '../run/simulate.ts';
import { describeError, EXIT_OK } from './exit.ts';
import { parseNegotiatorAssignments, parsePositiveInt, parseSeed } from './options.ts';
import { analysisText, resultText, transcriptText } from './render.ts';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Whether stdout is a colour-capable terminal. */
  readonly color: boolean;
}

const processIo: Io = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
  color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR && process.env.TERM !== 'dumb',
};

export const DEFAULT_SCENARIO = 'london-2025';
export const DEFAULT_SEED = 1;

function loadScenario(nameOrPath: string): Scenario {
  return loadScenarioFile(resolveScenarioPath(nameOrPath));
}

function pointJson(s: Scenario, p: UtilityPoint | null): unknown {
  if (!p) return null;
  return {
    index: p.index,
    package: s.space.toRecord(p.outcome),
    utilities: Object.fromEntries(s.parties.map((party, i) => [party.id, p.utilities[i]])),
  };
}

function analysisJson(s: Scenario, a: DomainAnalysis, frontier: boolean): unknown {
  return {
    outcomes: a.outcomes,
    feasible: a.feasible,
    individuallyRational: a.individuallyRational,
    frontierSize: a.frontier.length,
    approximate: a.approximate,
    reservationValues: Object.fromEntries(s.parties.map((p, i) => [p.id, a.reservationValues[i]])),
    nash: pointJson(s, a.nash),
    kalai: pointJson(s, a.kalai),
    utilitarian: pointJson(s, a.utilitarian),
    egalitarian: pointJson(s, a.egalitarian),
    opposition: a.opposition,
    ...(frontier ? { frontier: a.frontier.map((p) => pointJson(s, p)) } : {}),
  };
}

function eventJson(s: Scenario, order: readonly string[], e: SessionEvent): unknown {
  const base: Record<string, unknown> = { ...e };
  if ('party' in e) base.party = order[e.party];
  if ('outcome' in e) base.outcome = s.space.toRecord(e.outcome);
  return base;
}

/** The machine-readable result of `simulate --json` (versioned: keys are only ever added). */
export function simulationJson(sim: Simulation, reportPath: string | null): unknown {
  const { scenario: s, result: r, metrics: m } = sim;
  return {
    version: 1,
    scenario: { id: s.id, title: s.title },
    seed: r.seed,
    negotiators: r.negotiators,
    status: r.status,
    agreement: r.agreement ? s.space.toRecord(r.agreement) : null,
    rounds: r.rounds,
    steps: r.steps,
    t: r.t,
    vetoes: r.vetoes,
    error: r.error ? { ...r.error, party: sim.order[r.error.party] } : null,
    parties: s.parties.map((p, i) => ({
      id: p.id,
      utility: m.utilities[i],
      discountedUtility: r.discountedUtilities[p.id],
      reservationValue: p.reservationValue,
    })),
    metrics: {
      paretoOptimal: m.paretoOptimal,
      distanceToFrontier: m.distanceToFrontier,
      distanceToNash: m.distanceToNash,
      concession: Object.fromEntries(sim.order.map((id, i) => [id, m.concession[i]])),
    },
    analysis: analysisJson(s, sim.analysis, false),
    transcript: r.events.map((e) => eventJson(s, sim.order, e)),
    report: reportPath,
  };
}

function buildProgram(io: Io): Command {
  const c = createColors(io.color);
  const program = new Command()
    .name('lancaster')
    .description(
      'Negotiation engine: model, simulate and analyse negotiations (default: the US–China talks in London, June 2025).',
    )
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (t) => io.out(t), writeErr: (t) => io.err(t) })
    .exitOverride();

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
      const scenario = loadScenario(scenarioArg);
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

  program
    .command('validate')
    .description('check scenario files and report every problem with file, line and column')
    .argument('<files...>', 'scenario files (.yaml/.yml/.json) or shipped scenario names')
    .action((files) => {
      const problems: unknown[] = [];
      for (const f of files) {
        try {
          const s = loadScenario(f);
          io.out(
            `${c.green('ok')} ${f}: ${s.space.issues.length} issues, ${s.parties.length} parties, ${s.space.size} outcomes, ${s.parameters.filter((p) => p.range).length} uncertain parameters, ${s.sources.length} sources`,
          );
        } catch (err) {
          problems.push(err);
        }
      }
      if (problems.length > 0) throw problems.length === 1 ? problems[0] : mergeErrors(problems);
    });

  program
    .command('negotiators')
    .description('list the built-in negotiators and their parameters')
    .action(() => {
      for (const n of listNegotiators()) io.out(`${c.bold(n.name.padEnd(12))} ${n.doc}`);
    });

  program
    .command('scenarios')
    .description('list the shipped scenarios')
    .action(() => {
      for (const name of listShippedScenarios()) io.out(name);
    });

  program.addOption(new Option('--no-color', 'plain output').hideHelp());
  return program;
}

/** Several files failed: one error with every problem of every file (a non-input error wins). */
function mergeErrors(errors: unknown[]): unknown {
  const other = errors.find((e) => !(e instanceof LancasterError));
  if (other) return other;
  return new LancasterError((errors as LancasterError[]).flatMap((e) => e.problems));
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const program = buildProgram(io);
  if (argv.length === 0) {
    io.out(program.helpInformation());
    return EXIT_OK;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT_OK;
  } catch (err) {
    const { exitCode, text } = describeError(err);
    if (text) io.err(text);
    if (err instanceof CommanderError && exitCode === EXIT_OK) return EXIT_OK;
    return exitCode;
  }
}
