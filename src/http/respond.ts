import type { ServerResponse } from 'node:http';
import type { CachedResponse } from './response-cache.js';

/** Writes a JSON answer the gateway makes itself (health, readiness, 404, bad request): never cached. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

/** Writes a replayed answer byte for byte. */
export function sendCached(res: ServerResponse, cached: CachedResponse): void {
  res.writeHead(cached.status, cached.headers);
  res.end(cached.body);
}
