/** The procurement source: its descriptor, an OCDS API client, its payload schemas, merge rules and mapping. */
export { procurementSource } from './descriptor.js';
export { ProcurementClient, matches } from './client.js';
export {
  createProcurementLoaders,
  type MintedFeed,
  type MintedProcurement,
  type ProcurementLoaderSet,
  type StoredProcesses,
} from './loaders.js';
export {
  compileStored,
  compiledReleaseId,
  feedNextLink,
  readFeedPage,
  type FeedLink,
  type FeedPage,
  type PackageMeta,
  type PageRelease,
} from './harvest.js';
