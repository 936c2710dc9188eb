/**
 * The EITI API's paging link, read the same way by the live client and the harvest: Drupal RESTful's
 * `next: { title, href }` (or a bare string in older answers), followed only on the configured origin and
 * under the configured path.
 */

/**
 * The next page's URL, or `null` at the end. It comes from the upstream, so it is followed only on the
 * origin of `base` and under its path (SSRF guard): anything else is a broken payload, and throws.
 */
export function nextPage(
  next: { href: string } | string | null | undefined,
  url: URL,
  base: URL,
): URL | null {
  if (next === null || next === undefined) return null;
  const href = typeof next === 'string' ? next : next.href;
  let resolved: URL;
  try {
    resolved = new URL(href, url);
  } catch {
    throw new Error('next.href is not a URL');
  }
  const basePath = base.pathname.endsWith('/') ? base.pathname : `${base.pathname}/`;
  if (resolved.origin !== base.origin || !resolved.pathname.startsWith(basePath)) {
    throw new Error('next.href points outside the configured API');
  }
  return resolved;
}

/**
 * Refuses a `revenue?organisation={id}` page holding rows of another organisation. Were the filter ever
 * ignored, as others are, the "payments of one company" would be every payment in the table, and the next
 * links would walk all ~10,000 pages of it.
 */
export function checkRevenueFilter(
  rows: readonly { readonly 'organisation.id': string | number }[],
  organisationId: string,
): void {
  if (rows.some((row) => String(row['organisation.id']) !== organisationId)) {
    throw new Error(
      'revenue page with rows of another organisation: the organisation filter was not applied',
    );
  }
}
