/** HTTP content negotiation for the GraphiQL handler: `Accept`, `Accept-Encoding`, `If-None-Match`. */

interface MediaRange {
  readonly type: string;
  readonly subtype: string;
  readonly q: number;
  readonly index: number;
}

function parseAccept(header: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  header.split(',').forEach((part, index) => {
    const [range = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const [type, subtype] = range.split('/');
    if (!type || !subtype) return;
    let q = 1;
    for (const param of params) {
      const match = /^q=([01](?:\.\d{0,3})?)$/.exec(param);
      if (match?.[1] !== undefined) q = Number(match[1]);
    }
    ranges.push({ type, subtype, q, index });
  });
  return ranges;
}

/** How much `accept` wants `type/subtype`: q, then specificity, then earlier in the header (RFC 9110 §12.5.1). */
function preference(ranges: readonly MediaRange[], mediaType: string): readonly [number, number, number] {
  const [type, subtype] = mediaType.split('/');
  let best: readonly [number, number, number] = [0, -1, 0];
  let bestSpecificity = -1;
  for (const range of ranges) {
    const specificity =
      range.type === type && range.subtype === subtype
        ? 2
        : range.type === type && range.subtype === '*'
          ? 1
          : range.type === '*' && range.subtype === '*'
            ? 0
            : -1;
    // The most specific matching range decides the q of a type, not the highest q.
    if (specificity > bestSpecificity) {
      bestSpecificity = specificity;
      best = [range.q, specificity, -range.index];
    }
  }
  return best;
}

function isGreater(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return false;
}

/**
 * True when the client would rather have HTML than a GraphQL JSON response. A browser's navigation
 * names `text/html` and gives the wildcard a lower q: yes. A bare wildcard (curl), `application/json`
 * or no Accept at all: no, so GET queries from programs keep reaching the GraphQL endpoint. Equal
 * preference goes to JSON, as in Apollo Server's own landing-page negotiation.
 */
export function prefersHtml(accept: string | undefined): boolean {
  if (accept === undefined) return false;
  const ranges = parseAccept(accept);
  const html = preference(ranges, 'text/html');
  if (html[0] <= 0) return false;
  return ['application/json', 'application/graphql-response+json'].every((json) =>
    isGreater(html, preference(ranges, json)),
  );
}

/** Whether `Accept-Encoding` accepts gzip (q > 0 on `gzip`, or on `*` when gzip is not named). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let star: boolean | undefined;
  for (const part of header.split(',')) {
    const [coding = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const q = params.map((p) => /^q=([\d.]+)$/.exec(p)?.[1]).find((v) => v !== undefined);
    const accepted = q === undefined || Number(q) > 0;
    if (coding === 'gzip' || coding === 'x-gzip') return accepted;
    if (coding === '*') star = accepted;
  }
  return star ?? false;
}

/** If-None-Match uses the weak comparison (RFC 9110 §13.1.2): `W/` prefixes are ignored. */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
