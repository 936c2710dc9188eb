/**
 * The request side of the replay server's OCDS APIs (`/ocds`, `/ocds-scale`): the query parameters of a
 * listing (`since`, `until`, `limit`, `cursor`), the keyset cursor, and the ocid in a path, each refused
 * with a 400 that says what is accepted.
 */
import type { ReleaseKey } from './ocds-data.js';

/** Page size when `limit` is not given. */
export const DEFAULT_PAGE_SIZE = 100;
/** Largest `limit` accepted; larger values get 400, not a silent clamp, so client bugs show. */
export const OCDS_MAX_PAGE_SIZE = 500;

/** A client error with its status; caught in `handle` and answered as JSON. */
export class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The ocid is only ever a map key, never part of a file path or another URL. */
export function decodeOcid(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new RequestError(400, 'The ocid in the path is not valid percent-encoding.');
  }
}

// ---------------------------------------------------------------------------------------------------------
// Query parameters

export interface ListParams {
  readonly since: number | undefined;
  readonly until: number | undefined;
  readonly limit: number;
  readonly cursor: ReleaseKey | undefined;
}

export function parseLimit(raw: string | null): number {
  if (raw === null) return DEFAULT_PAGE_SIZE;
  const n = /^\d{1,4}$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= 1 && n <= OCDS_MAX_PAGE_SIZE)) {
    throw new RequestError(
      400,
      `limit must be an integer from 1 to ${OCDS_MAX_PAGE_SIZE}; got ${JSON.stringify(raw)}.`,
    );
  }
  return n;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/i;

/**
 * An inclusive bound on release `date`: an ISO 8601 date (midnight UTC) or a date-time with an offset.
 * A `+` left unencoded in a query decodes to a space; it is read back as `+` since nothing else fits there.
 */
export function parseInstant(name: string, raw: string | null): number | undefined {
  if (raw === null) return undefined;
  const value = raw.replace(/ (\d{2}:\d{2})$/, '+$1');
  const ms = ISO_INSTANT.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) {
    throw new RequestError(
      400,
      `${name} must be an ISO 8601 date (2024-01-31) or a date-time with an offset ` +
        `(2024-01-31T09:00:00+08:00); got ${JSON.stringify(raw)}.`,
    );
  }
  return ms;
}

/** An opaque keyset cursor: the sort key of the last release of the previous page. */
export function encodeCursor(key: ReleaseKey): string {
  return Buffer.from(JSON.stringify([key.dateMs, key.id, key.ocid]), 'utf8').toString('base64url');
}

export function decodeCursor(raw: string | null): ReleaseKey | undefined {
  if (raw === null) return undefined;
  let parsed: unknown;
  try {
    parsed = /^[A-Za-z0-9_-]{1,2000}$/.test(raw)
      ? JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'))
      : null;
  } catch {
    parsed = null;
  }
  if (
    Array.isArray(parsed) &&
    parsed.length === 3 &&
    Number.isFinite(parsed[0]) &&
    typeof parsed[1] === 'string' &&
    typeof parsed[2] === 'string'
  ) {
    return { dateMs: parsed[0] as number, id: parsed[1], ocid: parsed[2] };
  }
  throw new RequestError(
    400,
    'cursor is not a cursor this server issued: pass links.next of a previous page.',
  );
}

export function parseListParams(query: URLSearchParams): ListParams {
  const params = {
    since: parseInstant('since', query.get('since')),
    until: parseInstant('until', query.get('until')),
    limit: parseLimit(query.get('limit')),
    cursor: decodeCursor(query.get('cursor')),
  };
  if (params.since !== undefined && params.until !== undefined && params.since > params.until) {
    throw new RequestError(400, 'since must not be later than until.');
  }
  return params;
}
