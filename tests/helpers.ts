import { CATALOG, entryOf } from '../src/catalog.js';
import { startGateway, type RunningGateway } from '../src/server.js';
import { startReplayServer, type ReplayOptions, type ReplayServer } from '../src/replay/index.js';

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

/** Fast timeouts so fault tests finish in well under a second per attempt. */
export const FAST_ENV = {
  HOST: '127.0.0.1',
  PORT: '0',
  LOG_LEVEL: 'silent',
  UPSTREAM_ATTEMPT_DEADLINE_MS: '500',
  UPSTREAM_HEADERS_TIMEOUT_MS: '400',
  UPSTREAM_BODY_TIMEOUT_MS: '400',
  UPSTREAM_RETRY_BASE_MS: '10',
  UPSTREAM_RETRY_MAX_MS: '20',
};

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
