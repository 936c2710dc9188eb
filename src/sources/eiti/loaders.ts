import DataLoader from 'dataloader';
import type { Fetched } from '../../domain/freshness.js';
import type { EitiOrganisation, EitiPayment, EitiReport, MineralLicence } from '../../domain/organization.js';
import { asError } from '../../upstream/index.js';

/** EITI loaders for one request (the shape `GatewayContext.loaders.eiti` expects). */
export interface EitiLoaderSet {
  readonly organisations: DataLoader<string, Fetched<readonly EitiOrganisation[]>>;
  readonly payments: DataLoader<string, Fetched<readonly EitiPayment[]>>;
  readonly reports: DataLoader<string, Fetched<readonly EitiReport[]>>;
  readonly licences: DataLoader<string, Fetched<readonly MineralLicence[]>>;
}

/** A batch read: each key its own value or its own error, in the order of the keys. */
export type BatchRead<V> = (keys: readonly string[]) => Promise<(Fetched<V> | Error)[]>;

/**
 * The EITI data as the store serves it (the data plane's reads: harvested records, and live reads for
 * what the store cannot answer). Declared here so the EITI loaders need not know the store.
 */
export interface StoredEiti {
  /** Organisation-years by register number. */
  readonly organisations: BatchRead<readonly EitiOrganisation[]>;
  /** Payments by EITI organisation id (one company-year). */
  readonly payments: BatchRead<readonly EitiPayment[]>;
  /** Filed e-reports by register number. */
  readonly reports: BatchRead<readonly EitiReport[]>;
  /** Licences by holder register number. */
  readonly licences: BatchRead<readonly MineralLicence[]>;
}

/**
 * A new set per request: DataLoader dedups keys within the request and batches them into one tick; a
 * batch is one read of the store (whose indexes are built once per harvest revision), with live reads
 * only for the keys the store cannot answer.
 */
export function createEitiLoaders(stored: StoredEiti): EitiLoaderSet {
  return {
    organisations: batched(stored.organisations),
    payments: batched(stored.payments),
    reports: batched(stored.reports),
    licences: batched(stored.licences),
  };
}

function batched<V>(read: BatchRead<V>): DataLoader<string, Fetched<V>> {
  return new DataLoader<string, Fetched<V>>((keys) =>
    read(keys).catch((thrown: unknown) => keys.map(() => asError(thrown))),
  );
}
