import { ErrorCode, GatewayError } from '../../domain/errors.js';
import { quoteInput } from '../../domain/quote.js';
import type { EitiOrganisation, EitiPayment } from '../../domain/organization.js';
import { describeIssues, invalidError, type UpstreamSource } from '../../upstream/index.js';
import { combineFreshness, type Fetched } from '../../domain/freshness.js';
import {
  byYearCodeId,
  groupOrganisations,
  toKeyedOrganisation,
  toPayment,
  type KeyedOrganisation,
} from './map.js';
import { checkRevenueFilter, nextPage } from './paging.js';
import { OrganisationPageSchema, RevenuePageSchema } from './payload.js';

/**
 * Rows per page asked of `/organisation` and `/revenue`: the size the public crawls use (docs/upstreams.md
 * "EITI API v2.0": about 1,650 pages of 50), which the API is known to serve.
 */
export const DEFAULT_EITI_PAGE_SIZE = 50;
/** Largest page size the client accepts as an option. */
export const MAX_EITI_PAGE_SIZE = 1000;
/**
 * Pages followed at most in one listing before the call fails. The whole organisation table (all
 * countries, ~81,400 rows) is ~1,650 pages of 50, and the API cannot filter it by country.
 */
export const DEFAULT_EITI_MAX_PAGES = 5000;

/** Options of `EitiClient`. */
export interface EitiClientOptions {
  /** Rows per page, 1 to `MAX_EITI_PAGE_SIZE`; default `DEFAULT_EITI_PAGE_SIZE`. */
  readonly pageSize?: number;
  /** Stops a runaway `next.href` chain; default `DEFAULT_EITI_MAX_PAGES`. */
  readonly maxPages?: number;
}

/** One decoded page of `/organisation`: its Mongolian company records, keyed, and the next page. */
interface OrganisationPageValue {
  readonly records: readonly KeyedOrganisation[];
  readonly next: URL | null;
}

/** One decoded page of `/revenue?organisation=`. */
interface RevenuePageValue {
  readonly payments: readonly EitiPayment[];
  readonly next: URL | null;
}

/** What a listing built from cached pages was built from, so a warm call with the same pages reuses it. */
interface Memo<P, V> {
  readonly pages: readonly P[];
  readonly value: V;
}

function sameItems<P>(a: readonly P[], b: readonly P[]): boolean {
  return a.length === b.length && a.every((p, i) => p === b[i]);
}

function checkInt(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(
      `EitiClient ${name} must be an integer from ${min} to ${max}, but got ${String(value)}.`,
    );
  }
  return value;
}

/**
 * Client of the EITI API v2.0 (`https://eiti.org/api/v2.0/`; paths relative to `EITI_URL`):
 *
 * - `organisation?limit=N`, then `next.href` to the end: the organisation table, one row per company **per
 *   reporting year**. The API ignores `identification=` and country filters, so the whole table is read
 *   (each page through the cache) and the Mongolian company rows are grouped by register number here.
 * - `revenue?organisation={id}&limit=N`, then `next.href`: one organisation-year's payments (the one
 *   filter the API applies server-side).
 *
 * The first request carries no `page`, so the client does not depend on whether pages count from 0 or 1;
 * `next.href` is followed only on the configured origin and under its path.
 */
export class EitiClient {
  readonly #pageSize: number;
  readonly #maxPages: number;
  #organisationMemo: Memo<OrganisationPageValue, ReadonlyMap<string, readonly EitiOrganisation[]>> | null =
    null;
  /** Keyed by a listing's first page, so entries go when the cache lets the page go. */
  readonly #paymentMemo = new WeakMap<RevenuePageValue, Memo<RevenuePageValue, readonly EitiPayment[]>>();

