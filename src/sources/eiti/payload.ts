/**
 * zod schemas of the native payloads of the two EITI upstreams. Only the fields the domain reads are typed;
 * every object is loose, so the many other fields (and later additions) pass untouched. A wrong type in a
 * field the domain reads, or a missing key the shape promises, is schema drift (`UPSTREAM_INVALID`), never
 * reshaped.
 *
 * eiti.org API v2.0 rows have flattened dotted keys (`organisation.id`, `summary_data.year`): one level of
 * keys, each containing dots, not nested objects.
 */
import { z } from 'zod';

/**
 * An EITI id: a string of digits as `/organisation` serves it, or an integer as `/revenue` does (the site's
 * API code runs revenue ids through `eiti_api_numeric_string_to_int`). Either form reads back as the same
 * string, so both are accepted.
 */
const EitiId = z.union([z.string().regex(/^\d+$/, 'digits'), z.number().int().nonnegative()]);

/** A reporting year: `"2016"` as served, or the number 2016. */
const Year = z.union([
  z.string().regex(/^\d{4}$/, 'a four-digit year'),
  z.number().int().min(1000).max(9999),
]);

const text = z.string().nullish();

/**
 * One `/organisation` row. `identification` and `summary_data.iso2` must be present (`null` is data: no
 * identification given; a missing key is drift); the identification is a string because a register number
 * read as a number would lose its leading zeros.
 */
export const OrganisationRowSchema = z.looseObject({
  id: EitiId,
  label: text,
  type: text,
  identification: z.string().nullable(),
  'summary_data.iso2': z.string().nullable(),
  'summary_data.year': Year.nullish(),
});
export type OrganisationRow = z.infer<typeof OrganisationRowSchema>;

/**
 * The paging link: Drupal RESTful's `{ title, href }`. Some older responses gave the URL as a bare string
 * (clients read `next["href"]` or `next`); both mean the same.
 */
const NextLink = z.union([z.looseObject({ href: z.string().min(1) }), z.string().min(1)]);

const listShape = {
  /** Rows in the whole (filtered) list; the gateway relies on `next`, not on this. */
  count: z.number().int().nonnegative().optional(),
  next: NextLink.nullish(),
};

/** A page of `/organisation`. */
export const OrganisationPageSchema = z.looseObject({
  data: z.array(OrganisationRowSchema),
  ...listShape,
});
export type OrganisationPage = z.infer<typeof OrganisationPageSchema>;

/**
 * One `/revenue` row. `revenue` is a number or `null` and must be present: the API converts the stored value
 * with `eiti_api_numeric_string_to_float`, so a string there means the shape changed, and a silent
 * string-to-number conversion could misread a localised amount ("1.234,5"). `organisation.id` is required:
 * rows are fetched per organisation and checked against it.
 */
export const RevenueRowSchema = z.looseObject({
  id: EitiId,
  label: text,
  revenue: z.number().nullable(),
  currency: text,
  'gfs.code': text,
  'gfs.label': text,
  'organisation.id': EitiId,
  'summary_data.year': Year.nullish(),
  goverment_entity: text,
  payment_made_in_kind: z.union([z.string(), z.boolean()]).nullish(),
});
export type RevenueRow = z.infer<typeof RevenueRowSchema>;

/** A page of `/revenue`. */
export const RevenuePageSchema = z.looseObject({
  data: z.array(RevenueRowSchema),
  ...listShape,
});
export type RevenuePage = z.infer<typeof RevenuePageSchema>;

/**
 * One row of EITI Mongolia's `reportListAppend`, upper-case keys as the portal sends them. `YEAR` is a JSON
 * number (the capture's R reader kept it an integer, the other columns strings); the register number is a
 * string because some begin with 0.
 */
export const ReportRowSchema = z.looseObject({
  YEAR: z.number().int().min(1000).max(9999),
  COMPANY_REGISTER_NUMBER: z.string(),
  COMPANY_ID: z.union([z.string(), z.number().int()]),
  ID: z.union([z.string(), z.number().int()]).nullish(),
  COMPANY_NAME: text,
});
export type ReportRow = z.infer<typeof ReportRowSchema>;

/** The `reportListAppend` response. */
export const ReportListSchema = z.looseObject({ data: z.array(ReportRowSchema) });
export type ReportList = z.infer<typeof ReportListSchema>;

/**
 * One licence of EITI Mongolia's `portalMap`: `{ cordinate: {...}, array }` (the key's spelling is the
 * portal's). `AREA_M2` is a string despite its name in hectares (equal, to two decimals, to the cadastre's
 * `area_ha` for the 579 licences of the stored capture that appear in both).
 */
export const LicenceRecordSchema = z.looseObject({
  cordinate: z.looseObject({
    LICENSE_NUMBER: z.string(),
    COMPANY_REGISTER_NUMBER: z.string(),
    company_name: text,
    MINERAL_NAME: text,
    MINERAL_NAME_EN: text,
    area_name: text,
    sum_name: text,
    GIVEN_DATE: text,
    EXPIRED_DATE: text,
    AREA_M2: text,
  }),
});
export type LicenceRecord = z.infer<typeof LicenceRecordSchema>;

/** The `portalMap` response: a bare array of licence records. */
export const PortalMapSchema = z.array(LicenceRecordSchema);
