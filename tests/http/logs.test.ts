import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRequestId, parseTraceparent, traceFromHeaders } from '../../src/http/request-id.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { randomHex } from '../../src/random-hex.js';
import { startReplayServer, type ReplayServer } from '../../src/replay/index.js';
import { startGateway, type RunningGateway } from '../../src/server.js';
import { HttpClient, asTraced, type AttemptReport } from '../../src/upstream/index.js';
import { eventually } from '../eventually.js';
import { EMPTY_STORE_ENV, FAST_ENV, removeDataDir, replayEnv } from '../helpers.js';

type Line = Record<string, unknown>;

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_ID = '00f067aa0ba902b7';
const API_KEY = 'abcdefghijklmnop1234';

describe('request ids and trace context', () => {
  it('takes a well-formed x-request-id and refuses anything else', () => {
    expect(parseRequestId('abc-123_x.y:z')).toBe('abc-123_x.y:z');
    expect(parseRequestId('a'.repeat(128))).toBe('a'.repeat(128));
    expect(parseRequestId('a'.repeat(129))).toBeNull();
    expect(parseRequestId('')).toBeNull();
    expect(parseRequestId('has space')).toBeNull();
    expect(parseRequestId('one, two')).toBeNull();
    expect(parseRequestId('naïve')).toBeNull();
    expect(parseRequestId(['a', 'b'])).toBeNull();
    expect(parseRequestId(undefined)).toBeNull();
  });

  it('reads a valid traceparent and refuses malformed ones', () => {
    expect(parseTraceparent(`00-${TRACE_ID}-${PARENT_ID}-01`)).toEqual({
      traceId: TRACE_ID,
      parentId: PARENT_ID,
      flags: '01',
    });
    // A later version may append fields; version 00 may not.
    expect(parseTraceparent(`01-${TRACE_ID}-${PARENT_ID}-00-more`)?.traceId).toBe(TRACE_ID);
    expect(parseTraceparent(`00-${TRACE_ID}-${PARENT_ID}-01-more`)).toBeNull();
    expect(parseTraceparent(`ff-${TRACE_ID}-${PARENT_ID}-01`)).toBeNull();
    expect(parseTraceparent(`00-${'0'.repeat(32)}-${PARENT_ID}-01`)).toBeNull();
    expect(parseTraceparent(`00-${TRACE_ID}-${'0'.repeat(16)}-01`)).toBeNull();
    expect(parseTraceparent(`00-${TRACE_ID.toUpperCase()}-${PARENT_ID}-01`)).toBeNull();
    expect(parseTraceparent(`00-${TRACE_ID.slice(1)}-${PARENT_ID}-01`)).toBeNull();
    expect(parseTraceparent(undefined)).toBeNull();
  });

  it('chooses the request id: the client’s, else the trace id, else a new one', () => {
    const both = traceFromHeaders({ 'x-request-id': 'mine', traceparent: `00-${TRACE_ID}-${PARENT_ID}-01` });
    expect(both).toEqual({ requestId: 'mine', traceId: TRACE_ID, flags: '01' });
    const traced = traceFromHeaders({ traceparent: `00-${TRACE_ID}-${PARENT_ID}-01` });
    expect(traced.requestId).toBe(TRACE_ID);
    const fresh = traceFromHeaders({ 'x-request-id': 'not valid!' });
    expect(fresh.requestId).toMatch(/^[0-9a-f]{32}$/);
    expect(fresh.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(fresh.flags).toBe('00');
    expect(fresh.requestId).toBe(fresh.traceId);
    expect(traceFromHeaders({}).requestId).not.toBe(fresh.requestId);
  });

  it('draws new trace ids from a pool that is refilled, every one different and never all zeros', () => {
    // 600 ids of 16 bytes span more than two fillings of the 4 KiB pool; an 8-byte draw in between
    // leaves the pool at an offset that is not a multiple of 16.
    const ids = new Set<string>();
    for (let i = 0; i < 600; i += 1) {
      ids.add(randomHex(16));
      if (i === 100) expect(randomHex(8)).toMatch(/^[0-9a-f]{16}$/);
    }
    expect(ids.size).toBe(600);
    expect(() => randomHex(0)).toThrow(RangeError);
    expect(() => randomHex(4097)).toThrow(RangeError);
    for (const id of ids) {
      expect(id).toMatch(/^[0-9a-f]{32}$/);
      expect(id).not.toBe('0'.repeat(32));
    }
  });
});

describe('request logs and the request id end to end', () => {
  let replay: ReplayServer;
  let gateway: RunningGateway;
  let env: Record<string, string>;
  const lines: Line[] = [];

  beforeAll(async () => {
    replay = await startReplayServer({ rateLimit: false });
    env = { ...FAST_ENV, ...replayEnv(replay), ...EMPTY_STORE_ENV, API_KEYS: `reporter:${API_KEY}` };
    const log = createLogger('debug', {
      write: (chunk: string) => {
        for (const line of chunk.split('\n')) if (line !== '') lines.push(JSON.parse(line) as Line);
      },
    });
    gateway = await startGateway({ env, log });
  });
  afterAll(async () => {
    await gateway?.close();
    await replay?.close();
    removeDataDir(env?.['DATA_DIR']);
  });

  /** Posts a lookup of `ocid` (each test its own, so that each goes to the upstream). */
  const lookup = (ocid: string, headers: Record<string, string> = {}) =>
    fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: `query LookUp { contractingProcess(ocid: "${ocid}") { ocid } }` }),
    });
  const upstreamCalls = (requestId: string) =>
    replay.requests.filter((r) => r.headers['x-request-id'] === requestId);
  const requestLines = (requestId: string) =>
    lines.filter((l) => l['msg'] === 'request' && l['request_id'] === requestId);

  it('sends an incoming x-request-id back and on to the upstream calls of that request', async () => {
    const res = await lookup('ocds-213czf-000-00001', {
      'x-request-id': 'req-0001',
      authorization: `Bearer ${API_KEY}`,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('req-0001');
    const calls = upstreamCalls('req-0001');
    expect(calls.length).toBeGreaterThanOrEqual(1);
    for (const call of calls) {
      expect(call.path.startsWith('/ocds')).toBe(true);
      expect(call.headers['traceparent']).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
    }
    // One line for the request, at info, with what identifies it and never the query text or the key.
    const [line, ...more] = await eventually(() => {
      const found = requestLines('req-0001');
      expect(found.length).toBeGreaterThan(0);
      return found;
    });
    expect(more).toEqual([]);
    expect(line).toMatchObject({
      level: 'info',
      method: 'POST',
      path: '/graphql',
      status: 200,
      operation: 'LookUp',
      outcome: 'ok',
      request_id: 'req-0001',
    });
    expect(typeof line?.['client']).toBe('string');
    expect(typeof line?.['duration_ms']).toBe('number');
    expect(new Date(String(line?.['time'])).toISOString()).toBe(line?.['time']);
    const text = lines.map((l) => JSON.stringify(l)).join('\n');
    expect(text).not.toContain('contractingProcess(');
    expect(text).not.toContain(API_KEY);
    // At debug: the upstream call and the cache's decision, each with the request id.
    expect(lines.some((l) => l['msg'] === 'upstream call' && l['request_id'] === 'req-0001')).toBe(true);
    expect(
      lines.some(
        (l) =>
          l['msg'] === 'upstream value served' && l['request_id'] === 'req-0001' && l['cache'] === 'MISS',
      ),
    ).toBe(true);
  });

  it('replaces a malformed x-request-id with a new one', async () => {
    const res = await lookup('ocds-213czf-000-99998', { 'x-request-id': 'no spaces allowed' });
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(upstreamCalls(id!).length).toBeGreaterThanOrEqual(1);
    expect(upstreamCalls('no spaces allowed')).toEqual([]);
  });

  it('keeps the trace id of a traceparent, with a span of its own per upstream call', async () => {
    const res = await lookup('ocds-213czf-000-99997', { traceparent: `00-${TRACE_ID}-${PARENT_ID}-01` });
    expect(res.headers.get('x-request-id')).toBe(TRACE_ID);
    const calls = upstreamCalls(TRACE_ID);
    expect(calls.length).toBeGreaterThanOrEqual(1);
    for (const call of calls) {
      const parent = parseTraceparent(call.headers['traceparent']);
      expect(parent?.traceId).toBe(TRACE_ID);
      expect(parent?.flags).toBe('01');
      expect(parent?.parentId).not.toBe(PARENT_ID);
    }
  });

  it('sends the id on every answer: unknown paths, GraphiQL, health', async () => {
    const missing = await fetch(`${gateway.url}/nowhere`, { headers: { 'x-request-id': 'lost-1' } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-request-id')).toBe('lost-1');
    const page = await fetch(`${gateway.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
    const health = await fetch(`${gateway.url}/healthz`);
    expect(health.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
    const [line] = await eventually(() => {
      const found = requestLines('lost-1');
      expect(found.length).toBe(1);
      return found;
    });
    expect(line).toMatchObject({ path: '/nowhere', status: 404 });
    expect(line?.['operation']).toBeUndefined();
  });

  it('carries the request id on upstream attempts made for a request, and none on background work', async () => {
    const reports: AttemptReport[] = [];
    const http = new HttpClient(loadConfig(env).http, (report) => reports.push(report));
    const url = new URL(`${replay.url}/ocds/releases`);
    try {
      await http.request({ source: 'PROCUREMENT', url, headers: { 'x-request-id': 'background-0' } });
      const trace = { requestId: 'traced-0', traceId: TRACE_ID, flags: '01' };
      await asTraced(trace, () => http.request({ source: 'PROCUREMENT', url, headers: {} }));
    } finally {
      await http.close();
    }
    // Outside any request the headers are the caller's own; inside one, the request's.
    expect(upstreamCalls('background-0')[0]?.headers['traceparent']).toBeUndefined();
    expect(parseTraceparent(upstreamCalls('traced-0')[0]?.headers['traceparent'])?.traceId).toBe(TRACE_ID);
    expect(reports.map((r) => [r.status, r.trace?.requestId])).toEqual([
      [200, undefined],
      [200, 'traced-0'],
    ]);
  });
});
