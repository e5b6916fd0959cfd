/**
 * Bundles the compiled CLI (dist/, from `tsc`) into `bundle/`, which `bin/lancaster.js` runs: a few
 * files with Lancaster's modules and most of its dependencies in them, instead of some 250 modules
 * that Node would find, read and link one by one at every start (issue 14.1). Run by `npm run build`
 * after `tsc`; `dist/` stays the library that `import 'lancaster'` gets, with its type declarations.
 *
 * The layout keeps what the code assumes about where it is:
 * - Every module that a worker thread or a lazy load reaches by URL (`siblingModule(import.meta.url,
 *   './x')`, found in dist/ by the pattern below) is an entry point of its own, at the same relative
 *   path as in dist/, so `bundle/run/worker-thread.js` is a worker's module. Entry points share their
 *   modules through chunks (`bundle/chunks/`), so a thread that loads one lazily gets the same module
 *   instances (one registry, one `LancasterError`) as the code that asked for it.
 * - `import.meta.url` in Lancaster's own modules is rewritten to the URL the module would have in
 *   `bundle/` (`bundle/run/forecast.js`, wherever esbuild put its code): paths relative to it, such
 *   as `../package.json` or `../../scenarios/`, then point where they do from `dist/`, since
 *   `bundle/` sits beside `dist/`.
 * Dependencies that find files of their own at run time (native add-ons, worker scripts, Lua
 * scripts) or that only the web build needs stay outside, and are imported from node_modules.
 *
 * Usage: node scripts/bundle.mjs
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
const OUT = join(ROOT, 'bundle');

/** Loaded from node_modules at run time: they read files beside themselves, or are heavy and rare. */
const EXTERNAL = [
  'better-sqlite3', // native add-on
  'piscina', // starts its own worker script
  'bullmq', // reads its Lua scripts from its folder
  'ioredis',
  'vite', // only `serve` building the web app from source uses these
  '@vitejs/*',
  'lightningcss',
  'tsx',
  'playwright-core',
];

/** Every dist/ module that the code loads by URL, beside the CLI itself. */
function entryPoints() {
  const entries = new Set([join(DIST, 'cli', 'main.js')]);
  const pattern = /siblingModule\(import\.meta\.url,\s*['"]([^'"]+)['"]\)/g;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.js')) {
        for (const line of readFileSync(p, 'utf8').split('\n')) {
          if (/^\s*(\*|\/\/)/.test(line)) continue; // a comment's example
          for (const m of line.matchAll(pattern)) entries.add(resolve(dirname(p), `${m[1]}.js`));
        }
      }
    }
  };
  walk(DIST);
  return [...entries].sort();
}

/** Rewrites `import.meta.url` in dist/'s modules to their URL in bundle/ (see above). */
const bundleUrls = {
  name: 'lancaster-bundle-urls',
  setup(b) {
    b.onLoad({ filter: /\.js$/ }, (args) => {
      if (!args.path.startsWith(DIST + sep)) return undefined;
      const rel = relative(DIST, args.path).split(sep).join('/');
      const here = `new URL(${JSON.stringify(rel)}, import.meta.url.slice(0, import.meta.url.lastIndexOf('/bundle/') + 8)).href`;
      return { contents: readFileSync(args.path, 'utf8').replaceAll('import.meta.url', here), loader: 'js' };
    });
  },
};

/**
 * zod's `locales` namespace (`z.locales`) holds its messages in some 60 languages, 340 kB that every
 * command validating with zod would parse; Lancaster's messages are English (zod's default, which
 * zod imports on its own), and nothing reads `z.locales`. The bundle's copy of it holds English only.
 */
const zodEnglishOnly = {
  name: 'lancaster-zod-english-only',
  setup(b) {
    b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => ({
      contents: "export { default as en } from './en.js';",
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

/**
 * commander requires node:child_process at load, for one thing: spawning the program of an
 * executable subcommand, which Lancaster never declares. Loading child_process (and net and dgram
 * with it) costs every command several milliseconds, so commander gets a `spawn` that loads it when
 * called.
 */
const lazyChildProcess = {
  name: 'lancaster-lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[/\\]node_modules[/\\]commander[/\\]/.test(args.importer)
        ? { path: 'child_process', namespace: 'lancaster-lazy' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lancaster-lazy' }, () => ({
      contents: "module.exports = { spawn: (...args) => require('node:child_process').spawn(...args) };",
      loader: 'js',
    }));
  },
};

rmSync(OUT, { recursive: true, force: true });
const result = await build({
  entryPoints: entryPoints(),
  outbase: DIST,
  outdir: OUT,
  entryNames: '[dir]/[name]',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  plugins: [bundleUrls, zodEnglishOnly, lazyChildProcess],
  // CommonJS dependencies inside the bundle call `require` for Node's built-ins.
  banner: {
    js: "import { createRequire as __lancasterRequire } from 'node:module'; const require = __lancasterRequire(import.meta.url);",
  },
  legalComments: 'linked',
  logLevel: 'warning',
  metafile: true,
});
// Which modules each file of the bundle holds (paths from the repository root), for
// test/startup.test.ts to tell what a command loaded, and for anyone reading a stack trace.
const inputs = {};
for (const [file, o] of Object.entries(result.metafile.outputs)) {
  if (!file.endsWith('.js')) continue;
  inputs[relative(OUT, resolve(ROOT, file)).split(sep).join('/')] = Object.keys(o.inputs).map((i) =>
    relative(ROOT, resolve(ROOT, i)).split(sep).join('/'),
  );
}
writeFileSync(join(OUT, 'inputs.json'), `${JSON.stringify(inputs, null, 1)}\n`);

// `lancaster --help` (and `lancaster` alone) print this text without loading the CLI (bin/lancaster.js):
// the help the bundled CLI itself prints, byte for byte (it does not depend on the terminal).
let help = '';
const { main } = await import(pathToFileURL(join(OUT, 'cli', 'main.js')).href);
const code = await main(['--help'], {
  out: (t) => {
    help += t.endsWith('\n') ? t : `${t}\n`;
  },
  err: (t) => process.stderr.write(t),
  color: false,
});
if (code !== 0 || !help.startsWith('Usage: lancaster'))
  throw new Error(`bundle: lancaster --help failed (exit ${code})`);
writeFileSync(join(OUT, 'help.txt'), help);
process.stdout.write(`bundle: ${Object.keys(inputs).length} files in ${relative(ROOT, OUT)}/\n`);
