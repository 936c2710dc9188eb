import { combineFreshness, type Fetched } from '../../domain/freshness.js';
import { inRange } from '../../domain/money.js';
import { MN_CR } from '../../domain/organization.js';
import type { ContractingProcess, ContractingProcessFilter } from '../../domain/procurement.js';
import { describeIssues, invalidError, type UpstreamSource } from '../../upstream/index.js';
import { compileReleases } from './merge.js';
import { fictionalNotice, toContractingProcess } from './map.js';
import { RecordPackageSchema, ReleasePackageSchema, type Release } from './payload.js';

/**
 * Client of an OCDS API in the shape the OCDS publication guidance recommends. Paths, relative to
 * the configured base URL (`PROCUREMENT_URL`):
 *
 * - `records/{ocid}` — record package for one process (releases, and a compiled release when the
 *   publisher compiles; otherwise the gateway compiles with the OCDS merge rules);
 * - `releases?limit=N` — release packages newest first, followed through `links.next`.
 */
export class ProcurementClient {
  #memo: { pages: readonly ReleasePage[]; processes: readonly ContractingProcess[] } | null = null;

  constructor(
    private readonly upstream: UpstreamSource,
    private readonly pageSize: number,
    /** Stops a runaway `links.next` chain. */
    private readonly maxPages = 1000,
  ) {}

  /** One contracting process by ocid (already validated). */
  process(ocid: string): Promise<Fetched<ContractingProcess>> {
    return this.upstream.fetch({
      url: this.upstream.url(`records/${encodeURIComponent(ocid)}`),
      decode: (json) => decodeRecord(json, ocid),
      sourceUpdatedAt: (p) => p.date,
    });
  }

  /**
   * Every process the upstream lists, newest first: the release listing followed to its end, each
   * page through the cache, releases grouped by ocid and compiled. Freshness is that of the oldest
   * page, since the list depends on all of them.
   */
  async processes(): Promise<Fetched<readonly ContractingProcess[]>> {
    const pages: Fetched<ReleasePage>[] = [];
    const ahead = new Map<string, Promise<Fetched<ReleasePage>>>();
    let next: URL | null = this.upstream.url('releases', { limit: this.pageSize });
    while (next !== null) {
      if (pages.length >= this.maxPages) {
        throw invalidError(this.upstream.name, `more than ${this.maxPages} pages of releases`);
      }
      const page: Fetched<ReleasePage> = await (ahead.get(next.href) ?? this.#page(next, ahead));
      pages.push(page);
      next = page.value.next;
    }
    return {
      value: this.#compileAll(pages.map((p) => p.value)),
      freshness: combineFreshness(pages.map((p) => p.freshness)),
    };
  }

  /**
   * One page of the listing. The listing can only be followed page by page, so the next page is asked
   * for as soon as its link is read, while this one is still being validated; `ahead` keeps that
   * fetch for the loop in `processes` (which then neither waits longer nor asks twice, even when it
   * fails). A link to another origin is left for validation to refuse.
   */
  #page(url: URL, ahead: Map<string, Promise<Fetched<ReleasePage>>>): Promise<Fetched<ReleasePage>> {
    const origin = this.upstream.baseUrl.origin;
    return this.upstream.fetch({
      url,
      decode: (json) => decodeReleasePage(json, origin),
      sourceUpdatedAt: (page) => page.newestDate,
      peek: (json) => {
        const next = nextLink(json, origin);
        if (next === null || ahead.has(next.href) || ahead.size >= this.maxPages) return;
        const fetching = this.#page(next, ahead);
        fetching.catch(() => undefined); // the loop reports it, if it gets that far
        ahead.set(next.href, fetching);
      },
    });
  }

  /** Compiles the listing once per distinct set of pages; a warm request reuses the result. */
  #compileAll(pages: readonly ReleasePage[]): readonly ContractingProcess[] {
    const memo = this.#memo;
    if (memo !== null && memo.pages.length === pages.length && memo.pages.every((p, i) => p === pages[i])) {
      return memo.processes;
    }
    const byOcid = new Map<string, { releases: Release[]; page: ReleasePage }>();
    for (const page of pages) {
      for (const release of page.releases) {
        const group = byOcid.get(release.ocid);
        if (group === undefined) byOcid.set(release.ocid, { releases: [release], page });
        else group.releases.push(release);
      }
    }
    const processes = [...byOcid.values()].map(({ releases, page }) =>
      toContractingProcess(compileReleases(releases), {
        releaseCount: releases.length,
        compiledByGateway: true,
        ...page.meta,
        fictionalNotice: fictionalNotice(releases),
      }),
    );
    processes.sort(newestFirst);
    this.#memo = { pages, processes };
    return processes;
  }
}

/** One page of the release listing, decoded. */
export interface ReleasePage {
  readonly releases: readonly Release[];
  readonly next: URL | null;
  readonly newestDate: string | null;
  readonly meta: PackageMeta;
}

interface PackageMeta {
  readonly publisher: string | null;
  readonly license: string | null;
  readonly packageUri: string | null;
  readonly publishedDate: string | null;
}

function decodeRecord(json: unknown, ocid: string): ContractingProcess {
  const parsed = RecordPackageSchema.safeParse(json);
  if (!parsed.success) throw new Error(`record package: ${describeIssues(parsed.error)}`);
  const pkg = parsed.data;
  const record = pkg.records.find((r) => r.ocid === ocid);
  if (record === undefined) throw new Error('record package without the requested ocid');
  const releases = (record.releases ?? []).filter(isFullRelease);
  const compiled = record.compiledRelease ?? (releases.length > 0 ? compileReleases(releases) : undefined);
  if (compiled === undefined) throw new Error('record without releases or compiled release');
  return toContractingProcess(compiled, {
    releaseCount: Math.max(1, record.releases?.length ?? 1),
    compiledByGateway: record.compiledRelease == null,
    ...packageMeta(pkg),
    fictionalNotice: fictionalNotice([compiled, ...releases]),
  });
}

