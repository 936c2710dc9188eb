/**
 * The tender.gov.mn route module (`/tender-mn`), in the native shapes of docs/upstreams.md "tender.gov.mn API":
 *
 *   POST /tender-mn/api/invitation           the open-data API (opendata.tender.gov.mn): a form
 *                                            `current_page`, `per_page`, `tenderYear?`; `Authorization:
 *                                            Bearer <token>` required
 *   POST /tender-mn/api/invitation-bidders   the public site's bidder list (www.tender.gov.mn):
 *                                            `{ tenderId, invitationId }` as JSON or as a form
 *
 * The data is derived at start-up from the fictional OCDS scenario (`tender-mn-data.ts`); every row
 * carries `x_fictional`, which the real API does not have. See README.md ("tender.gov.mn").
 */
import type { ReplayRequest, ReplayResponse } from './http.js';
import { jsonResponse } from './http.js';
import type { DriftVariant } from './drift.js';
import type { RouteModule } from './router.js';
import {
  EMBEDDED_TENDER_MN_SOURCE,
  loadTenderMnData,
  type JsonObject,
  type TenderMnDataset,
  type TenderMnPair,
} from './tender-mn-data.js';

export {
  DOC_STATUS_BY_TENDER_STATUS,
  EMBEDDED_TENDER_MN_SOURCE,
  NOT_SELECTED,
  SELECTED,
  TENDER_MN_DERIVED_NOTICE,
  TENDER_MN_SAMPLE_EVERY,
  TENDER_TYPE_BY_CATEGORY,
  initials,
  ulaanbaatarTime,
  type BidderRow,
  type InvitationRow,
  type TenderMnDataset,
  type TenderMnPair,
} from './tender-mn-data.js';

/** Path prefix of the tender.gov.mn module. */
export const TENDER_MN_PREFIX = '/tender-mn';
/** Largest `per_page` the open-data API accepts (its documentation: 1–100). */
export const TENDER_MN_MAX_PER_PAGE = 100;
/** `Cache-Control: max-age` of the answers: invitations are published daily (docs/upstreams.md "tender.gov.mn API"). */
export const TENDER_MN_MAX_AGE_SECONDS = 1800;
/** The `message` of a successful answer, as the API's documentation shows it ("Successful"). */
export const TENDER_MN_SUCCESS_MESSAGE = 'Амжилттай';

const INVITATION = `${TENDER_MN_PREFIX}/api/invitation`;
const BIDDERS = `${TENDER_MN_PREFIX}/api/invitation-bidders`;

/** Options of the module. */
export interface TenderMnReplayOptions {
  /**
   * The OCDS file the invitations are derived from: releases as JSON Lines or one JSON document (a release
   * or record package, an array, a release), gzipped or not. Default
   * `EMBEDDED_TENDER_MN_SOURCE`, the fictional Mongolian scenario.
   */
  readonly dataFile?: string;
}

function resolveFile(options: TenderMnReplayOptions | undefined): string {
  const file = options?.dataFile ?? EMBEDDED_TENDER_MN_SOURCE;
  if (typeof file !== 'string' || file.trim() === '') {
    throw new Error(
      `ReplayOptions.tenderMn.dataFile must be a non-empty file path, but got ${JSON.stringify(file)}.`,
    );
  }
  return file;
}

/** Derived data per file, shared by every server of the process (test files start many). */
const built = new Map<string, Promise<TenderMnDataset>>();

function load(file: string): Promise<TenderMnDataset> {
  let data = built.get(file);
  if (data === undefined) {
    data = loadTenderMnData(file);
    built.set(file, data);
    // A failed load is not remembered: the next server retries (the file may have been fixed).
    void data.catch(() => built.delete(file));
  }
  return data;
}

/**
 * The scenario ocid ↔ invitation pairs the module serves with these options, in invitation order: how a
 * test finds, for one fictional process, both its OCDS record and its tender.gov.mn invitation.
 */
export async function tenderMnPairs(options?: TenderMnReplayOptions): Promise<readonly TenderMnPair[]> {
  return (await load(resolveFile(options))).pairs;
}

// ---------------------------------------------------------------------------------------------------------
// Answers in the API's style: `return_code` mirrors the HTTP status, `message` is Mongolian, and field
// errors are listed per field (the shape of the Laravel validator the paging fields suggest; our reading).

const cache = { lastModified: null, maxAgeSeconds: TENDER_MN_MAX_AGE_SECONDS } as const;

