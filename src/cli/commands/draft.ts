/**
 * `lancaster draft`: a scenario draft from news articles, every item with its evidence, every
 * judgement left to a person as a todo; `--against` sets the article beside an existing scenario;
 * `--llm` asks the user's own OpenAI-compatible endpoint instead of the offline rules. The drafter
 * and its NLP libraries load only when this command runs.
 */
import { formatProblem, LancasterError } from '../../errors.ts';
import type { RegisterCommand } from '../context.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const registerDraft: RegisterCommand = (program, { io, c }) => {
  program
    .command('draft')
    .description(
      'draft a scenario from news articles (.txt, .md, .html): every item with its evidence, every judgement a todo',
    )
    .argument('<articles...>', 'article files (.txt, .md, .html)')
    .option('--out <file>', 'write the draft here (.yaml, .yml or .json) instead of printing it')
    .option('--json', 'JSON instead of YAML (with --against: the findings as JSON)')
    .option('--date <YYYY-MM-DD>', "the article's date, for relative dates (default: read from the article)")
    .option(
      '--against <scenario>',
      'compare the article with this scenario: gaps and contradictions, with lines',
    )
    .option(
      '--llm <url>',
      'draft with your own OpenAI-compatible chat-completions endpoint instead of the rules',
    )
    .option('--llm-model <name>', 'model name sent to the --llm endpoint', 'default')
    .action(async (files, opts) => {
      if (opts.date !== undefined && (!DATE.test(opts.date) || Number.isNaN(Date.parse(opts.date)))) {
        throw new LancasterError({
          code: 'BAD_OPTION',
          path: '--date',
          message: `"${opts.date}" is not a date`,
          expected: 'YYYY-MM-DD, e.g. --date 2025-06-10',
        });
      }
      const { readArticleFile } = await import('../../formats/article.ts');
      const articles = files.map((f) =>
        readArticleFile(f, opts.date !== undefined ? { date: opts.date } : {}),
      );
      const { validateScenarioData } = await import('../../formats/native/load.ts');
      let data: Record<string, unknown>;
      if (opts.llm !== undefined) {
        const { llmRequest, llmAnswerJson } = await import('../../draft/llm.ts');
        const { postChat } = await import('../../run/llm.ts');
        const { scenarioJsonSchema } = await import('../../formats/native/schema.ts');
        const answer = llmAnswerJson(
          await postChat(opts.llm, llmRequest(articles, scenarioJsonSchema(), opts.llmModel)),
        );
        if (!answer.ok) {
          throw new LancasterError({
            code: 'LLM_BAD_ANSWER',
            file: opts.llm,
            message: answer.reason,
            expected: 'a JSON draft scenario in the answer',
          });
        }
        const checked = validateScenarioData(answer.data, `the answer of ${opts.llm}`);
        if (!checked.ok) {
          throw new LancasterError([
            {
              code: 'LLM_BAD_ANSWER',
              file: opts.llm,
              message: 'the model answered a scenario that does not validate',
              expected: 'a draft that passes the scenario schema (its problems follow)',
            },
            ...checked.problems,
          ]);
        }
        if ((answer.data as { status?: unknown }).status !== 'draft') {
          throw new LancasterError({
            code: 'LLM_BAD_ANSWER',
            file: opts.llm,
            path: 'status',
            message: 'the model answered a scenario without status: draft',
            expected: 'status: draft, with its judgements as todos',
          });
        }
        data = answer.data as Record<string, unknown>;
      } else {
        const { draftScenario } = await import('../../draft/index.ts');
        data = draftScenario(articles).data;
        // The drafter's own output must pass the checks every scenario passes.
        const checked = validateScenarioData(data, 'the draft');
        if (!checked.ok)
          throw new Error(
            `the drafter wrote an invalid scenario: ${checked.problems.map(formatProblem).join('; ')}`,
          );
      }

      if (opts.against !== undefined) {
        const { resolveScenarioPath } = await import('../../formats/scenario-files.ts');
        const { readTextFile } = await import('../../formats/text-file.ts');
        const { compareWithScenario } = await import('../../draft/against.ts');
        const path = resolveScenarioPath(opts.against);
        const shown = opts.against === path ? path : `scenarios/${path.split(/[\\/]/).pop()}`;
        const items = ((data.draft as { items?: unknown[] } | undefined)?.items ?? []) as Parameters<
          typeof compareWithScenario
        >[0];
        const cmp = compareWithScenario(items, readTextFile(path), shown);
        if (opts.json)
          io.out(
            JSON.stringify({ scenario: shown, findings: cmp.findings, matched: cmp.matched.length }, null, 2),
          );
        else {
          const n = (k: string) => cmp.findings.filter((f) => f.kind === k).length;
          io.out(
            `${files.join(', ')} against ${shown}: ${n('contradiction')} contradiction(s), ${n('gap')} gap(s), ${cmp.matched.length} item(s) the scenario has`,
          );
          for (const f of cmp.findings) {
            const tag = f.kind === 'contradiction' ? c.red('contradiction') : c.yellow('gap');
            io.out(
              `\n${tag} (${f.item}) ${f.scenario.file}:${f.scenario.line}${f.scenario.path ? ` ${f.scenario.path}` : ''}\n  ${f.message}\n  article ${f.article.file}:${f.article.start}-${f.article.end}: "${f.article.sentence}"`,
            );
          }
        }
        if (opts.out === undefined) return;
      }

      const json =
        opts.json === true && opts.against === undefined
          ? true
          : (opts.out ?? '').toLowerCase().endsWith('.json');
      let text: string;
      if (json) text = `${JSON.stringify(data, null, 2)}\n`;
      else {
        const { stringify } = await import('yaml');
        text = `# A scenario DRAFT made by lancaster draft: every judgement is a todo (see todos:).\n# lancaster validate lists them; simulate and forecast refuse this file until they are done\n# and the line status: draft is removed. docs/scenario-format.md (Drafts)\n${stringify(data, { lineWidth: 110, aliasDuplicateObjects: false })}`;
      }
      const todos = (data.todos as { done?: boolean }[] | undefined) ?? [];
      const items = (data.draft as { items?: { kind: string }[] } | undefined)?.items ?? [];
      const kinds = [...new Set(items.map((i) => i.kind))].map(
        (k) => `${items.filter((i) => i.kind === k).length} ${k}`,
      );
      const summary = `draft ${String(data.id)}: ${kinds.join(', ')}; ${todos.filter((t) => !t.done).length} todos`;
      if (opts.out !== undefined) {
        const { writeFileAtomic } = await import('../../formats/write-atomic.ts');
        writeFileAtomic(opts.out, text);
        io.out(`${summary}\nwrote ${opts.out} (lancaster validate ${opts.out} lists the todos)`);
      } else {
        io.out(text);
        io.err(summary);
      }
    });
};
