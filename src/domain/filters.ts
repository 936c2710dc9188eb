import { ErrorCode, GatewayError } from './errors.js';
import { quoteInput } from './quote.js';
import type { FundingSource, InvestmentProject } from './investment.js';
import { inRange, parseMoneyRange, type Money, type MoneyRange } from './money.js';
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

/** Text fields of a filter as a client sends them (each optional, possibly null). */
type Texts<K extends string> = { readonly [P in K]?: string | null };
/** Amount fields of a filter as a client sends them. */
type Amounts<K extends string> = { readonly [P in K]?: number | null };

/** Checks a list filter from a client; throws BAD_USER_INPUT naming the valid values. */
export function parseProcessFilter(
  input:
    | (Texts<
        | 'buyer'
        | 'supplier'
        | 'procurementMethod'
        | 'status'
        | 'dateFrom'
        | 'dateTo'
        | 'currency'
        | 'changedSince'
      > &
        Amounts<'valueMin' | 'valueMax'>)
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
      `dateFrom ${quoteInput(out.dateFrom)} is after dateTo ${quoteInput(out.dateTo)}.`,
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
      `${name} must be 1 to ${MAX_TEXT} characters; got ${quoteInput(value)}.`,
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
      `${name} must be one of ${allowed.join(', ')}; got ${quoteInput(value)}.`,
    );
  }
  return value;
}

/** An investment project filter, checked: every field set is one the project must match. */
export interface InvestmentProjectFilter {
  readonly aimag?: string;
  /** A sector code or a prefix of one (`transport` matches `transport.road`). */
  readonly sector?: string;
  readonly status?: string;
  readonly fundingSource?: FundingSource;
  /** A party's register number, or part of a party's name. */
  readonly party?: string;
  /** Bounds of the project's period, epoch ms, inclusive (a date-only `dateTo` includes its whole day). */
  readonly from?: number;
  readonly to?: number;
  readonly budget?: MoneyRange;
  /** Epoch ms: projects updated at or after it. */
  readonly changedSince?: number;
}

/** One page of `investmentProjects`: a checked filter, a page size and a keyset cursor. */
export interface ProjectQuery {
  readonly filter: InvestmentProjectFilter;
  /** Items per page (1 to 100, already checked). */
  readonly first: number;
  /** The keyset cursor of the last item of the previous page. */
  readonly after: string | null;
}

/**
 * A page of projects, most recently updated first (ties by id), with the count and the budget totals of
 * every match computed on demand (only when a client asks for them).
 */
export interface ProjectPage {
  readonly edges: readonly { readonly cursor: string; readonly node: InvestmentProject }[];
  readonly hasNextPage: boolean;
  readonly hasPreviousPage: boolean;
  /** How many projects match in all. */
  totalCount(): Promise<number>;
  /** Budgets of every match, one total per currency. */
  budgetTotals(): Promise<readonly Money[]>;
}

/** A calendar date without a time: as a `dateTo` bound it includes the whole day. */
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** Checks an investment project filter from a client; throws BAD_USER_INPUT like `parseProcessFilter`. */
export function parseProjectFilter(
  input:
    | (Texts<'aimag' | 'sector' | 'status' | 'party' | 'dateFrom' | 'dateTo' | 'currency' | 'changedSince'> &
        Amounts<'budgetMin' | 'budgetMax'> & { readonly fundingSource?: FundingSource | null })
    | null
    | undefined,
): InvestmentProjectFilter {
  if (input == null) return {};
  const f: { -readonly [K in keyof InvestmentProjectFilter]: InvestmentProjectFilter[K] } = {};
  const set = <K extends keyof InvestmentProjectFilter>(k: K, v: InvestmentProjectFilter[K] | undefined) => {
    if (v !== undefined) f[k] = v;
  };
  set('aimag', text('aimag', input.aimag));
  set('sector', text('sector', input.sector));
  set('status', text('status', input.status));
  set('party', text('party', input.party));
  if (input.fundingSource != null) f.fundingSource = input.fundingSource;
  if (input.dateFrom != null) f.from = Date.parse(input.dateFrom);
  if (input.dateTo != null)
    f.to = DATE_ONLY.test(input.dateTo) ? Date.parse(input.dateTo) + 86_399_999 : Date.parse(input.dateTo);
  if (f.from !== undefined && f.to !== undefined && f.from > f.to) {
    throw new GatewayError(
      ErrorCode.BAD_USER_INPUT,
      `dateFrom ${quoteInput(String(input.dateFrom))} is after dateTo ${quoteInput(String(input.dateTo))}.`,
    );
  }
  set(
    'budget',
    parseMoneyRange(input.budgetMin, input.budgetMax, input.currency, { min: 'budgetMin', max: 'budgetMax' }),
  );
  if (input.changedSince != null) f.changedSince = Date.parse(input.changedSince);
  return f;
}

/** Whether a project matches every field of a checked filter. */
export function matchesProjectFilter(p: InvestmentProject, f: InvestmentProjectFilter): boolean {
  if (f.aimag !== undefined && !p.locations.some((l) => l.aimag === f.aimag)) return false;
  if (f.sector !== undefined && !p.sectors.some((s) => s === f.sector || s.startsWith(`${f.sector}.`)))
    return false;
  if (f.status !== undefined && p.status !== f.status) return false;
  if (f.fundingSource !== undefined && !p.budgetLines.some((l) => l.fundingSource === f.fundingSource))
    return false;
  if (f.party !== undefined) {
    const wanted = f.party.toLocaleLowerCase('mn');
    const hit = p.parties.some(
      (x) => x.registerNumber === f.party || (x.name ?? '').toLocaleLowerCase('mn').includes(wanted),
    );
    if (!hit) return false;
  }
  if (f.from !== undefined || f.to !== undefined) {
    const start = Date.parse(p.period?.startDate ?? '');
    const end = Date.parse(p.period?.endDate ?? p.period?.startDate ?? '');
    if (Number.isNaN(start) || Number.isNaN(end)) return false;
    if (f.to !== undefined && start > f.to) return false;
    if (f.from !== undefined && end < f.from) return false;
  }
  if (f.budget !== undefined && !inRange(p.budget, f.budget)) return false;
  if (f.changedSince !== undefined && (p.updated === null || Date.parse(p.updated) < f.changedSince))
    return false;
  return true;
}
