/** The "## Scale" section of bench/RESULTS.md, from what bench/scale.ts measured. */
import { existsSync, readFileSync } from 'node:fs';
import type { HarvestView, HarvestWait, LatencyRow } from './scale-measure.js';

/** One gateway over one store, from an empty store to a complete harvest, then the latency set. */
export interface RunResult {
  readonly store: 'SQLite' | 'PostgreSQL';
  readonly listenMs: number;
  /** The wait for a complete harvest; null when the gateway has no harvest (it walks the feed). */
  readonly wait: HarvestWait | null;
  /** Without a harvest: the first `contractingProcesses` answer, timed from the start of the process. */
  readonly walkAnswer: {
    readonly ms: number;
    readonly totalCount: number | null;
    readonly error: string | null;
  } | null;
  /** `completedAt − startedAt` of the first pass, as the gateway reports them. */
  readonly harvestMs: number | null;
  readonly releasesPerSecond: number | null;
  /** The list asked while the first harvest ran, and what its freshness said. */
  readonly partial: {
    readonly ms: number;
    readonly atMs: number;
    readonly totalCount: number | null;
    readonly freshness: unknown;
    readonly error: string | null;
    readonly harvestBefore: HarvestView | null;
  } | null;
  /** Requests to the scale feed from the start to the end of the harvest. */
  readonly upstreamRequests: number;
  readonly rssPeakHarvest: number;
  readonly rssAfter: number;
  readonly rssPeakAll: number;
  readonly dbBytes: number | null;
  readonly latencies: readonly LatencyRow[];
}

export interface Restart {
  readonly waitedMs: number;
  readonly state: string | null;
  readonly byPrefix: Readonly<Record<string, number>>;
  readonly scaleRequests: number;
  readonly sample: readonly string[];
}

export type OldDesign =
  | {
      readonly ms: number;
      readonly status: number;
      readonly totalCount: number | null;
      readonly error: string | null;
      readonly upstreamStartup: number;
      readonly upstreamDuring: number;
      readonly rssPeak: number;
    }
  | { readonly skipped: string };

export interface ScaleResult {
  readonly date: string;
  readonly node: string;
  readonly cores: number;
  readonly releases: number;
  readonly processes: number;
  readonly samples: number;
  /** The gateways' `PROCUREMENT_PAGE_SIZE`, when the run set one. */
  readonly pageSize: string | null;
  readonly oldCommit: string;
  readonly sqlite: RunResult;
  readonly restart: Restart;
  readonly old: OldDesign;
  /** Null when no PostgreSQL URL was given. */
  readonly postgres: RunResult | { readonly skipped: string } | null;
}

const HEADING = '## Scale';
const int = (x: number): string => Math.round(x).toLocaleString('en-US');
const mb = (bytes: number | null): string =>
  bytes === null || !Number.isFinite(bytes) ? '–' : `${(bytes / 1e6).toFixed(0)} MB`;
const ms = (x: number | null): string =>
  x === null || !Number.isFinite(x) ? '–' : x < 100 ? x.toFixed(1) : int(x);
const seconds = (x: number | null): string => (x === null ? '–' : `${(x / 1000).toFixed(1)} s`);
const verdict = (ok: boolean | null): string => (ok === null ? '' : ok ? ' (met)' : ' (**missed**)');
const cell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

const P95_TARGET_MS = 20;
const RATE_TARGET = 2000;
const RSS_TARGET = 600e6;

function harvestLine(r: RunResult): string {
  if (r.wait === null) {
    const a = r.walkAnswer;
    return a === null
      ? 'no answer'
      : `no harvest (the gateway walks the feed): first \`contractingProcesses\` after ${seconds(a.ms)}, ${a.error === null ? `totalCount ${a.totalCount}` : `error: ${cell(a.error)}`}`;
  }
  const w = r.wait;
  const failures = w.failures.length > 0 ? `; failures on the way: ${cell(w.failures.join(' / '))}` : '';
  return `${w.outcome} after ${seconds(w.elapsedMs)} from process start (listening after ${seconds(r.listenMs)})${w.reason === null ? '' : ` — ${cell(w.reason)}`}${failures}`;
}

