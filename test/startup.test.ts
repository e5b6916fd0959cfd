/**
 * Start-up stays cheap: `lancaster --help` loads commander and the command declarations, nothing
 * else, and analysing a GENIUS domain never loads the native format's stack (zod, yaml) or the
 * worker pool. A module-resolution hook in the child process reports every file it loads; the CLI
 * runs from the bundle (scripts/bundle.mjs), whose `inputs.json` says which of dist/'s modules and
 * which packages each bundle file holds. A command that starts importing a heavy stack at the top of
 * its file fails here (the times themselves are measured in bench/startup.bench.ts, never asserted).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';
import { BIN, REPO_ROOT } from './support/cli.ts';

const HOOK = `
const seen = new Set();
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  if (!seen.has(r.url)) { seen.add(r.url); process.stderr.write('LOADED ' + r.url + '\\n'); }
  return r;
}`;
const REGISTER = `import { register } from 'node:module'; register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HOOK)}));`;

/** The modules in each file of the bundle, by its path in bundle/ (written by scripts/bundle.mjs). */
const BUNDLE_INPUTS = JSON.parse(readFileSync(join(REPO_ROOT, 'bundle', 'inputs.json'), 'utf8')) as Record<
  string,
  string[]
>;

/** The packages (under node_modules) and Lancaster modules (under dist/) a command loads. */
function loaded(args: readonly string[]): {
  packages: Set<string>;
  modules: Set<string>;
  files: string[];
  stdout: string;
} {
  const r = spawnSync(
    process.execPath,
    ['--import', `data:text/javascript,${encodeURIComponent(REGISTER)}`, BIN, ...args],
    { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
  );
  expect(r.status, r.stderr).toBe(0);
  const files = r.stderr
    .split('\n')
    .filter((l) => l.startsWith('LOADED '))
    .map((l) => l.slice(7));
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
  return { packages, modules, files, stdout: r.stdout };
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
    const { packages, modules, files } = loaded(['help']);
    expect(files.some((u) => u.endsWith('/bundle/cli/main.js'))).toBe(true);
    expect([...packages].sort()).toEqual(['@commander-js/extra-typings', 'commander', 'picocolors']);
    // Small leaf modules (errors, options, text renderers, the atomic writer) are fine; the stacks are not.
    const stacks =
      /^(formats\/(native|genius|geniusweb|export)|analysis|run|server|draft|report|negotiators|protocols)\//;
    for (const m of modules) expect(m, `--help loaded dist/${m}.js`).not.toMatch(stacks);
  });

  const camera = resolve(REPO_ROOT, '..', 'shared', 'data', 'genius', 'anac2011_Camera');
  it.runIf(existsSync(camera))(
    'analyze of a GENIUS domain loads its reader, not the native format or a pool',
    () => {
      const { packages, modules } = loaded(['analyze', camera]);
      for (const p of HEAVY.filter((h) => h !== 'fast-xml-parser')) expect(packages).not.toContain(p);
      expect(packages).toContain('fast-xml-parser');
      expect(modules).toContain('formats/genius/folder');
      expect(modules).not.toContain('formats/native/load');
      expect(modules).not.toContain(join('run', 'pool'));
    },
  );
});
