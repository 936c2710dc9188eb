import { ErrorCode, GatewayError } from './errors.js';
import { quoteInput } from './quote.js';

/**
 * Identifier rules the API enforces on input, before any upstream request is built (docs/reliability.md
 * §12a row 18: IDs are ASCII, bounded, and never used raw in a URL).
 */

/** `ocds-` + a 6-character publisher prefix + `-` + the publisher's local id (OCDS "Open Contracting ID"). */
export const OCID_PATTERN = /^ocds-[a-z0-9]{6}-[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}$/;

/** Checks an ocid from a client; throws BAD_USER_INPUT naming the valid form. */
export function parseOcid(input: string): string {
  const ocid = input.trim();
  if (!OCID_PATTERN.test(ocid) || ocid.includes('..')) {
    throw new GatewayError(
      ErrorCode.BAD_USER_INPUT,
      `${quoteInput(input)} is not an OCDS ocid: expected "ocds-" + a 6-character prefix + "-" + a local id of ` +
        'letters, digits, ".", "_", ":", "/" or "-", e.g. "ocds-213czf-000-00001".',
    );
  }
  return ocid;
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

/** Decodes a global id; throws BAD_USER_INPUT when it is not one of ours. */
export function fromGlobalId(id: string): { type: NodeType; key: string } {
  const decoded = /^[A-Za-z0-9_-]{1,400}$/.test(id) ? Buffer.from(id, 'base64url').toString('utf8') : '';
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
