/**
 * Bundles the compiled CLI (dist/, from `tsc`) into `bundle/`, which `bin/lancaster.js` runs, so
 * that a command does not find, read, link and compile some 250 modules at every start (issue
 * 14.1). Run by `npm run build` after `tsc`; `dist/` stays the library that `import 'lancaster'`
 * gets, with its type declarations. Two builds of the same dist/:
 *
 * 1. The CLI's main thread, `bundle/cli.cjs`: one CommonJS file holding all of Lancaster's modules
 *    (each initialised when first imported, as esbuild wraps a module imported lazily), commander
 *    and picocolors, without whitespace and comments; the other packages are required from
 *    node_modules when a command needs them. bin/load-cli.js compiles it from the V8 code cache
 *    that this script saves after running a few commands with it (`bundle/cli.cjs.cache`): Node 20
 *    keeps no compile cache of ES modules, and compiling the CLI's code was most of what a short
 *    command cost beyond Node's own start. A module that the main thread loads by URL
 *    (`importOwnModule(siblingModule(…))`, a server's `negotiatorModules`) is the one inside
 *    cli.cjs, so the main thread holds one copy of every module (one registry, one
 *    `LancasterError`). Every other `import()` (a package, a user's module) calls
 *    `__lancasterImport`, which bin/load-cli.js passes in: on Node 20 an `import()` in code compiled
 *    from a code cache fails (the script's import callback is lost with the cache).
 * 2. Worker threads, as ES modules with code splitting: every module that a thread reaches by URL
 *    (`siblingModule(import.meta.url, './x')`, found in dist/ by the pattern below) is an entry
 *    point at the same relative path as in dist/, so `bundle/run/worker-thread.js` is a worker's
 *    module; entry points share their modules through chunks (`bundle/chunks/`), so a thread that
 *    loads one lazily gets the same module instances as the code that asked for it.
 *
 * In both, `import.meta.url` in Lancaster's own modules is rewritten to the URL the module would
 * have in `bundle/` (`bundle/run/forecast.js`, wherever its code went): paths relative to it, such
 * as `../package.json` or `../../scenarios/`, then point where they do from `dist/`, since
 * `bundle/` sits beside `dist/`. Dependencies that find files of their own at run time (native
 * add-ons, worker scripts, Lua scripts) or that only the web build needs stay outside, and are
 * imported from node_modules.
 *
 * Usage: node scripts/bundle.mjs
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** `to` relative to the folder `from`, with forward slashes (the form of URLs and inputs.json). */
function posixRelative(from, to) {
  return relative(from, to).split(sep).join('/');
}
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

