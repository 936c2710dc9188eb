/**
 * The memory workload: does `CACHE_MAX_BYTES` bound the gateway's memory while many distinct keys pass
 * through the upstream cache? Target: with the cap set, the RSS grows by at most the cap + 150 MB while
 * 100,000 distinct keys pass through. Each measured run is a child process (bench/memory-child.ts) so
 * that its RSS is its own; the replay server it calls runs here, in the parent, so the upstream's own
 * allocations are not counted. A second run with no effective cap (and fewer keys) shows what the cap
 * holds back.
 *
 * Settings: BENCH_MEMORY_KEYS (default 100000), BENCH_MEMORY_CAP_BYTES (default 64 MiB),
 * BENCH_MEMORY_MAX_ENTRIES (default 50000, the gateway's default), BENCH_MEMORY_CONCURRENCY (default 32),
 * BENCH_MEMORY_UNCAPPED_KEYS (default 20000; 0 skips the uncapped run). To measure a remedy rather than
 * the gateway as it is: BENCH_MEMORY_SIZE_FACTOR (entries counted as this many times their body length,
 * default the gateway's `DECODED_SIZE_FACTOR`) and BENCH_MEMORY_NODE_ARGS (the `node` flags of both
 * children, space-separated; default those of `npm start`, `START_NODE_FLAGS`).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { startReplayServer } from '../src/replay/index.js';
import type { ChildReport } from './memory-child.js';
import { startFlags } from './start-flags.js';

/** The `node` flags of `npm start` (package.json), read so that the bench measures what runs. */
const START_NODE_FLAGS = startFlags(fileURLToPath(new URL('..', import.meta.url))).join(' ');

/** 150 MB of allowance above the cap (decimal megabytes, like every figure of the section). */
export const ALLOWANCE_BYTES = 150e6;
/** The largest `CACHE_MAX_BYTES` the configuration accepts: no effective cap. */
const NO_CAP_BYTES = 64 * 1024 * 1024 * 1024;
const HEADING = '## Memory';

/** One child run, with what the replay server saw of it. */
export interface MemoryRun extends ChildReport {
  /** Requests the replay server received on the listing route during the run, warm-up included. */
  readonly upstreamRequests: number;
  readonly upstreamNon200: number;
}

export interface MemoryResult {
  readonly date: string;
  readonly node: string;
  readonly cores: number;
  /** The child's command line. */
  readonly command: string;
  readonly capped: MemoryRun;
  readonly uncapped: MemoryRun | null;
}

