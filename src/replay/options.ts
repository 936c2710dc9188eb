import { isIPv4, isIPv6 } from 'node:net';
import type { OcdsFileSpec, ReplayOptions, ScaleFeedOptions } from './types.js';

/** Default listening address: IPv4 loopback. */
export const DEFAULT_HOST = '127.0.0.1';

/** Default rate limit: 200 requests per second per server, generous enough for any test or benchmark. */
export const DEFAULT_RATE_LIMIT: Readonly<{ requests: number; windowMs: number }> = Object.freeze({
  requests: 200,
  windowMs: 1000,
});

/** Options after validation, with defaults filled in. */
export interface ResolvedOptions {
  readonly host: string;
  readonly port: number;
  readonly files: readonly OcdsFileSpec[];
  readonly rateLimit: Readonly<{ requests: number; windowMs: number }> | false;
  readonly scale: Readonly<Required<ScaleFeedOptions>> | null;
}

/** Largest scale feed: 100 million releases, one minute apart, end within two centuries of the start. */
export const MAX_SCALE_RELEASES = 100_000_000;
/** Most releases one process of the scale feed may get, so that one record package stays small. */
export const MAX_SCALE_RELEASES_PER_PROCESS = 1000;

/**
 * Checks a scale feed's number of releases against its number of processes (also when the feed grows on
 * a running server), with a message naming `where`.
 */
export function checkScaleReleases(releases: unknown, processes: number, where: string): number {
  if (typeof releases !== 'number' || !Number.isInteger(releases) || releases < 0) {
    throw new Error(`${where} must be a non-negative integer, but got ${String(releases)}.`);
  }
  if (releases > MAX_SCALE_RELEASES) {
    throw new Error(`${where} must be at most ${MAX_SCALE_RELEASES}, but got ${releases}.`);
  }
  if (Math.ceil(releases / processes) > MAX_SCALE_RELEASES_PER_PROCESS) {
    throw new Error(
      `${where} (${releases}) over ${processes} processes gives a process more than ` +
        `${MAX_SCALE_RELEASES_PER_PROCESS} releases; raise ReplayOptions.scale.processes.`,
    );
  }
  return releases;
}

function checkScale(scale: ScaleFeedOptions | undefined): ResolvedOptions['scale'] {
  if (scale === undefined) return null;
  const { processes, seed = 1 } = scale;
  if (!Number.isInteger(processes) || processes < 1 || processes > MAX_SCALE_RELEASES) {
    throw new Error(
      `ReplayOptions.scale.processes must be an integer from 1 to ${MAX_SCALE_RELEASES}, but got ${String(processes)}.`,
    );
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new Error(
      `ReplayOptions.scale.seed must be an integer from 0 to 2^32 − 1, but got ${String(seed)}.`,
    );
  }
  const releases = checkScaleReleases(scale.releases, processes, 'ReplayOptions.scale.releases');
  return Object.freeze({ releases, processes, seed });
}

/**
 * True for 127.0.0.0/8, `::1`, IPv4-mapped loopback and `localhost`. The replay server serves recorded data
 * with no authentication and can be told to misbehave, so it must never be reachable from another machine.
 */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIPv4(host)) return host.split('.')[0] === '127';
  if (isIPv6(host)) {
    // The WHATWG URL parser normalises every IPv6 spelling (`0:0:0:0:0:0:0:1`, `::ffff:127.0.0.1`).
    const normalised = new URL(`http://[${host}]/`).hostname;
    return normalised === '[::1]' || /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(normalised);
  }
  return false;
}

function checkHost(host: unknown): string {
  if (typeof host !== 'string' || !isLoopbackHost(host)) {
    throw new Error(
      'ReplayOptions.host must be a loopback address (127.0.0.0/8, ::1 or "localhost") so that the replay ' +
        `server is never reachable from another machine, but got ${JSON.stringify(host)}.`,
    );
  }
  return host;
}

function checkPort(port: unknown): number {
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`ReplayOptions.port must be an integer from 0 to 65535, but got ${String(port)}.`);
  }
  return port;
}

function checkRateLimit(limit: ReplayOptions['rateLimit']): ResolvedOptions['rateLimit'] {
  if (limit === false) return false;
  if (limit === undefined) return DEFAULT_RATE_LIMIT;
  const { requests, windowMs } = limit;
  if (!Number.isInteger(requests) || requests < 1) {
    throw new Error(
      `ReplayOptions.rateLimit.requests must be a positive integer, but got ${String(requests)}.`,
    );
  }
  if (!Number.isFinite(windowMs) || windowMs <= 0) {
    throw new Error(
      `ReplayOptions.rateLimit.windowMs must be a positive number, but got ${String(windowMs)}.`,
    );
  }
  return Object.freeze({ requests, windowMs });
}

function checkFiles(files: readonly OcdsFileSpec[]): readonly OcdsFileSpec[] {
  const list: unknown = files;
  if (!Array.isArray(list)) {
    throw new Error('ReplayOptions.ocds.files must be an array of { path, fictionalNotice? }.');
  }
  return files.map((file, i) => {
    if (typeof file.path !== 'string' || file.path === '') {
      throw new Error(`ReplayOptions.ocds.files[${i}].path must be a non-empty string.`);
    }
    if (
      file.fictionalNotice !== undefined &&
      (typeof file.fictionalNotice !== 'string' || !file.fictionalNotice)
    ) {
      throw new Error(
        `ReplayOptions.ocds.files[${i}].fictionalNotice must be a non-empty string when given.`,
      );
    }
    return Object.freeze({ ...file });
  });
}

/** Validates options once, at start-up, with messages that name the option and the expected form. */
export function resolveOptions(
  options: ReplayOptions | undefined,
  defaultFiles: readonly OcdsFileSpec[],
): ResolvedOptions {
  const o = options ?? {};
  return {
    host: checkHost(o.host ?? DEFAULT_HOST),
    port: checkPort(o.port ?? 0),
    files: checkFiles(o.ocds?.files ?? defaultFiles),
    rateLimit: checkRateLimit(o.rateLimit),
    scale: checkScale(o.scale),
  };
}
