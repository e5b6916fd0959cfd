/**
 * `lancaster import` and `lancaster export`: the field's formats in and out. Import reads a GENIUS
 * folder or XML file, a GeniusWeb JSON file or Decide data and writes native YAML (atomically); export writes
 * any scenario as a GENIUS folder or as native YAML. Import warnings (the GENIUS quirks handled by
 * rule) go to stderr and do not fail the command.
 */
import { basename, resolve } from 'node:path';
import type { Problem } from '../../errors.ts';
import { formatProblem } from '../../errors.ts';
import type { Io, RegisterCommand } from '../context.ts';
import { parsePositiveInt } from '../options.ts';

function printWarnings(io: Io, warnings: readonly Problem[]): void {
  for (const w of warnings) io.err(`warning: ${formatProblem(w)}`);
}

function partiesOption(list: string | undefined): { parties?: string[] } {
  if (list === undefined) return {};
  return {
    parties: list
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  };
}

export const registerImportExport: RegisterCommand = (program, { io, c }) => {
  program
    .command('import')
    .description(
      'import a GENIUS folder/XML file, a GeniusWeb JSON file or Decide data (.csv) as a native YAML scenario',
    )
    .argument(
      '<source>',
      'a GENIUS folder, a GENIUS XML profile or domain, a GeniusWeb JSON file, or a Decide .csv file',
    )
    .option('--out <file>', 'write the YAML here (default: <name>.yaml in the current folder)')
    .option(
      '--parties <files>',
      'comma-separated profile file names to use as parties (multilateral folders)',
    )
    .option('--rounds <n>', 'deadline in rounds (default 180; 40 for Decide data)')
    .option('--stdout', 'print the YAML instead of writing a file')
    .action(async (source, opts) => {
      const rounds = opts.rounds === undefined ? undefined : parsePositiveInt('--rounds', opts.rounds);
      const { checkOutputPath } = await import('../../formats/output-path.ts');
      if (opts.out !== undefined && !opts.stdout) checkOutputPath(opts.out, '--out');
      const { loadScenarioAnyLazily } = await import('../../formats/detect.ts');
      const { toNativeYaml, writeFileAtomic } = await import('../../formats/index.ts');
      const { scenario, warnings, nativeData } = await loadScenarioAnyLazily(source, {
        ...(rounds !== undefined ? { rounds } : {}),
        ...partiesOption(opts.parties),
      });
      printWarnings(io, warnings);
      // A reader that builds native data (Decide) is written as it built them, ranges included.
      const yaml =
        nativeData !== undefined
          ? (await import('../../formats/decide/load.ts')).decideYaml(nativeData)
          : toNativeYaml(scenario);
      if (opts.stdout) {
        io.out(yaml);
        return;
      }
      const out = opts.out ?? `${scenario.id || basename(resolve(source))}.yaml`;
      checkOutputPath(out, '--out');
      writeFileAtomic(out, yaml);
      io.out(
        `${c.green('wrote')} ${out}: ${scenario.space.issues.length} issues, ${scenario.parties.length} parties, ${warnings.length} warning${warnings.length === 1 ? '' : 's'}`,
      );
    });

  program
    .command('export')
    .description('export a scenario as a GENIUS folder (--genius DIR) or as native YAML (--yaml FILE)')
    .argument('<scenario>', 'a shipped scenario name, a scenario file, a GENIUS folder or a GeniusWeb file')
    .option('--genius <dir>', 'write domain.xml and one profile per party into this folder')
    .option('--yaml <file>', 'write the scenario as native YAML')
    .option('--parties <files>', 'comma-separated profile file names to use as parties (GENIUS input)')
    .action(async (scenarioArg, opts) => {
      if (opts.genius === undefined && opts.yaml === undefined) {
        program.error('error: export needs --genius DIR or --yaml FILE', { exitCode: 2 });
      }
      const { checkOutputPath } = await import('../../formats/output-path.ts');
      if (opts.genius !== undefined) checkOutputPath(opts.genius, '--genius', 'folder');
      if (opts.yaml !== undefined) checkOutputPath(opts.yaml, '--yaml');
      const { loadScenario } = await import('../load.ts');
      const { writeGeniusFolder, writeNativeYaml } = await import('../../formats/index.ts');
      const scenario = await loadScenario(scenarioArg, {
        ...partiesOption(opts.parties),
        onWarning: (w) => io.err(`warning: ${formatProblem(w)}`),
      });
      if (opts.genius !== undefined) {
        const files = writeGeniusFolder(scenario, opts.genius);
        io.out(`${c.green('wrote')} ${files.length} GENIUS files to ${opts.genius}`);
      }
      if (opts.yaml !== undefined) {
        writeNativeYaml(scenario, opts.yaml);
        io.out(`${c.green('wrote')} ${opts.yaml}`);
      }
    });
};
