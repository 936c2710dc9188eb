/**
 * The OCDS API route module, in the shape the OCDS guidance recommends for APIs ("Publication formats:
 * API": release and record packages, newest first, `links.next` for paging):
 *
 *   GET /ocds/releases?since&until&limit&cursor   release package of every release, newest first
 *   GET /ocds/releases/{ocid}                      release package of one process, oldest first
 *   GET /ocds/records?since&until&limit&cursor     record package of every process, newest record first
 *   GET /ocds/records/{ocid}                       record package of one process
 *
 * A record's date is the newest date among its releases and compiled release; `since` and `until` bound
 * it as they bound a release's. The records listing is what a publisher of records (with or without
 * `compiledRelease`) is harvested from: every process it knows, whether or not it has full releases.
 */
import type { ReplayRequest, ReplayResponse } from './http.js';
import { errorResponse, jsonResponse, methodNotAllowed, unknownPath } from './http.js';
import type { JsonObject, OcdsDataset, OcidEntry, ReleaseKey } from './ocds-data.js';
import { UNDATED_MS, compareNewestFirst, parseOcdsDate } from './ocds-data.js';
import { RequestError, decodeOcid, encodeCursor, parseListParams, type ListParams } from './ocds-params.js';
import type { RouteModule } from './router.js';

export {
  DEFAULT_PAGE_SIZE,
  OCDS_MAX_PAGE_SIZE,
  RequestError,
  decodeCursor,
  decodeOcid,
  encodeCursor,
  parseInstant,
  parseLimit,
  parseListParams,
  type ListParams,
} from './ocds-params.js';
import { driftOcds } from './ocds-drift.js';

/** Path prefix of the OCDS API. */
export const OCDS_PREFIX = '/ocds';
/** `Cache-Control: max-age` of every OCDS response. */
export const OCDS_MAX_AGE_SECONDS = 300;
/**
 * Publisher of packages whose releases come from sources with different (or no) publication metadata.
 * Such packages carry no `license`: no single licence would be true of all their releases.
 */
export const REPLAY_PUBLISHER: Readonly<{ name: string }> = Object.freeze({
  name: 'Transparency Graph replay server',
});

const ALLOWED_METHODS = ['GET', 'HEAD'] as const;
/**
 * `version` of a package served, unless the loaded packages its releases came from agree on another (or on
 * none: OCDS 1.0), which it then declares instead (`packageMeta`).
 */
export const OCDS_VERSION = '1.1';

type Route = { kind: 'list' | 'records' } | { kind: 'releases' | 'record'; segment: string };

function matchRoute(path: string): Route | undefined {
  const rest = path.slice(OCDS_PREFIX.length);
  if (rest === '/releases') return { kind: 'list' };
  if (rest === '/records') return { kind: 'records' };
  const m = /^\/(releases|records)\/([^/]+)$/.exec(rest);
  const [, collection, segment] = m ?? [];
  if (collection === undefined || segment === undefined) return undefined;
  return { kind: collection === 'releases' ? 'releases' : 'record', segment };
}

// ---------------------------------------------------------------------------------------------------------
// Packages

