/**
 * Start-up stays cheap: `lancaster --help` loads commander and the command declarations, nothing
 * else, and analysing a GENIUS domain never loads the native format's stack (zod, yaml) or the
 * worker pool. In the child process, the CLI's main thread (bundle/cli.cjs) reports each of its
 * modules as it starts, a preload reports every package required, and a module-resolution hook
 * every file imported (worker threads run from the ES module bundle, whose `inputs.json` says which
 * of dist/'s modules and which packages each file holds; scripts/bundle.mjs). A command that starts
 * importing a heavy stack at the top of its file fails here (the times themselves are measured in
 * bench/startup.bench.ts, never asserted).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';
import { BIN, REPO_ROOT } from './support/cli.ts';

// Registered in every thread (worker threads inherit the --import): each line names its thread.
const HOOK = `
let thread = 0;
export async function initialize(id) { thread = id; }
const seen = new Set();
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  if (!seen.has(r.url)) { seen.add(r.url); process.stderr.write('LOADED ' + thread + ' ' + r.url + '\\n'); }
  return r;
}`;
const REGISTER = `import { register } from 'node:module'; import { threadId } from 'node:worker_threads'; register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HOOK)}), { data: threadId });`;

/** Reports the modules the main thread starts from bundle/cli.cjs, and required packages. */
const TRACE = fileURLToPath(new URL('support/trace-loads.cjs', import.meta.url));

/** The modules in each file of the bundle, by its path in bundle/ (written by scripts/bundle.mjs). */
const BUNDLE_INPUTS = JSON.parse(readFileSync(join(REPO_ROOT, 'bundle', 'inputs.json'), 'utf8')) as Record<
  string,
  string[]
>;

/** What some thread(s) of a command loaded: files by URL, and from them packages and dist/ modules. */
interface Loaded {
  /** Packages under node_modules. */
  packages: Set<string>;
  /** Lancaster's modules, by their path in dist/ without `.js`. */
  modules: Set<string>;
  files: string[];
}

/** What a command loads in its main thread, and in its worker threads (all of them together). */
function loaded(args: readonly string[]): Loaded & { workers: Loaded; stdout: string } {
  const r = spawnSync(
    process.execPath,
    ['--require', TRACE, '--import', `data:text/javascript,${encodeURIComponent(REGISTER)}`, BIN, ...args],
    { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
  );
  expect(r.status, r.stderr).toBe(0);
  const lines = r.stderr
    .split('\n')
    .filter((l) => l.startsWith('LOADED '))
    .map((l) => /^LOADED (\d+) (.*)$/.exec(l)?.slice(1) as [string, string]);
  const main = lines.filter(([thread]) => thread === '0').map(([, url]) => url);
  const workers = lines.filter(([thread]) => thread !== '0').map(([, url]) => url);
  return { ...what(main), workers: what(workers), stdout: r.stdout };
}

/** The packages and modules `files` (URLs loaded) hold. */
function what(files: string[]): Loaded {
  // A bundle file stands for the modules in it; anything else (an external package) for itself.
  const urls = files.flatMap((u) => {
    const inBundle = /\/bundle\/(.+)$/.exec(u)?.[1];
    if (inBundle === undefined) return [u];
    const inputs = BUNDLE_INPUTS[inBundle];
    expect(inputs, `${inBundle} is not in bundle/inputs.json: rebuild (npm run build)`).toBeDefined();
    return (inputs ?? []).map((i) => `/${i}`);
  });

  const packages = new Set(
    urls
      .map((u) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u)?.[1])
      .filter((p): p is string => p !== undefined),
  );
  const modules = new Set(
    urls.map((u) => /\/dist\/(.+)\.js$/.exec(u)?.[1]).filter((m): m is string => m !== undefined),
  );
  return { packages, modules, files };
}

/**
 * What a bundle file loads before any of its code runs: itself and what it imports statically,
 * transitively (not its `import()`s). For the modules a worker thread starts with, which the hook
 * above does not see when piscina imports them.
 */
