/**
 * What the harvester needs of the OCDS source, as pure functions: reading one page of a feed (a release
 * package, or a record package) release by release, so that one release that fails validation is counted
 * and skipped rather than failing the page; and compiling a process from the raw releases the store holds
 * for its ocid.
 */
import type { z } from 'zod';
import { MAX_DATA_NOTES, type ContractingProcess, type DataNote } from '../../domain/procurement.js';
import { ocidProblem } from '../../domain/ids.js';
import { MAX_DESCRIBED_ISSUES } from '../../upstream/index.js';
import { compileReleases, mergeRulesFor } from './merge.js';
import { fictionalNotice, toContractingProcess } from './map.js';
import { CompiledReleaseSchema, ReleaseSchema, type Release } from './payload.js';
import { MAX_DEPTH, mayHaveQuirks, tolerateRelease } from './tolerate.js';

/** The package around a page's releases: who published them, under which licence. */
export interface PackageMeta {
  readonly publisher: string | null;
  readonly license: string | null;
  readonly packageUri: string | null;
  readonly publishedDate: string | null;
  /**
   * The OCDS version the package declares (`version`), which decides the merge rules; null when it declares
   * none, which the standard reads as OCDS 1.0.
   */
  readonly version: string | null;
}

/** One release as read from a page: its keys and its JSON exactly as published. */
export interface PageRelease {
  readonly ocid: string;
  readonly id: string;
  readonly date: string | null;
  readonly raw: string;
}

/** One problem of a release that could not be used: where in it, and what (never the value). */
export interface QuarantineReason {
  readonly path: string;
  readonly reason: string;
}

/** A release (or record) that could not be used: kept as published, with why. */
export interface QuarantinedRelease {
  /** Its `ocid` and `id` as published; `''` when missing or not text. */
  readonly ocid: string;
  readonly releaseId: string;
  /** Where on the page (`releases[3]`, `records[0].releases[1]`). */
  readonly where: string;
  /** The first few problems (`MAX_DESCRIBED_ISSUES`). */
  readonly reasons: readonly QuarantineReason[];
  /** The release as published, JSON. */
  readonly raw: string;
}

/** One page of a feed, read. */
export interface FeedPage {
  readonly releases: readonly PageRelease[];
  /** Processes given only as a record's compiled release (no embedded releases to store). */
  readonly compiled: readonly ContractingProcess[];
  /** Releases or records that could not be used, each with why (kept in the store's quarantine). */
  readonly quarantined: readonly QuarantinedRelease[];
  /** How many values of the page's releases were coerced from a publisher's quirk (tolerate.ts). */
  readonly coercions: number;
  /** The next page (`links.next`), on the same origin only. */
  readonly next: URL | null;
  /** The newest release date on the page, epoch ms. */
  readonly newestMs: number | null;
  readonly meta: PackageMeta;
}

/**
 * Reads one page of an OCDS feed: a release package (`releases`) or a record package (`records`). Throws
 * when the page itself is not a package. A `links.next` that leaves `origin` is never followed (SSRF
 * guard): `next` is then null, and `feedNextLink` says where it pointed.
 */
