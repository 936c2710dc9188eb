/**
 * Shared set-up of the EITI source tests: the replay server's data files as the tests read them, and the
 * upstream sources pointed at a running replay server, with a fresh cache per test.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { SourceName } from '../../../src/domain/freshness.js';
import type { ReplayServer } from '../../../src/replay/index.js';
import { HttpClient, UpstreamCache, UpstreamError, UpstreamSource } from '../../../src/upstream/index.js';
import type { SourcePolicy } from '../../../src/config.js';
import { config, policy } from '../helpers.js';

export { config, policy };

const DATA = new URL('../../../data/eiti/', import.meta.url);

function readJson<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, DATA), 'utf8')) as T;
}

/** The Mongolian slice of the EITI organisation index, as stored. */
export interface IndexFile {
  readonly index: Readonly<Record<string, readonly { id: string; year: string; label: string }[]>>;
}
export const indexFile = readJson<IndexFile>('mn_eiti_organisations_index.json');

/** The fictional organisation and revenue rows, as stored. */
export interface FictionalFile {
  readonly organisations: readonly Readonly<Record<string, string>>[];
  readonly revenue: readonly Readonly<Record<string, unknown>>[];
}
export const fictionalFile = readJson<FictionalFile>('fictional/eiti_fictional.json');

/** The EITI Mongolia report list, as captured (lower-case keys). */
export interface ReportListFile {
  readonly data: readonly {
    year: number;
    company_register_number: string;
    company_id: string;
    id: string | null;
    company_name: string;
  }[];
}
export const reportListFile = readJson<ReportListFile>('eitim_reportlist_companies.json');

/** The EITI Mongolia licence map, as captured. */
export type PortalMapFile = readonly { cordinate: Readonly<Record<string, string | null>>; array: number }[];
export const portalMapFile = readJson<PortalMapFile>('eitim_portalmap_licenses.sample.json');

/** The two EITI upstream sources over one replay server, with their own cache and HTTP pools. */
export interface EitiUpstreams {
  readonly eiti: UpstreamSource;
  readonly eitim: UpstreamSource;
  close(): Promise<void>;
}

/** Upstream sources for `/eiti/api/v2.0/` and `/eitim/` of `replay`, with a fresh cache. */
export function upstreams(replay: ReplayServer, sourcePolicy: SourcePolicy = policy()): EitiUpstreams {
  const http = new HttpClient(config.http);
  const cache = new UpstreamCache(config.cache);
  const source = (name: SourceName, path: string) =>
    new UpstreamSource({
      name,
      baseUrl: new URL(`${replay.url}${path}`),
      policy: sourcePolicy,
      http,
      cache,
      httpPolicy: config.http,
    });
  return {
    eiti: source('EITI', '/eiti/api/v2.0/'),
    eitim: source('EITI_MONGOLIA', '/eitim/'),
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

/** Digits only after trimming: the test's own reading of a register number, independent of the source's. */
export function registerNumberOf(raw: string): string | null {
  const trimmed = raw.trim();
  return /^\d+$/.test(trimmed) ? trimmed : null;
}
