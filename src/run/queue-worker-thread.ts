/**
 * A pool thread of `lancaster worker --concurrency N` (N > 1): runs the forecast task of one queue
 * job, with the run context of each scenario source loaded once per thread. The BullMQ worker in
 * the main thread keeps the jobs' locks alive while the threads compute.
 */
import { forecastJobProcessor } from './queue.ts';

/** Runs one job's task (the piscina task function). */
export default forecastJobProcessor();