/** Every dist/ module that the code loads by URL: worker threads' modules and what they load. */
function entryPoints() {
  const entries = new Set();
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

/**
 * The text of a dist/ module (at `path`, `rel` in dist/) with `import.meta.url` rewritten to its URL
 * in bundle/ (see above); `bundleUrl` is an expression for the URL of bundle/ itself.
 */
function withBundleUrl(path, rel, bundleUrl) {
  return readFileSync(path, 'utf8').replaceAll(
    'import.meta.url',
    `new URL(${JSON.stringify(rel)}, ${bundleUrl}).href`,
  );
}

/** The ES module build's rewrite of `import.meta.url` (see above). */
const bundleUrls = {
  name: 'lancaster-bundle-urls',
  setup(b) {
    b.onLoad({ filter: /\.js$/ }, (args) => {
      if (!args.path.startsWith(DIST + sep)) return undefined;
      const rel = posixRelative(DIST, args.path);
      const bundleUrl = "import.meta.url.slice(0, import.meta.url.lastIndexOf('/bundle/') + 8)";
      return { contents: withBundleUrl(args.path, rel, bundleUrl), loader: 'js' };
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

/** Packages bundled into cli.cjs: what every command loads. The others are required when needed. */
const INLINE = /^(commander|@commander-js\/extra-typings|picocolors)(\/|$)/;

/**
 * The main thread's build (bundle/cli.cjs, see above): every module of dist/ marks its start for
 * test/startup.test.ts (a call of `globalThis.__lancasterModuleLoaded`, defined only there), knows
 * its URL in bundle/ as in the ES module build, and imports what is not a relative path through
 * `__lancasterOwnImport` (below).
 */
const mainThread = {
  name: 'lancaster-main-thread',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('node:') || INLINE.test(args.path)
        ? undefined
        : { path: args.path, external: true },
    );
    b.onLoad({ filter: /\.js$/ }, (args) => {
      if (!args.path.startsWith(DIST + sep)) return undefined;
      const rel = posixRelative(DIST, args.path);
      const bundleUrl = "require('node:url').pathToFileURL(__dirname + '/').href";
      const text = withBundleUrl(args.path, rel, bundleUrl).replace(
        /(?<![\w$.])import\((?!\s*['"]\.{1,2}\/)/g,
        '__lancasterOwnImport(',
      );
      const mark = `globalThis.__lancasterModuleLoaded?.(${JSON.stringify(rel.replace(/\.js$/, ''))});\n`;
      return { contents: mark + text, loader: 'js' };
    });
  },
};

rmSync(OUT, { recursive: true, force: true });
const entries = entryPoints();
const result = await build({
  entryPoints: entries,
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
  inputs[posixRelative(OUT, resolve(ROOT, file))] = Object.keys(o.inputs).map((i) =>
    posixRelative(ROOT, resolve(ROOT, i)),
  );
}

// `import()` of anything but a relative path, in the main thread's build: a module of Lancaster's
// that other builds reach by URL (bundle/run/external-named.js, …) is the one inside cli.cjs, loaded
// when first asked for; anything else goes to `__lancasterImport` (bin/load-cli.js, see above).
const ownImport = join(mkdtempSync(join(tmpdir(), 'lancaster-bundle-')), 'own-import.js');
writeFileSync(
  ownImport,
  `const OWN = {\n${entries
    .map((p) => `  ${JSON.stringify(posixRelative(DIST, p))}: () => import(${JSON.stringify(p)}),\n`)
    .join('')}};
export function __lancasterOwnImport(specifier) {
  const base = require('node:url').pathToFileURL(__dirname + '/').href;
  const own = typeof specifier === 'string' && specifier.startsWith(base) ? OWN[specifier.slice(base.length)] : undefined;
  return own ? own() : __lancasterImport(specifier);
}
`,
);
const cli = await build({
  entryPoints: [join(DIST, 'cli', 'main.js')],
  inject: [ownImport],
  outfile: join(OUT, 'cli.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  plugins: [lazyChildProcess, mainThread],
  minifyWhitespace: true,
  legalComments: 'none',
  sourcemap: 'linked',
  // A new id at every build, which ties the code cache to this very file (bin/load-cli.js).
  banner: { js: `/* lancaster build ${randomBytes(8).toString('hex')} */` },
  logLevel: 'warning',
  metafile: true,
});
rmSync(dirname(ownImport), { recursive: true, force: true });
// bin/load-cli.js reads cli.cjs as latin1, which is only right for ASCII (esbuild's default charset).
if (readFileSync(join(OUT, 'cli.cjs')).some((byte) => byte > 0x7f))
  throw new Error('bundle: bundle/cli.cjs is not ASCII (bin/load-cli.js reads it as latin1)');
const mainInputs = Object.values(cli.metafile.outputs).find((o) => o.entryPoint)?.inputs ?? {};
inputs['cli.cjs'] = Object.keys(mainInputs)
  .filter((i) => !i.startsWith('lancaster-lazy:'))
  .map((i) => posixRelative(ROOT, resolve(ROOT, i)));
writeFileSync(join(OUT, 'inputs.json'), `${JSON.stringify(inputs, null, 1)}\n`);

// `lancaster --help` (and `lancaster` alone) print this text without loading the CLI (bin/lancaster.js):
// the help the bundled CLI itself prints, byte for byte (it does not depend on the terminal).
let help = '';
const { main } = createRequire(import.meta.url)(join(ROOT, 'bin', 'load-cli.js')).loadCli();
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

// The code cache (bin/load-cli.js): made in a child process, which sets V8's flags as every start
// of the CLI does, after running the commands whose start matters most with the bundle: analysing
// and playing a small GENIUS domain (written here) and analysing the London scenario.
const work = mkdtempSync(join(tmpdir(), 'lancaster-code-cache-'));
try {
  const items = (values, evals) =>
    values
      .map((v, i) => `<item index="${i + 1}" value="${v}"${evals ? ` evaluation="${evals[i]}"` : ''}/>`)
      .join('');
  const issues = (evals) =>
    [
      ['price', ['low', 'mid', 'high']],
      ['delivery', ['week', 'month']],
    ]
      .map(
        ([name, values], i) =>
          `<issue index="${i + 1}" name="${name}" type="discrete" etype="discrete">${items(values, evals?.[i])}</issue>`,
      )
      .join('');
  const profile = (weights, evals) =>
    `<utility_space><objective index="0" name="root" type="objective">${weights.map((w, i) => `<weight index="${i + 1}" value="${w}"/>`).join('')}${issues(evals)}</objective><reservation value="0.2"/></utility_space>\n`;
  writeFileSync(
    join(work, 'cache_domain.xml'),
    `<negotiation_template><utility_space><objective index="0" name="root" type="objective">${issues()}</objective></utility_space></negotiation_template>\n`,
  );
  writeFileSync(
    join(work, 'buyer.xml'),
    profile(
      [0.7, 0.3],
      [
        [3, 2, 1],
        [2, 1],
      ],
    ),
  );
  writeFileSync(
    join(work, 'seller.xml'),
    profile(
      [0.6, 0.4],
      [
        [1, 2, 3],
        [1, 2],
      ],
    ),
  );
  writeFileSync(
    join(work, 'spec.yaml'),
    `version: 1\nid: code-cache\nnegotiators: [boulware, conceder]\nscenarios: [${JSON.stringify(work)}]\nselfPlay: false\nrepetitions: 2\ndeadlines: [100]\n`,
  );
  const runs = [
    ['analyze', work],
    ['tournament', join(work, 'spec.yaml'), '--workers', '1', '--db', join(work, 'results.sqlite')],
    ['analyze', 'london-2025'],
  ];
  const r = spawnSync(
    process.execPath,
    [
      '-e',
      `require('./bin/load-cli.js').writeCodeCache(${JSON.stringify(runs)}).catch((e) => { console.error(e); process.exit(1); })`,
    ],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
  );
  if (r.status !== 0) throw new Error(`bundle: the code cache was not made:\n${r.stderr}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.stdout.write(`bundle: code cache of the CLI's main thread in ${relative(ROOT, OUT)}/cli.cjs.cache\n`);