function setting(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number.`);
  return value;
}

async function runChild(
  label: string,
  nodeArgs: readonly string[],
  env: Record<string, string>,
  log: (line: string) => void,
): Promise<MemoryRun> {
  const replay = await startReplayServer({ rateLimit: false });
  try {
    const child = spawn(
      process.execPath,
      [...nodeArgs, fileURLToPath(new URL('./memory-child.ts', import.meta.url))],
      {
        cwd: fileURLToPath(new URL('..', import.meta.url)),
        env: { ...process.env, ...env, MEMORY_PROCUREMENT_URL: `${replay.url}/ocds` },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      for (const line of chunk.split('\n')) if (line.startsWith('  ')) log(`memory, ${label}:${line}`);
    });
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', resolve);
    });
    const last = stdout.trim().split('\n').at(-1) ?? '';
    if (code !== 0 || last === '') throw new Error(`memory child (${label}) exited with ${code}: ${stderr}`);
    const report = JSON.parse(last) as ChildReport;
    const listed = replay.requests.filter((r) => r.path.startsWith('/ocds/releases'));
    return {
      ...report,
      upstreamRequests: listed.length,
      upstreamNon200: listed.filter((r) => r.status !== 200).length,
    };
  } finally {
    await replay.close();
  }
}

/** Runs the capped workload and, unless disabled, the uncapped one. */
export async function runMemory(log: (line: string) => void): Promise<MemoryResult> {
  const keys = setting('BENCH_MEMORY_KEYS', 100_000);
  const capBytes = setting('BENCH_MEMORY_CAP_BYTES', 64 * 1024 * 1024);
  const maxEntries = setting('BENCH_MEMORY_MAX_ENTRIES', 50_000);
  const uncappedKeys = setting('BENCH_MEMORY_UNCAPPED_KEYS', 20_000);
  // By default the children run with the flags `npm start` gives the gateway (package.json).
  const extra = (process.env['BENCH_MEMORY_NODE_ARGS'] ?? START_NODE_FLAGS)
    .split(' ')
    .filter((a) => a !== '');
  const nodeArgs = ['--expose-gc', ...extra, '--import', 'tsx'];
  const common = {
    MEMORY_CONCURRENCY: String(setting('BENCH_MEMORY_CONCURRENCY', 32)),
    MEMORY_SAMPLE_EVERY: '1000',
    MEMORY_SIZE_FACTOR: process.env['BENCH_MEMORY_SIZE_FACTOR'] ?? '',
  };
  log(`memory: ${keys} distinct keys, cap ${capBytes} bytes ...`);
  const capped = await runChild(
    'capped',
    nodeArgs,
    {
      ...common,
      MEMORY_KEYS: String(keys),
      CACHE_MAX_BYTES: String(capBytes),
      CACHE_MAX_ENTRIES: String(maxEntries),
    },
    log,
  );
  let uncapped: MemoryRun | null = null;
  if (uncappedKeys > 0) {
    log(`memory: ${uncappedKeys} distinct keys, no cap ...`);
    uncapped = await runChild(
      'no cap',
      nodeArgs,
      {
        ...common,
        MEMORY_KEYS: String(uncappedKeys),
        CACHE_MAX_BYTES: String(NO_CAP_BYTES),
        // lru-cache allocates its index arrays for `max` entries up front (about 28 bytes each), so the
        // entry bound is only raised as far as this run needs, not to the largest accepted value.
        CACHE_MAX_ENTRIES: String(Math.max(maxEntries, uncappedKeys)),
      },
      log,
    );
  }
  return {
    date: new Date().toISOString(),
    node: process.version,
    cores: cpus().length,
    command: `node ${nodeArgs.join(' ')} bench/memory-child.ts`,
    capped,
    uncapped,
  };
}

const mb = (bytes: number, digits = 1): string => (bytes / 1e6).toFixed(digits);
const int = (x: number): string => Math.round(x).toLocaleString('en-US');
/** The higher of the sampled peak and the kernel's high-water mark: the figure the target is judged on. */
const peakOf = (r: MemoryRun): number => Math.max(r.peakRssSampled, r.maxRss);
const growthOf = (r: MemoryRun): number => peakOf(r) - r.baselineRss;
const retainedOf = (r: MemoryRun): number => r.finalHeapUsedAfterGc - r.baselineHeapUsed;

function samplesTable(r: MemoryRun, every: number): string[] {
  const shown = r.samples.filter((s, i) => s.keys % every === 0 || i === r.samples.length - 1);
  return [
    '| keys | RSS MB | heap used MB | cache entries | cache MB (counted) |',
    '| ---: | ---: | ---: | ---: | ---: |',
    ...shown.map(
      (s) =>
        `| ${int(s.keys)} | ${mb(s.rss, 0)} | ${mb(s.heapUsed, 0)} | ${int(s.entries)} | ${mb(s.bytes)} |`,
    ),
  ];
}

/** The "Memory" section of bench/RESULTS.md. */
export function memorySection(m: MemoryResult): string[] {
  const c = m.capped;
  const u = m.uncapped;
  const budget = c.capBytes + ALLOWANCE_BYTES;
  const growth = growthOf(c);
  const ratio = growth / budget;
  const row = (name: string, f: (r: MemoryRun) => string): string =>
    `| ${name} | ${f(c)} |${u === null ? '' : ` ${f(u)} |`}`;
  // Heap used over the second half of the capped run, when the cache has long been full.
  const late = c.samples.slice(Math.floor(c.samples.length / 2)).map((s) => s.heapUsed);
  const lines = [
    `${HEADING}: ${int(c.keys)} distinct keys through the upstream cache, \`CACHE_MAX_BYTES\` = ${mb(c.capBytes)} MB`,
    '',
    `Measured ${m.date} (${m.cores} cores, Node ${m.node}) by \`npm run bench -- memory\` (\`bench/memory.ts\`).`,
    `Each run is its own process (\`${m.command}\`), so the RSS is that of the cache side`,
    "only: the gateway's procurement stack as `Gateway` builds it (`loadConfig` → `HttpClient`, `UpstreamCache`,",
    '`UpstreamSource`), calling a replay server (rate limit off) that runs in the parent process. Each key is a',
    '`fetch` of a distinct URL of the OCDS release listing (`releases?limit=1..20&until=…`, a real page of 1 to',
    '20 releases) over loopback HTTP, decoded and cached as the procurement client caches a listing page;',
    `${c.concurrency} keys in flight (the source's bulkhead lets 4 through at a time). The baseline is taken after a`,
    '500-key warm-up, the cache cleared and a full GC; the peak is the higher of a 50 ms RSS sampler and the',
    "kernel's high-water mark (`getrusage`). MB = 10^6 bytes.",
    '',
    `| measure | capped${u === null ? '' : ' | no cap (side by side)'} |`,
    `| --- | ---: |${u === null ? '' : ' ---: |'}`,
    row('keys (distinct URLs)', (r) => int(r.keys)),
    row('`CACHE_MAX_BYTES` / `CACHE_MAX_ENTRIES`', (r) =>
      r === c
        ? `${mb(r.capBytes)} MB / ${int(r.maxEntries)}`
        : `64 GiB (largest accepted) / ${int(r.maxEntries)}`,
    ),
    row('size counted per entry', (r) =>
      r.sizeFactor === 1 ? 'body length (as the gateway counts)' : `${r.sizeFactor} × body length`,
    ),
    row(
      'upstream requests on the listing (warm-up included) / not 200',
      (r) => `${int(r.upstreamRequests)} / ${r.upstreamNon200}`,
    ),
    row('cache misses / errors', (r) => `${int(r.misses)} / ${r.errors}`),
    row('mean upstream body', (r) => `${(r.bodyBytes / Math.max(1, r.misses) / 1e3).toFixed(1)} kB`),
    row('throughput', (r) => `${int(r.keys / r.seconds)} keys/s (${r.seconds.toFixed(1)} s)`),
    row('baseline RSS', (r) => `${mb(r.baselineRss)} MB`),
    row('peak RSS (sampled / kernel high-water)', (r) => `${mb(r.peakRssSampled)} / ${mb(r.maxRss)} MB`),
    row('**peak growth** (peak − baseline)', (r) => `**${mb(growthOf(r))} MB**`),
    row('final RSS (before / after a full GC)', (r) => `${mb(r.finalRss)} / ${mb(r.finalRssAfterGc)} MB`),
    row(
      'cache at the end: entries / counted bytes',
      (r) => `${int(r.cacheEntries)} / ${mb(r.cacheBytes)} MB`,
    ),
    row('heap retained after a full GC (heap used − baseline)', (r) => `${mb(retainedOf(r))} MB`),
    row('retained heap per counted cache byte', (r) =>
      (retainedOf(r) / Math.max(1, r.cacheBytes)).toFixed(2),
    ),
  ];
  if (u !== null) {
    const scale = c.keys / u.keys;
    lines.push(
      `| peak growth scaled to ${int(c.keys)} keys (linear, × ${scale.toFixed(1)}) | – | ${mb(growthOf(u) * scale, 0)} MB |`,
    );
  }
  lines.push(
    '',
    `Target: peak growth ≤ cap + 150 MB = ${mb(budget)} MB. Measured ${mb(growth)} MB: **ratio ${ratio.toFixed(3)}**` +
      ` (${ratio <= 1 ? 'met' : 'missed'}). Cache bytes at the end ${mb(c.cacheBytes)} MB ≤ cap ${mb(c.capBytes)} MB:` +
      ` ${c.cacheBytes <= c.capBytes ? 'yes' : 'no'}.`,
    '',
    `Reading: the counted bytes stay at or under the cap; after a full GC the heap holds ${mb(retainedOf(c))} MB more than at`,
    `the baseline (${(retainedOf(c) / Math.max(1, c.cacheBytes)).toFixed(2)} × the counted bytes${retainedOf(c) > 1.05 * c.cacheBytes ? ': a decoded page takes more heap than its UTF-8 body' : ''}). Between major GCs the`,
    'evicted pages and the garbage of decoding stay on the heap: over the second half of the capped run, heap',
    `used swings between ${mb(Math.min(...late), 0)} and ${mb(Math.max(...late), 0)} MB${ratio > 1 ? ", so the peak is set by V8's heap growth over the live data rather than by the cap" : ''}.`,
    '',
    'Capped run, every 10,000 keys:',
    '',
    ...samplesTable(c, 10_000),
  );
  if (u !== null) lines.push('', 'No cap, every 2,000 keys:', '', ...samplesTable(u, 2_000));
  lines.push('');
  return lines;
}

