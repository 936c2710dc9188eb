/**
 * The memory workload's measured process (started by bench/memory.ts with `node --expose-gc --import tsx`,
 * so the resident set it reports is its own). Builds the gateway's upstream stack for procurement exactly
 * as `Gateway` does (`loadConfig` → `HttpClient`, `UpstreamCache` from `CACHE_MAX_ENTRIES` /
 * `CACHE_MAX_BYTES`, `UpstreamSource`), points it at the replay server the parent runs, and sends
 * `MEMORY_KEYS` `fetch` calls for distinct URLs of the OCDS release listing through the real HTTP path,
 * `MEMORY_CONCURRENCY` in flight. Every miss is decoded and cached as the procurement client caches a
 * listing page, its size counted as the gateway counts it (`DECODED_SIZE_FACTOR` × the body length) or `MEMORY_SIZE_FACTOR` × the body length
 * (default 1). Samples RSS, heap and the cache's stats every `MEMORY_SAMPLE_EVERY` keys and prints one
 * JSON object (`ChildReport`) on stdout; progress goes to stderr.
 *
 * Keys: key `k` is `releases?limit=L&until=T` with `L = 1 + k mod 20` and `T` moving forward by a fixed
 * whole number of seconds per key across the dated part of the embedded data (2023-03 to 2026-07), so
 * every URL is distinct by construction and every answer is a real page of 1 to 20 releases.
 */
import { loadConfig } from '../src/config.js';
import { readFeedPage, type FeedPage } from '../src/sources/procurement/index.js';
import {
  DECODED_SIZE_FACTOR,
  HttpClient,
  UpstreamCache,
  UpstreamSource,
  type FetchSpec,
} from '../src/upstream/index.js';

/** One sample of the loop. */
export interface MemorySample {
  readonly keys: number;
  readonly rss: number;
  readonly heapUsed: number;
  readonly external: number;
  readonly entries: number;
  readonly bytes: number;
}

/** What the child prints on stdout. */
export interface ChildReport {
  readonly keys: number;
  readonly capBytes: number;
  readonly maxEntries: number;
  /** Entries counted as `sizeFactor` × their body length (`DECODED_SIZE_FACTOR`: as the gateway counts them). */
  readonly sizeFactor: number;
  readonly concurrency: number;
  /** RSS after the warm-up, the cache cleared and a full GC, before the loop. */
  readonly baselineRss: number;
  readonly baselineHeapUsed: number;
  /** Highest RSS seen by the samples and a 50 ms timer during the loop. */
  readonly peakRssSampled: number;
  /** The kernel's high-water mark of the process's RSS (`getrusage` maxrss), start-up included. */
  readonly maxRss: number;
  /** RSS when the last key was answered, before any forced GC. */
  readonly finalRss: number;
  /** RSS and heap after a full GC at the end, the cache still full. */
  readonly finalRssAfterGc: number;
  readonly finalHeapUsedAfterGc: number;
  readonly cacheEntries: number;
  readonly cacheBytes: number;
  /** Sum of the upstream body lengths of the misses. */
  readonly bodyBytes: number;
  readonly misses: number;
  readonly errors: number;
  readonly firstError: string | null;
  readonly seconds: number;
  readonly samples: readonly MemorySample[];
}

/** What the cache holds for one listing page. */
type Page = FeedPage;

const FIRST_UNTIL_MS = Date.parse('2023-03-01T04:00:00Z');
const LAST_UNTIL_MS = Date.parse('2026-07-14T00:00:00Z');
const MAX_LIMIT = 20;
const WARM_UP_KEYS = 500;

function numberEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a positive integer.`);
  return value;
}

const keys = numberEnv('MEMORY_KEYS', 100_000);
const concurrency = numberEnv('MEMORY_CONCURRENCY', 32);
const sampleEvery = numberEnv('MEMORY_SAMPLE_EVERY', 1000);
const procurementUrl = process.env['MEMORY_PROCUREMENT_URL'];
if (procurementUrl === undefined) throw new Error('MEMORY_PROCUREMENT_URL must be set.');
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('Run with --expose-gc.');

const config = loadConfig({
  LOG_LEVEL: 'silent',
  PROCUREMENT_URL: procurementUrl,
  CACHE_MAX_BYTES: process.env['CACHE_MAX_BYTES'],
  CACHE_MAX_ENTRIES: process.env['CACHE_MAX_ENTRIES'],
});
const http = new HttpClient(config.http);
const cache = new UpstreamCache(config.cache);
const procurement = config.sources.procurement;
const source = new UpstreamSource({
  name: 'PROCUREMENT',
  baseUrl: new URL(procurement.url ?? procurementUrl),
  policy: procurement,
  http,
  cache,
  httpPolicy: config.http,
});
const origin = source.baseUrl.origin;
/**
 * Entries are sized as the gateway sizes them (the upstream body length) times this factor: 1 (the
 * default) measures the gateway as it is; a larger value shows what a size closer to the decoded value's
 * heap footprint would do.
 */
const sizeFactor = Number(process.env['MEMORY_SIZE_FACTOR'] || DECODED_SIZE_FACTOR);
if (!(sizeFactor >= 1)) throw new Error('MEMORY_SIZE_FACTOR must be a number ≥ 1.');

const stepMs = Math.floor((LAST_UNTIL_MS - FIRST_UNTIL_MS) / keys / 1000) * 1000;
if (stepMs < 1000) throw new Error(`MEMORY_KEYS is too large for distinct whole-second keys: ${keys}.`);

let bodyBytes = 0;
let misses = 0;

function spec(k: number, warmUp: boolean): FetchSpec<Page> {
  const until = new Date(FIRST_UNTIL_MS + k * stepMs).toISOString().replace('.000Z', 'Z');
  return {
    url: source.url('releases', {
      limit: 1 + (k % MAX_LIMIT),
      until,
      // The warm-up's URLs differ from every measured key's.
      since: warmUp ? '2009-01-01' : undefined,
    }),
    decode: decodePage,
    sourceUpdatedAt: (page) => (page.newestMs === null ? null : new Date(page.newestMs).toISOString()),
    // As the gateway sizes entries (unless told otherwise); bodies and misses are counted on the way.
    sizeOf: (_value, bytes) => {
      bodyBytes += bytes;
      misses += 1;
      return Math.ceil(bytes * sizeFactor);
    },
  };
}

/** As the procurement client decodes a listing page. */
function decodePage(json: unknown): Page {
  return readFeedPage(json, origin);
}

let errors = 0;
let firstError: string | null = null;

/** Fetches keys `0..count-1` with `concurrency` in flight; `each` runs after every answered key. */
async function drive(count: number, warmUp: boolean, each: (done: number) => void): Promise<void> {
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const k = next;
      next += 1;
      try {
        const fetched = await source.fetch(spec(k, warmUp));
        if (fetched.value.releases.length === 0) throw new Error(`an empty page for key ${k}`);
      } catch (thrown: unknown) {
        errors += 1;
        firstError ??= thrown instanceof Error ? thrown.message : String(thrown);
      }
      done += 1;
      each(done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

// Warm-up: pools, JIT and zod's compiled schemas, then an empty cache and a full GC before the baseline.
await drive(Math.min(WARM_UP_KEYS, keys), true, () => undefined);
if (errors > 0) throw new Error(`warm-up failed: ${firstError}`);
cache.clear();
bodyBytes = 0;
misses = 0;
gc();
gc();
const baseline = process.memoryUsage();

let peakRssSampled = baseline.rss;
const timer = setInterval(() => {
  peakRssSampled = Math.max(peakRssSampled, process.memoryUsage.rss());
}, 50);
const samples: MemorySample[] = [];
const started = performance.now();
await drive(keys, false, (done) => {
  if (done % sampleEvery !== 0 && done !== keys) return;
  const m = process.memoryUsage();
  peakRssSampled = Math.max(peakRssSampled, m.rss);
  const { entries, bytes } = cache.stats;
  samples.push({ keys: done, rss: m.rss, heapUsed: m.heapUsed, external: m.external, entries, bytes });
  if (done % (sampleEvery * 10) === 0)
    process.stderr.write(
      `  ${done} keys, rss ${(m.rss / 1e6).toFixed(0)} MB, cache ${entries} entries / ${(bytes / 1e6).toFixed(1)} MB\n`,
    );
});
const seconds = (performance.now() - started) / 1000;
clearInterval(timer);
const finalRss = process.memoryUsage.rss();
peakRssSampled = Math.max(peakRssSampled, finalRss);
const { entries: cacheEntries, bytes: cacheBytes } = cache.stats;
gc();
gc();
const after = process.memoryUsage();
await http.close();

const report: ChildReport = {
  keys,
  capBytes: config.cache.maxBytes,
  maxEntries: config.cache.maxEntries,
  sizeFactor,
  concurrency,
  baselineRss: baseline.rss,
  baselineHeapUsed: baseline.heapUsed,
  peakRssSampled,
  // Linux reports kilobytes.
  maxRss: process.resourceUsage().maxRSS * 1024,
  finalRss,
  finalRssAfterGc: after.rss,
  finalHeapUsedAfterGc: after.heapUsed,
  cacheEntries,
  cacheBytes,
  bodyBytes,
  misses,
  errors,
  firstError,
  seconds,
  samples,
};
process.stdout.write(`${JSON.stringify(report)}\n`);
