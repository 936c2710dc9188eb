/**
 * `npm run bench -- scale`: the gateway over a publication far larger than the embedded data. The replay
 * server serves its synthetic scale feed (`/ocds-scale`, src/replay/scale-feed.ts; default 1,000,000
 * releases over 300,000 processes) and every other source from its embedded data; the gateway runs as a
 * child process (`node <npm start flags> --import tsx src/main.ts`, so its RSS is its own) with
 * `PROCUREMENT_URL` on the feed, a fresh temporary `DATA_DIR` and the whole-response cache off. Measured:
 * the first harvest (time to a complete list, releases/s, one list asked mid-harvest), list/filter/facet
 * latency over the full store, RSS, database size, the upstream requests of a restart, the design before
 * the store (git commit `OLD_COMMIT`, checked out in a temporary worktree) on the same feed, and the same
 * list latencies on PostgreSQL when `BENCH_DATABASE_URL` or `DATABASE_URL` is set (a fresh database,
 * dropped at the end). Writes the "## Scale" section of bench/RESULTS.md in place.
 *
 * Settings: BENCH_SCALE_RELEASES (default 1000000), BENCH_SCALE_PROCESSES (default 30 % of the releases),
 * BENCH_SCALE_SAMPLES (per query shape, default 200), BENCH_SCALE_SHAPE_BUDGET_MS (per shape, default
 * 60000), BENCH_SCALE_TIMEOUT_MS (per harvest, default 20 minutes), BENCH_SCALE_PAGE_SIZE (the gateways'
 * PROCUREMENT_PAGE_SIZE; default theirs), BENCH_SCALE_OLD=0 (skip the old design).
 */
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCALE_PREFIX, startReplayServer, type ReplayServer, type ScaleFeed } from '../src/replay/index.js';
import { replayEnv } from '../tests/helpers.js';
import { measureShapes, pollHarvest, shapes, waitForHarvest, type HarvestView } from './scale-measure.js';
import { folderBytes, gql, sleep, startGatewayProcess, type GatewayProcess } from './scale-process.js';
import {
  scaleSection,
  withSection,
  type OldDesign,
  type Restart,
  type RunResult,
  type ScaleResult,
} from './scale-report.js';

/** The gateway before the store: every list walked the upstream feed. */
export const OLD_COMMIT = 'c3bff25';
const REPO = fileURLToPath(new URL('..', import.meta.url));
/** `BENCH_SCALE_PAGE_SIZE`: the gateways' `PROCUREMENT_PAGE_SIZE` (default: the gateway's own default). */
const PAGE_SIZE = process.env['BENCH_SCALE_PAGE_SIZE'] || undefined;
const FIRST5 = '{ contractingProcesses(first: 5) { totalCount } }';

function setting(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isSafeInteger(value) || value < 0)
    throw new Error(`${name} must be a non-negative integer, got ${raw}.`);
  return value;
}

interface Settings {
  readonly releases: number;
  readonly processes: number;
  readonly samples: number;
  readonly shapeBudgetMs: number;
  readonly timeoutMs: number;
}

function readSettings(): Settings {
  const releases = setting('BENCH_SCALE_RELEASES', 1_000_000);
  return {
    releases,
    processes: Math.max(1, setting('BENCH_SCALE_PROCESSES', Math.round(releases * 0.3))),
    samples: Math.max(1, setting('BENCH_SCALE_SAMPLES', 200)),
    shapeBudgetMs: setting('BENCH_SCALE_SHAPE_BUDGET_MS', 60_000),
    timeoutMs: setting('BENCH_SCALE_TIMEOUT_MS', 20 * 60_000),
  };
}