/** The Memory section of an existing RESULTS.md, to carry over when this run does not measure it. */
export function previousMemorySection(results: URL): string[] | null {
  if (!existsSync(results)) return null;
  const lines = readFileSync(results, 'utf8').split('\n');
  const start = lines.findIndex((l) => l.startsWith(HEADING));
  if (start < 0) return null;
  const rest = lines.slice(start + 1).findIndex((l) => l.startsWith('## '));
  return lines.slice(start, rest < 0 ? lines.length : start + 1 + rest);
}

/** Replaces (or adds, before "Notes") the Memory section of a RESULTS.md text. */
export function withMemorySection(markdown: string, section: readonly string[]): string {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => l.startsWith(HEADING));
  if (start >= 0) {
    const rest = lines.slice(start + 1).findIndex((l) => l.startsWith('## '));
    const end = rest < 0 ? lines.length : start + 1 + rest;
    return [...lines.slice(0, start), ...section, ...lines.slice(end)].join('\n');
  }
  const notes = lines.findIndex((l) => l === '## Notes');
  const at = notes < 0 ? lines.length : notes;
  return [...lines.slice(0, at), ...section, ...lines.slice(at)].join('\n');
}

/** `npm run bench -- memory`: the memory workload alone; its section of `results` is replaced in place. */
export async function updateMemorySection(results: URL, log: (line: string) => void): Promise<string[]> {
  const section = memorySection(await runMemory(log));
  const markdown = existsSync(results) ? readFileSync(results, 'utf8') : '# Benchmark results\n';
  writeFileSync(results, withMemorySection(markdown, section));
  return section;
}
