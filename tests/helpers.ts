import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CATALOG, entryOf } from '../src/catalog.js';
import type { Logger } from '../src/log.js';
import { startGateway, type RunningGateway } from '../src/server.js';
import { startReplayServer, type ReplayOptions, type ReplayServer } from '../src/replay/index.js';
import { afterEach } from 'vitest';
import { until } from './eventually.js';

/** A GraphQL response as tests read it. */
export interface GqlResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: {
    data?: T | null;
    errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
    extensions?: Record<string, unknown>;
  };
}

/** The replay server and a gateway pointed at it, both on loopback ephemeral ports. */
export interface Harness {
  replay: ReplayServer;
  gateway: RunningGateway;
  query<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GqlResponse<T>>;
  /** Upstream requests received by the replay server for procurement. */
  upstreamCalls(pathPrefix?: string): number;
  close(): Promise<void>;
}

/**
 * The test gateway's settings: quiet, on an ephemeral loopback port, with short retry backoffs. The
 * upstream deadlines are far above what a healthy loopback exchange takes even on a loaded machine (a
 * busy gateway building the register index can hold a reply for a second or more), so that no test sees
 * a timeout by accident; a test that wants one sets `SHORT_DEADLINES_ENV` and a fault far longer.
 */
export const FAST_ENV = {
  HOST: '127.0.0.1',
  PORT: '0',
  LOG_LEVEL: 'silent',
  UPSTREAM_ATTEMPT_DEADLINE_MS: '5000',
  UPSTREAM_HEADERS_TIMEOUT_MS: '4000',
  UPSTREAM_BODY_TIMEOUT_MS: '4000',
  UPSTREAM_RETRY_BASE_MS: '10',
  UPSTREAM_RETRY_MAX_MS: '20',
  // Tests send hundreds of requests a minute from loopback, one client: the per-client limit would
  // refuse them. The tests of the limit set their own.
  RATE_LIMIT_PER_MINUTE: '0',
};

/**
 * Short upstream deadlines, for the tests that want a timeout to fire: each pairs them with a delay or
 * drip lasting `FAULT_FOREVER_MS`, so neither a stall nor a fast machine can change which way it goes.
 */
export const SHORT_DEADLINES_ENV = {
  UPSTREAM_ATTEMPT_DEADLINE_MS: '1000',
  UPSTREAM_HEADERS_TIMEOUT_MS: '800',
  UPSTREAM_BODY_TIMEOUT_MS: '800',
};

/** A delay that outlasts any test: a fault that must time out, whatever the machine's speed. */
export const FAULT_FOREVER_MS = 600_000;

/**
 * The environment that points every source at `replay`, at its catalog path, with the stand-in settings
 * the replay needs (`embeddedExtras`: the tender.gov.mn token), as if each were a configured upstream.
 */
export function replayEnv(replay: Pick<ReplayServer, 'url'>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const d of CATALOG) env[`${d.envPrefix}URL`] = `${replay.url}${d.embeddedPath}`;
  const tender = entryOf('tenderMn');
  const token = tender.embeddedExtras?.token;
  if (token !== undefined) env[`${tender.envPrefix}TOKEN`] = token;
  // Tests crawl tender.gov.mn's replay without the real upstream's one request a second.
  env[`${tender.envPrefix}RATE_PER_SECOND`] = '0';
  // Each gateway its own store: a shared one would have one gateway harvest for all (the lease).
  env['DATA_DIR'] = freshDataDir();
  return env;
}

/** A new, empty folder for a gateway's store (under the system's temporary folder). */
export function freshDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'tg-store-'));
}

/** Removes a store folder made by `freshDataDir`. */
export function removeDataDir(dir: string | undefined): void {
  if (dir !== undefined && dir.startsWith(join(tmpdir(), 'tg-store-')))
    rmSync(dir, { recursive: true, force: true });
}

/**
 * Waits until every harvested source has finished the pass this gateway started with (completed, or
 * failed, or is not harvested here), and the register's index is built: lists and lookups are then as
 * complete as the upstream allows from the first query of a test, and no harvest request is still under
 * way to blur the request counts a test takes. On a copied store (`startHarness`) that first pass is a
 * restart: one conditional request per source.
 */
export async function harvested(gateway: RunningGateway, since = 0): Promise<void> {
  for (const { key } of CATALOG) {
    const source = gateway.gateway.upstreams[key].source.name;
    await until(
      async () => {
        const read = await gateway.gateway.harvests.status(source);
        if (read === null) return true;
        const { status } = read;
        if (['FAILED', 'OFF', 'STORE_FULL'].includes(status.state)) return true;
        return status.complete && status.state !== 'RUNNING' && (status.completedAt ?? 0) >= since;
      },
      { what: `the first harvest of ${source}` },
    );
  }
  const register = gateway.gateway.upstreams.registry.source.name;
  if ((await gateway.gateway.harvests.status(register))?.status.complete === true)
    await gateway.gateway.plane.registry.ready();
}

/**
 * A gateway that does not harvest (`HARVEST=false`), on an empty store: every lookup by ocid is read live,
 * through the upstream layer's cache and policies, which is what the tests of that layer probe; lists
 * answer from the empty store, saying the harvest is `OFF`.
 */
export const EMPTY_STORE_ENV = { HARVEST: 'false' };

