/**
 * The studio's calls to the server (docs/server-api.md, The scenario studio): a shipped scenario's
 * file, the importer of GENIUS and GeniusWeb files, and runs and forecasts of the document being
 * edited. Types come from the server's own contract (`src/server/studio-api.ts`), type-only.
 */
import type {
  StudioDocumentResponse,
  StudioForecastRequest,
  StudioForecastResponse,
  StudioImportRequest,
  StudioImportResponse,
  StudioSimulateRequest,
  StudioSimulateResponse,
} from '../../../src/server/studio-api.ts';
import { request } from '../api.ts';

export type { StudioForecastResponse, StudioSimulateResponse };

/** A shipped scenario's file, to edit. */
export function fetchScenarioDocument(id: string): Promise<StudioDocumentResponse> {
  return request(`/api/studio/scenarios/${encodeURIComponent(id)}`);
}

/** GENIUS XML or GeniusWeb JSON files, as native YAML by the server's importer. */
export function importFiles(body: StudioImportRequest): Promise<StudioImportResponse> {
  return request('/api/studio/import', { method: 'POST', body });
}

/** One run of the document. */
export function simulateDocument(body: StudioSimulateRequest): Promise<StudioSimulateResponse> {
  return request('/api/studio/simulate', { method: 'POST', body });
}

/** The forecast of the document. */
export function forecastDocument(body: StudioForecastRequest): Promise<StudioForecastResponse> {
  return request('/api/studio/forecast', { method: 'POST', body });
}
