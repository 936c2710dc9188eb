import DataLoader from 'dataloader';
import type { Fetched } from '../../domain/freshness.js';
import type { EitiOrganisation, EitiPayment, EitiReport, MineralLicence } from '../../domain/organization.js';
import type { EitiClient } from './client.js';
import type { EitiMongoliaClient } from './mongolia-client.js';

/** EITI loaders for one request (the shape `GatewayContext.loaders.eiti` expects). */
export interface EitiLoaderSet {
  readonly organisations: DataLoader<string, Fetched<readonly EitiOrganisation[]>>;
  readonly payments: DataLoader<string, Fetched<readonly EitiPayment[]>>;
  readonly reports: DataLoader<string, Fetched<readonly EitiReport[]>>;
  readonly licences: DataLoader<string, Fetched<readonly MineralLicence[]>>;
}

/**
 * A new set per request. The organisation index, the report list and the licence map are bulk,
 * cached upstream reads: a batch of register numbers costs one read of each, whatever its size.
 * Payments have no batch endpoint (`revenue?organisation={id}` is the one server-side filter), so a
 * batch of organisation ids becomes parallel calls, bounded by the source's bulkhead.
 */
export function createEitiLoaders(eiti: EitiClient, mongolia: EitiMongoliaClient): EitiLoaderSet {
  return {
    organisations: byRegisterNumber(() => eiti.organisationsByIdentification()),
    reports: byRegisterNumber(() => mongolia.reportsByRegisterNumber()),
    licences: byRegisterNumber(() => mongolia.licencesByRegisterNumber()),
    payments: new DataLoader((ids: readonly string[]) =>
      Promise.all(ids.map((id) => eiti.payments(id).catch(asError))),
    ),
  };
}

function byRegisterNumber<T>(
  read: () => Promise<Fetched<ReadonlyMap<string, readonly T[]>>>,
): DataLoader<string, Fetched<readonly T[]>> {
  return new DataLoader(async (numbers: readonly string[]) => {
    const all = await read().catch(asError);
    if (all instanceof Error) return numbers.map(() => all);
    return numbers.map((n) => ({ value: all.value.get(n) ?? [], freshness: all.freshness }));
  });
}

function asError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(String(thrown));
}
