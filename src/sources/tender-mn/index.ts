/**
 * The tender.gov.mn source: its descriptor, a client of the open-data API's invitation list and the public bidder list,
 * their zod schemas (with the strings-for-numbers quirk as declared coercions) and the mapping to OCDS-shaped
 * domain processes, and the pure parts of its harvest (`harvest.ts`: tender-year windows, the audit copy,
 * the cursor). See README.md beside this file for the field-by-field provenance.
 */
export { tenderMnSource } from './descriptor.js';
export {
  TenderMnClient,
  TENDER_MN_FEED,
  TENDER_MN_MAX_PAGES,
  mintOcid,
  type ListedBidders,
  type ListedPage,
  type TenderMnPolicy,
} from './client.js';
export {
  cursorText,
  needsBidders,
  publicationYear,
  readCursor,
  readHighWater,
  readRecord,
  recordText,
  ulaanbaatarYear,
  windowStart,
  type HarvestCursor,
  type InvitationRecord,
} from './harvest.js';
export type { Bidder, Invitation } from './payload.js';
export { ULAANBAATAR_OFFSET, parseLocalDateTime } from './dates.js';
export {
  BUYER_PARTY_ID,
  CATEGORY_BY_TENDER_TYPE,
  PROCUREMENT_METHOD_BY_RULE,
  SELECTED_BIDDER_STATUS,
  TENDER_MN_PUBLISHER,
  TENDER_STATUS_BY_DOC_STATUS_CODE,
  TENDER_STATUS_BY_DOC_STATUS_NAME,
} from './map.js';
