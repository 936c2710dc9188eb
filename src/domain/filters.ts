import { ErrorCode, GatewayError } from './errors.js';
import { preview } from './ids.js';
import { parseMoneyRange } from './money.js';
import type { ContractingProcessFilter } from './procurement.js';

/** OCDS 1.1 `method` code list (closed). */
export const PROCUREMENT_METHODS = ['open', 'selective', 'limited', 'direct'] as const;
/** OCDS 1.1 `tenderStatus` code list (closed). */
export const TENDER_STATUSES = [
  'planning',
  'planned',
  'active',
  'cancelled',
  'unsuccessful',
  'complete',
  'withdrawn',
] as const;

const MAX_TEXT = 200;

/** Checks a list filter from a client; throws BAD_USER_INPUT naming the valid values. */
export function parseProcessFilter(
  input:
    | {
        readonly buyer?: string | null;
        readonly supplier?: string | null;
        readonly procurementMethod?: string | null;
        readonly status?: string | null;
        readonly dateFrom?: string | null;
        readonly dateTo?: string | null;
        readonly valueMin?: number | null;
        readonly valueMax?: number | null;
        readonly currency?: string | null;
        readonly changedSince?: string | null;
      }
    | null
    | undefined,
): ContractingProcessFilter {
  if (input === null || input === undefined) return {};
  const out: { -readonly [K in keyof ContractingProcessFilter]: ContractingProcessFilter[K] } = {};
  const buyer = text('buyer', input.buyer);
  if (buyer !== undefined) out.buyer = buyer;
  const supplier = text('supplier', input.supplier);
  if (supplier !== undefined) out.supplier = supplier;
  const method = code('procurementMethod', input.procurementMethod, PROCUREMENT_METHODS);
  if (method !== undefined) out.procurementMethod = method;
  const status = code('status', input.status, TENDER_STATUSES);
  if (status !== undefined) out.status = status;
  if (input.dateFrom != null) out.dateFrom = input.dateFrom;
  if (input.dateTo != null) out.dateTo = input.dateTo;
  const value = parseMoneyRange(input.valueMin, input.valueMax, input.currency, {
    min: 'valueMin',
    max: 'valueMax',
  });
  if (value !== undefined) out.value = value;
  if (input.changedSince != null) out.changedSince = input.changedSince;
  if (
    out.dateFrom !== undefined &&
    out.dateTo !== undefined &&
    Date.parse(out.dateFrom) > Date.parse(out.dateTo)
  ) {
    throw new GatewayError(
      ErrorCode.BAD_USER_INPUT,
      `dateFrom (${out.dateFrom}) is after dateTo (${out.dateTo}).`,
    );
  }
  return out;
}

function text(name: string, value: string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  const v = value.normalize('NFC').trim();
  if (v.length === 0 || [...v].length > MAX_TEXT) {
    throw new GatewayError(
      ErrorCode.BAD_USER_INPUT,
      `${name} must be 1 to ${MAX_TEXT} characters; got "${preview(value)}".`,
    );
  }
  return v;
}

function code(
  name: string,
  value: string | null | undefined,
  allowed: readonly string[],
): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (!allowed.includes(value)) {
    throw new GatewayError(
      ErrorCode.BAD_USER_INPUT,
      `${name} must be one of ${allowed.join(', ')}; got "${preview(value)}".`,
    );
  }
  return value;
}