/** The environment of every gateway of the run: all sources on the replay, procurement on the scale feed. */
function gatewayEnv(replay: ReplayServer, extra: Record<string, string>): Record<string, string> {
  return {
    ...replayEnv(replay),
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    // No per-client limit: the measuring client is one loopback address, far over the default.
    RATE_LIMIT_PER_MINUTE: '0',
    RESPONSE_CACHE_MAX_ENTRIES: '0',
    PROCUREMENT_URL: `${replay.url}${SCALE_PREFIX}`,
    ...(PAGE_SIZE === undefined ? {} : { PROCUREMENT_PAGE_SIZE: PAGE_SIZE }),
    ...extra,
  };
}

const codeOf = (extensions: Record<string, unknown> | undefined): string =>
  typeof extensions?.['code'] === 'string' ? extensions['code'] : '';
const iso = (value: string | null): number | null => (value === null ? null : Date.parse(value));

/**
 * One gateway over one store: starts it, waits for the first complete harvest (asking one list while it
 * runs), then measures latencies. Leaves the gateway running for the caller to restart or stop.
 */
async function harvestRun(
  store: RunResult['store'],
  env: Record<string, string>,
  replay: ReplayServer,
  feed: ScaleFeed,
  s: Settings,
  log: (line: string) => void,
): Promise<{ child: GatewayProcess; result: RunResult; supported: boolean }> {
  replay.clearLog();
  const spawnedAt = Date.now();
  const child = await startGatewayProcess(REPO, env);
  const listenMs = Date.now() - spawnedAt;
  log(`scale, ${store}: gateway ${child.pid} listening after ${listenMs} ms`);
  const deadline = spawnedAt + s.timeoutMs;
  const first = await pollHarvest(child.endpoint);
  let partial: RunResult['partial'] = null;
  let firstStartedAt: number | null = null;
  const askPartial = async (h: HarvestView | null): Promise<void> => {
    const answer = await gql(child.endpoint, FIRST5, {}, 30_000);
    const sources = (answer.extensions?.['freshness'] as { sources?: { source: string }[] } | undefined)
      ?.sources;
    partial = {
      ms: answer.ms,
      atMs: Date.now() - spawnedAt,
      totalCount:
        (answer.data?.['contractingProcesses'] as { totalCount?: number } | null)?.totalCount ?? null,
      freshness: sources?.find((x) => x.source === 'PROCUREMENT') ?? null,
      error: answer.errors[0]?.message ?? null,
      harvestBefore: h,
    };
  };
  let wait: RunResult['wait'] = null;
  let walkAnswer: RunResult['walkAnswer'] = null;
  if (first.kind === 'unsupported') {
    log(`scale, ${store}: no SourceStatus.harvest (${first.reason}); timing the first list instead`);
    const answer = await gql(child.endpoint, FIRST5, {}, Math.max(1000, deadline - Date.now()));
    walkAnswer = {
      ms: Date.now() - spawnedAt,
      totalCount:
        (answer.data?.['contractingProcesses'] as { totalCount?: number } | null)?.totalCount ?? null,
      error: answer.errors[0]?.message ?? null,
    };
  } else {
    wait = await waitForHarvest(child, spawnedAt, deadline, async (h) => {
      if (h.startedAt !== null) firstStartedAt ??= iso(h.startedAt);
      // Asked once a tenth of the feed is in the store, so the answer shows a partial list under load.
      if (partial === null && !h.complete && h.records >= feed.releases / 10) await askPartial(h);
    });
    if (partial === null) await askPartial(wait.last);
    log(`scale, ${store}: harvest ${wait.outcome} after ${(wait.elapsedMs / 1000).toFixed(1)} s`);
  }
  const harvestPeak = child.peakRss();
  const harvestHwm = child.hwm();
  const upstream = replay.countRequests({ pathPrefix: SCALE_PREFIX });
  const last = wait?.last ?? null;
  const completedAt = iso(last?.completedAt ?? null);
  const startedAt = firstStartedAt ?? iso(last?.startedAt ?? null);
  const harvestMs =
    completedAt !== null && startedAt !== null && completedAt > startedAt ? completedAt - startedAt : null;
  const ok = wait === null || wait.outcome === 'complete';
  const latencies = ok
    ? await measureShapes(child.endpoint, shapes(feed), s.samples, s.shapeBudgetMs, log)
    : [];
  const result: RunResult = {
    store,
    listenMs,
    wait,
    walkAnswer,
    harvestMs,
    releasesPerSecond: harvestMs === null ? null : feed.releases / (harvestMs / 1000),
    partial,
    upstreamRequests: upstream,
    rssPeakHarvest: Math.max(harvestPeak, harvestHwm),
    rssAfter: child.rss(),
    rssPeakAll: Math.max(child.peakRss(), child.hwm()),
    dbBytes: null,
    latencies,
  };
  return { child, result, supported: first.kind !== 'unsupported' };
}

