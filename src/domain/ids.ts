import { ErrorCode, GatewayError } from './errors.js';
import { quoteInput } from './quote.js';

/**
 * Identifier rules the API enforces on input, before any upstream request is built (docs/reliability.md
 * §12a row 18: IDs are bounded, never used raw in a URL, and refused when they cannot be an id).
 */

/**
 * Longest ocid accepted, in code points. OCDS sets no limit; published ocids are a prefix and a local id
 * of a few dozen characters, and an ocid travels in URLs, global ids and messages, so it is bounded.
 */
export const OCID_MAX_LENGTH = 256;

/**
 * What no ocid may hold: controls (C0, DEL, C1), format characters (bidi controls, zero-width characters,
 * the BOM), line and paragraph separators, spaces other than U+0020, and lone surrogates (which no URL
 * can carry). Each would hide or reorder what an id says, or break a header or a log line.
 */
const NOT_IN_OCID = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]|(?! )\p{Zs}/u;

/**
 * Checks an ocid from a client and returns it trimmed; throws BAD_USER_INPUT saying why it cannot be one.
 * An ocid is taken as its publisher wrote it: any prefix length (`ocds-213czf-`, 8-character prefixes),
 * any case (`OCDS-87SD3T-…`), any script in the local id. Refused is only what cannot be an id: empty,
 * longer than `OCID_MAX_LENGTH`, a character of `NOT_IN_OCID`, or dots only (`.` and `..` would be
 * resolved away as a URL path segment). Look-ups are exact: the case is kept. Whoever builds a URL from
 * an ocid percent-encodes it as one path segment (`encodeURIComponent`).
 */
export function parseOcid(input: string): string {
  const ocid = input.trim();
  const why = ocidProblem(ocid);
  if (why !== null) {
    throw new GatewayError(
      ErrorCode.BAD_USER_INPUT,
      `${quoteInput(input)} is not an OCDS ocid: ${why}. An ocid is the publisher's prefix and local id ` +
        `as published, e.g. "ocds-213czf-000-00001"; refused are empty ids, ids over ${OCID_MAX_LENGTH} ` +
        'characters, control or invisible characters, and dots only.',
    );
  }
  return ocid;
}

/**
 * Why `ocid` (as given: not trimmed) cannot be an ocid, in words that never repeat it; null when it can.
 * The harvest asks too: an ocid a lookup would refuse is never listed.
 */
export function ocidProblem(ocid: string): string | null {
  if (ocid === '') return 'it is empty';
  const hidden = NOT_IN_OCID.exec(ocid)?.[0];
  if (hidden !== undefined) {
    const at = `U+${(hidden.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
    return `it holds ${at}, a control or invisible character`;
  }
  const length = ocid.length > OCID_MAX_LENGTH ? Array.from(ocid).length : ocid.length;
  if (length > OCID_MAX_LENGTH) return `it is ${length} characters long`;
  if (/^\.+$/.test(ocid)) return 'dots alone would be resolved away in a URL path';
  if (ocid !== ocid.trim()) return 'it begins or ends with a space (a lookup trims it)';
  return null;
}

/** Object types reachable through `Query.node`. */
export type NodeType = 'ContractingProcess' | 'Organization' | 'InvestmentProject';
const NODE_TYPES: ReadonlySet<string> = new Set<NodeType>([
  'ContractingProcess',
  'Organization',
  'InvestmentProject',
]);

/** Opaque global id (Relay): base64url of `Type:key`. */
export function toGlobalId(type: NodeType, key: string): string {
  return Buffer.from(`${type}:${key}`, 'utf8').toString('base64url');
}

/**
 * Longest global id, in base64url characters: that of the longest key, `ContractingProcess:` and an ocid
 * of `OCID_MAX_LENGTH` code points of up to 4 UTF-8 bytes each.
 */
const GLOBAL_ID_MAX_LENGTH = Math.ceil(((19 + OCID_MAX_LENGTH * 4) * 4) / 3);

/** UTF-8 that is not well-formed makes a global id not one of ours (never U+FFFD in a key). */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Decodes a global id; throws BAD_USER_INPUT when it is not one of ours. */
export function fromGlobalId(id: string): { type: NodeType; key: string } {
  let decoded = '';
  if (id.length <= GLOBAL_ID_MAX_LENGTH && /^[A-Za-z0-9_-]+$/.test(id)) {
    try {
      decoded = UTF8.decode(Buffer.from(id, 'base64url'));
    } catch {
      decoded = '';
    }
  }
  const colon = decoded.indexOf(':');
  const type = decoded.slice(0, colon);
  if (colon <= 0 || !NODE_TYPES.has(type)) {
    throw new GatewayError(
      ErrorCode.BAD_USER_INPUT,
      `${quoteInput(id)} is not a node id: use the \`id\` field of an object, e.g. of a ContractingProcess or an Organization.`,
    );
  }
  return { type: type as NodeType, key: decoded.slice(colon + 1) };
}

