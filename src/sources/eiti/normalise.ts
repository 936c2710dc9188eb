/**
 * Normalisers for the two keys the EITI sources match on: the register number an EITI organisation gives as
 * its `identification`, and mineral licence numbers. Pure functions; both are idempotent.
 */

/** Characters `String.prototype.trim` keeps but that are still invisible padding in spreadsheet exports. */
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;

/**
 * The register number in a Mongolian EITI `identification`, or `null` when the value is not one.
 *
 * The value is trimmed (Unicode whitespace and zero-width characters) and must then be digits only: template
 * noise such as `n/a`, `if available`, a URL (`https://burtgel.gov.mn/`) or an empty cell gives `null`. The
 * digits are kept as published: no left-padding and no stripped zeros, because register numbers may begin
 * with 0 (docs/upstreams.md "Register number"). So `25000000` (8 digits) is kept and simply matches no 7-digit register
 * number. Examples: `' 2657457 '` → `'2657457'`; `'n/a'`, `''` → `null`.
 */
export function normaliseIdentification(raw: string): string | null {
  const value = raw.replace(INVISIBLE, '').trim();
  return /^\d+$/.test(value) ? value : null;
}

/** Cyrillic letters typed for the Latin ones of the `MV-` / `XV-` prefixes. */
const LATIN_FOR_CYRILLIC: Readonly<Record<string, string>> = { Х: 'X' };

/** `prefix`, an optional dash, the digits and an optional letter suffix (`ГТБХГ-18a`); the rest is dropped. */
const LICENCE = /^(\p{L}+)\s*[-‐‑‒–—]?\s*(\d+)(\p{L}*)/u;

/**
 * A licence number in one spelling for matching: `prefix + "-" + number without leading zeros + suffix`.
 *
 * The paddings that coexist (docs/upstreams.md "Licence numbers") meet: CMCS `MV-021535` and EITIM `MV-00021535` both
 * become `MV-21535`. Anything after the number is dropped (`XV-11000039 (15/R039)` → `XV-11000039`), except a
 * letter suffix that tells parts apart (`ГТБХГ-18a` → `ГТБХГ-18A`). Letters are upper-cased; in a prefix
 * other than the Cyrillic `ГТ…` family, a Cyrillic `Х` becomes the Latin `X` it stands for (`ХV-0012` →
 * `XV-12`), while `ГТ…` prefixes are kept as written. A value without that shape is only trimmed, with inner
 * whitespace collapsed and letters upper-cased. Keep the published number for display.
 */
export function normaliseLicenceNumber(raw: string): string {
  const value = raw.replace(INVISIBLE, '').trim().replace(/\s+/g, ' ').toUpperCase();
  const match = LICENCE.exec(value);
  if (match === null) return value;
  const [, letters = '', digits = '', suffix = ''] = match;
  const prefix = letters.startsWith('ГТ')
    ? letters
    : letters.replace(/Х/g, (c) => LATIN_FOR_CYRILLIC[c] ?? c);
  return `${prefix}-${digits.replace(/^0+(?=\d)/, '')}${suffix}`;
}
