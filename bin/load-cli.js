// Loads the CLI's main thread, bundle/cli.cjs, compiled from the V8 code cache that the build saved
// beside it (bundle/cli.cjs.cache), so that a command does not parse and compile the CLI's code again
// at every start (issue 14.1). Node 20 keeps no compile cache of its own. Used by bin/lancaster.js,
// and by scripts/bundle.mjs through `writeCodeCache` to save the cache after the build.
//
// The cache file is a header line (JSON: the size and the build id of the cli.cjs it was made from;
// every build writes a new random id in the first line of cli.cjs) and V8's cache. V8 itself refuses
// a cache from another V8 version or other V8 flags, and compiles from source as if there were none;
// the header makes a rebuilt cli.cjs never meet the cache of the one before it, which V8 checks only
// by length. Moving or packing the folder keeps both. A cache that is missing or refused costs time,
// never correctness.
'use strict';
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname, join } = require('node:path');
const vm = require('node:vm');

const FILE = join(__dirname, '..', 'bundle', 'cli.cjs');
const CACHE = `${FILE}.cache`;

/** How the last load used the code cache: 'used', 'refused' (by V8), 'none' (missing or stale). */
let cacheUse = 'none';

/**
 * V8's budget of bytecode inlined into one optimized function (its default is 920 bytes): the hot
 * session loop then compiles in smaller pieces, with less deoptimize-and-recompile churn. Measured
 * on 10,000 London forecast runs: V8 background CPU 2.3 s -> 1.5 s in one thread and 3.9 s -> 2.3 s
 * on 2 workers, results byte-identical. V8 flags are process-wide, so worker threads get it too. It
 * is set before the CLI is compiled, here and when the cache is made, since V8 keeps a cache only
 * for the flags it was made with.
 */
function setFlags() {
  require('node:v8').setFlagsFromString('--max-inlined-bytecode-size-cumulative=230');
}

/** The header that ties a cache to the cli.cjs it was made from (its text, `source`). */
function stamp(source) {
  const build = /^\/\* lancaster build (\w+) \*\//.exec(source.slice(0, 80))?.[1] ?? null;
  return JSON.stringify({ size: source.length, build });
}

/** V8's cache for the cli.cjs `source`, or undefined (none, or made for another cli.cjs). */
function readCache(source) {
  let bytes;
  try {
    bytes = readFileSync(CACHE);
  } catch {
    return undefined;
  }
  const nl = bytes.indexOf(10);
  if (nl < 0 || bytes.toString('latin1', 0, nl) !== stamp(source)) return undefined;
  return bytes.subarray(nl + 1);
}

/**
 * Compiles and runs bundle/cli.cjs as a CommonJS module; returns the compiled script and its
 * exports (`main`). Throws an error with code `LANCASTER_NOT_BUILT` when the bundle is missing.
 */
function compile(useCache) {
  let bytes;
  try {
    bytes = readFileSync(FILE);
  } catch (err) {
    if (err.code !== 'ENOENT') throw err;
    const e = new Error('Lancaster is not built (bundle/cli.cjs is missing)');
    e.code = 'LANCASTER_NOT_BUILT';
    throw e;
  }
  // The bundle is ASCII (esbuild escapes everything else), so latin1 reads it as it is, and V8 keeps
  // it as a one-byte string: decoding 900 kB as UTF-8 costs several milliseconds more.
  const source = bytes.toString('latin1');
  setFlags();
  const cachedData = useCache ? readCache(source) : undefined;
  const script = new vm.Script(`${WRAPPER}${source}\n})`, { filename: FILE, cachedData });
  cacheUse = cachedData === undefined ? 'none' : script.cachedDataRejected ? 'refused' : 'used';
  const module = { exports: {}, filename: FILE, id: FILE };
  script
    .runInThisContext()
    .call(module.exports, module.exports, createRequire(FILE), module, FILE, dirname(FILE), importHere);
  return { script, exports: module.exports, source };
}

/**
 * The CommonJS wrapper, with one parameter more: the CLI's `import()`s of packages and of users'
 * modules call `__lancasterImport` (scripts/bundle.mjs), since on Node 20 an `import()` in code
 * compiled from a code cache fails (the import callback of the script is lost with the cache).
 */
const WRAPPER = '(function (exports, require, module, __filename, __dirname, __lancasterImport) {';

/** `import()` from this module: specifiers are packages, `node:` modules or absolute URLs. */
function importHere(specifier) {
  return import(specifier);
}

/** The CLI's exports (`main`), compiled from the saved code cache when it fits. */
function loadCli() {
  return compile(true).exports;
}

/**
 * Runs the CLI on each argument list (quietly), then saves the code cache of everything compiled so
 * far: the CLI's start and those commands' code, which later starts then find compiled. Written to
 * a temporary file and renamed, so a reader never sees half a cache.
 */
async function writeCodeCache(runs) {
  const { script, exports, source } = compile(false);
  const quiet = { out: () => {}, err: () => {}, color: false };
  for (const args of runs) {
    const code = await exports.main(args, quiet);
    if (code !== 0) throw new Error(`code cache: lancaster ${args.join(' ')} exited ${code}`);
  }
  if (readFileSync(FILE, 'latin1') !== source)
    throw new Error('code cache: bundle/cli.cjs changed meanwhile');
  const tmp = `${CACHE}.${process.pid}.tmp`;
  writeFileSync(tmp, Buffer.concat([Buffer.from(`${stamp(source)}\n`, 'latin1'), script.createCachedData()]));
  renameSync(tmp, CACHE);
}

/** How the last `loadCli` used the code cache (for the tests): 'used', 'refused' or 'none'. */
function codeCacheUse() {
  return cacheUse;
}

module.exports = { codeCacheUse, loadCli, writeCodeCache };
