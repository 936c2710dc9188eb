import { expect } from 'vitest';
import { ErrorCode } from '../../src/domain/errors.js';
import { LIMIT_CODES } from '../../src/http/limits.js';
import type { Harness } from '../helpers.js';
import { codesOf, recordCase } from './report.js';

/**
 * The §12c invariants every upstream-fault case asserts, and how a case asks the gateway and records
 * what it saw (docs/reliability.md §12b, §12c).
 */

/** Every code a client may see: our enum, Apollo's own request codes, and the operation-limit codes. */
export const KNOWN_CODES = new Set<string>([
  ...Object.values(ErrorCode),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE',
  ...LIMIT_CODES,
]);

/** What the replay server puts in its fault bodies: none of it may reach a client. */
export const UPSTREAM_BODY_FRAGMENTS = [
  'Injected fault',
  'Just a moment',
  'Checking your browser',
  '<!DOCTYPE',
  '<html',
  'ocds-broken',
  'sk-live',
  'api key',
  '"releases"',
];
/** Header names that must never appear in an error a client reads. */
export const HEADER_NAMES = [
  'authorization',
  'cache-control',
  'content-length',
  'content-type',
  'etag',
  'if-modified-since',
  'if-none-match',
  'last-modified',
  'location',
  'retry-after',
  'set-cookie',
  'transfer-encoding',
];

/** One response as the client saw it; `status` 0 when none arrived. */
export interface Observed {
  readonly status: number;
  readonly cacheControl: string | null;
  readonly body: any;
  readonly ms: number;
}

export async function ask(h: Harness, query: string): Promise<Observed> {
  const started = performance.now();
  let status = 0;
  let cacheControl: string | null = null;
  let text = '';
  try {
    const res = await fetch(`${h.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    status = res.status;
    cacheControl = res.headers.get('cache-control');
    text = await res.text();
  } catch {
    // No response: recorded as lost.
  }
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { status, cacheControl, body, ms: performance.now() - started };
}

/** True when the client got no well-formed GraphQL response. */
export function isLost(o: Pick<Observed, 'status' | 'body'>): boolean {
  return (
    o.status === 0 ||
    typeof o.body !== 'object' ||
    o.body === null ||
    Array.isArray(o.body) ||
    !('data' in o.body || 'errors' in o.body)
  );
}

/** Every object with an `ageSeconds` anywhere in `value`. */
export function freshnessObjects(
  value: unknown,
  out: Record<string, unknown>[] = [],
): Record<string, unknown>[] {
  if (Array.isArray(value)) for (const v of value) freshnessObjects(v, out);
  else if (typeof value === 'object' && value !== null) {
    if ('ageSeconds' in value) out.push(value);
    for (const v of Object.values(value)) freshnessObjects(v, out);
  }
  return out;
}

/**
 * §12c: every error has a message and a code from our set, and nothing of the upstream (`leaks`: its
 * URL, host, paths, header names, body fragments) in what a client reads of it.
 */
export function expectCleanErrors(errors: readonly any[], leaks: readonly string[]): void {
  const lowered = leaks.filter((s) => s !== '').map((s) => s.toLowerCase());
  for (const e of errors) {
    expect(typeof e.message).toBe('string');
    expect(e.message.length).toBeGreaterThan(0);
    expect(KNOWN_CODES).toContain(e.extensions?.code);
    const visible = JSON.stringify({ message: e.message, extensions: e.extensions }).toLowerCase();
    for (const leak of lowered) expect(visible, `error leaks "${leak}"`).not.toContain(leak);
  }
}

/**
 * §12c: no age is negative, `stale` is false exactly when the age is within max-age, and nothing
 * failed or stale is left for a client to cache.
 */
export function expectHonestResponseFreshness(o: Observed, errors: readonly unknown[]): void {
  const all = freshnessObjects([o.body.data, o.body.extensions]);
  for (const f of all) {
    expect(f['ageSeconds']).toBeGreaterThanOrEqual(0);
    if (typeof f['stale'] === 'boolean' && typeof f['maxAgeSeconds'] === 'number') {
      expect(f['stale'] === false, JSON.stringify(f)).toBe((f['ageSeconds'] as number) <= f['maxAgeSeconds']);
    }
  }
  if (errors.length > 0 || all.some((f) => f['stale'] === true)) expect(o.cacheControl).toBe('no-store');
}

/** The §12c invariants, for every response of this file. */
export function assertInvariants(h: Harness, o: Observed, forbidden: readonly string[] = []): void {
  // A well-formed GraphQL response over HTTP 200: a field-level fault never fails the request.
  expect(isLost(o)).toBe(false);
  expect(o.status).toBe(200);
  expect(o.body.data).toBeTypeOf('object');
  const errors: any[] = o.body.errors ?? [];
  expect(Array.isArray(errors)).toBe(true);
  const procurementUrl = h.gateway.config.sources.procurement.url ?? h.replay.url;
  const leaks = [
    h.replay.url,
    new URL(h.replay.url).host,
    procurementUrl,
    new URL(procurementUrl).host,
    '/ocds',
    'http://',
    'https://',
    ...HEADER_NAMES,
    ...UPSTREAM_BODY_FRAGMENTS,
    ...forbidden,
  ]
    .filter((s) => s !== '')
    .map((s) => s.toLowerCase());
  expectCleanErrors(errors, leaks);
  expectHonestResponseFreshness(o, errors);
  // `sources`, when asked for beside the faulted field, resolves whatever the upstreams do.
  if ('sources' in o.body.data) expect(o.body.data.sources).toHaveLength(6);
  // Not a hang: an answer arrived. The test's timeout catches one that never does; how long it took is
  // not asserted, since a loaded machine makes answers late, not wrong.
}

/** The process's freshness as `cache / staleReason`, or a dash when the field is null. */
export function freshnessOf(o: Observed, field = 'contractingProcess'): string {
  const f = o.body?.data?.[field]?.freshness;
  return f ? `${f.cache} / ${f.staleReason ?? '—'}` : '—';
}

export function record(
  row: number,
  name: string,
  o: Observed,
  upstreamCalls: number,
  field = 'contractingProcess',
): void {
  recordCase({
    table: '12b',
    row,
    case: name,
    status: o.status,
    codes: codesOf(o.body),
    upstreamCalls,
    freshness: freshnessOf(o, field),
    lost: isLost(o),
  });
}
