/**
 * tender.gov.mn writes date-times as Ulaanbaatar wall-clock time without an offset
 * (`"2026-06-24 12:00:00"`, docs/upstreams.md "tender.gov.mn API"). The gateway speaks ISO 8601 with the offset made explicit.
 */

/** Mongolia's offset from UTC, as the API's times are read. */
export const ULAANBAATAR_OFFSET = '+08:00';

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * `"2026-06-24 12:00:00"` → `"2026-06-24T12:00:00+08:00"`. Anything else — another layout, an offset, a
 * `T`, fractions, an impossible calendar date or time — throws a `RangeError`: a change of format is schema
 * drift, never guessed at.
 *
 * Every time is read as UTC+8. Mongolia kept summer time (UTC+9) in 2001–2006 and 2015–2016; whether the API
 * wrote those summers' times at +9 is unknown, and the adapter does not guess.
 */
export function parseLocalDateTime(value: string): string {
  const match = LOCAL_DATE_TIME.exec(value);
  const [, y, mo, d, h, mi, s] = match ?? [];
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (
    match === null ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysIn(year, month) ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(s) > 59
  ) {
    throw new RangeError(
      `Expected an Ulaanbaatar local date-time such as "2026-06-24 12:00:00", but got ${JSON.stringify(value)}.`,
    );
  }
  return `${y}-${mo}-${d}T${h}:${mi}:${s}${ULAANBAATAR_OFFSET}`;
}
