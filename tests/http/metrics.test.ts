import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG } from '../../src/catalog.js';
import { GatewayMetrics, MAX_OPERATION_LABELS, upstreamStatusLabel } from '../../src/metrics.js';
import { startReplayServer } from '../../src/replay/index.js';
import { startGateway } from '../../src/server.js';
import { FAST_ENV, removeDataDir, replayEnv, startLiveHarness, type Harness } from '../helpers.js';

/** The samples of a text exposition, by series (`name{labels}`), histogram buckets left out. */
async function scrape(url: string): Promise<Map<string, number>> {
  const res = await fetch(`${url}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const samples = new Map<string, number>();
  for (const line of (await res.text()).split('\n')) {
    if (line === '' || line.startsWith('#') || line.includes('_bucket{')) continue;
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

const SOURCES = CATALOG.map((d) => d.name);
const FIRST = 'query FirstProcess { contractingProcess(ocid: "ocds-213czf-000-00001") { ocid } }';

describe('GET /metrics', () => {
  let h: Harness;
  let samples: Map<string, number>;

  beforeAll(async () => {
    // Read live (no harvest): the first lookup loads from the upstream, the second is a cache hit and
    // is stored whole, the third replays the stored answer.
    h = await startLiveHarness();
    for (let i = 0; i < 3; i++) expect((await h.query(FIRST)).status).toBe(200);
    // Data with an error: an ocid the upstream does not know (its 404 is an answer).
    const missing = await h.query(
      'query Missing { contractingProcess(ocid: "ocds-213czf-000-99999") { ocid } }',
    );
    expect(missing.body.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
    // Refused before execution: a document that does not parse, and a body that is not JSON.
    expect((await h.query('query Broken { contractingProcess(')).status).toBe(400);
    const notJson = await fetch(`${h.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expect(notJson.status).toBe(400);
    await h.query('{ sources { name } }');
    samples = await scrape(h.gateway.url);
  });
  afterAll(() => h?.close());

  it('counts requests by operation and outcome', () => {
    expect(samples.get('tg_http_requests_total{operation="FirstProcess",outcome="ok"}')).toBe(2);
    expect(samples.get('tg_http_requests_total{operation="FirstProcess",outcome="cached"}')).toBe(1);
    expect(samples.get('tg_http_requests_total{operation="Missing",outcome="partial"}')).toBe(1);
    // A request refused before execution never gives its name a label: anyone could send such names.
    expect(samples.get('tg_http_requests_total{operation="Broken",outcome="refused"}')).toBeUndefined();
    expect(samples.get('tg_http_requests_total{operation="other",outcome="refused"}')).toBe(1);
    expect(samples.get('tg_http_requests_total{operation="anonymous",outcome="refused"}')).toBe(1);
    expect(samples.get('tg_http_requests_total{operation="anonymous",outcome="ok"}')).toBe(1);
    expect(samples.get('tg_http_request_duration_seconds_count{operation="FirstProcess",outcome="ok"}')).toBe(
      2,
    );
  });

  it('counts upstream attempts by source and status', () => {
    expect(samples.get('tg_upstream_requests_total{source="PROCUREMENT",status="200"}')).toBe(1);
    expect(samples.get('tg_upstream_requests_total{source="PROCUREMENT",status="404"}')).toBe(1);
    expect(samples.get('tg_upstream_request_duration_seconds_count{source="PROCUREMENT"}')).toBe(2);
  });

  it('counts cache lookups of both layers', () => {
    // The unknown ocid's 404 fails its fetch: nothing was served, so it is no lookup of the cache's.
    expect(samples.get('tg_cache_requests_total{layer="upstream",state="MISS"}')).toBe(1);
    expect(samples.get('tg_cache_requests_total{layer="upstream",state="HIT"}')).toBe(1);
    expect(samples.get('tg_cache_requests_total{layer="response",state="hit"}')).toBe(1);
    expect(samples.get('tg_cache_requests_total{layer="response",state="miss"}')).toBeGreaterThanOrEqual(3);
  });

  it('reads the gauges at scrape time, for every source', () => {
    for (const source of SOURCES) {
      expect(samples.get(`tg_breaker_state{source="${source}"}`), source).toBe(0);
      // Not harvested here (HARVEST=false): known, and not complete.
      expect(samples.get(`tg_harvest_complete{source="${source}"}`), source).toBe(0);
      expect(samples.has(`tg_harvest_records{source="${source}"}`), source).toBe(true);
    }
    expect(samples.get('tg_quarantined_records{source="PROCUREMENT"}')).toBe(0);
    expect(samples.has('tg_source_freshness_age_seconds{source="PROCUREMENT"}')).toBe(true);
    expect(samples.get('tg_upstream_cache_entries')).toBeGreaterThanOrEqual(1);
    expect(samples.get('tg_response_cache_entries')).toBe(1);
    expect(samples.get('tg_response_cache_bytes')).toBeGreaterThan(0);
  });

  it('includes the process metrics', () => {
    expect(samples.has('process_cpu_seconds_total')).toBe(true);
    expect(samples.has('nodejs_eventloop_lag_p99_seconds')).toBe(true);
  });
});

