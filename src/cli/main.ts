/**
 * The `lancaster` command line: a thin shell over the library. Each command (one file in
 * `commands/`) loads its input through `formats/`, calls one library function, and renders the
 * result as text or JSON. Errors go through `describeError` (the one place that picks exit
 * codes); output goes through an injectable `Io` so tests can run commands in-process too.
 */
import { Command, CommanderError, Option } from '@commander-js/extra-typings';
import { LANCASTER_VERSION } from '../version.ts';
import { COMMANDS } from './commands/index.ts';
import { commandContext, type Io } from './context.ts';
import { describeError, EXIT_OK } from './exit.ts';

export type { Io } from './context.ts';

const processIo: Io = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
  color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR && process.env.TERM !== 'dumb',
};

/**
 * Help is laid out for 80 columns on every terminal, so that it is one text: `lancaster --help` is
 * answered from that text, saved at build time (bundle/help.txt, scripts/bundle.mjs), without
 * loading the CLI at all.
 */
const HELP_WIDTH = 80;

function buildProgram(io: Io): Command {
  const program = new Command()
    .name('lancaster')
    .description(
      'Negotiation engine: model, simulate and analyse negotiations (default: the US–China talks in London, June 2025).',
    )
    .version(LANCASTER_VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (t) => io.out(t),
      writeErr: (t) => io.err(t),
      getOutHelpWidth: () => HELP_WIDTH,
      getErrHelpWidth: () => HELP_WIDTH,
    })
    .exitOverride();
  const ctx = commandContext(io);
  for (const register of COMMANDS) register(program, ctx);
  program.addOption(new Option('--no-color', 'plain output').hideHelp());
  return program;
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
