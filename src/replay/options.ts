import { isIPv4, isIPv6 } from 'node:net';
import type { OcdsFileSpec, ReplayOptions } from './types.js';

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
  };
}
