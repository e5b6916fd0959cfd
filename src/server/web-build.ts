/**
 * Builds the web app (`web/`, with its own `vite.config.ts`) into `web/dist`. `npm install` builds
 * it once (the `prepare` script); `lancaster serve` calls this when the folder is missing, and the
 * end-to-end test calls it before starting a browser.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's web app folder. */
export const WEB_DIR = fileURLToPath(new URL('../../web/', import.meta.url));

/**
 * Builds the web app and resolves to the absolute path of the output folder (`web/dist`, or
 * `outDir`: the browser tests build into a folder of their own, so that two test files running
 * side by side never empty each other's).
 *
 * @example
 * const dist = await buildWebApp(); // '/…/lancaster/web/dist'
 */
export async function buildWebApp(outDir?: string): Promise<string> {
  const { build } = await import('vite');
  // Vite and the React plugin choose React's development build (and its dev JSX runtime) from
  // NODE_ENV, which vitest sets to 'test'; a bundle half one, half the other does not run.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      root: WEB_DIR,
      configFile: join(WEB_DIR, 'vite.config.ts'),
      mode: 'production',
      ...(outDir !== undefined ? { build: { outDir, emptyOutDir: true } } : {}),
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  return outDir ?? join(WEB_DIR, 'dist');
}
