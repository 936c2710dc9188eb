import type { Fetched } from '../../domain/freshness.js';
import { inRange } from '../../domain/money.js';
import {
  MAX_DATA_NOTES,
  type ContractingProcess,
  type ContractingProcessFilter,
  type DataNote,
} from '../../domain/procurement.js';
import { DECODED_SIZE_FACTOR, describeIssues, type UpstreamSource } from '../../upstream/index.js';
import { compileReleases, mergeRulesFor } from './merge.js';
import { fictionalNotice, toContractingProcess } from './map.js';
import { packageMeta } from './harvest.js';
import { CompiledReleaseSchema, RecordPackageSchema, type Release } from './payload.js';
import { tolerateRelease } from './tolerate.js';

/** `PROCUREMENT_RECORD_PATH` when unset: the OCDS API guidance's record endpoint. */
export const DEFAULT_RECORD_PATH = 'records/{ocid}';

/**
 * Client of an OCDS API in the shape the OCDS publication guidance recommends for APIs, for lookups of
 * one process (the release listing, `releases?since=…&limit=…`, is read by the harvester:
 * `src/sync/procurement.ts`, with `readFeedPage` from harvest.ts). Paths, relative to the configured base
 * URL (`PROCUREMENT_URL`):
 *
 * - `records/{ocid}` (or the publisher's own path, `PROCUREMENT_RECORD_PATH`) — record package for one
 *   process (releases, and a compiled release when the publisher compiles; otherwise the gateway compiles
 *   with the OCDS merge rules).
 */
export class ProcurementClient {
  constructor(
    private readonly upstream: UpstreamSource,
    /** Releases per page of the listing, for the harvester (`PROCUREMENT_PAGE_SIZE`). */
    readonly pageSize: number,
    /** Where one process's record is, `{ocid}` standing for it (`PROCUREMENT_RECORD_PATH`). */
    private readonly recordPath = DEFAULT_RECORD_PATH,
  ) {}

  /** One contracting process by ocid (already validated). */
  async process(ocid: string): Promise<Fetched<ContractingProcess>> {
    const { value, freshness } = await this.#record(ocid);
    return { value: value.process, freshness };
  }

  /**
   * The full releases of one process's record as published (JSON text), for the fields that return its
   * OCDS JSON whole: the same upstream read as `process`, so a process just read costs no request more.
   */
  async recordReleases(ocid: string): Promise<readonly string[]> {
    return (await this.#record(ocid)).value.releases;
  }

  #record(ocid: string): Promise<Fetched<{ process: ContractingProcess; releases: readonly string[] }>> {
    return this.upstream.fetch({
      url: this.upstream.url(this.recordPath.replace('{ocid}', () => encodeURIComponent(ocid))),
      decode: (body) => {
        const json = asRecordPackage(body, ocid);
        return { process: decodeRecord(json, ocid), releases: recordReleasesOf(json, ocid) };
      },
      sourceUpdatedAt: (r) => r.process.date,
      // The mapped process, and the record's releases kept as text (up to two bytes a character).
      sizeOf: (_r, bytes) => (DECODED_SIZE_FACTOR + 2) * bytes,
    });
  }
}

/**
 * A lookup's answer as a record package: a record package as it is; a release package (what a publisher's
 * `releases?ocid={ocid}` or `releases/{ocid}` gives) as the record of `ocid`'s releases in it, which the
 * gateway compiles. Anything else is left for validation to refuse.
 */
function asRecordPackage(json: unknown, ocid: string): unknown {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return json;
  const pkg = json as { records?: unknown; releases?: unknown };
  if (pkg.records !== undefined || !Array.isArray(pkg.releases)) return json;
  const { releases, ...rest } = pkg;
  const own = (releases as unknown[]).filter((r) => (r as { ocid?: unknown } | null)?.ocid === ocid);
  return { ...rest, records: own.length === 0 ? [] : [{ ocid, releases: own }] };
}

