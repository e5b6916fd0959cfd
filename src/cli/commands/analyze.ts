/**
 * `lancaster analyze`: the domain analysis of one scenario (frontier, bargaining solutions,
 * opposition), or of every domain folder under a corpus folder (e.g. the GENIUS corpus), one row
 * per domain (`run/corpus.ts`). A domain that fails or times out becomes a row with its error, the
 * others go on, and the command exits 1 at the end when any failed. `--json` on a corpus prints
 * one document, `{ version, corpus, domains: [row…], failed, ms }`, rows sorted by domain name
 * (infinite outcome counts, of spaces with a real issue, are `null` there).
 */
import { resolve } from 'node:path';
import { CommanderError } from 'commander';
import { LancasterError } from '../../errors.ts';
import type { RegisterCommand } from '../context.ts';
import { JOB_FAILED } from '../exit.ts';
import { collect, parsePositiveInt } from '../options.ts';

const METHODS = ['auto', 'enumeration', 'issue-merge', 'search'] as const;
type Method = (typeof METHODS)[number];

function parseMethod(text: string): Method {
  if ((METHODS as readonly string[]).includes(text)) return text as Method;
  throw new LancasterError({
    code: 'BAD_OPTION',
    path: '--method',
    message: `'${text}' is not an analysis method`,
    expected: `one of ${METHODS.join(', ')}`,
  });
}

export const registerAnalyze: RegisterCommand = (program, { io, c }) => {
  program
    .command('analyze')
    .description(
      'analyse a scenario or GENIUS/GeniusWeb domain (outcomes, red lines, zone of possible agreement, Pareto frontier, Nash, Kalai, opposition), or every domain folder under a corpus folder',
    )
    .argument(
      '<scenario>',
      'a shipped scenario name, a scenario file, a GENIUS/GeniusWeb folder or file, or a folder of domain folders',
    )
    .option('--json', 'print the analysis as JSON, with the whole frontier (a corpus: one row per domain)')
    .option('--top <n>', 'frontier points to list in the text output', '10')
    .option('--parties <files>', 'profile files to use as parties, comma-separated (e.g. a.xml,b.xml)')
    .option('--method <method>', `${METHODS.join(' | ')}`, 'auto')
    .option('--seed <n>', 'seed of searches and samples', '0')
    .option('--jobs <n>', 'corpus: worker threads (default: all cores)')
    .option('--max-parties <n>', 'corpus: folders with more profiles are analysed with their first two', '9')
    .option('--timeout <seconds>', 'corpus: time limit per domain', '300')
    .option(
      '--set <path=value>',
      'override a scenario value, e.g. --set parties.us.redLines=[] (repeatable)',
      collect,
      [] as string[],
    )
    .action(async (scenarioArg, opts) => {
      const top = parsePositiveInt('--top', opts.top);
      const method = parseMethod(opts.method);
      const seed = Number(opts.seed);
      if (!Number.isSafeInteger(seed) || seed < 0) parsePositiveInt('--seed', opts.seed);
      // Loaded here, not at the top: `lancaster --help` must not pay for the analysis stack.
      const { isCorpusFolder } = await import('../../formats/detect.ts');
      const { analysisJson, corpusJson } = await import('../json.ts');
      const { analysisText, corpusText } = await import('../render.ts');
      if (isCorpusFolder(scenarioArg)) {
        if (opts.parties) {
          throw new LancasterError({
            code: 'BAD_OPTION',
            path: '--parties',
            message: '--parties picks profiles of one domain; a corpus folder holds many',
            expected: 'a single domain folder with --parties, or --max-parties for a corpus',
          });
        }
        const { analyzeCorpus } = await import('../../run/corpus.ts');
        const t0 = performance.now();
        const rows = await analyzeCorpus(scenarioArg, {
          ...(opts.jobs ? { jobs: parsePositiveInt('--jobs', opts.jobs) } : {}),
          maxParties: parsePositiveInt('--max-parties', opts.maxParties),
          timeoutSeconds: parsePositiveInt('--timeout', opts.timeout),
          method,
          seed,
        });
        const ms = performance.now() - t0;
        const failed = rows.filter((r) => r.error).length;
        io.out(
          opts.json
            ? JSON.stringify(corpusJson(resolve(scenarioArg), rows, ms), null, 2)
            : corpusText(rows, c, ms),
        );
        if (failed > 0) {
          throw new CommanderError(
            1,
            JOB_FAILED,
            `error: ${failed} of ${rows.length} domains failed (see the rows marked FAILED)`,
          );
        }
        return;
      }
      const parties = opts.parties
        ?.split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0);
      const { loadScenario } = await import('../load.ts');
      const { analyzeDomain } = await import('../../analysis/analyze.ts');
      const scenario = await loadScenario(scenarioArg, {
        ...(parties ? { parties } : {}),
        sets: opts.set,
        onWarning: (p) => io.err(`warning: ${p.file ? `${p.file}: ` : ''}${p.message}`),
      });
      if (scenario.status === 'draft') {
        io.err(
          `warning: ${scenarioArg} is a draft: its weights, evaluators and reservation values are placeholders until its todos are done (lancaster validate lists them)`,
        );
      }
      const analysis = analyzeDomain(scenario, { method, seed });
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
