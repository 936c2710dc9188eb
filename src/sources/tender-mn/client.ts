import { ErrorCode, GatewayError } from '../../domain/errors.js';
import { combineFreshness, type Fetched, type SourceName } from '../../domain/freshness.js';
import type { ContractingProcess, ProcurementFeed } from '../../domain/procurement.js';
import type { SourcePolicy } from '../../policy.js';
import {
  DECODED_SIZE_FACTOR,
  describeIssues,
  invalidError,
  sourceLabel,
  type UpstreamSource,
} from '../../upstream/index.js';
import { toContractingProcess } from './map.js';
import {
  BidderListSchema,
  InvitationPageSchema,
  type Bidder,
  type Invitation,
  type InvitationPage,
} from './payload.js';

/** tender.gov.mn's own settings; ocids are minted as `ocidPrefix` + invitationId (no registered prefix). */
export interface TenderMnExtras {
  readonly ocidPrefix: string;
  /** Bearer token issued by the Government Procurement Agency; never logged or echoed. */
  readonly token: string | undefined;
  readonly perPage: number;
}

/** The policy the client reads: the source's politeness plus its own settings. */
export type TenderMnPolicy = SourcePolicy & TenderMnExtras;

/** Pages of invitations the client follows at most before it calls the listing runaway. */
export const TENDER_MN_MAX_PAGES = 1000;

/** The feed the processes of this adapter are listed under (`contractingProcesses(feed:)`). */
export const TENDER_MN_FEED: ProcurementFeed = 'TENDER_MN';

/** One page of the invitation list, with each row's JSON as the upstream sent it (the store's audit copy). */
export interface ListedPage extends InvitationPage {
  /** Each row of `data`, in order, as parsed from the body and written back as JSON text. */
  readonly raw: readonly string[];
}

/** The bidder list of one invitation, decoded, with its `data` as the upstream sent it. */
export interface ListedBidders {
  readonly rows: readonly Bidder[];
  /** `data` as parsed from the body and written back as JSON text. */
  readonly raw: string;
}

/** What a page request asks for beyond its number. */
interface PageAsk {
  readonly tenderYear?: number | undefined;
  /** Rows per page; the policy's `perPage` unless given. */
  readonly perPage?: number;
  /** Ask the upstream itself, never a cached copy (what a harvest needs). */
  readonly firsthand?: boolean;
}

/** The ocid of an invitation: the configured prefix and the invitation id (no registered prefix exists). */
export function mintOcid(prefix: string, invitationId: string | number): string {
  const id = String(invitationId);
  if (!/^[1-9]\d{0,15}$/.test(id)) {
    throw new RangeError(`An invitationId is a positive integer, but got ${JSON.stringify(invitationId)}.`);
  }
  return `${prefix}${id}`;
}

/** The invitation id an ocid minted by `mintOcid(prefix, …)` carries, or null when it is not one. */
function invitationIdOf(prefix: string, ocid: string): number | null {
  if (!ocid.startsWith(prefix)) return null;
  const rest = ocid.slice(prefix.length);
  return /^[1-9]\d{0,15}$/.test(rest) && Number.isSafeInteger(Number(rest)) ? Number(rest) : null;
}

