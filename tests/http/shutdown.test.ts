import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionDrain } from '../../src/http/shutdown.js';
import { startLiveHarness, type Harness } from '../helpers.js';

/** A loopback server whose handler answers only when the test releases it. */
async function heldServer() {
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  let arrived: () => void = () => {};
  const arrival = new Promise<void>((resolve) => (arrived = resolve));
  const order: string[] = [];
  const server = createServer((_req: IncomingMessage, res: ServerResponse) => {
    drain.track(res);
    res.once('finish', () => order.push('answered'));
    arrived();
    void released.then(() => res.end('done'));
  });
  const drain = new ConnectionDrain(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, drain, port, arrival, release, order };
}

/** GET / on `port`: the body, or the error that ended the request. */
function get(port: number): Promise<{ status?: number; body?: string; error?: string }> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', (e) => resolve({ error: e.message }));
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
    req.end();
  });
}

describe('ConnectionDrain', () => {
  it('lets a request in flight finish during the grace period, then closes', async () => {
    const s = await heldServer();
    const inFlight = get(s.port);
    await s.arrival;
    const closed = s.drain.close(60_000).then(() => s.order.push('closed'));
    // Closing stops new connections at once.
    expect((await get(s.port)).error).toBe('ECONNREFUSED');
    s.release();
    expect(await inFlight).toEqual({ status: 200, body: 'done' });
    await closed;
    expect(s.order).toEqual(['answered', 'closed']);
  });

  it('closes a request still in flight when the grace period runs out', async () => {
    const s = await heldServer();
    const inFlight = get(s.port);
    await s.arrival;
    await s.drain.close(0);
    expect((await inFlight).error).toBeDefined();
    s.release();
  });
});

describe('the gateway at shutdown', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.replay.close();
    h = undefined;
  });

  it('finishes a GraphQL request in flight before it closes', async () => {
    h = await startLiveHarness();
    const harness = h;
    // The upstream answers slowly, so the request is still executing when close() begins.
    harness.replay.faults.set('/ocds/', { kind: 'delay', ms: 300 });
    const inFlight = harness.query<{ contractingProcess: { ocid: string } }>(
      '{ contractingProcess(ocid: "ocds-213czf-000-00001") { ocid } }',
    );
    while (harness.upstreamCalls('/ocds') === 0) await new Promise((r) => setTimeout(r, 5));
    const closing = harness.gateway.close();
    // The whole answer arrives although close() began while the upstream was still being waited for.
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.contractingProcess.ocid).toBe('ocds-213czf-000-00001');
    await closing;
  });
});
