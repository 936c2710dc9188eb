import type { SourceName } from '../domain/freshness.js';
import type { CacheEntry } from './cache.js';
import type { UpstreamError } from './errors.js';

/**
 * What replicas share about the upstreams, when they share anything (`REDIS_URL`; src/redis/ implements
 * it): a second-level cache of validated payloads, one load of a resource at a time across replicas, and
 * each upstream's politeness budget and `Retry-After` cool-down, so that N replicas are as polite as one.
 * Every method is a help, never a dependency: when the shared store is down or slow it answers as if
 * nothing were shared (a miss, no wait, no cool-down) and this process goes on with its own limits.
 */
export interface SharedUpstream {
  /** The entry another replica stored for `key` while it is within its lifetime. */
  get(key: string): Promise<CacheEntry | undefined>;
  /** Offers `entry` to the other replicas for `lifetimeMs`. */
  set(key: string, entry: CacheEntry, lifetimeMs: number): Promise<void>;
  /**
   * Runs `load` unless another replica is loading `key`; then waits for that load instead and gives its
   * entry (or its failure), for as long as `until()` (on `monotonicNow`) and `signal` allow, after which
   * it loads for itself. A failure of `load` is offered to the replicas waiting for it.
   */
  once(key: string, load: () => Promise<CacheEntry>, wait: SharedWait): Promise<SharedLoad>;
  /**
   * Waits for the source's shared turn: fewer than `concurrency` attempts in flight across replicas and
   * `intervalMs` since the last one started. Gives the release of the turn, or the milliseconds of a
   * cool-down another replica started (the call must then not go out).
   */
  turn(source: SourceName, budget: SharedBudget, signal: AbortSignal | undefined): Promise<SharedTurn>;
  /** Tells the other replicas that `source` asked not to be called for `ms`. */
  coolDown(source: SourceName, ms: number): Promise<void>;
}

/** How long one waits for another replica's load. */
export interface SharedWait {
  readonly signal: AbortSignal | undefined;
  /** When the caller's answer is due, on `monotonicNow` (`Infinity`: no budget). */
  readonly until: () => number;
  /** How long a load may hold the lock (a replica that dies mid-load frees it after this). */
  readonly leaseMs: number;
}

/** Whose load an entry came from: this process's own, or another replica's through the shared cache. */
export type SharedLoad =
  { readonly entry: CacheEntry; readonly shared: boolean } | { readonly failure: UpstreamError };

/** One source's politeness budget as all replicas share it. */
export interface SharedBudget {
  readonly concurrency: number;
  /** Milliseconds between attempt starts (0: no spacing). */
  readonly intervalMs: number;
  /** How long a turn is held at most (a replica that dies mid-attempt frees it after this). */
  readonly leaseMs: number;
}

/** A shared turn: taken (release it when the attempt ends), or refused by a cool-down. */
export type SharedTurn = { readonly release: () => void } | { readonly coolingMs: number };
