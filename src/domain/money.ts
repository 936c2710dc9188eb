import { ErrorCode, GatewayError } from './errors.js';
import { quoteInput } from './quote.js';

/** An amount with its currency (ISO 4217). An amount without a currency is never produced. */
export interface Money {
  readonly amount: number;
  readonly currency: string;
}

/**
 * Totals per currency, sorted by currency code. Amounts in different currencies are never added
 * together: a list of MNT and USD values gives one MNT total and one USD total.
 */
/**
 * Money from a published `{ amount, currency }` (any shape): only when both a finite amount and a currency
 * are given, since an amount without its currency means nothing.
 */
export function moneyOf(value: unknown): Money | null {
  if (typeof value !== 'object' || value === null) return null;
  const { amount, currency } = value as { amount?: unknown; currency?: unknown };
  return typeof amount === 'number' &&
    Number.isFinite(amount) &&
    typeof currency === 'string' &&
    currency !== ''
    ? { amount, currency }
    : null;
}

export function sumByCurrency(values: Iterable<Money | null>): Money[] {
  const totals = new Map<string, number>();
  for (const v of values) if (v !== null) totals.set(v.currency, (totals.get(v.currency) ?? 0) + v.amount);
  return [...totals]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([currency, amount]) => ({ amount, currency }));
}

/** An amount range in one currency, for list filters. */
export interface MoneyRange {
  readonly currency: string;
  readonly min: number | null;
  readonly max: number | null;
}

/** Checks a value-range filter: a range needs its currency (ISO 4217, three letters). */
export function parseMoneyRange(
  min: number | null | undefined,
  max: number | null | undefined,
  currency: string | null | undefined,
  names: { min: string; max: string },
): MoneyRange | undefined {
  if (min == null && max == null) {
    if (currency != null) parseCurrency(currency);
    return undefined;
  }
  if (currency == null) {
    throw new GatewayError(
      ErrorCode.BAD_USER_INPUT,
      `${names.min} / ${names.max} need a currency: add currency, e.g. "MNT"; amounts in different currencies are never compared.`,
    );
  }
  if (min != null && max != null && min > max) {
    throw new GatewayError(
      ErrorCode.BAD_USER_INPUT,
      `${names.min} (${min}) is larger than ${names.max} (${max}).`,
    );
  }
  return { currency: parseCurrency(currency), min: min ?? null, max: max ?? null };
}

/** Whether `value` is in `range` (same currency, within bounds). */
export function inRange(value: Money | null, range: MoneyRange): boolean {
  if (value === null || value.currency !== range.currency) return false;
  return (
    (range.min === null || value.amount >= range.min) && (range.max === null || value.amount <= range.max)
  );
}

/** An ISO 4217 currency code, upper-cased; throws BAD_USER_INPUT otherwise. */
export function parseCurrency(input: string): string {
  const code = input.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(code)) {
    throw new GatewayError(
      ErrorCode.BAD_USER_INPUT,
      `currency must be an ISO 4217 code such as "MNT" or "USD"; got ${quoteInput(input)}.`,
    );
  }
  return code;
}
