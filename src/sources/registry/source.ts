import { LRUCache } from 'lru-cache';
import type { Config } from '../../config.js';
import { ErrorCode } from '../../domain/errors.js';
import type { Fetched, Freshness } from '../../domain/freshness.js';
import type { OwnershipRelationship, RegistryEntity } from '../../domain/organization.js';
import {
  UpstreamError,
  abortedError,
  outsideRequest,
  staleReasonOf,
  untilAborted,
  type UpstreamSource,
} from '../../upstream/index.js';
import { readEntityPageBody } from './lesinfo.js';
import { readOwnership, type OwnershipIndex } from './ownership.js';
import { readRegister, type RegistryIndexView } from './register.js';
import { parseRegisterNumber } from './register-number.js';
import { Snapshot } from './snapshot.js';

/** Deadline of one per-entity page request, body included: pages are a few kilobytes. */
export const PAGE_DEADLINE_MS = 10_000;

/** Bytes of one per-entity page at most. */
export const PAGE_MAX_BYTES = 512 * 1024;

/** Per-entity pages whose validators are remembered for conditional revalidation. */
export const PAGE_VALIDATORS_MAX = 4096;

interface HeldPage {
  readonly value: RegistryEntity;
  readonly etag: string | null;
  readonly lastModified: string | null;
  readonly fetchedAt: number;
}

/**
 * The legal-entity registry: the daily bulk dump as an in-memory index (by register number, plus name
 * search), the per-entity page for revalidating one record, and BODS 0.4 ownership. Paths relative to
 * `REGISTRY_URL` come from the policy (`dumpPath`, `ownershipPath`) and `lesinfo/{registerNumber}`.
 */
export class RegistrySource {
  readonly #index: Snapshot<RegistryIndexView>;
  readonly #ownership: Snapshot<OwnershipIndex>;
  readonly #pages = new LRUCache<string, HeldPage>({ max: PAGE_VALIDATORS_MAX });
  readonly #inflight = new Map<string, Promise<Fetched<RegistryEntity | null>>>();

  constructor(
    private readonly upstream: UpstreamSource,
    private readonly policy: Config['sources']['registry'],
  ) {
    const dumpUrl = upstream.url(policy.dumpPath);
    this.#index = new Snapshot({
      upstream,
      url: dumpUrl,
      maxAgeSeconds: policy.maxAgeSeconds,
      staleIfErrorSeconds: policy.staleIfErrorSeconds,
      download: (previous) =>
        upstream.download({
          url: dumpUrl,
          deadlineMs: policy.dumpDeadlineMs,
          maxBytes: policy.dumpMaxBytes,
          parse: readRegister,
          previous,
        }),
      onLoaded: (date) => upstream.noteDatasetDate(date),
    });
    const ownershipUrl = upstream.url(policy.ownershipPath);
    this.#ownership = new Snapshot({
      upstream,
      url: ownershipUrl,
      maxAgeSeconds: policy.maxAgeSeconds,
      staleIfErrorSeconds: policy.staleIfErrorSeconds,
      download: (previous) =>
        upstream.download({
          url: ownershipUrl,
          deadlineMs: policy.dumpDeadlineMs,
          maxBytes: policy.dumpMaxBytes,
          parse: readOwnership,
          previous,
        }),
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
   * the page says 404. Concurrent calls for one number share one request; a page seen before is asked
   * for conditionally, and served as FALLBACK when the upstream then fails within the stale-if-error
   * window.
   */
  async entity(registerNumber: string): Promise<Fetched<RegistryEntity | null>> {
    const n = parseRegisterNumber(registerNumber);
    let call = this.#inflight.get(n);
    if (call === undefined) {
      // Shared by every request asking for this number: no single request's budget or departure stops it.
      call = outsideRequest(() => this.#page(n)).finally(() => this.#inflight.delete(n));
      this.#inflight.set(n, call);
    }
    return await untilAborted(call, (reason) => abortedError(this.upstream.name, reason));
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

  async #page(n: string): Promise<Fetched<RegistryEntity | null>> {
    const url = this.upstream.url(`lesinfo/${encodeURIComponent(n)}`);
    const held = this.#pages.get(n);
    try {
      // `download` rather than `fetch`: the page is HTML, and `fetch` decodes JSON only.
      const d = await this.upstream.download({
        url,
        deadlineMs: Math.min(PAGE_DEADLINE_MS, this.policy.dumpDeadlineMs),
        maxBytes: PAGE_MAX_BYTES,
        parse: (body) => readEntityPageBody(body, n),
        previous: held === undefined ? null : { etag: held.etag, lastModified: held.lastModified },
      });
      const value = d.value ?? held?.value;
      if (value === undefined) throw new Error('unreachable: a 304 without a held page');
      this.#pages.set(n, { value, etag: d.etag, lastModified: d.lastModified, fetchedAt: d.fetchedAt });
      return {
        value,
        freshness: this.#freshness(
          url,
          d.fetchedAt,
          d.lastModified,
          d.value === null ? 'REVALIDATED' : 'MISS',
        ),
      };
    } catch (thrown: unknown) {
      if (thrown instanceof UpstreamError && thrown.code === ErrorCode.NOT_FOUND) {
        this.#pages.delete(n);
        return { value: null, freshness: this.#freshness(url, Date.now(), null, 'MISS') };
      }
      const window = (this.policy.maxAgeSeconds + this.policy.staleIfErrorSeconds) * 1000;
      if (held !== undefined && Date.now() - held.fetchedAt <= window) {
        return {
          value: held.value,
          freshness: {
            ...this.#freshness(url, held.fetchedAt, held.lastModified, 'FALLBACK'),
            staleReason: staleReasonOf(thrown),
          },
        };
      }
      throw thrown;
    }
  }

  #freshness(url: URL, fetchedAt: number, lastModified: string | null, cache: Freshness['cache']): Freshness {
    const at = lastModified === null ? NaN : Date.parse(lastModified);
    return {
      source: this.upstream.name,
      url: url.href,
      fetchedAt,
      sourceUpdatedAt: Number.isNaN(at) ? null : new Date(at).toISOString(),
      maxAgeSeconds: this.policy.maxAgeSeconds,
      staleReason: null,
      cache,
      cacheable: true,
      recording: this.upstream.recording,
    };
  }
}
