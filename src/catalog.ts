import type { SourceDescriptor } from './descriptor.js';
import type { SourceName } from './domain/freshness.js';
import { eitiMongoliaSource, eitiSource } from './sources/eiti/index.js';
import { investmentSource } from './sources/investment/index.js';
import { procurementSource } from './sources/procurement/index.js';
import { registrySource } from './sources/registry/index.js';
import { tenderMnSource } from './sources/tender-mn/index.js';

/**
 * The source catalog: the list of every source's descriptor. Each descriptor lives in its source's folder
 * (`src/sources/<name>/descriptor.ts`: name, key, environment prefix, embedded path, policy defaults, own
 * settings, recording, how its client is built and how readiness probes it) and is the only place that
 * spells those facts. The configuration (`config.ts`: every `<PREFIX>*` variable), the gateway (clients,
 * readiness, `Query.sources`), the embedded replay, the test harness and the check of the GraphQL
 * `SourceName` enum all read this list. Adding a source: its folder with its descriptor, one line below
 * (and its import), its name in `SourceName` and `SOURCE_LABEL` (`domain/freshness.ts`, checked at compile
 * time) and in the SDL enum (checked by tests/architecture.test.ts). See docs/architecture.md "Adding a
 * source".
 */

/** Every source, in the order `Query.sources` and the logs list them. */
export const CATALOG = [
  procurementSource,
  registrySource,
  eitiSource,
  eitiMongoliaSource,
  tenderMnSource,
  investmentSource,
] as const;

/** One catalog entry. */
export type CatalogEntry = (typeof CATALOG)[number];

/** A source's key in `config.sources` and in the gateway's upstreams. */
export type SourceKey = CatalogEntry['key'];

/** The catalog entry of the source with key `K`. */
type EntryOf<K extends SourceKey> = Extract<CatalogEntry, { key: K }>;

/** The settings of source `K` beyond its policy. */
export type SourceExtras<K extends SourceKey> =
  EntryOf<K> extends SourceDescriptor<K, infer X, unknown> ? X : never;

/** The client type of source `K`, as its descriptor builds it. */
export type ClientOf<K extends SourceKey> = ReturnType<EntryOf<K>['client']>;

/** Does not compile when a `SourceName` has no catalog entry (the architecture test checks "exactly one"). */
export const EVERY_NAME_CATALOGUED: [Exclude<SourceName, CatalogEntry['name']>] extends [never]
  ? true
  : never = true;

const BY_NAME = new Map<SourceName, CatalogEntry>(CATALOG.map((d) => [d.name, d]));

/** The catalog entry of a source. */
export function describeSource(name: SourceName): CatalogEntry {
  const d = BY_NAME.get(name);
  if (d === undefined) throw new Error(`No catalog entry for source ${name}.`);
  return d;
}

/** The catalog entry of the source with config key `key`. */
export function entryOf<K extends SourceKey>(key: K): EntryOf<K> {
  const d = CATALOG.find((e) => e.key === key);
  if (d === undefined) throw new Error(`No catalog entry for key ${key}.`);
  return d as EntryOf<K>;
}

/**
 * Source `key`'s descriptor, typed by its key alone: its client built from `SourceConfig<K>`-shaped
 * settings, its probe taking `ClientOf<K>`. (Indexing the list by a generic key gives a union of
 * descriptors the compiler cannot call; each entry is exactly this shape.)
 */
export function descriptorOf<K extends SourceKey>(key: K): SourceDescriptor<K, SourceExtras<K>, ClientOf<K>> {
  return entryOf(key) as unknown as SourceDescriptor<K, SourceExtras<K>, ClientOf<K>>;
}