/** `startHarness` with an empty OCDS store that is never harvested (see `EMPTY_STORE_ENV`). */
export function startLiveHarness(
  env: Record<string, string> = {},
  replayOptions: ReplayOptions = { rateLimit: false },
  beforeGateway?: (replay: ReplayServer) => void,
): Promise<Harness> {
  return startHarness({ ...EMPTY_STORE_ENV, ...env }, replayOptions, beforeGateway);
}

/**
 * A `startLiveHarness` for each test of a file that calls this at its top, closed after the test: the
 * function given back starts it with a test's own settings.
 */
export function liveHarnessPerTest(): (env: Record<string, string>) => Promise<Harness> {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });
  return async (env) => (h = await startLiveHarness(env));
}

let template: Promise<string> | null = null;

/**
 * A store holding a complete harvest of every source of the embedded data, made once per test worker
 * (by a gateway over its own replay server, then closed), for `startHarness` to copy.
 */
function harvestedTemplate(): Promise<string> {
  template ??= (async () => {
    const replay = await startReplayServer({ rateLimit: false });
    const env: Record<string, string> = { ...FAST_ENV, ...replayEnv(replay) };
    const gateway = await startGateway({ env });
    try {
      await harvested(gateway);
    } finally {
      await gateway.close();
      await replay.close();
    }
    return env['DATA_DIR']!;
  })();
  return template;
}

/** Starts the replay server (embedded data unless told otherwise) and a gateway over it. */
export async function startHarness(
  env: Record<string, string> = {},
  replayOptions: ReplayOptions = { rateLimit: false },
  /** Runs after the replay server starts and before the gateway does (e.g. to fault its first load). */
  beforeGateway?: (replay: ReplayServer) => void,
): Promise<Harness> {
  const replay = await startReplayServer(replayOptions);
  beforeGateway?.(replay);
  const gatewayEnv: Record<string, string> = { ...FAST_ENV, ...replayEnv(replay), ...env };
  // A harness over the default embedded data starts on a copy of a store harvested once per test worker
  // (a restart: one conditional request per source), not a first harvest of every source; one whose
  // sources are faulted from the start, pointed elsewhere or not harvested starts empty.
  if (
    beforeGateway === undefined &&
    JSON.stringify(replayOptions) === JSON.stringify({ rateLimit: false }) &&
    !Object.keys(env).some((k) => k.endsWith('_URL') || k === 'DATA_DIR' || k === 'HARVEST')
  ) {
    cpSync(await harvestedTemplate(), gatewayEnv['DATA_DIR']!, { recursive: true });
  }
  const started = Date.now();
  const gateway = await startGateway({ env: gatewayEnv });
  await harvested(gateway, started);
  const endpoint = `${gateway.url}/graphql`;
  return {
    replay,
    gateway,
    query: async <T>(query: string, variables?: Record<string, unknown>) => {
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, headers: res.headers, body: (await res.json()) as GqlResponse<T>['body'] };
    },
    // The harvester's reads of the release feed run in the background and are not counted here.
    upstreamCalls: (pathPrefix = '/ocds') =>
      replay.requests.filter((r) => r.path.startsWith(pathPrefix) && r.path !== '/ocds/releases').length,
    close: async () => {
      await gateway.close();
      await replay.close();
      removeDataDir(gatewayEnv['DATA_DIR']);
    },
  };
}

/**
 * Waits until the gateway is ready (its start-up loads, the register index above all, are done) and the
 * replay server has no request in flight, so that request counts taken afterwards stay still.
 */
export async function settle(h: Pick<Harness, 'gateway' | 'replay'>): Promise<void> {
  // A source a test keeps unharvested (`EMPTY_STORE_ENV`) is never ready; its start-up is over.
  const loaded = async () =>
    Object.values((await h.gateway.gateway.ready()).sources).every((s) => s === 'ok' || s === 'HARVEST_OFF');
  await until(async () => (await loaded()) && h.replay.inFlight() === 0, {
    what: 'the gateway to be ready and the replay server idle',
  });
}

/** What a `warningLogger` kept. */
export interface Warning {
  readonly msg: string;
  readonly fields: Record<string, unknown> | undefined;
}

/** A logger that keeps its warnings (and drops the rest), for tests that assert what is logged. */
export function warningLogger(): { log: Logger; warnings: Warning[] } {
  const warnings: Warning[] = [];
  const log: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: (msg, fields) => warnings.push({ msg, fields }),
    error: () => undefined,
  };
  return { log, warnings };
}

/**
 * Writes an OCDS 1.1 release package of fictional releases into a new temporary folder (removed with
 * `rmSync(dir)`), published by "Fictional publisher" at `publishedDate`; returns the folder and file.
 */
export function fictionalPackage(
  name: string,
  releases: readonly unknown[],
  publishedDate: string,
): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), `tg-${name}-`));
  const file = join(dir, `${name}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      version: '1.1',
      uri: `https://example.org/fictional/${name}.json`,
      publishedDate,
      publisher: { name: 'Fictional publisher' },
      releases,
    }),
  );
  return { dir, file };
}

/** A GraphQL answer as a test reads it. */
export interface GraphqlBody {
  data?: any;
  errors?: any[];
  extensions?: any;
}

/** POSTs `query` (and `variables`) to a gateway's `/graphql` and returns the parsed answer. */
export async function postGraphql(
  g: RunningGateway,
  query: string,
  variables?: Record<string, unknown>,
): Promise<GraphqlBody> {
  const res = await fetch(`${g.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(variables === undefined ? { query } : { query, variables }),
  });
  return (await res.json()) as GraphqlBody;
}
