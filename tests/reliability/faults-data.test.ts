import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startReplayServer, type Fault, type ReplayServer } from '../../src/replay/index.js';
import { startGateway, type RunningGateway } from '../../src/server.js';
import { EMPTY_STORE_ENV, FAST_ENV, harvested, replayEnv } from '../helpers.js';
import { codesOf, recordCase } from './report.js';
import { until } from '../eventually.js';
import {
  HEADER_NAMES,
  expectCleanErrors,
  expectHonestResponseFreshness,
  isLost,
  type Observed as BaseObserved,
} from './invariants.js';

/**
 * docs/reliability.md §12b rows 12–21 (payload, cache and breaker faults) through the whole gateway: real
 * GraphQL queries over loopback HTTP against one replay server, with a new gateway per case so that
 * cache and circuit breaker start empty. Time moves with vitest's fake `Date` only (the gateway, its
 * cache, the breaker and the replay server all read `Date.now()`); timers stay real. Every response
 * goes through `observe`, which checks the §12c invariants, and every case records what it observed.
 */

// ---------------------------------------------------------------------------------------------------------
// The §12c invariants, shared by every case of this file

/** Paths of the upstreams on the replay server: none may appear in an error either. */
const UPSTREAM_PATHS = ['/ocds', '/eiti', '/eitim', '/investment', '/registry', '/tender-mn'];

/** Fragments of what the replay server's fault answers carry: none may reach a client. */
const FAULT_BODY_FRAGMENTS = ['Injected fault', '{"padding"', 'xxxxxxxx', '"releases"', '"records"'];

/** A GraphQL response as the client saw it, with the upstream requests made for it. */
interface Observed extends BaseObserved {
  /** Upstream requests the replay server received for `prefix` while the query ran. */
  readonly calls: number;
}

/**
 * The §12c invariants of one response: well-formed over HTTP 200 (a field-level fault never fails the
 * request); every code ours; no error mentioning the replay host, a URL, an upstream path, a header
 * name or an upstream body fragment; every freshness with `ageSeconds ≥ 0` and `stale === false`
 * exactly when `ageSeconds ≤ maxAgeSeconds`; nothing failed or stale cacheable by the client; no hang.
 */
function expectInvariants(o: Observed, forbidden: readonly string[] = []): void {
  expect(isLost(o)).toBe(false);
  expect(o.status).toBe(200);
  expect(Object.keys(o.body).every((k) => ['data', 'errors', 'extensions'].includes(k))).toBe(true);
  expect(o.body.data).toBeTypeOf('object');
  const errors: any[] = o.body.errors ?? [];
  expect(Array.isArray(errors)).toBe(true);
  const leaks = [
    replay.url,
    new URL(replay.url).host,
    'http://',
    'https://',
    ...UPSTREAM_PATHS,
    ...HEADER_NAMES,
    ...FAULT_BODY_FRAGMENTS,
    ...forbidden,
  ];
  for (const e of errors) expect(Array.isArray(e.path)).toBe(true);
  expectCleanErrors(errors, leaks);
  expectHonestResponseFreshness(o, errors);
  // A hang is caught by the test's timeout; a loaded machine makes answers late, not wrong.
}

/** A field's freshness as `cache / staleReason` (or `cache` when fresh), a dash when the field is null. */
function freshnessLabel(f: { cache?: string; staleReason?: string | null } | null | undefined): string {
  if (f?.cache === undefined) return '—';
  return f.staleReason ? `${f.cache} / ${f.staleReason}` : f.cache;
}

/** Records one observed case (after its assertions passed). */
function record(row: number, name: string, o: Observed, freshness: string, calls = o.calls): void {
  recordCase({
    table: '12b',
    row,
    case: name,
    status: o.status,
    codes: codesOf(o.body),
    upstreamCalls: calls,
    freshness,
    lost: isLost(o),
  });
}

// ---------------------------------------------------------------------------------------------------------
// One replay server for the file; one gateway per case

let replay: ReplayServer;
const open: RunningGateway[] = [];
beforeAll(async () => {
  replay = await startReplayServer({ rateLimit: false });
});
afterEach(async () => {
  vi.useRealTimers();
  replay.faults.clear();
  await Promise.all(open.splice(0).map((g) => g.close()));
});
afterAll(async () => {
  await replay.close();
});

/**
 * A gateway over the replay server. The register points at a path the replay server does not serve
 * unless `registry` is asked for: its bulk index takes seconds to load and only the Organization cases
 * read it.
 */
