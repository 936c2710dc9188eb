import DataLoader from 'dataloader';
import { ErrorCode, GatewayError } from '../../domain/errors.js';
import type { Fetched, Freshness, SourceName } from '../../domain/freshness.js';
import type {
  ContractingProcess,
  ProcessJson,
  ProcessJsonKey,
  ProcessPage,
  ProcessQuery,
} from '../../domain/procurement.js';
import { OCID_MAX_LENGTH } from '../../domain/ids.js';
import { quoteInput } from '../../domain/quote.js';
import { asError } from '../../upstream/index.js';
import { processJson } from './release-json.js';

/**
 * A second procurement adapter whose processes carry ocids it minted with its own prefix (tender.gov.mn's
 * open-data API mapped to OCDS): its live reads. Declared here so the procurement loaders need not know
 * that source.
 */
export interface MintedProcurement {
  /** The source it reads, named in its NOT_FOUND errors. */
  readonly source: SourceName;
  readonly ocidPrefix: string;
  processes(): Promise<Fetched<readonly ContractingProcess[]>>;
  process(ocid: string): Promise<Fetched<ContractingProcess> | null>;
}

/**
 * The minted feed as the loaders read it: the prefix that routes an ocid to it, and its processes as the
 * store serves them (harvested like the OCDS feed; a lookup reads through to the live adapter).
 */
export interface MintedFeed {
  readonly ocidPrefix: string;
  readonly stored: StoredProcesses;
}

/**
 * One feed's processes as the store serves them (the data plane's reads: lists filtered, ordered and
 * counted in SQL; lookups by ocid read through to the upstream when stale). Declared here so the
 * procurement loaders need not know the store.
 */
export interface StoredProcesses {
  page(query: ProcessQuery): Promise<Fetched<ProcessPage>>;
  /** The freshness a list has now (a facet's own freshness; its pages are read lazily). */
  freshness(): Promise<Freshness>;
  /** Processes by ocid, each its own value or its own error. */
  byOcids(ocids: readonly string[]): Promise<(Fetched<ContractingProcess> | Error)[]>;
  /** For each of `ocids`, the stored ocids that differ from it only in case (a NOT_FOUND names them). */
  otherCase(ocids: readonly string[]): Promise<ReadonlyMap<string, readonly string[]>>;
  /**
   * The stored releases of each ocid (JSON text as published), one store read for the batch; an ocid with
   * none is missing. Absent for a feed that is not published as OCDS releases (tender.gov.mn's).
   */
  releasesOf?(ocids: readonly string[]): Promise<ReadonlyMap<string, readonly string[]>>;
  /** The full releases of the record a process was read live from (the same read, through its cache). */
  recordReleases?(ocid: string): Promise<readonly unknown[]>;
}

/** Procurement loaders for one request (the shape `GatewayContext.loaders.procurement` expects). */
export interface ProcurementLoaderSet {
  readonly processByOcid: DataLoader<string, Fetched<ContractingProcess>>;
  readonly page: (query: ProcessQuery) => Promise<Fetched<ProcessPage>>;
  readonly facet: (registerNumber: string) => Promise<Fetched<{ readonly registerNumber: string }>>;
  readonly processJson: DataLoader<ProcessJsonKey, ProcessJson, string>;
}

/**
 * A new set per request: DataLoader dedups keys within the request and batches them into one tick; a
 * batch of ocids is one store read per feed (and live reads only for those missing or stale). An ocid
 * with the minted feed's prefix goes to that feed's store; `feed: TENDER_MN` lists it.
 */
