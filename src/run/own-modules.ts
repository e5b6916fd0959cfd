/**
 * How a thread finds and loads Lancaster's own modules by URL: beside the caller, with the
 * caller's extension (`.js` compiled, `.ts` from source), and on demand, by `import()` or, in a
 * tsx worker, `require`. Apart from run/pool.ts (which re-exports these) so that code loading a
 * module lazily, a pool's threads among it, does not load piscina.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * The URL of the module `name` (without extension) beside the calling module `callerUrl`, with the
 * caller's own extension: `.js` in the compiled build, `.ts` when running from source.
 *
 * @example
 * siblingModule(import.meta.url, './worker-thread'); // file:///…/bundle/run/worker-thread.js
 */
export function siblingModule(callerUrl: string, name: string): string {
  const ext = callerUrl.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`${name}${ext}`, callerUrl).href;
}

/**
 * Imports a module (URL or absolute path; e.g. one that registers negotiators) into a worker
 * thread's module graph. Under tsx a worker's own modules are compiled to CommonJS, and only
 * `require` reaches that graph (and its registry); a dynamic `import()` of a .ts file is not even
 * resolved there. Plain ES modules cannot be required on Node 20, so those are imported.
 */
export async function importIntoWorker(m: string): Promise<void> {
  const path = m.startsWith('file:') ? fileURLToPath(m) : m;
  try {
    createRequire(import.meta.url)(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ERR_REQUIRE_ESM') throw err;
    await import(m.startsWith('file:') ? m : `file://${path}`);
  }
}

/**
 * Loads one of Lancaster's own modules on demand (a URL from {@link siblingModule}), so that a
 * thread pays for a module only when it needs it. Compiled, and under the test runner or tsx's
 * main thread, that is `import()`. Under tsx in a worker thread the modules are compiled to
 * CommonJS, where `import()` of a .ts file fails and only `require` reaches the graph the static
 * imports loaded (one copy of each module, so `instanceof` and registries still hold).
 *
 * @example
 * const { loadScenarioAny } = await importOwnModule<typeof import('../formats/load-any.ts')>(
 *   siblingModule(import.meta.url, '../formats/load-any'),
 * );
 */
export async function importOwnModule<T>(url: string): Promise<T> {
  if (url.endsWith('.ts') && typeof require === 'function') {
    try {
      return require(fileURLToPath(url)) as T;
    } catch (err) {
      // The test runner's modules have a `require` too, one that cannot read TypeScript: its
      // own `import()` can.
      if ((err as Error).name !== 'SyntaxError') throw err;
    }
  }
  return (await import(url)) as T;
}
