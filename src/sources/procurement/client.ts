import type { Fetched } from '../../domain/freshness.js';
import { inRange } from '../../domain/money.js';
import type { ContractingProcess, ContractingProcessFilter } from '../../domain/procurement.js';
import { describeIssues, type UpstreamSource } from '../../upstream/index.js';
import { compileReleases } from './merge.js';
import { fictionalNotice, toContractingProcess } from './map.js';
import type { PackageMeta } from './harvest.js';
import { RecordPackageSchema, type Release } from './payload.js';

/**
 * Client of an OCDS API in the shape the OCDS publication guidance recommends for APIs, for lookups of
 * one process (the release listing, `releases?since=…&limit=…`, is read by the harvester:
 * `src/sync/procurement.ts`, with `readFeedPage` from harvest.ts). Paths, relative to the configured base
 * URL (`PROCUREMENT_URL`):
 *
 * - `records/{ocid}` — record package for one process (releases, and a compiled release when the
 *   publisher compiles; otherwise the gateway compiles with the OCDS merge rules).
 */
export class ProcurementClient {
  constructor(
    private readonly upstream: UpstreamSource,
    /** Releases per page of the listing, for the harvester (`PROCUREMENT_PAGE_SIZE`). */
    readonly pageSize: number,
  ) {}

  /** One contracting process by ocid (already validated). */
  process(ocid: string): Promise<Fetched<ContractingProcess>> {
    return this.upstream.fetch({
      url: this.upstream.url(`records/${encodeURIComponent(ocid)}`),
      decode: (json) => decodeRecord(json, ocid),
      sourceUpdatedAt: (p) => p.date,
    });
  }
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