async function gateway(env: Record<string, string> = {}, registry = false): Promise<RunningGateway> {
  // The OCDS cases probe lookups by ocid read live: the store stays empty (`EMPTY_STORE_ENV`).
  const first = replay.countRequests();
  const g = await startGateway({
    env: {
      ...FAST_ENV,
      ...replayEnv(replay),
      ...(registry ? {} : { REGISTRY_URL: `${replay.url}/no-registry`, ...EMPTY_STORE_ENV }),
      ...env,
    },
  });
  open.push(g);
  await harvested(g);
  // A gateway that does not harvest reads the register's dump once as it starts (here a 404): that read
  // is over before a test counts the requests its own query makes.
  if (!registry)
    await until(
      () =>
        replay.requests.slice(first).some((r) => r.path === '/no-registry/dump.json') &&
        replay.inFlight() === 0,
      { what: "the register's start-up read" },
    );
  return g;
}

/** Sends one query and measures the upstream requests under `prefix` it caused. */
async function ask(
  g: RunningGateway,
  query: string,
  variables: Record<string, unknown> = {},
  prefix = '/ocds/records/',
): Promise<Observed> {
  const before = replay.countRequests({ pathPrefix: prefix });
  const started = performance.now();
  let status = 0;
  let cacheControl: string | null = null;
  let body: unknown = null;
  try {
    const res = await fetch(`${g.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    status = res.status;
    cacheControl = res.headers.get('cache-control');
    const text = await res.text();
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
  } catch {
    // No response: lost.
  }
  return {
    status,
    cacheControl,
    body,
    ms: performance.now() - started,
    calls: replay.countRequests({ pathPrefix: prefix }) - before,
  };
}

/** Asks, then checks the §12c invariants. */
async function observe(
  g: RunningGateway,
  query: string,
  variables: Record<string, unknown> = {},
  options: { prefix?: string; forbidden?: readonly string[] } = {},
): Promise<Observed> {
  const o = await ask(g, query, variables, options.prefix);
  expectInvariants(o, options.forbidden);
  return o;
}

const PROCESS = `query ($ocid: String!) {
  contractingProcess(ocid: $ocid) {
    ocid
    date
    tender { title }
    freshness { fetchedAt ageSeconds maxAgeSeconds stale staleReason cache }
  }
}`;

/** A process of the fictional scenario (000001–000300); each case uses its own. */
const ocid = (n: number): string => `ocds-xxxxxx-mn-fict-${String(n).padStart(6, '0')}`;
const recordPath = (id: string): string => `/ocds/records/${id}`;

/** The process and its freshness from a response (undefined when the field is null). */
function processOf(o: Observed): any {
  return o.body?.data?.contractingProcess;
}

/** The one error of a response, checked to be at `path` with `code` for `source`. */
function expectOneError(o: Observed, path: (string | number)[], code: string, source: string): void {
  expect(o.body.errors).toHaveLength(1);
  expect(o.body.errors[0]).toMatchObject({ path, extensions: { code, source } });
}

/** Starts faking `Date` (only `Date`: timers, sockets and undici keep real time). */
function fakeDate(): void {
  vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
}
function advance(ms: number): void {
  vi.setSystemTime(Date.now() + ms);
}

/** Procurement's default policy (src/config.ts): max-age 300 s, stale-while-revalidate 60 s. */
const PAST_SWR_MS = 400_000;
const WITHIN_SWR_MS = 330_000;

/** The replay server's own answer for `path` (read once, before a case measures anything). */
async function upstreamJson(path: string): Promise<any> {
  const res = await fetch(`${replay.url}${path}`);
  expect(res.status).toBe(200);
  return res.json();
}

// ---------------------------------------------------------------------------------------------------------
// Row 12: schema drift

/** A drift the replay server applies, or a payload a case crafts from the real one and serves as a 200. */
type Drift =
  | { readonly name: string; readonly fault: Fault }
  | { readonly name: string; readonly craft: (pkg: any) => void };

const DRIFTS: readonly Drift[] = [
  { name: 'number as string', fault: { kind: 'drift', variant: 'number-as-string' } },
  { name: 'missing required key', fault: { kind: 'drift', variant: 'missing-required' } },
  { name: 'object instead of array', fault: { kind: 'drift', variant: 'object-instead-of-array' } },
  { name: 'renamed field', fault: { kind: 'drift', variant: 'renamed-field' } },
  { name: 'wrong type', fault: { kind: 'drift', variant: 'wrong-type' } },
  {
    name: 'null in a required key',
    craft: (pkg) => {
      for (const r of pkg.records) r.ocid = null;
    },
  },
];

/** Serves `drift` on the record route: the replay server's drift, or the crafted body as a 200. */
async function applyDrift(drift: Drift, id: string): Promise<void> {
  if ('fault' in drift) {
    replay.faults.set('/ocds/records/', drift.fault);
    return;
  }
  const pkg = await upstreamJson(recordPath(id));
  drift.craft(pkg);
  replay.faults.set('/ocds/records/', {
    kind: 'status',
    status: 200,
    body: JSON.stringify(pkg),
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'public, max-age=300' },
  });
}

describe('row 12: schema drift', () => {
  DRIFTS.forEach((drift, i) => {
    it(`${drift.name}: the last good entry is served as FALLBACK and never overwritten`, async () => {
      const id = ocid(10 + i);
      const g = await gateway();
      fakeDate();
      const warm = await observe(g, PROCESS, { ocid: id });
      const good = processOf(warm);
      expect(good).toMatchObject({ ocid: id, freshness: { cache: 'MISS', stale: false } });
      expect(replay.requests.filter((r) => r.path === recordPath(id)).at(-1)?.status).toBe(200);

      advance(PAST_SWR_MS);
      await applyDrift(drift, id);
      const drifted = await observe(g, PROCESS, { ocid: id });
      expect(drifted.body.errors).toBeUndefined();
      expect(processOf(drifted)).toEqual({
        ...good,
        freshness: {
          ...good.freshness,
          ageSeconds: good.freshness.ageSeconds + PAST_SWR_MS / 1000,
          stale: true,
          staleReason: 'UPSTREAM_ERROR',
          cache: 'FALLBACK',
        },
      });
      expect(drifted.calls).toBe(1); // drift is not retried
      record(
        12,
        `${drift.name}, last good value held`,
        drifted,
        freshnessLabel(processOf(drifted).freshness),
      );

      // Had the drifted body been stored, its own ETag (or none) would be sent and the upstream would
      // answer 200; the untouched entry's ETag gets a 304 that confirms the old value.
      replay.faults.clear();
      const confirmed = await observe(g, PROCESS, { ocid: id });
      expect(confirmed.calls).toBe(1);
      expect(processOf(confirmed)).toMatchObject({
        ocid: id,
        tender: good.tender,
        freshness: { cache: 'REVALIDATED', stale: false },
      });
      const revalidation = replay.requests.filter((r) => r.path === recordPath(id)).at(-1);
      expect(revalidation?.status).toBe(304);
      expect(revalidation?.headers['if-none-match']).toEqual(expect.any(String));
    });

    it(`${drift.name}: null and UPSTREAM_INVALID without a cached value`, async () => {
      const id = ocid(30 + i);
      const g = await gateway();
      await applyDrift(drift, id);
      const o = await observe(g, PROCESS, { ocid: id });
      expect(processOf(o)).toBeNull();
      expectOneError(o, ['contractingProcess'], 'UPSTREAM_INVALID', 'PROCUREMENT');
      expect(o.calls).toBe(1);
      record(12, `${drift.name}, nothing cached`, o, '—');
    });
  });

  it('extra keys: unknown fields are ignored and the value is served', async () => {
    const id = ocid(40);
    const g = await gateway();
    const pkg = await upstreamJson(recordPath(id));
    pkg.x_unexpected = { nested: [1, 2, 3] };
    for (const r of pkg.records) {
      r.x_record_extra = true;
      for (const rel of r.releases) rel.x_release_extra = 'extra';
    }
    replay.faults.set('/ocds/records/', {
      kind: 'status',
      status: 200,
      body: JSON.stringify(pkg),
      headers: { 'Content-Type': 'application/json', 'Cache-Control': 'public, max-age=300' },
    });
    const o = await observe(g, PROCESS, { ocid: id });
    expect(o.body.errors).toBeUndefined();
    expect(processOf(o)).toMatchObject({ ocid: id, freshness: { cache: 'MISS', stale: false } });
    expect(o.calls).toBe(1);
    record(12, 'extra keys (ignored)', o, freshnessLabel(processOf(o).freshness));
  });

  it('date format change: UPSTREAM_INVALID, not the foreign format served as a DateTime', async () => {
    const id = ocid(41);
    const g = await gateway();
    const pkg = await upstreamJson(recordPath(id));
    for (const r of pkg.records) for (const rel of r.releases) rel.date = '05.07.2024 15:45';
    replay.faults.set('/ocds/records/', {
      kind: 'status',
      status: 200,
      body: JSON.stringify(pkg),
      headers: { 'Content-Type': 'application/json', 'Cache-Control': 'public, max-age=300' },
    });
    const o = await observe(g, PROCESS, { ocid: id });
    expect(o.calls).toBe(1);
    record(
      12,
      'date format change (dd.mm.yyyy): UPSTREAM_INVALID',
      o,
      freshnessLabel(processOf(o)?.freshness),
    );
    expect(processOf(o)).toBeNull();
    expectOneError(o, ['contractingProcess'], 'UPSTREAM_INVALID', 'PROCUREMENT');
  });
});

// ---------------------------------------------------------------------------------------------------------
// Row 13: huge response

describe('row 13: huge response', () => {
  // 1 MiB instead of the default 20 MiB keeps the case fast; the 50 MiB body is the same either way.
  const LIMIT = { UPSTREAM_MAX_RESPONSE_BYTES: String(1024 * 1024) };

  for (const contentLength of [true, false]) {
    const name = contentLength ? '50 MiB with Content-Length' : '50 MiB chunked, no length announced';
    it(`${name}: UPSTREAM_INVALID after one request, not retried`, async () => {
      const g = await gateway(LIMIT);
      replay.faults.set('/ocds/records/', { kind: 'huge', contentLength });
      const o = await observe(g, PROCESS, { ocid: ocid(50 + Number(contentLength)) });
      expect(processOf(o)).toBeNull();
      expectOneError(o, ['contractingProcess'], 'UPSTREAM_INVALID', 'PROCUREMENT');
      expect(o.calls).toBe(1);
      record(13, name, o, '—');
    });
  }
});

// ---------------------------------------------------------------------------------------------------------
// Row 14: redirects

describe('row 14: redirects are not followed', () => {
  /**
   * A loopback server on another address stands in for the redirect target (an internal address such
   * as 169.254.169.254): it counts what reaches it, and a regression that followed redirects would still
   * stay on loopback.
   */
  let sentinel: Server;
  let sentinelHits = 0;
  let elsewhere: string;
  beforeAll(async () => {
    sentinel = createServer((_req, res) => {
      sentinelHits += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"records":[]}');
    });
    await new Promise<void>((resolve) => sentinel.listen(0, '127.0.0.2', resolve));
    elsewhere = `http://127.0.0.2:${(sentinel.address() as AddressInfo).port}/latest/meta-data/`;
  });
  afterAll(async () => {
    sentinel.closeAllConnections();
    await new Promise((resolve) => sentinel.close(resolve));
  });

  const cases: { name: string; fault: () => Fault }[] = [
    { name: '302 to another host', fault: () => ({ kind: 'redirect', location: elsewhere }) },
    { name: '307 to another host', fault: () => ({ kind: 'redirect', status: 307, location: elsewhere }) },
    { name: '301 to itself (a loop)', fault: () => ({ kind: 'redirect', status: 301 }) },
  ];
  cases.forEach((c, i) => {
    it(`${c.name}: null and UPSTREAM_INVALID after one request, nothing else contacted`, async () => {
      const g = await gateway();
      replay.faults.set('/ocds/records/', c.fault());
      const before = { sentinel: sentinelHits, all: replay.countRequests() };
      const o = await observe(g, PROCESS, { ocid: ocid(60 + i) }, { forbidden: ['127.0.0.2', 'meta-data'] });
      expect(processOf(o)).toBeNull();
      expectOneError(o, ['contractingProcess'], 'UPSTREAM_INVALID', 'PROCUREMENT');
      expect(o.calls).toBe(1);
      expect(replay.countRequests() - before.all).toBe(1);
      expect(sentinelHits - before.sentinel).toBe(0);
      record(14, c.name, o, '—', o.calls + sentinelHits - before.sentinel);
    });
  });
});

