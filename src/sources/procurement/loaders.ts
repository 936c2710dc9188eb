import DataLoader from 'dataloader';
import { ErrorCode, GatewayError } from '../../domain/errors.js';
import type { Fetched, Freshness, SourceName } from '../../domain/freshness.js';
import type { ContractingProcess, ProcessPage, ProcessQuery } from '../../domain/procurement.js';
import { quoteInput } from '../../domain/quote.js';
import { asError } from '../../upstream/index.js';

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
}

/** Procurement loaders for one request (the shape `GatewayContext.loaders.procurement` expects). */
export interface ProcurementLoaderSet {
  readonly processByOcid: DataLoader<string, Fetched<ContractingProcess>>;
  readonly page: (query: ProcessQuery) => Promise<Fetched<ProcessPage>>;
  readonly facet: (registerNumber: string) => Promise<Fetched<{ readonly registerNumber: string }>>;
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
  const read = async (reads: StoredProcesses, ocids: readonly string[]) =>
    ocids.length === 0 ? [] : await reads.byOcids(ocids).catch((e: unknown) => ocids.map(() => asError(e)));
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
      return keys.map((k) => {
        const got = byKey.get(k) as Fetched<ContractingProcess> | Error;
        return got instanceof Error ? notFoundAsMessage(got, k) : got;
      });
    }),
    page: async (query) =>
      query.feed === 'OCDS' ? stored.page(query) : mintedOrFail(minted).stored.page(query),
    facet: async (registerNumber) => ({ value: { registerNumber }, freshness: await stored.freshness() }),
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

function notFound(ocid: string, details: GatewayError['details']): GatewayError {
  return new GatewayError(
    ErrorCode.NOT_FOUND,
    `No contracting process has ocid ${quoteInput(ocid)}.`,
    details,
  );
}

function notFoundAsMessage(thrown: unknown, ocid: string): Error {
  if (thrown instanceof GatewayError && thrown.code === ErrorCode.NOT_FOUND)
    return notFound(ocid, thrown.details);
  return asError(thrown);
}