/** Page size rule of every list: `first` from 1 to 100. */
export const MAX_PAGE_SIZE = 100;

/** Checks `first`; throws BAD_USER_INPUT naming the range. */
export function parseFirst(first: number | null | undefined, fallback = 20): number {
  const n = first ?? fallback;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE) {
    throw new GatewayError(
      ErrorCode.BAD_USER_INPUT,
      `first must be an integer from 1 to ${MAX_PAGE_SIZE}; got ${n}.`,
    );
  }
  return n;
}

/** Opaque list cursor for an offset. */
export function toCursor(offset: number): string {
  return Buffer.from(`offset:${offset}`, 'utf8').toString('base64url');
}

/** Decodes a list cursor; throws BAD_USER_INPUT for anything that is not one of ours. */
export function fromCursor(cursor: string): number {
  const m = /^[A-Za-z0-9_-]{1,64}$/.test(cursor)
    ? /^offset:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'))
    : null;
  if (m?.[1] === undefined) {
    throw new GatewayError(
      ErrorCode.BAD_USER_INPUT,
      `${quoteInput(cursor)} is not a cursor: pass the \`cursor\` or \`pageInfo.endCursor\` of a previous page.`,
    );
  }
  return Number(m[1]);
}

/**
 * A keyset cursor: the sort key of the last item of a page (a number and a tie-breaking key). A page
 * after it starts past that key, so items that arrive meanwhile never shift the pages a client walks.
 */
export function toKeyCursor(sort: number, key: string): string {
  return Buffer.from(JSON.stringify(['k', sort, key]), 'utf8').toString('base64url');
}

/** Decodes a keyset cursor; throws BAD_USER_INPUT for anything that is not one of ours. */
export function fromKeyCursor(cursor: string): { readonly sort: number; readonly key: string } {
  let parsed: unknown = null;
  if (/^[A-Za-z0-9_-]{1,1400}$/.test(cursor)) {
    try {
      parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    } catch {
      parsed = null;
    }
  }
  if (
    Array.isArray(parsed) &&
    parsed.length === 3 &&
    parsed[0] === 'k' &&
    Number.isSafeInteger(parsed[1]) &&
    typeof parsed[2] === 'string'
  ) {
    return { sort: parsed[1] as number, key: parsed[2] };
  }
  throw new GatewayError(
    ErrorCode.BAD_USER_INPUT,
    `${quoteInput(cursor)} is not a cursor: pass the \`cursor\` or \`pageInfo.endCursor\` of a previous page.`,
  );
}

/** Project ids: ASCII, bounded, never used raw in a URL. */
export function parseProjectId(input: string): string {
  const id = input.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/.test(id)) {
    throw new GatewayError(
      ErrorCode.BAD_USER_INPUT,
      `${quoteInput(input)} is not a project id: expected letters, digits, ".", "_", ":" or "-", e.g. "mn-pip-fict-0001".`,
    );
  }
  return id;
}

/**
 * A state registration number of a legal entity: exactly 7 ASCII digits (docs/upstreams.md "Register number"). `\d`
 * without the `v` flag is ASCII-only, so other scripts' digits fail.
 */
export const REGISTER_NUMBER_PATTERN = /^\d{7}$/;

/** Whether `value` is a register number as an upstream or a client wrote it (exactly 7 ASCII digits). */
export function isRegisterNumber(value: string | null | undefined): value is string {
  return value != null && REGISTER_NUMBER_PATTERN.test(value);
}

/**
 * Checks a register number from a client: trimmed, never padded (a 6-digit number is not a 7-digit one
 * with a zero missing). Throws BAD_USER_INPUT with an example of the valid form.
 */
export function parseRegisterNumber(input: string): string {
  const n = input.trim();
  if (!REGISTER_NUMBER_PATTERN.test(n)) {
    throw new GatewayError(
      ErrorCode.BAD_USER_INPUT,
      `${quoteInput(input)} is not a register number: expected 7 digits, e.g. "2657457".`,
    );
  }
  return n;
}

/**
 * ISO 8601 date (`2026-01-31`) or date-time with optional fraction and offset: the form of every date
 * the graph accepts or serves. Upstream dates in another form are schema drift, not data.
 */
export const ISO_8601 =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
