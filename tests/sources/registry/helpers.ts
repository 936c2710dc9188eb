/**
 * A registry source over a real replay server on loopback: the gateway's upstream layer (HTTP pool,
 * retries, politeness) talks to it exactly as it would to the real register.
 */
import { loadConfig, type Config } from '../../../src/config.js';
import { startReplayServer, type ReplayOptions, type ReplayServer } from '../../../src/replay/index.js';
import { RegistrySource } from '../../../src/sources/registry/index.js';
import { HttpClient, UpstreamCache, UpstreamSource } from '../../../src/upstream/index.js';

export interface RegistryHarness {
  readonly replay: ReplayServer;
  readonly upstream: UpstreamSource;
  readonly source: RegistrySource;
  readonly policy: Config['sources']['registry'];
  /** Requests the replay server received under `/registry` + `path`. */
  calls(path?: string): number;
  close(): Promise<void>;
}

/** Fast retries, no request spacing, no replay rate limit; `env` overrides any of it. */
export async function startRegistry(
  env: Record<string, string> = {},
  replayOptions: ReplayOptions = {},
): Promise<RegistryHarness> {
  const replay = await startReplayServer({ rateLimit: false, ...replayOptions });
  const config = loadConfig({
    UPSTREAM_RETRY_BASE_MS: '5',
    UPSTREAM_RETRY_MAX_MS: '10',
    REGISTRY_RATE_PER_SECOND: '0',
    REGISTRY_URL: `${replay.url}/registry`,
    ...env,
  });
  const policy = config.sources.registry;
  const http = new HttpClient(config.http);
  const upstream = new UpstreamSource({
    name: 'REGISTRY',
    baseUrl: new URL(`${replay.url}/registry`),
    policy,
    http,
    cache: new UpstreamCache(config.cache),
    httpPolicy: config.http,
  });
  return {
    replay,
    upstream,
    policy,
    source: new RegistrySource(upstream, policy),
    calls: (path = '') => replay.countRequests({ pathPrefix: `/registry${path}` }),
    close: async () => {
      await http.close();
      await replay.close();
    },
  };
}