  constructor(
    private readonly upstream: UpstreamSource,
    options: EitiClientOptions = {},
  ) {
    this.#pageSize = checkInt('pageSize', options.pageSize ?? DEFAULT_EITI_PAGE_SIZE, 1, MAX_EITI_PAGE_SIZE);
    this.#maxPages = checkInt(
      'maxPages',
      options.maxPages ?? DEFAULT_EITI_MAX_PAGES,
      1,
      Number.MAX_SAFE_INTEGER,
    );
  }

  /**
   * The Mongolian organisation index: every page of `/organisation` followed to its end (each page cached),
   * grouped by normalised identification (trim; digits only; noise such as "n/a" or URLs dropped), for
   * `summary_data.iso2 == "MN"` and `type == "company"` only. Freshness is that of the oldest page.
   */
  async organisationsByIdentification(): Promise<Fetched<ReadonlyMap<string, readonly EitiOrganisation[]>>> {
    const first = this.upstream.url('organisation', { limit: this.#pageSize });
    const pages = await this.#crawl(first, 'organisations', (json, url) =>
      this.#decodeOrganisations(json, url),
    );
    const values = pages.map((p) => p.value);
    let memo = this.#organisationMemo;
    if (memo === null || !sameItems(memo.pages, values)) {
      memo = { pages: values, value: groupOrganisations(values.flatMap((p) => p.records)) };
      this.#organisationMemo = memo;
    }
    return { value: memo.value, freshness: combineFreshness(pages.map((p) => p.freshness)) };
  }

  /**
   * Payments of one EITI organisation id (one company-year), all pages, by year, GFS code and id. Each
   * amount keeps its own currency; nothing is summed. An id that is not digits is `BAD_USER_INPUT`.
   */
  async payments(organisationId: string): Promise<Fetched<readonly EitiPayment[]>> {
    const id = organisationId.trim();
    if (!/^\d{1,12}$/.test(id)) {
      throw new GatewayError(
        ErrorCode.BAD_USER_INPUT,
        `${quoteInput(organisationId)} is not an EITI organisation id: expected digits, e.g. "168174".`,
      );
    }
    const first = this.upstream.url('revenue', { organisation: id, limit: this.#pageSize });
    const pages = await this.#crawl(first, 'revenue rows', (json, url) => this.#decodeRevenue(json, url, id));
    const values = pages.map((p) => p.value);
    const [head] = values;
    let memo = head === undefined ? undefined : this.#paymentMemo.get(head);
    if (memo === undefined || !sameItems(memo.pages, values)) {
      memo = { pages: values, value: values.flatMap((p) => p.payments).sort(byYearCodeId) };
      if (head !== undefined) this.#paymentMemo.set(head, memo);
    }
    return { value: memo.value, freshness: combineFreshness(pages.map((p) => p.freshness)) };
  }

  /** Fetches `first` and every page its `next` links lead to, in order, each through the cache. */
  async #crawl<P extends { readonly next: URL | null }>(
    first: URL,
    what: string,
    decode: (json: unknown, url: URL) => P,
  ): Promise<Fetched<P>[]> {
    const pages: Fetched<P>[] = [];
    const seen = new Set<string>();
    for (let url: URL | null = first; url !== null;) {
      if (pages.length >= this.#maxPages) {
        throw invalidError(
          this.upstream.name,
          `a listing of ${what} longer than the ${this.#maxPages} pages allowed`,
        );
      }
      if (seen.has(url.href)) {
        throw invalidError(
          this.upstream.name,
          `a listing of ${what} whose next page leads back to an earlier one`,
        );
      }
      seen.add(url.href);
      const at: URL = url;
      const page: Fetched<P> = await this.upstream.fetch({ url: at, decode: (json) => decode(json, at) });
      pages.push(page);
      url = page.value.next;
    }
    return pages;
  }

  #decodeOrganisations(json: unknown, url: URL): OrganisationPageValue {
    const parsed = OrganisationPageSchema.safeParse(json);
    if (!parsed.success) throw new Error(`organisation page: ${describeIssues(parsed.error)}`);
    const records: KeyedOrganisation[] = [];
    for (const row of parsed.data.data) {
      const keyed = toKeyedOrganisation(row);
      if (keyed !== null) records.push(keyed);
    }
    return { records, next: this.#next(parsed.data.next, url) };
  }

  #decodeRevenue(json: unknown, url: URL, organisationId: string): RevenuePageValue {
    const parsed = RevenuePageSchema.safeParse(json);
    if (!parsed.success) throw new Error(`revenue page: ${describeIssues(parsed.error)}`);
    const rows = parsed.data.data;
    checkRevenueFilter(rows, organisationId);
    return { payments: rows.map(toPayment), next: this.#next(parsed.data.next, url) };
  }

  /** The next page's URL (see `nextPage`: only on the configured origin and under its path). */
  #next(next: { href: string } | string | null | undefined, url: URL): URL | null {
    return nextPage(next, url, this.upstream.baseUrl);
  }
}
