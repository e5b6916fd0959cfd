/**
 * Lancaster's version, read once from package.json: what `lancaster --version`, the server's
 * health check and the forecast queue (which refuses jobs from another version) all report.
 */
import { createRequire } from 'node:module';

export const LANCASTER_VERSION: string = (
  createRequire(import.meta.url)('../package.json') as { version: string }
).version;
