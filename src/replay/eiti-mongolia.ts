/**
 * The EITI Mongolia e-reporting route module (`/eitim`, real host `https://e-reporting.eitimongolia.mn`):
 *
 *   GET  /eitim/portalMap            the licence map: `[{ "cordinate": {...}, "array": 14 }]` as captured
 *   POST /eitim/reportListAppend/    the report list (form-encoded filters) → `{ "data": [...] }`
 *
 * The report list is served with the upstream's upper-case keys (`YEAR`, `COMPANY_REGISTER_NUMBER`,
 * `COMPANY_ID`, `ID`, `COMPANY_NAME`); the capture lower-cased them (data/eiti/SOURCES.md).
 */
import type { EitimDataset, JsonObject } from './eiti-data.js';
import type { ReplayRequest, ReplayResponse } from './http.js';
import { errorResponse, jsonResponse, methodNotAllowed, unknownPath } from './http.js';
import type { RouteModule } from './router.js';
import type { DriftVariant } from './drift.js';

/** Path prefix of the EITI Mongolia module. */
export const EITIM_PREFIX = '/eitim';
/** `Cache-Control: max-age` of EITI Mongolia responses: companies file once a year, by 15 April. */
export const EITIM_MAX_AGE_SECONDS = 86_400;
/** Report-list rows when the form gives no `pageSize` (the DataTables default). */
export const EITIM_DEFAULT_PAGE_SIZE = 10;
/** Largest `pageSize` accepted. */
export const EITIM_MAX_PAGE_SIZE = 100_000;
/**
 * The form fields of the portal's report list (as its own page posts them). `year`, `entityTin` and
 * `pageSize` are honoured; the others are accepted and ignored.
 */
export const EITIM_REPORT_LIST_FIELDS = [
  'year',
  'yearFilter',
  'sumDuureg',
  'aimagId',
  'IsAudited',
  'isSubmited',
  'entityName',
  'entityTin',
  'licenseNumber',
  'mineralType',
  'ownershipTypeId',
  'sEcho',
  'pageSize',
  'draw',
  'sortType',
  'sortColumn',
] as const;

const cache = { lastModified: null, maxAgeSeconds: EITIM_MAX_AGE_SECONDS } as const;

function portalMap(data: EitimDataset, request: ReplayRequest): ReplayResponse {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return methodNotAllowed(request.method, ['GET', 'HEAD']);
  }
  return jsonResponse(200, data.licences, { cache });
}

function header(request: ReplayRequest, name: string): string {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
}

function reportList(data: EitimDataset, request: ReplayRequest): ReplayResponse {
  if (request.method !== 'POST') return methodNotAllowed(request.method, ['POST']);
  const type = header(request, 'content-type').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type !== '' && type !== 'application/x-www-form-urlencoded') {
    return errorResponse(
      415,
      `The report list takes a form (application/x-www-form-urlencoded); got ${type}.`,
    );
  }
  const form = new URLSearchParams(request.body.toString('utf8'));
  const year = form.get('year')?.trim() ?? '';
  if (year !== '' && !/^\d{4}$/.test(year)) {
    return errorResponse(400, `year must be a four-digit year or empty; got ${JSON.stringify(year)}.`);
  }
  const rawSize = form.get('pageSize')?.trim() ?? '';
  const pageSize =
    rawSize === '' ? EITIM_DEFAULT_PAGE_SIZE : /^\d{1,9}$/.test(rawSize) ? Number(rawSize) : NaN;
  if (!(pageSize >= 1 && pageSize <= EITIM_MAX_PAGE_SIZE)) {
    return errorResponse(
      400,
      `pageSize must be an integer from 1 to ${EITIM_MAX_PAGE_SIZE}; got ${JSON.stringify(rawSize)}.`,
    );
  }
  const tin = form.get('entityTin')?.trim() ?? '';
  const rows: JsonObject[] = [];
  for (const row of data.reports) {
    if (rows.length >= pageSize) break;
    if (year !== '' && String(row['YEAR']) !== year) continue;
    if (tin !== '' && String(row['COMPANY_REGISTER_NUMBER']).trim() !== tin) continue;
    rows.push(row);
  }
  return jsonResponse(200, { data: rows }, { cache });
}

