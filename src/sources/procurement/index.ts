/** The procurement source: an OCDS API client, its payload schemas, merge rules and mapping. */
export { ProcurementClient, decodeReleasePage, matches, type ReleasePage } from './client.js';
export {
  createProcurementLoaders,
  type MintedProcurement,
  type ProcurementFeed,
  type ProcurementLoaderSet,
} from './loaders.js';