/** The `links.next` of a parsed release package, when it is a URL on `origin`. */
function nextLink(json: unknown, origin: string): URL | null {
  const href = (json as { links?: { next?: unknown } } | null)?.links?.next;
  if (typeof href !== 'string') return null;
  try {
    const url = new URL(href);
    return url.origin === origin ? url : null;
  } catch {
    return null;
  }
}

/** Validates and decodes one page of the release listing; `links.next` is followed only on `origin`. */
export function decodeReleasePage(json: unknown, origin: string): ReleasePage {
  const parsed = ReleasePackageSchema.safeParse(json);
  if (!parsed.success) throw new Error(`release package: ${describeIssues(parsed.error)}`);
  const pkg = parsed.data;
  const nextHref = pkg.links?.next ?? null;
  let next: URL | null = null;
  if (nextHref !== null) {
    next = new URL(nextHref);
    // links.next comes from the upstream: follow it only on the configured origin (SSRF guard).
    if (next.origin !== origin) throw new Error('links.next points to another origin');
  }
  let newestDate: string | null = null;
  for (const r of pkg.releases)
    if (r.date != null && (newestDate === null || r.date > newestDate)) newestDate = r.date;
  return { releases: pkg.releases, next, newestDate, meta: packageMeta(pkg) };
}

function packageMeta(pkg: {
  publisher?: { name?: string | null | undefined } | null | undefined;
  license?: string | null | undefined;
  uri?: string | null | undefined;
  publishedDate?: string | null | undefined;
}): PackageMeta {
  return {
    publisher: pkg.publisher?.name ?? null,
    license: pkg.license ?? null,
    packageUri: pkg.uri ?? null,
    publishedDate: pkg.publishedDate ?? null,
  };
}

/** Records may list releases as links (`{url, date, tag}`) rather than full releases. */
function isFullRelease(r: unknown): r is Release {
  return typeof r === 'object' && r !== null && 'ocid' in r && 'id' in r;
}

function newestFirst(a: ContractingProcess, b: ContractingProcess): number {
  const da = a.date ?? '';
  const db = b.date ?? '';
  if (da !== db) return da < db ? 1 : -1;
  return a.ocid < b.ocid ? -1 : a.ocid > b.ocid ? 1 : 0;
}

/** Whether a process matches every given field of `filter`. */
export function matches(p: ContractingProcess, filter: ContractingProcessFilter): boolean {
  if (filter.procurementMethod !== undefined && p.tender?.procurementMethod !== filter.procurementMethod)
    return false;
  if (filter.status !== undefined && p.tender?.status !== filter.status) return false;
  if (filter.buyer !== undefined && !refMatches(p.buyer, filter.buyer)) return false;
  if (filter.supplier !== undefined) {
    const wanted = filter.supplier;
    if (!p.awards.some((a) => a.suppliers.some((s) => refMatches(s, wanted)))) return false;
  }
  if (filter.value !== undefined && !inRange(p.tender?.value ?? null, filter.value)) return false;
  if (
    filter.changedSince !== undefined &&
    (p.date === null || Date.parse(p.date) < Date.parse(filter.changedSince))
  ) {
    return false;
  }
  if (filter.dateFrom !== undefined || filter.dateTo !== undefined) {
    const at = p.date === null ? NaN : Date.parse(p.date);
    if (Number.isNaN(at)) return false;
    if (filter.dateFrom !== undefined && at < Date.parse(filter.dateFrom)) return false;
    if (filter.dateTo !== undefined && at > endOf(filter.dateTo)) return false;
  }
  return true;
}

/** A date-only upper bound includes its whole day. */
function endOf(bound: string): number {
  const t = Date.parse(bound);
  return /^\d{4}-\d{2}-\d{2}$/.test(bound) ? t + 86_400_000 - 1 : t;
}

function refMatches(
  ref: {
    id: string | null;
    name: string | null;
    party: { identifier: { id: string | null } | null } | null;
  } | null,
  wanted: string,
): boolean {
  if (ref === null) return false;
  if (ref.id === wanted || ref.party?.identifier?.id === wanted) return true;
  const name = ref.name ?? ref.party?.identifier?.id ?? '';
  return name.normalize('NFC').toLocaleLowerCase('mn').includes(wanted.toLocaleLowerCase('mn'));
}

/**
 * The processes in which the legal entity with register number `n` is buyer, supplier or tenderer,
 * matched by an `MN-CR` identifier only: a party known just by name never links (no fuzzy matching).
 */
export function partyProcesses(
  processes: readonly ContractingProcess[],
  n: string,
): { asBuyer: ContractingProcess[]; asSupplier: ContractingProcess[]; asTenderer: ContractingProcess[] } {
  const isEntity = (
    ref: { party: { identifier: { scheme: string | null; id: string | null } | null } | null } | null,
  ) => ref?.party?.identifier?.scheme === MN_CR && ref.party.identifier.id === n;
  const out = {
    asBuyer: [] as ContractingProcess[],
    asSupplier: [] as ContractingProcess[],
    asTenderer: [] as ContractingProcess[],
  };
  for (const p of processes) {
    if (isEntity(p.buyer)) out.asBuyer.push(p);
    if (p.awards.some((a) => a.suppliers.some(isEntity))) out.asSupplier.push(p);
    if (p.tender?.tenderers.some(isEntity) === true) out.asTenderer.push(p);
  }
  return out;
}
