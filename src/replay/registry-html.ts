/**
 * The per-entity page of the registry (`/lesinfo/{registerNumber}` on opendata.burtgel.gov.mn) as the
 * replay server renders it: a two-column table (label | value) with the labels of the public record.
 * The real page's markup is [unverified]: only "an HTML page with a table per entity" is known
 * (docs/upstreams.md "Per-entity pages"), and the labels come from a mirror of the record (opendatalab.mn).
 */
import type { ReplayEntity, ShareholdingRow } from './registry-data.js';

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function page(title: string, body: string): string {
  return (
    '<!DOCTYPE html>\n<html lang="mn">\n<head>\n<meta charset="utf-8">\n' +
    `<title>${escapeHtml(title)}</title>\n</head>\n<body>\n${body}</body>\n</html>\n`
  );
}

function row(label: string, value: string): string {
  return `<tr><td>${escapeHtml(label)}</td><td>${escapeHtml(value)}</td></tr>\n`;
}

/**
 * The page of one entity. Real entities get the three facts the extract has (name, legal form, number);
 * fictional ones every row, a shareholding table (Хувь эзэмшил, removed holders marked "(хасагдсан)") and
 * a notice that says they are fictional.
 */
export function entityPage(
  entity: ReplayEntity,
  shareholders: readonly ShareholdingRow[],
  fictionalNotice: string | null,
): string {
  const f = entity.fictional;
  let rows = row('Нэр', entity.name) + row('Хэлбэр', entity.legalForm);
  if (f !== null) rows += row('Төрөл', f.type);
  rows += row('Регистер', entity.registerNumber);
  if (f !== null) {
    rows +=
      row('Үүсгэн байгуулагдсан', f.registeredOn) +
      row('Хаяг', f.address) +
      row('Үйл ажиллагааны чиглэл', f.activity) +
      row('Төлөв', f.status);
  }
  let body =
    '<h1>Хуулийн этгээдийн улсын бүртгэл</h1>\n<h2>Үндсэн мэдээлэл</h2>\n' +
    `<table class="lesinfo">\n<tbody>\n${rows}</tbody>\n</table>\n`;
  if (f !== null && shareholders.length > 0) {
    const head = ['Д/д', 'Төрөл', 'Улс', 'Нэр', 'Огноо'].map((h) => `<th>${h}</th>`).join('');
    const lines = shareholders
      .map((s, i) => {
        const name = s.removed ? `${s.name} (хасагдсан)` : s.name;
        const cells = [String(i + 1), s.kind, s.country, name, s.date];
        return `<tr>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>\n`;
      })
      .join('');
    body += `<h2>Хувь эзэмшил</h2>\n<table class="shareholders">\n<thead><tr>${head}</tr></thead>\n<tbody>\n${lines}</tbody>\n</table>\n`;
  }
  if (f !== null && fictionalNotice !== null) {
    body += `<p class="notice" data-fictional="true">${escapeHtml(fictionalNotice)}</p>\n`;
  }
  return page(`${entity.name} — ${entity.registerNumber}`, body);
}

/** The page for a number the register does not list (served with status 404). */
export function notFoundPage(registerNumber: string): string {
  return page(
    'Олдсонгүй',
    '<h1>Олдсонгүй</h1>\n' +
      `<p>${escapeHtml(registerNumber)} регистрийн дугаартай хуулийн этгээд бүртгэлд олдсонгүй.</p>\n`,
  );
}