describe('METRICS=false', () => {
  it('answers /metrics with 404, like any unknown path', async () => {
    const replay = await startReplayServer({ rateLimit: false });
    const env: Record<string, string> = {
      ...FAST_ENV,
      ...replayEnv(replay),
      HARVEST: 'false',
      METRICS: 'false',
    };
    const gateway = await startGateway({ env });
    try {
      const res = await fetch(`${gateway.url}/metrics`);
      expect(res.status).toBe(404);
      expect(
        ((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code,
      ).toBe('NOT_FOUND');
    } finally {
      await gateway.close();
      await replay.close();
      removeDataDir(env['DATA_DIR']);
    }
  });
});

describe('labels', () => {
  const state = {
    sources: () => [],
    harvest: () => Promise.resolve(null),
    dataQuality: () => Promise.resolve(null),
    upstreamCache: () => ({ entries: 0, bytes: 0 }),
    responseCache: () => ({ entries: 0, bytes: 0 }),
  };

  it('keeps the shipped examples and the first other names, then says other', () => {
    const metrics = new GatewayMetrics(state, ['FirstQuery']);
    expect(metrics.operationLabel(null)).toBe('anonymous');
    for (let i = 1; i < MAX_OPERATION_LABELS; i++) expect(metrics.operationLabel(`Op${i}`)).toBe(`Op${i}`);
    expect(metrics.operationLabel('OneTooMany')).toBe('other');
    expect(metrics.operationLabel('FirstQuery')).toBe('FirstQuery');
    expect(metrics.operationLabel('Op1')).toBe('Op1');
    metrics.close();
  });

  it('gives two gateways in one process registries of their own', async () => {
    const a = new GatewayMetrics(state);
    const b = new GatewayMetrics(state);
    a.request('Same', 'ok', 0.01);
    expect(await a.text()).toContain('tg_http_requests_total{operation="Same",outcome="ok"} 1');
    expect(await b.text()).not.toContain('operation="Same"');
    a.close();
    b.close();
  });

  it('names upstream statuses by code, by class, or by error code', () => {
    expect(upstreamStatusLabel(200, null)).toBe('200');
    expect(upstreamStatusLabel(304, null)).toBe('304');
    expect(upstreamStatusLabel(404, null)).toBe('404');
    expect(upstreamStatusLabel(503, null)).toBe('5xx');
    expect(upstreamStatusLabel(418, null)).toBe('4xx');
    expect(upstreamStatusLabel(null, 'UPSTREAM_TIMEOUT')).toBe('TIMEOUT');
    expect(upstreamStatusLabel(null, 'UPSTREAM_UNAVAILABLE')).toBe('UNAVAILABLE');
  });
});
