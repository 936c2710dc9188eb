import DataLoader from 'dataloader';
import { ErrorCode, GatewayError } from '../../domain/errors.js';
import type { Fetched } from '../../domain/freshness.js';
import type { ContractingProcess, ContractingProcessFilter } from '../../domain/procurement.js';
import { matches, type ProcurementClient } from './client.js';

/** Procurement loaders for one request (the shape `GatewayContext.loaders.procurement` expects). */
export interface ProcurementLoaderSet {
  readonly processByOcid: DataLoader<string, Fetched<ContractingProcess>>;
  readonly list: (filter: ContractingProcessFilter) => Promise<Fetched<readonly ContractingProcess[]>>;
}

/**
 * A new set per request: DataLoader dedups keys within the request and batches them into one tick;
 * the upstream has no batch endpoint, so a batch becomes parallel record requests, bounded by the
 * source's bulkhead. Each key gets its own result or its own Error.
 */
export function createProcurementLoaders(client: ProcurementClient): ProcurementLoaderSet {
  let listing: Promise<Fetched<readonly ContractingProcess[]>> | undefined;
  return {
    processByOcid: new DataLoader<string, Fetched<ContractingProcess>>((ocids) =>
      Promise.all(
        ocids.map((ocid) => client.process(ocid).catch((e: unknown) => notFoundAsMessage(e, ocid))),
      ),
    ),
    list: async (filter) => {
      listing ??= client.processes();
      const all = await listing;
      return { value: all.value.filter((p) => matches(p, filter)), freshness: all.freshness };
    },
  };
}

function notFoundAsMessage(thrown: unknown, ocid: string): Error {
  if (thrown instanceof GatewayError && thrown.code === ErrorCode.NOT_FOUND) {
    return new GatewayError(
      ErrorCode.NOT_FOUND,
      `No contracting process has ocid "${ocid}".`,
      thrown.details,
    );
  }
  return thrown instanceof Error ? thrown : new Error(String(thrown));
}