function failure(
  status: number,
  message: string,
  extra?: JsonObject,
  headers?: Readonly<Record<string, string>>,
): ReplayResponse {
  return {
    status,
    body: { type: 'json', value: { return_code: status, message, ...extra } },
    ...(headers === undefined ? {} : { headers }),
  };
}

function invalid(errors: Readonly<Record<string, string>>): ReplayResponse {
  return failure(400, 'Хүсэлтийн параметр буруу байна.', {
    errors: Object.fromEntries(Object.entries(errors).map(([name, sentence]) => [name, [sentence]])),
  });
}

function header(request: ReplayRequest, name: string): string {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
}

function mediaType(request: ReplayRequest): string {
  return header(request, 'content-type').split(';')[0]?.trim().toLowerCase() ?? '';
}

function postOnly(request: ReplayRequest): ReplayResponse | null {
  if (request.method === 'POST') return null;
  return failure(405, `Method ${request.method} is not allowed here; use POST.`, undefined, {
    Allow: 'POST',
  });
}

/** Any non-blank bearer token is accepted: the replay checks that one is sent, not which. */
function hasBearerToken(request: ReplayRequest): boolean {
  return /^Bearer[ \t]+\S+/i.test(header(request, 'authorization').trim());
}

/** A positive integer of at most nine digits, without sign or leading zeros. */
function positiveInt(raw: string): number | null {
  return /^[1-9]\d{0,8}$/.test(raw) ? Number(raw) : null;
}

// ---------------------------------------------------------------------------------------------------------
// POST /api/invitation

function invitations(data: TenderMnDataset, request: ReplayRequest): ReplayResponse {
  const refused = postOnly(request);
  if (refused !== null) return refused;
  if (!hasBearerToken(request)) {
    return failure(401, 'Unauthenticated.', undefined, { 'WWW-Authenticate': 'Bearer' });
  }
  const type = mediaType(request);
  if (type !== '' && type !== 'application/x-www-form-urlencoded') {
    return failure(415, `The invitation list takes a form (application/x-www-form-urlencoded); got ${type}.`);
  }
  const form = new URLSearchParams(request.body.toString('utf8'));
  const errors: Record<string, string> = {};
  const rawPage = form.get('current_page')?.trim() ?? '';
  const rawPerPage = form.get('per_page')?.trim() ?? '';
  const rawYear = form.get('tenderYear')?.trim() ?? '';
  const page = positiveInt(rawPage);
  const perPage = positiveInt(rawPerPage);
  if (rawPage === '') errors['current_page'] = 'The current_page field is required.';
  else if (page === null) errors['current_page'] = 'The current_page must be an integer of at least 1.';
  if (rawPerPage === '') errors['per_page'] = 'The per_page field is required.';
  else if (perPage === null || perPage > TENDER_MN_MAX_PER_PAGE)
    errors['per_page'] = `The per_page must be an integer between 1 and ${TENDER_MN_MAX_PER_PAGE}.`;
  if (rawYear !== '' && !/^\d{4}$/.test(rawYear))
    errors['tenderYear'] = 'The tenderYear must be a year of four digits.';
  if (page === null || perPage === null || Object.keys(errors).length > 0) return invalid(errors);

  const year = rawYear === '' ? null : Number(rawYear);
  const rows =
    year === null
      ? data.invitations
      : data.invitations.filter((r) => data.yearOf.get(r.invitationId) === year);
  return jsonResponse(
    200,
    {
      return_code: 200,
      message: TENDER_MN_SUCCESS_MESSAGE,
      total: rows.length,
      // Strings, as the documentation's example shows them; `total` is a number.
      per_page: String(perPage),
      current_page: String(page),
      data: rows.slice((page - 1) * perPage, page * perPage),
    },
    { cache },
  );
}

// ---------------------------------------------------------------------------------------------------------
// POST /api/invitation-bidders

/** `{tenderId, invitationId}` from a JSON body (as the public site posts it) or a form. */
function bidderQuery(request: ReplayRequest): { tenderId: unknown; invitationId: unknown } | ReplayResponse {
  const type = mediaType(request);
  const body = request.body.toString('utf8');
  if (type === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return failure(400, 'Хүсэлтийн бие JSON биш байна.', { errors: { body: ['The body is not JSON.'] } });
    }
    const o = typeof parsed === 'object' && parsed !== null ? (parsed as JsonObject) : {};
    return { tenderId: o['tenderId'], invitationId: o['invitationId'] };
  }
  if (type === '' || type === 'application/x-www-form-urlencoded') {
    const form = new URLSearchParams(body);
    return {
      tenderId: form.get('tenderId') ?? undefined,
      invitationId: form.get('invitationId') ?? undefined,
    };
  }
  return failure(415, `The bidder list takes JSON or a form; got ${type}.`);
}

