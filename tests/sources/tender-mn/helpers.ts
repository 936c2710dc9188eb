/**
 * Shared set-up of the tender.gov.mn source tests: the tender.gov.mn and OCDS upstream sources over one
 * running replay server, with a fresh cache and the politeness spacing off unless a test turns it on.
 */
import { expect } from 'vitest';
import { loadConfig, type Config } from '../../../src/config.js';
import type { ReplayServer } from '../../../src/replay/index.js';
import { ProcurementClient } from '../../../src/sources/procurement/index.js';
import { TenderMnClient } from '../../../src/sources/tender-mn/index.js';
import { HttpClient, UpstreamCache, UpstreamError, UpstreamSource } from '../../../src/upstream/index.js';

/** The bearer token the tests configure; no message may ever contain it. */
export const TOKEN = 'tg-test-token-7c41e9b2';

/** Paths of the two tender.gov.mn endpoints on the replay server. */
export const INVITATION = '/tender-mn/api/invitation';
export const BIDDERS = '/tender-mn/api/invitation-bidders';
/** Matches the invitation list only (a prefix would match the bidder list too). */
export const INVITATION_ONLY = /^\/tender-mn\/api\/invitation$/;

/** Configuration with fast retries, no spacing and the test token; `env` overrides any of it. */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    UPSTREAM_ATTEMPT_DEADLINE_MS: '5000',
    UPSTREAM_RETRIES: '1',
    UPSTREAM_RETRY_BASE_MS: '5',
    UPSTREAM_RETRY_MAX_MS: '10',
    TENDER_MN_RATE_PER_SECOND: '0',
    TENDER_MN_TOKEN: TOKEN,
    ...env,
  });
}

/** Both procurement adapters over one replay server. */
export interface Adapters {
  readonly config: Config;
  readonly tenderMn: TenderMnClient;
  readonly ocds: ProcurementClient;
  close(): Promise<void>;
}

export function adapters(replay: ReplayServer, config: Config = testConfig()): Adapters {
  const http = new HttpClient(config.http);
  const cache = new UpstreamCache(config.cache);
  const tenderMn = new UpstreamSource({
    name: 'TENDER_MN',
    baseUrl: new URL(`${replay.url}/tender-mn/api`),
    policy: config.sources.tenderMn,
    http,
    cache,
    httpPolicy: config.http,
  });
  const ocds = new UpstreamSource({
    name: 'PROCUREMENT',
    baseUrl: new URL(`${replay.url}/ocds`),
    policy: config.sources.procurement,
    http,
    cache,
    httpPolicy: config.http,
  });
  return {
    config,
    tenderMn: new TenderMnClient(tenderMn, config.sources.tenderMn),
    ocds: new ProcurementClient(ocds, config.sources.procurement.pageSize),
    close: () => http.close(),
  };
}

/** The `UpstreamError` a promise rejects with. */
export async function upstreamError(promise: Promise<unknown>): Promise<UpstreamError> {
  const thrown = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(thrown).toBeInstanceOf(UpstreamError);
  return thrown as UpstreamError;
}