/** The full releases of `ocid`'s record in a record package (validated by `decodeRecord`), as JSON text. */
function recordReleasesOf(json: unknown, ocid: string): string[] {
  const records = (json as { records?: unknown }).records;
  const record = Array.isArray(records)
    ? (records as { ocid?: unknown; releases?: unknown }[]).find((r) => r?.ocid === ocid)
    : undefined;
  const releases = Array.isArray(record?.releases) ? (record.releases as unknown[]) : [];
  return releases.filter(isFullRelease).map((r) => JSON.stringify(r));
}

function decodeRecord(json: unknown, ocid: string): ContractingProcess {
  const { read, releases: releaseNotes, compiled: compiledNotes } = tolerateRecord(json, ocid);
  const parsed = RecordPackageSchema.safeParse(read);
  if (!parsed.success) throw new Error(`record package: ${describeIssues(parsed.error)}`);
  const pkg = parsed.data;
  const record = pkg.records.find((r) => r.ocid === ocid);
  if (record === undefined) throw new Error('record package without the requested ocid');
  const releases = (record.releases ?? []).filter(isFullRelease);
  const compiled =
    record.compiledRelease ??
    (releases.length > 0 ? compileReleases(releases, mergeRulesFor(pkg.version)) : undefined);
  if (compiled === undefined) throw new Error('record without releases or compiled release');
  // The notes of what the process was built from, as the harvest keeps them: the publisher's compiled
  // release when there is one, otherwise the releases.
  const notes = record.compiledRelease == null ? releaseNotes : compiledNotes;
  return toContractingProcess(compiled, {
    releaseCount: Math.max(1, record.releases?.length ?? 1),
    compiledByGateway: record.compiledRelease == null,
    ...packageMeta(pkg),
    fictionalNotice: fictionalNotice([compiled, ...releases]),
    dataNotes: notes.dataNotes,
    coercions: notes.coercions,
  });
}

/** Coercion notes of one part of a record, and how many coercions there were. */
interface RecordNotes {
  readonly dataNotes: DataNote[];
  coercions: number;
}

/**
 * The record package with the quirks of the wanted record's full releases and compiled release read in
 * the standard's shape (tolerate.ts), and the notes of what was read differently, for the releases and
 * for the compiled release. Linked releases (`{url, date, tag}`) and other records are left as they are.
 */
function tolerateRecord(
  json: unknown,
  ocid: string,
): { read: unknown; releases: RecordNotes; compiled: RecordNotes } {
  const releases: RecordNotes = { dataNotes: [], coercions: 0 };
  const compiled: RecordNotes = { dataNotes: [], coercions: 0 };
  const take = (release: unknown, fallbackId: string, into: RecordNotes): unknown => {
    const read = tolerateRelease(release);
    into.coercions += read.coercions;
    const id = (read.release as { id?: unknown }).id;
    const releaseId = typeof id === 'string' || typeof id === 'number' ? String(id) : fallbackId;
    for (const n of read.notes)
      if (into.dataNotes.length < MAX_DATA_NOTES) into.dataNotes.push({ releaseId, ...n });
    return read.release;
  };
  if (typeof json !== 'object' || json === null || !Array.isArray((json as { records?: unknown }).records))
    return { read: json, releases, compiled };
  const pkg = json as { records: unknown[] };
  const records = pkg.records.map((record) => {
    if (typeof record !== 'object' || record === null || (record as { ocid?: unknown }).ocid !== ocid)
      return record;
    const r = record as { releases?: unknown; compiledRelease?: unknown };
    const out: Record<string, unknown> = { ...r };
    if (Array.isArray(r.releases))
      out['releases'] = (r.releases as unknown[]).map((x) => (isFullRelease(x) ? take(x, '', releases) : x));
    if (typeof r.compiledRelease === 'object' && r.compiledRelease !== null) {
      const own = take(r.compiledRelease, `${ocid} (compiled)`, compiled);
      // One the harvest would quarantine is left out when the record has full releases to compile instead,
      // as the harvest then lists the process from them.
      const usable = CompiledReleaseSchema.safeParse(own).success;
      const full = Array.isArray(out['releases']) && (out['releases'] as unknown[]).some(isFullRelease);
      if (usable || !full) out['compiledRelease'] = own;
      else delete out['compiledRelease'];
    }
    return out;
  });
  return { read: { ...pkg, records }, releases, compiled };
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
