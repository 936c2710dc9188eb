import type DataLoader from 'dataloader';
import { ErrorCode, GatewayError } from '../../domain/errors.js';
import type { Fetched, SourceName } from '../../domain/freshness.js';
import type {
  ContractingProcess,
  ContractingProcessFilter,
  PartyProcesses,
  ProcurementFeed,
} from '../../domain/procurement.js';
import { asError, bulkLoader, eachLoader } from '../../upstream/index.js';
import { matches, partyProcesses, type ProcurementClient } from './client.js';

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

/** Procurement loaders for one request (the shape `GatewayContext.loaders.procurement` expects). */
export interface ProcurementLoaderSet {
  readonly processByOcid: DataLoader<string, Fetched<ContractingProcess>>;
  readonly list: (
    filter: ContractingProcessFilter,
    feed?: ProcurementFeed,
  ) => Promise<Fetched<readonly ContractingProcess[]>>;
  readonly byRegisterNumber: DataLoader<string, Fetched<PartyProcesses>>;
}

/**
 * A new set per request: DataLoader dedups keys within the request and batches them into one tick;
 * the upstream has no batch endpoint, so a batch becomes parallel record requests, bounded by the
 * source's bulkhead. Each key gets its own result or its own Error. An ocid with the tender.gov.mn
 * adapter's prefix goes to that adapter; every other ocid to the OCDS API.
 */
export function createProcurementLoaders(
  client: ProcurementClient,
  minted: MintedProcurement | null = null,
): ProcurementLoaderSet {
  const listings = new Map<ProcurementFeed, Promise<Fetched<readonly ContractingProcess[]>>>();
  const all = (feed: ProcurementFeed = 'OCDS') => {
    let listing = listings.get(feed);
    if (listing === undefined) {
      listing = feed === 'OCDS' ? client.processes() : mintedOrFail(minted).processes();
      listings.set(feed, listing);
    }
    return listing;
  };
  const one = async (ocid: string): Promise<Fetched<ContractingProcess>> => {
    if (minted !== null && ocid.startsWith(minted.ocidPrefix)) {
      const found = await minted.process(ocid);
      if (found === null) throw notFound(ocid, { source: minted.source });
      return found;
    }
    return client.process(ocid);
  };
  return {
    processByOcid: eachLoader(one, notFoundAsMessage),
    list: async (filter, feed) => {
      const listed = await all(feed);
      return { value: listed.value.filter((p) => matches(p, filter)), freshness: listed.freshness };
    },
    // One listing per request, however many organisations ask.
    byRegisterNumber: bulkLoader(
      () => all(),
      (listed, n: string) => partyProcesses(listed, n),
    ),
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
