/**
 * The per-entity page of the register (`/lesinfo/{registerNumber}` on opendata.burtgel.gov.mn): an HTML
 * table of label | value rows (Нэр, Хэлбэр, Регистер, Үүсгэн байгуулагдсан, ...). The real markup is
 * [unverified] (docs/upstreams.md "Per-entity pages": an HTML page with a table per entity), so the reader is deliberately
 * loose about markup (any table, `th` or `td` cells, attributes, nested inline tags) and strict about
 * content: the page must name the entity and carry the requested number, or it is schema drift.
 */
import type { RegistryEntity } from '../../domain/organization.js';
import { toLegalForm } from './legal-form.js';

/** The labels of the public record. */
export const LABEL = {
  name: 'Нэр',
  legalForm: 'Хэлбэр',
  registerNumber: 'Регистер',
  founded: 'Үүсгэн байгуулагдсан',
} as const;

const ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

/** Decodes the character references a server-rendered page uses (named basics and numeric ones). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

/** The text of a cell: tags removed, references decoded, whitespace collapsed. */
function cellText(html: string): string {
  return decodeEntities(html.replace(/<[^>]*>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

/** Every two-cell row of the page as label → value (the first row of a label wins). */
export function readLabelledRows(html: string): Map<string, string> {
  const rows = new Map<string, string>();
  const body = html.replace(/<!--[\s\S]*?-->/g, '').replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '');
  for (const tr of body.matchAll(/<tr\b[^>]*>([\s\S]*?)<\/tr\s*>/gi)) {
    const cells = [...(tr[1] ?? '').matchAll(/<t([dh])\b[^>]*>([\s\S]*?)<\/t\1\s*>/gi)].map((c) =>
      cellText(c[2] ?? ''),
    );
    const [label, value] = cells;
    if (cells.length === 2 && label !== undefined && value !== undefined && !rows.has(label))
      rows.set(label, value);
  }
  return rows;
}

/** A founding date as the page may write it (`2011-04-12`, `2011.04.12`, `2011/04/12`), as ISO. */
function isoDate(text: string): string | null {
  const m = /^(\d{4})[-./](\d{2})[-./](\d{2})\b/.exec(text);
  if (m === null) return null;
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  const at = Date.parse(`${iso}T00:00:00Z`);
  return Number.isNaN(at) || new Date(at).toISOString().slice(0, 10) !== iso ? null : iso;
}

/**
 * Reads an entity page. Throws (schema drift) when the page lacks the name or the number, carries another
 * number than `registerNumber`, or has a founding date that is not a date.
 */
export function readEntityPage(html: string, registerNumber: string): RegistryEntity {
  const rows = readLabelledRows(html);
  const name = rows.get(LABEL.name);
  const number = rows.get(LABEL.registerNumber);
  if (name === undefined || name === '') throw new Error(`the page has no "${LABEL.name}" row`);
  if (number === undefined) throw new Error(`the page has no "${LABEL.registerNumber}" row`);
  if (number !== registerNumber) throw new Error('the page is about another register number');
  const founded = rows.get(LABEL.founded);
  const registeredOn = founded === undefined || founded === '' ? null : isoDate(founded);
  if (founded !== undefined && founded !== '' && registeredOn === null)
    throw new Error(`the "${LABEL.founded}" row is not a date`);
  const legalFormRaw = rows.get(LABEL.legalForm) ?? '';
  return {
    registerNumber,
    name,
    legalForm: toLegalForm(legalFormRaw),
    legalFormRaw,
    registeredOn,
    // The replay server marks its fictional companies' pages; the real register has no such marker.
    fictional: /\bdata-fictional\s*=\s*"true"/i.test(html),
  };
}
