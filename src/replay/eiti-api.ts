/**
 * The eiti.org API v2.0 route module (`/eiti`, real base `https://eiti.org/api/v2.0/`), in the shape of the
 * Drupal RESTful resources behind it: list responses are `{ data, count, self, next?, previous? }` with
 * flattened dotted keys in every row; single resources are `{ data: [row] }`.
 *
 *   GET /eiti/api/v2.0/organisation?page&limit          every organisation row (filters ignored, like the real API)
 *   GET /eiti/api/v2.0/organisation/{id}
 *   GET /eiti/api/v2.0/revenue?organisation&page&limit  the one server-side filter that works
 *   GET /eiti/api/v2.0/revenue/{id}
 *   GET /eiti/api/v2.0/summary_data?page&limit, /summary_data/{id}
 *   GET /eiti/api/v2.0/gfs_code?page&limit, /gfs_code/{code}
 *
 * Paging is 1-based (`page` defaults to 1); `next.href` and `previous.href` are absolute and keep every
 * other query parameter. Whoever follows `next.href` from a first request without `page` never depends on
 * the base.
 */
import type { JsonObject, EitiApiDataset } from './eiti-data.js';
import type { ReplayRequest, ReplayResponse } from './http.js';
import { errorResponse, jsonResponse, methodNotAllowed, unknownPath } from './http.js';
import type { RouteModule } from './router.js';
import type { DriftVariant } from './drift.js';

/** Path prefix of the EITI API module. */
export const EITI_PREFIX = '/eiti';
/** The API root under the prefix, as on eiti.org. */
export const EITI_API_ROOT = `${EITI_PREFIX}/api/v2.0`;
/** `limit` when none is given (the real API's default page size). */
export const EITI_DEFAULT_LIMIT = 25;
/** Largest `limit` accepted; larger values get 400 rather than a silent clamp. */
export const EITI_MAX_LIMIT = 1000;
/** `Cache-Control: max-age` of EITI API responses: summary data changes about quarterly. */
export const EITI_MAX_AGE_SECONDS = 3600;

const ALLOWED_METHODS = ['GET', 'HEAD'] as const;

/** A client error with its status; answered as JSON `{ error }`. */
class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type Collection = 'organisation' | 'revenue' | 'summary_data' | 'gfs_code';
const COLLECTIONS: readonly Collection[] = ['organisation', 'revenue', 'summary_data', 'gfs_code'];

type Route =
  { kind: 'list'; collection: Collection } | { kind: 'one'; collection: Collection; segment: string };

function matchRoute(path: string): Route | undefined {
  if (!path.startsWith(`${EITI_API_ROOT}/`)) return undefined;
  const [name, segment, ...rest] = path.slice(EITI_API_ROOT.length + 1).split('/');
  const collection = COLLECTIONS.find((c) => c === name);
  if (collection === undefined || rest.length > 0) return undefined;
  if (segment === undefined) return { kind: 'list', collection };
  return segment === '' ? undefined : { kind: 'one', collection, segment };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new RequestError(400, 'The id in the path is not valid percent-encoding.');
  }
}

function positiveInt(name: string, raw: string | null, fallback: number, max: number): number {
  if (raw === null) return fallback;
  const n = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= 1 && n <= max)) {
    throw new RequestError(400, `${name} must be an integer from 1 to ${max}; got ${JSON.stringify(raw)}.`);
  }
  return n;
}

function cacheable(data: EitiApiDataset): NonNullable<ReplayResponse['cache']> {
  return { lastModified: data.dataDate, maxAgeSeconds: EITI_MAX_AGE_SECONDS };
}

/** The request's own URL with `page` replaced, every other parameter kept (as Drupal RESTful does). */
function pageLink(request: ReplayRequest, page: number): string {
  const params = new URLSearchParams(request.query);
  params.set('page', String(page));
  return `${request.baseUrl}${request.path}?${params.toString()}`;
}

function link(title: string, href: string): JsonObject {
  return { title, href };
}

/** One page of `rows`, with `count` and the paging links. A page past the end is empty, not an error. */
function listResponse(
  data: EitiApiDataset,
  request: ReplayRequest,
  rows: readonly JsonObject[],
  serve: (row: JsonObject) => JsonObject,
): ReplayResponse {
  const page = positiveInt('page', request.query.get('page'), 1, 1_000_000_000);
  const limit = positiveInt('limit', request.query.get('limit'), EITI_DEFAULT_LIMIT, EITI_MAX_LIMIT);
  const start = (page - 1) * limit;
  const body: JsonObject = {
    data: rows.slice(start, start + limit).map(serve),
    count: rows.length,
    self: link('Self', pageLink(request, page)),
  };
  if (page > 1) body['previous'] = link('Previous', pageLink(request, page - 1));
  if (start + limit < rows.length) body['next'] = link('Next', pageLink(request, page + 1));
  return jsonResponse(200, body, { cache: cacheable(data) });
}

function oneResponse(
  data: EitiApiDataset,
  row: JsonObject | undefined,
  what: string,
  serve: (row: JsonObject) => JsonObject,
): ReplayResponse {
  if (row === undefined) return errorResponse(404, `No ${what} on the replay server.`);
  return jsonResponse(200, { data: [serve(row)] }, { cache: cacheable(data) });
}

