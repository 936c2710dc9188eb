import type { Fetched } from '../../domain/freshness.js';
import type { OwnershipRelationship, RegistryEntity } from '../../domain/organization.js';
import type { SourcePolicy } from '../../policy.js';
import { isoDate, text, type Snapshot, type UpstreamSource } from '../../upstream/index.js';
import { readEntityPage } from './lesinfo.js';
import { readOwnership, type OwnershipIndex } from './ownership.js';
import { readRegister, type RegistryIndexView } from './register.js';
import { parseRegisterNumber } from './register-number.js';

/** Deadline of one per-entity page request, body included: pages are a few kilobytes. */
export const PAGE_DEADLINE_MS = 10_000;

/** Bytes of one per-entity page at most. */
export const PAGE_MAX_BYTES = 512 * 1024;

const PAGE_HEADERS = Object.freeze({ accept: 'text/html' });

/** The registry's own settings: its bulk files, relative to `REGISTRY_URL`, and their limits. */
export interface RegistryExtras {
  /** Path of the bulk dump. */
  readonly dumpPath: string;
  /** Path of the BODS 0.4 ownership statements (JSON Lines). */
  readonly ownershipPath: string;
  readonly dumpDeadlineMs: number;
  readonly dumpMaxBytes: number;
}

/**
 * The legal-entity registry: the daily bulk dump as an in-memory index (by register number, plus name
 * search), the per-entity page for revalidating one record, and BODS 0.4 ownership. Paths relative to
 * `REGISTRY_URL` come from the policy (`dumpPath`, `ownershipPath`) and `lesinfo/{registerNumber}`.
 * The dump and the ownership file are snapshots of the upstream layer, the page an ordinary cached fetch.
 * Where the gateway harvests the register into its store, the graph's index is built from the store
 * instead (src/sync/registry.ts) and `index()` here is the live path, used only while nothing is harvested.
 */
export class RegistrySource {
  /** The bulk dump: where it is and the limits of one download (what a harvest of it uses too). */
  readonly dump: { readonly url: URL; readonly deadlineMs: number; readonly maxBytes: number };
  readonly #index: Snapshot<RegistryIndexView>;
  readonly #ownership: Snapshot<OwnershipIndex>;

  constructor(
    private readonly upstream: UpstreamSource,
    private readonly policy: SourcePolicy & RegistryExtras,
  ) {
    this.dump = {
      url: upstream.url(policy.dumpPath),
      deadlineMs: policy.dumpDeadlineMs,
      maxBytes: policy.dumpMaxBytes,
    };
    this.#index = upstream.snapshot({ ...this.dump, parse: readRegister, datesDataset: true });
    this.#ownership = upstream.snapshot({
      url: upstream.url(policy.ownershipPath),
      deadlineMs: policy.dumpDeadlineMs,
      maxBytes: policy.dumpMaxBytes,
      parse: readOwnership,
    });
  }

  /**
   * The index from the last good dump, loaded on first use (single-flight) and refreshed in the
   * background when older than maxAge; a failed refresh keeps the old index (served as stale, cache
   * FALLBACK).
   */
  index(): Promise<Fetched<RegistryIndexView>> {
    return this.#index.get();
  }

  /** Starts the first load without waiting (called at gateway start). */
  warm(): void {
    this.#index.warm();
  }

  /**
   * One entity revalidated through the per-entity page (rate-limited by the source policy); null when
   * the page says 404. Every call asks the upstream, conditionally once a page is held (a `304` is
   * REVALIDATED); concurrent calls for one number share one request, and a page seen before is served as
   * FALLBACK when the upstream then fails within the stale-if-error window.
   */
  async entity(registerNumber: string): Promise<Fetched<RegistryEntity | null>> {
    const n = parseRegisterNumber(registerNumber);
    return this.upstream.fetch<RegistryEntity | null, string>({
      url: this.upstream.url(`lesinfo/${encodeURIComponent(n)}`),
      headers: PAGE_HEADERS,
      parse: text,
      decode: (html) => readEntityPage(html, n),
      sourceUpdatedAt: (_, headers) => isoDate(headers['last-modified']),
      notFound: () => null,
      alwaysRevalidate: true,
      deadlineMs: Math.min(PAGE_DEADLINE_MS, this.policy.dumpDeadlineMs),
      maxBytes: PAGE_MAX_BYTES,
    });
  }

  /** BODS relationships whose subject is this entity. */
  async ownersOf(registerNumber: string): Promise<Fetched<readonly OwnershipRelationship[]>> {
    const { value, freshness } = await this.#ownership.get();
    return { value: value.ownersOf(registerNumber), freshness };
  }

  /** BODS relationships whose interested party is this entity. */
  async ownedBy(registerNumber: string): Promise<Fetched<readonly OwnershipRelationship[]>> {
    const { value, freshness } = await this.#ownership.get();
    return { value: value.ownedBy(registerNumber), freshness };
  }
}
