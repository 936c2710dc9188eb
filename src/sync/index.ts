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
export { projectHarvester, type ProjectHarvesterOptions } from './investment.js';
export { ProjectReads, type ProjectReadsOptions } from './project-reads.js';
export {
  invitationHarvester,
  invitationKind,
  invitationLookup,
  invitationReads,
  type InvitationHarvesterOptions,
  type InvitationReadsOptions,
} from './tender-mn.js';
export { eitiApiHarvester, eitiMongoliaHarvester, type EitiHarvesterOptions } from './eiti.js';
export { EitiReads, type EitiReadsOptions } from './eiti-reads.js';
export {
  REGISTER_BATCH,
  REGISTER_KIND,
  registryHarvester,
  type RegisterPass,
  type RegistryHarvester,
  type RegistryHarvesterOptions,
} from './registry.js';
export { PARTIAL_REBUILD_MS, RegistryReads, type RegistryReadsOptions } from './registry-reads.js';
