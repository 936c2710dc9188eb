/** The procurement source: its descriptor, an OCDS API client, its payload schemas, merge rules and mapping. */
export { procurementSource } from './descriptor.js';
export { ProcurementClient, decodeReleasePage, matches, type ReleasePage } from './client.js';
export { createProcurementLoaders, type MintedProcurement, type ProcurementLoaderSet } from './loaders.js';
