import { request } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ReplayServer } from '../../src/replay/index.js';
import { startReplayServer } from '../../src/replay/index.js';
import { InFlightTracker, LOG_CAPACITY, RequestLog } from '../../src/replay/request-log.js';
import { until } from '../eventually.js';
import { rawRequest } from './helpers.js';

/**
 * The replay server's in-flight tracking: how many requests it handles at once, overall and per path
 * prefix. Delays and drips wait on the global `setTimeout`, so fake timers hold requests in flight for
 * exactly as long as a test wants, with no race against the clock; the waits for a request to arrive
 * poll on `node:timers/promises`, which the fake timers leave alone.
 */
const OCIDS = [1, 2, 3, 4, 5, 6].map((n) => `ocds-xxxxxx-mn-fict-${String(n).padStart(6, '0')}`);

let server: ReplayServer;

beforeAll(async () => {
  server = await startReplayServer({ rateLimit: false });
});
afterEach(() => {
  vi.useRealTimers();
  server.faults.clear();
  server.clearLog();
  server.resetPeak();
});
afterAll(async () => {
  await server.close();
});

const fakeTimeouts = (): void => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
};

describe('replay in-flight tracking', () => {
  it('counts N concurrent delayed requests as a peak of N, and none once they are answered', async () => {
    fakeTimeouts();
    server.faults.set('/ocds/records', { kind: 'delay', ms: 1000 });
    const pending = OCIDS.map((ocid) => rawRequest(`${server.url}/ocds/records/${ocid}`));
    await until(() => server.inFlight() === OCIDS.length, { what: 'every request to arrive' });

    expect(server.inFlight({ pathPrefix: '/ocds' })).toBe(OCIDS.length);
    expect(server.peakInFlight()).toBe(OCIDS.length);

    await vi.advanceTimersByTimeAsync(1000);
    const responses = await Promise.all(pending);
    expect(responses.map((r) => r.status)).toEqual(OCIDS.map(() => 200));
    expect(server.inFlight()).toBe(0);
    expect(server.peakInFlight()).toBe(OCIDS.length);
    expect(server.peakInFlight({ pathPrefix: '/ocds/records/' })).toBe(OCIDS.length);
    expect(server.peakInFlight({ pathPrefix: '/registry' })).toBe(0);
  });

  it('counts requests one after another as a peak of 1', async () => {
    for (const ocid of OCIDS) {
      expect((await rawRequest(`${server.url}/ocds/records/${ocid}`)).status).toBe(200);
    }
    expect(server.countRequests()).toBe(OCIDS.length);
    expect(server.peakInFlight()).toBe(1);
    expect(server.inFlight()).toBe(0);
  });

  it('keeps a peak per path prefix', async () => {
    fakeTimeouts();
    server.faults.set('/', { kind: 'delay', ms: 500 });
    const pending = [
      ...OCIDS.slice(0, 2).map((ocid) => rawRequest(`${server.url}/ocds/records/${ocid}`)),
      ...[1, 2, 3].map((n) => rawRequest(`${server.url}/investment/missing-${n}`)),
    ];
    await until(() => server.inFlight() === 5, { what: 'every request to arrive' });
    await vi.advanceTimersByTimeAsync(500);
    await Promise.all(pending);

    expect(server.peakInFlight()).toBe(5);
    expect(server.peakInFlight({ pathPrefix: '/ocds' })).toBe(2);
    expect(server.peakInFlight({ pathPrefix: '/investment' })).toBe(3);
    expect(server.peakInFlight({ pathPrefix: '/eiti' })).toBe(0);
  });

  it('keeps a dripping response in flight until its last byte', async () => {
    fakeTimeouts();
    server.faults.set('/ocds', { kind: 'drip', intervalMs: 10, bytesPerChunk: 1024 });
    let done = false;
    const pending = rawRequest(`${server.url}/ocds/records/${OCIDS[0]}`).finally(() => {
      done = true;
    });
    await until(() => server.inFlight() === 1, { what: 'the request to arrive' });
    await vi.advanceTimersByTimeAsync(10);
    // The headers and the first chunk are out; the rest is still to come.
    expect(done).toBe(false);
    expect(server.inFlight()).toBe(1);

    for (let i = 0; i < 1000 && !done; i++) await vi.advanceTimersByTimeAsync(10);
    const res = await pending;
    expect(res.status).toBe(200);
    expect(res.body.length).toBeGreaterThan(1024);
    await until(() => server.inFlight() === 0, { what: 'the response to end' });
    expect(server.peakInFlight()).toBe(1);
  });

  it('ends a delayed request when its client hangs up, and a reset one at once', async () => {
    fakeTimeouts();
    server.faults.set('/ocds/records', { kind: 'delay', ms: 60_000 });
    const req = request(`${server.url}/ocds/records/${OCIDS[0]}`, { agent: false });
    req.on('error', () => {});
    req.end();
    await until(() => server.inFlight() === 1, { what: 'the request to arrive' });
    req.destroy();
    await until(() => server.inFlight() === 0, { what: 'the hang-up to end the request' });

    server.faults.set('/ocds/releases', { kind: 'reset' });
    const reset = await rawRequest(`${server.url}/ocds/releases`);
    expect(reset.status).toBe(0);
    expect(reset.error).toBeDefined();
    await until(() => server.inFlight() === 0, { what: 'the reset to end the request' });
    expect(server.countRequests()).toBe(2);
    expect(server.peakInFlight()).toBe(1);
  });

  it('starts a new peak on reset, counting the requests still in flight', async () => {
    fakeTimeouts();
    server.faults.set('/ocds/records', { kind: 'delay', ms: 1000 });
    const first = OCIDS.slice(0, 3).map((ocid) => rawRequest(`${server.url}/ocds/records/${ocid}`));
    await until(() => server.inFlight() === 3, { what: 'three requests to arrive' });
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all(first);
    server.faults.set('/ocds/records', { kind: 'delay', ms: 2000 });
    const held = rawRequest(`${server.url}/ocds/records/${OCIDS[3]}`);
    await until(() => server.inFlight() === 1, { what: 'the held request to arrive' });
    expect(server.peakInFlight()).toBe(3);

    server.resetPeak();
    expect(server.peakInFlight()).toBe(1);
    expect(server.peakInFlight({ pathPrefix: '/registry' })).toBe(0);
    await vi.advanceTimersByTimeAsync(2000);
    expect((await held).status).toBe(200);
    // The log and the peak are separate: resetting one keeps the other.
    expect(server.countRequests()).toBe(4);
    server.clearLog();
    expect(server.peakInFlight()).toBe(1);
    server.resetPeak();
    expect(server.peakInFlight()).toBe(0);
  });
});