function measures(r: RunResult, releases: number): string[] {
  const rate = r.releasesPerSecond;
  const h = r.wait?.last;
  return [
    `| ${r.store}: first complete list | ${harvestLine(r)} | |`,
    `| ${r.store}: harvest throughput | ${rate === null ? '–' : `${int(rate)} releases/s (${int(releases)} in ${seconds(r.harvestMs)}, the gateway's startedAt → completedAt)`} | ≥ ${int(RATE_TARGET)}${verdict(rate === null ? null : rate >= RATE_TARGET)} |`,
    `| ${r.store}: harvest pages / records (gateway's count) | ${h ? `${int(h.pages)} / ${int(h.records)}, state ${h.state}` : '–'} | |`,
    `| ${r.store}: upstream requests to \`/ocds-scale\` until then | ${int(r.upstreamRequests)} | |`,
    `| ${r.store}: gateway RSS, peak during the harvest / after the latency set / peak overall | ${mb(r.rssPeakHarvest)} / ${mb(r.rssAfter)} / ${mb(r.rssPeakAll)} | < 600 MB${verdict(r.rssPeakAll < RSS_TARGET)} |`,
    `| ${r.store}: database size | ${mb(r.dbBytes)} | |`,
  ];
}

function partialLine(r: RunResult): string[] {
  const p = r.partial;
  if (p === null) return [];
  const before = p.harvestBefore;
  return [
    `While the first ${r.store} harvest ran (${seconds(p.atMs)} after start${before ? `, harvest ${before.state}, ${int(before.pages)} pages / ${int(before.records)} records read` : ''}),`,
    `\`contractingProcesses(first: 5) { totalCount }\` answered in ${ms(p.ms)} ms: ${p.error === null ? `totalCount ${p.totalCount}` : `error: ${cell(p.error)}`}; its`,
    `\`extensions.freshness.sources\` entry for PROCUREMENT said: \`${cell(JSON.stringify(p.freshness))}\`.`,
    '',
  ];
}

function latencyTable(runs: readonly RunResult[]): string[] {
  if (runs.every((r) => r.latencies.length === 0))
    return ['No latency measured (the harvest did not complete).', ''];
  const head = runs.map((r) => `${r.store} p50 / p95 / max ms`).join(' | ');
  const names = runs[0]?.latencies.map((l) => l.name) ?? [];
  return [
    `| query | ${head} | samples, errors | target p95 (SQLite) |`,
    `| --- | ${runs.map(() => '---:').join(' | ')} | ---: | ---: |`,
    ...names.map((name, i) => {
      const rows = runs.map((r) => r.latencies[i]);
      const figures = rows.map((l) =>
        l === undefined ? '–' : `${ms(l.p50)} / **${ms(l.p95)}** / ${ms(l.max)}`,
      );
      const counts = rows.map((l) => (l === undefined ? '–' : `${l.samples}, ${l.errors}`)).join('; ');
      const sqlite = rows[0];
      const target = sqlite === undefined ? '' : `< ${P95_TARGET_MS}${verdict(sqlite.p95 < P95_TARGET_MS)}`;
      return `| ${name} | ${figures.join(' | ')} | ${counts} | ${target} |`;
    }),
    '',
    ...runs.flatMap((r) =>
      r.latencies
        .filter((l) => l.firstError !== null)
        .map((l) => `- ${r.store}, ${l.name}: first error \`${cell(l.firstError ?? '')}\``),
    ),
  ];
}

function oldLines(o: OldDesign, commit: string): string[] {
  if ('skipped' in o) return [`Not run: ${cell(o.skipped)}`, ''];
  return [
    '| measure | value |',
    '| --- | ---: |',
    `| answer | ${o.error === null ? `HTTP ${o.status}, totalCount ${o.totalCount}` : `HTTP ${o.status}, error: ${cell(o.error)}`} |`,
    `| time to the answer (budget 15 s) | ${seconds(o.ms)}${o.ms > 15_000 ? ' (over the budget)' : ''} |`,
    `| upstream requests to \`/ocds-scale\` during the query / before it (start-up) | ${int(o.upstreamDuring)} / ${int(o.upstreamStartup)} |`,
    `| gateway RSS peak | ${mb(o.rssPeak)} |`,
    '',
    `The design of ${commit} reads a list by walking the whole feed (\`links.next\`, \`PROCUREMENT_PAGE_SIZE\` releases a`,
    'page, at most 1,000 pages) on every cache miss, so its first answer costs the whole feed and cannot come at all',
    'past 100,000 releases at the default page size.',
    '',
  ];
}

/** The "Scale" section of bench/RESULTS.md. */
export function scaleSection(r: ScaleResult): string[] {
  const pg = r.postgres;
  const runs = [r.sqlite, ...(pg !== null && !('skipped' in pg) ? [pg] : [])];
  const restartOk = r.restart.scaleRequests <= 1;
  return [
    `${HEADING}: ${int(r.releases)} releases over ${int(r.processes)} processes`,
    '',
    `Measured ${r.date} (${r.cores} cores, Node ${r.node}) by \`npm run bench -- scale\` (\`bench/scale.ts\`). The replay server`,
    'serves its synthetic fictional feed (`/ocds-scale`, generated per request, seed 1); the gateway runs as a child',
    'process (`node <npm start flags> --import tsx src/main.ts`) with `PROCUREMENT_URL` on the feed, a fresh temporary',
    '`DATA_DIR`, `RESPONSE_CACHE_MAX_ENTRIES=0` (every request executes) and every other source on the replay. RSS from',
    '`/proc/<pid>/status` (VmRSS sampled every 250 ms, and VmHWM). MB = 10^6 bytes. `PROCUREMENT_PAGE_SIZE`:',
    `${r.pageSize ?? "the gateway's default"}.`,
    '',
    '| measure | value | target |',
    '| --- | --- | --- |',
    ...runs.flatMap((run) => measures(run, r.releases)),
    `| SQLite: restart on the same \`DATA_DIR\`, requests to \`/ocds-scale\` | ${r.restart.scaleRequests} (waited ${seconds(r.restart.waitedMs)}, harvest ${r.restart.state ?? 'not reported'}) | ≤ 1${verdict(restartOk)} |`,
    '',
    ...runs.flatMap(partialLine),
    `Latency over the full store: ${r.samples} sequential requests per query (fewer when a query's time budget ran`,
    'out), arguments varied per request, after 5 unmeasured warm-up requests; lists are newest first (the only order).',
    '',
    ...latencyTable(runs),
    '',
    `Restart: requests the replay server received, by path prefix, from the second start until the harvester was idle:`,
    `${
      Object.entries(r.restart.byPrefix)
        .map(([p, n]) => `\`${p}\` ${n}`)
        .join(', ') || 'none'
    }.${r.restart.sample.length > 0 ? ` To the feed: ${r.restart.sample.map((x) => `\`${cell(x)}\``).join(', ')}.` : ''}`,
    '',
    `### Side by side: the walk-the-feed design (${r.oldCommit}) on the same feed`,
    '',
    'Its first `contractingProcesses(first: 5) { totalCount }` on a cold start, with a 15 s budget:',
    '',
    ...oldLines(r.old, r.oldCommit),
    ...(pg === null
      ? ['PostgreSQL: not measured (set `BENCH_DATABASE_URL` or `DATABASE_URL`).', '']
      : 'skipped' in pg
        ? [`PostgreSQL: not measured: ${cell(pg.skipped)}.`, '']
        : []),
  ];
}

/** The Scale section of an existing RESULTS.md, to carry over when a run does not measure it. */
export function previousScaleSection(results: URL): string[] | null {
  if (!existsSync(results)) return null;
  const lines = readFileSync(results, 'utf8').split('\n');
  const start = lines.findIndex((l) => l.startsWith(HEADING));
  if (start < 0) return null;
  const rest = lines.slice(start + 1).findIndex((l) => /^## (?!#)/.test(l));
  return lines.slice(start, rest < 0 ? lines.length : start + 1 + rest);
}

/** Replaces (or adds, before "Notes") the Scale section of a RESULTS.md text; the rest is kept. */
export function withSection(markdown: string, section: readonly string[]): string {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => l.startsWith(HEADING));
  if (start >= 0) {
    const rest = lines.slice(start + 1).findIndex((l) => /^## (?!#)/.test(l));
    const end = rest < 0 ? lines.length : start + 1 + rest;
    return [...lines.slice(0, start), ...section, ...lines.slice(end)].join('\n');
  }
  const notes = lines.findIndex((l) => l === '## Notes');
  const at = notes < 0 ? lines.length : notes;
  return [...lines.slice(0, at), ...section, ...lines.slice(at)].join('\n');
}
