import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { loadConfig, type Config, type SourcePolicy } from '../../src/config.js';
import type { SourceName } from '../../src/domain/index.js';
import type { BreakerOptions } from '../../src/upstream/breaker.js';
import type { HttpClient } from '../../src/upstream/index.js';
import { UpstreamCache, UpstreamError, UpstreamSource } from '../../src/upstream/index.js';

/**
 * A small misbehaving upstream for the upstream layer's tests: a node:http server on loopback that
 * answers each request with the next handler of `script` (else `fallback`) and keeps every request
 * it received in `hits`, so tests count upstream calls exactly.
 */
export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface ScriptedUpstream {
  script: Handler[];
  fallback: Handler;
  hits: IncomingMessage[];
  /** `http://127.0.0.1:<port>` once the server listens. */
  base: string;
}

export const json =
  (body: unknown, headers: Record<string, string> = {}): Handler =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

export const status =
  (code: number, headers: Record<string, string> = {}): Handler =>
  (_req, res) =>
    res.writeHead(code, headers).end();

/** Starts the server for the calling test file and resets its script before each test. */
export function scriptedUpstream(): ScriptedUpstream {
  const up: ScriptedUpstream = { script: [], fallback: json({ n: 1 }), hits: [], base: '' };
  let server: Server;
  beforeAll(async () => {
    server = createServer((req, res) => {
      up.hits.push(req);
      (up.script.shift() ?? up.fallback)(req, res);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    up.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  beforeEach(() => {
    up.script = [];
    up.hits = [];
    up.fallback = json({ n: 1 });
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });
  return up;
}

/** The source policy both files test with. */
export const TEST_POLICY: SourcePolicy = {
  url: undefined,
  maxAgeSeconds: 60,
  staleWhileRevalidateSeconds: 30,
  staleIfErrorSeconds: 3600,
  concurrency: 2,
  queue: 1000,
  ratePerSecond: 0,
};

/** A configuration with one quick retry (1–2 ms of backoff), plus `env`. */
export function oneRetryConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    UPSTREAM_RETRIES: '1',
    UPSTREAM_RETRY_BASE_MS: '1',
    UPSTREAM_RETRY_MAX_MS: '2',
    ...env,
  });
}

/** An `UpstreamSource` named `name` at `path` of the scripted upstream, with `TEST_POLICY` and its own cache. */
export function scriptedSource(
  up: ScriptedUpstream,
  config: Config,
  http: HttpClient,
  name: SourceName,
  path: string,
  breaker?: BreakerOptions,
): UpstreamSource {
  return new UpstreamSource({
    name,
    baseUrl: new URL(`${up.base}${path}`),
    policy: TEST_POLICY,
    http,
    cache: new UpstreamCache(config.cache),
    httpPolicy: config.http,
    breaker,
  });
}

/** Accepts `{ n: number }` only; anything else is drift. */
export const decode = (v: unknown): { n: number } => {
  if (typeof v !== 'object' || v === null || typeof (v as { n?: unknown }).n !== 'number')
    throw new Error('drift');
  return v as { n: number };
};

/** The `UpstreamError` a call fails with (and fails the test if it succeeds or throws anything else). */
export async function failureOf(p: Promise<unknown>): Promise<UpstreamError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(UpstreamError);
  return e as UpstreamError;
}

export const codeOf = async (p: Promise<unknown>): Promise<string> => (await failureOf(p)).code;
