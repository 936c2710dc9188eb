/**
 * The EITI sources, each with its descriptor: the EITI API v2.0 (organisation index by register number, payments per organisation-year)
 * and EITI Mongolia's e-reporting portal (report list and licence map by register number), with the
 * normalisers of the keys they match on. See README.md beside this file.
 */
export { eitiMongoliaSource, eitiSource } from './descriptor.js';
export { EitiClient } from './client.js';
export { EitiMongoliaClient } from './mongolia-client.js';
export { normaliseIdentification, normaliseLicenceNumber } from './normalise.js';
export { createEitiLoaders, type BatchRead, type EitiLoaderSet, type StoredEiti } from './loaders.js';
export { DEFAULT_EITI_MAX_PAGES, DEFAULT_EITI_PAGE_SIZE } from './client.js';
export {
  harvestReportListForm,
  paymentsRecord,
  readLicenceMap,
  readOrganisationPage,
  readReportList,
  readRevenuePage,
  type HarvestRecord,
  type OrganisationHarvestPage,
  type RevenueHarvestPage,
} from './harvest.js';
export { groupLicences, groupOrganisations, groupReports, type KeyedOrganisation } from './map.js';
export type { RevenueRow } from './payload.js';
