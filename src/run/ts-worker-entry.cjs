/**
 * Entry point of a worker thread whose module is TypeScript (only when Lancaster runs from source,
 * under the test runner): tsx's hooks, loaded with --import, reach what a CommonJS entry requires
 * but not an ES module entry, nor an `eval` one. The module's path is the thread's first argument.
 */
require(process.argv[2]);
