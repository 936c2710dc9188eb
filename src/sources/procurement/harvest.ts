/**
 * What the harvester needs of the OCDS source, as pure functions: reading one page of a feed (a release
 * package, or a record package) release by release, so that one release that fails validation is counted
 * and skipped rather than failing the page; and compiling a process from the raw releases the store holds
 * for its ocid.
 */
import type { ContractingProcess } from '../../domain/procurement.js';
import { describeIssues } from '../../upstream/index.js';
import { compileReleases } from './merge.js';
import { fictionalNotice, toContractingProcess } from './map.js';
import { CompiledReleaseSchema, ReleaseSchema, type Release } from './payload.js';

/** The package around a page's releases: who published them, under which licence. */
export interface PackageMeta {
  readonly publisher: string | null;
  readonly license: string | null;
  readonly packageUri: string | null;
  readonly publishedDate: string | null;
}

/** One release as read from a page: its keys and its JSON exactly as published. */
export interface PageRelease {
  readonly ocid: string;
  readonly id: string;
  readonly date: string | null;
  readonly raw: string;
}

/** One page of a feed, read. */
export interface FeedPage {
  readonly releases: readonly PageRelease[];
  /** Processes given only as a record's compiled release (no embedded releases to store). */
  readonly compiled: readonly ContractingProcess[];
  /** Releases or records that failed validation, with why (at most a few, for the log). */
  readonly rejected: number;
  readonly reasons: readonly string[];
  /** The next page (`links.next`), on the same origin only. */
  readonly next: URL | null;
  /** The newest release date on the page, epoch ms. */
  readonly newestMs: number | null;
  readonly meta: PackageMeta;
}

const MAX_REASONS = 5;

/**
 * Reads one page of an OCDS feed: a release package (`releases`) or a record package (`records`). Throws
 * when the page itself is not a package, or when `links.next` leaves `origin` (SSRF guard).
 */
export function readFeedPage(json: unknown, origin: string): FeedPage {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new Error('the page is not an OCDS package (a JSON object with releases or records)');
  }
  const pkg = json as Record<string, unknown>;
  const releases: PageRelease[] = [];
  const compiled: ContractingProcess[] = [];
  const reasons: string[] = [];
  let rejected = 0;
  let newestMs: number | null = null;
  const meta = packageMeta(pkg);
  const take = (item: unknown, where: string) => {
    const parsed = ReleaseSchema.safeParse(item);
    if (!parsed.success) {
      rejected += 1;
      if (reasons.length < MAX_REASONS) reasons.push(`${where}: ${describeIssues(parsed.error)}`);
      return;
    }
    const r = parsed.data;
    const ms = r.date === null || r.date === undefined ? NaN : Date.parse(r.date);
    if (!Number.isNaN(ms) && (newestMs === null || ms > newestMs)) newestMs = ms;
    releases.push({ ocid: r.ocid, id: r.id, date: r.date ?? null, raw: JSON.stringify(item) });
  };
  if (Array.isArray(pkg['releases'])) {
    pkg['releases'].forEach((item, i) => take(item, `releases[${i}]`));
  } else if (Array.isArray(pkg['records'])) {
    pkg['records'].forEach((record: unknown, i) => {
      const embedded = Array.isArray((record as { releases?: unknown })?.releases)
        ? (record as { releases: unknown[] }).releases.filter(isFullRelease)
        : [];
      if (embedded.length > 0) {
        embedded.forEach((item, j) => take(item, `records[${i}].releases[${j}]`));
        return;
      }
      const c = CompiledReleaseSchema.safeParse((record as { compiledRelease?: unknown })?.compiledRelease);
      const ocid = (record as { ocid?: unknown })?.ocid;
      if (!c.success || typeof ocid !== 'string' || ocid === '') {
        rejected += 1;
        if (reasons.length < MAX_REASONS)
          reasons.push(`records[${i}]: neither embedded releases nor a valid compiledRelease`);
        return;
      }
      compiled.push(
        toContractingProcess(
          { ...c.data, ocid },
          { releaseCount: 1, compiledByGateway: false, ...meta, fictionalNotice: fictionalNotice([c.data]) },
        ),
      );
    });
  } else {
    throw new Error('the page is not an OCDS package: it has neither releases nor records');
  }
  return { releases, compiled, rejected, reasons, next: nextLink(pkg, origin), newestMs, meta };
}

/**
 * The next page's address of a feed page (`links.next`), read before the page is validated so that the
 * next request can be on its way while this page is checked; null at the end. Throws like `readFeedPage`.
 */
export function feedNextLink(json: unknown, origin: string): URL | null {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return null;
  return nextLink(json as Record<string, unknown>, origin);
}

/**
 * Compiles the process of one ocid from the raw releases the store holds for it (any order), with the OCDS
 * merge rules; `null` when there are none. Every raw release was validated by `readFeedPage` before it was
 * stored (the schema only checks, it transforms nothing), so it is not validated again here: compiling is
 * the harvest's hot loop.
 */
export function compileStored(raws: readonly string[], meta: PackageMeta): ContractingProcess | null {
  const releases = raws.map((raw) => JSON.parse(raw) as Release);
  if (releases.length === 0) return null;
  return toContractingProcess(compileReleases(releases), {
    releaseCount: releases.length,
    compiledByGateway: true,
    ...meta,
    fictionalNotice: fictionalNotice(releases),
  });
}

function nextLink(pkg: Record<string, unknown>, origin: string): URL | null {
  const href = (pkg['links'] as { next?: unknown } | null | undefined)?.next;
  if (href === undefined || href === null) return null;
  if (typeof href !== 'string') throw new Error('links.next is not a URL');
  const next = new URL(href);
  // links.next comes from the upstream: follow it only on the configured origin (SSRF guard).
  if (next.origin !== origin) throw new Error('links.next points to another origin');
  return next;
}

function packageMeta(pkg: Record<string, unknown>): PackageMeta {
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    publisher: str((pkg['publisher'] as { name?: unknown } | null | undefined)?.name),
    license: str(pkg['license']),
    packageUri: str(pkg['uri']),
    publishedDate: str(pkg['publishedDate']),
  };
}

/** Records may list releases as links (`{url, date, tag}`) rather than full releases. */
function isFullRelease(r: unknown): boolean {
  return typeof r === 'object' && r !== null && 'ocid' in r && 'id' in r;
}