export function createProcurementLoaders(
  stored: StoredProcesses,
  minted: MintedFeed | null = null,
): ProcurementLoaderSet {
  const isMinted = (ocid: string) => minted !== null && ocid.startsWith(minted.ocidPrefix);
  /** One feed's answers by ocid, each NOT_FOUND naming the stored ocids that differ only in case. */
  const read = async (reads: StoredProcesses, ocids: readonly string[]) => {
    if (ocids.length === 0) return [];
    const got = await reads.byOcids(ocids).catch((e: unknown) => ocids.map(() => asError(e)));
    const missing = ocids.filter((_k, i) => isNotFound(got[i]));
    // A near miss is a courtesy: a store that cannot say leaves the NOT_FOUND as it is.
    const near =
      missing.length === 0
        ? new Map<string, readonly string[]>()
        : await reads.otherCase(missing).catch(() => new Map<string, readonly string[]>());
    return ocids.map((k, i): Fetched<ContractingProcess> | Error => {
      const one = got[i] as Fetched<ContractingProcess> | Error;
      return one instanceof Error ? notFoundAsMessage(one, k, near.get(k) ?? []) : one;
    });
  };
  return {
    processByOcid: new DataLoader<string, Fetched<ContractingProcess>>(async (keys) => {
      const ocds = keys.filter((k) => !isMinted(k));
      const own = keys.filter(isMinted);
      const [fromOcds, fromMinted] = await Promise.all([
        read(stored, ocds),
        own.length === 0 ? [] : read(mintedOrFail(minted).stored, own),
      ]);
      const byKey = new Map<string, Fetched<ContractingProcess> | Error>([
        ...ocds.map((k, i) => [k, fromOcds[i] as Fetched<ContractingProcess> | Error] as const),
        ...own.map((k, i) => [k, fromMinted[i] as Fetched<ContractingProcess> | Error] as const),
      ]);
      return keys.map((k) => byKey.get(k) as Fetched<ContractingProcess> | Error);
    }),
    page: async (query) =>
      query.feed === 'OCDS' ? stored.page(query) : mintedOrFail(minted).stored.page(query),
    facet: async (registerNumber) => ({ value: { registerNumber }, freshness: await stored.freshness() }),
    // Keyed by where the process was read: a list of stored processes is one read of their releases; one
    // read live takes its record's releases from the same (cached) upstream read.
    processJson: new DataLoader<ProcessJsonKey, ProcessJson, string>(
      async (keys) => {
        const ocds = (k: ProcessJsonKey) => !isMinted(k.process.ocid);
        const fromStore = keys.filter((k) => ocds(k) && !k.live).map((k) => k.process.ocid);
        const held =
          fromStore.length === 0 || stored.releasesOf === undefined
            ? new Map<string, readonly string[]>()
            : await stored.releasesOf(fromStore);
        return Promise.all(
          keys.map(async (k) => {
            const { process, live } = k;
            if (!ocds(k)) return processJson(process, null);
            if (!live) {
              const raws = held.get(process.ocid);
              return processJson(process, raws === undefined ? null : { from: 'store', releases: raws });
            }
            if (stored.recordReleases === undefined) return processJson(process, null);
            try {
              const releases = await stored.recordReleases(process.ocid);
              return processJson(process, { from: 'record', releases });
            } catch (thrown) {
              return asError(thrown);
            }
          }),
        );
      },
      { cacheKeyFn: (k) => `${k.live ? 'live' : 'store'}:${k.process.ocid}` },
    ),
  };
}

function mintedOrFail(minted: MintedFeed | null): MintedFeed {
  if (minted === null) {
    throw new GatewayError(
      ErrorCode.BAD_USER_INPUT,
      'The tender.gov.mn adapter is not configured on this gateway.',
    );
  }
  return minted;
}

const isNotFound = (got: unknown): boolean => got instanceof GatewayError && got.code === ErrorCode.NOT_FOUND;

/**
 * The NOT_FOUND of an ocid, naming the stored ocids that differ from it only in case: look-ups are exact,
 * and a publisher's `OCDS-87SD3T-…` asked for as `ocds-87sd3t-…` is the commonest near miss. A stored
 * ocid is shown whole (up to the longest ocid accepted), so that it can be copied.
 */
function notFound(
  ocid: string,
  otherCase: readonly string[],
  details: GatewayError['details'],
): GatewayError {
  const near =
    otherCase.length === 0
      ? ''
      : ` The store has ${otherCase.map((o) => quoteInput(o, OCID_MAX_LENGTH)).join(' and ')} ` +
        '(the ocid differs in case; ocids are looked up exactly).';
  return new GatewayError(
    ErrorCode.NOT_FOUND,
    `No contracting process has ocid ${quoteInput(ocid)}.${near}`,
    details,
  );
}

function notFoundAsMessage(thrown: unknown, ocid: string, otherCase: readonly string[]): Error {
  if (thrown instanceof GatewayError && thrown.code === ErrorCode.NOT_FOUND)
    return notFound(ocid, otherCase, thrown.details);
  return asError(thrown);
}
