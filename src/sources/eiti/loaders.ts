import type DataLoader from 'dataloader';
import type { Fetched } from '../../domain/freshness.js';
import type { EitiOrganisation, EitiPayment, EitiReport, MineralLicence } from '../../domain/organization.js';
import { bulkLoader, eachLoader } from '../../upstream/index.js';
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
    payments: eachLoader((id) => eiti.payments(id)),
  };
}

/** A bulk read keyed by register number, as a loader: a number it does not list has nothing. */
function byRegisterNumber<T>(
  read: () => Promise<Fetched<ReadonlyMap<string, readonly T[]>>>,
): DataLoader<string, Fetched<readonly T[]>> {
  return bulkLoader(read, (all, n: string) => all.get(n) ?? []);
}
