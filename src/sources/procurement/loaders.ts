import DataLoader from 'dataloader';
import { ErrorCode, GatewayError } from '../../domain/errors.js';
import type { Fetched } from '../../domain/freshness.js';
import type {
  ContractingProcess,
  ContractingProcessFilter,
  PartyProcesses,
} from '../../domain/procurement.js';
import { matches, partyProcesses, type ProcurementClient } from './client.js';

/** Procurement loaders for one request (the shape `GatewayContext.loaders.procurement` expects). */
export interface ProcurementLoaderSet {
  readonly processByOcid: DataLoader<string, Fetched<ContractingProcess>>;
  readonly list: (filter: ContractingProcessFilter) => Promise<Fetched<readonly ContractingProcess[]>>;
  readonly byRegisterNumber: DataLoader<string, Fetched<PartyProcesses>>;
}

/**
 * A new set per request: DataLoader dedups keys within the request and batches them into one tick;
 * the upstream has no batch endpoint, so a batch becomes parallel record requests, bounded by the
 * source's bulkhead. Each key gets its own result or its own Error.
 */
export function createProcurementLoaders(client: ProcurementClient): ProcurementLoaderSet {
  let listing: Promise<Fetched<readonly ContractingProcess[]>> | undefined;
  const all = () => (listing ??= client.processes());
  return {
    processByOcid: new DataLoader<string, Fetched<ContractingProcess>>((ocids) =>
      Promise.all(
        ocids.map((ocid) => client.process(ocid).catch((e: unknown) => notFoundAsMessage(e, ocid))),
      ),
    ),
    list: async (filter) => {
      const listed = await all();
      return { value: listed.value.filter((p) => matches(p, filter)), freshness: listed.freshness };
    },
    // One listing per request, however many organisations ask.
    byRegisterNumber: new DataLoader<string, Fetched<PartyProcesses>>(async (numbers) => {
      const listed = await all().catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
      if (listed instanceof Error) return numbers.map(() => listed);
      return numbers.map((n) => ({ value: partyProcesses(listed.value, n), freshness: listed.freshness }));
    }),
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
