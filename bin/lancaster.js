#!/usr/bin/env node
// The `lancaster` command: runs the compiled, bundled CLI in bundle/, which `npm install` builds
// (the `prepare` script: tsc to dist/, then scripts/bundle.mjs) and `npm run build` rebuilds after a
// change to src/. This file is CommonJS (bin/package.json): Node starts a CommonJS main file without
// its ES module loader, about 10 ms sooner, so `--help` and `--version` cost little beyond Node
// itself; the CLI they do not need is loaded with import() only to run a command.
'use strict';
const { existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');

const ROOT = join(__dirname, '..');

// `lancaster … | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
const args = process.argv.slice(2);
const help = args.length === 0 || (args.length === 1 && (args[0] === '--help' || args[0] === '-h'));
const saved = help ? savedHelp() : undefined;
if (saved) process.stdout.write(saved);
else if (args.length === 1 && (args[0] === '--version' || args[0] === '-V'))
  process.stdout.write(`${version()}\n`);
else run();

/** The version in package.json, which the CLI prints for `--version` too (src/version.ts). */
function version() {
  return JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
}

/**
 * The help saved at build time (the CLI's own text; scripts/bundle.mjs), which `lancaster --help`
 * and `lancaster` alone print without loading any module of the CLI; undefined when it is missing
 * (not built yet), and then the CLI says so or prints the help itself.
 */
function savedHelp() {
  try {
    return readFileSync(join(ROOT, 'bundle', 'help.txt'));
  } catch {
    return undefined;
  }
}

async function run() {
  // A smaller budget of bytecode inlined into one optimized function (V8's default is 920 bytes):
  // the hot session loop then compiles in smaller pieces, with less deoptimize-and-recompile churn.
  // Measured on 10,000 London forecast runs: V8 background CPU 2.3 s -> 1.5 s in one thread and
  // 3.9 s -> 2.3 s on 2 workers, results byte-identical. V8 flags are process-wide, so worker
  // threads get it too; it is set before any of Lancaster's code is loaded (and so compiled).
  require('node:v8').setFlagsFromString('--max-inlined-bytecode-size-cumulative=230');
  const entry = join(ROOT, 'bundle', 'cli', 'main.js');
  if (!existsSync(entry)) {
    process.stderr.write(
      'error: Lancaster is not built (bundle/cli/main.js is missing)\n  fix: run `npm install` or `npm run build` in the Lancaster folder\n',
    );
    process.exit(2);
  }
  const { main } = await import(pathToFileURL(entry).href);
  process.exitCode = await main(args);
}
