import type { IncomingMessage, ServerResponse } from 'node:http';
import { writeAnswer } from './compress.js';
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

/**
 * Writes a replayed answer: the stored bytes, with the same `ETag`, `Vary` and compression as a fresh
 * one (`compress.ts`, which keeps each stored body's hash and encodings beside it).
 */
export function sendCached(req: IncomingMessage, res: ServerResponse, cached: CachedResponse): Promise<void> {
  return writeAnswer(req, res, {
    status: cached.status,
    headers: Object.entries(cached.headers),
    body: cached.body,
  });
}
