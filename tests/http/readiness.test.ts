import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG } from '../../src/catalog.js';
import { readinessAnswer } from '../../src/http/readiness.js';
import { startGateway, type RunningGateway } from '../../src/server.js';
import { until } from '../eventually.js';
import { FAST_ENV, freshDataDir, harvested, removeDataDir } from '../helpers.js';

/*
 * docs/reliability.md §12d row 5: `/readyz` says whether this process can serve, not whether the
 * upstreams can. Every upstream here is one small node:http server that answers 503 to everything
 * (every first harvest fails) except record lookups, which it holds until the test releases them.
 */

/** The upstream: 503 for every request but `/records/…`, which wait for `release()`. */
async function failingUpstream() {
  const held: (() => void)[] = [];
  let waiting: (() => void)[] = [];
  const server: Server = createServer((req, res) => {
    if (!(req.url ?? '').includes('/records/')) {
      res.writeHead(503, { 'content-type': 'application/json' }).end('{}');
      return;
    }
    held.push(() => res.writeHead(404, { 'content-type': 'application/json' }).end('{}'));
    for (const w of waiting) w();
    waiting = [];
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    /** Resolves once `n` record lookups are held. */
    async heldCount(n: number): Promise<void> {
      while (held.length < n) await new Promise<void>((resolve) => waiting.push(resolve));
    },
    release(): void {
      for (const answer of held.splice(0)) answer();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const LOOKUP = (ocid: string) =>
  JSON.stringify({ query: `{ contractingProcess(ocid: "${ocid}") { ocid } }` });

/** One raw HTTP/1.1 request, as written on a socket. */
function raw(method: string, path: string, body = ''): string {
  const head = `${method} ${path} HTTP/1.1\r\nhost: gateway\r\n`;
  return body === ''
    ? `${head}\r\n`
    : `${head}content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

describe('/readyz', () => {
  let upstream: Awaited<ReturnType<typeof failingUpstream>>;
  let gateway: RunningGateway;
  let dataDir: string;
  let closed = false;

  beforeAll(async () => {
    upstream = await failingUpstream();
    dataDir = freshDataDir();
    const env: Record<string, string> = { ...FAST_ENV, DATA_DIR: dataDir, TENDER_MN_TOKEN: 'test' };
    for (const d of CATALOG) env[`${d.envPrefix}URL`] = `${upstream.url}${d.embeddedPath}`;
    gateway = await startGateway({ env });
    await harvested(gateway); // every first harvest has failed
  });
  afterAll(async () => {
    upstream.release();
    if (!closed) await gateway.close();
    await upstream.close();
    removeDataDir(dataDir);
  });

  it('is 200 with every upstream down, and each source says so in Query.sources', async () => {
    const res = await fetch(`${gateway.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ready',
      checks: { store: 'ok', schema: 'ok', listening: 'ok', shutdown: 'ok' },
    });
    const sources = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ sources { name harvest { state complete } } }' }),
    });
    const body = (await sources.json()) as {
      data: { sources: { name: string; harvest: { state: string; complete: boolean } }[] };
    };
    expect(body.data.sources.map((s) => [s.name, s.harvest])).toEqual(
      CATALOG.map((d) => [d.name, { state: 'FAILED', complete: false }]),
    );
  });

  it('is 503 once shutdown begins, while the request in flight still finishes', async () => {
    const socket = connect(Number(new URL(gateway.url).port), '127.0.0.1');
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.write(raw('POST', '/graphql', LOOKUP('ocds-213czf-000-00001')));
    await upstream.heldCount(1);
    const closing = gateway.close();
    closed = true;
    // On the same connection, in one write: `/readyz`, then a lookup that reaches the upstream. The
    // server reads them in order, so once the lookup is held, `/readyz` has been answered (queued
    // behind the first answer). That answer closes the connection, as every answer during the drain
    // does, so the lookup's own answer is never sent: it only marks the moment.
    socket.write(raw('GET', '/readyz') + raw('POST', '/graphql', LOOKUP('ocds-213czf-000-00002')));
    await upstream.heldCount(2);
    upstream.release();
    await ended;
    await closing;
    const statuses = [...received.matchAll(/^HTTP\/1\.1 (\d{3})/gm)].map((m) => Number(m[1]));
    expect(statuses).toEqual([200, 503]);
    expect(received).toContain(
      '{"status":"not ready","checks":{"store":"ok","schema":"ok","listening":"NOT_LISTENING","shutdown":"SHUTTING_DOWN"}}',
    );
    await until(() => socket.destroyed, { what: 'the connection to close' });
  });
});

describe('readinessAnswer', () => {
  it('is ready only when every check holds, naming each that does not', () => {
    const all = { store: true, schema: true, listening: true, shuttingDown: false };
    expect(readinessAnswer(all)).toEqual({
      status: 200,
      body: { status: 'ready', checks: { store: 'ok', schema: 'ok', listening: 'ok', shutdown: 'ok' } },
    });
    expect(readinessAnswer({ ...all, store: false }).body.checks.store).toBe('STORE_CLOSED');
    expect(readinessAnswer({ ...all, schema: false }).body.checks.schema).toBe('SCHEMA_NOT_BUILT');
    expect(readinessAnswer({ ...all, listening: false }).body.checks.listening).toBe('NOT_LISTENING');
    for (const broken of [
      { store: false },
      { schema: false },
      { listening: false },
      { shuttingDown: true },
    ]) {
      expect(readinessAnswer({ ...all, ...broken })).toMatchObject({
        status: 503,
        body: { status: 'not ready' },
      });
    }
  });
});