/** First index whose item satisfies `pred`, for a predicate that is false and then true over `items`. */
function partitionPoint<T>(items: readonly T[], pred: (item: T) => boolean): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (pred(items[mid] as T)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Publication metadata of a package: that of its sources when they all agree, otherwise the replay
 * server's own publisher and no licence.
 */
function packageMeta(data: OcdsDataset, sources: Iterable<number>): JsonObject {
  const metas = [...new Set(sources)].map((i) => data.sources[i]);
  const first = metas[0];
  const key = (m: (typeof metas)[number]): string =>
    JSON.stringify([m?.publisher ?? null, m?.license ?? null, m?.publicationPolicy ?? null]);
  // The version the loaded packages declare when they agree (bare releases say none): none at all, for
  // OCDS 1.0 files, so that the gateway merges them with 1.0's rules. Otherwise the caller's 1.1.
  const versions = new Set(metas.flatMap((m) => (m?.version === undefined ? [] : [m.version])));
  const [only] = versions;
  const version = versions.size === 1 ? { version: only ?? undefined } : {};
  if (first?.publisher === undefined || metas.some((m) => key(m) !== key(first))) {
    return { publisher: REPLAY_PUBLISHER, ...version };
  }
  return {
    ...version,
    publisher: first.publisher,
    ...(first.license !== undefined ? { license: first.license } : {}),
    ...(first.publicationPolicy !== undefined ? { publicationPolicy: first.publicationPolicy } : {}),
  };
}

export function cacheable(lastModified: number | null): NonNullable<ReplayResponse['cache']> {
  return { lastModified, maxAgeSeconds: OCDS_MAX_AGE_SECONDS };
}

/** `publishedDate` of a package with no release at all. */
export const EPOCH = new Date(0).toISOString();

/**
 * One page of `all` (newest first) within the list parameters: up to `limit` items after the cursor,
 * dated within `since` and `until`, and whether more follow.
 */
function pageOf<T extends ReleaseKey>(all: readonly T[], params: ListParams): { page: T[]; more: boolean } {
  const { since, until, limit, cursor } = params;
  let start = until === undefined ? 0 : partitionPoint(all, (r) => r.dateMs <= until);
  if (cursor !== undefined)
    start = Math.max(
      start,
      partitionPoint(all, (r) => compareNewestFirst(r, cursor) > 0),
    );
  const inRange = (r: T | undefined): r is T => r !== undefined && (since === undefined || r.dateMs >= since);
  const page: T[] = [];
  let i = start;
  for (let r = all[i]; page.length < limit && inRange(r); r = all[++i]) page.push(r);
  return { page, more: page.length > 0 && inRange(all[i]) };
}

/**
 * A page of a listing (`releases` or `records`), newest first: `items` gives the page's entries as served
 * and the sources they came from (for the package's publisher and licence).
 */
function listing<T extends ReleaseKey & { readonly date: string }>(
  data: OcdsDataset,
  request: ReplayRequest,
  all: readonly T[],
  collection: 'releases' | 'records',
  items: (page: readonly T[]) => { list: JsonObject[]; sources: number[] },
): ReplayResponse {
  const { page, more } = pageOf(all, parseListParams(request.query));
  const last = page.at(-1);
  const next = last !== undefined && more ? nextLink(request, last, collection) : undefined;
  const { list, sources } = items(page);
  // Newest first, so the first entry of the page (or of the data set) is the newest.
  const newest = page[0] ?? all[0];
  return jsonResponse(
    200,
    {
      uri: request.url,
      version: OCDS_VERSION,
      publishedDate: newest?.date || EPOCH,
      ...packageMeta(data, sources),
      [collection]: list,
      links: next === undefined ? {} : { next },
    },
    { cache: cacheable(newest === undefined || newest.dateMs === UNDATED_MS ? null : newest.dateMs) },
  );
}

function listReleases(data: OcdsDataset, request: ReplayRequest): ReplayResponse {
  return listing(data, request, data.releases, 'releases', (page) => ({
    list: page.map((r) => r.release),
    sources: page.map((r) => r.source),
  }));
}

function nextLink(request: ReplayRequest, last: ReleaseKey, collection = 'releases'): string {
  const params = new URLSearchParams();
  for (const name of ['since', 'until', 'limit']) {
    const value = request.query.get(name);
    if (value !== null) params.set(name, value);
  }
  params.set('cursor', encodeCursor(last));
  return `${request.baseUrl}${OCDS_PREFIX}/${collection}?${params.toString()}`;
}

function notFound(ocid: string): ReplayResponse {
  return errorResponse(404, `No contracting process with ocid ${JSON.stringify(ocid)} on the replay server.`);
}

function releasesOf(data: OcdsDataset, request: ReplayRequest, ocid: string): ReplayResponse {
  const entry = data.byOcid.get(ocid);
  const newest = entry?.releases.at(-1);
  if (entry === undefined || newest === undefined) return notFound(ocid);
  return jsonResponse(
    200,
    {
      uri: request.url,
      version: OCDS_VERSION,
      publishedDate: newest.date || EPOCH,
      ...packageMeta(
        data,
        entry.releases.map((r) => r.source),
      ),
      releases: entry.releases.map((r) => r.release),
    },
    { cache: cacheable(newest.dateMs === UNDATED_MS ? null : newest.dateMs) },
  );
}

/** The newest date among a record's releases and compiled release, as published and as epoch ms. */
function recordDate(entry: OcidEntry): { date: string; ms: number } | undefined {
  const candidates: unknown[] = [
    ...entry.releases.map((r) => r.date),
    ...(entry.releases.length === 0 ? (entry.linked?.releases.map((r) => r['date']) ?? []) : []),
    entry.compiled?.release['date'],
  ];
  let best: { date: string; ms: number } | undefined;
  for (const date of candidates) {
    const ms = typeof date === 'string' ? parseOcdsDate(date) : NaN;
    if (typeof date === 'string' && !Number.isNaN(ms) && (best === undefined || ms > best.ms))
      best = { date, ms };
  }
  return best;
}

/**
 * A record as recorded: full releases when any are known (linked releases otherwise), plus the compiled
 * release only when a loaded record carried one. The replay server never compiles releases itself.
 */
function recordBody(entry: OcidEntry): { record: JsonObject; sources: number[] } {
  const useLinked = entry.releases.length === 0 && entry.linked !== undefined;
  return {
    record: {
      ocid: entry.ocid,
      releases: useLinked ? (entry.linked?.releases ?? []) : entry.releases.map((r) => r.release),
      ...(entry.compiled ? { compiledRelease: entry.compiled.release } : {}),
    },
    sources: [
      ...entry.releases.map((r) => r.source),
      ...(useLinked && entry.linked ? [entry.linked.source] : []),
      ...(entry.compiled ? [entry.compiled.source] : []),
    ],
  };
}

function recordOf(data: OcdsDataset, request: ReplayRequest, ocid: string): ReplayResponse {
  const entry = data.byOcid.get(ocid);
  if (entry === undefined) return notFound(ocid);
  const { record, sources } = recordBody(entry);
  const newest = recordDate(entry);
  return jsonResponse(
    200,
    {
      uri: request.url,
      version: OCDS_VERSION,
      publishedDate: newest?.date || EPOCH,
      ...packageMeta(data, sources),
      records: [record],
    },
    { cache: cacheable(newest?.ms ?? null) },
  );
}

/** A record in the records listing: its sort key (its date; `id` unused) and its entry. */
interface ListedRecord extends ReleaseKey {
  readonly entry: OcidEntry;
  readonly date: string;
}

/** Every record newest first, sorted once per data set (the data set never changes once loaded). */
const RECORD_ORDER = new WeakMap<OcdsDataset, readonly ListedRecord[]>();

function recordsNewestFirst(data: OcdsDataset): readonly ListedRecord[] {
  let order = RECORD_ORDER.get(data);
  if (order === undefined) {
    const listed: ListedRecord[] = [];
    for (const entry of data.byOcid.values()) {
      const newest = recordDate(entry);
      // A record without any usable date sorts last (oldest); `since` and `until` then leave it out.
      listed.push({
        entry,
        ocid: entry.ocid,
        id: '',
        dateMs: newest?.ms ?? UNDATED_MS,
        date: newest?.date ?? EPOCH,
      });
    }
    order = listed.sort(compareNewestFirst);
    RECORD_ORDER.set(data, order);
  }
  return order;
}

function listRecords(data: OcdsDataset, request: ReplayRequest): ReplayResponse {
  return listing(data, request, recordsNewestFirst(data), 'records', (page) => {
    const bodies = page.map((r) => recordBody(r.entry));
    return { list: bodies.map((b) => b.record), sources: bodies.flatMap((b) => b.sources) };
  });
}

function handle(data: OcdsDataset, request: ReplayRequest): ReplayResponse {
  const match = matchRoute(request.path);
  if (match === undefined) return unknownPath(request.path);
  if (!(ALLOWED_METHODS as readonly string[]).includes(request.method)) {
    return methodNotAllowed(request.method, ALLOWED_METHODS);
  }
  try {
    switch (match.kind) {
      case 'list':
        return listReleases(data, request);
      case 'records':
        return listRecords(data, request);
      case 'releases':
        return releasesOf(data, request, decodeOcid(match.segment));
      case 'record':
        return recordOf(data, request, decodeOcid(match.segment));
    }
  } catch (e: unknown) {
    if (e instanceof RequestError) return errorResponse(e.status, e.message);
    throw e;
  }
}

/** The OCDS route module over a loaded data set. */
export function createOcdsModule(data: OcdsDataset): RouteModule {
  return {
    name: 'OCDS',
    prefix: OCDS_PREFIX,
    handle: (request) => handle(data, request),
    drift: driftOcds,
  };
}
