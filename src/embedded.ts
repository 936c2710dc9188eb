import { CATALOG, type SourceKey } from './catalog.js';
import type { Config } from './config.js';
import type { Recording } from './domain/freshness.js';
import { startReplayServer, type ReplayServer } from './replay/index.js';

/**
 * The embedded upstreams: every source without a configured `<PREFIX>URL` is served by the embedded
 * replay server, at the path its catalog entry names, with the stand-in settings the replay needs (its
 * `embeddedExtras`, e.g. a token) and the recording it serves, for provenance. See docs/architecture.md.
 */

/** Where one source is read from. */
export interface Endpoint {
  /** Base URL actually used: the configured `<PREFIX>URL`, or the embedded replay server's path. */
  readonly url: string;
  /** True when the embedded replay server serves the source. */
  readonly embedded: boolean;
  /** What the embedded replay serves, for provenance; `null` for a configured upstream. */
  readonly recording: Recording | null;
}

/** Every source's endpoint, by catalog key. */
export type Endpoints = { readonly [K in SourceKey]: Endpoint };

/** The upstreams a gateway reads, once the embedded replay server (if any source needs it) is up. */
export interface Upstreams {
  /** The configuration, with each embedded source's stand-in settings filled in where unset. */
  readonly config: Config;
  readonly endpoints: Endpoints;
  /** The embedded replay server; `null` when every source has a configured URL. */
  readonly replay: ReplayServer | null;
}

/** Starts the embedded replay server when a source has no configured URL, and says where each source is. */
export async function startUpstreams(config: Config): Promise<Upstreams> {
  const needsReplay = CATALOG.some((d) => config.sources[d.key].url === undefined);
  const files = config.replay.ocdsFiles;
  const replay = needsReplay
    ? await startReplayServer({
        host: config.replay.host,
        port: config.replay.port,
        ...(files === null ? {} : { ocds: { files: files.map((path) => ({ path })) } }),
      })
    : null;
  const endpoints: Partial<Record<SourceKey, Endpoint>> = {};
  const sources: Record<string, object> = { ...config.sources };
  for (const d of CATALOG) {
    const own = config.sources[d.key];
    if (own.url !== undefined || replay === null) {
      endpoints[d.key] = { url: own.url ?? '', embedded: false, recording: null };
      continue;
    }
    // Files named by REPLAY_OCDS_FILES are not the embedded recording: what they are, their own
    // packages say (publisher, licence), not the catalog.
    const ownFiles = d.key === 'procurement' && files !== null;
    endpoints[d.key] = {
      url: `${replay.url}${d.embeddedPath}`,
      embedded: true,
      recording: ownFiles ? null : d.recording,
    };
    if (d.embeddedExtras !== undefined) sources[d.key] = fillUnset(own, d.embeddedExtras);
    // A file set may hold records (some with only a `compiledRelease`): harvested from the records
    // listing, every process it knows is listed as its record gives it, as a lookup by ocid does.
    if (ownFiles) sources[d.key] = fillUnset(sources[d.key] as object, { feed: 'records' });
  }
  return {
    config: { ...config, sources: sources as Config['sources'] },
    endpoints: endpoints as Endpoints,
    replay,
  };
}

/** `settings` with every field that is `undefined` there taken from `fill`. */
function fillUnset<T extends object>(settings: T, fill: Partial<T>): T {
  const out: Record<string, unknown> = { ...(settings as Record<string, unknown>) };
  for (const [name, value] of Object.entries(fill)) out[name] ??= value;
  return out as T;
}