function handle(data: EitimDataset, request: ReplayRequest): ReplayResponse {
  switch (request.path) {
    case `${EITIM_PREFIX}/portalMap`:
      return portalMap(data, request);
    // The portal's own page posts to the path with the slash; both spellings are served.
    case `${EITIM_PREFIX}/reportListAppend/`:
    case `${EITIM_PREFIX}/reportListAppend`:
      return reportList(data, request);
    default:
      return unknownPath(request.path);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Drift: valid JSON, broken shape

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The rows of a body: report-list rows, or the `cordinate` objects of the licence map. */
function rowsOf(value: unknown): JsonObject[] {
  if (Array.isArray(value)) {
    return value.filter(isObject).flatMap((r) => (isObject(r['cordinate']) ? [r['cordinate']] : []));
  }
  const data = isObject(value) ? value['data'] : undefined;
  return Array.isArray(data) ? data.filter(isObject) : [];
}

/** One mutation per variant; a `Record` over the union makes a missing variant a compile error. */
const DRIFTS: Readonly<Record<DriftVariant, (value: unknown, rows: readonly JsonObject[]) => unknown>> = {
  // The licence map has no number in a field the gateway reads; only the report list's YEAR changes.
  'number-as-string': (value, rows) => {
    for (const row of rows) if (typeof row['YEAR'] === 'number') row['YEAR'] = String(row['YEAR']);
    return value;
  },
  'missing-required': (value, rows) => {
    for (const row of rows) delete row['COMPANY_REGISTER_NUMBER'];
    return value;
  },
  'object-instead-of-array': (value) => {
    if (Array.isArray(value)) {
      return Object.fromEntries(
        value.map((r: unknown, i) => {
          const c = isObject(r) ? r['cordinate'] : undefined;
          const n = isObject(c) ? c['LICENSE_NUMBER'] : undefined;
          return [typeof n === 'string' ? n : String(i), r];
        }),
      );
    }
    if (isObject(value) && Array.isArray(value['data'])) {
      value['data'] = Object.fromEntries(value['data'].map((r: unknown, i) => [String(i), r]));
    }
    return value;
  },
  // What the capturing script did: the licence map's misspelt `cordinate` fixed, the report list lower-cased.
  'renamed-field': (value) => {
    if (Array.isArray(value)) {
      for (const r of value.filter(isObject)) {
        r['coordinate'] = r['cordinate'];
        delete r['cordinate'];
      }
    } else if (isObject(value) && Array.isArray(value['data'])) {
      value['data'] = value['data'].map((r: unknown) =>
        isObject(r) ? Object.fromEntries(Object.entries(r).map(([k, v]) => [k.toLowerCase(), v])) : r,
      );
    }
    return value;
  },
  // A register number read as a number loses its leading zeros ("00009999" becomes 9999).
  'wrong-type': (value, rows) => {
    for (const row of rows) {
      const n = row['COMPANY_REGISTER_NUMBER'];
      if (typeof n === 'string' && /^\d+$/.test(n)) row['COMPANY_REGISTER_NUMBER'] = Number(n);
    }
    return value;
  },
};

/** Breaks an EITI Mongolia body the way upstreams drift (table in `src/replay/README.md`). */
export function driftEitiMongolia(value: unknown, variant: DriftVariant): unknown {
  return DRIFTS[variant](value, rowsOf(value));
}

/** The EITI Mongolia route module over a loaded data set. */
export function createEitiMongoliaModule(data: EitimDataset): RouteModule {
  return {
    name: 'EITI Mongolia',
    prefix: EITIM_PREFIX,
    handle: (request) => handle(data, request),
    drift: driftEitiMongolia,
  };
}