// ---------------------------------------------------------------------------------------------------------
// Row 15: circuit breaker

describe('row 15: circuit open', () => {
  /** Ten calls, each one request (501 is not retried), all failing within the 10 s window. */
  async function failTen(g: RunningGateway, from: number): Promise<void> {
    replay.faults.set('/ocds/records/', { kind: 'status', status: 501 });
    for (let n = from; n < from + 10; n++) {
      const o = await observe(g, PROCESS, { ocid: ocid(n) });
      expectOneError(o, ['contractingProcess'], 'UPSTREAM_UNAVAILABLE', 'PROCUREMENT');
      expect(o.calls).toBe(1);
    }
  }

  it('opens after 10 failed calls: CIRCUIT_OPEN with no upstream request; one probe after 30 s', async () => {
    const g = await gateway();
    fakeDate();
    await failTen(g, 70);

    const refused = await observe(g, PROCESS, { ocid: ocid(80) });
    expect(processOf(refused)).toBeNull();
    expectOneError(refused, ['contractingProcess'], 'CIRCUIT_OPEN', 'PROCUREMENT');
    const retryAfter = refused.body.errors[0].extensions.retryAfterSeconds;
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(30);
    expect(refused.calls).toBe(0);
    record(15, 'open, nothing cached', refused, '—');

    // After 30 s one probe goes out, not retried (503 would be): it fails, and the breaker stays open.
    advance(31_000);
    replay.faults.set('/ocds/records/', { kind: 'status', status: 503 });
    const probe = await observe(g, PROCESS, { ocid: ocid(81) });
    expect(probe.calls).toBe(1);
    expect(processOf(probe)).toBeNull();
    const reopened = await observe(g, PROCESS, { ocid: ocid(82) });
    expectOneError(reopened, ['contractingProcess'], 'CIRCUIT_OPEN', 'PROCUREMENT');
    expect(reopened.calls).toBe(0);
    record(15, 'failed half-open probe: open again', reopened, '—', probe.calls + reopened.calls);

    // Another 30 s: the probe succeeds and closes the breaker; calls flow again.
    advance(31_000);
    replay.faults.clear();
    const closing = await observe(g, PROCESS, { ocid: ocid(83) });
    expect(closing.body.errors).toBeUndefined();
    expect(closing.calls).toBe(1);
    const closed = await observe(g, PROCESS, { ocid: ocid(84) });
    expect(closed.body.errors).toBeUndefined();
    expect(processOf(closed).freshness.cache).toBe('MISS');
    expect(closed.calls).toBe(1);
    record(15, 'successful half-open probe: closed', closed, freshnessLabel(processOf(closed).freshness));
  });

  it('serves a held value past its max-age as FALLBACK / CIRCUIT_OPEN with no upstream request', async () => {
    // A 1 s max-age without SWR, so that the held value is expired while its fetch is still in the
    // breaker's window: 10 calls in the window (1 success, 9 failures) open it, old or new counting.
    const g = await gateway({ PROCUREMENT_MAX_AGE_SECONDS: '1', PROCUREMENT_SWR_SECONDS: '0' });
    fakeDate();
    const held = ocid(85);
    const warm = processOf(await observe(g, PROCESS, { ocid: held }));
    expect(warm.freshness.cache).toBe('MISS');
    advance(2000);
    replay.faults.set('/ocds/records/', { kind: 'status', status: 501 });
    for (let n = 86; n < 95; n++) {
      const o = await observe(g, PROCESS, { ocid: ocid(n) });
      expectOneError(o, ['contractingProcess'], 'UPSTREAM_UNAVAILABLE', 'PROCUREMENT');
      expect(o.calls).toBe(1);
    }
    const fallback = await observe(g, PROCESS, { ocid: held });
    expect(fallback.body.errors).toBeUndefined();
    expect(processOf(fallback)).toMatchObject({
      ocid: held,
      tender: warm.tender,
      freshness: {
        fetchedAt: warm.freshness.fetchedAt,
        ageSeconds: 2,
        stale: true,
        staleReason: 'CIRCUIT_OPEN',
        cache: 'FALLBACK',
      },
    });
    expect(fallback.calls).toBe(0);
    record(
      15,
      'open, a held value past its max-age',
      fallback,
      freshnessLabel(processOf(fallback).freshness),
    );
  });

  // cockatiel's SamplingBreaker advanced one bucket per call, whatever the time elapsed, so twenty
  // successes a minute ago outweighed ten failures now; the gateway's breaker counts by the clock.
  it('opens after 10 failed calls even when older successes fell out of the window', async () => {
    const g = await gateway();
    fakeDate();
    for (let n = 200; n < 220; n++) expect((await observe(g, PROCESS, { ocid: ocid(n) })).calls).toBe(1);
    advance(60_000);
    await failTen(g, 220);
    const refused = await observe(g, PROCESS, { ocid: ocid(230) });
    expectOneError(refused, ['contractingProcess'], 'CIRCUIT_OPEN', 'PROCUREMENT');
    expect(refused.calls).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Rows 16 and 17: stale-while-revalidate and 304 revalidation

/** How long the upstream holds row 16's refresh. */
const HELD_REFRESH_MS = 15_000;

describe('row 16: stale-while-revalidate', () => {
  it('serves 100 concurrent queries stale at once with one background refresh; the next sees it', async () => {
    // The refresh is held for HELD_REFRESH_MS, far longer than 100 stale answers take even on a loaded
    // machine, so all of them arrive while it waits; the deadlines are far longer again, so it then ends.
    const g = await gateway({
      UPSTREAM_ATTEMPT_DEADLINE_MS: String(4 * HELD_REFRESH_MS),
      UPSTREAM_HEADERS_TIMEOUT_MS: String(4 * HELD_REFRESH_MS),
    });
    const id = ocid(90);
    fakeDate();
    const warm = processOf(await observe(g, PROCESS, { ocid: id }));
    advance(WITHIN_SWR_MS);
    replay.faults.set(recordPath(id), { kind: 'delay', ms: HELD_REFRESH_MS }, { times: 1 });
    const before = replay.countRequests({ pathPrefix: recordPath(id) });
    const all = await Promise.all(Array.from({ length: 100 }, () => observe(g, PROCESS, { ocid: id })));
    // Every answer arrived while the one refresh was still waiting for its headers (status 0 in a
    // snapshot of the log: no response started yet).
    expect(replay.countRequests({ pathPrefix: recordPath(id) }) - before).toBe(1);
    expect(replay.requests.filter((r) => r.path === recordPath(id)).at(-1)?.status).toBe(0);
    for (const o of all) {
      expect(o.body.errors).toBeUndefined();
      expect(processOf(o)).toMatchObject({
        ocid: id,
        tender: warm.tender,
        freshness: {
          fetchedAt: warm.freshness.fetchedAt,
          stale: true,
          staleReason: 'REVALIDATING',
          cache: 'STALE',
        },
      });
    }
    const first = all[0]!;
    record(
      16,
      '100 concurrent queries within the SWR window',
      first,
      freshnessLabel(processOf(first).freshness),
      1,
    );

    // The refresh is conditional: the upstream confirms the held body with a 304.
    await until(() => replay.requests.filter((r) => r.path === recordPath(id)).at(-1)?.status === 304);
    const next = await observe(g, PROCESS, { ocid: id });
    expect(next.body.errors).toBeUndefined();
    expect(processOf(next).freshness).toMatchObject({ stale: false, ageSeconds: 0 });
    expect(Date.parse(processOf(next).freshness.fetchedAt) - Date.parse(warm.freshness.fetchedAt)).toBe(
      WITHIN_SWR_MS,
    );
    expect(replay.countRequests({ pathPrefix: recordPath(id) }) - before).toBe(1);
    record(16, 'the query after the refresh', next, freshnessLabel(processOf(next).freshness));
  });
});

describe('row 17: revalidation answered 304', () => {
  it('refreshes fetchedAt with a 304 to If-None-Match: REVALIDATED, fresh, no body re-sent', async () => {
    const g = await gateway();
    const id = ocid(95);
    fakeDate();
    const warm = await observe(g, PROCESS, { ocid: id });
    const etag = replay.requests.filter((r) => r.path === recordPath(id)).at(-1);
    expect(etag?.status).toBe(200);
    advance(PAST_SWR_MS);
    const o = await observe(g, PROCESS, { ocid: id });
    expect(o.body.errors).toBeUndefined();
    expect(processOf(o)).toMatchObject({
      ocid: id,
      tender: processOf(warm).tender,
      freshness: { cache: 'REVALIDATED', stale: false, ageSeconds: 0 },
    });
    expect(
      Date.parse(processOf(o).freshness.fetchedAt) - Date.parse(processOf(warm).freshness.fetchedAt),
    ).toBe(PAST_SWR_MS);
    expect(o.calls).toBe(1);
    const revalidation = replay.requests.filter((r) => r.path === recordPath(id)).at(-1);
    expect(revalidation?.status).toBe(304);
    expect(revalidation?.headers['if-none-match']).toEqual(expect.any(String));
    expect(o.cacheControl).toMatch(/^max-age=\d+$/);
    record(17, '304 to a conditional refresh', o, freshnessLabel(processOf(o).freshness));
  });
});

// ---------------------------------------------------------------------------------------------------------
// Row 18: no-store and must-revalidate

describe('row 18: no-store and must-revalidate are never served stale', () => {
  /** When the outage is asked about, cumulatively after the first fetch. */
  const NO_STORE_TIMES = [
    ['1 s later, within max-age', 1000],
    ['within the SWR window', WITHIN_SWR_MS - 1000],
    ['within the stale-if-error window', PAST_SWR_MS - WITHIN_SWR_MS],
  ] as const;
  const cases = [
    // no-store: nothing is stored, so even within max-age there is nothing to serve.
    { name: 'no-store', value: 'no-store', times: NO_STORE_TIMES },
    // must-revalidate: a fresh value may be reused (RFC 9111 §5.2.2.2); a stale one never.
    {
      name: 'must-revalidate',
      value: 'public, max-age=300, must-revalidate',
      times: NO_STORE_TIMES.slice(1).map(([when, ms], i) => [when, i === 0 ? WITHIN_SWR_MS : ms] as const),
    },
  ];
  cases.forEach((c, i) => {
    it(`${c.name}: an outage gives null and an error, never the stored value`, async () => {
      const g = await gateway();
      const id = ocid(100 + i);
      fakeDate();
      replay.faults.set('/ocds/records/', { kind: 'cacheControl', value: c.value }, { times: 1 });
      const first = await observe(g, PROCESS, { ocid: id });
      expect(first.body.errors).toBeUndefined();
      expect(processOf(first).freshness).toMatchObject({ cache: 'MISS', stale: false });
      expect(first.cacheControl).toBe('no-store');

      replay.faults.set('/ocds/records/', { kind: 'status', status: 500 });
      for (const [when, ms] of c.times) {
        advance(ms);
        const o = await observe(g, PROCESS, { ocid: id });
        expect(processOf(o)).toBeNull();
        expectOneError(o, ['contractingProcess'], 'UPSTREAM_UNAVAILABLE', 'PROCUREMENT');
        expect(o.body.errors[0].extensions.upstreamStatus).toBe(500);
        expect(o.calls).toBe(1 + g.config.http.retries);
        record(18, `${c.name}, outage ${when}`, o, '—');
      }
    });
  });
});

// ---------------------------------------------------------------------------------------------------------
// Row 19: upstream clock skew

describe('row 19: upstream Date an hour off', () => {
  for (const [name, skew] of [
    ['1 h ahead', 3_600_000],
    ['1 h behind', -3_600_000],
  ] as const) {
    it(`${name}: ageSeconds from the gateway's clock, freshness from max-age`, async () => {
      const g = await gateway();
      const id = ocid(110 + Number(skew > 0));
      fakeDate();
      replay.faults.set('/ocds/records/', { kind: 'dateSkew', ms: skew });
      const first = await observe(g, PROCESS, { ocid: id });
      expect(first.body.errors).toBeUndefined();
      expect(processOf(first).freshness).toMatchObject({ cache: 'MISS', stale: false, ageSeconds: 0 });
      expect(Date.parse(processOf(first).freshness.fetchedAt)).toBe(Date.now());
      expect(first.cacheControl).toBe('max-age=300');
      record(19, `${name}, fresh answer`, first, freshnessLabel(processOf(first).freshness));

      advance(100_000);
      const later = await observe(g, PROCESS, { ocid: id });
      expect(processOf(later).freshness).toMatchObject({ cache: 'HIT', stale: false, ageSeconds: 100 });
      expect(later.calls).toBe(0);
      expect(later.cacheControl).toBe('max-age=200');

      // Stale by the gateway's clock at max-age + 1 s, whatever the upstream's Date said: served at once
      // within the SWR window while one background refresh goes out.
      advance(201_000);
      const before = replay.countRequests({ pathPrefix: recordPath(id) });
      const expired = await observe(g, PROCESS, { ocid: id });
      expect(processOf(expired).freshness).toMatchObject({
        stale: true,
        staleReason: 'REVALIDATING',
        ageSeconds: 301,
      });
      await until(() => replay.countRequests({ pathPrefix: recordPath(id) }) - before === 1);
      record(19, `${name}, 301 s later`, expired, freshnessLabel(processOf(expired).freshness), 1);
    });
  }
});

// ---------------------------------------------------------------------------------------------------------
// Row 20: thundering herd

describe('row 20: thundering herd', () => {
  it('answers 200 concurrent cold queries for one key with exactly one upstream request', async () => {
    const g = await gateway();
    const id = ocid(120);
    // A slow answer keeps every query waiting on the same miss.
    replay.faults.set(recordPath(id), { kind: 'delay', ms: 200 }, { times: 1 });
    const before = replay.countRequests({ pathPrefix: recordPath(id) });
    const all = await Promise.all(Array.from({ length: 200 }, () => observe(g, PROCESS, { ocid: id })));
    expect(replay.countRequests({ pathPrefix: recordPath(id) }) - before).toBe(1);
    // One fetch for all: the same record, fetched once (late arrivals may find it cached already).
    const { freshness, ...value } = processOf(all[0]!);
    for (const o of all) {
      expect(o.body.errors).toBeUndefined();
      expect(processOf(o)).toMatchObject({
        ...value,
        freshness: { fetchedAt: freshness.fetchedAt, stale: false },
      });
      expect(['MISS', 'HIT']).toContain(processOf(o).freshness.cache);
    }
    record(20, '200 concurrent cold queries', all[0]!, freshnessLabel(processOf(all[0]!).freshness), 1);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Row 21: one source down among several

describe('row 21: one source down among several', () => {
  const PROJECT = 'mn-pip-fict-0001';
  const MIXED = `query ($ocid: String!, $project: String!) {
    contractingProcess(ocid: $ocid) { ocid freshness { source stale cache } }
    investmentProject(id: $project) { projectId freshness { source stale cache } }
  }`;

  /** Every string anywhere in `value`. */
  const strings = (value: unknown): string[] =>
    typeof value === 'string'
      ? [value]
      : typeof value === 'object' && value !== null
        ? Object.values(value).flatMap(strings)
        : [];

  it('public investment down: procurement still answers, one error at the failed path', async () => {
    const g = await gateway();
    replay.faults.set('/investment/', { kind: 'status', status: 503 });
    const o = await observe(g, MIXED, { ocid: ocid(130), project: PROJECT }, { prefix: '/investment/' });
    expect(o.body.data.contractingProcess).toMatchObject({
      ocid: ocid(130),
      freshness: { source: 'PROCUREMENT', stale: false },
    });
    expect(o.body.data.investmentProject).toBeNull();
    expectOneError(o, ['investmentProject'], 'UPSTREAM_UNAVAILABLE', 'INVESTMENT');
    expect(o.calls).toBe(1 + g.config.http.retries);
    const ext = o.body.extensions.freshness;
    expect(ext.sources.map((s: any) => s.source)).toEqual(['PROCUREMENT']);
    expect(ext.records.flatMap((r: any) => r.paths)).toEqual(['contractingProcess']);
    record(
      21,
      'public investment down, procurement up',
      o,
      freshnessLabel(o.body.data.contractingProcess.freshness),
    );
  });

  it('public investment down: extensions.freshness lists the failed path', async () => {
    const g = await gateway();
    replay.faults.set('/investment/', { kind: 'status', status: 503 });
    const o = await observe(g, MIXED, { ocid: ocid(131), project: PROJECT }, { prefix: '/investment/' });
    expect(o.body.data.investmentProject).toBeNull();
    expect(strings(o.body.extensions.freshness)).toContain('investmentProject');
    expect(o.body.extensions.freshness.failed).toEqual([
      { path: 'investmentProject', source: 'INVESTMENT', code: 'UPSTREAM_UNAVAILABLE' },
    ]);
    record(21, 'public investment down: extensions.freshness.failed lists its path', o, '—');
  });

  it('the EITI API down: the register, EITI Mongolia and procurement facets of an organization resolve', async () => {
    // Down from the start: its harvest fails and stores nothing, so its lookups are read live (a
    // harvested store would answer them).
    replay.faults.set('/eiti/', { kind: 'status', status: 503 });
    const g = await gateway({}, true);
    const ORG = `{ organization(registerNumber: "2657457") {
      registerNumber
      registry { name freshness { source stale cache } }
      eiti { organisations { id } reports { year } licences { number } freshness { source } }
      procurement { asSupplier { totalCount } freshness { source } }
    } }`;
    const o = await observe(g, ORG, {}, { prefix: '/eiti/' });
    const org = o.body.data.organization;
    expect(org.registerNumber).toBe('2657457');
    expect(org.registry).toMatchObject({
      name: 'Оюутолгой',
      freshness: { source: 'REGISTRY', stale: false },
    });
    expect(org.eiti.organisations).toBeNull();
    expect(org.eiti.reports.length).toBeGreaterThan(10);
    expect(org.eiti.licences).toEqual(expect.any(Array));
    expect(org.procurement.freshness.source).toBe('PROCUREMENT');
    expectOneError(o, ['organization', 'eiti', 'organisations'], 'UPSTREAM_UNAVAILABLE', 'EITI');
    expect(o.calls).toBe(1 + g.config.http.retries);
    const sources = o.body.extensions.freshness.sources.map((s: any) => s.source).sort();
    expect(sources).toEqual(expect.arrayContaining(['EITI_MONGOLIA', 'PROCUREMENT', 'REGISTRY']));
    expect(sources).not.toContain('EITI');
    record(
      21,
      'the EITI API down, register, EITI Mongolia and procurement up',
      o,
      freshnessLabel(org.registry.freshness),
    );
  });
});