/** Stops the gateway, starts it again on the same store, and counts what it asks the upstreams. */
async function restart(
  env: Record<string, string>,
  replay: ReplayServer,
  supported: boolean,
): Promise<Restart> {
  replay.clearLog();
  const child = await startGatewayProcess(REPO, env);
  const started = Date.now();
  await sleep(5000);
  let state: string | null = null;
  // Then until the harvester is idle again (it may confirm the upstream first), at most a minute.
  while (supported && Date.now() - started < 65_000) {
    const poll = await pollHarvest(child.endpoint);
    state = poll.kind === 'status' ? (poll.harvest?.state ?? 'null') : poll.kind;
    if (state !== 'RUNNING' && state !== 'PENDING') break;
    await sleep(500);
  }
  const waitedMs = Date.now() - started;
  const byPrefix: Record<string, number> = {};
  for (const r of replay.requests) {
    const prefix = `/${r.path.split('/')[1] ?? ''}`;
    byPrefix[prefix] = (byPrefix[prefix] ?? 0) + 1;
  }
  const scale = replay.requests.filter((r) => r.path.startsWith(SCALE_PREFIX));
  await child.stop();
  return {
    waitedMs,
    state,
    byPrefix,
    scaleRequests: scale.length,
    sample: scale
      .slice(0, 5)
      .map((r) => `${r.method} ${r.path}${r.query ? `?${r.query}` : ''} → ${r.status}`),
  };
}

/** The design of `OLD_COMMIT` on the same feed: its first `contractingProcesses` with a 15 s budget. */
async function oldDesign(replay: ReplayServer, log: (line: string) => void): Promise<OldDesign> {
  if (process.env['BENCH_SCALE_OLD'] === '0') return { skipped: 'BENCH_SCALE_OLD=0' };
  const dir = join(tmpdir(), `tg-old-${process.pid}`);
  const modules = join(dir, 'node_modules');
  try {
    execFileSync('git', ['worktree', 'add', '--detach', dir, OLD_COMMIT], { cwd: REPO, stdio: 'pipe' });
    symlinkSync(join(REPO, 'node_modules'), modules);
    replay.clearLog();
    const child = await startGatewayProcess(dir, gatewayEnv(replay, {}));
    try {
      const startup = replay.countRequests({ pathPrefix: SCALE_PREFIX });
      log(`scale, ${OLD_COMMIT}: listening; first contractingProcesses ...`);
      // The gateway's own operation budget is 15 s; 2 s more lets its own answer arrive.
      const answer = await gql(child.endpoint, FIRST5, {}, 17_000);
      const total =
        (answer.data?.['contractingProcesses'] as { totalCount?: number } | null)?.totalCount ?? null;
      const error = answer.errors[0];
      return {
        ms: answer.ms,
        status: answer.status,
        totalCount: total,
        error: error === undefined ? null : `${codeOf(error.extensions)} ${error.message}`.trim(),
        upstreamStartup: startup,
        upstreamDuring: replay.countRequests({ pathPrefix: SCALE_PREFIX }) - startup,
        rssPeak: Math.max(child.peakRss(), child.hwm()),
      };
    } finally {
      await child.stop(5000);
    }
  } catch (thrown: unknown) {
    return {
      skipped: `the old design could not run: ${thrown instanceof Error ? thrown.message : String(thrown)}`,
    };
  } finally {
    if (existsSync(modules) && lstatSync(modules).isSymbolicLink()) unlinkSync(modules);
    try {
      execFileSync('git', ['worktree', 'remove', '--force', dir], { cwd: REPO, stdio: 'pipe' });
    } catch {
      rmSync(dir, { recursive: true, force: true });
      execFileSync('git', ['worktree', 'prune'], { cwd: REPO, stdio: 'pipe' });
    }
  }
}

