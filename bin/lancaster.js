#!/usr/bin/env node
// The `lancaster` command: runs the compiled CLI in dist/, which `npm install` builds (the
// `prepare` script) and `npm run build` rebuilds after a change to src/.
import { existsSync } from 'node:fs';

// `lancaster … | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    'error: Lancaster is not built (dist/cli/main.js is missing)\n  fix: run `npm install` or `npm run build` in the Lancaster folder\n',
  );
  process.exit(2);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
