/**
 * `lancaster tournament <spec>`: runs (or resumes) a tournament on all cores, or with `--queue` on
 * the `lancaster worker`s of any machine, with live progress on stderr, results in SQLite, the
 * ranking and pairwise tables (or `--json`) on stdout, and optional CSV/JSON export. `--match K`
 * re-runs one match alone and prints its result.
 */
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { CommanderError } from 'commander';
import { LancasterError } from '../../errors.ts';
import { writeFileAtomic } from '../../formats/write-atomic.ts';
import type { RegisterCommand } from '../context.ts';
import { JOB_FAILED } from '../exit.ts';
import { parsePositiveInt, usableWorkers } from '../options.ts';

function parseMatchIndex(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new LancasterError({
      code: 'BAD_OPTION',
      path: '--match',
      message: `'${text}' is not a match index`,
      expected: 'a whole number from 0, e.g. --match 17',
    });
  }
  return n;
}

export const registerTournament: RegisterCommand = (program, { io, c }) => {
  program
    .command('tournament')
    .description(
      'run negotiators against each other on many scenarios, on all cores; resumable; results to SQLite, ranking with 95% CIs',
    )
    .argument('<spec>', 'a tournament spec file (.tournament.yaml)')
    .option('--db <file>', 'SQLite results file (default results/<tournament id>.sqlite)')
    .option('--resume', 'continue an unfinished tournament in --db, running only its missing matches')
    .option(
      '--workers <n>',
      "threads to play on (default: the number of cores); with Lancaster's own negotiators this thread is one of them, and plays a small tournament alone",
    )
    .option(
      '--queue <redis-url>',
      'run the matches as jobs on a BullMQ queue in this Redis, for `lancaster worker`s on any machine (e.g. redis://host:6379)',
    )
    .option('--json', 'print the summary (ranking, pairwise table) as JSON')
    .option('--export <format>', 'also write the results as csv or json (needs --out)')
    .option('--out <file>', 'where --export writes')
    .option('--match <k>', 'run only match K, in this process, and print its result')
    .action(async (specPath, opts) => {
      // Loaded on demand: SQLite, the pool and the terminal stack are not needed by other commands;
      // module by module (the match runner and the pool are loaded only when they play).
      const [
        { loadTournamentSpec },
        { runSingleMatch, runTournament, tournamentTables },
        { TournamentStore },
      ] = await Promise.all([
        import('../../run/tournament/spec.ts'),
        import('../../run/tournament/run.ts'),
        import('../../run/tournament/store.ts'),
      ]);
      const [
        { pairwiseTableText, rankingTableText },
        { progressReporter },
        { tournamentCsv, tournamentJson },
      ] = await Promise.all([
        import('../../run/tournament/tables.ts'),
        import('../../run/tournament/progress.ts'),
        import('../../run/tournament/export.ts'),
      ]);
      const spec = loadTournamentSpec(specPath);
      if (opts.match !== undefined) {
        const m = await runSingleMatch(spec, parseMatchIndex(opts.match));
        const out = {
          tournament: spec.id,
          matchIndex: m.matchIndex,
          seed: m.descriptor.seed,
          scenario: m.task.scenarioName,
          deadline: m.descriptor.deadline,
          repetition: m.descriptor.repetition,
          roles: m.task.roles,
          result: m.result,
        };
        if (opts.json) io.out(JSON.stringify(out, null, 2));
        else {
          const r = m.result;
          io.out(
            c.bold(
              `${spec.id} match ${m.matchIndex}: ${out.scenario}, seed ${out.seed}, repetition ${out.repetition}`,
            ),
          );
          for (const p of r.parties) {
            io.out(
              `  ${p.party} ${p.negotiator}: utility ${p.utility.toFixed(3)} (advantage ${p.advantage.toFixed(3)}${p.modelAccuracy === null ? '' : `, opponent model accuracy ${p.modelAccuracy.toFixed(3)}`})`,
            );
          }
          io.out(
            `  ${r.outcome}${r.rounds !== null ? ` after ${r.rounds} rounds` : ''}${r.error ? `; ${r.error.code}: ${r.error.message}` : ''}`,
          );
        }
        return;
      }
      const format = opts.export;
      if (format !== undefined && format !== 'csv' && format !== 'json') {
        throw new LancasterError({
          code: 'BAD_OPTION',
          path: '--export',
          message: `'${format}' is not an export format`,
          expected: 'csv or json',
        });
      }
      if (format !== undefined && !opts.out) {
        throw new LancasterError({
          code: 'BAD_OPTION',
          path: '--out',
          message: '--export needs a file to write',
          expected: `--out results/${spec.id}.${format}`,
        });
      }
      const workers =
        opts.workers === undefined
          ? undefined
          : usableWorkers('--workers', parsePositiveInt('--workers', opts.workers), io.err);
      let queue: import('../../run/queue.ts').QueueRunOptions | undefined;
      if (opts.queue !== undefined) {
        const { redisTarget } = await import('../../run/queue.ts');
        const url = opts.queue;
        redisTarget(url, '--queue');
        queue = {
          url,
          log: (line) => io.err(`warning: ${line}`),
          onIdle: (n) =>
            io.err(
              `no worker has taken a job yet (${n} connected): start \`lancaster worker --redis ${url}\` on a machine that can reach this Redis`,
            ),
        };
      }
      const db = opts.db ?? `results/${spec.id}.sqlite`;
      if (opts.resume && !existsSync(db)) {
        throw new LancasterError({
          code: 'FILE_NOT_FOUND',
          path: '--resume',
          file: db,
          message: 'there is no results database here to resume',
          expected: `the --db file of the run to continue (default results/${spec.id}.sqlite), or no --resume to start afresh`,
        });
      }
      // Every output is checked before the first match runs, not when the results are written.
      const { checkOutputPath } = await import('../../formats/output-path.ts');
      checkOutputPath(db, '--db');
      if (format !== undefined && opts.out) checkOutputPath(opts.out, '--out');
      const progress = progressReporter(process.stderr);
      let last: Parameters<typeof progress.done>[0] | undefined;
      const summary = await runTournament(spec, {
        db,
        resume: Boolean(opts.resume),
        ...(workers !== undefined ? { workers } : {}),
        ...(queue ? { queue } : {}),
        onProgress: (s) => {
          last = s;
          progress.update(s);
        },
      }).catch(async (e: unknown) => {
        // A job that failed on a worker: the job ran and failed (exit 1), the input was fine.
        if (queue) {
          const { QueueJobError } = await import('../../run/queue.ts');
          if (e instanceof QueueJobError) throw new CommanderError(1, JOB_FAILED, `error: ${e.message}`);
        }
        throw e;
      });
      if (last) progress.done(last);
      if (format !== undefined && opts.out) {
        const store = TournamentStore.open(db);
        try {
          const matches = store.matches(spec.id);
          if (format === 'csv') writeFileAtomic(opts.out, tournamentCsv(spec.id, matches));
          else {
            const tables = tournamentTables(store, spec);
            const body = tournamentJson(
              { id: spec.id, title: spec.title, total: summary.total, specHash: spec.hash },
              matches,
              tables.ranking,
              tables.pairwise,
            );
            writeFileAtomic(opts.out, `${JSON.stringify(body, null, 2)}\n`);
          }
        } finally {
          store.close();
        }
      }
      if (opts.json) {
        io.out(JSON.stringify({ version: 1, ...summary, exported: opts.out ?? null }, null, 2));
        return;
      }
      io.out(
        c.bold(
          `${summary.title}: ${summary.total} matches (${summary.ran} run now), ${summary.errors} with errors`,
        ),
      );
      io.out(rankingTableText(summary.ranking));
      io.out('');
      io.out('Pairwise: mean utility of the row negotiator against the column negotiator');
      io.out(pairwiseTableText(summary.pairwise));
      io.out(`\nResults: ${db}${opts.out ? `; exported to ${opts.out}` : ''} (${basename(spec.file)})`);
    });
};
