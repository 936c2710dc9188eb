/**
 * What the harvests of the two EITI upstreams read, decoded into the records the store keeps: one per
 * organisation-year, one per organisation-year's payments, one per filed report and one per licence. Each
 * carries the row as published (`raw`: for audit, and what a harvest compares to tell a changed record),
 * the domain object (`doc`) and the register number it is grouped under (`sortText`). Pure: no I/O, no
 * clock. The indexes served from these records are grouped by the very functions the live clients use
 * (`map.ts`), so a lookup answers alike from the store and live.
 */
import type { EitiPayment } from '../../domain/organization.js';
import { describeIssues } from '../../upstream/index.js';
import { byYearCodeId, toKeyedOrganisation, toLicence, toPayment, toReport } from './map.js';
import { EITIM_REPORT_PAGE_SIZE, reportListForm } from './mongolia-client.js';
import { checkRevenueFilter, nextPage } from './paging.js';
import {
  OrganisationPageSchema,
  PortalMapSchema,
  ReportListSchema,
  RevenuePageSchema,
  type RevenueRow,
} from './payload.js';

/** One record as the store keeps it (the shape of the store's `EntityInput`). */
export interface HarvestRecord {
  readonly key: string;
  /** The row (or rows) as published, as JSON. */
  readonly raw: string;
  /** The domain object, as JSON. */
  readonly doc: string;
  /** The register number the record is grouped under; `null` for payments (keyed by organisation id). */
  readonly sortText: string | null;
}

/** One page of `/organisation`: its Mongolian company rows as records, and the next page. */
export interface OrganisationHarvestPage {
  /** Keyed by EITI organisation id; `doc` is a `KeyedOrganisation`. */
  readonly records: readonly HarvestRecord[];
  /** Rows on the page, of every country and type (most are not kept). */
  readonly rows: number;
  readonly next: URL | null;
}

/** One page of `/revenue?organisation={id}`. */
export interface RevenueHarvestPage {
  readonly rows: readonly RevenueRow[];
  readonly next: URL | null;
}

/**
 * A page of the organisation index as the harvest keeps it: only the rows the graph can join (Mongolian
 * companies with a register number and a year, `toKeyedOrganisation`), each under its EITI id. `url` is
 * the page's own address and `base` the configured API (the next link is followed only under it).
 */
export function readOrganisationPage(json: unknown, url: URL, base: URL): OrganisationHarvestPage {
  const parsed = OrganisationPageSchema.safeParse(json);
  if (!parsed.success) throw new Error(`organisation page: ${describeIssues(parsed.error)}`);
  const records: HarvestRecord[] = [];
  for (const row of parsed.data.data) {
    const keyed = toKeyedOrganisation(row);
    if (keyed === null) continue;
    records.push({
      key: keyed.organisation.id,
      raw: JSON.stringify(row),
      doc: JSON.stringify(keyed),
      sortText: keyed.key,
    });
  }
  return { records, rows: parsed.data.data.length, next: nextPage(parsed.data.next, url, base) };
}

/** A page of one organisation-year's revenue rows (refused when the organisation filter was ignored). */
export function readRevenuePage(
  json: unknown,
  url: URL,
  base: URL,
  organisationId: string,
): RevenueHarvestPage {
  const parsed = RevenuePageSchema.safeParse(json);
  if (!parsed.success) throw new Error(`revenue page: ${describeIssues(parsed.error)}`);
  checkRevenueFilter(parsed.data.data, organisationId);
  return { rows: parsed.data.data, next: nextPage(parsed.data.next, url, base) };
}

/** All revenue rows of one organisation-year as one record: its payments, in the graph's order. */
export function paymentsRecord(organisationId: string, rows: readonly RevenueRow[]): HarvestRecord {
  const payments: EitiPayment[] = rows.map(toPayment).sort(byYearCodeId);
  return { key: organisationId, raw: JSON.stringify(rows), doc: JSON.stringify(payments), sortText: null };
}

/**
 * The report-list form the harvest posts: the lookups' form with another DataTables draw counter (a number
 * the portal only echoes back), so that the harvest's read has its own cache entry and never hands its
 * records to a lookup expecting the grouped list, or the other way round.
 */
export function harvestReportListForm(): URLSearchParams {
  const form = reportListForm();
  form.set('draw', '2');
  form.set('sEcho', '2');
  return form;
}

/**
 * The report list as the harvest keeps it: one record per filed company-year whose register number is
 * usable, keyed by year, EITI Mongolia company id and register number. A response that fills the page is
 * refused (it may be cut off), as in the live client.
 */
export function readReportList(json: unknown): HarvestRecord[] {
  const parsed = ReportListSchema.safeParse(json);
  if (!parsed.success) throw new Error(`report list: ${describeIssues(parsed.error)}`);
  const rows = parsed.data.data;
  if (rows.length >= EITIM_REPORT_PAGE_SIZE) {
    throw new Error(`report list with ${rows.length} rows, a full page: the list may be cut off`);
  }
  const keys = uniqueKeys();
  const records: HarvestRecord[] = [];
  for (const row of rows) {
    const report = toReport(row);
    if (report === null) continue;
    records.push({
      key: keys(`${report.year}:${report.companyId}:${report.registerNumber}`),
      raw: JSON.stringify(row),
      doc: JSON.stringify(report),
      sortText: report.registerNumber,
    });
  }
  return records;
}

/** The licence map as the harvest keeps it: one record per licence with a usable holder register number. */
export function readLicenceMap(json: unknown): HarvestRecord[] {
  const parsed = PortalMapSchema.safeParse(json);
  if (!parsed.success) throw new Error(`licence map: ${describeIssues(parsed.error)}`);
  const keys = uniqueKeys();
  const records: HarvestRecord[] = [];
  for (const record of parsed.data) {
    const licence = toLicence(record);
    if (licence === null) continue;
    records.push({
      key: keys(licence.number.trim()),
      raw: JSON.stringify(record),
      doc: JSON.stringify(licence),
      sortText: licence.registerNumber,
    });
  }
  return records;
}

/**
 * Keys made unique within one list, in the list's order: a second row under the same key gets `#2`, a
 * third `#3`. The live client keeps every row, so the store must not fold two rows into one.
 */
function uniqueKeys(): (key: string) => string {
  const seen = new Map<string, number>();
  return (key) => {
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return n === 1 ? key : `${key}#${n}`;
  };
}