describe('replay log bounds', () => {
  it('remembers at least the most recent LOG_CAPACITY requests and never more than twice that', () => {
    const log = new RequestLog();
    const tracker = new InFlightTracker();
    const open = tracker.begin('/still-open');
    // Linear: each step adds one entry and reads the count in constant time. The bounds are checked at
    // every step, and the steps that break them collected, so that one `expect` reports them all.
    const broken: string[] = [];
    for (let i = 0; i < 5 * LOG_CAPACITY; i++) {
      log.start('GET', `/r/${i}`, '', {});
      tracker.begin('/done')();
      const held = log.count();
      if (held >= 2 * LOG_CAPACITY || held < Math.min(i + 1, LOG_CAPACITY)) broken.push(`${i}: ${held}`);
    }
    expect(broken).toEqual([]);
    expect(log.count({ method: 'GET', pathPrefix: '/r/' })).toBe(log.count());
    expect(log.count({ pathPrefix: '/r/0' })).toBe(0); // the oldest were forgotten
    expect(log.snapshot().at(-1)?.path).toBe(`/r/${5 * LOG_CAPACITY - 1}`);
    expect(tracker.current({ pathPrefix: '/still-open' })).toBe(1); // an open request is never forgotten
    open();
    expect(tracker.current()).toBe(0);
  });
});
