/**
 * File formats: the native scenario format (YAML/JSON, its zod schema and JSON schema) and where
 * scenario files are found. Other formats (GENIUS XML, GeniusWeb JSON, traces) join here.
 */
export {
  displayPath,
  loadScenarioFile,
  parseScenarioText,
  readScenarioText,
  type ScenarioReadResult,
} from './native/load.ts';
export {
  type NumberWithProvenance,
  pointValue,
  type ScenarioFile,
  scenarioFileSchema,
  scenarioJsonSchema,
  scenarioJsonSchemaText,
} from './native/schema.ts';
export {
  listShippedScenarios,
  resolveScenarioPath,
  SCENARIO_EXTENSIONS,
  SHIPPED_SCENARIOS_DIR,
} from './scenario-files.ts';
