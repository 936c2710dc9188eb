import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { HttpClient } from '../../src/upstream/index.js';

/**
 * Bulk downloads keep a pool per source: one source's downloads holding every connection of its pool
 * (the register's dump streams for seconds) never queue another source's download on the same origin
 * (every source on the embedded replay shares one), which would make the feed's pages wait behind them.
 */

/** Answers `/now` at once; to `/hold`, sends its headers and a first chunk, and holds the rest. */
const held: ServerResponse[] = [];
const server = createServer((req, res) => {
  if (req.url !== '/hold') return void res.end('now');
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('[');
  held.push(res);
});
let base = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

it("answers one source's download while another source's downloads hold every connection of theirs", async () => {
  const http = new HttpClient(loadConfig({}).http);
  const read = (source: 'REGISTRY' | 'PROCUREMENT', path: string, signal?: AbortSignal) =>
    http.stream(
      { source, url: new URL(path, base), headers: {}, bulk: true, deadlineMs: 60_000, signal },
      async (res) => {
        let text = '';
        for await (const chunk of res.body) text += String(chunk);
        return text;
      },
    );
  const stop = new AbortController();
  try {
    // Two held downloads: a bulk pool's two connections, both busy until the end of the test.
    let settled = 0;
    const holding = [read('REGISTRY', '/hold', stop.signal), read('REGISTRY', '/hold', stop.signal)];
    for (const h of holding) h.then(undefined, () => undefined).finally(() => (settled += 1));
    await expect.poll(() => held.length).toBe(2);
    // Queued behind them in one pool per origin, this would wait until one of them ended (a timeout).
    expect(await read('PROCUREMENT', '/now')).toBe('now');
    expect(settled).toBe(0);
  } finally {
    stop.abort();
    await http.close();
  }
});