const identity = (row: JsonObject): JsonObject => row;

function handle(data: EitiApiDataset, request: ReplayRequest): ReplayResponse {
  const match = matchRoute(request.path);
  if (match === undefined) return unknownPath(request.path);
  if (!(ALLOWED_METHODS as readonly string[]).includes(request.method)) {
    return methodNotAllowed(request.method, ALLOWED_METHODS);
  }
  const base = `${request.baseUrl}${EITI_API_ROOT}`;
  // Revenue rows link to themselves, as the real ones do; the link needs this server's address.
  const withSelf = (row: JsonObject): JsonObject => ({
    id: row['id'],
    self: `${base}/revenue/${String(row['id'])}`,
    ...row,
  });
  const gfsRow = (row: JsonObject): JsonObject => ({
    id: row['code'],
    self: `${base}/gfs_code/${String(row['code'])}`,
    ...row,
  });
  try {
    if (match.kind === 'list') {
      switch (match.collection) {
        case 'organisation':
          // `identification=`, `filter[...]` and the like are accepted and ignored: the real API
          // answers them with the unfiltered set (docs/upstreams.md "EITI API v2.0").
          return listResponse(data, request, data.organisations, identity);
        case 'revenue': {
          const organisation = request.query.get('organisation');
          const rows =
            organisation === null ? data.revenue : (data.revenueByOrganisation.get(organisation) ?? []);
          return listResponse(data, request, rows, withSelf);
        }
        case 'summary_data':
          return listResponse(data, request, data.summaryData, identity);
        case 'gfs_code':
          return listResponse(data, request, data.gfsCodes, gfsRow);
      }
    }
    const key = decodeSegment(match.segment);
    const what = `${match.collection} ${JSON.stringify(key)}`;
    switch (match.collection) {
      case 'organisation':
        return oneResponse(data, data.organisationById.get(key), what, identity);
      case 'revenue':
        return oneResponse(data, data.revenueById.get(key), what, withSelf);
      case 'summary_data':
        return oneResponse(data, data.summaryById.get(key), what, identity);
      case 'gfs_code':
        return oneResponse(data, data.gfsByCode.get(key.toUpperCase()), what, gfsRow);
    }
  } catch (e: unknown) {
    if (e instanceof RequestError) return errorResponse(e.status, e.message);
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Drift: valid JSON, broken API shape

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function rowsOf(body: JsonObject): JsonObject[] {
  const data = body['data'];
  return Array.isArray(data) ? data.filter(isObject) : [];
}

function rename(row: JsonObject, from: string, to: string): void {
  if (from in row) {
    row[to] = row[from];
    delete row[from];
  }
}

const isRevenueRow = (row: JsonObject): boolean => 'revenue' in row;
const isOrganisationRow = (row: JsonObject): boolean => 'identification' in row;

/** One mutation per variant; a `Record` over the union makes a missing variant a compile error. */
const DRIFTS: Readonly<Record<DriftVariant, (body: JsonObject, rows: readonly JsonObject[]) => void>> = {
  'number-as-string': (body, rows) => {
    for (const row of rows) if (typeof row['revenue'] === 'number') row['revenue'] = String(row['revenue']);
    if (typeof body['count'] === 'number') body['count'] = String(body['count']);
  },
  'missing-required': (_body, rows) => {
    for (const row of rows) {
      delete row['identification'];
      delete row['organisation.id'];
      if (!isOrganisationRow(row) && !isRevenueRow(row)) delete row['id'];
    }
  },
  'object-instead-of-array': (body, rows) => {
    body['data'] = Object.fromEntries(
      rows.map((row, i) => [
        typeof row['id'] === 'string' || typeof row['id'] === 'number' ? String(row['id']) : String(i),
        row,
      ]),
    );
  },
  'renamed-field': (_body, rows) => {
    for (const row of rows) {
      rename(row, 'summary_data.iso2', 'country.iso2');
      rename(row, 'revenue', 'value');
      rename(row, 'label', 'name');
    }
  },
  'wrong-type': (_body, rows) => {
    for (const row of rows) {
      // A register number read as a number loses its leading zeros (the fictional ones begin with 09).
      if (typeof row['identification'] === 'string' && /^\s*\d+\s*$/.test(row['identification']))
        row['identification'] = Number(row['identification']);
      if (typeof row['currency'] === 'string') row['currency'] = { code: row['currency'] };
      if (typeof row['code'] === 'string') row['code'] = [row['code']];
    }
  },
};

/** Breaks an EITI API body the way upstreams drift (table in `src/replay/README.md`). Mutates `value`. */
export function driftEitiApi(value: unknown, variant: DriftVariant): unknown {
  if (isObject(value)) DRIFTS[variant](value, rowsOf(value));
  return value;
}

/** The EITI API route module over a loaded data set. */
export function createEitiApiModule(data: EitiApiDataset): RouteModule {
  return {
    name: 'EITI API',
    prefix: EITI_PREFIX,
    handle: (request) => handle(data, request),
    drift: driftEitiApi,
  };
}
