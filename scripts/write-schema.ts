/**
 * Writes `schema/scenario.schema.json`, the JSON Schema of the native scenario format that editors
 * use for completion and checking, from the zod schema in `src/formats/native/schema.ts` (the one
 * source of truth), and `schema/external/<message>.schema.json`, one JSON Schema per message of the
 * external-negotiator protocol, from the zod schemas in `src/negotiators/external-messages.ts`. Run with
 * `npm run schema` after changing a zod schema; tests fail while a committed file differs from what
 * this script would write.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { scenarioJsonSchemaText } from '../src/formats/native/schema.ts';
import {
  EXTERNAL_MESSAGE_SCHEMAS,
  type ExternalMessageName,
  externalMessageJsonSchemaText,
} from '../src/negotiators/external-messages.ts';

/** Where the JSON schema is written. */
export const SCHEMA_FILE = fileURLToPath(new URL('../schema/scenario.schema.json', import.meta.url));

/** Where the external protocol's schemas are written. */
export const EXTERNAL_SCHEMA_DIR = fileURLToPath(new URL('../schema/external/', import.meta.url));

/** The exact text this script writes. */
export function renderSchemaFile(): string {
  return scenarioJsonSchemaText();
}

/** Every external message's schema file name and text. */
export function renderExternalSchemaFiles(): { name: ExternalMessageName; file: string; text: string }[] {
  return (Object.keys(EXTERNAL_MESSAGE_SCHEMAS) as ExternalMessageName[]).map((name) => ({
    name,
    file: `${EXTERNAL_SCHEMA_DIR}${name}.schema.json`,
    text: externalMessageJsonSchemaText(name),
  }));
}

// Write only when run as a script, so the test can import `renderSchemaFile` without side effects.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(SCHEMA_FILE, renderSchemaFile());
  console.log(`wrote ${SCHEMA_FILE}`);
  mkdirSync(EXTERNAL_SCHEMA_DIR, { recursive: true });
  for (const f of renderExternalSchemaFiles()) writeFileSync(f.file, f.text);
  console.log(`wrote ${EXTERNAL_SCHEMA_DIR}*.schema.json`);
}
