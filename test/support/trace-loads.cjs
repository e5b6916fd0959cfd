// Preloaded (`node --require`) by test/startup.test.ts in the CLI it runs: reports on stderr, one
// `LOADED <thread> <file URL>` line each, every module of Lancaster that the CLI's main thread starts
// from bundle/cli.cjs (each calls `globalThis.__lancasterModuleLoaded` first; scripts/bundle.mjs),
// as its path in dist/, and every package that any thread requires. The test's ES module hook
// reports what is imported.
'use strict';
const Module = require('node:module');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { threadId } = require('node:worker_threads');

const DIST = path.join(__dirname, '..', '..', 'dist');
const seen = new Set();
function report(url) {
  if (seen.has(url)) return;
  seen.add(url);
  process.stderr.write(`LOADED ${threadId} ${url}\n`);
}

globalThis.__lancasterModuleLoaded = (m) => report(pathToFileURL(path.join(DIST, `${m}.js`)).href);

const load = Module._load;
Module._load = function (request, parent, isMain, ...rest) {
  if (!request.startsWith('.') && !path.isAbsolute(request) && !Module.isBuiltin(request)) {
    try {
      report(pathToFileURL(Module._resolveFilename(request, parent, isMain)).href);
    } catch {
      // not found: the require itself fails and says so
    }
  }
  return load.call(this, request, parent, isMain, ...rest);
};