function idValue(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0 ? value : null;
  if (typeof value === 'string' && /^[1-9]\d{0,15}$/.test(value.trim())) {
    const n = Number(value.trim());
    return Number.isSafeInteger(n) ? n : null;
  }
  return null;
}

function bidders(data: TenderMnDataset, request: ReplayRequest): ReplayResponse {
  const refused = postOnly(request);
  if (refused !== null) return refused;
  const query = bidderQuery(request);
  if ('status' in query) return query;
  const tenderId = idValue(query.tenderId);
  const invitationId = idValue(query.invitationId);
  const errors: Record<string, string> = {};
  if (tenderId === null)
    errors['tenderId'] = 'The tenderId field is required and must be a positive integer.';
  if (invitationId === null)
    errors['invitationId'] = 'The invitationId field is required and must be a positive integer.';
  if (tenderId === null || invitationId === null) return invalid(errors);
  const pair = data.pairs.find((p) => p.invitationId === invitationId);
  // An unknown invitation, or a tender id that does not go with it, lists no bidders (no 404).
  const rows = pair?.tenderId === tenderId ? (data.bidders.get(invitationId) ?? []) : [];
  return jsonResponse(200, { data: rows }, { cache });
}

function handle(data: TenderMnDataset, request: ReplayRequest): ReplayResponse {
  switch (request.path) {
    case INVITATION:
      return invitations(data, request);
    case BIDDERS:
      return bidders(data, request);
    default:
      return failure(404, `No resource at ${request.path} on the replay server.`);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Drift: valid JSON, broken shape in a field the gateway reads

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function rowsOf(value: unknown): JsonObject[] {
  const data = isObject(value) ? value['data'] : undefined;
  return Array.isArray(data) ? data.filter(isObject) : [];
}

const isInvitation = (row: JsonObject): boolean => 'tenderName' in row;

function rename(row: JsonObject, from: string, to: string): void {
  if (from in row) {
    row[to] = row[from];
    delete row[from];
  }
}

/** One mutation per variant; a `Record` over the union makes a missing variant a compile error. */
const DRIFTS: Readonly<Record<DriftVariant, (value: JsonObject, rows: readonly JsonObject[]) => void>> = {
  // Ids turn into strings (amounts are strings already: that is the quirk, not drift).
  'number-as-string': (_value, rows) => {
    for (const row of rows) {
      const key = isInvitation(row) ? 'invitationId' : 'bidderTenderId';
      if (typeof row[key] === 'number') row[key] = String(row[key]);
    }
  },
  'missing-required': (_value, rows) => {
    for (const row of rows) delete row[isInvitation(row) ? 'invitationId' : 'registerNumber'];
  },
  'object-instead-of-array': (value, rows) => {
    value['data'] = Object.fromEntries(
      rows.map((row, i) => {
        const id = row['invitationId'] ?? row['bidderTenderId'];
        return [typeof id === 'number' ? String(id) : String(i), row];
      }),
    );
  },
  'renamed-field': (_value, rows) => {
    for (const row of rows) {
      if (isInvitation(row)) rename(row, 'totalBudget', 'budget');
      else rename(row, 'supplierName', 'name');
    }
  },
  // A localised amount ("58,736,000.00") and a register number read as a number (losing leading zeros).
  'wrong-type': (_value, rows) => {
    for (const row of rows) {
      const amount = isInvitation(row) ? row['totalBudget'] : row['discountedAmount'];
      if (typeof amount === 'string')
        row[isInvitation(row) ? 'totalBudget' : 'discountedAmount'] = Number(amount).toLocaleString('en-US', {
          minimumFractionDigits: 2,
        });
      if (typeof row['registerNumber'] === 'string') row['registerNumber'] = Number(row['registerNumber']);
    }
  },
};

/** Breaks a tender.gov.mn body the way upstreams drift (table in `src/replay/README.md`). */
export function driftTenderMn(value: unknown, variant: DriftVariant): unknown {
  if (isObject(value)) DRIFTS[variant](value, rowsOf(value));
  return value;
}

/** The route modules, with their data loaded. */
export async function createTenderMnModule(options?: TenderMnReplayOptions): Promise<readonly RouteModule[]> {
  const data = await load(resolveFile(options));
  return [
    {
      name: 'tender.gov.mn',
      prefix: TENDER_MN_PREFIX,
      handle: (request) => handle(data, request),
      drift: driftTenderMn,
    },
  ];
}
