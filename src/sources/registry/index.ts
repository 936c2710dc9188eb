/**
 * The legal-entity registry source: its descriptor, the daily bulk dump as an in-memory index (by register number and by
 * name), the per-entity page for revalidating one record, and BODS 0.4 ownership; and what its harvester
 * needs (the dump read in batches, the index rebuilt from stored entities). See README.md.
 */
export { registrySource } from './descriptor.js';
export { RegistrySource, PAGE_DEADLINE_MS, PAGE_MAX_BYTES, type RegistryExtras } from './source.js';
export type { RegistryIndexView } from './register.js';
export { toLegalForm, LEGAL_FORM_CODES } from './legal-form.js';
export { parseRegisterNumber } from './register-number.js';
export { REFRESH_RETRY_INTERVAL_MS } from '../../upstream/index.js';
export { createRegistryLoaders, type RegistryLoaderSet, type StoredRegister } from './loaders.js';
export { RegisterIndexBuilder, readDumpInBatches, type DumpEntry, type StoredEntity } from './harvest.js';
