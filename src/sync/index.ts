/**
 * The data plane's moving parts: one harvester per source copying the upstream into the store in the
 * background (incremental, resumable, under a lease), the scheduler that runs them, and the reads that
 * serve lists and lookups from the store. See docs/store.md.
 */
export {
  HarvestScheduler,
  LeaseLost,
  type Harvester,
  type PassContext,
  type Progress,
  type SchedulerOptions,
} from './scheduler.js';
export { feedHarvester, type FeedHarvesterOptions } from './procurement.js';
export { ProcessReads, type ProcessReadsOptions } from './process-reads.js';
export { readJson } from './json.js';
