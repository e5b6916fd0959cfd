/**
 * `lancaster analyze`: the domain analysis of one scenario (frontier, bargaining solutions,
 * opposition), or of every domain folder under a corpus folder (e.g. the GENIUS corpus), one row
 * per domain. A corpus runs on a worker pool (`--jobs`, all cores by default), each domain under a
 * time limit; a domain that fails or times out becomes a row with its error, the others go on,
 * and the command exits 1 at the end when any failed. `--json` on a corpus prints one document,
 * `{ version, corpus, domains: [row…], failed, ms }`, rows sorted by domain name (infinite outcome
 * counts, of spaces with a real issue, are `null` there).
 */
import { readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { CommanderError } from 'commander';
import { analyzeDomain } from '../../analysis/index.ts';
import { failedDomain } from '../../analysis/summary.ts';
import type { DomainSummary } from '../../analysis/types.ts';
import { LancasterError } from '../../errors.ts';
import { typescriptPool } from '../../run/pool.ts';
import type { RegisterCommand } from '../context.ts';
import { loadScenario } from '../context.ts';
import { JOB_FAILED } from '../exit.ts';
import { analysisJson, corpusJson } from '../json.ts';
import { collect, parsePositiveInt } from '../options.ts';
import { analysisText, corpusText } from '../render.ts';
import { analyzeDomainTask, type DomainTask } from './analyze-worker.ts';

const METHODS = ['auto', 'enumeration', 'issue-merge', 'search'] as const;
type Method = (typeof METHODS)[number];

/** Options of {@link analyzeCorpus}. */
export interface CorpusOptions {
  /** Worker threads (default: all cores); 1 analyses in this thread. */
  readonly jobs?: number;
  /** Folders with more profiles than this are analysed with their first two (default 9). */
  readonly maxParties?: number;
  readonly method?: Method;
  readonly seed?: number;
  /** Wall-clock limit per domain, in seconds (default 300; only with a pool). */
  readonly timeoutSeconds?: number;
  /** Called as each domain finishes (in completion order). */
  readonly onRow?: (row: DomainSummary) => void;
}

/**
 * Whether `path` is a folder of domain folders: it holds sub-folders and no scenario file itself.
 *
 * @example
 * isCorpusFolder('../shared/data/genius'); // true
 */
export function isCorpusFolder(path: string): boolean {
  let names: string[];
  try {
    if (!statSync(path).isDirectory()) return false;
    names = readdirSync(path);
  } catch {
    return false;
  }
  if (names.some((n) => /\.(xml|json|ya?ml)$/i.test(n))) return false;
  return names.some((n) => isDir(join(path, n)));
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Analyses every domain folder under `dir` (see the module comment); rows sorted by domain name.
 *
 * @example
 * const rows = await analyzeCorpus('../shared/data/genius', { jobs: 2 });
 * rows.filter((r) => r.error).length; // domains that failed
 */
export async function analyzeCorpus(dir: string, opts: CorpusOptions = {}): Promise<DomainSummary[]> {
  const domains = readdirSync(dir)
    .filter((n) => isDir(join(dir, n)))
    .sort();
  const tasks: DomainTask[] = domains.map((domain) => ({
    dir: resolve(dir, domain),
    domain,
    maxParties: opts.maxParties ?? 9,
    method: opts.method ?? 'auto',
    seed: opts.seed ?? 0,
  }));
  const jobs = Math.min(opts.jobs ?? availableParallelism(), tasks.length);
  const rows: DomainSummary[] = [];
  const done = (row: DomainSummary) => {
    rows.push(row);
    opts.onRow?.(row);
  };
  if (jobs <= 1) {
    for (const t of tasks) done(analyzeDomainTask(t));
  } else {
    const pool = typescriptPool({
      filename: new URL('./analyze-worker.ts', import.meta.url).href,
      threads: jobs,
    });
    const limitMs = (opts.timeoutSeconds ?? 300) * 1000;
    try {
      // Largest-first would balance better, but sizes are unknown before loading; the name order
      // interleaves big (anac2014_*) and small folders well enough.
      await Promise.all(
        tasks.map(async (t) => {
          const controller = new AbortController();
          const timer = setTimeout(() => controller.abort(), limitMs);
          const t0 = performance.now();
          try {
            done((await pool.run(t, { signal: controller.signal })) as DomainSummary);
          } catch (err) {
            done(
              failedDomain(
                t.domain,
                controller.signal.aborted
                  ? {
                      code: 'TIMEOUT',
                      message: `no result within ${limitMs / 1000} s; the worker was stopped`,
                    }
                  : { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) },
                performance.now() - t0,
              ),
            );
          } finally {
            clearTimeout(timer);
          }
        }),
      );
    } finally {
      await pool.destroy();
    }
  }
  return rows.sort((a, b) => (a.domain < b.domain ? -1 : a.domain > b.domain ? 1 : 0));
}

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
      if (isCorpusFolder(scenarioArg)) {
        if (opts.parties) {
          throw new LancasterError({
            code: 'BAD_OPTION',
            path: '--parties',
            message: '--parties picks profiles of one domain; a corpus folder holds many',
            expected: 'a single domain folder with --parties, or --max-parties for a corpus',
          });
        }
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
      const scenario = loadScenario(scenarioArg, {
        ...(parties ? { parties } : {}),
        sets: opts.set,
        onWarning: (p) => io.err(`warning: ${p.file ? `${p.file}: ` : ''}${p.message}`),
      });
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
