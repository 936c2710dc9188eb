import { request as httpRequest, createServer as createHttpServer, type Server } from 'node:http';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Fault } from '../../src/replay/index.js';
import { FAULT_FOREVER_MS, startLiveHarness, type Harness } from '../helpers.js';
import { ask, assertInvariants, record, type Observed } from './invariants.js';

/**
 * docs/reliability.md §12b rows 1–6 and 8–11 (transport and HTTP-level upstream faults) through the whole
 * gateway: a real GraphQL query over loopback HTTP, the procurement upstream served by the replay
 * server with a fault on its route (or pointed at a closed port). Every case checks the row's
 * expectation as the gateway implements it, then the §12c invariants (`assertInvariants`), then
 * records what it observed for docs/reliability.md.
 */

const OCID = 'ocds-213czf-000-00001';
const ROUTE = '/ocds/';
const QUERY = `{
  contractingProcess(ocid: "${OCID}") {
    ocid
    freshness { source ageSeconds maxAgeSeconds stale staleReason cache }
  }
  sources { name }
}`;
const SOURCES_QUERY = '{ sources { name lastErrorCode } }';

// ---------------------------------------------------------------------------------------------------------
// Harness lifecycle: one gateway and replay server per case, so breaker, cool-down and cache start empty.

let harness: Harness | undefined;
let passThrough: Server | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await harness?.close();
  harness = undefined;
  if (passThrough !== undefined) {
    const server = passThrough;
    passThrough = undefined;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function open(env: Record<string, string> = {}): Promise<Harness> {
  harness = await startLiveHarness(env);
  return harness;
}

/** A loopback port nothing listens on: bound, noted, closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
  return address.port;
}

/**
 * A loopback pass-through to `target` that drops the `ETag` and `Last-Modified` response headers: an
 * upstream without validators, so a refresh is a plain GET that the replay answers with a full body
 * (with validators it answers the revalidation `304`, which has no body to drip).
 */
async function startPassThrough(): Promise<{ url: string; setTarget: (target: string) => void }> {
  let target = '';
  const server = createHttpServer((req, res) => {
    const upstream = httpRequest(
      `${target}${req.url ?? '/'}`,
      { method: req.method, headers: { ...req.headers, host: new URL(target).host } },
      (answer) => {
        const headers = { ...answer.headers };
        delete headers.etag;
        delete headers['last-modified'];
        res.writeHead(answer.statusCode ?? 502, headers);
        res.flushHeaders();
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.socket?.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  passThrough = server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { url: `http://127.0.0.1:${address.port}`, setTarget: (t) => (target = t) };
}

/** `sources.lastErrorCode` of procurement, read after the faulted query finished. */
async function lastErrorCode(h: Harness): Promise<string | null> {
  const o = await ask(h, SOURCES_QUERY);
  return (o.body.data.sources as { name: string; lastErrorCode: string | null }[]).find(
    (s) => s.name === 'PROCUREMENT',
  )!.lastErrorCode;
}

const calls = (h: Harness) => h.replay.countRequests({ pathPrefix: '/ocds' });

// ---------------------------------------------------------------------------------------------------------
// The cases

type FaultSpec = Fault | (() => Fault) | 'closed-port';

/** What the client must see for the faulted field when nothing is cached. */
type Outcome =
  /** The attempt(s) ended in success: data, fresh from the upstream, no errors. */
  | { readonly kind: 'data' }
  /** `contractingProcess` null, one error at its path with this code and these extensions. */
  | {
      readonly kind: 'error';
      readonly code: string;
      readonly details?: Readonly<Record<string, unknown>>;
      readonly message?: RegExp;
      /** `retryAfterSeconds` within this range (for an HTTP-date, which has one-second resolution). */
      readonly retryAfter?: readonly [number, number];
    };

/** What the case checks after its first query. */
type FollowUp =
  /** A second query during the `Retry-After` cool-down: RATE_LIMITED again, no upstream call. */
  | 'cool-down'
  /** With the fault gone, the next query calls the upstream again: the bad body was never cached. */
  | 'not-cached'
  /** Ten failing calls open the breaker: the eleventh is CIRCUIT_OPEN without an upstream call. */
  | 'breaker-counts'
  /** Ten such calls leave the breaker closed: the eleventh reaches the upstream again. */
  | 'breaker-ignores'
  /** The retry waited out `Retry-After` (seconds) before its request. */
  | { readonly retryAfterGapSeconds: number };

interface Case {
  readonly row: number;
  readonly name: string;
  readonly fault: FaultSpec;
  /** Fault only the next `times` requests (then the replay answers normally). */
  readonly times?: number;
  readonly env?: Readonly<Record<string, string>>;
  /** Exact upstream requests the replay server receives for the query (0 for a closed port). */
  readonly calls: number;
  readonly outcome: Outcome;
  /** `sources.lastErrorCode` afterwards. */
  readonly lastError?: string;
  readonly then?: FollowUp;
  /** How follow-up records name the case; default `name` without its ", no cache". */
  readonly label?: string;
}

const RETRIES = 2;
const ATTEMPTS = 1 + RETRIES;
/** The retry settings every case runs with, spelled out so the expected call counts follow from them. */
const RETRY_ENV = { UPSTREAM_RETRIES: String(RETRIES), UPSTREAM_RETRY_AFTER_MAX_MS: '2000' };

const unavailable = (status?: number): Outcome => ({
  kind: 'error',
  code: 'UPSTREAM_UNAVAILABLE',
  details: { source: 'PROCUREMENT', ...(status === undefined ? {} : { upstreamStatus: status }) },
});

const CASES: Case[] = [
  // Row 1: nothing listens. Attempts to a closed port leave no trace to count; the replay gets none.
  {
    row: 1,
    name: 'connection refused (closed loopback port, attempts not countable), no cache',
    label: 'connection refused (closed loopback port)',
    fault: 'closed-port',
    calls: 0,
    outcome: unavailable(),
    lastError: 'UPSTREAM_UNAVAILABLE',
    then: 'breaker-counts',
  },
  // Row 2: headers withheld past UPSTREAM_HEADERS_TIMEOUT_MS. undici's headers timer has a resolution of
  // about a second, and under load it has been seen not to fire at all; the per-attempt deadline then
  // ends the attempt. Either way: UPSTREAM_TIMEOUT after every attempt, within the bound.
  {
    row: 2,
    name: 'headers never arrive (headers timeout 200 ms), no cache',
    fault: { kind: 'delay', ms: FAULT_FOREVER_MS },
    // The deadline and budget are far above what a loaded machine needs to send three attempts, so the
    // count of attempts that reach the upstream cannot fall short of ATTEMPTS.
    env: {
      UPSTREAM_HEADERS_TIMEOUT_MS: '200',
      UPSTREAM_ATTEMPT_DEADLINE_MS: '10000',
      OPERATION_BUDGET_MS: '60000',
    },
    calls: ATTEMPTS,
    outcome: {
      kind: 'error',
      code: 'UPSTREAM_TIMEOUT',
      details: { source: 'PROCUREMENT' },
      message: /^The procurement upstream (timed out|did not answer within 10000 ms)\.$/,
    },
    lastError: 'UPSTREAM_TIMEOUT',
  },
  // Row 3: 16 bytes every 100 ms never trips the 5 s body-idle timer; the 2 s per-attempt deadline must
  // end each attempt, and its message names it. (2 s, not less: every attempt must reach the upstream
  // before its deadline even on a loaded machine, or the count of attempts the upstream saw falls short.)
  {
    row: 3,
    name: 'drip body (16 B every 100 ms; idle timeout 5 s, deadline 2 s), no cache',
    fault: { kind: 'drip', intervalMs: 100 },
    env: { UPSTREAM_BODY_TIMEOUT_MS: '5000', UPSTREAM_ATTEMPT_DEADLINE_MS: '2000' },
    calls: ATTEMPTS,
    outcome: {
      kind: 'error',
      code: 'UPSTREAM_TIMEOUT',
      details: { source: 'PROCUREMENT' },
      message: /did not answer within 2000 ms/,
    },
    lastError: 'UPSTREAM_TIMEOUT',
  },
  // Row 4: 5xx retried, then null + UPSTREAM_UNAVAILABLE with the status; 501/505 not retried.
  ...[500, 502, 503, 504].map((status): Case => ({
    row: 4,
    name: `HTTP ${status}, no cache`,
    fault: { kind: 'status', status },
    calls: ATTEMPTS,
    outcome: unavailable(status),
    lastError: 'UPSTREAM_UNAVAILABLE',
    ...(status === 500 ? { then: 'breaker-counts' as const } : {}),
  })),
  ...[501, 505].map((status): Case => ({
    row: 4,
    name: `HTTP ${status} (not retried), no cache`,
    fault: { kind: 'status', status },
    calls: 1,
    outcome: unavailable(status),
    lastError: 'UPSTREAM_UNAVAILABLE',
  })),
  {
    row: 4,
    name: 'HTTP 503 once, then success',
    fault: { kind: 'status', status: 503 },
    times: 1,
    calls: 2,
    outcome: { kind: 'data' },
  },
  // Row 5: a Retry-After beyond UPSTREAM_RETRY_AFTER_MAX_MS: no retry, a cool-down, RATE_LIMITED.
  {
    row: 5,
    name: '429 Retry-After: 120, no cache',
    fault: { kind: 'retryAfter', retryAfter: '120' },
    calls: 1,
    outcome: {
      kind: 'error',
      code: 'RATE_LIMITED',
      details: { source: 'PROCUREMENT', upstreamStatus: 429 },
      retryAfter: [120, 120],
    },
    lastError: 'RATE_LIMITED',
    then: 'cool-down',
  },
  {
    row: 5,
    name: '429 Retry-After: HTTP-date 120 s ahead, no cache',
    fault: () => ({ kind: 'retryAfter', retryAfter: new Date(Date.now() + 120_000).toUTCString() }),
    calls: 1,
    outcome: {
      kind: 'error',
      code: 'RATE_LIMITED',
      details: { source: 'PROCUREMENT', upstreamStatus: 429 },
      // Less the time until the gateway reads the date: seconds, on a loaded machine.
      retryAfter: [60, 120],
    },
    lastError: 'RATE_LIMITED',
    then: 'cool-down',
  },
  // A 503 asking for longer than may be waited: not retried, and the same cool-down as a 429.
  {
    row: 5,
    name: '503 Retry-After: 120, no cache',
    fault: { kind: 'retryAfter', status: 503, retryAfter: '120' },
    calls: 1,
    outcome: {
      kind: 'error',
      code: 'UPSTREAM_UNAVAILABLE',
      details: { source: 'PROCUREMENT', upstreamStatus: 503 },
      retryAfter: [120, 120],
    },
    lastError: 'UPSTREAM_UNAVAILABLE',
    then: 'cool-down',
  },
  // A malformed value is ignored: computed backoff, retried like any 429, no cool-down, breaker untouched.
  {
    row: 5,
    name: '429 Retry-After: garbage (computed backoff), no cache',
    fault: { kind: 'retryAfter', retryAfter: 'soon-ish' },
    calls: ATTEMPTS,
    outcome: { kind: 'error', code: 'RATE_LIMITED', details: { source: 'PROCUREMENT', upstreamStatus: 429 } },
    lastError: 'RATE_LIMITED',
    then: 'breaker-ignores',
  },
  // Row 6: a Retry-After within UPSTREAM_RETRY_AFTER_MAX_MS is waited out, once.
  {
    row: 6,
    name: '429 Retry-After: 0 once, then success',
    fault: { kind: 'retryAfter', retryAfter: '0' },
    times: 1,
    calls: 2,
    outcome: { kind: 'data' },
  },
  {
    row: 6,
    name: '429 Retry-After: 1 once, then success',
    fault: { kind: 'retryAfter', retryAfter: '1' },
    times: 1,
    calls: 2,
    outcome: { kind: 'data' },
    then: { retryAfterGapSeconds: 1 },
  },
  {
    row: 6,
    name: '503 Retry-After: 1 once, then success',
    fault: { kind: 'retryAfter', status: 503, retryAfter: '1' },
    times: 1,
    calls: 2,
    outcome: { kind: 'data' },
    then: { retryAfterGapSeconds: 1 },
  },
  // Row 8: our request or our key is wrong. One call, no retry, the breaker does not count it.
  ...[400, 401, 403].map((status): Case => ({
    row: 8,
    name: `HTTP ${status} (not retried), no cache`,
    fault: {
      kind: 'status',
      status,
      body: JSON.stringify({ error: 'Injected fault: invalid api key sk-live-0000' }),
    },
    calls: 1,
    outcome: {
      kind: 'error',
      code: status === 400 ? 'UPSTREAM_BAD_REQUEST' : 'UPSTREAM_AUTH',
      details: { source: 'PROCUREMENT', upstreamStatus: status },
    },
    lastError: status === 400 ? 'UPSTREAM_BAD_REQUEST' : 'UPSTREAM_AUTH',
    then: 'breaker-ignores',
  })),
  // Row 9: an unusable 200 is not retried, never cached, and counts toward the breaker.
  {
    row: 9,
    name: '200 with malformed JSON, no cache',
    fault: { kind: 'malformed' },
    calls: 1,
    outcome: { kind: 'error', code: 'UPSTREAM_INVALID', details: { source: 'PROCUREMENT' } },
    lastError: 'UPSTREAM_INVALID',
    then: 'not-cached',
  },
  {
    row: 9,
    name: '200 text/html (WAF page), no cache',
    fault: { kind: 'html' },
    calls: 1,
    outcome: { kind: 'error', code: 'UPSTREAM_INVALID', details: { source: 'PROCUREMENT' } },
    lastError: 'UPSTREAM_INVALID',
    then: 'not-cached',
  },
  {
    row: 9,
    name: '200 with malformed JSON, no cache (breaker run)',
    label: '200 with malformed JSON',
    fault: { kind: 'malformed' },
    calls: 1,
    outcome: { kind: 'error', code: 'UPSTREAM_INVALID', details: { source: 'PROCUREMENT' } },
    then: 'breaker-counts',
  },
  // Row 10: half the announced Content-Length, then the socket closes: a transport failure, retried.
  {
    row: 10,
    name: 'truncated body (half of Content-Length, then close), no cache',
    fault: { kind: 'truncate' },
    calls: ATTEMPTS,
    outcome: unavailable(),
    lastError: 'UPSTREAM_UNAVAILABLE',
  },
  {
    row: 10,
    name: 'truncated body once, then success',
    fault: { kind: 'truncate' },
    times: 1,
    calls: 2,
    outcome: { kind: 'data' },
  },
  // Row 11: the socket is destroyed: retried, then as row 1.
  {
    row: 11,
    name: 'connection reset, no cache',
    fault: { kind: 'reset' },
    calls: ATTEMPTS,
    outcome: unavailable(),
    lastError: 'UPSTREAM_UNAVAILABLE',
    then: 'breaker-counts',
  },
  {
    row: 11,
    name: 'connection reset once, then success',
    fault: { kind: 'reset' },
    times: 1,
    calls: 2,
    outcome: { kind: 'data' },
  },
];

const labelOf = (c: Case) => c.label ?? c.name.replace(/, no cache$/, '');

/** Starts the case's harness and applies its fault; returns the harness and extra strings that must not leak. */
async function arrange(c: { fault: FaultSpec; times?: number; env?: Readonly<Record<string, string>> }) {
  let forbidden: string[] = [];
  let env: Record<string, string> = { ...RETRY_ENV, ...c.env };
  if (c.fault === 'closed-port') {
    const port = await closedPort();
    env = { ...env, PROCUREMENT_URL: `http://127.0.0.1:${port}/ocds` };
    forbidden = [`127.0.0.1:${port}`];
  }
  const h = await open(env);
  if (c.fault !== 'closed-port') {
    const fault = typeof c.fault === 'function' ? c.fault() : c.fault;
    h.replay.faults.set(ROUTE, fault, c.times === undefined ? undefined : { times: c.times });
  }
  return { h, forbidden };
}

/** The row's expectation for the field (no cache), as the gateway implements it. */
function assertOutcome(o: Observed, outcome: Outcome): void {
  const process = o.body.data.contractingProcess;
  if (outcome.kind === 'data') {
    expect(o.body.errors).toBeUndefined();
    expect(process).toMatchObject({
      ocid: OCID,
      freshness: { source: 'PROCUREMENT', stale: false, cache: 'MISS', staleReason: null },
    });
    return;
  }
  expect(process).toBeNull();
  expect(o.body.errors).toHaveLength(1);
  const error = o.body.errors[0];
  expect(error.path).toEqual(['contractingProcess']);
  expect(error.extensions).toMatchObject({ code: outcome.code, ...outcome.details });
  if (outcome.message) expect(error.message).toMatch(outcome.message);
  if (outcome.retryAfter) {
    const [min, max] = outcome.retryAfter;
    expect(error.extensions.retryAfterSeconds).toBeGreaterThanOrEqual(min);
    expect(error.extensions.retryAfterSeconds).toBeLessThanOrEqual(max);
  } else if (outcome.code === 'RATE_LIMITED') {
    // Only a Retry-After the gateway could read yields `retryAfterSeconds`.
    expect(error.extensions.retryAfterSeconds).toBeUndefined();
  }
}

describe('§12b upstream faults, nothing cached', () => {
  for (const c of CASES) {
    it(`row ${c.row}: ${c.name}`, async () => {
      const { h, forbidden } = await arrange(c);
      const before = calls(h);
      const o = await ask(h, QUERY);
      const made = calls(h) - before;

      assertOutcome(o, c.outcome);
      expect(made).toBe(c.calls);
      assertInvariants(h, o, forbidden);
      if (c.lastError !== undefined) expect(await lastErrorCode(h)).toBe(c.lastError);
      if (typeof c.then === 'object') {
        const log = h.replay.requests.filter((r) => r.path.startsWith('/ocds'));
        expect(log).toHaveLength(2);
        // Arrival times are whole milliseconds: allow a little under the requested delay.
        expect(log[1]!.at - log[0]!.at).toBeGreaterThanOrEqual(c.then.retryAfterGapSeconds * 1000 - 50);
      }
      record(c.row, c.name, o, made);

      if (c.then === 'cool-down') {
        const again = await ask(h, QUERY);
        const second = calls(h) - before - made;
        expect(second).toBe(0);
        expect(again.body.data.contractingProcess).toBeNull();
        expect(again.body.errors?.[0]?.extensions).toMatchObject({
          code: 'RATE_LIMITED',
          source: 'PROCUREMENT',
        });
        const left = again.body.errors[0].extensions.retryAfterSeconds;
        expect(left).toBeGreaterThan(0);
        // Every cool-down case asks for 120 s.
        expect(left).toBeLessThanOrEqual(120);
        assertInvariants(h, again, forbidden);
        record(c.row, `${labelOf(c)}: second query during the cool-down`, again, second);
      } else if (c.then === 'not-cached') {
        h.replay.faults.clear();
        const again = await ask(h, QUERY);
        const second = calls(h) - before - made;
        expect(second).toBe(1);
        expect(again.body.errors).toBeUndefined();
        expect(again.body.data.contractingProcess).toMatchObject({
          ocid: OCID,
          freshness: { cache: 'MISS', stale: false },
        });
        assertInvariants(h, again, forbidden);
        record(c.row, `${labelOf(c)}, then a good answer: fetched again (never cached)`, again, second);
      } else if (c.then === 'breaker-counts' || c.then === 'breaker-ignores') {
        if (c.outcome.kind !== 'error') throw new Error('a breaker follow-up needs a failing case');
        // Ten failing calls in all, well within the 10 s sampling window.
        for (let i = 1; i < 10; i++) {
          const o2 = await ask(h, QUERY);
          expect(o2.body.errors?.[0]?.extensions?.code).toBe(c.outcome.code);
        }
        expect(calls(h) - before).toBe(10 * c.calls);
        const eleventh = await ask(h, QUERY);
        const eleventhCalls = calls(h) - before - 10 * c.calls;
        assertInvariants(h, eleventh, forbidden);
        expect(eleventh.body.data.contractingProcess).toBeNull();
        if (c.then === 'breaker-counts') {
          expect(eleventh.body.errors[0].extensions).toMatchObject({
            code: 'CIRCUIT_OPEN',
            source: 'PROCUREMENT',
          });
          expect(eleventh.body.errors[0].extensions.retryAfterSeconds).toBeGreaterThan(0);
          expect(eleventhCalls).toBe(0);
        } else {
          expect(eleventh.body.errors[0].extensions.code).toBe(c.outcome.code);
          expect(eleventhCalls).toBe(c.calls);
        }
        const what = c.then === 'breaker-counts' ? 'breaker opens' : 'breaker stays closed';
        record(c.row, `${labelOf(c)}: 11th call after 10 failures (${what})`, eleventh, eleventhCalls);
      }
    });
  }
});

// ---------------------------------------------------------------------------------------------------------
// Stale-if-error: the same faults with a cached value past its max-age (and outside any SWR window).

interface StaleCase {
  readonly row: number;
  readonly name: string;
  readonly fault: FaultSpec;
  readonly env?: Readonly<Record<string, string>>;
  /** Upstream requests the refresh makes. */
  readonly calls: number;
  readonly reason: 'UPSTREAM_ERROR' | 'RATE_LIMITED';
  readonly lastError: string;
  readonly then?: 'cool-down';
  /** Reach the replay through a pass-through that drops validators (see `startPassThrough`). */
  readonly noValidators?: boolean;
}

const STALE_CASES: StaleCase[] = [
  {
    row: 1,
    name: 'connection refused (replay server closed after warming)',
    fault: 'closed-port',
    calls: 0,
    reason: 'UPSTREAM_ERROR',
    lastError: 'UPSTREAM_UNAVAILABLE',
  },
  {
    row: 2,
    name: 'headers never arrive',
    fault: { kind: 'delay', ms: FAULT_FOREVER_MS },
    env: {
      UPSTREAM_HEADERS_TIMEOUT_MS: '200',
      UPSTREAM_ATTEMPT_DEADLINE_MS: '10000',
      OPERATION_BUDGET_MS: '60000',
    },
    calls: ATTEMPTS,
    reason: 'UPSTREAM_ERROR',
    lastError: 'UPSTREAM_TIMEOUT',
  },
  {
    row: 3,
    name: 'drip body (upstream without validators)',
    fault: { kind: 'drip', intervalMs: 100 },
    env: { UPSTREAM_BODY_TIMEOUT_MS: '5000', UPSTREAM_ATTEMPT_DEADLINE_MS: '2000' },
    calls: ATTEMPTS,
    reason: 'UPSTREAM_ERROR',
    lastError: 'UPSTREAM_TIMEOUT',
    noValidators: true,
  },
  ...[500, 502, 503, 504].map((status): StaleCase => ({
    row: 4,
    name: `HTTP ${status}`,
    fault: { kind: 'status', status },
    calls: ATTEMPTS,
    reason: 'UPSTREAM_ERROR',
    lastError: 'UPSTREAM_UNAVAILABLE',
  })),
  {
    row: 5,
    name: '429 Retry-After: 120',
    fault: { kind: 'retryAfter', retryAfter: '120' },
    calls: 1,
    reason: 'RATE_LIMITED',
    lastError: 'RATE_LIMITED',
    then: 'cool-down',
  },
  {
    row: 9,
    name: '200 with malformed JSON',
    fault: { kind: 'malformed' },
    calls: 1,
    reason: 'UPSTREAM_ERROR',
    lastError: 'UPSTREAM_INVALID',
  },
  {
    row: 9,
    name: '200 text/html (WAF page)',
    fault: { kind: 'html' },
    calls: 1,
    reason: 'UPSTREAM_ERROR',
    lastError: 'UPSTREAM_INVALID',
  },
  {
    row: 10,
    name: 'truncated body',
    fault: { kind: 'truncate' },
    calls: ATTEMPTS,
    reason: 'UPSTREAM_ERROR',
    lastError: 'UPSTREAM_UNAVAILABLE',
  },
  {
    row: 11,
    name: 'connection reset',
    fault: { kind: 'reset' },
    calls: ATTEMPTS,
    reason: 'UPSTREAM_ERROR',
    lastError: 'UPSTREAM_UNAVAILABLE',
  },
];

/** Max-age 1 s and no stale-while-revalidate window: two seconds later a refresh is awaited. */
const SHORT_CACHE_ENV = { PROCUREMENT_MAX_AGE_SECONDS: '1', PROCUREMENT_SWR_SECONDS: '0' };

describe('§12b upstream faults, a cached value past its max-age (stale-if-error)', () => {
  for (const c of STALE_CASES) {
    it(`row ${c.row}: ${c.name} serves the cached value as FALLBACK / ${c.reason}`, async () => {
      vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
      const env = { ...RETRY_ENV, ...SHORT_CACHE_ENV, ...c.env };
      let h: Harness;
      if (c.noValidators) {
        const proxy = await startPassThrough();
        h = harness = await startLiveHarness(
          { ...env, PROCUREMENT_URL: `${proxy.url}/ocds` },
          { rateLimit: false },
          (replay) => proxy.setTarget(replay.url),
        );
      } else h = await open(env);
      const warm = await ask(h, QUERY);
      expect(warm.body.errors).toBeUndefined();
      expect(warm.body.data.contractingProcess.freshness).toMatchObject({ cache: 'MISS', stale: false });
      const warmFreshness = warm.body.data.contractingProcess.freshness;
      vi.setSystemTime(Date.now() + 2000);

      if (c.fault === 'closed-port')
        await h.replay.close(); // its port now refuses connections
      else h.replay.faults.set(ROUTE, typeof c.fault === 'function' ? c.fault() : c.fault);
      const before = calls(h);
      const o = await ask(h, QUERY);
      const made = calls(h) - before;

      expect(o.body.errors).toBeUndefined();
      expect(o.body.data.contractingProcess).toEqual({
        ocid: OCID,
        freshness: {
          source: 'PROCUREMENT',
          ageSeconds: warmFreshness.ageSeconds + 2,
          maxAgeSeconds: 1,
          stale: true,
          staleReason: c.reason,
          cache: 'FALLBACK',
        },
      });
      expect(made).toBe(c.calls);
      assertInvariants(h, o);
      expect(await lastErrorCode(h)).toBe(c.lastError);
      record(c.row, `${c.name}, stale-if-error (cached, past max-age)`, o, made);

      if (c.then === 'cool-down') {
        const again = await ask(h, QUERY);
        const second = calls(h) - before - made;
        expect(second).toBe(0);
        expect(again.body.errors).toBeUndefined();
        expect(again.body.data.contractingProcess.freshness).toMatchObject({
          stale: true,
          staleReason: 'RATE_LIMITED',
          cache: 'FALLBACK',
        });
        assertInvariants(h, again);
        record(c.row, `${c.name}, stale-if-error: second query during the cool-down`, again, second);
      }
    });
  }
});
