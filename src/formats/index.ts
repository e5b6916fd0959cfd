/**
 * File formats: the native scenario format (YAML/JSON, its zod schema and JSON schema) and where
 * scenario files are found, and the readers of GENIUS XML, GeniusWeb JSON and Decide data.
 */

export { decideYaml, loadDecideFile } from './decide/load.ts';
export { type DecideNativeOptions, decideNativeData } from './decide/native.ts';
export { type DecideData, parseDecideText } from './decide/read.ts';
export { type GeniusExport, toGeniusXml } from './export/genius-xml.ts';
export { nativeExportProblems, toNativeYaml } from './export/native-yaml.ts';
export { writeGeniusFolder, writeNativeYaml } from './export/write.ts';
export {
  type GeniusImportOptions,
  type ImportResult,
  loadGeniusFolder,
  loadGeniusXmlFile,
} from './genius/folder.ts';
export { parseXml, type XmlDocument, type XmlElement } from './genius/xml.ts';
export { loadGeniusWeb } from './geniusweb/load.ts';
export { parseGeniusWebText } from './geniusweb/read.ts';
export { type LoadAnyOptions, loadScenarioAny } from './load-any.ts';
export {
  displayPath,
  parseScenarioText,
  readScenarioText,
  type ScenarioReadResult,
} from './native/load.ts';
export { loadScenarioFile } from './native/load-file.ts';
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
export { writeFileAtomic } from './write-atomic.ts';
