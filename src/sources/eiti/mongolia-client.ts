import type { Fetched } from '../../domain/freshness.js';
import type { EitiReport, MineralLicence } from '../../domain/organization.js';
import { describeIssues, type UpstreamSource } from '../../upstream/index.js';
import { groupLicences, groupReports, toLicence, toReport } from './map.js';
import { PortalMapSchema, ReportListSchema } from './payload.js';

/**
 * Rows asked of the report list in its one request. The portal has no paging link, so the page must hold
 * every row (9,973 in the February 2020 capture, which asked for 10,000); a response that fills it is
 * refused rather than silently cut off.
 */
export const EITIM_REPORT_PAGE_SIZE = 100_000;

/**
 * The report-list form as the portal's own page posts it (docs/upstreams.md "EITI Mongolia"): every filter empty but
 * `isSubmited=2` (submitted reports), all rows on one page. Built afresh per call so nobody can change it;
 * its text is part of the cache key.
 */
export function reportListForm(): URLSearchParams {
  return new URLSearchParams({
    year: '',
    yearFilter: '',
    sumDuureg: '',
    aimagId: '',
    IsAudited: '',
    isSubmited: '2',
    entityName: '',
    entityTin: '',
    licenseNumber: '',
    mineralType: '',
    ownershipTypeId: '',
    sEcho: '1',
    pageSize: String(EITIM_REPORT_PAGE_SIZE),
    draw: '1',
    sortType: 'asc',
    sortColumn: '',
  });
}

function decodeReports(json: unknown): ReadonlyMap<string, readonly EitiReport[]> {
  const parsed = ReportListSchema.safeParse(json);
  if (!parsed.success) throw new Error(`report list: ${describeIssues(parsed.error)}`);
  const rows = parsed.data.data;
  if (rows.length >= EITIM_REPORT_PAGE_SIZE) {
    throw new Error(`report list with ${rows.length} rows, a full page: the list may be cut off`);
  }
  return groupReports(rows.map(toReport).filter((r): r is EitiReport => r !== null));
}

function decodeLicences(json: unknown): ReadonlyMap<string, readonly MineralLicence[]> {
  const parsed = PortalMapSchema.safeParse(json);
  if (!parsed.success) throw new Error(`licence map: ${describeIssues(parsed.error)}`);
  return groupLicences(parsed.data.map(toLicence).filter((l): l is MineralLicence => l !== null));
}

/**
 * Client of EITI Mongolia's e-reporting portal (`https://e-reporting.eitimongolia.mn/`; paths relative to
 * `EITI_MONGOLIA_URL`):
 *
 * - `POST reportListAppend/` (form-encoded, read-only): every company-year that filed an e-report;
 * - `GET portalMap`: the licence map, with each licence's holder register number.
 *
 * Each is one request whose decoded result, already grouped by register number, is what the cache stores:
 * a warm call costs a cache lookup and nothing else.
 */
export class EitiMongoliaClient {
  constructor(private readonly upstream: UpstreamSource) {}

  /** Report list, by register number (one POST with a page large enough for all rows, cached); by year. */
  reportsByRegisterNumber(): Promise<Fetched<ReadonlyMap<string, readonly EitiReport[]>>> {
    return this.upstream.fetch({
      url: this.upstream.url('reportListAppend/'),
      method: 'POST',
      form: reportListForm(),
      decode: decodeReports,
    });
  }

  /** Licence map, by register number (one GET, cached); by normalised licence number. */
  licencesByRegisterNumber(): Promise<Fetched<ReadonlyMap<string, readonly MineralLicence[]>>> {
    return this.upstream.fetch({ url: this.upstream.url('portalMap'), decode: decodeLicences });
  }
}
