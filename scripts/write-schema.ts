/**
 * Writes `schema/scenario.schema.json`, the JSON Schema of the native scenario format that editors
 * use for completion and checking, from the zod schema in `src/formats/native/schema.ts` (the one
 * source of truth). Run with `npm run schema` after changing the zod schema; a test fails while
 * the committed file differs from what this script would write.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { scenarioJsonSchemaText } from '../src/formats/native/schema.ts';

/** Where the JSON schema is written. */
export const SCHEMA_FILE = fileURLToPath(new URL('../schema/scenario.schema.json', import.meta.url));

/** The exact text this script writes. */
export function renderSchemaFile(): string {
  return scenarioJsonSchemaText();
}

// Write only when run as a script, so the test can import `renderSchemaFile` without side effects.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(SCHEMA_FILE, renderSchemaFile());
  console.log(`wrote ${SCHEMA_FILE}`);
}