/** The PostgreSQL run, in a database created for it and dropped at the end. */
async function postgresRun(
  url: string,
  replay: ReplayServer,
  feed: ScaleFeed,
  s: Settings,
  log: (line: string) => void,
): Promise<RunResult> {
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const name = `tg_bench_${process.pid}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'tg-scale-pg-'));
  try {
    const target = new URL(url);
    target.pathname = `/${name}`;
    const env = gatewayEnv(replay, { DATA_DIR: dataDir, DATABASE_URL: target.toString() });
    const { child, result } = await harvestRun('PostgreSQL', env, replay, feed, s, log);
    await child.stop();
    const size = await admin.query<{ bytes: string }>('SELECT pg_database_size($1) AS bytes', [name]);
    return { ...result, dbBytes: Number(size.rows[0]?.bytes ?? Number.NaN) };
  } finally {
    await admin
      .query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      .catch(() => admin.query(`DROP DATABASE IF EXISTS ${name}`));
    await admin.end();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function runScale(log: (line: string) => void): Promise<ScaleResult> {
  const s = readSettings();
  const replay = await startReplayServer({
    rateLimit: false,
    scale: { releases: s.releases, processes: s.processes, seed: 1 },
  });
  const feed = replay.scaleFeed;
  if (feed === null) throw new Error('the replay server started without its scale feed');
  const dataDir = mkdtempSync(join(tmpdir(), 'tg-scale-'));
  try {
    log(
      `scale: ${s.releases} releases over ${s.processes} processes at ${replay.url}${SCALE_PREFIX}; DATA_DIR ${dataDir}`,
    );
    const env = gatewayEnv(replay, { DATA_DIR: dataDir });
    const run = await harvestRun('SQLite', env, replay, feed, s, log);
    await run.child.stop();
    const sqlite: RunResult = { ...run.result, dbBytes: folderBytes(dataDir) };
    log('scale: restart on the same DATA_DIR ...');
    const again = await restart(env, replay, run.supported);
    log(`scale: the old design (${OLD_COMMIT}) ...`);
    const old = await oldDesign(replay, log);
    const pgUrl = process.env['BENCH_DATABASE_URL'] ?? process.env['DATABASE_URL'];
    let postgres: ScaleResult['postgres'] = null;
    if (pgUrl !== undefined && pgUrl !== '') {
      log('scale: PostgreSQL ...');
      postgres = run.supported
        ? await postgresRun(pgUrl, replay, feed, s, log).catch((e: unknown) => ({
            skipped: `PostgreSQL run failed: ${e instanceof Error ? e.message : String(e)}`,
          }))
        : { skipped: 'the gateway does not harvest into a store yet (no SourceStatus.harvest)' };
    }
    return {
      date: new Date().toISOString(),
      node: process.version,
      cores: cpus().length,
      releases: s.releases,
      processes: s.processes,
      samples: s.samples,
      pageSize: PAGE_SIZE ?? null,
      oldCommit: OLD_COMMIT,
      sqlite,
      restart: again,
      old,
      postgres,
    };
  } finally {
    await replay.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** `npm run bench -- scale`: runs the workload and replaces the Scale section of `results` in place. */
export async function updateScaleSection(results: URL, log: (line: string) => void): Promise<string[]> {
  const section = scaleSection(await runScale(log));
  const markdown = existsSync(results) ? readFileSync(results, 'utf8') : '# Benchmark results\n';
  writeFileSync(results, withSection(markdown, section));
  return section;
}
