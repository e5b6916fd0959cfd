#!/usr/bin/env node
// The `lancaster` command: runs the compiled, bundled CLI in bundle/, which `npm install` builds
// (the `prepare` script: tsc to dist/, then scripts/bundle.mjs) and `npm run build` rebuilds after a
// change to src/. This file is CommonJS (bin/package.json): Node starts a CommonJS main file without
// its ES module loader, about 10 ms sooner, so `--help` and `--version` cost little beyond Node
// itself. A command loads the CLI's main thread, bundle/cli.cjs, from its code cache (load-cli.js).
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

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
  let cli;
  try {
    cli = require('./load-cli.js').loadCli();
  } catch (err) {
    if (err.code !== 'LANCASTER_NOT_BUILT') throw err;
    process.stderr.write(
      'error: Lancaster is not built (bundle/cli.cjs is missing)\n  fix: run `npm install` or `npm run build` in the Lancaster folder\n',
    );
    process.exit(2);
  }
  process.exitCode = await cli.main(args);
}