export function readFeedPage(json: unknown, origin: string): FeedPage {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new Error('the page is not an OCDS package (a JSON object with releases or records)');
  }
  const pkg = json as Record<string, unknown>;
  const releases: PageRelease[] = [];
  const compiled: ContractingProcess[] = [];
  const quarantined: QuarantinedRelease[] = [];
  let coercions = 0;
  let newestMs: number | null = null;
  const meta = packageMeta(pkg);
  const quarantine = (
    item: unknown,
    where: string,
    reasons: readonly QuarantineReason[],
    releaseId?: string,
  ) => {
    const own = isObject(item) ? item : {};
    const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
    quarantined.push({
      ocid: str(own['ocid']),
      releaseId: releaseId ?? str(own['id']),
      where,
      reasons,
      raw: rawOf(item),
    });
  };
  const take = (item: unknown, where: string) => {
    const read = tolerateRelease(item);
    if (read.tooDeep) {
      quarantine(item, where, [{ path: read.tooDeep, reason: TOO_DEEP }]);
      return;
    }
    const parsed = ReleaseSchema.safeParse(read.release);
    if (!parsed.success) {
      quarantine(item, where, reasonsOf(parsed.error));
      return;
    }
    const r = parsed.data;
    // Listed means found again by ocid: an ocid a lookup would refuse, or read differently, is not listed.
    const refused = ocidRefusal(r.ocid);
    if (refused !== null) {
      quarantine(item, where, [{ path: 'ocid', reason: refused }]);
      return;
    }
    coercions += read.coercions;
    const ms = r.date === null || r.date === undefined ? NaN : Date.parse(r.date);
    if (!Number.isNaN(ms) && (newestMs === null || ms > newestMs)) newestMs = ms;
    releases.push({ ocid: r.ocid, id: r.id, date: r.date ?? null, raw: JSON.stringify(item) });
  };
  if (Array.isArray(pkg['releases'])) {
    pkg['releases'].forEach((item, i) => take(item, `releases[${i}]`));
  } else if (Array.isArray(pkg['records'])) {
    pkg['records'].forEach((record: unknown, i) => {
      const listed = (record as { releases?: unknown })?.releases;
      const embedded = Array.isArray(listed) ? listed.filter(isFullRelease) : [];
      embedded.forEach((item, j) => take(item, `records[${i}].releases[${j}]`));
      // The publisher's own compiled release, when it gives one, is the process as listed (a lookup by
      // ocid reads the same record); its full releases are kept all the same (the versioned release, and
      // the gateway's merge when asked). Without one, the gateway compiles the releases.
      const given = (record as { compiledRelease?: unknown })?.compiledRelease;
      if (embedded.length > 0 && (given === undefined || given === null)) return;
      const read = tolerateRelease(given);
      const c = read.tooDeep ? null : CompiledReleaseSchema.safeParse(read.release);
      const ocid = (record as { ocid?: unknown })?.ocid;
      const refused = typeof ocid === 'string' ? ocidRefusal(ocid) : 'a record without an ocid';
      if (c === null || !c.success || typeof ocid !== 'string' || refused !== null) {
        const reasons =
          c === null
            ? [{ path: `compiledRelease/${read.tooDeep}`, reason: TOO_DEEP }]
            : given === undefined || given === null
              ? [{ path: 'releases', reason: 'neither embedded releases nor a compiledRelease' }]
              : !c.success
                ? reasonsOf(c.error, 'compiledRelease')
                : [{ path: 'ocid', reason: refused ?? 'a record without an ocid' }];
        // One row per record: a later usable compiled release of it lets it out (`compiledReleaseId`).
        // A record with usable releases is still listed, compiled by the gateway.
        const id = typeof ocid === 'string' ? compiledReleaseId(ocid) : undefined;
        quarantine(record, `records[${i}]`, reasons, id);
        return;
      }
      coercions += read.coercions;
      const ms = typeof c.data.date === 'string' ? Date.parse(c.data.date) : NaN;
      if (!Number.isNaN(ms) && (newestMs === null || ms > newestMs)) newestMs = ms;
      const id: unknown = c.data.id;
      const releaseId = typeof id === 'string' || typeof id === 'number' ? String(id) : `${ocid} (compiled)`;
      compiled.push(
        toContractingProcess(
          { ...c.data, ocid },
          {
            // As a lookup counts them: linked releases (`{url, date, tag}`) too.
            releaseCount: Math.max(1, Array.isArray(listed) ? listed.length : 1),
            compiledByGateway: false,
            ...meta,
            fictionalNotice: fictionalNotice([c.data]),
            dataNotes: read.notes.map((n) => ({ releaseId, ...n })),
            coercions: read.coercions,
          },
        ),
      );
    });
  } else {
    throw new Error('the page is not an OCDS package: it has neither releases nor records');
  }
  return { releases, compiled, quarantined, coercions, next: nextLink(pkg, origin), newestMs, meta };
}

/** Where a feed page's `links.next` leads. */
export interface FeedLink {
  /** The next page; null at the end of the feed, and where the link leaves the configured origin. */
  readonly next: URL | null;
  /**
   * The origin `links.next` points to when it is another one (never requested, so the walk ends at this
   * page); null otherwise.
   */
  readonly offOrigin: string | null;
}

/**
 * Where a feed page's `links.next` leads, read before the page is validated so that the next request can
 * be on its way while this page is checked. Throws when `links.next` is not a URL.
 */
export function feedNextLink(json: unknown, origin: string): FeedLink {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return { next: null, offOrigin: null };
  return followLink(json as Record<string, unknown>, origin);
}