/** Runs `fn` over `items` with at most `limit` calls in flight; stops starting new ones after a failure. */
async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        out[i] = await fn(items[i] as T);
      } catch (e: unknown) {
        failed = true;
        throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

function newestFirst(a: ContractingProcess, b: ContractingProcess): number {
  const ta = a.date === null ? -Infinity : Date.parse(a.date);
  const tb = b.date === null ? -Infinity : Date.parse(b.date);
  if (ta !== tb) return tb - ta;
  return a.ocid < b.ocid ? 1 : a.ocid > b.ocid ? -1 : 0;
}

function newestPublication(rows: readonly Invitation[]): string | null {
  let newest: { iso: string; ms: number } | null = null;
  for (const row of rows) {
    const ms = row.publishDate === null ? NaN : Date.parse(row.publishDate);
    if (row.publishDate !== null && !Number.isNaN(ms) && (newest === null || ms > newest.ms))
      newest = { iso: row.publishDate, ms };
  }
  return newest?.iso ?? null;
}

/**
 * Client of tender.gov.mn (docs/upstreams.md "tender.gov.mn API"), paths relative to `TENDER_MN_URL`, the API root
 * (`http://opendata.tender.gov.mn/api`; the embedded replay's `/tender-mn/api`):
 *
 * - `POST invitation` — the open-data API: a form `current_page`, `per_page`, `tenderYear?`, with
 *   `Authorization: Bearer <token>` when a token is configured; pages are 1-based, ordered by
 *   `invitationId` ascending (chronological), so invitations published during a crawl land on later pages
 *   instead of shifting earlier ones;
 * - `POST invitation-bidders` — the bidder list of one invitation, `tenderId` and `invitationId`
 *   posted as a form (the upstream layer posts forms only; public clients post the same two fields as
 *   JSON). No token is sent there: the list is public and the token is not for that endpoint.
 *
 * Every request goes through the one `UpstreamSource`, so the source's politeness (by default one request
 * at a time, one per second) spaces the bidder requests too: a cold crawl of N invitations costs
 * ⌈N / per_page⌉ + N requests and about as many seconds; warm calls are cache hits. The harvest
 * (`listPage`, `listBidders`) goes through the same `UpstreamSource`, and so shares that spacing with
 * the queries' lookups, but asks the upstream every time.
 */
export class TenderMnClient {
  /** Mapped processes by decoded row, reused while the same cached row and bidder list come back. */
  readonly #memo = new WeakMap<
    Invitation,
    { bidders: readonly Bidder[] | null; process: ContractingProcess }
  >();

  constructor(
    private readonly upstream: UpstreamSource,
    private readonly policy: TenderMnPolicy,
  ) {}

  /** The source this client reads (named in its errors). */
  get source(): SourceName {
    return this.upstream.name;
  }

  /** The prefix of every ocid this client mints: an ocid with it belongs to this adapter. */
  get ocidPrefix(): string {
    return this.policy.ocidPrefix;
  }

  /** The feed its processes are listed under. */
  get feed(): ProcurementFeed {
    return TENDER_MN_FEED;
  }

  /**
   * Every invitation, page by page (`current_page` 1 to the last, `per_page` from the policy, each page
   * cached), with its bidders, mapped and ordered newest first. Freshness is that of the oldest record used.
   */
  async processes(options: { tenderYear?: number } = {}): Promise<Fetched<readonly ContractingProcess[]>> {
    const { tenderYear } = options;
    checkYear(tenderYear);
    const pages = await this.#pages(tenderYear, () => false);
    const rows = uniqueRows(pages.map((p) => p.value));
    const bidders = await mapBounded(rows, this.upstream.policy.concurrency, (row) => this.#bidders(row));
    const value = rows.map((row, i) => this.#map(row, bidders[i]?.value.rows ?? null)).sort(newestFirst);
    const records = [...pages, ...bidders].map((f) => f?.freshness).filter((f) => f !== undefined);
    return { value, freshness: combineFreshness(records) };
  }

  /**
   * One process by an ocid this client minted (`ocidPrefix` + invitationId): the pages up to the one that
   * lists the invitation, then its bidders. `null` when the prefix is not ours or no invitation has the id.
   */
  async process(ocid: string): Promise<Fetched<ContractingProcess> | null> {
    const invitationId = invitationIdOf(this.policy.ocidPrefix, ocid);
    if (invitationId === null) return null;
    const pages = await this.#pages(undefined, (row) => row.invitationId === invitationId);
    const row = pages.flatMap((p) => p.value.data).find((r) => r.invitationId === invitationId);
    if (row === undefined) return null;
    const bidders = await this.#bidders(row);
    const records = [...pages.map((p) => p.freshness), ...(bidders === null ? [] : [bidders.freshness])];
    return { value: this.#map(row, bidders?.value.rows ?? null), freshness: combineFreshness(records) };
  }

  /**
   * One page of the invitation list as a harvest reads it: asked of the upstream itself, never a cached
   * copy, optionally of one tender year (the only date filter the API has) and of `perPage` rows. A page
   * the upstream layer could only serve from its cache because the upstream failed is an error here: a
   * harvest stores only what the upstream answered.
   */
  async listPage(
    page: number,
    options: { tenderYear?: number; perPage?: number } = {},
  ): Promise<Fetched<ListedPage>> {
    checkYear(options.tenderYear);
    return this.#firsthand(await this.#page(page, { ...options, firsthand: true }));
  }

  /**
   * The bidder lists of `rows`, asked of the upstream itself (never a cached copy), at most `concurrency`
   * at once; `null` for a row without `tenderId` (its bidders cannot be asked for).
   */
  async listBidders(rows: readonly Invitation[]): Promise<(Fetched<ListedBidders> | null)[]> {
    return mapBounded(rows, this.upstream.policy.concurrency, async (row) => {
      const fetched = await this.#bidders(row, true);
      return fetched === null ? null : this.#firsthand(fetched);
    });
  }

  /** The process of an invitation and its bidders (`null`: not asked for), under the ocid minted for it. */
  toProcess(row: Invitation, bidders: readonly Bidder[] | null): ContractingProcess {
    return this.#map(row, bidders);
  }

  #firsthand<T>(fetched: Fetched<T>): Fetched<T> {
    if (fetched.freshness.cache !== 'FALLBACK') return fetched;
    throw new GatewayError(
      ErrorCode.UPSTREAM_UNAVAILABLE,
      `The ${sourceLabel(this.upstream.name)} upstream could not be read ` +
        `(${fetched.freshness.staleReason ?? 'UPSTREAM_ERROR'}); only a cached copy was left.`,
      { source: this.upstream.name },
    );
  }

  #map(row: Invitation, bidders: readonly Bidder[] | null): ContractingProcess {
    const memo = this.#memo.get(row);
    if (memo !== undefined && memo.bidders === bidders) return memo.process;
    const process = toContractingProcess(row, bidders, mintOcid(this.policy.ocidPrefix, row.invitationId));
    this.#memo.set(row, { bidders, process });
    return process;
  }

  /** Pages from the first to the last (or to the first page with a row that satisfies `stop`). */
  async #pages(
    tenderYear: number | undefined,
    stop: (row: Invitation) => boolean,
  ): Promise<Fetched<InvitationPage>[]> {
    const pages: Fetched<InvitationPage>[] = [];
    for (let page = 1; ; page++) {
      if (page > TENDER_MN_MAX_PAGES) {
        throw invalidError(this.upstream.name, `more than ${TENDER_MN_MAX_PAGES} pages of invitations`);
      }
      const fetched = await this.#page(page, { tenderYear });
      pages.push(fetched);
      const { data, total, perPage } = fetched.value;
      if (data.some(stop) || data.length === 0 || page >= Math.ceil(total / perPage)) return pages;
    }
  }

  #page(page: number, ask: PageAsk): Promise<Fetched<ListedPage>> {
    const perPage = ask.perPage ?? this.policy.perPage;
    const form = new URLSearchParams({ current_page: String(page), per_page: String(perPage) });
    if (ask.tenderYear !== undefined) form.set('tenderYear', String(ask.tenderYear));
    const token = this.policy.token;
    return this.upstream.fetch({
      url: this.upstream.url('invitation'),
      method: 'POST',
      form,
      // The token travels in this header only: never in the URL, the cache key or a message.
      ...(token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } }),
      decode: (json) => decodePage(json, page, perPage),
      sourceUpdatedAt: (p) => newestPublication(p.data),
      sizeOf: withRawText,
      ...(ask.firsthand === true ? { alwaysRevalidate: true } : {}),
    });
  }

  async #bidders(row: Invitation, firsthand = false): Promise<Fetched<ListedBidders> | null> {
    if (row.tenderId == null) return null;
    return this.upstream.fetch({
      url: this.upstream.url('invitation-bidders'),
      method: 'POST',
      form: new URLSearchParams({ tenderId: String(row.tenderId), invitationId: String(row.invitationId) }),
      decode: decodeBidders,
      sizeOf: withRawText,
      ...(firsthand ? { alwaysRevalidate: true } : {}),
    });
  }
}

