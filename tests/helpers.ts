import { CATALOG, entryOf } from '../src/catalog.js';
import { startGateway, type RunningGateway } from '../src/server.js';
import { startReplayServer, type ReplayOptions, type ReplayServer } from '../src/replay/index.js';
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
export function replayEnv(replay: ReplayServer): Record<string, string> {
  const env: Record<string, string> = {};
  for (const d of CATALOG) env[`${d.envPrefix}URL`] = `${replay.url}${d.embeddedPath}`;
  const tender = entryOf('tenderMn');
  const token = tender.embeddedExtras?.token;
  if (token !== undefined) env[`${tender.envPrefix}TOKEN`] = token;
  // Tests crawl tender.gov.mn's replay without the real upstream's one request a second.
  env[`${tender.envPrefix}RATE_PER_SECOND`] = '0';
  return env;
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
  const gateway = await startGateway({ env: { ...FAST_ENV, ...replayEnv(replay), ...env } });
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
    upstreamCalls: (pathPrefix = '/ocds') => replay.countRequests({ pathPrefix }),
    close: async () => {
      await gateway.close();
      await replay.close();
    },
  };
}

/**
 * Waits until the gateway is ready (its start-up loads, the register index above all, are done) and the
 * replay server has no request in flight, so that request counts taken afterwards stay still.
 */
export async function settle(h: Pick<Harness, 'gateway' | 'replay'>): Promise<void> {
  await until(async () => (await h.gateway.gateway.ready()).ready && h.replay.inFlight() === 0, {
    what: 'the gateway to be ready and the replay server idle',
  });
}
