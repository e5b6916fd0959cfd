/**
 * The commands of `lancaster`, in the order `--help` lists them. A new command is one file in
 * this folder and one line here.
 */
import type { RegisterCommand } from '../context.ts';
import { registerAnalyze } from './analyze.ts';
import { registerBacktest } from './backtest.ts';
import { registerDraft } from './draft.ts';
import { registerForecast } from './forecast.ts';
import { registerImportExport } from './import-export.ts';
import { registerLists } from './lists.ts';
import { registerServe } from './serve.ts';
import { registerSimulate } from './simulate.ts';
import { registerTournament } from './tournament.ts';
import { registerValidate } from './validate.ts';
import { registerWorker } from './worker.ts';

export const COMMANDS: readonly RegisterCommand[] = [
  registerSimulate,
  registerAnalyze,
  registerForecast,
  registerBacktest,
  registerValidate,
  registerDraft,
  registerImportExport,
  registerTournament,
  registerServe,
  registerWorker,
  registerLists,
];
