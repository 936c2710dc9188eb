/**
 * What replicas share through Redis (`REDIS_URL`; off by default): one connection (`SharedRedis`) that
 * fails soft, and the upstream layer's shared part on it (`RedisUpstream`: second-level cache,
 * single-flight across replicas, politeness budgets and cool-downs). The whole-response cache and the
 * per-client limits use `SharedRedis` directly. See docs/operations.md "Shared Redis".
 */
export { REDIS_OFF, SharedRedis, type SharedState } from './client.js';
export { MAX_SHARED_ENTRY_BYTES, RedisUpstream } from './upstream.js';