/**
 * Compiles the process of one ocid from the raw releases the store holds for it (any order), with the merge
 * rules of the OCDS version its package declares; `null` when there are none. Every raw release was validated by `readFeedPage` before it was
 * stored (the schema only checks, it transforms nothing), so it is not validated again here: compiling is
 * the harvest's hot loop.
 */
export function compileStored(raws: readonly string[], meta: PackageMeta): ContractingProcess | null {
  if (raws.length === 0) return null;
  const dataNotes: DataNote[] = [];
  let coercions = 0;
  const releases = raws.map((raw) => {
    // Stored as published: the quirks are read again (and noted) each time the process is compiled.
    // Most releases have none, which their JSON text shows without walking them (this is the harvest's
    // hot loop); the depth was checked when the release was first read.
    const parsed = JSON.parse(raw) as Record<string, unknown>;
    if (Object.hasOwn(parsed, 'initiationType') && !mayHaveQuirks(raw)) return parsed as Release;
    const read = tolerateRelease(parsed);
    const release = read.release as Release;
    coercions += read.coercions;
    for (const n of read.notes) {
      if (dataNotes.length < MAX_DATA_NOTES) dataNotes.push({ releaseId: String(release.id), ...n });
    }
    return release;
  });
  return toContractingProcess(compileReleases(releases, mergeRulesFor(meta.version)), {
    releaseCount: releases.length,
    compiledByGateway: true,
    ...meta,
    fictionalNotice: fictionalNotice(releases),
    dataNotes,
    coercions,
  });
}

/** The release id under which a record's compiled release is kept (in quarantine, or let out of it). */
export function compiledReleaseId(ocid: string): string {
  return `${ocid} (compiled)`;
}

const TOO_DEEP = `nested more than ${MAX_DEPTH} levels deep: no OCDS field is`;

/** Why an ocid as published cannot be listed (a lookup would refuse it or read it differently), or null. */
function ocidRefusal(ocid: string): string | null {
  const why = ocidProblem(ocid);
  return why === null ? null : `an ocid no lookup can find: ${why}`;
}

/** A release's JSON as published, for the quarantine; one too deeply nested to write is described. */
function rawOf(item: unknown): string {
  try {
    return JSON.stringify(item) ?? 'null';
  } catch {
    return JSON.stringify({ unreadable: 'the release could not be written back as JSON' });
  }
}

/** A zod error's first few issues as paths and reasons (zod's messages name types, never values). */
function reasonsOf(error: z.ZodError, prefix = ''): QuarantineReason[] {
  return error.issues.slice(0, MAX_DESCRIBED_ISSUES).map((issue) => {
    const path = issue.path.map(String).join('/');
    return {
      path: prefix === '' ? path || '(release)' : path ? `${prefix}/${path}` : prefix,
      reason: issue.message,
    };
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The next page on `origin`, or null (the end of the feed, or a link off `origin`: `feedNextLink`). */
function nextLink(pkg: Record<string, unknown>, origin: string): URL | null {
  return followLink(pkg, origin).next;
}

function followLink(pkg: Record<string, unknown>, origin: string): FeedLink {
  const href = (pkg['links'] as { next?: unknown } | null | undefined)?.next;
  if (href === undefined || href === null) return { next: null, offOrigin: null };
  if (typeof href !== 'string' || !URL.canParse(href)) throw new Error('links.next is not a URL');
  const next = new URL(href);
  // links.next comes from the upstream: followed only on the configured origin (SSRF guard). Elsewhere the
  // walk ends with what it has read; `origin` alone is kept, never the link's path or query.
  if (next.origin !== origin)
    return { next: null, offOrigin: next.origin === 'null' ? next.protocol : next.origin };
  return { next, offOrigin: null };
}

/** Who published a package, under which licence, and in which OCDS version. */
export function packageMeta(pkg: Readonly<Record<string, unknown>>): PackageMeta {
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    publisher: str((pkg['publisher'] as { name?: unknown } | null | undefined)?.name),
    license: str(pkg['license']),
    packageUri: str(pkg['uri']),
    publishedDate: str(pkg['publishedDate']),
    version: str(pkg['version']),
  };
}

/** Records may list releases as links (`{url, date, tag}`) rather than full releases. */
function isFullRelease(r: unknown): boolean {
  return typeof r === 'object' && r !== null && 'ocid' in r && 'id' in r;
}