/**
 * A page must be the one asked for, in the size asked for: an API that ignored `current_page` or capped
 * `per_page` would otherwise make the crawl repeat or skip rows without anyone noticing.
 */
function decodePage(json: unknown, page: number, perPage: number): ListedPage {
  const parsed = InvitationPageSchema.safeParse(json);
  if (!parsed.success) throw new Error(`invitation page: ${describeIssues(parsed.error)}`);
  const value = parsed.data;
  if (value.currentPage !== page || value.perPage !== perPage) {
    throw new Error(
      `invitation page ${value.currentPage} of ${value.perPage} where page ${page} of ${perPage} was asked for`,
    );
  }
  if (value.data.length > perPage) throw new Error(`invitation page with more than ${perPage} rows`);
  return { ...value, raw: rawData(json).map((row) => JSON.stringify(row)) };
}

function decodeBidders(json: unknown): ListedBidders {
  const parsed = BidderListSchema.safeParse(json);
  if (!parsed.success) throw new Error(`bidder list: ${describeIssues(parsed.error)}`);
  return { rows: parsed.data.data, raw: JSON.stringify(rawData(json)) };
}

/** `data` of a body the schema accepted (so an object with an array there). */
function rawData(json: unknown): readonly unknown[] {
  return (json as { data: readonly unknown[] }).data;
}

/** Heap a decoded value takes with its rows kept as JSON text too: about one more body's worth. */
function withRawText(_value: unknown, bodyBytes: number): number {
  return (DECODED_SIZE_FACTOR + 1) * bodyBytes;
}

/** A `tenderYear` must be a year of four digits; anything else is the caller's mistake. */
function checkYear(tenderYear: number | undefined): void {
  if (
    tenderYear !== undefined &&
    !(Number.isInteger(tenderYear) && tenderYear >= 1000 && tenderYear <= 9999)
  ) {
    throw new GatewayError(
      ErrorCode.BAD_USER_INPUT,
      `tenderYear must be a year of four digits, such as 2025, but got ${String(tenderYear)}.`,
    );
  }
}

/** Rows of every page, the first copy of each invitation id kept (a row may move across a page boundary). */
function uniqueRows(pages: readonly InvitationPage[]): Invitation[] {
  const seen = new Set<number>();
  const rows: Invitation[] = [];
  for (const page of pages)
    for (const row of page.data) {
      if (seen.has(row.invitationId)) continue;
      seen.add(row.invitationId);
      rows.push(row);
    }
  return rows;
}
