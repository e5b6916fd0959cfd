/**
 * Builds the web app with Vite's JavaScript API into `web/dist` and returns that path. `lancaster
 * serve` calls it when the folder is missing, and the end-to-end test calls it before starting a
 * browser, so a fresh checkout needs no separate build step.
 */
import { build } from 'vite';
import config from './vite.config.ts';

/**
 * Builds the web app and resolves to the absolute path of the output folder (`web/dist`).
 *
 * @example
 * const dist = await buildWebApp(); // '/…/lancaster/web/dist'
 */
export async function buildWebApp(): Promise<string> {
  // Vite and the React plugin choose React's development build (and its dev JSX runtime) from
  // NODE_ENV, which vitest sets to 'test'; a bundle half one, half the other does not run.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ ...config, configFile: false, mode: 'production' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  const outDir = config.build?.outDir;
  if (outDir === undefined) throw new Error('web/vite.config.ts must set build.outDir');
  return outDir;
}
