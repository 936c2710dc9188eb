import DataLoader from 'dataloader';
import { ErrorCode, GatewayError } from '../../domain/errors.js';
import type { Fetched, Freshness, SourceName } from '../../domain/freshness.js';
import { fromCursor, toCursor } from '../../domain/ids.js';
import { sumByCurrency } from '../../domain/money.js';
import type { ContractingProcess, ProcessPage, ProcessQuery } from '../../domain/procurement.js';
import { asError } from '../../upstream/index.js';
import { matches } from './client.js';

/**
 * A second procurement adapter whose processes carry ocids it minted with its own prefix (tender.gov.mn's
 * open-data API mapped to OCDS). Declared here so the procurement loaders need not know that source.
 */
export interface MintedProcurement {
  /** The source it reads, named in its NOT_FOUND errors. */
  readonly source: SourceName;
  readonly ocidPrefix: string;
  processes(): Promise<Fetched<readonly ContractingProcess[]>>;
  process(ocid: string): Promise<Fetched<ContractingProcess> | null>;
}

/**
 * The OCDS processes as the store serves them (the data plane's reads: lists filtered, ordered and counted
 * in SQL; lookups by ocid read through to the upstream when stale). Declared here so the procurement
 * loaders need not know the store.
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
 * batch of OCDS ocids is one store read (and live reads only for those missing or stale). An ocid with
 * the tender.gov.mn adapter's prefix goes to that adapter, whose list is still read live.
 */
export function createProcurementLoaders(
  stored: StoredProcesses,
  minted: MintedProcurement | null = null,
): ProcurementLoaderSet {
  let mintedListing: Promise<Fetched<readonly ContractingProcess[]>> | null = null;
  const isMinted = (ocid: string) => minted !== null && ocid.startsWith(minted.ocidPrefix);
  const mintedOne = async (ocid: string): Promise<Fetched<ContractingProcess>> => {
    const found = await mintedOrFail(minted).process(ocid);
    if (found === null) throw notFound(ocid, { source: mintedOrFail(minted).source });
    return found;
  };
  return {
    processByOcid: new DataLoader<string, Fetched<ContractingProcess>>(async (keys) => {
      const ocds = keys.filter((k) => !isMinted(k));
      const fromStore =
        ocds.length === 0 ? [] : await stored.byOcids(ocds).catch((e: unknown) => ocds.map(() => asError(e)));
      const byKey = new Map(ocds.map((k, i) => [k, fromStore[i] as Fetched<ContractingProcess> | Error]));
      return Promise.all(
        keys.map(async (k) => {
          const got = isMinted(k)
            ? await mintedOne(k).catch(asError)
            : (byKey.get(k) as Fetched<ContractingProcess> | Error);
          return got instanceof Error ? notFoundAsMessage(got, k) : got;
        }),
      );
    }),
    page: async (query) => {
      if (query.feed === 'OCDS') return stored.page(query);
      mintedListing ??= mintedOrFail(minted).processes();
      const listed = await mintedListing;
      const all = listed.value.filter((p) => matches(p, query.filter));
      return { value: offsetPage(all, query.first, query.after), freshness: listed.freshness };
    },
    facet: async (registerNumber) => ({ value: { registerNumber }, freshness: await stored.freshness() }),
  };
}

/** A page of a list held whole in memory (the tender.gov.mn listing), with offset cursors. */
function offsetPage(all: readonly ContractingProcess[], first: number, after: string | null): ProcessPage {
  const offset = after === null ? 0 : fromCursor(after) + 1;
  const shown = all.slice(offset, offset + first);
  return {
    edges: shown.map((node, i) => ({ cursor: toCursor(offset + i), node })),
    hasNextPage: offset + first < all.length,
    hasPreviousPage: offset > 0,
    totalCount: () => Promise.resolve(all.length),
    valueTotals: () => Promise.resolve(sumByCurrency(all.map((p) => p.tender?.value ?? null))),
  };
}

function mintedOrFail(minted: MintedProcurement | null): MintedProcurement {
  if (minted === null) {
    throw new GatewayError(
      ErrorCode.BAD_USER_INPUT,
      'The tender.gov.mn adapter is not configured on this gateway.',
    );
  }
  return minted;
}

function notFound(ocid: string, details: GatewayError['details']): GatewayError {
  return new GatewayError(ErrorCode.NOT_FOUND, `No contracting process has ocid "${ocid}".`, details);
}

function notFoundAsMessage(thrown: unknown, ocid: string): Error {
  if (thrown instanceof GatewayError && thrown.code === ErrorCode.NOT_FOUND)
    return notFound(ocid, thrown.details);
  return asError(thrown);
}