function startsWith(entry: string): Loaded {
  const files = new Set<string>();
  const externals = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const text = readFileSync(join(REPO_ROOT, 'bundle', file), 'utf8');
    for (const m of text.matchAll(/^import\s*(?:[^'";]*?\bfrom\s*)?["']([^"']+)["'];?$/gm)) {
      const spec = m[1] as string;
      if (spec.startsWith('.')) visit(posix.join(posix.dirname(file), spec));
      else if (!spec.startsWith('node:')) externals.add(`/node_modules/${spec}/`);
    }
  };
  visit(entry);
  const loaded = what([...files].map((f) => `/bundle/${f}`));
  for (const e of what([...externals]).packages) loaded.packages.add(e);
  return loaded;
}

const HEAVY = ['zod', 'yaml', 'fast-xml-parser', 'piscina', 'better-sqlite3', 'bullmq', 'ioredis', 'hono'];

describe('start-up', () => {
  it("--help, and lancaster alone, print the help saved at build time, the CLI's own text, loading none of the CLI", async () => {
    const out: string[] = [];
    const io = { out: (t: string) => out.push(t.endsWith('\n') ? t : `${t}\n`), err: () => {}, color: false };
    expect(await main(['--help'], io)).toBe(0);
    expect(out.join('')).toMatch(/^Usage: lancaster .*Commands:/s);
    for (const args of [['--help'], ['-h'], []]) {
      const { files, stdout } = loaded(args);
      expect(stdout, `lancaster ${args.join(' ')}`).toBe(out.join(''));
      expect(files.filter((f) => /\/(bundle|dist)\/.*\.js$/.test(f))).toEqual([]);
    }
  });

  it('--version prints the version the CLI prints, loading none of the CLI', async () => {
    const out: string[] = [];
    const io = { out: (t: string) => out.push(t.endsWith('\n') ? t : `${t}\n`), err: () => {}, color: false };
    expect(await main(['--version'], io)).toBe(0);
    expect(out.join('')).toMatch(/^\d+\.\d+\.\d+/);
    for (const flag of ['--version', '-V']) {
      const { files, stdout } = loaded([flag]);
      expect(stdout).toBe(out.join(''));
      expect(files.filter((f) => /\/(bundle|dist)\/.*\.js$/.test(f))).toEqual([]);
    }
  });

  it('help through the CLI loads the command declarations and commander only', () => {
    const { packages, modules } = loaded(['help']);
    expect(modules).toContain('cli/main');
    // commander and picocolors are inside bundle/cli.cjs; no other package is required.
    expect([...packages]).toEqual([]);
    // Small leaf modules (errors, options, text renderers, the atomic writer) are fine; the stacks are not.
    const stacks =
      /^(formats\/(native|genius|geniusweb|export)|analysis|run|server|draft|report|negotiators|protocols)\//;
    for (const m of modules) expect(m, `help loaded dist/${m}.js`).not.toMatch(stacks);
  });

  it('worker threads start without zod or yaml: what their modules import before running', () => {
    const starts: [string, string][] = [
      ['run/tournament/match.js', 'run/session'], // a tournament's pool thread, on its first match
      ['run/corpus-worker.js', 'formats/genius/folder'], // analyze of a corpus, --jobs 2 and more
      ['run/forecast-task.js', 'formats/native/convert'], // a forecast's thread, sent parsed data
      ['server/software-worker.js', 'run/session'], // the server's software seats
    ];
    for (const [entry, holds] of starts) {
      const { packages, modules } = startsWith(entry);
      expect(modules, entry).toContain(holds);
      for (const p of ['zod', 'yaml', 'better-sqlite3'])
        expect(packages, `${entry} loads ${p}`).not.toContain(p);
      expect(modules, entry).not.toContain('formats/native/schema');
    }
    // The walk sees what a module imports: a studio thread reads native scenarios (zod, yaml), and a
    // corpus thread holds the GENIUS reader's XML reader (Lancaster's own, no XML package).
    expect(startsWith('server/studio-worker.js').packages).toContain('zod');
    expect(startsWith('run/corpus-worker.js').modules).toContain('formats/genius/xml');
    expect(startsWith('run/corpus-worker.js').packages).not.toContain('fast-xml-parser');
  });

  it("bundles zod's English messages and none of its other languages (scripts/bundle.mjs)", () => {
    const locales = Object.values(BUNDLE_INPUTS)
      .flat()
      .filter((i) => /node_modules\/zod\/v4\/locales\/[^/]+\.js$/.test(i))
      .map((i) => i.replace(/.*\//, ''));
    expect(new Set(locales)).toEqual(new Set(['index.js', 'en.js']));
  });

  const camera = resolve(REPO_ROOT, '..', 'shared', 'data', 'genius', 'anac2011_Camera');
  it.runIf(existsSync(camera))(
    'analyze of a GENIUS domain loads its reader, not the native format or a pool',
    () => {
      const { packages, modules } = loaded(['analyze', camera]);
      for (const p of HEAVY) expect(packages).not.toContain(p);
      expect(modules).toContain('formats/genius/folder');
      expect(modules).toContain('formats/genius/xml');
      expect(modules).not.toContain('formats/native/load');
      expect(modules).not.toContain(join('run', 'pool'));
    },
  );

  it.runIf(existsSync(camera))(
    'simulate of a GENIUS domain runs its session without the native format, zod or a pool',
    () => {
      const { packages, modules } = loaded(['simulate', camera, '--no-report']);
      expect(modules).toContain('run/session');
      for (const p of HEAVY) expect(packages).not.toContain(p);
      expect(modules).not.toContain('formats/native/load');
      expect(modules).not.toContain('negotiators/external-messages');
    },
  );

  it('the worker threads of a forecast, sent its parsed scenario, load neither zod nor yaml', () => {
    const { packages, workers } = loaded([
      'forecast',
      'london-2025',
      '--runs',
      '200',
      '--swing-runs',
      '10',
      '--workers',
      '2',
    ]);
    expect(packages).toContain('zod'); // this thread reads the scenario file
    expect(workers.modules).toContain('run/forecast-task');
    expect(workers.modules).toContain('formats/native/convert');
    for (const p of ['zod', 'yaml']) expect(workers.packages).not.toContain(p);
    expect(workers.modules).not.toContain('formats/native/schema');
  });

  /** A tournament spec on Camera (written to a new folder, beside where its results go). */
  const tournament = (negotiators: string[], repetitions: number) => {
    const dir = mkdtempSync(join(tmpdir(), 'lancaster-startup-'));
    const spec = join(dir, 'spec.yaml');
    const list = negotiators.map((n) => JSON.stringify(n)).join(', ');
    writeFileSync(
      spec,
      `version: 1\nid: startup\nnegotiators: [${list}]\nscenarios: [${JSON.stringify(camera)}]\nselfPlay: false\nrepetitions: ${repetitions}\ndeadlines: [50]\n`,
    );
    return ['tournament', spec, '--workers', '1', '--db', join(dir, 'results.sqlite')];
  };

  it.runIf(existsSync(camera))(
    "a tournament of Lancaster's own negotiators, played in this thread, validates its spec without building the scenario schema and starts no pool",
    () => {
      const { packages, modules, workers } = loaded(tournament(['boulware', 'conceder'], 5));
      expect(modules).toContain('run/tournament/match'); // played here
      expect(packages).toContain('zod'); // the spec's schema
      expect(modules).toContain('formats/native/mediator-schema');
      expect(modules).not.toContain('formats/native/schema');
      expect(modules).not.toContain('negotiators/external-messages');
      expect(packages).not.toContain('piscina');
      expect(workers.files).toEqual([]);
    },
  );

  const agent = fileURLToPath(new URL('fixtures/external/agent.mjs', import.meta.url));
  it.runIf(existsSync(camera))(
    "a pool thread playing a GENIUS domain loads neither zod nor yaml, nor piscina's pool, even for an external negotiator",
    () => {
      // An external negotiator is played on the pool only: every match goes there.
      const external = `external:${process.execPath} ${agent} good`;
      const { workers } = loaded(tournament(['boulware', external], 1));
      expect(workers.modules).toContain('run/tournament/match');
      expect(workers.modules).toContain('negotiators/external');
      expect(workers.modules).toContain('formats/genius/xml');
      for (const p of ['zod', 'yaml', 'better-sqlite3', 'cli-table3', 'fast-xml-parser'])
        expect(workers.packages).not.toContain(p);
      expect(workers.modules).not.toContain('run/pool');
      expect(workers.modules).not.toContain('negotiators/external-messages');
    },
  );
});
